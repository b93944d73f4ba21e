#pragma once
// Runs a function on a thread with a large stack and waits for it. The node
// runs its network loop this way: schema validation on that thread uses
// libraries that recurse per byte of input (libstdc++'s std::regex for JSON
// Schema patterns), and the main thread's 8 MiB could be too little even
// within the limits the validators apply. The reservation is virtual; only
// the pages touched are ever committed.
#include <pthread.h>

#include <cstddef>
#include <functional>

#include "broker/common/result.h"

namespace plexus {

inline Status runWithStack(size_t stackBytes, const std::function<void()>& fn) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return Status::error("pthread_attr_init failed");
    pthread_attr_setstacksize(&attr, stackBytes);
    pthread_t thread;
    auto trampoline = [](void* arg) -> void* {
        (*static_cast<const std::function<void()>*>(arg))();
        return nullptr;
    };
    const int rc = pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&fn));
    pthread_attr_destroy(&attr);
    if (rc != 0) return Status::error("cannot start a thread with a " + std::to_string(stackBytes >> 20) + " MiB stack");
    pthread_join(thread, nullptr);
    return Status::ok();
}

}  // namespace plexus

#include "broker/storage/storage_workers.h"

#include "broker/storage/partition_log.h"

namespace plexus::storage {

StorageWorkers::StorageWorkers(size_t threads) {
    if (threads == 0) threads = 1;
    for (size_t i = 0; i < threads; ++i) m_workers.push_back(std::make_unique<Worker>());
    for (auto& w : m_workers) w->thread = std::thread([this, wp = w.get()] { run(*wp); });
}

StorageWorkers::~StorageWorkers() {
    for (auto& w : m_workers) {
        std::lock_guard lock(w->mutex);
        w->stop = true;
        w->cv.notify_all();
    }
    for (auto& w : m_workers) w->thread.join();
}

size_t StorageWorkers::assign() { return m_next++ % m_workers.size(); }

void StorageWorkers::schedule(std::shared_ptr<PartitionLog> log, size_t worker) {
    Worker& w = *m_workers[worker % m_workers.size()];
    std::lock_guard lock(w.mutex);
    w.queue.push_back(std::move(log));
    w.cv.notify_one();
}

void StorageWorkers::run(Worker& w) {
    for (;;) {
        std::shared_ptr<PartitionLog> log;
        {
            std::unique_lock lock(w.mutex);
            w.cv.wait(lock, [&] { return w.stop || !w.queue.empty(); });
            if (w.queue.empty()) return;  // stop requested and nothing left
            log = std::move(w.queue.front());
            w.queue.pop_front();
        }
        log->flushPending();
    }
}

}  // namespace plexus::storage

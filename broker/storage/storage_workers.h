#pragma once
// StorageWorkers: the threads that perform LevelDB writes (and fsyncs) so
// that the network thread never blocks on the disk. A partition is always
// flushed by the same worker, and by at most one at a time.
//
// Thread safety: schedule() may be called from any thread.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace plexus::storage {

class PartitionLog;

class StorageWorkers {
public:
    explicit StorageWorkers(size_t threads);
    ~StorageWorkers();  // drains queued flushes, then joins
    StorageWorkers(const StorageWorkers&) = delete;
    StorageWorkers& operator=(const StorageWorkers&) = delete;

    void schedule(std::shared_ptr<PartitionLog> log);

private:
    struct Worker {
        std::mutex mutex;
        std::condition_variable cv;
        std::deque<std::shared_ptr<PartitionLog>> queue;
        bool stop = false;
        std::thread thread;
    };
    void run(Worker& w);
    std::vector<std::unique_ptr<Worker>> m_workers;
};

}  // namespace plexus::storage

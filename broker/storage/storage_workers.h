#pragma once
// StorageWorkers: the threads that perform LevelDB writes (and fsyncs) so
// that the network thread never blocks on the disk. A partition is always
// flushed by the same worker, and by at most one at a time.
//
// Thread safety: schedule() may be called from any thread.
#include <atomic>
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

    /// A worker for a new partition, round robin, so partitions spread evenly.
    size_t assign();
    /// Queues a flush of `log` on worker `worker` (from assign()).
    void schedule(std::shared_ptr<PartitionLog> log, size_t worker);

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
    std::atomic<size_t> m_next{0};
};

}  // namespace plexus::storage

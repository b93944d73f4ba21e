#include "broker/server/broker.h"

#include <fstream>
#include <random>

#include <boost/asio/post.hpp>
#include <leveldb/cache.h>
#include <spdlog/spdlog.h>

#include "broker/common/durable_file.h"

namespace plexus::server {

namespace {
constexpr int64_t kProducerIdBlock = 1000;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Broker::Broker(NodeConfig config, boost::asio::io_context& io) : m_config(std::move(config)), m_io(io) {}

Broker::~Broker() {
    stop();
    m_logs.reset();
    m_workers.reset();
    delete static_cast<leveldb::Cache*>(m_blockCache);
}

Status Broker::start() {
    m_blockCache = leveldb::NewLRUCache(static_cast<size_t>(m_config.blockCacheBytes));
    m_workers = std::make_unique<storage::StorageWorkers>(static_cast<size_t>(m_config.storageThreads));
    storage::LogManager::Options opts;
    opts.dataDir = m_config.dataDir;
    opts.log.syncEachWrite = m_config.flushMode == FlushMode::Fsync;
    opts.log.writeBufferBytes = static_cast<size_t>(m_config.writeBufferBytes);
    opts.log.blockCache = static_cast<leveldb::Cache*>(m_blockCache);
    opts.defaults.retentionMs = m_config.logRetentionMs;
    opts.defaults.retentionBytes = m_config.logRetentionBytes;
    opts.defaults.maxMessageBytes = m_config.messageMaxBytes;
    m_logOptions = opts.log;
    auto logs = storage::LogManager::open(opts, m_workers.get(),
                                          [this](const std::string& t, int32_t p) { onAppend(t, p); });
    if (!logs) return logs.status();
    m_logs = std::move(logs.value());

    // Cluster id: generated once, kept in the data directory.
    auto idPath = m_config.dataDir / "cluster_id";
    if (std::ifstream in(idPath); in) std::getline(in, m_clusterId);
    if (m_clusterId.empty()) {
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        std::mt19937 rng{std::random_device{}()};
        for (int i = 0; i < 22; ++i) m_clusterId += alphabet[rng() % (sizeof alphabet - 1)];
        if (Status s = writeFileDurably(idPath, m_clusterId + "\n"); !s) return s;
    }

    // Producer ids: each start reserves a fresh block, so ids never repeat.
    auto pidPath = m_config.dataDir / "producer_id_block";
    int64_t next = 0;
    if (std::ifstream in(pidPath); in) {
        if (!(in >> next) || next < 0) return Status::error("corrupt file " + pidPath.string() + ": expected a number");
    }
    m_nextProducerId = next;
    m_producerIdLimit = next + kProducerIdBlock;
    if (Status s = writeFileDurably(pidPath, std::to_string(m_producerIdLimit) + "\n"); !s) return s;

    measureDisk();
    m_housekeeper = std::thread([this] { housekeeping(); });
    return Status::ok();
}

void Broker::stop() {
    {
        std::lock_guard lock(m_hkMutex);
        if (m_stopping) return;
        m_stopping = true;
    }
    m_hkCv.notify_all();
    if (m_housekeeper.joinable()) m_housekeeper.join();
    m_workers.reset();  // drains queued appends
    // In fsync mode every acknowledged write is already on disk.
    if (m_logs && m_config.flushMode == FlushMode::Interval) m_logs->syncAll();
}

void Broker::measureDisk() {
    int64_t total = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(m_config.dataDir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec)) total += static_cast<int64_t>(it->file_size(fec));
    }
    m_diskBytes.store(total, std::memory_order_relaxed);
}

void Broker::housekeeping() {
    constexpr auto kDiskPeriod = std::chrono::seconds(2);
    auto nextDisk = std::chrono::steady_clock::now() + kDiskPeriod;
    auto nextRetention = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.retentionCheckIntervalMs);
    auto nextSync = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.flushIntervalMs);
    auto nextCleaner = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.cleanerBackoffMs);
    std::unique_lock lock(m_hkMutex);
    while (!m_stopping) {
        auto wake = std::min(nextDisk, m_config.flushMode == FlushMode::Interval ? std::min(nextRetention, nextSync) : nextRetention);
        wake = std::min(wake, nextCleaner);
        m_hkCv.wait_until(lock, wake, [this] { return m_stopping; });
        if (m_stopping) break;
        lock.unlock();
        auto now = std::chrono::steady_clock::now();
        if (m_config.flushMode == FlushMode::Interval && now >= nextSync) {
            m_logs->syncAll();
            nextSync = now + std::chrono::milliseconds(m_config.flushIntervalMs);
        }
        if (now >= nextRetention) {
            m_logs->runRetention(nowMs());
            nextRetention = now + std::chrono::milliseconds(m_config.retentionCheckIntervalMs);
        }
        if (now >= nextCleaner) {
            for (const auto& r : m_logs->runCompaction(nowMs())) {
                if (r.stats.error.empty()) spdlog::info("{}", r.summary());
                else spdlog::error("{}", r.summary());
            }
            nextCleaner = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.cleanerBackoffMs);
        }
        if (now >= nextDisk) {
            measureDisk();
            nextDisk = std::chrono::steady_clock::now() + kDiskPeriod;
        }
        lock.lock();
    }
}

Result<int64_t> Broker::allocateProducerId() {
    std::lock_guard lock(m_pidMutex);
    if (m_nextProducerId >= m_producerIdLimit) {
        int64_t newLimit = m_producerIdLimit + kProducerIdBlock;
        if (Status s = writeFileDurably(m_config.dataDir / "producer_id_block", std::to_string(newLimit) + "\n"); !s) return s;
        m_producerIdLimit = newLimit;
    }
    // In a cluster every node allocates on its own, so the node id goes into
    // the high bits: ids never collide across nodes (a repeated id would make
    // one producer's batches look like another's duplicates and drop them).
    const int64_t space = m_config.clustered() ? int64_t{m_config.nodeId} << 32 : 0;
    return space + m_nextProducerId++;
}

void Broker::watchAppends(std::string topic, std::function<void(int32_t partition)> fn) {
    std::lock_guard lock(m_watchMutex);
    if (fn) m_watchers[std::move(topic)] = std::move(fn);
    else m_watchers.erase(topic);
    m_watched.store(m_watchers.size(), std::memory_order_release);
}

void Broker::onAppend(const std::string& topic, int32_t partition) {
    if (m_watched.load(std::memory_order_acquire) != 0) {
        std::lock_guard lock(m_watchMutex);
        auto it = m_watchers.find(topic);
        if (it != m_watchers.end())
            boost::asio::post(m_io, [fn = it->second, partition] { fn(partition); });
    }
    // Most appends find no fetch parked; skip the hop to the network thread.
    // A fetch parks before its last read (handlers/fetch.cpp), so it cannot
    // miss an append that skipped the wake-up here.
    if (m_parked.load(std::memory_order_acquire) == 0) return;
    boost::asio::post(m_io, [this, key = std::make_pair(topic, partition)] {
        // Copy first: retry() may unpark (erase) entries.
        std::vector<std::shared_ptr<WaitingFetch>> hit;
        for (const auto& f : m_waiting)
            if (!f->done && f->partitions.count(key)) hit.push_back(f);
        for (auto& f : hit)
            if (!f->done) f->retry();
    });
}

void Broker::parkFetch(const std::shared_ptr<WaitingFetch>& f) {
    m_waiting.push_back(f);
    m_parked.store(m_waiting.size(), std::memory_order_release);
}

void Broker::unparkFetch(const std::shared_ptr<WaitingFetch>& f) {
    m_waiting.remove(f);
    m_parked.store(m_waiting.size(), std::memory_order_release);
}

}  // namespace plexus::server

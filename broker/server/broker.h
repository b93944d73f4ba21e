#pragma once
// Broker: the core one plexusd node's modules share: the config, the
// network io_context, the storage (LogManager and its worker threads, the
// housekeeping thread), the metrics, the producer-id allocator and the
// fetches waiting for data. It knows no module above storage: the node's
// composition root (broker/node) builds the services, the group coordinator,
// the cluster and the servers around it and hands each what it needs.
//
// Threading: the network io_context runs on one thread (the "network
// thread"); sessions, handlers, fetch waiters and the admin server live there.
// Storage workers run appends and fsyncs on their own threads and post their
// completions back with post(). A housekeeping thread runs retention,
// compaction and, in interval-flush mode, the periodic sync.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "broker/common/result.h"
#include "broker/server/config.h"
#include "broker/server/metrics.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/storage_workers.h"

namespace plexus::server {

/// A fetch parked until data arrives or its max wait passes (long poll).
struct WaitingFetch {
    std::set<std::pair<std::string, int32_t>> partitions;
    std::function<void()> retry;  ///< re-reads; completes the fetch if it has enough
    bool done = false;
};

class Broker {
public:
    Broker(NodeConfig config, boost::asio::io_context& io);
    ~Broker();

    /// Opens storage and starts the worker and housekeeping threads.
    Status start();
    /// Stops background threads; pending appends are drained first.
    void stop();

    const NodeConfig& config() const { return m_config; }
    boost::asio::io_context& io() { return m_io; }
    storage::LogManager& logs() { return *m_logs; }
    Metrics& metrics() { return m_metrics; }
    const std::string& clusterId() const { return m_clusterId; }
    /// A cluster's id replaces the node's own (ClusterManager, before serving).
    void setClusterId(std::string id) { m_clusterId = std::move(id); }
    /// What partition logs are opened with, and the workers that write them.
    storage::LogOptions logOptions() const { return m_logOptions; }
    storage::StorageWorkers* workers() { return m_workers.get(); }
    std::chrono::steady_clock::time_point startedAt() const { return m_startedAt; }

    /// Called on the network thread whenever the high watermark of a
    /// partition of `topic` moves; set before serving. The Schema Registry
    /// follows _schemas with it.
    void watchAppends(std::string topic, std::function<void(int32_t partition)> fn);

    /// Allocates a new idempotent producer id (persisted in blocks). In a
    /// cluster the id carries the node id in its high 32 bits.
    Result<int64_t> allocateProducerId();

    /// Registers a parked fetch. Runs on the network thread.
    void parkFetch(const std::shared_ptr<WaitingFetch>& f);
    void unparkFetch(const std::shared_ptr<WaitingFetch>& f);

    /// Bytes of all files in the data directory, refreshed every few seconds
    /// by the housekeeping thread (so /metrics never walks the disk).
    int64_t diskBytes() const { return m_diskBytes.load(std::memory_order_relaxed); }

    /// Bound addresses, filled in by the listeners.
    HostPort kafkaBound, adminBound, registryBound;
    bool ready = false;

private:
    void onAppend(const std::string& topic, int32_t partition);  // any thread
    void housekeeping();
    void measureDisk();

    NodeConfig m_config;
    boost::asio::io_context& m_io;
    Metrics m_metrics;
    storage::LogOptions m_logOptions;
    std::unique_ptr<storage::StorageWorkers> m_workers;
    std::unique_ptr<storage::LogManager> m_logs;
    std::string m_clusterId;
    std::chrono::steady_clock::time_point m_startedAt = std::chrono::steady_clock::now();

    std::mutex m_pidMutex;
    int64_t m_nextProducerId = 0;   // guarded by m_pidMutex
    int64_t m_producerIdLimit = 0;  // guarded by m_pidMutex

    std::mutex m_watchMutex;
    std::map<std::string, std::function<void(int32_t)>> m_watchers;  // guarded by m_watchMutex
    std::atomic<size_t> m_watched{0};  ///< m_watchers.size(): appends skip the lock while none is set
    std::list<std::shared_ptr<WaitingFetch>> m_waiting;  // network thread only
    std::atomic<int64_t> m_diskBytes{0};
    std::atomic<size_t> m_parked{0};  ///< m_waiting.size(), readable from storage workers

    std::thread m_housekeeper;
    std::mutex m_hkMutex;
    std::condition_variable m_hkCv;
    bool m_stopping = false;  // guarded by m_hkMutex
    void* m_blockCache = nullptr;
};

}  // namespace plexus::server

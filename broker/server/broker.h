#pragma once
// Broker: the state one plexusd node shares between its Kafka sessions, its
// handlers and its admin server. It owns the storage (LogManager and its
// worker threads), the metrics, the producer-id allocator and the registry of
// fetches waiting for data.
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
#include "broker/server/authorizer.h"
#include "broker/server/config.h"
#include "broker/server/internal_topics.h"
#include "broker/server/metrics.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/storage_workers.h"

namespace plexus::groups {
class GroupCoordinator;
}
namespace plexus::registry {
class RecordValidator;
}
namespace plexus::replication {
class ClusterManager;
}

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
    /// The consumer-group coordinator (network thread only).
    groups::GroupCoordinator& groups() { return *m_groups; }
    Metrics& metrics() { return m_metrics; }
    const std::string& clusterId() const { return m_clusterId; }
    /// A cluster's id replaces the node's own (ClusterManager, before serving).
    void setClusterId(std::string id) { m_clusterId = std::move(id); }
    /// What partition logs are opened with, and the workers that write them.
    storage::LogOptions logOptions() const { return m_logOptions; }
    storage::StorageWorkers* workers() { return m_workers.get(); }
    std::chrono::steady_clock::time_point startedAt() const { return m_startedAt; }

    /// The partition log, creating the topic first when auto-create allows it.
    /// `created` is set when this call created the topic.
    std::shared_ptr<storage::PartitionLog> partitionFor(const std::string& topic, int32_t partition, bool allowCreate,
                                                        bool* created = nullptr);

    /// The authorize step of every Kafka request (network thread).
    Authorizer& authorizer() { return *m_authorizer; }
    /// Replaces the authorizer (before serving; tests, and the security work).
    void setAuthorizer(std::unique_ptr<Authorizer> a) { m_authorizer = std::move(a); }

    /// Appends to internal topics (__consumer_offsets, _schemas), replicated
    /// in a cluster (network thread).
    InternalTopicWriter& internalWriter() { return m_internalWriter; }

    /// Called on the network thread whenever the high watermark of a
    /// partition of `topic` (an internal topic) moves; set before serving.
    /// The Schema Registry follows _schemas with it.
    void onInternalAppend(std::string topic, std::function<void(int32_t partition)> fn);

    /// Allocates a new idempotent producer id (persisted in blocks). In a
    /// cluster the id carries the node id in its high 32 bits.
    Result<int64_t> allocateProducerId();

    /// Registers a parked fetch. Runs on the network thread.
    void parkFetch(const std::shared_ptr<WaitingFetch>& f);
    void unparkFetch(const std::shared_ptr<WaitingFetch>& f);

    /// Bytes of all files in the data directory, refreshed every few seconds
    /// by the housekeeping thread (so /metrics never walks the disk).
    int64_t diskBytes() const { return m_diskBytes.load(std::memory_order_relaxed); }

    /// Checks produced records on topics with schema validation on. Owned
    /// by the RegistryServer, which sets and clears it (network thread).
    registry::RecordValidator* recordValidator = nullptr;
    /// Calls `attempt(false)` each time the registry's store has caught up
    /// with more of `_schemas`, until it returns true, and `attempt(true)`
    /// once `max` has passed (network thread). Set by the RegistryServer.
    std::function<void(std::chrono::milliseconds max, std::function<bool(bool last)> attempt)> awaitSchemas;

    /// The node's part in a replicated cluster; nullptr when it runs alone
    /// (no seeds). Set by main before serving (network thread afterwards).
    replication::ClusterManager* cluster = nullptr;

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
    std::unique_ptr<groups::GroupCoordinator> m_groups;  ///< destroyed in stop(): its timer lives on the io_context
    std::string m_clusterId;
    std::chrono::steady_clock::time_point m_startedAt = std::chrono::steady_clock::now();

    std::mutex m_pidMutex;
    int64_t m_nextProducerId = 0;   // guarded by m_pidMutex
    int64_t m_producerIdLimit = 0;  // guarded by m_pidMutex

    InternalTopicWriter m_internalWriter{*this};
    std::unique_ptr<Authorizer> m_authorizer = std::make_unique<AllowAllAuthorizer>();
    std::mutex m_watchMutex;
    std::map<std::string, std::function<void(int32_t)>> m_internalWatchers;  // guarded by m_watchMutex
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

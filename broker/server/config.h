#pragma once
// NodeConfig: everything plexusd reads from its config file and flags.
//
// File format: one `key = value` per line; `#` starts a comment; blank lines
// are ignored; keys are the names in the table in README.md. Every error names
// the file, the line and the key. Flags override file values.
//
// Thread safety: a NodeConfig is built once at start-up and then read-only.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "broker/common/host_port.h"
#include "broker/common/result.h"

namespace plexus::server {

using plexus::HostPort;  // broker/common/host_port.h
using plexus::parseHostPort;

enum class FlushMode { Fsync, Interval };

struct NodeConfig {
    int32_t nodeId = 0;
    std::filesystem::path dataDir = "./plexus-data";
    HostPort kafkaAddr{"127.0.0.1", 9092};
    HostPort admin{"127.0.0.1", 9644};
    HostPort registry{"127.0.0.1", 8081};  ///< Schema Registry REST (Confluent-compatible)
    std::string advertisedHost;  ///< host put into Metadata; empty = kafkaAddr.host

    // Cluster (replication). With no seeds the node runs alone, unreplicated.
    HostPort rpcAddr{"127.0.0.1", 33145};  ///< node-to-node RPC listener (rpc.addr)
    std::vector<std::string> seeds;        ///< seeds: RPC addresses HOST:PORT of the controller voters
    std::string clusterId;                 ///< cluster.id; empty: derived from the seed list
    int64_t raftElectionTimeoutMs = 1500;  ///< raft.election.timeout.ms (each wait is randomised in [t, 2t))
    int64_t raftHeartbeatIntervalMs = 150; ///< raft.heartbeat.interval.ms
    bool clustered() const { return !seeds.empty(); }
    std::string logLevel = "info";

    // Topic defaults and limits (Kafka names).
    int32_t numPartitions = 1;
    int16_t defaultReplicationFactor = 1;
    bool autoCreateTopics = true;
    int64_t socketRequestMaxBytes = 100 * 1024 * 1024;
    int32_t messageMaxBytes = 1048588;
    int64_t logRetentionMs = 7LL * 24 * 3600 * 1000;
    int64_t logRetentionBytes = -1;
    int64_t retentionCheckIntervalMs = 30000;
    int64_t cleanerBackoffMs = 15000;  ///< log.cleaner.backoff.ms: period of the compaction check
    int32_t maxInflightPerConnection = 100;

    // Storage.
    FlushMode flushMode = FlushMode::Fsync;
    int64_t flushIntervalMs = 1000;
    int32_t storageThreads = 2;
    int64_t writeBufferBytes = 1 << 20;
    int64_t blockCacheBytes = 32 << 20;

    // Consumer groups (Kafka names; group.max.member.metadata.bytes is Plexus's).
    int32_t offsetsTopicPartitions = 50;
    int32_t groupMinSessionTimeoutMs = 6000;
    int32_t groupMaxSessionTimeoutMs = 1800000;
    int32_t groupInitialRebalanceDelayMs = 3000;
    int32_t groupMaxSize = 2147483647;
    int32_t groupMaxMemberMetadataBytes = 1 << 20;
    int32_t offsetMetadataMaxBytes = 4096;
    int64_t offsetsRetentionMs = 10080LL * 60 * 1000;  ///< offsets.retention.minutes, or offsets.retention.ms
    int64_t offsetsRetentionCheckIntervalMs = 600000;

    /// Applies one key. Returns an error naming the key and the problem.
    Status set(const std::string& key, const std::string& value);
    /// Checks rules that involve several keys, once all are set. An error
    /// names the key, and the file and line it came from when it came from
    /// a file ("FILE:LINE: key 'k': problem").
    Status validate() const;
    /// Where each key read from a file was set ("FILE:LINE"); flags remove it.
    std::map<std::string, std::string> origins;

    /// The effective values of all keys, for /v1/node and DescribeConfigs.
    std::map<std::string, std::string> asMap() const;
};

/// Reads a config file into `cfg`. Errors have the form
/// "FILE:LINE: key 'k': problem".
Status loadConfigFile(const std::filesystem::path& file, NodeConfig& cfg);

}  // namespace plexus::server

#pragma once
// The three interfaces where a node running alone and a node in a
// replicated cluster differ. Everything above them (the partition and topic
// services, the Kafka handlers, the internal-topic writer) is written once
// against them:
//
//   Replication  how a partition is written and who answers its reads;
//   Controller   how topic metadata changes (create, delete, partitions, configs);
//   Routing      what a client is told about nodes, leaders and the controller.
//
// services::LocalNode implements all three for a node alone (the local log
// is the partition); replication::ClusterServices implements them over the
// ClusterManager (Raft groups, the metadata controller). The node's
// composition root (broker/node) picks one at start; nothing else branches
// on single node versus cluster.
//
// Threading: every call and every callback on the network thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/topic_config.h"

namespace plexus::storage {
struct TopicInfo;
}

namespace plexus::services {

/// How a write to a partition ended (an append, a DeleteRecords).
struct WriteOutcome {
    protocol::ErrorCode code = protocol::ErrorCode::None;
    std::string message;
    int64_t baseOffset = -1;      ///< append: the first offset written
    int64_t logStartOffset = -1;  ///< the partition's log start after the write
};
using WriteDone = std::function<void(WriteOutcome)>;
using StatusDone = std::function<void(Status)>;

class Replication {
public:
    virtual ~Replication() = default;
    /// None when this node answers reads (Fetch, ListOffsets,
    /// OffsetForLeaderEpoch) of an existing partition; else why not
    /// (NOT_LEADER_OR_FOLLOWER in a cluster when another node leads it).
    virtual protocol::ErrorCode servesReads(const std::string& topic, int32_t partition) = 0;
    /// The partition's current leader epoch (0 for a node alone).
    virtual int32_t leaderEpoch(const std::string& topic, int32_t partition) = 0;
    /// Appends validated batches. acks=-1 answers once the write is on a
    /// majority in a cluster; on a node alone every acks answers once the
    /// write is durable per the flush policy.
    virtual void append(const std::string& topic, int32_t partition, std::string payload,
                        std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs, WriteDone done) = 0;
    /// Moves the log start to `offset` (-1: the high watermark), on every
    /// replica in a cluster.
    virtual void deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                               WriteDone done) = 0;
};

/// A topic to create: partitions and replication factor, or explicit
/// replica lists (one per partition).
struct NewTopic {
    std::string name;
    int32_t partitions = -1;
    int16_t replicationFactor = -1;
    storage::TopicConfig::Overrides configs;
    std::vector<std::vector<int32_t>> assignments;
};

class Controller {
public:
    virtual ~Controller() = default;
    virtual bool hasTopic(const std::string& name) const = 0;
    /// Each `done` gets the empty Status once the change is applied on this
    /// node, or a coded error (storage, replication or services category).
    virtual void createTopic(NewTopic topic, bool validateOnly, StatusDone done) = 0;
    virtual void deleteTopic(const std::string& name, StatusDone done) = 0;
    virtual void createPartitions(const std::string& name, int32_t totalCount,
                                  const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                                  StatusDone done) = 0;
    virtual void alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides, bool validateOnly,
                              StatusDone done) = 0;
    /// Auto-creation with the node defaults (Metadata, Produce). A node alone
    /// creates the topic before returning; a cluster asks its controller, and
    /// the client retries until the partitions have leaders.
    virtual void autoCreate(const std::string& name) = 0;
    /// Whether an auto-creation of `name` is under way (a cluster's controller is creating it).
    virtual bool autoCreating(const std::string& name) const = 0;
};

struct NodeAddress {
    int32_t id = -1;
    std::string host;
    int32_t port = -1;
};

/// What this node knows of one partition's replicas.
struct Placement {
    int32_t leader = -1;  ///< -1: no leader known
    int32_t epoch = -1;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
};

class Routing {
public:
    virtual ~Routing() = default;
    /// Set when this node must not answer routing questions (Metadata,
    /// FindCoordinator) because its view of leaders is stale: why.
    virtual std::optional<std::string> fenced() const = 0;
    /// Every node a client may connect to, this one first.
    virtual std::vector<NodeAddress> nodes() const = 0;
    virtual int32_t controllerId() const = 0;
    /// The partition's replicas; nullopt when no leader is known yet.
    virtual std::optional<Placement> placement(const std::string& topic, int32_t partition) const = 0;
    /// Whether Metadata lists the topic (a cluster hides topics local to one node).
    virtual bool lists(const storage::TopicInfo& topic) const = 0;
};

}  // namespace plexus::services

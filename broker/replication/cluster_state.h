#pragma once
// ClusterState: what the metadata controller's Raft log describes — the
// registered nodes, the topics with their configs and, per partition, the
// replica set and the Raft group that replicates it.
//
// Every node applies the same committed commands in the same order, so every
// node holds the same ClusterState at the same applied index. Commands are
// JSON objects with an "op" field; decisions that need judgement (replica
// placement, ids) are made by the controller leader *before* it proposes a
// command, so that apply() is deterministic. apply() validates again (a
// command may race with another one) and reports why it refused.
//
//   {"op":"register_node","id":2,"kafka":"127.0.0.1:9093","rpc":"127.0.0.1:33146"}
//   {"op":"create_topic","name":"adt","id":"<hex>","configs":{...},"replicas":[[1,2,3],[2,3,1]]}
//   {"op":"delete_topic","name":"adt"}
//   {"op":"create_partitions","name":"adt","replicas":[[3,1,2]]}          (appended)
//   {"op":"alter_configs","name":"adt","configs":{...}}                   (replaces the overrides)
//   {"op":"reassign","name":"adt","partition":0,"replicas":[2,3,4]}
//   {"op":"decommission","id":3}
//
// Threading: none; the owner (ClusterManager, network thread) serialises use.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "broker/common/result.h"

namespace plexus::replication {

struct NodeInfo {
    int32_t id = -1;
    std::string kafkaHost;
    uint16_t kafkaPort = 0;
    std::string rpcHost;
    uint16_t rpcPort = 0;
    bool decommissioned = false;  ///< gets no new replicas; stays listed until it holds none
};

struct PartitionAssignment {
    std::vector<int32_t> replicas;  ///< the first is the preferred leader
    uint64_t group = 0;             ///< the partition's Raft group id
};

struct TopicState {
    std::string name;
    std::string id;  ///< 32 hex digits (the Kafka topic id)
    std::map<std::string, std::string> configs;
    std::vector<PartitionAssignment> partitions;
};

/// The controller's Raft group id; partitions get 1, 2, ...
inline constexpr uint64_t kControllerGroup = 0;

class ClusterState {
public:
    /// Applies one committed command. An error leaves the state unchanged
    /// and is reported to whoever proposed it.
    Status apply(const nlohmann::json& command);

    const std::map<int32_t, NodeInfo>& nodes() const { return m_nodes; }
    const std::map<std::string, TopicState>& topics() const { return m_topics; }
    const TopicState* topic(const std::string& name) const;
    /// The topic and partition of a Raft group, if it is one.
    std::optional<std::pair<std::string, int32_t>> partitionOfGroup(uint64_t group) const;
    uint64_t nextGroup() const { return m_nextGroup; }

    /// Replica sets for `count` new partitions of `rf` replicas over the
    /// nodes that take replicas, starting after the partitions a topic
    /// already has (`first`). Spreads first replicas (preferred leaders)
    /// round-robin and the rest over the following nodes; an error when
    /// fewer than `rf` nodes are registered.
    Result<std::vector<std::vector<int32_t>>> placeReplicas(const std::string& topic, int32_t first, int32_t count,
                                                            int32_t rf) const;

    /// The whole state, for the snapshot file and the admin API.
    nlohmann::json toJson() const;
    static Result<ClusterState> fromJson(const nlohmann::json& j);

private:
    std::map<int32_t, NodeInfo> m_nodes;
    std::map<std::string, TopicState> m_topics;
    std::map<uint64_t, std::pair<std::string, int32_t>> m_groups;
    uint64_t m_nextGroup = 1;
};

}  // namespace plexus::replication

#pragma once
// TopicService: topic administration (CreateTopics, DeleteTopics,
// CreatePartitions, AlterConfigs, auto-creation), the same on a node alone
// and in a cluster. It applies the node's defaults and the internal-topic
// policy, then hands the change to the Controller (the local LogManager, or
// the cluster's metadata controller).
//
// Threading: network thread; every callback runs on the network thread.
#include <optional>
#include <string>
#include <vector>

#include "broker/services/replication.h"

namespace plexus::server {
struct NodeConfig;
}

namespace plexus::services {

class TopicService {
public:
    TopicService(const server::NodeConfig& config, Controller& controller) : m_config(config), m_controller(controller) {}

    /// partitions / replicationFactor -1 take the node's defaults
    /// (num.partitions, default.replication.factor).
    void create(NewTopic topic, bool validateOnly, StatusDone done);
    /// Internal topics are refused (the broker rebuilds state from them).
    void remove(const std::string& name, StatusDone done);
    /// Internal topics keep their partition count.
    void addPartitions(const std::string& name, int32_t totalCount,
                       const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                       StatusDone done);
    void alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides, bool validateOnly,
                      StatusDone done);
    /// Auto-creation for Metadata (auto.create.topics.enable; invalid names
    /// and internal topics are left alone).
    void autoCreate(const std::string& name);
    bool autoCreating(const std::string& name) const { return m_controller.autoCreating(name); }

private:
    const server::NodeConfig& m_config;
    Controller& m_controller;
};

}  // namespace plexus::services

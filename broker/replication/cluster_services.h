#pragma once
// ClusterServices: Replication, Controller and Routing for a node in a
// replicated cluster, over its ClusterManager. Partitions are Raft groups
// (writes go through the leader, reads are answered by it), topic changes
// are controller commands, and routing answers come from the replicated
// cluster state and the leaders' reports.
//
// A cluster node may still hold topics of its own from before it joined
// (a local _schemas); DeleteRecords and AlterConfigs act on those locally,
// and Metadata does not list them.
//
// Threading: network thread.
#include "broker/common/host_port.h"
#include "broker/services/replication.h"

namespace plexus::server {
struct NodeConfig;
}
namespace plexus::storage {
class LogManager;
}

namespace plexus::replication {

class ClusterManager;

class ClusterServices final : public services::Replication, public services::Controller, public services::Routing {
public:
    ClusterServices(const server::NodeConfig& config, ClusterManager& cluster, storage::LogManager& logs,
                    const HostPort& kafkaBound)
        : m_config(config), m_cluster(cluster), m_logs(logs), m_kafkaBound(kafkaBound) {}

    // Replication
    protocol::ErrorCode servesReads(const std::string& topic, int32_t partition) override;
    int32_t leaderEpoch(const std::string& topic, int32_t partition) override;
    void append(const std::string& topic, int32_t partition, std::string payload, std::vector<protocol::BatchSpan> spans,
                int16_t acks, int32_t timeoutMs, services::WriteDone done) override;
    void deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                       services::WriteDone done) override;

    // Controller
    bool hasTopic(const std::string& name) const override;
    void createTopic(services::NewTopic topic, bool validateOnly, services::StatusDone done) override;
    void deleteTopic(const std::string& name, services::StatusDone done) override;
    void createPartitions(const std::string& name, int32_t totalCount,
                          const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                          services::StatusDone done) override;
    void alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides, bool validateOnly,
                      services::StatusDone done) override;
    void autoCreate(const std::string& name) override;
    bool autoCreating(const std::string& name) const override;

    // Routing
    std::optional<std::string> fenced() const override;
    std::vector<services::NodeAddress> nodes() const override;
    int32_t controllerId() const override;
    std::optional<services::Placement> placement(const std::string& topic, int32_t partition) const override;
    bool lists(const storage::TopicInfo& topic) const override;

private:
    const server::NodeConfig& m_config;
    ClusterManager& m_cluster;
    storage::LogManager& m_logs;
    const HostPort& m_kafkaBound;
};

}  // namespace plexus::replication

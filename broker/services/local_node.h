#pragma once
// LocalNode: Replication, Controller and Routing for a node that runs alone
// (no seeds). Its partitions are its local logs, it leads every one at
// epoch 0, and it changes topics in its own LogManager at once.
//
// Threading: network thread; append completions are posted to it.
#include <boost/asio/io_context.hpp>

#include "broker/common/host_port.h"
#include "broker/server/config.h"
#include "broker/services/replication.h"
#include "broker/storage/log_manager.h"

namespace plexus::services {

class LocalNode final : public Replication, public Controller, public Routing {
public:
    /// `kafkaBound` is read when asked (the listener fills it in before serving).
    LocalNode(const server::NodeConfig& config, storage::LogManager& logs, boost::asio::io_context& io,
              const HostPort& kafkaBound)
        : m_config(config), m_logs(logs), m_io(io), m_kafkaBound(kafkaBound) {}

    // Replication
    protocol::ErrorCode servesReads(const std::string&, int32_t) override { return protocol::ErrorCode::None; }
    int32_t leaderEpoch(const std::string&, int32_t) override { return 0; }
    void append(const std::string& topic, int32_t partition, std::string payload, std::vector<protocol::BatchSpan> spans,
                int16_t acks, int32_t timeoutMs, WriteDone done) override;
    void deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                       WriteDone done) override;

    // Controller
    bool hasTopic(const std::string& name) const override;
    void createTopic(NewTopic topic, bool validateOnly, StatusDone done) override;
    void deleteTopic(const std::string& name, StatusDone done) override;
    void createPartitions(const std::string& name, int32_t totalCount,
                          const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                          StatusDone done) override;
    void alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides, bool validateOnly,
                      StatusDone done) override;
    void autoCreate(const std::string& name) override;
    bool autoCreating(const std::string&) const override { return false; }

    // Routing
    std::optional<std::string> fenced() const override { return std::nullopt; }
    std::vector<NodeAddress> nodes() const override;
    int32_t controllerId() const override { return m_config.nodeId; }
    std::optional<Placement> placement(const std::string& topic, int32_t partition) const override;
    bool lists(const storage::TopicInfo&) const override { return true; }

private:
    /// Every replica list must be this node alone.
    Status checkAssignments(const std::vector<std::vector<int32_t>>& assignments) const;

    const server::NodeConfig& m_config;
    storage::LogManager& m_logs;
    boost::asio::io_context& m_io;
    const HostPort& m_kafkaBound;
};

}  // namespace plexus::services

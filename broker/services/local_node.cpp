#include "broker/services/local_node.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "broker/services/errors.h"
#include "broker/storage/errors.h"
#include "broker/storage/partition_log.h"

namespace plexus::services {

using protocol::ErrorCode;

void LocalNode::append(const std::string& topic, int32_t partition, std::string payload,
                       std::vector<protocol::BatchSpan> spans, int16_t, int32_t, WriteDone done) {
    auto log = m_logs.partition(topic, partition);
    if (!log)
        return done({ErrorCode::UnknownTopicOrPartition,
                     topic + " partition " + std::to_string(partition) + " does not exist", -1, -1});
    log->append(std::move(payload), std::move(spans), [io = &m_io, done = std::move(done)](const storage::AppendResult& r) {
        boost::asio::post(*io, [done, r] { done({r.code, r.message, r.baseOffset, r.logStartOffset}); });
    });
}

void LocalNode::deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t, WriteDone done) {
    auto log = m_logs.partition(topic, partition);
    if (!log) return done({ErrorCode::UnknownTopicOrPartition, "unknown partition", -1, -1});
    auto r = log->deleteRecordsBefore(offset);
    if (!r) return done({ErrorCode::OffsetOutOfRange, r.message(), -1, -1});
    done({ErrorCode::None, {}, -1, r.value()});
}

bool LocalNode::hasTopic(const std::string& name) const { return m_logs.topic(name).has_value(); }

Status LocalNode::checkAssignments(const std::vector<std::vector<int32_t>>& assignments) const {
    for (const auto& a : assignments)
        if (a.size() != 1 || a[0] != m_config.nodeId)
            return Status::error(Errc::InvalidReplicaAssignment,
                                 "every partition must be assigned to node " + std::to_string(m_config.nodeId) +
                                     " alone: this node runs without replication");
    return {};
}

void LocalNode::createTopic(NewTopic t, bool validateOnly, StatusDone done) {
    if (!t.assignments.empty()) {
        if (Status s = checkAssignments(t.assignments); !s) return done(s);
        t.partitions = static_cast<int32_t>(t.assignments.size());
        t.replicationFactor = 1;
    }
    if (t.replicationFactor != 1)
        return done(Status::error(Errc::InvalidReplicationFactor,
                                  "replication factor " + std::to_string(t.replicationFactor) +
                                      " needs a replicated cluster; this node runs alone, so only 1 is valid"));
    done(m_logs.createTopic(t.name, t.partitions, t.configs, validateOnly));
}

void LocalNode::deleteTopic(const std::string& name, StatusDone done) { done(m_logs.deleteTopic(name)); }

void LocalNode::createPartitions(const std::string& name, int32_t totalCount,
                                 const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                                 StatusDone done) {
    if (assignments)
        if (Status s = checkAssignments(*assignments); !s) return done(s);
    done(m_logs.createPartitions(name, totalCount, validateOnly));
}

void LocalNode::alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides, bool validateOnly,
                             StatusDone done) {
    done(m_logs.alterConfigs(name, overrides, validateOnly));
}

void LocalNode::autoCreate(const std::string& name) {
    if (m_logs.topic(name)) return;
    Status s = m_logs.createTopic(name, m_config.numPartitions, {}, false);
    if (s) spdlog::info("auto-created topic '{}' with {} partitions", name, m_config.numPartitions);
    else if (s.code() != storage::Errc::TopicExists) spdlog::warn("cannot auto-create topic '{}': {}", name, s.message());
}

std::vector<NodeAddress> LocalNode::nodes() const {
    return {{m_config.nodeId, m_config.advertisedHost.empty() ? m_kafkaBound.host : m_config.advertisedHost,
             m_kafkaBound.port}};
}

std::optional<Placement> LocalNode::placement(const std::string& topic, int32_t partition) const {
    auto info = m_logs.topic(topic);
    if (!info || partition < 0 || partition >= info->partitionCount) return std::nullopt;
    return Placement{m_config.nodeId, 0, {m_config.nodeId}, {m_config.nodeId}};
}

}  // namespace plexus::services

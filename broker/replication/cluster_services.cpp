#include "broker/replication/cluster_services.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "broker/replication/cluster_manager.h"
#include "broker/server/config.h"
#include "broker/storage/errors.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/partition_log.h"

namespace plexus::replication {

using protocol::ErrorCode;

protocol::ErrorCode ClusterServices::servesReads(const std::string& topic, int32_t partition) {
    return m_cluster.servesReads(topic, partition);
}

int32_t ClusterServices::leaderEpoch(const std::string& topic, int32_t partition) {
    auto v = m_cluster.partition(topic, partition);
    return v ? v->epoch : 0;
}

void ClusterServices::append(const std::string& topic, int32_t partition, std::string payload,
                             std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs,
                             services::WriteDone done) {
    m_cluster.produce(topic, partition, std::move(payload), std::move(spans), acks, timeoutMs,
                      [done = std::move(done)](ProduceOutcome o) {
                          done({o.code, std::move(o.message), o.baseOffset, o.logStartOffset});
                      });
}

void ClusterServices::deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                                    services::WriteDone done) {
    if (m_cluster.state().topic(topic)) {
        // The leader replicates the deletion as a Raft Command entry; every
        // replica applies it, so a new leader after a failover holds the same start.
        m_cluster.deleteRecords(topic, partition, offset, timeoutMs, [done = std::move(done)](ProduceOutcome o) {
            done({o.code, std::move(o.message), o.baseOffset, o.logStartOffset});
        });
        return;
    }
    auto log = m_logs.partition(topic, partition);
    if (!log) return done({ErrorCode::UnknownTopicOrPartition, "unknown partition", -1, -1});
    auto r = log->deleteRecordsBefore(offset);
    if (!r) return done({ErrorCode::OffsetOutOfRange, r.message(), -1, -1});
    done({ErrorCode::None, {}, -1, r.value()});
}

bool ClusterServices::hasTopic(const std::string& name) const { return m_cluster.state().topic(name) != nullptr; }

void ClusterServices::createTopic(services::NewTopic t, bool validateOnly, services::StatusDone done) {
    // The controller places the replicas (or takes the given ones) and
    // creates the topic on every node; the checks it would make are made
    // here first, so that validateOnly answers the same.
    if (Status s = storage::validateTopicName(t.name); !s) return done(s);
    if (Status s = storage::TopicConfig::validate(t.configs); !s) return done(Status::error(storage::Errc::InvalidConfig, s.message()));
    const int32_t partitions = t.assignments.empty() ? t.partitions : static_cast<int32_t>(t.assignments.size());
    if (partitions < 1 || partitions > 100000)
        return done(Status::error(Errc::InvalidPartitions,
                                  "partition count " + std::to_string(partitions) + " must be between 1 and 100000"));
    const int32_t rf = t.assignments.empty() ? t.replicationFactor : static_cast<int32_t>(t.assignments[0].size());
    if (rf < 1 || rf > 5)
        return done(Status::error(Errc::InvalidReplicationFactor,
                                  "replication factor " + std::to_string(rf) + " must be between 1 and 5"));
    if (validateOnly) {
        if (m_cluster.state().topic(t.name))
            return done(Status::error(Errc::TopicExists, "topic '" + t.name + "' already exists"));
        return done({});
    }
    nlohmann::json request = {{"op", "create_topic"},
                              {"name", t.name},
                              {"partitions", partitions},
                              {"replication_factor", rf},
                              {"configs", t.configs}};
    if (!t.assignments.empty()) request["replicas"] = t.assignments;
    m_cluster.submit(std::move(request), std::move(done));
}

void ClusterServices::deleteTopic(const std::string& name, services::StatusDone done) {
    if (!m_cluster.state().topic(name)) return done(Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist"));
    m_cluster.submit(nlohmann::json{{"op", "delete_topic"}, {"name", name}}, std::move(done));
}

void ClusterServices::createPartitions(const std::string& name, int32_t totalCount,
                                       const std::optional<std::vector<std::vector<int32_t>>>& assignments,
                                       bool validateOnly, services::StatusDone done) {
    if (assignments)
        return done(Status::error(Errc::InvalidReplicaAssignment,
                                  "explicit assignments for new partitions are not supported; the controller places them"));
    if (validateOnly) return done({});
    m_cluster.submit(nlohmann::json{{"op", "create_partitions"}, {"name", name}, {"partitions", totalCount}},
                     std::move(done));
}

void ClusterServices::alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides,
                                   bool validateOnly, services::StatusDone done) {
    if (!m_cluster.state().topic(name)) return done(m_logs.alterConfigs(name, overrides, validateOnly));  // node-local
    if (Status s = storage::TopicConfig::validate(overrides); !s)
        return done(Status::error(storage::Errc::InvalidConfig, s.message()));
    if (validateOnly) return done({});
    m_cluster.submit(nlohmann::json{{"op", "alter_configs"}, {"name", name}, {"configs", overrides}}, std::move(done));
}

void ClusterServices::autoCreate(const std::string& name) { m_cluster.autoCreate(name); }

bool ClusterServices::autoCreating(const std::string& name) const { return m_cluster.autoCreating(name); }

std::optional<std::string> ClusterServices::fenced() const {
    if (!m_cluster.fenced()) return std::nullopt;
    return "node " + std::to_string(m_config.nodeId) + " is cut off from the cluster (no controller leader for " +
           std::to_string(m_cluster.controllerLeaderlessMs()) + " ms)";
}

std::vector<services::NodeAddress> ClusterServices::nodes() const {
    std::vector<services::NodeAddress> out;
    out.push_back({m_config.nodeId, m_config.advertisedHost.empty() ? m_kafkaBound.host : m_config.advertisedHost,
                   m_kafkaBound.port});
    for (const auto& [id, n] : m_cluster.state().nodes())
        if (id != m_config.nodeId) out.push_back({id, n.kafkaHost, n.kafkaPort});
    return out;
}

int32_t ClusterServices::controllerId() const { return m_cluster.controllerId(); }

std::optional<services::Placement> ClusterServices::placement(const std::string& topic, int32_t partition) const {
    auto v = m_cluster.partition(topic, partition);
    if (!v) return std::nullopt;
    return services::Placement{v->leader, v->epoch, v->replicas, v->isr};
}

bool ClusterServices::lists(const storage::TopicInfo& topic) const { return topic.replicated; }

}  // namespace plexus::replication

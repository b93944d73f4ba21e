#include <set>

#include <nlohmann/json.hpp>

#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreateTopics(Request req) {
    protocol::CreateTopicsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    const auto& cfg = b.config();
    auto pending = std::make_shared<DeferredReply<protocol::CreateTopicsResponse>>();
    pending->req = req;
    protocol::CreateTopicsResponse& resp = pending->resp;
    std::multiset<std::string> names;
    for (const auto& t : msg.topics) names.insert(t.name);
    // As Kafka: CREATE on the cluster allows every topic, else CREATE on each topic.
    const bool clusterCreate = req.authorize(server::AclOperation::Create, server::ResourceType::Cluster, server::kClusterResource);
    for (const auto& t : msg.topics) {
        auto& r = resp.topics.emplace_back();
        r.name = t.name;
        auto fail = [&](ErrorCode code, std::string why) {
            r.errorCode = protocol::wire(code);
            r.errorMessage = std::move(why);
        };
        if (!clusterCreate && !req.authorize(server::AclOperation::Create, server::ResourceType::Topic, t.name)) {
            fail(ErrorCode::TopicAuthorizationFailed, "not authorized to create topic '" + t.name + "'");
            continue;
        }
        if (names.count(t.name) > 1) {
            fail(ErrorCode::InvalidRequest, "topic '" + t.name + "' appears more than once in the request");
            continue;
        }
        int32_t partitions = t.numPartitions == -1 ? cfg.numPartitions : t.numPartitions;
        int16_t rf = t.replicationFactor == -1 ? cfg.defaultReplicationFactor : t.replicationFactor;
        if (b.cluster) {
            // The controller places the replicas (or takes the given ones) and
            // creates the topic on every node.
            storage::TopicConfig::Overrides overrides;
            for (const auto& c : t.configs)
                if (c.value) overrides[c.name] = *c.value;
            if (Status s = storage::validateTopicName(t.name); !s) {
                fail(ErrorCode::InvalidTopicException, s.message());
                continue;
            }
            if (Status s = storage::TopicConfig::validate(overrides); !s) {
                fail(ErrorCode::InvalidConfig, s.message());
                continue;
            }
            if (partitions < 1 || partitions > 100000) {
                fail(ErrorCode::InvalidPartitions, "partition count " + std::to_string(partitions) + " must be between 1 and 100000");
                continue;
            }
            if (rf < 1 || rf > 5) {
                fail(ErrorCode::InvalidReplicationFactor, "replication factor " + std::to_string(rf) + " must be between 1 and 5");
                continue;
            }
            nlohmann::json request = {{"op", "create_topic"},
                                      {"name", t.name},
                                      {"partitions", partitions},
                                      {"replication_factor", rf},
                                      {"configs", overrides}};
            if (!t.assignments.empty()) {
                nlohmann::json sets = nlohmann::json::array();
                for (const auto& a : t.assignments) sets.push_back(a.brokerIds);
                request["replicas"] = sets;
            }
            if (msg.validateOnly) {
                if (b.cluster->state().topic(t.name)) fail(ErrorCode::TopicAlreadyExists, "topic '" + t.name + "' already exists");
                continue;
            }
            pending->take();
            const size_t index = resp.topics.size() - 1;
            b.cluster->submit(std::move(request), [pending, index, name = t.name, peer = req.peer](Status s) {
                if (!s) {
                    auto& out = pending->resp.topics[index];
                    out.errorCode = protocol::wire(kafkaError(s, protocol::ErrorCode::RequestTimedOut));
                    out.errorMessage = s.message();
                    spdlog::info("CreateTopics '{}' from {}: {}", name, peer, s.message());
                } else {
                    spdlog::info("created topic '{}'", name);
                }
                pending->release();
            });
            continue;
        }
        if (!t.assignments.empty()) {
            if (t.numPartitions != -1 || t.replicationFactor != -1) {
                fail(ErrorCode::InvalidRequest, "give either a replica assignment or numPartitions and replicationFactor, not both");
                continue;
            }
            bool ok = true;
            for (const auto& a : t.assignments)
                if (a.brokerIds.size() != 1 || a.brokerIds[0] != cfg.nodeId) ok = false;
            if (!ok) {
                fail(ErrorCode::InvalidReplicaAssignment,
                     "every partition must be assigned to node " + std::to_string(cfg.nodeId) + " alone: this node runs without replication");
                continue;
            }
            partitions = static_cast<int32_t>(t.assignments.size());
            rf = 1;
        }
        if (rf != 1) {
            fail(ErrorCode::InvalidReplicationFactor,
                 "replication factor " + std::to_string(rf) + " needs a replicated cluster; this node runs alone, so only 1 is valid");
            continue;
        }
        storage::TopicConfig::Overrides overrides;
        for (const auto& c : t.configs)
            if (c.value) overrides[c.name] = *c.value;
        auto res = b.logs().createTopic(t.name, partitions, overrides, msg.validateOnly);
        if (!res.ok()) {
            fail(res.code, res.message);
            spdlog::info("CreateTopics '{}' from {}: {} ({})", t.name, req.peer, res.message, protocol::errorName(res.code));
        } else if (!msg.validateOnly) {
            spdlog::info("created topic '{}' with {} partitions", t.name, partitions);
        }
    }
    pending->release();
}

}  // namespace plexus::handlers

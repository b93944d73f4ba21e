#include <set>

#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreateTopics(Request req) {
    protocol::CreateTopicsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    const auto& cfg = b.config();
    protocol::CreateTopicsResponse resp;
    std::multiset<std::string> names;
    for (const auto& t : msg.topics) names.insert(t.name);
    for (const auto& t : msg.topics) {
        auto& r = resp.topics.emplace_back();
        r.name = t.name;
        auto fail = [&](ErrorCode code, std::string why) {
            r.errorCode = protocol::wire(code);
            r.errorMessage = std::move(why);
        };
        if (names.count(t.name) > 1) {
            fail(ErrorCode::InvalidRequest, "topic '" + t.name + "' appears more than once in the request");
            continue;
        }
        int32_t partitions = t.numPartitions == -1 ? cfg.numPartitions : t.numPartitions;
        int16_t rf = t.replicationFactor == -1 ? cfg.defaultReplicationFactor : t.replicationFactor;
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
    req.reply(resp);
}

}  // namespace plexus::handlers

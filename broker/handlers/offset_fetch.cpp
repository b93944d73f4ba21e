#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleOffsetFetch(Request req) {
    protocol::OffsetFetchRequest msg;
    if (!req.decode(msg)) return;
    if (!msg.topics && req.version() < 2) {
        req.fail("OffsetFetch v" + std::to_string(req.version()) + " with a null topic list (allowed from v2)");
        return;
    }
    // As Kafka: DESCRIBE on the group, and on each topic (others are left out of the answer).
    if (!req.authorize(server::AclOperation::Describe, server::ResourceType::Group, msg.groupId)) {
        protocol::OffsetFetchResponse resp;
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
        return req.reply(resp);
    }
    std::optional<std::vector<groups::TopicPartition>> wanted;
    if (msg.topics) {
        wanted.emplace();
        for (const auto& t : *msg.topics)
            for (int32_t p : t.partitionIndexes) wanted->push_back({t.name, p});
    }
    auto result = req.services->groups.fetchOffsets(msg.groupId, wanted);
    protocol::OffsetFetchResponse resp;
    resp.errorCode = protocol::wire(result.error);
    for (const auto& e : result.entries) {
        if (!req.authorize(server::AclOperation::Describe, server::ResourceType::Topic, e.tp.topic)) continue;
        if (resp.topics.empty() || resp.topics.back().name != e.tp.topic) resp.topics.emplace_back().name = e.tp.topic;
        protocol::OffsetFetchResponse::Partition p;
        p.partitionIndex = e.tp.partition;
        p.committedOffset = e.committed.offset;
        p.committedLeaderEpoch = e.committed.leaderEpoch;
        p.metadata = e.committed.metadata;
        p.errorCode = protocol::wire(e.error);
        resp.topics.back().partitions.push_back(std::move(p));
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

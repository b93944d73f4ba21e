#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleOffsetCommit(Request req) {
    protocol::OffsetCommitRequest msg;
    if (!req.decode(msg)) return;
    groups::CommitRequest cr;
    cr.groupId = msg.groupId;
    cr.generationId = msg.generationIdOrMemberEpoch;
    cr.memberId = msg.memberId;
    cr.groupInstanceId = msg.groupInstanceId;
    // retentionTimeMs (v2-4) is ignored, as in Kafka 2.1+: offsets expire by
    // offsets.retention.minutes once the group is empty.
    protocol::OffsetCommitResponse resp;
    // As Kafka: READ on the group, and READ on each topic committed to.
    const bool groupAllowed = req.authorize(server::AclOperation::Read, server::ResourceType::Group, msg.groupId);
    std::vector<std::pair<size_t, size_t>> sent;  // (topic, partition) of each entry the coordinator gets
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        const bool topicAllowed = groupAllowed && req.authorize(server::AclOperation::Read, server::ResourceType::Topic, t.name);
        for (const auto& p : t.partitions) {
            const auto denied = !groupAllowed ? protocol::ErrorCode::GroupAuthorizationFailed
                                              : protocol::ErrorCode::TopicAuthorizationFailed;
            rt.partitions.push_back({p.partitionIndex, topicAllowed ? int16_t{0} : protocol::wire(denied)});
            if (!topicAllowed) continue;
            sent.emplace_back(resp.topics.size() - 1, rt.partitions.size() - 1);
            cr.entries.push_back({{t.name, p.partitionIndex}, p.committedOffset, p.committedLeaderEpoch, p.committedMetadata});
        }
    }
    if (cr.entries.empty()) return req.reply(resp);
    req.services->groups.commitOffsets(std::move(cr), [req, sent, resp = std::move(resp)](std::vector<protocol::ErrorCode> errors) mutable {
        for (size_t i = 0; i < sent.size(); ++i)
            resp.topics[sent[i].first].partitions[sent[i].second].errorCode = protocol::wire(errors.at(i));
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

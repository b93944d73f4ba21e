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
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        for (const auto& p : t.partitions) {
            rt.partitions.push_back({p.partitionIndex, 0});
            cr.entries.push_back({{t.name, p.partitionIndex}, p.committedOffset, p.committedLeaderEpoch, p.committedMetadata});
        }
    }
    req.broker->groups().commitOffsets(std::move(cr), [req, resp = std::move(resp)](std::vector<protocol::ErrorCode> errors) mutable {
        size_t i = 0;
        for (auto& t : resp.topics)
            for (auto& p : t.partitions) p.errorCode = protocol::wire(errors.at(i++));
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

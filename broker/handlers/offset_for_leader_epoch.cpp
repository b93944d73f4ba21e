#include "broker/handlers/handler.h"
#include "broker/services/partition_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;

// OffsetForLeaderEpoch (23): a client that saw a leader change asks where the
// epoch it last fetched under ends, to detect that its position lies in a
// tail the new leader truncated. Answered by the partition's leader from the
// epochs of the stored batches (the Raft terms; a node running alone writes
// epoch 0 everywhere).
void handleOffsetForLeaderEpoch(Request req) {
    protocol::OffsetForLeaderEpochRequest msg;
    if (!req.decode(msg)) return;
    auto& partitions = req.services->partitions;
    protocol::OffsetForLeaderEpochResponse resp;
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.topic = t.topic;
        const bool allowed = req.authorize(server::AclOperation::Describe, server::ResourceType::Topic, t.topic);
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partition = p.partition;
            if (!allowed) {
                rp.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
                continue;
            }
            auto end = partitions.epochEnd(t.topic, p.partition, p.currentLeaderEpoch, p.leaderEpoch);
            rp.errorCode = protocol::wire(end.code);
            if (end.code != ErrorCode::None) continue;
            rp.leaderEpoch = end.epoch;
            rp.endOffset = end.endOffset;
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

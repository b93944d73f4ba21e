#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

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
    server::Broker& b = *req.broker;
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
            auto log = b.logs().partition(t.topic, p.partition);
            if (!log) {
                rp.errorCode = protocol::wire(ErrorCode::UnknownTopicOrPartition);
                continue;
            }
            int32_t current = 0;
            if (b.cluster) {
                if (ErrorCode e = b.cluster->servesReads(t.topic, p.partition); e != ErrorCode::None) {
                    rp.errorCode = protocol::wire(e);
                    continue;
                }
                if (auto v = b.cluster->partition(t.topic, p.partition)) current = v->epoch;
            }
            if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch != current) {
                rp.errorCode = protocol::wire(p.currentLeaderEpoch < current ? ErrorCode::FencedLeaderEpoch
                                                                             : ErrorCode::UnknownLeaderEpoch);
                continue;
            }
            auto [epoch, end] = log->epochEndOffset(p.leaderEpoch);
            // The leader's own epoch ends at its log end even before it wrote
            // a batch under it.
            if (p.leaderEpoch == current) end = log->logEndOffset();
            if (p.leaderEpoch == current && epoch < 0) epoch = current;
            rp.leaderEpoch = epoch;
            rp.endOffset = end;
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

// DeleteRecords (21). On a single node the partition log moves its start at
// once. In a cluster the partition's leader replicates the deletion as a Raft
// Command entry and answers once it is committed (every replica applies it
// to its own log), so a new leader after a failover holds the same start.
void handleDeleteRecords(Request req) {
    protocol::DeleteRecordsRequest msg;
    if (!req.decode(msg)) return;
    auto pending = std::make_shared<DeferredReply<protocol::DeleteRecordsResponse>>();
    pending->req = req;
    for (const auto& t : msg.topics) {
        auto& rt = pending->resp.topics.emplace_back();
        rt.name = t.name;
        const bool allowed = req.authorize(server::AclOperation::Delete, server::ResourceType::Topic, t.name);
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partitionIndex = p.partitionIndex;
            if (!allowed) {
                rp.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
                continue;
            }
            if (server::isInternalTopic(t.name)) {
                // As Kafka: the broker rebuilds state from the topic's records.
                rp.errorCode = protocol::wire(ErrorCode::InvalidTopicException);
                spdlog::info("DeleteRecords {}-{} from {} refused: internal topic", t.name, p.partitionIndex, req.peer);
                continue;
            }
            auto log = req.broker->logs().partition(t.name, p.partitionIndex);
            if (!log) {
                rp.errorCode = protocol::wire(ErrorCode::UnknownTopicOrPartition);
                continue;
            }
            auto* cluster = req.broker->cluster;
            if (cluster && cluster->state().topic(t.name)) {
                pending->take();
                const size_t ti = pending->resp.topics.size() - 1, pi = rt.partitions.size() - 1;
                cluster->deleteRecords(t.name, p.partitionIndex, p.offset, msg.timeoutMs,
                                       [pending, ti, pi, name = t.name, index = p.partitionIndex,
                                        peer = req.peer](replication::ProduceOutcome out) {
                                           auto& r = pending->resp.topics[ti].partitions[pi];
                                           r.errorCode = protocol::wire(out.code);
                                           if (out.code == ErrorCode::None) r.lowWatermark = out.logStartOffset;
                                           else spdlog::info("DeleteRecords {}-{} from {}: {}", name, index, peer, out.message);
                                           pending->release();
                                       });
                continue;
            }
            auto r = log->deleteRecordsBefore(p.offset);
            if (!r) {
                rp.errorCode = protocol::wire(ErrorCode::OffsetOutOfRange);
                spdlog::info("DeleteRecords {}-{} from {}: {}", t.name, p.partitionIndex, req.peer, r.message());
                continue;
            }
            rp.lowWatermark = r.value();
        }
    }
    pending->release();
}

}  // namespace plexus::handlers

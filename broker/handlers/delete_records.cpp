#include "broker/handlers/handler.h"
#include "broker/services/partition_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;

// DeleteRecords (21): DELETE on the topic, then PartitionService::deleteRecords
// per partition (at once on a node alone; in a cluster once every replica
// holds the new log start). Internal topics are refused.
void handleDeleteRecords(Request req) {
    protocol::DeleteRecordsRequest msg;
    if (!req.decode(msg)) return;
    auto pending = std::make_shared<DeferredReply<protocol::DeleteRecordsResponse>>();
    pending->req = req;
    auto& partitions = req.services->partitions;
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
            pending->take();
            const size_t ti = pending->resp.topics.size() - 1, pi = rt.partitions.size() - 1;
            partitions.deleteRecords(t.name, p.partitionIndex, p.offset, msg.timeoutMs,
                                     [pending, ti, pi, name = t.name, index = p.partitionIndex,
                                      peer = req.peer](services::WriteOutcome out) {
                                         auto& r = pending->resp.topics[ti].partitions[pi];
                                         r.errorCode = protocol::wire(out.code);
                                         if (out.code == ErrorCode::None) r.lowWatermark = out.logStartOffset;
                                         else spdlog::info("DeleteRecords {}-{} from {}: {}", name, index, peer, out.message);
                                         pending->release();
                                     });
        }
    }
    pending->release();
}

}  // namespace plexus::handlers

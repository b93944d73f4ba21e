#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleDeleteRecords(Request req) {
    protocol::DeleteRecordsRequest msg;
    if (!req.decode(msg)) return;
    protocol::DeleteRecordsResponse resp;
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partitionIndex = p.partitionIndex;
            auto log = req.broker->logs().partition(t.name, p.partitionIndex);
            if (!log) {
                rp.errorCode = protocol::wire(ErrorCode::UnknownTopicOrPartition);
                continue;
            }
            if (auto* cluster = req.broker->cluster) {
                // Only the leader moves its log start (not replicated yet: after a
                // failover the new leader may still hold the deleted records).
                if (ErrorCode e = cluster->servesReads(t.name, p.partitionIndex); e != ErrorCode::None) {
                    rp.errorCode = protocol::wire(e);
                    continue;
                }
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
    req.reply(resp);
}

}  // namespace plexus::handlers

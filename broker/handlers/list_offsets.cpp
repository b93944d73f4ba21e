#include "broker/handlers/handler.h"
#include "broker/services/partition_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleListOffsets(Request req) {
    protocol::ListOffsetsRequest msg;
    if (!req.decode(msg)) return;
    auto& partitions = req.services->partitions;
    protocol::ListOffsetsResponse resp;
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        const bool allowed = req.authorize(server::AclOperation::Describe, server::ResourceType::Topic, t.name);
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partitionIndex = p.partitionIndex;
            if (!allowed) {
                rp.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
                continue;
            }
            auto at = partitions.listOffset(t.name, p.partitionIndex, p.timestamp);
            rp.errorCode = protocol::wire(at.code);
            if (at.code == ErrorCode::InvalidRequest)
                spdlog::info("ListOffsets from {}: unsupported special timestamp {}", req.peer, p.timestamp);
            if (at.code != ErrorCode::None) continue;
            rp.offset = at.offset;
            rp.timestamp = at.timestamp;
            rp.leaderEpoch = at.leaderEpoch;
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

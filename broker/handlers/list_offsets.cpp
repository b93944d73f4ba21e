#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

namespace {
constexpr int64_t kLatest = -1;
constexpr int64_t kEarliest = -2;
}  // namespace

void handleListOffsets(Request req) {
    protocol::ListOffsetsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
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
            auto log = b.logs().partition(t.name, p.partitionIndex);
            if (!log) {
                rp.errorCode = protocol::wire(ErrorCode::UnknownTopicOrPartition);
                continue;
            }
            rp.leaderEpoch = 0;
            if (b.cluster) {
                if (ErrorCode e = b.cluster->servesReads(t.name, p.partitionIndex); e != ErrorCode::None) {
                    rp.errorCode = protocol::wire(e);
                    continue;
                }
                if (auto v = b.cluster->partition(t.name, p.partitionIndex)) rp.leaderEpoch = v->epoch;
            }
            if (p.timestamp == kLatest) {
                rp.offset = log->highWatermark();
            } else if (p.timestamp == kEarliest) {
                rp.offset = log->logStartOffset();
            } else if (p.timestamp < 0) {
                rp.errorCode = protocol::wire(ErrorCode::InvalidRequest);
                spdlog::info("ListOffsets from {}: unsupported special timestamp {}", req.peer, p.timestamp);
            } else {
                auto found = log->offsetForTimestamp(p.timestamp);
                if (!found) {
                    rp.errorCode = protocol::wire(ErrorCode::KafkaStorageError);
                    spdlog::warn("timestamp lookup on {}-{} failed: {}", t.name, p.partitionIndex, found.message());
                } else {
                    rp.offset = found.value().offset;
                    rp.timestamp = found.value().timestamp;
                    if (rp.offset < 0) rp.leaderEpoch = -1;
                }
            }
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

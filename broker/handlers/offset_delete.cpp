#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleOffsetDelete(Request req) {
    protocol::OffsetDeleteRequest msg;
    if (!req.decode(msg)) return;
    if (!req.authorize(server::AclOperation::Delete, server::ResourceType::Group, msg.groupId)) {
        protocol::OffsetDeleteResponse resp;
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
        return req.reply(resp);
    }
    std::vector<groups::TopicPartition> tps;
    protocol::OffsetDeleteResponse resp;
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        const bool allowed = req.authorize(server::AclOperation::Read, server::ResourceType::Topic, t.name);
        for (const auto& p : t.partitions) {
            if (allowed) tps.push_back({t.name, p.partitionIndex});
            rt.partitions.push_back(
                {p.partitionIndex, allowed ? int16_t{0} : protocol::wire(protocol::ErrorCode::TopicAuthorizationFailed)});
        }
    }
    req.services->groups.deleteOffsets(
        msg.groupId, std::move(tps),
        [req, resp = std::move(resp)](protocol::ErrorCode top, std::vector<protocol::ErrorCode> errors) mutable {
            resp.errorCode = protocol::wire(top);
            size_t i = 0;
            for (auto& t : resp.topics)
                for (auto& p : t.partitions)
                    if (p.errorCode == 0) p.errorCode = protocol::wire(errors.at(i++));
            if (top != protocol::ErrorCode::None) resp.topics.clear();
            req.reply(resp);
        });
}

}  // namespace plexus::handlers

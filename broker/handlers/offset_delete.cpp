#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleOffsetDelete(Request req) {
    protocol::OffsetDeleteRequest msg;
    if (!req.decode(msg)) return;
    std::vector<groups::TopicPartition> tps;
    protocol::OffsetDeleteResponse resp;
    for (const auto& t : msg.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        for (const auto& p : t.partitions) {
            tps.push_back({t.name, p.partitionIndex});
            rt.partitions.push_back({p.partitionIndex, 0});
        }
    }
    req.broker->groups().deleteOffsets(
        msg.groupId, std::move(tps),
        [req, resp = std::move(resp)](protocol::ErrorCode top, std::vector<protocol::ErrorCode> errors) mutable {
            resp.errorCode = protocol::wire(top);
            size_t i = 0;
            for (auto& t : resp.topics)
                for (auto& p : t.partitions) p.errorCode = protocol::wire(errors.at(i++));
            if (top != protocol::ErrorCode::None) resp.topics.clear();
            req.reply(resp);
        });
}

}  // namespace plexus::handlers

#include "broker/groups/offsets_format.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleDeleteTopics(Request req) {
    protocol::DeleteTopicsRequest msg;
    if (!req.decode(msg)) return;
    protocol::DeleteTopicsResponse resp;
    for (const auto& name : msg.topicNames) {
        auto& r = resp.responses.emplace_back();
        r.name = name;
        if (groups::isInternalTopic(name)) {
            // Deleting it would drop every group's committed offsets.
            r.errorCode = protocol::wire(protocol::ErrorCode::InvalidTopicException);
            spdlog::info("DeleteTopics '{}' from {} refused: internal topic", name, req.peer);
            continue;
        }
        auto res = req.broker->logs().deleteTopic(name);
        r.errorCode = protocol::wire(res.code);
        if (res.ok()) spdlog::info("deleted topic '{}'", name);
        else spdlog::info("DeleteTopics '{}' from {}: {}", name, req.peer, res.message);
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleDeleteTopics(Request req) {
    protocol::DeleteTopicsRequest msg;
    if (!req.decode(msg)) return;
    protocol::DeleteTopicsResponse resp;
    for (const auto& name : msg.topicNames) {
        auto& r = resp.responses.emplace_back();
        r.name = name;
        auto res = req.broker->logs().deleteTopic(name);
        r.errorCode = protocol::wire(res.code);
        if (res.ok()) spdlog::info("deleted topic '{}'", name);
        else spdlog::info("DeleteTopics '{}' from {}: {}", name, req.peer, res.message);
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

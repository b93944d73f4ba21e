#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"
#include "broker/services/topic_service.h"

namespace plexus::handlers {

void handleDeleteTopics(Request req) {
    protocol::DeleteTopicsRequest msg;
    if (!req.decode(msg)) return;
    auto pending = std::make_shared<DeferredReply<protocol::DeleteTopicsResponse>>();
    pending->req = req;
    protocol::DeleteTopicsResponse& resp = pending->resp;
    for (const auto& name : msg.topicNames) {
        auto& r = resp.responses.emplace_back();
        r.name = name;
        if (!req.authorize(server::AclOperation::Delete, server::ResourceType::Topic, name)) {
            r.errorCode = protocol::wire(protocol::ErrorCode::TopicAuthorizationFailed);
            continue;
        }
        pending->take();
        const size_t index = resp.responses.size() - 1;
        req.services->topics.remove(name, [pending, index, name, peer = req.peer](Status s) {
            pending->resp.responses[index].errorCode = protocol::wire(kafkaError(s, protocol::ErrorCode::RequestTimedOut));
            if (s) spdlog::info("deleted topic '{}'", name);
            else spdlog::info("DeleteTopics '{}' from {}: {}", name, peer, s.message());
            pending->release();
        });
    }
    pending->release();
}

}  // namespace plexus::handlers

#include "broker/server/internal_topics.h"
#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"

#include <nlohmann/json.hpp>

#include "broker/replication/cluster_manager.h"

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
        if (server::isInternalTopic(name)) {
            // The broker rebuilds state from it (groups' offsets, schemas).
            r.errorCode = protocol::wire(protocol::ErrorCode::InvalidTopicException);
            spdlog::info("DeleteTopics '{}' from {} refused: internal topic", name, req.peer);
            continue;
        }
        if (auto* cluster = req.broker->cluster) {
            if (!cluster->state().topic(name)) {
                r.errorCode = protocol::wire(protocol::ErrorCode::UnknownTopicOrPartition);
                continue;
            }
            pending->take();
            const size_t index = resp.responses.size() - 1;
            cluster->submit(nlohmann::json{{"op", "delete_topic"}, {"name", name}}, [pending, index, name](Status s) {
                if (!s) pending->resp.responses[index].errorCode = protocol::wire(kafkaError(s, protocol::ErrorCode::RequestTimedOut));
                else spdlog::info("deleted topic '{}'", name);
                pending->release();
            });
            continue;
        }
        auto res = req.broker->logs().deleteTopic(name);
        r.errorCode = protocol::wire(res.code);
        if (res.ok()) spdlog::info("deleted topic '{}'", name);
        else spdlog::info("DeleteTopics '{}' from {}: {}", name, req.peer, res.message);
    }
    pending->release();
}

}  // namespace plexus::handlers

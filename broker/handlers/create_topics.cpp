#include <set>

#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"
#include "broker/services/topic_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreateTopics(Request req) {
    protocol::CreateTopicsRequest msg;
    if (!req.decode(msg)) return;
    auto pending = std::make_shared<DeferredReply<protocol::CreateTopicsResponse>>();
    pending->req = req;
    protocol::CreateTopicsResponse& resp = pending->resp;
    std::multiset<std::string> names;
    for (const auto& t : msg.topics) names.insert(t.name);
    // As Kafka: CREATE on the cluster allows every topic, else CREATE on each topic.
    const bool clusterCreate = req.authorize(server::AclOperation::Create, server::ResourceType::Cluster, server::kClusterResource);
    for (const auto& t : msg.topics) {
        auto& r = resp.topics.emplace_back();
        r.name = t.name;
        if (!clusterCreate && !req.authorize(server::AclOperation::Create, server::ResourceType::Topic, t.name)) {
            r.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
            r.errorMessage = "not authorized to create topic '" + t.name + "'";
            continue;
        }
        if (names.count(t.name) > 1) {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "topic '" + t.name + "' appears more than once in the request";
            continue;
        }
        services::NewTopic topic;
        topic.name = t.name;
        topic.partitions = t.numPartitions;
        topic.replicationFactor = t.replicationFactor;
        for (const auto& c : t.configs)
            if (c.value) topic.configs[c.name] = *c.value;
        for (const auto& a : t.assignments) topic.assignments.push_back(a.brokerIds);
        pending->take();
        const size_t index = resp.topics.size() - 1;
        req.services->topics.create(std::move(topic), msg.validateOnly,
                                    [pending, index, name = t.name, peer = req.peer, validateOnly = msg.validateOnly](Status s) {
                                        auto& out = pending->resp.topics[index];
                                        if (!s) {
                                            out.errorCode = protocol::wire(kafkaError(s, ErrorCode::RequestTimedOut));
                                            out.errorMessage = s.message();
                                            spdlog::info("CreateTopics '{}' from {}: {}", name, peer, s.message());
                                        } else if (!validateOnly) {
                                            spdlog::info("created topic '{}'", name);
                                        }
                                        pending->release();
                                    });
    }
    pending->release();
}

}  // namespace plexus::handlers

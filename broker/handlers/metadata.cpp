#include <algorithm>

#include "broker/handlers/handler.h"
#include "broker/services/internal_topics.h"
#include "broker/services/replication.h"
#include "broker/services/topic_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::MetadataResponse;

namespace {
/// What this node knows of each partition: the leader it follows (or that
/// reported itself), the leader's term as the epoch, the replica set, and
/// the replicas the leader counts as caught up.
MetadataResponse::Topic describeTopic(const services::Routing& routing, const storage::TopicInfo& info) {
    MetadataResponse::Topic t;
    t.name = info.name;
    t.isInternal = services::reportedInternal(info.name);
    for (int32_t p = 0; p < info.partitionCount; ++p) {
        MetadataResponse::Partition mp;
        mp.partitionIndex = p;
        if (auto v = routing.placement(info.name, p)) {
            mp.leaderId = v->leader;
            mp.leaderEpoch = v->epoch;
            mp.replicaNodes = v->replicas;
            mp.isrNodes = v->isr;
            for (int32_t r : v->replicas)
                if (std::find(v->isr.begin(), v->isr.end(), r) == v->isr.end() && v->leader >= 0)
                    mp.offlineReplicas.push_back(r);
            if (v->leader < 0) mp.errorCode = protocol::wire(ErrorCode::LeaderNotAvailable);
        } else {
            mp.errorCode = protocol::wire(ErrorCode::LeaderNotAvailable);
        }
        t.partitions.push_back(std::move(mp));
    }
    return t;
}
}  // namespace

void handleMetadata(Request req) {
    protocol::MetadataRequest msg;
    if (!req.decode(msg) || refuseWhileFenced(req)) return;
    server::Broker& b = *req.broker;
    MetadataResponse resp;
    const auto& cfg = b.config();
    const auto& routing = req.services->routing;
    for (const auto& n : routing.nodes()) resp.brokers.push_back({n.id, n.host, n.port, std::nullopt});
    resp.clusterId = b.clusterId();
    resp.controllerId = routing.controllerId();
    // While a cluster forms, the controller leader may not be registered yet
    // (its registration is itself a controller entry). Naming a controller
    // that the broker list lacks strands librdkafka: it waits for that broker
    // to appear without asking again, and its admin requests time out
    // "waiting for controller". Every node forwards controller requests to
    // the leader, so this node names itself until the leader is listed, as a
    // KRaft broker names any live broker.
    const bool controllerListed = std::any_of(resp.brokers.begin(), resp.brokers.end(),
                                              [&](const auto& br) { return br.nodeId == resp.controllerId; });
    if (resp.controllerId >= 0 && !controllerListed) resp.controllerId = cfg.nodeId;
    // In a cluster, node-local topics (a `_schemas` left from before the node
    // joined, until the cluster's replaces it) are not listed, so that no
    // client takes them for cluster-wide topics.
    auto listed = [&](const storage::TopicInfo& info) { return routing.lists(info); };
    auto describable = [&](const std::string& name) {
        return req.authorize(server::AclOperation::Describe, server::ResourceType::Topic, name);
    };
    if (!msg.topics || (req.version() == 0 && msg.topics->empty())) {
        // As Kafka: the topics the principal may not DESCRIBE are left out.
        for (const auto& info : b.logs().topics())
            if (listed(info) && describable(info.name)) resp.topics.push_back(describeTopic(routing, info));
    } else {
        for (const auto& want : *msg.topics) {
            if (!describable(want.name)) {
                MetadataResponse::Topic t;
                t.name = want.name;
                t.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
                resp.topics.push_back(std::move(t));
                continue;
            }
            auto info = b.logs().topic(want.name);
            // Auto-creation needs CREATE on the cluster or on the topic, as in Kafka.
            if (!info && msg.allowAutoTopicCreation && cfg.autoCreateTopics &&
                (req.authorize(server::AclOperation::Create, server::ResourceType::Cluster, server::kClusterResource) ||
                 req.authorize(server::AclOperation::Create, server::ResourceType::Topic, want.name))) {
                req.services->topics.autoCreate(want.name);
                info = b.logs().topic(want.name);
            }
            if (info && listed(*info)) {
                resp.topics.push_back(describeTopic(routing, *info));
            } else if (req.services->topics.autoCreating(want.name)) {
                MetadataResponse::Topic t;
                t.name = want.name;
                t.errorCode = protocol::wire(ErrorCode::LeaderNotAvailable);  // being created: retry
                resp.topics.push_back(std::move(t));
            } else {
                MetadataResponse::Topic t;
                t.name = want.name;
                t.errorCode = protocol::wire(storage::validateTopicName(want.name) ? ErrorCode::UnknownTopicOrPartition
                                                                                   : ErrorCode::InvalidTopicException);
                resp.topics.push_back(std::move(t));
            }
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

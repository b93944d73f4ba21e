#include "broker/groups/group_coordinator.h"
#include "broker/groups/offsets_format.h"
#include "broker/handlers/handler.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleFindCoordinator(Request req) {
    protocol::FindCoordinatorRequest msg;
    if (!req.decode(msg) || refuseWhileFenced(req)) return;
    protocol::FindCoordinatorResponse resp;
    auto fail = [&](ErrorCode e, std::string why) {
        resp.errorCode = protocol::wire(e);
        resp.errorMessage = std::move(why);
        resp.nodeId = -1;
        resp.port = -1;
        req.reply(resp);
    };
    if (msg.keyType == static_cast<int8_t>(protocol::CoordinatorType::Transaction))
        return fail(ErrorCode::CoordinatorNotAvailable, "transactions are not supported by this node");
    if (msg.keyType != static_cast<int8_t>(protocol::CoordinatorType::Group))
        return fail(ErrorCode::InvalidRequest, "unknown coordinator key type " + std::to_string(msg.keyType));
    if (msg.key.empty()) return fail(ErrorCode::InvalidRequest, "the group id is empty");
    if (!req.authorize(server::AclOperation::Describe, server::ResourceType::Group, msg.key))
        return fail(ErrorCode::GroupAuthorizationFailed, "not authorized to describe group '" + msg.key + "'");
    // The offsets topic appears with the first group, as in Kafka.
    if (Status s = req.broker->groups().ensureOffsetsTopic(); !s) {
        // In a cluster this is the normal first step (the controller is
        // creating the topic); alone it means the node cannot create it.
        if (req.broker->cluster) spdlog::info("{}", s.message());
        else spdlog::error("{}", s.message());
        return fail(ErrorCode::CoordinatorNotAvailable, s.message());
    }
    const auto& cfg = req.broker->config();
    if (auto* cluster = req.broker->cluster) {
        // In a cluster a group's coordinator is the leader of its offsets
        // partition; the coordinator moves with that leadership.
        const int32_t partition = req.broker->groups().partitionFor(msg.key);
        auto view = cluster->partition(std::string(groups::kOffsetsTopic), partition);
        if (!view || view->leader < 0)
            return fail(ErrorCode::CoordinatorNotAvailable, "the group's offsets partition has no leader yet");
        if (view->leader != cfg.nodeId) {
            auto it = cluster->state().nodes().find(view->leader);
            if (it == cluster->state().nodes().end())
                return fail(ErrorCode::CoordinatorNotAvailable, "the coordinator has not registered yet");
            resp.nodeId = view->leader;
            resp.host = it->second.kafkaHost;
            resp.port = it->second.kafkaPort;
            req.reply(resp);
            return;
        }
    }
    resp.nodeId = cfg.nodeId;
    resp.host = cfg.advertisedHost.empty() ? req.broker->kafkaBound.host : cfg.advertisedHost;
    resp.port = req.broker->kafkaBound.port;
    req.reply(resp);
}

}  // namespace plexus::handlers

#include "broker/groups/group_coordinator.h"
#include "broker/groups/offsets_format.h"
#include "broker/handlers/handler.h"
#include "broker/services/replication.h"

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
    // The offsets topic appears with the first group, as in Kafka. In a
    // cluster the controller creates it (the first ask is answered
    // COORDINATOR_NOT_AVAILABLE, and the client asks again).
    auto& groups = req.services->groups;
    if (Status s = groups.ensureOffsetsTopic(); !s) {
        spdlog::info("{}", s.message());
        return fail(ErrorCode::CoordinatorNotAvailable, s.message());
    }
    // A group's coordinator is the leader of its offsets partition; in a
    // cluster the coordinator moves with that leadership.
    const auto& routing = req.services->routing;
    auto placement = routing.placement(std::string(groups::kOffsetsTopic), groups.partitionFor(msg.key));
    if (!placement || placement->leader < 0)
        return fail(ErrorCode::CoordinatorNotAvailable, "the group's offsets partition has no leader yet");
    for (const auto& n : routing.nodes()) {
        if (n.id != placement->leader) continue;
        resp.nodeId = n.id;
        resp.host = n.host;
        resp.port = n.port;
        req.reply(resp);
        return;
    }
    fail(ErrorCode::CoordinatorNotAvailable, "the coordinator has not registered yet");
}

}  // namespace plexus::handlers

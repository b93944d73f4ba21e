#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleHeartbeat(Request req) {
    protocol::HeartbeatRequest msg;
    if (!req.decode(msg)) return;
    protocol::HeartbeatResponse resp;
    if (!req.authorize(server::AclOperation::Read, server::ResourceType::Group, msg.groupId))
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
    else
        resp.errorCode = protocol::wire(
            req.services->groups.heartbeat(msg.groupId, msg.memberId, msg.groupInstanceId, msg.generationId));
    req.reply(resp);
}

}  // namespace plexus::handlers

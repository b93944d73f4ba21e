#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleLeaveGroup(Request req) {
    protocol::LeaveGroupRequest msg;
    if (!req.decode(msg)) return;
    if (!req.authorize(server::AclOperation::Read, server::ResourceType::Group, msg.groupId)) {
        protocol::LeaveGroupResponse resp;
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
        return req.reply(resp);
    }
    std::vector<groups::LeaveMember> leaving;
    if (req.version() <= 2) leaving.push_back({msg.memberId, std::nullopt});
    else
        for (const auto& m : msg.members) leaving.push_back({m.memberId, m.groupInstanceId});
    auto result = req.services->groups.leave(msg.groupId, leaving);
    protocol::LeaveGroupResponse resp;
    resp.errorCode = protocol::wire(result.error);
    if (req.version() <= 2) {
        // One member: its outcome is the answer.
        if (result.error == protocol::ErrorCode::None && !result.members.empty())
            resp.errorCode = protocol::wire(result.members.front().second);
    } else {
        for (const auto& [m, e] : result.members) resp.members.push_back({m.memberId, m.groupInstanceId, protocol::wire(e)});
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

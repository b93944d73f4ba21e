#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleSyncGroup(Request req) {
    protocol::SyncGroupRequest msg;
    if (!req.decode(msg)) return;
    if (!req.authorize(server::AclOperation::Read, server::ResourceType::Group, msg.groupId)) {
        protocol::SyncGroupResponse resp;
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
        return req.reply(resp);
    }
    groups::SyncRequest sr;
    sr.groupId = msg.groupId;
    sr.generationId = msg.generationId;
    sr.memberId = msg.memberId;
    sr.groupInstanceId = msg.groupInstanceId;
    for (const auto& a : msg.assignments)
        sr.assignments.emplace_back(a.memberId,
                                    std::string(reinterpret_cast<const char*>(a.assignment.data()), a.assignment.size()));
    req.services->groups.sync(std::move(sr), [req](groups::SyncResult r) {
        protocol::SyncGroupResponse resp;
        resp.errorCode = protocol::wire(r.error);
        resp.assignment.data = std::move(r.assignment);
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

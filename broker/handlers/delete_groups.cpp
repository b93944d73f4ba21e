#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleDeleteGroups(Request req) {
    protocol::DeleteGroupsRequest msg;
    if (!req.decode(msg)) return;
    // The groups the principal may DELETE go to the coordinator; the others are answered here.
    std::vector<std::string> allowed, denied;
    for (const auto& id : msg.groupsNames)
        (req.authorize(server::AclOperation::Delete, server::ResourceType::Group, id) ? allowed : denied).push_back(id);
    req.services->groups.deleteGroups(allowed, [req, allowed, denied](std::vector<protocol::ErrorCode> errors) {
        protocol::DeleteGroupsResponse resp;
        for (size_t i = 0; i < allowed.size(); ++i) resp.results.push_back({allowed[i], protocol::wire(errors[i])});
        for (const auto& id : denied)
            resp.results.push_back({id, protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed)});
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

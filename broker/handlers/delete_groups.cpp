#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleDeleteGroups(Request req) {
    protocol::DeleteGroupsRequest msg;
    if (!req.decode(msg)) return;
    auto ids = msg.groupsNames;
    req.broker->groups().deleteGroups(msg.groupsNames, [req, ids](std::vector<protocol::ErrorCode> errors) {
        protocol::DeleteGroupsResponse resp;
        for (size_t i = 0; i < ids.size(); ++i) resp.results.push_back({ids[i], protocol::wire(errors[i])});
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

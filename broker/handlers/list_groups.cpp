#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleListGroups(Request req) {
    protocol::ListGroupsRequest msg;
    if (!req.decode(msg)) return;
    protocol::ListGroupsResponse resp;
    for (const auto& g : req.broker->groups().listGroups()) resp.groups.push_back({g.groupId, g.protocolType});
    req.reply(resp);
}

}  // namespace plexus::handlers

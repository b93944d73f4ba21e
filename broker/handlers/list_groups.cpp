#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleListGroups(Request req) {
    protocol::ListGroupsRequest msg;
    if (!req.decode(msg)) return;
    protocol::ListGroupsResponse resp;
    // As Kafka: DESCRIBE on the cluster lists every group, else only the
    // groups the principal may DESCRIBE.
    const bool all = req.authorize(server::AclOperation::Describe, server::ResourceType::Cluster, server::kClusterResource);
    for (const auto& g : req.services->groups.listGroups())
        if (all || req.authorize(server::AclOperation::Describe, server::ResourceType::Group, g.groupId))
            resp.groups.push_back({g.groupId, g.protocolType});
    req.reply(resp);
}

}  // namespace plexus::handlers

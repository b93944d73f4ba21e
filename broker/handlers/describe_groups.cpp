#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

void handleDescribeGroups(Request req) {
    protocol::DescribeGroupsRequest msg;
    if (!req.decode(msg)) return;
    protocol::DescribeGroupsResponse resp;
    for (const auto& id : msg.groups) {
        auto& g = resp.groups.emplace_back();
        g.groupId = id;
        if (!req.authorize(server::AclOperation::Describe, server::ResourceType::Group, id)) {
            g.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
            continue;
        }
        if (!req.services->groups.coordinates(id)) {
            g.errorCode = protocol::wire(protocol::ErrorCode::NotCoordinator);
            continue;
        }
        auto d = req.services->groups.describe(id);
        g.groupState = groups::stateName(d.state);
        g.protocolType = d.protocolType;
        g.protocolData = d.protocol;
        for (auto& m : d.members)
            g.members.push_back({m.memberId, m.groupInstanceId, m.clientId, m.clientHost, protocol::Bytes{std::move(m.metadata)},
                                 protocol::Bytes{std::move(m.assignment)}});
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

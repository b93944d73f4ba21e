#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

namespace {

/// Kafka reports a client's address as "/host".
std::string clientHost(const std::string& peer) {
    auto colon = peer.rfind(':');
    return "/" + (colon == std::string::npos ? peer : peer.substr(0, colon));
}

}  // namespace

void handleJoinGroup(Request req) {
    protocol::JoinGroupRequest msg;
    if (!req.decode(msg)) return;
    if (!req.authorize(server::AclOperation::Read, server::ResourceType::Group, msg.groupId)) {
        protocol::JoinGroupResponse resp;
        resp.errorCode = protocol::wire(protocol::ErrorCode::GroupAuthorizationFailed);
        resp.memberId = msg.memberId;
        return req.reply(resp);
    }
    groups::JoinRequest jr;
    jr.groupId = msg.groupId;
    jr.memberId = msg.memberId;
    jr.groupInstanceId = msg.groupInstanceId;
    jr.clientId = req.header.clientId.value_or("");
    jr.clientHost = clientHost(req.peer);
    jr.sessionTimeoutMs = msg.sessionTimeoutMs;
    jr.rebalanceTimeoutMs = msg.rebalanceTimeoutMs < 0 ? msg.sessionTimeoutMs : msg.rebalanceTimeoutMs;
    jr.protocolType = msg.protocolType;
    for (const auto& p : msg.protocols)
        jr.protocols.emplace_back(p.name, std::string(reinterpret_cast<const char*>(p.metadata.data()), p.metadata.size()));
    jr.requireKnownMemberId = req.version() >= 4;
    req.services->groups.join(std::move(jr), [req](groups::JoinResult r) {
        protocol::JoinGroupResponse resp;
        resp.errorCode = protocol::wire(r.error);
        resp.generationId = r.generationId;
        resp.protocolName = std::move(r.protocolName);
        resp.leader = std::move(r.leader);
        resp.memberId = std::move(r.memberId);
        for (auto& m : r.members)
            resp.members.push_back({std::move(m.memberId), std::move(m.groupInstanceId), protocol::Bytes{std::move(m.metadata)}});
        req.reply(resp);
    });
}

}  // namespace plexus::handlers

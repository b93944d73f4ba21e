#include "broker/handlers/handler.h"
#include "broker/services/replication.h"

#include <algorithm>

namespace plexus::handlers {

using protocol::ApiKey;

const std::vector<HandlerInfo>& handlerRegistry() {
    // Version ranges: BRIEF §2. The minimum is set by kafka-python 2.0.2, which
    // does not negotiate; the maximum is the last non-flexible version.
    static const std::vector<HandlerInfo> registry = [] {
        std::vector<HandlerInfo> r = {
            {ApiKey::Produce, 3, 8, &handleProduce},
            {ApiKey::Fetch, 4, 11, &handleFetch},
            {ApiKey::ListOffsets, 1, 5, &handleListOffsets},
            {ApiKey::Metadata, 0, 8, &handleMetadata},  // v0 too: kafka-python probes with it
            {ApiKey::ApiVersions, 0, 3, &handleApiVersions},
            {ApiKey::CreateTopics, 0, 4, &handleCreateTopics},
            {ApiKey::DeleteTopics, 0, 3, &handleDeleteTopics},
            {ApiKey::DeleteRecords, 0, 1, &handleDeleteRecords},
            {ApiKey::InitProducerId, 0, 1, &handleInitProducerId},
            {ApiKey::OffsetForLeaderEpoch, 0, 3, &handleOffsetForLeaderEpoch},
            {ApiKey::DescribeConfigs, 0, 3, &handleDescribeConfigs},
            {ApiKey::AlterConfigs, 0, 1, &handleAlterConfigs},
            {ApiKey::CreatePartitions, 0, 1, &handleCreatePartitions},
            {ApiKey::OffsetCommit, 2, 7, &handleOffsetCommit},
            {ApiKey::OffsetFetch, 1, 5, &handleOffsetFetch},
            {ApiKey::FindCoordinator, 0, 2, &handleFindCoordinator},
            {ApiKey::JoinGroup, 2, 5, &handleJoinGroup},
            {ApiKey::Heartbeat, 1, 3, &handleHeartbeat},
            {ApiKey::LeaveGroup, 1, 3, &handleLeaveGroup},
            {ApiKey::SyncGroup, 1, 3, &handleSyncGroup},
            {ApiKey::DescribeGroups, 0, 4, &handleDescribeGroups},
            {ApiKey::ListGroups, 0, 2, &handleListGroups},
            {ApiKey::DeleteGroups, 0, 1, &handleDeleteGroups},
            {ApiKey::OffsetDelete, 0, 0, &handleOffsetDelete},
        };
        std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
        return r;
    }();
    return registry;
}

const HandlerInfo* findHandler(int16_t apiKey) {
    for (const auto& h : handlerRegistry())
        if (static_cast<int16_t>(h.key) == apiKey) return &h;
    return nullptr;
}

void Request::sendFrame(std::vector<uint8_t> bytes) const {
    if (auto s = sink.lock()) s->send(slot, std::move(bytes));
}

void Request::noReply() const {
    if (auto s = sink.lock()) s->skip(slot);
}

void Request::fail(const std::string& why) const {
    if (auto s = sink.lock()) s->abort(slot, why);
}

void Request::refuse(const std::string& why) const {
    if (auto s = sink.lock()) s->refuse(slot, why);
}

bool Request::authorize(server::AclOperation op, server::ResourceType type, std::string_view name) const {
    // The peer is "host:port"; ACLs name the host.
    const std::string_view host = std::string_view(peer).substr(0, peer.rfind(':'));
    if (services->authorizer.authorize(principal, host, server::Action{op, type, name})) return true;
    spdlog::info("{} from {} denied: {} may not {} {} '{}'", protocol::apiName(header.apiKey), peer, principal.str(),
                 server::operationName(op), server::resourceTypeName(type), name);
    return false;
}

protocol::ErrorCode Request::authorizationError(server::ResourceType type) {
    switch (type) {
    case server::ResourceType::Topic: return protocol::ErrorCode::TopicAuthorizationFailed;
    case server::ResourceType::Group: return protocol::ErrorCode::GroupAuthorizationFailed;
    case server::ResourceType::Cluster:
    case server::ResourceType::TransactionalId: return protocol::ErrorCode::ClusterAuthorizationFailed;
    }
    return protocol::ErrorCode::ClusterAuthorizationFailed;
}

protocol::ErrorCode Request::authorizeConfigs(server::AclOperation op, bool isTopic, const std::string& name) const {
    const auto type = isTopic ? server::ResourceType::Topic : server::ResourceType::Cluster;
    if (authorize(op, type, isTopic ? std::string_view(name) : server::kClusterResource)) return protocol::ErrorCode::None;
    return authorizationError(type);
}

bool allowedBeforeAuthentication(int16_t apiKey) { return apiKey == static_cast<int16_t>(ApiKey::ApiVersions); }

bool refuseWhileFenced(const Request& req) {
    auto why = req.services->routing.fenced();
    if (!why) return false;
    req.refuse(*why + "; its " + std::string(protocol::apiName(req.header.apiKey)) + " answer would be stale");
    return true;
}

std::optional<server::Dispatcher::Versions> KafkaDispatcher::versions(int16_t apiKey) const {
    const HandlerInfo* h = findHandler(apiKey);
    if (!h) return std::nullopt;
    return Versions{h->minVersion, h->maxVersion};
}

std::vector<uint8_t> KafkaDispatcher::unsupportedApiVersionsFrame(int32_t correlationId) const {
    return handlers::unsupportedApiVersionsFrame(correlationId);
}

void KafkaDispatcher::dispatch(server::IncomingRequest in) {
    const HandlerInfo* h = findHandler(in.header.apiKey);
    if (!h) return;  // the session checked the key
    Request req;
    static_cast<server::IncomingRequest&>(req) = std::move(in);
    req.broker = &m_services.core;
    req.services = &m_services;
    h->handle(std::move(req));
}

}  // namespace plexus::handlers

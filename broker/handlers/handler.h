#pragma once
// The Kafka API handlers: one file per API, one registry (handlers.cpp) that
// feeds both request dispatch and the ApiVersions answer, so the two cannot
// disagree.
//
// A handler runs on the network thread. It decodes its request, authorizes
// it (Request::authorize), calls a service (Services: partitions, topics,
// routing, groups) and encodes the answer, exactly once through
// Request::reply(), possibly later from a posted completion (Produce waits
// for durability, Fetch may long-poll). Produce with acks=0 answers with
// Request::noReply(). Handlers never see a PartitionLog or the cluster: the
// services are the same on a node alone and in a cluster.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/messages.h"
#include "broker/protocol/request.h"
#include "broker/server/broker.h"
#include "broker/server/dispatch.h"

namespace plexus::groups {
class GroupCoordinator;
}
namespace plexus::services {
class PartitionService;
class TopicService;
class Routing;
}  // namespace plexus::services

namespace plexus::handlers {

/// What the handlers work through, built by the node's composition root.
struct Services {
    server::Broker& core;  ///< config, metrics, io, parked fetches, producer ids, topic listing
    server::Authorizer& authorizer;
    services::PartitionService& partitions;
    services::TopicService& topics;
    services::Routing& routing;
    groups::GroupCoordinator& groups;
};

struct Request : server::IncomingRequest {
    server::Broker* broker = nullptr;  ///< &services->core
    Services* services = nullptr;

    int16_t version() const { return header.apiVersion; }

    /// The authorize step: whether this request's principal may perform
    /// `op` on the resource. A denial is logged; the handler answers it with
    /// the resource's *_AUTHORIZATION_FAILED code (authorizationError()).
    bool authorize(server::AclOperation op, server::ResourceType type, std::string_view name) const;
    /// DescribeConfigs/AlterConfigs: `op` on a config resource (a topic, or
    /// a broker, which Kafka checks as the cluster). None, or the denial's code.
    protocol::ErrorCode authorizeConfigs(server::AclOperation op, bool isTopic, const std::string& name) const;
    /// Kafka's code for a denial on a resource of `type`.
    static protocol::ErrorCode authorizationError(server::ResourceType type);

    /// Decodes the body; on malformed input logs once and closes the connection.
    template <class Msg> bool decode(Msg& msg) {
        protocol::Reader r(body);
        if (!protocol::decodeMessage(r, msg, header.apiVersion, flexible)) {
            fail(std::string("malformed ") + std::string(protocol::apiName(header.apiKey)) + " v" +
                 std::to_string(header.apiVersion) + " request: " + r.error());
            return false;
        }
        if (r.remaining() != 0) {
            fail(std::string("malformed ") + std::string(protocol::apiName(header.apiKey)) + " request: " +
                 std::to_string(r.remaining()) + " trailing bytes");
            return false;
        }
        return true;
    }

    template <class Msg> void reply(const Msg& msg, size_t sizeHint = 0) const {
        sendFrame(protocol::encodeResponseFrame(header.correlationId, header.apiKey, header.apiVersion, flexible, msg, sizeHint));
    }
    void sendFrame(std::vector<uint8_t> bytes) const;
    void noReply() const;
    /// Malformed or forbidden input: logs, counts a protocol error, closes.
    void fail(const std::string& why) const;
    /// Closes the connection without answering, for a request that this
    /// node should not answer now (see refuseWhileFenced).
    void refuse(const std::string& why) const;
};

/// In a cluster, a node cut off from the controller's majority
/// (ClusterManager::fenced) does not answer routing questions (Metadata,
/// FindCoordinator): its leaders are stale, and a client that keeps asking it
/// would never find the new ones. It closes the connection instead, and the
/// client asks another node, as after any broken connection. True when the
/// request was refused.
bool refuseWhileFenced(const Request& req);

using HandlerFn = void (*)(Request req);

struct HandlerInfo {
    protocol::ApiKey key;
    int16_t minVersion;
    int16_t maxVersion;
    HandlerFn handle;
};

/// The authenticate step: the APIs a session answers before its client has
/// authenticated (ApiVersions; the SASL exchange once it exists). Every
/// other request on an unauthenticated session closes the connection.
bool allowedBeforeAuthentication(int16_t apiKey);

/// The handlers as the Kafka sessions see them (server/dispatch.h).
class KafkaDispatcher final : public server::Dispatcher {
public:
    explicit KafkaDispatcher(Services services) : m_services(services) {}
    std::optional<Versions> versions(int16_t apiKey) const override;
    bool allowedBeforeAuthentication(int16_t apiKey) const override { return handlers::allowedBeforeAuthentication(apiKey); }
    std::vector<uint8_t> unsupportedApiVersionsFrame(int32_t correlationId) const override;
    void dispatch(server::IncomingRequest request) override;

private:
    Services m_services;
};

/// Every API plexusd serves, sorted by key.
const std::vector<HandlerInfo>& handlerRegistry();
const HandlerInfo* findHandler(int16_t apiKey);

// One function per API, each in its own file.
void handleProduce(Request req);
void handleFetch(Request req);
void handleListOffsets(Request req);
void handleMetadata(Request req);
void handleApiVersions(Request req);
void handleCreateTopics(Request req);
void handleDeleteTopics(Request req);
void handleDeleteRecords(Request req);
void handleOffsetForLeaderEpoch(Request req);
void handleInitProducerId(Request req);
void handleDescribeConfigs(Request req);
void handleAlterConfigs(Request req);
void handleCreatePartitions(Request req);
void handleFindCoordinator(Request req);
void handleJoinGroup(Request req);
void handleSyncGroup(Request req);
void handleHeartbeat(Request req);
void handleLeaveGroup(Request req);
void handleOffsetCommit(Request req);
void handleOffsetFetch(Request req);
void handleDescribeGroups(Request req);
void handleListGroups(Request req);
void handleDeleteGroups(Request req);
void handleOffsetDelete(Request req);

/// A response completed by several asynchronous steps (e.g. one controller
/// change per topic): each step holds a share; the reply goes when the
/// last share is released. Starts with one share, for the handler itself.
template <class Response>
struct DeferredReply {
    Request req;
    Response resp;
    size_t shares = 1;
    void take() { ++shares; }
    void release() {
        if (--shares == 0) req.reply(resp);
    }
};

/// The ApiVersions response for an ApiVersions version we do not serve:
/// error 35 and our list, in the v0 layout.
std::vector<uint8_t> unsupportedApiVersionsFrame(int32_t correlationId);

}  // namespace plexus::handlers

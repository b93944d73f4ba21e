#include "broker/server/internal_topics.h"
#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"

#include <nlohmann/json.hpp>

#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreatePartitions(Request req) {
    protocol::CreatePartitionsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    auto pending = std::make_shared<DeferredReply<protocol::CreatePartitionsResponse>>();
    pending->req = req;
    auto& resp = pending->resp;
    for (const auto& t : msg.topics) {
        auto& r = resp.results.emplace_back();
        r.name = t.name;
        if (!req.authorize(server::AclOperation::Alter, server::ResourceType::Topic, t.name)) {
            r.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
            r.errorMessage = "not authorized to alter topic '" + t.name + "'";
            continue;
        }
        if (server::isInternalTopic(t.name)) {
            // Keys map to partitions by hash modulo the count (groups, the
            // registry's one partition); a new count would lose them.
            r.errorCode = protocol::wire(ErrorCode::InvalidPartitions);
            r.errorMessage = "the partition count of internal topic " + t.name + " cannot change";
            continue;
        }
        if (b.cluster) {
            if (t.assignments) {
                r.errorCode = protocol::wire(ErrorCode::InvalidReplicaAssignment);
                r.errorMessage = "explicit assignments for new partitions are not supported; the controller places them";
                continue;
            }
            if (msg.validateOnly) continue;
            pending->take();
            const size_t index = resp.results.size() - 1;
            b.cluster->submit(nlohmann::json{{"op", "create_partitions"}, {"name", t.name}, {"partitions", t.count}},
                              [pending, index, name = t.name, count = t.count](Status s) {
                                  auto& out = pending->resp.results[index];
                                  if (!s) {
                                      out.errorCode = protocol::wire(kafkaError(s, protocol::ErrorCode::RequestTimedOut));
                                      out.errorMessage = s.message();
                                  } else {
                                      spdlog::info("topic '{}' now has {} partitions", name, count);
                                  }
                                  pending->release();
                              });
            continue;
        }
        if (t.assignments) {
            bool ok = true;
            for (const auto& a : *t.assignments)
                if (a.brokerIds.size() != 1 || a.brokerIds[0] != b.config().nodeId) ok = false;
            if (!ok) {
                r.errorCode = protocol::wire(ErrorCode::InvalidReplicaAssignment);
                r.errorMessage = "new partitions can only be assigned to node " + std::to_string(b.config().nodeId);
                continue;
            }
        }
        auto res = b.logs().createPartitions(t.name, t.count, msg.validateOnly);
        r.errorCode = protocol::wire(res.code);
        if (!res.ok()) r.errorMessage = res.message;
        else if (!msg.validateOnly) spdlog::info("topic '{}' now has {} partitions", t.name, t.count);
    }
    pending->release();
}

}  // namespace plexus::handlers

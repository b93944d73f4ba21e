#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleInitProducerId(Request req) {
    protocol::InitProducerIdRequest msg;
    if (!req.decode(msg)) return;
    protocol::InitProducerIdResponse resp;
    if (msg.transactionalId) {
        // Transactions need a transaction coordinator, which this node lacks.
        resp.errorCode = protocol::wire(ErrorCode::InvalidRequest);
        spdlog::info("InitProducerId from {} asked for transactional id '{}': transactions are not supported", req.peer,
                     *msg.transactionalId);
        req.reply(resp);
        return;
    }
    // Kafka 2.8+: IDEMPOTENT_WRITE on the cluster, or WRITE on any topic (the security work checks the latter).
    if (!req.authorize(server::AclOperation::IdempotentWrite, server::ResourceType::Cluster, server::kClusterResource)) {
        resp.errorCode = protocol::wire(ErrorCode::ClusterAuthorizationFailed);
        return req.reply(resp);
    }
    auto id = req.broker->allocateProducerId();
    if (!id) {
        resp.errorCode = protocol::wire(ErrorCode::KafkaStorageError);
        spdlog::error("cannot allocate a producer id: {}", id.message());
    } else {
        resp.producerId = id.value();
        resp.producerEpoch = 0;
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

#include "broker/handlers/handler.h"
#include "broker/services/partition_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::ProduceResponse;

namespace {

/// Shared by the per-partition completions of one Produce request.
struct ProduceState {
    Request req;
    ProduceResponse resp;
    size_t outstanding = 0;
    bool acks0 = false;
    void finishOne() {
        if (--outstanding == 0 && !acks0) req.reply(resp);
    }
};

void setError(ProduceResponse::PartitionResponse& pr, ErrorCode code, std::string message) {
    pr.errorCode = protocol::wire(code);
    pr.errorMessage = std::move(message);
}

}  // namespace

// Produce (0): decode, authorize each topic (WRITE; CREATE for
// auto-creation), then one PartitionService::produce per partition; the
// answer goes once every partition has completed.
void handleProduce(Request req) {
    protocol::ProduceRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    auto& partitions = req.services->partitions;
    auto state = std::make_shared<ProduceState>();
    state->req = req;
    state->acks0 = msg.acks == 0;
    state->outstanding = 1;  // released at the end of this function

    const bool badAcks = msg.acks != 0 && msg.acks != 1 && msg.acks != -1;
    for (const auto& td : msg.topicData) {
        auto& tr = state->resp.responses.emplace_back();
        tr.name = td.name;
        for (const auto& pd : td.partitionData) {
            auto& pr = tr.partitionResponses.emplace_back();
            pr.index = pd.index;
        }
    }
    for (size_t ti = 0; ti < msg.topicData.size(); ++ti) {
        const auto& td = msg.topicData[ti];
        const bool allowed = req.authorize(server::AclOperation::Write, server::ResourceType::Topic, td.name);
        // Auto-creation needs CREATE on the cluster or on the topic, as in Kafka.
        const bool mayCreate =
            allowed && (b.logs().topic(td.name) || !b.config().autoCreateTopics ||
                        req.authorize(server::AclOperation::Create, server::ResourceType::Cluster, server::kClusterResource) ||
                        req.authorize(server::AclOperation::Create, server::ResourceType::Topic, td.name));
        for (size_t pi = 0; pi < td.partitionData.size(); ++pi) {
            const auto& pd = td.partitionData[pi];
            auto& pr = state->resp.responses[ti].partitionResponses[pi];
            if (badAcks) {
                setError(pr, ErrorCode::InvalidRequiredAcks, "acks must be 0, 1 or -1, got " + std::to_string(msg.acks));
                continue;
            }
            if (msg.transactionalId) {
                setError(pr, ErrorCode::InvalidRequest, "transactions are not supported by this node");
                continue;
            }
            if (!allowed) {
                setError(pr, ErrorCode::TopicAuthorizationFailed, "not authorized to write to topic '" + td.name + "'");
                continue;
            }
            state->outstanding++;
            const protocol::BytesView records = pd.records ? *pd.records : protocol::BytesView{};
            partitions.produce(td.name, pd.index, records, msg.acks, msg.timeoutMs, mayCreate, req.peer,
                               [state, ti, pi](services::PartitionService::ProduceResult r) {
                                   auto& out = state->resp.responses[ti].partitionResponses[pi];
                                   out.logStartOffset = r.logStartOffset;
                                   if (r.code == ErrorCode::None) {
                                       out.baseOffset = r.baseOffset;
                                   } else {
                                       setError(out, r.code, std::move(r.message));
                                       for (auto& [index, why] : r.recordErrors) out.recordErrors.push_back({index, std::move(why)});
                                   }
                                   state->finishOne();
                               });
        }
    }
    if (state->acks0) req.noReply();
    state->finishOne();
}

}  // namespace plexus::handlers

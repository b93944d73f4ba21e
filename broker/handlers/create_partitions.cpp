#include "broker/groups/offsets_format.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreatePartitions(Request req) {
    protocol::CreatePartitionsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    protocol::CreatePartitionsResponse resp;
    for (const auto& t : msg.topics) {
        auto& r = resp.results.emplace_back();
        r.name = t.name;
        if (groups::isInternalTopic(t.name)) {
            // Groups map to partitions by hash modulo the count; a new count would lose them.
            r.errorCode = protocol::wire(ErrorCode::InvalidPartitions);
            r.errorMessage = "the partition count of internal topic " + t.name + " cannot change";
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
    req.reply(resp);
}

}  // namespace plexus::handlers

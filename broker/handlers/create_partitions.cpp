#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"
#include "broker/services/topic_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;

void handleCreatePartitions(Request req) {
    protocol::CreatePartitionsRequest msg;
    if (!req.decode(msg)) return;
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
        std::optional<std::vector<std::vector<int32_t>>> assignments;
        if (t.assignments) {
            assignments.emplace();
            for (const auto& a : *t.assignments) assignments->push_back(a.brokerIds);
        }
        pending->take();
        const size_t index = resp.results.size() - 1;
        req.services->topics.addPartitions(
            t.name, t.count, assignments, msg.validateOnly,
            [pending, index, name = t.name, count = t.count, validateOnly = msg.validateOnly](Status s) {
                auto& out = pending->resp.results[index];
                if (!s) {
                    out.errorCode = protocol::wire(kafkaError(s, ErrorCode::RequestTimedOut));
                    out.errorMessage = s.message();
                } else if (!validateOnly) {
                    spdlog::info("topic '{}' now has {} partitions", name, count);
                }
                pending->release();
            });
    }
    pending->release();
}

}  // namespace plexus::handlers

#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"

#include "broker/services/topic_service.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::ResourceType;

void handleAlterConfigs(Request req) {
    protocol::AlterConfigsRequest msg;
    if (!req.decode(msg)) return;
    auto pending = std::make_shared<DeferredReply<protocol::AlterConfigsResponse>>();
    pending->req = req;
    auto& resp = pending->resp;
    for (const auto& res : msg.resources) {
        auto& r = resp.responses.emplace_back();
        r.resourceType = res.resourceType;
        r.resourceName = res.resourceName;
        const bool isTopic = res.resourceType == static_cast<int8_t>(ResourceType::Topic);
        if (ErrorCode denied = req.authorizeConfigs(server::AclOperation::AlterConfigs, isTopic, res.resourceName);
            denied != ErrorCode::None) {
            r.errorCode = protocol::wire(denied);
            r.errorMessage = "not authorized to alter the configs of '" + res.resourceName + "'";
            continue;
        }
        if (isTopic) {
            storage::TopicConfig::Overrides overrides;
            for (const auto& c : res.configs)
                if (c.value) overrides[c.name] = *c.value;
            pending->take();
            const size_t index = resp.responses.size() - 1;
            req.services->topics.alterConfigs(
                res.resourceName, overrides, msg.validateOnly,
                [pending, index, name = res.resourceName, validateOnly = msg.validateOnly](Status s) {
                    auto& out = pending->resp.responses[index];
                    if (!s) {
                        out.errorCode = protocol::wire(kafkaError(s, ErrorCode::RequestTimedOut));
                        out.errorMessage = s.message();
                    } else if (!validateOnly) {
                        spdlog::info("altered configs of topic '{}'", name);
                    }
                    pending->release();
                });
        } else if (res.resourceType == static_cast<int8_t>(ResourceType::Broker)) {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "node configuration is static: edit the config file and restart the node";
        } else {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "resource type " + std::to_string(res.resourceType) + " has no configs here";
        }
    }
    pending->release();
}

}  // namespace plexus::handlers

#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::ResourceType;

void handleAlterConfigs(Request req) {
    protocol::AlterConfigsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    protocol::AlterConfigsResponse resp;
    for (const auto& res : msg.resources) {
        auto& r = resp.responses.emplace_back();
        r.resourceType = res.resourceType;
        r.resourceName = res.resourceName;
        if (res.resourceType == static_cast<int8_t>(ResourceType::Topic)) {
            storage::TopicConfig::Overrides overrides;
            for (const auto& c : res.configs)
                if (c.value) overrides[c.name] = *c.value;
            auto out = b.logs().alterConfigs(res.resourceName, overrides, msg.validateOnly);
            r.errorCode = protocol::wire(out.code);
            if (!out.ok()) r.errorMessage = out.message;
            else if (!msg.validateOnly) spdlog::info("altered configs of topic '{}' ({} overrides)", res.resourceName, overrides.size());
        } else if (res.resourceType == static_cast<int8_t>(ResourceType::Broker)) {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "node configuration is static: edit the config file and restart the node";
        } else {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "resource type " + std::to_string(res.resourceType) + " has no configs here";
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

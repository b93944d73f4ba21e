#include "broker/handlers/errors.h"
#include "broker/handlers/handler.h"

#include <nlohmann/json.hpp>

#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::ResourceType;

void handleAlterConfigs(Request req) {
    protocol::AlterConfigsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
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
            if (b.cluster && b.cluster->state().topic(res.resourceName)) {
                if (Status s = storage::TopicConfig::validate(overrides); !s) {
                    r.errorCode = protocol::wire(ErrorCode::InvalidConfig);
                    r.errorMessage = s.message();
                    continue;
                }
                if (msg.validateOnly) continue;
                pending->take();
                const size_t index = resp.responses.size() - 1;
                b.cluster->submit(nlohmann::json{{"op", "alter_configs"}, {"name", res.resourceName}, {"configs", overrides}},
                                  [pending, index, name = res.resourceName](Status s) {
                                      auto& out = pending->resp.responses[index];
                                      if (!s) {
                                          out.errorCode = protocol::wire(kafkaError(s, protocol::ErrorCode::RequestTimedOut));
                                          out.errorMessage = s.message();
                                      } else {
                                          spdlog::info("altered configs of topic '{}'", name);
                                      }
                                      pending->release();
                                  });
                continue;
            }
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
    pending->release();
}

}  // namespace plexus::handlers

#include <algorithm>

#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ConfigSource;
using protocol::ErrorCode;
using protocol::ResourceType;

namespace {
bool wanted(const std::optional<std::vector<std::string>>& keys, const std::string& name) {
    return !keys || keys->empty() || std::find(keys->begin(), keys->end(), name) != keys->end();
}
}  // namespace

void handleDescribeConfigs(Request req) {
    protocol::DescribeConfigsRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    protocol::DescribeConfigsResponse resp;
    for (const auto& res : msg.resources) {
        auto& r = resp.results.emplace_back();
        r.resourceType = res.resourceType;
        r.resourceName = res.resourceName;
        const bool isTopic = res.resourceType == static_cast<int8_t>(ResourceType::Topic);
        if (ErrorCode denied = req.authorizeConfigs(server::AclOperation::DescribeConfigs, isTopic, res.resourceName);
            denied != ErrorCode::None) {
            r.errorCode = protocol::wire(denied);
            r.errorMessage = "not authorized to describe the configs of '" + res.resourceName + "'";
            continue;
        }
        if (isTopic) {
            auto info = b.logs().topic(res.resourceName);
            if (!info) {
                r.errorCode = protocol::wire(ErrorCode::UnknownTopicOrPartition);
                r.errorMessage = "topic '" + res.resourceName + "' does not exist";
                continue;
            }
            for (const auto& e : info->config.describe()) {
                if (!wanted(res.configurationKeys, e.name)) continue;
                auto& c = r.configs.emplace_back();
                c.name = e.name;
                c.value = e.value;
                c.isDefault = e.isDefault;
                c.configSource = static_cast<int8_t>(e.isDefault ? ConfigSource::Default : ConfigSource::DynamicTopic);
                c.configType = e.type;
                if (msg.includeSynonyms)
                    c.synonyms.push_back({e.name, e.value, c.configSource});
            }
        } else if (res.resourceType == static_cast<int8_t>(ResourceType::Broker)) {
            if (!res.resourceName.empty() && res.resourceName != std::to_string(b.config().nodeId)) {
                r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
                r.errorMessage = "this is node " + std::to_string(b.config().nodeId) + ", not '" + res.resourceName + "'";
                continue;
            }
            for (const auto& [k, v] : b.config().asMap()) {
                if (!wanted(res.configurationKeys, k)) continue;
                auto& c = r.configs.emplace_back();
                c.name = k;
                c.value = v;
                c.readOnly = true;
                c.configSource = static_cast<int8_t>(ConfigSource::StaticBroker);
                c.configType = static_cast<int8_t>(protocol::ConfigType::String);
            }
        } else {
            r.errorCode = protocol::wire(ErrorCode::InvalidRequest);
            r.errorMessage = "resource type " + std::to_string(res.resourceType) + " has no configs here";
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

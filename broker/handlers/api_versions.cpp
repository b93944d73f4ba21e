#include "broker/handlers/handler.h"

namespace plexus::handlers {

namespace {
protocol::ApiVersionsResponse supported() {
    protocol::ApiVersionsResponse resp;
    for (const auto& h : handlerRegistry())
        resp.apiKeys.push_back({static_cast<int16_t>(h.key), h.minVersion, h.maxVersion});
    return resp;
}
}  // namespace

void handleApiVersions(Request req) {
    protocol::ApiVersionsRequest msg;
    if (!req.decode(msg)) return;
    req.reply(supported());
}

std::vector<uint8_t> unsupportedApiVersionsFrame(int32_t correlationId) {
    auto resp = supported();
    resp.errorCode = protocol::wire(protocol::ErrorCode::UnsupportedVersion);
    return protocol::encodeResponseFrame(correlationId, static_cast<int16_t>(protocol::ApiKey::ApiVersions), 0, false, resp);
}

}  // namespace plexus::handlers

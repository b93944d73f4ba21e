#pragma once
// The seam between a Kafka session and the request handlers. The session
// frames a request, parses its header, checks the version against the
// Dispatcher and authentication, and hands it on as an IncomingRequest; the
// handlers (broker/handlers) implement Dispatcher and answer through the
// ResponseSink. The server module thus knows no handler, and the node's
// composition root connects the two.
//
// Threading: network thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/request.h"
#include "broker/protocol/wire.h"
#include "broker/server/authorizer.h"

namespace plexus::server {

/// Where a handler's answer goes. Implemented by the Kafka session.
class ResponseSink {
public:
    virtual ~ResponseSink() = default;
    virtual void send(uint64_t slot, std::vector<uint8_t> frame) = 0;
    virtual void skip(uint64_t slot) = 0;                           // no response (acks=0)
    virtual void abort(uint64_t slot, const std::string& why) = 0;  // close the connection (bad input)
    virtual void refuse(uint64_t slot, const std::string& why) = 0; // close it, the client did nothing wrong
};

/// One request as its session read it: the header parsed, the body not.
struct IncomingRequest {
    protocol::RequestHeader header;
    bool flexible = false;
    std::shared_ptr<std::vector<uint8_t>> frame;  ///< owns the bytes `body` points into
    protocol::BytesView body;
    std::string peer;
    /// Who sent it: the session's authenticated principal.
    Principal principal;
    std::chrono::steady_clock::time_point received;
    std::weak_ptr<ResponseSink> sink;
    uint64_t slot = 0;
};

class Dispatcher {
public:
    virtual ~Dispatcher() = default;
    struct Versions {
        int16_t min = 0, max = 0;
    };
    /// The versions served of `apiKey`; nullopt for an API not served.
    virtual std::optional<Versions> versions(int16_t apiKey) const = 0;
    /// The authenticate step: the APIs answered before the client has
    /// authenticated (ApiVersions; the SASL exchange once it exists).
    virtual bool allowedBeforeAuthentication(int16_t apiKey) const = 0;
    /// The ApiVersions answer for an ApiVersions version not served.
    virtual std::vector<uint8_t> unsupportedApiVersionsFrame(int32_t correlationId) const = 0;
    /// Handles the request; it answers exactly once through its sink.
    virtual void dispatch(IncomingRequest request) = 0;
};

}  // namespace plexus::server

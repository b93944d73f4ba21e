#pragma once
// Request framing: the header that precedes every request body, and the
// response frame (length prefix + header + body).
#include <cstdint>
#include <string>
#include <vector>

#include "broker/protocol/codec.h"
#include "broker/protocol/messages.h"

namespace plexus::protocol {

/// Parses the fixed part of a request header (key, version, correlation id,
/// client id). `flexible` is set when the API version uses flexible encoding,
/// in which case the header continues with a tagged-field section that
/// skipHeaderTags() consumes. Split in two so that a request at a version we
/// do not serve can be answered or refused without trusting its layout.
bool parseRequestHeaderFixed(Reader& r, RequestHeader& h, bool& flexible);
bool skipHeaderTags(Reader& r);

/// Both steps at once.
inline bool parseRequestHeader(Reader& r, RequestHeader& h, bool& flexible) {
    if (!parseRequestHeaderFixed(r, h, flexible)) return false;
    return !flexible || skipHeaderTags(r);
}

/// Response header layout: v0 is the correlation id alone, v1 adds tagged
/// fields. ApiVersions always answers with v0 so that a client can read the
/// error of a version it sent too new.
inline bool responseHeaderIsFlexible(int16_t apiKey, bool requestFlexible) {
    return requestFlexible && apiKey != 18;
}

/// Encodes a whole response frame: int32 size, header, body.
/// `sizeHint` (bytes) lets large responses (Fetch) be built in one allocation.
template <class Msg>
std::vector<uint8_t> encodeResponseFrame(int32_t correlationId, int16_t apiKey, int16_t version, bool flexible,
                                         const Msg& body, size_t sizeHint = 0) {
    Writer w;
    if (sizeHint > 0) w.buffer().reserve(sizeHint);
    w.i32(0);
    w.i32(correlationId);
    if (responseHeaderIsFlexible(apiKey, flexible)) w.uvarint(0);
    encodeMessage(w, body, version, flexible);
    w.patchI32(0, static_cast<int32_t>(w.size() - 4));
    return w.take();
}

}  // namespace plexus::protocol

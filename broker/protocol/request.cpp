#include "broker/protocol/request.h"

#include "broker/protocol/api_keys.h"

namespace plexus::protocol {

bool parseRequestHeaderFixed(Reader& r, RequestHeader& h, bool& flexible) {
    h.apiKey = r.i16();
    h.apiVersion = r.i16();
    h.correlationId = r.i32();
    int16_t n = r.i16();
    if (n >= 0) {
        auto v = r.raw(static_cast<size_t>(n));
        h.clientId.emplace(reinterpret_cast<const char*>(v.data()), v.size());
    } else {
        h.clientId.reset();
    }
    int16_t flexFrom = flexibleFromVersion(h.apiKey);
    flexible = flexFrom >= 0 && h.apiVersion >= flexFrom;
    return r.ok();
}

bool skipHeaderTags(Reader& r) {
    uint32_t count = r.uvarint();
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        r.uvarint();
        r.skip(r.uvarint());
    }
    return r.ok();
}

}  // namespace plexus::protocol

#include "broker/groups/consumer_protocol.h"

#include "broker/protocol/wire.h"

namespace plexus::groups {

namespace {

protocol::Reader reader(const std::string& s) {
    return protocol::Reader(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::optional<std::string> readString(protocol::Reader& r) {
    int16_t n = r.i16();
    if (!r.ok() || n < 0) return std::nullopt;
    auto v = r.raw(static_cast<size_t>(n));
    if (!r.ok()) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

/// An array count checked against the bytes left (every element takes at
/// least one byte), so a hostile count allocates nothing.
std::optional<int32_t> readCount(protocol::Reader& r) {
    int32_t n = r.i32();
    if (!r.ok() || n < 0 || static_cast<size_t>(n) > r.remaining()) return std::nullopt;
    return n;
}

}  // namespace

std::optional<std::vector<std::string>> parseSubscriptionTopics(const std::string& metadata) {
    auto r = reader(metadata);
    r.i16();  // version
    auto n = readCount(r);
    if (!n) return std::nullopt;
    std::vector<std::string> topics;
    for (int32_t i = 0; i < *n; ++i) {
        auto t = readString(r);
        if (!t) return std::nullopt;
        topics.push_back(std::move(*t));
    }
    return topics;
}

std::optional<std::map<std::string, std::vector<int32_t>>> parseAssignment(const std::string& assignment) {
    std::map<std::string, std::vector<int32_t>> out;
    if (assignment.empty()) return out;  // a member the leader gave nothing
    auto r = reader(assignment);
    r.i16();  // version
    auto n = readCount(r);
    if (!n) return std::nullopt;
    for (int32_t i = 0; i < *n; ++i) {
        auto t = readString(r);
        if (!t) return std::nullopt;
        auto pn = readCount(r);
        if (!pn || static_cast<size_t>(*pn) * 4 > r.remaining()) return std::nullopt;
        auto& parts = out[*t];
        for (int32_t k = 0; k < *pn; ++k) parts.push_back(r.i32());
    }
    if (!r.ok()) return std::nullopt;
    return out;
}

}  // namespace plexus::groups

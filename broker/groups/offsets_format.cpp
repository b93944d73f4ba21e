#include "broker/groups/offsets_format.h"

#include <climits>

namespace plexus::groups {

using protocol::Reader;
using protocol::Writer;

namespace {

constexpr int16_t kOffsetKeyVersion = 1;
constexpr int16_t kGroupKeyVersion = 2;
constexpr int16_t kOffsetValueVersion = 3;
constexpr int16_t kGroupValueVersion = 3;

void str(Writer& w, const std::string& s) {
    w.i16(static_cast<int16_t>(s.size()));
    w.raw(s.data(), s.size());
}

void nullableStr(Writer& w, const std::optional<std::string>& s) {
    if (!s) {
        w.i16(-1);
        return;
    }
    str(w, *s);
}

void bytes(Writer& w, const std::string& s) {
    w.i32(static_cast<int32_t>(s.size()));
    w.raw(s.data(), s.size());
}

std::string take(Writer& w) { return std::string(reinterpret_cast<const char*>(w.buffer().data()), w.size()); }

std::optional<std::string> readNullableStr(Reader& r) {
    int16_t n = r.i16();
    if (n < 0) return std::nullopt;
    auto v = r.raw(static_cast<size_t>(n));
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

std::string readStr(Reader& r) {
    auto s = readNullableStr(r);
    if (!s) r.fail("null in a non-nullable string");
    return s.value_or(std::string());
}

std::string readBytes(Reader& r) {
    int32_t n = r.i32();
    if (n < 0) return {};
    auto v = r.raw(static_cast<size_t>(n));
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

}  // namespace

std::string encodeOffsetKey(const OffsetKey& k) {
    Writer w;
    w.i16(kOffsetKeyVersion);
    str(w, k.group);
    str(w, k.topic);
    w.i32(k.partition);
    return take(w);
}

std::string encodeGroupKey(const GroupKey& k) {
    Writer w;
    w.i16(kGroupKeyVersion);
    str(w, k.group);
    return take(w);
}

std::string encodeOffsetValue(const OffsetValue& v) {
    Writer w;
    w.i16(kOffsetValueVersion);
    w.i64(v.offset);
    w.i32(v.leaderEpoch);
    str(w, v.metadata);
    w.i64(v.commitTimestamp);
    return take(w);
}

std::string encodeGroupValue(const GroupValue& v) {
    Writer w;
    w.i16(kGroupValueVersion);
    str(w, v.protocolType);
    w.i32(v.generation);
    nullableStr(w, v.protocol);
    nullableStr(w, v.leader);
    w.i64(v.currentStateTimestamp);
    w.i32(static_cast<int32_t>(v.members.size()));
    for (const auto& m : v.members) {
        str(w, m.memberId);
        nullableStr(w, m.groupInstanceId);
        str(w, m.clientId);
        str(w, m.clientHost);
        w.i32(m.rebalanceTimeoutMs);
        w.i32(m.sessionTimeoutMs);
        bytes(w, m.subscription);
        bytes(w, m.assignment);
    }
    return take(w);
}

std::optional<AnyKey> decodeKey(protocol::BytesView key) {
    Reader r(key);
    int16_t version = r.i16();
    if (!r.ok()) return std::nullopt;
    AnyKey out;
    if (version == 0 || version == 1) {
        OffsetKey k;
        k.group = readStr(r);
        k.topic = readStr(r);
        k.partition = r.i32();
        out = std::move(k);
    } else if (version == 2) {
        out = GroupKey{readStr(r)};
    } else {
        return UnknownKey{version};
    }
    if (!r.ok()) return std::nullopt;
    return out;
}

std::optional<OffsetValue> decodeOffsetValue(protocol::BytesView value) {
    Reader r(value);
    int16_t version = r.i16();
    if (!r.ok() || version < 0 || version > 3) return std::nullopt;
    OffsetValue v;
    v.offset = r.i64();
    if (version >= 3) v.leaderEpoch = r.i32();
    v.metadata = readStr(r);
    v.commitTimestamp = r.i64();
    if (version == 1) v.expireTimestamp = r.i64();
    if (!r.ok()) return std::nullopt;
    return v;
}

std::optional<GroupValue> decodeGroupValue(protocol::BytesView value) {
    Reader r(value);
    int16_t version = r.i16();
    if (!r.ok() || version < 0 || version > 3) return std::nullopt;
    GroupValue g;
    g.protocolType = readStr(r);
    g.generation = r.i32();
    g.protocol = readNullableStr(r);
    g.leader = readNullableStr(r);
    if (version >= 2) g.currentStateTimestamp = r.i64();
    int32_t n = r.i32();
    if (n < 0 || static_cast<size_t>(n) > r.remaining()) return std::nullopt;
    for (int32_t i = 0; i < n && r.ok(); ++i) {
        MemberValue m;
        m.memberId = readStr(r);
        if (version >= 3) m.groupInstanceId = readNullableStr(r);
        m.clientId = readStr(r);
        m.clientHost = readStr(r);
        if (version >= 1) m.rebalanceTimeoutMs = r.i32();
        m.sessionTimeoutMs = r.i32();
        if (version == 0) m.rebalanceTimeoutMs = m.sessionTimeoutMs;
        m.subscription = readBytes(r);
        m.assignment = readBytes(r);
        g.members.push_back(std::move(m));
    }
    if (!r.ok()) return std::nullopt;
    return g;
}

int32_t offsetsPartitionFor(const std::string& groupId, int32_t partitions) {
    // Java's String.hashCode: s[0]*31^(n-1) + ... over UTF-16 code units,
    // with 32-bit wrap-around. The id arrives as UTF-8; bytes that are not
    // valid UTF-8 become U+FFFD, as Java's decoder makes them.
    uint32_t h = 0;
    auto unit = [&h](uint32_t u) { h = h * 31u + u; };
    const auto* s = reinterpret_cast<const unsigned char*>(groupId.data());
    size_t n = groupId.size(), i = 0;
    while (i < n) {
        unsigned char c = s[i];
        uint32_t cp;
        size_t len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c & 0xe0) == 0xc0) { cp = c & 0x1fu; len = 2; }
        else if ((c & 0xf0) == 0xe0) { cp = c & 0x0fu; len = 3; }
        else if ((c & 0xf8) == 0xf0) { cp = c & 0x07u; len = 4; }
        else { unit(0xfffd); ++i; continue; }
        bool valid = i + len <= n;
        for (size_t k = 1; valid && k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80) valid = false;
            else cp = (cp << 6) | (s[i + k] & 0x3fu);
        }
        static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!valid || cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            unit(0xfffd);
            ++i;
            continue;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xd800u + (cp >> 10));
            unit(0xdc00u + (cp & 0x3ffu));
        } else {
            unit(cp);
        }
        i += len;
    }
    auto hash = static_cast<int32_t>(h);
    int32_t abs = hash == INT32_MIN ? 0 : (hash < 0 ? -hash : hash);
    return abs % partitions;
}

}  // namespace plexus::groups

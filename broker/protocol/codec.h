#pragma once
// Declarative message codec.
//
// Every Kafka message is a plain struct that lists its fields once, in wire
// order, with the version range in which each field exists:
//
//     template <class V> void fields(V& v) {
//         v(throttleTimeMs, 1);          // present from v1 on
//         v(brokers, 0);
//         v(clusterAuthorizedOps, 8, 10);// present in v8..v10
//     }
//
// The same list drives Decoder and Encoder, so encode and decode cannot
// disagree. The C++ type of a member selects the wire type:
//   int8_t/int16_t/int32_t/int64_t/bool     fixed-width integers
//   std::string                              STRING
//   std::optional<std::string>               NULLABLE_STRING
//   BytesView / std::optional<BytesView>     BYTES / NULLABLE_BYTES (decode: view into the frame)
//   Bytes / std::optional<Bytes>             BYTES / NULLABLE_BYTES (owned, for responses)
//   std::vector<T> / std::optional<vector>   ARRAY / nullable ARRAY
//   a struct with fields()                   nested struct
// In flexible versions strings, bytes and arrays use the compact encodings and
// every struct ends with a tagged-field section (read and skipped; written
// empty).
#include <algorithm>
#include <concepts>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/wire.h"

namespace plexus::protocol {

inline constexpr int16_t kMaxVersion = 0x7fff;

/// Owned bytes, used for BYTES fields in responses.
struct Bytes {
    std::string data;
};

struct FieldProbe {
    template <class T> void operator()(T&, int16_t, int16_t = kMaxVersion) {}
};

template <class T>
concept HasFields = requires(T t, FieldProbe& p) { t.fields(p); };

class Decoder {
public:
    Decoder(Reader& r, int16_t version, bool flexible) : m_r(r), m_version(version), m_flexible(flexible) {}

    template <class T> void operator()(T& field, int16_t minV, int16_t maxV = kMaxVersion) {
        if (m_version < minV || m_version > maxV) return;
        read(field);
    }

    void read(int8_t& v) { v = m_r.i8(); }
    void read(int16_t& v) { v = m_r.i16(); }
    void read(int32_t& v) { v = m_r.i32(); }
    void read(int64_t& v) { v = m_r.i64(); }
    void read(bool& v) { v = m_r.boolean(); }

    void read(std::string& s) {
        int64_t n = stringLength();
        if (n < 0) { m_r.fail("null in a non-nullable string"); return; }
        auto v = m_r.raw(static_cast<size_t>(n));
        s.assign(reinterpret_cast<const char*>(v.data()), v.size());
    }
    void read(std::optional<std::string>& s) {
        int64_t n = stringLength();
        if (n < 0) { s.reset(); return; }
        auto v = m_r.raw(static_cast<size_t>(n));
        s.emplace(reinterpret_cast<const char*>(v.data()), v.size());
    }
    void read(BytesView& b) {
        int64_t n = bytesLength();
        if (n < 0) { m_r.fail("null in non-nullable bytes"); return; }
        b = m_r.raw(static_cast<size_t>(n));
    }
    void read(std::optional<BytesView>& b) {
        int64_t n = bytesLength();
        if (n < 0) { b.reset(); return; }
        b = m_r.raw(static_cast<size_t>(n));
    }
    void read(Bytes& b) {
        BytesView v;
        read(v);
        b.data.assign(reinterpret_cast<const char*>(v.data()), v.size());
    }
    void read(std::optional<Bytes>& b) {
        std::optional<BytesView> v;
        read(v);
        if (v) b = Bytes{std::string(reinterpret_cast<const char*>(v->data()), v->size())};
        else b.reset();
    }

    template <class T> void read(std::vector<T>& out) {
        int64_t n = arrayLength();
        if (n < 0) { m_r.fail("null in a non-nullable array"); return; }
        readElements(out, n);
    }
    template <class T> void read(std::optional<std::vector<T>>& out) {
        int64_t n = arrayLength();
        if (n < 0) { out.reset(); return; }
        out.emplace();
        readElements(*out, n);
    }

    template <HasFields T> void read(T& s) {
        s.fields(*this);
        if (m_flexible) skipTaggedFields();
    }

    bool ok() const { return m_r.ok(); }

private:
    template <class T> void readElements(std::vector<T>& out, int64_t n) {
        // Every element takes at least one byte on the wire, so a count larger
        // than the remaining input is a lie; refuse it before reserving.
        if (static_cast<uint64_t>(n) > m_r.remaining()) { m_r.fail("array count exceeds the bytes left"); return; }
        out.clear();
        // Reserve modestly: an element can be far larger in memory than its
        // one byte on the wire, so a hostile count must not size the vector.
        out.reserve(std::min<size_t>(static_cast<size_t>(n), 64));
        for (int64_t i = 0; i < n && m_r.ok(); ++i) {
            out.emplace_back();
            read(out.back());
        }
    }
    int64_t stringLength() { return m_flexible ? int64_t{m_r.uvarint()} - 1 : int64_t{m_r.i16()}; }
    int64_t bytesLength() { return m_flexible ? int64_t{m_r.uvarint()} - 1 : int64_t{m_r.i32()}; }
    int64_t arrayLength() { return m_flexible ? int64_t{m_r.uvarint()} - 1 : int64_t{m_r.i32()}; }
    void skipTaggedFields() {
        uint32_t count = m_r.uvarint();
        for (uint32_t i = 0; i < count && m_r.ok(); ++i) {
            m_r.uvarint();  // tag
            m_r.skip(m_r.uvarint());
        }
    }

    Reader& m_r;
    int16_t m_version;
    bool m_flexible;
};

class Encoder {
public:
    Encoder(Writer& w, int16_t version, bool flexible) : m_w(w), m_version(version), m_flexible(flexible) {}

    template <class T> void operator()(T& field, int16_t minV, int16_t maxV = kMaxVersion) {
        if (m_version < minV || m_version > maxV) return;
        write(field);
    }

    void write(int8_t v) { m_w.i8(v); }
    void write(int16_t v) { m_w.i16(v); }
    void write(int32_t v) { m_w.i32(v); }
    void write(int64_t v) { m_w.i64(v); }
    void write(bool v) { m_w.boolean(v); }
    void write(const std::string& s) { stringLength(static_cast<int64_t>(s.size())); m_w.raw(s.data(), s.size()); }
    void write(const std::optional<std::string>& s) {
        if (!s) { stringLength(-1); return; }
        write(*s);
    }
    void write(BytesView b) { bytesLength(static_cast<int64_t>(b.size())); m_w.raw(b); }
    void write(const std::optional<BytesView>& b) {
        if (!b) { bytesLength(-1); return; }
        write(*b);
    }
    void write(const Bytes& b) { bytesLength(static_cast<int64_t>(b.data.size())); m_w.raw(b.data.data(), b.data.size()); }
    void write(const std::optional<Bytes>& b) {
        if (!b) { bytesLength(-1); return; }
        write(*b);
    }
    template <class T> void write(const std::vector<T>& v) {
        arrayLength(static_cast<int64_t>(v.size()));
        for (const auto& e : v) write(e);
    }
    template <class T> void write(const std::optional<std::vector<T>>& v) {
        if (!v) { arrayLength(-1); return; }
        write(*v);
    }
    template <HasFields T> void write(const T& s) {
        // fields() is not const because it also drives decoding.
        const_cast<T&>(s).fields(*this);
        if (m_flexible) m_w.uvarint(0);  // no tagged fields
    }

private:
    void stringLength(int64_t n) {
        if (m_flexible) m_w.uvarint(static_cast<uint32_t>(n + 1));
        else m_w.i16(static_cast<int16_t>(n));
    }
    void bytesLength(int64_t n) {
        if (m_flexible) m_w.uvarint(static_cast<uint32_t>(n + 1));
        else m_w.i32(static_cast<int32_t>(n));
    }
    void arrayLength(int64_t n) { bytesLength(n); }

    Writer& m_w;
    int16_t m_version;
    bool m_flexible;
};

/// Decodes a whole message body. Returns false (with r.error()) on bad input.
template <class Msg> bool decodeMessage(Reader& r, Msg& msg, int16_t version, bool flexible) {
    Decoder d(r, version, flexible);
    d.read(msg);
    return r.ok();
}

template <class Msg> void encodeMessage(Writer& w, const Msg& msg, int16_t version, bool flexible) {
    Encoder e(w, version, flexible);
    e.write(msg);
}

}  // namespace plexus::protocol

#pragma once
// Primitive Kafka wire encoding: big-endian integers, zig-zag varints,
// classic (int16/int32 length) and compact (uvarint length + 1) strings,
// bytes and arrays.
//
// Reader is bounds-checked and sticky: the first failure records a reason,
// every later read returns a zero value, and ok() stays false. Callers decode a
// whole message and check ok() once. No read ever allocates more than the
// bytes that remain in the input, so a hostile length cannot cause a large
// allocation.
//
// Thread safety: none; a Reader or Writer belongs to one call.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plexus::protocol {

/// A view into a request buffer. Valid while the frame that owns it lives.
using BytesView = std::span<const uint8_t>;

class Reader {
public:
    Reader(const uint8_t* data, size_t size) : m_p(data), m_end(data + size), m_begin(data) {}
    explicit Reader(BytesView v) : Reader(v.data(), v.size()) {}

    bool ok() const { return m_error == nullptr; }
    const char* error() const { return m_error ? m_error : ""; }
    size_t remaining() const { return ok() ? static_cast<size_t>(m_end - m_p) : 0; }
    size_t position() const { return static_cast<size_t>(m_p - m_begin); }

    /// Marks the input as invalid. Only the first reason is kept.
    void fail(const char* why) {
        if (!m_error) m_error = why;
        m_p = m_end;
    }

    int8_t i8() { return static_cast<int8_t>(fixed<uint8_t>()); }
    int16_t i16() { return static_cast<int16_t>(fixed<uint16_t>()); }
    int32_t i32() { return static_cast<int32_t>(fixed<uint32_t>()); }
    int64_t i64() { return static_cast<int64_t>(fixed<uint64_t>()); }
    uint32_t u32() { return fixed<uint32_t>(); }
    bool boolean() { return i8() != 0; }

    uint64_t uvarlong();
    uint32_t uvarint();
    int32_t varint();   // zig-zag
    int64_t varlong();  // zig-zag

    /// The next n bytes, or an empty view (and failure) when fewer remain.
    BytesView raw(size_t n) {
        if (!ok()) return {};
        if (n > remaining()) { fail("length exceeds the bytes left"); return {}; }
        BytesView v(m_p, n);
        m_p += n;
        return v;
    }
    void skip(size_t n) { raw(n); }

private:
    template <class U> U fixed() {
        if (!ok() || remaining() < sizeof(U)) { fail("truncated input"); return 0; }
        U v = 0;
        for (size_t i = 0; i < sizeof(U); ++i) v = static_cast<U>((v << 8) | m_p[i]);
        m_p += sizeof(U);
        return v;
    }

    const uint8_t* m_p;
    const uint8_t* m_end;
    const uint8_t* m_begin;
    const char* m_error = nullptr;
};

class Writer {
public:
    Writer() { m_buf.reserve(256); }
    explicit Writer(std::vector<uint8_t>&& reuse) : m_buf(std::move(reuse)) { m_buf.clear(); }

    void i8(int8_t v) { m_buf.push_back(static_cast<uint8_t>(v)); }
    void i16(int16_t v) { fixed(static_cast<uint16_t>(v)); }
    void i32(int32_t v) { fixed(static_cast<uint32_t>(v)); }
    void i64(int64_t v) { fixed(static_cast<uint64_t>(v)); }
    void u32(uint32_t v) { fixed(v); }
    void boolean(bool v) { i8(v ? 1 : 0); }
    void uvarlong(uint64_t v);
    void uvarint(uint32_t v) { uvarlong(v); }
    void varint(int32_t v) { uvarlong(static_cast<uint32_t>((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31))); }
    void varlong(int64_t v) { uvarlong((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    void raw(const void* p, size_t n) {
        auto b = static_cast<const uint8_t*>(p);
        m_buf.insert(m_buf.end(), b, b + n);
    }
    void raw(BytesView v) { raw(v.data(), v.size()); }

    /// Overwrites 4 bytes at pos with a big-endian int32 (for length prefixes).
    void patchI32(size_t pos, int32_t v) {
        auto u = static_cast<uint32_t>(v);
        for (int i = 3; i >= 0; --i) { m_buf[pos + static_cast<size_t>(i)] = static_cast<uint8_t>(u & 0xff); u >>= 8; }
    }

    size_t size() const { return m_buf.size(); }
    std::vector<uint8_t>& buffer() { return m_buf; }
    std::vector<uint8_t> take() { return std::move(m_buf); }

private:
    template <class U> void fixed(U v) {
        uint8_t b[sizeof(U)];
        for (size_t i = 0; i < sizeof(U); ++i) b[i] = static_cast<uint8_t>(v >> (8 * (sizeof(U) - 1 - i)));
        raw(b, sizeof(U));
    }
    std::vector<uint8_t> m_buf;
};

/// Big-endian helpers for fixed positions inside a buffer (record batches).
inline uint32_t loadBe32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
inline uint16_t loadBe16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint64_t loadBe64(const uint8_t* p) { return (uint64_t{loadBe32(p)} << 32) | loadBe32(p + 4); }
inline void storeBe32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24); p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8); p[3] = static_cast<uint8_t>(v);
}
inline void storeBe64(uint8_t* p, uint64_t v) {
    storeBe32(p, static_cast<uint32_t>(v >> 32));
    storeBe32(p + 4, static_cast<uint32_t>(v));
}

}  // namespace plexus::protocol

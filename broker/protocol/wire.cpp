#include "broker/protocol/wire.h"

namespace plexus::protocol {

uint64_t Reader::uvarlong() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (!ok() || m_p >= m_end) { fail("truncated varint"); return 0; }
        uint8_t b = *m_p++;
        value |= uint64_t{b & 0x7fu} << shift;
        if ((b & 0x80) == 0) return value;
    }
    fail("varint longer than 10 bytes");
    return 0;
}

uint32_t Reader::uvarint() {
    uint64_t v = uvarlong();
    if (v > 0xffffffffu) { fail("varint exceeds 32 bits"); return 0; }
    return static_cast<uint32_t>(v);
}

int32_t Reader::varint() {
    uint32_t u = uvarint();
    return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
}

int64_t Reader::varlong() {
    uint64_t u = uvarlong();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

void Writer::uvarlong(uint64_t v) {
    while (v >= 0x80) {
        m_buf.push_back(static_cast<uint8_t>(v | 0x80));
        v >>= 7;
    }
    m_buf.push_back(static_cast<uint8_t>(v));
}

}  // namespace plexus::protocol

#include "broker/protocol/batch_builder.h"

#include "broker/protocol/compression.h"
#include "broker/protocol/crc32c.h"

namespace plexus::protocol {

namespace {

void writeNullable(Writer& w, const std::optional<BytesView>& v) {
    if (!v) {
        w.varint(-1);
        return;
    }
    w.varint(static_cast<int32_t>(v->size()));
    w.raw(*v);
}

}  // namespace

std::string encodeBatch(const BatchHeader& header, const std::vector<Record>& records) {
    Writer recs;
    for (const auto& r : records) {
        Writer body;
        body.i8(r.attributes);
        body.varlong(r.timestampDelta);
        body.varint(r.offsetDelta);
        writeNullable(body, r.key);
        writeNullable(body, r.value);
        body.varint(static_cast<int32_t>(r.headers.size()));
        for (const auto& h : r.headers) {
            body.varint(static_cast<int32_t>(h.key.size()));
            body.raw(h.key);
            writeNullable(body, h.value);
        }
        recs.varint(static_cast<int32_t>(body.size()));
        recs.raw(body.buffer().data(), body.size());
    }

    int16_t attributes = header.attributes;
    std::string compressed;
    BytesView payload(recs.buffer().data(), recs.size());
    if (header.compression() != Compression::None) {
        if (compress(header.compression(), payload, compressed).empty())
            payload = BytesView(reinterpret_cast<const uint8_t*>(compressed.data()), compressed.size());
        else
            attributes = static_cast<int16_t>(attributes & ~0x07);
    }

    Writer b;
    b.i64(header.baseOffset);
    b.i32(0);  // batchLength, patched below
    b.i32(header.partitionLeaderEpoch);
    b.i8(2);
    b.u32(0);  // crc, patched below
    b.i16(attributes);
    b.i32(header.lastOffsetDelta);
    b.i64(header.baseTimestamp);
    b.i64(header.maxTimestamp);
    b.i64(header.producerId);
    b.i16(header.producerEpoch);
    b.i32(header.baseSequence);
    b.i32(static_cast<int32_t>(records.size()));
    b.raw(payload);
    b.patchI32(kBatchLengthOffset, static_cast<int32_t>(b.size() - kLogOverhead));
    auto& buf = b.buffer();
    storeBe32(buf.data() + kCrcOffset, crc32c(buf.data() + kAttributesOffset, buf.size() - kAttributesOffset));
    return std::string(reinterpret_cast<const char*>(buf.data()), buf.size());
}

std::string encodeSimpleBatch(const std::vector<OwnedRecord>& records, int64_t timestampMs) {
    auto view = [](const std::optional<std::string>& s) -> std::optional<BytesView> {
        if (!s) return std::nullopt;
        return BytesView(reinterpret_cast<const uint8_t*>(s->data()), s->size());
    };
    std::vector<Record> recs;
    recs.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
        Record r;
        r.offsetDelta = static_cast<int32_t>(i);
        r.key = view(records[i].key);
        r.value = view(records[i].value);
        recs.push_back(std::move(r));
    }
    BatchHeader h;
    h.baseOffset = 0;
    h.partitionLeaderEpoch = -1;
    h.lastOffsetDelta = static_cast<int32_t>(records.size()) - 1;
    h.baseTimestamp = timestampMs;
    h.maxTimestamp = timestampMs;
    return encodeBatch(h, recs);
}

}  // namespace plexus::protocol

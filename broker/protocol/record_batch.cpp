#include "broker/protocol/record_batch.h"

#include <algorithm>

#include "broker/protocol/compression.h"
#include "broker/protocol/crc32c.h"

namespace plexus::protocol {

int32_t BatchHeader::lastSequence() const {
    if (baseSequence < 0) return -1;
    int64_t last = int64_t{baseSequence} + lastOffsetDelta;
    if (last > INT32_MAX) last -= int64_t{INT32_MAX} + 1;
    return static_cast<int32_t>(last);
}

BatchHeader parseBatchHeader(const uint8_t* p) {
    Reader r(p, kBatchHeaderSize);
    BatchHeader h;
    h.baseOffset = r.i64();
    h.batchLength = r.i32();
    h.partitionLeaderEpoch = r.i32();
    h.magic = r.i8();
    h.crc = r.u32();
    h.attributes = r.i16();
    h.lastOffsetDelta = r.i32();
    h.baseTimestamp = r.i64();
    h.maxTimestamp = r.i64();
    h.producerId = r.i64();
    h.producerEpoch = r.i16();
    h.baseSequence = r.i32();
    h.recordCount = r.i32();
    return h;
}

size_t decompressionLimit(size_t batchBytes) {
    return std::min<size_t>(size_t{256} << 20, std::max<size_t>(size_t{16} << 20, batchBytes * 64));
}

void updateBatchCrc(uint8_t* batch, size_t size) {
    uint32_t crc = crc32c(batch + kAttributesOffset, size - kAttributesOffset);
    storeBe32(batch + kCrcOffset, crc);
}

namespace {

BatchCheck fail(ErrorCode code, std::string msg) { return BatchCheck{code, std::move(msg)}; }

/// Walks `count` records in r. Returns nullptr or the error. With `strict`,
/// each record's offsetDelta must equal its index and the largest record
/// timestamp is stored in *maxTimestampDelta.
const char* walkRecords(Reader& r, int32_t count, const std::function<bool(const Record&)>* fn, bool strict = false,
                        int64_t* maxTimestampDelta = nullptr) {
    Record rec;
    for (int32_t i = 0; i < count; ++i) {
        int32_t length = r.varint();
        if (!r.ok()) return "truncated record length";
        if (length < 0 || static_cast<size_t>(length) > r.remaining()) return "record length exceeds the batch";
        size_t end = r.position() + static_cast<size_t>(length);
        rec.attributes = r.i8();
        rec.timestampDelta = r.varlong();
        rec.offsetDelta = r.varint();
        int32_t keyLen = r.varint();
        if (keyLen < -1) return "negative key length";
        rec.key.reset();
        if (keyLen >= 0) rec.key = r.raw(static_cast<size_t>(keyLen));
        int32_t valueLen = r.varint();
        if (valueLen < -1) return "negative value length";
        rec.value.reset();
        if (valueLen >= 0) rec.value = r.raw(static_cast<size_t>(valueLen));
        int32_t headerCount = r.varint();
        if (headerCount < 0 || static_cast<size_t>(headerCount) > r.remaining()) return "bad header count";
        rec.headers.clear();
        for (int32_t h = 0; h < headerCount && r.ok(); ++h) {
            RecordHeader hdr;
            int32_t hk = r.varint();
            if (hk < 0) return "negative header key length";
            hdr.key = r.raw(static_cast<size_t>(hk));
            int32_t hv = r.varint();
            if (hv < -1) return "negative header value length";
            if (hv >= 0) hdr.value = r.raw(static_cast<size_t>(hv));
            rec.headers.push_back(hdr);
        }
        if (!r.ok()) return "truncated record";
        if (r.position() != end) return "record length does not match its contents";
        if (strict) {
            if (rec.offsetDelta != i) return "record offset delta does not match its position in the batch";
            if (maxTimestampDelta && (i == 0 || rec.timestampDelta > *maxTimestampDelta)) *maxTimestampDelta = rec.timestampDelta;
        }
        if (fn && !(*fn)(rec)) return nullptr;
    }
    if (r.remaining() != 0) return "bytes left after the last record";
    return nullptr;
}

}  // namespace

BatchCheck validateBatches(BytesView payload, size_t maxBatchBytes, std::vector<BatchSpan>& out) {
    out.clear();
    size_t pos = 0;
    while (pos < payload.size()) {
        size_t left = payload.size() - pos;
        if (left < kBatchHeaderSize)
            return fail(ErrorCode::CorruptMessage, "record batch truncated: " + std::to_string(left) + " bytes, header needs 61");
        const uint8_t* p = payload.data() + pos;
        BatchHeader h = parseBatchHeader(p);
        if (h.magic != 2)
            return fail(ErrorCode::UnsupportedForMessageFormat,
                        "record batch magic " + std::to_string(h.magic) + " is not supported; only magic 2");
        if (h.batchLength < static_cast<int32_t>(kBatchHeaderSize - kLogOverhead))
            return fail(ErrorCode::CorruptMessage, "record batch length " + std::to_string(h.batchLength) + " is below the header size");
        size_t total = h.totalSize();
        if (total > maxBatchBytes)
            return fail(ErrorCode::MessageTooLarge, "record batch of " + std::to_string(total) +
                                                        " bytes exceeds max.message.bytes " + std::to_string(maxBatchBytes));
        if (total > left)
            return fail(ErrorCode::CorruptMessage, "record batch length " + std::to_string(total) + " exceeds the " +
                                                       std::to_string(left) + " bytes present");
        uint32_t crc = crc32c(p + kAttributesOffset, total - kAttributesOffset);
        if (crc != h.crc) return fail(ErrorCode::CorruptMessage, "record batch CRC-32C mismatch");
        if (h.recordCount < 0 || h.lastOffsetDelta < 0 || (h.recordCount > 0 && h.lastOffsetDelta + 1 != h.recordCount))
            return fail(ErrorCode::CorruptMessage, "record count " + std::to_string(h.recordCount) +
                                                       " disagrees with lastOffsetDelta " + std::to_string(h.lastOffsetDelta));
        if (h.recordCount == 0) return fail(ErrorCode::CorruptMessage, "record batch holds no records");
        if (h.compression() > Compression::Zstd)
            return fail(ErrorCode::CorruptMessage, "unknown compression codec " + std::to_string(static_cast<int>(h.compression())));
        // Walk every record (decompressing within a bound when needed): the
        // offsets and timestamps the node will serve must be the ones the
        // header claims, or one batch could shadow another's offsets or be
        // dropped early by retention.
        BytesView body(p + kBatchHeaderSize, total - kBatchHeaderSize);
        thread_local std::string scratch;
        if (h.compression() != Compression::None) {
            scratch.clear();
            std::string err = decompress(h.compression(), body, scratch, decompressionLimit(total));
            if (!err.empty()) return fail(ErrorCode::CorruptMessage, "record batch: cannot decompress: " + err);
            body = BytesView(reinterpret_cast<const uint8_t*>(scratch.data()), scratch.size());
        }
        Reader r(body);
        int64_t maxDelta = 0;
        if (const char* err = walkRecords(r, h.recordCount, nullptr, true, &maxDelta))
            return fail(ErrorCode::CorruptMessage, std::string("record batch: ") + err);
        if (!h.logAppendTime() && h.baseTimestamp + maxDelta != h.maxTimestamp)
            return fail(ErrorCode::CorruptMessage, "record batch maxTimestamp " + std::to_string(h.maxTimestamp) +
                                                       " differs from its records' largest timestamp " +
                                                       std::to_string(h.baseTimestamp + maxDelta));
        out.push_back(BatchSpan{pos, h});
        pos += total;
    }
    if (out.empty()) return fail(ErrorCode::CorruptMessage, "produce payload holds no record batch");
    return {};
}

BatchCheck forEachRecord(BytesView batch, std::string& scratch, size_t maxUncompressed,
                         const std::function<bool(const Record&)>& fn) {
    if (batch.size() < kBatchHeaderSize) return fail(ErrorCode::CorruptMessage, "record batch truncated");
    BatchHeader h = parseBatchHeader(batch.data());
    if (h.batchLength < static_cast<int32_t>(kBatchHeaderSize - kLogOverhead))
        return fail(ErrorCode::CorruptMessage, "record batch length is below the header size");
    if (h.totalSize() > batch.size()) return fail(ErrorCode::CorruptMessage, "record batch truncated");
    if (h.recordCount < 0) return fail(ErrorCode::CorruptMessage, "negative record count");
    BytesView body(batch.data() + kBatchHeaderSize, h.totalSize() - kBatchHeaderSize);
    if (h.compression() != Compression::None) {
        scratch.clear();
        std::string err = decompress(h.compression(), body, scratch, maxUncompressed);
        if (!err.empty()) return fail(ErrorCode::CorruptMessage, "cannot decompress record batch: " + err);
        body = BytesView(reinterpret_cast<const uint8_t*>(scratch.data()), scratch.size());
    }
    Reader r(body);
    if (const char* err = walkRecords(r, h.recordCount, &fn)) return fail(ErrorCode::CorruptMessage, err);
    return {};
}

}  // namespace plexus::protocol

#pragma once
// Kafka record batches (magic 2): header layout, validation and record
// iteration.
//
// Layout (big-endian), offsets in bytes from the start of the batch:
//   0  baseOffset i64          27 baseTimestamp i64
//   8  batchLength i32         35 maxTimestamp i64
//   12 partitionLeaderEpoch    43 producerId i64
//   16 magic i8                51 producerEpoch i16
//   17 crc u32 (CRC-32C of     53 baseSequence i32
//      bytes 21..end)          57 recordCount i32
//   21 attributes i16          61 records...
//   23 lastOffsetDelta i32
// batchLength counts the bytes after the batchLength field, so a batch
// occupies 12 + batchLength bytes. The broker rewrites only baseOffset and
// partitionLeaderEpoch, which the CRC does not cover.
//
// Thread safety: pure functions.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/wire.h"

namespace plexus::protocol {

inline constexpr size_t kBatchHeaderSize = 61;
inline constexpr size_t kBatchLengthOffset = 8;
inline constexpr size_t kLeaderEpochOffset = 12;
inline constexpr size_t kMagicOffset = 16;
inline constexpr size_t kCrcOffset = 17;
inline constexpr size_t kAttributesOffset = 21;
inline constexpr size_t kLogOverhead = 12;  // baseOffset + batchLength

enum class Compression : uint8_t { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 };

struct BatchHeader {
    int64_t baseOffset = 0;
    int32_t batchLength = 0;
    int32_t partitionLeaderEpoch = 0;
    int8_t magic = 0;
    uint32_t crc = 0;
    int16_t attributes = 0;
    int32_t lastOffsetDelta = 0;
    int64_t baseTimestamp = 0;
    int64_t maxTimestamp = 0;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    int32_t baseSequence = -1;
    int32_t recordCount = 0;

    Compression compression() const { return static_cast<Compression>(attributes & 0x07); }
    bool logAppendTime() const { return (attributes & 0x08) != 0; }
    bool isTransactional() const { return (attributes & 0x10) != 0; }
    bool isControl() const { return (attributes & 0x20) != 0; }
    int64_t lastOffset() const { return baseOffset + lastOffsetDelta; }
    size_t totalSize() const { return kLogOverhead + static_cast<size_t>(batchLength); }
    /// Last sequence number of an idempotent batch (wraps at INT32_MAX).
    int32_t lastSequence() const;
};

/// Reads the fixed header. `p` must point at kBatchHeaderSize readable bytes.
BatchHeader parseBatchHeader(const uint8_t* p);

/// One validated batch inside a produce payload.
struct BatchSpan {
    size_t offset = 0;  ///< byte offset of the batch inside the payload
    BatchHeader header;
};

struct BatchCheck {
    ErrorCode code = ErrorCode::None;
    std::string message;
    bool ok() const { return code == ErrorCode::None; }
};

/// Splits a produce payload into batches and validates each: sizes against
/// the bytes present and against maxBatchBytes, magic 2, CRC-32C, record count
/// against lastOffsetDelta, and (for uncompressed batches) every record's
/// framing. Nothing is allocated from an unchecked length.
BatchCheck validateBatches(BytesView payload, size_t maxBatchBytes, std::vector<BatchSpan>& out);

/// The most bytes a batch of `batchBytes` may decompress to (a bound against
/// compression bombs, generous for real data): 64 times its size, at least
/// 16 MiB and at most 256 MiB.
size_t decompressionLimit(size_t batchBytes);

/// Recomputes the CRC of a batch in place (after changing covered bytes).
void updateBatchCrc(uint8_t* batch, size_t size);

struct RecordHeader {
    BytesView key;
    std::optional<BytesView> value;
};

struct Record {
    int8_t attributes = 0;
    int64_t timestampDelta = 0;
    int32_t offsetDelta = 0;
    std::optional<BytesView> key;
    std::optional<BytesView> value;
    std::vector<RecordHeader> headers;
};

/// Parses the records of one batch, decompressing when needed (`scratch`
/// holds the decompressed bytes; the views in Record point into it or into
/// `batch`). Calls `fn` for each record; stops when it returns false.
/// Decompressed output is limited to maxUncompressed bytes.
BatchCheck forEachRecord(BytesView batch, std::string& scratch, size_t maxUncompressed,
                         const std::function<bool(const Record&)>& fn);

}  // namespace plexus::protocol

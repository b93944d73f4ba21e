#pragma once
// Encoding record batches (magic 2) inside the broker: the group coordinator
// writes its __consumer_offsets records with it, and compaction re-encodes
// the batches it shrinks. (The tests keep their own, independent encoder in
// tests/support so that a shared bug cannot hide.)
//
// Thread safety: pure functions.
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/record_batch.h"

namespace plexus::protocol {

/// Encodes a batch from `header` and `records`. Taken from the header as
/// given: baseOffset, partitionLeaderEpoch, the compression codec and
/// timestamp-type bits of attributes, lastOffsetDelta, baseTimestamp,
/// maxTimestamp and the producer fields. Each record keeps its offsetDelta
/// and timestampDelta. batchLength, recordCount and the CRC are computed.
/// If compressing fails the batch is written uncompressed.
std::string encodeBatch(const BatchHeader& header, const std::vector<Record>& records);

/// An owned key/value pair for building small batches of new records.
struct OwnedRecord {
    std::optional<std::string> key;
    std::optional<std::string> value;  ///< nullopt: a tombstone
};

/// A fresh batch of `records` at offsets 0..n-1, all stamped `timestampMs`,
/// without producer id (non-idempotent), uncompressed.
std::string encodeSimpleBatch(const std::vector<OwnedRecord>& records, int64_t timestampMs);

}  // namespace plexus::protocol

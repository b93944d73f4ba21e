#pragma once
// The four Kafka compression codecs (gzip, snappy incl. the xerial framing
// Java clients use, lz4 frame, zstd). Decompression is bounded: output beyond
// `limit` bytes is an error, so a compression bomb cannot exhaust memory.
// Thread safety: pure functions.
#include <string>

#include "broker/protocol/record_batch.h"

namespace plexus::protocol {

/// Appends the decompressed form of `in` to `out`. Returns an empty string on
/// success, else a description of the failure.
std::string decompress(Compression codec, BytesView in, std::string& out, size_t limit);

/// Compresses `in` (used by tests and tools that build batches).
std::string compress(Compression codec, BytesView in, std::string& out);

}  // namespace plexus::protocol

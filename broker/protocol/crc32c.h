#pragma once
// CRC-32C (Castagnoli), as used by Kafka record batches (magic 2).
// Uses the SSE4.2 crc32 instruction when the CPU has it, else a table.
// Thread safety: pure functions.
#include <cstddef>
#include <cstdint>

namespace plexus::protocol {

/// CRC-32C of [data, data+size), continuing from `crc` (0 to start).
uint32_t crc32c(const void* data, size_t size, uint32_t crc = 0);

}  // namespace plexus::protocol

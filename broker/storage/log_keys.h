#pragma once
// The LevelDB key of a partition log's batch: its base offset as 8 bytes
// big-endian, so that keys sort in offset order. Shared by PartitionLog and
// its Compactor; nothing outside broker/storage sees keys.
#include <cstdint>
#include <string>

#include <leveldb/slice.h>

#include "broker/protocol/wire.h"

namespace plexus::storage {

inline std::string offsetKey(int64_t offset) {
    std::string k(8, '\0');
    protocol::storeBe64(reinterpret_cast<uint8_t*>(k.data()), static_cast<uint64_t>(offset));
    return k;
}

inline int64_t keyOffset(const leveldb::Slice& k) {
    return static_cast<int64_t>(protocol::loadBe64(reinterpret_cast<const uint8_t*>(k.data())));
}

}  // namespace plexus::storage

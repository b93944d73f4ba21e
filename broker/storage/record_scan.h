#pragma once
// scanRecords: every record of a partition from its log start to its high
// watermark, in offset order, for components that rebuild state from an
// internal topic at start-up (the group coordinator from __consumer_offsets,
// the Schema Registry from _schemas). Reads in 4 MiB chunks and parses the
// batches (decompressing if needed). Runs on the calling thread; the log may
// be appended to meanwhile (records past the high watermark seen at the
// start are not visited).
#include <cstdint>
#include <functional>
#include <string>

#include "broker/common/result.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/partition_log.h"

namespace plexus::storage {

/// Calls fn(offset, record) for each record from `from` (the log start
/// when lower); fn returns false to stop. Errors name `what` (e.g.
/// "__consumer_offsets-3") and the offset.
Status scanRecords(const PartitionLog& log, const std::string& what,
                   const std::function<bool(int64_t offset, const protocol::Record& record)>& fn, int64_t from = 0);

}  // namespace plexus::storage

#pragma once
// Compactor: one log-cleaning pass over a partition's LevelDB
// (cleanup.policy=compact), as Kafka's log cleaner does it.
//
// The owning PartitionLog decides what a pass may touch (CompactionRange,
// taken from its index under its lock) and how a group of changes enters the
// log (the Commit callback, which takes its locks and updates its index). The
// Compactor does the rest: pass 1 maps each key to its latest offset over the
// part of the range appended since the previous pass; pass 2 reads every
// batch of the range and decides each record; a batch that keeps every record
// is left alone, one that keeps some is re-encoded with its header unchanged
// (base offset, last offset delta, timestamps, producer fields, leader epoch,
// codec), one that keeps none is removed unless it must stay as an empty
// batch. Changes are handed to Commit in groups of about 8 MiB; at the end a
// LevelDB CompactRange over the range gives the disk space back. See
// broker/storage/README.md, "Compaction".
//
// Lifecycle: one Compactor per pass, constructed by PartitionLog::compact()
// and discarded after run(). It reads LevelDB without holding any lock of the
// log; the log serialises passes (one at a time per partition).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "broker/protocol/record_batch.h"

namespace leveldb {
class DB;
}  // namespace leveldb

namespace plexus::storage {

struct CompactionStats;  // partition_log.h

/// A batch a pass rewrites (newBytes non-empty) or removes (newBytes empty).
struct CompactionChange {
    int64_t baseOffset;
    int64_t lastOffset;
    std::string newBytes;
};

/// What one pass works on, as the log's index lists it when the pass starts.
struct CompactionRange {
    int64_t first = 0;     ///< base offset of the log's first batch
    int64_t end = 0;       ///< base offset of the first batch the pass may not touch
    int64_t mapStart = 0;  ///< pass 1 starts here: below it earlier passes left one record per key
    std::set<int64_t> producerLastBatches;  ///< each idempotent producer's newest batch: kept, empty if need be
    bool keepEveryBatch = false;            ///< replicated: Raft indexes count batches, none may go
};

class Compactor {
public:
    /// Writes one group of changes (in offset order) into the log under the
    /// log's locks; returns an error, or "" when they are written.
    using Commit = std::function<std::string(const std::vector<CompactionChange>&)>;

    Compactor(leveldb::DB& db, const std::filesystem::path& dir, Commit commit);

    /// One pass. Pass 1 may pull the range's end in when the key map would
    /// exceed maxMapBytes (stats.mapFull); stats.endOffset is where the pass
    /// ended. A kept tombstone (null value) goes once its timestamp is more
    /// than deleteRetentionMs before nowMs. A non-empty stats.error means a
    /// read or write failed and the pass stopped (what was committed stays).
    CompactionStats run(const CompactionRange& range, int64_t nowMs, int64_t deleteRetentionMs, size_t maxMapBytes);

    /// After a pass without error: the timestamp of the oldest tombstone it
    /// kept; INT64_MAX when it kept none.
    int64_t oldestTombstone() const { return m_oldestTombstone; }

private:
    /// Pass 1: the latest offset of every key in [range.mapStart, end); may lower `end`.
    bool mapLatestKeys(const CompactionRange& range, int64_t& end, size_t maxMapBytes, CompactionStats& st);
    /// Pass 2: decides every record in [range.first, end) and commits what changed.
    bool sweep(const CompactionRange& range, int64_t end, int64_t tombstoneHorizon, CompactionStats& st, bool& changed);
    /// fn(base offset, bytes, header) for each batch in [from, end), in
    /// order, until fn returns false; false when a read failed or fn set an
    /// error (st.error says which).
    using BatchFn = std::function<bool(int64_t, protocol::BytesView, const protocol::BatchHeader&)>;
    bool forEachBatch(int64_t from, int64_t end, CompactionStats& st, const BatchFn& fn);
    bool fail(CompactionStats& st, int64_t base, const std::string& why) const;

    leveldb::DB& m_db;
    const std::filesystem::path& m_dir;
    Commit m_commit;
    std::unordered_map<std::string, int64_t> m_latest;  ///< pass 1's key map
    std::string m_scratch;                               ///< decompression buffer
    int64_t m_oldestTombstone = std::numeric_limits<int64_t>::max();
};

}  // namespace plexus::storage

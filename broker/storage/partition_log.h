#pragma once
// PartitionLog: one Kafka partition's log, stored in its own LevelDB.
//
// Layout. Each partition owns a LevelDB under <data>/topics/<topic>/<n>/log.
// Keys are the batch base offset as 8 big-endian bytes, values the record
// batch exactly as the producer sent it (with baseOffset and
// partitionLeaderEpoch filled in). Because every key a partition writes is
// larger than all keys before it, each memtable flush yields an SST that
// overlaps no other, and LevelDB moves it down the levels without rewriting
// it: bytes on disk stay close to 2x the bytes produced (write-ahead log +
// one table write). A shared LevelDB for many partitions would interleave
// their keys in every flush and rewrite them on each compaction; see
// broker/storage/README.md for the measurement.
//
// An in-memory index (base offset, last offset, max timestamp, size per
// batch) is rebuilt by scanning the log at open; it serves fetch positioning,
// timestamp lookup, retention and size accounting. The log start offset (moved
// by retention and DeleteRecords) is kept in a small file beside the database.
//
// Appends. append() assigns offsets at once, under the partition mutex, and
// queues the write. A storage worker drains the queue into one LevelDB
// WriteBatch (group commit) written with sync=true by default, then advances
// the high watermark and runs the callbacks on the worker thread. Readers
// only ever see data below the high watermark, i.e. data that is durable.
//
// Idempotent producers: per producer id the partition keeps the epoch and the
// last five batches' sequence ranges; a retried duplicate is answered with
// its original offset, a gap with OUT_OF_ORDER_SEQUENCE_NUMBER. The state is
// rebuilt from the batch headers when the log is opened.
//
// Compaction (cleanup.policy=compact): compact() keeps, within the cleanable
// part of the log, only the latest record of each key, like Kafka's log
// cleaner. Offsets never change: a batch that loses some records is
// re-encoded under its own key with its header fields kept (so its first and
// last offsets stay), a batch that loses all is deleted. The newest batch,
// anything at or above the high watermark and records younger than
// min.compaction.lag.ms are never touched, so appends (which only write keys
// above the high watermark) never meet a compaction write. Compaction commits
// under the same lock that moves the log start, so retention and
// DeleteRecords never see a half-applied change.
//
// Thread safety: all public methods are safe to call from any thread.
#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"

namespace leveldb {
class DB;
class Cache;
}  // namespace leveldb

namespace plexus::storage {

class StorageWorkers;

struct LogOptions {
    bool syncEachWrite = true;            ///< fsync before the high watermark moves (log.flush.mode=fsync)
    size_t writeBufferBytes = 1u << 20;   ///< LevelDB memtable size per partition
    size_t maxGroupCommitBytes = 4u << 20;///< bytes written by one group commit (at least one append)
    size_t maxFileBytes = 16u << 20;      ///< LevelDB table file size
    leveldb::Cache* blockCache = nullptr; ///< shared across partitions; not owned
};

struct AppendResult {
    protocol::ErrorCode code = protocol::ErrorCode::None;
    std::string message;
    int64_t baseOffset = -1;
    int64_t logStartOffset = -1;
};
using AppendCallback = std::function<void(const AppendResult&)>;

struct ReadResult {
    protocol::ErrorCode code = protocol::ErrorCode::None;
    std::string records;       ///< whole batches, concatenated
    int64_t highWatermark = 0;
    int64_t logStartOffset = 0;
    int64_t recordCount = 0;   ///< records in the returned batches
};

/// The key map of one compaction pass is bounded (Kafka's
/// log.cleaner.dedupe.buffer.size); a pass that fills it cleans less.
inline constexpr size_t kDefaultCompactionMapBytes = size_t{128} << 20;

/// What one compaction pass did.
struct CompactionStats {
    bool ran = false;             ///< there was a cleanable range
    int64_t firstOffset = -1;     ///< the cleaned range is [firstOffset, endOffset)
    int64_t endOffset = -1;
    size_t batchesScanned = 0;
    size_t batchesRewritten = 0;  ///< re-encoded with their surviving records
    size_t batchesRemoved = 0;    ///< no record survived
    int64_t recordsRemoved = 0;
    int64_t bytesBefore = 0;      ///< of the batches in the cleaned range
    int64_t bytesAfter = 0;
    bool mapFull = false;         ///< the key map filled; endOffset was pulled in
    std::string error;            ///< non-empty: a read or write failed and the pass stopped
};

/// Whether a compaction pass is worth running (see LogManager::runCompaction).
struct CleanableState {
    int64_t dirtyBytes = 0;       ///< cleanable bytes not yet covered by a pass
    int64_t totalBytes = 0;       ///< all bytes of the log
    bool tombstonesDue = false;   ///< a kept tombstone has outlived delete.retention.ms
    double dirtyRatio() const { return totalBytes > 0 ? static_cast<double>(dirtyBytes) / static_cast<double>(totalBytes) : 0.0; }
};

struct TimestampLookup {
    int64_t offset = -1;
    int64_t timestamp = -1;
};

class PartitionLog : public std::enable_shared_from_this<PartitionLog> {
public:
    /// Opens (or creates) the log in `dir`. Fails with a message naming the
    /// directory when it cannot be created, read or written.
    static Result<std::shared_ptr<PartitionLog>> open(const std::filesystem::path& dir, LogOptions options,
                                                      StorageWorkers* workers);
    ~PartitionLog();
    PartitionLog(const PartitionLog&) = delete;
    PartitionLog& operator=(const PartitionLog&) = delete;

    /// Appends the validated batches held in `payload` (see
    /// protocol::validateBatches). `cb` runs once, on a storage worker
    /// thread, when the batches are durable or the append failed.
    void append(std::string payload, std::vector<protocol::BatchSpan> batches, AppendCallback cb);

    /// Reads whole batches starting with the one that holds `offset`, up to
    /// maxBytes. With atLeastOne the first batch is returned even when larger.
    ReadResult read(int64_t offset, size_t maxBytes, bool atLeastOne = true) const;

    /// First offset whose record timestamp is >= ts; offset -1 if none.
    Result<TimestampLookup> offsetForTimestamp(int64_t ts) const;

    /// Moves the log start offset forward (DeleteRecords). `offset` -1 means
    /// the high watermark. Returns the new low watermark.
    Result<int64_t> deleteRecordsBefore(int64_t offset);

    /// Drops whole batches older than retentionMs (by max timestamp) and the
    /// oldest batches beyond retentionBytes; -1 disables a limit. Returns the
    /// number of batches removed.
    size_t applyRetention(int64_t nowMs, int64_t retentionMs, int64_t retentionBytes);

    /// What compaction could do now: the bytes it has not yet covered, in
    /// the range it may touch, and whether a kept tombstone has expired.
    CleanableState cleanableState(int64_t nowMs, int64_t deleteRetentionMs, int64_t minLagMs) const;

    /// One compaction pass (housekeeping thread; passes are serialised).
    /// The cleanable range runs from the first batch to the first one that
    /// is the newest of the log or (with minLagMs > 0) holds a record newer
    /// than nowMs - minLagMs. Pass 1 maps each key to its latest offset over
    /// the part of the range appended since the previous pass (the rest was
    /// already reduced to one record per key); if the map would exceed
    /// maxMapBytes the range ends at that batch. Pass 2 keeps a keyed record
    /// only if no later record in the range has its key; a kept tombstone
    /// (null value) goes once its timestamp is more than deleteRetentionMs
    /// before nowMs. Records with a null key and control batches are kept.
    /// An idempotent producer's last batch is kept even when it loses every
    /// record (with no records, as Kafka does) so that its sequence survives
    /// a restart. Reads stay correct throughout; offsets, the log start and
    /// the high watermark do not change.
    CompactionStats compact(int64_t nowMs, int64_t deleteRetentionMs, int64_t minLagMs,
                            size_t maxMapBytes = kDefaultCompactionMapBytes);

    /// Tests only: runs between a compaction's LevelDB write and its index
    /// update, the window in which the index still lists removed batches.
    void setCompactionWriteHookForTest(std::function<void()> fn) {
        std::lock_guard pass(m_compactionMutex);
        m_compactionWriteHook = std::move(fn);
    }

    /// Physically removes batches cut off by deleteRecordsBefore() (LevelDB
    /// delete + compaction). Housekeeping thread.
    void purgeDeleted();

    /// Removes the directory when the last reference goes (topic deletion).
    void markForDeletion() { m_deleteOnClose = true; }

    int64_t highWatermark() const;
    int64_t logStartOffset() const;
    int64_t sizeBytes() const;
    const std::filesystem::path& directory() const { return m_dir; }

    /// Called on a worker thread after the high watermark advanced.
    void setAppendListener(std::function<void()> fn);

    /// Interval-flush mode: forces the write-ahead log to disk.
    void sync();

    /// Storage worker entry point: writes everything queued. Internal.
    void flushPending();

private:
    struct IndexEntry {
        int64_t baseOffset;
        int64_t lastOffset;
        int64_t maxTimestamp;
        uint32_t size;
    };
    struct SequenceEntry {
        int32_t firstSeq;
        int32_t lastSeq;
        int64_t baseOffset;
    };
    struct ProducerState {
        int16_t epoch = -1;
        std::deque<SequenceEntry> recent;  ///< newest at the back, at most 5
    };
    struct Pending {
        std::string payload;
        std::vector<protocol::BatchSpan> batches;
        AppendCallback cb;
        int64_t baseOffset = -1;
        int64_t endOffset = -1;     ///< one past the last offset written
        bool duplicate = false;     ///< nothing to write; answer with baseOffset
    };

    PartitionLog(std::filesystem::path dir, LogOptions options, StorageWorkers* workers);
    Status load();
    Status persistLogStart(int64_t offset);
    protocol::ErrorCode checkSequence(const protocol::BatchHeader& h, int64_t& dupOffset, std::string& msg);
    void recordSequence(const protocol::BatchHeader& h, int64_t baseOffset);
    size_t dropPrefixLocked(int64_t newLogStart);  // returns batches removed; caller deletes keys
    void deleteKeys(int64_t fromBase, int64_t toBaseInclusive, size_t count);

    /// A batch compaction rewrites (newBytes non-empty) or removes.
    struct CompactionChange {
        int64_t baseOffset;
        int64_t lastOffset;
        std::string newBytes;
    };
    size_t cleanableCountLocked(int64_t nowMs, int64_t minLagMs) const;  // index entries a pass may touch
    std::string commitCompaction(const std::vector<CompactionChange>& changes);  // returns an error or ""

    const std::filesystem::path m_dir;
    const LogOptions m_options;
    StorageWorkers* const m_workers;
    const size_t m_worker;  ///< which storage worker flushes this partition
    std::unique_ptr<leveldb::DB> m_db;

    mutable std::mutex m_mutex;
    std::deque<IndexEntry> m_index;     // guarded by m_mutex
    int64_t m_nextOffset = 0;           // guarded: next offset to assign
    int64_t m_highWatermark = 0;        // guarded: end of durable data
    int64_t m_logStart = 0;             // guarded
    int64_t m_bytes = 0;                // guarded: bytes of indexed batches
    std::map<int64_t, ProducerState> m_producers;  // guarded
    std::vector<Pending> m_pending;     // guarded
    bool m_scheduled = false;           // guarded: a worker owns the flush
    bool m_failed = false;              // guarded: a write failed; log is read-only
    std::string m_failure;              // guarded
    std::function<void()> m_listener;   // guarded
    struct PurgeRange {
        int64_t first, last;
        size_t count;
    };
    std::vector<PurgeRange> m_purge;    // guarded: cut off, not yet removed from LevelDB
    int64_t m_cleanedEnd = 0;           // guarded: compaction has covered every batch below
    // guarded: timestamp of the oldest tombstone the last pass kept; INT64_MAX
    // none; INT64_MIN not known yet (after open), which counts as due.
    int64_t m_oldestTombstone = std::numeric_limits<int64_t>::min();
    std::mutex m_retentionMutex;        // serialises moving the log start and compaction commits
    std::mutex m_compactionMutex;       // one compaction pass at a time
    std::function<void()> m_compactionWriteHook;  // guarded by m_compactionMutex
    std::atomic<bool> m_deleteOnClose{false};
};

}  // namespace plexus::storage

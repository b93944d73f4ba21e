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
// appendReplicated() feeds the same queue and the same worker routine.
//
// Idempotent producers (producer_state.h): per producer id the partition
// keeps the epoch and the last five batches' sequence ranges; a retried
// duplicate is answered with its original offset, a gap with
// OUT_OF_ORDER_SEQUENCE_NUMBER. The state is rebuilt from the batch headers
// when the log is opened.
//
// Compaction (cleanup.policy=compact; the passes are in compactor.h):
// compact() keeps, within the cleanable part of the log, only the latest
// record of each key, like Kafka's log cleaner. Offsets never change: a batch
// that loses some records is re-encoded under its own key with its header
// fields kept (so its first and last offsets stay), a batch that loses all is
// deleted. The newest batch, anything at or above the high watermark and
// records younger than min.compaction.lag.ms are never touched, so appends
// (which only write keys above the high watermark) never meet a compaction
// write. Compaction commits under the same lock that moves the log start, so
// retention and DeleteRecords never see a half-applied change.
//
// Replicated mode (LogOptions::replicated): the log is also a Raft log
// (storage::RaftLogStore). One Raft entry is one batch, its term the batch's
// partitionLeaderEpoch; Raft index i is the batch at position i - raftStart
// of the index, where raftStart (the Raft index of the first batch still in
// the log) and prevTerm (the term just before it) are kept beside the log
// start offset. Differences from the plain mode:
//   - appendReplicated() makes a batch readable (to Raft, not to consumers)
//     at once: the index entry is pushed at append time and the bytes stay in
//     memory until their write completes;
//   - truncateReplicated() and resetReplicated() remove uncommitted entries;
//     their LevelDB deletes travel in the same ordered queue as the puts, so
//     writes become durable in the order they were made, as Raft requires;
//   - the high watermark is min(commit, durable end), the commit being set
//     by the owner (setCommittedOffset); consumers read only below it;
//   - retention, DeleteRecords and compaction stay below the high watermark,
//     and compaction never removes a batch (an emptied batch stays, with no
//     records), since Raft indexes count batches.
// See broker/storage/README.md, "Replicated mode".
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
#include <optional>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"
#include "broker/storage/producer_state.h"

namespace leveldb {
class DB;
class Cache;
}  // namespace leveldb

namespace plexus::storage {

class StorageWorkers;
struct CompactionChange;  // compactor.h

struct LogOptions {
    bool syncEachWrite = true;            ///< fsync before the high watermark moves (log.flush.mode=fsync)
    size_t writeBufferBytes = 1u << 20;   ///< LevelDB memtable size per partition
    size_t maxGroupCommitBytes = 4u << 20;///< bytes written by one group commit (at least one append)
    size_t maxFileBytes = 16u << 20;      ///< LevelDB table file size
    leveldb::Cache* blockCache = nullptr; ///< shared across partitions; not owned
    bool replicated = false;              ///< the log is a Raft log (see "Replicated mode" above)
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

/// Replicated mode: the idempotent-producer verdict on batches before the
/// leader proposes them.
struct SequenceCheck {
    protocol::ErrorCode code = protocol::ErrorCode::None;
    std::string message;
    int64_t duplicateOffset = -1;  ///< >= 0: every batch is a retried duplicate; the first one's offset
};

/// Replicated mode: where appendReplicated() put a batch.
struct ReplicatedAppend {
    int64_t baseOffset = -1;
    int64_t lastOffset = -1;
    int64_t raftIndex = 0;
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
    /// Why the log turned read-only (a LevelDB write failed, for example with
    /// a full disk), or nullopt while it is healthy. Sticky until the node
    /// restarts: LevelDB keeps a failed write's error too.
    std::optional<std::string> failure() const;
    int64_t sizeBytes() const;
    const std::filesystem::path& directory() const { return m_dir; }

    /// Called on a worker thread after the high watermark advanced.
    void setAppendListener(std::function<void()> fn);

    /// Interval-flush mode: forces the write-ahead log to disk.
    void sync();

    /// Storage worker entry point: writes everything queued. Internal.
    void flushPending();

    // ---- Replicated mode only (LogOptions::replicated); see the top of this file.

    bool replicated() const { return m_options.replicated; }

    /// Leader, before proposing: the idempotent-producer check of append()
    /// without changing any state. All batches duplicates: duplicateOffset is
    /// the base offset of the first; a mix: OutOfOrderSequenceNumber. Batches
    /// proposed but not yet appended are not seen, so the caller must check
    /// and propose under one lock (the partition's strand).
    SequenceCheck checkSequences(const std::vector<protocol::BatchSpan>& batches) const;

    /// Appends ONE whole, validated batch as the next Raft entry: its
    /// baseOffset becomes the log end offset and its partitionLeaderEpoch
    /// `epoch` (both outside the CRC), its producer sequence is recorded
    /// (not checked: see checkSequences), and the write is queued. Readable
    /// through readReplicated() at once. `cb` runs on a storage worker once
    /// the write is durable or failed. Fails at once when the log has failed.
    Result<ReplicatedAppend> appendReplicated(std::string batch, int32_t epoch, AppendCallback cb);

    /// Removes the entries at Raft index >= fromIndex, which must all be
    /// above the high watermark (never committed: Raft guarantees this; an
    /// attempt to cut below the high watermark fails). Takes effect in memory
    /// at once; the LevelDB deletes are queued behind the pending puts. Cut
    /// appends still pending are written and get their callbacks (success);
    /// Raft ignores reports about replaced entries by their term.
    /// Producer state: sequence entries of cut batches are forgotten; a
    /// producer whose remembered batches were all cut is then treated like
    /// one the log has not seen (its next batch is accepted at any sequence).
    Status truncateReplicated(int64_t fromIndex);

    /// Discards the whole log (a follower behind the leader's log start):
    /// afterwards it is empty, raftStartIndex() == newStartIndex,
    /// raftTermAt(newStartIndex - 1) == prevTerm, and the log start, log end
    /// and high watermark are `startOffset`. startOffset -1: not known (a Raft
    /// store does not know the leader's Kafka offsets); the base offset of the
    /// next appended batch, which comes from the leader with its offset set,
    /// then defines them. Producer state is forgotten. The reset is queued
    /// behind pending writes and is crash-safe (see "Replicated mode" in
    /// README.md): a restart sees either the old log or the empty new one.
    Status resetReplicated(int64_t newStartIndex, int32_t prevTerm, int64_t startOffset);

    /// Raft's truncatePrefix: drops the batches before Raft index
    /// newStartIndex, which the caller guarantees are committed. Limited to
    /// durable batches (the commit the owner last gave may lag Raft's).
    /// Returns the new raftStartIndex().
    Result<int64_t> dropBeforeIndex(int64_t newStartIndex);

    /// OffsetForLeaderEpoch: the largest epoch <= `epoch` that the log holds
    /// and the offset where it ends (the first offset of the next larger
    /// epoch, or the log end offset when there is none); (-1, -1) when every
    /// batch has a larger epoch or the log is empty. Epochs never decrease
    /// along a log, so this is a binary search. Works in both modes (a node
    /// running alone writes epoch 0).
    std::pair<int32_t, int64_t> epochEndOffset(int32_t epoch) const;

    int64_t raftStartIndex() const;  ///< Raft index of the first batch (of the next one when empty)
    int64_t raftLastIndex() const;   ///< raftStartIndex() - 1 when empty
    /// The epoch of the batch at `index`, for index in [start - 1, last];
    /// start - 1 gives the persisted prevTerm (0 for a new log).
    std::optional<int32_t> raftTermAt(int64_t index) const;
    /// Batches from Raft index `from` while their total stays within maxBytes,
    /// at least one when from <= raftLastIndex(): (epoch, bytes) pairs. Also
    /// serves batches whose write is still pending.
    Result<std::vector<std::pair<int32_t, std::string>>> readReplicated(int64_t from, size_t maxBytes) const;
    /// Raft index of the batch holding `offset`; -1 if none does.
    int64_t raftIndexOfOffset(int64_t offset) const;
    /// lastOffset + 1 of the batch at `index`; for raftStartIndex() - 1 the
    /// base offset of the first batch (the log end when empty); -1 outside
    /// or when not known (after a reset with startOffset -1).
    int64_t endOffsetOfIndex(int64_t index) const;
    /// The Raft commit, as the end offset of the committed prefix. The high
    /// watermark becomes min(that, durable end) and never moves back; the
    /// append listener runs when it moves. Consumers read below it.
    void setCommittedOffset(int64_t endOffset);
    /// Next offset to assign: the end of every appended batch, durable or not.
    int64_t logEndOffset() const;
    /// End offset of the durable prefix of the current log.
    int64_t durableEndOffset() const;

private:
    void reportFailureLocked(const std::string& error);  // logs once; m_mutex held
    struct IndexEntry {
        int64_t baseOffset;
        int64_t lastOffset;
        int64_t maxTimestamp;
        uint32_t size;
        int32_t epoch;  ///< partitionLeaderEpoch (the Raft term in replicated mode)
    };

    /// One write of the ordered queue that both append paths feed (a
    /// replicated log also queues its truncations and resets there). A
    /// storage worker writes the queue in order, group-committed.
    struct WriteOp {
        enum class Kind : uint8_t { Put, Delete, Reset } kind = Kind::Put;
        std::shared_ptr<const std::string> payload; ///< Put: the batches' bytes (replicated: also in m_unflushed while current)
        std::vector<protocol::BatchSpan> batches;   ///< Put: the batches in payload, offsets assigned
        int64_t baseOffset = -1;                    ///< Put: the offset answered
        int64_t endOffset = -1;                     ///< Put: one past the last offset written
        bool duplicate = false;                     ///< Put: a retried duplicate, nothing to write; answer with baseOffset
        std::vector<int64_t> keys;                  ///< Delete: base offsets to delete
        std::string metaFile;                       ///< Reset: the new log start file content
        std::string metaFileMarked;                 ///< Reset: the same, marked as a reset in progress
        AppendCallback cb;                          ///< Put
    };

    PartitionLog(std::filesystem::path dir, LogOptions options, StorageWorkers* workers);
    Status load();
    Status persistLogStart(int64_t offset);
    /// Replicated mode: the log start file with the Raft boundary; `reset`
    /// marks a reset whose deletes may not be durable yet.
    std::string metaContent(int64_t logStart, int64_t raftStart, int32_t prevTerm, bool reset) const;
    Status persistMeta(int64_t logStart, int64_t raftStart, int32_t prevTerm);
    /// Replicated mode: raftStart and prevTerm once the log start is newLogStart.
    std::pair<int64_t, int32_t> raftBoundaryLocked(int64_t newLogStart) const;
    void scheduleLocked(bool& schedule);
    /// Both append paths: gives the batch at `batch` (header `h`) the next
    /// offset and leader epoch `epoch`, in its bytes (outside the CRC) and in
    /// `h`, records its producer sequence and advances the log end.
    void assignOffsetLocked(uint8_t* batch, protocol::BatchHeader& h, int32_t epoch);
    /// Worker, no lock held: one group commit of puts and deletes; returns an error or "".
    std::string writeOps(const std::vector<WriteOp>& work);
    /// Worker, no lock held: a replicated reset, crash-safe; returns an error or "".
    std::string writeReset(const WriteOp& op);
    /// After a successful write: a plain log publishes the batches to the
    /// index and moves the high watermark to their end; a replicated log
    /// (whose index has them already) moves the durable end.
    void markWrittenLocked(const std::vector<WriteOp>& work, bool& moved);
    void updateHighWatermarkLocked(bool& moved);
    size_t dropPrefixLocked(int64_t newLogStart);  // returns batches removed; caller deletes keys
    void deleteKeys(int64_t fromBase, int64_t toBaseInclusive, size_t count);

    size_t cleanableCountLocked(int64_t nowMs, int64_t minLagMs) const;  // index entries a pass may touch
    /// The Compactor's commit: writes the changes under the retention lock, then updates the index.
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
    ProducerStateTable m_producers;     // guarded
    std::deque<WriteOp> m_ops;          // guarded: queued writes, in order
    // Replicated mode, all guarded:
    std::map<int64_t, std::shared_ptr<const std::string>> m_unflushed;  // base offset -> bytes not yet written
    int64_t m_raftStart = 1;            // Raft index of m_index.front()
    int32_t m_prevTerm = 0;             // term of the entry at m_raftStart - 1
    int64_t m_durableEnd = 0;           // end offset of the durable prefix of the current log
    int64_t m_committedEnd = 0;         // the owner's commit, as an end offset
    bool m_adoptOffset = false;         // after a reset without an offset: the next batch sets it
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

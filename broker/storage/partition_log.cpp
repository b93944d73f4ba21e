#include "broker/storage/partition_log.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>
#include <spdlog/spdlog.h>

#include "broker/common/durable_file.h"
#include "broker/storage/compactor.h"
#include "broker/storage/log_keys.h"
#include "broker/storage/storage_workers.h"

namespace plexus::storage {

using protocol::BatchHeader;
using protocol::ErrorCode;

namespace {

constexpr const char* kLogStartFile = "log_start_offset";

}  // namespace

PartitionLog::PartitionLog(std::filesystem::path dir, LogOptions options, StorageWorkers* workers)
    : m_dir(std::move(dir)), m_options(options), m_workers(workers), m_worker(workers ? workers->assign() : 0) {}

PartitionLog::~PartitionLog() {
    m_db.reset();
    if (m_deleteOnClose) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

Result<std::shared_ptr<PartitionLog>> PartitionLog::open(const std::filesystem::path& dir, LogOptions options,
                                                         StorageWorkers* workers) {
    std::shared_ptr<PartitionLog> log(new PartitionLog(dir, options, workers));
    if (Status s = log->load(); !s) return s;
    return log;
}

Status PartitionLog::load() {
    std::error_code ec;
    std::filesystem::create_directories(m_dir, ec);
    if (ec) return Status::error("cannot create partition directory " + m_dir.string() + ": " + ec.message());

    bool resetInProgress = false;
    if (std::ifstream in(m_dir / kLogStartFile); in && m_options.replicated) {
        // "<log start> <raft start> <prev term> [reset]"; a log start of -1
        // means not known yet (a reset without an offset: the first batch
        // sets it). A file with the log start alone is a log that was
        // written before it became replicated.
        std::string text;
        std::getline(in, text);
        std::istringstream fields(text);
        int64_t start = 0, raftStart = 1, prevTerm = 0;
        std::string marker, rest;
        bool ok = static_cast<bool>(fields >> start) && start >= -1;
        if (ok && (fields >> raftStart)) ok = (fields >> prevTerm) && raftStart >= 1 && prevTerm >= 0 && prevTerm <= INT32_MAX;
        fields.clear();
        if (ok && (fields >> marker)) ok = marker == "reset" && !(fields >> rest);
        if (!ok)
            return Status::error("corrupt file " + (m_dir / kLogStartFile).string() + ": '" + text +
                                 "' is not '<log start offset> <raft start index> <prev term> [reset]'");
        m_logStart = start;
        m_raftStart = raftStart;
        m_prevTerm = static_cast<int32_t>(prevTerm);
        resetInProgress = marker == "reset";
    } else if (in) {
        std::string text;
        std::getline(in, text);
        try {
            size_t used = 0;
            m_logStart = std::stoll(text, &used);
            if (used != text.size() || m_logStart < 0) throw std::invalid_argument("trailing data");
        } catch (const std::exception&) {
            return Status::error("corrupt file " + (m_dir / kLogStartFile).string() + ": '" + text + "' is not an offset");
        }
    }

    leveldb::Options opts;
    opts.create_if_missing = true;
    opts.paranoid_checks = true;
    opts.reuse_logs = true;  // reopen without rewriting the write-ahead log into a table: start-up stays cheap with many partitions
    opts.write_buffer_size = m_options.writeBufferBytes;
    opts.max_file_size = m_options.maxFileBytes;
    opts.max_open_files = 100;
    opts.compression = leveldb::kNoCompression;  // batches arrive compressed by their producers
    opts.block_cache = m_options.blockCache;
    leveldb::DB* db = nullptr;
    leveldb::Status st = leveldb::DB::Open(opts, (m_dir / "log").string(), &db);
    if (!st.ok()) return Status::error("cannot open partition log " + (m_dir / "log").string() + ": " + st.ToString());
    m_db.reset(db);

    if (resetInProgress) {
        // A crash during resetReplicated(): the new start is on disk, the old
        // batches may not all be deleted yet. Finish the reset.
        leveldb::WriteBatch wb;
        std::unique_ptr<leveldb::Iterator> all(m_db->NewIterator(leveldb::ReadOptions()));
        for (all->SeekToFirst(); all->Valid(); all->Next()) wb.Delete(all->key());
        all.reset();
        leveldb::WriteOptions wo;
        wo.sync = true;
        if (leveldb::Status s = m_db->Write(wo, &wb); !s.ok())
            return Status::error("cannot finish a reset of " + (m_dir / "log").string() + ": " + s.ToString());
        if (Status s = persistMeta(m_logStart, m_raftStart, m_prevTerm); !s) return s;
    }

    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;
    std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(ro));
    std::vector<int64_t> stale;
    int64_t end = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        auto k = it->key();
        auto v = it->value();
        if (k.size() != 8 || v.size() < protocol::kBatchHeaderSize)
            return Status::error("corrupt entry in " + (m_dir / "log").string() + ": bad key or short batch");
        BatchHeader h = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(v.data()));
        if (h.baseOffset != keyOffset(k) || h.totalSize() != v.size())
            return Status::error("corrupt batch at offset " + std::to_string(keyOffset(k)) + " in " + m_dir.string());
        if (h.lastOffset() < m_logStart) {
            stale.push_back(h.baseOffset);
            continue;
        }
        m_index.push_back(IndexEntry{h.baseOffset, h.lastOffset(), h.maxTimestamp, static_cast<uint32_t>(v.size()),
                                     h.partitionLeaderEpoch});
        m_bytes += static_cast<int64_t>(v.size());
        m_producers.record(h, h.baseOffset);  // the producer state is rebuilt from the batch headers
        end = h.lastOffset() + 1;
    }
    if (!it->status().ok()) return Status::error("cannot read " + (m_dir / "log").string() + ": " + it->status().ToString());
    it.reset();
    if (!stale.empty()) {
        // A crash between moving the log start and deleting the batches below it.
        leveldb::WriteBatch wb;
        for (int64_t o : stale) wb.Delete(offsetKey(o));
        m_db->Write(leveldb::WriteOptions(), &wb);
    }
    if (m_options.replicated && m_logStart < 0) {
        // Reset without an offset: the first batch the leader sent defines it.
        m_adoptOffset = m_index.empty();
        m_logStart = m_index.empty() ? 0 : m_index.front().baseOffset;
    }
    m_nextOffset = std::max(end, m_logStart);
    m_highWatermark = m_nextOffset;
    if (m_options.replicated) {
        // Everything found is durable; what is committed is learned again
        // from the leader, so consumers see nothing until then.
        m_durableEnd = m_nextOffset;
        m_committedEnd = m_logStart;
        m_highWatermark = m_logStart;
    }

    // LevelDB::Open has already written a new manifest and log file here, so
    // an unwritable partition directory fails above, not at the first produce.
    return Status::ok();
}

Status PartitionLog::persistLogStart(int64_t offset) {
    return writeFileDurably(m_dir / kLogStartFile, std::to_string(offset) + "\n");
}

std::string PartitionLog::metaContent(int64_t logStart, int64_t raftStart, int32_t prevTerm, bool reset) const {
    return std::to_string(logStart) + " " + std::to_string(raftStart) + " " + std::to_string(prevTerm) +
           (reset ? " reset\n" : "\n");
}

Status PartitionLog::persistMeta(int64_t logStart, int64_t raftStart, int32_t prevTerm) {
    return writeFileDurably(m_dir / kLogStartFile, metaContent(logStart, raftStart, prevTerm, false));
}

std::pair<int64_t, int32_t> PartitionLog::raftBoundaryLocked(int64_t newLogStart) const {
    int64_t start = m_raftStart;
    int32_t prev = m_prevTerm;
    for (const auto& e : m_index) {
        if (e.lastOffset >= newLogStart) break;
        ++start;
        prev = e.epoch;
    }
    return {start, prev};
}

// ---- The write queue, shared by both append paths (see "Appends" in README.md)

void PartitionLog::scheduleLocked(bool& schedule) {
    if (!m_scheduled) {
        m_scheduled = true;
        schedule = true;
    }
}

void PartitionLog::assignOffsetLocked(uint8_t* batch, BatchHeader& h, int32_t epoch) {
    protocol::storeBe64(batch, static_cast<uint64_t>(m_nextOffset));
    protocol::storeBe32(batch + protocol::kLeaderEpochOffset, static_cast<uint32_t>(epoch));
    h.baseOffset = m_nextOffset;
    h.partitionLeaderEpoch = epoch;
    m_producers.record(h, m_nextOffset);
    m_nextOffset = h.lastOffset() + 1;
}

void PartitionLog::append(std::string payload, std::vector<protocol::BatchSpan> batches, AppendCallback cb) {
    bool schedule = false;
    if (m_options.replicated) {
        // Replicated writes go through Raft (appendReplicated).
        cb(AppendResult{ErrorCode::NotLeaderOrFollower, "the partition log is replicated", -1, logStartOffset()});
        return;
    }
    {
        std::unique_lock lock(m_mutex);
        if (m_failed) {
            AppendResult r{ErrorCode::KafkaStorageError, "partition storage failed: " + m_failure, -1, m_logStart};
            lock.unlock();
            cb(r);
            return;
        }
        SequenceCheck check = m_producers.check(batches);
        if (check.code != ErrorCode::None) {
            AppendResult r{check.code, check.message, -1, m_logStart};
            lock.unlock();
            cb(r);
            return;
        }
        WriteOp op;
        op.cb = std::move(cb);
        if (check.duplicateOffset >= 0) {
            op.duplicate = true;
            op.baseOffset = check.duplicateOffset;
        } else {
            op.baseOffset = m_nextOffset;
            for (auto& b : batches)  // single node: leader epoch 0
                assignOffsetLocked(reinterpret_cast<uint8_t*>(payload.data()) + b.offset, b.header, 0);
            op.endOffset = m_nextOffset;
            op.payload = std::make_shared<const std::string>(std::move(payload));
            op.batches = std::move(batches);
        }
        m_ops.push_back(std::move(op));
        scheduleLocked(schedule);
    }
    if (schedule) m_workers->schedule(shared_from_this(), m_worker);
}

Result<ReplicatedAppend> PartitionLog::appendReplicated(std::string batch, int32_t epoch, AppendCallback cb) {
    if (!m_options.replicated) return Status::error("appendReplicated on a log that is not replicated");
    if (batch.size() < protocol::kBatchHeaderSize) return Status::error("a replicated entry is shorter than a batch header");
    auto* p = reinterpret_cast<uint8_t*>(batch.data());
    BatchHeader h = protocol::parseBatchHeader(p);
    if (h.totalSize() != batch.size() || h.lastOffsetDelta < 0)
        return Status::error("a replicated entry is not exactly one record batch");
    ReplicatedAppend out;
    bool schedule = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_failed) return Status::error("partition storage failed: " + m_failure);
        if (m_adoptOffset) {
            // First batch after a reset without an offset: it comes from the
            // leader with the leader's offset, which the log continues from.
            m_adoptOffset = false;
            m_logStart = m_nextOffset = m_durableEnd = m_committedEnd = m_highWatermark = h.baseOffset;
        }
        const int64_t base = m_nextOffset;
        assignOffsetLocked(p, h, epoch);  // the sequence is recorded, not checked: see checkSequences
        auto bytes = std::make_shared<const std::string>(std::move(batch));
        const auto size = static_cast<uint32_t>(bytes->size());
        // Published at once: Raft reads the entry before it is durable.
        m_index.push_back(IndexEntry{base, h.lastOffset(), h.maxTimestamp, size, epoch});
        m_bytes += size;
        m_unflushed[base] = bytes;
        WriteOp op;
        op.baseOffset = base;
        op.endOffset = m_nextOffset;
        op.payload = std::move(bytes);
        op.batches.push_back(protocol::BatchSpan{0, h});
        op.cb = std::move(cb);
        m_ops.push_back(std::move(op));
        out = ReplicatedAppend{base, h.lastOffset(), m_raftStart + static_cast<int64_t>(m_index.size()) - 1};
        scheduleLocked(schedule);
    }
    if (schedule) m_workers->schedule(shared_from_this(), m_worker);
    return out;
}

std::string PartitionLog::writeOps(const std::vector<WriteOp>& work) {
    leveldb::WriteBatch wb;
    size_t writes = 0;
    for (const auto& op : work) {
        for (const auto& b : op.batches) {
            wb.Put(offsetKey(b.header.baseOffset), leveldb::Slice(op.payload->data() + b.offset, b.header.totalSize()));
            ++writes;
        }
        for (int64_t k : op.keys) {
            wb.Delete(offsetKey(k));
            ++writes;
        }
    }
    if (writes == 0) return {};  // only duplicates: nothing to write
    leveldb::WriteOptions wo;
    wo.sync = m_options.syncEachWrite;
    if (leveldb::Status st = m_db->Write(wo, &wb); !st.ok()) return st.ToString();
    return {};
}

std::string PartitionLog::writeReset(const WriteOp& op) {
    // Crash ordering: (1) the new start, marked "reset"; a restart that finds
    // the mark deletes every key and clears it. (2) every key deleted,
    // synced. (3) the mark cleared. Puts after the reset are queued behind
    // it, so they are never deleted by it.
    if (Status s = writeFileDurably(m_dir / kLogStartFile, op.metaFileMarked); !s) return s.message();
    leveldb::WriteBatch wb;
    std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) wb.Delete(it->key());
    if (!it->status().ok()) return it->status().ToString();
    it.reset();
    leveldb::WriteOptions wo;
    wo.sync = true;
    if (leveldb::Status st = m_db->Write(wo, &wb); !st.ok()) return st.ToString();
    if (Status s = writeFileDurably(m_dir / kLogStartFile, op.metaFile); !s) return s.message();
    return {};
}

void PartitionLog::markWrittenLocked(const std::vector<WriteOp>& work, bool& moved) {
    if (!m_options.replicated) {
        // The index lists durable batches only, and the high watermark is
        // the end of what was written.
        for (const auto& op : work) {
            for (const auto& b : op.batches) {
                m_index.push_back(IndexEntry{b.header.baseOffset, b.header.lastOffset(), b.header.maxTimestamp,
                                             static_cast<uint32_t>(b.header.totalSize()), b.header.partitionLeaderEpoch});
                m_bytes += static_cast<int64_t>(b.header.totalSize());
            }
            if (op.kind == WriteOp::Kind::Put && !op.duplicate) m_highWatermark = op.endOffset;
        }
        moved = true;  // the append listener runs after every write
        return;
    }
    for (const auto& op : work) {
        if (op.kind != WriteOp::Kind::Put) continue;
        // Only a batch still in the log moves the durable end: one
        // truncated or reset since was written and then deleted.
        auto it = m_unflushed.find(op.baseOffset);
        if (it == m_unflushed.end() || it->second != op.payload) continue;
        m_unflushed.erase(it);
        m_durableEnd = op.endOffset;
    }
    updateHighWatermarkLocked(moved);
}

void PartitionLog::flushPending() {
    // Ops are taken in order, up to the group-commit budget (always at least
    // one), so one write never holds an unbounded amount; an op with nothing
    // to write rides along. A reset is done alone: it writes files and
    // deletes whatever LevelDB holds at that point of the stream.
    std::vector<WriteOp> work;
    bool failed;
    {
        std::lock_guard lock(m_mutex);
        size_t bytes = 0;
        while (!m_ops.empty()) {
            WriteOp& op = m_ops.front();
            const bool isReset = op.kind == WriteOp::Kind::Reset;
            const size_t size = op.payload ? op.payload->size() : 0;
            if (!work.empty() && (isReset || (size > 0 && bytes + size > m_options.maxGroupCommitBytes))) break;
            bytes += size;
            work.push_back(std::move(op));
            m_ops.pop_front();
            if (isReset) break;
        }
        failed = m_failed;
    }
    std::string error;
    if (!failed && !work.empty())
        error = work.front().kind == WriteOp::Kind::Reset ? writeReset(work.front()) : writeOps(work);
    std::function<void()> listener;
    int64_t logStart;
    std::string failure;
    bool moved = false;
    {
        std::lock_guard lock(m_mutex);
        if (!failed && error.empty()) {
            markWrittenLocked(work, moved);
        } else {
            // The in-memory log is no longer what LevelDB holds: the log
            // refuses further writes (in a cluster Raft's owner must stop the
            // group). A plain log takes back the offsets it handed out.
            if (!m_failed) reportFailureLocked(error.empty() ? "an earlier write failed" : error);
            if (!m_options.replicated) m_nextOffset = m_highWatermark;
        }
        failed = m_failed;
        failure = m_failure;
        listener = m_listener;
        logStart = m_logStart;
    }
    for (auto& op : work) {
        if (!op.cb) continue;
        AppendResult r;
        r.logStartOffset = logStart;
        if (failed) {
            r.code = ErrorCode::KafkaStorageError;
            r.message = "partition storage failed: " + failure;
        } else {
            r.baseOffset = op.baseOffset;
        }
        op.cb(r);
    }
    if (listener && moved) listener();
    bool again = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_ops.empty()) m_scheduled = false;
        else again = true;
    }
    if (again) m_workers->schedule(shared_from_this(), m_worker);
}

ReadResult PartitionLog::read(int64_t offset, size_t maxBytes, bool atLeastOne) const {
    ReadResult out;
    int64_t first = -1;
    size_t planned = 0;
    {
        std::lock_guard lock(m_mutex);
        out.highWatermark = m_highWatermark;
        out.logStartOffset = m_logStart;
        // Replicated: an offset between the high watermark and the log end
        // exists but is not committed yet; like Kafka, answer with no records.
        int64_t limit = m_options.replicated ? m_nextOffset : m_highWatermark;
        if (offset < m_logStart || offset > limit) {
            out.code = ErrorCode::OffsetOutOfRange;
            return out;
        }
        auto it = std::lower_bound(m_index.begin(), m_index.end(), offset,
                                   [](const IndexEntry& e, int64_t o) { return e.lastOffset < o; });
        if (it != m_index.end()) first = it->baseOffset;
        if (it != m_index.end() && it->baseOffset >= m_highWatermark) first = -1;
        for (; it != m_index.end() && it->baseOffset < m_highWatermark; ++it) {
            if ((planned > 0 || !atLeastOne) && planned + it->size > maxBytes) break;
            planned += it->size;
        }
    }
    if (planned == 0) return out;
    out.records.reserve(planned);  // one allocation: large buffers are fresh mmaps, each page faulted in
    // The batches are taken from LevelDB as they are now, not as the index
    // listed them: compaction may have shrunk or removed some since (and
    // retention the first ones), so a read inside a removed batch returns the
    // next one. Every key below the high watermark seen above is durable.
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(ro));
    for (it->Seek(offsetKey(first)); it->Valid(); it->Next()) {
        if (keyOffset(it->key()) >= out.highWatermark) break;
        leveldb::Slice v = it->value();
        if ((!out.records.empty() || !atLeastOne) && out.records.size() + v.size() > maxBytes) break;
        if (v.size() < protocol::kBatchHeaderSize) {
            out.code = ErrorCode::KafkaStorageError;
            break;
        }
        out.records.append(v.data(), v.size());
        out.recordCount += protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(v.data())).recordCount;
    }
    if (!it->status().ok()) out.code = ErrorCode::KafkaStorageError;
    if (out.code != ErrorCode::None) {
        out.records.clear();
        out.recordCount = 0;
    }
    return out;
}

Result<TimestampLookup> PartitionLog::offsetForTimestamp(int64_t ts) const {
    std::vector<int64_t> candidates;
    int64_t logStart;
    {
        std::lock_guard lock(m_mutex);
        logStart = m_logStart;
        for (const auto& e : m_index)
            if (e.maxTimestamp >= ts && e.baseOffset < m_highWatermark) candidates.push_back(e.baseOffset);
    }
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    std::string value, scratch;
    for (int64_t base : candidates) {
        leveldb::Status st = m_db->Get(ro, offsetKey(base), &value);
        if (st.IsNotFound()) continue;
        if (!st.ok()) return Status::error("cannot read batch " + std::to_string(base) + ": " + st.ToString());
        auto view = protocol::BytesView(reinterpret_cast<const uint8_t*>(value.data()), value.size());
        BatchHeader h = protocol::parseBatchHeader(view.data());
        TimestampLookup found;
        auto check = protocol::forEachRecord(view, scratch, 64u << 20, [&](const protocol::Record& r) {
            int64_t off = h.baseOffset + r.offsetDelta;
            int64_t rts = h.logAppendTime() ? h.maxTimestamp : h.baseTimestamp + r.timestampDelta;
            if (off >= logStart && rts >= ts) {
                found = TimestampLookup{off, rts};
                return false;
            }
            return true;
        });
        if (!check.ok()) return Status::error("cannot read batch " + std::to_string(base) + ": " + check.message);
        if (found.offset >= 0) return found;
    }
    return TimestampLookup{};
}

size_t PartitionLog::dropPrefixLocked(int64_t newLogStart) {
    m_logStart = std::max(m_logStart, newLogStart);
    size_t n = 0;
    while (!m_index.empty() && m_index.front().lastOffset < m_logStart) {
        m_bytes -= m_index.front().size;
        if (m_options.replicated) {
            ++m_raftStart;
            m_prevTerm = m_index.front().epoch;
        }
        m_index.pop_front();
        ++n;
    }
    return n;
}

void PartitionLog::deleteKeys(int64_t fromBase, int64_t toBaseInclusive, size_t count) {
    if (count == 0) return;
    // Batches are deleted by scanning the key range, since the index entries
    // for them are already gone.
    leveldb::WriteBatch wb;
    std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(leveldb::ReadOptions()));
    for (it->Seek(offsetKey(fromBase)); it->Valid() && keyOffset(it->key()) <= toBaseInclusive; it->Next())
        wb.Delete(it->key());
    it.reset();
    m_db->Write(leveldb::WriteOptions(), &wb);
    std::string end = offsetKey(toBaseInclusive + 1);
    leveldb::Slice endSlice(end);
    m_db->CompactRange(nullptr, &endSlice);  // give the disk space back now
}

Result<int64_t> PartitionLog::deleteRecordsBefore(int64_t offset) {
    std::lock_guard retention(m_retentionMutex);
    int64_t first = -1, last = -1;
    std::pair<int64_t, int32_t> boundary;
    {
        std::lock_guard lock(m_mutex);
        if (offset == -1) offset = m_highWatermark;
        if (offset < 0 || offset > m_highWatermark)
            return Status::error("offset " + std::to_string(offset) + " is beyond the high watermark " +
                                 std::to_string(m_highWatermark));
        if (offset <= m_logStart) return m_logStart;
        if (!m_index.empty()) first = m_index.front().baseOffset;
        for (const auto& e : m_index) {
            if (e.lastOffset >= offset) break;
            last = e.baseOffset;
        }
        boundary = raftBoundaryLocked(offset);
    }
    // Replicated: the Raft boundary goes into the same file, in the same
    // atomic write, before any batch leaves the index or LevelDB.
    if (Status s = m_options.replicated ? persistMeta(offset, boundary.first, boundary.second) : persistLogStart(offset); !s)
        return s;
    {
        std::lock_guard lock(m_mutex);
        size_t n = dropPrefixLocked(offset);
        // The batches are unreachable now; removing them from LevelDB (and
        // compacting) is left to the housekeeping thread, off the network thread.
        if (last >= 0 && n > 0) m_purge.push_back(PurgeRange{first, last, n});
    }
    return offset;
}

void PartitionLog::purgeDeleted() {
    std::vector<PurgeRange> work;
    {
        std::lock_guard lock(m_mutex);
        work.swap(m_purge);
    }
    for (const auto& r : work) deleteKeys(r.first, r.last, r.count);
}

size_t PartitionLog::applyRetention(int64_t nowMs, int64_t retentionMs, int64_t retentionBytes) {
    if (retentionMs < 0 && retentionBytes < 0) return 0;
    std::unique_lock retention(m_retentionMutex);
    int64_t newStart = -1, first = -1, last = -1;
    std::pair<int64_t, int32_t> boundary;
    {
        std::lock_guard lock(m_mutex);
        int64_t total = m_bytes;
        for (size_t i = 0; i < m_index.size(); ++i) {
            const auto& e = m_index[i];
            if (m_options.replicated && e.lastOffset >= m_highWatermark) break;  // not committed (or not durable) yet
            bool expired = retentionMs >= 0 && e.maxTimestamp < nowMs - retentionMs;
            // Kafka's size rule: drop the oldest batch only while what remains
            // still holds at least retention.bytes; never the newest batch.
            bool over = retentionBytes >= 0 && i + 1 < m_index.size() && total - e.size >= retentionBytes;
            if (!expired && !over) break;
            if (first < 0) first = e.baseOffset;
            last = e.baseOffset;
            total -= e.size;
            newStart = e.lastOffset + 1;
        }
        if (newStart >= 0) boundary = raftBoundaryLocked(newStart);
    }
    if (newStart < 0) return 0;
    if (!(m_options.replicated ? persistMeta(newStart, boundary.first, boundary.second) : persistLogStart(newStart))) return 0;
    size_t n;
    {
        std::lock_guard lock(m_mutex);
        n = dropPrefixLocked(newStart);
    }
    retention.unlock();  // the slow part (delete + compact) needs no serialisation
    deleteKeys(first, last, n);
    return n;
}

size_t PartitionLog::cleanableCountLocked(int64_t nowMs, int64_t minLagMs) const {
    // Kafka never cleans the active segment; the newest batch plays that
    // part here, and keeping it also keeps the log end offset, which a
    // restart recovers from the last batch.
    if (m_index.size() < 2) return 0;
    size_t n = m_index.size() - 1;
    if (m_options.replicated) {
        // Only committed batches: the rest may still be truncated by Raft.
        size_t committed = 0;
        while (committed < n && m_index[committed].lastOffset < m_highWatermark) ++committed;
        n = committed;
    }
    if (minLagMs <= 0) return n;
    int64_t horizon = nowMs - minLagMs;
    for (size_t i = 0; i < n; ++i)
        if (m_index[i].maxTimestamp > horizon) return i;
    return n;
}

CleanableState PartitionLog::cleanableState(int64_t nowMs, int64_t deleteRetentionMs, int64_t minLagMs) const {
    CleanableState out;
    std::lock_guard lock(m_mutex);
    out.totalBytes = m_bytes;
    size_t n = cleanableCountLocked(nowMs, minLagMs);
    for (size_t i = n; i-- > 0 && m_index[i].baseOffset >= m_cleanedEnd;) out.dirtyBytes += m_index[i].size;
    out.tombstonesDue = n > 0 && m_oldestTombstone < nowMs - deleteRetentionMs;
    return out;
}

CompactionStats PartitionLog::compact(int64_t nowMs, int64_t deleteRetentionMs, int64_t minLagMs, size_t maxMapBytes) {
    std::lock_guard pass(m_compactionMutex);
    CompactionRange range;
    {
        std::lock_guard lock(m_mutex);
        size_t n = cleanableCountLocked(nowMs, minLagMs);
        if (n == 0) return CompactionStats{};
        range.first = m_index.front().baseOffset;
        range.end = m_index[n].baseOffset;
        range.mapStart = std::max(range.first, m_cleanedEnd);
        range.producerLastBatches = m_producers.lastBatchOffsets();
        range.keepEveryBatch = m_options.replicated;
    }
    Compactor compactor(*m_db, m_dir, [this](const std::vector<CompactionChange>& changes) {
        return commitCompaction(changes);
    });
    CompactionStats st = compactor.run(range, nowMs, deleteRetentionMs, maxMapBytes);
    if (!st.error.empty()) return st;
    std::lock_guard lock(m_mutex);
    m_cleanedEnd = std::max(m_cleanedEnd, st.endOffset);
    m_oldestTombstone = compactor.oldestTombstone();
    return st;
}

std::string PartitionLog::commitCompaction(const std::vector<CompactionChange>& changes) {
    // Under the retention lock the log start cannot move, so batches that
    // retention or DeleteRecords cut off while this pass read are known and
    // skipped: writing them back would bring them back from the dead.
    std::lock_guard retention(m_retentionMutex);
    int64_t logStart;
    {
        std::lock_guard lock(m_mutex);
        logStart = m_logStart;
    }
    leveldb::WriteBatch wb;
    // Replicated: only batches still in the index and committed are written.
    // Under the retention lock nothing below the high watermark can change,
    // so checking under a short hold of the partition lock is enough.
    std::unique_lock indexLock(m_mutex, std::defer_lock);
    if (m_options.replicated) indexLock.lock();
    for (const auto& c : changes) {
        if (c.lastOffset < logStart) continue;
        if (m_options.replicated) {
            auto e = std::lower_bound(m_index.begin(), m_index.end(), c.baseOffset,
                                      [](const IndexEntry& x, int64_t o) { return x.baseOffset < o; });
            if (e == m_index.end() || e->baseOffset != c.baseOffset || e->lastOffset != c.lastOffset ||
                e->lastOffset >= m_highWatermark)
                continue;
        }
        if (c.newBytes.empty()) wb.Delete(offsetKey(c.baseOffset));
        else wb.Put(offsetKey(c.baseOffset), c.newBytes);
    }
    if (indexLock.owns_lock()) indexLock.unlock();
    leveldb::WriteOptions wo;
    wo.sync = m_options.syncEachWrite;
    if (leveldb::Status s = m_db->Write(wo, &wb); !s.ok())
        return "cannot write compacted batches to " + (m_dir / "log").string() + ": " + s.ToString();
    if (m_compactionWriteHook) m_compactionWriteHook();

    std::lock_guard lock(m_mutex);
    bool removed = false;
    for (const auto& c : changes) {  // in offset order, as is the index
        auto e = std::lower_bound(m_index.begin(), m_index.end(), c.baseOffset,
                                  [](const IndexEntry& x, int64_t o) { return x.baseOffset < o; });
        if (e == m_index.end() || e->baseOffset != c.baseOffset) continue;  // below the log start now
        auto size = static_cast<uint32_t>(c.newBytes.size());  // 0: removed
        m_bytes += int64_t{size} - int64_t{e->size};
        e->size = size;
        removed |= size == 0;
    }
    if (removed)
        m_index.erase(std::remove_if(m_index.begin(), m_index.end(), [](const IndexEntry& x) { return x.size == 0; }),
                      m_index.end());
    return {};
}

int64_t PartitionLog::highWatermark() const {
    std::lock_guard lock(m_mutex);
    return m_highWatermark;
}

std::optional<std::string> PartitionLog::failure() const {
    std::lock_guard lock(m_mutex);
    if (!m_failed) return std::nullopt;
    return m_failure;
}

void PartitionLog::reportFailureLocked(const std::string& error) {
    m_failed = true;
    m_failure = error;
    spdlog::error("storage: a write to {} failed: {}; the partition is read-only here until the node restarts "
                  "(acknowledged data is kept; free space or fix the disk, then restart)", m_dir.string(), error);
}

int64_t PartitionLog::logStartOffset() const {
    std::lock_guard lock(m_mutex);
    return m_logStart;
}

int64_t PartitionLog::sizeBytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

void PartitionLog::setAppendListener(std::function<void()> fn) {
    std::lock_guard lock(m_mutex);
    m_listener = std::move(fn);
}

void PartitionLog::sync() {
    leveldb::WriteOptions wo;
    wo.sync = true;
    leveldb::WriteBatch empty;
    m_db->Write(wo, &empty);
}

// ---- Replicated mode

void PartitionLog::updateHighWatermarkLocked(bool& moved) {
    int64_t hw = std::min(m_committedEnd, m_durableEnd);
    if (hw > m_highWatermark) {
        m_highWatermark = hw;
        moved = true;
    }
}

SequenceCheck PartitionLog::checkSequences(const std::vector<protocol::BatchSpan>& batches) const {
    std::lock_guard lock(m_mutex);
    return m_producers.check(batches);
}

Status PartitionLog::truncateReplicated(int64_t fromIndex) {
    if (!m_options.replicated) return Status::error("truncateReplicated on a log that is not replicated");
    bool schedule = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_failed) return Status::error("partition storage failed: " + m_failure);
        const int64_t last = m_raftStart + static_cast<int64_t>(m_index.size()) - 1;
        if (fromIndex > last) return Status::ok();
        if (fromIndex < m_raftStart)
            return Status::error("cannot truncate at raft index " + std::to_string(fromIndex) + ": the log starts at " +
                                 std::to_string(m_raftStart));
        const auto pos = static_cast<size_t>(fromIndex - m_raftStart);
        const int64_t cut = m_index[pos].baseOffset;
        if (cut < m_highWatermark)
            return Status::error("cannot truncate at offset " + std::to_string(cut) + ": below the high watermark " +
                                 std::to_string(m_highWatermark));
        WriteOp del;
        del.kind = WriteOp::Kind::Delete;
        for (size_t i = pos; i < m_index.size(); ++i) {
            // Pending puts of these batches stay queued ahead of the delete:
            // they are written and deleted again, in order.
            del.keys.push_back(m_index[i].baseOffset);
            m_bytes -= m_index[i].size;
            m_unflushed.erase(m_index[i].baseOffset);
        }
        m_index.erase(m_index.begin() + static_cast<std::ptrdiff_t>(pos), m_index.end());
        m_nextOffset = cut;
        m_durableEnd = std::min(m_durableEnd, cut);
        m_producers.forgetFrom(cut);
        m_ops.push_back(std::move(del));
        scheduleLocked(schedule);
    }
    if (schedule) m_workers->schedule(shared_from_this(), m_worker);
    return Status::ok();
}

Status PartitionLog::resetReplicated(int64_t newStartIndex, int32_t prevTerm, int64_t startOffset) {
    if (!m_options.replicated) return Status::error("resetReplicated on a log that is not replicated");
    if (newStartIndex < 1 || prevTerm < 0 || startOffset < -1) return Status::error("invalid reset position");
    // Excludes retention and compaction commits, which work from the index
    // as it was before the reset.
    std::lock_guard retention(m_retentionMutex);
    bool schedule = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_failed) return Status::error("partition storage failed: " + m_failure);
        m_index.clear();
        m_bytes = 0;
        m_unflushed.clear();
        m_producers.clear();
        m_purge.clear();  // the reset deletes every key anyway
        m_cleanedEnd = 0;
        m_oldestTombstone = std::numeric_limits<int64_t>::min();
        m_raftStart = newStartIndex;
        m_prevTerm = prevTerm;
        m_adoptOffset = startOffset < 0;
        // Without an offset the old log end stands in until the first batch.
        int64_t at = startOffset >= 0 ? startOffset : m_nextOffset;
        m_logStart = m_nextOffset = m_durableEnd = m_committedEnd = m_highWatermark = at;
        WriteOp op;
        op.kind = WriteOp::Kind::Reset;
        op.metaFile = metaContent(startOffset, newStartIndex, prevTerm, false);
        op.metaFileMarked = metaContent(startOffset, newStartIndex, prevTerm, true);
        m_ops.push_back(std::move(op));
        scheduleLocked(schedule);
    }
    if (schedule) m_workers->schedule(shared_from_this(), m_worker);
    return Status::ok();
}

Result<int64_t> PartitionLog::dropBeforeIndex(int64_t newStartIndex) {
    if (!m_options.replicated) return Status::error("dropBeforeIndex on a log that is not replicated");
    std::lock_guard retention(m_retentionMutex);
    int64_t newLogStart = -1, first = -1, last = -1;
    size_t n = 0;
    std::pair<int64_t, int32_t> boundary;
    {
        std::lock_guard lock(m_mutex);
        while (m_raftStart + static_cast<int64_t>(n) < newStartIndex && n < m_index.size() &&
               m_index[n].lastOffset < m_durableEnd)
            ++n;
        if (n == 0) return m_raftStart;
        first = m_index.front().baseOffset;
        last = m_index[n - 1].baseOffset;
        newLogStart = std::max(m_logStart, m_index[n - 1].lastOffset + 1);
        boundary = raftBoundaryLocked(newLogStart);
    }
    if (Status s = persistMeta(newLogStart, boundary.first, boundary.second); !s) return s;
    std::lock_guard lock(m_mutex);
    size_t dropped = dropPrefixLocked(newLogStart);
    // Only the index moves here (the caller is Raft's owner thread); the
    // housekeeping thread deletes the keys (purgeDeleted).
    if (dropped > 0) m_purge.push_back(PurgeRange{first, last, dropped});
    return m_raftStart;
}

int64_t PartitionLog::raftStartIndex() const {
    std::lock_guard lock(m_mutex);
    return m_raftStart;
}

int64_t PartitionLog::raftLastIndex() const {
    std::lock_guard lock(m_mutex);
    return m_raftStart + static_cast<int64_t>(m_index.size()) - 1;
}

std::optional<int32_t> PartitionLog::raftTermAt(int64_t index) const {
    std::lock_guard lock(m_mutex);
    if (index == m_raftStart - 1) return m_prevTerm;
    if (index < m_raftStart || index >= m_raftStart + static_cast<int64_t>(m_index.size())) return std::nullopt;
    return m_index[static_cast<size_t>(index - m_raftStart)].epoch;
}

Result<std::vector<std::pair<int32_t, std::string>>> PartitionLog::readReplicated(int64_t from, size_t maxBytes) const {
    // Under the lock throughout: retention could otherwise delete a durable
    // batch between finding it in the index and reading it.
    std::lock_guard lock(m_mutex);
    if (from < m_raftStart)
        return Status::error("read at raft index " + std::to_string(from) + " below the log start " + std::to_string(m_raftStart));
    std::vector<std::pair<int32_t, std::string>> out;
    size_t bytes = 0;
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    for (auto i = static_cast<size_t>(from - m_raftStart); i < m_index.size(); ++i) {
        const IndexEntry& e = m_index[i];
        if (!out.empty() && bytes + e.size > maxBytes) break;
        bytes += e.size;
        if (auto u = m_unflushed.find(e.baseOffset); u != m_unflushed.end()) {
            out.emplace_back(e.epoch, *u->second);
            continue;
        }
        std::string value;
        if (leveldb::Status st = m_db->Get(ro, offsetKey(e.baseOffset), &value); !st.ok())
            return Status::error("cannot read batch " + std::to_string(e.baseOffset) + " of " + m_dir.string() + ": " +
                                 st.ToString());
        out.emplace_back(e.epoch, std::move(value));
    }
    return out;
}

int64_t PartitionLog::raftIndexOfOffset(int64_t offset) const {
    std::lock_guard lock(m_mutex);
    auto it = std::lower_bound(m_index.begin(), m_index.end(), offset,
                               [](const IndexEntry& e, int64_t o) { return e.lastOffset < o; });
    if (it == m_index.end() || it->baseOffset > offset) return -1;
    return m_raftStart + (it - m_index.begin());
}

int64_t PartitionLog::endOffsetOfIndex(int64_t index) const {
    std::lock_guard lock(m_mutex);
    if (index == m_raftStart - 1) {
        if (m_adoptOffset) return -1;
        return m_index.empty() ? m_nextOffset : m_index.front().baseOffset;
    }
    if (index < m_raftStart || index >= m_raftStart + static_cast<int64_t>(m_index.size())) return -1;
    return m_index[static_cast<size_t>(index - m_raftStart)].lastOffset + 1;
}

void PartitionLog::setCommittedOffset(int64_t endOffset) {
    std::function<void()> listener;
    {
        std::lock_guard lock(m_mutex);
        if (endOffset <= m_committedEnd) return;
        m_committedEnd = endOffset;
        bool moved = false;
        updateHighWatermarkLocked(moved);
        if (moved) listener = m_listener;
    }
    if (listener) listener();
}

std::pair<int32_t, int64_t> PartitionLog::epochEndOffset(int32_t epoch) const {
    std::lock_guard lock(m_mutex);
    auto next = std::upper_bound(m_index.begin(), m_index.end(), epoch,
                                 [](int32_t e, const IndexEntry& x) { return e < x.epoch; });
    if (next == m_index.begin()) return {-1, -1};
    const int32_t found = std::prev(next)->epoch;
    return {found, next == m_index.end() ? m_nextOffset : next->baseOffset};
}

int64_t PartitionLog::logEndOffset() const {
    std::lock_guard lock(m_mutex);
    return m_nextOffset;
}

int64_t PartitionLog::durableEndOffset() const {
    std::lock_guard lock(m_mutex);
    return m_options.replicated ? m_durableEnd : m_highWatermark;
}

}  // namespace plexus::storage

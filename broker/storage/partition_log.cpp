#include "broker/storage/partition_log.h"

#include <algorithm>
#include <fstream>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include "broker/common/durable_file.h"
#include "broker/storage/storage_workers.h"

namespace plexus::storage {

using protocol::BatchHeader;
using protocol::ErrorCode;

namespace {

constexpr size_t kProducerWindow = 5;  // batches remembered per producer, as in Kafka
constexpr const char* kLogStartFile = "log_start_offset";

std::string offsetKey(int64_t offset) {
    std::string k(8, '\0');
    protocol::storeBe64(reinterpret_cast<uint8_t*>(k.data()), static_cast<uint64_t>(offset));
    return k;
}

int64_t keyOffset(const leveldb::Slice& k) {
    return static_cast<int64_t>(protocol::loadBe64(reinterpret_cast<const uint8_t*>(k.data())));
}

int32_t nextSequence(int32_t seq) { return seq == INT32_MAX ? 0 : seq + 1; }

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

    if (std::ifstream in(m_dir / kLogStartFile); in) {
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
    opts.write_buffer_size = m_options.writeBufferBytes;
    opts.max_file_size = m_options.maxFileBytes;
    opts.max_open_files = 100;
    opts.compression = leveldb::kNoCompression;  // batches arrive compressed by their producers
    opts.block_cache = m_options.blockCache;
    leveldb::DB* db = nullptr;
    leveldb::Status st = leveldb::DB::Open(opts, (m_dir / "log").string(), &db);
    if (!st.ok()) return Status::error("cannot open partition log " + (m_dir / "log").string() + ": " + st.ToString());
    m_db.reset(db);

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
        m_index.push_back(IndexEntry{h.baseOffset, h.lastOffset(), h.maxTimestamp, static_cast<uint32_t>(v.size())});
        m_bytes += static_cast<int64_t>(v.size());
        if (h.producerId >= 0) recordSequence(h, h.baseOffset);
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
    m_nextOffset = std::max(end, m_logStart);
    m_highWatermark = m_nextOffset;

    // LevelDB::Open has already written a new manifest and log file here, so
    // an unwritable partition directory fails above, not at the first produce.
    return Status::ok();
}

Status PartitionLog::persistLogStart(int64_t offset) {
    return writeFileDurably(m_dir / kLogStartFile, std::to_string(offset) + "\n");
}

ErrorCode PartitionLog::checkSequence(const BatchHeader& h, int64_t& dupOffset, std::string& msg) {
    if (h.producerId < 0) return ErrorCode::None;
    auto it = m_producers.find(h.producerId);
    if (it == m_producers.end() || it->second.recent.empty()) return ErrorCode::None;  // first batch we know of
    ProducerState& ps = it->second;
    if (h.producerEpoch < ps.epoch) {
        msg = "producer " + std::to_string(h.producerId) + " epoch " + std::to_string(h.producerEpoch) +
              " is older than the current epoch " + std::to_string(ps.epoch);
        return ErrorCode::InvalidProducerEpoch;
    }
    if (h.producerEpoch > ps.epoch) {
        if (h.baseSequence != 0) {
            msg = "a new producer epoch must start at sequence 0, got " + std::to_string(h.baseSequence);
            return ErrorCode::OutOfOrderSequenceNumber;
        }
        return ErrorCode::None;
    }
    for (const auto& e : ps.recent) {
        if (e.firstSeq == h.baseSequence && e.lastSeq == h.lastSequence()) {
            dupOffset = e.baseOffset;
            return ErrorCode::None;
        }
    }
    int32_t expected = nextSequence(ps.recent.back().lastSeq);
    if (h.baseSequence != expected) {
        msg = "producer " + std::to_string(h.producerId) + " sent sequence " + std::to_string(h.baseSequence) +
              ", expected " + std::to_string(expected);
        return ErrorCode::OutOfOrderSequenceNumber;
    }
    return ErrorCode::None;
}

void PartitionLog::recordSequence(const BatchHeader& h, int64_t baseOffset) {
    ProducerState& ps = m_producers[h.producerId];
    if (h.producerEpoch != ps.epoch) {
        ps.recent.clear();
        ps.epoch = h.producerEpoch;
    }
    ps.recent.push_back(SequenceEntry{h.baseSequence, h.lastSequence(), baseOffset});
    while (ps.recent.size() > kProducerWindow) ps.recent.pop_front();
}

void PartitionLog::append(std::string payload, std::vector<protocol::BatchSpan> batches, AppendCallback cb) {
    bool schedule = false;
    {
        std::unique_lock lock(m_mutex);
        if (m_failed) {
            AppendResult r{ErrorCode::KafkaStorageError, "partition storage failed: " + m_failure, -1, m_logStart};
            lock.unlock();
            cb(r);
            return;
        }
        int64_t dupOffset = -1;
        size_t dups = 0;
        for (const auto& b : batches) {
            std::string msg;
            int64_t d = -1;
            ErrorCode ec = checkSequence(b.header, d, msg);
            if (ec != ErrorCode::None) {
                AppendResult r{ec, msg, -1, m_logStart};
                lock.unlock();
                cb(r);
                return;
            }
            if (d >= 0) {
                ++dups;
                if (dupOffset < 0) dupOffset = d;
            }
        }
        Pending p;
        p.cb = std::move(cb);
        if (dups > 0) {
            if (dups != batches.size()) {
                AppendResult r{ErrorCode::OutOfOrderSequenceNumber, "request mixes duplicate and new batches", -1, m_logStart};
                lock.unlock();
                p.cb(r);
                return;
            }
            p.duplicate = true;
            p.baseOffset = dupOffset;
        } else {
            p.baseOffset = m_nextOffset;
            int64_t next = m_nextOffset;
            for (auto& b : batches) {
                auto* base = reinterpret_cast<uint8_t*>(payload.data()) + b.offset;
                protocol::storeBe64(base, static_cast<uint64_t>(next));
                protocol::storeBe32(base + protocol::kLeaderEpochOffset, 0);  // single node: leader epoch 0
                b.header.baseOffset = next;
                b.header.partitionLeaderEpoch = 0;
                if (b.header.producerId >= 0) recordSequence(b.header, next);
                next += int64_t{b.header.lastOffsetDelta} + 1;
            }
            m_nextOffset = next;
            p.endOffset = next;
            p.payload = std::move(payload);
            p.batches = std::move(batches);
        }
        m_pending.push_back(std::move(p));
        if (!m_scheduled) {
            m_scheduled = true;
            schedule = true;
        }
    }
    if (schedule) m_workers->schedule(shared_from_this(), m_worker);
}

void PartitionLog::flushPending() {
    std::vector<Pending> work;
    bool failed;
    {
        // Take queued appends in order, up to the group-commit budget (always
        // at least one), so one write never holds an unbounded amount.
        std::lock_guard lock(m_mutex);
        size_t bytes = 0, take = 0;
        while (take < m_pending.size() && (take == 0 || bytes + m_pending[take].payload.size() <= m_options.maxGroupCommitBytes)) {
            bytes += m_pending[take].payload.size();
            ++take;
        }
        work.assign(std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.begin() + static_cast<std::ptrdiff_t>(take)));
        m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(take));
        failed = m_failed;
    }
    leveldb::Status st;
    if (!failed) {
        leveldb::WriteBatch wb;
        size_t puts = 0;
        for (const auto& p : work) {
            for (const auto& b : p.batches) {
                wb.Put(offsetKey(b.header.baseOffset), leveldb::Slice(p.payload.data() + b.offset, b.header.totalSize()));
                ++puts;
            }
        }
        if (puts > 0) {
            leveldb::WriteOptions wo;
            wo.sync = m_options.syncEachWrite;
            st = m_db->Write(wo, &wb);
        }
    }
    std::function<void()> listener;
    int64_t logStart;
    std::string failure;
    {
        std::lock_guard lock(m_mutex);
        if (!failed && st.ok()) {
            for (const auto& p : work) {
                for (const auto& b : p.batches) {
                    m_index.push_back(IndexEntry{b.header.baseOffset, b.header.lastOffset(), b.header.maxTimestamp,
                                                 static_cast<uint32_t>(b.header.totalSize())});
                    m_bytes += static_cast<int64_t>(b.header.totalSize());
                }
                if (!p.duplicate) m_highWatermark = p.endOffset;
            }
        } else {
            if (!m_failed) m_failure = st.ToString();
            m_failed = true;
            m_nextOffset = m_highWatermark;
        }
        failed = m_failed;
        failure = m_failure;
        listener = m_listener;
        logStart = m_logStart;
    }
    for (auto& p : work) {
        AppendResult r;
        r.logStartOffset = logStart;
        if (failed) {
            r.code = ErrorCode::KafkaStorageError;
            r.message = "partition storage failed: " + failure;
        } else {
            r.baseOffset = p.baseOffset;
        }
        p.cb(r);
    }
    if (listener && !failed) listener();
    bool again = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_pending.empty()) m_scheduled = false;
        else again = true;
    }
    if (again) m_workers->schedule(shared_from_this(), m_worker);
}

ReadResult PartitionLog::read(int64_t offset, size_t maxBytes, bool atLeastOne) const {
    ReadResult out;
    std::vector<std::pair<int64_t, uint32_t>> wanted;
    {
        std::lock_guard lock(m_mutex);
        out.highWatermark = m_highWatermark;
        out.logStartOffset = m_logStart;
        if (offset < m_logStart || offset > m_highWatermark) {
            out.code = ErrorCode::OffsetOutOfRange;
            return out;
        }
        auto it = std::lower_bound(m_index.begin(), m_index.end(), offset,
                                   [](const IndexEntry& e, int64_t o) { return e.lastOffset < o; });
        size_t total = 0;
        for (; it != m_index.end(); ++it) {
            if ((!wanted.empty() || !atLeastOne) && total + it->size > maxBytes) break;
            wanted.emplace_back(it->baseOffset, it->size);
            total += it->size;
            out.recordCount += it->lastOffset - it->baseOffset + 1;
        }
    }
    if (wanted.empty()) return out;
    size_t total = 0;
    for (const auto& w : wanted) total += w.second;
    out.records.reserve(total);  // one allocation: large buffers are fresh mmaps, each page faulted in
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(ro));
    it->Seek(offsetKey(wanted.front().first));
    size_t got = 0;
    for (const auto& [base, size] : wanted) {
        if (!it->Valid() || keyOffset(it->key()) != base) break;  // removed by retention meanwhile
        out.records.append(it->value().data(), it->value().size());
        ++got;
        it->Next();
    }
    if (!it->status().ok()) {
        out.code = ErrorCode::KafkaStorageError;
        out.records.clear();
    }
    if (got < wanted.size()) out.recordCount = -1;  // partial; caller recounts if needed
    return out;
}

Result<TimestampLookup> PartitionLog::offsetForTimestamp(int64_t ts) const {
    std::vector<int64_t> candidates;
    int64_t logStart;
    {
        std::lock_guard lock(m_mutex);
        logStart = m_logStart;
        for (const auto& e : m_index)
            if (e.maxTimestamp >= ts) candidates.push_back(e.baseOffset);
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
    }
    if (Status s = persistLogStart(offset); !s) return s;
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
    {
        std::lock_guard lock(m_mutex);
        int64_t total = m_bytes;
        for (size_t i = 0; i < m_index.size(); ++i) {
            const auto& e = m_index[i];
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
    }
    if (newStart < 0) return 0;
    if (!persistLogStart(newStart)) return 0;
    size_t n;
    {
        std::lock_guard lock(m_mutex);
        n = dropPrefixLocked(newStart);
    }
    retention.unlock();  // the slow part (delete + compact) needs no serialisation
    deleteKeys(first, last, n);
    return n;
}

int64_t PartitionLog::highWatermark() const {
    std::lock_guard lock(m_mutex);
    return m_highWatermark;
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

}  // namespace plexus::storage

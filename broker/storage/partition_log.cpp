#include "broker/storage/partition_log.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <unordered_map>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include "broker/common/durable_file.h"
#include "broker/protocol/batch_builder.h"
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
    int64_t first = -1;
    size_t planned = 0;
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
        if (it != m_index.end()) first = it->baseOffset;
        for (; it != m_index.end(); ++it) {
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

size_t PartitionLog::cleanableCountLocked(int64_t nowMs, int64_t minLagMs) const {
    // Kafka never cleans the active segment; the newest batch plays that
    // part here, and keeping it also keeps the log end offset, which a
    // restart recovers from the last batch.
    if (m_index.size() < 2) return 0;
    size_t n = m_index.size() - 1;
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

namespace {

/// Bytes the compaction map is charged per key beyond the key itself: the
/// hash node, the std::string, the offset and the bucket slot, rounded up.
constexpr size_t kMapEntryBytes = 96;

/// Rewritten batches are committed in groups of about this many bytes, so
/// a pass never holds more than that in memory or in one LevelDB write.
constexpr size_t kCompactionCommitBytes = size_t{8} << 20;

}  // namespace

CompactionStats PartitionLog::compact(int64_t nowMs, int64_t deleteRetentionMs, int64_t minLagMs, size_t maxMapBytes) {
    std::lock_guard pass(m_compactionMutex);
    CompactionStats st;
    int64_t first, end, mapStart;
    std::set<int64_t> producerLast;  // base offset of each idempotent producer's newest batch
    {
        std::lock_guard lock(m_mutex);
        size_t n = cleanableCountLocked(nowMs, minLagMs);
        if (n == 0) return st;
        first = m_index.front().baseOffset;
        end = m_index[n].baseOffset;
        mapStart = std::max(first, m_cleanedEnd);
        for (const auto& [pid, ps] : m_producers)
            if (!ps.recent.empty()) producerLast.insert(ps.recent.back().baseOffset);
    }
    st.ran = true;
    st.firstOffset = first;

    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;  // one sequential sweep; keep the cache for fetches
    std::string scratch;
    auto batchView = [](const leveldb::Slice& v) {
        return protocol::BytesView(reinterpret_cast<const uint8_t*>(v.data()), v.size());
    };
    auto corrupt = [&](int64_t base, const std::string& why) {
        st.error = "batch " + std::to_string(base) + " in " + m_dir.string() + ": " + why;
        return st;
    };

    // Pass 1: the latest offset of every key in [mapStart, end). Below
    // mapStart the previous passes left at most one record per key, so the
    // records there need only be checked against this map.
    std::unordered_map<std::string, int64_t> latest;
    size_t mapBytes = 0;
    {
        std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(ro));
        std::vector<std::pair<std::string, int64_t>> keys;
        for (it->Seek(offsetKey(mapStart)); it->Valid(); it->Next()) {
            int64_t base = keyOffset(it->key());
            if (base >= end) break;
            auto view = batchView(it->value());
            if (view.size() < protocol::kBatchHeaderSize) return corrupt(base, "shorter than a batch header");
            BatchHeader h = protocol::parseBatchHeader(view.data());
            if (h.isControl()) continue;
            keys.clear();
            auto collect = [&](const protocol::Record& r) {
                if (r.key)
                    keys.emplace_back(std::string(reinterpret_cast<const char*>(r.key->data()), r.key->size()),
                                      h.baseOffset + r.offsetDelta);
                return true;
            };
            auto check = protocol::forEachRecord(view, scratch, protocol::decompressionLimit(view.size()), collect);
            if (!check.ok()) return corrupt(base, check.message);
            size_t need = 0;
            for (const auto& [k, o] : keys)
                if (!latest.count(k)) need += k.size() + kMapEntryBytes;
            if (mapBytes + need > maxMapBytes) {
                // Kafka's rule too: what the map cannot cover stays dirty for
                // the next pass, which starts its map here.
                if (base == mapStart) {
                    st.error = "the compaction key map (" + std::to_string(maxMapBytes) + " bytes) cannot hold the keys of batch " +
                               std::to_string(base);
                    return st;
                }
                end = base;
                st.mapFull = true;
                break;
            }
            mapBytes += need;
            for (auto& [k, o] : keys) latest[std::move(k)] = o;
        }
        if (!it->status().ok()) {
            st.error = "cannot read " + m_dir.string() + ": " + it->status().ToString();
            return st;
        }
    }
    st.endOffset = end;

    // Pass 2: decide every record in [first, end); write what changed.
    const int64_t tombstoneHorizon = nowMs - deleteRetentionMs;
    int64_t oldestTombstone = std::numeric_limits<int64_t>::max();
    std::vector<CompactionChange> changes;
    size_t pendingBytes = 0;
    bool changed = false;
    {
        std::unique_ptr<leveldb::Iterator> it(m_db->NewIterator(ro));
        std::vector<protocol::Record> keep;
        std::string key;
        for (it->Seek(offsetKey(first)); it->Valid(); it->Next()) {
            int64_t base = keyOffset(it->key());
            if (base >= end) break;
            auto view = batchView(it->value());
            if (view.size() < protocol::kBatchHeaderSize) return corrupt(base, "shorter than a batch header");
            BatchHeader h = protocol::parseBatchHeader(view.data());
            ++st.batchesScanned;
            st.bytesBefore += static_cast<int64_t>(view.size());
            if (h.isControl()) {
                st.bytesAfter += static_cast<int64_t>(view.size());
                continue;
            }
            keep.clear();
            int64_t total = 0;
            auto decide = [&](const protocol::Record& r) {
                ++total;
                bool kept = true;
                if (r.key) {
                    key.assign(reinterpret_cast<const char*>(r.key->data()), r.key->size());
                    auto found = latest.find(key);
                    if (found != latest.end() && found->second != h.baseOffset + r.offsetDelta) {
                        kept = false;  // a later record has this key
                    } else if (!r.value) {
                        int64_t ts = h.logAppendTime() ? h.maxTimestamp : h.baseTimestamp + r.timestampDelta;
                        if (ts < tombstoneHorizon) kept = false;
                        else oldestTombstone = std::min(oldestTombstone, ts);
                    }
                }
                if (kept) keep.push_back(r);  // views into the batch or scratch, both alive until the next batch
                return true;
            };
            auto check = protocol::forEachRecord(view, scratch, protocol::decompressionLimit(view.size()), decide);
            if (!check.ok()) return corrupt(base, check.message);
            // An idempotent producer's newest batch stays, if need be with no
            // records: a restart rebuilds the producer's sequence from it.
            bool keepEmpty = h.producerId >= 0 && producerLast.count(base) > 0;
            if (static_cast<int64_t>(keep.size()) == total && (total > 0 || keepEmpty)) {
                st.bytesAfter += static_cast<int64_t>(view.size());
                continue;
            }
            st.recordsRemoved += total - static_cast<int64_t>(keep.size());
            CompactionChange c{base, h.lastOffset(), {}};
            if (keep.empty() && !keepEmpty) {
                ++st.batchesRemoved;
            } else {
                // Same header, fewer records: baseOffset and lastOffsetDelta
                // keep every offset (and the producer's sequence range) as it was.
                c.newBytes = protocol::encodeBatch(h, keep);
                ++st.batchesRewritten;
                st.bytesAfter += static_cast<int64_t>(c.newBytes.size());
                pendingBytes += c.newBytes.size();
            }
            changes.push_back(std::move(c));
            if (pendingBytes >= kCompactionCommitBytes || changes.size() >= 65536) {
                if (std::string err = commitCompaction(changes); !err.empty()) {
                    st.error = err;
                    return st;
                }
                changed = true;
                changes.clear();
                pendingBytes = 0;
            }
        }
        if (!it->status().ok()) {
            st.error = "cannot read " + m_dir.string() + ": " + it->status().ToString();
            return st;
        }
    }
    if (!changes.empty()) {
        if (std::string err = commitCompaction(changes); !err.empty()) {
            st.error = err;
            return st;
        }
        changed = true;
    }
    if (changed) {
        // Deleted and overwritten batches only free disk space once LevelDB
        // rewrites the tables that hold them.
        std::string from = offsetKey(first), to = offsetKey(end);
        leveldb::Slice fromSlice(from), toSlice(to);
        m_db->CompactRange(&fromSlice, &toSlice);
    }
    std::lock_guard lock(m_mutex);
    m_cleanedEnd = std::max(m_cleanedEnd, end);
    m_oldestTombstone = oldestTombstone;
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
    for (const auto& c : changes) {
        if (c.lastOffset < logStart) continue;
        if (c.newBytes.empty()) wb.Delete(offsetKey(c.baseOffset));
        else wb.Put(offsetKey(c.baseOffset), c.newBytes);
    }
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

#include "broker/storage/compactor.h"

#include <algorithm>
#include <memory>

#include <leveldb/db.h>

#include "broker/protocol/batch_builder.h"
#include "broker/storage/log_keys.h"
#include "broker/storage/partition_log.h"

namespace plexus::storage {

using protocol::BatchHeader;

namespace {

/// Bytes the compaction map is charged per key beyond the key itself: the
/// hash node, the std::string, the offset and the bucket slot, rounded up.
constexpr size_t kMapEntryBytes = 96;

/// Rewritten batches are committed in groups of about this many bytes, so
/// a pass never holds more than that in memory or in one LevelDB write.
constexpr size_t kCompactionCommitBytes = size_t{8} << 20;

protocol::BytesView batchView(const leveldb::Slice& v) {
    return protocol::BytesView(reinterpret_cast<const uint8_t*>(v.data()), v.size());
}

leveldb::ReadOptions sweepReadOptions() {
    leveldb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;  // one sequential sweep; keep the cache for fetches
    return ro;
}

}  // namespace

Compactor::Compactor(leveldb::DB& db, const std::filesystem::path& dir, Commit commit)
    : m_db(db), m_dir(dir), m_commit(std::move(commit)) {}

bool Compactor::fail(CompactionStats& st, int64_t base, const std::string& why) const {
    st.error = "batch " + std::to_string(base) + " in " + m_dir.string() + ": " + why;
    return false;
}

CompactionStats Compactor::run(const CompactionRange& range, int64_t nowMs, int64_t deleteRetentionMs,
                               size_t maxMapBytes) {
    CompactionStats st;
    st.ran = true;
    st.firstOffset = range.first;
    int64_t end = range.end;
    if (!mapLatestKeys(range, end, maxMapBytes, st)) return st;
    st.endOffset = end;

    bool changed = false;
    if (!sweep(range, end, nowMs - deleteRetentionMs, st, changed)) return st;
    if (changed) {
        // Deleted and overwritten batches only free disk space once LevelDB
        // rewrites the tables that hold them.
        std::string from = offsetKey(range.first), to = offsetKey(end);
        leveldb::Slice fromSlice(from), toSlice(to);
        m_db.CompactRange(&fromSlice, &toSlice);
    }
    return st;
}

bool Compactor::forEachBatch(int64_t from, int64_t end, CompactionStats& st, const BatchFn& fn) {
    std::unique_ptr<leveldb::Iterator> it(m_db.NewIterator(sweepReadOptions()));
    for (it->Seek(offsetKey(from)); it->Valid(); it->Next()) {
        int64_t base = keyOffset(it->key());
        if (base >= end) break;
        auto view = batchView(it->value());
        if (view.size() < protocol::kBatchHeaderSize) return fail(st, base, "shorter than a batch header");
        if (!fn(base, view, protocol::parseBatchHeader(view.data()))) break;
    }
    if (!st.error.empty()) return false;
    if (!it->status().ok()) {
        st.error = "cannot read " + m_dir.string() + ": " + it->status().ToString();
        return false;
    }
    return true;
}

bool Compactor::mapLatestKeys(const CompactionRange& range, int64_t& end, size_t maxMapBytes, CompactionStats& st) {
    // Below mapStart the previous passes left at most one record per key, so
    // the records there need only be checked against this map.
    size_t mapBytes = 0;
    std::vector<std::pair<std::string, int64_t>> keys;
    return forEachBatch(range.mapStart, end, st, [&](int64_t base, protocol::BytesView view, const BatchHeader& h) {
        if (h.isControl()) return true;
        keys.clear();
        auto collect = [&](const protocol::Record& r) {
            if (r.key)
                keys.emplace_back(std::string(reinterpret_cast<const char*>(r.key->data()), r.key->size()),
                                  h.baseOffset + r.offsetDelta);
            return true;
        };
        auto check = protocol::forEachRecord(view, m_scratch, protocol::decompressionLimit(view.size()), collect);
        if (!check.ok()) return fail(st, base, check.message);
        size_t need = 0;
        for (const auto& [k, o] : keys)
            if (!m_latest.count(k)) need += k.size() + kMapEntryBytes;
        if (mapBytes + need > maxMapBytes) {
            // Kafka's rule too: what the map cannot cover stays dirty for
            // the next pass, which starts its map here.
            if (base == range.mapStart) {
                st.error = "the compaction key map (" + std::to_string(maxMapBytes) + " bytes) cannot hold the keys of batch " +
                           std::to_string(base);
                return false;
            }
            end = base;
            st.mapFull = true;
            return false;
        }
        mapBytes += need;
        for (auto& [k, o] : keys) m_latest[std::move(k)] = o;
        return true;
    });
}

bool Compactor::sweep(const CompactionRange& range, int64_t end, int64_t tombstoneHorizon, CompactionStats& st,
                      bool& changed) {
    std::vector<CompactionChange> changes;
    size_t pendingBytes = 0;
    auto commit = [&] {
        if (std::string err = m_commit(changes); !err.empty()) {
            st.error = err;
            return false;
        }
        changed = true;
        changes.clear();
        pendingBytes = 0;
        return true;
    };
    std::vector<protocol::Record> keep;
    std::string key;
    auto decideBatch = [&](int64_t base, protocol::BytesView view, const BatchHeader& h) {
        ++st.batchesScanned;
        st.bytesBefore += static_cast<int64_t>(view.size());
        if (h.isControl()) {
            st.bytesAfter += static_cast<int64_t>(view.size());
            return true;
        }
        keep.clear();
        int64_t total = 0;
        auto decide = [&](const protocol::Record& r) {
            ++total;
            bool kept = true;
            if (r.key) {
                key.assign(reinterpret_cast<const char*>(r.key->data()), r.key->size());
                auto found = m_latest.find(key);
                if (found != m_latest.end() && found->second != h.baseOffset + r.offsetDelta) {
                    kept = false;  // a later record has this key
                } else if (!r.value) {
                    int64_t ts = h.logAppendTime() ? h.maxTimestamp : h.baseTimestamp + r.timestampDelta;
                    if (ts < tombstoneHorizon) kept = false;
                    else m_oldestTombstone = std::min(m_oldestTombstone, ts);
                }
            }
            if (kept) keep.push_back(r);  // views into the batch or scratch, both alive until the next batch
            return true;
        };
        auto check = protocol::forEachRecord(view, m_scratch, protocol::decompressionLimit(view.size()), decide);
        if (!check.ok()) return fail(st, base, check.message);
        // An idempotent producer's newest batch stays, if need be with no
        // records: a restart rebuilds the producer's sequence from it.
        // Replicated: Raft indexes count batches, so none may disappear.
        bool keepEmpty = (h.producerId >= 0 && range.producerLastBatches.count(base) > 0) || range.keepEveryBatch;
        if (static_cast<int64_t>(keep.size()) == total && (total > 0 || keepEmpty)) {
            st.bytesAfter += static_cast<int64_t>(view.size());
            return true;
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
        return !(pendingBytes >= kCompactionCommitBytes || changes.size() >= 65536) || commit();
    };
    if (!forEachBatch(range.first, end, st, decideBatch)) return false;
    return changes.empty() || commit();
}

}  // namespace plexus::storage

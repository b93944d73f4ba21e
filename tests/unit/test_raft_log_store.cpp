// RaftLogStore over a replicated PartitionLog on a real LevelDB: the store
// against MemoryLogStore (random appends, truncations, syncs), Kafka offsets
// and epochs in the stored batches, truncation and reopen, the high
// watermark, Noop entries, retention, and three raft::Nodes replicating
// real batches through their partition logs (with a leader restart).
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "broker/protocol/crc32c.h"
#include "broker/raft/node.h"
#include "broker/storage/partition_log.h"
#include "broker/storage/raft_log_store.h"
#include "broker/storage/storage_workers.h"
#include "tests/support/raw_client.h"

using namespace plexus;
using namespace plexus::storage;
using plexus::protocol::ErrorCode;
using raft::Entry;
using raft::EntryType;
using raft::Index;
using raft::Term;

namespace {

LogOptions replicatedOptions() {
    LogOptions o;
    o.replicated = true;
    return o;
}

std::string batchOf(int n, const std::string& tag, int64_t baseTimestamp = 0) {
    std::vector<test::TestRecord> recs;
    for (int i = 0; i < n; ++i) recs.push_back({tag + std::to_string(i), "value-" + tag + std::to_string(i), {}, i});
    return test::buildBatch(recs, {.baseTimestamp = baseTimestamp});
}

bool waitUntil(const std::function<bool()>& pred, int timeoutMs = 10000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

protocol::BytesView view(const std::string& s) {
    return protocol::BytesView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

protocol::BatchHeader headerOf(const std::string& batch) {
    return protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(batch.data()));
}

bool crcValid(const std::string& batch) {
    auto h = headerOf(batch);
    return h.crc == protocol::crc32c(batch.data() + protocol::kAttributesOffset, batch.size() - protocol::kAttributesOffset);
}

/// Headers of the batches in a consumer read.
std::vector<protocol::BatchHeader> batchesIn(const std::string& data) {
    std::vector<protocol::BatchHeader> out;
    size_t pos = 0;
    while (pos + protocol::kBatchHeaderSize <= data.size()) {
        out.push_back(protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(data.data()) + pos));
        pos += out.back().totalSize();
    }
    return out;
}

/// Durable reports from the storage workers.
struct Reports {
    std::mutex mutex;
    std::vector<std::pair<Index, Term>> seen;
    void add(Index i, Term t) {
        std::lock_guard lock(mutex);
        seen.emplace_back(i, t);
    }
    bool has(Index i, Term t) {
        std::lock_guard lock(mutex);
        return std::find(seen.begin(), seen.end(), std::make_pair(i, t)) != seen.end();
    }
    std::vector<std::pair<Index, Term>> take() {
        std::lock_guard lock(mutex);
        return std::exchange(seen, {});
    }
};

}  // namespace

class TestRaftLogStore : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StorageWorkers> m_workers;

    std::string dir(const std::string& name = "p0") const { return m_dir->path().toStdString() + "/" + name; }

    std::shared_ptr<PartitionLog> openLog(const std::string& name = "p0") {
        auto r = PartitionLog::open(dir(name), replicatedOptions(), m_workers.get());
        if (!r) qFatal("open failed: %s", r.message().c_str());
        return r.value();
    }

    std::unique_ptr<RaftLogStore> openStore(std::shared_ptr<PartitionLog> log) {
        auto r = RaftLogStore::open(std::move(log), {1, 2, 3});
        if (!r) qFatal("store open failed: %s", r.message().c_str());
        return std::move(r.value());
    }

    /// Drains every queued write and lets the workers drop their references.
    void quiesce() {
        m_workers.reset();
        m_workers = std::make_unique<StorageWorkers>(2);
    }

    static Entry normal(Term term, Index index, std::string payload) { return Entry{term, index, EntryType::Normal, std::move(payload)}; }

    /// The store answers like the reference store, entry for entry.
    static void compareStores(const RaftLogStore& store, const raft::MemoryLogStore& mem) {
        QCOMPARE(store.startIndex(), mem.startIndex());
        QCOMPARE(store.lastIndex(), mem.lastIndex());
        for (Index i = mem.startIndex() - 2; i <= mem.lastIndex() + 1; ++i) QCOMPARE(store.termAt(i), mem.termAt(i));
    }

    static void compareReads(const RaftLogStore& store, const raft::MemoryLogStore& mem, Index from, size_t maxBytes) {
        auto a = store.read(from, maxBytes);
        auto b = mem.read(from, maxBytes);
        QVERIFY2(a.isOk(), a.message().c_str());
        QVERIFY(b.isOk());
        QCOMPARE(a.value().size(), b.value().size());
        for (size_t k = 0; k < a.value().size(); ++k) {
            const Entry& x = a.value()[k];
            const Entry& y = b.value()[k];
            QCOMPARE(x.index, y.index);
            QCOMPARE(x.term, y.term);
            QCOMPARE(x.payload.size(), y.payload.size());
            // Same batch but for baseOffset and partitionLeaderEpoch (before the CRC).
            QVERIFY(x.payload.compare(protocol::kMagicOffset, std::string::npos, y.payload, protocol::kMagicOffset) == 0);
            QCOMPARE(int64_t(headerOf(x.payload).partitionLeaderEpoch), x.term);
        }
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        m_workers = std::make_unique<StorageWorkers>(2);
    }
    void cleanup() {
        m_workers.reset();
        m_dir.reset();
    }

    void matchesMemoryLogStore() {
        for (uint32_t seed = 1; seed <= 4; ++seed) {
            auto log = openLog("diff" + std::to_string(seed));
            auto store = openStore(log);
            auto reports = std::make_shared<Reports>();
            store->setDurableCallback([reports](Index i, Term t) { reports->add(i, t); });
            raft::MemoryLogStore mem;
            std::mt19937 rng(seed);
            Term term = 1;
            int tag = 0;
            for (int step = 0; step < 250; ++step) {
                int op = static_cast<int>(rng() % 10);
                if (op < 6) {
                    std::vector<Entry> entries;
                    int n = 1 + static_cast<int>(rng() % 3);
                    for (int k = 0; k < n; ++k)
                        entries.push_back(normal(term, mem.lastIndex() + 1 + k, batchOf(1 + static_cast<int>(rng() % 4), "e" + std::to_string(tag++))));
                    QVERIFY(mem.append(entries));
                    auto s = store->append(entries);
                    QVERIFY2(s, s.message().c_str());
                } else if (op < 8 && mem.lastIndex() >= mem.startIndex()) {
                    Index from = mem.startIndex() + static_cast<Index>(rng() % static_cast<uint32_t>(mem.lastIndex() - mem.startIndex() + 1));
                    QVERIFY(mem.truncateSuffix(from));
                    auto s = store->truncateSuffix(from);
                    QVERIFY2(s, s.message().c_str());
                    ++term;  // a new leader's entries replace the cut ones
                } else if (op == 8) {
                    // Sync: the report for the last entry arrives, and it means every earlier write is durable.
                    Index last = mem.lastIndex();
                    if (last >= mem.startIndex()) {
                        Term t = *mem.termAt(last);
                        QVERIFY(waitUntil([&] { return reports->has(last, t); }));
                    }
                    mem.sync();
                    QCOMPARE(log->durableEndOffset(), log->logEndOffset());
                } else if (mem.lastIndex() >= mem.startIndex()) {
                    Index from = mem.startIndex() + static_cast<Index>(rng() % static_cast<uint32_t>(mem.lastIndex() - mem.startIndex() + 1));
                    compareReads(*store, mem, from, rng() % 600);
                    if (QTest::currentTestFailed()) return;
                }
                compareStores(*store, mem);
                if (QTest::currentTestFailed()) return;
            }
            // Every report names an entry; none may name an index beyond what was ever appended.
            compareReads(*store, mem, mem.startIndex(), 1 << 24);
            // Reopen: everything was written (quiesce drains), so the log is the reference's.
            store.reset();
            log.reset();
            quiesce();
            log = openLog("diff" + std::to_string(seed));
            store = openStore(log);
            compareStores(*store, mem);
            compareReads(*store, mem, mem.startIndex(), 1 << 24);
            if (QTest::currentTestFailed()) return;
        }
    }

    void offsetsAndEpochsInStoredBatches() {
        auto log = openLog();
        auto store = openStore(log);
        std::vector<Entry> entries;
        for (int k = 0; k < 5; ++k) entries.push_back(normal(3, k + 1, batchOf(k + 1, "o" + std::to_string(k))));
        QVERIFY(store->append(entries));
        QCOMPARE(log->logEndOffset(), int64_t(15));  // 1+2+3+4+5 records
        auto r = store->read(1, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(5));
        int64_t expected = 0;
        std::string all;
        for (size_t k = 0; k < 5; ++k) {
            auto h = headerOf(r.value()[k].payload);
            QCOMPARE(h.baseOffset, expected);
            QCOMPARE(h.partitionLeaderEpoch, 3);
            QVERIFY(crcValid(r.value()[k].payload));
            QCOMPARE(store->baseOffsetOf(static_cast<Index>(k + 1)), expected);
            QCOMPARE(store->indexOfOffset(expected + static_cast<int64_t>(k)), static_cast<Index>(k + 1));
            expected += static_cast<int64_t>(k) + 1;
            all += r.value()[k].payload;
        }
        std::vector<protocol::BatchSpan> spans;
        QVERIFY(protocol::validateBatches(view(all), 1 << 24, spans).ok());
        QCOMPARE(spans.size(), size_t(5));
        QCOMPARE(store->indexOfOffset(15), Index(-1));
        // The same bytes come from LevelDB once durable, and from a consumer read once committed.
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 15; }));
        store->setCommitIndex(5);
        QCOMPARE(log->highWatermark(), int64_t(15));
        auto rr = log->read(0, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        QCOMPARE(rr.records, all);
        QVERIFY(protocol::validateBatches(view(rr.records), 1 << 24, spans).ok());
    }

    void truncationReusesOffsetsAndSurvivesReopen() {
        auto log = openLog();
        auto store = openStore(log);
        for (int k = 0; k < 4; ++k) QVERIFY(store->append({normal(1, k + 1, batchOf(2, "t" + std::to_string(k)))}));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 8; }));
        QVERIFY(store->truncateSuffix(3));
        QCOMPARE(log->logEndOffset(), int64_t(4));
        QCOMPARE(store->lastIndex(), Index(2));
        QVERIFY(store->append({normal(2, 3, batchOf(3, "new"))}));
        QCOMPARE(store->baseOffsetOf(3), int64_t(4));
        QCOMPARE(log->logEndOffset(), int64_t(7));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 7; }));

        // Reopen: the truncated batch (offset 6, "t3") must not come back.
        store.reset();
        log.reset();
        quiesce();
        log = openLog();
        store = openStore(log);
        QCOMPARE(store->startIndex(), Index(1));
        QCOMPARE(store->lastIndex(), Index(3));
        QCOMPARE(store->termAt(3), std::optional<Term>(2));
        QCOMPARE(log->logEndOffset(), int64_t(7));
        QCOMPARE(log->highWatermark(), int64_t(0));  // the commit is learned again

        // A truncation alone, then reopen.
        QVERIFY(store->truncateSuffix(2));
        store.reset();
        log.reset();
        quiesce();
        log = openLog();
        store = openStore(log);
        QCOMPARE(store->lastIndex(), Index(1));
        QCOMPARE(log->logEndOffset(), int64_t(2));

        // Hard state and start voters.
        QVERIFY(store->saveHardState({5, 2}));
        store.reset();
        store = openStore(log);
        QCOMPARE(store->hardState(), (raft::HardState{5, 2}));
        QCOMPARE(store->startVoters(), (std::vector<raft::NodeId>{1, 2, 3}));
    }

    void corruptStateFileIsNamed() {
        auto log = openLog();
        {
            std::ofstream out(dir() + "/raft_state");
            out << "seven\n";
        }
        auto r = RaftLogStore::open(log, {1});
        QVERIFY(!r);
        QVERIFY2(r.message().find("raft_state") != std::string::npos, r.message().c_str());
    }

    void highWatermarkFollowsCommitAndDurability() {
        auto log = openLog();
        auto store = openStore(log);
        int wakes = 0;
        std::mutex m;
        log->setAppendListener([&] {
            std::lock_guard lock(m);
            ++wakes;
        });
        for (int k = 0; k < 3; ++k) QVERIFY(store->append({normal(1, k + 1, batchOf(2, "h" + std::to_string(k)))}));
        QCOMPARE(log->highWatermark(), int64_t(0));
        // Uncommitted: readable to Raft, not to consumers; no error between HW and LEO.
        auto rr = log->read(0, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        QVERIFY(rr.records.empty());
        QCOMPARE(log->read(6, 1 << 20).code, ErrorCode::None);
        QCOMPARE(log->read(7, 1 << 20).code, ErrorCode::OffsetOutOfRange);

        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 6; }));
        store->setCommitIndex(2);
        QCOMPARE(log->highWatermark(), int64_t(4));
        {
            std::lock_guard lock(m);
            QVERIFY(wakes >= 1);
        }
        rr = log->read(0, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        QCOMPARE(rr.highWatermark, int64_t(4));
        QCOMPARE(batchesIn(rr.records).size(), size_t(2));
        QCOMPARE(rr.recordCount, int64_t(4));
        rr = log->read(4, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        QVERIFY(rr.records.empty());
        QVERIFY(!store->truncateSuffix(2));  // committed: refused
        QVERIFY(store->truncateSuffix(3));

        // The commit beyond what is durable: the HW waits for the write.
        QVERIFY(store->append({normal(2, 3, batchOf(5, "late"))}));
        log->setCommittedOffset(9);
        QVERIFY(log->highWatermark() <= log->durableEndOffset());
        QVERIFY(waitUntil([&] { return log->highWatermark() == 9; }));
        QCOMPARE(batchesIn(log->read(0, 1 << 20).records).size(), size_t(3));
    }

    void noopBecomesAnEmptyBatch() {
        auto log = openLog();
        auto store = openStore(log);
        QVERIFY(store->append({Entry{2, 1, EntryType::Noop, {}}}));
        QVERIFY(store->append({normal(2, 2, batchOf(2, "after"))}));
        QCOMPARE(store->baseOffsetOf(2), int64_t(1));  // the noop occupies one offset
        auto r = store->read(1, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(2));
        const Entry& noop = r.value()[0];
        QCOMPARE(noop.type, EntryType::Normal);
        QCOMPARE(noop.term, Term(2));
        auto h = headerOf(noop.payload);
        QCOMPARE(h.magic, int8_t(2));
        QCOMPARE(h.recordCount, 0);
        QCOMPARE(h.lastOffsetDelta, 0);
        QCOMPARE(h.producerId, int64_t(-1));
        QCOMPARE(h.partitionLeaderEpoch, 2);
        QCOMPARE(h.totalSize(), noop.payload.size());
        QVERIFY(crcValid(noop.payload));

        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 3; }));
        store->setCommitIndex(2);
        auto rr = log->read(0, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        auto batches = batchesIn(rr.records);
        QCOMPARE(batches.size(), size_t(2));
        QCOMPARE(batches[0].recordCount, 0);
        QCOMPARE(rr.recordCount, int64_t(2));
        // A consumer decodes it as a batch without records (like a batch compaction emptied).
        std::string scratch;
        int seen = 0;
        auto check = protocol::forEachRecord(view(noop.payload), scratch, 1 << 20, [&](const protocol::Record&) { return ++seen, true; });
        QVERIFY(check.ok());
        QCOMPARE(seen, 0);
        // validateBatches is the produce-side check and refuses empty batches by design.
        std::vector<protocol::BatchSpan> spans;
        QVERIFY(!protocol::validateBatches(view(noop.payload), 1 << 20, spans).ok());
    }

    void configEntriesKeepTheirVoters() {
        // A voter change (replica reassignment) occupies one offset as an
        // empty batch; its voters live beside the log, so reads give the
        // Config entry back and opening the store never scans the log.
        auto log = openLog();
        auto store = openStore(log);
        QVERIFY(store->append({normal(1, 1, batchOf(2, "a"))}));
        QVERIFY(store->append({Entry{1, 2, EntryType::Config, raft::encodeVoters({1, 2, 4})}}));
        QVERIFY(store->append({normal(1, 3, batchOf(1, "b"))}));
        QCOMPARE(store->baseOffsetOf(3), int64_t(3));  // the Config entry took offset 2
        auto r = store->read(1, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(3));
        QCOMPARE(r.value()[1].type, EntryType::Config);
        QCOMPARE(r.value()[1].payload, raft::encodeVoters({1, 2, 4}));
        QCOMPARE(r.value()[2].type, EntryType::Normal);
        auto configs = store->configEntries();
        QVERIFY(configs.isOk());
        QCOMPARE(configs.value().size(), size_t(1));
        QCOMPARE(configs.value()[0].first, Index(2));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 4; }));

        // Reopened: the same; then a truncation removes it, also across a reopen.
        store.reset();
        store = openStore(log);
        configs = store->configEntries();
        QVERIFY(configs.isOk());
        QCOMPARE(configs.value().size(), size_t(1));
        QCOMPARE(store->read(2, 1).value().at(0).type, EntryType::Config);
        QVERIFY(store->truncateSuffix(2));
        QCOMPARE(store->configEntries().value().size(), size_t(0));
        QVERIFY(store->append({Entry{2, 2, EntryType::Config, raft::encodeVoters({2, 3})}}));
        store.reset();
        store = openStore(log);
        QCOMPARE(store->configEntries().value().size(), size_t(1));
        QCOMPARE(store->read(2, 1 << 20).value().at(0).payload, raft::encodeVoters({2, 3}));

        // Retention that removes the Config entry's batch from the front
        // leaves its voters as the start voters.
        QVERIFY(store->append({normal(2, 3, batchOf(1, "c"))}));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 4; }));
        store->setCommitIndex(3);
        QVERIFY(waitUntil([&] { return log->highWatermark() == 4; }));
        QVERIFY(log->deleteRecordsBefore(3).isOk());
        QCOMPARE(store->startIndex(), Index(3));
        QCOMPARE(store->startVoters(), (std::vector<raft::NodeId>{2, 3}));
        QCOMPARE(store->configEntries().value().size(), size_t(0));
    }

    void commandEntriesKeepTheirPayload() {
        // An owner's command (a replicated DeleteRecords) is an empty batch in
        // the log with its payload beside it, like a Config entry: read back
        // as a Command, listed by commands(), kept across a reopen, dropped
        // by a truncation. Its payload may hold any bytes.
        const std::string payload = std::string("delete_records 7\0\xff", 18);
        auto log = openLog();
        auto store = openStore(log);
        QVERIFY(store->append({normal(1, 1, batchOf(2, "a"))}));
        QVERIFY(store->append({Entry{1, 2, EntryType::Command, payload}}));
        QVERIFY(store->append({Entry{1, 3, EntryType::Config, raft::encodeVoters({1, 2})}}));
        QVERIFY(store->append({normal(1, 4, batchOf(1, "b"))}));
        QCOMPARE(store->baseOffsetOf(4), int64_t(4));  // the Command took offset 2, the Config 3
        auto r = store->read(1, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(4));
        QCOMPARE(r.value()[1].type, EntryType::Command);
        QCOMPARE(r.value()[1].payload, payload);
        QCOMPARE(r.value()[2].type, EntryType::Config);
        QCOMPARE(store->commands(1, 4).size(), size_t(1));
        QCOMPARE(store->commands(1, 4)[0], std::make_pair(Index(2), payload));
        QCOMPARE(store->commands(3, 4).size(), size_t(0));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 5; }));

        store.reset();
        store = openStore(log);
        QCOMPARE(store->commands(1, 4).size(), size_t(1));
        QCOMPARE(store->read(2, 1 << 20).value().at(0).payload, payload);
        QCOMPARE(store->configEntries().value().size(), size_t(1));
        QVERIFY(store->truncateSuffix(2));
        QCOMPARE(store->commands(1, 10).size(), size_t(0));
        QCOMPARE(store->configEntries().value().size(), size_t(0));
        store.reset();
        store = openStore(log);
        QCOMPARE(store->commands(1, 10).size(), size_t(0));
        QCOMPARE(store->read(1, 1 << 20).value().size(), size_t(1));
    }

    void retentionMovesTheRaftStart() {
        auto log = openLog();
        auto store = openStore(log);
        const Term terms[] = {1, 1, 2, 2, 3};
        for (int k = 0; k < 5; ++k) QVERIFY(store->append({normal(terms[k], k + 1, batchOf(2, "r" + std::to_string(k), 1000))}));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 10; }));
        // Nothing committed: retention may not touch anything.
        QCOMPARE(log->applyRetention(1'000'000, 0, -1), size_t(0));
        store->setCommitIndex(3);
        QCOMPARE(log->applyRetention(1'000'000, 0, -1), size_t(3));
        QCOMPARE(store->startIndex(), Index(4));
        QCOMPARE(store->termAt(3), std::optional<Term>(2));
        QCOMPARE(store->termAt(2), std::optional<Term>());
        QCOMPARE(log->logStartOffset(), int64_t(6));
        QCOMPARE(store->baseOffsetOf(4), int64_t(6));
        auto r = store->read(4, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(2));
        QCOMPARE(r.value()[0].term, Term(2));

        // Raft's own truncatePrefix, then reopen.
        store->setCommitIndex(4);
        QVERIFY(store->truncatePrefix(5, {1, 2, 3}));
        QCOMPARE(store->startIndex(), Index(5));
        QCOMPARE(store->termAt(4), std::optional<Term>(2));
        log->purgeDeleted();
        store.reset();
        log.reset();
        quiesce();
        log = openLog();
        store = openStore(log);
        QCOMPARE(store->startIndex(), Index(5));
        QCOMPARE(store->lastIndex(), Index(5));
        QCOMPARE(store->termAt(4), std::optional<Term>(2));
        QCOMPARE(store->termAt(5), std::optional<Term>(3));
        QCOMPARE(log->logStartOffset(), int64_t(8));
        QCOMPARE(store->baseOffsetOf(5), int64_t(8));
    }

    void compactionKeepsEmptiedBatches() {
        auto log = openLog();
        auto store = openStore(log);
        auto kvBatch = [](const std::string& key, const std::string& value) {
            return test::buildBatch({test::TestRecord{key, value, {}, 0}});
        };
        QVERIFY(store->append({normal(1, 1, kvBatch("k", "1"))}));
        QVERIFY(store->append({normal(1, 2, kvBatch("k", "2"))}));
        QVERIFY(store->append({normal(1, 3, kvBatch("k", "3"))}));
        QVERIFY(store->append({normal(1, 4, kvBatch("other", "x"))}));
        QVERIFY(waitUntil([&] { return log->durableEndOffset() == 4; }));
        // Uncommitted: nothing is cleanable.
        QVERIFY(!log->compact(1'000'000, 0, 0).ran);
        store->setCommitIndex(3);
        auto st = log->compact(1'000'000, 0, 0);
        QVERIFY2(st.error.empty(), st.error.c_str());
        QVERIFY(st.ran);
        QCOMPARE(st.endOffset, int64_t(3));  // the committed batches (the log's newest one is not)
        QCOMPARE(st.batchesRemoved, size_t(0));
        QCOMPARE(st.batchesRewritten, size_t(2));  // "k"=1 and "k"=2 are superseded by "k"=3
        QCOMPARE(store->lastIndex(), Index(4));
        auto r = store->read(1, 1 << 20);
        QVERIFY(r.isOk());
        QCOMPARE(r.value().size(), size_t(4));
        for (int64_t k = 0; k < 2; ++k) {
            auto h = headerOf(r.value()[static_cast<size_t>(k)].payload);
            QCOMPARE(h.recordCount, 0);
            QCOMPARE(h.baseOffset, k);
            QCOMPARE(h.lastOffsetDelta, 0);
            QCOMPARE(h.partitionLeaderEpoch, 1);
            QVERIFY(crcValid(r.value()[static_cast<size_t>(k)].payload));
        }
        QCOMPARE(headerOf(r.value()[2].payload).recordCount, 1);
        auto rr = log->read(0, 1 << 20);
        QCOMPARE(batchesIn(rr.records).size(), size_t(3));
        QCOMPARE(rr.recordCount, int64_t(1));
    }

    void resetDiscardsTheLog() {
        auto log = openLog();
        auto store = openStore(log);
        for (int k = 0; k < 3; ++k) QVERIFY(store->append({normal(1, k + 1, batchOf(2, "x" + std::to_string(k)))}));
        QVERIFY(store->reset(10, 4, {1, 2, 3}));
        QCOMPARE(store->startIndex(), Index(10));
        QCOMPARE(store->lastIndex(), Index(9));
        QCOMPARE(store->termAt(9), std::optional<Term>(4));
        // The leader's batch at index 10 carries its offset (here 50): the log continues from it.
        std::string batch = batchOf(2, "lead");
        protocol::storeBe64(reinterpret_cast<uint8_t*>(batch.data()), 50);
        QVERIFY(store->append({normal(5, 10, batch)}));
        QCOMPARE(store->baseOffsetOf(10), int64_t(50));
        QCOMPARE(log->logStartOffset(), int64_t(50));
        QCOMPARE(log->logEndOffset(), int64_t(52));
        store.reset();
        log.reset();
        quiesce();
        log = openLog();
        store = openStore(log);
        QCOMPARE(store->startIndex(), Index(10));
        QCOMPARE(store->lastIndex(), Index(10));
        QCOMPARE(store->termAt(9), std::optional<Term>(4));
        QCOMPARE(log->logStartOffset(), int64_t(50));
        QCOMPARE(log->logEndOffset(), int64_t(52));
    }

    void threeNodesReplicateBatches() {
        struct Member {
            std::shared_ptr<PartitionLog> log;
            std::unique_ptr<RaftLogStore> store;
            std::unique_ptr<raft::Node> node;
        };
        // Declared before the members: a storage worker may report until a store is gone.
        std::mutex durableMutex;
        std::vector<std::tuple<raft::NodeId, Index, Term>> durable;
        std::map<raft::NodeId, Member> members;
        int64_t now = 0;

        auto start = [&](raft::NodeId id) {
            Member& m = members[id];
            m.log = openLog("n" + std::to_string(id));
            m.store = openStore(m.log);
            m.store->setDurableCallback([&durableMutex, &durable, id](Index i, Term t) {
                std::lock_guard lock(durableMutex);
                durable.emplace_back(id, i, t);
            });
            raft::NodeConfig c;
            c.group = 7;
            c.self = id;
            c.voters = {1, 2, 3};
            c.electionTimeoutMs = 200;
            c.heartbeatIntervalMs = 30;
            c.randomSeed = 42;
            auto n = raft::Node::create(c, *m.store, now);
            if (!n) qFatal("node: %s", n.message().c_str());
            m.node = std::move(n.value());
        };
        auto pump = [&] {
            now += 10;
            for (auto& [id, m] : members)
                if (m.node) m.node->tick(now);
            for (int round = 0; round < 5; ++round) {
                std::vector<raft::Message> msgs;
                for (auto& [id, m] : members)
                    if (m.node)
                        for (auto& msg : m.node->takeMessages()) msgs.push_back(std::move(msg));
                for (auto& msg : msgs) {
                    auto it = members.find(msg.to);
                    if (it != members.end() && it->second.node) it->second.node->receive(msg);
                }
                std::vector<std::tuple<raft::NodeId, Index, Term>> reports;
                {
                    std::lock_guard lock(durableMutex);
                    reports.swap(durable);
                }
                for (auto& [id, i, t] : reports)
                    if (members[id].node) members[id].node->persisted(i, t);
                for (auto& [id, m] : members) {
                    if (!m.node) continue;
                    for (const auto& n : m.node->takeNotices())
                        if (n.kind == raft::Notice::Kind::Committed) m.store->setCommitIndex(n.index);
                    QVERIFY2(m.node->failure().isOk(), m.node->failure().message().c_str());
                }
            }
            std::this_thread::sleep_for(std::chrono::microseconds(300));
        };
        auto leader = [&]() -> raft::NodeId {
            for (auto& [id, m] : members)
                if (m.node && m.node->isLeader()) return id;
            return raft::kNoNode;
        };
        auto pumpUntil = [&](const std::function<bool()>& pred) {
            for (int i = 0; i < 5000; ++i) {
                if (pred()) return true;
                pump();
                if (QTest::currentTestFailed()) return false;
            }
            return pred();
        };
        auto consumerBytes = [&](Member& m) { return m.log->read(m.log->logStartOffset(), 1 << 26).records; };

        for (raft::NodeId id : {1, 2, 3}) start(id);
        QVERIFY(pumpUntil([&] { return leader() != raft::kNoNode; }));
        Index last = 0;
        for (int k = 0; k < 100; ++k) {
            raft::NodeId l = leader();
            QVERIFY(l != raft::kNoNode);
            auto pr = members[l].node->propose(batchOf(1 + k % 3, "p" + std::to_string(k)));
            QVERIFY(pr.ok());
            last = pr.index;
            if (k % 10 == 0) pump();
        }
        auto allCommitted = [&](Index upTo) {
            for (auto& [id, m] : members)
                if (m.node && (m.node->commitIndex() < upTo || m.log->highWatermark() != m.log->logEndOffset())) return false;
            return true;
        };
        QVERIFY(pumpUntil([&] { return allCommitted(last); }));
        std::string reference = consumerBytes(members[1]);
        QVERIFY(!reference.empty());
        QCOMPARE(consumerBytes(members[2]), reference);
        QCOMPARE(consumerBytes(members[3]), reference);
        std::vector<protocol::BatchSpan> spans;
        int records = 0;
        for (const auto& h : batchesIn(reference)) records += h.recordCount;
        QCOMPARE(records, 199);  // 100 batches of 1..3 records: 34+33+33 batches
        (void)spans;

        // Kill the leader: node, store and log go; its directory stays.
        raft::NodeId old = leader();
        {
            Member& m = members[old];
            m.node.reset();
            m.store.reset();
            QVERIFY(waitUntil([&] { return m.log.use_count() == 1; }));
            m.log.reset();
        }
        QVERIFY(pumpUntil([&] { return leader() != raft::kNoNode && leader() != old; }));
        for (int k = 0; k < 20; ++k) {
            auto pr = members[leader()].node->propose(batchOf(2, "q" + std::to_string(k)));
            QVERIFY(pr.ok());
            last = pr.index;
            pump();
        }
        start(old);
        QVERIFY(pumpUntil([&] { return allCommitted(last); }));
        reference = consumerBytes(members[leader()]);
        for (auto& [id, m] : members) QCOMPARE(consumerBytes(m), reference);
        QCOMPARE(int64_t(batchesIn(reference).size()), members[leader()].store->lastIndex());
    }
};

QTEST_GUILESS_MAIN(TestRaftLogStore)
#include "test_raft_log_store.moc"

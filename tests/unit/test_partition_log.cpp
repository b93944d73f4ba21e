// PartitionLog on a real LevelDB in a temporary directory: offsets, reads,
// idempotent producer sequences, recovery after reopen, retention,
// DeleteRecords, timestamp lookup and compaction.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <future>

#include <leveldb/db.h>

#include "broker/protocol/crc32c.h"
#include "broker/storage/partition_log.h"
#include "broker/storage/storage_workers.h"
#include "tests/support/raw_client.h"

using namespace plexus;
using namespace plexus::storage;
using plexus::protocol::ErrorCode;

namespace {

std::vector<test::TestRecord> records(int n, const std::string& tag, int64_t tsStep = 1) {
    std::vector<test::TestRecord> out;
    for (int i = 0; i < n; ++i) out.push_back({tag + std::to_string(i), "value-" + tag + std::to_string(i), {}, i * tsStep});
    return out;
}

AppendResult appendSync(PartitionLog& log, const std::string& batch) {
    std::vector<protocol::BatchSpan> spans;
    auto check = protocol::validateBatches(
        protocol::BytesView(reinterpret_cast<const uint8_t*>(batch.data()), batch.size()), 1 << 24, spans);
    if (!check.ok()) return AppendResult{check.code, check.message, -1, -1};
    std::promise<AppendResult> done;
    log.append(batch, std::move(spans), [&](const AppendResult& r) { done.set_value(r); });
    return done.get_future().get();
}

/// Offsets of every record in the batches returned by a read.
std::vector<int64_t> offsetsIn(const std::string& data) {
    std::vector<int64_t> out;
    size_t pos = 0;
    std::string scratch;
    while (pos + protocol::kBatchHeaderSize <= data.size()) {
        auto h = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(data.data()) + pos);
        for (int64_t o = h.baseOffset; o <= h.lastOffset(); ++o) out.push_back(o);
        pos += h.totalSize();
    }
    return out;
}

/// One record as a consumer sees it: its offset, key and value (nullopt: null).
struct Seen {
    int64_t offset;
    std::optional<std::string> key;
    std::optional<std::string> value;
    bool operator==(const Seen&) const = default;
};

std::optional<std::string> str(const std::optional<protocol::BytesView>& v) {
    if (!v) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(v->data()), v->size());
}

/// Every record in the batches returned by a read, decoded.
std::vector<Seen> recordsIn(const std::string& data) {
    std::vector<Seen> out;
    size_t pos = 0;
    std::string scratch;
    while (pos + protocol::kBatchHeaderSize <= data.size()) {
        auto view = protocol::BytesView(reinterpret_cast<const uint8_t*>(data.data()) + pos, data.size() - pos);
        auto h = protocol::parseBatchHeader(view.data());
        auto check = protocol::forEachRecord(view.first(h.totalSize()), scratch, 1 << 26, [&](const protocol::Record& r) {
            out.push_back(Seen{h.baseOffset + r.offsetDelta, str(r.key), str(r.value)});
            return true;
        });
        if (!check.ok()) qFatal("cannot decode batch %lld: %s", static_cast<long long>(h.baseOffset), check.message.c_str());
        pos += h.totalSize();
    }
    return out;
}

/// The batches exactly as LevelDB holds them (base offset -> bytes); the
/// log must be closed.
std::map<int64_t, std::string> storedBatches(const std::string& dir) {
    std::map<int64_t, std::string> out;
    leveldb::DB* raw = nullptr;
    leveldb::Options o;
    if (!leveldb::DB::Open(o, dir + "/log", &raw).ok()) qFatal("cannot open %s/log", dir.c_str());
    std::unique_ptr<leveldb::DB> db(raw);
    std::unique_ptr<leveldb::Iterator> it(db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next())
        out[static_cast<int64_t>(protocol::loadBe64(reinterpret_cast<const uint8_t*>(it->key().data())))] = it->value().ToString();
    return out;
}

/// A stored batch must carry a correct CRC-32C, a header that matches its
/// records, and records that decode. (validateBatches is the produce-time
/// check and also demands one record per offset, which a compacted batch no
/// longer has; Kafka's own consumers accept such batches.)
void checkStoredBatch(const std::string& b) {
    QVERIFY(b.size() >= protocol::kBatchHeaderSize);
    auto p = reinterpret_cast<const uint8_t*>(b.data());
    auto h = protocol::parseBatchHeader(p);
    QCOMPARE(h.magic, int8_t(2));
    QCOMPARE(h.totalSize(), b.size());
    QCOMPARE(protocol::crc32c(p + protocol::kAttributesOffset, b.size() - protocol::kAttributesOffset), h.crc);
    std::string scratch;
    int32_t n = 0, lastDelta = -1;
    auto check = protocol::forEachRecord(protocol::BytesView(p, b.size()), scratch, 1 << 26, [&](const protocol::Record& r) {
        ++n;
        if (r.offsetDelta <= lastDelta || r.offsetDelta > h.lastOffsetDelta) qFatal("record offset delta %d out of order", r.offsetDelta);
        lastDelta = r.offsetDelta;
        return true;
    });
    QVERIFY2(check.ok(), check.message.c_str());
    QCOMPARE(n, h.recordCount);
}

test::TestRecord kv(const std::string& key, std::optional<std::string> value, int64_t tsDelta = 0) {
    return test::TestRecord{key, std::move(value), {}, tsDelta};
}

}  // namespace

class TestPartitionLog : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StorageWorkers> m_workers;

    /// Lets the workers drop their last references (as a node shutdown
    /// does) so the previous PartitionLog really closes its database.
    void quiesce() {
        m_workers.reset();
        m_workers = std::make_unique<StorageWorkers>(2);
    }

    std::string dir() const { return m_dir->path().toStdString() + "/p0"; }

    std::shared_ptr<PartitionLog> open() {
        auto r = PartitionLog::open(dir(), LogOptions{}, m_workers.get());
        if (!r) qFatal("open failed: %s", r.message().c_str());
        return r.value();
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

    void appendAssignsConsecutiveOffsets() {
        auto log = open();
        QCOMPARE(appendSync(*log, test::buildBatch(records(3, "a"))).baseOffset, int64_t(0));
        QCOMPARE(appendSync(*log, test::buildBatch(records(5, "b"))).baseOffset, int64_t(3));
        QCOMPARE(log->highWatermark(), int64_t(8));
        auto rr = log->read(4, 1 << 20);
        QCOMPARE(rr.code, ErrorCode::None);
        QCOMPARE(offsetsIn(rr.records), (std::vector<int64_t>{3, 4, 5, 6, 7}));  // whole batch holding offset 4
        QCOMPARE(log->read(8, 1 << 20).records.size(), size_t(0));
        QCOMPARE(log->read(9, 1 << 20).code, ErrorCode::OffsetOutOfRange);
    }

    void storedBytesAreTheProducedBatchWithOffsetsFilledIn() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(1, "x")));
        auto batch = test::buildBatch(records(2, "y"));
        appendSync(*log, batch);
        auto rr = log->read(1, 1 << 20);
        QCOMPARE(rr.records.size(), batch.size());
        // Bytes 0..7 (base offset) and 12..15 (leader epoch) are the broker's; the rest is verbatim.
        QCOMPARE(protocol::loadBe64(reinterpret_cast<const uint8_t*>(rr.records.data())), uint64_t(1));
        QCOMPARE(rr.records.substr(16), batch.substr(16));
        QCOMPARE(rr.records.substr(8, 4), batch.substr(8, 4));
    }

    void readHonoursMaxBytesButReturnsAtLeastOneBatch() {
        auto log = open();
        for (int i = 0; i < 10; ++i) appendSync(*log, test::buildBatch(records(10, "m" + std::to_string(i))));
        auto one = log->read(0, 1);
        QCOMPARE(offsetsIn(one.records).size(), size_t(10));
        auto all = log->read(0, 1 << 20);
        QCOMPARE(offsetsIn(all.records).size(), size_t(100));
    }

    void reopenRecoversEverything() {
        {
            auto log = open();
            for (int i = 0; i < 20; ++i) appendSync(*log, test::buildBatch(records(5, "r")));
        }
        quiesce();
        auto log = open();
        QCOMPARE(log->highWatermark(), int64_t(100));
        QCOMPARE(offsetsIn(log->read(0, 1 << 24).records).size(), size_t(100));
        QCOMPARE(appendSync(*log, test::buildBatch(records(1, "after"))).baseOffset, int64_t(100));
    }

    void idempotentDuplicateGetsItsOriginalOffset() {
        auto log = open();
        auto b0 = test::buildBatch(records(4, "p"), {.producerId = 42, .producerEpoch = 0, .baseSequence = 0});
        auto b1 = test::buildBatch(records(4, "q"), {.producerId = 42, .producerEpoch = 0, .baseSequence = 4});
        QCOMPARE(appendSync(*log, b0).baseOffset, int64_t(0));
        QCOMPARE(appendSync(*log, b1).baseOffset, int64_t(4));
        auto dup = appendSync(*log, b0);  // a retry of the first batch
        QCOMPARE(dup.code, ErrorCode::None);
        QCOMPARE(dup.baseOffset, int64_t(0));
        QCOMPARE(log->highWatermark(), int64_t(8));  // nothing written twice
    }

    void sequenceGapIsOutOfOrder() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(2, "g"), {.producerId = 7, .producerEpoch = 0, .baseSequence = 0}));
        auto gap = appendSync(*log, test::buildBatch(records(2, "g"), {.producerId = 7, .producerEpoch = 0, .baseSequence = 5}));
        QCOMPARE(gap.code, ErrorCode::OutOfOrderSequenceNumber);
        QVERIFY(gap.message.find("expected 2") != std::string::npos);
        QCOMPARE(log->highWatermark(), int64_t(2));
    }

    void staleEpochIsFenced() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(1, "e"), {.producerId = 9, .producerEpoch = 3, .baseSequence = 0}));
        auto old = appendSync(*log, test::buildBatch(records(1, "e"), {.producerId = 9, .producerEpoch = 2, .baseSequence = 1}));
        QCOMPARE(old.code, ErrorCode::InvalidProducerEpoch);
        auto bumped = appendSync(*log, test::buildBatch(records(1, "e"), {.producerId = 9, .producerEpoch = 4, .baseSequence = 0}));
        QCOMPARE(bumped.code, ErrorCode::None);
    }

    void producerStateSurvivesReopen() {
        auto b0 = test::buildBatch(records(3, "s"), {.producerId = 5, .producerEpoch = 0, .baseSequence = 0});
        {
            auto log = open();
            appendSync(*log, b0);
        }
        quiesce();
        auto log = open();
        auto dup = appendSync(*log, b0);
        QCOMPARE(dup.baseOffset, int64_t(0));
        QCOMPARE(log->highWatermark(), int64_t(3));
        auto gap = appendSync(*log, test::buildBatch(records(1, "s"), {.producerId = 5, .producerEpoch = 0, .baseSequence = 9}));
        QCOMPARE(gap.code, ErrorCode::OutOfOrderSequenceNumber);
    }

    void retentionByBytesDropsOldestBatchesAndShrinksTheLog() {
        auto log = open();
        for (int i = 0; i < 50; ++i) appendSync(*log, test::buildBatch(records(20, "big" + std::to_string(i))));
        int64_t before = log->sizeBytes();
        int64_t batch = before / 50;
        size_t removed = log->applyRetention(0, -1, before / 5);
        // Kafka's rule: what remains still holds at least retention.bytes.
        QCOMPARE(removed, size_t(40));
        QVERIFY(log->sizeBytes() >= before / 5);
        QVERIFY(log->sizeBytes() - batch < before / 5);
        QVERIFY(log->logStartOffset() > 0);
        QCOMPARE(log->read(0, 1 << 20).code, ErrorCode::OffsetOutOfRange);
        QCOMPARE(log->highWatermark(), int64_t(1000));
        // The new start survives a reopen.
        int64_t start = log->logStartOffset();
        log.reset();
        quiesce();
        log = open();
        QCOMPARE(log->logStartOffset(), start);
        QCOMPARE(log->highWatermark(), int64_t(1000));
    }

    void retentionBySizeNeverDropsTheNewestBatch() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(3, "only")));
        QCOMPARE(log->applyRetention(0, -1, 1), size_t(0));
        QCOMPARE(log->logStartOffset(), int64_t(0));
        appendSync(*log, test::buildBatch(records(3, "next")));
        QCOMPARE(log->applyRetention(0, -1, 1), size_t(1));
        QCOMPARE(log->logStartOffset(), int64_t(3));
        QCOMPARE(offsetsIn(log->read(3, 1 << 20).records).size(), size_t(3));
    }

    void retentionByTimeUsesMaxTimestamp() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(2, "old"), {.baseTimestamp = 1000}));
        appendSync(*log, test::buildBatch(records(2, "new"), {.baseTimestamp = 100000}));
        QCOMPARE(log->applyRetention(100500, 1000, -1), size_t(1));
        QCOMPARE(log->logStartOffset(), int64_t(2));
    }

    void emptiedLogKeepsItsEndOffsetAcrossReopen() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(5, "z"), {.baseTimestamp = 1}));
        QCOMPARE(log->applyRetention(1000000, 10, -1), size_t(1));
        log.reset();
        quiesce();
        log = open();
        QCOMPARE(log->logStartOffset(), int64_t(5));
        QCOMPARE(appendSync(*log, test::buildBatch(records(1, "z"))).baseOffset, int64_t(5));
    }

    void deleteRecordsMovesTheLowWatermark() {
        auto log = open();
        for (int i = 0; i < 4; ++i) appendSync(*log, test::buildBatch(records(5, "d")));
        auto r = log->deleteRecordsBefore(7);
        QVERIFY(r.isOk());
        QCOMPARE(r.value(), int64_t(7));
        QCOMPARE(log->logStartOffset(), int64_t(7));
        QCOMPARE(log->read(6, 1 << 20).code, ErrorCode::OffsetOutOfRange);
        QCOMPARE(offsetsIn(log->read(7, 1 << 20).records).front(), int64_t(5));  // batch 5..9 holds 7
        QVERIFY(!log->deleteRecordsBefore(100).isOk());
        QCOMPARE(log->deleteRecordsBefore(-1).value(), int64_t(20));
        log->purgeDeleted();  // housekeeping removes the cut-off batches
        QCOMPARE(log->sizeBytes(), int64_t(0));
        QCOMPARE(appendSync(*log, test::buildBatch(records(1, "after"))).baseOffset, int64_t(20));
    }

    void offsetForTimestampFindsTheFirstRecordAtOrAfter() {
        auto log = open();
        appendSync(*log, test::buildBatch(records(10, "t", 100), {.baseTimestamp = 10000}));  // ts 10000..10900
        appendSync(*log, test::buildBatch(records(10, "u", 100), {.baseTimestamp = 20000, .compression = 4}));
        auto a = log->offsetForTimestamp(10450);
        QVERIFY(a.isOk());
        QCOMPARE(a.value().offset, int64_t(5));
        QCOMPARE(a.value().timestamp, int64_t(10500));
        QCOMPARE(log->offsetForTimestamp(15000).value().offset, int64_t(10));
        QCOMPARE(log->offsetForTimestamp(20250).value().offset, int64_t(13));  // inside a zstd batch
        QCOMPARE(log->offsetForTimestamp(99999).value().offset, int64_t(-1));
    }

    void corruptLogStartFileIsAClearError() {
        { open(); }
        quiesce();
        std::ofstream(m_dir->path().toStdString() + "/p0/log_start_offset") << "banana\n";
        auto r = PartitionLog::open(m_dir->path().toStdString() + "/p0", LogOptions{}, m_workers.get());
        QVERIFY(!r.isOk());
        QVERIFY2(r.message().find("log_start_offset") != std::string::npos, r.message().c_str());
    }

    void groupCommitUnderConcurrentAppends() {
        auto log = open();
        constexpr int kThreads = 4, kEach = 200;
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i)
                    if (appendSync(*log, test::buildBatch(records(1, "c" + std::to_string(t)))).code != ErrorCode::None)
                        failures++;
            });
        for (auto& th : threads) th.join();
        QCOMPARE(failures.load(), 0);
        auto offs = offsetsIn(log->read(0, 1 << 26).records);
        QCOMPARE(offs.size(), size_t(kThreads * kEach));
        for (size_t i = 0; i < offs.size(); ++i) QCOMPARE(offs[i], int64_t(i));
    }

    // ---- compaction -------------------------------------------------------

    void compactionKeepsTheLatestValuePerKeyAtItsOffset() {
        auto log = open();
        // Offsets: 0 a=1, 1 b=1, 2 c=1 | 3 a=2, 4 b=2 | 5 a=3 | 6 d=1 (newest batch)
        appendSync(*log, test::buildBatch({kv("a", "1"), kv("b", "1"), kv("c", "1")}));
        appendSync(*log, test::buildBatch({kv("a", "2"), kv("b", "2")}));
        appendSync(*log, test::buildBatch({kv("a", "3")}));
        appendSync(*log, test::buildBatch({kv("d", "1")}));
        int64_t before = log->sizeBytes();
        auto st = log->compact(1000, 86400000, 0);
        QVERIFY2(st.error.empty(), st.error.c_str());
        QVERIFY(st.ran);
        QCOMPARE(st.firstOffset, int64_t(0));
        QCOMPARE(st.endOffset, int64_t(6));  // the newest batch (offset 6) is not cleanable
        QCOMPARE(st.recordsRemoved, int64_t(3));
        QCOMPARE(st.batchesRewritten, size_t(2));  // batch 0 keeps c, batch 3 keeps b
        QCOMPARE(st.batchesRemoved, size_t(0));
        QVERIFY(st.bytesAfter < st.bytesBefore);
        QCOMPARE(log->sizeBytes(), before - (st.bytesBefore - st.bytesAfter));
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records),
                 (std::vector<Seen>{{2, "c", "1"}, {4, "b", "2"}, {5, "a", "3"}, {6, "d", "1"}}));
        QCOMPARE(log->highWatermark(), int64_t(7));
        QCOMPARE(log->logStartOffset(), int64_t(0));
        // Nothing left to do: a second pass changes nothing.
        auto again = log->compact(1000, 86400000, 0);
        QCOMPARE(again.recordsRemoved, int64_t(0));
        QCOMPARE(again.batchesRewritten + again.batchesRemoved, size_t(0));
        QCOMPARE(appendSync(*log, test::buildBatch({kv("e", "1")})).baseOffset, int64_t(7));
    }

    void compactionLeavesWholeBatchesUntouchedAndReencodesPartialOnes() {
        std::string untouched, partial;
        test::BatchOptions idem{.baseTimestamp = 5000, .producerId = 77, .producerEpoch = 3, .baseSequence = 0};
        {
            auto log = open();
            appendSync(*log, test::buildBatch({kv("keep1", "v"), kv("keep2", "v")}, {.baseTimestamp = 4000}));  // 0..1
            appendSync(*log, test::buildBatch({kv("x", "old"), kv("y", "kept", 7), kv("z", "old", 3)}, idem));  // 2..4
            appendSync(*log, test::buildBatch({kv("x", "new"), kv("z", "new")}, {.baseTimestamp = 6000}));  // 5..6
            appendSync(*log, test::buildBatch({kv("tail", "v")}));
            untouched = log->read(0, 1).records;
            partial = log->read(2, 1).records;
            auto st = log->compact(10000, 86400000, 0);
            QCOMPARE(st.batchesRewritten, size_t(1));
            QCOMPARE(st.recordsRemoved, int64_t(2));
        }
        quiesce();
        auto stored = storedBatches(dir());
        QCOMPARE(stored.size(), size_t(4));
        QCOMPARE(stored[0], untouched);  // byte for byte: not rewritten
        const std::string& rewritten = stored[2];
        checkStoredBatch(rewritten);
        QVERIFY(rewritten.size() < partial.size());
        auto before = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(partial.data()));
        auto after = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(rewritten.data()));
        QCOMPARE(after.baseOffset, before.baseOffset);
        QCOMPARE(after.lastOffsetDelta, before.lastOffsetDelta);  // the batch still ends at offset 4
        QCOMPARE(after.baseTimestamp, before.baseTimestamp);
        QCOMPARE(after.maxTimestamp, before.maxTimestamp);
        QCOMPARE(after.producerId, int64_t(77));
        QCOMPARE(after.producerEpoch, int16_t(3));
        QCOMPARE(after.baseSequence, int32_t(0));
        QCOMPARE(after.partitionLeaderEpoch, before.partitionLeaderEpoch);
        QCOMPARE(after.attributes, before.attributes);
        QCOMPARE(after.recordCount, int32_t(1));
        QCOMPARE(recordsIn(rewritten), (std::vector<Seen>{{3, "y", "kept"}}));
        std::string scratch;
        protocol::forEachRecord(protocol::BytesView(reinterpret_cast<const uint8_t*>(rewritten.data()), rewritten.size()),
                                scratch, 1 << 20, [](const protocol::Record& r) {
                                    if (r.timestampDelta != 7) qFatal("timestamp delta not kept");
                                    return true;
                                });
        for (const auto& [base, bytes] : stored) checkStoredBatch(bytes);
    }

    void compactionRemovesBatchesWithNoSurvivor() {
        {
            auto log = open();
            appendSync(*log, test::buildBatch({kv("a", "1"), kv("b", "1")}));  // 0..1: all superseded
            appendSync(*log, test::buildBatch({kv("a", "2")}));                 // 2: superseded
            appendSync(*log, test::buildBatch({kv("a", "3"), kv("b", "2")}));   // 3..4
            appendSync(*log, test::buildBatch({kv("c", "1")}));                 // 5: newest
            int64_t before = log->sizeBytes();
            auto st = log->compact(1000, 86400000, 0);
            QCOMPARE(st.batchesRemoved, size_t(2));
            QCOMPARE(st.batchesRewritten, size_t(0));
            QCOMPARE(st.recordsRemoved, int64_t(3));
            QCOMPARE(log->sizeBytes(), before - (st.bytesBefore - st.bytesAfter));
            QCOMPARE(log->logStartOffset(), int64_t(0));  // offsets stay; the log start does not move
            QCOMPARE(recordsIn(log->read(0, 1 << 20).records), (std::vector<Seen>{{3, "a", "3"}, {4, "b", "2"}, {5, "c", "1"}}));
        }
        quiesce();
        auto stored = storedBatches(dir());
        QCOMPARE(stored.size(), size_t(2));
        QVERIFY(stored.count(3) && stored.count(5));
    }

    void compactionNeverTouchesTheNewestBatch() {
        auto log = open();
        appendSync(*log, test::buildBatch({kv("a", "1"), kv("a", "2"), kv("a", std::nullopt)}));
        auto st = log->compact(1LL << 50, 0, 0);  // even with every tombstone long expired
        QVERIFY(!st.ran);
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records).size(), size_t(3));
        appendSync(*log, test::buildBatch({kv("a", "3")}));
        auto newest = log->read(3, 1 << 20).records;
        st = log->compact(1LL << 50, 0, 0);
        QVERIFY(st.ran);
        QCOMPARE(st.endOffset, int64_t(3));
        QCOMPARE(st.batchesRemoved, size_t(1));  // two values superseded, the tombstone expired
        QCOMPARE(log->read(3, 1 << 20).records, newest);
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records), (std::vector<Seen>{{3, "a", "3"}}));
    }

    void tombstonesStayUntilDeleteRetentionPasses() {
        const int64_t retention = 1000;
        auto log = open();
        appendSync(*log, test::buildBatch({kv("k", "1"), kv("gone", "1")}, {.baseTimestamp = 100}));    // 0..1
        appendSync(*log, test::buildBatch({kv("gone", std::nullopt), kv("k", "2")}, {.baseTimestamp = 200}));  // 2..3
        appendSync(*log, test::buildBatch({kv("last", "1")}, {.baseTimestamp = 300}));                  // 4
        // The tombstone (timestamp 200) removes the older value of its key but stays itself.
        auto st = log->compact(1000, retention, 0);
        QCOMPARE(st.recordsRemoved, int64_t(2));
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records),
                 (std::vector<Seen>{{2, "gone", std::nullopt}, {3, "k", "2"}, {4, "last", "1"}}));
        auto state = log->cleanableState(1200, retention, 0);
        QVERIFY(!state.tombstonesDue);  // 200 + 1000 is not before 1200
        QCOMPARE(state.dirtyBytes, int64_t(0));
        QVERIFY(log->cleanableState(1201, retention, 0).tombstonesDue);
        st = log->compact(1200, retention, 0);
        QCOMPARE(st.recordsRemoved, int64_t(0));
        st = log->compact(1201, retention, 0);
        QCOMPARE(st.recordsRemoved, int64_t(1));
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records), (std::vector<Seen>{{3, "k", "2"}, {4, "last", "1"}}));
        QVERIFY(!log->cleanableState(1LL << 50, retention, 0).tombstonesDue);  // none left
    }

    void recordsWithoutKeyAndTheirBatchesAreKept() {
        auto log = open();
        appendSync(*log, test::buildBatch({test::TestRecord{std::nullopt, "free", {}, 0}, kv("a", "1")}));
        appendSync(*log, test::buildBatch({kv("a", "2")}));
        appendSync(*log, test::buildBatch({kv("b", "1")}));
        log->compact(1000, 86400000, 0);
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records),
                 (std::vector<Seen>{{0, std::nullopt, "free"}, {2, "a", "2"}, {3, "b", "1"}}));
    }

    void compressedBatchesAreRecompressed_data() {
        QTest::addColumn<int>("codec");
        QTest::newRow("gzip") << 1;
        QTest::newRow("snappy") << 2;
        QTest::newRow("lz4") << 3;
        QTest::newRow("zstd") << 4;
    }
    void compressedBatchesAreRecompressed() {
        QFETCH(int, codec);
        std::vector<test::TestRecord> first, second;
        for (int i = 0; i < 200; ++i) first.push_back(kv("key" + std::to_string(i), std::string(100, char('a' + i % 26)) + "-old"));
        for (int i = 0; i < 200; i += 2) second.push_back(kv("key" + std::to_string(i), "new"));
        {
            auto log = open();
            appendSync(*log, test::buildBatch(first, {.compression = codec}));   // 0..199
            appendSync(*log, test::buildBatch(second, {.compression = codec}));  // 200..299
            appendSync(*log, test::buildBatch({kv("end", "1")}, {.compression = codec}));
            auto st = log->compact(1000, 86400000, 0);
            QVERIFY2(st.error.empty(), st.error.c_str());
            QCOMPARE(st.recordsRemoved, int64_t(100));
            QCOMPARE(st.batchesRewritten, size_t(1));
            auto seen = recordsIn(log->read(0, 1 << 20).records);
            QCOMPARE(seen.size(), size_t(201));
            for (int i = 0; i < 100; ++i) {
                QCOMPARE(seen[size_t(i)].offset, int64_t(2 * i + 1));  // the odd keys keep their old values
                QCOMPARE(*seen[size_t(i)].key, "key" + std::to_string(2 * i + 1));
            }
            QCOMPARE(seen[100], (Seen{200, "key0", "new"}));
        }
        quiesce();
        auto stored = storedBatches(dir());
        auto h = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(stored[0].data()));
        QCOMPARE(int(h.compression()), codec);  // still compressed with the producer's codec
        QCOMPARE(h.lastOffsetDelta, 199);
        QCOMPARE(h.recordCount, 100);
        checkStoredBatch(stored[0]);
    }

    void compactedLogReopensConsistently() {
        std::vector<Seen> expect;
        int64_t size = 0;
        {
            auto log = open();
            for (int round = 0; round < 5; ++round) {
                std::vector<test::TestRecord> recs;
                for (int k = 0; k < 10; ++k) recs.push_back(kv("k" + std::to_string(k), "r" + std::to_string(round)));
                appendSync(*log, test::buildBatch(recs));
            }
            appendSync(*log, test::buildBatch({kv("k3", std::nullopt)}));  // newest: 50
            log->compact(1000, 86400000, 0);
            expect = recordsIn(log->read(0, 1 << 20).records);
            size = log->sizeBytes();
            QCOMPARE(expect.size(), size_t(11));
        }
        quiesce();
        auto log = open();
        QCOMPARE(log->highWatermark(), int64_t(51));
        QCOMPARE(log->logStartOffset(), int64_t(0));
        QCOMPARE(log->sizeBytes(), size);
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records), expect);
        QCOMPARE(appendSync(*log, test::buildBatch({kv("k0", "after")})).baseOffset, int64_t(51));
        // The tombstone at 50 is no longer the newest batch, so it now
        // removes k3's value; k0's value stays, since offset 51 is the newest.
        auto st = log->compact(1000, 86400000, 0);
        QVERIFY(st.ran);
        QCOMPARE(st.recordsRemoved, int64_t(1));
        QCOMPARE(recordsIn(log->read(43, 1 << 20).records).front(), (Seen{40, "k0", "r4"}));
    }

    void readInsideARemovedBatchReturnsTheNextOne() {
        auto log = open();
        appendSync(*log, test::buildBatch({kv("a", "1"), kv("b", "1"), kv("c", "1")}));  // 0..2
        appendSync(*log, test::buildBatch({kv("a", "2"), kv("b", "2"), kv("c", "2")}));  // 3..5
        appendSync(*log, test::buildBatch({kv("z", "1")}));                              // 6
        log->compact(1000, 86400000, 0);
        for (int64_t o : {0, 1, 2}) {
            auto rr = log->read(o, 1 << 20);
            QCOMPARE(rr.code, ErrorCode::None);
            QCOMPARE(recordsIn(rr.records).front().offset, int64_t(3));
            QCOMPARE(rr.recordCount, int64_t(4));
        }
        auto one = log->read(1, 1);  // maxBytes below one batch: still the next batch, whole
        QCOMPARE(recordsIn(one.records).size(), size_t(3));
        QCOMPARE(log->read(0, 1, false).records.size(), size_t(0));
    }

    void readBetweenCompactionWriteAndIndexUpdate() {
        auto log = open();
        appendSync(*log, test::buildBatch({kv("a", "1"), kv("b", "1"), kv("c", "1")}));  // 0..2: removed
        appendSync(*log, test::buildBatch({kv("a", "2"), kv("x", "1"), kv("y", "1")}));  // 3..5: shrinks
        appendSync(*log, test::buildBatch({kv("b", "2"), kv("c", "2"), kv("x", "2")}));  // 6..8
        appendSync(*log, test::buildBatch({kv("z", "1")}));                              // 9
        std::vector<ReadResult> during;
        log->setCompactionWriteHookForTest([&] {
            // LevelDB holds the compacted batches; the index still lists the old ones.
            for (int64_t o : {0, 2, 3, 4, 5, 6}) during.push_back(log->read(o, 1 << 20));
            during.push_back(log->read(1, 1));
        });
        auto st = log->compact(1000, 86400000, 0);
        QCOMPARE(st.batchesRemoved, size_t(1));
        QCOMPARE(st.batchesRewritten, size_t(1));
        QCOMPARE(during.size(), size_t(7));
        const std::vector<Seen> all{{3, "a", "2"}, {5, "y", "1"}, {6, "b", "2"}, {7, "c", "2"}, {8, "x", "2"}, {9, "z", "1"}};
        for (size_t i = 0; i < 5; ++i) {
            QCOMPARE(during[i].code, ErrorCode::None);
            QCOMPARE(recordsIn(during[i].records), all);
            QCOMPARE(during[i].recordCount, int64_t(6));
        }
        QCOMPARE(recordsIn(during[5].records), std::vector<Seen>(all.begin() + 2, all.end()));
        // maxBytes 1: one batch, the one that now follows the removed one.
        QCOMPARE(recordsIn(during[6].records), std::vector<Seen>(all.begin(), all.begin() + 2));
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records), all);
    }

    void readsDuringCompactionNeverFail() {
        auto log = open();
        for (int round = 0; round < 40; ++round) {
            std::vector<test::TestRecord> recs;
            for (int k = 0; k < 50; ++k) recs.push_back(kv("k" + std::to_string(k), std::to_string(round)));
            appendSync(*log, test::buildBatch(recs, {.compression = round % 2 ? 4 : 0}));
        }
        std::atomic<bool> stop{false};
        std::atomic<int> errors{0}, empties{0}, reads{0};
        std::thread reader([&] {
            do {
                // A consumer positioned anywhere in the log must get data
                // that reaches its offset, never an error or nothing.
                for (int64_t o = 0; o < 2000; o += 37) {
                    auto rr = log->read(o, 4096);
                    ++reads;
                    if (rr.code != ErrorCode::None) ++errors;
                    else if (rr.records.empty()) ++empties;
                    else if (recordsIn(rr.records).back().offset < o) ++errors;
                }
            } while (!stop);
        });
        while (reads == 0) std::this_thread::yield();
        auto st = log->compact(1000, 86400000, 0);
        stop = true;
        reader.join();
        QVERIFY2(st.error.empty(), st.error.c_str());
        QCOMPARE(st.batchesRemoved, size_t(38));
        QCOMPARE(st.batchesRewritten, size_t(0));
        QCOMPARE(errors.load(), 0);
        QCOMPARE(empties.load(), 0);
        auto seen = recordsIn(log->read(0, 1 << 24).records);
        QCOMPARE(seen.size(), size_t(100));  // rounds 38 (the latest cleanable) and 39 (the newest batch)
        QCOMPARE(seen.front().offset, int64_t(1900));
    }

    void appendsDuringCompactionLoseNothing() {
        auto log = open();
        for (int i = 0; i < 200; ++i) appendSync(*log, test::buildBatch({kv("hot", std::to_string(i)), kv("k" + std::to_string(i), "v")}));
        std::atomic<int> failures{0}, done{0};
        std::vector<std::thread> writers;
        std::vector<std::vector<int64_t>> acked(2);  // each written by its own writer only
        for (int t = 0; t < 2; ++t)
            writers.emplace_back([&, t] {
                for (int i = 0; i < 300; ++i) {
                    auto r = appendSync(*log, test::buildBatch({kv("w" + std::to_string(t) + "-" + std::to_string(i), "v")}));
                    if (r.code != ErrorCode::None) ++failures;
                    else acked[size_t(t)].push_back(r.baseOffset);
                }
                ++done;
            });
        int passes = 0;
        while (done < 2) {
            auto st = log->compact(1000, 86400000, 0);
            if (!st.error.empty()) qFatal("compaction failed: %s", st.error.c_str());
            ++passes;
        }
        for (auto& w : writers) w.join();
        QCOMPARE(failures.load(), 0);
        QVERIFY(passes > 1);
        log->compact(1000, 86400000, 0);
        auto seen = recordsIn(log->read(0, 1 << 24).records);
        std::map<int64_t, Seen> byOffset;
        for (const auto& r : seen) byOffset.emplace(r.offset, r);
        QCOMPARE(byOffset.size(), seen.size());  // no offset twice
        for (int t = 0; t < 2; ++t)
            for (int64_t o : acked[size_t(t)]) QVERIFY2(byOffset.count(o), ("acked offset lost: " + std::to_string(o)).c_str());
        QCOMPARE(log->highWatermark(), int64_t(1000));
        // Only the last "hot" value remains.
        int hot = 0;
        for (const auto& r : seen) hot += r.key == std::optional<std::string>("hot");
        QCOMPARE(hot, 1);
        QCOMPARE(*byOffset.at(398).value, std::string("199"));
    }

    void lastBatchOfAnIdempotentProducerStaysEmpty() {
        auto b0 = test::buildBatch({kv("a", "1"), kv("b", "1")}, {.producerId = 9, .producerEpoch = 0, .baseSequence = 0});
        auto b1 = test::buildBatch({kv("a", "2"), kv("b", "2")}, {.producerId = 9, .producerEpoch = 0, .baseSequence = 2});
        {
            auto log = open();
            appendSync(*log, b0);  // 0..1
            appendSync(*log, b1);  // 2..3: the producer's last batch
            appendSync(*log, test::buildBatch({kv("a", "3"), kv("b", "3")}));  // 4..5, no producer id
            appendSync(*log, test::buildBatch({kv("c", "1")}));
            auto st = log->compact(1000, 86400000, 0);
            QCOMPARE(st.batchesRemoved, size_t(1));   // b0: not the producer's last
            QCOMPARE(st.batchesRewritten, size_t(1)); // b1: kept without records
            QCOMPARE(recordsIn(log->read(0, 1 << 20).records), (std::vector<Seen>{{4, "a", "3"}, {5, "b", "3"}, {6, "c", "1"}}));
        }
        quiesce();
        auto stored = storedBatches(dir());
        QVERIFY(!stored.count(0));
        auto h = protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(stored.at(2).data()));
        QCOMPARE(h.recordCount, 0);
        QCOMPARE(h.lastOffsetDelta, 1);
        QCOMPARE(h.baseSequence, 2);
        checkStoredBatch(stored.at(2));
        auto log = open();
        // The producer's sequence survived the restart: a retry of b1 is a
        // duplicate, the next batch is accepted.
        QCOMPARE(appendSync(*log, b1).baseOffset, int64_t(2));
        auto next = appendSync(*log, test::buildBatch({kv("a", "4")}, {.producerId = 9, .producerEpoch = 0, .baseSequence = 4}));
        QCOMPARE(next.code, ErrorCode::None);
        QCOMPARE(next.baseOffset, int64_t(7));
        // Once the producer has a newer batch the empty one goes.
        appendSync(*log, test::buildBatch({kv("z", "1")}));
        log->compact(1000, 86400000, 0);
        QCOMPARE(recordsIn(log->read(2, 1 << 20).records).front().offset, int64_t(5));
        auto after = log->read(2, 1 << 20).records;
        QCOMPARE(protocol::parseBatchHeader(reinterpret_cast<const uint8_t*>(after.data())).baseOffset, int64_t(4));
    }

    void minCompactionLagProtectsRecentBatches() {
        auto log = open();
        appendSync(*log, test::buildBatch({kv("a", "1")}, {.baseTimestamp = 1000}));
        appendSync(*log, test::buildBatch({kv("a", "2")}, {.baseTimestamp = 5000}));
        appendSync(*log, test::buildBatch({kv("a", "3")}, {.baseTimestamp = 9000}));
        appendSync(*log, test::buildBatch({kv("b", "1")}, {.baseTimestamp = 9500}));
        // now 10000, lag 6000: only batches whose newest record is at or
        // before 4000 may be cleaned, and the first one has nothing newer in range.
        auto st = log->compact(10000, 86400000, 6000);
        QCOMPARE(st.endOffset, int64_t(1));
        QCOMPARE(st.recordsRemoved, int64_t(0));
        QCOMPARE(log->cleanableState(10000, 86400000, 6000).dirtyBytes, int64_t(0));
        QVERIFY(log->cleanableState(10000, 86400000, 0).dirtyBytes > 0);
        st = log->compact(10000, 86400000, 2000);  // now batches 0..1 are cleanable
        QCOMPARE(st.endOffset, int64_t(2));
        QCOMPARE(st.recordsRemoved, int64_t(1));
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records).front(), (Seen{1, "a", "2"}));
    }

    void dirtyRatioCountsBytesNotYetCompacted() {
        auto log = open();
        QCOMPARE(log->cleanableState(0, 0, 0).dirtyBytes, int64_t(0));
        appendSync(*log, test::buildBatch({kv("a", "1")}));
        QCOMPARE(log->cleanableState(0, 0, 0).dirtyBytes, int64_t(0));  // the newest batch never counts
        appendSync(*log, test::buildBatch({kv("b", "1")}));
        appendSync(*log, test::buildBatch({kv("c", "1")}));
        auto s = log->cleanableState(0, 86400000, 0);
        QCOMPARE(s.totalBytes, log->sizeBytes());
        QCOMPARE(s.dirtyBytes * 3, s.totalBytes * 2);
        QVERIFY(std::abs(s.dirtyRatio() - 2.0 / 3) < 1e-9);
        log->compact(0, 86400000, 0);
        s = log->cleanableState(0, 86400000, 0);
        QCOMPARE(s.dirtyBytes, int64_t(0));
        QVERIFY(!s.tombstonesDue);
        appendSync(*log, test::buildBatch({kv("d", "1")}));
        QCOMPARE(log->cleanableState(0, 86400000, 0).dirtyBytes * 4, log->sizeBytes());  // batch 2 only
    }

    void aFullKeyMapShortensThePass() {
        auto log = open();
        for (int b = 0; b < 10; ++b) {
            std::vector<test::TestRecord> recs;
            for (int k = 0; k < 10; ++k) recs.push_back(kv("key-" + std::to_string(b * 10 + k), "v"));
            appendSync(*log, test::buildBatch(recs));
        }
        appendSync(*log, test::buildBatch({kv("key-0", "new")}));  // 100: supersedes offset 0
        appendSync(*log, test::buildBatch({kv("end", "1")}));
        // Room for about three batches of keys per pass.
        const size_t map = 30 * (6 + 96);
        auto st = log->compact(1000, 86400000, 0, map);
        QVERIFY(st.mapFull);
        QVERIFY(st.endOffset > 0 && st.endOffset < 100);
        QCOMPARE(st.recordsRemoved, int64_t(0));
        int passes = 1;
        while (st.endOffset < 101 && passes < 20) {
            st = log->compact(1000, 86400000, 0, map);
            QVERIFY2(st.error.empty(), st.error.c_str());
            ++passes;
        }
        QVERIFY(passes > 3);
        QCOMPARE(st.recordsRemoved, int64_t(1));  // key-0 at offset 0, once the map reached offset 100
        QCOMPARE(recordsIn(log->read(0, 1 << 20).records).front().offset, int64_t(1));
        appendSync(*log, test::buildBatch({kv("more", "1")}));  // batch 101 becomes cleanable
        auto tiny = log->compact(1000, 86400000, 0, 10);
        QVERIFY2(tiny.error.find("cannot hold the keys of batch 101") != std::string::npos, tiny.error.c_str());
    }

    void compactionStartsAtTheLogStart() {
        auto log = open();
        appendSync(*log, test::buildBatch({kv("a", "1"), kv("b", "1")}));  // 0..1
        appendSync(*log, test::buildBatch({kv("a", "2")}));                 // 2
        appendSync(*log, test::buildBatch({kv("c", "1")}));                 // 3
        QCOMPARE(log->deleteRecordsBefore(2).value(), int64_t(2));
        auto st = log->compact(1000, 86400000, 0);
        QCOMPARE(st.firstOffset, int64_t(2));
        QCOMPARE(log->read(0, 1 << 20).code, ErrorCode::OffsetOutOfRange);
        log->purgeDeleted();
        log.reset();
        quiesce();
        QVERIFY(!storedBatches(dir()).count(0));
    }
};

QTEST_GUILESS_MAIN(TestPartitionLog)
#include "test_partition_log.moc"

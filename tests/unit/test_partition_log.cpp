// PartitionLog on a real LevelDB in a temporary directory: offsets, reads,
// idempotent producer sequences, recovery after reopen, retention,
// DeleteRecords and timestamp lookup.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <future>

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

    std::shared_ptr<PartitionLog> open() {
        auto r = PartitionLog::open(m_dir->path().toStdString() + "/p0", LogOptions{}, m_workers.get());
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
};

QTEST_GUILESS_MAIN(TestPartitionLog)
#include "test_partition_log.moc"

// ProducerStateTable on its own: the idempotent-producer verdicts (first
// batch, next in order, retried duplicate, gap, stale and new epochs, a
// request mixing duplicates and new batches), the five-batch window, the
// sequence wrap at INT32_MAX, truncation and the batches compaction keeps.
#include <QtTest>
#include <tuple>

#include "broker/storage/partition_log.h"
#include "broker/storage/producer_state.h"

using namespace plexus;
using namespace plexus::storage;
using plexus::protocol::ErrorCode;

namespace {

/// A batch of `records` records from producer `pid`, starting at `seq`.
protocol::BatchSpan batch(int64_t pid, int16_t epoch, int32_t seq, int32_t records = 1) {
    protocol::BatchSpan b;
    b.header.producerId = pid;
    b.header.producerEpoch = epoch;
    b.header.baseSequence = seq;
    b.header.lastOffsetDelta = records - 1;
    b.header.recordCount = records;
    return b;
}

/// Records a batch appended at `offset`, as the log does.
void append(ProducerStateTable& t, const protocol::BatchSpan& b, int64_t offset) { t.record(b.header, offset); }

/// A table that has seen single-record batches (producer id, sequence, offset), all at epoch 0.
ProducerStateTable seen(std::initializer_list<std::tuple<int64_t, int32_t, int64_t>> batches) {
    ProducerStateTable t;
    for (const auto& [pid, seq, offset] : batches) append(t, batch(pid, 0, seq), offset);
    return t;
}

}  // namespace

class TestProducerState : public QObject {
    Q_OBJECT
private slots:
    void unknownProducerAndNoProducerPass() {
        ProducerStateTable t;
        QCOMPARE(t.check({batch(7, 0, 42)}).code, ErrorCode::None);  // first batch we know of: any sequence
        QCOMPARE(t.check({batch(-1, -1, -1)}).code, ErrorCode::None);
        QCOMPARE(t.check({batch(7, 0, 42)}).duplicateOffset, int64_t{-1});
    }

    void inOrderGapAndDuplicate() {
        ProducerStateTable t;
        append(t, batch(7, 0, 0, 3), 100);  // sequences 0..2
        QCOMPARE(t.check({batch(7, 0, 3)}).code, ErrorCode::None);
        auto gap = t.check({batch(7, 0, 5)});
        QCOMPARE(gap.code, ErrorCode::OutOfOrderSequenceNumber);
        QVERIFY(gap.message.find("expected 3") != std::string::npos);
        auto dup = t.check({batch(7, 0, 0, 3)});
        QCOMPARE(dup.code, ErrorCode::None);
        QCOMPARE(dup.duplicateOffset, int64_t{100});
    }

    void requestMixingDuplicatesAndNewBatchesIsRefused() {
        ProducerStateTable t;
        append(t, batch(7, 0, 0), 10);
        auto mixed = t.check({batch(7, 0, 0), batch(7, 0, 1)});
        QCOMPARE(mixed.code, ErrorCode::OutOfOrderSequenceNumber);
        QCOMPARE(mixed.message, std::string("request mixes duplicate and new batches"));
        append(t, batch(7, 0, 1), 11);
        auto both = t.check({batch(7, 0, 0), batch(7, 0, 1)});
        QCOMPARE(both.code, ErrorCode::None);
        QCOMPARE(both.duplicateOffset, int64_t{10});  // the first one's offset
    }

    void epochs() {
        ProducerStateTable t;
        append(t, batch(7, 3, 0), 0);
        QCOMPARE(t.check({batch(7, 2, 1)}).code, ErrorCode::InvalidProducerEpoch);
        QCOMPARE(t.check({batch(7, 4, 5)}).code, ErrorCode::OutOfOrderSequenceNumber);  // a new epoch starts at 0
        QCOMPARE(t.check({batch(7, 4, 0)}).code, ErrorCode::None);
        append(t, batch(7, 4, 0), 1);  // the new epoch replaces the window
        QCOMPARE(t.check({batch(7, 4, 0)}).duplicateOffset, int64_t{1});
        QCOMPARE(t.check({batch(7, 3, 0)}).code, ErrorCode::InvalidProducerEpoch);
    }

    void windowHoldsFiveBatches() {
        ProducerStateTable t = seen({{7, 0, 0}, {7, 1, 1}, {7, 2, 2}, {7, 3, 3}, {7, 4, 4}, {7, 5, 5}});
        QCOMPARE(t.check({batch(7, 0, 1)}).duplicateOffset, int64_t{1});  // still in the window
        auto old = t.check({batch(7, 0, 0)});                             // fell out of it
        QCOMPARE(old.code, ErrorCode::OutOfOrderSequenceNumber);
    }

    void sequenceWrapsAtInt32Max() {
        ProducerStateTable t;
        append(t, batch(7, 0, INT32_MAX), 0);
        QCOMPARE(t.check({batch(7, 0, 0)}).code, ErrorCode::None);
        QCOMPARE(t.check({batch(7, 0, 1)}).code, ErrorCode::OutOfOrderSequenceNumber);
    }

    void forgetFromAndClear() {
        ProducerStateTable t = seen({{7, 0, 10}, {7, 1, 11}, {8, 0, 12}});
        t.forgetFrom(11);
        QCOMPARE(t.check({batch(7, 0, 1)}).code, ErrorCode::None);  // the cut batch is no duplicate
        QCOMPARE(t.check({batch(7, 0, 1)}).duplicateOffset, int64_t{-1});
        QCOMPARE(t.check({batch(8, 0, 5)}).code, ErrorCode::None);  // all its batches cut: unknown again
        t.clear();
        QCOMPARE(t.check({batch(7, 0, 9)}).code, ErrorCode::None);
    }

    void lastBatchOffsetsAreEachProducersNewest() {
        ProducerStateTable t = seen({{7, 0, 10}, {8, 0, 11}, {7, 1, 12}});
        append(t, batch(-1, -1, -1), 13);  // no producer: ignored
        QCOMPARE(t.lastBatchOffsets(), (std::set<int64_t>{11, 12}));
        t.forgetFrom(11);
        QCOMPARE(t.lastBatchOffsets(), (std::set<int64_t>{10}));
    }
};

QTEST_GUILESS_MAIN(TestProducerState)
#include "test_producer_state.moc"

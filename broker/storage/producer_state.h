#pragma once
// ProducerStateTable: the idempotent-producer state of one partition log.
//
// Per producer id the table keeps the producer epoch and the sequence ranges
// of its last five batches (Kafka's window), each with the base offset the
// log gave it. A batch is checked against that state before it is appended:
// a retried duplicate is recognised and answered with its original offset, a
// gap or a stale epoch is refused.
//
// Persistence and recovery. The table has no file of its own: every batch
// header in the log carries its producer id, epoch and sequence range, so
// the state is rebuilt at open by recording each batch the log scan finds, in
// offset order (PartitionLog::load). Compaction keeps each producer's newest
// batch, with no records if need be (lastBatchOffsets()), so a restart still
// knows the sequence a producer continues from. Replicated logs forget the
// entries of the batches a Raft truncation cuts (forgetFrom) and everything
// on a reset (clear).
//
// Thread safety: none of its own. The owning PartitionLog calls it under its
// partition mutex only.
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"

namespace plexus::storage {

struct SequenceCheck;  // the verdict, declared with PartitionLog::checkSequences (partition_log.h)

class ProducerStateTable {
public:
    /// Checks every batch of one request without changing any state. A
    /// batch without a producer id, or from a producer the table does not
    /// know, passes. All batches duplicates: duplicateOffset is the base
    /// offset of the first; a mix of duplicates and new batches:
    /// OUT_OF_ORDER_SEQUENCE_NUMBER; otherwise the first failing batch's
    /// error (INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER).
    SequenceCheck check(const std::vector<protocol::BatchSpan>& batches) const;

    /// Records a batch the log appended at `baseOffset` (also: found at
    /// open). A new epoch starts the producer's window afresh. Batches
    /// without a producer id are ignored.
    void record(const protocol::BatchHeader& h, int64_t baseOffset);

    /// Forgets the batches at `offset` and above (a Raft truncation). A
    /// producer left with none is then treated like an unknown one.
    void forgetFrom(int64_t offset);

    /// Forgets every producer (a replicated log's reset).
    void clear() { m_producers.clear(); }

    /// The base offset of each producer's newest batch: compaction keeps
    /// these batches so that the state survives a restart.
    std::set<int64_t> lastBatchOffsets() const;

private:
    struct SequenceEntry {
        int32_t firstSeq;
        int32_t lastSeq;
        int64_t baseOffset;
    };
    struct Producer {
        int16_t epoch = -1;
        std::deque<SequenceEntry> recent;  ///< newest at the back, at most kWindow
    };
    static constexpr size_t kWindow = 5;  ///< batches remembered per producer, as in Kafka

    /// One batch: an error with `msg` set, or None with dupOffset >= 0 for a duplicate.
    protocol::ErrorCode checkOne(const protocol::BatchHeader& h, int64_t& dupOffset, std::string& msg) const;

    std::map<int64_t, Producer> m_producers;
};

}  // namespace plexus::storage

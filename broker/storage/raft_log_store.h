#pragma once
// RaftLogStore: raft::LogStore over a replicated PartitionLog, so that a
// partition's Kafka log IS its Raft log (one entry = one record batch, term =
// partitionLeaderEpoch; see PartitionLog's "Replicated mode").
//
// Entries. A Normal entry's payload is one whole Kafka record batch; append()
// stores it with baseOffset = the log end and partitionLeaderEpoch = the
// entry's term. A Noop entry (a new leader's first) becomes an empty record
// batch (no records, lastOffsetDelta 0, no producer), so it occupies one
// offset. read() returns every entry as Normal with the stored batch bytes
// as payload, which is exactly what a follower must store. A Config entry
// (a voter change: replica reassignment) also becomes an empty batch in the
// log; its voter set is kept aside in `raft_configs` (index, term, voters per
// line, rewritten durably on every change, entries whose batch did not
// survive a crash dropped at open by their term), and read() gives it back
// as a Config entry. configEntries() answers from that file, so opening a
// partition never reads its log. A Command entry (an owner's command: a
// replicated DeleteRecords) is kept the same way, as an empty batch in the
// log and its payload in `raft_configs` ("<index> <term> cmd <hex>"), and
// commands() lists them for the owner to apply once committed.
//
// Durability. append() only queues the writes; when a storage worker has
// made the write holding entry (index, term) durable it calls the durable
// callback (on that worker thread). The owner posts it to its own thread and
// calls Node::persisted(index, term); reports about entries that were
// truncated meanwhile carry an old term and are ignored by the node.
//
// Hard state. Term, vote and the start voter set live in `raft_state` in the
// partition directory, rewritten with writeFileDurably (old or new content
// after a crash, never a mix).
//
// reset(). The store does not know the leader's Kafka offsets; it resets the
// log with the offset unknown and the first batch the leader sends (whose
// baseOffset the leader set) defines the log start and end. An owner that
// knows the offset may call log().resetReplicated() itself instead.
//
// Thread safety: like raft::LogStore, calls are serialised by the owner;
// the durable callback may run concurrently on a storage worker.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "broker/common/result.h"
#include "broker/raft/log_store.h"
#include "broker/storage/partition_log.h"

namespace plexus::storage {

class RaftLogStore : public raft::LogStore {
public:
    /// `log` must be open in replicated mode. `voters` (the partition's
    /// replicas) answers startVoters() until truncatePrefix() or reset()
    /// stores a set: retention may drop a prefix outside the node
    /// (PartitionLog::applyRetention), and voters never change in partition
    /// groups yet. Fails naming the file when raft_state is corrupt.
    static Result<std::unique_ptr<RaftLogStore>> open(std::shared_ptr<PartitionLog> log, std::vector<raft::NodeId> voters);
    ~RaftLogStore() override;

    raft::HardState hardState() const override { return m_hardState; }
    Status saveHardState(const raft::HardState& state) override;
    raft::Index startIndex() const override { return m_log->raftStartIndex(); }
    raft::Index lastIndex() const override { return m_log->raftLastIndex(); }
    std::optional<raft::Term> termAt(raft::Index index) const override;
    Result<std::vector<raft::Entry>> read(raft::Index from, size_t maxBytes) const override;
    Status append(const std::vector<raft::Entry>& entries) override;
    Status truncateSuffix(raft::Index from) override;
    Status truncatePrefix(raft::Index newStart, const std::vector<raft::NodeId>& voters) override;
    Status reset(raft::Index newStart, raft::Term prevTerm, const std::vector<raft::NodeId>& voters) override;
    /// The voter set at startIndex() - 1: the last Config entry retention
    /// removed from the front (it moves the log start without the node), or
    /// the set stored by truncatePrefix()/reset(), or the one given to open().
    std::vector<raft::NodeId> startVoters() const override;
    Result<std::vector<std::pair<raft::Index, std::vector<raft::NodeId>>>> configEntries() const override;

    /// Called on a storage worker thread when the write holding the entry
    /// (index, term) is durable (and every write before it). Replaces any
    /// previous callback; an empty function stops the reports.
    void setDurableCallback(std::function<void(raft::Index, raft::Term)> cb);

    PartitionLog& log() { return *m_log; }
    const std::shared_ptr<PartitionLog>& sharedLog() const { return m_log; }
    /// Base offset of the batch at `index`; -1 outside the log.
    int64_t baseOffsetOf(raft::Index index) const;
    /// Raft index of the batch holding `offset`; -1 if none.
    raft::Index indexOfOffset(int64_t offset) const { return m_log->raftIndexOfOffset(offset); }
    /// The Command entries from `from` to `to` (inclusive) still in the log,
    /// with their payloads, in index order.
    std::vector<std::pair<raft::Index, std::string>> commands(raft::Index from, raft::Index to) const;
    /// The commit index moved: the high watermark follows (clamped to what is durable).
    void setCommitIndex(raft::Index index);

    /// The batch a Noop entry becomes: magic 2, no records, lastOffsetDelta
    /// 0, no producer, both timestamps `timestampMs`, a valid CRC-32C.
    static std::string emptyBatch(int64_t timestampMs);

private:
    struct DurableSink {
        std::mutex mutex;
        std::function<void(raft::Index, raft::Term)> cb;
    };

    explicit RaftLogStore(std::shared_ptr<PartitionLog> log);
    Status writeState(const raft::HardState& state, const std::vector<raft::NodeId>& voters);
    Status writeConfigs() const;
    Status loadConfigs();
    /// Whether the batch at `index` is still the one written with `term`.
    bool inLog(raft::Index index, raft::Term term) const;
    /// The voter set of the Config entry at `index`, if it is one.
    const std::vector<raft::NodeId>* configAt(raft::Index index) const;
    /// The payload of the Command entry at `index`, if it is one.
    const std::string* commandAt(raft::Index index) const;

    std::shared_ptr<PartitionLog> m_log;
    /// Shared with pending write callbacks, which may outlive the store.
    std::shared_ptr<DurableSink> m_sink = std::make_shared<DurableSink>();
    raft::HardState m_hardState;
    std::vector<raft::NodeId> m_startVoters;
    std::map<raft::Index, std::pair<raft::Term, std::vector<raft::NodeId>>> m_configs;  ///< Config entries in the log
    std::map<raft::Index, std::pair<raft::Term, std::string>> m_commands;               ///< Command entries in the log
};

}  // namespace plexus::storage

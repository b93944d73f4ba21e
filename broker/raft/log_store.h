#pragma once
// LogStore: where a raft::Node keeps its log and its hard state.
//
// The node calls it synchronously, on its owner's thread. Log writes are
// asynchronous as far as durability goes: append() only has to make the
// entries readable at once; the owner tells the node later, through
// Node::persisted(index, term), which entries have become durable, so that a
// store can group-commit many appends (and many partitions) into one fsync.
// saveHardState() on the other hand must be durable when it returns: the
// node answers votes right after calling it, and vote changes are rare.
//
// Positions. The log holds the entries [startIndex(), lastIndex()]; it is
// empty when lastIndex() == startIndex() - 1. The term of the entry just
// before startIndex() (0 for a log starting at 1) is kept too, so that
// termAt(startIndex() - 1) answers: it is what Raft's consistency check needs
// at the boundary after retention removed a prefix. So is the voter set in
// force at that boundary (startVoters()), because the Config entries that
// defined it may be gone with the prefix.
//
// Ordering rules a durable implementation must keep:
//   - writes become durable in the order they were made (truncations and
//     appends), so "index i is durable" implies every earlier write is;
//   - truncatePrefix() may only be asked for committed entries (Node enforces
//     this for its own calls; retention must go through Node::truncatePrefix).
//
// A later step backs this with storage::PartitionLog: each entry is one
// Kafka record batch whose partitionLeaderEpoch is the entry's term.
//
// Thread safety: none required; the owner of the Node serialises all calls.
#include <cstddef>
#include <optional>
#include <vector>

#include "broker/common/result.h"
#include "broker/raft/types.h"

namespace plexus::raft {

class LogStore {
public:
    virtual ~LogStore() = default;

    virtual HardState hardState() const = 0;
    /// Durable when it returns.
    virtual Status saveHardState(const HardState& state) = 0;

    virtual Index startIndex() const = 0;
    virtual Index lastIndex() const = 0;
    /// Term of the entry at `index`, for index in [startIndex() - 1, lastIndex()];
    /// nullopt outside.
    virtual std::optional<Term> termAt(Index index) const = 0;

    /// Entries from `from` (>= startIndex()) while their byteSize() total stays
    /// within maxBytes, but always at least one when from <= lastIndex().
    virtual Result<std::vector<Entry>> read(Index from, size_t maxBytes) const = 0;

    /// Appends entries whose indexes continue lastIndex() without a gap.
    /// Readable at once; durable later (reported through Node::persisted).
    virtual Status append(const std::vector<Entry>& entries) = 0;

    /// Removes the entries at and after `from` (from > startIndex() - 1...
    /// lastIndex()); used when a follower's uncommitted suffix conflicts with
    /// the leader's log.
    virtual Status truncateSuffix(Index from) = 0;

    /// Removes the entries before `newStart` (retention of committed entries).
    /// termAt(newStart - 1) must keep answering; `voters` is the voter set in
    /// force at newStart - 1, kept durably as startVoters().
    virtual Status truncatePrefix(Index newStart, const std::vector<NodeId>& voters) = 0;

    /// Discards the whole log; afterwards it is empty, starts at `newStart`,
    /// termAt(newStart - 1) == prevTerm and startVoters() == voters. Used when
    /// a follower is behind the leader's log start.
    virtual Status reset(Index newStart, Term prevTerm, const std::vector<NodeId>& voters) = 0;

    /// The voter set in force at startIndex() - 1, as last given to
    /// truncatePrefix() or reset(); empty when none was (the node then starts
    /// from NodeConfig::voters).
    virtual std::vector<NodeId> startVoters() const = 0;

    /// The Config entries in [startIndex(), lastIndex()], ascending: (index,
    /// voters). Node::create needs them to know the voter set. The default
    /// reads the whole log; a store that keeps them aside (a partition log,
    /// whose entries are mostly large batches) answers without reading it.
    virtual Result<std::vector<std::pair<Index, std::vector<NodeId>>>> configEntries() const;
};

/// A LogStore in memory, for tests and the simulator. It models durability:
/// durableIndex() is how far a simulated fsync has reached; crash() forgets
/// what was not durable, as a process crash would.
class MemoryLogStore : public LogStore {
public:
    MemoryLogStore() = default;

    HardState hardState() const override { return m_hardState; }
    Status saveHardState(const HardState& state) override;
    Index startIndex() const override { return m_start; }
    Index lastIndex() const override { return m_start + static_cast<Index>(m_entries.size()) - 1; }
    std::optional<Term> termAt(Index index) const override;
    Result<std::vector<Entry>> read(Index from, size_t maxBytes) const override;
    Status append(const std::vector<Entry>& entries) override;
    Status truncateSuffix(Index from) override;
    Status truncatePrefix(Index newStart, const std::vector<NodeId>& voters) override;
    Status reset(Index newStart, Term prevTerm, const std::vector<NodeId>& voters) override;
    std::vector<NodeId> startVoters() const override { return m_startVoters; }

    /// The entry at `index`, or nullptr outside the log.
    const Entry* entryAt(Index index) const;

    /// Simulated fsync: everything appended so far is durable. Returns the
    /// new durable index.
    Index sync();
    Index durableIndex() const { return m_durable; }
    /// Simulated crash: entries after durableIndex() are lost.
    void crash();

    /// Tests: make the next operations of a kind fail.
    void failAppends(bool fail) { m_failAppends = fail; }

private:
    HardState m_hardState;
    Index m_start = 1;
    Term m_prevTerm = 0;      ///< term at m_start - 1
    std::vector<NodeId> m_startVoters;
    std::vector<Entry> m_entries;
    Index m_durable = 0;
    bool m_failAppends = false;
};

}  // namespace plexus::raft

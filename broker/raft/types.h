#pragma once
// Basic vocabulary of Plexus's Raft library: ids, terms, indexes, log entries.
//
// Indexes count log entries from 1; index 0 is the empty prefix, whose term is
// 0. One entry is one unit of replication: for a partition, one Kafka record
// batch; for the controller, one metadata command. The term of an entry is the
// Kafka leader epoch written into the batch (partitionLeaderEpoch).
#include <cstdint>
#include <string>
#include <vector>

namespace plexus::raft {

using NodeId = int32_t;   ///< a broker node (node.id); kNoNode means none
using GroupId = uint64_t; ///< one Raft group: a partition, or the controller
using Term = int64_t;     ///< election term = Kafka leader epoch
using Index = int64_t;    ///< log position, 1-based

inline constexpr NodeId kNoNode = -1;

enum class EntryType : uint8_t {
    Normal = 0, ///< a payload proposed by the owner (a record batch, a command)
    Noop = 1,   ///< appended by every new leader so that it can commit entries of its term
    Config = 2, ///< a voter set (see encodeVoters); takes effect once appended
    Command = 3, ///< an owner's command, opaque to Raft, applied by the owner once committed
                 ///< (a partition's DeleteRecords: its log stores the data, not the command)
};

struct Entry {
    Term term = 0;
    Index index = 0;
    EntryType type = EntryType::Normal;
    std::string payload;

    /// What the entry costs against byte limits (payload plus a small header).
    size_t byteSize() const { return payload.size() + 16; }
    bool operator==(const Entry&) const = default;
};

/// The state that must be durable before a node answers a vote: its term and
/// whom it voted for in that term.
struct HardState {
    Term term = 0;
    NodeId votedFor = kNoNode;
    bool operator==(const HardState&) const = default;
};

enum class Role : uint8_t { Follower, PreCandidate, Candidate, Leader };

const char* roleName(Role role);

/// Payload of a Config entry: the voter ids as 4-byte big-endian integers.
std::string encodeVoters(const std::vector<NodeId>& voters);
/// Inverse of encodeVoters; false when the size is not a multiple of 4.
bool decodeVoters(const std::string& payload, std::vector<NodeId>& voters);

}  // namespace plexus::raft

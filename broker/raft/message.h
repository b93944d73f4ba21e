#pragma once
// The messages Raft nodes exchange, as plain structs. Every message names its
// group, sender, receiver and the sender's term, so that a transport can
// multiplex many groups over one connection per node pair and batch the
// small, frequent ones (Heartbeat, HeartbeatResponse) of many groups into
// one frame. raft.proto describes the same messages on the wire; codec.h
// converts between the two.
#include <variant>
#include <vector>

#include "broker/raft/types.h"

namespace plexus::raft {

/// Asks for a vote. With preVote the sender has not changed its term: it asks
/// whether it *would* win an election at `term` (Raft thesis §9.6), so that a
/// node rejoining after a partition cannot depose a healthy leader.
struct VoteRequest {
    bool preVote = false;
    Index lastLogIndex = 0;
    Term lastLogTerm = 0;
    bool leadershipTransfer = false; ///< the old leader asked for this election: ignore leases
    bool operator==(const VoteRequest&) const = default;
};

struct VoteResponse {
    bool preVote = false;
    bool granted = false;
    bool operator==(const VoteResponse&) const = default;
};

/// Replicates entries (possibly none). The receiver's log must hold
/// (prevIndex, prevTerm). fromLogStart says that prevIndex is the leader's
/// log start boundary: everything up to it is committed, so a follower that
/// lacks it may discard its log and restart it there (Plexus has no
/// snapshots: retention truncates logs at the front).
struct AppendRequest {
    Index prevIndex = 0;
    Term prevTerm = 0;
    Index commit = 0;
    std::vector<Entry> entries; ///< contiguous, from prevIndex + 1
    bool fromLogStart = false;
    std::vector<NodeId> startVoters; ///< with fromLogStart: the voter set in force at prevIndex
    bool operator==(const AppendRequest&) const = default;
};

/// Answer to AppendRequest, and also sent unprompted by a follower when its
/// storage reports more entries durable. On success, lastAppended is the
/// last index known to match the leader's log and matchIndex the part of it
/// that is durable. On rejection, rejectIndex is the prevIndex refused and
/// (hintIndex, hintTerm) speed up the back-off: hintTerm 0 means "my log ends
/// at hintIndex - 1"; otherwise hintTerm is my term at rejectIndex and
/// hintIndex the first index of that term in my log.
struct AppendResponse {
    bool success = false;
    Index lastAppended = 0;
    Index matchIndex = 0;
    Index rejectIndex = 0;
    Index hintIndex = 0;
    Term hintTerm = 0;
    bool operator==(const AppendResponse&) const = default;
};

/// The leader's periodic keep-alive: tiny, carries only its commit index.
struct Heartbeat {
    Index commit = 0;
    bool operator==(const Heartbeat&) const = default;
};

/// Answer to Heartbeat: what the follower holds, so that the leader can
/// resume replication lost to dropped messages.
struct HeartbeatResponse {
    Index matchIndex = 0; ///< durable and known to match the leader
    Index lastIndex = 0;  ///< last entry in the follower's log
    bool operator==(const HeartbeatResponse&) const = default;
};

/// Leadership transfer: the leader tells a caught-up follower to start an
/// election at once.
struct TimeoutNow {
    bool operator==(const TimeoutNow&) const = default;
};

using MessageBody =
    std::variant<VoteRequest, VoteResponse, AppendRequest, AppendResponse, Heartbeat, HeartbeatResponse, TimeoutNow>;

struct Message {
    GroupId group = 0;
    NodeId from = kNoNode;
    NodeId to = kNoNode;
    Term term = 0; ///< the sender's current term (for a granted pre-vote: the term asked about)
    MessageBody body;
    bool operator==(const Message&) const = default;
};

/// Short name of the body's type ("AppendRequest", ...), for logs and tests.
const char* messageTypeName(const Message& message);

}  // namespace plexus::raft

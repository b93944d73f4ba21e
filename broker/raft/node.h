#pragma once
// raft::Node: one member of one Raft group, as a deterministic state machine.
//
// The node has no threads, sockets, clocks or files. Its owner feeds it
// events and carries out what it asks for:
//
//   inputs                               outputs
//   tick(nowMs)          time passes     takeMessages()   messages to send
//   receive(message)     from a peer     LogStore calls   appends, truncations,
//   propose(payload)     new entry                        hard state (durable)
//   persisted(i, term)   storage fsync   takeNotices()    commit index advanced,
//   transferLeadership(to)                                role / leader / term changed
//   truncatePrefix(i)    retention
//
// What it implements: leader election with a randomised election timeout
// (in [electionTimeoutMs, 2 * electionTimeoutMs)), pre-vote, AppendEntries
// with fast conflict back-off and pipelining, commitment by majority of
// durable match indexes restricted to entries of the current term (the
// leader counts itself only up to its own durable index), followers learning
// the commit index, truncation of a deposed leader's uncommitted suffix,
// leadership transfer (TimeoutNow), resetting a follower that is behind the
// leader's log start, check-quorum (a leader that hears from no majority for
// an election timeout steps down) and leases (a follower that heard from a
// leader within the election timeout ignores vote requests, unless they come
// from a leadership transfer).
//
// Lifecycle: create() reads the hard state and the log from the store; the
// node starts as a follower without a leader. Volatile state (role, commit
// index, peers' progress) is lost when the node is destroyed; a restarted
// node learns it again. The store must outlive the node.
//
// Threading: none inside. The owner serialises every call (for the broker:
// the partition's strand); the node never calls out except into its
// LogStore.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/raft/log_store.h"
#include "broker/raft/message.h"
#include "broker/raft/types.h"

namespace plexus::raft {

struct NodeConfig {
    GroupId group = 0;
    NodeId self = kNoNode;
    /// Voter set of a new log (a store's startVoters() and Config entries
    /// override it). Self may be absent: a node waiting to be added never campaigns.
    std::vector<NodeId> voters;
    int64_t electionTimeoutMs = 1500;  ///< base; each wait is randomised in [t, 2t)
    int64_t heartbeatIntervalMs = 150; ///< must be below electionTimeoutMs
    bool preVote = true;
    bool checkQuorum = true;           ///< also enables leases on followers
    size_t maxAppendBytes = 1u << 20;  ///< entry bytes per AppendRequest (at least one entry)
    Index maxInflightEntries = 4096;   ///< replicated but unacknowledged entries per follower
    uint64_t randomSeed = 0;           ///< mixed with self; fixes the election timeouts
};

enum class ProposeError : uint8_t {
    None,
    NotLeader,          ///< leaderHint names the leader if known
    TransferInProgress, ///< leadership is moving; retry at the new leader
    StorageFailed,      ///< the LogStore refused the append; the node has stopped
};

struct ProposeResult {
    ProposeError error = ProposeError::None;
    Index index = 0;          ///< where the entry was appended
    Term term = 0;            ///< its term (the Kafka leader epoch)
    NodeId leaderHint = kNoNode;
    bool ok() const { return error == ProposeError::None; }
};

/// Something the owner may want to react to, in the order it happened.
struct Notice {
    enum class Kind : uint8_t {
        Committed,   ///< commitIndex rose to `index` (after a reset to the leader's log
                     ///< start it jumps over entries this node never held)
        RoleChanged, ///< role, term or known leader changed
        Truncated,   ///< entries from `index` on were removed: they conflicted with the
                     ///< leader's, or (reset) the log restarts at the leader's log start
        FollowerLostEntries, ///< leader: follower `peer` reports a log ending at `index`,
                             ///< before entries it had acknowledged (its disk lost them);
                             ///< its match point is lowered and it is repaired from here
    };
    Kind kind = Kind::Committed;
    Index index = 0;
    Role role = Role::Follower;
    Term term = 0;
    NodeId leader = kNoNode;
    NodeId peer = kNoNode;    ///< FollowerLostEntries: the follower
    Index previousMatch = 0;  ///< FollowerLostEntries: what the follower had acknowledged
};

/// What the leader knows about one follower.
struct PeerProgress {
    NodeId id = kNoNode;
    Index match = 0;        ///< durable on the follower and matching
    Index acked = 0;        ///< appended by the follower (maybe not durable yet)
    Index next = 1;         ///< next index to send
    bool probing = true;    ///< one append at a time until the match point is found
    bool paused = false;    ///< probing: an append is out, wait for its answer
    bool recentActive = false; ///< heard from since the last check-quorum pass
    int64_t lastSendMs = -1;
};

class Node {
public:
    /// Checks the config and loads hard state and log positions from `store`.
    static Result<std::unique_ptr<Node>> create(NodeConfig config, LogStore& store, int64_t nowMs);

    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    /// Time has moved to nowMs (never backwards): election and heartbeat
    /// timers, check-quorum, transfer deadline.
    void tick(int64_t nowMs);

    /// A message from a peer of this group. Messages for another group or
    /// node, and stale ones, are ignored.
    void receive(const Message& message);

    /// Appends a Normal entry (or, with EntryType::Command, an owner's
    /// command) if this node is the leader.
    ProposeResult propose(std::string payload, EntryType type = EntryType::Normal);

    /// The store reports that entries up to `index` are durable, where the
    /// entry at `index` has `term`. Reports about entries since replaced
    /// (the term differs) are ignored: with asynchronous writes a report can
    /// arrive after a truncation replaced what it was about. A leader counts
    /// itself towards a majority only up to this index; a follower
    /// acknowledges only this far.
    void persisted(Index index, Term term);

    /// Leader only: hands leadership to voter `to` once it is caught up.
    /// Proposals are refused meanwhile; gives up after an election timeout.
    Status transferLeadership(NodeId to);

    /// A follower without a known leader starts its election at the next
    /// tick instead of waiting out its timeout (a new group's preferred
    /// leader uses this so that the partition has a leader at once). Ignored
    /// when a leader is known or the node is not a follower.
    void campaignSoon();

    /// Single-server membership change (leader only): appends a Config entry
    /// adding or removing one voter. Refused while an earlier change is not
    /// committed.
    ProposeResult changeVoters(NodeId voter, bool add);

    /// Retention: drops entries before newStart from the store. Clamped to
    /// the durable, committed part of the log. Returns the new start. Every
    /// member may do this independently; a follower that then lacks entries
    /// the leader no longer has is reset to the leader's log start.
    Result<Index> truncatePrefix(Index newStart);

    std::vector<Message> takeMessages();
    std::vector<Notice> takeNotices();

    NodeId id() const { return m_config.self; }
    GroupId group() const { return m_config.group; }
    Role role() const { return m_role; }
    bool isLeader() const { return m_role == Role::Leader; }
    Term term() const { return m_term; }
    NodeId leader() const { return m_leader; }
    NodeId votedFor() const { return m_votedFor; }
    Index commitIndex() const { return m_commit; }
    Index persistedIndex() const { return m_persisted; }
    Index lastIndex() const { return m_store.lastIndex(); }
    const std::vector<NodeId>& voters() const { return m_voters; }
    /// Leader only: progress of each follower (empty otherwise).
    std::vector<PeerProgress> progress() const;
    /// Set when the store failed; the node then ignores all input.
    const Status& failure() const { return m_failure; }

private:
    Node(NodeConfig config, LogStore& store, int64_t nowMs);
    Status load();

    // state transitions
    void becomeFollower(Term term, NodeId leader);
    void becomePreCandidate();
    void becomeCandidate(bool transfer);
    void becomeLeader();
    bool setHardState(Term term, NodeId votedFor);
    void noteRole();
    void resetElectionTimer();

    // message handlers
    void onVoteRequest(const Message& m, const VoteRequest& req);
    void onVoteResponse(const Message& m, const VoteResponse& resp);
    void onAppendRequest(const Message& m, const AppendRequest& req);
    void onAppendResponse(const Message& m, const AppendResponse& resp);
    void onHeartbeat(const Message& m, const Heartbeat& hb);
    void onHeartbeatResponse(const Message& m, const HeartbeatResponse& resp);
    void followerLostEntries(PeerProgress& p, Index followerLast);
    void onTimeoutNow(const Message& m);

    // leader helpers
    PeerProgress* peer(NodeId id);
    void sendAppend(PeerProgress& p);
    void broadcastAppends();
    void broadcastHeartbeats();
    void maybeCommit();
    void maybeSendTimeoutNow();
    bool appendLocal(const std::vector<Entry>& entries);
    Index lastIndexOfTermAtMost(Term term, Index upTo) const;
    Index firstIndexOfTerm(Term term, Index from, Index upTo) const;
    void rebuildPeers(bool grace);

    // follower helpers
    void setCommit(Index index);
    void sendAppendAck();
    bool inLease() const;
    Term lastTerm() const;

    // configuration
    Status loadConfigs();
    void noteConfigs(const std::vector<Entry>& entries);
    void dropConfigsFrom(Index from);
    void setVoters(std::vector<NodeId> voters);
    bool isVoter(NodeId id) const;
    size_t quorum() const { return m_voters.size() / 2 + 1; }

    void send(NodeId to, MessageBody body, Term term);
    void fail(Status status);
    uint64_t nextRandom();

    NodeConfig m_config;
    LogStore& m_store;
    int64_t m_now;
    uint64_t m_rng;

    // durable (mirrored from the store)
    Term m_term = 0;
    NodeId m_votedFor = kNoNode;

    // volatile
    Role m_role = Role::Follower;
    NodeId m_leader = kNoNode;
    Index m_commit = 0;
    Index m_persisted = 0;       ///< durable prefix of the local log
    Index m_leaderMatched = 0;   ///< follower: last index known to match the current leader's log
    int64_t m_electionDeadline = 0;
    int64_t m_lastLeaderContact = -1;  ///< follower: when the leader was last heard
    int64_t m_nextHeartbeat = 0;
    int64_t m_quorumCheckAt = 0;
    std::map<NodeId, bool> m_votes;    ///< (pre-)candidate: responses received
    std::vector<PeerProgress> m_peers; ///< leader: every voter but self
    NodeId m_transferTarget = kNoNode;
    bool m_transferSent = false;
    int64_t m_transferDeadline = 0;
    std::vector<NodeId> m_voters;
    std::vector<std::pair<Index, std::vector<NodeId>>> m_configs; ///< Config entries in the log, ascending
    std::vector<NodeId> m_baseVoters; ///< config before the first Config entry in m_configs
    Index m_pendingConfig = 0;        ///< leader: index of an uncommitted Config entry

    Status m_failure;
    std::vector<Message> m_outbox;
    std::vector<Notice> m_notices;
    Role m_notedRole = Role::Follower;
    Term m_notedTerm = -1;
    NodeId m_notedLeader = kNoNode;
};

const char* proposeErrorName(ProposeError error);

}  // namespace plexus::raft

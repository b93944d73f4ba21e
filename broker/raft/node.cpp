#include "broker/raft/node.h"

#include <algorithm>
#include <functional>
#include <set>
#include <type_traits>
#include <utility>
#include <variant>

namespace plexus::raft {

namespace {

uint64_t splitMix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

const char* roleName(Role role) {
    switch (role) {
    case Role::Follower: return "follower";
    case Role::PreCandidate: return "pre-candidate";
    case Role::Candidate: return "candidate";
    case Role::Leader: return "leader";
    }
    return "?";
}

const char* proposeErrorName(ProposeError error) {
    switch (error) {
    case ProposeError::None: return "none";
    case ProposeError::NotLeader: return "not leader";
    case ProposeError::TransferInProgress: return "leadership transfer in progress";
    case ProposeError::StorageFailed: return "storage failed";
    }
    return "?";
}

std::string encodeVoters(const std::vector<NodeId>& voters) {
    std::string out;
    for (NodeId id : voters) {
        auto u = static_cast<uint32_t>(id);
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((u >> shift) & 0xFFu));
    }
    return out;
}

bool decodeVoters(const std::string& payload, std::vector<NodeId>& voters) {
    if (payload.size() % 4 != 0) return false;
    voters.clear();
    for (size_t i = 0; i < payload.size(); i += 4) {
        uint32_t u = 0;
        for (size_t k = 0; k < 4; ++k) u = (u << 8) | static_cast<uint8_t>(payload[i + k]);
        voters.push_back(static_cast<NodeId>(u));
    }
    return true;
}

const char* messageTypeName(const Message& message) {
    static const char* const kNames[] = {"VoteRequest", "VoteResponse", "AppendRequest", "AppendResponse",
                                         "Heartbeat", "HeartbeatResponse", "TimeoutNow"};
    return kNames[message.body.index()];
}

// ---- construction

Result<std::unique_ptr<Node>> Node::create(NodeConfig config, LogStore& store, int64_t nowMs) {
    if (config.self == kNoNode) return Status::error("raft: node id missing");
    if (config.voters.empty()) return Status::error("raft: empty voter set");
    std::set<NodeId> unique(config.voters.begin(), config.voters.end());
    if (unique.size() != config.voters.size()) return Status::error("raft: duplicate voter");
    if (unique.count(kNoNode) != 0) return Status::error("raft: invalid voter id");
    if (config.electionTimeoutMs <= 0) return Status::error("raft: election timeout must be positive");
    if (config.heartbeatIntervalMs <= 0 || config.heartbeatIntervalMs >= config.electionTimeoutMs)
        return Status::error("raft: heartbeat interval must be positive and below the election timeout");
    if (config.maxAppendBytes == 0 || config.maxInflightEntries <= 0)
        return Status::error("raft: append limits must be positive");
    std::unique_ptr<Node> node(new Node(std::move(config), store, nowMs));
    Status s = node->load();
    if (!s.isOk()) return s;
    return node;
}

Node::Node(NodeConfig config, LogStore& store, int64_t nowMs)
    : m_config(std::move(config)), m_store(store), m_now(nowMs),
      m_rng(m_config.randomSeed ^
            (static_cast<uint64_t>(static_cast<uint32_t>(m_config.self)) * 0x2545F4914F6CDD1Dull)) {}

Status Node::load() {
    HardState hs = m_store.hardState();
    m_term = hs.term;
    m_votedFor = hs.votedFor;
    if (m_store.lastIndex() < m_store.startIndex() - 1) return Status::error("raft: store positions inconsistent");
    // Whatever a store holds when a node is created is durable.
    m_persisted = m_store.lastIndex();
    m_commit = m_store.startIndex() - 1;
    // The voter set at the log start: recorded by the store once retention
    // or a reset removed the Config entries that defined it.
    std::vector<NodeId> voters = m_store.startVoters();
    if (voters.empty()) voters = m_config.voters;
    std::sort(voters.begin(), voters.end());
    m_baseVoters = voters;
    m_voters = voters;
    Status s = loadConfigs();
    if (!s.isOk()) return s;
    m_notedRole = m_role;
    m_notedTerm = m_term;
    m_notedLeader = m_leader;
    resetElectionTimer();
    return Status::ok();
}

Status Node::loadConfigs() {
    auto configs = m_store.configEntries();
    if (!configs.isOk()) return configs.status();
    std::vector<Entry> entries;
    for (auto& [index, voters] : configs.value())
        entries.push_back(Entry{m_store.termAt(index).value_or(0), index, EntryType::Config, encodeVoters(voters)});
    noteConfigs(entries);
    return Status::ok();
}

uint64_t Node::nextRandom() { return splitMix(m_rng); }

void Node::resetElectionTimer() {
    const auto base = m_config.electionTimeoutMs;
    m_electionDeadline = m_now + base + static_cast<int64_t>(nextRandom() % static_cast<uint64_t>(base));
}

// ---- outputs

std::vector<Message> Node::takeMessages() { return std::exchange(m_outbox, {}); }
std::vector<Notice> Node::takeNotices() { return std::exchange(m_notices, {}); }

std::vector<PeerProgress> Node::progress() const {
    return m_role == Role::Leader ? m_peers : std::vector<PeerProgress>{};
}

void Node::send(NodeId to, MessageBody body, Term term) {
    m_outbox.push_back(Message{m_config.group, m_config.self, to, term, std::move(body)});
}

void Node::noteRole() {
    if (m_role == m_notedRole && m_term == m_notedTerm && m_leader == m_notedLeader) return;
    m_notedRole = m_role;
    m_notedTerm = m_term;
    m_notedLeader = m_leader;
    Notice n;
    n.kind = Notice::Kind::RoleChanged;
    n.role = m_role;
    n.term = m_term;
    n.leader = m_leader;
    m_notices.push_back(n);
}

void Node::fail(Status status) {
    if (!m_failure.isOk()) return;
    m_failure = std::move(status);
    m_role = Role::Follower;
    m_leader = kNoNode;
    m_peers.clear();
    noteRole();
}

Term Node::lastTerm() const { return m_store.termAt(m_store.lastIndex()).value_or(0); }

bool Node::isVoter(NodeId id) const { return std::binary_search(m_voters.begin(), m_voters.end(), id); }

bool Node::inLease() const {
    if (!m_config.checkQuorum) return false;
    if (m_role == Role::Leader) return true;
    return m_leader != kNoNode && m_lastLeaderContact >= 0 && m_now - m_lastLeaderContact < m_config.electionTimeoutMs;
}

bool Node::setHardState(Term term, NodeId votedFor) {
    if (term == m_term && votedFor == m_votedFor) return true;
    Status s = m_store.saveHardState(HardState{term, votedFor});
    if (!s.isOk()) {
        fail(s);
        return false;
    }
    m_term = term;
    m_votedFor = votedFor;
    return true;
}

// ---- time

void Node::tick(int64_t nowMs) {
    if (!m_failure.isOk()) return;
    if (nowMs > m_now) m_now = nowMs;
    if (m_role == Role::Leader) {
        if (m_transferTarget != kNoNode && m_now >= m_transferDeadline) {
            m_transferTarget = kNoNode;  // the target did not take over in time
            m_transferSent = false;
        }
        if (m_config.checkQuorum && m_now >= m_quorumCheckAt) {
            size_t active = isVoter(m_config.self) ? 1 : 0;
            for (auto& p : m_peers) {
                if (p.recentActive && isVoter(p.id)) ++active;
                p.recentActive = false;
            }
            if (active < quorum()) {
                becomeFollower(m_term, kNoNode);  // no split brain: step down, keep the term
                return;
            }
            m_quorumCheckAt = m_now + m_config.electionTimeoutMs;
        }
        if (m_now >= m_nextHeartbeat) {
            broadcastHeartbeats();
            m_nextHeartbeat = m_now + m_config.heartbeatIntervalMs;
        }
        return;
    }
    if (m_now >= m_electionDeadline) {
        if (!isVoter(m_config.self)) {
            resetElectionTimer();
            return;
        }
        if (m_config.preVote)
            becomePreCandidate();
        else
            becomeCandidate(false);
    }
}

// ---- role changes

void Node::becomeFollower(Term term, NodeId leader) {
    // What we knew to match the leader's log holds for one leader in one term.
    const bool sameLeader = leader == m_leader && term == m_term && m_role == Role::Follower;
    if (term > m_term && !setHardState(term, kNoNode)) return;
    if (!sameLeader) m_leaderMatched = 0;
    m_role = Role::Follower;
    m_leader = leader;
    m_votes.clear();
    m_peers.clear();
    m_transferTarget = kNoNode;
    m_transferSent = false;
    m_pendingConfig = 0;
    if (leader != kNoNode) m_lastLeaderContact = m_now;
    resetElectionTimer();
    noteRole();
}

void Node::becomePreCandidate() {
    m_role = Role::PreCandidate;
    m_leader = kNoNode;
    m_leaderMatched = 0;
    m_votes.clear();
    m_votes[m_config.self] = true;
    resetElectionTimer();
    noteRole();
    if (quorum() <= 1) {
        becomeCandidate(false);
        return;
    }
    VoteRequest req{true, m_store.lastIndex(), lastTerm(), false};
    for (NodeId v : m_voters)
        if (v != m_config.self) send(v, req, m_term + 1);
}

void Node::becomeCandidate(bool transfer) {
    if (!setHardState(m_term + 1, m_config.self)) return;
    m_role = Role::Candidate;
    m_leader = kNoNode;
    m_leaderMatched = 0;
    m_votes.clear();
    m_votes[m_config.self] = true;
    resetElectionTimer();
    noteRole();
    if (quorum() <= 1) {
        becomeLeader();
        return;
    }
    VoteRequest req{false, m_store.lastIndex(), lastTerm(), transfer};
    for (NodeId v : m_voters)
        if (v != m_config.self) send(v, req, m_term);
}

void Node::becomeLeader() {
    m_role = Role::Leader;
    m_leader = m_config.self;
    m_votes.clear();
    m_transferTarget = kNoNode;
    m_transferSent = false;
    m_peers.clear();
    rebuildPeers(false);
    m_quorumCheckAt = m_now + m_config.electionTimeoutMs;
    m_nextHeartbeat = m_now + m_config.heartbeatIntervalMs;
    // An uncommitted Config entry from an earlier term still counts as pending.
    m_pendingConfig = 0;
    if (!m_configs.empty() && m_configs.back().first > m_commit) m_pendingConfig = m_configs.back().first;
    noteRole();
    // A leader may only count replicas for entries of its own term; a no-op
    // entry lets it commit (and thereby everything before it) at once. It is
    // needed only when the log holds entries not known to be committed: in a
    // partition log each no-op occupies a Kafka offset, so a leader whose
    // whole log is committed waits for the next proposal instead.
    if (m_store.lastIndex() > m_commit) {
        Entry noop{m_term, m_store.lastIndex() + 1, EntryType::Noop, {}};
        if (!appendLocal({noop})) return;
    }
    broadcastAppends();
}

void Node::rebuildPeers(bool grace) {
    std::vector<PeerProgress> peers;
    for (NodeId v : m_voters) {
        if (v == m_config.self) continue;
        if (PeerProgress* old = peer(v)) {
            peers.push_back(*old);
            continue;
        }
        PeerProgress p;
        p.id = v;
        p.next = m_store.lastIndex() + 1;
        p.recentActive = grace;  // a voter added by a config change gets one check-quorum period
        peers.push_back(p);
    }
    m_peers = std::move(peers);
}

PeerProgress* Node::peer(NodeId id) {
    for (auto& p : m_peers)
        if (p.id == id) return &p;
    return nullptr;
}

// ---- inputs

void Node::receive(const Message& m) {
    if (!m_failure.isOk()) return;
    if (m.group != m_config.group || m.to != m_config.self || m.from == m_config.self) return;

    if (m.term > m_term) {
        if (const auto* req = std::get_if<VoteRequest>(&m.body)) {
            // A node that heard from a live leader recently ignores campaigns
            // (unless the leader itself asked for one): a rejoining node with
            // an inflated term cannot depose a healthy leader.
            if (inLease() && !req->leadershipTransfer) return;
            if (!req->preVote) becomeFollower(m.term, kNoNode);
        } else if (const auto* resp = std::get_if<VoteResponse>(&m.body)) {
            if (!(resp->preVote && resp->granted)) becomeFollower(m.term, kNoNode);
        } else if (std::holds_alternative<AppendRequest>(m.body) || std::holds_alternative<Heartbeat>(m.body) ||
                   std::holds_alternative<TimeoutNow>(m.body)) {
            becomeFollower(m.term, m.from);
        } else {
            becomeFollower(m.term, kNoNode);
        }
        if (!m_failure.isOk()) return;
    } else if (m.term < m_term) {
        // Tell a stale leader or candidate the current term so that it steps
        // down; stale answers are dropped.
        if (std::holds_alternative<AppendRequest>(m.body))
            send(m.from, AppendResponse{}, m_term);
        else if (std::holds_alternative<Heartbeat>(m.body))
            send(m.from, HeartbeatResponse{}, m_term);
        else if (const auto* req = std::get_if<VoteRequest>(&m.body))
            send(m.from, VoteResponse{req->preVote, false}, m_term);
        return;
    }

    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, VoteRequest>) onVoteRequest(m, body);
            else if constexpr (std::is_same_v<T, VoteResponse>) onVoteResponse(m, body);
            else if constexpr (std::is_same_v<T, AppendRequest>) onAppendRequest(m, body);
            else if constexpr (std::is_same_v<T, AppendResponse>) onAppendResponse(m, body);
            else if constexpr (std::is_same_v<T, Heartbeat>) onHeartbeat(m, body);
            else if constexpr (std::is_same_v<T, HeartbeatResponse>) onHeartbeatResponse(m, body);
            else if constexpr (std::is_same_v<T, TimeoutNow>) onTimeoutNow(m);
        },
        m.body);
}

void Node::onVoteRequest(const Message& m, const VoteRequest& req) {
    const Term myLastTerm = lastTerm();
    const bool upToDate =
        req.lastLogTerm > myLastTerm || (req.lastLogTerm == myLastTerm && req.lastLogIndex >= m_store.lastIndex());
    if (req.preVote) {
        // Nothing changes here: the answer only says whether we would vote.
        const bool grant = m.term > m_term && upToDate && (!inLease() || req.leadershipTransfer);
        send(m.from, VoteResponse{true, grant}, grant ? m.term : m_term);
        return;
    }
    // m.term == m_term: a higher term was adopted by receive().
    const bool canVote = m_votedFor == m.from || (m_votedFor == kNoNode && m_leader == kNoNode);
    const bool grant = canVote && upToDate;
    if (grant) {
        if (!setHardState(m_term, m.from)) return;  // durable before we answer
        resetElectionTimer();
    }
    send(m.from, VoteResponse{false, grant}, m_term);
}

void Node::onVoteResponse(const Message& m, const VoteResponse& resp) {
    if (m_role == Role::PreCandidate) {
        if (!resp.preVote) return;
        if (resp.granted && m.term != m_term + 1) return;
    } else if (m_role == Role::Candidate) {
        if (resp.preVote || m.term != m_term) return;
    } else {
        return;
    }
    if (!isVoter(m.from)) return;
    m_votes[m.from] = resp.granted;
    size_t granted = 0, rejected = 0;
    for (const auto& [id, yes] : m_votes) (yes ? granted : rejected) += 1;
    if (granted >= quorum()) {
        if (m_role == Role::PreCandidate)
            becomeCandidate(false);
        else
            becomeLeader();
    } else if (rejected >= quorum()) {
        becomeFollower(m_term, kNoNode);
    }
}

Index Node::lastIndexOfTermAtMost(Term term, Index upTo) const {
    // Terms never decrease along a log: binary search for the last index in
    // [startIndex - 1, upTo] whose term is <= term. Returns startIndex - 2 if none.
    Index lo = m_store.startIndex() - 1, hi = std::min(upTo, m_store.lastIndex());
    Index found = lo - 1;
    while (lo <= hi) {
        Index mid = lo + (hi - lo) / 2;
        if (m_store.termAt(mid).value_or(0) <= term) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

Index Node::firstIndexOfTerm(Term term, Index from, Index upTo) const {
    // First index in [from, upTo] whose term is >= term (upTo itself has it).
    Index lo = from, hi = upTo, found = upTo;
    while (lo <= hi) {
        Index mid = lo + (hi - lo) / 2;
        if (m_store.termAt(mid).value_or(0) >= term) {
            found = mid;
            hi = mid - 1;
        } else {
            lo = mid + 1;
        }
    }
    return found;
}

void Node::onAppendRequest(const Message& m, const AppendRequest& req) {
    if (m_role == Role::Leader) return;  // two leaders in one term cannot happen
    if (m_role != Role::Follower || m_leader != m.from) becomeFollower(m_term, m.from);
    if (!m_failure.isOk()) return;
    m_lastLeaderContact = m_now;
    resetElectionTimer();

    const Index count = static_cast<Index>(req.entries.size());
    const Index lastNew = req.prevIndex + count;
    Index prev = req.prevIndex;
    Term prevTerm = req.prevTerm;
    size_t skip = 0;
    // Entries up to our commit index are known to match the leader's log.
    if (prev < m_commit) {
        if (lastNew <= m_commit) {
            m_leaderMatched = std::max(m_leaderMatched, m_commit);
            sendAppendAck();
            return;
        }
        skip = static_cast<size_t>(m_commit - prev);
        prev = m_commit;
        prevTerm = req.entries[skip - 1].term;
    }

    const auto myTerm = m_store.termAt(prev);
    if (!myTerm || *myTerm != prevTerm) {
        if (req.fromLogStart && skip == 0 && prev > m_commit) {
            // We are behind the leader's log start and everything up to it is
            // committed: restart our log there.
            const Index oldStart = m_store.startIndex();
            std::vector<NodeId> voters = req.startVoters.empty() ? m_voters : req.startVoters;
            std::sort(voters.begin(), voters.end());
            voters.erase(std::unique(voters.begin(), voters.end()), voters.end());
            Status s = m_store.reset(prev + 1, prevTerm, voters);
            if (!s.isOk()) return fail(s);
            Notice n;
            n.kind = Notice::Kind::Truncated;
            n.index = oldStart;
            m_notices.push_back(n);
            m_configs.clear();
            m_baseVoters = voters;
            setVoters(std::move(voters));
            m_persisted = prev;
            setCommit(prev);
        } else {
            AppendResponse resp;
            resp.rejectIndex = req.prevIndex;
            if (!myTerm) {
                resp.hintIndex = m_store.lastIndex() + 1;
                resp.hintTerm = 0;
            } else {
                resp.hintTerm = *myTerm;
                resp.hintIndex = firstIndexOfTerm(*myTerm, std::max(m_commit + 1, m_store.startIndex()), prev);
            }
            send(m.from, resp, m_term);
            return;
        }
    }

    // Append what we lack; cut our log at the first conflict.
    std::vector<Entry> fresh;
    for (size_t i = skip; i < req.entries.size(); ++i) {
        const Entry& e = req.entries[i];
        if (fresh.empty() && e.index <= m_store.lastIndex()) {
            if (m_store.termAt(e.index) == e.term) continue;
            if (e.index <= m_commit) return fail(Status::error("raft: leader conflicts with a committed entry"));
            Status s = m_store.truncateSuffix(e.index);
            if (!s.isOk()) return fail(s);
            dropConfigsFrom(e.index);
            m_persisted = std::min(m_persisted, e.index - 1);
            Notice n;
            n.kind = Notice::Kind::Truncated;
            n.index = e.index;
            m_notices.push_back(n);
        }
        fresh.push_back(e);
    }
    if (!fresh.empty() && !appendLocal(fresh)) return;
    m_leaderMatched = std::max(m_leaderMatched, lastNew);
    setCommit(std::min(req.commit, m_leaderMatched));
    sendAppendAck();
}

void Node::sendAppendAck() {
    if (m_leader == kNoNode || m_leader == m_config.self) return;
    AppendResponse resp;
    resp.success = true;
    resp.lastAppended = m_leaderMatched;
    resp.matchIndex = std::min(m_persisted, m_leaderMatched);
    send(m_leader, resp, m_term);
}

void Node::onAppendResponse(const Message& m, const AppendResponse& resp) {
    if (m_role != Role::Leader) return;
    PeerProgress* p = peer(m.from);
    if (!p) return;
    p->recentActive = true;
    if (resp.success) {
        p->match = std::max(p->match, std::min(resp.matchIndex, m_store.lastIndex()));
        p->acked = std::max(p->acked, std::min(resp.lastAppended, m_store.lastIndex()));
        if (p->probing) {
            p->probing = false;
            p->paused = false;
            p->next = p->acked + 1;
        } else {
            p->next = std::max(p->next, p->acked + 1);
        }
        maybeCommit();
        if (m_role != Role::Leader) return;
        maybeSendTimeoutNow();
        if (p->next <= m_store.lastIndex()) sendAppend(*p);
        return;
    }
    // Rejected: find where our logs agree.
    if (resp.hintTerm == 0 && resp.hintIndex <= p->match) {
        // The follower's log ends before entries it acknowledged as durable:
        // its disk lost them (a truncated file). Lowering the match point is
        // always safe (the commit index never moves back); it lets the
        // follower be repaired instead of being probed past its end forever.
        followerLostEntries(*p, resp.hintIndex - 1);
        sendAppend(*p);
        return;
    }
    if (resp.rejectIndex < p->match) return;               // stale: the follower has more
    if (p->probing && resp.rejectIndex != p->next - 1) return;  // answer to an older probe
    Index next;
    if (resp.hintTerm == 0) {
        next = resp.hintIndex;
    } else {
        Index ours = lastIndexOfTermAtMost(resp.hintTerm, resp.rejectIndex);
        if (ours >= m_store.startIndex() - 1 && m_store.termAt(ours) == resp.hintTerm)
            next = ours + 1;
        else
            next = resp.hintIndex;
    }
    next = std::clamp(next, p->match + 1, std::max(resp.rejectIndex, p->match + 1));
    p->next = next;
    p->acked = std::min(p->acked, next - 1);
    p->probing = true;
    p->paused = false;
    sendAppend(*p);
}

void Node::onHeartbeat(const Message& m, const Heartbeat& hb) {
    if (m_role == Role::Leader) return;
    if (m_role != Role::Follower || m_leader != m.from) becomeFollower(m_term, m.from);
    if (!m_failure.isOk()) return;
    m_lastLeaderContact = m_now;
    resetElectionTimer();
    setCommit(std::min(hb.commit, m_leaderMatched));
    send(m.from, HeartbeatResponse{std::min(m_persisted, m_leaderMatched), m_store.lastIndex()}, m_term);
}

void Node::onHeartbeatResponse(const Message& m, const HeartbeatResponse& resp) {
    if (m_role != Role::Leader) return;
    PeerProgress* p = peer(m.from);
    if (!p) return;
    p->recentActive = true;
    if (resp.lastIndex < p->match) followerLostEntries(*p, resp.lastIndex);  // see onAppendResponse
    if (resp.matchIndex > p->match) {
        p->match = std::min(resp.matchIndex, m_store.lastIndex());
        maybeCommit();
        if (m_role != Role::Leader) return;
    }
    maybeSendTimeoutNow();
    // Replication stalled (messages lost, or the follower restarted and lost
    // what it had not made durable): probe again from what it holds.
    // A follower that no longer knows how much of its log matches ours (it
    // restarted) gets a probe too, so that it can learn the commit index.
    const bool stalled = p->acked < m_store.lastIndex() || resp.lastIndex < p->acked ||
                         resp.matchIndex < std::min(p->match, m_commit);
    if (stalled && m_now - p->lastSendMs >= m_config.heartbeatIntervalMs) {
        p->probing = true;
        p->paused = false;
        p->next = std::max(std::min(p->next, resp.lastIndex + 1), p->match + 1);
        p->acked = std::min(p->acked, p->next - 1);
        sendAppend(*p);
    }
}

void Node::followerLostEntries(PeerProgress& p, Index followerLast) {
    Notice n;
    n.kind = Notice::Kind::FollowerLostEntries;
    n.index = followerLast;
    n.peer = p.id;
    n.previousMatch = p.match;
    m_notices.push_back(n);
    p.match = followerLast;
    p.acked = std::min(p.acked, followerLast);
    p.next = std::min(p.next, followerLast + 1);
    p.probing = true;
    p.paused = false;
}

void Node::onTimeoutNow(const Message& m) {
    if (m_role == Role::Leader || m.from != m_leader || !isVoter(m_config.self)) return;
    becomeCandidate(true);
}

// ---- leader side

void Node::sendAppend(PeerProgress& p) {
    if (p.probing && p.paused) return;
    const Index start = m_store.startIndex();
    const Index last = m_store.lastIndex();
    if (!p.probing && p.next - 1 - p.acked >= m_config.maxInflightEntries) return;  // pipeline full
    AppendRequest req;
    req.commit = m_commit;
    if (p.next < start) p.next = start;
    if (p.next > last + 1) p.next = last + 1;
    req.prevIndex = p.next - 1;
    req.fromLogStart = req.prevIndex == start - 1;
    if (req.fromLogStart && req.prevIndex > 0) req.startVoters = m_baseVoters;
    auto prevTerm = m_store.termAt(req.prevIndex);
    if (!prevTerm) return fail(Status::error("raft: no term for a replicated index"));
    req.prevTerm = *prevTerm;
    if (p.next <= last) {
        auto r = m_store.read(p.next, m_config.maxAppendBytes);
        if (!r.isOk()) return fail(r.status());
        req.entries = std::move(r.value());
    }
    const Index lastSent = req.prevIndex + static_cast<Index>(req.entries.size());
    if (p.probing)
        p.paused = true;
    else
        p.next = lastSent + 1;
    p.lastSendMs = m_now;
    send(p.id, std::move(req), m_term);
}

void Node::broadcastAppends() {
    const Index last = m_store.lastIndex();
    for (auto& p : m_peers) {
        if (p.probing ? !p.paused : p.next <= last) sendAppend(p);
        if (m_role != Role::Leader) return;
    }
}

void Node::broadcastHeartbeats() {
    for (auto& p : m_peers) send(p.id, Heartbeat{m_commit}, m_term);
}

void Node::maybeCommit() {
    std::vector<Index> matches;
    if (isVoter(m_config.self)) matches.push_back(m_persisted);
    for (const auto& p : m_peers)
        if (isVoter(p.id)) matches.push_back(p.match);
    if (matches.size() < quorum()) return;
    std::sort(matches.begin(), matches.end(), std::greater<>());
    const Index candidate = matches[quorum() - 1];
    // Only entries of the current term are committed by counting replicas
    // (Raft §5.4.2); earlier ones follow.
    if (candidate > m_commit && m_store.termAt(candidate) == m_term) setCommit(candidate);
}

void Node::setCommit(Index index) {
    if (index <= m_commit) return;
    m_commit = index;
    Notice n;
    n.kind = Notice::Kind::Committed;
    n.index = index;
    m_notices.push_back(n);
    if (m_role == Role::Leader && m_pendingConfig != 0 && m_pendingConfig <= m_commit) {
        m_pendingConfig = 0;
        // A leader that removed itself hands over once the change is committed.
        if (!isVoter(m_config.self)) becomeFollower(m_term, kNoNode);
    }
}

void Node::maybeSendTimeoutNow() {
    if (m_role != Role::Leader || m_transferTarget == kNoNode || m_transferSent) return;
    PeerProgress* p = peer(m_transferTarget);
    if (!p) return;
    if (p->match < m_store.lastIndex()) {
        if (p->probing ? !p->paused : p->next <= m_store.lastIndex()) sendAppend(*p);
        return;
    }
    m_transferSent = true;
    send(p->id, TimeoutNow{}, m_term);
}

bool Node::appendLocal(const std::vector<Entry>& entries) {
    Status s = m_store.append(entries);
    if (!s.isOk()) {
        fail(s);
        return false;
    }
    noteConfigs(entries);
    return true;
}

ProposeResult Node::propose(std::string payload, EntryType type) {
    ProposeResult r;
    if (type != EntryType::Normal && type != EntryType::Command) type = EntryType::Normal;  // Noop and Config are the node's own
    if (!m_failure.isOk()) {
        r.error = ProposeError::StorageFailed;
        return r;
    }
    if (m_role != Role::Leader) {
        r.error = ProposeError::NotLeader;
        r.leaderHint = m_leader;
        return r;
    }
    if (m_transferTarget != kNoNode) {
        r.error = ProposeError::TransferInProgress;
        r.leaderHint = m_transferTarget;
        return r;
    }
    Entry e{m_term, m_store.lastIndex() + 1, type, std::move(payload)};
    const Index index = e.index;
    if (!appendLocal({std::move(e)})) {
        r.error = ProposeError::StorageFailed;
        return r;
    }
    broadcastAppends();
    r.index = index;
    r.term = m_term;
    r.leaderHint = m_config.self;
    return r;
}

void Node::persisted(Index index, Term term) {
    if (!m_failure.isOk()) return;
    index = std::min(index, m_store.lastIndex());
    if (index <= m_persisted) return;
    if (m_store.termAt(index) != term) return;  // reports on entries since replaced
    m_persisted = index;
    if (m_role == Role::Leader)
        maybeCommit();
    else if (m_role == Role::Follower)
        sendAppendAck();
}

void Node::campaignSoon() {
    if (!m_failure.isOk() || m_role != Role::Follower || m_leader != kNoNode) return;
    m_electionDeadline = m_now;
}

Status Node::transferLeadership(NodeId to) {
    if (!m_failure.isOk()) return m_failure;
    if (m_role != Role::Leader) return Status::error("raft: not the leader");
    if (to == m_config.self) return Status::ok();
    if (!isVoter(to) || !peer(to)) return Status::error("raft: transfer target is not a voter");
    m_transferTarget = to;
    m_transferSent = false;
    m_transferDeadline = m_now + m_config.electionTimeoutMs;
    maybeSendTimeoutNow();
    return Status::ok();
}

ProposeResult Node::changeVoters(NodeId voter, bool add) {
    ProposeResult r;
    if (!m_failure.isOk()) {
        r.error = ProposeError::StorageFailed;
        return r;
    }
    if (m_role != Role::Leader || m_transferTarget != kNoNode) {
        r.error = m_role != Role::Leader ? ProposeError::NotLeader : ProposeError::TransferInProgress;
        r.leaderHint = m_role != Role::Leader ? m_leader : m_transferTarget;
        return r;
    }
    // One change at a time, and only after this term's first entry committed
    // (otherwise a change from an earlier term could still be lost). A leader
    // that skipped its no-op (its log was committed) appends one now, so
    // that the change can go ahead once it commits; the caller retries.
    if (m_pendingConfig == 0 && voter != kNoNode && isVoter(voter) != add && lastTerm() != m_term) {
        Entry noop{m_term, m_store.lastIndex() + 1, EntryType::Noop, {}};
        if (appendLocal({noop})) broadcastAppends();
    }
    if (m_pendingConfig != 0 || m_store.termAt(m_commit) != m_term || voter == kNoNode ||
        isVoter(voter) == add || (!add && m_voters.size() == 1)) {
        r.error = ProposeError::NotLeader;  // refused; leaderHint stays self
        r.leaderHint = m_config.self;
        return r;
    }
    std::vector<NodeId> voters = m_voters;
    if (add)
        voters.push_back(voter);
    else
        voters.erase(std::find(voters.begin(), voters.end(), voter));
    std::sort(voters.begin(), voters.end());
    Entry e{m_term, m_store.lastIndex() + 1, EntryType::Config, encodeVoters(voters)};
    const Index index = e.index;
    if (!appendLocal({std::move(e)})) {
        r.error = ProposeError::StorageFailed;
        return r;
    }
    m_pendingConfig = index;
    broadcastAppends();
    r.index = index;
    r.term = m_term;
    r.leaderHint = m_config.self;
    return r;
}

Result<Index> Node::truncatePrefix(Index newStart) {
    if (!m_failure.isOk()) return m_failure;
    newStart = std::min(newStart, std::min(m_commit, m_persisted) + 1);
    if (newStart <= m_store.startIndex()) return m_store.startIndex();
    // Config entries that leave the log become the base configuration.
    std::vector<NodeId> base = m_baseVoters;
    size_t dropped = 0;
    while (dropped < m_configs.size() && m_configs[dropped].first < newStart) base = m_configs[dropped++].second;
    Status s = m_store.truncatePrefix(newStart, base);
    if (!s.isOk()) {
        fail(s);
        return s;
    }
    m_baseVoters = std::move(base);
    m_configs.erase(m_configs.begin(), m_configs.begin() + static_cast<std::ptrdiff_t>(dropped));
    return m_store.startIndex();
}

// ---- configuration

void Node::setVoters(std::vector<NodeId> voters) {
    if (voters == m_voters) return;
    m_voters = std::move(voters);
    if (m_role == Role::Leader) rebuildPeers(true);
}

void Node::noteConfigs(const std::vector<Entry>& entries) {
    for (const Entry& e : entries) {
        if (e.type != EntryType::Config) continue;
        std::vector<NodeId> voters;
        if (!decodeVoters(e.payload, voters) || voters.empty()) continue;  // malformed: ignored
        std::sort(voters.begin(), voters.end());
        m_configs.emplace_back(e.index, voters);
        setVoters(std::move(voters));
    }
}

void Node::dropConfigsFrom(Index from) {
    while (!m_configs.empty() && m_configs.back().first >= from) m_configs.pop_back();
    setVoters(m_configs.empty() ? m_baseVoters : m_configs.back().second);
}

}  // namespace plexus::raft

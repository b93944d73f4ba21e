#pragma once
// A deterministic simulated network of raft::Node instances for the Raft
// tests: virtual time in milliseconds, per-message delay, loss, duplication
// and reordering, link cuts (partitions), crashes that lose what a store had
// not made durable, delayed fsync reports, and a checker that verifies the
// Raft safety properties after every step:
//   - election safety: at most one leader per term;
//   - log matching: an (index, term) pair names one entry, with one
//     predecessor term, on every node (checked as entries are appended, which
//     by induction proves whole prefixes equal);
//   - state machine safety: no two nodes commit different entries at an
//     index, and a committed entry is never truncated;
//   - durability: the highest committed entry is durable on a majority;
//   - leader completeness: a leader of a later term holds every entry
//     committed before.
// Everything is driven by one seeded PRNG, so a failing seed replays exactly.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "broker/raft/log_store.h"
#include "broker/raft/node.h"

namespace plexus::raft::sim {

class Rng {
public:
    explicit Rng(uint64_t seed) : m_state(seed) {}
    uint64_t next() {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform in [lo, hi].
    int64_t range(int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

private:
    uint64_t m_state;
};

/// Global knowledge of the run, fed by the stores and the nodes' notices.
class Checker {
public:
    bool ok() const { return m_failure.empty(); }
    const std::string& failure() const { return m_failure; }
    void violate(const std::string& what) {
        if (m_failure.empty()) m_failure = what;
    }

    struct Known {
        Term prevTerm;
        EntryType type;
        std::string payload;
    };
    struct Committed {
        Term term;
        std::string payload;
        Term seenInTerm;  ///< term of the node that reported it first
    };

    void noteAppend(NodeId node, const Entry& e, Term prevTerm) {
        auto [it, fresh] = m_entries.try_emplace({e.index, e.term}, Known{prevTerm, e.type, e.payload});
        if (!fresh && (it->second.prevTerm != prevTerm || it->second.payload != e.payload || it->second.type != e.type))
            violate("log matching: node " + std::to_string(node) + " holds a different entry at index " +
                    std::to_string(e.index) + " term " + std::to_string(e.term));
    }
    void noteTruncate(NodeId node, Index from, const MemoryLogStore& store) {
        for (Index i = std::max(from, store.startIndex()); i <= store.lastIndex(); ++i) {
            auto it = m_committed.find(i);
            if (it != m_committed.end() && store.entryAt(i)->term == it->second.term)
                violate("node " + std::to_string(node) + " truncated committed index " + std::to_string(i));
        }
    }
    void noteCommitted(NodeId node, Term nodeTerm, Index index, const Entry* e) {
        auto it = m_committed.find(index);
        if (it == m_committed.end()) {
            m_committed.emplace(index, Committed{e->term, e->payload, nodeTerm});
            m_maxCommitted = std::max(m_maxCommitted, index);
            return;
        }
        if (it->second.term != e->term || it->second.payload != e->payload)
            violate("state machine safety: node " + std::to_string(node) + " committed a different entry at " +
                    std::to_string(index));
    }
    void noteLeader(NodeId node, Term term) {
        auto [it, fresh] = m_leaders.try_emplace(term, node);
        if (!fresh && it->second != node)
            violate("election safety: nodes " + std::to_string(it->second) + " and " + std::to_string(node) +
                    " both lead term " + std::to_string(term));
    }

    const std::map<Index, Committed>& committed() const { return m_committed; }
    Index maxCommitted() const { return m_maxCommitted; }
    size_t leaderTerms() const { return m_leaders.size(); }

private:
    std::map<std::pair<Index, Term>, Known> m_entries;
    std::map<Index, Committed> m_committed;
    std::map<Term, NodeId> m_leaders;
    Index m_maxCommitted = 0;
    std::string m_failure;
};

/// A MemoryLogStore that reports every change to the checker.
class CheckedStore : public MemoryLogStore {
public:
    CheckedStore(NodeId id, Checker& checker) : m_id(id), m_checker(checker) {}
    Status append(const std::vector<Entry>& entries) override {
        Term prev = termAt(lastIndex()).value_or(-1);
        for (const Entry& e : entries) {
            m_checker.noteAppend(m_id, e, prev);
            prev = e.term;
        }
        return MemoryLogStore::append(entries);
    }
    Status truncateSuffix(Index from) override {
        m_checker.noteTruncate(m_id, from, *this);
        return MemoryLogStore::truncateSuffix(from);
    }

private:
    NodeId m_id;
    Checker& m_checker;
};

struct SimConfig {
    int nodes = 3;
    std::vector<NodeId> voters;  ///< initial voter set; empty: all nodes
    int durabilityQuorum = 0;    ///< nodes that must hold a committed entry durably; 0: majority of the initial voters
    uint64_t seed = 1;
    GroupId group = 7;
    int64_t electionTimeoutMs = 100;
    int64_t heartbeatIntervalMs = 20;
    bool preVote = true;
    bool checkQuorum = true;
    size_t maxAppendBytes = 1u << 20;
    // network
    double dropRate = 0.0;
    double duplicateRate = 0.0;
    int64_t minDelayMs = 1;
    int64_t maxDelayMs = 1;
    // storage: autoSync makes every store durable at the end of each step and
    // reports it at once; otherwise syncs happen through sync() with reports
    // delayed by up to syncReportDelayMaxMs.
    bool autoSync = true;
    int64_t syncReportDelayMaxMs = 0;
};

class SimCluster {
public:
    explicit SimCluster(SimConfig config) : m_config(config), m_rng(config.seed) {
        for (int i = 1; i <= config.nodes; ++i) m_ids.push_back(i);
        for (NodeId id : m_ids) {
            m_members[id].store = std::make_unique<CheckedStore>(id, m_checker);
            start(id);
        }
    }

    const std::vector<NodeId>& ids() const { return m_ids; }
    int64_t now() const { return m_now; }
    Checker& checker() { return m_checker; }
    Rng& rng() { return m_rng; }
    SimConfig& config() { return m_config; }
    Node* node(NodeId id) { return m_members.at(id).node.get(); }
    CheckedStore& store(NodeId id) { return *m_members.at(id).store; }
    bool alive(NodeId id) const { return m_members.at(id).node != nullptr; }
    uint64_t messagesDelivered() const { return m_delivered; }
    uint64_t suffixTruncations() const { return m_truncations; }  ///< conflicting suffixes removed
    uint64_t logStartResets() const { return m_resets; }          ///< followers reset to the leader's log start
    std::vector<Message> sent;                         ///< every message sent, when recordTraffic is set
    std::vector<std::pair<NodeId, Notice>> notices;   ///< every notice, when recordTraffic is set
    bool recordTraffic = false;

    // ---- faults
    void crash(NodeId id) {
        Member& m = m_members.at(id);
        if (!m.node) return;
        m.node.reset();
        m.reports.clear();
        m.store->crash();
    }
    void restart(NodeId id) {
        if (alive(id)) return;
        start(id);
    }
    /// Cuts (up = false) or restores the link in both directions.
    void setLink(NodeId a, NodeId b, bool up) {
        if (up) {
            m_cut.erase({a, b});
            m_cut.erase({b, a});
        } else {
            m_cut.insert({a, b});
            m_cut.insert({b, a});
        }
    }
    void isolate(NodeId id) {
        for (NodeId other : m_ids)
            if (other != id) setLink(id, other, false);
    }
    /// Splits the nodes into `side` and the rest.
    void partition(const std::set<NodeId>& side) {
        heal();
        for (NodeId a : m_ids)
            for (NodeId b : m_ids)
                if (a != b && side.count(a) != side.count(b)) m_cut.insert({a, b});
    }
    void heal() { m_cut.clear(); }
    bool linked(NodeId a, NodeId b) const { return m_cut.count({a, b}) == 0; }

    /// Simulated fsync of one store; the node hears of it after a delay.
    void sync(NodeId id) {
        Member& m = m_members.at(id);
        if (!m.node) return;
        const Index durable = m.store->sync();
        const Term term = m.store->termAt(durable).value_or(0);
        const int64_t delay = m_config.syncReportDelayMaxMs > 0 ? m_rng.range(0, m_config.syncReportDelayMaxMs) : 0;
        m.reports.push_back({m_now + delay, durable, term});
    }

    // ---- driving
    ProposeResult propose(NodeId id, std::string payload, EntryType type = EntryType::Normal) {
        Node* n = node(id);
        if (!n) return ProposeResult{ProposeError::NotLeader, 0, 0, kNoNode};
        ProposeResult r = n->propose(std::move(payload), type);
        collect(id);
        return r;
    }
    Status transfer(NodeId from, NodeId to) {
        Node* n = node(from);
        if (!n) return Status::error("crashed");
        Status s = n->transferLeadership(to);
        collect(from);
        return s;
    }
    /// Lets the owner of a node act on it directly (retention, membership).
    template <class F> void withNode(NodeId id, F&& f) {
        if (Node* n = node(id)) {
            f(*n);
            collect(id);
        }
    }

    /// One step of `ms` milliseconds: timers, due messages, due fsync reports.
    void step(int64_t ms = 1) {
        m_now += ms;
        for (NodeId id : m_ids) {
            if (Node* n = node(id)) {
                n->tick(m_now);
                collect(id);
            }
        }
        deliverDue();
        for (NodeId id : m_ids) {
            Member& m = m_members.at(id);
            if (m.config.autoSync && m.node) sync(id);
            deliverReports(id);
        }
        check();
    }
    void run(int64_t ms, int64_t stepMs = 1) {
        for (int64_t t = 0; t < ms; t += stepMs) step(stepMs);
    }
    template <class Pred> bool runUntil(Pred pred, int64_t maxMs, int64_t stepMs = 1) {
        for (int64_t t = 0; t < maxMs; t += stepMs) {
            if (pred()) return true;
            step(stepMs);
        }
        return pred();
    }
    /// Turns per-node automatic fsync on or off (on by default with autoSync).
    void setAutoSync(NodeId id, bool on) { m_members.at(id).config.autoSync = on; }

    /// The live leader of the highest term, or kNoNode.
    NodeId leader() {
        NodeId best = kNoNode;
        Term bestTerm = -1;
        for (NodeId id : m_ids) {
            Node* n = node(id);
            if (n && n->isLeader() && n->term() > bestTerm) {
                best = id;
                bestTerm = n->term();
            }
        }
        return best;
    }
    /// Leaders among live nodes (stale ones included).
    int leaderCount() {
        int c = 0;
        for (NodeId id : m_ids)
            if (node(id) && node(id)->isLeader()) ++c;
        return c;
    }
    bool allCommitted(Index index) {
        for (NodeId id : m_ids)
            if (!node(id) || node(id)->commitIndex() < index) return false;
        return true;
    }

private:
    struct Report {
        int64_t at;
        Index index;
        Term term;
    };
    struct Member {
        std::unique_ptr<CheckedStore> store;
        std::unique_ptr<Node> node;
        std::vector<Report> reports;
        Index seenCommit = 0;
        struct {
            bool autoSync = true;
        } config;
    };
    struct InFlight {
        int64_t at;
        uint64_t order;
        Message message;
    };

    void start(NodeId id) {
        Member& m = m_members.at(id);
        NodeConfig c;
        c.group = m_config.group;
        c.self = id;
        c.voters = m_config.voters.empty() ? m_ids : m_config.voters;
        c.electionTimeoutMs = m_config.electionTimeoutMs;
        c.heartbeatIntervalMs = m_config.heartbeatIntervalMs;
        c.preVote = m_config.preVote;
        c.checkQuorum = m_config.checkQuorum;
        c.maxAppendBytes = m_config.maxAppendBytes;
        c.randomSeed = m_rng.next();
        auto created = Node::create(c, *m.store, m_now);
        if (!created.isOk()) {
            m_checker.violate("node " + std::to_string(id) + " failed to start: " + created.message());
            return;
        }
        m.node = std::move(created.value());
        m.seenCommit = m.node->commitIndex();
        m.config.autoSync = m_config.autoSync;
    }

    void collect(NodeId id) {
        Member& m = m_members.at(id);
        if (!m.node) return;
        for (Message& msg : m.node->takeMessages()) {
            if (recordTraffic) sent.push_back(msg);
            if (msg.from != id) m_checker.violate("message with a wrong sender");
            if (!linked(msg.from, msg.to) || m_rng.chance(m_config.dropRate)) continue;
            int copies = m_rng.chance(m_config.duplicateRate) ? 2 : 1;
            for (int i = 0; i < copies; ++i)
                m_network.push_back(
                    {m_now + m_rng.range(m_config.minDelayMs, std::max(m_config.minDelayMs, m_config.maxDelayMs)),
                     m_order++, msg});
        }
        for (const Notice& n : m.node->takeNotices()) {
            if (recordTraffic) notices.emplace_back(id, n);
            if (n.kind == Notice::Kind::Truncated) ++(n.index < m.store->startIndex() ? m_resets : m_truncations);
            if (n.kind != Notice::Kind::Committed) continue;
            const Index from = std::max(m.seenCommit + 1, m.store->startIndex());
            if (n.index > m.store->lastIndex())
                m_checker.violate("node " + std::to_string(id) + " committed beyond its log");
            for (Index i = from; i <= std::min(n.index, m.store->lastIndex()); ++i)
                m_checker.noteCommitted(id, m.node->term(), i, m.store->entryAt(i));
            m.seenCommit = std::max(m.seenCommit, n.index);
        }
    }

    void deliverDue() {
        // Due messages in delivery-time order (ties by send order); delays
        // drawn per message already reorder them.
        std::vector<InFlight> due;
        auto split = std::stable_partition(m_network.begin(), m_network.end(),
                                           [&](const InFlight& f) { return f.at > m_now; });
        due.assign(std::make_move_iterator(split), std::make_move_iterator(m_network.end()));
        m_network.erase(split, m_network.end());
        std::sort(due.begin(), due.end(),
                  [](const InFlight& a, const InFlight& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
        for (InFlight& f : due) {
            if (!linked(f.message.from, f.message.to)) continue;
            Node* n = node(f.message.to);
            if (!n) continue;
            ++m_delivered;
            n->receive(f.message);
            collect(f.message.to);
        }
    }

    void deliverReports(NodeId id) {
        Member& m = m_members.at(id);
        if (!m.node) return;
        std::vector<Report> later;
        for (const Report& r : m.reports) {
            if (r.at > m_now) {
                later.push_back(r);
                continue;
            }
            m.node->persisted(r.index, r.term);
            collect(id);
        }
        m.reports = std::move(later);
    }

    void check() {
        const size_t initialVoters = m_config.voters.empty() ? m_ids.size() : m_config.voters.size();
        const int majority =
            m_config.durabilityQuorum > 0 ? m_config.durabilityQuorum : static_cast<int>(initialVoters / 2 + 1);
        for (NodeId id : m_ids) {
            Node* n = node(id);
            if (!n) continue;
            if (n->isLeader()) m_checker.noteLeader(id, n->term());
            if (n->commitIndex() > n->lastIndex())
                m_checker.violate("node " + std::to_string(id) + " commit index beyond its log");
        }
        const Index c = m_checker.maxCommitted();
        if (c == 0) return;
        const auto& entry = m_checker.committed().at(c);
        // Durability: the newest committed entry survives any crash on a majority.
        int durable = 0;
        for (NodeId id : m_ids) {
            const CheckedStore& s = store(id);
            if (s.startIndex() - 1 >= c || (s.durableIndex() >= c && s.termAt(c) == entry.term)) ++durable;
        }
        if (durable < majority)
            m_checker.violate("committed index " + std::to_string(c) + " durable on only " + std::to_string(durable) +
                              " nodes");
        // Leader completeness.
        for (NodeId id : m_ids) {
            Node* n = node(id);
            if (!n || !n->isLeader() || n->term() <= entry.seenInTerm) continue;
            const CheckedStore& s = store(id);
            if (s.startIndex() - 1 >= c) continue;
            if (s.termAt(c) != entry.term)
                m_checker.violate("leader completeness: leader " + std::to_string(id) + " of term " +
                                  std::to_string(n->term()) + " lacks committed index " + std::to_string(c));
        }
    }

    SimConfig m_config;
    Rng m_rng;
    Checker m_checker;
    std::vector<NodeId> m_ids;
    std::map<NodeId, Member> m_members;
    std::vector<InFlight> m_network;
    std::set<std::pair<NodeId, NodeId>> m_cut;
    int64_t m_now = 0;
    uint64_t m_order = 0;
    uint64_t m_delivered = 0;
    uint64_t m_truncations = 0;
    uint64_t m_resets = 0;
};

}  // namespace plexus::raft::sim

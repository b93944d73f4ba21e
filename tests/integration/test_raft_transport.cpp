// The node-to-node RPC transport (broker/cluster) over real loopback sockets
// with a real io_context on its own thread: messages both ways between three
// transports, heartbeat batching, reaching a peer that starts later,
// re-establishing killed connections, bad input on raw sockets, per-peer
// ordering, the bounded queue, and three raft::Node instances electing a
// leader, committing, and failing over across the transports.
#include <QtTest>

#include <QTcpSocket>

#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "broker/cluster/rpc_transport.h"
#include "broker/cluster/wire.h"
#include "broker/raft/codec.h"
#include "broker/raft/node.h"

using namespace plexus;
using namespace plexus::cluster;
using plexus::raft::Index;
using plexus::raft::Message;
using plexus::raft::NodeId;
using plexus::raft::Term;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

const char* kCluster = "test-cluster";

/// An io_context run by its own thread, like plexusd's network thread.
class IoThread {
public:
    IoThread() : m_guard(asio::make_work_guard(m_io)), m_thread([this] { m_io.run(); }) {}
    ~IoThread() {
        m_guard.reset();
        m_io.stop();
        m_thread.join();
    }
    asio::io_context& io() { return m_io; }

    /// Runs f on the io thread and waits for its result.
    template <class F> auto call(F f) -> decltype(f()) {
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto result = task.get_future();
        asio::post(m_io, [&task] { task(); });
        return result.get();
    }

private:
    asio::io_context m_io;
    asio::executor_work_guard<asio::io_context::executor_type> m_guard;
    std::thread m_thread;
};

/// What a transport's handler received (filled on the io thread, read by the test).
struct Inbox {
    std::mutex mutex;
    std::vector<Message> messages;
    void push(Message m) {
        std::lock_guard<std::mutex> lock(mutex);
        messages.push_back(std::move(m));
    }
    size_t size() {
        std::lock_guard<std::mutex> lock(mutex);
        return messages.size();
    }
    std::vector<Message> copy() {
        std::lock_guard<std::mutex> lock(mutex);
        return messages;
    }
    std::vector<Message> nonHeartbeats(NodeId from) {
        std::vector<Message> out;
        for (auto& m : copy())
            if (m.from == from && !std::holds_alternative<raft::Heartbeat>(m.body) &&
                !std::holds_alternative<raft::HeartbeatResponse>(m.body))
                out.push_back(m);
        return out;
    }
};

struct Member {
    NodeId id = raft::kNoNode;
    std::unique_ptr<RpcTransport> transport;
    std::shared_ptr<Inbox> inbox = std::make_shared<Inbox>();
    uint16_t port = 0;
};

TransportConfig configFor(NodeId self, uint16_t port = 0) {
    TransportConfig c;
    c.self = self;
    c.clusterId = kCluster;
    c.listenPort = port;
    return c;
}

/// A set of transports on one io thread; destroys them on that thread.
class Net {
public:
    ~Net() {
        io.call([this] {
            members.clear();
            return 0;
        });
    }

    /// Creates, listens and starts a transport; `peers` are (id, port) pairs.
    Member& add(TransportConfig config, const std::vector<std::pair<NodeId, uint16_t>>& peers = {}) {
        auto m = std::make_unique<Member>();
        m->id = config.self;
        bool ok = io.call([&] {
            auto inbox = m->inbox;
            m->transport = std::make_unique<RpcTransport>(io.io(), config, [inbox](Message msg) { inbox->push(std::move(msg)); });
            if (!m->transport->listen().isOk()) return false;
            m->port = m->transport->port();
            for (auto& [id, port] : peers) m->transport->addPeer(id, "127.0.0.1", port);
            m->transport->start();
            return true;
        });
        if (!ok) qWarning("listen failed for node %d", config.self);
        members.push_back(std::move(m));
        return *members.back();
    }

    Member& member(NodeId id) {
        for (auto& m : members)
            if (m->id == id) return *m;
        qFatal("no member %d", id);
    }

    /// Every member knows every other one.
    void mesh() {
        io.call([this] {
            for (auto& a : members)
                for (auto& b : members)
                    if (a->id != b->id) a->transport->addPeer(b->id, "127.0.0.1", b->port);
            return 0;
        });
    }

    bool allConnected() {
        return io.call([this] {
            for (auto& a : members)
                for (auto& p : a->transport->peers())
                    if (!p.connected) return false;
            return true;
        });
    }

    bool connected(NodeId from, NodeId to) {
        return io.call([&] { return member(from).transport->connected(to); });
    }

    void remove(NodeId id) {
        io.call([&] {
            for (auto it = members.begin(); it != members.end(); ++it)
                if ((*it)->id == id) {
                    members.erase(it);
                    break;
                }
            return 0;
        });
    }

    void send(NodeId from, std::vector<Message> messages) {
        io.call([&] {
            for (auto& m : messages) member(from).transport->send(std::move(m));
            return 0;
        });
    }

    IoThread io;
    std::vector<std::unique_ptr<Member>> members;
};

/// A port that was free a moment ago.
uint16_t freePort() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

/// One message of each kind, distinguishable by k.
std::vector<Message> sampleMessages(NodeId from, NodeId to, int64_t k) {
    raft::AppendRequest ar;
    ar.prevIndex = k;
    ar.prevTerm = 1;
    ar.commit = k;
    ar.entries.push_back(raft::Entry{1, k + 1, raft::EntryType::Normal, "payload-" + std::to_string(k)});
    return {
        Message{1, from, to, 3, raft::VoteRequest{true, k, 2, false}},
        Message{2, from, to, 3, raft::VoteResponse{false, true}},
        Message{3, from, to, 3, ar},
        Message{4, from, to, 3, raft::AppendResponse{true, k, k, 0, 0, 0}},
        Message{5, from, to, 3, raft::Heartbeat{k}},
        Message{6, from, to, 3, raft::HeartbeatResponse{k, k + 1}},
        Message{7, from, to, 3, raft::TimeoutNow{}},
    };
}

/// An AppendRequest whose commit carries a sequence number.
Message seqMessage(NodeId from, NodeId to, int64_t seq, size_t payloadBytes = 0) {
    raft::AppendRequest ar;
    ar.prevIndex = seq;
    ar.commit = seq;
    if (payloadBytes > 0) ar.entries.push_back(raft::Entry{0, seq + 1, raft::EntryType::Normal, std::string(payloadBytes, 'x')});
    return Message{9, from, to, 1, ar};
}

int64_t seqOf(const Message& m) { return std::get<raft::AppendRequest>(m.body).commit; }

/// Raw client: sends bytes and reports whether the server closed the
/// connection within timeoutMs; `answer` collects what it sent back.
bool serverCloses(uint16_t port, const std::string& bytes, QByteArray* answer = nullptr, int timeoutMs = 3000) {
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!s.waitForConnected(2000)) return false;
    s.write(bytes.data(), static_cast<qint64>(bytes.size()));
    s.waitForBytesWritten(1000);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
        s.waitForReadyRead(50);
        got += s.readAll();
    }
    got += s.readAll();
    if (answer) *answer = got;
    return s.state() != QAbstractSocket::ConnectedState;
}

std::string helloFrame(NodeId node, const std::string& cluster) {
    return encodeHelloFrame(FrameKind::Hello, Hello{kProtocolVersion, node, cluster});
}

std::string frame(FrameKind kind, const std::string& payload) {
    std::string out;
    const auto len = static_cast<uint32_t>(payload.size() + 1);
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((len >> shift) & 0xff));
    out.push_back(static_cast<char>(kind));
    return out + payload;
}

// ---- Raft over the transport ---------------------------------------------

struct RaftMember {
    NodeId id = raft::kNoNode;
    raft::MemoryLogStore store;
    std::unique_ptr<raft::Node> node;
    std::unique_ptr<asio::steady_timer> ticker;
    std::unique_ptr<RpcTransport> transport;
    uint16_t port = 0;
    bool crashed = false;
    Index reportedDurable = 0;
    Term reportedTerm = 0;
};

/// Three raft::Node instances of one group, each with its own transport,
/// driven on the io thread: a 10 ms ticker, a handler that feeds received
/// messages to the node, a pump that syncs the memory store and sends what
/// the node asks for, and a proposer that keeps `window` proposals in flight
/// at the leader. Everything but the constructor and destructor runs on the
/// io thread (the test uses IoThread::call).
class RaftCluster {
public:
    explicit RaftCluster(IoThread& io) : m_io(io), m_start(Clock::now()) {}

    bool start(int64_t electionMs, int64_t heartbeatMs) {
        return m_io.call([&] {
            for (NodeId id = 1; id <= 3; ++id) {
                auto m = std::make_unique<RaftMember>();
                m->id = id;
                raft::NodeConfig nc;
                nc.group = 1;
                nc.self = id;
                nc.voters = {1, 2, 3};
                nc.electionTimeoutMs = electionMs;
                nc.heartbeatIntervalMs = heartbeatMs;
                nc.randomSeed = 42;
                auto node = raft::Node::create(nc, m->store, nowMs());
                if (!node.isOk()) return false;
                m->node = std::move(node.value());
                RaftMember* raw = m.get();
                m->transport = std::make_unique<RpcTransport>(m_io.io(), configFor(id), [this, raw](Message msg) {
                    if (raw->crashed) return;
                    raw->node->receive(msg);
                    pump(*raw);
                });
                if (!m->transport->listen().isOk()) return false;
                m->port = m->transport->port();
                m->ticker = std::make_unique<asio::steady_timer>(m_io.io());
                m_members.push_back(std::move(m));
            }
            for (auto& a : m_members) {
                for (auto& b : m_members)
                    if (a->id != b->id) a->transport->addPeer(b->id, "127.0.0.1", b->port);
                a->transport->start();
                scheduleTick(*a);
            }
            return true;
        });
    }

    ~RaftCluster() {
        m_io.call([this] {
            for (auto& m : m_members) {
                m->crashed = true;
                m->ticker->cancel();
                m->transport.reset();
            }
            m_members.clear();
            return 0;
        });
    }

    int64_t nowMs() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_start).count();
    }
    int64_t nowUs() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_start).count();
    }

    // ---- io thread only
    RaftMember* leader() {
        RaftMember* l = nullptr;
        for (auto& m : m_members)
            if (!m->crashed && m->node->isLeader() && (!l || m->node->term() > l->node->term())) l = m.get();
        return l;
    }
    RaftMember& member(NodeId id) { return *m_members[static_cast<size_t>(id - 1)]; }
    std::vector<RaftMember*> live() {
        std::vector<RaftMember*> out;
        for (auto& m : m_members)
            if (!m->crashed) out.push_back(m.get());
        return out;
    }

    /// Proposes `count` more entries, keeping `window` uncommitted at the leader.
    void proposeMore(int count, Index window) {
        m_target += count;
        m_window = window;
        m_proposeStartUs = nowUs();
        m_doneUs = -1;
        if (RaftMember* l = leader()) pump(*l);
    }
    bool proposalsCommitted() const { return m_doneUs >= 0; }
    /// Time from proposeMore() until the leader committed the last proposal.
    int64_t commitUs() const { return m_doneUs - m_proposeStartUs; }
    int64_t firstLeaderMs() const { return m_firstLeaderMs; }
    int proposed() const { return m_proposed; }

    void crash(NodeId id) {
        RaftMember& m = member(id);
        m.crashed = true;
        m.ticker->cancel();
        m.transport->stop();
    }

    /// Normal-entry payloads of a member's committed log.
    std::vector<std::string> committedPayloads(RaftMember& m) {
        std::vector<std::string> out;
        for (Index i = m.store.startIndex(); i <= m.node->commitIndex(); ++i)
            if (const raft::Entry* e = m.store.entryAt(i); e && e->type == raft::EntryType::Normal) out.push_back(e->payload);
        return out;
    }

private:
    void scheduleTick(RaftMember& m) {
        m.ticker->expires_after(std::chrono::milliseconds(10));
        m.ticker->async_wait([this, &m](boost::system::error_code ec) {
            if (ec || m.crashed) return;
            m.node->tick(nowMs());
            pump(m);
            scheduleTick(m);
        });
    }

    void pump(RaftMember& m) {
        for (int round = 0; round < 16; ++round) {
            const Index durable = m.store.sync();
            if (auto term = m.store.termAt(durable); durable > 0 && term &&
                                                      (durable != m.reportedDurable || *term != m.reportedTerm)) {
                m.node->persisted(durable, *term);
                m.reportedDurable = durable;
                m.reportedTerm = *term;
            }
            if (m.node->isLeader()) {
                if (m_firstLeaderMs < 0) m_firstLeaderMs = nowMs();
                while (m_proposed < m_target && m_lastProposed - m.node->commitIndex() < m_window) {
                    auto r = m.node->propose("value-" + std::to_string(m_proposed));
                    if (!r.ok()) break;
                    ++m_proposed;
                    m_lastProposed = r.index;
                }
                if (m_proposed == m_target && m_target > 0 && m_doneUs < 0 && m.node->commitIndex() >= m_lastProposed)
                    m_doneUs = nowUs();
            }
            auto messages = m.node->takeMessages();
            m.node->takeNotices();
            if (messages.empty()) {
                if (m.store.lastIndex() == m.reportedDurable) break;
                continue;
            }
            for (auto& msg : messages) m.transport->send(std::move(msg));
        }
    }

    IoThread& m_io;
    Clock::time_point m_start;
    std::vector<std::unique_ptr<RaftMember>> m_members;
    int m_target = 0;
    int m_proposed = 0;
    Index m_lastProposed = 0;
    Index m_window = 256;
    int64_t m_firstLeaderMs = -1;
    int64_t m_proposeStartUs = -1;
    int64_t m_doneUs = -1;
};

/// Many Raft groups on three nodes, all over one transport per node: the
/// shape heartbeat batching is for. One ticker per node ticks every group.
class MultiGroupCluster {
public:
    struct Group {
        raft::MemoryLogStore store;
        std::unique_ptr<raft::Node> node;
        Index reportedDurable = 0;
        Term reportedTerm = 0;
    };
    struct Node {
        NodeId id = raft::kNoNode;
        std::vector<std::unique_ptr<Group>> groups; ///< group g at g - 1
        std::unique_ptr<asio::steady_timer> ticker;
        std::unique_ptr<RpcTransport> transport;
        uint16_t port = 0;
    };

    explicit MultiGroupCluster(IoThread& io) : m_io(io), m_start(Clock::now()) {}
    ~MultiGroupCluster() {
        m_io.call([this] {
            for (auto& n : m_nodes) {
                n->ticker->cancel();
                n->transport.reset();
            }
            m_stopped = true;
            m_nodes.clear();
            return 0;
        });
    }

    bool start(int groups, int64_t tickMs) {
        m_tickMs = tickMs;
        return m_io.call([&] {
            for (NodeId id = 1; id <= 3; ++id) {
                auto n = std::make_unique<Node>();
                n->id = id;
                for (int g = 1; g <= groups; ++g) {
                    auto grp = std::make_unique<Group>();
                    raft::NodeConfig nc;  // default timeouts: 1500 ms election, 150 ms heartbeat
                    nc.group = static_cast<raft::GroupId>(g);
                    nc.self = id;
                    nc.voters = {1, 2, 3};
                    nc.randomSeed = static_cast<uint64_t>(g);
                    auto node = raft::Node::create(nc, grp->store, nowMs());
                    if (!node.isOk()) return false;
                    grp->node = std::move(node.value());
                    n->groups.push_back(std::move(grp));
                }
                Node* raw = n.get();
                n->transport = std::make_unique<RpcTransport>(m_io.io(), configFor(id), [this, raw](Message msg) {
                    if (m_stopped || msg.group < 1 || msg.group > raw->groups.size()) return;
                    Group& grp = *raw->groups[msg.group - 1];
                    grp.node->receive(msg);
                    pump(*raw, grp);
                });
                if (!n->transport->listen().isOk()) return false;
                n->port = n->transport->port();
                n->ticker = std::make_unique<asio::steady_timer>(m_io.io());
                m_nodes.push_back(std::move(n));
            }
            for (auto& a : m_nodes) {
                for (auto& b : m_nodes)
                    if (a->id != b->id) a->transport->addPeer(b->id, "127.0.0.1", b->port);
                a->transport->start();
                scheduleTick(*a);
            }
            return true;
        });
    }

    /// Groups whose three members agree on one leader (io thread).
    int settledGroups() {
        int settled = 0;
        for (size_t g = 0; g < m_nodes[0]->groups.size(); ++g) {
            int leaders = 0;
            NodeId agreed = m_nodes[0]->groups[g]->node->leader();
            bool same = agreed != raft::kNoNode;
            for (auto& n : m_nodes) {
                if (n->groups[g]->node->isLeader()) ++leaders;
                same = same && n->groups[g]->node->leader() == agreed;
            }
            if (leaders == 1 && same) ++settled;
        }
        return settled;
    }

    /// How many groups each node leads (io thread).
    std::vector<int> leadersPerNode() {
        std::vector<int> out;
        for (auto& n : m_nodes) {
            int count = 0;
            for (auto& g : n->groups) count += g->node->isLeader() ? 1 : 0;
            out.push_back(count);
        }
        return out;
    }

    RpcStats total() {
        RpcStats t;
        for (auto& n : m_nodes) {
            RpcStats s = n->transport->stats();
            t.messagesSent += s.messagesSent;
            t.framesSent += s.framesSent;
            t.bytesSent += s.bytesSent;
            t.heartbeatBatchesSent += s.heartbeatBatchesSent;
        }
        return t;
    }

private:
    int64_t nowMs() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_start).count();
    }

    void scheduleTick(Node& n) {
        n.ticker->expires_after(std::chrono::milliseconds(m_tickMs));
        n.ticker->async_wait([this, &n](boost::system::error_code ec) {
            if (ec || m_stopped) return;
            const int64_t now = nowMs();
            for (auto& g : n.groups) {
                g->node->tick(now);
                pump(n, *g);
            }
            scheduleTick(n);
        });
    }

    void pump(Node& n, Group& g) {
        const Index durable = g.store.sync();
        if (auto term = g.store.termAt(durable); durable > 0 && term && (durable != g.reportedDurable || *term != g.reportedTerm)) {
            g.node->persisted(durable, *term);
            g.reportedDurable = durable;
            g.reportedTerm = *term;
        }
        for (auto& msg : g.node->takeMessages()) n.transport->send(std::move(msg));
        g.node->takeNotices();
    }

    IoThread& m_io;
    Clock::time_point m_start;
    int64_t m_tickMs = 50;
    bool m_stopped = false;
    std::vector<std::unique_ptr<Node>> m_nodes;
};

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

class TestRaftTransport : public QObject {
    Q_OBJECT

private slots:
    void threeTransportsExchangeMessagesBothWays();
    void heartbeatsForOnePeerLeaveAsOneBatch();
    void heartbeatFlushIntervalCollectsSeveralTurns();
    void peerThatStartsLaterIsReachedAfterRetries();
    void killedConnectionIsReestablished();
    void badInputClosesOnlyThatConnection();
    void messagesToOnePeerKeepTheirOrder();
    void fullQueueDropsTheOldestMessages();
    void raftElectsCommitsAndFailsOverAcrossTransports();
    void thousandIdleGroupsShareBatchedHeartbeats();
};

void TestRaftTransport::threeTransportsExchangeMessagesBothWays() {
    Net net;
    for (NodeId id = 1; id <= 3; ++id) net.add(configFor(id));
    net.mesh();
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 10000);
    std::map<std::pair<NodeId, NodeId>, std::vector<Message>> sent;
    for (NodeId from = 1; from <= 3; ++from)
        for (NodeId to = 1; to <= 3; ++to)
            if (from != to) {
                sent[{from, to}] = sampleMessages(from, to, from * 10 + to);
                net.send(from, sent[{from, to}]);
            }
    for (NodeId to = 1; to <= 3; ++to) QTRY_COMPARE_WITH_TIMEOUT(net.member(to).inbox->size(), size_t{14}, 5000);
    for (NodeId to = 1; to <= 3; ++to) {
        auto got = net.member(to).inbox->copy();
        for (NodeId from = 1; from <= 3; ++from) {
            if (from == to) continue;
            std::vector<Message> fromThis;
            for (auto& m : got)
                if (m.from == from) fromThis.push_back(m);
            QCOMPARE(fromThis.size(), size_t{7});
            for (const Message& expected : sent[{from, to}])
                QVERIFY2(std::find(fromThis.begin(), fromThis.end(), expected) != fromThis.end(),
                         qPrintable(QString("%1 from %2 to %3 missing").arg(raft::messageTypeName(expected)).arg(from).arg(to)));
        }
        QCOMPARE(net.member(to).transport->stats().messagesReceived, uint64_t{14});
        QCOMPARE(net.member(to).transport->stats().messagesSent, uint64_t{14});
        QCOMPARE(net.member(to).transport->stats().messagesDropped, uint64_t{0});
    }
}

void TestRaftTransport::heartbeatsForOnePeerLeaveAsOneBatch() {
    Net net;
    net.add(configFor(1));
    net.add(configFor(2));
    net.mesh();
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 10000);
    const RpcStats before1 = net.member(1).transport->stats();
    const RpcStats before2 = net.member(2).transport->stats();
    constexpr int kGroups = 1000;
    // One io_context turn: node 1 leads 1,000 groups, node 2 answers for 1,000 others.
    net.io.call([&] {
        for (int g = 1; g <= kGroups; ++g) {
            net.member(1).transport->send(Message{static_cast<raft::GroupId>(g), 1, 2, 7, raft::Heartbeat{g}});
            net.member(2).transport->send(
                Message{static_cast<raft::GroupId>(g), 2, 1, 7, raft::HeartbeatResponse{g, g + 1}});
        }
        return 0;
    });
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->size(), size_t{kGroups}, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(net.member(1).inbox->size(), size_t{kGroups}, 5000);
    const RpcStats after1 = net.member(1).transport->stats();
    const RpcStats after2 = net.member(2).transport->stats();
    QCOMPARE(after1.framesSent - before1.framesSent, uint64_t{1});
    QCOMPARE(after1.heartbeatBatchesSent - before1.heartbeatBatchesSent, uint64_t{1});
    QCOMPARE(after2.framesReceived - before2.framesReceived, uint64_t{1});
    QCOMPARE(after2.heartbeatBatchesReceived - before2.heartbeatBatchesReceived, uint64_t{1});
    QCOMPARE(after2.messagesReceived - before2.messagesReceived, uint64_t{kGroups});
    QCOMPARE(after1.framesReceived - before1.framesReceived, uint64_t{1});  // the responses, one MessageBatch
    QCOMPARE(after1.messagesReceived - before1.messagesReceived, uint64_t{kGroups});
    // Every group's heartbeat arrived intact.
    auto got = net.member(2).inbox->copy();
    for (int g = 1; g <= kGroups; ++g) {
        const Message& m = got[static_cast<size_t>(g - 1)];
        QCOMPARE(m.group, static_cast<raft::GroupId>(g));
        QCOMPARE(m.term, Term{7});
        QCOMPARE(std::get<raft::Heartbeat>(m.body).commit, Index{g});
    }
    std::printf("FIGURE heartbeat batch: %d groups in 1 frame of %llu bytes (%.1f bytes per heartbeat); "
                "responses: 1 frame of %llu bytes\n",
                kGroups, static_cast<unsigned long long>(after1.bytesSent - before1.bytesSent),
                static_cast<double>(after1.bytesSent - before1.bytesSent) / kGroups,
                static_cast<unsigned long long>(after2.bytesSent - before2.bytesSent));
}

void TestRaftTransport::heartbeatFlushIntervalCollectsSeveralTurns() {
    Net net;
    TransportConfig c1 = configFor(1);
    c1.heartbeatFlushInterval = std::chrono::milliseconds(100);
    net.add(c1);
    net.add(configFor(2));
    net.mesh();
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 10000);
    const RpcStats before = net.member(2).transport->stats();
    // Ten separate io_context turns of 100 heartbeats each.
    for (int turn = 0; turn < 10; ++turn) {
        std::vector<Message> beats;
        for (int g = 0; g < 100; ++g)
            beats.push_back(Message{static_cast<raft::GroupId>(turn * 100 + g + 1), 1, 2, 1, raft::Heartbeat{0}});
        net.send(1, beats);
    }
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->size(), size_t{1000}, 5000);
    const RpcStats after = net.member(2).transport->stats();
    QVERIFY2(after.heartbeatBatchesReceived - before.heartbeatBatchesReceived <= 3,
             qPrintable(QString("%1 batches").arg(after.heartbeatBatchesReceived - before.heartbeatBatchesReceived)));
    std::printf("FIGURE flush interval 100 ms: 10 turns of 100 heartbeats arrived in %llu frame(s)\n",
                static_cast<unsigned long long>(after.framesReceived - before.framesReceived));
}

void TestRaftTransport::peerThatStartsLaterIsReachedAfterRetries() {
    Net net;
    const uint16_t port2 = freePort();
    Member& m1 = net.add(configFor(1), {{2, port2}});
    std::vector<Message> early;
    for (int64_t i = 0; i < 5; ++i) early.push_back(seqMessage(1, 2, i));
    net.send(1, early);
    QTRY_VERIFY_WITH_TIMEOUT(m1.transport->stats().connectFailures >= 3, 5000);
    QVERIFY(!net.connected(1, 2));
    Member& m2 = net.add(configFor(2, port2), {{1, m1.port}});
    QCOMPARE(m2.port, port2);
    QTRY_VERIFY_WITH_TIMEOUT(net.connected(1, 2), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m2.inbox->size(), size_t{5}, 5000);
    auto got = m2.inbox->copy();
    for (int64_t i = 0; i < 5; ++i) QCOMPARE(seqOf(got[static_cast<size_t>(i)]), i);
    QCOMPARE(m1.transport->stats().connects, uint64_t{1});
    QCOMPARE(m1.transport->stats().reconnects, uint64_t{0});
    std::printf("FIGURE late peer reached after %llu failed attempts\n",
                static_cast<unsigned long long>(m1.transport->stats().connectFailures));
}

void TestRaftTransport::killedConnectionIsReestablished() {
    Net net;
    net.add(configFor(1));
    net.add(configFor(2));
    net.mesh();
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 10000);
    net.send(1, {seqMessage(1, 2, 0)});
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->size(), size_t{1}, 5000);

    // 1. Node 2 drops every connection (as a network failure would).
    net.io.call([&] {
        net.member(2).transport->resetConnections();
        return 0;
    });
    QTRY_VERIFY_WITH_TIMEOUT(net.member(1).transport->stats().reconnects >= 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 5000);
    net.send(1, {seqMessage(1, 2, 1)});
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->size(), size_t{2}, 5000);

    // 2. Node 2 dies and comes back on the same port; what node 1 queued meanwhile arrives in order.
    const uint16_t port2 = net.member(2).port;
    const uint16_t port1 = net.member(1).port;
    net.remove(2);
    QTRY_VERIFY_WITH_TIMEOUT(!net.connected(1, 2), 5000);
    std::vector<Message> whileDown;
    for (int64_t i = 2; i < 12; ++i) whileDown.push_back(seqMessage(1, 2, i));
    whileDown.push_back(Message{1, 1, 2, 1, raft::Heartbeat{0}});  // stale: dropped, not queued
    net.send(1, whileDown);
    Member& back = net.add(configFor(2, port2), {{1, port1}});
    QTRY_COMPARE_WITH_TIMEOUT(back.inbox->size(), size_t{10}, 5000);
    auto got = back.inbox->copy();
    for (size_t i = 0; i < got.size(); ++i) QCOMPARE(seqOf(got[i]), static_cast<int64_t>(i) + 2);
    const RpcStats s = net.member(1).transport->stats();
    QVERIFY(s.reconnects >= 2);
    QVERIFY(s.heartbeatsDropped >= 1);
    // And node 2 reaches node 1 again too.
    net.send(2, {seqMessage(2, 1, 99)});
    QTRY_COMPARE_WITH_TIMEOUT(net.member(1).inbox->size(), size_t{1}, 5000);
    std::printf("FIGURE reconnects %llu, failed attempts %llu\n", static_cast<unsigned long long>(s.reconnects),
                static_cast<unsigned long long>(s.connectFailures));
}

void TestRaftTransport::badInputClosesOnlyThatConnection() {
    Net net;
    net.add(configFor(1));
    net.add(configFor(2));
    net.mesh();
    // Node 2 also knows a node 3 that never runs: raw clients pose as it.
    net.io.call([&] {
        net.member(2).transport->addPeer(3, "127.0.0.1", freePort());
        return 0;
    });
    QTRY_VERIFY_WITH_TIMEOUT(net.connected(1, 2) && net.connected(2, 1), 10000);
    const uint16_t port = net.member(2).port;
    const std::string hello3 = helloFrame(3, kCluster);
    QByteArray answer;

    // Before the handshake.
    QVERIFY(serverCloses(port, std::string("\xff\xff\xff\xf0", 4) + "abc"));             // huge length
    QVERIFY(serverCloses(port, std::string("\x00\x00\x00\x00", 4)));                     // below the minimum
    QVERIFY(serverCloses(port, std::string("\x00\x00\x00\x0a", 4) + std::string(10, '\xab'), &answer));  // garbage
    QVERIFY2(answer.contains("expected a Hello"), answer.constData());
    QVERIFY(serverCloses(port, std::string("\x00\x00\x00\x04\x01PLX", 8), &answer));    // truncated hello
    QVERIFY(serverCloses(port, helloFrame(3, "other-cluster"), &answer));
    QVERIFY2(answer.contains("wrong cluster id"), answer.constData());
    QVERIFY(serverCloses(port, helloFrame(9, kCluster), &answer));
    QVERIFY2(answer.contains("unknown node id 9"), answer.constData());
    QVERIFY(serverCloses(port, helloFrame(2, kCluster), &answer));
    QVERIFY2(answer.contains("duplicate node id"), answer.constData());
    // After a good handshake.
    QVERIFY(serverCloses(port, hello3 + frame(FrameKind::Message, std::string(20, '\xff')), &answer));  // does not parse
    QVERIFY2(answer.size() > 0 && answer[4] == char(FrameKind::HelloAck), "no HelloAck");
    QVERIFY(serverCloses(port, hello3 + std::string("\x7f\xff\xff\xff", 4)));                       // huge length
    QVERIFY(serverCloses(port, hello3 + frame(FrameKind::Hello, "again")));                        // wrong kind
    std::string spoofed;
    appendMessageFrame(seqMessage(1, 2, 5), spoofed);                                               // claims node 1
    QVERIFY(serverCloses(port, hello3 + spoofed));
    QVERIFY(serverCloses(port, hello3 + frame(FrameKind::HeartbeatBatch, std::string(8, '\xee'))));

    const RpcStats s = net.member(2).transport->stats();
    QVERIFY2(s.connectionsRejected >= 12, qPrintable(QString::number(s.connectionsRejected)));
    // The real peer was never disturbed: its connection still works both ways.
    QVERIFY(net.connected(1, 2) && net.connected(2, 1));
    QCOMPARE(net.member(1).transport->stats().reconnects, uint64_t{0});
    net.send(1, {seqMessage(1, 2, 42)});
    net.send(2, {seqMessage(2, 1, 43)});
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->size(), size_t{1}, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(net.member(1).inbox->size(), size_t{1}, 5000);
    QCOMPARE(seqOf(net.member(2).inbox->copy()[0]), int64_t{42});
    // A raw client that says nothing at all is closed after the handshake timeout.
    TransportConfig quick = configFor(4);
    quick.handshakeTimeout = std::chrono::milliseconds(200);
    Member& m4 = net.add(quick);
    QVERIFY(serverCloses(m4.port, std::string(), nullptr, 3000));
    // (At least: a test running in parallel may knock on a reused port too.)
    QTRY_VERIFY_WITH_TIMEOUT(m4.transport->stats().connectionsRejected >= 1, 2000);
}

void TestRaftTransport::messagesToOnePeerKeepTheirOrder() {
    Net net;
    net.add(configFor(1));
    net.add(configFor(2));
    net.mesh();
    QTRY_VERIFY_WITH_TIMEOUT(net.allConnected(), 10000);
    constexpr int64_t kTurns = 20, kPerTurn = 500;
    int64_t seq = 0;
    for (int64_t turn = 0; turn < kTurns; ++turn) {
        std::vector<Message> batch;
        for (int64_t i = 0; i < kPerTurn; ++i) {
            batch.push_back(seqMessage(1, 2, seq++, 100));
            if (i % 10 == 0) batch.push_back(Message{static_cast<raft::GroupId>(i), 1, 2, 1, raft::Heartbeat{i}});
        }
        net.send(1, std::move(batch));
    }
    QTRY_COMPARE_WITH_TIMEOUT(net.member(2).inbox->nonHeartbeats(1).size(), static_cast<size_t>(seq), 20000);
    auto got = net.member(2).inbox->nonHeartbeats(1);
    for (size_t i = 0; i < got.size(); ++i)
        if (seqOf(got[i]) != static_cast<int64_t>(i)) QFAIL(qPrintable(QString("position %1 holds %2").arg(i).arg(seqOf(got[i]))));
    QCOMPARE(net.member(1).transport->stats().messagesDropped, uint64_t{0});
}

void TestRaftTransport::fullQueueDropsTheOldestMessages() {
    Net net;
    const uint16_t port2 = freePort();
    TransportConfig c1 = configFor(1);
    c1.maxQueueBytes = 64 * 1024;
    Member& m1 = net.add(c1, {{2, port2}});
    constexpr int64_t kCount = 1000;
    std::vector<Message> all;
    for (int64_t i = 0; i < kCount; ++i) all.push_back(seqMessage(1, 2, i, 1000));
    net.send(1, all);
    const RpcStats s = m1.transport->stats();
    QVERIFY2(s.messagesDropped > 900, qPrintable(QString::number(s.messagesDropped)));
    const size_t queued = net.io.call([&] { return m1.transport->peers().front().queuedFrames; });
    QCOMPARE(static_cast<uint64_t>(queued) + s.messagesDropped, static_cast<uint64_t>(kCount));
    QVERIFY(net.io.call([&] { return m1.transport->peers().front().queuedBytes; }) <= c1.maxQueueBytes);
    Member& m2 = net.add(configFor(2, port2), {{1, m1.port}});
    QTRY_COMPARE_WITH_TIMEOUT(m2.inbox->size(), queued, 5000);
    auto got = m2.inbox->copy();
    // The newest survive, in order.
    for (size_t i = 0; i < got.size(); ++i)
        QCOMPARE(seqOf(got[i]), kCount - static_cast<int64_t>(got.size()) + static_cast<int64_t>(i));
    std::printf("FIGURE 64 KiB queue: kept %zu of %lld 1 KB messages, dropped %llu\n", got.size(),
                static_cast<long long>(kCount), static_cast<unsigned long long>(s.messagesDropped));
}

void TestRaftTransport::raftElectsCommitsAndFailsOverAcrossTransports() {
    IoThread io;
    RaftCluster cluster(io);
    constexpr int64_t kElection = 500, kHeartbeat = 50;
    QVERIFY(cluster.start(kElection, kHeartbeat));

    // 1. A leader is elected.
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] { return cluster.leader() != nullptr; }), 15000);
    const int64_t firstLeaderMs = io.call([&] { return cluster.firstLeaderMs(); });
    const NodeId firstLeader = io.call([&] { return cluster.leader()->id; });
    const Term firstTerm = io.call([&] { return cluster.leader()->node->term(); });

    // 2. It commits 1,000 proposals (256 in flight).
    constexpr int kProposals = 1000;
    io.call([&] {
        cluster.proposeMore(kProposals, 256);
        return 0;
    });
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] { return cluster.proposalsCommitted(); }), 30000);
    const int64_t commitUs = io.call([&] { return cluster.commitUs(); });
    QCOMPARE(io.call([&] { return cluster.leader() ? cluster.leader()->id : raft::kNoNode; }), firstLeader);
    // Every node holds the same committed values once followers learned the commit index.
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] {
        for (RaftMember* m : cluster.live())
            if (cluster.committedPayloads(*m).size() != size_t{kProposals}) return false;
        return true;
    }), 5000);
    const auto reference = io.call([&] { return cluster.committedPayloads(cluster.member(firstLeader)); });
    for (NodeId id = 1; id <= 3; ++id) QCOMPARE(io.call([&] { return cluster.committedPayloads(cluster.member(id)); }), reference);
    QCOMPARE(reference.front(), std::string("value-0"));
    QCOMPARE(reference.back(), std::string("value-999"));

    // 3. The leader's node crashes (its transport closes); the other two elect a new leader.
    const int64_t crashMs = io.call([&] {
        cluster.crash(firstLeader);
        return cluster.nowMs();
    });
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] {
        RaftMember* l = cluster.leader();
        return l && l->id != firstLeader && l->node->term() > firstTerm;
    }), 15000);
    const int64_t failoverMs = io.call([&] { return cluster.nowMs(); }) - crashMs;
    const NodeId secondLeader = io.call([&] { return cluster.leader()->id; });

    // 4. And continue: 200 more proposals commit on both survivors.
    io.call([&] {
        cluster.proposeMore(200, 64);
        return 0;
    });
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] { return cluster.proposalsCommitted(); }), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] {
        for (RaftMember* m : cluster.live())
            if (cluster.committedPayloads(*m).size() != size_t{kProposals + 200}) return false;
        return true;
    }), 5000);
    auto after = io.call([&] { return cluster.committedPayloads(cluster.member(secondLeader)); });
    QCOMPARE(std::vector<std::string>(after.begin(), after.begin() + kProposals), reference);  // nothing committed was lost
    QCOMPARE(after.back(), std::string("value-1199"));
    const RpcStats ls = io.call([&] { return cluster.member(secondLeader).transport->stats(); });

    std::printf("FIGURE raft over loopback transports (election %lld ms, heartbeat %lld ms):\n"
                "  first leader after %lld ms (node %d, term %lld)\n"
                "  %d proposals committed in %.1f ms = %.0f commits/s (256 in flight)\n"
                "  leader crash -> new leader (node %d) in %lld ms; 200 more committed\n"
                "  new leader's transport: %llu messages / %llu frames sent, %llu heartbeat batches, %llu dropped\n",
                static_cast<long long>(kElection), static_cast<long long>(kHeartbeat), static_cast<long long>(firstLeaderMs),
                firstLeader, static_cast<long long>(firstTerm), kProposals, static_cast<double>(commitUs) / 1000.0,
                commitUs > 0 ? 1e6 * kProposals / static_cast<double>(commitUs) : 0.0, secondLeader,
                static_cast<long long>(failoverMs), static_cast<unsigned long long>(ls.messagesSent),
                static_cast<unsigned long long>(ls.framesSent), static_cast<unsigned long long>(ls.heartbeatBatchesSent),
                static_cast<unsigned long long>(ls.messagesDropped));
}

void TestRaftTransport::thousandIdleGroupsShareBatchedHeartbeats() {
    IoThread io;
    MultiGroupCluster cluster(io);
    constexpr int kGroups = 1000;
    const auto t0 = Clock::now();
    QVERIFY(cluster.start(kGroups, 50));
    QTRY_VERIFY_WITH_TIMEOUT(io.call([&] { return cluster.settledGroups() == kGroups; }), 60000);
    const double electMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const auto leaders = io.call([&] { return cluster.leadersPerNode(); });

    // Idle: nothing proposed, only heartbeats and their responses flow.
    const RpcStats before = io.call([&] { return cluster.total(); });
    const double cpu0 = cpuSeconds();
    const auto w0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const double wall = std::chrono::duration<double>(Clock::now() - w0).count();
    const double cpu = cpuSeconds() - cpu0;
    const RpcStats after = io.call([&] { return cluster.total(); });
    QCOMPARE(io.call([&] { return cluster.settledGroups(); }), kGroups);  // no elections while idle

    const double messages = static_cast<double>(after.messagesSent - before.messagesSent);
    const double frames = static_cast<double>(after.framesSent - before.framesSent);
    QVERIFY(messages > 0);
    // Heartbeats leave in batches: many messages per frame.
    QVERIFY2(messages / frames > 20, qPrintable(QString("%1 messages in %2 frames").arg(messages).arg(frames)));
    std::printf("FIGURE %d groups x 3 nodes (default timeouts, 50 ms ticker): all elected after %.0f ms, "
                "leaders per node %d/%d/%d\n"
                "  idle %.1f s: %.0f messages/s in %.0f frames/s (%.0f messages per frame), %.0f KB/s, "
                "CPU %.1f%% of one core for all 3 nodes\n",
                kGroups, electMs, leaders[0], leaders[1], leaders[2], wall, messages / wall, frames / wall, messages / frames,
                static_cast<double>(after.bytesSent - before.bytesSent) / wall / 1024.0, 100.0 * cpu / wall);
}

QTEST_GUILESS_MAIN(TestRaftTransport)
#include "test_raft_transport.moc"

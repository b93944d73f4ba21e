#include "broker/replication/cluster_manager.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "broker/cluster/rpc_transport.h"
#include "broker/common/durable_file.h"
#include "broker/services/internal_topics.h"
#include "broker/protocol/batch_builder.h"
#include "broker/server/broker.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/partition_log.h"
#include "broker/storage/raft_log_store.h"

namespace plexus::replication {

using nlohmann::json;
using protocol::ErrorCode;

namespace {

// Call methods between nodes.
constexpr uint16_t kMethodSubmit = 1;    ///< request: a metadata change for the controller leader
constexpr uint16_t kMethodLeaders = 2;   ///< notify: the partitions the sender leads
constexpr uint16_t kMethodTransfer = 3;  ///< request: move a partition's leadership (sent to its leader)

constexpr int64_t kTickMs = 50;
constexpr int64_t kMaxRaftStepMs = 3 * kTickMs;  ///< Raft time a single tick may advance (see raftNow)
constexpr int64_t kReportEveryMs = 1000;
constexpr int64_t kRebalanceEveryMs = 5000;
constexpr raft::Index kInSyncMaxLag = 1000;  ///< entries a follower may trail and still count as in sync
constexpr int64_t kSubmitTimeoutMs = 10000;

std::string randomHexId() {
    std::random_device rd;
    std::mt19937_64 rng(rd());
    std::ostringstream out;
    out << std::hex;
    for (int i = 0; i < 2; ++i) {
        uint64_t v = rng();
        for (int b = 0; b < 16; ++b) out << ((v >> (60 - 4 * b)) & 0xf);
    }
    return out.str();
}

/// Default cluster id: a stable digest of the sorted seed list, so that
/// nodes started with the same seeds agree without coordination.
std::string derivedClusterId(std::vector<std::string> seeds) {
    std::sort(seeds.begin(), seeds.end());
    uint64_t h = 1469598103934665603ull;
    for (const auto& s : seeds) {
        for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
        h = (h ^ ',') * 1099511628211ull;
    }
    std::ostringstream out;
    out << "plexus-" << std::hex << h;
    return out.str();
}

std::string commandBatch(const json& command) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return protocol::encodeSimpleBatch({protocol::OwnedRecord{std::nullopt, command.dump()}}, now);
}

}  // namespace

ClusterManager::ClusterManager(server::Broker& broker)
    : m_broker(broker), m_config(broker.config()), m_timer(broker.io()) {}

ClusterManager::~ClusterManager() {
    *m_alive = false;
    stop();
}

int64_t ClusterManager::nowMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_epoch).count();
}

Status ClusterManager::start() {
    if (Status s = loadIdentity(); !s) return s;

    cluster::TransportConfig tc;
    tc.self = m_config.nodeId;
    tc.clusterId = m_clusterId;
    tc.listenHost = m_config.rpcAddr.host;
    tc.listenPort = m_config.rpcAddr.port;
    m_transport = std::make_unique<cluster::RpcTransport>(m_broker.io(), tc, [this](raft::Message m) { onMessage(std::move(m)); });
    if (Status s = m_transport->listen(); !s) return Status::error("rpc listener " + m_config.rpcAddr.str() + ": " + s.message());
    m_rpcBound = {m_config.rpcAddr.host, m_transport->port()};
    const std::string advertised =
        (m_config.advertisedHost.empty() ? m_config.rpcAddr.host : m_config.advertisedHost) + ":" + std::to_string(m_rpcBound.port);
    m_transport->setAdvertisedAddress(advertised);
    m_transport->setCallHandler([this](raft::NodeId from, uint16_t method, std::string body, cluster::RpcTransport::Reply reply) {
        onCall(from, method, std::move(body), std::move(reply));
    });
    m_transport->setPeerHandler([this](raft::NodeId id, const std::string&, uint16_t) {
        (void)id;
        sendLeaderReport(true);  // a node that (re)connects learns our leaderships at once
    });

    if (Status s = openController(); !s) return s;
    if (Status s = loadSnapshot(); !s) return s;
    // Peers known from the last state can be dialled at once.
    for (const auto& [id, n] : m_state.nodes())
        if (id != m_config.nodeId) m_transport->addPeer(id, n.rpcHost, n.rpcPort);
    reconcile();
    m_transport->start();
    if (!m_voters.empty())
        startControllerGroup();
    else
        probeSeeds();
    m_timer.expires_after(std::chrono::milliseconds(kTickMs));
    m_timer.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (!ec && *alive) onTick();
    });
    return Status::ok();
}

void ClusterManager::stop() {
    if (m_stopped) return;
    m_stopped = true;
    m_timer.cancel();
    for (auto& [g, r] : m_replicas) {
        r->store->setDurableCallback({});
        failWaiters(*r, 0, ErrorCode::NotLeaderOrFollower, "the node is shutting down");
    }
    if (m_controller) m_controller->store->setDurableCallback({});
    for (auto& p : m_pending) p.done(Status::error(Errc::ShuttingDown, "the node is shutting down"));
    m_pending.clear();
    if (m_transport) m_transport->stop();
}

// ---- identity, controller log, snapshot ----

Status ClusterManager::loadIdentity() {
    const auto path = m_config.dataDir / "cluster.json";
    if (std::ifstream in(path); in) {
        try {
            json j = json::parse(in);
            m_clusterId = j.at("cluster_id").get<std::string>();
            m_voters = j.at("voters").get<std::vector<int32_t>>();
            if (j.contains("seeds")) m_seedIds = j["seeds"].get<std::map<std::string, int32_t>>();
        } catch (const json::exception& e) {
            return Status::error("corrupt file " + path.string() + ": " + e.what());
        }
        if (!m_config.clusterId.empty() && m_config.clusterId != m_clusterId)
            return Status::error("cluster.id '" + m_config.clusterId + "' differs from '" + m_clusterId +
                                 "', the cluster this data directory belongs to (" + path.string() + ")");
        return Status::ok();
    }
    m_clusterId = m_config.clusterId.empty() ? derivedClusterId(m_config.seeds) : m_config.clusterId;
    return Status::ok();
}

Status ClusterManager::openController() {
    auto options = m_broker.logOptions();
    options.replicated = true;
    auto log = storage::PartitionLog::open(m_config.dataDir / "controller", options, m_broker.workers());
    if (!log) return Status::error("controller log: " + log.message());
    m_controller = std::make_unique<Replica>();
    m_controller->group = kControllerGroup;
    m_controller->log = log.value();
    auto store = storage::RaftLogStore::open(log.value(), m_voters);
    if (!store) return Status::error("controller log: " + store.message());
    m_controller->store = std::move(store.value());
    return Status::ok();
}

Status ClusterManager::loadSnapshot() {
    const auto path = m_config.dataDir / "cluster_state.json";
    std::ifstream in(path);
    if (!in) return Status::ok();
    try {
        json j = json::parse(in);
        auto state = ClusterState::fromJson(j.at("state"));
        if (!state) return Status::error("corrupt file " + path.string() + ": " + state.message());
        m_state = std::move(state.value());
        m_applied = j.at("applied").get<raft::Index>();
    } catch (const json::exception& e) {
        return Status::error("corrupt file " + path.string() + ": " + e.what());
    }
    return Status::ok();
}

void ClusterManager::probeSeeds() {
    if (m_stopped) return;
    const std::string self = m_rpcBound.str();
    const std::string selfAdvertised =
        (m_config.advertisedHost.empty() ? m_config.rpcAddr.host : m_config.advertisedHost) + ":" + std::to_string(m_rpcBound.port);
    auto pending = std::make_shared<size_t>(0);
    for (const auto& seed : m_config.seeds) {
        if (seed == self || seed == selfAdvertised) {
            m_seedIds[seed] = m_config.nodeId;
            continue;
        }
        if (m_seedIds.count(seed)) continue;
        auto address = parseHostPort(seed, PortZero::Refused);
        if (!address) continue;  // checked when the config was read
        const std::string host = address.value().host;
        const uint16_t port = address.value().port;
        ++*pending;
        m_transport->probe(host, port, [this, seed, host, port, pending](Result<cluster::Hello> r) {
            if (m_stopped) return;
            if (r.isOk()) {
                m_seedIds[seed] = r.value().node;
                m_transport->addPeer(r.value().node, host, port);
                spdlog::info("cluster: seed {} is node {}", seed, r.value().node);
            } else {
                spdlog::debug("cluster: seed {} not reachable yet: {}", seed, r.message());
            }
            if (--*pending > 0) return;
            if (m_seedIds.size() < m_config.seeds.size()) {
                auto retry = std::make_shared<boost::asio::steady_timer>(m_broker.io(), std::chrono::milliseconds(300));
                retry->async_wait([this, retry, alive = m_alive](boost::system::error_code ec) {
                    if (!ec && *alive) probeSeeds();
                });
                return;
            }
            std::set<int32_t> ids;
            for (const auto& [a, id] : m_seedIds) ids.insert(id);
            if (ids.size() != m_seedIds.size()) {
                spdlog::critical("cluster: two seeds answer with the same node id; node ids must be unique");
                return;
            }
            m_voters.assign(ids.begin(), ids.end());
            json j = {{"cluster_id", m_clusterId}, {"voters", m_voters}, {"seeds", m_seedIds}};
            if (Status s = writeFileDurably(m_config.dataDir / "cluster.json", j.dump(2) + "\n"); !s)
                spdlog::error("cluster: cannot record the controller voters: {}", s.message());
            startControllerGroup();
        });
    }
    if (*pending == 0 && m_voters.empty() && m_seedIds.size() == m_config.seeds.size()) {
        // Every seed is this node: a one-node cluster.
        m_voters = {m_config.nodeId};
        json j = {{"cluster_id", m_clusterId}, {"voters", m_voters}, {"seeds", m_seedIds}};
        if (Status s = writeFileDurably(m_config.dataDir / "cluster.json", j.dump(2) + "\n"); !s)
            spdlog::error("cluster: cannot record the controller voters: {}", s.message());
        startControllerGroup();
    }
}

void ClusterManager::startControllerGroup() {
    if (m_controller->node) return;
    if (std::find(m_voters.begin(), m_voters.end(), m_config.nodeId) == m_voters.end()) {
        spdlog::warn("cluster: node {} is not one of the seeds ({} voters); nodes outside the seed list are not "
                     "supported yet, so it stays without metadata", m_config.nodeId, m_voters.size());
        return;
    }
    auto node = raft::Node::create(raftConfig(kControllerGroup, m_voters), *m_controller->store, m_raftClock);
    if (!node) {
        spdlog::critical("cluster: cannot start the controller group: {}", node.message());
        return;
    }
    m_controller->node = std::move(node.value());
    m_controller->replicas = m_voters;
    // A brand-new cluster: the lowest seed asks for votes at once instead of
    // waiting out an election timeout, so Metadata names a controller
    // sooner after start-up. (Should its peers not host the group yet, the
    // usual timeout follows.)
    const bool fresh = m_controller->store->lastIndex() == 0 && m_controller->store->hardState().term == 0;
    if (fresh && m_config.nodeId == *std::min_element(m_voters.begin(), m_voters.end()))
        m_controller->node->campaignSoon();
    m_controller->store->setDurableCallback([this, alive = m_alive](raft::Index i, raft::Term t) {
        boost::asio::post(m_broker.io(), [this, alive, i, t] {
            if (!*alive || m_stopped || !m_controller->node) return;
            m_controller->node->persisted(i, t);
            pump(*m_controller);
        });
    });
    spdlog::info("cluster: controller group started with voters {}", json(m_voters).dump());
}

// ---- replicas ----

Result<std::unique_ptr<Replica>> ClusterManager::openReplica(const std::string& topic, int32_t partition, uint64_t group,
                                                             std::shared_ptr<storage::PartitionLog> log,
                                                             std::vector<int32_t> voters, bool campaign) {
    auto r = std::make_unique<Replica>();
    r->topic = topic;
    r->partition = partition;
    r->group = group;
    r->replicas = voters;
    r->log = log;
    auto store = storage::RaftLogStore::open(log, voters);
    if (!store) return store.status();
    r->store = std::move(store.value());
    auto node = raft::Node::create(raftConfig(group, voters), *r->store, m_raftClock);
    if (!node) return node.status();
    r->node = std::move(node.value());
    if (campaign) r->node->campaignSoon();
    r->store->setDurableCallback([this, group, alive = m_alive](raft::Index i, raft::Term t) {
        boost::asio::post(m_broker.io(), [this, alive, group, i, t] {
            if (!*alive || m_stopped) return;
            Replica* rep = byGroup(group);
            if (!rep || !rep->node) return;
            rep->node->persisted(i, t);
            pump(*rep);
            completeWaiters(*rep);
        });
    });
    return r;
}

raft::NodeConfig ClusterManager::raftConfig(uint64_t group, std::vector<int32_t> voters) const {
    raft::NodeConfig nc;
    nc.group = group;
    nc.self = m_config.nodeId;
    nc.voters = std::move(voters);
    nc.electionTimeoutMs = m_config.raftElectionTimeoutMs;
    nc.heartbeatIntervalMs = m_config.raftHeartbeatIntervalMs;
    nc.randomSeed = static_cast<uint64_t>(std::random_device{}()) ^ group;
    return nc;
}

Replica* ClusterManager::byGroup(uint64_t group) {
    if (group == kControllerGroup) return m_controller.get();
    auto it = m_replicas.find(group);
    return it == m_replicas.end() ? nullptr : it->second.get();
}

Replica* ClusterManager::replica(const std::string& topic, int32_t partition) {
    const TopicState* t = m_state.topic(topic);
    if (!t || partition < 0 || partition >= static_cast<int32_t>(t->partitions.size())) return nullptr;
    return byGroup(t->partitions[static_cast<size_t>(partition)].group);
}

bool ClusterManager::leads(const std::string& topic, int32_t partition) {
    Replica* r = replica(topic, partition);
    return r && r->node && r->node->isLeader();
}

protocol::ErrorCode ClusterManager::servesReads(const std::string& topic, int32_t partition) {
    if (!m_state.topic(topic)) return ErrorCode::None;  // node-local (the Schema Registry's _schemas)
    return leads(topic, partition) ? ErrorCode::None : ErrorCode::NotLeaderOrFollower;
}

bool ClusterManager::removedFromGroup(Replica& r) const {
    if (r.node->isLeader()) return false;
    const auto& own = r.node->voters();
    if (!std::binary_search(own.begin(), own.end(), m_config.nodeId)) return true;
    auto it = m_leaders.find(r.group);
    if (it == m_leaders.end() || it->second.leader < 0 || it->second.leader == m_config.nodeId) return false;
    const auto& v = it->second.voters;
    return !v.empty() && std::find(v.begin(), v.end(), m_config.nodeId) == v.end();
}

std::map<uint64_t, std::unique_ptr<Replica>>::iterator ClusterManager::dropReplica(
    std::map<uint64_t, std::unique_ptr<Replica>>::iterator it, ErrorCode code, const std::string& why) {
    Replica& r = *it->second;
    failWaiters(r, 0, code, why);
    r.store->setDurableCallback({});
    if (r.coordinating && m_coordination) m_coordination(r.partition, false);
    return m_replicas.erase(it);
}

void ClusterManager::reconcile() {
    m_replicasMovingAway = false;
    auto& logs = m_broker.logs();
    // Topics: the local LogManager mirrors the cluster state (each node keeps
    // a log for every partition; only replicas write to theirs).
    for (const auto& [name, t] : m_state.topics()) {
        auto local = logs.topic(name);
        if (local && local->id != t.id) {
            for (auto it = m_replicas.begin(); it != m_replicas.end();)
                it = it->second->topic == name
                         ? dropReplica(it, ErrorCode::UnknownTopicOrPartition, "the topic was deleted and created again")
                         : std::next(it);
            logs.deleteTopic(name);
            local.reset();
        }
        const auto count = static_cast<int32_t>(t.partitions.size());
        if (!local) {
            Status r = logs.createTopic(name, count, t.configs, false, t.id, true);
            if (!r) {
                spdlog::error("cluster: cannot create topic '{}' locally: {}", name, r.message());
                continue;
            }
        } else {
            if (local->partitionCount < count) {
                Status r = logs.createPartitions(name, count, false);
                if (!r) spdlog::error("cluster: cannot add partitions to '{}' locally: {}", name, r.message());
            }
            if (local->config.overrides() != t.configs) {
                Status r = logs.alterConfigs(name, t.configs, false);
                if (!r) spdlog::error("cluster: cannot apply configs of '{}' locally: {}", name, r.message());
            }
        }
        for (int32_t p = 0; p < count; ++p) {
            const auto& a = t.partitions[static_cast<size_t>(p)];
            const bool hosted = std::find(a.replicas.begin(), a.replicas.end(), m_config.nodeId) != a.replicas.end();
            auto it = m_replicas.find(a.group);
            if (!hosted) {
                // Moved away (reassignment, decommission): the replica stays
                // until the group's leader has removed this node from its
                // voters, so that the group never loses a voter it counts on.
                if (it != m_replicas.end()) {
                    if (removedFromGroup(*it->second))
                        dropReplica(it, ErrorCode::NotLeaderOrFollower, "this node no longer hosts the partition");
                    else
                        m_replicasMovingAway = true;
                }
                continue;
            }
            if (it != m_replicas.end()) continue;
            auto log = logs.partition(name, p);
            if (!log) continue;
            const bool fresh = log->raftLastIndex() < log->raftStartIndex();
            auto r = openReplica(name, p, a.group, log, a.replicas, fresh && a.replicas.front() == m_config.nodeId);
            if (!r) {
                spdlog::error("cluster: cannot start the replica of {}-{}: {}", name, p, r.message());
                continue;
            }
            m_replicas.emplace(a.group, std::move(r.value()));
        }
    }
    // Local replicated topics the cluster no longer has. Node-local topics
    // (the Schema Registry's _schemas, not replicated yet) stay.
    for (const auto& info : logs.topics()) {
        if (!info.replicated || m_state.topic(info.name)) continue;
        for (auto it = m_replicas.begin(); it != m_replicas.end();)
            it = it->second->topic == info.name ? dropReplica(it, ErrorCode::UnknownTopicOrPartition, "the topic was deleted")
                                                : std::next(it);
        logs.deleteTopic(info.name);
    }
}

// ---- the event loop ----

int64_t ClusterManager::raftNow() {
    // Raft time advances with the wall clock but at most kMaxRaftStepMs per
    // tick. When this node's network thread stalls (opening hundreds of new
    // partition logs, fsyncs under a loaded disk), the wall clock jumps and
    // every group's election timer and check-quorum would fire at once,
    // although the silence was this node's own: the resulting elections
    // write hard state for every group, stall the thread again, and feed a
    // storm. Stretching the clock instead lets the heartbeats waiting in the
    // sockets arrive first. A peer that really died is still noticed: its
    // silence spans many ticks.
    const int64_t wall = nowMs();
    m_raftClock += std::clamp<int64_t>(wall - m_lastWallMs, 0, kMaxRaftStepMs);
    m_lastWallMs = wall;
    return m_raftClock;
}

void ClusterManager::onTick() {
    if (m_stopped) return;
    const int64_t now = nowMs();
    const int64_t raftMs = raftNow();
    if (m_controller && m_controller->node) {
        if (!m_controller->node->failure().isOk() && !std::exchange(m_controller->storageFailureLogged, true))
            spdlog::error("cluster: the controller group's log on node {} stopped: {}; this node no longer takes part "
                          "in metadata changes until it restarts", m_config.nodeId, m_controller->node->failure().message());
        m_controller->node->tick(raftMs);
        pump(*m_controller);
    }
    if (controllerId() >= 0) {
        m_controllerLeaderSeenMs = now;
        if (std::exchange(m_fencedLogged, false))
            spdlog::info("cluster: node {} reaches the controller again (node {})", m_config.nodeId, controllerId());
    } else if (fenced() && !std::exchange(m_fencedLogged, true)) {
        spdlog::warn("cluster: node {} has known no controller leader for {} ms: it is cut off from the majority; "
                     "clients asking it for metadata are sent elsewhere", m_config.nodeId, controllerLeaderlessMs());
    }
    for (auto& [g, r] : m_replicas) {
        if (!r->node->failure().isOk() && !std::exchange(r->storageFailureLogged, true))
            spdlog::error("cluster: replica {}-{} on node {} stopped: {}; it neither votes nor acknowledges writes until "
                          "the node restarts, and the other replicas carry on without it",
                          r->topic, r->partition, m_config.nodeId, r->node->failure().message());
        r->node->tick(raftMs);
        if (r->node->isLeader()) driveMembership(*r);
        pump(*r);
        applyCommands(*r);  // those that waited for this replica's durable writes
        completeWaiters(*r);
    }
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (now >= it->deadlineMs) {
            auto done = std::move(it->done);
            it = m_pending.erase(it);
            done(Status::error(Errc::TimedOut,
                               "the metadata change was not committed in time (the controller may have lost its majority)"));
        } else {
            ++it;
        }
    }
    if (now - m_lastReportMs >= kReportEveryMs) {
        sendLeaderReport(true);
        if (m_replicasMovingAway) reconcile();  // drops the replicas whose groups let them go
    }
    if (now - m_lastRebalanceMs >= kRebalanceEveryMs) {
        m_lastRebalanceMs = now;
        rebalanceLeaders();
    }
    maybeRegisterSelf();
    m_timer.expires_after(std::chrono::milliseconds(kTickMs));
    m_timer.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (!ec && *alive) onTick();
    });
}

void ClusterManager::onMessage(raft::Message m) {
    if (m_stopped) return;
    Replica* r = byGroup(m.group);
    if (!r || !r->node) return;  // not (yet) hosted here: the sender retries
    r->node->receive(m);
    pump(*r);
    if (r != m_controller.get()) completeWaiters(*r);
}

void ClusterManager::pump(Replica& r) {
    for (;;) {
        auto messages = r.node->takeMessages();
        auto notices = r.node->takeNotices();
        if (messages.empty() && notices.empty()) break;
        for (auto& m : messages) m_transport->send(std::move(m));
        bool roleChanged = false;
        for (const auto& n : notices) {
            switch (n.kind) {
            case raft::Notice::Kind::Committed: onCommitted(r, n.index); break;
            case raft::Notice::Kind::Truncated:
                failWaiters(r, n.index, ErrorCode::NotLeaderOrFollower,
                            "the write was not committed: leadership changed and the new leader's log replaced it");
                break;
            case raft::Notice::Kind::FollowerLostEntries:
                spdlog::warn("cluster: {}: node {} reports a log ending at entry {}, before entry {} that it had "
                             "acknowledged as durable: its disk lost acknowledged entries; repairing it from this leader",
                             r.group == kControllerGroup ? std::string("the controller group")
                                                         : r.topic + "-" + std::to_string(r.partition),
                             n.peer, n.index, n.previousMatch);
                break;
            case raft::Notice::Kind::RoleChanged:
                roleChanged = true;
                if (r.group == kControllerGroup) {
                    // Pending proposals stay: they may still commit under the
                    // next leader; applying decides (the entry's term must match).
                    spdlog::info("cluster: controller term {} leader {}", n.term, n.leader);
                } else {
                    spdlog::debug("cluster: {}-{} term {} leader {}", r.topic, r.partition, n.term, n.leader);
                    // A deposed leader (a newer term elsewhere, or cut off
                    // from its majority: check-quorum) answers its waiting
                    // writes now, as Kafka does, instead of at their deadline:
                    // whether they commit is up to the next leader, so the
                    // answer is retriable, and an idempotent producer's retry
                    // there is either written or recognised as the copy the
                    // new leader already holds.
                    if (!r.node->isLeader())
                        failWaiters(r, 0, ErrorCode::NotLeaderOrFollower,
                                    "this node lost the leadership of " + r.topic + "-" + std::to_string(r.partition) +
                                        " before the write was committed; it may still commit under the next leader");
                }
                break;
            }
        }
        if (roleChanged && r.group != kControllerGroup) sendLeaderReport(true);
        if (r.topic == services::kOffsetsTopic) updateCoordination(r);
    }
}

void ClusterManager::updateCoordination(Replica& r) {
    // A new leader takes the partition's groups once everything in its log
    // at election time is committed: what it then replays is exactly what
    // earlier coordinators wrote and had acknowledged.
    if (!r.node->isLeader()) {
        r.coordinateAt = 0;
        if (r.coordinating) {
            r.coordinating = false;
            if (m_coordination) m_coordination(r.partition, false);
        }
        return;
    }
    if (r.coordinating) return;
    if (r.coordinateAt == 0) r.coordinateAt = std::max<raft::Index>(r.node->lastIndex(), 1);
    if (r.node->commitIndex() >= r.coordinateAt || r.node->lastIndex() == 0) {
        r.coordinating = true;
        if (m_coordination) m_coordination(r.partition, true);
    }
}

void ClusterManager::onCommitted(Replica& r, raft::Index index) {
    if (r.group == kControllerGroup) {
        applyControllerEntries(index);
        return;
    }
    r.store->setCommitIndex(index);
    applyCommands(r);
    completeWaiters(r);
}

namespace {
constexpr std::string_view kDeleteRecordsCommand = "delete_records ";
}

void ClusterManager::applyCommands(Replica& r) {
    const raft::Index commit = r.node->commitIndex();
    if (commit <= r.commandsApplied) return;
    for (const auto& [index, payload] : r.store->commands(r.commandsApplied + 1, commit)) {
        int64_t offset = -1;
        const std::string_view text(payload);
        if (text.substr(0, kDeleteRecordsCommand.size()) != kDeleteRecordsCommand ||
            std::from_chars(text.data() + kDeleteRecordsCommand.size(), text.data() + text.size(), offset).ec != std::errc()) {
            spdlog::error("cluster: {}-{}: unknown command at index {}: '{}'", r.topic, r.partition, index, payload);
            continue;
        }
        const int64_t startBefore = r.log->logStartOffset();
        auto moved = r.log->deleteRecordsBefore(offset);
        if (!moved) {
            // Beyond this replica's high watermark, which waits for its own
            // durable writes: the next tick tries again.
            spdlog::debug("cluster: {}-{}: DeleteRecords before {} waits: {}", r.topic, r.partition, offset, moved.message());
            r.commandsApplied = index - 1;
            return;
        }
        if (moved.value() > startBefore)  // not again for commands applied before a restart
            spdlog::info("cluster: {}-{}: records before offset {} deleted (log start {})", r.topic, r.partition, offset,
                         moved.value());
    }
    r.commandsApplied = commit;
}

void ClusterManager::deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                                   std::function<void(ProduceOutcome)> done) {
    Replica* r = replica(topic, partition);
    if (!r || !r->node || !r->node->isLeader()) {
        done(ProduceOutcome{ErrorCode::NotLeaderOrFollower, "this node does not lead the partition", -1, -1});
        return;
    }
    const int64_t high = r->log->highWatermark();
    if (offset == -1) offset = high;
    if (offset < 0 || offset > high) {
        done(ProduceOutcome{ErrorCode::OffsetOutOfRange,
                            "offset " + std::to_string(offset) + " is beyond the high watermark " + std::to_string(high), -1,
                            r->log->logStartOffset()});
        return;
    }
    if (offset <= r->log->logStartOffset()) {
        done(ProduceOutcome{ErrorCode::None, "", -1, r->log->logStartOffset()});
        return;
    }
    auto res = r->node->propose(std::string(kDeleteRecordsCommand) + std::to_string(offset), raft::EntryType::Command);
    if (!res.ok()) {
        pump(*r);
        done(ProduceOutcome{ErrorCode::NotLeaderOrFollower, std::string("cannot append: ") + raft::proposeErrorName(res.error), -1, -1});
        return;
    }
    Replica::Waiter w;
    w.index = res.index;
    w.term = res.term;
    w.deadlineMs = nowMs() + std::max<int32_t>(timeoutMs, 1000);
    w.done = std::move(done);
    r->waiters.push_back(std::move(w));
    pump(*r);
}

void ClusterManager::applyControllerEntries(raft::Index upTo) {
    bool changed = false;
    while (m_applied < upTo) {
        auto entries = m_controller->store->read(m_applied + 1, 1u << 20);
        if (!entries || entries.value().empty()) {
            spdlog::error("cluster: cannot read controller entry {}: {}", m_applied + 1,
                          entries ? std::string("none") : entries.message());
            return;
        }
        for (const raft::Entry& e : entries.value()) {
            if (e.index > upTo) break;
            Status result = Status::ok();
            const auto* bytes = reinterpret_cast<const uint8_t*>(e.payload.data());
            std::string scratch;
            protocol::forEachRecord(protocol::BytesView(bytes, e.payload.size()), scratch, 16u << 20,
                                    [&](const protocol::Record& rec) {
                                        if (!rec.value) return true;
                                        json command = json::parse(rec.value->begin(), rec.value->end(), nullptr, false);
                                        result = command.is_discarded()
                                                     ? Status::error(Errc::MalformedRequest, "controller entry is not JSON")
                                                                        : m_state.apply(command);
                                        if (!result)
                                            spdlog::info("cluster: controller entry {} refused: {}", e.index, result.message());
                                        changed = true;
                                        return true;
                                    });
            m_applied = e.index;
            for (auto it = m_pending.begin(); it != m_pending.end();) {
                if (it->index == e.index) {
                    // Its outcome is unknown to this node: not retried (a retry could answer TOPIC_ALREADY_EXISTS).
                    it->done(it->term == e.term ? result : Status::error(Errc::TimedOut, "the controller lost leadership"));
                    it = m_pending.erase(it);
                } else if (it->index < e.index) {
                    it->done(Status::error(Errc::TimedOut, "the controller lost leadership"));
                    it = m_pending.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    if (!changed) return;
    json snapshot = {{"applied", m_applied}, {"state", m_state.toJson()}};
    if (Status s = writeFileDurably(m_config.dataDir / "cluster_state.json", snapshot.dump() + "\n"); !s)
        spdlog::error("cluster: cannot write the cluster state: {}", s.message());
    for (const auto& [id, n] : m_state.nodes())
        if (id != m_config.nodeId) m_transport->addPeer(id, n.rpcHost, n.rpcPort);
    reconcile();
}

// ---- produce ----

void ClusterManager::failWaiters(Replica& r, raft::Index from, ErrorCode code, const std::string& why) {
    std::vector<Replica::Waiter> failed;
    for (auto it = r.waiters.begin(); it != r.waiters.end();) {
        if (it->index >= from) {
            failed.push_back(std::move(*it));
            it = r.waiters.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& w : failed) w.done(ProduceOutcome{code, why, -1, r.log->logStartOffset()});
}

void ClusterManager::completeWaiters(Replica& r) {
    if (r.waiters.empty()) return;
    const raft::Index commit = r.node->commitIndex();
    const raft::Index durable = r.node->persistedIndex();
    const int64_t now = nowMs();
    std::vector<std::pair<Replica::Waiter, ProduceOutcome>> finished;
    for (auto it = r.waiters.begin(); it != r.waiters.end();) {
        const raft::Index reached = it->durableOnly ? durable : commit;
        if (it->index <= reached) {
            ProduceOutcome out{ErrorCode::None, "", it->baseOffset, r.log->logStartOffset()};
            if (r.store->termAt(it->index) != it->term) {
                out = {ErrorCode::NotLeaderOrFollower, "the write was replaced after a leader change", -1, out.logStartOffset};
                out.baseOffset = -1;
            }
            finished.emplace_back(std::move(*it), std::move(out));
            it = r.waiters.erase(it);
        } else if (now >= it->deadlineMs) {
            finished.emplace_back(std::move(*it), ProduceOutcome{ErrorCode::RequestTimedOut,
                                                                 "not replicated to a majority within the request timeout",
                                                                 -1, r.log->logStartOffset()});
            it = r.waiters.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& [w, out] : finished) w.done(std::move(out));
}

void ClusterManager::produce(const std::string& topic, int32_t partition, std::string payload,
                             std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs,
                             std::function<void(ProduceOutcome)> done) {
    Replica* r = replica(topic, partition);
    auto notLeader = [&](const std::string& why) {
        done(ProduceOutcome{ErrorCode::NotLeaderOrFollower, why, -1, -1});
    };
    if (!r || !r->node) {
        auto view = this->partition(topic, partition);
        return notLeader("node " + std::to_string(m_config.nodeId) + " is not a replica of " + topic + "-" +
                         std::to_string(partition) + (view && view->leader >= 0 ? "; the leader is node " + std::to_string(view->leader) : ""));
    }
    if (!r->node->isLeader()) {
        const auto leader = r->node->leader();
        return notLeader("node " + std::to_string(m_config.nodeId) + " is not the leader of " + topic + "-" +
                         std::to_string(partition) +
                         (leader >= 0 ? "; the leader is node " + std::to_string(leader) : "; no leader is elected yet"));
    }
    const auto check = r->log->checkSequences(spans);
    if (check.code != ErrorCode::None) {
        done(ProduceOutcome{check.code, check.message, -1, r->log->logStartOffset()});
        return;
    }
    Replica::Waiter w;
    w.durableOnly = acks == 1;
    w.deadlineMs = nowMs() + std::max<int32_t>(timeoutMs, 1000);
    if (check.duplicateOffset >= 0) {
        // A retried batch: answer with its original offset once it is as
        // safe as the retry asks for.
        w.index = r->log->raftIndexOfOffset(check.duplicateOffset);
        w.term = r->store->termAt(w.index).value_or(-1);
        w.baseOffset = check.duplicateOffset;
    } else {
        for (const auto& s : spans) {
            auto res = r->node->propose(payload.substr(s.offset, s.header.totalSize()));
            if (!res.ok()) {
                pump(*r);
                return notLeader(std::string("cannot append: ") + raft::proposeErrorName(res.error));
            }
            if (w.baseOffset < 0) w.baseOffset = r->store->baseOffsetOf(res.index);
            w.index = res.index;
            w.term = res.term;
        }
    }
    if (acks == 0) {
        pump(*r);
        done(ProduceOutcome{ErrorCode::None, "", w.baseOffset, r->log->logStartOffset()});
        return;
    }
    w.done = std::move(done);
    r->waiters.push_back(std::move(w));
    pump(*r);
    completeWaiters(*r);
}

// ---- metadata changes ----

struct ClusterManager::Forwarded {
    json request;
    std::function<void(Status)> done;
    int64_t deadlineMs = 0;
};

void ClusterManager::submit(json request, std::function<void(Status)> done) {
    auto f = std::make_shared<Forwarded>(Forwarded{std::move(request), std::move(done), nowMs() + kSubmitTimeoutMs});
    attemptSubmit(f);
}

void ClusterManager::attemptSubmit(std::shared_ptr<Forwarded> f) {
    if (m_stopped) return f->done(Status::error(Errc::ShuttingDown, "the node is shutting down"));
    auto retryLater = [this, f](const Status& why) {
        if (nowMs() >= f->deadlineMs) return f->done(Status::error(Errc::TimedOut, why.message()));
        auto timer = std::make_shared<boost::asio::steady_timer>(m_broker.io(), std::chrono::milliseconds(200));
        timer->async_wait([this, timer, f, alive = m_alive](boost::system::error_code) {
            if (*alive) attemptSubmit(f);
        });
    };
    const int32_t leader = controllerId();
    if (leader < 0) return retryLater(Status::error(Errc::NoControllerLeader, "no controller leader is elected yet"));
    if (leader == m_config.nodeId) {
        proposeAtLeader(f->request, [retryLater, f](Status s) {
            if (!s && retriable(s.code())) return retryLater(s);
            f->done(std::move(s));
        });
        return;
    }
    m_transport->call(leader, kMethodSubmit, f->request.dump(), std::chrono::milliseconds(kSubmitTimeoutMs),
                      [retryLater, f, alive = m_alive](Result<std::string> r) {
                          if (!*alive) return;
                          if (!r.isOk()) return retryLater(Status::error(Errc::Unreachable, r.message()));
                          json answer = json::parse(r.value(), nullptr, false);
                          if (!answer.is_object())
                              return f->done(Status::error(Errc::MalformedRequest, "malformed answer from the controller"));
                          const std::string error = answer.value("error", "");
                          if (error.empty()) return f->done(Status::ok());
                          Status s = Status::error(codeFromJson(answer.value("code", json())), error);
                          if (retriable(s.code())) return retryLater(s);
                          f->done(std::move(s));
                      });
}

void ClusterManager::autoCreate(const std::string& topic) {
    if (m_autoCreating.count(topic) || m_state.topic(topic) || !storage::validateTopicName(topic)) return;
    m_autoCreating.insert(topic);
    const auto nodes = static_cast<int32_t>(std::max<size_t>(1, m_state.nodes().size()));
    json request = {{"op", "create_topic"},
                    {"name", topic},
                    {"partitions", m_config.numPartitions},
                    {"replication_factor", std::min<int32_t>(m_config.defaultReplicationFactor, nodes)},
                    {"configs", json::object()}};
    submit(std::move(request), [this, topic, alive = m_alive](Status s) {
        if (!*alive) return;
        m_autoCreating.erase(topic);
        if (s) spdlog::info("auto-created topic '{}' with {} partitions", topic, m_config.numPartitions);
        else if (s.code() != Errc::TopicExists)
            spdlog::warn("cannot auto-create topic '{}': {}", topic, s.message());
    });
}

void ClusterManager::requestOffsetsTopic() {
    requestInternalTopic(std::string(services::kOffsetsTopic), m_config.offsetsTopicPartitions);
}

void ClusterManager::requestInternalTopic(const std::string& topic, int32_t partitions, bool allSeeds) {
    if (m_autoCreating.count(topic) || m_state.topic(topic)) return;
    if (allSeeds && m_state.nodes().size() < m_config.seeds.size()) return;
    m_autoCreating.insert(topic);
    const auto nodes = static_cast<int32_t>(std::max<size_t>(1, m_state.nodes().size()));
    json request = {{"op", "create_topic"},
                    {"name", topic},
                    {"partitions", partitions},
                    {"replication_factor", std::min<int32_t>(3, nodes)},
                    {"configs", {{"cleanup.policy", "compact"}}}};
    submit(std::move(request), [this, topic, alive = m_alive](Status s) {
        if (!*alive) return;
        m_autoCreating.erase(topic);
        if (!s && s.code() != Errc::TopicExists)
            spdlog::warn("cannot create {}: {}", topic, s.message());
    });
}

Status ClusterManager::whileForming(Status placement, int32_t rf) const {
    // A fresh cluster elects its controller before every seed has
    // registered; a request for as many replicas as there are seeds waits
    // for them (retried until the submit's deadline) instead of failing.
    size_t registered = 0;
    for (int32_t id : m_voters) registered += m_state.nodes().count(id);
    if (placement.code() != Errc::InvalidReplicationFactor || registered >= m_voters.size() ||
        rf > static_cast<int32_t>(m_voters.size()))
        return placement;
    return Status::error(Errc::NodesRegistering, "replication factor " + std::to_string(rf) + " needs " + std::to_string(rf) +
                                                     " nodes; " + std::to_string(registered) + " of the " +
                                                     std::to_string(m_voters.size()) + " seed nodes have registered so far");
}

void ClusterManager::proposeAtLeader(json request, std::function<void(Status)> done) {
    if (!m_controller->node || !m_controller->node->isLeader())
        return done(Status::error(Errc::NotControllerLeader, "not the controller leader"));
    const std::string op = request.value("op", "");
    json command = request;
    if (op == "create_topic") {
        const std::string name = request.value("name", "");
        if (m_state.topic(name)) return done(Status::error(Errc::TopicExists, "topic '" + name + "' already exists"));
        auto placed = request.contains("replicas")
                          ? Result<std::vector<std::vector<int32_t>>>(request["replicas"].get<std::vector<std::vector<int32_t>>>())
                          : m_state.placeReplicas(name, 0, request.value("partitions", 1), request.value("replication_factor", 1));
        if (!placed) return done(whileForming(placed.status(), request.value("replication_factor", 1)));
        command = {{"op", op},
                   {"name", name},
                   {"id", randomHexId()},
                   {"configs", request.value("configs", json::object())},
                   {"replicas", placed.value()}};
    } else if (op == "create_partitions") {
        const std::string name = request.value("name", "");
        const TopicState* t = m_state.topic(name);
        if (!t) return done(Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist"));
        const auto have = static_cast<int32_t>(t->partitions.size());
        const int32_t want = request.value("partitions", 0);
        if (want <= have)
            return done(Status::error(Errc::InvalidPartitions, "topic '" + name + "' has " + std::to_string(have) + " partitions; the new count " +
                                      std::to_string(want) + " must be larger"));
        const auto rf = static_cast<int32_t>(t->partitions.front().replicas.size());
        auto placed = m_state.placeReplicas(name, have, want - have, rf);
        if (!placed) return done(whileForming(placed.status(), rf));
        command = {{"op", op}, {"name", name}, {"replicas", placed.value()}};
    }
    auto res = m_controller->node->propose(commandBatch(command));
    if (!res.ok()) return done(Status::error(Errc::ProposalRefused, raft::proposeErrorName(res.error)));
    m_pending.push_back(PendingCommand{res.index, res.term, nowMs() + kSubmitTimeoutMs, std::move(done)});
    pump(*m_controller);
}

void ClusterManager::onCall(int32_t from, uint16_t method, std::string body,
                            std::function<void(Result<std::string>)> reply) {
    // Bodies come from peers of the same cluster, but a malformed one must
    // not end in an exception on the network thread.
    try {
        handleCall(from, method, std::move(body), reply);
    } catch (const json::exception& e) {
        spdlog::warn("cluster: malformed call {} from node {}: {}", method, from, e.what());
        if (method != kMethodLeaders) reply(Status::error(std::string("malformed request: ") + e.what()));
    }
}

void ClusterManager::handleCall(int32_t from, uint16_t method, std::string body,
                                const std::function<void(Result<std::string>)>& reply) {
    if (method == kMethodLeaders) {
        json j = json::parse(body, nullptr, false);
        if (!j.is_object() || !j.contains("groups")) return;
        const int64_t now = nowMs();
        std::set<uint64_t> reported;
        for (const auto& g : j["groups"]) {
            if (!g.is_array() || g.size() != 4) continue;
            const auto group = g[0].get<uint64_t>();
            const auto term = g[1].get<int64_t>();
            reported.insert(group);
            auto& info = m_leaders[group];
            if (term >= info.term)
                info = LeaderInfo{from, term, g[2].get<std::vector<int32_t>>(), now, g[3].get<std::vector<int32_t>>()};
        }
        for (auto& [group, info] : m_leaders)
            if (info.leader == from && !reported.count(group)) info.leader = -1;  // it stepped down
        return;
    }
    if (method == kMethodSubmit) {
        json request = json::parse(body, nullptr, false);
        if (!request.is_object()) return reply(Status::error("malformed request"));
        if (!m_controller->node || !m_controller->node->isLeader())
            return reply(json{{"code", codeToJson(Errc::NotControllerLeader)}, {"error", "not the controller leader"}}.dump());
        proposeAtLeader(std::move(request), [reply](Status s) {
            reply(json{{"code", codeToJson(s.code())}, {"error", s ? "" : s.message()}}.dump());
        });
        return;
    }
    if (method == kMethodTransfer) {
        json j = json::parse(body, nullptr, false);
        if (!j.is_object()) return reply(Status::error("malformed request"));
        Status s = transferLeadership(j.value("topic", ""), j.value("partition", -1), j.value("to", -1));
        reply(json{{"error", s ? "" : s.message()}}.dump());
        return;
    }
    if (auto it = m_serviceCalls.find(method); it != m_serviceCalls.end()) return it->second(from, std::move(body), reply);
    reply(Status::error("unknown method " + std::to_string(method)));
}

void ClusterManager::handleCalls(uint16_t method, CallHandler handler) {
    if (handler) m_serviceCalls[method] = std::move(handler);
    else m_serviceCalls.erase(method);
}

void ClusterManager::call(int32_t to, uint16_t method, std::string body, std::chrono::milliseconds timeout, CallReply done) {
    if (!m_transport || m_stopped) return done(Status::error(Errc::ShuttingDown, "the cluster transport is stopped"));
    m_transport->call(to, method, std::move(body), timeout, std::move(done));
}

// ---- leadership ----

std::vector<int32_t> ClusterManager::isrOf(Replica& r) const {
    std::vector<int32_t> isr;
    if (!r.node->isLeader()) return isr;
    isr.push_back(m_config.nodeId);
    const raft::Index last = r.node->lastIndex();
    for (const auto& p : r.node->progress())
        if (m_transport->connected(p.id) && last - p.match <= kInSyncMaxLag) isr.push_back(p.id);
    std::sort(isr.begin(), isr.end());
    return isr;
}

void ClusterManager::sendLeaderReport(bool force) {
    (void)force;
    m_lastReportMs = nowMs();
    json groups = json::array();
    if (m_controller && m_controller->node && m_controller->node->isLeader())
        groups.push_back(json::array({kControllerGroup, m_controller->node->term(), json::array(), m_voters}));
    for (auto& [g, r] : m_replicas)
        if (r->node->isLeader()) groups.push_back(json::array({g, r->node->term(), isrOf(*r), r->node->voters()}));
    const std::string body = json{{"groups", groups}}.dump();
    for (const auto& p : m_transport->peers()) m_transport->notify(p.id, kMethodLeaders, body);
}

void ClusterManager::driveMembership(Replica& r) {
    const TopicState* t = m_state.topic(r.topic);
    if (!t || r.partition >= static_cast<int32_t>(t->partitions.size())) return;
    std::vector<int32_t> target = t->partitions[static_cast<size_t>(r.partition)].replicas;
    std::sort(target.begin(), target.end());
    const auto& voters = r.node->voters();  // sorted by the node
    if (voters == target) return;
    for (int32_t id : target)
        if (!std::binary_search(voters.begin(), voters.end(), id)) {
            // Refused while an earlier change is not committed: retried next tick.
            if (r.node->changeVoters(id, true).ok())
                spdlog::info("cluster: {}-{} adds node {} as a replica", r.topic, r.partition, id);
            return;
        }
    for (int32_t id : voters) {
        if (std::binary_search(target.begin(), target.end(), id)) continue;
        if (id == m_config.nodeId) {
            // Hand over first; the new leader removes this node.
            for (const auto& p : r.node->progress())
                if (std::binary_search(target.begin(), target.end(), p.id) && p.match == r.node->lastIndex()) {
                    if (r.node->transferLeadership(p.id)) return;
                }
            return;
        }
        if (r.node->changeVoters(id, false).ok())
            spdlog::info("cluster: {}-{} removes node {} from its replicas", r.topic, r.partition, id);
        return;
    }
}

void ClusterManager::rebalanceLeaders() {
    for (auto& [g, r] : m_replicas) {
        if (!r->node->isLeader() || r->replicas.empty() || r->replicas.front() == m_config.nodeId) continue;
        const int32_t preferred = r->replicas.front();
        if (!m_transport->connected(preferred)) continue;
        for (const auto& p : r->node->progress())
            if (p.id == preferred && p.match == r->node->lastIndex()) {
                spdlog::info("cluster: handing {}-{} back to its preferred leader, node {}", r->topic, r->partition, preferred);
                (void)r->node->transferLeadership(preferred);
                pump(*r);
            }
    }
}

void ClusterManager::maybeRegisterSelf() {
    const int32_t leader = controllerId();
    if (leader < 0) return;
    const auto& bound = m_broker.kafkaBound;
    const std::string kafka = (m_config.advertisedHost.empty() ? bound.host : m_config.advertisedHost) + ":" + std::to_string(bound.port);
    const std::string rpc = (m_config.advertisedHost.empty() ? m_rpcBound.host : m_config.advertisedHost) + ":" + std::to_string(m_rpcBound.port);
    auto it = m_state.nodes().find(m_config.nodeId);
    if (it != m_state.nodes().end() && it->second.kafkaHost + ":" + std::to_string(it->second.kafkaPort) == kafka &&
        it->second.rpcHost + ":" + std::to_string(it->second.rpcPort) == rpc)
        return;
    const int64_t now = nowMs();
    if (now - m_lastRegisterMs < 2000) return;
    m_lastRegisterMs = now;
    submit(json{{"op", "register_node"}, {"id", m_config.nodeId}, {"kafka", kafka}, {"rpc", rpc}}, [this](Status s) {
        if (s) spdlog::info("cluster: node {} registered", m_config.nodeId);
        else spdlog::debug("cluster: registration not done yet: {}", s.message());
    });
}

int32_t ClusterManager::controllerId() const {
    if (!m_controller || !m_controller->node) return -1;
    return m_controller->node->leader();
}

std::optional<std::string> ClusterManager::controllerStorageFailure() const {
    if (!m_controller || !m_controller->node || m_controller->node->failure().isOk()) return std::nullopt;
    return m_controller->node->failure().message();
}

int64_t ClusterManager::controllerLeaderlessMs() const {
    return controllerId() >= 0 ? 0 : std::max<int64_t>(0, nowMs() - m_controllerLeaderSeenMs);
}

bool ClusterManager::fenced() const {
    return controllerLeaderlessMs() > 3 * m_config.raftElectionTimeoutMs;
}

std::optional<PartitionView> ClusterManager::partition(const std::string& topic, int32_t partition) const {
    const TopicState* t = m_state.topic(topic);
    if (!t || partition < 0 || partition >= static_cast<int32_t>(t->partitions.size())) return std::nullopt;
    const auto& a = t->partitions[static_cast<size_t>(partition)];
    PartitionView v;
    v.replicas = a.replicas;
    auto rit = m_replicas.find(a.group);
    auto lit = m_leaders.find(a.group);
    // A replica whose storage failed knows nothing current: what the
    // leaders report is better.
    if (rit != m_replicas.end() && rit->second->node && rit->second->node->failure().isOk()) {
        Replica& r = *rit->second;
        v.leader = r.node->leader();
        v.epoch = static_cast<int32_t>(r.node->term());
        if (r.node->isLeader())
            v.isr = const_cast<ClusterManager*>(this)->isrOf(r);
        else if (lit != m_leaders.end() && lit->second.leader == v.leader)
            v.isr = lit->second.isr;
    } else if (lit != m_leaders.end() && lit->second.leader >= 0) {
        v.leader = lit->second.leader;
        v.epoch = static_cast<int32_t>(lit->second.term);
        v.isr = lit->second.isr;
    }
    if (v.isr.empty() && v.leader >= 0) v.isr = {v.leader};
    return v;
}

Status ClusterManager::transferLeadership(const std::string& topic, int32_t partition, int32_t to) {
    Replica* r = replica(topic, partition);
    if (r && r->node && r->node->isLeader()) {
        Status s = r->node->transferLeadership(to);
        pump(*r);
        return s;
    }
    // Not the leader here: the leader carries it out.
    auto view = this->partition(topic, partition);
    if (!view) return Status::error("no partition " + topic + "-" + std::to_string(partition));
    if (view->leader < 0 || view->leader == m_config.nodeId)
        return Status::error("no leader is elected for " + topic + "-" + std::to_string(partition));
    m_transport->call(view->leader, kMethodTransfer, json{{"topic", topic}, {"partition", partition}, {"to", to}}.dump(),
                      std::chrono::milliseconds(5000), [topic, partition, to](Result<std::string> answer) {
                          json j = answer.isOk() ? json::parse(answer.value(), nullptr, false) : json();
                          const std::string error = !answer.isOk() ? answer.message()
                                                    : j.is_object() ? j.value("error", "")
                                                                    : "malformed answer";
                          if (!error.empty())
                              spdlog::warn("moving the leadership of {}-{} to node {} failed: {}", topic, partition, to, error);
                      });
    return Status::ok();
}

void ClusterManager::renderMetrics(std::string& out) {
    out += "# HELP plexus_cluster_controller_id Node id of the controller leader (-1 none known).\n"
           "# TYPE plexus_cluster_controller_id gauge\nplexus_cluster_controller_id " + std::to_string(controllerId()) + "\n";
    out += "# HELP plexus_cluster_fenced 1 while this node is cut off from the controller's majority.\n"
           "# TYPE plexus_cluster_fenced gauge\nplexus_cluster_fenced " + std::string(fenced() ? "1" : "0") + "\n";
    std::string leader = "# HELP plexus_partition_leader 1 when this node leads the partition.\n"
                         "# TYPE plexus_partition_leader gauge\n";
    std::string epoch = "# HELP plexus_partition_leader_epoch The Raft term this node knows for the partition.\n"
                        "# TYPE plexus_partition_leader_epoch gauge\n";
    std::string under = "# HELP plexus_partition_under_replicated 1 when the leader counts fewer in-sync replicas than replicas.\n"
                        "# TYPE plexus_partition_under_replicated gauge\n";
    std::string lag = "# HELP plexus_partition_replication_lag_entries Entries a follower trails the leader by (on the leader).\n"
                      "# TYPE plexus_partition_replication_lag_entries gauge\n";
    size_t underCount = 0;
    for (auto& [g, r] : m_replicas) {
        const std::string labels = "topic=\"" + r->topic + "\",partition=\"" + std::to_string(r->partition) + "\"";
        const bool leads = r->node->isLeader();
        leader += "plexus_partition_leader{" + labels + "} " + (leads ? "1" : "0") + "\n";
        epoch += "plexus_partition_leader_epoch{" + labels + "} " + std::to_string(r->node->term()) + "\n";
        if (!leads) continue;
        const bool u = isrOf(*r).size() < r->replicas.size();
        underCount += u ? 1 : 0;
        under += "plexus_partition_under_replicated{" + labels + "} " + (u ? "1" : "0") + "\n";
        const raft::Index last = r->node->lastIndex();
        for (const auto& p : r->node->progress())
            lag += "plexus_partition_replication_lag_entries{" + labels + ",follower=\"" + std::to_string(p.id) + "\"} " +
                   std::to_string(last - p.match) + "\n";
    }
    out += leader + epoch + under + lag;
    out += "# HELP plexus_under_replicated_partitions Partitions led here with fewer in-sync replicas than replicas.\n"
           "# TYPE plexus_under_replicated_partitions gauge\nplexus_under_replicated_partitions " +
           std::to_string(underCount) + "\n";
    const auto st = m_transport->stats();
    auto counter = [&](const char* name, const char* help, uint64_t v) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + std::to_string(v) + "\n";
    };
    counter("plexus_rpc_messages_sent_total", "Raft messages sent to other nodes.", st.messagesSent);
    counter("plexus_rpc_messages_received_total", "Raft messages received from other nodes.", st.messagesReceived);
    counter("plexus_rpc_bytes_sent_total", "Bytes of RPC frames sent.", st.bytesSent);
    counter("plexus_rpc_bytes_received_total", "Bytes of RPC frames received.", st.bytesReceived);
    counter("plexus_rpc_heartbeat_batches_sent_total", "Heartbeat batch frames sent.", st.heartbeatBatchesSent);
    counter("plexus_rpc_messages_dropped_total", "Messages dropped (queue full, connection lost, unknown peer).", st.messagesDropped);
    counter("plexus_rpc_reconnects_total", "Outgoing connections re-established.", st.reconnects);
    counter("plexus_rpc_connections_rejected_total", "Incoming connections refused or closed for bad input.", st.connectionsRejected);
}

json ClusterManager::describe() {
    json nodes = json::array();
    const int32_t controller = controllerId();
    for (const auto& [id, n] : m_state.nodes()) {
        const bool self = id == m_config.nodeId;
        nodes.push_back({{"id", id},
                         {"kafka", n.kafkaHost + ":" + std::to_string(n.kafkaPort)},
                         {"rpc", n.rpcHost + ":" + std::to_string(n.rpcPort)},
                         {"controller", id == controller},
                         {"voter", std::find(m_voters.begin(), m_voters.end(), id) != m_voters.end()},
                         {"reachable", self || m_transport->connected(id)},
                         {"decommissioned", n.decommissioned}});
    }
    json partitions = json::array();
    for (const auto& [name, t] : m_state.topics()) {
        for (int32_t p = 0; p < static_cast<int32_t>(t.partitions.size()); ++p) {
            auto v = partition(name, p);
            json entry = {{"topic", name},
                          {"partition", p},
                          {"leader", v->leader},
                          {"leader_epoch", v->epoch},
                          {"replicas", v->replicas},
                          {"isr", v->isr},
                          {"under_replicated", v->isr.size() < v->replicas.size()}};
            if (Replica* r = replica(name, p); r && r->node && r->node->isLeader()) {
                json lag = json::object();
                const raft::Index last = r->node->lastIndex();
                for (const auto& pr : r->node->progress()) lag[std::to_string(pr.id)] = last - pr.match;
                entry["replication_lag"] = lag;
                entry["high_watermark"] = r->log->highWatermark();
                entry["log_end_offset"] = r->log->logEndOffset();
            }
            partitions.push_back(entry);
        }
    }
    return {{"cluster_id", m_clusterId},
            {"node_id", m_config.nodeId},
            {"controller", controller},
            {"fenced", fenced()},
            {"controller_leaderless_ms", controllerLeaderlessMs()},
            {"voters", m_voters},
            {"nodes", nodes},
            {"partitions", partitions}};
}

}  // namespace plexus::replication

#pragma once
// ClusterManager: a plexusd node's part in a replicated cluster.
//
// It owns the node-to-node transport (broker/cluster), the metadata
// controller's Raft group and one Raft group per hosted partition, and
// drives them all from the network thread:
//
//   - Membership. Nodes start from a seed list (RPC addresses). A node
//     probes every seed for its node id; the seeds are the controller's
//     voters. Each node introduces itself (id and RPC address) in its
//     connection handshake and registers its Kafka address through the
//     controller, so Metadata lists every node. The voter ids and the
//     cluster id are kept in <data>/cluster.json after the first start.
//   - Controller. Its log is a replicated PartitionLog under
//     <data>/controller/ whose entries are one-record batches holding JSON
//     commands (cluster_state.h). Every node applies committed commands in
//     order, persists the resulting ClusterState with the applied index in
//     <data>/cluster_state.json, and reconciles its local topics and
//     partition replicas with it. Requests that change metadata (create
//     topic, ...) go to the controller leader, forwarded over the transport
//     when this node is not the leader; the leader places replicas and
//     proposes, and answers once the command is applied.
//   - Partitions. Each partition is a Raft group whose log is the
//     partition's own PartitionLog (storage::RaftLogStore): an entry is a
//     record batch, its term the Kafka leader epoch. Produce goes to the
//     leader only (NOT_LEADER_OR_FOLLOWER elsewhere); acks=all answers once
//     the batch is committed (majority, each counting only fsynced entries),
//     acks=1 once the leader's own write is durable. The high watermark is
//     the commit index, so consumers only ever read committed data.
//   - Leadership. Every node tells its peers, about once a second and at
//     every change, which partitions it leads (term and in-sync replicas),
//     so that any node answers Metadata with the current leaders. The
//     preferred leader (first replica) takes leadership back when it is in
//     sync, which keeps leaders spread evenly.
//
// Threading: everything on the network thread (the Broker's io_context),
// except the storage durability callbacks, which are posted there.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"
#include "broker/raft/node.h"
#include "broker/replication/cluster_state.h"
#include "broker/replication/errors.h"
#include "broker/server/config.h"

namespace plexus::server {
class Broker;
}
namespace plexus::storage {
class PartitionLog;
class RaftLogStore;
}  // namespace plexus::storage
namespace plexus::cluster {
class RpcTransport;
}

namespace plexus::replication {

struct ProduceOutcome {
    protocol::ErrorCode code = protocol::ErrorCode::None;
    std::string message;
    int64_t baseOffset = -1;
    int64_t logStartOffset = -1;
};

/// What this node knows about one partition's replication.
struct PartitionView {
    int32_t leader = -1;  ///< -1: no leader known
    int32_t epoch = -1;   ///< the leader's term
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
};

/// One partition's (or the controller's) Raft group as hosted on this node.
struct Replica {
    std::string topic;  ///< empty for the controller
    int32_t partition = 0;
    uint64_t group = 0;
    std::vector<int32_t> replicas;
    std::shared_ptr<storage::PartitionLog> log;
    std::unique_ptr<storage::RaftLogStore> store;
    std::unique_ptr<raft::Node> node;

    /// A write waiting to be committed (acks=all) or durable on the leader (acks=1).
    struct Waiter {
        raft::Index index = 0;
        raft::Term term = 0;
        bool durableOnly = false;
        int64_t deadlineMs = 0;
        int64_t baseOffset = -1;
        std::function<void(ProduceOutcome)> done;
    };
    std::vector<Waiter> waiters;
    bool leaderOnLastReport = false;
    /// The replica's log failed a write (a full disk, say): its Raft node
    /// stopped, and it was logged once.
    bool storageFailureLogged = false;
    /// __consumer_offsets: the index that must be committed before this
    /// leader takes the partition's groups (0: not waiting).
    raft::Index coordinateAt = 0;
    /// Command entries (DeleteRecords) up to here are applied to the log.
    raft::Index commandsApplied = 0;
    bool coordinating = false;
};

class ClusterManager {
public:
    explicit ClusterManager(server::Broker& broker);
    ~ClusterManager();
    ClusterManager(const ClusterManager&) = delete;
    ClusterManager& operator=(const ClusterManager&) = delete;

    /// Opens the controller log and the last cluster state, starts the
    /// partitions this node hosts, binds the RPC listener (prints nothing;
    /// see rpcBound()) and starts probing the seeds. Before the io_context runs.
    Status start();
    /// Stops timers and the transport; pending writes fail.
    void stop();

    const server::HostPort& rpcBound() const { return m_rpcBound; }
    const std::string& clusterId() const { return m_clusterId; }

    // ---- queries (network thread) ----
    int32_t controllerId() const;
    /// Why the controller group's log stopped taking writes, if it did.
    std::optional<std::string> controllerStorageFailure() const;
    /// Whether this node is cut off from the controller's majority: no
    /// controller leader known for longer than three election timeouts.
    /// Its view of leaders is then stale, so it closes the connection on
    /// clients' routing questions (Metadata, FindCoordinator), which sends
    /// them to another node, as any broken connection does.
    bool fenced() const;
    /// Milliseconds since a controller leader was last known (0 while one is).
    int64_t controllerLeaderlessMs() const;
    const ClusterState& state() const { return m_state; }
    std::optional<PartitionView> partition(const std::string& topic, int32_t partition) const;
    /// The replica hosted here, or nullptr.
    Replica* replica(const std::string& topic, int32_t partition);
    /// Whether this node currently leads the partition.
    bool leads(const std::string& topic, int32_t partition);
    /// Whether this node answers reads (Fetch, ListOffsets) of the
    /// partition: None for a cluster partition it leads and for node-local
    /// topics, NotLeaderOrFollower otherwise (also before a leader exists).
    protocol::ErrorCode servesReads(const std::string& topic, int32_t partition);
    /// Prometheus lines: controller, leadership, in-sync replicas and
    /// follower lag of the partitions this node hosts, and the RPC counters.
    void renderMetrics(std::string& out);
    /// The admin API's view: nodes, controller, partitions with leaders, lag.
    nlohmann::json describe();

    // ---- writes ----
    /// Produce to a partition this node leads: each batch becomes one Raft entry.
    void produce(const std::string& topic, int32_t partition, std::string payload,
                 std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs,
                 std::function<void(ProduceOutcome)> done);

    /// DeleteRecords on a partition this node leads: a Command entry that
    /// every replica applies to its log once committed, so the records stay
    /// deleted after a failover. `done` gets the log start (as
    /// logStartOffset) once the entry is committed and applied here, or an
    /// error: NOT_LEADER_OR_FOLLOWER, OFFSET_OUT_OF_RANGE (beyond the high
    /// watermark), REQUEST_TIMED_OUT. offset -1 means the high watermark.
    void deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                       std::function<void(ProduceOutcome)> done);

    /// A metadata change, carried out by the controller leader (forwarded
    /// there if needed). `request` is a command of cluster_state.h, except
    /// that create_topic / create_partitions give "partitions" and
    /// "replication_factor" instead of replica lists (the leader places
    /// them). `done` gets an error or the empty string once applied.
    void submit(nlohmann::json request, std::function<void(Status)> done);

    /// Auto-creation (Metadata, Produce): asks the controller for the topic
    /// with the node defaults, once at a time per name.
    void autoCreate(const std::string& topic);
    bool autoCreating(const std::string& topic) const { return m_autoCreating.count(topic) > 0; }
    /// Asks the controller for __consumer_offsets (compacted, the configured
    /// partition count, up to 3 replicas), once at a time.
    void requestOffsetsTopic();
    /// Asks the controller for an internal topic (compacted, up to 3
    /// replicas), once at a time per name; nothing if it exists. With
    /// `allSeeds`, only once every controller voter has registered (a topic
    /// created while the cluster forms would get too few replicas).
    void requestInternalTopic(const std::string& name, int32_t partitions, bool allSeeds = false);

    // ---- calls between nodes for the node's services ----
    /// Method numbers from kFirstServiceMethod up belong to services (the
    /// Schema Registry forwards its writes with one); below are the cluster's own.
    static constexpr uint16_t kFirstServiceMethod = 16;
    using CallReply = std::function<void(Result<std::string>)>;
    using CallHandler = std::function<void(int32_t from, std::string body, CallReply reply)>;
    /// Answers calls of `method` (>= kFirstServiceMethod) from other nodes.
    void handleCalls(uint16_t method, CallHandler handler);
    /// Calls `method` on node `to`; `done` gets its answer, or an error
    /// when the node cannot be reached within `timeout`.
    void call(int32_t to, uint16_t method, std::string body, std::chrono::milliseconds timeout, CallReply done);

    /// Called as this node takes (true) or gives up (false) the groups of
    /// an __consumer_offsets partition: the group coordinator (set before start()).
    void onCoordination(std::function<void(int32_t partition, bool coordinates)> fn) { m_coordination = std::move(fn); }

    /// Hands a partition's leadership to `to` (admin API).
    Status transferLeadership(const std::string& topic, int32_t partition, int32_t to);

private:
    struct Forwarded;
    Status loadIdentity();
    Status openController();
    Status loadSnapshot();
    void probeSeeds();
    void startControllerGroup();
    Result<std::unique_ptr<Replica>> openReplica(const std::string& topic, int32_t partition, uint64_t group,
                                                 std::shared_ptr<storage::PartitionLog> log,
                                                 std::vector<int32_t> voters, bool campaign);
    void reconcile();
    /// A replica the controller moved away: true once the group's leader no
    /// longer counts this node among its voters.
    bool removedFromGroup(Replica& r) const;
    /// Stops a hosted group: its waiting writes fail with `code`, its groups
    /// (offsets partitions) are handed over. Returns the next iterator.
    std::map<uint64_t, std::unique_ptr<Replica>>::iterator dropReplica(
        std::map<uint64_t, std::unique_ptr<Replica>>::iterator it, protocol::ErrorCode code, const std::string& why);
    void onTick();
    void onMessage(raft::Message m);
    void onCall(int32_t from, uint16_t method, std::string body, std::function<void(Result<std::string>)> reply);
    void handleCall(int32_t from, uint16_t method, std::string body,
                    const std::function<void(Result<std::string>)>& reply);
    void pump(Replica& r);
    void updateCoordination(Replica& r);
    void onCommitted(Replica& r, raft::Index index);
    void applyControllerEntries(raft::Index upTo);
    void failWaiters(Replica& r, raft::Index from, protocol::ErrorCode code, const std::string& why);
    void completeWaiters(Replica& r);
    /// Applies the committed Command entries not applied yet (DeleteRecords).
    void applyCommands(Replica& r);
    void attemptSubmit(std::shared_ptr<Forwarded> f);
    void proposeAtLeader(nlohmann::json request, std::function<void(Status)> done);
    /// A placement refused for too few nodes becomes NodesRegistering
    /// (retriable) while seeds have not all registered and `rf` fits them.
    Status whileForming(Status placement, int32_t rf) const;
    void sendLeaderReport(bool force);
    void maybeRegisterSelf();
    void rebalanceLeaders();
    /// Leader: moves the group's voters one step towards the replica set the
    /// controller assigned (add the missing first, then remove the extra;
    /// hands leadership away before removing itself).
    void driveMembership(Replica& r);
    Replica* byGroup(uint64_t group);
    raft::NodeConfig raftConfig(uint64_t group, std::vector<int32_t> voters) const;
    int64_t nowMs() const;
    int64_t raftNow();
    std::vector<int32_t> isrOf(Replica& r) const;

    server::Broker& m_broker;
    const server::NodeConfig& m_config;
    std::string m_clusterId;
    std::vector<int32_t> m_voters;  ///< controller voters (the seeds' ids), empty until known
    std::map<std::string, int32_t> m_seedIds;  ///< seed address -> node id, as probed
    server::HostPort m_rpcBound;
    std::unique_ptr<cluster::RpcTransport> m_transport;
    std::unique_ptr<Replica> m_controller;
    std::map<uint64_t, std::unique_ptr<Replica>> m_replicas;  ///< partition groups hosted here
    ClusterState m_state;
    raft::Index m_applied = 0;  ///< controller entries applied to m_state
    /// Controller leader: proposals waiting for their entry to be applied.
    struct PendingCommand {
        raft::Index index;
        raft::Term term;
        int64_t deadlineMs;
        std::function<void(Status)> done;
    };
    std::vector<PendingCommand> m_pending;
    /// Leaders learnt from peers' reports: group -> (leader, term, isr).
    struct LeaderInfo {
        int32_t leader = -1;
        int64_t term = -1;
        std::vector<int32_t> isr;
        int64_t seenMs = 0;
        std::vector<int32_t> voters;  ///< the group's voters as its leader sees them
    };
    std::map<uint64_t, LeaderInfo> m_leaders;
    boost::asio::steady_timer m_timer;
    std::chrono::steady_clock::time_point m_epoch = std::chrono::steady_clock::now();
    int64_t m_raftClock = 0;  ///< the time Raft nodes see (raftNow)
    int64_t m_lastWallMs = 0;
    int64_t m_lastReportMs = 0, m_lastRebalanceMs = 0, m_lastRegisterMs = -100000;
    int64_t m_controllerLeaderSeenMs = 0;  ///< last tick that knew a controller leader (or the start)
    bool m_fencedLogged = false;
    std::set<std::string> m_autoCreating;
    std::map<uint16_t, CallHandler> m_serviceCalls;
    std::function<void(int32_t, bool)> m_coordination;
    bool m_replicasMovingAway = false;  ///< a replica outside its assigned set waits to be removed
    bool m_stopped = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace plexus::replication

#pragma once
// ClusterStatus and ClusterStatusPoller: who is in a Plexus cluster, who is
// the controller, which node leads which partition and which partitions lack
// replicas, from the nodes' admin endpoint GET /v1/cluster.
//
// Every node answers /v1/cluster with the whole cluster as it sees it; only
// the partitions it leads carry replication lag and offsets. So the poller
// asks every known node each round, in parallel: nodes that are down fail
// fast (a refused loopback connection) or time out, and do not hold the
// others up. The round's picture is the controller's answer if it came (its
// view of who is reachable is the one that decides leaderships), otherwise
// the first node's that answered; the lag and offsets of each partition come
// from its leader's own answer, and which nodes are cut off from the
// controller's majority (fenced) from each node's own answer. Rounds run every intervalMs (2 s), and every
// fastIntervalMs (1 s) while a node is unreachable, a partition is
// under-replicated, a node is cut off or a node did not answer, so a
// failover is seen as it happens.
//
// A node running alone answers the same shape with clustered=false and
// itself as the only node and controller.
//
// Threading: GUI thread only, like the AdminClients it owns; nothing blocks.
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

class QTimer;

namespace plexus::monitor {

class AdminClient;

struct ClusterNodeStatus {
    int id = -1;
    QString kafka;  ///< "HOST:PORT"
    QString rpc;
    bool controller = false;
    bool voter = false;
    bool reachable = false;  ///< as the answering node sees it
    bool decommissioned = false;
};

struct ClusterPartitionStatus {
    QString topic;
    int partition = 0;
    int leader = -1;  ///< -1: no leader
    int leaderEpoch = -1;
    QList<int> replicas;
    QList<int> isr;
    bool underReplicated = false;
    /// Follower id -> Raft entries (record batches) behind the leader; empty unless the leader answered.
    QHash<int, qint64> lag;
    qint64 highWatermark = -1;  ///< -1: unknown (the leader did not answer)
    qint64 logEndOffset = -1;
};

struct ClusterStatus {
    bool valid = false;  ///< false until a node answered
    bool clustered = false;
    QString clusterId;
    int answeredBy = -1;  ///< node id whose picture this is
    int controller = -1;  ///< -1: none elected
    QList<int> voters;
    /// Nodes that answered and report themselves cut off from the
    /// controller's majority ("fenced": no controller leader for a while).
    QList<int> fenced;
    QList<ClusterNodeStatus> nodes;           ///< by id
    QList<ClusterPartitionStatus> partitions;  ///< by topic, then partition

    /// Parses one /v1/cluster answer; `valid` false if it is not one.
    static ClusterStatus fromJson(const QJsonObject& o);

    const ClusterNodeStatus* findNode(int id) const;
    /// How many partitions `nodeId` leads.
    int leaderCount(int nodeId) const;
    QList<ClusterPartitionStatus> underReplicated() const;
    /// A partition that has no leader or is led by a node seen unreachable.
    bool hasOfflinePartitions() const;
    bool hasUnreachableNodes() const;
    bool isFenced(int nodeId) const { return fenced.contains(nodeId); }
    /// Per node that answered: its logs that a failed write (a full disk)
    /// turned read-only, as "topic-partition: error". Only a node itself knows.
    QMap<int, QStringList> storageFailures;
    QStringList storageFailuresOf(int nodeId) const { return storageFailures.value(nodeId); }
};

class ClusterStatusPoller : public QObject {
    Q_OBJECT
public:
    explicit ClusterStatusPoller(QObject* parent = nullptr);
    ~ClusterStatusPoller() override;

    /// The nodes' admin listeners ("HOST:PORT"). Answers to an earlier list
    /// are dropped.
    void setAdminAddresses(const QStringList& addresses);
    QStringList adminAddresses() const { return m_addresses; }

    void setIntervalMs(int ms) { m_intervalMs = ms; }
    void setFastIntervalMs(int ms) { m_fastIntervalMs = ms; }
    int currentIntervalMs() const;

    void start();  ///< a round now, then one per interval
    void stop();
    bool isActive() const;
    /// Starts a round unless one is under way.
    void refreshNow();

    const ClusterStatus& status() const { return m_status; }
    /// Admin addresses that did not answer in the last round.
    QStringList unanswered() const { return m_unanswered; }

signals:
    /// A round ended with at least one answer.
    void statusUpdated(const plexus::monitor::ClusterStatus& status);
    /// A round ended with no answer at all; `message` is the last failure.
    void refreshFailed(const QString& message);

private:
    void finishRound();
    void scheduleNext();

    QStringList m_addresses;
    QList<AdminClient*> m_clients;
    QTimer* m_timer;
    int m_intervalMs = 2000;
    int m_fastIntervalMs = 1000;
    bool m_active = false;
    int m_outstanding = 0;  ///< answers still due in the current round
    QList<QJsonObject> m_answers;  ///< index = address; empty object = none
    QString m_lastError;
    QStringList m_unanswered;
    ClusterStatus m_status;
};

}  // namespace plexus::monitor

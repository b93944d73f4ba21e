#pragma once
// LocalSandbox: a local plexusd cluster of N nodes (three by default) that
// Plexus Center runs for its user, with stable addresses across app starts
// and, on request, nodes that outlive the app.
//
// Layout under Options::baseDir (the app passes its data location +
// "/sandbox"):
//
//   sandbox.json          node ids, their Kafka, admin and RPC ports, and the
//                         pid of each node that runs (or was left running)
//   node-<id>/            the node's data directory (--data-dir)
//   logs/node-<id>.stdout.log, logs/node-<id>.stderr.log
//                         the node's output, appended across launches; kept
//                         outside the data directory so it does not count in
//                         the node's plexus_storage_disk_bytes
//
// Ports: each node gets a Kafka, an admin and a cluster RPC port on
// 127.0.0.1, chosen once by binding port 0 and reading the port the kernel
// gave, then persisted, so the bootstrap address stays the same across app
// restarts. If a persisted port is taken by another program when a node
// starts (or restarts after a crash), a new one is chosen, persisted and
// announced by `event`.
//
// Cluster: with more than one node, every node gets --rpc-addr (its RPC
// port) and the same --seeds (every node's RPC address), so they elect a
// controller and replicate; the RPC ports must stay stable across restarts
// because the seeds name them, hence persisted like the others. New topics
// default to min(3, N) replicas (--set default.replication.factor). A
// single-node sandbox runs its node alone, without seeds. Node ids are 1..N.
//
// Keep running (the design, see also monitor/README.md): every sandbox node is
// a *detached* NodeProcess (NodeProcess::Options::detached): launched with
// QProcess::startDetached in its own session, its stdout and stderr appended
// to the log files above, tailed by a timer for the address lines and the live
// log, its liveness polled by pid (a zombie or a pid reused by another
// process counts as gone). A detached node is nobody's child, so ~QProcess
// cannot kill it and the app can leave it behind. The pid of every running
// node is written to sandbox.json as soon as it is known. start() first tries
// to adopt the node recorded there: it is taken over only if that pid is alive
// with `--data-dir` equal to the node's directory and its /v1/node then
// reports the same node id and data directory; otherwise a new node is
// launched. The same path also picks up nodes orphaned by an app crash.
// At quit the app calls shutdown(): with keepRunning the nodes are released
// (left running, pids kept in sandbox.json, nothing signalled); without it they
// are stopped with SIGTERM and waited for, bounded. A crash of an adopted node
// is seen by the pid poll and restarted with the usual backoff. The one thing
// a detached node cannot tell is its exit code; crash events quote the last
// log line instead.
//
// Threading: a QObject for the GUI thread; call it only there. Nothing blocks
// except the bounded quit path stopAndWait()/shutdown(), which runs a local
// event loop for at most its timeout (plus one second if SIGKILL was needed),
// meant for the app's quit after the windows are gone. Port checks bind and
// close a loopback socket (microseconds).
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include "monitor/node_process.h"

namespace plexus::monitor {

class LocalSandbox : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString program;           ///< path of plexusd
        QString baseDir;           ///< created if missing; see the layout above
        int nodes = 3;             ///< how many nodes; new ones get the lowest free ids from 1
        bool keepRunning = false;  ///< shutdown() leaves the nodes running
    };

    /// How many nodes are in each state.
    struct Summary {
        int starting = 0, running = 0, stopping = 0, stopped = 0, crashed = 0;
        int total() const { return starting + running + stopping + stopped + crashed; }
    };

    /// Reads (or creates) sandbox.json, chooses ports for nodes that have
    /// none, and creates the NodeProcess objects, all Stopped. Starts nothing.
    explicit LocalSandbox(Options options, QObject* parent = nullptr);
    /// Without a prior shutdown(): with keepRunning the nodes are released
    /// (left running); otherwise each running node gets SIGTERM, not waited for.
    ~LocalSandbox() override;

    /// Starts every node that is not running: adopts the one recorded in
    /// sandbox.json if it is still there, else launches a new one.
    void start();
    /// SIGTERM to every node (SIGKILL after its stop timeout); pending
    /// crash restarts are cancelled.
    void stop();
    void startNode(int index);    ///< as start(), for one node
    void stopNode(int index);     ///< NodeProcess::stop
    void restartNode(int index);  ///< NodeProcess::restart (stop, then start on the same ports)
    /// SIGKILL the node now (NodeProcess::kill): what a crash or a pulled
    /// plug looks like to the rest of the cluster. Counts as a stop, so it is
    /// not restarted automatically; startNode brings it back.
    void killNode(int index);

    /// The bounded quit path: stop(), then a local event loop until every node
    /// is Stopped or `timeoutMs` passed; nodes still up then get SIGKILL (and
    /// up to one more second). True if all stopped within the timeout.
    bool stopAndWait(int timeoutMs);
    /// What the app calls once at quit: with keepRunning, release the nodes
    /// (they keep running and are adopted at the next start); otherwise
    /// stopAndWait(timeoutMs). Afterwards the sandbox no longer manages nodes.
    void shutdown(int timeoutMs = 10000);
    /// Releases every node without signalling it (see NodeProcess::release)
    /// and records the pids. Nodes are Stopped from this object's view.
    void releaseAll();

    void setKeepRunning(bool on) { m_opt.keepRunning = on; }
    bool keepRunning() const { return m_opt.keepRunning; }

    int nodeCount() const { return int(m_nodes.size()); }
    /// The node at `index` (0..nodeCount()-1); nullptr outside that range.
    NodeProcess* node(int index) const;
    /// Index of the node with this id, -1 if none.
    int indexOfNodeId(int nodeId) const;
    /// "127.0.0.1:p1,127.0.0.1:p2,...": the persisted Kafka ports.
    QString bootstrapServers() const;
    /// "127.0.0.1:a1", ...: the persisted admin ports, in node order.
    QStringList adminAddresses() const;
    /// "127.0.0.1:r1,...": the persisted cluster RPC ports, the nodes' --seeds.
    QString seeds() const;
    /// More than one node: the nodes form a replicated cluster.
    bool isClustered() const { return m_nodes.size() > 1; }
    QString baseDir() const { return m_opt.baseDir; }
    QString stateFilePath() const;

    Summary summary() const;
    /// "1 of 1 node running", "2 of 3 nodes running, 1 crashed", "stopped".
    QString summaryText() const;
    bool isAllRunning() const;
    bool isAllStopped() const;

signals:
    void nodeStateChanged(int index, plexus::monitor::NodeProcess::State state);
    /// A log line of the node at `index` (see NodeProcess::logLine).
    void nodeLogLine(int index, const QString& line);
    /// The nodes' own events (each names its node id) and the sandbox's
    /// (port reassignments, adoption, state file problems).
    void event(const QString& message);
    /// Every node became Running (emitted on the transition).
    void allRunning();
    /// Every node became Stopped (emitted on the transition).
    void allStopped();
    /// A persisted port was taken by another program and replaced, so
    /// bootstrapServers() / adminAddresses() changed (clients must reconnect).
    void addressesChanged(const QString& bootstrapServers);

private:
    struct Slot {
        int id = 0;
        quint16 kafkaPort = 0;
        quint16 adminPort = 0;
        quint16 rpcPort = 0;
        qint64 pid = 0;  ///< recorded pid of the running node, 0 if none
        NodeProcess* process = nullptr;
    };

    void load();
    void save();
    void ensurePortsFree(int index);
    quint16 allocatePort(const QList<quint16>& exclude) const;
    void allocatePorts(Slot& s) const;
    QList<quint16> allPorts() const;
    QStringList clusterArgs(const Slot& s) const;
    void updateClusterArgs();
    void onNodeState(int index, NodeProcess::State state);
    void recordPid(int index);

    Options m_opt;
    QList<Slot> m_nodes;           ///< index = row in the Nodes table
    QList<Slot> m_extra;           ///< state-file nodes beyond Options::nodes: kept in the file, not run
    QStringList m_loadProblems;    ///< reported by `event` once the constructor has returned
    bool m_wasAllRunning = false;
    bool m_wasAllStopped = true;
    bool m_shutDown = false;
};

}  // namespace plexus::monitor

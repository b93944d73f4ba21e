#pragma once
// NodesPage: the Nodes page. Two modes:
//
//  * Local sandbox (setSandbox): the NodeModel table; Start / Stop / Restart /
//    Kill for the selected node and Start all / Stop all; the cluster as its
//    nodes describe it (/v1/cluster through a ClusterStatusPoller the page
//    owns): controller, the leader spread over the nodes, and the
//    UnderReplicatedModel table; a live log of the selected node (read-only,
//    monospace, bounded, following new lines); and the event list (crashes,
//    scheduled restarts with their delay, restarts, stops, and from the
//    cluster: a new controller, a node unreachable or back, a partition's
//    new leader), newest last, each with its time. While a node is down or a
//    partition under-replicated the cluster is polled every second, so a
//    failover shows as it happens.
//  * Remote cluster (setRemoteBrokers): the BrokerModel table (id,
//    host:port, rack, controller) and a note that process control and logs
//    need a local sandbox; the process controls, log and events are hidden.
//
// The page only shows and forwards: the buttons call LocalSandbox, which does
// the work asynchronously; rows change when the nodes report.
//
// Threading: GUI thread only; nothing here blocks.
#include <QPointer>
#include <QWidget>

#include "monitor/cluster_status.h"
#include "monitor/kafka_types.h"
#include "monitor/local_sandbox.h"

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace plexus::views {

class BrokerModel;
class NodeModel;
class UnderReplicatedModel;

class NodesPage : public QWidget {
    Q_OBJECT
public:
    explicit NodesPage(QWidget* parent = nullptr);
    ~NodesPage() override;

    /// Local mode over `sandbox` (not owned; null shows an empty table).
    /// Selects the first node.
    void setSandbox(plexus::monitor::LocalSandbox* sandbox);
    /// Remote mode: shows these brokers. Leaves local mode.
    void setRemoteBrokers(const QList<plexus::monitor::BrokerInfo>& brokers, int controllerId);
    bool isRemote() const { return m_remote; }

    /// Selects the node at `row` (its log replaces the log view).
    void selectNode(int row);
    /// The selected node's row, -1 if none.
    int selectedNode() const;

    // For the app's wiring and for tests.
    NodeModel* nodeModel() const { return m_nodeModel; }
    BrokerModel* brokerModel() const { return m_brokerModel; }
    QTableView* table() const { return m_table; }
    QPlainTextEdit* logView() const { return m_log; }
    QListWidget* eventList() const { return m_events; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* restartButton() const { return m_restart; }
    QPushButton* killButton() const { return m_kill; }
    UnderReplicatedModel* underReplicatedModel() const { return m_urpModel; }
    QTableView* underReplicatedTable() const { return m_urpTable; }
    /// "Controller: node 2 · Leaders: node 1: 4, …" and what is under-replicated.
    QLabel* clusterSummary() const { return m_clusterSummary; }
    plexus::monitor::ClusterStatusPoller* clusterPoller() const { return m_poller; }
    QPushButton* startAllButton() const { return m_startAll; }
    QPushButton* stopAllButton() const { return m_stopAll; }

private:
    void showMode();
    void updateControls();
    void onSelectionChanged();
    void addEvent(const QString& message);
    void onClusterStatus(const plexus::monitor::ClusterStatus& status);
    void updatePollerAddresses();

    QPointer<plexus::monitor::LocalSandbox> m_sandbox;
    bool m_remote = false;
    int m_logNode = -1;  ///< whose lines the log view shows
    NodeModel* m_nodeModel;
    BrokerModel* m_brokerModel;
    QLabel* m_summary;
    QLabel* m_remoteNote;
    UnderReplicatedModel* m_urpModel;
    plexus::monitor::ClusterStatusPoller* m_poller;
    plexus::monitor::ClusterStatus m_lastStatus;  ///< to tell what changed, for the event list
    QWidget* m_clusterBox;
    QLabel* m_clusterSummary;
    QTableView* m_urpTable;
    QTableView* m_table;
    QWidget* m_controls;
    QWidget* m_bottom;
    QPlainTextEdit* m_log;
    QLabel* m_logTitle;
    QListWidget* m_events;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_restart;
    QPushButton* m_kill;
    QPushButton* m_startAll;
    QPushButton* m_stopAll;
};

}  // namespace plexus::views

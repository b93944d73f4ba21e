#pragma once
// NodeModel: the Nodes page's table over a LocalSandbox, one row per node:
// id, state (in words, with a colour), its role in the cluster (Controller,
// Voter, Node, or Cut off while it reports itself fenced), whether the cluster reaches it, how many partitions it leads,
// pid, CPU %, RSS, uptime, Kafka, admin and RPC addresses, and how often it
// crashed. CPU and RSS come from a NodeSampler the model owns (1 s); its tick
// also refreshes the uptime. Role, reachability, leaderships and the RPC
// address come from the latest /v1/cluster picture (setClusterStatus); they
// are empty until one arrived or for a node it does not list.
//
// Rows are the sandbox's nodes and do not change while a sandbox is set;
// state changes and samples arrive as dataChanged, so selections survive.
//
// Threading: GUI thread only. Reads /proc once per second through the
// sampler (microseconds); nothing blocks.
#include <QAbstractTableModel>
#include <QColor>
#include <QPointer>

#include "monitor/cluster_status.h"
#include "monitor/local_sandbox.h"
#include "monitor/node_process.h"

namespace plexus::monitor {
class NodeSampler;
}

namespace plexus::views {

class NodeModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Node, State, Role, Reachable, Leads, Pid, Cpu, Rss, Uptime, Kafka, Admin, Rpc, Restarts, NB_COLUMNS };
    /// Sort key role: raw numbers (state as its enum value, bytes, ms, %).
    static constexpr int SortRole = Qt::UserRole + 1;

    /// `sandbox` is not owned and may be null (no rows); it must outlive the
    /// model or be replaced with setSandbox(nullptr) first.
    explicit NodeModel(plexus::monitor::LocalSandbox* sandbox = nullptr, QObject* parent = nullptr);
    ~NodeModel() override;

    void setSandbox(plexus::monitor::LocalSandbox* sandbox);
    plexus::monitor::LocalSandbox* sandbox() const { return m_sandbox; }
    /// The sampler behind Cpu and Rss (null without a sandbox).
    plexus::monitor::NodeSampler* sampler() const { return m_sampler; }

    /// "starting", "running", "crashed", "stopped", "stopping", translated.
    static QString stateName(plexus::monitor::NodeProcess::State state);
    /// The colour the State column's decoration uses for `state`.
    static QColor stateColor(plexus::monitor::NodeProcess::State state);

    /// The cluster as a node last described it (ClusterStatusPoller).
    /// The Cluster column: "reachable", "down", or "storage failed (N read-only)"
    /// when the node reports logs that a failed write turned read-only.
    QString reachableText(int nodeId) const;
    void setClusterStatus(const plexus::monitor::ClusterStatus& status);
    const plexus::monitor::ClusterStatus& clusterStatus() const { return m_cluster; }
    /// "Controller", "Voter" or "Node" for `nodeId` in `status`, translated;
    /// empty if the status does not list it.
    static QString roleName(const plexus::monitor::ClusterStatus& status, int nodeId);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    void rowChanged(int row);
    void samplesChanged();

    QPointer<plexus::monitor::LocalSandbox> m_sandbox;
    plexus::monitor::NodeSampler* m_sampler = nullptr;
    plexus::monitor::ClusterStatus m_cluster;
};

}  // namespace plexus::views

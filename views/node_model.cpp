#include "views/node_model.h"

#include "monitor/local_sandbox.h"
#include "monitor/node_sampler.h"
#include "views/format.h"

namespace plexus::views {

using plexus::monitor::ClusterStatus;
using plexus::monitor::LocalSandbox;
using plexus::monitor::NodeProcess;
using plexus::monitor::NodeSampler;

NodeModel::NodeModel(LocalSandbox* sandbox, QObject* parent) : QAbstractTableModel(parent) { setSandbox(sandbox); }

NodeModel::~NodeModel() = default;

void NodeModel::setSandbox(LocalSandbox* sandbox) {
    beginResetModel();
    if (m_sandbox) disconnect(m_sandbox, nullptr, this, nullptr);
    delete m_sampler;
    m_sampler = nullptr;
    m_sandbox = sandbox;
    if (sandbox) {
        m_sampler = new NodeSampler(sandbox, this);
        connect(sandbox, &LocalSandbox::nodeStateChanged, this, [this](int index, NodeProcess::State) { rowChanged(index); });
        connect(m_sampler, &NodeSampler::sampled, this, &NodeModel::samplesChanged);
        // A sandbox destroyed under the model: drop its rows.
        connect(sandbox, &QObject::destroyed, this, [this] {
            beginResetModel();
            delete m_sampler;
            m_sampler = nullptr;
            endResetModel();
        });
    }
    endResetModel();
}

QString NodeModel::stateName(NodeProcess::State state) {
    switch (state) {
    case NodeProcess::State::Starting: return tr("starting");
    case NodeProcess::State::Running: return tr("running");
    case NodeProcess::State::Crashed: return tr("crashed");
    case NodeProcess::State::Stopped: return tr("stopped");
    case NodeProcess::State::Stopping: return tr("stopping");
    }
    return {};
}

QColor NodeModel::stateColor(NodeProcess::State state) {
    switch (state) {
    case NodeProcess::State::Starting: return QColor(0xf9, 0xa8, 0x25);  // amber
    case NodeProcess::State::Running: return QColor(0x2e, 0x7d, 0x32);   // green
    case NodeProcess::State::Crashed: return QColor(0xc6, 0x28, 0x28);   // red
    case NodeProcess::State::Stopped: return QColor(0x75, 0x75, 0x75);   // grey
    case NodeProcess::State::Stopping: return QColor(0xef, 0x6c, 0x00);  // orange
    }
    return {};
}

QString NodeModel::roleName(const ClusterStatus& status, int nodeId) {
    const auto* n = status.findNode(nodeId);
    if (!n) return {};
    if (status.isFenced(nodeId)) return tr("Cut off");
    if (n->controller || status.controller == nodeId) return tr("Controller");
    return n->voter ? tr("Voter") : tr("Node");
}

QString NodeModel::reachableText(int nodeId) const {
    const auto* member = m_cluster.findNode(nodeId);
    if (!member) return {};
    if (!member->reachable) return tr("down");
    const qsizetype failed = m_cluster.storageFailuresOf(nodeId).size();
    return failed > 0 ? tr("storage failed (%n read-only)", nullptr, int(failed)) : tr("reachable");
}

void NodeModel::setClusterStatus(const ClusterStatus& status) {
    m_cluster = status;
    const int rows = rowCount();
    if (rows == 0) return;
    emit dataChanged(index(0, Role), index(rows - 1, Leads));
    emit dataChanged(index(0, Rpc), index(rows - 1, Rpc));
}

int NodeModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_sandbox || !m_sampler ? 0 : m_sandbox->nodeCount();
}

int NodeModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant NodeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const NodeProcess* node = m_sandbox ? m_sandbox->node(index.row()) : nullptr;
    if (!node) return {};
    const NodeSampler::Sample sample = m_sampler ? m_sampler->sample(index.row()) : NodeSampler::Sample{};
    // A sample of an earlier process (the node restarted since) says nothing.
    const bool sampled = sample.pid != 0 && sample.pid == node->pid();
    const double cpu = sampled ? sample.cpuPercent : -1;
    const qint64 rss = sampled ? sample.rssBytes : -1;
    const qint64 uptime = node->pid() != 0 ? node->uptimeMs() : -1;
    const auto* member = m_cluster.findNode(node->nodeId());
    const int leads = member ? m_cluster.leaderCount(node->nodeId()) : -1;

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Node: return node->nodeId();
        case State: return stateName(node->state());
        case Role: return roleName(m_cluster, node->nodeId());
        case Reachable: return reachableText(node->nodeId());
        case Leads: return leads >= 0 ? QVariant(leads) : QVariant();
        case Pid: return node->pid() != 0 ? QString::number(node->pid()) : QString();
        case Cpu: return cpu >= 0 ? tr("%1 %").arg(cpu, 0, 'f', 1) : QString();
        case Rss: return rss >= 0 ? formatBytes(rss) : QString();
        case Uptime: return uptime >= 0 ? formatDuration(uptime) : QString();
        case Kafka: return node->kafkaAddress();
        case Admin: return node->adminAddress();
        case Rpc: return member ? member->rpc : node->rpcAddress();
        case Restarts: return node->crashCount();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Node: return node->nodeId();
        case State: return int(node->state());
        case Role: return roleName(m_cluster, node->nodeId());
        case Reachable: return member ? int(member->reachable) : -1;
        case Leads: return leads;
        case Rpc: return member ? member->rpc : node->rpcAddress();
        case Pid: return node->pid();
        case Cpu: return cpu;
        case Rss: return rss;
        case Uptime: return uptime;
        case Kafka: return node->kafkaAddress();
        case Admin: return node->adminAddress();
        case Restarts: return node->crashCount();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == State) return stateColor(node->state());
        if (index.column() == Reachable && member)
            return stateColor(member->reachable && m_cluster.storageFailuresOf(node->nodeId()).isEmpty()
                                  ? NodeProcess::State::Running
                                  : NodeProcess::State::Crashed);
        break;
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Node:
        case Leads:
        case Pid:
        case Cpu:
        case Rss:
        case Uptime:
        case Restarts: return int(Qt::AlignRight | Qt::AlignVCenter);
        default: break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == State && node->state() == NodeProcess::State::Crashed && node->autoRestart())
            return tr("restarts automatically; the next delay after a crash is %1").arg(formatDuration(node->nextBackoffMs()));
        if (index.column() == Cpu) return tr("CPU time per wall time over the last sample; 100 % is one core");
        if (index.column() == Reachable && member) {
            const QStringList failures = m_cluster.storageFailuresOf(node->nodeId());
            if (!failures.isEmpty())
                return tr("writes failed on this node's disk; these logs are read-only until it restarts:\n%1")
                    .arg(failures.join('\n'));
            return tr("as node %1 sees it").arg(m_cluster.answeredBy);
        }
        if (index.column() == Leads) return tr("partitions this node leads");
        break;
    default: break;
    }
    return {};
}

QVariant NodeModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Node: return tr("Node");
    case State: return tr("State");
    case Role: return tr("Role");
    case Reachable: return tr("Cluster");
    case Leads: return tr("Leads");
    case Pid: return tr("PID");
    case Cpu: return tr("CPU");
    case Rss: return tr("Memory");
    case Uptime: return tr("Uptime");
    case Kafka: return tr("Kafka");
    case Admin: return tr("Admin");
    case Rpc: return tr("RPC");
    case Restarts: return tr("Restarts");
    }
    return {};
}

void NodeModel::rowChanged(int row) {
    if (row < 0 || row >= rowCount()) return;
    emit dataChanged(index(row, 0), index(row, NB_COLUMNS - 1));
}

void NodeModel::samplesChanged() {
    const int rows = rowCount();
    if (rows == 0) return;
    // Pid..Uptime move every second; the rest change with the state.
    emit dataChanged(index(0, Pid), index(rows - 1, Uptime), {Qt::DisplayRole, SortRole});
}

}  // namespace plexus::views

#include "views/replication_model.h"

#include <QColor>
#include <algorithm>

#include "views/format.h"

namespace plexus::views {

using plexus::monitor::ClusterPartitionStatus;
using plexus::monitor::ClusterStatus;

UnderReplicatedModel::UnderReplicatedModel(QObject* parent) : QAbstractTableModel(parent) {}

UnderReplicatedModel::~UnderReplicatedModel() = default;

QString UnderReplicatedModel::idList(const QList<int>& ids) {
    QStringList parts;
    for (int id : ids) parts.append(QString::number(id));
    return parts.join(QStringLiteral(", "));
}

void UnderReplicatedModel::setClusterStatus(const ClusterStatus& status) {
    const QList<ClusterPartitionStatus> rows = status.underReplicated();
    auto sameKeys = [&] {
        if (rows.size() != m_rows.size()) return false;
        for (int i = 0; i < rows.size(); ++i)
            if (rows[i].topic != m_rows[i].topic || rows[i].partition != m_rows[i].partition) return false;
        return true;
    };
    if (sameKeys()) {
        m_rows = rows;
        m_status = status;
        if (!m_rows.isEmpty()) emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, NB_COLUMNS - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    m_status = status;
    endResetModel();
}

int UnderReplicatedModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int UnderReplicatedModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant UnderReplicatedModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ClusterPartitionStatus& p = m_rows[index.row()];
    const auto* leader = m_status.findNode(p.leader);
    const bool leaderDown = !leader || !leader->reachable;
    QList<int> missing;
    for (int r : p.replicas)
        if (!p.isr.contains(r)) missing.append(r);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Topic: return p.topic;
        case Partition: return p.partition;
        case Leader:
            if (p.leader < 0) return tr("none");
            return leaderDown ? tr("%1 (down)").arg(p.leader) : QString::number(p.leader);
        case Replicas: return idList(p.replicas);
        case Isr: return idList(p.isr);
        case Missing: return idList(missing);
        case Lag: {
            if (p.lag.isEmpty()) return QStringLiteral("—");
            QList<int> followers = p.lag.keys();
            std::sort(followers.begin(), followers.end());
            QStringList parts;
            for (int f : followers) parts.append(tr("%1: %2").arg(f).arg(formatCount(p.lag.value(f))));
            return parts.join(QStringLiteral(" · "));
        }
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Partition) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() == Leader && leaderDown) return QColor(0xc6, 0x28, 0x28);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Lag) return tr("records each follower is behind the leader, as the leader reports it");
        if (index.column() == Missing) return tr("replicas that are not in sync with the leader");
        break;
    default: break;
    }
    return {};
}

QVariant UnderReplicatedModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Topic: return tr("Topic");
    case Partition: return tr("Partition");
    case Leader: return tr("Leader");
    case Replicas: return tr("Replicas");
    case Isr: return tr("In sync");
    case Missing: return tr("Missing");
    case Lag: return tr("Lag");
    }
    return {};
}

}  // namespace plexus::views

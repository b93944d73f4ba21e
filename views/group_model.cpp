#include "views/group_model.h"

#include "views/format.h"

namespace plexus::views {

using plexus::monitor::GroupInfo;

GroupModel::GroupModel(QObject* parent) : QAbstractTableModel(parent) {}

void GroupModel::setGroups(const QList<GroupInfo>& groups) {
    bool same = groups.size() == m_groups.size();
    for (qsizetype i = 0; same && i < groups.size(); ++i) same = groups[i].groupId == m_groups[i].groupId;
    if (same) {
        m_groups = groups;
        if (!m_groups.isEmpty()) emit dataChanged(index(0, 0), index(int(m_groups.size()) - 1, NB_COLUMNS - 1));
        return;
    }
    beginResetModel();
    m_groups = groups;
    endResetModel();
}

const GroupInfo* GroupModel::groupAt(int row) const { return row >= 0 && row < m_groups.size() ? &m_groups[row] : nullptr; }

int GroupModel::rowOf(const QString& groupId) const {
    for (qsizetype i = 0; i < m_groups.size(); ++i)
        if (m_groups[i].groupId == groupId) return int(i);
    return -1;
}

int GroupModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_groups.size()); }
int GroupModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant GroupModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const GroupInfo& g = m_groups[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Group: return g.groupId;
        case State: return g.state;
        case Protocol: return g.protocol.isEmpty() ? QStringLiteral("—") : g.protocol;
        case Members: return int(g.members.size());
        case Lag: return formatCount(g.totalLag());
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Members) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !g.error.isEmpty()) return g.error;
    return {};
}

QVariant GroupModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Group: return tr("Group");
    case State: return tr("State");
    case Protocol: return tr("Assignor");
    case Members: return tr("Members");
    case Lag: return tr("Lag");
    }
    return {};
}

GroupOffsetModel::GroupOffsetModel(QObject* parent) : QAbstractTableModel(parent) {}

void GroupOffsetModel::setGroup(const GroupInfo& group) {
    bool same = group.groupId == m_group.groupId && group.offsets.size() == m_group.offsets.size();
    for (qsizetype i = 0; same && i < group.offsets.size(); ++i)
        same = group.offsets[i].topic == m_group.offsets[i].topic && group.offsets[i].partition == m_group.offsets[i].partition;
    if (same) {
        m_group = group;
        if (!m_group.offsets.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_group.offsets.size()) - 1, NB_COLUMNS - 1));
        return;
    }
    beginResetModel();
    m_group = group;
    endResetModel();
}

void GroupOffsetModel::clear() { setGroup({}); }

int GroupOffsetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_group.offsets.size());
}
int GroupOffsetModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant GroupOffsetModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& o = m_group.offsets[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Topic: return o.topic;
        case Partition: return o.partition;
        case Committed: return formatCount(o.committed);
        case End: return formatCount(o.highWatermark);
        case Lag: return formatCount(o.lag());
        case Member: {
            for (const auto& m : m_group.members)
                if (m.memberId == o.memberId) return QStringLiteral("%1 (%2)").arg(m.clientId, m.host);
            return QStringLiteral("—");
        }
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Committed && index.column() <= Lag)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant GroupOffsetModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Topic: return tr("Topic");
    case Partition: return tr("Partition");
    case Committed: return tr("Committed offset");
    case End: return tr("End offset");
    case Lag: return tr("Lag");
    case Member: return tr("Member");
    }
    return {};
}

}  // namespace plexus::views

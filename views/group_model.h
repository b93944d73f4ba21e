#pragma once
// GroupModel: the Consumers page's list of consumer groups (id, state,
// assignor, members, total lag); GroupOffsetModel: one group's committed
// offsets per partition with the partition's end, the lag and the member the
// partition is assigned to. Both are filled from ClusterMonitor's groups and
// keep their rows in place across refreshes when the set is unchanged.
// GUI thread only.
#include <QAbstractTableModel>

#include "monitor/kafka_types.h"

namespace plexus::views {

class GroupModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Group, State, Protocol, Members, Lag, NB_COLUMNS };
    explicit GroupModel(QObject* parent = nullptr);

    void setGroups(const QList<plexus::monitor::GroupInfo>& groups);
    const plexus::monitor::GroupInfo* groupAt(int row) const;
    int rowOf(const QString& groupId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    QList<plexus::monitor::GroupInfo> m_groups;
};

class GroupOffsetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Topic, Partition, Committed, End, Lag, Member, NB_COLUMNS };
    explicit GroupOffsetModel(QObject* parent = nullptr);

    void setGroup(const plexus::monitor::GroupInfo& group);
    void clear();
    QString groupId() const { return m_group.groupId; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    plexus::monitor::GroupInfo m_group;
};

}  // namespace plexus::views

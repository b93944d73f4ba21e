#pragma once
// TopicModel: the Topics page's table, one row per topic of a ClusterInfo:
// name, partitions, replication factor, messages, size and retention.
// TopicFilterModel filters it by name (case-insensitive substring) and hides
// internal topics unless asked. GUI thread only.
//
// setCluster() keeps rows in place when the topic set is unchanged (only
// dataChanged), so selections and scroll positions survive the periodic
// refresh.
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "monitor/kafka_types.h"

namespace plexus::views {

class TopicModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Partitions, Replication, Messages, Size, Retention, NB_COLUMNS };
    /// Sort key role: raw numbers for the numeric columns.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit TopicModel(QObject* parent = nullptr);

    void setCluster(const plexus::monitor::ClusterInfo& cluster);
    const plexus::monitor::TopicInfo* topicAt(int row) const;
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    QList<plexus::monitor::TopicInfo> m_topics;
};

class TopicFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TopicFilterModel(QObject* parent = nullptr);
    void setShowInternal(bool on);
    bool showInternal() const { return m_showInternal; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_showInternal = false;
};

}  // namespace plexus::views

#pragma once
// UnderReplicatedModel: the Nodes page's list of partitions that lack
// replicas, from the latest /v1/cluster picture: topic, partition, leader
// (marked when it is down or missing), replicas, in-sync replicas, the
// replicas missing from the ISR, and the followers' lag behind the leader
// (known only when the leader answered; "—" otherwise).
//
// Rows follow the picture: the same set of partitions updates in place
// (dataChanged, so a selection survives); another set resets the model.
//
// Threading: GUI thread only.
#include <QAbstractTableModel>

#include "monitor/cluster_status.h"

namespace plexus::views {

class UnderReplicatedModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Topic, Partition, Leader, Replicas, Isr, Missing, Lag, NB_COLUMNS };

    explicit UnderReplicatedModel(QObject* parent = nullptr);
    ~UnderReplicatedModel() override;

    void setClusterStatus(const plexus::monitor::ClusterStatus& status);
    /// The partition shown in `row`.
    const plexus::monitor::ClusterPartitionStatus& partitionAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    /// "1, 2, 3".
    static QString idList(const QList<int>& ids);

private:
    QList<plexus::monitor::ClusterPartitionStatus> m_rows;
    plexus::monitor::ClusterStatus m_status;
};

}  // namespace plexus::views

#pragma once
// BrokerModel: the Nodes page's table for a cluster Plexus Center does not
// run (no local sandbox): one row per broker of the cluster's metadata, with
// its id, "host:port", rack and whether it is the controller. GUI thread only.
#include <QAbstractTableModel>
#include <QList>

#include "monitor/kafka_types.h"

namespace plexus::views {

class BrokerModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Address, Rack, Controller, NB_COLUMNS };
    /// Sort key role: the id as a number, the controller flag as a bool.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit BrokerModel(QObject* parent = nullptr);

    /// Replaces the rows (sorted by broker id).
    void setBrokers(const QList<plexus::monitor::BrokerInfo>& brokers);
    /// -1 when the cluster did not say.
    void setControllerId(int id);
    int controllerId() const { return m_controllerId; }
    const plexus::monitor::BrokerInfo* brokerAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    QList<plexus::monitor::BrokerInfo> m_brokers;
    int m_controllerId = -1;
};

}  // namespace plexus::views

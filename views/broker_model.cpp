#include "views/broker_model.h"

#include <algorithm>

namespace plexus::views {

using plexus::monitor::BrokerInfo;

BrokerModel::BrokerModel(QObject* parent) : QAbstractTableModel(parent) {}

void BrokerModel::setBrokers(const QList<BrokerInfo>& brokers) {
    beginResetModel();
    m_brokers = brokers;
    std::sort(m_brokers.begin(), m_brokers.end(), [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
    endResetModel();
}

void BrokerModel::setControllerId(int id) {
    if (id == m_controllerId) return;
    m_controllerId = id;
    if (!m_brokers.isEmpty()) emit dataChanged(index(0, Controller), index(rowCount() - 1, Controller));
}

const BrokerInfo* BrokerModel::brokerAt(int row) const {
    return row >= 0 && row < m_brokers.size() ? &m_brokers[row] : nullptr;
}

int BrokerModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_brokers.size()); }

int BrokerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant BrokerModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const BrokerInfo& b = m_brokers[index.row()];
    const bool controller = m_controllerId >= 0 && b.id == m_controllerId;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id: return b.id;
        case Address: return QStringLiteral("%1:%2").arg(b.host).arg(b.port);
        case Rack: return b.rack;
        case Controller: return controller ? tr("controller") : QString();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Id: return b.id;
        case Address: return QStringLiteral("%1:%2").arg(b.host).arg(b.port);
        case Rack: return b.rack;
        case Controller: return controller;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Id) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default: break;
    }
    return {};
}

QVariant BrokerModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Id: return tr("Broker");
    case Address: return tr("Address");
    case Rack: return tr("Rack");
    case Controller: return tr("Role");
    }
    return {};
}

}  // namespace plexus::views

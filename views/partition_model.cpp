#include "views/partition_model.h"

#include "views/format.h"

namespace plexus::views {

namespace {
QString ids(const QList<int>& l) {
    QStringList s;
    for (int i : l) s << QString::number(i);
    return s.join(QStringLiteral(", "));
}
}  // namespace

PartitionModel::PartitionModel(QObject* parent) : QAbstractTableModel(parent) {}

void PartitionModel::setTopic(const plexus::monitor::TopicInfo& topic) {
    if (topic.name == m_topic.name && topic.partitions.size() == m_topic.partitions.size()) {
        m_topic = topic;
        if (!m_topic.partitions.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_topic.partitions.size()) - 1, NB_COLUMNS - 1));
        return;
    }
    beginResetModel();
    m_topic = topic;
    endResetModel();
}

void PartitionModel::clear() { setTopic({}); }

int PartitionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_topic.partitions.size());
}
int PartitionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant PartitionModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& p = m_topic.partitions[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Partition: return p.id;
        case Leader: return p.leader < 0 ? tr("none") : QString::number(p.leader);
        case Replicas: return ids(p.replicas);
        case Isr: return ids(p.isr);
        case Low: return formatCount(p.lowWatermark);
        case High: return formatCount(p.highWatermark);
        case Messages: return formatCount(p.messageCount());
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Low) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !p.error.isEmpty()) return p.error;
    return {};
}

QVariant PartitionModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Partition: return tr("Partition");
    case Leader: return tr("Leader");
    case Replicas: return tr("Replicas");
    case Isr: return tr("In-sync replicas");
    case Low: return tr("Low watermark");
    case High: return tr("High watermark");
    case Messages: return tr("Messages");
    }
    return {};
}

}  // namespace plexus::views

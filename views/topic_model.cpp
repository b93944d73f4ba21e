#include "views/topic_model.h"

#include <QFont>

#include "views/format.h"

namespace plexus::views {

using plexus::monitor::TopicInfo;

TopicModel::TopicModel(QObject* parent) : QAbstractTableModel(parent) {}

void TopicModel::setCluster(const plexus::monitor::ClusterInfo& cluster) {
    bool sameNames = cluster.topics.size() == m_topics.size();
    for (qsizetype i = 0; sameNames && i < m_topics.size(); ++i) sameNames = m_topics[i].name == cluster.topics[i].name;
    if (sameNames) {
        m_topics = cluster.topics;
        if (!m_topics.isEmpty()) emit dataChanged(index(0, 0), index(int(m_topics.size()) - 1, NB_COLUMNS - 1));
        return;
    }
    beginResetModel();
    m_topics = cluster.topics;
    endResetModel();
}

const TopicInfo* TopicModel::topicAt(int row) const {
    return row >= 0 && row < m_topics.size() ? &m_topics[row] : nullptr;
}

int TopicModel::rowOf(const QString& name) const {
    for (qsizetype i = 0; i < m_topics.size(); ++i)
        if (m_topics[i].name == name) return int(i);
    return -1;
}

int TopicModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_topics.size()); }
int TopicModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant TopicModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const TopicInfo& t = m_topics[index.row()];
    if (role == SortRole) {
        switch (index.column()) {
        case Name: return t.name;
        case Partitions: return int(t.partitions.size());
        case Replication: return t.replicationFactor();
        case Messages: return t.messageCount();
        case Size: return t.sizeBytes;
        case Retention: return t.retentionKnown ? (t.retentionMs < 0 ? std::numeric_limits<qint64>::max() : t.retentionMs) : -2;
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return t.name;
        case Partitions: return int(t.partitions.size());
        case Replication: return t.replicationFactor();
        case Messages: return formatCount(t.messageCount());
        case Size: return formatBytes(t.sizeBytes);
        case Retention: return formatRetention(t.retentionMs, t.retentionKnown);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (!t.error.isEmpty()) return t.error;
        if (index.column() == Size && t.sizeBytes < 0) return tr("Sizes come from the /metrics endpoint of Plexus nodes");
        if (t.internal) return tr("Internal topic");
    }
    if (role == Qt::FontRole && t.internal) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    return {};
}

QVariant TopicModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Topic");
    case Partitions: return tr("Partitions");
    case Replication: return tr("Replication");
    case Messages: return tr("Messages");
    case Size: return tr("Size");
    case Retention: return tr("Retention");
    }
    return {};
}

TopicFilterModel::TopicFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(TopicModel::Name);
    setSortRole(TopicModel::SortRole);
}

void TopicFilterModel::setShowInternal(bool on) {
    if (on == m_showInternal) return;
    m_showInternal = on;
    invalidateFilter();
}

bool TopicFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const auto* m = static_cast<const TopicModel*>(sourceModel());
    const TopicInfo* t = m ? m->topicAt(sourceRow) : nullptr;
    if (t && t->internal && !m_showInternal) return false;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

}  // namespace plexus::views

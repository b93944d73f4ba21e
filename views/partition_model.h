#pragma once
// PartitionModel: one topic's partitions for the topic detail view:
// partition, leader, replicas, in-sync replicas, low and high watermarks and
// the records between them. GUI thread only.
#include <QAbstractTableModel>

#include "monitor/kafka_types.h"

namespace plexus::views {

class PartitionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Partition, Leader, Replicas, Isr, Low, High, Messages, NB_COLUMNS };
    explicit PartitionModel(QObject* parent = nullptr);

    void setTopic(const plexus::monitor::TopicInfo& topic);
    void clear();
    QString topicName() const { return m_topic.name; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    plexus::monitor::TopicInfo m_topic;
};

}  // namespace plexus::views

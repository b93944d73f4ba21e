#pragma once
// TopicsPage: the filterable topic table; New topic (CreateTopicDialog),
// Delete (with confirmation), and a detail view of the selected topic: its
// partitions (leader, replicas, in-sync replicas, watermarks) and its
// configs, editable and applied with AlterConfigs.
//
// Dialogs open window-modal with open(), never exec(), so nothing nests an
// event loop; results and errors arrive from KafkaClient's signals.
// GUI thread only.
#include <QWidget>

class QLabel;
class QLineEdit;
class QCheckBox;
class QPushButton;
class QTableView;
class QTabWidget;

namespace plexus::monitor {
class ClusterMonitor;
class KafkaClient;
}  // namespace plexus::monitor

namespace plexus::views {

class ConfigModel;
class PartitionModel;
class TopicFilterModel;
class TopicModel;

class TopicsPage : public QWidget {
    Q_OBJECT
public:
    TopicsPage(plexus::monitor::KafkaClient* client, plexus::monitor::ClusterMonitor* monitor, QWidget* parent = nullptr);

    TopicModel* topicModel() const { return m_topics; }
    TopicFilterModel* filterModel() const { return m_filter; }
    PartitionModel* partitionModel() const { return m_partitions; }
    ConfigModel* configModel() const { return m_configs; }
    QTableView* topicView() const { return m_view; }
    QString selectedTopic() const;
    void selectTopic(const QString& name);
    QString statusText() const;

public slots:
    void openCreateDialog();
    void deleteSelected();
    void applyConfigs();

signals:
    /// The user asked to browse the messages of `topic`.
    void browseRequested(const QString& topic);

private:
    void onCluster();
    void onSelection();
    void setStatus(const QString& text, bool error = false);

    plexus::monitor::KafkaClient* m_client;
    plexus::monitor::ClusterMonitor* m_monitor;
    TopicModel* m_topics;
    TopicFilterModel* m_filter;
    PartitionModel* m_partitions;
    ConfigModel* m_configs;
    QLineEdit* m_search;
    QCheckBox* m_internal;
    QTableView* m_view;
    QTabWidget* m_detail;
    QPushButton* m_delete;
    QPushButton* m_browse;
    QPushButton* m_apply;
    QLabel* m_status;
    QLabel* m_detailTitle;
    QString m_configsFor;
};

}  // namespace plexus::views

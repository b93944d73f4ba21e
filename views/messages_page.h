#pragma once
// MessagesPage: browse a topic. "What to read" is a topic, a set of
// partitions (empty = all) and a start (earliest, latest minus N per
// partition, an offset, or a timestamp). The table is a lazy MessageModel
// fed by a MessageReader on its own thread; the detail pane shows the
// selected record. Search scans keys, values and headers of the same range
// with a MessageSearch (progress bar, Cancel) and lists the matches in the
// table. Produce opens the ProduceDialog; Export writes the selected rows
// (or every loaded row) to JSON Lines or CSV. With a Schema Registry set,
// the detail pane decodes schema-framed keys and values (SchemaDecoder).
//
// GUI thread only; nothing here blocks: reads, searches and produces run on
// the monitor's worker threads, dialogs open with open().
#include <QWidget>

#include "monitor/kafka_types.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace plexus::monitor {
class ClusterMonitor;
class KafkaClient;
class MessageReader;
class MessageSearch;
class RegistryClient;
}  // namespace plexus::monitor

namespace plexus::views {

class MessageDetail;
class MessageModel;
class SchemaDecoder;

class MessagesPage : public QWidget {
    Q_OBJECT
public:
    MessagesPage(const QString& bootstrap, plexus::monitor::KafkaClient* client,
                 plexus::monitor::ClusterMonitor* monitor, QWidget* parent = nullptr);
    ~MessagesPage() override;

    MessageModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    MessageDetail* detail() const { return m_detail; }
    plexus::monitor::MessageSearch* search() const { return m_search; }
    /// The registry that schema-framed values are decoded with (not owned;
    /// null or a client without an address = none known: framed values say
    /// so). Each call starts a fresh decoder, so nothing fetched from another
    /// address is kept: call it again after the client's address changed.
    void setSchemaRegistry(plexus::monitor::RegistryClient* client);
    SchemaDecoder* schemaDecoder() const { return m_decoder; }

    /// The spec the controls describe now.
    plexus::monitor::ReadSpec spec() const;
    void setTopic(const QString& topic);
    /// "0,2" or "" for all.
    void setPartitionsText(const QString& text);
    void setStart(plexus::monitor::StartPosition start);
    void setSearchText(const QString& text);
    QString statusText() const;
    /// Writes the selected rows, or every loaded row if none is selected.
    bool exportTo(const QString& path, QString* error);

public slots:
    void read();
    void startSearch();
    void cancelSearch();
    void openProduceDialog();
    void openExportDialog();

private:
    void onCluster();
    void setStatus(const QString& text, bool error = false);
    void updateStartEditors();
    QList<plexus::monitor::Record> selectedOrAll() const;

    plexus::monitor::KafkaClient* m_client;
    plexus::monitor::ClusterMonitor* m_monitor;
    plexus::monitor::MessageReader* m_reader;
    plexus::monitor::MessageSearch* m_search;
    MessageModel* m_model;
    QTableView* m_view;
    MessageDetail* m_detail;
    SchemaDecoder* m_decoder = nullptr;
    QComboBox* m_topic;
    QLineEdit* m_partitions;
    QComboBox* m_startKind;
    QLineEdit* m_startValue;
    QDateTimeEdit* m_startTime;
    QPushButton* m_read;
    QLineEdit* m_searchText;
    QCheckBox* m_caseSensitive;
    QPushButton* m_searchButton;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QString m_shownTopic;  ///< the topic whose records the table holds
};

}  // namespace plexus::views

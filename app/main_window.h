#pragma once
// MainWindow: Plexus Center's window. A sidebar with the connection chooser
// (the local sandbox and saved Kafka clusters) and the pages (Overview,
// Topics, Messages, Consumers, Schemas, Nodes); the pages in a stack; menus with
// shortcuts; a status bar. Pages are rebuilt for each connection once it is
// ready. Geometry, the current page and the saved clusters (name,
// bootstrap servers, optional Schema Registry URL) persist in QSettings. Quitting shuts the sandbox down unless it is set to keep
// running.
//
// Threading: GUI thread only.
#include <QMainWindow>
#include <QPointer>

#include "app/connection.h"

class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace plexus::views {
class ConsumersPage;
class MessagesPage;
class NodesPage;
class OverviewPage;
class SchemasPage;
class TopicsPage;
}  // namespace plexus::views

namespace plexus::app {


class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { Overview, Topics, Messages, Consumers, Schemas, Nodes, NB_PAGES };

    struct Options {
        QString plexusd;          ///< the node binary for the sandbox
        QString sandboxDir;       ///< the sandbox's base directory
        int sandboxNodes = 3;
        bool startSandbox = true; ///< open the sandbox connection at start
        QString bootstrap;        ///< if set, connect to this Kafka cluster instead
    };

    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    Connection* connection() const { return m_connection; }
    void showPage(Page page);
    Page currentPage() const;
    /// The settings key of each page, in Page order.
    static const QStringList& pageKeys();
    views::OverviewPage* overviewPage() const { return m_overview; }
    views::TopicsPage* topicsPage() const { return m_topics; }
    views::MessagesPage* messagesPage() const { return m_messages; }
    views::ConsumersPage* consumersPage() const { return m_consumers; }
    views::SchemasPage* schemasPage() const { return m_schemas; }
    views::NodesPage* nodesPage() const { return m_nodes; }

public slots:
    /// Creates adt.events, lab.results and pharmacy.orders where missing and
    /// fills them with synthetic HL7 v2 and FHIR events.
    void loadSampleData();
    /// Opens the Add Kafka cluster dialog (bootstrap servers, optional Schema
    /// Registry URL); accepting saves the cluster and connects to it.
    void addKafkaCluster();
    void openSettings();
    void about();

signals:
    /// The current connection is ready and its pages exist.
    void connectionReady();
    void sampleDataLoaded(int events);

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    void buildMenus();
    void useConnection(int index);
    void rebuildPages();
    void refillConnections();
    void setStatus(const QString& text);

    Options m_opt;
    QComboBox* m_connections;
    QListWidget* m_sidebar;
    QStackedWidget* m_stack;
    QLabel* m_statusLabel;
    QPointer<Connection> m_connection;
    views::OverviewPage* m_overview = nullptr;
    views::TopicsPage* m_topics = nullptr;
    views::MessagesPage* m_messages = nullptr;
    views::ConsumersPage* m_consumers = nullptr;
    views::SchemasPage* m_schemas = nullptr;
    views::NodesPage* m_nodes = nullptr;
    bool m_shutDown = false;
};

}  // namespace plexus::app

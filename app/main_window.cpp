#include "app/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

#include "app/connection.h"
#include "app/settings_dialog.h"
#include "app/theme.h"
#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "monitor/local_sandbox.h"
#include "monitor/sample_data.h"
#include "views/consumers_page.h"
#include "views/messages_page.h"
#include "views/nodes_page.h"
#include "views/overview_page.h"
#include "views/schemas_page.h"
#include "views/topics_page.h"

namespace plexus::app {

namespace {
constexpr int kSandboxIndex = 0;
const QString kClusters = QStringLiteral("connections/clusters");
constexpr int kRegistryRole = Qt::UserRole + 1;  ///< connection item: the saved Schema Registry URL
}  // namespace

MainWindow::MainWindow(Options options, QWidget* parent) : QMainWindow(parent), m_opt(std::move(options)) {
    setWindowTitle(tr("Plexus Center"));
    auto* central = new QWidget(this);
    auto* row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    auto* side = new QWidget(central);
    side->setObjectName(QStringLiteral("sidebar"));
    side->setFixedWidth(210);
    auto* sl = new QVBoxLayout(side);
    auto* connLabel = new QLabel(tr("Connection"), side);
    m_connections = new QComboBox(side);
    m_connections->setToolTip(tr("The local sandbox or a Kafka cluster"));
    sl->addWidget(connLabel);
    sl->addWidget(m_connections);
    m_sidebar = new QListWidget(side);
    m_sidebar->setIconSize(QSize(20, 20));
    const struct {
        QString name;
        QStyle::StandardPixmap icon;
    } pages[] = {{tr("Overview"), QStyle::SP_ComputerIcon},
                 {tr("Topics"), QStyle::SP_DirIcon},
                 {tr("Messages"), QStyle::SP_FileDialogContentsView},
                 {tr("Consumers"), QStyle::SP_FileDialogDetailedView},
                 {tr("Schemas"), QStyle::SP_FileDialogListView},
                 {tr("Nodes"), QStyle::SP_DriveHDIcon}};
    for (const auto& p : pages) m_sidebar->addItem(new QListWidgetItem(style()->standardIcon(p.icon), p.name));
    sl->addWidget(m_sidebar, 1);
    row->addWidget(side);
    m_stack = new QStackedWidget(central);
    for (int i = 0; i < NB_PAGES; ++i) {
        auto* placeholder = new QLabel(tr("Connecting…"), m_stack);
        placeholder->setAlignment(Qt::AlignCenter);
        m_stack->addWidget(placeholder);
    }
    row->addWidget(m_stack, 1);
    setCentralWidget(central);
    m_statusLabel = new QLabel(this);
    statusBar()->addWidget(m_statusLabel, 1);
    buildMenus();

    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (!s.contains(QStringLiteral("window/geometry"))) resize(1280, 820);
    // Stored by name, so adding a page never reopens another one.
    m_sidebar->setCurrentRow(std::max(0, int(pageKeys().indexOf(s.value(QStringLiteral("window/pageName")).toString()))));

    refillConnections();
    connect(m_connections, &QComboBox::activated, this, &MainWindow::useConnection);
    int first = kSandboxIndex;
    if (!m_opt.bootstrap.isEmpty()) {
        m_connections->addItem(m_opt.bootstrap, m_opt.bootstrap);
        first = m_connections->count() - 1;
    }
    if (first != kSandboxIndex || m_opt.startSandbox) {
        m_connections->setCurrentIndex(first);
        useConnection(first);
    } else {
        setStatus(tr("Choose a connection."));
    }
}

MainWindow::~MainWindow() {
    if (m_connection && !m_shutDown) m_connection->shutdown();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* sample = file->addAction(tr("Load &sample healthcare events"), this, &MainWindow::loadSampleData);
    sample->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    file->addAction(tr("Add &Kafka cluster…"), this, &MainWindow::addKafkaCluster);
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < NB_PAGES; ++i) {
        QAction* a = view->addAction(m_sidebar->item(i)->text(), this, [this, i] { showPage(Page(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction* refresh = view->addAction(tr("&Refresh"), this, [this] {
        if (m_connection && m_connection->monitor()) m_connection->monitor()->refreshNow();
        if (m_schemas && currentPage() == Schemas) m_schemas->refresh();
    });
    refresh->setShortcut(QKeySequence::Refresh);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Plexus Center"), this, &MainWindow::about);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::refillConnections() {
    m_connections->clear();
    m_connections->addItem(tr("Local sandbox"), QString());
    QSettings s;
    const int n = s.beginReadArray(kClusters);
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        m_connections->addItem(s.value(QStringLiteral("name")).toString(), s.value(QStringLiteral("bootstrap")).toString());
        m_connections->setItemData(m_connections->count() - 1, s.value(QStringLiteral("registryUrl")).toString(), kRegistryRole);
    }
    s.endArray();
}

void MainWindow::useConnection(int index) {
    if (m_connection) {
        m_connection->shutdown();
        m_connection->deleteLater();
    }
    // Pages hold pointers into the old connection; replace them first.
    for (int i = 0; i < NB_PAGES; ++i) {
        QWidget* old = m_stack->widget(i);
        auto* placeholder = new QLabel(tr("Connecting…"), m_stack);
        placeholder->setAlignment(Qt::AlignCenter);
        m_stack->insertWidget(i, placeholder);
        m_stack->removeWidget(old);
        old->deleteLater();
    }
    m_overview = nullptr;
    m_topics = nullptr;
    m_messages = nullptr;
    m_consumers = nullptr;
    m_schemas = nullptr;
    m_nodes = nullptr;
    m_stack->setCurrentIndex(m_sidebar->currentRow());
    if (index == kSandboxIndex) {
        m_connection = Connection::sandbox(m_opt.plexusd, m_opt.sandboxDir, m_opt.sandboxNodes,
                                           QSettings().value(QStringLiteral("sandbox/keepRunning"), false).toBool(), this);
    } else {
        m_connection = Connection::kafka(m_connections->itemText(index), m_connections->itemData(index).toString(), {}, this);
        m_connection->setRegistryUrl(m_connections->itemData(index, kRegistryRole).toString());
    }
    connect(m_connection, &Connection::statusChanged, this, &MainWindow::setStatus);
    connect(m_connection, &Connection::ready, this, &MainWindow::rebuildPages);
    if (m_connection->kind() == Connection::Kind::Sandbox) {
        // The Nodes page shows the sandbox while it starts.
        m_nodes = new views::NodesPage(m_stack);
        m_nodes->setSandbox(m_connection->localSandbox());
        QWidget* old = m_stack->widget(Nodes);
        m_stack->insertWidget(Nodes, m_nodes);
        m_stack->removeWidget(old);
        old->deleteLater();
        m_stack->setCurrentIndex(m_sidebar->currentRow());
    }
    m_connection->open();
}

void MainWindow::rebuildPages() {
    Connection* c = m_connection;
    if (!c || !c->isReady()) return;
    auto replace = [this](int i, QWidget* w) {
        QWidget* old = m_stack->widget(i);
        if (old == w) return;
        m_stack->insertWidget(i, w);
        m_stack->removeWidget(old);
        old->deleteLater();
    };
    m_overview = new views::OverviewPage(c->monitor(), m_stack);
    replace(Overview, m_overview);
    m_topics = new views::TopicsPage(c->client(), c->monitor(), m_stack);
    replace(Topics, m_topics);
    m_messages = new views::MessagesPage(c->bootstrap(), c->client(), c->monitor(), m_stack);
    // The connection's registry client, shared by the Messages page (decodes
    // schema-framed values) and the Schemas page; each is handed it again
    // when the address changes (a fresh decoder, the lists reloaded).
    m_messages->setSchemaRegistry(c->registryClient());
    connect(c, &Connection::registryUrlChanged, m_messages,
            [page = m_messages, c] { page->setSchemaRegistry(c->registryClient()); });
    replace(Messages, m_messages);
    m_consumers = new views::ConsumersPage(c->monitor(), m_stack);
    replace(Consumers, m_consumers);
    m_schemas = new views::SchemasPage(m_stack);
    m_schemas->setSchemaRegistry(c->registryClient());
    connect(c, &Connection::registryUrlChanged, m_schemas,
            [page = m_schemas, c] { page->setSchemaRegistry(c->registryClient()); });
    replace(Schemas, m_schemas);
    if (c->kind() == Connection::Kind::Kafka) {
        m_nodes = new views::NodesPage(m_stack);
        replace(Nodes, m_nodes);
        connect(c->monitor(), &monitor::ClusterMonitor::clusterUpdated, m_nodes, [this, c] {
            if (m_nodes && c->monitor()) m_nodes->setRemoteBrokers(c->monitor()->cluster().brokers, c->monitor()->cluster().controllerId);
        });
    }
    connect(m_topics, &views::TopicsPage::browseRequested, this, [this](const QString& topic) {
        m_messages->setTopic(topic);
        showPage(Messages);
        m_messages->read();
    });
    m_stack->setCurrentIndex(m_sidebar->currentRow());
    emit connectionReady();
}

void MainWindow::showPage(Page page) { m_sidebar->setCurrentRow(page); }
const QStringList& MainWindow::pageKeys() {
    static const QStringList keys = {QStringLiteral("overview"), QStringLiteral("topics"), QStringLiteral("messages"),
                                     QStringLiteral("consumers"), QStringLiteral("schemas"), QStringLiteral("nodes")};
    static_assert(NB_PAGES == 6, "a settings key for every page");
    return keys;
}

MainWindow::Page MainWindow::currentPage() const { return Page(m_sidebar->currentRow()); }

void MainWindow::setStatus(const QString& text) { m_statusLabel->setText(text); }

void MainWindow::loadSampleData() {
    Connection* c = m_connection;
    if (!c || !c->isReady()) {
        setStatus(tr("Connect to a cluster first."));
        return;
    }
    auto* client = c->client();
    const auto& cluster = c->monitor()->cluster();
    const int rf = 1;
    for (const auto& t : plexus::monitor::sampleTopics())
        if (!cluster.topic(t.name)) client->createTopic(t.name, t.partitions, rf);
    QList<QPair<QString, plexus::monitor::Record>> batch;
    for (const auto& e : plexus::monitor::generateSampleEvents(QRandomGenerator::global()->generate(), 60)) {
        plexus::monitor::Record r;
        r.key = e.key;
        r.keyNull = false;
        r.value = e.value;
        r.valueNull = false;
        r.headers = e.headers;
        batch.push_back({e.topic, r});
    }
    setStatus(tr("Loading %Ln sample event(s)…", nullptr, int(batch.size())));
    // The client runs jobs in order, so the topics exist before the batch goes.
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(client, &monitor::KafkaClient::producedBatch, this, [this, conn, c](int n) {
        disconnect(*conn);
        setStatus(tr("Loaded %Ln sample healthcare event(s) into adt.events, lab.results and pharmacy.orders.", nullptr, n));
        if (c->monitor()) c->monitor()->refreshNow();
        emit sampleDataLoaded(n);
    });
    client->produceBatch(batch);
}

void MainWindow::addKafkaCluster() {
    auto* dlg = new QDialog(this);
    dlg->setObjectName(QStringLiteral("addClusterDialog"));
    dlg->setWindowTitle(tr("Add Kafka cluster"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dlg);
    auto* intro = new QLabel(tr("Apache Kafka, Confluent, Redpanda and Plexus clusters all work."), dlg);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto* bootstrap = new QLineEdit(QStringLiteral("localhost:9092"), dlg);
    bootstrap->setObjectName(QStringLiteral("bootstrap"));
    bootstrap->setToolTip(tr("host:port, comma-separated"));
    form->addRow(tr("&Bootstrap servers:"), bootstrap);
    auto* registry = new QLineEdit(dlg);
    registry->setObjectName(QStringLiteral("registryUrl"));
    registry->setPlaceholderText(tr("optional, e.g. http://localhost:8081"));
    registry->setToolTip(tr("The cluster's Confluent-compatible Schema Registry, for the Schemas page"));
    form->addRow(tr("Schema &Registry URL:"), registry);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dlg);
    layout->addWidget(buttons);
    auto* ok = buttons->button(QDialogButtonBox::Ok);
    connect(bootstrap, &QLineEdit::textChanged, ok, [ok](const QString& t) { ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, dlg, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::reject);
    connect(dlg, &QDialog::accepted, this, [this, bootstrap, registry] {
        const QString servers = bootstrap->text().trimmed();
        const QString registryUrl = registry->text().trimmed();
        if (servers.isEmpty()) return;
        struct Saved {
            QString name, bootstrap, registryUrl;
        };
        QSettings s;
        QList<Saved> all;
        const int n = s.beginReadArray(kClusters);
        for (int i = 0; i < n; ++i) {
            s.setArrayIndex(i);
            all.push_back({s.value(QStringLiteral("name")).toString(), s.value(QStringLiteral("bootstrap")).toString(),
                           s.value(QStringLiteral("registryUrl")).toString()});
        }
        s.endArray();
        all.push_back({servers, servers, registryUrl});
        s.beginWriteArray(kClusters, int(all.size()));
        for (int i = 0; i < all.size(); ++i) {
            s.setArrayIndex(i);
            s.setValue(QStringLiteral("name"), all[i].name);
            s.setValue(QStringLiteral("bootstrap"), all[i].bootstrap);
            s.setValue(QStringLiteral("registryUrl"), all[i].registryUrl);
        }
        s.endArray();
        refillConnections();
        m_connections->setCurrentIndex(m_connections->count() - 1);
        useConnection(m_connections->count() - 1);
    });
    dlg->open();
}

void MainWindow::openSettings() {
    auto* dlg = new SettingsDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this] {
        QSettings s;
        if (m_connection && m_connection->localSandbox())
            m_connection->localSandbox()->setKeepRunning(s.value(QStringLiteral("sandbox/keepRunning")).toBool());
        applyTheme(*qApp, themeFromString(s.value(QStringLiteral("ui/theme")).toString()));
        setStatus(tr("Settings saved."));
    });
    dlg->open();
}

void MainWindow::about() {
    auto* box = new QMessageBox(QMessageBox::Information, tr("About Plexus Center"),
                       tr("<h3>Plexus Center %1</h3>"
                          "<p>The control center for Plexus, a Kafka-compatible event broker for healthcare.</p>"
                          "<p>Runs a local sandbox cluster and browses topics, messages and consumer groups of "
                          "Plexus, Apache Kafka, Confluent and Redpanda clusters.</p><p>Build %2, Qt %3.</p>")
                           .arg(QApplication::applicationVersion(), QStringLiteral(PLEXUS_GIT_REV), QString::fromLatin1(qVersion())),
                       QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/pageName"), pageKeys().value(m_sidebar->currentRow()));
    if (m_connection && !m_shutDown) {
        setStatus(tr("Stopping the local sandbox…"));
        m_connection->shutdown();
        m_shutDown = true;
    }
    e->accept();
}

}  // namespace plexus::app

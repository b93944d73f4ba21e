#include "views/nodes_page.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>

#include "monitor/local_sandbox.h"
#include "views/broker_model.h"
#include "views/node_model.h"
#include "views/replication_model.h"
#include "views/table_setup.h"

namespace plexus::views {

using plexus::monitor::ClusterStatus;
using plexus::monitor::ClusterStatusPoller;
using plexus::monitor::LocalSandbox;
using plexus::monitor::NodeProcess;

namespace {
constexpr int kLogLines = 5000;  ///< lines the log view keeps
constexpr int kEvents = 1000;    ///< events the list keeps
}  // namespace

NodesPage::NodesPage(QWidget* parent)
    : QWidget(parent),
      m_nodeModel(new NodeModel(nullptr, this)),
      m_brokerModel(new BrokerModel(this)),
      m_summary(new QLabel(this)),
      m_remoteNote(new QLabel(this)),
      m_urpModel(new UnderReplicatedModel(this)),
      m_poller(new ClusterStatusPoller(this)),
      m_clusterBox(new QWidget(this)),
      m_clusterSummary(new QLabel(this)),
      m_urpTable(new QTableView(this)),
      m_table(new QTableView(this)),
      m_controls(new QWidget(this)),
      m_bottom(nullptr),
      m_log(new QPlainTextEdit(this)),
      m_logTitle(new QLabel(this)),
      m_events(new QListWidget(this)),
      m_start(new QPushButton(tr("Start"), this)),
      m_stop(new QPushButton(tr("Stop"), this)),
      m_restart(new QPushButton(tr("Restart"), this)),
      m_kill(new QPushButton(tr("Kill"), this)),
      m_startAll(new QPushButton(tr("Start all"), this)),
      m_stopAll(new QPushButton(tr("Stop all"), this)) {
    setObjectName(QStringLiteral("nodesPage"));
    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_log->setObjectName(QStringLiteral("logView"));
    m_events->setObjectName(QStringLiteral("eventList"));
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_kill->setObjectName(QStringLiteral("killButton"));
    m_urpTable->setObjectName(QStringLiteral("underReplicatedTable"));
    m_clusterSummary->setObjectName(QStringLiteral("clusterSummary"));
    m_startAll->setObjectName(QStringLiteral("startAllButton"));
    m_stopAll->setObjectName(QStringLiteral("stopAllButton"));
    m_remoteNote->setObjectName(QStringLiteral("remoteNote"));

    m_start->setToolTip(tr("Start the selected node"));
    m_stop->setToolTip(tr("Stop the selected node (SIGTERM; SIGKILL if it does not stop in time)"));
    m_restart->setToolTip(tr("Stop the selected node and start it again on the same ports"));
    m_kill->setToolTip(tr("Kill the selected node at once (SIGKILL), as in a crash: the other nodes take over its "
                          "partitions. It is not restarted automatically; Start brings it back."));

    auto* controls = new QHBoxLayout(m_controls);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_restart);
    controls->addWidget(m_kill);
    controls->addSpacing(16);
    controls->addWidget(m_startAll);
    controls->addWidget(m_stopAll);
    controls->addSpacing(16);
    controls->addWidget(m_summary, 1);

    m_remoteNote->setText(tr("This cluster is not run by Plexus Center. Starting, stopping and restarting nodes, "
                             "and their logs, need a local sandbox."));
    m_remoteNote->setWordWrap(true);

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    // A handful of rows: columns follow their contents as values change.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("Select a node to see its log."));

    auto* logBox = new QWidget(this);
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(m_logTitle);
    logLayout->addWidget(m_log);

    auto* eventBox = new QWidget(this);
    auto* eventLayout = new QVBoxLayout(eventBox);
    eventLayout->setContentsMargins(0, 0, 0, 0);
    eventLayout->addWidget(new QLabel(tr("Events"), eventBox));
    eventLayout->addWidget(m_events);
    m_events->setWordWrap(true);

    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(logBox);
    bottom->addWidget(eventBox);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    m_bottom = bottom;

    // The cluster as the nodes see it: who leads what, and what lacks replicas.
    m_urpTable->setModel(m_urpModel);
    setupTable(m_urpTable, UnderReplicatedModel::Lag);
    m_urpTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clusterSummary->setWordWrap(true);
    m_clusterSummary->setTextFormat(Qt::PlainText);
    auto* clusterLayout = new QVBoxLayout(m_clusterBox);
    clusterLayout->setContentsMargins(0, 0, 0, 0);
    clusterLayout->addWidget(m_clusterSummary);
    clusterLayout->addWidget(new QLabel(tr("Under-replicated partitions"), m_clusterBox));
    clusterLayout->addWidget(m_urpTable);
    connect(m_poller, &ClusterStatusPoller::statusUpdated, this, &NodesPage::onClusterStatus);
    connect(m_poller, &ClusterStatusPoller::refreshFailed, this, [this](const QString& message) {
        // A stopped sandbox answering nothing is no news.
        m_clusterSummary->setText(m_sandbox && m_sandbox->isAllStopped() ? QString() : tr("No node answers: %1").arg(message));
    });

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_clusterBox);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_controls);
    layout->addWidget(m_remoteNote);
    layout->addWidget(split, 1);

    auto selected = [this](auto&& action) {
        return [this, action] {
            const int row = selectedNode();
            if (m_sandbox && row >= 0) action(m_sandbox.data(), row);
        };
    };
    connect(m_start, &QPushButton::clicked, this, selected([](LocalSandbox* s, int row) { s->startNode(row); }));
    connect(m_stop, &QPushButton::clicked, this, selected([](LocalSandbox* s, int row) { s->stopNode(row); }));
    connect(m_restart, &QPushButton::clicked, this, selected([](LocalSandbox* s, int row) { s->restartNode(row); }));
    connect(m_kill, &QPushButton::clicked, this, selected([](LocalSandbox* s, int row) { s->killNode(row); }));
    connect(m_startAll, &QPushButton::clicked, this, [this] {
        if (m_sandbox) m_sandbox->start();
    });
    connect(m_stopAll, &QPushButton::clicked, this, [this] {
        if (m_sandbox) m_sandbox->stop();
    });

    showMode();
}

NodesPage::~NodesPage() = default;

void NodesPage::setSandbox(LocalSandbox* sandbox) {
    if (m_sandbox) disconnect(m_sandbox, nullptr, this, nullptr);
    m_sandbox = sandbox;
    m_remote = false;
    m_nodeModel->setSandbox(sandbox);
    m_logNode = -1;
    m_log->clear();
    if (sandbox) {
        connect(sandbox, &LocalSandbox::nodeStateChanged, this, [this] { updateControls(); });
        connect(sandbox, &LocalSandbox::event, this, &NodesPage::addEvent);
        connect(sandbox, &LocalSandbox::nodeLogLine, this, [this](int index, const QString& line) {
            if (index == m_logNode) m_log->appendPlainText(line);
        });
        connect(sandbox, &LocalSandbox::addressesChanged, this, &NodesPage::updatePollerAddresses);
        // A node coming or going: look at the cluster now rather than at the next tick.
        connect(sandbox, &LocalSandbox::nodeStateChanged, m_poller, &ClusterStatusPoller::refreshNow);
    }
    m_lastStatus = {};
    m_nodeModel->setClusterStatus({});
    m_urpModel->setClusterStatus({});
    m_clusterSummary->clear();
    updatePollerAddresses();
    if (sandbox) m_poller->start();
    else m_poller->stop();
    showMode();
    if (sandbox && sandbox->nodeCount() > 0) selectNode(0);
}

void NodesPage::setRemoteBrokers(const QList<plexus::monitor::BrokerInfo>& brokers, int controllerId) {
    m_brokerModel->setBrokers(brokers);
    m_brokerModel->setControllerId(controllerId);
    m_poller->stop();
    if (!m_remote) {
        m_remote = true;
        showMode();
    }
}

void NodesPage::showMode() {
    QItemSelectionModel* old = m_table->selectionModel();
    QAbstractItemModel* model = m_remote ? static_cast<QAbstractItemModel*>(m_brokerModel) : m_nodeModel;
    if (m_table->model() != model) {
        m_table->setModel(model);
        // setModel makes a new selection model and leaves the old one to us.
        if (old && old != m_table->selectionModel()) old->deleteLater();
        connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &NodesPage::onSelectionChanged);
    }
    m_table->horizontalHeader()->setStretchLastSection(m_remote);
    m_controls->setVisible(!m_remote);
    m_bottom->setVisible(!m_remote);
    m_clusterBox->setVisible(!m_remote);
    m_remoteNote->setVisible(m_remote);
    updateControls();
}

void NodesPage::selectNode(int row) {
    if (m_remote || row < 0 || row >= m_nodeModel->rowCount()) return;
    m_table->selectionModel()->setCurrentIndex(m_nodeModel->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

int NodesPage::selectedNode() const {
    if (m_remote || !m_table->selectionModel()) return -1;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void NodesPage::onSelectionChanged() {
    updateControls();
    const int row = selectedNode();
    if (row == m_logNode) return;
    m_logNode = row;
    const NodeProcess* node = m_sandbox && row >= 0 ? m_sandbox->node(row) : nullptr;
    m_logTitle->setText(node ? tr("Log of node %1").arg(node->nodeId()) : tr("Log"));
    m_log->setPlainText(node ? node->logLines().join(u'\n') : QString());
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

void NodesPage::updateControls() {
    const NodeProcess* node = m_sandbox ? m_sandbox->node(selectedNode()) : nullptr;
    const NodeProcess::State st = node ? node->state() : NodeProcess::State::Stopped;
    m_start->setEnabled(node && (st == NodeProcess::State::Stopped || st == NodeProcess::State::Crashed));
    m_stop->setEnabled(node && (st == NodeProcess::State::Starting || st == NodeProcess::State::Running ||
                                st == NodeProcess::State::Crashed));
    m_restart->setEnabled(node && st != NodeProcess::State::Stopping);
    m_kill->setEnabled(node && (st == NodeProcess::State::Starting || st == NodeProcess::State::Running ||
                                st == NodeProcess::State::Stopping));
    m_startAll->setEnabled(m_sandbox && !m_sandbox->isAllRunning());
    m_stopAll->setEnabled(m_sandbox && !m_sandbox->isAllStopped());
    m_summary->setText(m_sandbox ? tr("%1 — bootstrap %2").arg(m_sandbox->summaryText(), m_sandbox->bootstrapServers())
                                 : QString());
}

void NodesPage::addEvent(const QString& message) {
    QScrollBar* bar = m_events->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_events->addItem(QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), message));
    while (m_events->count() > kEvents) delete m_events->takeItem(0);
    if (atEnd) m_events->scrollToBottom();
}

void NodesPage::updatePollerAddresses() {
    m_poller->setAdminAddresses(m_sandbox ? m_sandbox->adminAddresses() : QStringList());
}

void NodesPage::onClusterStatus(const ClusterStatus& status) {
    // What changed since the last picture goes to the event list: that is
    // the failover, step by step.
    if (m_lastStatus.valid) {
        if (status.controller != m_lastStatus.controller) {
            addEvent(status.controller >= 0 ? tr("node %1 is now the controller").arg(status.controller)
                                            : tr("the cluster has no controller"));
        }
        for (const auto& n : status.nodes) {
            const auto* before = m_lastStatus.findNode(n.id);
            if (before && before->reachable != n.reachable)
                addEvent(n.reachable ? tr("node %1 is reachable again").arg(n.id) : tr("node %1 is unreachable").arg(n.id));
            if (m_lastStatus.isFenced(n.id) != status.isFenced(n.id))
                addEvent(status.isFenced(n.id) ? tr("node %1 is cut off from the cluster's majority").arg(n.id)
                                               : tr("node %1 rejoined the cluster's majority").arg(n.id));
            const QStringList failed = status.storageFailuresOf(n.id);
            if (failed.size() > m_lastStatus.storageFailuresOf(n.id).size())
                addEvent(tr("node %1: writes to its disk failed; %n log(s) read-only until it restarts (%2)", nullptr,
                            int(failed.size()))
                             .arg(n.id)
                             .arg(failed.first()));
        }
        QHash<QPair<QString, int>, int> leaders;
        for (const auto& p : m_lastStatus.partitions) leaders.insert({p.topic, p.partition}, p.leader);
        for (const auto& p : status.partitions) {
            const auto it = leaders.constFind({p.topic, p.partition});
            if (it == leaders.constEnd() || *it == p.leader) continue;
            if (p.leader < 0) addEvent(tr("%1-%2: no leader (was node %3)").arg(p.topic).arg(p.partition).arg(*it));
            else if (*it < 0) addEvent(tr("%1-%2: node %3 is the leader").arg(p.topic).arg(p.partition).arg(p.leader));
            else addEvent(tr("%1-%2: leader node %3 → node %4").arg(p.topic).arg(p.partition).arg(*it).arg(p.leader));
        }
    }
    m_lastStatus = status;
    m_nodeModel->setClusterStatus(status);
    m_urpModel->setClusterStatus(status);

    QStringList spread;
    for (const auto& n : status.nodes) spread.append(tr("node %1: %2").arg(n.id).arg(status.leaderCount(n.id)));
    const int urp = int(status.underReplicated().size());
    const QString controller = status.controller >= 0 ? tr("node %1").arg(status.controller) : tr("none");
    QString text = status.clustered ? tr("Controller: %1 · Leaders: %2").arg(controller, spread.join(QStringLiteral(", ")))
                                    : tr("Single node, not clustered · Leaders: %1").arg(spread.join(QStringLiteral(", ")));
    text += QStringLiteral(" · ");
    text += urp == 0 ? tr("every partition fully replicated")
                     : tr("%n partition(s) under-replicated", nullptr, urp);
    m_clusterSummary->setText(text);
}

}  // namespace plexus::views

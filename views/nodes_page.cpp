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

namespace plexus::views {

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
      m_table(new QTableView(this)),
      m_controls(new QWidget(this)),
      m_bottom(nullptr),
      m_log(new QPlainTextEdit(this)),
      m_logTitle(new QLabel(this)),
      m_events(new QListWidget(this)),
      m_start(new QPushButton(tr("Start"), this)),
      m_stop(new QPushButton(tr("Stop"), this)),
      m_restart(new QPushButton(tr("Restart"), this)),
      m_startAll(new QPushButton(tr("Start all"), this)),
      m_stopAll(new QPushButton(tr("Stop all"), this)) {
    setObjectName(QStringLiteral("nodesPage"));
    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_log->setObjectName(QStringLiteral("logView"));
    m_events->setObjectName(QStringLiteral("eventList"));
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_startAll->setObjectName(QStringLiteral("startAllButton"));
    m_stopAll->setObjectName(QStringLiteral("stopAllButton"));
    m_remoteNote->setObjectName(QStringLiteral("remoteNote"));

    m_start->setToolTip(tr("Start the selected node"));
    m_stop->setToolTip(tr("Stop the selected node (SIGTERM; SIGKILL if it does not stop in time)"));
    m_restart->setToolTip(tr("Stop the selected node and start it again on the same ports"));

    auto* controls = new QHBoxLayout(m_controls);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_restart);
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

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

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
    }
    showMode();
    if (sandbox && sandbox->nodeCount() > 0) selectNode(0);
}

void NodesPage::setRemoteBrokers(const QList<plexus::monitor::BrokerInfo>& brokers, int controllerId) {
    m_brokerModel->setBrokers(brokers);
    m_brokerModel->setControllerId(controllerId);
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

}  // namespace plexus::views

#include "views/topics_page.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "views/config_model.h"
#include "views/create_topic_dialog.h"
#include "views/partition_model.h"
#include "views/table_setup.h"
#include "views/topic_model.h"

namespace plexus::views {


TopicsPage::TopicsPage(plexus::monitor::KafkaClient* client, plexus::monitor::ClusterMonitor* monitor, QWidget* parent)
    : QWidget(parent), m_client(client), m_monitor(monitor), m_topics(new TopicModel(this)),
      m_filter(new TopicFilterModel(this)), m_partitions(new PartitionModel(this)), m_configs(new ConfigModel(this)) {
    m_filter->setSourceModel(m_topics);
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter topics"));
    m_search->setClearButtonEnabled(true);
    m_internal = new QCheckBox(tr("Show internal"), this);
    auto* create = new QPushButton(tr("&New topic…"), this);
    m_delete = new QPushButton(tr("&Delete…"), this);
    m_browse = new QPushButton(tr("&Browse messages"), this);
    auto* refresh = new QPushButton(tr("&Refresh"), this);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_internal);
    bar->addWidget(create);
    bar->addWidget(m_delete);
    bar->addWidget(m_browse);
    bar->addWidget(refresh);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_view = new QTableView(split);
    m_view->setModel(m_filter);
    setupTable(m_view, TopicModel::Name);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TopicModel::Name, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    split->addWidget(m_view);

    auto* detail = new QWidget(split);
    auto* dl = new QVBoxLayout(detail);
    dl->setContentsMargins(0, 0, 0, 0);
    m_detailTitle = new QLabel(detail);
    QFont f = m_detailTitle->font();
    f.setBold(true);
    m_detailTitle->setFont(f);
    dl->addWidget(m_detailTitle);
    m_detail = new QTabWidget(detail);
    auto* parts = new QTableView(m_detail);
    parts->setModel(m_partitions);
    setupTable(parts, PartitionModel::Isr);
    m_detail->addTab(parts, tr("Partitions"));
    auto* cfgBox = new QWidget(m_detail);
    auto* cl = new QVBoxLayout(cfgBox);
    auto* cfg = new QTableView(cfgBox);
    cfg->setModel(m_configs);
    setupTable(cfg, ConfigModel::Value);
    cfg->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                         QAbstractItemView::AnyKeyPressed);
    cl->addWidget(cfg);
    m_apply = new QPushButton(tr("&Apply config changes"), cfgBox);
    m_apply->setEnabled(false);
    cl->addWidget(m_apply, 0, Qt::AlignRight);
    m_detail->addTab(cfgBox, tr("Configuration"));
    dl->addWidget(m_detail);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_internal, &QCheckBox::toggled, m_filter, &TopicFilterModel::setShowInternal);
    connect(create, &QPushButton::clicked, this, &TopicsPage::openCreateDialog);
    connect(m_delete, &QPushButton::clicked, this, &TopicsPage::deleteSelected);
    connect(refresh, &QPushButton::clicked, monitor, &plexus::monitor::ClusterMonitor::refreshNow);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (!selectedTopic().isEmpty()) emit browseRequested(selectedTopic());
    });
    connect(m_apply, &QPushButton::clicked, this, &TopicsPage::applyConfigs);
    connect(m_configs, &ConfigModel::changesChanged, m_apply, &QPushButton::setEnabled);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TopicsPage::onSelection);
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (!selectedTopic().isEmpty()) emit browseRequested(selectedTopic());
    });
    connect(monitor, &plexus::monitor::ClusterMonitor::clusterUpdated, this, &TopicsPage::onCluster);

    connect(client, &plexus::monitor::KafkaClient::topicCreated, this, [this](const QString& name) {
        setStatus(tr("Created topic '%1'.").arg(name));
        m_monitor->refreshNow();
    });
    connect(client, &plexus::monitor::KafkaClient::topicDeleted, this, [this](const QString& name) {
        setStatus(tr("Deleted topic '%1'.").arg(name));
        m_monitor->refreshNow();
    });
    connect(client, &plexus::monitor::KafkaClient::topicConfigsReady, this,
            [this](const QString& topic, const QList<plexus::monitor::ConfigEntry>& entries) {
                if (topic == m_configsFor) m_configs->setEntries(entries);
            });
    connect(client, &plexus::monitor::KafkaClient::topicConfigsAltered, this, [this](const QString& topic) {
        setStatus(tr("Saved the configuration of '%1'.").arg(topic));
        if (topic == m_configsFor) m_client->describeTopicConfigs(topic);
        m_monitor->refreshNow();
    });
    connect(client, &plexus::monitor::KafkaClient::operationFailed, this, [this](const QString& op, const QString& msg) {
        if (op == QStringLiteral("create topic")) setStatus(tr("Could not create the topic: %1").arg(msg), true);
        else if (op == QStringLiteral("delete topic")) setStatus(tr("Could not delete the topic: %1").arg(msg), true);
        else if (op == QStringLiteral("alter configs")) setStatus(tr("Could not save the configuration: %1").arg(msg), true);
        else if (op == QStringLiteral("describe configs")) setStatus(tr("Could not read the configuration: %1").arg(msg), true);
    });
    onCluster();
    onSelection();
}

QString TopicsPage::selectedTopic() const {
    const auto rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    return m_filter->data(m_filter->index(rows.first().row(), TopicModel::Name)).toString();
}

void TopicsPage::selectTopic(const QString& name) {
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        if (m_filter->data(m_filter->index(r, TopicModel::Name)).toString() == name) {
            m_view->selectRow(r);
            return;
        }
    }
}

QString TopicsPage::statusText() const { return m_status->text(); }

void TopicsPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b") : QString());
}

void TopicsPage::onCluster() {
    if (!m_monitor->hasCluster()) return;
    const QString keep = selectedTopic();
    m_topics->setCluster(m_monitor->cluster());
    if (!keep.isEmpty() && selectedTopic() != keep) selectTopic(keep);
    if (const auto* t = m_monitor->cluster().topic(selectedTopic())) m_partitions->setTopic(*t);
}

void TopicsPage::onSelection() {
    const QString name = selectedTopic();
    m_delete->setEnabled(!name.isEmpty());
    m_browse->setEnabled(!name.isEmpty());
    m_detail->setEnabled(!name.isEmpty());
    m_detailTitle->setText(name.isEmpty() ? tr("Select a topic to see its partitions and configuration.") : name);
    if (name.isEmpty()) {
        m_partitions->clear();
        m_configs->setEntries({});
        m_configsFor.clear();
        return;
    }
    if (const auto* t = m_monitor->cluster().topic(name)) m_partitions->setTopic(*t);
    if (name != m_configsFor) {
        m_configsFor = name;
        m_configs->setEntries({});
        m_client->describeTopicConfigs(name);
    }
}

void TopicsPage::openCreateDialog() {
    QStringList existing;
    for (const auto& t : m_monitor->cluster().topics) existing << t.name;
    auto* dlg = new CreateTopicDialog(existing, int(m_monitor->cluster().brokers.size()), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        setStatus(tr("Creating topic '%1'…").arg(dlg->topicName()));
        m_client->createTopic(dlg->topicName(), dlg->partitions(), dlg->replicationFactor(), dlg->configs());
    });
    dlg->open();
}

void TopicsPage::deleteSelected() {
    const QString name = selectedTopic();
    if (name.isEmpty()) return;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete topic"),
                                tr("Delete topic '%1' and all of its messages? This cannot be undone.").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, name](int result) {
        if (result != QMessageBox::Yes) return;
        setStatus(tr("Deleting topic '%1'…").arg(name));
        m_client->deleteTopic(name);
    });
    box->open();
}

void TopicsPage::applyConfigs() {
    if (m_configsFor.isEmpty() || !m_configs->hasChanges()) return;
    setStatus(tr("Saving the configuration of '%1'…").arg(m_configsFor));
    m_client->alterTopicConfigs(m_configsFor, m_configs->changes());
}

}  // namespace plexus::views

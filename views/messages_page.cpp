#include "views/messages_page.h"

#include <QCheckBox>
#include <climits>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "monitor/message_reader.h"
#include "monitor/record_export.h"
#include "views/format.h"
#include "views/message_detail.h"
#include "views/schema_decoder.h"
#include "views/message_model.h"
#include "views/produce_dialog.h"
#include "views/table_setup.h"

namespace plexus::views {

using plexus::monitor::StartPosition;

MessagesPage::MessagesPage(const QString& bootstrap, plexus::monitor::KafkaClient* client,
                           plexus::monitor::ClusterMonitor* monitor, QWidget* parent)
    : QWidget(parent), m_client(client), m_monitor(monitor),
      m_reader(new plexus::monitor::MessageReader(bootstrap, {}, this)),
      m_search(new plexus::monitor::MessageSearch(bootstrap, {}, this)), m_model(new MessageModel(this)) {
    auto* layout = new QVBoxLayout(this);

    // What to read
    auto* what = new QHBoxLayout;
    m_topic = new QComboBox(this);
    m_topic->setMinimumContentsLength(18);
    m_topic->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_partitions = new QLineEdit(this);
    m_partitions->setPlaceholderText(tr("all partitions"));
    m_partitions->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\s*(\\d+\\s*(,\\s*\\d+\\s*)*)?$")), this));
    m_partitions->setMaximumWidth(140);
    m_startKind = new QComboBox(this);
    m_startKind->addItem(tr("Earliest"), int(StartPosition::Kind::Earliest));
    m_startKind->addItem(tr("Latest minus N"), int(StartPosition::Kind::LatestMinusN));
    m_startKind->addItem(tr("Offset"), int(StartPosition::Kind::Offset));
    m_startKind->addItem(tr("Timestamp"), int(StartPosition::Kind::Timestamp));
    m_startValue = new QLineEdit(QStringLiteral("100"), this);
    m_startValue->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,18}$")), this));
    m_startValue->setMaximumWidth(120);
    m_startTime = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_startTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_startTime->setCalendarPopup(true);
    m_read = new QPushButton(tr("&Read"), this);
    m_read->setDefault(true);
    what->addWidget(new QLabel(tr("Topic:"), this));
    what->addWidget(m_topic, 1);
    what->addWidget(new QLabel(tr("Partitions:"), this));
    what->addWidget(m_partitions);
    what->addWidget(new QLabel(tr("Start:"), this));
    what->addWidget(m_startKind);
    what->addWidget(m_startValue);
    what->addWidget(m_startTime);
    what->addWidget(m_read);
    layout->addLayout(what);

    // Search and actions
    auto* find = new QHBoxLayout;
    m_searchText = new QLineEdit(this);
    m_searchText->setPlaceholderText(tr("Search keys, values and headers"));
    m_searchText->setClearButtonEnabled(true);
    m_caseSensitive = new QCheckBox(tr("Match case"), this);
    m_searchButton = new QPushButton(tr("&Search"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(false);
    m_progress->hide();
    auto* produce = new QPushButton(tr("&Produce…"), this);
    auto* exportButton = new QPushButton(tr("&Export…"), this);
    find->addWidget(m_searchText, 1);
    find->addWidget(m_caseSensitive);
    find->addWidget(m_searchButton);
    find->addWidget(m_cancel);
    find->addWidget(m_progress);
    find->addSpacing(12);
    find->addWidget(produce);
    find->addWidget(exportButton);
    layout->addLayout(find);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_view = new QTableView(split);
    m_view->setModel(m_model);
    setupTable(m_view, MessageModel::Value);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Keys can be long; give them a fixed, user-resizable width.
    m_view->horizontalHeader()->setSectionResizeMode(MessageModel::Key, QHeaderView::Interactive);
    m_view->horizontalHeader()->resizeSection(MessageModel::Key, m_view->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    split->addWidget(m_view);
    m_detail = new MessageDetail(split);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_startKind, &QComboBox::currentIndexChanged, this, &MessagesPage::updateStartEditors);
    connect(m_read, &QPushButton::clicked, this, &MessagesPage::read);
    connect(m_searchButton, &QPushButton::clicked, this, &MessagesPage::startSearch);
    connect(m_searchText, &QLineEdit::returnPressed, this, &MessagesPage::startSearch);
    connect(m_cancel, &QPushButton::clicked, this, &MessagesPage::cancelSearch);
    connect(produce, &QPushButton::clicked, this, &MessagesPage::openProduceDialog);
    connect(exportButton, &QPushButton::clicked, this, &MessagesPage::openExportDialog);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& cur) {
        if (const auto* r = m_model->recordAt(cur.row())) m_detail->setRecord(*r);
        else m_detail->clear();
    });
    connect(m_model, &MessageModel::opened, this, [this](qint64 total) {
        setStatus(tr("%Ln message(s) in the range.", nullptr, int(std::min<qint64>(total, INT_MAX))));
    });
    connect(m_model, &MessageModel::pageLoaded, this, [this](int, bool atEnd) {
        const int total = int(std::min<qint64>(m_model->totalInRange(), INT_MAX));
        setStatus(atEnd ? tr("Showing %1 of %Ln message(s).", nullptr, total).arg(formatCount(m_model->rowCount()))
                        : tr("Showing %1 of %Ln message(s); scroll for more.", nullptr, total)
                              .arg(formatCount(m_model->rowCount())));
    });
    connect(m_model, &MessageModel::failed, this, [this](const QString& m) { setStatus(m, true); });

    connect(m_search, &plexus::monitor::MessageSearch::progress, this, [this](double f, qint64 records, qint64 bytes) {
        m_progress->setValue(int(f * 1000));
        setStatus(tr("Searching… %1 messages, %2 scanned").arg(formatCount(records), formatBytes(bytes)));
    });
    connect(m_search, &plexus::monitor::MessageSearch::matches, m_model, &MessageModel::appendRecords);
    connect(m_search, &plexus::monitor::MessageSearch::finished, this,
            [this](const plexus::monitor::MessageSearch::Stats& s) {
                m_progress->hide();
                m_cancel->setEnabled(false);
                m_searchButton->setEnabled(true);
                const int found = int(std::min<qint64>(s.matches, INT_MAX));
                const QString rate = formatRate(s.elapsedMs > 0 ? double(s.bytesScanned) * 1000.0 / double(s.elapsedMs) : 0.0);
                setStatus((s.cancelled ? tr("Search cancelled: %Ln match(es) in %1 messages (%2) at %3.", nullptr, found)
                                       : tr("Found %Ln match(es) in %1 messages (%2) at %3.", nullptr, found))
                              .arg(formatCount(s.recordsScanned), formatBytes(s.bytesScanned), rate));
            });
    connect(m_search, &plexus::monitor::MessageSearch::failed, this, [this](const QString& m) {
        m_progress->hide();
        m_cancel->setEnabled(false);
        m_searchButton->setEnabled(true);
        setStatus(tr("Search failed: %1").arg(m), true);
    });
    connect(client, &plexus::monitor::KafkaClient::produced, this, [this](const QString& topic, int p, qint64 offset) {
        setStatus(tr("Produced to %1, partition %2, offset %3.").arg(topic).arg(p).arg(offset));
        m_monitor->refreshNow();
    });
    connect(client, &plexus::monitor::KafkaClient::operationFailed, this, [this](const QString& op, const QString& m) {
        if (op == QStringLiteral("produce")) setStatus(tr("Could not produce: %1").arg(m), true);
    });
    connect(monitor, &plexus::monitor::ClusterMonitor::clusterUpdated, this, &MessagesPage::onCluster);
    updateStartEditors();
    onCluster();
}

MessagesPage::~MessagesPage() = default;

void MessagesPage::onCluster() {
    const QString current = m_topic->currentText();
    QStringList names;
    for (const auto& t : m_monitor->cluster().topics) names << t.name;
    QStringList have;
    for (int i = 0; i < m_topic->count(); ++i) have << m_topic->itemText(i);
    if (names == have) return;
    m_topic->clear();
    m_topic->addItems(names);
    if (!current.isEmpty()) m_topic->setCurrentText(current);
}

void MessagesPage::updateStartEditors() {
    const auto kind = static_cast<StartPosition::Kind>(m_startKind->currentData().toInt());
    m_startValue->setVisible(kind == StartPosition::Kind::LatestMinusN || kind == StartPosition::Kind::Offset);
    m_startTime->setVisible(kind == StartPosition::Kind::Timestamp);
}

plexus::monitor::ReadSpec MessagesPage::spec() const {
    plexus::monitor::ReadSpec s;
    s.topic = m_topic->currentText();
    for (const auto& p : m_partitions->text().split(u',', Qt::SkipEmptyParts)) s.partitions << p.trimmed().toInt();
    s.start.kind = static_cast<StartPosition::Kind>(m_startKind->currentData().toInt());
    s.start.value = s.start.kind == StartPosition::Kind::Timestamp ? m_startTime->dateTime().toMSecsSinceEpoch()
                                                                   : m_startValue->text().toLongLong();
    return s;
}

void MessagesPage::setTopic(const QString& topic) {
    if (m_topic->findText(topic) < 0) m_topic->addItem(topic);
    m_topic->setCurrentText(topic);
}

void MessagesPage::setPartitionsText(const QString& text) { m_partitions->setText(text); }

void MessagesPage::setStart(StartPosition start) {
    m_startKind->setCurrentIndex(m_startKind->findData(int(start.kind)));
    if (start.kind == StartPosition::Kind::Timestamp) m_startTime->setDateTime(QDateTime::fromMSecsSinceEpoch(start.value));
    else m_startValue->setText(QString::number(start.value));
}

void MessagesPage::setSearchText(const QString& text) { m_searchText->setText(text); }
QString MessagesPage::statusText() const { return m_status->text(); }

void MessagesPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b") : QString());
}

void MessagesPage::setSchemaRegistry(plexus::monitor::RegistryClient* client) {
    m_detail->setDecoder(nullptr);
    m_model->setDecoder(nullptr);
    delete m_decoder;
    m_decoder = new SchemaDecoder(client, this);
    m_detail->setDecoder(m_decoder);
    m_model->setDecoder(m_decoder);
}

void MessagesPage::read() {
    const auto s = spec();
    if (s.topic.isEmpty()) return setStatus(tr("Choose a topic to read."), true);
    if (m_search->running()) m_search->cancel();
    m_detail->clear();
    m_shownTopic = s.topic;
    setStatus(tr("Reading %1…").arg(s.topic));
    m_model->read(m_reader, s);
}

void MessagesPage::startSearch() {
    const auto s = spec();
    const QByteArray needle = m_searchText->text().toUtf8();
    if (s.topic.isEmpty()) return setStatus(tr("Choose a topic to search."), true);
    if (needle.isEmpty()) return setStatus(tr("Enter a search term."), true);
    plexus::monitor::SearchQuery q;
    q.needle = needle;
    q.caseSensitive = m_caseSensitive->isChecked();
    m_model->clear();
    m_detail->clear();
    m_shownTopic = s.topic;
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->setEnabled(true);
    m_searchButton->setEnabled(false);
    setStatus(tr("Searching %1…").arg(s.topic));
    m_search->start(s, q);
}

void MessagesPage::cancelSearch() { m_search->cancel(); }

void MessagesPage::openProduceDialog() {
    QMap<QString, int> topics;
    for (const auto& t : m_monitor->cluster().topics)
        if (!t.internal) topics.insert(t.name, int(t.partitions.size()));
    auto* dlg = new ProduceDialog(topics, m_topic->currentText(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        const auto r = dlg->request();
        setStatus(tr("Producing to %1…").arg(r.topic));
        m_client->produce(r);
    });
    dlg->open();
}

QList<plexus::monitor::Record> MessagesPage::selectedOrAll() const {
    QList<plexus::monitor::Record> out;
    auto rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        for (int r = 0; r < m_model->rowCount(); ++r) out << *m_model->recordAt(r);
        return out;
    }
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const auto& i : rows) out << *m_model->recordAt(i.row());
    return out;
}

bool MessagesPage::exportTo(const QString& path, QString* error) {
    const auto records = selectedOrAll();
    if (!plexus::monitor::exportRecordsToFile(m_shownTopic, records, path, error)) {
        setStatus(tr("Could not export: %1").arg(*error), true);
        return false;
    }
    setStatus(tr("Exported %Ln message(s) to %1.", nullptr, int(records.size())).arg(path));
    return true;
}

void MessagesPage::openExportDialog() {
    auto* dlg = new QFileDialog(this, tr("Export messages"), QString(),
                                tr("JSON Lines (*.jsonl);;CSV (*.csv)"));
    dlg->setAcceptMode(QFileDialog::AcceptSave);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QFileDialog::fileSelected, this, [this, dlg](const QString& file) {
        QString path = file;
        const bool csv = dlg->selectedNameFilter().contains(QStringLiteral("csv"));
        if (QFileInfo(path).suffix().isEmpty()) path += csv ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
        QString error;
        exportTo(path, &error);
    });
    dlg->open();
}

}  // namespace plexus::views

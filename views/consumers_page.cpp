#include "views/consumers_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "monitor/cluster_monitor.h"
#include "views/group_model.h"
#include "views/table_setup.h"
#include "views/time_chart.h"

namespace plexus::views {

ConsumersPage::ConsumersPage(plexus::monitor::ClusterMonitor* monitor, QWidget* parent)
    : QWidget(parent), m_monitor(monitor), m_groups(new GroupModel(this)), m_offsets(new GroupOffsetModel(this)) {
    auto* layout = new QVBoxLayout(this);
    m_empty = new QLabel(tr("No consumer groups yet. Groups appear here once a consumer with a group.id joins."), this);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_view = new QTableView(split);
    m_view->setModel(m_groups);
    setupTable(m_view, GroupModel::Group);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    split->addWidget(m_view);

    auto* detail = new QWidget(split);
    auto* dl = new QVBoxLayout(detail);
    dl->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(detail);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    dl->addWidget(m_title);
    auto* row = new QSplitter(Qt::Horizontal, detail);
    m_members = new QTreeWidget(row);
    m_members->setHeaderLabels({tr("Member"), tr("Host"), tr("Partitions")});
    m_members->setRootIsDecorated(false);
    row->addWidget(m_members);
    auto* offsets = new QTableView(row);
    offsets->setModel(m_offsets);
    setupTable(offsets, GroupOffsetModel::Member);
    row->addWidget(offsets);
    dl->addWidget(row, 2);
    m_chart = new TimeChart(detail);
    m_chart->addSeries(tr("total lag"), QColor(0xe6, 0x7e, 0x22));
    m_chart->setValueLabel(tr("messages behind"));
    dl->addWidget(m_chart, 1);
    split->addWidget(detail);
    layout->addWidget(split, 1);

    connect(monitor, &plexus::monitor::ClusterMonitor::groupsUpdated, this, &ConsumersPage::onGroups);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConsumersPage::showSelected);
    onGroups();
}

QString ConsumersPage::selectedGroup() const {
    const auto rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const auto* g = m_groups->groupAt(rows.first().row());
    return g ? g->groupId : QString();
}

void ConsumersPage::selectGroup(const QString& groupId) {
    const int r = m_groups->rowOf(groupId);
    if (r >= 0) m_view->selectRow(r);
}

int ConsumersPage::memberRows() const { return m_members->topLevelItemCount(); }

void ConsumersPage::onGroups() {
    const QString keep = selectedGroup();
    m_groups->setGroups(m_monitor->groups());
    m_empty->setVisible(m_monitor->groups().isEmpty());
    if (!keep.isEmpty() && selectedGroup() != keep) selectGroup(keep);
    if (selectedGroup().isEmpty() && m_groups->rowCount() > 0) m_view->selectRow(0);
    showSelected();
}

void ConsumersPage::showSelected() {
    const QString id = selectedGroup();
    m_members->clear();
    if (id.isEmpty()) {
        m_offsets->clear();
        m_title->setText(QString());
        m_chart->setPoints(0, {});
        return;
    }
    const auto* g = m_groups->groupAt(m_groups->rowOf(id));
    m_offsets->setGroup(*g);
    m_title->setText(g->error.isEmpty() ? tr("%1 — %2, %n member(s)", nullptr, int(g->members.size())).arg(g->groupId, g->state)
                                        : tr("%1 — %2").arg(g->groupId, g->error));
    for (const auto& m : g->members) {
        QStringList parts;
        for (const auto& [topic, p] : m.assignment) parts << QStringLiteral("%1-%2").arg(topic).arg(p);
        auto* item = new QTreeWidgetItem({m.clientId, m.host, parts.join(QStringLiteral(", "))});
        item->setToolTip(0, m.memberId);
        m_members->addTopLevelItem(item);
    }
    QList<QPair<qint64, double>> points;
    for (const auto& [t, lag] : m_monitor->lagHistory(id)) points.push_back({t, double(lag)});
    m_chart->setPoints(0, points);
}

}  // namespace plexus::views

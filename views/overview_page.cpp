#include "views/overview_page.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "monitor/cluster_monitor.h"
#include "views/format.h"
#include "views/time_chart.h"

namespace plexus::views {

OverviewPage::OverviewPage(plexus::monitor::ClusterMonitor* monitor, QWidget* parent)
    : QWidget(parent), m_monitor(monitor) {
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Overview"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.5);
    tf.setBold(true);
    title->setFont(tf);
    layout->addWidget(title);
    m_grid = new QGridLayout;
    layout->addLayout(m_grid);
    addFigure(QStringLiteral("nodes"), tr("Nodes"), 0, 0);
    addFigure(QStringLiteral("controller"), tr("Controller"), 0, 1);
    addFigure(QStringLiteral("topics"), tr("Topics"), 0, 2);
    addFigure(QStringLiteral("partitions"), tr("Partitions"), 0, 3);
    addFigure(QStringLiteral("groups"), tr("Consumer groups"), 1, 0);
    addFigure(QStringLiteral("messages"), tr("Messages"), 1, 1);
    addFigure(QStringLiteral("in"), tr("Bytes in"), 1, 2);
    addFigure(QStringLiteral("out"), tr("Bytes out"), 1, 3);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_error->hide();
    layout->addWidget(m_error);
    m_chart = new TimeChart(this);
    m_chart->addSeries(tr("in"), QColor(0x2e, 0x86, 0xde));
    m_chart->addSeries(tr("out"), QColor(0x27, 0xae, 0x60));
    m_chart->setBytesPerSecond(true);
    m_chart->setValueLabel(tr("bytes per second"));
    layout->addWidget(m_chart, 1);

    connect(monitor, &plexus::monitor::ClusterMonitor::clusterUpdated, this, &OverviewPage::updateCluster);
    connect(monitor, &plexus::monitor::ClusterMonitor::groupsUpdated, this, &OverviewPage::updateCluster);
    connect(monitor, &plexus::monitor::ClusterMonitor::ratesUpdated, this, &OverviewPage::updateRates);
    connect(monitor, &plexus::monitor::ClusterMonitor::refreshFailed, this, [this](const QString& message) {
        m_error->setText(message);
        m_error->show();
    });
    updateCluster();
    updateRates();
}

QLabel* OverviewPage::addFigure(const QString& key, const QString& title, int row, int col) {
    auto* box = new QFrame(this);
    box->setFrameShape(QFrame::StyledPanel);
    auto* l = new QVBoxLayout(box);
    auto* t = new QLabel(title, box);
    auto* v = new QLabel(QStringLiteral("—"), box);
    v->setObjectName(key);
    QFont f = v->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    v->setFont(f);
    l->addWidget(t);
    l->addWidget(v);
    m_grid->addWidget(box, row, col);
    m_figures.insert(key, v);
    return v;
}

QString OverviewPage::figure(const QString& name) const {
    const QLabel* l = m_figures.value(name);
    return l ? l->text() : QString();
}

QString OverviewPage::noteText() const { return m_note->text(); }

void OverviewPage::updateCluster() {
    if (!m_monitor->hasCluster()) return;
    m_error->hide();
    const auto& c = m_monitor->cluster();
    m_figures[QStringLiteral("nodes")]->setText(QString::number(c.brokers.size()));
    m_figures[QStringLiteral("controller")]->setText(c.controllerId < 0 ? tr("unknown") : QString::number(c.controllerId));
    int topics = 0;
    qint64 messages = 0;
    for (const auto& t : c.topics) {
        if (t.internal) continue;
        ++topics;
        messages += std::max<qint64>(0, t.messageCount());
    }
    m_figures[QStringLiteral("topics")]->setText(QString::number(topics));
    m_figures[QStringLiteral("partitions")]->setText(QString::number(c.partitionCount()));
    m_figures[QStringLiteral("groups")]->setText(QString::number(m_monitor->groups().size()));
    m_figures[QStringLiteral("messages")]->setText(formatCount(messages));
    m_note->setText(m_monitor->hasPlexusEndpoints()
                        ? tr("Cluster %1. Rates come from each node's /metrics.").arg(c.clusterId)
                        : tr("Cluster %1. Byte rates and topic sizes come from the /metrics endpoint of Plexus "
                             "nodes; this connection has none, so they are not shown.")
                              .arg(c.clusterId));
}

void OverviewPage::updateRates() {
    const auto& h = m_monitor->rateHistory();
    if (h.isEmpty()) return;
    m_figures[QStringLiteral("in")]->setText(formatRate(h.last().bytesIn));
    m_figures[QStringLiteral("out")]->setText(formatRate(h.last().bytesOut));
    QList<QPair<qint64, double>> in, out;
    for (const auto& p : h) {
        in.push_back({p.timeMs, p.bytesIn});
        out.push_back({p.timeMs, p.bytesOut});
    }
    m_chart->setPoints(0, in);
    m_chart->setPoints(1, out);
}

}  // namespace plexus::views

#include "views/time_chart.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>

#include "views/format.h"

namespace plexus::views {

namespace {
/// Tick labels as byte rates ("1.5 MiB/s").
class RateTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale&, QChar, int) override { return formatRate(tick); }
};
}  // namespace

TimeChart::TimeChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_plot);
    QSharedPointer<QCPAxisTickerDateTime> t(new QCPAxisTickerDateTime);
    t->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    m_plot->xAxis->setTicker(t);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->setMinimumHeight(160);
    applyPalette();
}

int TimeChart::addSeries(const QString& name, const QColor& color) {
    QCPGraph* g = m_plot->addGraph();
    g->setName(name);
    QPen pen(color);
    pen.setWidthF(2);
    g->setPen(pen);
    QColor fill = color;
    fill.setAlpha(40);
    g->setBrush(fill);
    return m_plot->graphCount() - 1;
}

void TimeChart::setPoints(int i, const QList<QPair<qint64, double>>& points) {
    QVector<double> x, y;
    x.reserve(points.size());
    y.reserve(points.size());
    double maxY = 0;
    for (const auto& [t, v] : points) {
        x.push_back(double(t) / 1000.0);
        y.push_back(v);
    }
    m_plot->graph(i)->setData(x, y, true);
    double lo = 0, hi = 0;
    bool any = false;
    for (int g = 0; g < m_plot->graphCount(); ++g) {
        const auto* d = m_plot->graph(g)->data().data();
        if (d->isEmpty()) continue;
        const double first = d->constBegin()->key, last = (d->constEnd() - 1)->key;
        lo = any ? std::min(lo, first) : first;
        hi = any ? std::max(hi, last) : last;
        any = true;
        for (auto it = d->constBegin(); it != d->constEnd(); ++it) maxY = std::max(maxY, it->value);
    }
    if (any) m_plot->xAxis->setRange(lo, std::max(hi, lo + 60));
    m_plot->yAxis->setRange(0, maxY > 0 ? maxY * 1.15 : 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimeChart::setValueLabel(const QString& label) { m_plot->yAxis->setLabel(label); }

void TimeChart::setBytesPerSecond(bool on) {
    if (on) m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new RateTicker));
    else m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

int TimeChart::pointCount(int i) const { return m_plot->graph(i)->dataCount(); }

void TimeChart::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange) applyPalette();
}

void TimeChart::applyPalette() {
    const QPalette p = palette();
    const QColor fg = p.color(QPalette::WindowText);
    const QColor grid = p.color(QPalette::Mid);
    m_plot->setBackground(p.brush(QPalette::Base));
    m_plot->legend->setBrush(p.brush(QPalette::Base));
    m_plot->legend->setTextColor(fg);
    m_plot->legend->setBorderPen(QPen(grid));
    for (QCPAxis* a : {m_plot->xAxis, m_plot->yAxis}) {
        a->setBasePen(QPen(fg));
        a->setTickPen(QPen(fg));
        a->setSubTickPen(QPen(fg));
        a->setTickLabelColor(fg);
        a->setLabelColor(fg);
        a->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace plexus::views

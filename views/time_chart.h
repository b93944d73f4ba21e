#pragma once
// TimeChart: a small helper over QCustomPlot for the time series on the
// Overview (bytes in/out per second) and Consumers (lag) pages: a date-time
// x axis, one graph per series, y from zero, a legend, colours that follow
// the palette. GUI thread only.
#include <QColor>
#include <QList>
#include <QPair>
#include <QWidget>

class QCustomPlot;

namespace plexus::views {

class TimeChart : public QWidget {
    Q_OBJECT
public:
    explicit TimeChart(QWidget* parent = nullptr);

    /// Adds a series; returns its index.
    int addSeries(const QString& name, const QColor& color);
    /// Replaces the points of series `i`: (ms since epoch, value).
    void setPoints(int i, const QList<QPair<qint64, double>>& points);
    void setValueLabel(const QString& label);
    /// Formats y tick labels as byte rates.
    void setBytesPerSecond(bool on);
    int pointCount(int i) const;
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void applyPalette();
    QCustomPlot* m_plot;
};

}  // namespace plexus::views

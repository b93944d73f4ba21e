#pragma once
// OverviewPage: the cluster at a glance: nodes, controller, topic and
// partition counts, consumer groups, and bytes in and out per second with
// their history (from /metrics on Plexus nodes; other clusters get a note
// saying so). Fed by a ClusterMonitor. GUI thread only.
#include <QWidget>

class QGridLayout;
class QLabel;

namespace plexus::monitor {
class ClusterMonitor;
}

namespace plexus::views {

class TimeChart;

class OverviewPage : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(plexus::monitor::ClusterMonitor* monitor, QWidget* parent = nullptr);

    /// The figures as shown, by name ("nodes", "controller", "topics",
    /// "partitions", "groups", "in", "out"), for tests.
    QString figure(const QString& name) const;
    /// The note under the figures (cluster id, where rates come from).
    QString noteText() const;

private:
    void updateCluster();
    void updateRates();
    QLabel* addFigure(const QString& key, const QString& title, int row, int col);

    plexus::monitor::ClusterMonitor* m_monitor;
    QHash<QString, QLabel*> m_figures;
    QLabel* m_note;
    QLabel* m_error;
    TimeChart* m_chart;
    QGridLayout* m_grid;
};

}  // namespace plexus::views

#pragma once
// ConsumersPage: consumer groups with their state, assignor, members and
// total lag; for the selected group its members (client id, host, assigned
// partitions), the committed offset, end offset and lag of each partition,
// and the group's lag over time. Fed by a ClusterMonitor. GUI thread only.
#include <QWidget>

class QLabel;
class QTableView;
class QTreeWidget;

namespace plexus::monitor {
class ClusterMonitor;
}

namespace plexus::views {

class GroupModel;
class GroupOffsetModel;
class TimeChart;

class ConsumersPage : public QWidget {
    Q_OBJECT
public:
    explicit ConsumersPage(plexus::monitor::ClusterMonitor* monitor, QWidget* parent = nullptr);

    GroupModel* groupModel() const { return m_groups; }
    GroupOffsetModel* offsetModel() const { return m_offsets; }
    QTableView* groupView() const { return m_view; }
    void selectGroup(const QString& groupId);
    QString selectedGroup() const;
    int memberRows() const;

private:
    void onGroups();
    void showSelected();

    plexus::monitor::ClusterMonitor* m_monitor;
    GroupModel* m_groups;
    GroupOffsetModel* m_offsets;
    QTableView* m_view;
    QTreeWidget* m_members;
    TimeChart* m_chart;
    QLabel* m_title;
    QLabel* m_empty;
};

}  // namespace plexus::views

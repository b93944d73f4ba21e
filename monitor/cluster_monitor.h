#pragma once
// ClusterMonitor: the sampler behind Plexus Center's pages. Every interval it
// asks the cluster (KafkaClient) for metadata and consumer groups and, when
// the cluster is made of Plexus nodes, each node's /metrics for topic sizes
// and byte rates. It keeps the latest answers and a bounded history of rates
// and group lag for the charts.
//
// Works against any Kafka cluster: without admin addresses there are no
// sizes or rates, and hasPlexusEndpoints() says so, so the views can tell the
// user what needs a Plexus node instead of failing.
//
// Threading: GUI thread only, like the KafkaClient and AdminClients it uses;
// nothing blocks. A refresh whose previous answer is still outstanding is
// skipped, so a slow cluster is never flooded.
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include "monitor/kafka_types.h"
#include "monitor/prometheus.h"

class QTimer;

namespace plexus::monitor {

class AdminClient;
class KafkaClient;

class ClusterMonitor : public QObject {
    Q_OBJECT
public:
    /// `client` is not owned and must outlive the monitor.
    explicit ClusterMonitor(KafkaClient* client, QObject* parent = nullptr);
    ~ClusterMonitor() override;

    /// The Plexus nodes' admin listeners ("HOST:PORT"); empty for clusters
    /// that are not Plexus.
    void setAdminAddresses(const QStringList& addresses);
    bool hasPlexusEndpoints() const { return !m_admins.isEmpty(); }

    void setIntervalMs(int ms);
    void start();  ///< refreshes now and then every interval
    void stop();
    void refreshNow();

    const ClusterInfo& cluster() const { return m_cluster; }
    bool hasCluster() const { return m_haveCluster; }
    const QList<GroupInfo>& groups() const { return m_groups; }
    QString lastError() const { return m_lastError; }

    struct RatePoint {
        qint64 timeMs = 0;
        double bytesIn = 0;
        double bytesOut = 0;
    };
    /// Bytes in/out per second over the whole cluster, oldest first, at most
    /// historyCapacity points.
    const QList<RatePoint>& rateHistory() const { return m_rates; }
    /// Total lag of a group over time, oldest first.
    QList<QPair<qint64, qint64>> lagHistory(const QString& groupId) const { return m_lag.value(groupId); }
    static constexpr int kHistoryCapacity = 900;

signals:
    void clusterUpdated();
    void groupsUpdated();
    void ratesUpdated();
    /// A refresh failed; `message` says which part and why.
    void refreshFailed(const QString& message);

private:
    void onCluster(const ClusterInfo& c);
    void onMetrics(int node, const MetricSnapshot& m);
    void applySizes();

    KafkaClient* m_client;
    QTimer* m_timer;
    QList<AdminClient*> m_admins;
    QList<MetricSnapshot> m_lastMetrics;
    QList<qint64> m_lastMetricsAt;  ///< ms since epoch, 0 = none yet
    QList<double> m_nodeIn, m_nodeOut;
    ClusterInfo m_cluster;
    bool m_haveCluster = false;
    QList<GroupInfo> m_groups;
    QList<RatePoint> m_rates;
    QHash<QString, QList<QPair<qint64, qint64>>> m_lag;
    QString m_lastError;
    bool m_clusterPending = false;
    bool m_groupsPending = false;
};

}  // namespace plexus::monitor

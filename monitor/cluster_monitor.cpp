#include "monitor/cluster_monitor.h"

#include <QTimer>

#include "monitor/admin_client.h"
#include "monitor/kafka_client.h"

namespace plexus::monitor {

ClusterMonitor::ClusterMonitor(KafkaClient* client, QObject* parent)
    : QObject(parent), m_client(client), m_timer(new QTimer(this)) {
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &ClusterMonitor::refreshNow);
    connect(m_client, &KafkaClient::clusterReady, this, &ClusterMonitor::onCluster);
    connect(m_client, &KafkaClient::groupsReady, this, [this](const QList<GroupInfo>& groups) {
        m_groupsPending = false;
        m_groups = groups;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const auto& g : groups) {
            auto& h = m_lag[g.groupId];
            h.push_back({now, std::max<qint64>(0, g.totalLag())});
            while (h.size() > kHistoryCapacity) h.removeFirst();
        }
        emit groupsUpdated();
    });
    connect(m_client, &KafkaClient::operationFailed, this, [this](const QString& op, const QString& message) {
        if (op == QStringLiteral("metadata")) m_clusterPending = false;
        else if (op == QStringLiteral("groups")) m_groupsPending = false;
        else return;  // failures of user actions are the page's to show
        m_lastError = tr("%1: %2").arg(op, message);
        emit refreshFailed(m_lastError);
    });
}

ClusterMonitor::~ClusterMonitor() = default;

void ClusterMonitor::setAdminAddresses(const QStringList& addresses) {
    qDeleteAll(m_admins);
    m_admins.clear();
    m_lastMetrics.clear();
    m_lastMetricsAt.clear();
    m_nodeIn.clear();
    m_nodeOut.clear();
    for (int i = 0; i < addresses.size(); ++i) {
        auto* a = new AdminClient(this);
        a->setAddress(addresses[i]);
        a->setTimeoutMs(3000);
        connect(a, &AdminClient::metricsReceived, this, [this, i](const MetricSnapshot& m) { onMetrics(i, m); });
        m_admins.push_back(a);
        m_lastMetrics.push_back({});
        m_lastMetricsAt.push_back(0);
        m_nodeIn.push_back(0);
        m_nodeOut.push_back(0);
    }
}

void ClusterMonitor::setIntervalMs(int ms) { m_timer->setInterval(ms); }

void ClusterMonitor::start() {
    refreshNow();
    m_timer->start();
}

void ClusterMonitor::stop() { m_timer->stop(); }

void ClusterMonitor::refreshNow() {
    if (!m_clusterPending) {
        m_clusterPending = true;
        m_client->refreshCluster();
    }
    if (!m_groupsPending) {
        m_groupsPending = true;
        m_client->refreshGroups();
    }
    for (auto* a : m_admins) a->fetchMetrics();
}

void ClusterMonitor::onCluster(const ClusterInfo& c) {
    m_clusterPending = false;
    m_cluster = c;
    m_haveCluster = true;
    applySizes();
    emit clusterUpdated();
}

void ClusterMonitor::onMetrics(int node, const MetricSnapshot& m) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastMetricsAt[node] > 0) {
        const auto r = byteRates(m_lastMetrics[node], m, double(now - m_lastMetricsAt[node]) / 1000.0);
        m_nodeIn[node] = r.bytesInPerSec;
        m_nodeOut[node] = r.bytesOutPerSec;
        // One point per round: when the first node answers again.
        if (node == 0) {
            RatePoint p{now, 0, 0};
            for (int i = 0; i < m_nodeIn.size(); ++i) {
                p.bytesIn += m_nodeIn[i];
                p.bytesOut += m_nodeOut[i];
            }
            m_rates.push_back(p);
            while (m_rates.size() > kHistoryCapacity) m_rates.removeFirst();
            emit ratesUpdated();
        }
    }
    m_lastMetrics[node] = m;
    m_lastMetricsAt[node] = now;
    if (m_haveCluster) {
        applySizes();
        emit clusterUpdated();
    }
}

void ClusterMonitor::applySizes() {
    if (m_admins.isEmpty()) return;
    // A partition's size is the largest any node reports for it (its
    // replicas hold the same log); a topic's is the sum over its partitions.
    QHash<QString, QHash<int, double>> sizes;
    bool any = false;
    for (const auto& snap : m_lastMetrics) {
        for (const auto& s : snap.find(QStringLiteral("plexus_partition_size_bytes"))) {
            auto& v = sizes[s.label(QStringLiteral("topic"))][s.label(QStringLiteral("partition")).toInt()];
            v = std::max(v, s.value);
            any = true;
        }
    }
    if (!any) return;
    for (auto& t : m_cluster.topics) {
        const auto it = sizes.constFind(t.name);
        if (it == sizes.constEnd()) {
            t.sizeBytes = 0;
            continue;
        }
        double sum = 0;
        for (double v : *it) sum += v;
        t.sizeBytes = qint64(sum);
    }
}

}  // namespace plexus::monitor

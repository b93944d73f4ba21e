#pragma once
// AdminClient: asynchronous GETs against one node's admin HTTP API
// (/v1/health, /v1/node, /v1/groups, /v1/cluster, /metrics).
//
// Threading: a QObject that lives on the thread that created it (normally
// the GUI thread) and must be used only there. Every call returns at once;
// results and failures arrive as signals from that thread's event loop.
// Nothing here blocks.
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include "monitor/prometheus.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace plexus::monitor {

class AdminClient : public QObject {
    Q_OBJECT
public:
    explicit AdminClient(QObject* parent = nullptr);
    ~AdminClient() override;

    /// The node's admin listener, "HOST:PORT" as the node prints it.
    /// Replies to requests sent to an earlier address are dropped, so a
    /// restarted node on a new port never receives its predecessor's answers.
    void setAddress(const QString& hostPort);
    QString address() const { return m_address; }

    /// A request with no complete answer after this long fails with a timeout
    /// message (default 5000 ms).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    void fetchHealth();   ///< -> healthReceived or requestFailed
    void fetchNode();     ///< -> nodeReceived or requestFailed
    void fetchGroups();   ///< -> groupsReceived or requestFailed
    void fetchMetrics();  ///< -> metricsReceived or requestFailed
    void fetchCluster();  ///< -> clusterReceived or requestFailed

signals:
    /// `ready` is true for 200; a node still starting answers 503 with
    /// status "starting", which is an answer, not a failure.
    void healthReceived(bool ready, const QString& status);
    void nodeReceived(const QJsonObject& node);
    /// The "groups" array of /v1/groups.
    void groupsReceived(const QJsonArray& groups);
    void metricsReceived(const plexus::monitor::MetricSnapshot& metrics);
    /// The /v1/cluster object (see ClusterStatus::fromJson).
    void clusterReceived(const QJsonObject& cluster);
    /// `endpoint` is the path ("/v1/node"); `message` says what went wrong in
    /// words a user can act on (refused connection, timeout, HTTP status with
    /// the node's own message, malformed JSON).
    void requestFailed(const QString& endpoint, const QString& message);

private:
    enum class Kind { Health, Node, Groups, Metrics, Cluster };
    void get(Kind kind, const QString& path);
    void finished(QNetworkReply* reply, Kind kind, const QString& path, quint64 generation);

    QNetworkAccessManager* m_nam;
    QString m_address;
    quint64 m_generation = 0;  ///< bumped by setAddress; stale replies are ignored
    int m_timeoutMs = 5000;
};

}  // namespace plexus::monitor

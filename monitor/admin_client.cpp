#include "monitor/admin_client.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace plexus::monitor {

AdminClient::AdminClient(QObject* parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

AdminClient::~AdminClient() = default;

void AdminClient::setAddress(const QString& hostPort) {
    m_address = hostPort;
    ++m_generation;
    // A desktop often has http_proxy set for the internet; a proxy cannot
    // reach the user's own loopback listeners, so local nodes go direct.
    const QString host = hostPort.left(hostPort.lastIndexOf(u':'));
    const bool loopback = host == u"localhost" || QHostAddress(host).isLoopback();
    m_nam->setProxy(loopback ? QNetworkProxy(QNetworkProxy::NoProxy) : QNetworkProxy(QNetworkProxy::DefaultProxy));
}

void AdminClient::fetchHealth() { get(Kind::Health, QStringLiteral("/v1/health")); }
void AdminClient::fetchNode() { get(Kind::Node, QStringLiteral("/v1/node")); }
void AdminClient::fetchGroups() { get(Kind::Groups, QStringLiteral("/v1/groups")); }
void AdminClient::fetchMetrics() { get(Kind::Metrics, QStringLiteral("/metrics")); }
void AdminClient::fetchCluster() { get(Kind::Cluster, QStringLiteral("/v1/cluster")); }

void AdminClient::get(Kind kind, const QString& path) {
    if (m_address.isEmpty()) {
        emit requestFailed(path, tr("no admin address is known for this node"));
        return;
    }
    QUrl url(QStringLiteral("http://%1%2").arg(m_address, path));
    if (!url.isValid()) {
        emit requestFailed(path, tr("'%1' is not a usable admin address").arg(m_address));
        return;
    }
    QNetworkRequest req(url);
    req.setTransferTimeout(m_timeoutMs);
    QNetworkReply* reply = m_nam->get(req);
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, kind, path, generation] { finished(reply, kind, path, generation); });
}

void AdminClient::finished(QNetworkReply* reply, Kind kind, const QString& path, quint64 generation) {
    reply->deleteLater();
    if (generation != m_generation) return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QString where = QStringLiteral("http://%1%2").arg(m_address, path);

    // The health check answers 503 while starting; that is a state to show,
    // not a failure, so it is decided before the generic error handling.
    if (kind == Kind::Health && (status == 200 || status == 503)) {
        QString state = QJsonDocument::fromJson(body).object().value(u"status").toString();
        emit healthReceived(status == 200, state.isEmpty() ? QString::number(status) : state);
        return;
    }
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        // setTransferTimeout aborts the reply, which Qt reports as "canceled".
        emit requestFailed(path, tr("%1: no answer within %2 ms").arg(where).arg(m_timeoutMs));
        return;
    }
    if (status == 0) {
        emit requestFailed(path, tr("%1: %2").arg(where, reply->errorString()));
        return;
    }
    if (status != 200) {
        // The node's errors are JSON {"error_code", "message"}; show its words.
        QString message = QJsonDocument::fromJson(body).object().value(u"message").toString();
        emit requestFailed(path, tr("%1: HTTP %2%3").arg(where).arg(status).arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message));
        return;
    }
    if (kind == Kind::Metrics) {
        emit metricsReceived(parsePrometheusText(body));
        return;
    }
    QJsonParseError err{};
    QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        emit requestFailed(path, tr("%1: the answer is not a JSON object (%2)").arg(where, err.errorString()));
        return;
    }
    if (kind == Kind::Node) {
        emit nodeReceived(doc.object());
    } else if (kind == Kind::Cluster) {
        emit clusterReceived(doc.object());
    } else {
        const QJsonValue groups = doc.object().value(u"groups");
        if (!groups.isArray()) {
            emit requestFailed(path, tr("%1: the answer has no \"groups\" array").arg(where));
            return;
        }
        emit groupsReceived(groups.toArray());
    }
}

}  // namespace plexus::monitor

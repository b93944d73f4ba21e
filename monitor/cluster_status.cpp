#include "monitor/cluster_status.h"

#include <QJsonArray>
#include <QTimer>
#include <algorithm>

#include "monitor/admin_client.h"

namespace plexus::monitor {

namespace {

QList<int> toIds(const QJsonValue& v) {
    QList<int> ids;
    for (const QJsonValue& x : v.toArray()) ids.append(x.toInt(-1));
    return ids;
}

constexpr int kRequestTimeoutMs = 1500;  ///< a node that does not answer in time counts as down this round

}  // namespace

ClusterStatus ClusterStatus::fromJson(const QJsonObject& o) {
    ClusterStatus s;
    if (!o.value(u"nodes").isArray()) return s;
    s.valid = true;
    s.clustered = o.value(u"clustered").toBool();
    s.clusterId = o.value(u"cluster_id").toString();
    s.answeredBy = o.value(u"node_id").toInt(-1);
    s.controller = o.value(u"controller").toInt(-1);
    s.voters = toIds(o.value(u"voters"));
    if (o.value(u"fenced").toBool() && s.answeredBy >= 0) s.fenced.append(s.answeredBy);
    for (const QJsonValue& v : o.value(u"storage_failures").toArray()) {
        const QJsonObject f = v.toObject();
        if (s.answeredBy >= 0)
            s.storageFailures[s.answeredBy].append(QStringLiteral("%1-%2: %3")
                                                       .arg(f.value(u"topic").toString())
                                                       .arg(f.value(u"partition").toInt())
                                                       .arg(f.value(u"error").toString()));
    }
    for (const QJsonValue& v : o.value(u"nodes").toArray()) {
        const QJsonObject n = v.toObject();
        ClusterNodeStatus node;
        node.id = n.value(u"id").toInt(-1);
        node.kafka = n.value(u"kafka").toString();
        node.rpc = n.value(u"rpc").toString();
        node.controller = n.value(u"controller").toBool();
        node.voter = n.value(u"voter").toBool();
        node.reachable = n.value(u"reachable").toBool();
        node.decommissioned = n.value(u"decommissioned").toBool();
        s.nodes.append(node);
    }
    std::sort(s.nodes.begin(), s.nodes.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const QJsonValue& v : o.value(u"partitions").toArray()) {
        const QJsonObject p = v.toObject();
        ClusterPartitionStatus part;
        part.topic = p.value(u"topic").toString();
        part.partition = p.value(u"partition").toInt();
        part.leader = p.value(u"leader").toInt(-1);
        part.leaderEpoch = p.value(u"leader_epoch").toInt(-1);
        part.replicas = toIds(p.value(u"replicas"));
        part.isr = toIds(p.value(u"isr"));
        part.underReplicated = p.value(u"under_replicated").toBool();
        const QJsonObject lag = p.value(u"replication_lag").toObject();
        for (auto it = lag.begin(); it != lag.end(); ++it) part.lag.insert(it.key().toInt(), qint64(it.value().toDouble()));
        part.highWatermark = qint64(p.value(u"high_watermark").toDouble(-1));
        part.logEndOffset = qint64(p.value(u"log_end_offset").toDouble(-1));
        s.partitions.append(part);
    }
    std::sort(s.partitions.begin(), s.partitions.end(), [](const auto& a, const auto& b) {
        return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
    });
    return s;
}

const ClusterNodeStatus* ClusterStatus::findNode(int id) const {
    for (const auto& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

int ClusterStatus::leaderCount(int nodeId) const {
    return int(std::count_if(partitions.begin(), partitions.end(), [nodeId](const auto& p) { return p.leader == nodeId; }));
}

QList<ClusterPartitionStatus> ClusterStatus::underReplicated() const {
    QList<ClusterPartitionStatus> out;
    for (const auto& p : partitions)
        if (p.underReplicated) out.append(p);
    return out;
}

bool ClusterStatus::hasOfflinePartitions() const {
    return std::any_of(partitions.begin(), partitions.end(), [this](const auto& p) {
        const ClusterNodeStatus* leader = findNode(p.leader);
        return !leader || !leader->reachable;
    });
}

bool ClusterStatus::hasUnreachableNodes() const {
    return std::any_of(nodes.begin(), nodes.end(), [](const auto& n) { return !n.reachable && !n.decommissioned; });
}

ClusterStatusPoller::ClusterStatusPoller(QObject* parent) : QObject(parent), m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ClusterStatusPoller::refreshNow);
}

ClusterStatusPoller::~ClusterStatusPoller() = default;

void ClusterStatusPoller::setAdminAddresses(const QStringList& addresses) {
    if (addresses == m_addresses) return;
    m_addresses = addresses;
    qDeleteAll(m_clients);
    m_clients.clear();
    // A round under way asked the old addresses; its answers are gone with
    // their clients, so the next round may start at once.
    m_outstanding = 0;
    m_answers.clear();
    for (int i = 0; i < addresses.size(); ++i) {
        auto* c = new AdminClient(this);
        c->setAddress(addresses[i]);
        c->setTimeoutMs(kRequestTimeoutMs);
        connect(c, &AdminClient::clusterReceived, this, [this, i](const QJsonObject& o) {
            if (m_outstanding == 0 || i >= m_answers.size()) return;
            m_answers[i] = o;
            if (--m_outstanding == 0) finishRound();
        });
        connect(c, &AdminClient::requestFailed, this, [this](const QString& endpoint, const QString& message) {
            if (endpoint != u"/v1/cluster" || m_outstanding == 0) return;
            m_lastError = message;
            if (--m_outstanding == 0) finishRound();
        });
        m_clients.append(c);
    }
    if (m_active) refreshNow();
}

int ClusterStatusPoller::currentIntervalMs() const {
    const bool watch = !m_unanswered.isEmpty() || !m_status.valid || m_status.hasUnreachableNodes() ||
                       !m_status.underReplicated().isEmpty() || m_status.hasOfflinePartitions() ||
                       (m_status.clustered && m_status.controller < 0) || !m_status.fenced.isEmpty();
    return watch ? m_fastIntervalMs : m_intervalMs;
}

void ClusterStatusPoller::start() {
    m_active = true;
    refreshNow();
}

void ClusterStatusPoller::stop() {
    m_active = false;
    m_timer->stop();
}

bool ClusterStatusPoller::isActive() const { return m_active; }

void ClusterStatusPoller::refreshNow() {
    if (m_outstanding > 0) return;
    m_timer->stop();
    if (m_clients.isEmpty()) {
        scheduleNext();
        return;
    }
    m_answers = QList<QJsonObject>(m_clients.size());
    m_outstanding = int(m_clients.size());
    for (AdminClient* c : std::as_const(m_clients)) c->fetchCluster();
}

void ClusterStatusPoller::finishRound() {
    m_unanswered.clear();
    QList<ClusterStatus> answers;
    for (int i = 0; i < m_answers.size(); ++i) {
        ClusterStatus s = m_answers[i].isEmpty() ? ClusterStatus{} : ClusterStatus::fromJson(m_answers[i]);
        if (s.valid) answers.append(s);
        else m_unanswered.append(m_addresses.value(i));
    }
    if (answers.isEmpty()) {
        emit refreshFailed(m_lastError);
        scheduleNext();
        return;
    }
    // The controller's picture if it answered; otherwise the answer that
    // names a controller (a node cut off from the rest may not), else the first.
    auto pick = std::find_if(answers.begin(), answers.end(), [](const ClusterStatus& s) {
        return s.controller >= 0 && s.controller == s.answeredBy;
    });
    if (pick == answers.end())
        pick = std::find_if(answers.begin(), answers.end(), [](const ClusterStatus& s) { return s.controller >= 0; });
    if (pick == answers.end()) pick = answers.begin();
    ClusterStatus status = *pick;
    // Only a node itself knows that it is cut off.
    status.fenced.clear();
    status.storageFailures.clear();
    for (const ClusterStatus& a : std::as_const(answers)) {
        status.fenced += a.fenced;
        for (auto it = a.storageFailures.begin(); it != a.storageFailures.end(); ++it)
            status.storageFailures.insert(it.key(), it.value());
    }
    // Lag and offsets are known to a partition's leader only: take them from
    // the leader's own answer.
    for (auto& p : status.partitions) {
        for (const ClusterStatus& a : std::as_const(answers)) {
            if (a.answeredBy != p.leader) continue;
            for (const auto& q : a.partitions) {
                if (q.topic == p.topic && q.partition == p.partition) {
                    if (p.lag.isEmpty()) p.lag = q.lag;
                    if (p.highWatermark < 0) p.highWatermark = q.highWatermark;
                    if (p.logEndOffset < 0) p.logEndOffset = q.logEndOffset;
                    break;
                }
            }
        }
    }
    m_status = status;
    emit statusUpdated(m_status);
    scheduleNext();
}

void ClusterStatusPoller::scheduleNext() {
    if (m_active) m_timer->start(currentIntervalMs());
}

}  // namespace plexus::monitor

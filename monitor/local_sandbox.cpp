#include "monitor/local_sandbox.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTcpServer>
#include <QTimer>
#include <algorithm>
#include <utility>

namespace plexus::monitor {

namespace {

constexpr int kStateFileVersion = 1;

QString loopback(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }

/// True if nothing listens on 127.0.0.1:port. QTcpServer sets SO_REUSEADDR,
/// and so does plexusd, so a port left in TIME_WAIT by our own stopped node
/// counts as free, as it is for the node.
bool portFree(quint16 port) {
    QTcpServer probe;
    return port != 0 && probe.listen(QHostAddress::LocalHost, port);
}

/// The ports the kernel hands to outgoing connections and to bind(port 0)
/// (net.ipv4.ip_local_port_range; Linux's default is 32768-60999).
std::pair<int, int> ephemeralRange() {
    QFile f(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (f.open(QIODevice::ReadOnly)) {
        const QStringList parts = QString::fromLatin1(f.readAll()).simplified().split(QLatin1Char(' '));
        bool okLo = false, okHi = false;
        const int lo = parts.value(0).toInt(&okLo), hi = parts.value(1).toInt(&okHi);
        if (okLo && okHi && lo > 0 && hi >= lo) return {lo, hi};
    }
    return {32768, 60999};
}

quint16 toPort(const QJsonValue& v) {
    const int p = v.toInt(0);
    return p > 0 && p <= 65535 ? static_cast<quint16>(p) : quint16(0);
}

}  // namespace

LocalSandbox::LocalSandbox(Options options, QObject* parent) : QObject(parent), m_opt(std::move(options)) {
    m_opt.baseDir = QDir::cleanPath(QFileInfo(m_opt.baseDir).absoluteFilePath());
    m_opt.nodes = std::max(1, m_opt.nodes);
    QDir().mkpath(m_opt.baseDir + QStringLiteral("/logs"));
    load();

    // Nodes the state file does not know yet get the lowest free ids from 1
    // (a sandbox from an older version keeps its node 0) and fresh ports.
    const QDir base(m_opt.baseDir);
    for (int id = 1; m_nodes.size() < m_opt.nodes; ++id) {
        if (indexOfNodeId(id) >= 0) continue;
        Slot s;
        s.id = id;
        allocatePorts(s);
        m_nodes.append(s);
    }
    // A state file from a larger sandbox: its extra nodes are left alone
    // (and stay in the file).
    while (m_nodes.size() > m_opt.nodes) m_extra.prepend(m_nodes.takeLast());
    for (int i = 0; i < m_nodes.size(); ++i) {
        Slot& s = m_nodes[i];
        NodeProcess::Options o;
        o.program = m_opt.program;
        o.nodeId = s.id;
        o.dataDir = base.filePath(QStringLiteral("node-%1").arg(s.id));
        o.kafkaAddr = loopback(s.kafkaPort);
        o.adminAddr = loopback(s.adminPort);
        o.detached = true;
        o.extraArgs = clusterArgs(s);
        o.stdoutPath = base.filePath(QStringLiteral("logs/node-%1.stdout.log").arg(s.id));
        o.stderrPath = base.filePath(QStringLiteral("logs/node-%1.stderr.log").arg(s.id));
        s.process = new NodeProcess(o, this);
        connect(s.process, &NodeProcess::stateChanged, this, [this, i](NodeProcess::State st) { onNodeState(i, st); });
        connect(s.process, &NodeProcess::logLine, this, [this, i](const QString& line) { emit nodeLogLine(i, line); });
        connect(s.process, &NodeProcess::event, this, &LocalSandbox::event);
        // Before a crashed node is launched again, its ports must still be
        // ours; the restart happens after the backoff, so check now.
        connect(s.process, &NodeProcess::restartScheduled, this, [this, i] { ensurePortsFree(i); });
    }
    save();
    // Problems met while reading the state file reach the event list once
    // someone can be connected.
    if (!m_loadProblems.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            for (const QString& m : std::exchange(m_loadProblems, {})) emit event(m);
        });
    }
}

LocalSandbox::~LocalSandbox() {
    for (const Slot& s : std::as_const(m_nodes))
        if (s.process) disconnect(s.process, nullptr, this, nullptr);
    if (m_shutDown) return;
    if (m_opt.keepRunning) releaseAll();
    // Otherwise the NodeProcess destructors send SIGTERM and do not wait.
}

NodeProcess* LocalSandbox::node(int index) const {
    return index >= 0 && index < m_nodes.size() ? m_nodes[index].process : nullptr;
}

int LocalSandbox::indexOfNodeId(int nodeId) const {
    for (int i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].id == nodeId) return i;
    return -1;
}

QString LocalSandbox::stateFilePath() const { return m_opt.baseDir + QStringLiteral("/sandbox.json"); }

QString LocalSandbox::bootstrapServers() const {
    QStringList parts;
    for (const Slot& s : m_nodes)
        if (s.process) parts.append(loopback(s.kafkaPort));
    return parts.join(u',');
}

QString LocalSandbox::seeds() const {
    QStringList parts;
    for (const Slot& s : m_nodes) parts.append(loopback(s.rpcPort));
    return parts.join(u',');
}

QStringList LocalSandbox::clusterArgs(const Slot& s) const {
    if (!isClustered()) return {};
    // Three replicas where there are three nodes: a topic then survives a
    // node being killed, which is what the sandbox is there to show.
    const int rf = std::min<int>(3, int(m_nodes.size()));
    return {QStringLiteral("--rpc-addr"), loopback(s.rpcPort), QStringLiteral("--seeds"), seeds(),
            QStringLiteral("--set"), QStringLiteral("default.replication.factor=%1").arg(rf)};
}

void LocalSandbox::updateClusterArgs() {
    for (const Slot& s : std::as_const(m_nodes))
        if (s.process) s.process->setExtraArgs(clusterArgs(s));
}

QStringList LocalSandbox::adminAddresses() const {
    QStringList parts;
    for (const Slot& s : m_nodes)
        if (s.process) parts.append(loopback(s.adminPort));
    return parts;
}

void LocalSandbox::start() {
    for (int i = 0; i < nodeCount(); ++i) startNode(i);
}

void LocalSandbox::stop() {
    for (int i = 0; i < nodeCount(); ++i) stopNode(i);
}

void LocalSandbox::startNode(int index) {
    NodeProcess* p = node(index);
    if (!p || m_shutDown) return;
    const NodeProcess::State st = p->state();
    if (st == NodeProcess::State::Starting || st == NodeProcess::State::Running || st == NodeProcess::State::Stopping) return;
    Slot& s = m_nodes[index];
    if (s.pid > 0) {
        if (p->adopt(s.pid)) return;
        s.pid = 0;  // gone, or no longer this node's process
        save();
    }
    ensurePortsFree(index);
    p->start();
}

void LocalSandbox::stopNode(int index) {
    if (NodeProcess* p = node(index)) p->stop();
}

void LocalSandbox::killNode(int index) {
    if (NodeProcess* p = node(index)) p->kill();
}

void LocalSandbox::restartNode(int index) {
    NodeProcess* p = node(index);
    if (!p || m_shutDown) return;
    if (p->state() == NodeProcess::State::Stopped || p->state() == NodeProcess::State::Crashed) startNode(index);
    else p->restart();
}

bool LocalSandbox::stopAndWait(int timeoutMs) {
    stop();
    auto waitForStopped = [this](int ms) {
        if (isAllStopped()) return;
        QEventLoop loop;
        connect(this, &LocalSandbox::allStopped, &loop, &QEventLoop::quit);
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    };
    waitForStopped(timeoutMs);
    if (isAllStopped()) return true;
    for (int i = 0; i < nodeCount(); ++i) {
        if (node(i)->state() != NodeProcess::State::Stopped) {
            emit event(tr("node %1 did not stop within %2 ms; sending SIGKILL").arg(m_nodes[i].id).arg(timeoutMs));
            node(i)->kill();
        }
    }
    waitForStopped(1000);
    return false;
}

void LocalSandbox::shutdown(int timeoutMs) {
    if (m_shutDown) return;
    if (m_opt.keepRunning) releaseAll();
    else stopAndWait(timeoutMs);
    m_shutDown = true;
}

void LocalSandbox::releaseAll() {
    for (Slot& s : m_nodes) {
        if (!s.process) continue;
        // A node that was running keeps its pid and is adopted at the next
        // start; one that was not keeps none.
        s.pid = s.process->release();
    }
    save();
    m_shutDown = true;
}

void LocalSandbox::onNodeState(int index, NodeProcess::State state) {
    if (state == NodeProcess::State::Stopped || state == NodeProcess::State::Crashed) {
        if (m_nodes[index].pid != 0) {
            m_nodes[index].pid = 0;
            save();
        }
    } else {
        recordPid(index);
        if (state == NodeProcess::State::Starting) {
            // A launch sets the pid right after announcing Starting; record it
            // as soon as it is known, so even an app crash leaves it findable.
            QTimer::singleShot(0, this, [this, index] { recordPid(index); });
        }
    }
    emit nodeStateChanged(index, state);

    const bool all = isAllRunning();
    if (all && !m_wasAllRunning) emit allRunning();
    m_wasAllRunning = all;
    const bool none = isAllStopped();
    if (none && !m_wasAllStopped) emit allStopped();
    m_wasAllStopped = none;
}

void LocalSandbox::recordPid(int index) {
    NodeProcess* p = node(index);
    if (!p || m_shutDown) return;
    const qint64 pid = p->pid();
    if (pid != 0 && pid != m_nodes[index].pid) {
        m_nodes[index].pid = pid;
        save();
    }
}

LocalSandbox::Summary LocalSandbox::summary() const {
    Summary sum;
    for (const Slot& s : m_nodes) {
        if (!s.process) continue;
        switch (s.process->state()) {
        case NodeProcess::State::Starting: ++sum.starting; break;
        case NodeProcess::State::Running: ++sum.running; break;
        case NodeProcess::State::Stopping: ++sum.stopping; break;
        case NodeProcess::State::Stopped: ++sum.stopped; break;
        case NodeProcess::State::Crashed: ++sum.crashed; break;
        }
    }
    return sum;
}

QString LocalSandbox::summaryText() const {
    const Summary s = summary();
    if (s.stopped == s.total()) return tr("stopped");
    QString text = s.total() == 1 ? tr("%1 of 1 node running").arg(s.running)
                                  : tr("%1 of %2 nodes running").arg(s.running).arg(s.total());
    if (s.starting) text += tr(", %1 starting").arg(s.starting);
    if (s.stopping) text += tr(", %1 stopping").arg(s.stopping);
    if (s.crashed) text += tr(", %1 crashed").arg(s.crashed);
    return text;
}

bool LocalSandbox::isAllRunning() const {
    const Summary s = summary();
    return s.total() > 0 && s.running == s.total();
}

bool LocalSandbox::isAllStopped() const {
    const Summary s = summary();
    return s.stopped == s.total();
}

QList<quint16> LocalSandbox::allPorts() const {
    QList<quint16> ports;
    for (const Slot& s : m_nodes + m_extra) ports << s.kafkaPort << s.adminPort << s.rpcPort;
    ports.removeAll(quint16(0));
    return ports;
}

void LocalSandbox::allocatePorts(Slot& s) const {
    QList<quint16> taken = allPorts();
    for (quint16* port : {&s.kafkaPort, &s.adminPort, &s.rpcPort}) {
        *port = allocatePort(taken);
        taken.append(*port);
    }
}

quint16 LocalSandbox::allocatePort(const QList<quint16>& exclude) const {
    // The node binds the port later (with SO_REUSEADDR), so another socket
    // could take it in between. Ports the kernel hands out on its own (to
    // outgoing connections, and to bind(0)) are never chosen: they come from
    // the ephemeral range, and busy clients (every librdkafka connection,
    // the nodes' own RPC links) would sooner or later be given one. A port
    // below that range is only taken by a program that asks for it by
    // number. Should one still be taken, the node fails to bind, crashes,
    // and ensurePortsFree chooses again before its restart.
    const auto [ephemeralLo, ephemeralHi] = ephemeralRange();
    int lo = 20000, hi = ephemeralLo - 1;
    if (hi - lo < 1000) {  // an unusual ephemeral range: use the ports above it
        lo = ephemeralHi + 1;
        hi = 65535;
    }
    if (hi - lo >= 1000) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            const auto port = static_cast<quint16>(QRandomGenerator::global()->bounded(lo, hi + 1));
            if (!exclude.contains(port) && portFree(port)) return port;
        }
    }
    for (int attempt = 0; attempt < 50; ++attempt) {  // last resort: whatever the kernel picks
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) continue;
        const quint16 port = probe.serverPort();
        if (!exclude.contains(port)) return port;
    }
    return 0;  // only with no free loopback port at all; the node then fails visibly
}

void LocalSandbox::ensurePortsFree(int index) {
    Slot& s = m_nodes[index];
    bool changed = false;
    auto check = [&](quint16& port, const QString& what) {
        if (portFree(port)) return;
        QList<quint16> exclude = allPorts();
        const quint16 old = port;
        port = allocatePort(exclude);
        changed = true;
        emit event(old == 0 ? tr("node %1: %2 port %3 chosen").arg(s.id).arg(what).arg(port)
                            : tr("node %1: %2 port %3 is taken by another program; using %4 instead").arg(s.id).arg(what).arg(old).arg(port));
    };
    check(s.kafkaPort, tr("Kafka"));
    check(s.adminPort, tr("admin"));
    const quint16 oldRpc = s.rpcPort;
    if (isClustered()) check(s.rpcPort, tr("RPC"));
    if (!changed) return;
    s.process->setListenAddresses(loopback(s.kafkaPort), loopback(s.adminPort));
    // Every node's seeds name this RPC address: nodes launched from now on
    // get the new one; running ones learn it when they are restarted.
    if (s.rpcPort != oldRpc) updateClusterArgs();
    save();
    emit event(tr("the sandbox's bootstrap address is now %1").arg(bootstrapServers()));
    emit addressesChanged(bootstrapServers());
}

void LocalSandbox::load() {
    QFile f(stateFilePath());
    if (!f.exists()) return;
    if (!f.open(QIODevice::ReadOnly)) {
        m_loadProblems.append(tr("cannot read %1: %2; choosing new ports").arg(f.fileName(), f.errorString()));
        return;
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        m_loadProblems.append(tr("%1 is not valid JSON (%2); choosing new ports").arg(f.fileName(), err.errorString()));
        return;
    }
    const QJsonArray nodes = doc.object().value(u"nodes").toArray();
    for (const QJsonValue& v : nodes) {
        const QJsonObject o = v.toObject();
        Slot s;
        s.id = o.value(u"id").toInt(-1);
        if (s.id < 0 || indexOfNodeId(s.id) >= 0) continue;
        s.kafkaPort = toPort(o.value(u"kafka_port"));
        s.adminPort = toPort(o.value(u"admin_port"));
        s.rpcPort = toPort(o.value(u"rpc_port"));
        s.pid = static_cast<qint64>(o.value(u"pid").toDouble(0));
        if (s.kafkaPort == 0 || s.adminPort == 0 || s.kafkaPort == s.adminPort) {
            // Unusable ports: fresh ones, chosen once the known ones are read.
            s.kafkaPort = s.adminPort = 0;
        }
        m_nodes.append(s);
    }
    for (Slot& s : m_nodes) {
        if (s.kafkaPort == 0) {
            s.kafkaPort = allocatePort(allPorts());
            s.adminPort = allocatePort(allPorts() << s.kafkaPort);
        }
        // A state file written before the sandbox was a cluster has no RPC
        // ports; or one clashes with another port of the file.
        if (s.rpcPort == 0 || allPorts().count(s.rpcPort) > 1) {
            s.rpcPort = 0;
            s.rpcPort = allocatePort(allPorts());
        }
    }
}

void LocalSandbox::save() {
    QJsonArray nodes;
    for (const Slot& s : m_nodes + m_extra) {
        QJsonObject o{{QStringLiteral("id"), s.id},
                      {QStringLiteral("kafka_port"), int(s.kafkaPort)},
                      {QStringLiteral("admin_port"), int(s.adminPort)},
                      {QStringLiteral("rpc_port"), int(s.rpcPort)}};
        if (s.pid > 0) o.insert(QStringLiteral("pid"), double(s.pid));
        nodes.append(o);
    }
    const QJsonObject root{{QStringLiteral("version"), kStateFileVersion}, {QStringLiteral("nodes"), nodes}};
    // QSaveFile: a crash mid-write leaves the previous file, never half a file.
    QSaveFile f(stateFilePath());
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0 || !f.commit())
        emit event(tr("cannot write %1: %2").arg(f.fileName(), f.errorString()));
}

}  // namespace plexus::monitor

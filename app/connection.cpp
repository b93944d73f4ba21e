#include "app/connection.h"

#include <QTimer>

#include "monitor/cluster_monitor.h"
#include "monitor/cluster_status.h"
#include "monitor/kafka_client.h"
#include "monitor/local_sandbox.h"
#include "monitor/registry_client.h"

namespace plexus::app {

using plexus::monitor::LocalSandbox;

Connection::Connection(Kind kind, QString name, QObject* parent)
    : QObject(parent), m_kind(kind), m_name(std::move(name)), m_registry(new plexus::monitor::RegistryClient(this)) {}

Connection::~Connection() {
    // The monitor uses the client; drop it first.
    m_monitor.reset();
    m_client.reset();
}

Connection* Connection::sandbox(const QString& plexusd, const QString& baseDir, int nodes, bool keepRunning,
                                QObject* parent) {
    auto* c = new Connection(Kind::Sandbox, tr("Local sandbox"), parent);
    LocalSandbox::Options opt;
    opt.program = plexusd;
    opt.baseDir = baseDir;
    opt.nodes = nodes;
    opt.keepRunning = keepRunning;
    c->m_sandbox = new LocalSandbox(opt, c);
    connect(c->m_sandbox, &LocalSandbox::allRunning, c, [c] {
        if (c->isReady()) return;  // a restarted node keeps its ports; the client reconnects by itself
        c->connectSandbox();
    });
    connect(c->m_sandbox, &LocalSandbox::event, c, &Connection::statusChanged);
    connect(c->m_sandbox, &LocalSandbox::nodeStateChanged, c, [c] { c->updateSandboxRegistry(); });
    return c;
}

Connection* Connection::kafka(const QString& name, const QString& bootstrap, const QStringList& adminAddresses,
                              QObject* parent) {
    auto* c = new Connection(Kind::Kafka, name, parent);
    c->m_bootstrap = bootstrap;
    c->m_pendingAdmins = adminAddresses;
    return c;
}

void Connection::setRegistryUrl(const QString& url) {
    const QString u = url.trimmed();
    if (u == m_registryUrl) return;
    m_registryUrl = u;
    m_registry->setBaseUrl(u);  // before the signal: the pages reload from the client
    emit registryUrlChanged(u);
}

void Connection::updateSandboxRegistry() {
    // The first running node's registry; while none runs, keep the last known
    // address (a node restarting on the same ports is back soon).
    for (int i = 0; i < m_sandbox->nodeCount(); ++i) {
        const auto* node = m_sandbox->node(i);
        if (node->state() == plexus::monitor::NodeProcess::State::Running && !node->registryAddress().isEmpty()) {
            setRegistryUrl(node->registryAddress());
            return;
        }
    }
}

void Connection::open() {
    if (m_sandbox) {
        emit statusChanged(tr("Starting the local sandbox…"));
        m_sandbox->start();
        if (m_sandbox->isAllRunning() && !isReady()) connectSandbox();
        return;
    }
    // Queued, like the sandbox's, so whoever called open() can connect to ready() first.
    QMetaObject::invokeMethod(this, [this] { connectClient(m_pendingAdmins); }, Qt::QueuedConnection);
}

void Connection::connectSandbox() {
    if (m_election) return;
    m_bootstrap = m_sandbox->bootstrapServers();
    if (!m_sandbox->isClustered()) {
        connectClient(m_sandbox->adminAddresses());
        return;
    }
    // Nodes answer /v1/health before they have elected a controller (2-4 s);
    // until then the Kafka metadata names none and librdkafka's admin calls
    // (create topic, configs) time out waiting for one. So the pages get the
    // client once /v1/cluster names a controller, or after 15 s regardless.
    emit statusChanged(tr("Waiting for the sandbox's nodes to elect a controller…"));
    m_election = new plexus::monitor::ClusterStatusPoller(this);
    m_election->setAdminAddresses(m_sandbox->adminAddresses());
    m_election->setFastIntervalMs(250);
    m_election->setIntervalMs(250);
    auto done = [this] {
        if (!m_election) return;
        m_election->stop();
        m_election->deleteLater();
        m_election = nullptr;
        if (!isReady()) connectClient(m_sandbox->adminAddresses());
    };
    connect(m_election, &plexus::monitor::ClusterStatusPoller::statusUpdated, this,
            [done](const plexus::monitor::ClusterStatus& s) {
                if (s.controller >= 0) done();
            });
    QTimer::singleShot(15000, m_election, done);
    m_election->start();
}

void Connection::connectClient(const QStringList& adminAddresses) {
    if (m_sandbox) updateSandboxRegistry();
    m_client = std::make_unique<plexus::monitor::KafkaClient>(m_bootstrap);
    m_monitor = std::make_unique<plexus::monitor::ClusterMonitor>(m_client.get());
    m_monitor->setAdminAddresses(adminAddresses);
    m_monitor->start();
    emit statusChanged(tr("Connected to %1 (%2).").arg(m_name, m_bootstrap));
    emit ready();
}

void Connection::shutdown() {
    if (m_monitor) m_monitor->stop();
    if (m_sandbox) m_sandbox->shutdown();
}

}  // namespace plexus::app

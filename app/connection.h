#pragma once
// Connection: what Plexus Center is connected to. Either the local sandbox
// (a LocalSandbox of plexusd children; the connection becomes ready once
// every node runs and the bootstrap address is known) or a Kafka cluster
// given by its bootstrap servers (Plexus, Apache Kafka, Confluent,
// Redpanda). When ready it owns the KafkaClient and the ClusterMonitor the
// pages use; only Plexus nodes give admin addresses for /metrics.
// The Schema Registry address (registryUrl) comes from the first running
// sandbox node's `registry` line, or for a Kafka cluster from what the user
// saved with it; it may change while connected (a restarted sandbox node
// binds a new registry port), which registryUrlChanged announces. The
// connection owns the one RegistryClient its pages share (registryClient(),
// from creation on), always pointed at registryUrl: its address is changed
// before registryUrlChanged is emitted.
//
// Threading: GUI thread only; nothing blocks except shutdown() of a sandbox
// at quit (bounded, see LocalSandbox::shutdown).
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

namespace plexus::monitor {
class ClusterMonitor;
class ClusterStatusPoller;
class KafkaClient;
class LocalSandbox;
class RegistryClient;
}  // namespace plexus::monitor

namespace plexus::app {

class Connection : public QObject {
    Q_OBJECT
public:
    enum class Kind { Sandbox, Kafka };

    /// A local sandbox of `nodes` plexusd processes under `baseDir`.
    static Connection* sandbox(const QString& plexusd, const QString& baseDir, int nodes, bool keepRunning,
                               QObject* parent = nullptr);
    /// A Kafka cluster; `adminAddresses` are Plexus admin endpoints if known.
    static Connection* kafka(const QString& name, const QString& bootstrap, const QStringList& adminAddresses = {},
                             QObject* parent = nullptr);
    ~Connection() override;

    Kind kind() const { return m_kind; }
    QString name() const { return m_name; }
    QString bootstrap() const { return m_bootstrap; }
    bool isReady() const { return m_client != nullptr; }
    plexus::monitor::KafkaClient* client() const { return m_client.get(); }
    plexus::monitor::ClusterMonitor* monitor() const { return m_monitor.get(); }
    plexus::monitor::LocalSandbox* localSandbox() const { return m_sandbox; }
    /// The Schema Registry ("HOST:PORT" or a URL); empty while none is known.
    QString registryUrl() const { return m_registryUrl; }
    /// For a Kafka cluster: the Schema Registry URL saved with it. A sandbox
    /// connection sets its own from its nodes.
    void setRegistryUrl(const QString& url);
    /// The Schema Registry client of this connection, at registryUrl (no
    /// address while none is known); the Messages and Schemas pages use it.
    plexus::monitor::RegistryClient* registryClient() const { return m_registry; }

    /// Starts the sandbox nodes (sandbox) or connects at once (Kafka).
    void open();
    /// At quit: stops the sandbox nodes unless keep-running is on.
    void shutdown();

signals:
    void ready();
    void statusChanged(const QString& text);
    /// The Schema Registry address became known or changed.
    void registryUrlChanged(const QString& url);

private:
    Connection(Kind kind, QString name, QObject* parent);
    void connectClient(const QStringList& adminAddresses);
    /// The sandbox's client, once a clustered sandbox has elected a controller.
    void connectSandbox();
    void updateSandboxRegistry();

    Kind m_kind;
    QString m_name;
    QString m_bootstrap;
    plexus::monitor::LocalSandbox* m_sandbox = nullptr;
    plexus::monitor::ClusterStatusPoller* m_election = nullptr;  ///< waiting for a controller, see connectSandbox
    std::unique_ptr<plexus::monitor::KafkaClient> m_client;
    std::unique_ptr<plexus::monitor::ClusterMonitor> m_monitor;
    QStringList m_pendingAdmins;
    QString m_registryUrl;
    plexus::monitor::RegistryClient* m_registry;  ///< a child, at m_registryUrl
};

}  // namespace plexus::app

#pragma once
// PlexusNode: a real plexusd child process for C++ tests, on ephemeral
// loopback ports with its own temporary data directory. The binary comes
// from the PLEXUSD environment variable (set by ctest); a missing binary is
// a loud failure, never a skip.
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace plexus::test {

/// The plexusd binary named by PLEXUSD, or empty with `error` saying what is
/// wrong (unset, or not an executable file).
QString plexusdPath(QString* error);

class PlexusNode {
public:
    explicit PlexusNode(QStringList extraArgs = {}, QString dataDir = {});
    ~PlexusNode();

    /// Starts the node and waits for its `kafka`/`admin` lines (and the
    /// `registry` line, which the node prints with them). On failure
    /// returns false with a reason (including the node's stderr).
    bool start(QString* error, int timeoutMs = 15000);
    void stop();   ///< SIGTERM and wait
    void kill9();  ///< SIGKILL and wait
    bool running() const;

    QString kafkaHost() const { return m_kafkaHost; }
    quint16 kafkaPort() const { return m_kafkaPort; }
    QString kafkaAddr() const { return m_kafkaHost + ":" + QString::number(m_kafkaPort); }
    QString adminAddr() const { return m_admin; }
    /// The Schema Registry listener, "HOST:PORT" (empty if the node printed none).
    QString registryAddr() const { return m_registry; }
    QString dataDir() const { return m_dataDir; }
    QByteArray log();  ///< everything the node wrote to stderr so far

private:
    QStringList m_extra;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<QProcess> m_proc;
    QString m_kafkaHost, m_admin, m_registry;
    quint16 m_kafkaPort = 0;
    QByteArray m_log;
};

}  // namespace plexus::test

#include "tests/support/plexus_node.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcessEnvironment>

namespace plexus::test {

PlexusNode::PlexusNode(QStringList extraArgs, QString dataDir) : m_extra(std::move(extraArgs)) {
    if (dataDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_dataDir = m_tmp->path() + "/data";
    } else {
        m_dataDir = dataDir;
    }
}

PlexusNode::~PlexusNode() { stop(); }

QString plexusdPath(QString* error) {
    const QString bin = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
    if (bin.isEmpty() || !QFileInfo(bin).isExecutable()) {
        *error = "PLEXUSD does not name the plexusd binary (got '" + bin + "'); run the tests through ctest";
        return {};
    }
    return bin;
}

bool PlexusNode::start(QString* error, int timeoutMs) {
    const QString bin = plexusdPath(error);
    if (bin.isEmpty()) return false;
    m_proc = std::make_unique<QProcess>();
    QStringList args = {"--data-dir", m_dataDir, "--kafka-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
                        "--registry-addr", "127.0.0.1:0"};
    args += m_extra;
    m_proc->start(bin, args);
    if (!m_proc->waitForStarted(5000)) {
        *error = "cannot start " + bin + ": " + m_proc->errorString();
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    m_kafkaHost.clear();
    m_admin.clear();
    m_registry.clear();
    QByteArray out;
    auto readLines = [this] {
        while (m_proc->canReadLine()) {
            QString line = QString::fromUtf8(m_proc->readLine()).trimmed();
            if (line.startsWith("kafka ")) {
                QString addr = line.mid(6);
                auto colon = addr.lastIndexOf(':');
                m_kafkaHost = addr.left(colon);
                m_kafkaPort = static_cast<quint16>(addr.mid(colon + 1).toUInt());
            } else if (line.startsWith("admin ")) {
                m_admin = line.mid(6);
            } else if (line.startsWith("registry ")) {
                m_registry = line.mid(9);
            }
        }
    };
    while (!deadline.hasExpired() && (m_kafkaHost.isEmpty() || m_admin.isEmpty())) {
        if (!m_proc->canReadLine()) m_proc->waitForReadyRead(100);
        m_log += m_proc->readAllStandardError();
        readLines();
        if (m_proc->state() == QProcess::NotRunning) break;
    }
    // The node prints its `registry` line with the other two; give it a moment.
    QDeadlineTimer grace(1000);
    while (m_registry.isEmpty() && !grace.hasExpired() && m_proc->state() == QProcess::Running) {
        if (!m_proc->canReadLine()) m_proc->waitForReadyRead(50);
        readLines();
    }
    if (m_kafkaHost.isEmpty() || m_admin.isEmpty()) {
        m_log += m_proc->readAllStandardError();
        *error = "plexusd did not report its addresses; exit code " + QString::number(m_proc->exitCode()) +
                 "; stderr:\n" + QString::fromUtf8(m_log);
        kill9();
        return false;
    }
    return true;
}

void PlexusNode::stop() {
    if (!m_proc || m_proc->state() == QProcess::NotRunning) return;
    m_proc->terminate();
    if (!m_proc->waitForFinished(10000)) {
        m_proc->kill();
        m_proc->waitForFinished(5000);
    }
    m_log += m_proc->readAllStandardError();
}

void PlexusNode::kill9() {
    if (!m_proc || m_proc->state() == QProcess::NotRunning) return;
    m_proc->kill();
    m_proc->waitForFinished(5000);
    m_log += m_proc->readAllStandardError();
}

bool PlexusNode::running() const { return m_proc && m_proc->state() == QProcess::Running; }

QByteArray PlexusNode::log() {
    if (m_proc) m_log += m_proc->readAllStandardError();
    return m_log;
}

}  // namespace plexus::test

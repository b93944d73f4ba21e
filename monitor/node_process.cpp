#include "monitor/node_process.h"

#include <QTimer>
#include <algorithm>

#include "monitor/admin_client.h"

namespace plexus::monitor {

namespace {

QString seconds(int ms) { return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s"); }

QTimer* singleShotTimer(QObject* parent) {
    auto* t = new QTimer(parent);
    t->setSingleShot(true);
    return t;
}

}  // namespace

NodeProcess::NodeProcess(Options options, QObject* parent)
    : QObject(parent),
      m_opt(std::move(options)),
      m_readyTimer(singleShotTimer(this)),
      m_killTimer(singleShotTimer(this)),
      m_restartTimer(singleShotTimer(this)),
      m_stableTimer(singleShotTimer(this)),
      m_healthTimer(singleShotTimer(this)),
      m_backoffMs(m_opt.initialBackoffMs) {
    connect(m_readyTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Starting || !m_proc) return;
        m_killReason = tr("not ready within %1 (no health answer 200); killed").arg(seconds(m_opt.readyTimeoutMs));
        m_proc->kill();
    });
    connect(m_killTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Stopping || !m_proc) return;
        emit event(tr("node %1 did not stop within %2 of SIGTERM; sending SIGKILL").arg(m_opt.nodeId).arg(seconds(m_opt.stopTimeoutMs)));
        m_proc->kill();
    });
    connect(m_restartTimer, &QTimer::timeout, this, [this] {
        emit event(tr("restarting node %1 (crash %2)").arg(m_opt.nodeId).arg(m_crashes));
        launch();
    });
    connect(m_stableTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Running) m_backoffMs = m_opt.initialBackoffMs;
    });
    connect(m_healthTimer, &QTimer::timeout, this, &NodeProcess::checkHealth);
}

NodeProcess::~NodeProcess() {
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
        // No slot may run on a half-destroyed object, and ~QProcess would
        // warn and reap anyway; do it explicitly and briefly.
        disconnect(m_proc, nullptr, this, nullptr);
        m_proc->kill();
        m_proc->waitForFinished(2000);
    }
}

void NodeProcess::start() {
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Stopping) return;
    m_restartTimer->stop();
    m_backoffMs = m_opt.initialBackoffMs;
    launch();
}

void NodeProcess::stop() {
    m_restartAfterStop = false;
    switch (m_state) {
    case State::Stopped:
    case State::Stopping:
        return;
    case State::Crashed:
        if (m_restartTimer->isActive()) emit event(tr("automatic restart of node %1 cancelled").arg(m_opt.nodeId));
        m_restartTimer->stop();
        setState(State::Stopped);
        return;
    case State::Starting:
    case State::Running:
        m_readyTimer->stop();
        m_healthTimer->stop();
        m_stableTimer->stop();
        setState(State::Stopping);
        m_proc->terminate();
        m_killTimer->start(m_opt.stopTimeoutMs);
        return;
    }
}

void NodeProcess::restart() {
    if (m_state == State::Starting || m_state == State::Running) {
        stop();
        m_restartAfterStop = true;
    } else if (m_state == State::Stopping) {
        m_restartAfterStop = true;
    } else {
        start();
    }
}

qint64 NodeProcess::uptimeMs() const { return m_pid != 0 && m_launched.isValid() ? m_launched.elapsed() : 0; }

QStringList NodeProcess::logLines() const { return QStringList(m_log.begin(), m_log.end()); }

void NodeProcess::launch() {
    dropProcess();
    m_kafka.clear();
    m_admin.clear();
    m_stdoutBuf.clear();
    m_stderrBuf.clear();
    m_killReason.clear();
    m_pid = 0;

    m_proc = new QProcess(this);
    m_proc->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_proc, &QProcess::readyReadStandardOutput, this, &NodeProcess::onStdout);
    connect(m_proc, &QProcess::readyReadStandardError, this, &NodeProcess::onStderr);
    connect(m_proc, &QProcess::finished, this, &NodeProcess::onFinished);
    connect(m_proc, &QProcess::errorOccurred, this, &NodeProcess::onErrorOccurred);
    connect(m_proc, &QProcess::started, this, [this] {
        m_pid = m_proc->processId();
        m_launched.start();
    });

    m_health = new AdminClient(this);
    m_health->setTimeoutMs(std::max(1000, m_opt.healthPollMs * 10));
    connect(m_health, &AdminClient::healthReceived, this, [this](bool ready, const QString&) {
        if (m_state != State::Starting) return;
        if (!ready) {
            m_healthTimer->start(m_opt.healthPollMs);
            return;
        }
        m_readyTimer->stop();
        setState(State::Running);
        m_stableTimer->start(m_opt.stableRunMs);
        emit event(tr("node %1 running (pid %2): kafka %3, admin %4").arg(m_opt.nodeId).arg(m_pid).arg(m_kafka, m_admin));
    });
    // Refused connections are expected in the instant between the node
    // printing its address and serving; the ready timeout bounds the retries.
    connect(m_health, &AdminClient::requestFailed, this, [this] {
        if (m_state == State::Starting) m_healthTimer->start(m_opt.healthPollMs);
    });

    QStringList args = {QStringLiteral("--node-id"), QString::number(m_opt.nodeId),
                        QStringLiteral("--data-dir"), m_opt.dataDir,
                        // Port 0: the node binds free ports and prints them,
                        // so sandboxes never collide with each other or 9092.
                        QStringLiteral("--kafka-addr"), QStringLiteral("127.0.0.1:0"),
                        QStringLiteral("--admin-addr"), QStringLiteral("127.0.0.1:0")};
    args += m_opt.extraArgs;
    setState(State::Starting);
    m_readyTimer->start(m_opt.readyTimeoutMs);
    m_proc->start(m_opt.program, args);
}

void NodeProcess::setState(State s) {
    if (s == m_state) return;
    m_state = s;
    emit stateChanged(s);
}

void NodeProcess::onStdout() {
    m_stdoutBuf += m_proc->readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_stdoutBuf.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stdoutBuf.left(nl)).trimmed();
        m_stdoutBuf.remove(0, nl + 1);
        if (line.startsWith(u"kafka ")) m_kafka = line.mid(6).trimmed();
        else if (line.startsWith(u"admin ")) m_admin = line.mid(6).trimmed();
        else if (!line.isEmpty()) appendLog(line);
    }
    if (m_state == State::Starting && !m_kafka.isEmpty() && !m_admin.isEmpty() && m_health->address().isEmpty()) {
        m_health->setAddress(m_admin);
        checkHealth();
    }
}

void NodeProcess::onStderr() {
    m_stderrBuf += m_proc->readAllStandardError();
    qsizetype nl;
    while ((nl = m_stderrBuf.indexOf('\n')) >= 0) {
        QString line = QString::fromUtf8(m_stderrBuf.left(nl));
        m_stderrBuf.remove(0, nl + 1);
        if (line.endsWith(u'\r')) line.chop(1);
        appendLog(line);
    }
}

void NodeProcess::appendLog(const QString& line) {
    m_log.push_back(line);
    while (m_log.size() > static_cast<size_t>(std::max(1, m_opt.logCapacity))) m_log.pop_front();
    emit logLine(line);
}

QString NodeProcess::lastLogLine() const { return m_log.empty() ? QString() : m_log.back(); }

void NodeProcess::checkHealth() {
    if (m_state == State::Starting && m_health) m_health->fetchHealth();
}

void NodeProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
    // Whatever the child wrote last (often the reason it died) comes first.
    onStdout();
    onStderr();
    if (!m_stderrBuf.isEmpty()) {
        appendLog(QString::fromUtf8(m_stderrBuf));
        m_stderrBuf.clear();
    }
    m_pid = 0;
    m_readyTimer->stop();
    m_killTimer->stop();
    m_healthTimer->stop();
    m_stableTimer->stop();

    if (m_state == State::Stopping) {
        dropProcess();
        emit event(status == QProcess::NormalExit
                       ? tr("node %1 stopped (exit code %2)").arg(m_opt.nodeId).arg(exitCode)
                       : tr("node %1 stopped by SIGKILL").arg(m_opt.nodeId));
        setState(State::Stopped);
        if (m_restartAfterStop) {
            m_restartAfterStop = false;
            start();
        }
        return;
    }
    // On Unix QProcess reports the terminating signal as the exit code of a
    // CrashExit; naming it lets a user tell a kill -9 from a segfault.
    QString why = !m_killReason.isEmpty()         ? m_killReason
                  : status == QProcess::CrashExit ? tr("killed by signal %1").arg(exitCode)
                                                  : tr("exited with code %1").arg(exitCode);
    if (const QString last = lastLogLine(); !last.isEmpty()) why += tr("; last log line: %1").arg(last);
    crashed(why);
}

void NodeProcess::onErrorOccurred(QProcess::ProcessError error) {
    // Only a failed launch needs handling here: every other error of a
    // started child is followed by finished().
    if (error != QProcess::FailedToStart) return;
    const QString why = tr("cannot launch %1: %2").arg(m_opt.program, m_proc ? m_proc->errorString() : QString());
    m_readyTimer->stop();
    if (m_state == State::Stopping) {
        dropProcess();
        setState(State::Stopped);
        return;
    }
    crashed(why);
}

void NodeProcess::crashed(const QString& why) {
    dropProcess();
    ++m_crashes;
    setState(State::Crashed);
    emit event(tr("node %1 crashed: %2").arg(m_opt.nodeId).arg(why));
    if (!m_opt.autoRestart) return;
    const int delay = m_backoffMs;
    m_backoffMs = std::min(m_opt.maxBackoffMs, m_backoffMs * 2);
    m_restartTimer->start(delay);
    emit event(tr("node %1 will restart in %2").arg(m_opt.nodeId).arg(seconds(delay)));
    emit restartScheduled(delay);
}

void NodeProcess::dropProcess() {
    if (m_proc) {
        disconnect(m_proc, nullptr, this, nullptr);
        // deleteLater: this may run inside one of the process's own signals.
        m_proc->deleteLater();
        m_proc = nullptr;
    }
    if (m_health) {
        disconnect(m_health, nullptr, this, nullptr);
        m_health->deleteLater();
        m_health = nullptr;
    }
}

}  // namespace plexus::monitor

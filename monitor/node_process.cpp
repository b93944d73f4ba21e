#include "monitor/node_process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTimer>
#include <algorithm>
#include <csignal>
#include <sys/types.h>

#include "monitor/admin_client.h"
#include "monitor/process_stats.h"

namespace plexus::monitor {

namespace {

QString seconds(int ms) { return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s"); }

QTimer* singleShotTimer(QObject* parent) {
    auto* t = new QTimer(parent);
    t->setSingleShot(true);
    return t;
}

/// Largest piece of an output file read in one poll; the rest follows on the
/// next poll, so a burst of log lines never stalls the GUI thread.
constexpr qint64 kMaxReadPerPoll = 1 << 20;
/// How much of the stderr file an adopted node's log starts with.
constexpr qint64 kAdoptedLogTail = 64 << 10;

qint64 fileSize(const QString& path) { return QFileInfo(path).size(); }

/// Bytes appended to `path` since `offset` (at most kMaxReadPerPoll); moves
/// `offset` on. A file that shrank (truncated or rotated by someone) is read
/// again from its start.
QByteArray readAppended(const QString& path, qint64& offset) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const qint64 size = f.size();
    if (size < offset) offset = 0;
    if (size == offset || !f.seek(offset)) return {};
    QByteArray data = f.read(std::min(size - offset, kMaxReadPerPoll));
    offset += data.size();
    return data;
}

/// Moves an output file that grew past `maxBytes` to "<file>.1" (replacing
/// an older one), so appending across launches stays bounded.
void rotate(const QString& path, qint64 maxBytes) {
    if (fileSize(path) <= maxBytes) return;
    QFile::remove(path + QStringLiteral(".1"));
    QFile::rename(path, path + QStringLiteral(".1"));
}

/// The value after `flag` in an argument list, empty if absent.
QString argValue(const QStringList& args, const QString& flag) {
    const qsizetype i = args.indexOf(flag);
    return i >= 0 ? args.value(i + 1) : QString();
}

/// The last "<prefix>HOST:PORT" line of a (small) stdout file.
QString lastAddressLine(const QString& path, QStringView prefix) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const qint64 size = f.size();
    if (size > kAdoptedLogTail) f.seek(size - kAdoptedLogTail);
    QString found;
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(prefix)) found = line.mid(prefix.size()).trimmed();
    }
    return found;
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
      m_pollTimer(new QTimer(this)),
      m_backoffMs(m_opt.initialBackoffMs) {
    connect(m_readyTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Starting || (!m_proc && m_pid == 0)) return;
        m_killReason = m_adopting
                           ? tr("left running by an earlier session but not healthy within %1; killed").arg(seconds(m_opt.readyTimeoutMs))
                           : tr("not ready within %1 (no health answer 200); killed").arg(seconds(m_opt.readyTimeoutMs));
        signalChild(SIGKILL);
    });
    connect(m_killTimer, &QTimer::timeout, this, [this] {
        if (m_state != State::Stopping || (!m_proc && m_pid == 0)) return;
        emit event(tr("node %1 did not stop within %2 of SIGTERM; sending SIGKILL").arg(m_opt.nodeId).arg(seconds(m_opt.stopTimeoutMs)));
        m_sigkillSent = true;
        signalChild(SIGKILL);
    });
    connect(m_restartTimer, &QTimer::timeout, this, [this] {
        emit event(tr("restarting node %1 (crash %2)").arg(m_opt.nodeId).arg(m_crashes));
        launch();
    });
    connect(m_stableTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Running) m_backoffMs = m_opt.initialBackoffMs;
    });
    connect(m_healthTimer, &QTimer::timeout, this, &NodeProcess::checkHealth);
    m_pollTimer->setInterval(std::max(10, m_opt.pollMs));
    connect(m_pollTimer, &QTimer::timeout, this, &NodeProcess::poll);
}

NodeProcess::~NodeProcess() {
    if (m_opt.detached) {
        // Not released: the node is ours to end. SIGTERM lets it finish its
        // queued writes; nobody needs to wait, since it is not our child.
        if (m_pid != 0 && detachedAlive()) ::kill(static_cast<pid_t>(m_pid), SIGTERM);
        return;
    }
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
        m_adopting = false;
        setState(State::Stopping);
        signalChild(SIGTERM);
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

void NodeProcess::kill() {
    if (m_state == State::Starting || m_state == State::Running) stop();
    if (m_state != State::Stopping) return;
    m_killTimer->stop();
    m_sigkillSent = true;
    signalChild(SIGKILL);
}

void NodeProcess::setListenAddresses(const QString& kafkaAddr, const QString& adminAddr) {
    m_opt.kafkaAddr = kafkaAddr;
    m_opt.adminAddr = adminAddr;
}

qint64 NodeProcess::uptimeMs() const {
    return m_pid != 0 && m_launched.isValid() ? m_launched.elapsed() + m_uptimeOffsetMs : 0;
}

QStringList NodeProcess::logLines() const { return QStringList(m_log.begin(), m_log.end()); }

AdminClient* NodeProcess::makeHealthClient() {
    auto* health = new AdminClient(this);
    health->setTimeoutMs(std::max(1000, m_opt.healthPollMs * 10));
    connect(health, &AdminClient::healthReceived, this, [this](bool ready, const QString&) {
        if (m_state != State::Starting) return;
        if (!ready) {
            m_healthTimer->start(m_opt.healthPollMs);
            return;
        }
        if (m_adopting) {
            // Healthy, but is it this node? /v1/node decides.
            m_health->fetchNode();
            return;
        }
        m_readyTimer->stop();
        setState(State::Running);
        m_stableTimer->start(m_opt.stableRunMs);
        emit event(tr("node %1 running (pid %2): kafka %3, admin %4").arg(m_opt.nodeId).arg(m_pid).arg(m_kafka, m_admin));
    });
    connect(health, &AdminClient::nodeReceived, this, &NodeProcess::onNodeInfo);
    // Refused connections are expected in the instant between the node
    // printing its address and serving; the ready timeout bounds the retries.
    connect(health, &AdminClient::requestFailed, this, [this] {
        if (m_state == State::Starting) m_healthTimer->start(m_opt.healthPollMs);
    });
    return health;
}

void NodeProcess::launch() {
    dropProcess();
    m_kafka.clear();
    m_admin.clear();
    m_registry.clear();
    m_rpc.clear();
    m_stdoutBuf.clear();
    m_stderrBuf.clear();
    m_killReason.clear();
    m_pid = 0;
    m_startTicks = 0;
    m_uptimeOffsetMs = 0;
    m_adopting = false;
    m_sigkillSent = false;
    m_health = makeHealthClient();

    QStringList args = {QStringLiteral("--node-id"), QString::number(m_opt.nodeId),
                        QStringLiteral("--data-dir"), m_opt.dataDir,
                        // Port 0 (the default) lets the node bind free ports
                        // and print them, so sandboxes never collide.
                        QStringLiteral("--kafka-addr"), m_opt.kafkaAddr,
                        QStringLiteral("--admin-addr"), m_opt.adminAddr,
                        QStringLiteral("--registry-addr"), m_opt.registryAddr};
    args += m_opt.extraArgs;
    setState(State::Starting);
    m_readyTimer->start(m_opt.readyTimeoutMs);
    if (m_opt.detached) {
        launchDetached(args);
        return;
    }

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
    m_proc->start(m_opt.program, args);
}

void NodeProcess::launchDetached(const QStringList& args) {
    rotate(m_opt.stdoutPath, m_opt.maxOutputFileBytes);
    rotate(m_opt.stderrPath, m_opt.maxOutputFileBytes);
    // Only what this launch appends is read.
    m_stdoutOffset = fileSize(m_opt.stdoutPath);
    m_stderrOffset = fileSize(m_opt.stderrPath);

    QProcess launcher;
    launcher.setProgram(m_opt.program);
    launcher.setArguments(args);
    launcher.setStandardInputFile(QProcess::nullDevice());
    launcher.setStandardOutputFile(m_opt.stdoutPath, QIODevice::Append);
    launcher.setStandardErrorFile(m_opt.stderrPath, QIODevice::Append);
    qint64 pid = 0;
    // A fork and exec, reported back through a pipe: milliseconds, like
    // QProcess::start.
    if (!launcher.startDetached(&pid) || pid <= 0) {
        m_readyTimer->stop();
        crashed(tr("cannot launch %1: %2").arg(m_opt.program, launcher.errorString()));
        return;
    }
    m_pid = pid;
    m_launched.start();
    const ProcessStats ps = ProcessStats::read(pid);
    // Gone already (a bad argument exits at once): -1 never matches, so the
    // first poll sees the exit after reading what the node wrote.
    m_startTicks = ps.ok ? ps.startTicks : -1;
    m_pollTimer->start();
}

void NodeProcess::setState(State s) {
    if (s == m_state) return;
    m_state = s;
    emit stateChanged(s);
}

void NodeProcess::onStdout() {
    if (m_proc) consumeStdout(m_proc->readAllStandardOutput());
}

void NodeProcess::onStderr() {
    if (m_proc) consumeStderr(m_proc->readAllStandardError());
}

void NodeProcess::consumeStdout(const QByteArray& bytes) {
    m_stdoutBuf += bytes;
    qsizetype nl;
    while ((nl = m_stdoutBuf.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stdoutBuf.left(nl)).trimmed();
        m_stdoutBuf.remove(0, nl + 1);
        if (line.startsWith(u"kafka ")) m_kafka = line.mid(6).trimmed();
        else if (line.startsWith(u"admin ")) m_admin = line.mid(6).trimmed();
        else if (line.startsWith(u"registry ")) m_registry = line.mid(9).trimmed();
        else if (line.startsWith(u"rpc ")) m_rpc = line.mid(4).trimmed();  // a clustered node's RPC listener
        else if (!line.isEmpty()) appendLog(line);
    }
    if (m_state == State::Starting && !m_adopting && m_health && !m_kafka.isEmpty() && !m_admin.isEmpty() &&
        m_health->address().isEmpty()) {
        m_health->setAddress(m_admin);
        checkHealth();
    }
}

void NodeProcess::consumeStderr(const QByteArray& bytes) {
    m_stderrBuf += bytes;
    qsizetype nl;
    while ((nl = m_stderrBuf.indexOf('\n')) >= 0) {
        QString line = QString::fromUtf8(m_stderrBuf.left(nl));
        m_stderrBuf.remove(0, nl + 1);
        if (line.endsWith(u'\r')) line.chop(1);
        appendLog(line);
    }
}

void NodeProcess::flushPartialLines() {
    if (!m_stderrBuf.isEmpty()) {
        appendLog(QString::fromUtf8(m_stderrBuf));
        m_stderrBuf.clear();
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

bool NodeProcess::detachedAlive() const {
    if (m_pid <= 0) return false;
    const ProcessStats ps = ProcessStats::read(m_pid);
    return ps.ok && ps.startTicks == m_startTicks;
}

void NodeProcess::signalChild(int sig) {
    if (m_opt.detached) {
        if (detachedAlive()) ::kill(static_cast<pid_t>(m_pid), sig);
    } else if (m_proc) {
        if (sig == SIGKILL) m_proc->kill();
        else m_proc->terminate();
    }
}

void NodeProcess::poll() {
    if (m_pid == 0) {
        m_pollTimer->stop();
        return;
    }
    consumeStdout(readAppended(m_opt.stdoutPath, m_stdoutOffset));
    consumeStderr(readAppended(m_opt.stderrPath, m_stderrOffset));
    if (!detachedAlive()) onDetachedExit();
}

void NodeProcess::onDetachedExit() {
    m_pollTimer->stop();
    // Whatever the node wrote last (often the reason it died) comes first.
    for (QByteArray more; !(more = readAppended(m_opt.stdoutPath, m_stdoutOffset)).isEmpty();) consumeStdout(more);
    for (QByteArray more; !(more = readAppended(m_opt.stderrPath, m_stderrOffset)).isEmpty();) consumeStderr(more);
    flushPartialLines();
    const qint64 pid = m_pid;
    const bool wasAdopting = m_adopting;
    m_adopting = false;
    if (m_state == State::Stopping) {
        exited(m_sigkillSent ? tr("node %1 stopped by SIGKILL").arg(m_opt.nodeId) : tr("node %1 stopped").arg(m_opt.nodeId));
        return;
    }
    m_pid = 0;
    m_readyTimer->stop();
    m_healthTimer->stop();
    m_stableTimer->stop();
    if (wasAdopting && m_killReason.isEmpty()) {
        // It was on its way out (an earlier session stopped it without
        // waiting); that is no crash, its data directory is free now.
        emit event(tr("node %1 (pid %2) from an earlier session exited before it could be adopted; starting a new one")
                       .arg(m_opt.nodeId)
                       .arg(pid));
        launch();
        return;
    }
    QString why = !m_killReason.isEmpty()
                      ? m_killReason
                      : tr("process %1 ended (the exit status of a detached node is not known)").arg(pid);
    if (const QString last = lastLogLine(); !last.isEmpty()) why += tr("; last log line: %1").arg(last);
    crashed(why);
}

void NodeProcess::exited(const QString& how) {
    m_pid = 0;
    m_readyTimer->stop();
    m_killTimer->stop();
    m_healthTimer->stop();
    m_stableTimer->stop();
    dropProcess();
    emit event(how);
    setState(State::Stopped);
    if (m_restartAfterStop) {
        m_restartAfterStop = false;
        start();
    }
}

void NodeProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
    // Whatever the child wrote last (often the reason it died) comes first.
    onStdout();
    onStderr();
    flushPartialLines();
    if (m_state == State::Stopping) {
        exited(status == QProcess::NormalExit ? tr("node %1 stopped (exit code %2)").arg(m_opt.nodeId).arg(exitCode)
                                              : tr("node %1 stopped by SIGKILL").arg(m_opt.nodeId));
        return;
    }
    m_pid = 0;
    m_readyTimer->stop();
    m_killTimer->stop();
    m_healthTimer->stop();
    m_stableTimer->stop();
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

bool NodeProcess::adopt(qint64 pid) {
    if (!m_opt.detached || pid <= 0 || (m_state != State::Stopped && m_state != State::Crashed)) return false;
    const ProcessStats ps = ProcessStats::read(pid);
    if (!ps.ok) return false;
    const QStringList cmd = ProcessStats::commandLine(pid);
    if (cmd.isEmpty() || argValue(cmd, QStringLiteral("--data-dir")) != m_opt.dataDir) return false;

    // The listeners it was given; for port 0 the ones it printed.
    QString admin = argValue(cmd, QStringLiteral("--admin-addr"));
    QString kafka = argValue(cmd, QStringLiteral("--kafka-addr"));
    if (admin.isEmpty() || admin.endsWith(u":0")) admin = lastAddressLine(m_opt.stdoutPath, u"admin ");
    if (kafka.isEmpty() || kafka.endsWith(u":0")) kafka = lastAddressLine(m_opt.stdoutPath, u"kafka ");

    m_restartTimer->stop();
    m_restartAfterStop = false;
    dropProcess();
    m_stdoutBuf.clear();
    m_stderrBuf.clear();
    m_killReason.clear();
    m_sigkillSent = false;
    m_pid = pid;
    m_startTicks = ps.startTicks;
    m_adopting = true;
    m_kafka = kafka;
    m_admin = admin;
    m_launched.start();
    m_uptimeOffsetMs = 0;

    // The log picks up where the file ends, after its last lines for context.
    m_stdoutOffset = fileSize(m_opt.stdoutPath);
    const qint64 errSize = fileSize(m_opt.stderrPath);
    m_stderrOffset = std::max<qint64>(0, errSize - kAdoptedLogTail);
    const bool midLine = m_stderrOffset > 0;
    QByteArray tail = readAppended(m_opt.stderrPath, m_stderrOffset);
    if (midLine) tail.remove(0, tail.indexOf('\n') + 1);
    consumeStderr(tail);

    m_health = makeHealthClient();
    emit event(tr("node %1: found pid %2 left running by an earlier session; adopting it").arg(m_opt.nodeId).arg(pid));
    setState(State::Starting);
    m_readyTimer->start(m_opt.readyTimeoutMs);
    m_pollTimer->start();
    if (admin.isEmpty()) {
        m_killReason = tr("left running by an earlier session, but its admin address is unknown; killed");
        signalChild(SIGKILL);
    } else {
        m_health->setAddress(admin);
        checkHealth();
    }
    return true;
}

void NodeProcess::onNodeInfo(const QJsonObject& info) {
    if (m_state != State::Starting || !m_adopting) return;
    const QString dataDir = info.value(u"data_dir").toString();
    const int nodeId = info.value(u"node_id").toInt(-1);
    if (nodeId != m_opt.nodeId || QDir(dataDir).canonicalPath() != QDir(m_opt.dataDir).canonicalPath()) {
        m_killReason = tr("the node answering at %1 is node %2 with data in %3, not this one; killed pid %4")
                           .arg(m_admin)
                           .arg(nodeId)
                           .arg(dataDir)
                           .arg(m_pid);
        signalChild(SIGKILL);
        return;
    }
    const QJsonObject listeners = info.value(u"listeners").toObject();
    if (const QString k = listeners.value(u"kafka").toString(); !k.isEmpty()) m_kafka = k;
    if (const QString a = listeners.value(u"admin").toString(); !a.isEmpty()) m_admin = a;
    if (const QString r = listeners.value(u"registry").toString(); !r.isEmpty()) m_registry = r;
    m_uptimeOffsetMs = static_cast<qint64>(info.value(u"uptime_seconds").toDouble() * 1000.0) - m_launched.elapsed();
    m_uptimeOffsetMs = std::max<qint64>(0, m_uptimeOffsetMs);
    m_adopting = false;
    m_readyTimer->stop();
    setState(State::Running);
    m_stableTimer->start(m_opt.stableRunMs);
    emit event(tr("node %1 adopted (pid %2, running since an earlier session): kafka %3, admin %4")
                   .arg(m_opt.nodeId)
                   .arg(m_pid)
                   .arg(m_kafka, m_admin));
}

qint64 NodeProcess::release() {
    if (!m_opt.detached) return 0;
    const qint64 pid = detachedAlive() ? m_pid : 0;
    m_readyTimer->stop();
    m_killTimer->stop();
    m_restartTimer->stop();
    m_stableTimer->stop();
    m_healthTimer->stop();
    dropProcess();
    m_pid = 0;
    m_adopting = false;
    m_restartAfterStop = false;
    m_state = State::Stopped;  // deliberately silent: the node itself did not stop
    return pid;
}

void NodeProcess::crashed(const QString& why) {
    dropProcess();
    m_pid = 0;
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
    m_pollTimer->stop();
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

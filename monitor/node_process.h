#pragma once
// NodeProcess: supervises one local plexusd process.
//
// Lifecycle: Stopped -> start() -> Starting -> Running (the node printed its
// `kafka`/`admin` lines AND GET /v1/health answered 200). stop() sends
// SIGTERM (Stopping) and escalates to SIGKILL after stopTimeoutMs; the child
// exiting then gives Stopped. Any other exit, a failure to launch, or not
// becoming ready within readyTimeoutMs is a crash: Crashed, and unless
// automatic restart is off, a new launch after an exponential backoff
// (initialBackoffMs doubling up to maxBackoffMs). The backoff returns to its
// initial value once a node has stayed Running for stableRunMs, so a node
// that crashes once a day restarts at once, while a crash loop slows down.
//
// Two ways to run the node:
//
//  * Attached (the default): a QProcess child. stdout and stderr are pipes,
//    the exit code and signal are known. The child cannot outlive this
//    object: destroying a NodeProcess whose child still runs SIGKILLs the
//    child and reaps it (a few milliseconds). Call stop() and wait for
//    Stopped for a clean shutdown.
//
//  * Detached (Options::detached): launched with QProcess::startDetached in
//    its own session, so it is nobody's child and survives the app.
//    stdout and stderr are appended to the files Options::stdoutPath and
//    stderrPath, which this object tails every pollMs for the address lines
//    and the log. Liveness is polled the same way: the pid must still be a
//    live, non-zombie process with the start time it had at launch (so a
//    reused pid is never mistaken for the node). The exit code of a detached
//    process is not knowable; a crash event names the last log line instead.
//    adopt() takes over such a node left running by an earlier session, and
//    release() lets go of one without signalling it. Destroying a detached
//    NodeProcess that was not released sends SIGTERM and does not wait (the
//    node finishes its queued writes and exits on its own).
//
// Threading: a QObject for the thread it was created on (the GUI thread in
// Plexus Center); call it only there. Nothing blocks: launches, health
// checks, stop escalation and backoff all run on signals and timers; the
// file tailing reads only what was appended since the last poll. The one
// exception is the attached destructor described above.
//
// The node is known only through its public outputs (stdout lines, stderr
// log lines, the admin HTTP API), never through broker code.
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <deque>

class QTimer;

namespace plexus::monitor {

class AdminClient;

class NodeProcess : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Crashed, Stopping };
    Q_ENUM(State)

    struct Options {
        QString program;          ///< path of plexusd
        int nodeId = 0;
        QString dataDir;          ///< passed as --data-dir; the node creates and locks it
        /// Listeners, passed as --kafka-addr / --admin-addr. Port 0 lets the
        /// node pick a free port (it prints the one it bound).
        QString kafkaAddr = QStringLiteral("127.0.0.1:0");
        QString adminAddr = QStringLiteral("127.0.0.1:0");
        QString registryAddr = QStringLiteral("127.0.0.1:0");  ///< --registry-addr (the Schema Registry)
        /// Detached mode (see above). stdoutPath and stderrPath are then
        /// required; their directory must exist.
        bool detached = false;
        QString stdoutPath;
        QString stderrPath;
        int pollMs = 200;                         ///< detached: file tailing and liveness period
        qint64 maxOutputFileBytes = 16 << 20;     ///< detached: a larger file is moved to "<file>.1" at launch
        QStringList extraArgs;    ///< appended after the supervisor's own arguments
        bool autoRestart = true;
        int initialBackoffMs = 500;
        int maxBackoffMs = 30000;
        int stableRunMs = 60000;  ///< Running this long resets the backoff
        int readyTimeoutMs = 20000;
        int stopTimeoutMs = 10000;
        int healthPollMs = 100;   ///< interval between health checks while Starting
        int logCapacity = 5000;   ///< stderr lines kept; the oldest are dropped
    };

    explicit NodeProcess(Options options, QObject* parent = nullptr);
    ~NodeProcess() override;

    /// Launches the node. From Crashed it cancels a pending restart and
    /// launches now; from Starting, Running or Stopping it does nothing.
    /// A start asked for by the user resets the backoff.
    void start();
    /// SIGTERM, then SIGKILL after stopTimeoutMs. From Crashed it cancels a
    /// pending restart and goes to Stopped.
    void stop();
    /// stop() then start() once the child has exited; start() if not running.
    void restart();
    /// SIGKILL the node now, without waiting for stopTimeoutMs: a stop that
    /// cannot wait (a bounded quit that ran out of time). The exit is a stop,
    /// not a crash ("stopped by SIGKILL").
    void kill();

    /// Detached mode only: takes over a node launched detached by an
    /// earlier NodeProcess (an earlier run of the app). Refused (false, and
    /// nothing changes) unless this object is Stopped or Crashed and `pid` is
    /// a live process whose command line has `--data-dir` equal to this
    /// node's dataDir. Otherwise the state becomes Starting; the admin address
    /// is taken from the process's `--admin-addr` (or, for port 0, from the
    /// last `admin` line of the stdout file), the last lines of the stderr
    /// file are loaded into the log, and the node is Running once
    /// /v1/health answers 200 and /v1/node reports this node id and data
    /// directory (its listeners become kafkaAddress/adminAddress). If it
    /// does not within readyTimeoutMs, or the answer names another node, it
    /// is killed and handled as a crash (restart with backoff). If it exits
    /// by itself before being adopted (it was shutting down), a new node is
    /// launched at once.
    bool adopt(qint64 pid);
    /// Detached mode only: stops watching the node without signalling it, so
    /// it keeps running after this object is gone. Returns its pid (0 if none
    /// ran). Afterwards the object reports Stopped, emits nothing about that
    /// node, and its destructor leaves the process alone.
    qint64 release();
    /// Listeners for the next launch (an adopted or running node keeps its own).
    void setListenAddresses(const QString& kafkaAddr, const QString& adminAddr);
    /// Options::extraArgs for the next launch (a running node keeps its own).
    void setExtraArgs(const QStringList& args) { m_opt.extraArgs = args; }

    void setAutoRestart(bool on) { m_opt.autoRestart = on; }
    bool autoRestart() const { return m_opt.autoRestart; }
    bool isDetached() const { return m_opt.detached; }
    QString stdoutPath() const { return m_opt.stdoutPath; }
    QString stderrPath() const { return m_opt.stderrPath; }

    State state() const { return m_state; }
    qint64 pid() const { return m_pid; }              ///< 0 when no child runs
    QString kafkaAddress() const { return m_kafka; }  ///< "HOST:PORT", empty until printed
    QString adminAddress() const { return m_admin; }
    QString registryAddress() const { return m_registry; }  ///< the Schema Registry; empty until printed
    QString rpcAddress() const { return m_rpc; }  ///< cluster RPC (`rpc` line); empty for a node running alone
    /// Since the child was launched (for an adopted node: since it started,
    /// as its /v1/node says); 0 when none runs.
    qint64 uptimeMs() const;
    int nodeId() const { return m_opt.nodeId; }
    QString dataDir() const { return m_opt.dataDir; }
    /// Delay before the next automatic restart (the backoff now in force).
    int nextBackoffMs() const { return m_backoffMs; }
    int crashCount() const { return m_crashes; }
    /// The child's stderr lines, oldest first, at most logCapacity of them.
    QStringList logLines() const;

signals:
    void stateChanged(plexus::monitor::NodeProcess::State state);
    /// One complete stderr line of the child (without the newline).
    void logLine(const QString& line);
    /// Something a user should see in the event list: a crash, a scheduled or
    /// performed restart, a stop that needed SIGKILL. Human-readable.
    void event(const QString& message);
    /// A crash was seen and a restart will follow after `delayMs`.
    void restartScheduled(int delayMs);

private:
    void launch();
    void launchDetached(const QStringList& args);
    AdminClient* makeHealthClient();
    void setState(State s);
    void onStdout();
    void onStderr();
    void consumeStdout(const QByteArray& bytes);
    void consumeStderr(const QByteArray& bytes);
    void flushPartialLines();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onNodeInfo(const QJsonObject& info);
    void poll();
    void onDetachedExit();
    void exited(const QString& how);
    bool detachedAlive() const;
    void signalChild(int sig);
    void checkHealth();
    void crashed(const QString& why);
    void appendLog(const QString& line);
    void dropProcess();
    QString lastLogLine() const;

    Options m_opt;
    State m_state = State::Stopped;
    QProcess* m_proc = nullptr;
    AdminClient* m_health = nullptr;  ///< one per launch, so replies about an earlier child are never read
    QTimer* m_readyTimer;             ///< Starting for too long
    QTimer* m_killTimer;              ///< SIGTERM not obeyed in time
    QTimer* m_restartTimer;           ///< backoff before an automatic restart
    QTimer* m_stableTimer;            ///< Running long enough to reset the backoff
    QTimer* m_healthTimer;            ///< next health poll while Starting
    QTimer* m_pollTimer;              ///< detached: tail the output files, check liveness
    QElapsedTimer m_launched;
    qint64 m_uptimeOffsetMs = 0;      ///< adopted: how long the node had run before
    qint64 m_pid = 0;
    qint64 m_startTicks = 0;          ///< detached: the pid's start time, to tell a reused pid
    qint64 m_stdoutOffset = 0, m_stderrOffset = 0;  ///< detached: bytes of the files already read
    bool m_adopting = false;          ///< detached: Starting because of adopt(), not a launch
    bool m_sigkillSent = false;       ///< detached: the exit after a stop was forced
    QString m_kafka, m_admin, m_registry, m_rpc;
    QByteArray m_stdoutBuf, m_stderrBuf;
    std::deque<QString> m_log;
    int m_backoffMs;
    int m_crashes = 0;
    bool m_restartAfterStop = false;
    QString m_killReason;  ///< why the supervisor killed a starting child, for the crash event
};

}  // namespace plexus::monitor

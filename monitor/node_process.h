#pragma once
// NodeProcess: supervises one local plexusd child process.
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
// Threading: a QObject for the thread it was created on (the GUI thread in
// Plexus Center); call it only there. Nothing blocks: launches, health
// checks, stop escalation and backoff all run on signals and timers. The one
// exception is the destructor: destroying a NodeProcess whose child still
// runs SIGKILLs the child and reaps it (a few milliseconds). Call stop() and
// wait for Stopped for a clean shutdown.
//
// The node is known only through its public outputs (stdout lines, stderr
// log lines, the admin HTTP API), never through broker code.
#include <QElapsedTimer>
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

    void setAutoRestart(bool on) { m_opt.autoRestart = on; }
    bool autoRestart() const { return m_opt.autoRestart; }

    State state() const { return m_state; }
    qint64 pid() const { return m_pid; }              ///< 0 when no child runs
    QString kafkaAddress() const { return m_kafka; }  ///< "HOST:PORT", empty until printed
    QString adminAddress() const { return m_admin; }
    qint64 uptimeMs() const;                          ///< since the child was launched; 0 when none runs
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
    void setState(State s);
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
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
    QElapsedTimer m_launched;
    qint64 m_pid = 0;
    QString m_kafka, m_admin;
    QByteArray m_stdoutBuf, m_stderrBuf;
    std::deque<QString> m_log;
    int m_backoffMs;
    int m_crashes = 0;
    bool m_restartAfterStop = false;
    QString m_killReason;  ///< why the supervisor killed a starting child, for the crash event
};

}  // namespace plexus::monitor

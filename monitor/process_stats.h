#pragma once
// CPU time and resident memory of a process, read from /proc (Linux only),
// for the Nodes table, and the two facts a supervisor needs to recognise a
// process it did not start itself (liveness and its command line). Plain
// functions: safe from any thread, never blocks for longer than reading two
// small procfs files.
#include <QStringList>
#include <QtGlobal>

namespace plexus::monitor {

struct ProcessStats {
    bool ok = false;        ///< false when the pid is gone (or a zombie) or /proc is not readable
    double cpuSeconds = 0;  ///< user + system time since the process started
    qint64 rssBytes = 0;    ///< resident set size
    /// When the process started, in clock ticks since boot (/proc/<pid>/stat
    /// field 22). A pid and its start time together name one process: a pid
    /// reused by a later process has a different start time.
    qint64 startTicks = 0;

    /// Reads /proc/<pid>/stat and /proc/<pid>/statm. A pid that has exited
    /// (or never existed) gives ok == false, not an error: the table simply
    /// shows no numbers for a node that is down. A zombie (exited, not yet
    /// reaped, as detached processes stay under a PID 1 that does not reap)
    /// counts as exited.
    static ProcessStats read(qint64 pid);

    /// The arguments of a live process (/proc/<pid>/cmdline), program first;
    /// empty when the pid is gone or the list cannot be read.
    static QStringList commandLine(qint64 pid);
};

}  // namespace plexus::monitor

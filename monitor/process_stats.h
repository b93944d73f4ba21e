#pragma once
// CPU time and resident memory of a process, read from /proc (Linux only),
// for the Nodes table. Plain functions: safe from any thread, never blocks
// for longer than reading two small procfs files.
#include <QtGlobal>

namespace plexus::monitor {

struct ProcessStats {
    bool ok = false;        ///< false when the pid is gone or /proc is not readable
    double cpuSeconds = 0;  ///< user + system time since the process started
    qint64 rssBytes = 0;    ///< resident set size

    /// Reads /proc/<pid>/stat and /proc/<pid>/statm. A pid that has exited
    /// (or never existed) gives ok == false, not an error: the table simply
    /// shows no numbers for a node that is down.
    static ProcessStats read(qint64 pid);
};

}  // namespace plexus::monitor

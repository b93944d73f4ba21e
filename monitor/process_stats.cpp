#include "monitor/process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace plexus::monitor {

ProcessStats ProcessStats::read(qint64 pid) {
    ProcessStats ps;
    if (pid <= 0) return ps;
    const std::string dir = "/proc/" + std::to_string(pid);
    // std::ifstream rather than QFile: procfs files report size 0, and a
    // stream reads them to the end without special cases.
    std::ifstream stat(dir + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return ps;
    // Field 2 (comm) is in parentheses and may hold spaces or ')', so count
    // fields from the last ')'. The state is field 3, utime and stime are
    // fields 14 and 15, the start time field 22.
    auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 > line.size()) return ps;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0, start = 0;
    int i = 3;
    for (; i <= 22 && rest >> field; ++i) {
        if (i == 3 && (field == "Z" || field == "X" || field == "x")) return ps;  // exited, not reaped
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
        if (i == 22) start = std::stoull(field);
    }
    if (i <= 22) return ps;
    ps.startTicks = static_cast<qint64>(start);
    ps.cpuSeconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));

    std::ifstream statm(dir + "/statm");
    long long pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return ps;
    ps.rssBytes = resident * static_cast<long long>(sysconf(_SC_PAGESIZE));
    ps.ok = true;
    return ps;
}

QStringList ProcessStats::commandLine(qint64 pid) {
    QStringList args;
    if (pid <= 0) return args;
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string arg;
    // The arguments are NUL-terminated strings, one after the other.
    while (std::getline(in, arg, '\0')) args.append(QString::fromLocal8Bit(arg.data(), static_cast<qsizetype>(arg.size())));
    return args;
}

}  // namespace plexus::monitor

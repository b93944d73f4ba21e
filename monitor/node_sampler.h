#pragma once
// NodeSampler: CPU and memory of a LocalSandbox's nodes, sampled from /proc
// every second (by default) for the Nodes table.
//
// CPU % is the process's CPU time (user + system) used between two samples
// divided by the wall time between them, as `top` shows it: 100 % is one core
// fully busy, a multi-threaded node can exceed 100 %. The first sample of a
// process (and of a new process after a restart) has no predecessor, so its
// CPU % is unknown (-1); RSS is known at once. A node without a live process
// has both unknown.
//
// Threading: a QObject for the GUI thread. A sample reads two small procfs
// files per node (microseconds); nothing blocks.
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

#include "monitor/local_sandbox.h"

class QTimer;

namespace plexus::monitor {

class NodeSampler : public QObject {
    Q_OBJECT
public:
    struct Sample {
        qint64 pid = 0;           ///< the process sampled, 0 if none ran
        double cpuPercent = -1;   ///< -1: unknown
        qint64 rssBytes = -1;     ///< -1: unknown
    };

    /// Samples `sandbox` (not owned; once it is destroyed every sample is
    /// unknown) every intervalMs; the first sample is taken at once.
    explicit NodeSampler(LocalSandbox* sandbox, QObject* parent = nullptr);

    void setIntervalMs(int ms);
    int intervalMs() const;

    /// The latest sample of the node at `index`; an unknown Sample outside the range.
    Sample sample(int index) const;
    /// Samples every node now (the timer calls this) and emits `sampled`.
    void sampleNow();

signals:
    void sampled();

private:
    struct Track {
        Sample last;
        qint64 startTicks = 0;  ///< tells a new process behind a reused pid
        double cpuSeconds = 0;
        QElapsedTimer at;       ///< when cpuSeconds was read
    };

    QPointer<LocalSandbox> m_sandbox;
    QTimer* m_timer;
    QList<Track> m_tracks;
};

}  // namespace plexus::monitor

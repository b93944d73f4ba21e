#include "monitor/node_sampler.h"

#include <QTimer>
#include <algorithm>

#include "monitor/process_stats.h"

namespace plexus::monitor {

NodeSampler::NodeSampler(LocalSandbox* sandbox, QObject* parent)
    : QObject(parent), m_sandbox(sandbox), m_timer(new QTimer(this)) {
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &NodeSampler::sampleNow);
    m_timer->start();
    sampleNow();
}

void NodeSampler::setIntervalMs(int ms) { m_timer->setInterval(ms); }

int NodeSampler::intervalMs() const { return m_timer->interval(); }

NodeSampler::Sample NodeSampler::sample(int index) const {
    return index >= 0 && index < m_tracks.size() ? m_tracks[index].last : Sample{};
}

void NodeSampler::sampleNow() {
    const int n = m_sandbox ? m_sandbox->nodeCount() : 0;
    m_tracks.resize(n);
    for (int i = 0; i < n; ++i) {
        Track& t = m_tracks[i];
        const qint64 pid = m_sandbox->node(i)->pid();
        const ProcessStats ps = ProcessStats::read(pid);
        if (!ps.ok) {
            t = Track{};
            continue;
        }
        const bool sameProcess = t.last.pid == pid && t.startTicks == ps.startTicks && t.at.isValid();
        Sample s;
        s.pid = pid;
        s.rssBytes = ps.rssBytes;
        if (sameProcess) {
            const double wall = double(t.at.nsecsElapsed()) / 1e9;
            if (wall > 0) s.cpuPercent = std::max(0.0, (ps.cpuSeconds - t.cpuSeconds) / wall * 100.0);
        }
        t.last = s;
        t.startTicks = ps.startTicks;
        t.cpuSeconds = ps.cpuSeconds;
        t.at.start();
    }
    emit sampled();
}

}  // namespace plexus::monitor

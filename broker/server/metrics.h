#pragma once
// Metrics: counters and histograms the node exports on GET /metrics in the
// Prometheus text format (version 0.0.4).
//
// Thread safety: every method may be called from any thread. Per-API counters
// are lock-free; per-topic counters take a mutex briefly.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace plexus::server {

class Metrics {
public:
    static constexpr std::array<double, 14> kLatencyBuckets = {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                               0.05,   0.1,    0.25,  0.5,    1.0,  2.5,   10.0};

    void recordRequest(int16_t apiKey, double seconds);
    void recordBytesIn(const std::string& topic, int64_t bytes, int64_t records);
    void recordBytesOut(const std::string& topic, int64_t bytes, int64_t records);
    void connectionOpened() { m_connections++; m_connectionsTotal++; }
    void connectionClosed() { m_connections--; }
    void protocolError() { m_protocolErrors++; }

    /// Appends the node-wide series to `out`.
    void render(std::string& out) const;

private:
    struct ApiStats {
        std::atomic<uint64_t> count{0};
        std::atomic<uint64_t> sumMicros{0};
        std::array<std::atomic<uint64_t>, kLatencyBuckets.size()> buckets{};
    };
    struct TopicStats {
        int64_t bytesIn = 0, recordsIn = 0, bytesOut = 0, recordsOut = 0;
    };
    std::array<ApiStats, 64> m_apis;
    mutable std::mutex m_topicMutex;
    std::map<std::string, TopicStats> m_topics;  // guarded by m_topicMutex
    std::atomic<int64_t> m_connections{0};
    std::atomic<uint64_t> m_connectionsTotal{0};
    std::atomic<uint64_t> m_protocolErrors{0};
};

/// Process resource usage from /proc/self.
struct ProcessStats {
    int64_t rssBytes = 0;
    double cpuSeconds = 0;
    int64_t openFds = 0;
    static ProcessStats read();
};

}  // namespace plexus::server

#include "broker/server/metrics.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "broker/protocol/api_keys.h"

namespace plexus::server {

void Metrics::recordRequest(int16_t apiKey, double seconds) {
    if (apiKey < 0 || static_cast<size_t>(apiKey) >= m_apis.size()) return;
    ApiStats& s = m_apis[static_cast<size_t>(apiKey)];
    s.count++;
    s.sumMicros += static_cast<uint64_t>(seconds * 1e6);
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (seconds <= kLatencyBuckets[i]) s.buckets[i]++;
}

void Metrics::recordBytesIn(const std::string& topic, int64_t bytes, int64_t records) {
    std::lock_guard lock(m_topicMutex);
    auto& t = m_topics[topic];
    t.bytesIn += bytes;
    t.recordsIn += records;
}

void Metrics::recordBytesOut(const std::string& topic, int64_t bytes, int64_t records) {
    std::lock_guard lock(m_topicMutex);
    auto& t = m_topics[topic];
    t.bytesOut += bytes;
    t.recordsOut += records;
}

void Metrics::render(std::string& out) const {
    char buf[256];
    out += "# HELP plexus_kafka_requests_total Kafka requests answered, by API.\n"
           "# TYPE plexus_kafka_requests_total counter\n";
    for (size_t k = 0; k < m_apis.size(); ++k) {
        if (m_apis[k].count == 0) continue;
        auto name = protocol::apiName(static_cast<int16_t>(k));
        std::snprintf(buf, sizeof buf, "plexus_kafka_requests_total{api=\"%.*s\"} %llu\n", static_cast<int>(name.size()),
                      name.data(), static_cast<unsigned long long>(m_apis[k].count.load()));
        out += buf;
    }
    out += "# HELP plexus_kafka_request_latency_seconds Time from receiving a request to queueing its response.\n"
           "# TYPE plexus_kafka_request_latency_seconds histogram\n";
    for (size_t k = 0; k < m_apis.size(); ++k) {
        const ApiStats& s = m_apis[k];
        if (s.count == 0) continue;
        std::string name(protocol::apiName(static_cast<int16_t>(k)));
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            std::snprintf(buf, sizeof buf, "plexus_kafka_request_latency_seconds_bucket{api=\"%s\",le=\"%g\"} %llu\n",
                          name.c_str(), kLatencyBuckets[i], static_cast<unsigned long long>(s.buckets[i].load()));
            out += buf;
        }
        std::snprintf(buf, sizeof buf,
                      "plexus_kafka_request_latency_seconds_bucket{api=\"%s\",le=\"+Inf\"} %llu\n"
                      "plexus_kafka_request_latency_seconds_sum{api=\"%s\"} %.6f\n"
                      "plexus_kafka_request_latency_seconds_count{api=\"%s\"} %llu\n",
                      name.c_str(), static_cast<unsigned long long>(s.count.load()), name.c_str(),
                      static_cast<double>(s.sumMicros.load()) / 1e6, name.c_str(),
                      static_cast<unsigned long long>(s.count.load()));
        out += buf;
    }
    {
        std::lock_guard lock(m_topicMutex);
        struct Series { const char* name; const char* help; int64_t TopicStats::*field; };
        const Series series[] = {
            {"plexus_topic_bytes_in_total", "Record batch bytes appended, by topic.", &TopicStats::bytesIn},
            {"plexus_topic_records_in_total", "Records appended, by topic.", &TopicStats::recordsIn},
            {"plexus_topic_bytes_out_total", "Record batch bytes served to fetches, by topic.", &TopicStats::bytesOut},
            {"plexus_topic_records_out_total", "Records served to fetches, by topic.", &TopicStats::recordsOut},
        };
        for (const auto& s : series) {
            out += std::string("# HELP ") + s.name + " " + s.help + "\n# TYPE " + s.name + " counter\n";
            for (const auto& [topic, t] : m_topics)
                out += std::string(s.name) + "{topic=\"" + topic + "\"} " + std::to_string(t.*s.field) + "\n";
        }
    }
    out += "# HELP plexus_connections_active Open Kafka connections.\n# TYPE plexus_connections_active gauge\n";
    out += "plexus_connections_active " + std::to_string(m_connections.load()) + "\n";
    out += "# HELP plexus_connections_total Kafka connections accepted.\n# TYPE plexus_connections_total counter\n";
    out += "plexus_connections_total " + std::to_string(m_connectionsTotal.load()) + "\n";
    out += "# HELP plexus_protocol_errors_total Connections closed for malformed or unsupported requests.\n"
           "# TYPE plexus_protocol_errors_total counter\n";
    out += "plexus_protocol_errors_total " + std::to_string(m_protocolErrors.load()) + "\n";
}

ProcessStats ProcessStats::read() {
    ProcessStats ps;
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    if (statm >> pages >> resident) ps.rssBytes = resident * sysconf(_SC_PAGESIZE);
    std::ifstream stat("/proc/self/stat");
    std::string line;
    if (std::getline(stat, line)) {
        auto close = line.rfind(')');
        if (close != std::string::npos) {
            std::istringstream rest(line.substr(close + 2));
            std::string field;
            unsigned long long utime = 0, stime = 0;
            for (int i = 3; i <= 15 && rest >> field; ++i) {
                if (i == 14) utime = std::stoull(field);
                if (i == 15) stime = std::stoull(field);
            }
            ps.cpuSeconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
        }
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
        ps.openFds++;
    return ps;
}

}  // namespace plexus::server

#include "broker/server/config.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <limits>

namespace plexus::server {
namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

template <class T> Status parseInt(const std::string& v, T& out, T min, T max) {
    int64_t x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size()) return Status::error("'" + v + "' is not an integer");
    if (x < static_cast<int64_t>(min) || x > static_cast<int64_t>(max))
        return Status::error("'" + v + "' is outside " + std::to_string(min) + ".." + std::to_string(max));
    out = static_cast<T>(x);
    return Status::ok();
}

Status parseBool(const std::string& v, bool& out) {
    if (v == "true") { out = true; return Status::ok(); }
    if (v == "false") { out = false; return Status::ok(); }
    return Status::error("'" + v + "' is not true or false");
}

/// The setter of a listener address (port 0: any free port).
std::function<Status(NodeConfig&, const std::string&)> address(HostPort NodeConfig::*field) {
    return [field](NodeConfig& c, const std::string& v) {
        auto hp = parseHostPort(v);
        if (!hp) return hp.status();
        c.*field = hp.value();
        return Status::ok();
    };
}

}  // namespace

Status NodeConfig::set(const std::string& key, const std::string& value) {
    using Setter = std::function<Status(NodeConfig&, const std::string&)>;
    static const std::map<std::string, Setter> setters = {
        {"node.id", [](NodeConfig& c, const std::string& v) { return parseInt<int32_t>(v, c.nodeId, 0, 1 << 30); }},
        {"data.dir", [](NodeConfig& c, const std::string& v) {
             if (v.empty()) return Status::error("must not be empty");
             c.dataDir = v;
             return Status::ok();
         }},
        {"kafka.addr", address(&NodeConfig::kafkaAddr)},
        {"admin.addr", address(&NodeConfig::admin)},
        {"registry.addr", address(&NodeConfig::registry)},
        {"advertised.host", [](NodeConfig& c, const std::string& v) { c.advertisedHost = v; return Status::ok(); }},
        {"log.level", [](NodeConfig& c, const std::string& v) {
             static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
             for (auto l : levels)
                 if (v == l) { c.logLevel = v; return Status::ok(); }
             return Status::error("'" + v + "' is not one of trace, debug, info, warn, error, critical, off");
         }},
        {"num.partitions", [](NodeConfig& c, const std::string& v) { return parseInt<int32_t>(v, c.numPartitions, 1, 100000); }},
        {"default.replication.factor", [](NodeConfig& c, const std::string& v) {
             return parseInt<int16_t>(v, c.defaultReplicationFactor, 1, 5);
         }},
        {"rpc.addr", address(&NodeConfig::rpcAddr)},
        {"seeds", [](NodeConfig& c, const std::string& v) {
             std::vector<std::string> list;
             size_t start = 0;
             while (start <= v.size()) {
                 size_t comma = v.find(',', start);
                 if (comma == std::string::npos) comma = v.size();
                 std::string item = v.substr(start, comma - start);
                 while (!item.empty() && item.front() == ' ') item.erase(item.begin());
                 while (!item.empty() && item.back() == ' ') item.pop_back();
                 if (!item.empty()) {
                     auto hp = parseHostPort(item, PortZero::Refused);
                     if (!hp) return Status::error("seed " + hp.message());
                     list.push_back(hp.value().str());
                 }
                 start = comma + 1;
             }
             if (list.size() > 7) return Status::error("at most 7 seeds (controller voters), got " + std::to_string(list.size()));
             c.seeds = std::move(list);
             return Status::ok();
         }},
        {"cluster.id", [](NodeConfig& c, const std::string& v) {
             if (v.size() > 200) return Status::error("at most 200 characters");
             c.clusterId = v;
             return Status::ok();
         }},
        {"raft.election.timeout.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.raftElectionTimeoutMs, 50, 60000);
         }},
        {"raft.heartbeat.interval.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.raftHeartbeatIntervalMs, 10, 10000);
         }},
        {"auto.create.topics.enable", [](NodeConfig& c, const std::string& v) { return parseBool(v, c.autoCreateTopics); }},
        {"socket.request.max.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.socketRequestMaxBytes, 1024, std::numeric_limits<int32_t>::max());
         }},
        {"message.max.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.messageMaxBytes, 64, std::numeric_limits<int32_t>::max());
         }},
        {"log.retention.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.logRetentionMs, -1, std::numeric_limits<int64_t>::max());
         }},
        {"log.retention.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.logRetentionBytes, -1, std::numeric_limits<int64_t>::max());
         }},
        {"log.retention.check.interval.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.retentionCheckIntervalMs, 10, 86400000);
         }},
        {"log.cleaner.backoff.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.cleanerBackoffMs, 10, 86400000);
         }},
        {"max.inflight.requests.per.connection", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.maxInflightPerConnection, 1, 10000);
         }},
        {"log.flush.mode", [](NodeConfig& c, const std::string& v) {
             if (v == "fsync") c.flushMode = FlushMode::Fsync;
             else if (v == "interval") c.flushMode = FlushMode::Interval;
             else return Status::error("'" + v + "' is not fsync or interval");
             return Status::ok();
         }},
        {"log.flush.interval.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.flushIntervalMs, 1, 3600000);
         }},
        {"storage.threads", [](NodeConfig& c, const std::string& v) { return parseInt<int32_t>(v, c.storageThreads, 1, 64); }},
        {"storage.write.buffer.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.writeBufferBytes, 64 << 10, 1LL << 30);
         }},
        {"storage.block.cache.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.blockCacheBytes, 1 << 20, 1LL << 36);
         }},
        {"offsets.topic.num.partitions", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.offsetsTopicPartitions, 1, 1000);
         }},
        {"group.min.session.timeout.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.groupMinSessionTimeoutMs, 1, std::numeric_limits<int32_t>::max());
         }},
        {"group.max.session.timeout.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.groupMaxSessionTimeoutMs, 1, std::numeric_limits<int32_t>::max());
         }},
        {"group.initial.rebalance.delay.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.groupInitialRebalanceDelayMs, 0, std::numeric_limits<int32_t>::max());
         }},
        {"group.max.size", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.groupMaxSize, 1, std::numeric_limits<int32_t>::max());
         }},
        {"group.max.member.metadata.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.groupMaxMemberMetadataBytes, 64, 64 << 20);
         }},
        {"offset.metadata.max.bytes", [](NodeConfig& c, const std::string& v) {
             return parseInt<int32_t>(v, c.offsetMetadataMaxBytes, 0, 1 << 20);
         }},
        {"offsets.retention.minutes", [](NodeConfig& c, const std::string& v) {
             int64_t minutes = 0;
             if (Status s = parseInt<int64_t>(v, minutes, 1, 1LL << 40); !s) return s;
             c.offsetsRetentionMs = minutes * 60 * 1000;
             return Status::ok();
         }},
        {"offsets.retention.ms", [](NodeConfig& c, const std::string& v) {
             // Plexus's finer-grained form of offsets.retention.minutes; the last one set wins.
             int64_t ms = 0;
             if (Status s = parseInt<int64_t>(v, ms, 1, 1LL << 50); !s) return s;
             c.offsetsRetentionMs = ms;
             return Status::ok();
         }},
        {"offsets.retention.check.interval.ms", [](NodeConfig& c, const std::string& v) {
             return parseInt<int64_t>(v, c.offsetsRetentionCheckIntervalMs, 10, 86400000);
         }},
    };
    auto it = setters.find(key);
    if (it == setters.end()) return Status::error("unknown key");
    return it->second(*this, value);
}

Status NodeConfig::validate() const {
    auto fail = [&](const std::string& key, const std::string& problem) {
        auto it = origins.find(key);
        return Status::error((it != origins.end() ? it->second + ": " : std::string()) + "key '" + key + "': " + problem);
    };
    if (!clustered() && defaultReplicationFactor != 1)
        return fail("default.replication.factor", "replication factor " + std::to_string(defaultReplicationFactor) +
                                                      " needs a replicated cluster (seeds); this node runs alone, so only 1 is valid");
    if (raftHeartbeatIntervalMs >= raftElectionTimeoutMs)
        return fail("raft.heartbeat.interval.ms", std::to_string(raftHeartbeatIntervalMs) +
                                                      " must be below raft.election.timeout.ms (" +
                                                      std::to_string(raftElectionTimeoutMs) + ")");
    return Status::ok();
}

std::map<std::string, std::string> NodeConfig::asMap() const {
    return {
        {"node.id", std::to_string(nodeId)},
        {"data.dir", dataDir.string()},
        {"kafka.addr", kafkaAddr.str()},
        {"admin.addr", admin.str()},
        {"registry.addr", registry.str()},
        {"advertised.host", advertisedHost},
        {"log.level", logLevel},
        {"num.partitions", std::to_string(numPartitions)},
        {"default.replication.factor", std::to_string(defaultReplicationFactor)},
        {"rpc.addr", rpcAddr.str()},
        {"seeds", [&] {
             std::string out;
             for (const auto& s : seeds) out += (out.empty() ? "" : ",") + s;
             return out;
         }()},
        {"cluster.id", clusterId},
        {"raft.election.timeout.ms", std::to_string(raftElectionTimeoutMs)},
        {"raft.heartbeat.interval.ms", std::to_string(raftHeartbeatIntervalMs)},
        {"auto.create.topics.enable", autoCreateTopics ? "true" : "false"},
        {"socket.request.max.bytes", std::to_string(socketRequestMaxBytes)},
        {"message.max.bytes", std::to_string(messageMaxBytes)},
        {"log.retention.ms", std::to_string(logRetentionMs)},
        {"log.retention.bytes", std::to_string(logRetentionBytes)},
        {"log.retention.check.interval.ms", std::to_string(retentionCheckIntervalMs)},
        {"log.cleaner.backoff.ms", std::to_string(cleanerBackoffMs)},
        {"max.inflight.requests.per.connection", std::to_string(maxInflightPerConnection)},
        {"log.flush.mode", flushMode == FlushMode::Fsync ? "fsync" : "interval"},
        {"log.flush.interval.ms", std::to_string(flushIntervalMs)},
        {"storage.threads", std::to_string(storageThreads)},
        {"storage.write.buffer.bytes", std::to_string(writeBufferBytes)},
        {"storage.block.cache.bytes", std::to_string(blockCacheBytes)},
        {"offsets.topic.num.partitions", std::to_string(offsetsTopicPartitions)},
        {"group.min.session.timeout.ms", std::to_string(groupMinSessionTimeoutMs)},
        {"group.max.session.timeout.ms", std::to_string(groupMaxSessionTimeoutMs)},
        {"group.initial.rebalance.delay.ms", std::to_string(groupInitialRebalanceDelayMs)},
        {"group.max.size", std::to_string(groupMaxSize)},
        {"group.max.member.metadata.bytes", std::to_string(groupMaxMemberMetadataBytes)},
        {"offset.metadata.max.bytes", std::to_string(offsetMetadataMaxBytes)},
        {"offsets.retention.ms", std::to_string(offsetsRetentionMs)},
        {"offsets.retention.check.interval.ms", std::to_string(offsetsRetentionCheckIntervalMs)},
    };
}

Status loadConfigFile(const std::filesystem::path& file, NodeConfig& cfg) {
    std::ifstream in(file);
    if (!in) return Status::error(file.string() + ": cannot open config file");
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        auto hash = line.find('#');
        if (hash != std::string::npos) line.resize(hash);
        line = trim(line);
        if (line.empty()) continue;
        std::string where = file.string() + ":" + std::to_string(lineNo) + ": ";
        auto eq = line.find('=');
        if (eq == std::string::npos) return Status::error(where + "expected 'key = value', got '" + line + "'");
        std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
        if (key.empty()) return Status::error(where + "missing key before '='");
        if (Status s = cfg.set(key, value); !s) return Status::error(where + "key '" + key + "': " + s.message());
        cfg.origins[key] = file.string() + ":" + std::to_string(lineNo);
    }
    return Status::ok();
}

}  // namespace plexus::server

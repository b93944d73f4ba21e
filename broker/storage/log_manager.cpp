#include "broker/storage/log_manager.h"

#include "broker/storage/errors.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "broker/common/durable_file.h"

namespace plexus::storage {

using protocol::ErrorCode;

namespace {

std::string randomId() {
    static std::mt19937_64 rng{std::random_device{}()};
    static std::mutex m;
    std::lock_guard lock(m);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return buf;
}

}  // namespace

Status validateTopicName(const std::string& name) {
    if (name.empty()) return Status::error(Errc::InvalidTopicName, "topic name is empty");
    if (name.size() > 249) return Status::error(Errc::InvalidTopicName, "topic name is longer than 249 characters");
    if (name == "." || name == "..") return Status::error(Errc::InvalidTopicName, "topic name cannot be '.' or '..'");
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return Status::error(Errc::InvalidTopicName, "topic name '" + name + "' has characters other than ASCII letters, digits, '.', '_' and '-'");
    }
    return Status::ok();
}

LogManager::LogManager(Options options, StorageWorkers* workers, AppendListener listener)
    : m_options(std::move(options)), m_workers(workers), m_listener(std::move(listener)) {}

LogManager::~LogManager() {
    {
        std::unique_lock lock(m_mutex);
        m_topics.clear();
    }
    if (m_lockFd >= 0) ::close(m_lockFd);
}

Result<std::unique_ptr<LogManager>> LogManager::open(Options options, StorageWorkers* workers, AppendListener listener) {
    std::unique_ptr<LogManager> m(new LogManager(std::move(options), workers, std::move(listener)));
    if (Status s = m->load(); !s) return s;
    return m;
}

std::filesystem::path LogManager::topicDir(const TopicInfo& info) const {
    return m_options.dataDir / "topics" / (info.name + "-" + info.id);
}

Status LogManager::load() {
    const auto& dir = m_options.dataDir;
    std::error_code ec;
    std::filesystem::create_directories(dir / "topics", ec);
    if (ec) return Status::error("cannot create data directory " + dir.string() + ": " + ec.message());

    auto lockPath = dir / ".lock";
    m_lockFd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lockFd < 0)
        return Status::error("data directory " + dir.string() + " is not writable: " + std::strerror(errno));
    if (::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0)
        return Status::error("data directory " + dir.string() + " is in use by another plexusd (" + std::strerror(errno) + ")");
    if (Status s = writeFileDurably(dir / "write_check", "ok\n"); !s)
        return Status::error("data directory " + dir.string() + " is not writable: " + s.message());
    std::filesystem::remove(dir / "write_check", ec);

    auto metaPath = dir / "topics.json";
    if (std::filesystem::exists(metaPath)) {
        std::ifstream in(metaPath);
        nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("topics") || !j["topics"].is_object())
            return Status::error("corrupt topic metadata " + metaPath.string() + ": not the JSON Plexus writes");
        for (auto& [name, t] : j["topics"].items()) {
            Topic topic;
            topic.info.name = name;
            try {
                topic.info.id = t.at("id").get<std::string>();
                topic.info.partitionCount = t.at("partitions").get<int32_t>();
                TopicConfig::Overrides ov = t.at("configs").get<TopicConfig::Overrides>();
                topic.info.config = TopicConfig(ov, m_options.defaults);
                topic.info.replicated = t.value("replicated", false);
            } catch (const std::exception& e) {
                return Status::error("corrupt topic metadata " + metaPath.string() + " for topic '" + name + "': " + e.what());
            }
            m_topics.emplace(name, std::move(topic));
        }
    }
    // Remove directories of topics that no longer exist.
    std::set<std::string> live;
    for (auto& [n, t] : m_topics) live.insert(topicDir(t.info).filename().string());
    for (auto& entry : std::filesystem::directory_iterator(dir / "topics", ec)) {
        if (!live.count(entry.path().filename().string())) std::filesystem::remove_all(entry.path(), ec);
    }
    // Opening a partition replays its write-ahead log and scans its batches;
    // partitions are independent, so open them on a few threads at once.
    struct Job {
        Topic* topic;
        int32_t index;
        std::optional<Result<std::shared_ptr<PartitionLog>>> result;
    };
    std::vector<Job> jobs;
    for (auto& [n, t] : m_topics) {
        t.partitions.resize(static_cast<size_t>(t.info.partitionCount));
        for (int32_t p = 0; p < t.info.partitionCount; ++p) jobs.push_back(Job{&t, p, std::nullopt});
    }
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < jobs.size(); i = next++) jobs[i].result.emplace(openPartition(*jobs[i].topic, jobs[i].index));
    };
    size_t threads = std::min<size_t>(jobs.size(), std::max(2u, std::min(8u, std::thread::hardware_concurrency())));
    std::vector<std::thread> pool;
    for (size_t i = 1; i < threads; ++i) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    for (auto& j : jobs) {
        if (!j.result->isOk())
            return Status::error("topic '" + j.topic->info.name + "' partition " + std::to_string(j.index) + ": " +
                                 j.result->message());
        j.topic->partitions[static_cast<size_t>(j.index)] = j.result->value();
    }
    return Status::ok();
}

Result<std::shared_ptr<PartitionLog>> LogManager::openPartition(const Topic& t, int32_t index) {
    LogOptions options = m_options.log;
    options.replicated = t.info.replicated;
    auto log = PartitionLog::open(topicDir(t.info) / std::to_string(index), options, m_workers);
    if (!log) return log.status();
    if (m_listener) {
        auto listener = m_listener;
        std::string name = t.info.name;
        log.value()->setAppendListener([listener, name, index] { listener(name, index); });
    }
    return log;
}

Status LogManager::persistLocked() const {
    nlohmann::json topics = nlohmann::json::object();
    for (const auto& [n, t] : m_topics) {
        topics[n] = {{"id", t.info.id}, {"partitions", t.info.partitionCount}, {"configs", t.info.config.overrides()}};
        if (t.info.replicated) topics[n]["replicated"] = true;
    }
    nlohmann::json j = {{"version", 1}, {"topics", topics}};
    return writeFileDurably(m_options.dataDir / "topics.json", j.dump(2) + "\n");
}

Status LogManager::createTopic(const std::string& name, int32_t partitions, const TopicConfig::Overrides& overrides,
                                 bool validateOnly, const std::string& id, bool replicated) {
    if (Status s = validateTopicName(name); !s) return Status::error(Errc::InvalidTopicName, s.message());
    if (partitions < 1 || partitions > 100000)
        return Status::error(Errc::InvalidPartitions, "partition count " + std::to_string(partitions) + " must be between 1 and 100000");
    if (Status s = TopicConfig::validate(overrides); !s) return Status::error(Errc::InvalidConfig, s.message());
    std::unique_lock lock(m_mutex);
    if (m_topics.count(name)) return Status::error(Errc::TopicExists, "topic '" + name + "' already exists");
    if (validateOnly) return {};
    Topic t;
    t.info = TopicInfo{name, id.empty() ? randomId() : id, partitions, TopicConfig(overrides, m_options.defaults), replicated};
    for (int32_t p = 0; p < partitions; ++p) {
        auto log = openPartition(t, p);
        if (!log) {
            for (auto& made : t.partitions) made->markForDeletion();
            return Status::error(Errc::Io, log.message());
        }
        t.partitions.push_back(log.value());
    }
    m_topics.emplace(name, std::move(t));
    if (Status s = persistLocked(); !s) {
        for (auto& made : m_topics[name].partitions) made->markForDeletion();
        m_topics.erase(name);
        return Status::error(Errc::Io, s.message());
    }
    return {};
}

Status LogManager::deleteTopic(const std::string& name) {
    std::vector<std::shared_ptr<PartitionLog>> doomed;
    std::filesystem::path dir;
    {
        std::unique_lock lock(m_mutex);
        auto it = m_topics.find(name);
        if (it == m_topics.end()) return Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist");
        doomed = std::move(it->second.partitions);
        dir = topicDir(it->second.info);
        m_topics.erase(it);
        if (Status s = persistLocked(); !s) return Status::error(Errc::Io, s.message());
    }
    for (auto& p : doomed) p->markForDeletion();
    doomed.clear();  // last references normally go here; in-flight work keeps the rest alive briefly
    std::error_code ec;
    std::filesystem::remove(dir, ec);  // succeeds once the partitions are gone
    return {};
}

Status LogManager::createPartitions(const std::string& name, int32_t totalCount, bool validateOnly) {
    std::unique_lock lock(m_mutex);
    auto it = m_topics.find(name);
    if (it == m_topics.end()) return Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist");
    Topic& t = it->second;
    if (totalCount <= t.info.partitionCount)
        return Status::error(Errc::InvalidPartitions, "topic '" + name + "' has " + std::to_string(t.info.partitionCount) +
                                                  " partitions; the new count " + std::to_string(totalCount) + " must be larger");
    if (totalCount > 100000) return Status::error(Errc::InvalidPartitions, "partition count must not exceed 100000");
    if (validateOnly) return {};
    std::vector<std::shared_ptr<PartitionLog>> added;
    for (int32_t p = t.info.partitionCount; p < totalCount; ++p) {
        auto log = openPartition(t, p);
        if (!log) {
            for (auto& a : added) a->markForDeletion();
            return Status::error(Errc::Io, log.message());
        }
        added.push_back(log.value());
    }
    int32_t old = t.info.partitionCount;
    for (auto& a : added) t.partitions.push_back(a);
    t.info.partitionCount = totalCount;
    if (Status s = persistLocked(); !s) {
        t.partitions.resize(static_cast<size_t>(old));
        t.info.partitionCount = old;
        for (auto& a : added) a->markForDeletion();
        return Status::error(Errc::Io, s.message());
    }
    return {};
}

Status LogManager::alterConfigs(const std::string& name, const TopicConfig::Overrides& overrides, bool validateOnly) {
    if (Status s = TopicConfig::validate(overrides); !s) return Status::error(Errc::InvalidConfig, s.message());
    std::unique_lock lock(m_mutex);
    auto it = m_topics.find(name);
    if (it == m_topics.end()) return Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist");
    if (validateOnly) return {};
    TopicConfig old = it->second.info.config;
    it->second.info.config = TopicConfig(overrides, m_options.defaults);
    if (Status s = persistLocked(); !s) {
        it->second.info.config = old;
        return Status::error(Errc::Io, s.message());
    }
    return {};
}

std::shared_ptr<PartitionLog> LogManager::partition(const std::string& topic, int32_t partition) const {
    std::shared_lock lock(m_mutex);
    auto it = m_topics.find(topic);
    if (it == m_topics.end() || partition < 0 || partition >= static_cast<int32_t>(it->second.partitions.size())) return nullptr;
    return it->second.partitions[static_cast<size_t>(partition)];
}

std::optional<TopicInfo> LogManager::topic(const std::string& name) const {
    std::shared_lock lock(m_mutex);
    auto it = m_topics.find(name);
    if (it == m_topics.end()) return std::nullopt;
    return it->second.info;
}

std::vector<TopicInfo> LogManager::topics() const {
    std::shared_lock lock(m_mutex);
    std::vector<TopicInfo> out;
    out.reserve(m_topics.size());
    for (const auto& [n, t] : m_topics) out.push_back(t.info);
    return out;
}

std::vector<LogManager::StorageFailure> LogManager::storageFailures() const {
    std::shared_lock lock(m_mutex);
    std::vector<StorageFailure> out;
    for (const auto& [name, t] : m_topics)
        for (size_t i = 0; i < t.partitions.size(); ++i)
            if (auto why = t.partitions[i] ? t.partitions[i]->failure() : std::nullopt)
                out.push_back({name, static_cast<int32_t>(i), std::move(*why)});
    return out;
}

void LogManager::runRetention(int64_t nowMs) {
    std::vector<std::pair<TopicConfig, std::vector<std::shared_ptr<PartitionLog>>>> work;
    {
        std::shared_lock lock(m_mutex);
        for (const auto& [n, t] : m_topics) work.emplace_back(t.info.config, t.partitions);
    }
    for (auto& [cfg, parts] : work) {
        for (auto& p : parts) {
            p->purgeDeleted();  // DeleteRecords applies under every policy
            if (cfg.retentionDeletes()) p->applyRetention(nowMs, cfg.retentionMs(), cfg.retentionBytes());
        }
    }
}

std::vector<CompactionReport> LogManager::runCompaction(int64_t nowMs) {
    struct Work {
        std::string topic;
        TopicConfig config;
        std::vector<std::shared_ptr<PartitionLog>> partitions;
    };
    std::vector<Work> work;
    {
        std::shared_lock lock(m_mutex);
        for (const auto& [n, t] : m_topics)
            if (t.info.config.compact()) work.push_back(Work{n, t.info.config, t.partitions});
    }
    std::vector<CompactionReport> reports;
    for (const auto& w : work) {
        const int64_t deleteRetention = w.config.deleteRetentionMs(), lag = w.config.minCompactionLagMs();
        const double minRatio = w.config.minCleanableDirtyRatio();
        for (size_t i = 0; i < w.partitions.size(); ++i) {
            auto& p = w.partitions[i];
            CleanableState c = p->cleanableState(nowMs, deleteRetention, lag);
            bool dirty = c.dirtyBytes > 0 && c.dirtyRatio() >= minRatio;
            if (!dirty && !c.tombstonesDue) continue;
            CompactionStats stats = p->compact(nowMs, deleteRetention, lag, m_options.compactionMapBytes);
            if (stats.ran) reports.push_back(CompactionReport{w.topic, static_cast<int32_t>(i), std::move(stats)});
        }
    }
    return reports;
}

std::string CompactionReport::summary() const {
    std::string where = "compaction of " + topic + "-" + std::to_string(partition);
    if (!stats.error.empty()) return where + " failed: " + stats.error;
    return where + ": offsets " + std::to_string(stats.firstOffset) + ".." + std::to_string(stats.endOffset - 1) + ", " +
           std::to_string(stats.batchesScanned) + " batches scanned, " + std::to_string(stats.batchesRewritten) +
           " rewritten, " + std::to_string(stats.batchesRemoved) + " removed, " + std::to_string(stats.recordsRemoved) +
           " records removed, " + std::to_string(stats.bytesBefore) + " -> " + std::to_string(stats.bytesAfter) + " bytes" +
           (stats.mapFull ? " (key map full; the rest waits for the next pass)" : "");
}

void LogManager::syncAll() {
    std::vector<std::shared_ptr<PartitionLog>> all;
    {
        std::shared_lock lock(m_mutex);
        for (const auto& [n, t] : m_topics) all.insert(all.end(), t.partitions.begin(), t.partitions.end());
    }
    for (auto& p : all) p->sync();
}


}  // namespace plexus::storage

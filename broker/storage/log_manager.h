#pragma once
// LogManager: the node's topics and their partition logs.
//
// Topic metadata (name, id, partition count, config overrides) is kept in
// <data>/topics.json, rewritten atomically (temp file, fsync, rename) on every
// change. Each topic incarnation has its own directory
// <data>/topics/<name>-<id>/<partition>/, so a topic deleted and re-created
// under the same name never meets its old files; directories that no topic
// references (a crash during deletion) are removed at start-up. The data
// directory is locked with flock so two nodes cannot share it.
//
// Thread safety: all methods are safe from any thread. Topic map changes take
// an exclusive lock; lookups a shared one. PartitionLogs are shared_ptrs, so
// a partition removed while a fetch or flush still uses it stays valid until
// that work ends, and its directory is removed after.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"
#include "broker/storage/partition_log.h"
#include "broker/storage/topic_config.h"

namespace plexus::storage {

class StorageWorkers;

struct TopicInfo {
    std::string name;
    std::string id;
    int32_t partitionCount = 0;
    TopicConfig config;
    bool replicated = false;  ///< partitions are Raft logs (LogOptions::replicated)
};

/// One partition's compaction pass, for the node's log.
struct CompactionReport {
    std::string topic;
    int32_t partition = 0;
    CompactionStats stats;
    /// One line: range, batches rewritten and removed, records removed,
    /// bytes before and after (or the error).
    std::string summary() const;
};

/// Kafka's topic name rule: 1..249 of [a-zA-Z0-9._-], not "." or "..".
Status validateTopicName(const std::string& name);

class LogManager {
public:
    struct Options {
        std::filesystem::path dataDir;
        LogOptions log;
        TopicDefaults defaults;
        size_t compactionMapBytes = kDefaultCompactionMapBytes;  ///< key map bound of one pass
    };
    using AppendListener = std::function<void(const std::string& topic, int32_t partition)>;

    /// Opens the data directory: creates it, locks it, proves it writable and
    /// opens every partition. The error names the path and the cause.
    static Result<std::unique_ptr<LogManager>> open(Options options, StorageWorkers* workers, AppendListener listener);
    ~LogManager();

    /// `id` empty: a new random topic id. `replicated`: the partitions are
    /// opened as Raft logs (a cluster's topics).
    Status createTopic(const std::string& name, int32_t partitions, const TopicConfig::Overrides& overrides,
                         bool validateOnly, const std::string& id = "", bool replicated = false);
    Status deleteTopic(const std::string& name);
    Status createPartitions(const std::string& name, int32_t totalCount, bool validateOnly);
    /// Replaces the topic's overrides (AlterConfigs semantics).
    Status alterConfigs(const std::string& name, const TopicConfig::Overrides& overrides, bool validateOnly);

    /// The partition's log, or nullptr when the topic or partition does not exist.
    std::shared_ptr<PartitionLog> partition(const std::string& topic, int32_t partition) const;
    std::optional<TopicInfo> topic(const std::string& name) const;
    std::vector<TopicInfo> topics() const;

    /// A partition whose log turned read-only after a failed write.
    struct StorageFailure {
        std::string topic;
        int32_t partition = 0;
        std::string error;
    };
    /// Every such partition, by topic and partition.
    std::vector<StorageFailure> storageFailures() const;

    /// One retention pass over every partition (housekeeping thread). Time
    /// and size limits apply to topics whose cleanup.policy includes delete.
    void runRetention(int64_t nowMs);
    /// Compacts every partition of the topics whose cleanup.policy includes
    /// compact, where the bytes not yet compacted reach
    /// min.cleanable.dirty.ratio of the partition (and are more than none) or
    /// a kept tombstone has outlived delete.retention.ms (housekeeping
    /// thread). Returns one report per pass run.
    std::vector<CompactionReport> runCompaction(int64_t nowMs);
    /// Forces every partition's write-ahead log to disk (interval flush mode).
    void syncAll();

    const TopicDefaults& defaults() const { return m_options.defaults; }

private:
    struct Topic {
        TopicInfo info;
        std::vector<std::shared_ptr<PartitionLog>> partitions;
    };
    LogManager(Options options, StorageWorkers* workers, AppendListener listener);
    Status load();
    Status persistLocked() const;
    Result<std::shared_ptr<PartitionLog>> openPartition(const Topic& t, int32_t index);
    std::filesystem::path topicDir(const TopicInfo& info) const;

    Options m_options;
    StorageWorkers* m_workers;
    AppendListener m_listener;
    int m_lockFd = -1;
    mutable std::shared_mutex m_mutex;
    std::map<std::string, Topic> m_topics;  // guarded by m_mutex
};

}  // namespace plexus::storage

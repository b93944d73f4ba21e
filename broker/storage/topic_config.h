#pragma once
// Topic-level configuration: the Kafka keys Plexus accepts, their validation,
// and the effective value of each (topic override, else node default).
//
// Honoured: retention.ms, retention.bytes, max.message.bytes, cleanup.policy
// (delete, compact, or both as Kafka's list "compact,delete"), and for
// compaction delete.retention.ms, min.cleanable.dirty.ratio and
// min.compaction.lag.ms. Accepted for compatibility because they describe
// behaviour Plexus already has: compression.type=producer,
// message.timestamp.type=CreateTime, unclean.leader.election.enable=false,
// min.insync.replicas (single node: 1). Broker-side schema validation:
// confluent.{key,value}.schema.validation and
// confluent.{key,value}.subject.name.strategy (applied by the produce handler
// with broker/registry/record_validator.h). segment.bytes and segment.ms are
// stored and reported; Plexus keeps no segments, so they have no effect (see
// README).
//
// Thread safety: value types and pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/common/result.h"

namespace plexus::storage {

struct TopicDefaults {
    int64_t retentionMs = 7LL * 24 * 3600 * 1000;
    int64_t retentionBytes = -1;
    int32_t maxMessageBytes = 1048588;
};

struct ConfigEntry {
    std::string name;
    std::string value;
    bool isDefault = true;  ///< no topic override
    bool readOnly = false;
    int8_t type = 0;        ///< protocol::ConfigType
};

class TopicConfig {
public:
    using Overrides = std::map<std::string, std::string>;

    /// Validates a full set of overrides. Errors name the key.
    static Status validate(const Overrides& overrides);

    TopicConfig() = default;
    TopicConfig(Overrides overrides, TopicDefaults defaults) : m_overrides(std::move(overrides)), m_defaults(defaults) {}

    int64_t retentionMs() const;
    int64_t retentionBytes() const;
    int32_t maxMessageBytes() const;
    /// cleanup.policy includes compact: keep the latest record per key.
    bool compact() const;
    /// cleanup.policy includes delete: retention.ms / retention.bytes apply.
    bool retentionDeletes() const;
    /// How long a tombstone (null value) outlives the records it deletes.
    int64_t deleteRetentionMs() const;
    /// Compaction runs once the bytes appended since the last pass reach
    /// this share of the partition (0..1).
    double minCleanableDirtyRatio() const;
    /// Records younger than this are never compacted.
    int64_t minCompactionLagMs() const;
    /// confluent.key.schema.validation / confluent.value.schema.validation.
    bool schemaValidation(bool key) const;
    /// confluent.{key,value}.subject.name.strategy as configured.
    std::string subjectNameStrategy(bool key) const;
    const Overrides& overrides() const { return m_overrides; }

    /// Every known key with its effective value, sorted by name.
    std::vector<ConfigEntry> describe() const;

private:
    std::optional<std::string> get(const std::string& key) const;
    std::string effective(const std::string& key) const;  ///< override, else default
    Overrides m_overrides;
    TopicDefaults m_defaults;
};

}  // namespace plexus::storage

#pragma once
// Topic-level configuration: the Kafka keys Plexus accepts, their validation,
// and the effective value of each (topic override, else node default).
//
// Honoured: retention.ms, retention.bytes, max.message.bytes, cleanup.policy
// (delete). Accepted for compatibility because they describe behaviour Plexus
// already has: compression.type=producer, message.timestamp.type=CreateTime,
// unclean.leader.election.enable=false, min.insync.replicas (single node: 1).
// segment.bytes, segment.ms and delete.retention.ms are stored and reported;
// Plexus keeps no segments, so the first two have no effect (see README).
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
    const Overrides& overrides() const { return m_overrides; }

    /// Every known key with its effective value, sorted by name.
    std::vector<ConfigEntry> describe() const;

private:
    std::optional<std::string> get(const std::string& key) const;
    Overrides m_overrides;
    TopicDefaults m_defaults;
};

}  // namespace plexus::storage

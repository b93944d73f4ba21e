#pragma once
// Reading the "consumer" embedded protocol (ConsumerProtocolSubscription and
// ConsumerProtocolAssignment), which Kafka clients put in JoinGroup metadata
// and SyncGroup assignments. The coordinator never needs it to run a group
// (the leader assigns); it reads it to show assignments in the admin API and
// to refuse OffsetDelete for topics a live group is subscribed to.
//
// Subscription: version INT16, topics ARRAY[STRING], user_data NULLABLE_BYTES,
//   (v1+) owned_partitions ARRAY[topic STRING, partitions ARRAY[INT32]], ...
// Assignment:   version INT16, assigned_partitions ARRAY[topic STRING,
//   partitions ARRAY[INT32]], user_data NULLABLE_BYTES
// Later versions only append fields, so a reader stops after what it needs.
//
// Thread safety: pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace plexus::groups {

inline constexpr const char* kConsumerProtocolType = "consumer";

/// Topics named in a subscription; nullopt when the bytes do not parse.
std::optional<std::vector<std::string>> parseSubscriptionTopics(const std::string& metadata);

/// topic -> partitions of an assignment; nullopt when the bytes do not parse.
std::optional<std::map<std::string, std::vector<int32_t>>> parseAssignment(const std::string& assignment);

}  // namespace plexus::groups

#pragma once
// The records of __consumer_offsets, in Apache Kafka's own binary format, so
// that any tool reading the topic directly (lag exporters, Burrow-style
// checkers, kafka-console-consumer with the offsets formatter) works
// unchanged.
//
// Keys (int16 version first, then the fields, non-flexible encoding):
//   version 0 or 1  offset commit   group STRING, topic STRING, partition INT32
//   version 2       group metadata  group STRING
// Values (int16 version first):
//   OffsetCommitValue  v0: offset INT64, metadata STRING, commit_timestamp INT64
//                      v1: v0 + expire_timestamp INT64 (after commit_timestamp)
//                      v2: offset, metadata, commit_timestamp
//                      v3: offset, leader_epoch INT32, metadata, commit_timestamp
//   GroupMetadataValue protocol_type STRING, generation INT32,
//                      protocol NULLABLE_STRING, leader NULLABLE_STRING,
//                      current_state_timestamp INT64 (v2+), members ARRAY of
//                      member_id STRING, group_instance_id NULLABLE_STRING (v3+),
//                      client_id STRING, client_host STRING,
//                      rebalance_timeout INT32 (v1+), session_timeout INT32,
//                      subscription BYTES, assignment BYTES
// Plexus writes key v1/v2, OffsetCommitValue v3 and GroupMetadataValue v3, as
// Kafka 2.3 and later do; it reads every version above. A null value is a
// tombstone (the offset or the group was deleted).
//
// Thread safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "broker/protocol/wire.h"
#include "broker/services/internal_topics.h"

namespace plexus::groups {

using services::kOffsetsTopic;

struct OffsetKey {
    std::string group;
    std::string topic;
    int32_t partition = 0;
};

struct GroupKey {
    std::string group;
};

struct OffsetValue {
    int64_t offset = -1;
    int32_t leaderEpoch = -1;
    std::string metadata;
    int64_t commitTimestamp = -1;
    int64_t expireTimestamp = -1;  ///< only in value v1
};

struct MemberValue {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    int32_t rebalanceTimeoutMs = 0;
    int32_t sessionTimeoutMs = 0;
    std::string subscription;
    std::string assignment;
};

struct GroupValue {
    std::string protocolType;
    int32_t generation = 0;
    std::optional<std::string> protocol;
    std::optional<std::string> leader;
    int64_t currentStateTimestamp = -1;
    std::vector<MemberValue> members;
};

std::string encodeOffsetKey(const OffsetKey& k);
std::string encodeGroupKey(const GroupKey& k);
std::string encodeOffsetValue(const OffsetValue& v);
std::string encodeGroupValue(const GroupValue& v);

/// A key of a version this code does not know: such records are skipped, as
/// Kafka skips them.
struct UnknownKey {
    int16_t version = -1;
};
using AnyKey = std::variant<OffsetKey, GroupKey, UnknownKey>;

/// Decodes a key; nullopt when the bytes are malformed.
std::optional<AnyKey> decodeKey(protocol::BytesView key);
std::optional<OffsetValue> decodeOffsetValue(protocol::BytesView value);
std::optional<GroupValue> decodeGroupValue(protocol::BytesView value);

/// The __consumer_offsets partition that holds a group: Kafka's
/// abs(groupId.hashCode()) % partitions, with Java's String.hashCode over
/// the UTF-16 form of the id and Kafka's abs (which maps INT_MIN to 0).
int32_t offsetsPartitionFor(const std::string& groupId, int32_t partitions);

}  // namespace plexus::groups

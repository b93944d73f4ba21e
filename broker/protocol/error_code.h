#pragma once
// The Kafka wire error codes Plexus returns. This is the only place they are
// defined; handlers map internal failures onto these values.
#include <cstdint>
#include <string_view>

namespace plexus::protocol {

enum class ErrorCode : int16_t {
    UnknownServerError = -1,          ///< unexpected failure; the details are in the node log
    None = 0,                         ///< success
    OffsetOutOfRange = 1,             ///< fetch offset below the log start or above the log end
    CorruptMessage = 2,               ///< CRC mismatch or a malformed record batch
    UnknownTopicOrPartition = 3,      ///< topic or partition does not exist
    LeaderNotAvailable = 5,           ///< topic is being created
    NotLeaderOrFollower = 6,          ///< this node does not lead the partition
    RequestTimedOut = 7,              ///< the request did not complete within its timeout
    MessageTooLarge = 10,             ///< batch larger than max.message.bytes
    InvalidTopicException = 17,       ///< illegal topic name (or an internal topic)
    RecordListTooLarge = 18,          ///< produce payload larger than the request allows
    InvalidRequiredAcks = 21,         ///< acks other than 0, 1 or -1
    InvalidTimestamp = 32,            ///< timestamp outside the allowed range
    UnsupportedVersion = 35,          ///< API version outside the advertised range
    TopicAlreadyExists = 36,          ///< CreateTopics for an existing topic
    InvalidPartitions = 37,           ///< partition count invalid or not increasing
    InvalidReplicationFactor = 38,    ///< replication factor this node cannot honour
    InvalidReplicaAssignment = 39,    ///< manual assignment names unknown nodes
    InvalidConfig = 40,               ///< unknown config key or bad value
    InvalidRequest = 42,              ///< request well formed on the wire but not acceptable
    UnsupportedForMessageFormat = 43, ///< record batch magic other than 2
    PolicyViolation = 44,             ///< request violates a node policy
    OutOfOrderSequenceNumber = 45,    ///< idempotent producer sequence gap
    InvalidProducerEpoch = 47,        ///< producer epoch older than the current one
    KafkaStorageError = 56,           ///< the partition's storage failed
    UnknownProducerId = 59,           ///< producer id not known to the partition
    InvalidRecord = 87,               ///< a record failed validation
};

inline int16_t wire(ErrorCode e) { return static_cast<int16_t>(e); }

/// Kafka's upper-case name for an error code, for logs and messages.
std::string_view errorName(ErrorCode e);

}  // namespace plexus::protocol

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
    OffsetMetadataTooLarge = 12,      ///< committed offset metadata longer than the broker allows
    CoordinatorLoadInProgress = 14,   ///< the group coordinator is still loading the group's state
    CoordinatorNotAvailable = 15,     ///< no group coordinator is available (e.g. offsets topic missing)
    NotCoordinator = 16,              ///< this node is not the coordinator for the group
    InvalidTopicException = 17,       ///< illegal topic name (or an internal topic)
    RecordListTooLarge = 18,          ///< produce payload larger than the request allows
    InvalidRequiredAcks = 21,         ///< acks other than 0, 1 or -1
    IllegalGeneration = 22,           ///< generation id does not match the group's current generation
    InconsistentGroupProtocol = 23,   ///< protocol type/names incompatible with the group, or empty
    InvalidGroupId = 24,              ///< empty or otherwise invalid group id
    UnknownMemberId = 25,             ///< the coordinator does not know this member id
    InvalidSessionTimeout = 26,       ///< session timeout outside group.min/max.session.timeout.ms
    RebalanceInProgress = 27,         ///< the group is rebalancing; the member must rejoin
    InvalidCommitOffsetSize = 28,     ///< offset commit data of an invalid size
    TopicAuthorizationFailed = 29,    ///< the principal may not perform the operation on the topic
    GroupAuthorizationFailed = 30,    ///< the client may not access the group
    ClusterAuthorizationFailed = 31,  ///< the principal may not perform the operation on the cluster
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
    FencedLeaderEpoch = 74,           ///< the client's leader epoch is older than the leader's
    UnknownLeaderEpoch = 75,          ///< the client's leader epoch is newer than the leader's
    NonEmptyGroup = 68,               ///< the group still has members (DeleteGroups)
    GroupIdNotFound = 69,             ///< the group does not exist
    MemberIdRequired = 79,            ///< first JoinGroup (v4+): rejoin with the member id returned
    GroupMaxSizeReached = 81,         ///< the group already has group.max.size members
    FencedInstanceId = 82,            ///< another member registered this group.instance.id
    GroupSubscribedToTopic = 86,      ///< OffsetDelete for a topic the group is subscribed to
    InvalidRecord = 87,               ///< a record failed validation
    UnstableOffsetCommit = 88,        ///< the partition has a pending transactional offset commit
};

inline int16_t wire(ErrorCode e) { return static_cast<int16_t>(e); }

/// Kafka's upper-case name for an error code, for logs and messages.
std::string_view errorName(ErrorCode e);

}  // namespace plexus::protocol

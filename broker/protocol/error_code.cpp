#include "broker/protocol/error_code.h"
#include "broker/protocol/api_keys.h"

namespace plexus::protocol {

std::string_view errorName(ErrorCode e) {
    switch (e) {
    case ErrorCode::UnknownServerError: return "UNKNOWN_SERVER_ERROR";
    case ErrorCode::None: return "NONE";
    case ErrorCode::OffsetOutOfRange: return "OFFSET_OUT_OF_RANGE";
    case ErrorCode::CorruptMessage: return "CORRUPT_MESSAGE";
    case ErrorCode::UnknownTopicOrPartition: return "UNKNOWN_TOPIC_OR_PARTITION";
    case ErrorCode::LeaderNotAvailable: return "LEADER_NOT_AVAILABLE";
    case ErrorCode::NotLeaderOrFollower: return "NOT_LEADER_OR_FOLLOWER";
    case ErrorCode::RequestTimedOut: return "REQUEST_TIMED_OUT";
    case ErrorCode::MessageTooLarge: return "MESSAGE_TOO_LARGE";
    case ErrorCode::OffsetMetadataTooLarge: return "OFFSET_METADATA_TOO_LARGE";
    case ErrorCode::CoordinatorLoadInProgress: return "COORDINATOR_LOAD_IN_PROGRESS";
    case ErrorCode::CoordinatorNotAvailable: return "COORDINATOR_NOT_AVAILABLE";
    case ErrorCode::NotCoordinator: return "NOT_COORDINATOR";
    case ErrorCode::InvalidTopicException: return "INVALID_TOPIC_EXCEPTION";
    case ErrorCode::RecordListTooLarge: return "RECORD_LIST_TOO_LARGE";
    case ErrorCode::InvalidRequiredAcks: return "INVALID_REQUIRED_ACKS";
    case ErrorCode::IllegalGeneration: return "ILLEGAL_GENERATION";
    case ErrorCode::InconsistentGroupProtocol: return "INCONSISTENT_GROUP_PROTOCOL";
    case ErrorCode::InvalidGroupId: return "INVALID_GROUP_ID";
    case ErrorCode::UnknownMemberId: return "UNKNOWN_MEMBER_ID";
    case ErrorCode::InvalidSessionTimeout: return "INVALID_SESSION_TIMEOUT";
    case ErrorCode::RebalanceInProgress: return "REBALANCE_IN_PROGRESS";
    case ErrorCode::InvalidCommitOffsetSize: return "INVALID_COMMIT_OFFSET_SIZE";
    case ErrorCode::TopicAuthorizationFailed: return "TOPIC_AUTHORIZATION_FAILED";
    case ErrorCode::GroupAuthorizationFailed: return "GROUP_AUTHORIZATION_FAILED";
    case ErrorCode::ClusterAuthorizationFailed: return "CLUSTER_AUTHORIZATION_FAILED";
    case ErrorCode::InvalidTimestamp: return "INVALID_TIMESTAMP";
    case ErrorCode::UnsupportedVersion: return "UNSUPPORTED_VERSION";
    case ErrorCode::TopicAlreadyExists: return "TOPIC_ALREADY_EXISTS";
    case ErrorCode::InvalidPartitions: return "INVALID_PARTITIONS";
    case ErrorCode::InvalidReplicationFactor: return "INVALID_REPLICATION_FACTOR";
    case ErrorCode::InvalidReplicaAssignment: return "INVALID_REPLICA_ASSIGNMENT";
    case ErrorCode::InvalidConfig: return "INVALID_CONFIG";
    case ErrorCode::InvalidRequest: return "INVALID_REQUEST";
    case ErrorCode::UnsupportedForMessageFormat: return "UNSUPPORTED_FOR_MESSAGE_FORMAT";
    case ErrorCode::PolicyViolation: return "POLICY_VIOLATION";
    case ErrorCode::OutOfOrderSequenceNumber: return "OUT_OF_ORDER_SEQUENCE_NUMBER";
    case ErrorCode::InvalidProducerEpoch: return "INVALID_PRODUCER_EPOCH";
    case ErrorCode::KafkaStorageError: return "KAFKA_STORAGE_ERROR";
    case ErrorCode::UnknownProducerId: return "UNKNOWN_PRODUCER_ID";
    case ErrorCode::NonEmptyGroup: return "NON_EMPTY_GROUP";
    case ErrorCode::GroupIdNotFound: return "GROUP_ID_NOT_FOUND";
    case ErrorCode::MemberIdRequired: return "MEMBER_ID_REQUIRED";
    case ErrorCode::FencedLeaderEpoch: return "FENCED_LEADER_EPOCH";
    case ErrorCode::UnknownLeaderEpoch: return "UNKNOWN_LEADER_EPOCH";
    case ErrorCode::GroupMaxSizeReached: return "GROUP_MAX_SIZE_REACHED";
    case ErrorCode::FencedInstanceId: return "FENCED_INSTANCE_ID";
    case ErrorCode::GroupSubscribedToTopic: return "GROUP_SUBSCRIBED_TO_TOPIC";
    case ErrorCode::InvalidRecord: return "INVALID_RECORD";
    case ErrorCode::UnstableOffsetCommit: return "UNSTABLE_OFFSET_COMMIT";
    }
    return "UNKNOWN_ERROR_CODE";
}

int16_t flexibleFromVersion(int16_t apiKey) {
    switch (static_cast<ApiKey>(apiKey)) {
    case ApiKey::Produce: return 9;
    case ApiKey::Fetch: return 12;
    case ApiKey::ListOffsets: return 6;
    case ApiKey::Metadata: return 9;
    case ApiKey::OffsetCommit: return 8;
    case ApiKey::OffsetFetch: return 6;
    case ApiKey::FindCoordinator: return 3;
    case ApiKey::JoinGroup: return 6;
    case ApiKey::Heartbeat: return 4;
    case ApiKey::LeaveGroup: return 4;
    case ApiKey::SyncGroup: return 4;
    case ApiKey::DescribeGroups: return 5;
    case ApiKey::ListGroups: return 3;
    case ApiKey::SaslHandshake: return 32767;
    case ApiKey::ApiVersions: return 3;
    case ApiKey::CreateTopics: return 5;
    case ApiKey::DeleteTopics: return 4;
    case ApiKey::DeleteRecords: return 2;
    case ApiKey::InitProducerId: return 2;
    case ApiKey::OffsetForLeaderEpoch: return 4;
    case ApiKey::DescribeConfigs: return 4;
    case ApiKey::AlterConfigs: return 2;
    case ApiKey::CreatePartitions: return 2;
    case ApiKey::DeleteGroups: return 2;
    case ApiKey::OffsetDelete: return 32767;  // "flexibleVersions": "none"
    }
    return -1;
}

std::string_view apiName(int16_t apiKey) {
    switch (static_cast<ApiKey>(apiKey)) {
    case ApiKey::Produce: return "Produce";
    case ApiKey::Fetch: return "Fetch";
    case ApiKey::ListOffsets: return "ListOffsets";
    case ApiKey::Metadata: return "Metadata";
    case ApiKey::OffsetCommit: return "OffsetCommit";
    case ApiKey::OffsetFetch: return "OffsetFetch";
    case ApiKey::FindCoordinator: return "FindCoordinator";
    case ApiKey::JoinGroup: return "JoinGroup";
    case ApiKey::Heartbeat: return "Heartbeat";
    case ApiKey::LeaveGroup: return "LeaveGroup";
    case ApiKey::SyncGroup: return "SyncGroup";
    case ApiKey::DescribeGroups: return "DescribeGroups";
    case ApiKey::ListGroups: return "ListGroups";
    case ApiKey::SaslHandshake: return "SaslHandshake";
    case ApiKey::ApiVersions: return "ApiVersions";
    case ApiKey::CreateTopics: return "CreateTopics";
    case ApiKey::DeleteTopics: return "DeleteTopics";
    case ApiKey::DeleteRecords: return "DeleteRecords";
    case ApiKey::InitProducerId: return "InitProducerId";
    case ApiKey::OffsetForLeaderEpoch: return "OffsetForLeaderEpoch";
    case ApiKey::DescribeConfigs: return "DescribeConfigs";
    case ApiKey::AlterConfigs: return "AlterConfigs";
    case ApiKey::CreatePartitions: return "CreatePartitions";
    case ApiKey::DeleteGroups: return "DeleteGroups";
    case ApiKey::OffsetDelete: return "OffsetDelete";
    }
    return "Unknown";
}

}  // namespace plexus::protocol

#include "broker/handlers/errors.h"

#include "broker/replication/errors.h"
#include "broker/services/errors.h"
#include "broker/storage/errors.h"

namespace plexus::handlers {

using protocol::ErrorCode;

ErrorCode kafkaError(std::error_code code, ErrorCode fallback) {
    if (code.category() == replication::category()) {
        using replication::Errc;
        switch (static_cast<Errc>(code.value())) {
        case Errc::NoControllerLeader:
        case Errc::NotControllerLeader:
        case Errc::ProposalRefused:
        case Errc::TimedOut:
        case Errc::Unreachable:
        case Errc::ShuttingDown: return ErrorCode::RequestTimedOut;
        case Errc::MalformedRequest: return ErrorCode::InvalidRequest;
        case Errc::TopicExists: return ErrorCode::TopicAlreadyExists;
        case Errc::UnknownTopic:
        case Errc::UnknownPartition: return ErrorCode::UnknownTopicOrPartition;
        case Errc::InvalidReplicationFactor:
        case Errc::NodesRegistering: return ErrorCode::InvalidReplicationFactor;
        case Errc::InvalidReplicaAssignment:
        case Errc::UnknownNode: return ErrorCode::InvalidReplicaAssignment;
        case Errc::InvalidPartitions: return ErrorCode::InvalidPartitions;
        case Errc::NotLeader: return ErrorCode::NotLeaderOrFollower;
        }
    }
    if (code.category() == storage::category()) {
        using storage::Errc;
        switch (static_cast<Errc>(code.value())) {
        case Errc::InvalidTopicName: return ErrorCode::InvalidTopicException;
        case Errc::InvalidConfig: return ErrorCode::InvalidConfig;
        case Errc::TopicExists: return ErrorCode::TopicAlreadyExists;
        case Errc::UnknownTopic: return ErrorCode::UnknownTopicOrPartition;
        case Errc::InvalidPartitions: return ErrorCode::InvalidPartitions;
        case Errc::Io: return ErrorCode::KafkaStorageError;
        }
    }
    if (code.category() == services::category()) {
        using services::Errc;
        switch (static_cast<Errc>(code.value())) {
        case Errc::InternalTopic: return ErrorCode::InvalidTopicException;
        case Errc::InternalTopicPartitions: return ErrorCode::InvalidPartitions;
        case Errc::InvalidReplicationFactor: return ErrorCode::InvalidReplicationFactor;
        case Errc::InvalidReplicaAssignment: return ErrorCode::InvalidReplicaAssignment;
        case Errc::InvalidRequest: return ErrorCode::InvalidRequest;
        }
    }
    return fallback;
}

}  // namespace plexus::handlers

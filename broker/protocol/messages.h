#pragma once
// Kafka request and response messages served by plexusd, written from the
// official message definitions (apache/kafka clients/.../common/message).
// Each struct lists its fields once; see codec.h for how the list is used.
// Field names follow the definitions, in camelCase.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/codec.h"

namespace plexus::protocol {

// ---------------------------------------------------------------- headers

/// Request header v1 (v2 in flexible versions adds a tagged-field section).
struct RequestHeader {
    int16_t apiKey = 0;
    int16_t apiVersion = 0;
    int32_t correlationId = 0;
    std::optional<std::string> clientId;
};

// ---------------------------------------------------------------- ApiVersions (18)

struct ApiVersionsRequest {
    std::string clientSoftwareName;
    std::string clientSoftwareVersion;
    template <class V> void fields(V& v) {
        v(clientSoftwareName, 3);
        v(clientSoftwareVersion, 3);
    }
};

struct ApiVersionsResponse {
    struct ApiVersion {
        int16_t apiKey = 0;
        int16_t minVersion = 0;
        int16_t maxVersion = 0;
        template <class V> void fields(V& v) { v(apiKey, 0); v(minVersion, 0); v(maxVersion, 0); }
    };
    int16_t errorCode = 0;
    std::vector<ApiVersion> apiKeys;
    int32_t throttleTimeMs = 0;
    template <class V> void fields(V& v) {
        v(errorCode, 0);
        v(apiKeys, 0);
        v(throttleTimeMs, 1);
    }
};

// ---------------------------------------------------------------- Metadata (3)

struct MetadataRequest {
    struct Topic {
        std::string name;
        template <class V> void fields(V& v) { v(name, 0); }
    };
    std::optional<std::vector<Topic>> topics;  ///< null (v1+) means all topics
    bool allowAutoTopicCreation = true;
    bool includeClusterAuthorizedOperations = false;
    bool includeTopicAuthorizedOperations = false;
    template <class V> void fields(V& v) {
        v(topics, 0);
        v(allowAutoTopicCreation, 4);
        v(includeClusterAuthorizedOperations, 8, 10);
        v(includeTopicAuthorizedOperations, 8);
    }
};

struct MetadataResponse {
    struct Broker {
        int32_t nodeId = 0;
        std::string host;
        int32_t port = 0;
        std::optional<std::string> rack;
        template <class V> void fields(V& v) { v(nodeId, 0); v(host, 0); v(port, 0); v(rack, 1); }
    };
    struct Partition {
        int16_t errorCode = 0;
        int32_t partitionIndex = 0;
        int32_t leaderId = -1;
        int32_t leaderEpoch = -1;
        std::vector<int32_t> replicaNodes;
        std::vector<int32_t> isrNodes;
        std::vector<int32_t> offlineReplicas;
        template <class V> void fields(V& v) {
            v(errorCode, 0); v(partitionIndex, 0); v(leaderId, 0); v(leaderEpoch, 7);
            v(replicaNodes, 0); v(isrNodes, 0); v(offlineReplicas, 5);
        }
    };
    struct Topic {
        int16_t errorCode = 0;
        std::string name;
        bool isInternal = false;
        std::vector<Partition> partitions;
        int32_t topicAuthorizedOperations = INT32_MIN;
        template <class V> void fields(V& v) {
            v(errorCode, 0); v(name, 0); v(isInternal, 1); v(partitions, 0); v(topicAuthorizedOperations, 8);
        }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Broker> brokers;
    std::optional<std::string> clusterId;
    int32_t controllerId = -1;
    std::vector<Topic> topics;
    int32_t clusterAuthorizedOperations = INT32_MIN;
    template <class V> void fields(V& v) {
        v(throttleTimeMs, 3); v(brokers, 0); v(clusterId, 2); v(controllerId, 1); v(topics, 0);
        v(clusterAuthorizedOperations, 8, 10);
    }
};

// ---------------------------------------------------------------- Produce (0)

struct ProduceRequest {
    struct PartitionData {
        int32_t index = 0;
        std::optional<BytesView> records;
        template <class V> void fields(V& v) { v(index, 0); v(records, 0); }
    };
    struct TopicData {
        std::string name;
        std::vector<PartitionData> partitionData;
        template <class V> void fields(V& v) { v(name, 0); v(partitionData, 0); }
    };
    std::optional<std::string> transactionalId;
    int16_t acks = 0;
    int32_t timeoutMs = 0;
    std::vector<TopicData> topicData;
    template <class V> void fields(V& v) { v(transactionalId, 3); v(acks, 0); v(timeoutMs, 0); v(topicData, 0); }
};

struct ProduceResponse {
    struct RecordError {
        int32_t batchIndex = 0;
        std::optional<std::string> batchIndexErrorMessage;
        template <class V> void fields(V& v) { v(batchIndex, 8); v(batchIndexErrorMessage, 8); }
    };
    struct PartitionResponse {
        int32_t index = 0;
        int16_t errorCode = 0;
        int64_t baseOffset = -1;
        int64_t logAppendTimeMs = -1;
        int64_t logStartOffset = -1;
        std::vector<RecordError> recordErrors;
        std::optional<std::string> errorMessage;
        template <class V> void fields(V& v) {
            v(index, 0); v(errorCode, 0); v(baseOffset, 0); v(logAppendTimeMs, 2); v(logStartOffset, 5);
            v(recordErrors, 8); v(errorMessage, 8);
        }
    };
    struct TopicResponse {
        std::string name;
        std::vector<PartitionResponse> partitionResponses;
        template <class V> void fields(V& v) { v(name, 0); v(partitionResponses, 0); }
    };
    std::vector<TopicResponse> responses;
    int32_t throttleTimeMs = 0;
    template <class V> void fields(V& v) { v(responses, 0); v(throttleTimeMs, 1); }
};

// ---------------------------------------------------------------- Fetch (1)

struct FetchRequest {
    struct FetchPartition {
        int32_t partition = 0;
        int32_t currentLeaderEpoch = -1;
        int64_t fetchOffset = 0;
        int64_t logStartOffset = -1;
        int32_t partitionMaxBytes = 0;
        template <class V> void fields(V& v) {
            v(partition, 0); v(currentLeaderEpoch, 9); v(fetchOffset, 0); v(logStartOffset, 5); v(partitionMaxBytes, 0);
        }
    };
    struct FetchTopic {
        std::string topic;
        std::vector<FetchPartition> partitions;
        template <class V> void fields(V& v) { v(topic, 0); v(partitions, 0); }
    };
    struct ForgottenTopic {
        std::string topic;
        std::vector<int32_t> partitions;
        template <class V> void fields(V& v) { v(topic, 7); v(partitions, 7); }
    };
    int32_t replicaId = -1;
    int32_t maxWaitMs = 0;
    int32_t minBytes = 0;
    int32_t maxBytes = 0x7fffffff;
    int8_t isolationLevel = 0;
    int32_t sessionId = 0;
    int32_t sessionEpoch = -1;
    std::vector<FetchTopic> topics;
    std::vector<ForgottenTopic> forgottenTopicsData;
    std::string rackId;
    template <class V> void fields(V& v) {
        v(replicaId, 0); v(maxWaitMs, 0); v(minBytes, 0); v(maxBytes, 3); v(isolationLevel, 4);
        v(sessionId, 7); v(sessionEpoch, 7); v(topics, 0); v(forgottenTopicsData, 7); v(rackId, 11);
    }
};

struct FetchResponse {
    struct AbortedTransaction {
        int64_t producerId = 0;
        int64_t firstOffset = 0;
        template <class V> void fields(V& v) { v(producerId, 4); v(firstOffset, 4); }
    };
    struct PartitionData {
        int32_t partitionIndex = 0;
        int16_t errorCode = 0;
        int64_t highWatermark = -1;
        int64_t lastStableOffset = -1;
        int64_t logStartOffset = -1;
        std::optional<std::vector<AbortedTransaction>> abortedTransactions;
        int32_t preferredReadReplica = -1;
        std::optional<Bytes> records;
        template <class V> void fields(V& v) {
            v(partitionIndex, 0); v(errorCode, 0); v(highWatermark, 0); v(lastStableOffset, 4);
            v(logStartOffset, 5); v(abortedTransactions, 4); v(preferredReadReplica, 11); v(records, 0);
        }
    };
    struct FetchableTopic {
        std::string topic;
        std::vector<PartitionData> partitions;
        template <class V> void fields(V& v) { v(topic, 0); v(partitions, 0); }
    };
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    int32_t sessionId = 0;
    std::vector<FetchableTopic> responses;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(errorCode, 7); v(sessionId, 7); v(responses, 0); }
};

// ---------------------------------------------------------------- ListOffsets (2)

struct ListOffsetsRequest {
    struct Partition {
        int32_t partitionIndex = 0;
        int32_t currentLeaderEpoch = -1;
        int64_t timestamp = 0;
        int32_t maxNumOffsets = 1;
        template <class V> void fields(V& v) {
            v(partitionIndex, 0); v(currentLeaderEpoch, 4); v(timestamp, 0); v(maxNumOffsets, 0, 0);
        }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    int32_t replicaId = -1;
    int8_t isolationLevel = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(replicaId, 0); v(isolationLevel, 2); v(topics, 0); }
};

struct ListOffsetsResponse {
    struct Partition {
        int32_t partitionIndex = 0;
        int16_t errorCode = 0;
        std::vector<int64_t> oldStyleOffsets;
        int64_t timestamp = -1;
        int64_t offset = -1;
        int32_t leaderEpoch = -1;
        template <class V> void fields(V& v) {
            v(partitionIndex, 0); v(errorCode, 0); v(oldStyleOffsets, 0, 0); v(timestamp, 1); v(offset, 1);
            v(leaderEpoch, 4);
        }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(throttleTimeMs, 2); v(topics, 0); }
};

// ---------------------------------------------------------------- CreateTopics (19)

struct CreateTopicsRequest {
    struct Assignment {
        int32_t partitionIndex = 0;
        std::vector<int32_t> brokerIds;
        template <class V> void fields(V& v) { v(partitionIndex, 0); v(brokerIds, 0); }
    };
    struct Config {
        std::string name;
        std::optional<std::string> value;
        template <class V> void fields(V& v) { v(name, 0); v(value, 0); }
    };
    struct Topic {
        std::string name;
        int32_t numPartitions = -1;
        int16_t replicationFactor = -1;
        std::vector<Assignment> assignments;
        std::vector<Config> configs;
        template <class V> void fields(V& v) {
            v(name, 0); v(numPartitions, 0); v(replicationFactor, 0); v(assignments, 0); v(configs, 0);
        }
    };
    std::vector<Topic> topics;
    int32_t timeoutMs = 0;
    bool validateOnly = false;
    template <class V> void fields(V& v) { v(topics, 0); v(timeoutMs, 0); v(validateOnly, 1); }
};

struct CreateTopicsResponse {
    struct Result {
        std::string name;
        int16_t errorCode = 0;
        std::optional<std::string> errorMessage;
        template <class V> void fields(V& v) { v(name, 0); v(errorCode, 0); v(errorMessage, 1); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> topics;
    template <class V> void fields(V& v) { v(throttleTimeMs, 2); v(topics, 0); }
};

// ---------------------------------------------------------------- DeleteTopics (20)

struct DeleteTopicsRequest {
    std::vector<std::string> topicNames;
    int32_t timeoutMs = 0;
    template <class V> void fields(V& v) { v(topicNames, 0, 5); v(timeoutMs, 0); }
};

struct DeleteTopicsResponse {
    struct Result {
        std::string name;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(name, 0); v(errorCode, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> responses;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(responses, 0); }
};

// ---------------------------------------------------------------- DeleteRecords (21)

struct DeleteRecordsRequest {
    struct Partition {
        int32_t partitionIndex = 0;
        int64_t offset = 0;
        template <class V> void fields(V& v) { v(partitionIndex, 0); v(offset, 0); }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    std::vector<Topic> topics;
    int32_t timeoutMs = 0;
    template <class V> void fields(V& v) { v(topics, 0); v(timeoutMs, 0); }
};

struct DeleteRecordsResponse {
    struct Partition {
        int32_t partitionIndex = 0;
        int64_t lowWatermark = -1;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(partitionIndex, 0); v(lowWatermark, 0); v(errorCode, 0); }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(topics, 0); }
};

// ---------------------------------------------------------------- OffsetForLeaderEpoch (23)

struct OffsetForLeaderEpochRequest {
    struct Partition {
        int32_t partition = 0;
        int32_t currentLeaderEpoch = -1;
        int32_t leaderEpoch = 0;
        template <class V> void fields(V& v) { v(partition, 0); v(currentLeaderEpoch, 2); v(leaderEpoch, 0); }
    };
    struct Topic {
        std::string topic;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(topic, 0); v(partitions, 0); }
    };
    int32_t replicaId = -2;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(replicaId, 3); v(topics, 0); }
};

struct OffsetForLeaderEpochResponse {
    struct Partition {
        int16_t errorCode = 0;
        int32_t partition = 0;
        int32_t leaderEpoch = -1;
        int64_t endOffset = -1;
        template <class V> void fields(V& v) { v(errorCode, 0); v(partition, 0); v(leaderEpoch, 1); v(endOffset, 0); }
    };
    struct Topic {
        std::string topic;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(topic, 0); v(partitions, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(throttleTimeMs, 2); v(topics, 0); }
};

// ---------------------------------------------------------------- InitProducerId (22)

struct InitProducerIdRequest {
    std::optional<std::string> transactionalId;
    int32_t transactionTimeoutMs = 0;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    template <class V> void fields(V& v) {
        v(transactionalId, 0); v(transactionTimeoutMs, 0); v(producerId, 3); v(producerEpoch, 3);
    }
};

struct InitProducerIdResponse {
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(errorCode, 0); v(producerId, 0); v(producerEpoch, 0); }
};

// ---------------------------------------------------------------- DescribeConfigs (32)

struct DescribeConfigsRequest {
    struct Resource {
        int8_t resourceType = 0;
        std::string resourceName;
        std::optional<std::vector<std::string>> configurationKeys;
        template <class V> void fields(V& v) { v(resourceType, 0); v(resourceName, 0); v(configurationKeys, 0); }
    };
    std::vector<Resource> resources;
    bool includeSynonyms = false;
    bool includeDocumentation = false;
    template <class V> void fields(V& v) { v(resources, 0); v(includeSynonyms, 1); v(includeDocumentation, 3); }
};

struct DescribeConfigsResponse {
    struct Synonym {
        std::string name;
        std::optional<std::string> value;
        int8_t source = 0;
        template <class V> void fields(V& v) { v(name, 1); v(value, 1); v(source, 1); }
    };
    struct Config {
        std::string name;
        std::optional<std::string> value;
        bool readOnly = false;
        bool isDefault = false;
        int8_t configSource = -1;
        bool isSensitive = false;
        std::vector<Synonym> synonyms;
        int8_t configType = 0;
        std::optional<std::string> documentation;
        template <class V> void fields(V& v) {
            v(name, 0); v(value, 0); v(readOnly, 0); v(isDefault, 0, 0); v(configSource, 1); v(isSensitive, 0);
            v(synonyms, 1); v(configType, 3); v(documentation, 3);
        }
    };
    struct Result {
        int16_t errorCode = 0;
        std::optional<std::string> errorMessage;
        int8_t resourceType = 0;
        std::string resourceName;
        std::vector<Config> configs;
        template <class V> void fields(V& v) {
            v(errorCode, 0); v(errorMessage, 0); v(resourceType, 0); v(resourceName, 0); v(configs, 0);
        }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> results;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(results, 0); }
};

// ---------------------------------------------------------------- AlterConfigs (33)

struct AlterConfigsRequest {
    struct Config {
        std::string name;
        std::optional<std::string> value;
        template <class V> void fields(V& v) { v(name, 0); v(value, 0); }
    };
    struct Resource {
        int8_t resourceType = 0;
        std::string resourceName;
        std::vector<Config> configs;
        template <class V> void fields(V& v) { v(resourceType, 0); v(resourceName, 0); v(configs, 0); }
    };
    std::vector<Resource> resources;
    bool validateOnly = false;
    template <class V> void fields(V& v) { v(resources, 0); v(validateOnly, 0); }
};

struct AlterConfigsResponse {
    struct Result {
        int16_t errorCode = 0;
        std::optional<std::string> errorMessage;
        int8_t resourceType = 0;
        std::string resourceName;
        template <class V> void fields(V& v) { v(errorCode, 0); v(errorMessage, 0); v(resourceType, 0); v(resourceName, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> responses;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(responses, 0); }
};

// ---------------------------------------------------------------- CreatePartitions (37)

struct CreatePartitionsRequest {
    struct Assignment {
        std::vector<int32_t> brokerIds;
        template <class V> void fields(V& v) { v(brokerIds, 0); }
    };
    struct Topic {
        std::string name;
        int32_t count = 0;
        std::optional<std::vector<Assignment>> assignments;
        template <class V> void fields(V& v) { v(name, 0); v(count, 0); v(assignments, 0); }
    };
    std::vector<Topic> topics;
    int32_t timeoutMs = 0;
    bool validateOnly = false;
    template <class V> void fields(V& v) { v(topics, 0); v(timeoutMs, 0); v(validateOnly, 0); }
};

struct CreatePartitionsResponse {
    struct Result {
        std::string name;
        int16_t errorCode = 0;
        std::optional<std::string> errorMessage;
        template <class V> void fields(V& v) { v(name, 0); v(errorCode, 0); v(errorMessage, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> results;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(results, 0); }
};

// ================================================================ consumer groups
//
// The classic group protocol. Only the non-flexible versions are served
// (OffsetCommit v2-7, OffsetFetch v1-5, FindCoordinator v0-2, JoinGroup v2-5,
// Heartbeat v1-3, LeaveGroup v1-3, SyncGroup v1-3, DescribeGroups v0-4,
// ListGroups v0-2, DeleteGroups v0-1, OffsetDelete v0), so fields that exist
// only in flexible versions are left out. Version ranges are those of the
// definitions, including the versions below the served range.

// ---------------------------------------------------------------- OffsetCommit (8)

struct OffsetCommitRequest {
    struct Partition {
        int32_t partitionIndex = 0;
        int64_t committedOffset = 0;
        int32_t committedLeaderEpoch = -1;
        int64_t commitTimestamp = -1;  ///< v1 only
        std::optional<std::string> committedMetadata;
        template <class V> void fields(V& v) {
            v(partitionIndex, 0); v(committedOffset, 0); v(committedLeaderEpoch, 6); v(commitTimestamp, 1, 1);
            v(committedMetadata, 0);
        }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    std::string groupId;
    int32_t generationIdOrMemberEpoch = -1;  ///< named GenerationId before KIP-848; the generation in the classic protocol
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    int64_t retentionTimeMs = -1;  ///< v2-4 only; -1 means the broker default
    std::vector<Topic> topics;
    template <class V> void fields(V& v) {
        v(groupId, 0); v(generationIdOrMemberEpoch, 1); v(memberId, 1); v(groupInstanceId, 7);
        v(retentionTimeMs, 2, 4); v(topics, 0);
    }
};

struct OffsetCommitResponse {
    struct Partition {
        int32_t partitionIndex = 0;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(partitionIndex, 0); v(errorCode, 0); }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(throttleTimeMs, 3); v(topics, 0); }
};

// ---------------------------------------------------------------- OffsetFetch (9)

struct OffsetFetchRequest {
    struct Topic {
        std::string name;
        std::vector<int32_t> partitionIndexes;
        template <class V> void fields(V& v) { v(name, 0, 7); v(partitionIndexes, 0, 7); }
    };
    std::string groupId;
    /// null means every topic the group has offsets for. Kafka allows null
    /// from v2 only; the codec accepts it in any version, so a handler serving
    /// v1 must refuse it.
    std::optional<std::vector<Topic>> topics;
    template <class V> void fields(V& v) { v(groupId, 0, 7); v(topics, 0, 7); }
};

struct OffsetFetchResponse {
    struct Partition {
        int32_t partitionIndex = 0;
        int64_t committedOffset = 0;  ///< -1 when the group has no offset for the partition
        int32_t committedLeaderEpoch = -1;
        std::optional<std::string> metadata;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) {
            v(partitionIndex, 0, 7); v(committedOffset, 0, 7); v(committedLeaderEpoch, 5, 7); v(metadata, 0, 7);
            v(errorCode, 0, 7);
        }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0, 7); v(partitions, 0, 7); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    int16_t errorCode = 0;  ///< group-level error, v2-7
    template <class V> void fields(V& v) { v(throttleTimeMs, 3); v(topics, 0, 7); v(errorCode, 2, 7); }
};

// ---------------------------------------------------------------- FindCoordinator (10)

/// FindCoordinator key_type values.
enum class CoordinatorType : int8_t { Group = 0, Transaction = 1, Share = 2 /* v6+ */ };

struct FindCoordinatorRequest {
    std::string key;
    int8_t keyType = 0;  ///< CoordinatorType, v1+ (v0 always asks for a group)
    template <class V> void fields(V& v) { v(key, 0, 3); v(keyType, 1); }
};

struct FindCoordinatorResponse {
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    std::optional<std::string> errorMessage;
    int32_t nodeId = 0;
    std::string host;
    int32_t port = 0;
    template <class V> void fields(V& v) {
        v(throttleTimeMs, 1); v(errorCode, 0, 3); v(errorMessage, 1, 3); v(nodeId, 0, 3); v(host, 0, 3);
        v(port, 0, 3);
    }
};

// ---------------------------------------------------------------- JoinGroup (11)

struct JoinGroupRequest {
    struct Protocol {
        std::string name;
        BytesView metadata;
        template <class V> void fields(V& v) { v(name, 0); v(metadata, 0); }
    };
    std::string groupId;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = -1;  ///< v1+; v0 uses the session timeout
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string protocolType;
    std::vector<Protocol> protocols;
    template <class V> void fields(V& v) {
        v(groupId, 0); v(sessionTimeoutMs, 0); v(rebalanceTimeoutMs, 1); v(memberId, 0); v(groupInstanceId, 5);
        v(protocolType, 0); v(protocols, 0);
    }
};

struct JoinGroupResponse {
    struct Member {
        std::string memberId;
        std::optional<std::string> groupInstanceId;
        Bytes metadata;
        template <class V> void fields(V& v) { v(memberId, 0); v(groupInstanceId, 5); v(metadata, 0); }
    };
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    int32_t generationId = -1;
    std::string protocolName;  ///< nullable only from v7, which is flexible
    std::string leader;
    std::string memberId;
    std::vector<Member> members;
    template <class V> void fields(V& v) {
        v(throttleTimeMs, 2); v(errorCode, 0); v(generationId, 0); v(protocolName, 0); v(leader, 0);
        v(memberId, 0); v(members, 0);
    }
};

// ---------------------------------------------------------------- Heartbeat (12)

struct HeartbeatRequest {
    std::string groupId;
    int32_t generationId = 0;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    template <class V> void fields(V& v) { v(groupId, 0); v(generationId, 0); v(memberId, 0); v(groupInstanceId, 3); }
};

struct HeartbeatResponse {
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(errorCode, 0); }
};

// ---------------------------------------------------------------- LeaveGroup (13)

struct LeaveGroupRequest {
    struct MemberIdentity {
        std::string memberId;
        std::optional<std::string> groupInstanceId;
        template <class V> void fields(V& v) { v(memberId, 3); v(groupInstanceId, 3); }
    };
    std::string groupId;
    std::string memberId;                 ///< v0-2: the one member leaving
    std::vector<MemberIdentity> members;  ///< v3+: a batch of members leaving
    template <class V> void fields(V& v) { v(groupId, 0); v(memberId, 0, 2); v(members, 3); }
};

struct LeaveGroupResponse {
    struct MemberResponse {
        std::string memberId;
        std::optional<std::string> groupInstanceId;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(memberId, 3); v(groupInstanceId, 3); v(errorCode, 3); }
    };
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    std::vector<MemberResponse> members;  ///< v3+
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(errorCode, 0); v(members, 3); }
};

// ---------------------------------------------------------------- SyncGroup (14)

struct SyncGroupRequest {
    struct Assignment {
        std::string memberId;
        BytesView assignment;
        template <class V> void fields(V& v) { v(memberId, 0); v(assignment, 0); }
    };
    std::string groupId;
    int32_t generationId = 0;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::vector<Assignment> assignments;  ///< sent by the leader only
    template <class V> void fields(V& v) {
        v(groupId, 0); v(generationId, 0); v(memberId, 0); v(groupInstanceId, 3); v(assignments, 0);
    }
};

struct SyncGroupResponse {
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    Bytes assignment;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(errorCode, 0); v(assignment, 0); }
};

// ---------------------------------------------------------------- DescribeGroups (15)

struct DescribeGroupsRequest {
    std::vector<std::string> groups;
    bool includeAuthorizedOperations = false;
    template <class V> void fields(V& v) { v(groups, 0); v(includeAuthorizedOperations, 3); }
};

struct DescribeGroupsResponse {
    struct Member {
        std::string memberId;
        std::optional<std::string> groupInstanceId;
        std::string clientId;
        std::string clientHost;
        Bytes memberMetadata;
        Bytes memberAssignment;
        template <class V> void fields(V& v) {
            v(memberId, 0); v(groupInstanceId, 4); v(clientId, 0); v(clientHost, 0); v(memberMetadata, 0);
            v(memberAssignment, 0);
        }
    };
    struct Group {
        int16_t errorCode = 0;
        std::string groupId;
        std::string groupState;
        std::string protocolType;
        std::string protocolData;
        std::vector<Member> members;
        int32_t authorizedOperations = INT32_MIN;
        template <class V> void fields(V& v) {
            v(errorCode, 0); v(groupId, 0); v(groupState, 0); v(protocolType, 0); v(protocolData, 0); v(members, 0);
            v(authorizedOperations, 3);
        }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Group> groups;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(groups, 0); }
};

// ---------------------------------------------------------------- ListGroups (16)

/// No fields before v4 (StatesFilter), which is flexible.
struct ListGroupsRequest {
    template <class V> void fields(V&) {}
};

struct ListGroupsResponse {
    struct Group {
        std::string groupId;
        std::string protocolType;
        template <class V> void fields(V& v) { v(groupId, 0); v(protocolType, 0); }
    };
    int32_t throttleTimeMs = 0;
    int16_t errorCode = 0;
    std::vector<Group> groups;
    template <class V> void fields(V& v) { v(throttleTimeMs, 1); v(errorCode, 0); v(groups, 0); }
};

// ---------------------------------------------------------------- DeleteGroups (42)

struct DeleteGroupsRequest {
    std::vector<std::string> groupsNames;
    template <class V> void fields(V& v) { v(groupsNames, 0); }
};

struct DeleteGroupsResponse {
    struct Result {
        std::string groupId;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(groupId, 0); v(errorCode, 0); }
    };
    int32_t throttleTimeMs = 0;
    std::vector<Result> results;
    template <class V> void fields(V& v) { v(throttleTimeMs, 0); v(results, 0); }
};

// ---------------------------------------------------------------- OffsetDelete (47)

struct OffsetDeleteRequest {
    struct Partition {
        int32_t partitionIndex = 0;
        template <class V> void fields(V& v) { v(partitionIndex, 0); }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    std::string groupId;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(groupId, 0); v(topics, 0); }
};

/// Note the order: the top-level error code precedes the throttle time.
struct OffsetDeleteResponse {
    struct Partition {
        int32_t partitionIndex = 0;
        int16_t errorCode = 0;
        template <class V> void fields(V& v) { v(partitionIndex, 0); v(errorCode, 0); }
    };
    struct Topic {
        std::string name;
        std::vector<Partition> partitions;
        template <class V> void fields(V& v) { v(name, 0); v(partitions, 0); }
    };
    int16_t errorCode = 0;
    int32_t throttleTimeMs = 0;
    std::vector<Topic> topics;
    template <class V> void fields(V& v) { v(errorCode, 0); v(throttleTimeMs, 0); v(topics, 0); }
};

/// Kafka config resource types.
enum class ResourceType : int8_t { Unknown = 0, Any = 1, Topic = 2, Group = 3, Broker = 4 };

/// DescribeConfigs config_source values.
enum class ConfigSource : int8_t {
    Unknown = 0, DynamicTopic = 1, DynamicBroker = 2, DynamicDefaultBroker = 3, StaticBroker = 4, Default = 5
};

/// DescribeConfigs config_type values (v3+).
enum class ConfigType : int8_t { Unknown = 0, Boolean = 1, String = 2, Int = 3, Short = 4, Long = 5, Double = 6, List = 7 };

}  // namespace plexus::protocol

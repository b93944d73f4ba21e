#pragma once
// PartitionService: the data path of partitions, the same on a node alone
// and in a cluster. Produce (the checks Kafka's log validator makes, schema
// validation, the append), Fetch reads, ListOffsets, OffsetForLeaderEpoch and
// DeleteRecords, each with the leadership check in one place
// (Replication::servesReads) and the writes through Replication.
//
// The Kafka handlers decode a request, authorize it, call this service per
// partition and encode its answers; they never see a PartitionLog.
//
// Threading: network thread; every callback runs on the network thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "broker/protocol/error_code.h"
#include "broker/protocol/wire.h"
#include "broker/services/replication.h"

namespace plexus::registry {
class RecordValidator;
}
namespace plexus::server {
struct NodeConfig;
class Metrics;
}  // namespace plexus::server
namespace plexus::storage {
class LogManager;
class PartitionLog;
struct ReadResult;
}  // namespace plexus::storage

namespace plexus::services {

class PartitionService {
public:
    PartitionService(const server::NodeConfig& config, storage::LogManager& logs, Replication& replication,
                     Controller& controller, server::Metrics& metrics);

    /// Broker-side schema validation (topic configs
    /// confluent.{key,value}.schema.validation) uses `validator`; nullptr
    /// while no registry runs. `await`, set in a cluster, re-runs `attempt`
    /// each time the registry's copy of _schemas catches up, for at most
    /// `max`, so that a schema registered through another node an instant
    /// ago is found (attempt(true) is the last call).
    using AwaitSchemas = std::function<void(std::chrono::milliseconds max, std::function<bool(bool last)> attempt)>;
    void setSchemaChecks(registry::RecordValidator* validator, AwaitSchemas await);

    struct ProduceResult {
        protocol::ErrorCode code = protocol::ErrorCode::None;
        std::string message;
        int64_t baseOffset = -1;
        int64_t logStartOffset = -1;
        std::vector<std::pair<int32_t, std::string>> recordErrors;  ///< batch index, why (schema validation)
    };
    using ProduceDone = std::function<void(ProduceResult)>;
    /// Checks and appends one partition's records. `records` must stay valid
    /// until `done` runs (it points into the request frame). `mayCreate`: the
    /// principal may auto-create the topic. Client writes to internal topics
    /// are refused here.
    void produce(const std::string& topic, int32_t partition, protocol::BytesView records, int16_t acks, int32_t timeoutMs,
                 bool mayCreate, const std::string& peer, ProduceDone done);

    /// Reads from `offset` up to `maxBytes` (at least one batch with
    /// `atLeastOne`). With maxBytes 0 and !atLeastOne only the offsets are
    /// filled in. code: UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER,
    /// OFFSET_OUT_OF_RANGE, KAFKA_STORAGE_ERROR.
    storage::ReadResult read(const std::string& topic, int32_t partition, int64_t offset, size_t maxBytes, bool atLeastOne);

    struct OffsetAt {
        protocol::ErrorCode code = protocol::ErrorCode::None;
        int64_t offset = -1;
        int64_t timestamp = -1;
        int32_t leaderEpoch = -1;
    };
    static constexpr int64_t kLatest = -1, kEarliest = -2;
    /// ListOffsets: the offset for `timestamp` (kLatest, kEarliest or a time).
    OffsetAt listOffset(const std::string& topic, int32_t partition, int64_t timestamp);

    struct EpochEnd {
        protocol::ErrorCode code = protocol::ErrorCode::None;
        int32_t epoch = -1;
        int64_t endOffset = -1;
    };
    /// OffsetForLeaderEpoch: where `leaderEpoch` ends on this leader.
    /// `currentLeaderEpoch` (-1: unchecked) fences a client with a stale view.
    EpochEnd epochEnd(const std::string& topic, int32_t partition, int32_t currentLeaderEpoch, int32_t leaderEpoch);

    /// DeleteRecords: moves the log start to `offset`. Refused on internal topics.
    void deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs, WriteDone done);

private:
    /// The partition's log, auto-creating the topic when allowed.
    std::shared_ptr<storage::PartitionLog> forWrite(const std::string& topic, int32_t partition, bool mayCreate);
    /// The partition's log when this node answers its reads, else the error.
    std::pair<protocol::ErrorCode, std::shared_ptr<storage::PartitionLog>> forRead(const std::string& topic,
                                                                                   int32_t partition);
    void append(const std::string& topic, int32_t partition, protocol::BytesView records,
                std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs, ProduceDone done);
    /// Fills `out` and returns false when a record fails schema validation.
    bool validateSchemas(const std::string& topic, const storage::TopicConfig& config, protocol::BytesView records,
                         const std::vector<protocol::BatchSpan>& spans, ProduceResult& out);

    const server::NodeConfig& m_config;
    storage::LogManager& m_logs;
    Replication& m_replication;
    Controller& m_controller;
    server::Metrics& m_metrics;
    registry::RecordValidator* m_validator = nullptr;
    AwaitSchemas m_awaitSchemas;
};

}  // namespace plexus::services

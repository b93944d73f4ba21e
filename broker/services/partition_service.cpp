#include "broker/services/partition_service.h"

#include <spdlog/spdlog.h>

#include "broker/protocol/record_batch.h"
#include "broker/registry/record_validator.h"
#include "broker/server/config.h"
#include "broker/server/metrics.h"
#include "broker/services/internal_topics.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/partition_log.h"

namespace plexus::services {

using protocol::ErrorCode;

namespace {

/// Kafka refuses records without a key on compacted topics: compaction
/// could never replace or remove them.
bool hasRecordWithoutKey(protocol::BytesView payload, const std::vector<protocol::BatchSpan>& spans) {
    thread_local std::string scratch;
    bool found = false;
    for (const auto& s : spans) {
        auto batch = payload.subspan(s.offset, s.header.totalSize());
        // validateBatches has walked these records already, within the same bound.
        protocol::forEachRecord(batch, scratch, protocol::decompressionLimit(batch.size()), [&](const protocol::Record& r) {
            found = !r.key;
            return !found;
        });
        if (found) return true;
    }
    return false;
}

/// A partition whose records name a schema this node's registry does not
/// know yet (in a cluster) is validated again as the registry catches up,
/// for up to this long, then appended or refused.
constexpr std::chrono::milliseconds kSchemaWait{1000};

}  // namespace

PartitionService::PartitionService(const server::NodeConfig& config, storage::LogManager& logs, Replication& replication,
                                   Controller& controller, server::Metrics& metrics)
    : m_config(config), m_logs(logs), m_replication(replication), m_controller(controller), m_metrics(metrics) {}

void PartitionService::setSchemaChecks(registry::RecordValidator* validator, AwaitSchemas await) {
    m_validator = validator;
    m_awaitSchemas = std::move(await);
}

std::shared_ptr<storage::PartitionLog> PartitionService::forWrite(const std::string& topic, int32_t partition,
                                                                  bool mayCreate) {
    if (auto log = m_logs.partition(topic, partition)) return log;
    if (!mayCreate || !m_config.autoCreateTopics || m_logs.topic(topic)) return nullptr;
    m_controller.autoCreate(topic);
    return m_logs.partition(topic, partition);
}

std::pair<ErrorCode, std::shared_ptr<storage::PartitionLog>> PartitionService::forRead(const std::string& topic,
                                                                                       int32_t partition) {
    auto log = m_logs.partition(topic, partition);
    if (!log) return {ErrorCode::UnknownTopicOrPartition, nullptr};
    // Consumers read from the leader (a follower's log may hold less of the committed data).
    if (ErrorCode e = m_replication.servesReads(topic, partition); e != ErrorCode::None) return {e, nullptr};
    return {ErrorCode::None, std::move(log)};
}

void PartitionService::produce(const std::string& topic, int32_t partition, protocol::BytesView records, int16_t acks,
                               int32_t timeoutMs, bool mayCreate, const std::string& peer, ProduceDone done) {
    auto refuse = [&](ErrorCode code, std::string message) {
        ProduceResult r;
        r.code = code;
        r.message = std::move(message);
        done(std::move(r));
    };
    if (isInternalTopic(topic)) return refuse(ErrorCode::InvalidTopicException, "Cannot append to internal topic " + topic);
    auto log = forWrite(topic, partition, mayCreate);
    if (!log) {
        spdlog::info("produce from {} to unknown {}-{} rejected", peer, topic, partition);
        return refuse(ErrorCode::UnknownTopicOrPartition,
                      "topic '" + topic + "' partition " + std::to_string(partition) + " does not exist" +
                          (m_config.autoCreateTopics ? "" : " and auto.create.topics.enable is false"));
    }
    auto topicInfo = m_logs.topic(topic);
    if (records.empty()) return refuse(ErrorCode::CorruptMessage, "produce request carries no records");
    const size_t maxBytes = topicInfo ? static_cast<size_t>(topicInfo->config.maxMessageBytes()) : 1048588u;
    std::vector<protocol::BatchSpan> spans;
    auto check = protocol::validateBatches(records, maxBytes, spans);
    if (!check.ok()) {
        spdlog::warn("produce from {} to {}-{} rejected: {} ({})", peer, topic, partition, check.message,
                     protocol::errorName(check.code));
        return refuse(check.code, check.message);
    }
    for (const auto& s : spans)
        if (s.header.isTransactional() || s.header.isControl())
            return refuse(ErrorCode::InvalidRecord, "transactional and control batches are not supported by this node");
    if (!topicInfo) return append(topic, partition, records, std::move(spans), acks, timeoutMs, std::move(done));
    if (topicInfo->config.compact() && hasRecordWithoutKey(records, spans))
        return refuse(ErrorCode::InvalidRecord, "Compacted topic cannot accept message without key");
    ProduceResult invalid;
    if (validateSchemas(topic, topicInfo->config, records, spans, invalid))
        return append(topic, partition, records, std::move(spans), acks, timeoutMs, std::move(done));
    if (!m_awaitSchemas || !m_validator || !m_validator->missedSchema()) {
        spdlog::info("produce from {} to {}-{} rejected: {}", peer, topic, partition, invalid.message);
        return done(std::move(invalid));
    }
    // The schema may have been registered through another node an instant
    // ago: this node's copy of _schemas learns it within a heartbeat.
    auto attempt = [this, topic, partition, records, spans = std::move(spans), config = topicInfo->config, acks,
                    timeoutMs, peer, done = std::move(done)](bool last) mutable {
        ProduceResult again;
        if (!m_validator || !validateSchemas(topic, config, records, spans, again)) {
            if (!last) return false;
            if (again.message.empty()) {
                again.code = ErrorCode::InvalidRecord;
                again.message = "the schema registry stopped";
            }
            spdlog::info("produce from {} to {}-{} rejected: {}", peer, topic, partition, again.message);
            done(std::move(again));
            return true;
        }
        append(topic, partition, records, std::move(spans), acks, timeoutMs, std::move(done));
        return true;
    };
    m_awaitSchemas(kSchemaWait, std::move(attempt));
}

void PartitionService::append(const std::string& topic, int32_t partition, protocol::BytesView records,
                              std::vector<protocol::BatchSpan> spans, int16_t acks, int32_t timeoutMs, ProduceDone done) {
    std::string payload(reinterpret_cast<const char*>(records.data()), records.size());
    const auto bytes = static_cast<int64_t>(payload.size());
    int64_t count = 0;
    for (const auto& s : spans) count += s.header.recordCount;
    m_replication.append(topic, partition, std::move(payload), std::move(spans), acks, timeoutMs,
                         [this, topic, partition, bytes, count, done = std::move(done)](WriteOutcome o) {
                             if (o.code == ErrorCode::None) {
                                 m_metrics.recordBytesIn(topic, bytes, count);
                             } else if (o.code == ErrorCode::NotLeaderOrFollower || o.code == ErrorCode::KafkaStorageError) {
                                 // Not-leader answers are routine in a cluster (clients refresh
                                 // metadata); a failed log says so once itself.
                                 spdlog::debug("append to {}-{}: {}", topic, partition, o.message);
                             } else {
                                 spdlog::warn("append to {}-{} failed: {}", topic, partition, o.message);
                             }
                             ProduceResult r;
                             r.code = o.code;
                             r.message = std::move(o.message);
                             r.baseOffset = o.code == ErrorCode::None ? o.baseOffset : -1;
                             r.logStartOffset = o.logStartOffset;
                             done(std::move(r));
                         });
}

bool PartitionService::validateSchemas(const std::string& topic, const storage::TopicConfig& config,
                                       protocol::BytesView records, const std::vector<protocol::BatchSpan>& spans,
                                       ProduceResult& out) {
    const bool keys = config.schemaValidation(true), values = config.schemaValidation(false);
    if (!keys && !values) return true;
    if (!m_validator) {
        out.code = ErrorCode::InvalidRecord;
        out.message = "schema validation is on for topic '" + topic + "' but this node's schema registry is not running";
        return false;
    }
    m_validator->resetMisses();
    // The topic config was validated when set, so both strategies parse.
    const auto keyStrategy =
        registry::parseSubjectStrategy(config.subjectNameStrategy(true)).value_or(registry::SubjectStrategy::TopicName);
    const auto valueStrategy =
        registry::parseSubjectStrategy(config.subjectNameStrategy(false)).value_or(registry::SubjectStrategy::TopicName);
    constexpr size_t kMaxReported = 16;
    auto asView = [](const std::optional<protocol::BytesView>& v) -> std::optional<std::string_view> {
        if (!v) return std::nullopt;
        return std::string_view(reinterpret_cast<const char*>(v->data()), v->size());
    };
    thread_local std::string scratch;
    std::string first;
    for (const auto& s : spans) {
        auto batch = records.subspan(s.offset, s.header.totalSize());
        int32_t index = 0;
        protocol::forEachRecord(batch, scratch, protocol::decompressionLimit(batch.size()), [&](const protocol::Record& r) {
            std::optional<std::string> why;
            if (keys) why = m_validator->check(topic, true, keyStrategy, asView(r.key));
            if (!why && values) why = m_validator->check(topic, false, valueStrategy, asView(r.value));
            if (why) {
                if (first.empty()) first = "record " + std::to_string(index) + ": " + *why;
                out.recordErrors.emplace_back(index, *why);
            }
            ++index;
            return out.recordErrors.size() < kMaxReported;  // enough said: stop decoding
        });
        if (out.recordErrors.size() >= kMaxReported) break;
    }
    if (first.empty()) return true;
    const size_t bad = out.recordErrors.size();
    out.code = ErrorCode::InvalidRecord;
    out.message = "schema validation failed for topic '" + topic + "', nothing written: " + first +
                  (bad > 1 ? " (" + std::to_string(bad) + (bad == kMaxReported ? "+" : "") + " records rejected)" : "");
    return false;
}

storage::ReadResult PartitionService::read(const std::string& topic, int32_t partition, int64_t offset, size_t maxBytes,
                                           bool atLeastOne) {
    auto [code, log] = forRead(topic, partition);
    if (!log) {
        storage::ReadResult rr;
        rr.code = code;
        rr.highWatermark = rr.logStartOffset = -1;  // unknown here
        return rr;
    }
    if (maxBytes == 0 && !atLeastOne) {
        storage::ReadResult rr;
        rr.highWatermark = log->highWatermark();
        rr.logStartOffset = log->logStartOffset();
        return rr;
    }
    return log->read(offset, maxBytes, atLeastOne);
}

PartitionService::OffsetAt PartitionService::listOffset(const std::string& topic, int32_t partition, int64_t timestamp) {
    OffsetAt out;
    auto [code, log] = forRead(topic, partition);
    if (!log) {
        out.code = code;
        return out;
    }
    out.leaderEpoch = m_replication.leaderEpoch(topic, partition);
    if (timestamp == kLatest) {
        out.offset = log->highWatermark();
    } else if (timestamp == kEarliest) {
        out.offset = log->logStartOffset();
    } else if (timestamp < 0) {
        out.code = ErrorCode::InvalidRequest;
    } else {
        auto found = log->offsetForTimestamp(timestamp);
        if (!found) {
            out.code = ErrorCode::KafkaStorageError;
            spdlog::warn("timestamp lookup on {}-{} failed: {}", topic, partition, found.message());
        } else {
            out.offset = found.value().offset;
            out.timestamp = found.value().timestamp;
            if (out.offset < 0) out.leaderEpoch = -1;
        }
    }
    return out;
}

PartitionService::EpochEnd PartitionService::epochEnd(const std::string& topic, int32_t partition,
                                                      int32_t currentLeaderEpoch, int32_t leaderEpoch) {
    EpochEnd out;
    auto [code, log] = forRead(topic, partition);
    if (!log) {
        out.code = code;
        return out;
    }
    const int32_t current = m_replication.leaderEpoch(topic, partition);
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch != current) {
        out.code = currentLeaderEpoch < current ? ErrorCode::FencedLeaderEpoch : ErrorCode::UnknownLeaderEpoch;
        return out;
    }
    auto [epoch, end] = log->epochEndOffset(leaderEpoch);
    // The leader's own epoch ends at its log end even before it wrote a batch under it.
    if (leaderEpoch == current) end = log->logEndOffset();
    if (leaderEpoch == current && epoch < 0) epoch = current;
    out.epoch = epoch;
    out.endOffset = end;
    return out;
}

void PartitionService::deleteRecords(const std::string& topic, int32_t partition, int64_t offset, int32_t timeoutMs,
                                     WriteDone done) {
    // As Kafka: the broker rebuilds state from an internal topic's records.
    if (isInternalTopic(topic)) return done({ErrorCode::InvalidTopicException, "internal topic", -1, -1});
    if (!m_logs.partition(topic, partition)) return done({ErrorCode::UnknownTopicOrPartition, "unknown partition", -1, -1});
    m_replication.deleteRecords(topic, partition, offset, timeoutMs, std::move(done));
}

}  // namespace plexus::services

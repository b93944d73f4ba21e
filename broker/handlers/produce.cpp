#include <boost/asio/post.hpp>

#include "broker/server/internal_topics.h"
#include "broker/handlers/handler.h"
#include "broker/protocol/record_batch.h"
#include "broker/registry/record_validator.h"
#include "broker/replication/cluster_manager.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::ProduceResponse;

namespace {

/// Shared by the per-partition completions of one Produce request.
struct ProduceState {
    Request req;
    ProduceResponse resp;
    size_t outstanding = 0;
    bool acks0 = false;
    void finishOne() {
        if (--outstanding == 0 && !acks0) req.reply(resp);
    }
};

void setError(ProduceResponse::PartitionResponse& pr, ErrorCode code, std::string message) {
    pr.errorCode = protocol::wire(code);
    pr.errorMessage = std::move(message);
}

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

/// Broker-side schema validation (topic configs
/// confluent.{key,value}.schema.validation): every record of the partition's
/// batches is checked before anything is written, so a rejected request
/// writes nothing. Fills the partition's error and record errors and returns
/// false when a record fails.
bool validateSchemas(server::Broker& b, const std::string& topic, const storage::TopicConfig& config,
                     protocol::BytesView payload, const std::vector<protocol::BatchSpan>& spans,
                     ProduceResponse::PartitionResponse& pr) {
    const bool keys = config.schemaValidation(true), values = config.schemaValidation(false);
    if (!keys && !values) return true;
    if (b.recordValidator) b.recordValidator->resetMisses();
    if (!b.recordValidator) {
        setError(pr, ErrorCode::InvalidRecord, "schema validation is on for topic '" + topic +
                                                   "' but this node's schema registry is not running");
        return false;
    }
    // The topic config was validated when set, so both strategies parse.
    const auto keyStrategy = registry::parseSubjectStrategy(config.subjectNameStrategy(true))
                                 .value_or(registry::SubjectStrategy::TopicName);
    const auto valueStrategy = registry::parseSubjectStrategy(config.subjectNameStrategy(false))
                                   .value_or(registry::SubjectStrategy::TopicName);
    constexpr size_t kMaxReported = 16;
    auto asView = [](const std::optional<protocol::BytesView>& v) -> std::optional<std::string_view> {
        if (!v) return std::nullopt;
        return std::string_view(reinterpret_cast<const char*>(v->data()), v->size());
    };
    thread_local std::string scratch;
    std::string first;
    for (const auto& s : spans) {
        auto batch = payload.subspan(s.offset, s.header.totalSize());
        int32_t index = 0;
        protocol::forEachRecord(batch, scratch, protocol::decompressionLimit(batch.size()), [&](const protocol::Record& r) {
            std::optional<std::string> why;
            if (keys) why = b.recordValidator->check(topic, true, keyStrategy, asView(r.key));
            if (!why && values) why = b.recordValidator->check(topic, false, valueStrategy, asView(r.value));
            if (why) {
                if (first.empty()) first = "record " + std::to_string(index) + ": " + *why;
                pr.recordErrors.push_back({index, *why});
            }
            ++index;
            return pr.recordErrors.size() < kMaxReported;  // enough said: stop decoding
        });
        if (pr.recordErrors.size() >= kMaxReported) break;
    }
    if (first.empty()) return true;
    const size_t bad = pr.recordErrors.size();
    setError(pr, ErrorCode::InvalidRecord,
             "schema validation failed for topic '" + topic + "', nothing written: " + first +
                 (bad > 1 ? " (" + std::to_string(bad) + (bad == kMaxReported ? "+" : "") + " records rejected)" : ""));
    return false;
}

/// Appends one partition's validated batches: through the partition's Raft
/// leader in a cluster (acks=all answers once a majority holds them),
/// otherwise to the local log. The answer is filled in on the network thread.
void appendPartition(const std::shared_ptr<ProduceState>& state, size_t ti, size_t pi, const std::string& topic,
                     protocol::BytesView records, std::vector<protocol::BatchSpan> spans,
                     const std::shared_ptr<storage::PartitionLog>& log, int16_t acks, int32_t timeoutMs) {
    server::Broker& b = *state->req.broker;
    std::string payload(reinterpret_cast<const char*>(records.data()), records.size());
    const auto bytes = static_cast<int64_t>(payload.size());
    int64_t count = 0;
    for (const auto& s : spans) count += s.header.recordCount;
    state->outstanding++;
    auto finish = [state, ti, pi, &b, topic, bytes, count](ErrorCode code, const std::string& message, int64_t baseOffset,
                                                          int64_t logStart) {
        auto& out = state->resp.responses[ti].partitionResponses[pi];
        out.logStartOffset = logStart;
        if (code == ErrorCode::None) {
            out.baseOffset = baseOffset;
            b.metrics().recordBytesIn(topic, bytes, count);
        } else {
            setError(out, code, message);
            // Not-leader answers are routine in a cluster (clients refresh metadata).
            // A failed log says so once itself; repeating it for
            // every retried request would bury it.
            if (code == ErrorCode::NotLeaderOrFollower || code == ErrorCode::KafkaStorageError)
                spdlog::debug("append to {}-{}: {}", topic, out.index, message);
            else spdlog::warn("append to {}-{} failed: {}", topic, out.index, message);
        }
        state->finishOne();
    };
    if (b.cluster) {
        b.cluster->produce(topic, state->resp.responses[ti].partitionResponses[pi].index, std::move(payload), std::move(spans),
                           acks, timeoutMs, [finish](replication::ProduceOutcome r) {
                               finish(r.code, r.message, r.baseOffset, r.logStartOffset);
                           });
        return;
    }
    log->append(std::move(payload), std::move(spans), [finish, &b](const storage::AppendResult& r) {
        boost::asio::post(b.io(), [finish, r] { finish(r.code, r.message, r.baseOffset, r.logStartOffset); });
    });
}

/// A partition whose records name a schema this node's registry does not
/// know yet (in a cluster): validated again each time the registry catches
/// up, for up to kSchemaWaitMs, then appended or refused. Holds one share of
/// `state`. `records` points into the request frame, which `state` keeps.
constexpr int kSchemaWaitMs = 1000;
void deferValidation(const std::shared_ptr<ProduceState>& state, size_t ti, size_t pi, std::string topic,
                     protocol::BytesView records, std::vector<protocol::BatchSpan> spans,
                     std::shared_ptr<storage::PartitionLog> log, storage::TopicConfig config, int16_t acks,
                     int32_t timeoutMs) {
    server::Broker& b = *state->req.broker;
    auto attempt = [state, ti, pi, topic = std::move(topic), records, spans = std::move(spans), log = std::move(log),
                    config = std::move(config), acks, timeoutMs](bool last) mutable {
        server::Broker& br = *state->req.broker;
        auto& pr = state->resp.responses[ti].partitionResponses[pi];
        const int32_t index = pr.index;
        pr = ProduceResponse::PartitionResponse{};
        pr.index = index;
        if (!br.recordValidator || !validateSchemas(br, topic, config, records, spans, pr)) {
            if (!last) return false;
            if (!pr.errorMessage) setError(pr, ErrorCode::InvalidRecord, "the schema registry stopped");
            spdlog::info("produce from {} to {}-{} rejected: {}", state->req.peer, topic, index, *pr.errorMessage);
        } else {
            appendPartition(state, ti, pi, topic, records, std::move(spans), log, acks, timeoutMs);
        }
        state->finishOne();
        return true;
    };
    b.awaitSchemas(std::chrono::milliseconds(kSchemaWaitMs), std::move(attempt));
}

}  // namespace

void handleProduce(Request req) {
    protocol::ProduceRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    auto state = std::make_shared<ProduceState>();
    state->req = req;
    state->acks0 = msg.acks == 0;
    state->outstanding = 1;  // released at the end of this function

    const bool badAcks = msg.acks != 0 && msg.acks != 1 && msg.acks != -1;
    for (const auto& td : msg.topicData) {
        auto& tr = state->resp.responses.emplace_back();
        tr.name = td.name;
        for (const auto& pd : td.partitionData) {
            auto& pr = tr.partitionResponses.emplace_back();
            pr.index = pd.index;
        }
    }
    for (size_t ti = 0; ti < msg.topicData.size(); ++ti) {
        const auto& td = msg.topicData[ti];
        auto topicInfo = b.logs().topic(td.name);
        for (size_t pi = 0; pi < td.partitionData.size(); ++pi) {
            const auto& pd = td.partitionData[pi];
            auto& pr = state->resp.responses[ti].partitionResponses[pi];
            if (badAcks) {
                setError(pr, ErrorCode::InvalidRequiredAcks, "acks must be 0, 1 or -1, got " + std::to_string(msg.acks));
                continue;
            }
            if (msg.transactionalId) {
                setError(pr, ErrorCode::InvalidRequest, "transactions are not supported by this node");
                continue;
            }
            if (!req.authorize(server::AclOperation::Write, server::ResourceType::Topic, td.name)) {
                setError(pr, ErrorCode::TopicAuthorizationFailed, "not authorized to write to topic '" + td.name + "'");
                continue;
            }
            if (server::isInternalTopic(td.name)) {
                setError(pr, ErrorCode::InvalidTopicException, "Cannot append to internal topic " + td.name);
                continue;
            }
            // Auto-creation needs CREATE on the cluster or on the topic, as in Kafka.
            const bool mayCreate =
                topicInfo || !b.config().autoCreateTopics ||
                req.authorize(server::AclOperation::Create, server::ResourceType::Cluster, server::kClusterResource) ||
                req.authorize(server::AclOperation::Create, server::ResourceType::Topic, td.name);
            auto log = b.partitionFor(td.name, pd.index, mayCreate);
            if (!log) {
                setError(pr, ErrorCode::UnknownTopicOrPartition,
                         "topic '" + td.name + "' partition " + std::to_string(pd.index) + " does not exist" +
                             (b.config().autoCreateTopics ? "" : " and auto.create.topics.enable is false"));
                spdlog::info("produce from {} to unknown {}-{} rejected", req.peer, td.name, pd.index);
                continue;
            }
            if (!topicInfo) topicInfo = b.logs().topic(td.name);
            if (!pd.records || pd.records->empty()) {
                setError(pr, ErrorCode::CorruptMessage, "produce request carries no records");
                continue;
            }
            size_t maxBytes = topicInfo ? static_cast<size_t>(topicInfo->config.maxMessageBytes()) : 1048588u;
            std::vector<protocol::BatchSpan> spans;
            auto check = protocol::validateBatches(*pd.records, maxBytes, spans);
            if (!check.ok()) {
                setError(pr, check.code, check.message);
                spdlog::warn("produce from {} to {}-{} rejected: {} ({})", req.peer, td.name, pd.index, check.message,
                             protocol::errorName(check.code));
                continue;
            }
            bool txn = false;
            for (const auto& s : spans) txn |= s.header.isTransactional() || s.header.isControl();
            if (txn) {
                setError(pr, ErrorCode::InvalidRecord, "transactional and control batches are not supported by this node");
                continue;
            }
            if (topicInfo && topicInfo->config.compact() && hasRecordWithoutKey(*pd.records, spans)) {
                setError(pr, ErrorCode::InvalidRecord, "Compacted topic cannot accept message without key");
                continue;
            }
            if (topicInfo && !validateSchemas(b, td.name, topicInfo->config, *pd.records, spans, pr)) {
                if (b.cluster && b.awaitSchemas && b.recordValidator && b.recordValidator->missedSchema()) {
                    // The schema may have been registered through another node
                    // an instant ago: this node's copy of _schemas learns it
                    // within a heartbeat. Check again as it catches up.
                    pr = ProduceResponse::PartitionResponse{};
                    pr.index = pd.index;
                    state->outstanding++;
                    deferValidation(state, ti, pi, td.name, *pd.records, std::move(spans), log, topicInfo->config,
                                    msg.acks, msg.timeoutMs);
                    continue;
                }
                spdlog::info("produce from {} to {}-{} rejected: {}", req.peer, td.name, pd.index, *pr.errorMessage);
                continue;
            }
            appendPartition(state, ti, pi, td.name, *pd.records, std::move(spans), log, msg.acks, msg.timeoutMs);
        }
    }
    if (state->acks0) req.noReply();
    state->finishOne();
}

}  // namespace plexus::handlers

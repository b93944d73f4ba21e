#include <boost/asio/post.hpp>

#include "broker/groups/offsets_format.h"
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
            if (groups::isInternalTopic(td.name)) {
                setError(pr, ErrorCode::InvalidTopicException, "Cannot append to internal topic " + td.name);
                continue;
            }
            auto log = b.partitionFor(td.name, pd.index, true);
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
            int64_t records = 0;
            for (const auto& s : spans) {
                txn |= s.header.isTransactional() || s.header.isControl();
                records += s.header.recordCount;
            }
            if (txn) {
                setError(pr, ErrorCode::InvalidRecord, "transactional and control batches are not supported by this node");
                continue;
            }
            if (topicInfo && topicInfo->config.compact() && hasRecordWithoutKey(*pd.records, spans)) {
                setError(pr, ErrorCode::InvalidRecord, "Compacted topic cannot accept message without key");
                continue;
            }
            if (topicInfo && !validateSchemas(b, td.name, topicInfo->config, *pd.records, spans, pr)) {
                spdlog::info("produce from {} to {}-{} rejected: {}", req.peer, td.name, pd.index, *pr.errorMessage);
                continue;
            }
            std::string payload(reinterpret_cast<const char*>(pd.records->data()), pd.records->size());
            int64_t bytes = static_cast<int64_t>(payload.size());
            state->outstanding++;
            // Network thread: fills in the partition's answer.
            auto finish = [state, ti, pi, &b, topic = td.name, bytes, records](ErrorCode code, const std::string& message,
                                                                              int64_t baseOffset, int64_t logStart) {
                auto& out = state->resp.responses[ti].partitionResponses[pi];
                out.logStartOffset = logStart;
                if (code == ErrorCode::None) {
                    out.baseOffset = baseOffset;
                    b.metrics().recordBytesIn(topic, bytes, records);
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
                // Replicated: the partition's Raft leader appends; acks=all
                // answers once a majority holds the batches durably.
                b.cluster->produce(td.name, pd.index, std::move(payload), std::move(spans), msg.acks, msg.timeoutMs,
                                   [finish](replication::ProduceOutcome r) {
                                       finish(r.code, r.message, r.baseOffset, r.logStartOffset);
                                   });
                continue;
            }
            log->append(std::move(payload), std::move(spans), [finish, &b](const storage::AppendResult& r) {
                boost::asio::post(b.io(), [finish, r] { finish(r.code, r.message, r.baseOffset, r.logStartOffset); });
            });
        }
    }
    if (state->acks0) req.noReply();
    state->finishOne();
}

}  // namespace plexus::handlers

#include "broker/services/internal_topics.h"

#include <array>
#include <chrono>

#include "broker/protocol/record_batch.h"
#include "broker/services/replication.h"

namespace plexus::services {

namespace {
constexpr int32_t kWriteTimeoutMs = 30000;

const std::array<InternalTopic, 2> kInternalTopics{{
    {kOffsetsTopic, true},
    {kSchemasTopic, false},
}};
}  // namespace

const InternalTopic* internalTopic(std::string_view name) {
    for (const auto& t : kInternalTopics)
        if (t.name == name) return &t;
    return nullptr;
}

void InternalTopicWriter::append(const std::string& topic, int32_t partition,
                                 const std::vector<protocol::OwnedRecord>& records, Done done) {
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string batch = protocol::encodeSimpleBatch(records, now);
    std::vector<protocol::BatchSpan> spans;
    auto check = protocol::validateBatches(
        protocol::BytesView(reinterpret_cast<const uint8_t*>(batch.data()), batch.size()), batch.size(), spans);
    if (!check.ok()) return done(protocol::ErrorCode::UnknownServerError, "built a bad batch: " + check.message, -1);
    m_replication.append(topic, partition, std::move(batch), std::move(spans), -1, kWriteTimeoutMs,
                         [done = std::move(done)](WriteOutcome o) { done(o.code, o.message, o.baseOffset); });
}

}  // namespace plexus::services

#include "broker/server/internal_topics.h"

#include <array>
#include <chrono>

#include <boost/asio/post.hpp>

#include "broker/groups/offsets_format.h"
#include "broker/protocol/record_batch.h"
#include "broker/replication/cluster_manager.h"
#include "broker/server/broker.h"
#include "broker/storage/partition_log.h"

namespace plexus::server {

namespace {
constexpr int32_t kWriteTimeoutMs = 30000;

const std::array<InternalTopic, 2> kInternalTopics{{
    {groups::kOffsetsTopic, true},
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
    if (m_broker.cluster) {
        m_broker.cluster->produce(topic, partition, std::move(batch), std::move(spans), -1, kWriteTimeoutMs,
                                  [done = std::move(done)](replication::ProduceOutcome o) {
                                      done(o.code, o.message, o.baseOffset);
                                  });
        return;
    }
    auto log = m_broker.logs().partition(topic, partition);
    if (!log)
        return done(protocol::ErrorCode::UnknownTopicOrPartition,
                    topic + " partition " + std::to_string(partition) + " does not exist", -1);
    log->append(std::move(batch), std::move(spans), [io = &m_broker.io(), done = std::move(done)](const storage::AppendResult& r) {
        boost::asio::post(*io, [done, r] { done(r.code, r.message, r.baseOffset); });
    });
}

}  // namespace plexus::server

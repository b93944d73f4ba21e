// The partition, topic and group services in process, without a whole node:
// a Broker core (real storage in a temporary directory), the node-alone
// Replication/Controller/Routing (LocalNode), and the services over them,
// exactly as broker/node/node.cpp composes them; no sockets, no handlers.
// The io_context is run by the test itself, so every completion is checked
// where it lands.
#include <QtTest>

#include <chrono>
#include <optional>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "broker/groups/group_coordinator.h"
#include "broker/handlers/errors.h"
#include "broker/protocol/batch_builder.h"
#include "broker/server/broker.h"
#include "broker/services/errors.h"
#include "broker/services/internal_topics.h"
#include "broker/services/local_node.h"
#include "broker/services/partition_service.h"
#include "broker/services/topic_service.h"
#include "broker/storage/errors.h"
#include "broker/storage/partition_log.h"

using namespace plexus;
using protocol::ErrorCode;
using services::PartitionService;

namespace {

std::string batchOf(std::vector<protocol::OwnedRecord> records) {
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return protocol::encodeSimpleBatch(records, now);
}

protocol::BytesView view(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

}  // namespace

class TestServices : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    boost::asio::io_context m_io;
    std::unique_ptr<server::Broker> m_core;
    std::unique_ptr<services::LocalNode> m_local;
    std::unique_ptr<services::InternalTopicWriter> m_writer;
    std::unique_ptr<groups::GroupCoordinator> m_groups;
    std::unique_ptr<services::PartitionService> m_partitions;
    std::unique_ptr<services::TopicService> m_topics;

    /// Runs the io_context until `done` holds (or 10 s pass).
    template <class Pred> bool runUntil(Pred done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            m_io.restart();
            m_io.run_for(std::chrono::milliseconds(5));
        }
        return true;
    }

    Status createTopic(services::NewTopic t, bool validateOnly = false) {
        std::optional<Status> out;
        m_topics->create(std::move(t), validateOnly, [&](Status s) { out = s; });
        if (!runUntil([&] { return out.has_value(); })) return Status::error("CreateTopics did not complete");
        return *out;
    }

    PartitionService::ProduceResult produce(const std::string& topic, int32_t partition, const std::string& batch,
                                            bool mayCreate = false) {
        std::optional<PartitionService::ProduceResult> out;
        m_partitions->produce(topic, partition, view(batch), -1, 5000, mayCreate, "test",
                              [&](PartitionService::ProduceResult r) { out = std::move(r); });
        if (!runUntil([&] { return out.has_value(); })) {
            PartitionService::ProduceResult timedOut;
            timedOut.code = ErrorCode::RequestTimedOut;
            timedOut.message = "produce did not complete";
            return timedOut;
        }
        return *out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        server::NodeConfig cfg;
        cfg.dataDir = m_dir.path().toStdString();
        cfg.numPartitions = 2;
        cfg.offsetsTopicPartitions = 3;
        cfg.groupInitialRebalanceDelayMs = 0;
        m_core = std::make_unique<server::Broker>(cfg, m_io);
        Status s = m_core->start();
        QVERIFY2(s.isOk(), s.message().c_str());
        m_local = std::make_unique<services::LocalNode>(m_core->config(), m_core->logs(), m_io, m_core->kafkaBound);
        m_writer = std::make_unique<services::InternalTopicWriter>(*m_local);
        groups::CoordinatorConfig gc;
        gc.offsetsPartitions = 3;
        gc.initialRebalanceDelayMs = 0;
        m_groups = std::make_unique<groups::GroupCoordinator>(*m_core, *m_writer, gc);
        s = m_groups->load();
        QVERIFY2(s.isOk(), s.message().c_str());
        m_partitions = std::make_unique<services::PartitionService>(m_core->config(), m_core->logs(), *m_local, *m_local,
                                                                    m_core->metrics());
        m_topics = std::make_unique<services::TopicService>(m_core->config(), *m_local);
    }

    void cleanupTestCase() {
        m_groups->stop();
        m_core->stop();
        m_topics.reset();
        m_partitions.reset();
        m_groups.reset();
        m_writer.reset();
        m_local.reset();
        m_core.reset();
    }

    // ---- the topic service

    void createTakesTheNodeDefaults() {
        Status s = createTopic({"labs", -1, -1, {}, {}});
        QVERIFY2(s.isOk(), s.message().c_str());
        auto info = m_core->logs().topic("labs");
        QVERIFY(info);
        QCOMPARE(info->partitionCount, 2);  // num.partitions
    }

    void createRefusalsCarryTheirCodes() {
        Status again = createTopic({"labs", 1, 1, {}, {}});
        QCOMPARE(again.code(), std::error_code(storage::Errc::TopicExists));
        QCOMPARE(handlers::kafkaError(again), ErrorCode::TopicAlreadyExists);

        Status rf = createTopic({"labs.rf", 1, 3, {}, {}});
        QCOMPARE(rf.code(), std::error_code(services::Errc::InvalidReplicationFactor));
        QCOMPARE(handlers::kafkaError(rf), ErrorCode::InvalidReplicationFactor);
        QVERIFY(!m_core->logs().topic("labs.rf"));

        Status elsewhere = createTopic({"labs.placed", -1, -1, {}, {{7}}});
        QCOMPARE(handlers::kafkaError(elsewhere), ErrorCode::InvalidReplicaAssignment);
        Status both = createTopic({"labs.both", 2, -1, {}, {{0}}});
        QCOMPARE(handlers::kafkaError(both), ErrorCode::InvalidRequest);

        Status name = createTopic({"bad/name", 1, 1, {}, {}});
        QCOMPARE(handlers::kafkaError(name), ErrorCode::InvalidTopicException);
        Status config = createTopic({"labs.cfg", 1, 1, {{"cleanup.policy", "shred"}}, {}});
        QCOMPARE(handlers::kafkaError(config), ErrorCode::InvalidConfig);

        Status validated = createTopic({"labs.dry", 1, 1, {}, {}}, /*validateOnly=*/true);
        QVERIFY2(validated.isOk(), validated.message().c_str());
        QVERIFY(!m_core->logs().topic("labs.dry"));
    }

    void internalTopicsKeepTheirShape() {
        Status s = m_groups->ensureOffsetsTopic();
        QVERIFY2(s.isOk(), s.message().c_str());
        std::optional<Status> removed, grown;
        m_topics->remove(services::kOffsetsTopic, [&](Status r) { removed = r; });
        m_topics->addPartitions(services::kOffsetsTopic, 10, std::nullopt, false, [&](Status r) { grown = r; });
        QVERIFY(runUntil([&] { return removed && grown; }));
        QCOMPARE(handlers::kafkaError(*removed), ErrorCode::InvalidTopicException);
        QCOMPARE(handlers::kafkaError(*grown), ErrorCode::InvalidPartitions);
        QCOMPARE(m_core->logs().topic(services::kOffsetsTopic)->partitionCount, 3);
    }

    // ---- the partition service

    void produceReadAndListOffsets() {
        auto first = produce("labs", 0, batchOf({{"k1", "v1"}, {"k2", "v2"}}));
        QCOMPARE(first.code, ErrorCode::None);
        QCOMPARE(first.baseOffset, int64_t(0));
        auto second = produce("labs", 0, batchOf({{"k3", "v3"}}));
        QCOMPARE(second.code, ErrorCode::None);
        QCOMPARE(second.baseOffset, int64_t(2));

        auto latest = m_partitions->listOffset("labs", 0, PartitionService::kLatest);
        QCOMPARE(latest.code, ErrorCode::None);
        QCOMPARE(latest.offset, int64_t(3));
        QCOMPARE(latest.leaderEpoch, 0);
        auto earliest = m_partitions->listOffset("labs", 0, PartitionService::kEarliest);
        QCOMPARE(earliest.offset, int64_t(0));
        QCOMPARE(m_partitions->listOffset("labs", 0, -7).code, ErrorCode::InvalidRequest);
        QCOMPARE(m_partitions->listOffset("labs", 9, PartitionService::kLatest).code, ErrorCode::UnknownTopicOrPartition);

        auto rr = m_partitions->read("labs", 0, 0, 1 << 20, true);
        QCOMPARE(rr.code, ErrorCode::None);
        QCOMPARE(rr.recordCount, int64_t(3));
        QCOMPARE(rr.highWatermark, int64_t(3));
        auto offsetsOnly = m_partitions->read("labs", 0, 0, 0, false);
        QVERIFY(offsetsOnly.records.empty());
        QCOMPARE(offsetsOnly.highWatermark, int64_t(3));
        auto unknown = m_partitions->read("nope", 0, 0, 1024, true);
        QCOMPARE(unknown.code, ErrorCode::UnknownTopicOrPartition);
        QCOMPARE(unknown.highWatermark, int64_t(-1));
        std::string metrics;
        m_core->metrics().render(metrics);
        QVERIFY2(metrics.find("plexus_topic_records_in_total{topic=\"labs\"} 3\n") != std::string::npos, metrics.c_str());
    }

    void produceRefusals() {
        auto internal = produce(services::kSchemasTopic, 0, batchOf({{"k", "v"}}));
        QCOMPARE(internal.code, ErrorCode::InvalidTopicException);
        auto unknown = produce("not.there", 0, batchOf({{"k", "v"}}), /*mayCreate=*/false);
        QCOMPARE(unknown.code, ErrorCode::UnknownTopicOrPartition);
        QVERIFY(!m_core->logs().topic("not.there"));
        auto empty = produce("labs", 0, std::string());
        QCOMPARE(empty.code, ErrorCode::CorruptMessage);
        std::string corrupt = batchOf({{"k", "v"}});
        corrupt[corrupt.size() - 1] ^= 0x55;  // the CRC no longer matches
        QCOMPARE(produce("labs", 0, corrupt).code, ErrorCode::CorruptMessage);

        QVERIFY(createTopic({"labs.compacted", 1, 1, {{"cleanup.policy", "compact"}}, {}}).isOk());
        auto keyless = produce("labs.compacted", 0, batchOf({{std::nullopt, "v"}}));
        QCOMPARE(keyless.code, ErrorCode::InvalidRecord);
        QCOMPARE(m_partitions->listOffset("labs.compacted", 0, PartitionService::kLatest).offset, int64_t(0));
    }

    void produceAutoCreatesWhenAllowed() {
        auto made = produce("auto.made", 1, batchOf({{"k", "v"}}), /*mayCreate=*/true);
        QCOMPARE(made.code, ErrorCode::None);
        QCOMPARE(m_core->logs().topic("auto.made")->partitionCount, 2);
    }

    void epochEndAndFencing() {
        auto end = m_partitions->epochEnd("labs", 0, -1, 0);
        QCOMPARE(end.code, ErrorCode::None);
        QCOMPARE(end.epoch, 0);
        QCOMPARE(end.endOffset, int64_t(3));
        QCOMPARE(m_partitions->epochEnd("labs", 0, 4, 0).code, ErrorCode::UnknownLeaderEpoch);
    }

    void deleteRecordsMovesTheLogStart() {
        std::optional<services::WriteOutcome> out, internal;
        m_partitions->deleteRecords("labs", 0, 2, 5000, [&](services::WriteOutcome o) { out = o; });
        m_partitions->deleteRecords(services::kOffsetsTopic, 0, -1, 5000, [&](services::WriteOutcome o) { internal = o; });
        QVERIFY(runUntil([&] { return out && internal; }));
        QCOMPARE(out->code, ErrorCode::None);
        QCOMPARE(out->logStartOffset, int64_t(2));
        QCOMPARE(m_partitions->listOffset("labs", 0, PartitionService::kEarliest).offset, int64_t(2));
        QCOMPARE(internal->code, ErrorCode::InvalidTopicException);
        std::optional<services::WriteOutcome> beyond;
        m_partitions->deleteRecords("labs", 0, 99, 5000, [&](services::WriteOutcome o) { beyond = o; });
        QVERIFY(runUntil([&] { return beyond.has_value(); }));
        QCOMPARE(beyond->code, ErrorCode::OffsetOutOfRange);
    }

    // ---- the group service

    void groupCommitsGoThroughTheInternalWriter() {
        const std::string group = "lab-readers";
        QVERIFY(m_groups->coordinates(group));
        const int32_t offsetsPartition = m_groups->partitionFor(group);
        const int64_t before =
            m_partitions->listOffset(services::kOffsetsTopic, offsetsPartition, PartitionService::kLatest).offset;
        groups::CommitRequest cr;
        cr.groupId = group;  // a simple (standalone) consumer: no generation
        cr.entries.push_back({{"labs", 0}, 3, -1, std::string("m")});
        std::optional<std::vector<ErrorCode>> errors;
        m_groups->commitOffsets(cr, [&](std::vector<ErrorCode> e) { errors = std::move(e); });
        QVERIFY(runUntil([&] { return errors.has_value(); }));
        QCOMPARE(errors->size(), size_t(1));
        QCOMPARE(errors->at(0), ErrorCode::None);
        // The commit is a record in the group's __consumer_offsets partition.
        QVERIFY(m_partitions->listOffset(services::kOffsetsTopic, offsetsPartition, PartitionService::kLatest).offset > before);
        auto fetched = m_groups->fetchOffsets(group, std::vector<groups::TopicPartition>{{"labs", 0}, {"labs", 1}});
        QCOMPARE(fetched.error, ErrorCode::None);
        QCOMPARE(fetched.entries.size(), size_t(2));
        QCOMPARE(fetched.entries[0].committed.offset, int64_t(3));
        QCOMPARE(QString::fromStdString(fetched.entries[0].committed.metadata), QString("m"));
        QCOMPARE(fetched.entries[1].committed.offset, int64_t(-1));
    }

    void groupJoinSyncAndLeave() {
        groups::JoinRequest jr;
        jr.groupId = "lab-consumers";
        jr.clientId = "test";
        jr.clientHost = "/127.0.0.1";
        jr.sessionTimeoutMs = 10000;
        jr.rebalanceTimeoutMs = 10000;
        jr.protocolType = "consumer";
        jr.protocols = {{"range", "meta"}};
        std::optional<groups::JoinResult> joined;
        m_groups->join(jr, [&](groups::JoinResult r) { joined = std::move(r); });
        QVERIFY(runUntil([&] { return joined.has_value(); }));
        QCOMPARE(joined->error, ErrorCode::None);
        QCOMPARE(joined->generationId, 1);
        QCOMPARE(joined->leader, joined->memberId);
        QCOMPARE(joined->members.size(), size_t(1));

        groups::SyncRequest sr;
        sr.groupId = jr.groupId;
        sr.generationId = joined->generationId;
        sr.memberId = joined->memberId;
        sr.assignments = {{joined->memberId, "assigned"}};
        std::optional<groups::SyncResult> synced;
        m_groups->sync(sr, [&](groups::SyncResult r) { synced = std::move(r); });
        QVERIFY(runUntil([&] { return synced.has_value(); }));
        QCOMPARE(synced->error, ErrorCode::None);
        QCOMPARE(QString::fromStdString(synced->assignment), QString("assigned"));
        QCOMPARE(m_groups->describe(jr.groupId).state, groups::GroupState::Stable);
        QCOMPARE(m_groups->heartbeat(jr.groupId, joined->memberId, std::nullopt, 1), ErrorCode::None);
        QCOMPARE(m_groups->heartbeat(jr.groupId, joined->memberId, std::nullopt, 7), ErrorCode::IllegalGeneration);

        auto left = m_groups->leave(jr.groupId, {{joined->memberId, std::nullopt}});
        QCOMPARE(left.error, ErrorCode::None);
        QVERIFY(runUntil([&] { return m_groups->describe(jr.groupId).state == groups::GroupState::Empty; }));
    }
};

QTEST_GUILESS_MAIN(TestServices)
#include "test_services.moc"

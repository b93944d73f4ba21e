// Hand-made frames against a real plexusd.
// Bad input: every case gets the protocol's error code or a closed connection
// plus a log line, the node keeps serving other clients, and data
// acknowledged before the abuse is still there after it.
// Protocol semantics no well-behaved client exposes directly: idempotent
// sequence checks, Fetch long polling (max_wait_ms, min_bytes), error
// partitions carrying an empty record set.
#include <QElapsedTimer>
#include <QtTest>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/error_code.h"
#include "tests/support/plexus_node.h"
#include "tests/support/raw_client.h"

using namespace plexus;
using namespace plexus::protocol;
using plexus::test::RawClient;

namespace {

ProduceRequest produceOne(const std::string& topic, int32_t partition, const std::string& batch, int16_t acks = -1) {
    ProduceRequest req;
    req.acks = acks;
    req.timeoutMs = 10000;
    ProduceRequest::PartitionData pd;
    pd.index = partition;
    pd.records = BytesView(reinterpret_cast<const uint8_t*>(batch.data()), batch.size());
    req.topicData.push_back({topic, {pd}});
    return req;
}

}  // namespace

class TestRawProtocol : public QObject {
    Q_OBJECT
    std::unique_ptr<test::PlexusNode> m_node;
    std::string m_ackedBatch;
    int64_t m_ackedOffset = -1;

    void connect(RawClient& c) { QVERIFY(c.connect(m_node->kafkaHost(), m_node->kafkaPort())); }

    /// A well-behaved request still works on a fresh connection.
    void assertNodeServes() {
        QVERIFY2(m_node->running(), m_node->log().constData());
        RawClient c;
        QVERIFY(c.connect(m_node->kafkaHost(), m_node->kafkaPort()));
        auto resp = c.call<ApiVersionsRequest, ApiVersionsResponse>(18, 0, ApiVersionsRequest{});
        QVERIFY(resp.has_value());
        QCOMPARE(resp->errorCode, int16_t(0));
    }

    void assertLogMentions(const char* text) {
        QTRY_VERIFY2_WITH_TIMEOUT(m_node->log().contains(text), (QByteArray("log lacks: ") + text + "\n" + m_node->log()).constData(), 5000);
    }

    std::optional<ProduceResponse::PartitionResponse> produce(const std::string& topic, const std::string& batch, int16_t acks = -1) {
        RawClient c;
        if (!c.connect(m_node->kafkaHost(), m_node->kafkaPort())) return std::nullopt;
        auto resp = c.call<ProduceRequest, ProduceResponse>(0, 8, produceOne(topic, 0, batch, acks));
        if (!resp || resp->responses.size() != 1 || resp->responses[0].partitionResponses.size() != 1) return std::nullopt;
        return resp->responses[0].partitionResponses[0];
    }

    int64_t highWatermark(const std::string& topic) {
        RawClient c;
        if (!c.connect(m_node->kafkaHost(), m_node->kafkaPort())) return -100;
        ListOffsetsRequest req;
        req.topics.push_back({topic, {{0, -1, -1, 1}}});
        auto resp = c.call<ListOffsetsRequest, ListOffsetsResponse>(2, 1, req);
        if (!resp) return -100;
        return resp->topics.at(0).partitions.at(0).offset;
    }

private slots:
    void initTestCase() {
        m_node = std::make_unique<test::PlexusNode>(QStringList{"--set", "auto.create.topics.enable=false", "--set",
                                                                "socket.request.max.bytes=1048576"});
        QString err;
        QVERIFY2(m_node->start(&err), qPrintable(err));
        RawClient c;
        connect(c);
        CreateTopicsRequest ct;
        CreateTopicsRequest::Topic t;
        t.name = "safe";
        t.numPartitions = 1;
        t.replicationFactor = 1;
        t.configs.push_back({"max.message.bytes", std::string("4096")});
        ct.topics.push_back(t);
        auto created = c.call<CreateTopicsRequest, CreateTopicsResponse>(19, 4, ct);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).errorCode, int16_t(0));
        m_ackedBatch = test::buildBatch({{"k", "acknowledged before the abuse", {}, 0}});
        auto pr = produce("safe", m_ackedBatch);
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, int16_t(0));
        m_ackedOffset = pr->baseOffset;
    }

    /// Each frame closes the connection with one log line, and the node
    /// goes on serving others.
    void badFrameClosesTheConnection_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("logLine");
        QTest::newRow("negative length") << QByteArray::fromHex("ffffffff") << QByteArray("frame length -1 is outside");
        // 2 MiB > the 1 MiB limit, no body sent: refused before allocating.
        QTest::newRow("length above limit") << QByteArray::fromHex("00200000")
                                            << QByteArray("frame length 2097152 is outside 0..1048576");
        QTest::newRow("HTTP on the Kafka port") << QByteArray("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
                                                << QByteArray("HTTP request on the Kafka port");
        QTest::newRow("too short for a header") << QByteArray::fromHex("0000000300120000")
                                                << QByteArray("too short for a request header");
        QTest::newRow("unknown API key") << RawClient::frame(999, 0, 1, {}) << QByteArray("unknown API key 999");
        QTest::newRow("unsupported version") << RawClient::frame(0, 99, 1, {})
                                             << QByteArray("Produce v99 is not supported; this node serves v3..v8");
        // Metadata v1 whose topic array claims a million entries.
        QTest::newRow("malformed body") << RawClient::frame(3, 1, 5, {0x00, 0x0f, 0x42, 0x40, 0x00})
                                        << QByteArray("malformed Metadata v1 request");
    }
    void badFrameClosesTheConnection() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, logLine);
        RawClient c;
        connect(c);
        QVERIFY(c.sendRaw(bytes));
        QVERIFY(c.waitClosed());
        assertLogMentions(logLine.constData());
        assertNodeServes();
    }

    void truncatedFrameIsLoggedAndDropped() {
        {
            RawClient c;
            connect(c);
            QVERIFY(c.sendRaw(QByteArray::fromHex("00000064") + QByteArray(10, 'x')));  // 100 promised, 10 sent
        }  // disconnect
        assertLogMentions("truncated frame");
        assertNodeServes();
    }

    void apiVersionsTooNewGetsError35AndTheList() {
        RawClient c;
        connect(c);
        QVERIFY(c.sendRaw(RawClient::frame(18, 42, 77, {})));
        auto f = c.readFrame();
        QVERIFY(f.has_value());
        Reader r(reinterpret_cast<const uint8_t*>(f->data()), static_cast<size_t>(f->size()));
        QCOMPARE(r.i32(), 77);
        ApiVersionsResponse resp;
        QVERIFY(decodeMessage(r, resp, 0, false));  // v0 layout
        QCOMPARE(resp.errorCode, int16_t(35));
        bool hasProduce = false;
        for (auto& k : resp.apiKeys) hasProduce |= (k.apiKey == 0 && k.minVersion == 3 && k.maxVersion == 8);
        QVERIFY(hasProduce);
    }

    void badCrcIsCorruptMessageAndNothingIsWritten() {
        int64_t before = highWatermark("safe");
        auto batch = test::buildBatch({{"k", "v", {}, 0}});
        batch[batch.size() - 1] ^= 0x55;
        auto pr = produce("safe", batch);
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, wire(ErrorCode::CorruptMessage));
        QVERIFY(pr->errorMessage && pr->errorMessage->find("CRC") != std::string::npos);
        QCOMPARE(highWatermark("safe"), before);
        assertLogMentions("CRC-32C mismatch");
    }

    void batchOverMaxMessageBytesIsRejected() {
        int64_t before = highWatermark("safe");
        auto pr = produce("safe", test::buildBatch({{"k", std::string(8000, 'x'), {}, 0}}));
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, wire(ErrorCode::MessageTooLarge));
        QCOMPARE(highWatermark("safe"), before);
    }

    void produceToUnknownTopicWithoutAutoCreate() {
        auto pr = produce("nowhere", test::buildBatch({{"k", "v", {}, 0}}));
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, wire(ErrorCode::UnknownTopicOrPartition));
        assertLogMentions("produce from");
        RawClient c;
        connect(c);
        MetadataRequest md;
        md.topics = std::vector<MetadataRequest::Topic>{{"nowhere"}};
        auto resp = c.call<MetadataRequest, MetadataResponse>(3, 4, md);
        QVERIFY(resp.has_value());
        QCOMPARE(resp->topics.at(0).errorCode, wire(ErrorCode::UnknownTopicOrPartition));
    }

    void invalidAcksIsRejected() {
        auto pr = produce("safe", test::buildBatch({{"k", "v", {}, 0}}), 2);
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, wire(ErrorCode::InvalidRequiredAcks));
    }

    void idempotentGapAndDuplicate() {
        RawClient c;
        connect(c);
        auto pid = c.call<InitProducerIdRequest, InitProducerIdResponse>(22, 1, InitProducerIdRequest{});
        QVERIFY(pid.has_value());
        QCOMPARE(pid->errorCode, int16_t(0));
        QVERIFY(pid->producerId >= 0);
        test::BatchOptions o{.producerId = pid->producerId, .producerEpoch = pid->producerEpoch, .baseSequence = 0};
        auto first = test::buildBatch({{"a", "1", {}, 0}, {"b", "2", {}, 0}}, o);
        auto p1 = produce("safe", first);
        QVERIFY(p1.has_value());
        QCOMPARE(p1->errorCode, int16_t(0));
        auto again = produce("safe", first);
        QVERIFY(again.has_value());
        QCOMPARE(again->errorCode, int16_t(0));
        QCOMPARE(again->baseOffset, p1->baseOffset);
        o.baseSequence = 10;
        auto gap = produce("safe", test::buildBatch({{"c", "3", {}, 0}}, o));
        QVERIFY(gap.has_value());
        QCOMPARE(gap->errorCode, wire(ErrorCode::OutOfOrderSequenceNumber));
        auto pid2 = c.call<InitProducerIdRequest, InitProducerIdResponse>(22, 1, InitProducerIdRequest{});
        QVERIFY(pid2->producerId != pid->producerId);
    }

    void fetchOutOfRangeCarriesAnEmptyRecordSet() {
        // librdkafka treats a null record set as a parse failure and never
        // resets its offset, so an error partition must still carry records.
        RawClient c;
        connect(c);
        FetchRequest fr;
        fr.maxWaitMs = 0;
        fr.maxBytes = 1 << 20;
        fr.topics.push_back({"safe", {{0, -1, 1000000, -1, 1 << 20}}});
        auto resp = c.call<FetchRequest, FetchResponse>(1, 4, fr);
        QVERIFY(resp.has_value());
        const auto& p = resp->responses.at(0).partitions.at(0);
        QCOMPARE(p.errorCode, wire(ErrorCode::OffsetOutOfRange));
        QVERIFY(p.records.has_value());
        QCOMPARE(p.records->data.size(), size_t(0));
    }

    void acksZeroGetsNoResponseButIsWritten() {
        int64_t before = highWatermark("safe");
        RawClient c;
        connect(c);
        auto batch = test::buildBatch({{"k", "fire and forget", {}, 0}});
        protocol::Writer body;
        protocol::encodeMessage(body, produceOne("safe", 0, batch, 0), 8, false);
        QVERIFY(c.sendRaw(RawClient::frame(0, 8, 500, body.buffer())));
        // The next answer on this connection belongs to the next request.
        auto versions = c.call<ApiVersionsRequest, ApiVersionsResponse>(18, 0, ApiVersionsRequest{});
        QVERIFY2(versions.has_value(), "the acks=0 produce was answered (correlation id mismatch) or the connection broke");
        QTRY_COMPARE_WITH_TIMEOUT(highWatermark("safe"), before + 1, 5000);
    }

    void fetchLongPollWaitsForMaxWaitThenWakesOnData() {
        int64_t hw = highWatermark("safe");
        FetchRequest fr;
        fr.maxWaitMs = 1500;
        fr.minBytes = 1;
        fr.maxBytes = 1 << 20;
        fr.topics.push_back({"safe", {{0, -1, hw, -1, 1 << 20}}});

        // No data: the answer comes after max_wait_ms, empty.
        RawClient idle;
        connect(idle);
        QElapsedTimer t;
        t.start();
        auto empty = idle.call<FetchRequest, FetchResponse>(1, 11, fr);
        QVERIFY(empty.has_value());
        QVERIFY2(t.elapsed() >= 1400, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(empty->responses.at(0).partitions.at(0).records->data.size(), size_t(0));

        // Data arrives while the fetch is parked: the answer comes with it, early.
        RawClient waiting;
        connect(waiting);
        fr.maxWaitMs = 10000;
        protocol::Writer body;
        protocol::encodeMessage(body, fr, 11, false);
        QVERIFY(waiting.sendRaw(RawClient::frame(1, 11, 99, body.buffer())));
        QTest::qWait(300);
        auto pr = produce("safe", test::buildBatch({{"k", "wakes the fetch", {}, 0}}));
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, int16_t(0));
        t.restart();
        auto f = waiting.readFrame(9000);
        QVERIFY(f.has_value());
        QVERIFY2(t.elapsed() < 5000, "a parked fetch was not woken by the append");
        Reader r(reinterpret_cast<const uint8_t*>(f->data()), static_cast<size_t>(f->size()));
        QCOMPARE(r.i32(), 99);
        FetchResponse resp;
        QVERIFY(decodeMessage(r, resp, 11, false));
        QVERIFY(resp.responses.at(0).partitions.at(0).records->data.find("wakes the fetch") != std::string::npos);
    }

    void answersOwedAreSentBeforeAProtocolErrorClose() {
        // A produce pipelined with garbage: the produce is acknowledged (it
        // was written), then the connection closes.
        int64_t before = highWatermark("safe");
        auto batch = test::buildBatch({{"k", "answered before the close", {}, 0}});
        protocol::Writer body;
        protocol::encodeMessage(body, produceOne("safe", 0, batch, -1), 8, false);
        RawClient c;
        connect(c);
        QVERIFY(c.sendRaw(RawClient::frame(0, 8, 321, body.buffer()) + RawClient::frame(999, 0, 322, {})));
        auto f = c.readFrame(10000);
        QVERIFY2(f.has_value(), "the produce answer was dropped when the connection closed");
        Reader r(reinterpret_cast<const uint8_t*>(f->data()), static_cast<size_t>(f->size()));
        QCOMPARE(r.i32(), 321);
        ProduceResponse resp;
        QVERIFY(decodeMessage(r, resp, 8, false));
        QCOMPARE(resp.responses.at(0).partitionResponses.at(0).errorCode, int16_t(0));
        QCOMPARE(resp.responses.at(0).partitionResponses.at(0).baseOffset, before);
        QVERIFY(c.waitClosed());
    }

    void fetchMinBytesZeroAnswersAtOnce() {
        FetchRequest fr;
        fr.maxWaitMs = 5000;
        fr.minBytes = 0;
        fr.maxBytes = 1 << 20;
        fr.topics.push_back({"safe", {{0, -1, highWatermark("safe"), -1, 1 << 20}}});
        RawClient c;
        connect(c);
        QElapsedTimer t;
        t.start();
        auto resp = c.call<FetchRequest, FetchResponse>(1, 11, fr);
        QVERIFY(resp.has_value());
        QVERIFY2(t.elapsed() < 2500, qPrintable(QString::number(t.elapsed())));
    }

    void fetchMaxBytesBoundsAllButTheFirstPartition() {
        RawClient c;
        connect(c);
        CreateTopicsRequest ct;
        CreateTopicsRequest::Topic t;
        t.name = "two-parts";
        t.numPartitions = 2;
        t.replicationFactor = 1;
        ct.topics.push_back(t);
        auto created = c.call<CreateTopicsRequest, CreateTopicsResponse>(19, 4, ct);
        QVERIFY(created.has_value());
        QCOMPARE(created->topics.at(0).errorCode, int16_t(0));
        for (int32_t p = 0; p < 2; ++p) {
            auto batch = test::buildBatch({{"k", std::string(3000, static_cast<char>('a' + p)), {}, 0}});
            auto produced = c.call<ProduceRequest, ProduceResponse>(0, 8, produceOne("two-parts", p, batch));
            QVERIFY(produced.has_value());
            QCOMPARE(produced->responses.at(0).partitionResponses.at(0).errorCode, int16_t(0));
        }
        FetchRequest fr;
        fr.maxWaitMs = 0;
        fr.maxBytes = 1000;  // smaller than either batch
        fr.topics.push_back({"two-parts", {{0, -1, 0, -1, 1 << 20}, {1, -1, 0, -1, 1 << 20}}});
        auto resp = c.call<FetchRequest, FetchResponse>(1, 11, fr);
        QVERIFY(resp.has_value());
        const auto& parts = resp->responses.at(0).partitions;
        QVERIFY(parts.at(0).records->data.size() > 3000);  // the first batch moves anyway
        QCOMPARE(parts.at(1).records->data.size(), size_t(0));  // the second waits for the next fetch
    }

    void fetchMinBytesHoldsSmallDataUntilMaxWait() {
        int64_t hw = highWatermark("safe");
        auto pr = produce("safe", test::buildBatch({{"k", "small", {}, 0}}));
        QVERIFY(pr.has_value());
        FetchRequest fr;
        fr.maxWaitMs = 1200;
        fr.minBytes = 1 << 20;  // far more than is there
        fr.maxBytes = 1 << 20;
        fr.topics.push_back({"safe", {{0, -1, hw, -1, 1 << 20}}});
        RawClient c;
        connect(c);
        QElapsedTimer t;
        t.start();
        auto resp = c.call<FetchRequest, FetchResponse>(1, 11, fr);
        QVERIFY(resp.has_value());
        QVERIFY2(t.elapsed() >= 1100, qPrintable(QString::number(t.elapsed())));
        QVERIFY(resp->responses.at(0).partitions.at(0).records->data.find("small") != std::string::npos);
    }

    void offsetForLeaderEpoch() {
        // A node running alone writes epoch 0: its end is the log end. A
        // client that believes in a newer epoch is told it is unknown; an
        // epoch the log has no batch at or below gets (-1, -1) semantics
        // only for epochs below the first, which cannot happen here.
        auto pr = produce("safe", test::buildBatch({{"e", "epoch zero", {}, 0}}));
        QVERIFY(pr.has_value());
        QCOMPARE(pr->errorCode, int16_t(0));
        const int64_t end = highWatermark("safe");
        RawClient c;
        connect(c);
        OffsetForLeaderEpochRequest req;
        req.topics.push_back({"safe", {{0, 0, 0}, {0, 1, 0}, {7, -1, 0}}});
        req.topics.push_back({"no-such-topic", {{0, -1, 0}}});
        auto resp = c.call<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(23, 3, req);
        QVERIFY(resp.has_value());
        const auto& ps = resp->topics.at(0).partitions;
        QCOMPARE(ps.at(0).errorCode, int16_t(0));
        QCOMPARE(ps.at(0).leaderEpoch, 0);
        QCOMPARE(ps.at(0).endOffset, end);
        QCOMPARE(ps.at(1).errorCode, wire(ErrorCode::UnknownLeaderEpoch));
        QCOMPARE(ps.at(2).errorCode, wire(ErrorCode::UnknownTopicOrPartition));
        QCOMPARE(resp->topics.at(1).partitions.at(0).errorCode, wire(ErrorCode::UnknownTopicOrPartition));
        // v0 has neither current epochs nor the epoch in the answer.
        OffsetForLeaderEpochRequest v0;
        v0.topics.push_back({"safe", {{0, -1, 0}}});
        auto old = c.call<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(23, 0, v0);
        QVERIFY(old.has_value());
        QCOMPARE(old->topics.at(0).partitions.at(0).endOffset, end);
    }

    void acknowledgedDataSurvivedAllOfIt() {
        RawClient c;
        connect(c);
        FetchRequest fr;
        fr.maxWaitMs = 0;
        fr.minBytes = 1;
        fr.maxBytes = 1 << 20;
        fr.topics.push_back({"safe", {{0, -1, m_ackedOffset, -1, 1 << 20}}});
        auto resp = c.call<FetchRequest, FetchResponse>(1, 11, fr);
        QVERIFY(resp.has_value());
        const auto& p = resp->responses.at(0).partitions.at(0);
        QCOMPARE(p.errorCode, int16_t(0));
        QVERIFY(p.records.has_value());
        const std::string& got = p.records->data;
        QVERIFY(got.size() >= m_ackedBatch.size());
        QCOMPARE(got.substr(16, m_ackedBatch.size() - 16), m_ackedBatch.substr(16));
        QVERIFY(m_node->running());
    }
};

QTEST_GUILESS_MAIN(TestRawProtocol)
#include "test_raw_protocol.moc"

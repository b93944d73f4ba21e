// Kafka primitive encodings and message codecs against byte vectors written
// out from the protocol specification.
#include <QtTest>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/messages.h"
#include "broker/protocol/request.h"
#include "broker/protocol/wire.h"

using namespace plexus::protocol;

namespace {
std::vector<uint8_t> bytes(std::initializer_list<int> v) {
    std::vector<uint8_t> out;
    for (int b : v) out.push_back(static_cast<uint8_t>(b));
    return out;
}
struct StringPair {
    std::string s = "abc";
    std::optional<std::string> n;
    template <class V> void fields(V& v) { v(s, 0); v(n, 0); }
};
struct IntArray {
    std::vector<int32_t> xs;
    template <class V> void fields(V& v) { v(xs, 0); }
};
struct OneString {
    std::string s;
    template <class V> void fields(V& v) { v(s, 0); }
};
}  // namespace

class TestWireCodec : public QObject {
    Q_OBJECT
private slots:
    void zigzagVarintsMatchTheSpec_data() {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("0") << qint64(0) << QByteArray::fromHex("00");
        QTest::newRow("-1") << qint64(-1) << QByteArray::fromHex("01");
        QTest::newRow("1") << qint64(1) << QByteArray::fromHex("02");
        QTest::newRow("-2") << qint64(-2) << QByteArray::fromHex("03");
        QTest::newRow("63") << qint64(63) << QByteArray::fromHex("7e");
        QTest::newRow("-64") << qint64(-64) << QByteArray::fromHex("7f");
        QTest::newRow("64") << qint64(64) << QByteArray::fromHex("8001");
        QTest::newRow("150") << qint64(150) << QByteArray::fromHex("ac02");
        QTest::newRow("int32 max") << qint64(2147483647) << QByteArray::fromHex("feffffff0f");
        QTest::newRow("int32 min") << qint64(-2147483648LL) << QByteArray::fromHex("ffffffff0f");
    }
    void zigzagVarintsMatchTheSpec() {
        QFETCH(qint64, value);
        QFETCH(QByteArray, encoded);
        Writer w;
        w.varint(static_cast<int32_t>(value));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(w.buffer().data()), static_cast<qsizetype>(w.size())), encoded);
        Reader r(reinterpret_cast<const uint8_t*>(encoded.data()), static_cast<size_t>(encoded.size()));
        QCOMPARE(qint64(r.varint()), value);
        QVERIFY(r.ok());
        QCOMPARE(r.remaining(), size_t(0));
    }

    void varlongRoundTripsExtremes() {
        for (int64_t v : {INT64_MIN, INT64_MIN + 1, int64_t(-1), int64_t(0), INT64_MAX}) {
            Writer w;
            w.varlong(v);
            Reader r(w.buffer().data(), w.size());
            QCOMPARE(r.varlong(), v);
            QVERIFY(r.ok());
        }
    }

    void overlongVarintIsRejected() {
        auto b = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
        Reader r(b.data(), b.size());
        r.varlong();
        QVERIFY(!r.ok());
    }

    void readerFailureIsSticky() {
        auto b = bytes({0x00, 0x01});
        Reader r(b.data(), b.size());
        QCOMPARE(r.i32(), 0);
        QVERIFY(!r.ok());
        QCOMPARE(r.i8(), int8_t(0));
        QCOMPARE(r.remaining(), size_t(0));
    }

    void classicAndCompactStrings() {
        StringPair msg;
        Writer classic;
        encodeMessage(classic, msg, 0, false);
        QCOMPARE(classic.buffer(), bytes({0x00, 0x03, 'a', 'b', 'c', 0xff, 0xff}));
        Writer compact;
        encodeMessage(compact, msg, 0, true);
        // compact length is N+1 as unsigned varint, null is 0, then an empty tagged-field section
        QCOMPARE(compact.buffer(), bytes({0x04, 'a', 'b', 'c', 0x00, 0x00}));
    }

    void arrayCountBeyondInputFailsBeforeAllocating() {
        // An int32 array claiming 2^31-1 elements, followed by 3 bytes.
        auto b = bytes({0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00});
        IntArray msg;
        Reader r(b.data(), b.size());
        QVERIFY(!decodeMessage(r, msg, 0, false));
        QVERIFY(msg.xs.capacity() < 16);
    }

    void negativeStringLengthInNonNullableFails() {
        auto b = bytes({0xff, 0xfe});
        Reader r(b.data(), b.size());
        OneString msg;
        QVERIFY(!decodeMessage(r, msg, 0, false));
    }

    void flexibleRequestHeaderV2() {
        // ApiVersions v3: api_key 18, version 3, correlation 7, client id "ab"
        // (classic int16 length even in header v2), empty tagged fields, then
        // the body: compact strings "c" and "1", empty tagged fields.
        auto b = bytes({0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07, 0x00, 0x02, 'a', 'b', 0x00,
                        0x02, 'c', 0x02, '1', 0x00});
        Reader r(b.data(), b.size());
        RequestHeader h;
        bool flexible = false;
        QVERIFY(parseRequestHeader(r, h, flexible));
        QVERIFY(flexible);
        QCOMPARE(h.apiKey, int16_t(18));
        QCOMPARE(h.correlationId, 7);
        QCOMPARE(*h.clientId, std::string("ab"));
        ApiVersionsRequest req;
        QVERIFY(decodeMessage(r, req, 3, true));
        QCOMPARE(req.clientSoftwareName, std::string("c"));
        QCOMPARE(req.clientSoftwareVersion, std::string("1"));
        QCOMPARE(r.remaining(), size_t(0));
    }

    void apiVersionsResponseUsesHeaderV0EvenWhenFlexible() {
        ApiVersionsResponse resp;
        resp.apiKeys.push_back({18, 0, 3});
        auto frame = encodeResponseFrame(9, 18, 3, true, resp);
        // size, correlation id, then directly the body: error 0, compact array of 1 (=2),
        // key 18 min 0 max 3 + tags, throttle 0, tags.
        auto expected = bytes({0x00, 0x00, 0x00, 0x13, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00,
                               0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
        QCOMPARE(frame, expected);
    }

    void metadataV1ResponseLayout() {
        MetadataResponse resp;
        resp.brokers.push_back({1, "h", 9092, std::nullopt});
        resp.controllerId = 1;
        MetadataResponse::Topic t;
        t.name = "t";
        MetadataResponse::Partition p;
        p.partitionIndex = 0;
        p.leaderId = 1;
        p.replicaNodes = {1};
        p.isrNodes = {1};
        t.partitions.push_back(p);
        resp.topics.push_back(t);
        Writer w;
        encodeMessage(w, resp, 1, false);
        auto expected = bytes({
            0x00, 0x00, 0x00, 0x01,                          // brokers: 1
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'h',         // node 1, host "h"
            0x00, 0x00, 0x23, 0x84, 0xff, 0xff,              // port 9092, rack null (v1+)
            0x00, 0x00, 0x00, 0x01,                          // controller id (v1+)
            0x00, 0x00, 0x00, 0x01,                          // topics: 1
            0x00, 0x00, 0x00, 0x01, 't', 0x00,               // error 0, name "t", is_internal false (v1+)
            0x00, 0x00, 0x00, 0x01,                          // partitions: 1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // error 0, index 0, leader 1
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,  // replicas [1]
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,  // isr [1]
        });
        QCOMPARE(w.buffer(), expected);
    }

    void produceRequestV3DecodesRecordsAsAView() {
        Writer w;
        w.i16(-1);                 // transactional id null
        w.i16(-1);                 // acks
        w.i32(1000);               // timeout
        w.i32(1);                  // topics
        w.i16(1); w.raw("t", 1);
        w.i32(1);                  // partitions
        w.i32(2);                  // index
        w.i32(3); w.raw("xyz", 3); // records
        ProduceRequest req;
        Reader r(w.buffer().data(), w.size());
        QVERIFY(decodeMessage(r, req, 3, false));
        QCOMPARE(req.acks, int16_t(-1));
        QCOMPARE(req.topicData.at(0).partitionData.at(0).index, 2);
        auto rec = *req.topicData[0].partitionData[0].records;
        QCOMPARE(rec.size(), size_t(3));
        QCOMPARE(rec.data(), w.buffer().data() + w.size() - 3);  // no copy
    }

    void flexibleVersionTable() {
        QCOMPARE(flexibleFromVersion(0), int16_t(9));
        QCOMPARE(flexibleFromVersion(1), int16_t(12));
        QCOMPARE(flexibleFromVersion(3), int16_t(9));
        QCOMPARE(flexibleFromVersion(18), int16_t(3));
        QCOMPARE(flexibleFromVersion(999), int16_t(-1));
    }
};

QTEST_GUILESS_MAIN(TestWireCodec)
#include "test_wire_codec.moc"

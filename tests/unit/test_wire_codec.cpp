// Kafka primitive encodings and message codecs against byte vectors written
// out from the protocol specification.
#include <QtTest>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/error_code.h"
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

// ---- consumer-group messages: samples, and checks shared by their tests

QByteArray qba(const std::vector<uint8_t>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size()));
}
std::string opt(const std::optional<std::string>& s) { return s ? *s : std::string("<null>"); }
std::vector<uint8_t> copyOf(BytesView v) { return std::vector<uint8_t>(v.begin(), v.end()); }
std::vector<uint8_t> copyOf(const Bytes& b) { return std::vector<uint8_t>(b.data.begin(), b.data.end()); }

template <class Msg> std::vector<uint8_t> encodeAt(const Msg& m, int16_t version) {
    Writer w;
    encodeMessage(w, m, version, false);
    return w.buffer();
}

/// Decodes `wire` at `version` into `out`; true when every byte is consumed
/// and encoding `out` again gives `wire` back.
template <class Msg> bool decodesExactly(const std::vector<uint8_t>& wire, Msg& out, int16_t version) {
    Reader r(wire.data(), wire.size());
    if (!decodeMessage(r, out, version, false) || r.remaining() != 0) return false;
    return encodeAt(out, version) == wire;
}

const uint8_t kProtocolMetadata[] = {0x00, 0x01, 0x02};
const uint8_t kAssignment[] = {0x01, 0x02};

OffsetCommitRequest sampleOffsetCommitRequest() {
    OffsetCommitRequest m;
    m.groupId = "g";
    m.generationIdOrMemberEpoch = 5;
    m.memberId = "m";
    m.groupInstanceId = "i";
    m.retentionTimeMs = 1000;
    OffsetCommitRequest::Partition p;
    p.partitionIndex = 1;
    p.committedOffset = 42;
    p.committedLeaderEpoch = 3;
    p.commitTimestamp = 77;  // v1 only: never written in v2-7
    p.committedMetadata = "md";
    m.topics.push_back({"t", {p}});
    return m;
}

OffsetCommitResponse sampleOffsetCommitResponse() {
    OffsetCommitResponse m;
    m.throttleTimeMs = 100;
    m.topics.push_back({"t", {{1, 25}}});
    return m;
}

OffsetFetchRequest sampleOffsetFetchRequest() {
    OffsetFetchRequest m;
    m.groupId = "g";
    m.topics.emplace();
    m.topics->push_back({"t", {0, 2}});
    return m;
}

OffsetFetchResponse sampleOffsetFetchResponse() {
    OffsetFetchResponse m;
    m.throttleTimeMs = 100;
    OffsetFetchResponse::Partition p;
    p.partitionIndex = 0;
    p.committedOffset = 42;
    p.committedLeaderEpoch = 3;
    p.metadata = std::nullopt;
    p.errorCode = 0;
    m.topics.push_back({"t", {p}});
    m.errorCode = 14;
    return m;
}

FindCoordinatorRequest sampleFindCoordinatorRequest() {
    FindCoordinatorRequest m;
    m.key = "x";
    m.keyType = static_cast<int8_t>(CoordinatorType::Transaction);
    return m;
}

FindCoordinatorResponse sampleFindCoordinatorResponse() {
    FindCoordinatorResponse m;
    m.throttleTimeMs = 0;
    m.errorCode = 0;
    m.errorMessage = std::nullopt;
    m.nodeId = 1;
    m.host = "h";
    m.port = 9092;
    return m;
}

JoinGroupRequest sampleJoinGroupRequest() {
    JoinGroupRequest m;
    m.groupId = "g";
    m.sessionTimeoutMs = 10000;
    m.rebalanceTimeoutMs = 300000;
    m.memberId = "";
    m.groupInstanceId = "i";
    m.protocolType = "consumer";
    m.protocols.push_back({"range", BytesView(kProtocolMetadata)});
    return m;
}

JoinGroupResponse sampleJoinGroupResponse() {
    JoinGroupResponse m;
    m.generationId = 1;
    m.protocolName = "range";
    m.leader = "m";
    m.memberId = "m";
    m.members.push_back({"m", "i", Bytes{std::string("\xab", 1)}});
    return m;
}

HeartbeatRequest sampleHeartbeatRequest() {
    HeartbeatRequest m;
    m.groupId = "g";
    m.generationId = 1;
    m.memberId = "m";
    m.groupInstanceId = std::nullopt;
    return m;
}

HeartbeatResponse sampleHeartbeatResponse() {
    HeartbeatResponse m;
    m.throttleTimeMs = 0;
    m.errorCode = 27;
    return m;
}

LeaveGroupRequest sampleLeaveGroupRequest() {
    LeaveGroupRequest m;
    m.groupId = "g";
    m.memberId = "m";
    m.members.push_back({"m", "i"});
    m.members.push_back({"n", std::nullopt});
    return m;
}

LeaveGroupResponse sampleLeaveGroupResponse() {
    LeaveGroupResponse m;
    m.members.push_back({"m", "i", 0});
    m.members.push_back({"n", std::nullopt, 25});
    return m;
}

SyncGroupRequest sampleSyncGroupRequest() {
    SyncGroupRequest m;
    m.groupId = "g";
    m.generationId = 1;
    m.memberId = "m";
    m.groupInstanceId = "i";
    m.assignments.push_back({"m", BytesView(kAssignment)});
    return m;
}

SyncGroupResponse sampleSyncGroupResponse() {
    SyncGroupResponse m;
    m.assignment = Bytes{std::string("\x01\x02", 2)};
    return m;
}

DescribeGroupsRequest sampleDescribeGroupsRequest() {
    DescribeGroupsRequest m;
    m.groups = {"g", "h"};
    m.includeAuthorizedOperations = true;
    return m;
}

DescribeGroupsResponse sampleDescribeGroupsResponse() {
    DescribeGroupsResponse m;
    DescribeGroupsResponse::Group g;
    g.groupId = "g";
    g.groupState = "Stable";
    g.protocolType = "consumer";
    g.protocolData = "range";
    g.members.push_back({"m", "i", "c", "/h", Bytes{std::string("\x0a", 1)}, Bytes{std::string("\x0b", 1)}});
    m.groups.push_back(g);
    return m;
}

ListGroupsResponse sampleListGroupsResponse() {
    ListGroupsResponse m;
    m.groups.push_back({"g", "consumer"});
    return m;
}

DeleteGroupsRequest sampleDeleteGroupsRequest() {
    DeleteGroupsRequest m;
    m.groupsNames = {"g"};
    return m;
}

DeleteGroupsResponse sampleDeleteGroupsResponse() {
    DeleteGroupsResponse m;
    m.results.push_back({"g", 68});
    return m;
}

OffsetDeleteRequest sampleOffsetDeleteRequest() {
    OffsetDeleteRequest m;
    m.groupId = "g";
    m.topics.push_back({"t", {{0}, {1}}});
    return m;
}

OffsetDeleteResponse sampleOffsetDeleteResponse() {
    OffsetDeleteResponse m;
    m.topics.push_back({"t", {{0, 86}}});
    return m;
}

/// The served (non-flexible) version range of each group API.
struct ServedRange {
    ApiKey key;
    int16_t min;
    int16_t max;
};
constexpr ServedRange kGroupApis[] = {
    {ApiKey::OffsetCommit, 2, 7},   {ApiKey::OffsetFetch, 1, 5}, {ApiKey::FindCoordinator, 0, 2},
    {ApiKey::JoinGroup, 2, 5},      {ApiKey::Heartbeat, 1, 3},   {ApiKey::LeaveGroup, 1, 3},
    {ApiKey::SyncGroup, 1, 3},      {ApiKey::DescribeGroups, 0, 4}, {ApiKey::ListGroups, 0, 2},
    {ApiKey::DeleteGroups, 0, 1},   {ApiKey::OffsetDelete, 0, 0},
};
constexpr ServedRange range(ApiKey k) {
    for (const auto& r : kGroupApis)
        if (r.key == k) return r;
    return {k, 0, -1};
}

/// Encodes `sample` at every served version of `key`, checks that it decodes
/// back to the same bytes, and hands the decoded message to `check`.
template <class Msg, class Check> bool roundTripsEveryVersion(ApiKey key, const Msg& sample, Check check) {
    const ServedRange r = range(key);
    for (int v = r.min; v <= r.max; ++v) {
        const auto version = static_cast<int16_t>(v);
        auto wire = encodeAt(sample, version);
        Msg back;
        if (!decodesExactly(wire, back, version)) {
            qWarning("%s v%d does not decode to what was encoded", apiName(static_cast<int16_t>(key)).data(), v);
            return false;
        }
        if (!check(back, version)) {
            qWarning("%s v%d decoded with wrong field values", apiName(static_cast<int16_t>(key)).data(), v);
            return false;
        }
    }
    return true;
}
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

    // ---------------------------------------------------------------- consumer-group APIs
    // Expected bytes are written out from the message definitions
    // (apache/kafka clients/src/main/resources/common/message/*.json).

    void groupApisServeOnlyNonFlexibleVersions() {
        for (const auto& r : kGroupApis) {
            const int16_t flex = flexibleFromVersion(static_cast<int16_t>(r.key));
            QVERIFY2(flex > r.max, apiName(static_cast<int16_t>(r.key)).data());
        }
        // The first flexible version is the next one after the served range,
        // except for OffsetDelete, which has no flexible version at all.
        QCOMPARE(flexibleFromVersion(8), int16_t(8));
        QCOMPARE(flexibleFromVersion(9), int16_t(6));
        QCOMPARE(flexibleFromVersion(10), int16_t(3));
        QCOMPARE(flexibleFromVersion(11), int16_t(6));
        QCOMPARE(flexibleFromVersion(12), int16_t(4));
        QCOMPARE(flexibleFromVersion(13), int16_t(4));
        QCOMPARE(flexibleFromVersion(14), int16_t(4));
        QCOMPARE(flexibleFromVersion(15), int16_t(5));
        QCOMPARE(flexibleFromVersion(16), int16_t(3));
        QCOMPARE(flexibleFromVersion(42), int16_t(2));
        QCOMPARE(flexibleFromVersion(47), int16_t(32767));
        QCOMPARE(apiName(42), std::string_view("DeleteGroups"));
        QCOMPARE(apiName(47), std::string_view("OffsetDelete"));
    }

    void groupErrorCodesMatchKafka_data() {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("name");
        auto row = [](ErrorCode e, int n, const char* name) {
            QTest::newRow(name) << int(wire(e)) << n << QString::fromLatin1(name);
        };
        row(ErrorCode::OffsetMetadataTooLarge, 12, "OFFSET_METADATA_TOO_LARGE");
        row(ErrorCode::CoordinatorLoadInProgress, 14, "COORDINATOR_LOAD_IN_PROGRESS");
        row(ErrorCode::CoordinatorNotAvailable, 15, "COORDINATOR_NOT_AVAILABLE");
        row(ErrorCode::NotCoordinator, 16, "NOT_COORDINATOR");
        row(ErrorCode::IllegalGeneration, 22, "ILLEGAL_GENERATION");
        row(ErrorCode::InconsistentGroupProtocol, 23, "INCONSISTENT_GROUP_PROTOCOL");
        row(ErrorCode::InvalidGroupId, 24, "INVALID_GROUP_ID");
        row(ErrorCode::UnknownMemberId, 25, "UNKNOWN_MEMBER_ID");
        row(ErrorCode::InvalidSessionTimeout, 26, "INVALID_SESSION_TIMEOUT");
        row(ErrorCode::RebalanceInProgress, 27, "REBALANCE_IN_PROGRESS");
        row(ErrorCode::InvalidCommitOffsetSize, 28, "INVALID_COMMIT_OFFSET_SIZE");
        row(ErrorCode::GroupAuthorizationFailed, 30, "GROUP_AUTHORIZATION_FAILED");
        row(ErrorCode::NonEmptyGroup, 68, "NON_EMPTY_GROUP");
        row(ErrorCode::GroupIdNotFound, 69, "GROUP_ID_NOT_FOUND");
        row(ErrorCode::MemberIdRequired, 79, "MEMBER_ID_REQUIRED");
        row(ErrorCode::GroupMaxSizeReached, 81, "GROUP_MAX_SIZE_REACHED");
        row(ErrorCode::FencedInstanceId, 82, "FENCED_INSTANCE_ID");
        row(ErrorCode::GroupSubscribedToTopic, 86, "GROUP_SUBSCRIBED_TO_TOPIC");
        row(ErrorCode::UnstableOffsetCommit, 88, "UNSTABLE_OFFSET_COMMIT");
    }
    void groupErrorCodesMatchKafka() {
        QFETCH(int, code);
        QFETCH(int, number);
        QFETCH(QString, name);
        QCOMPARE(code, number);
        auto n = errorName(static_cast<ErrorCode>(code));
        QCOMPARE(QString::fromLatin1(n.data(), static_cast<qsizetype>(n.size())), name);
    }

    // ---- OffsetCommit (8)

    void offsetCommitRequestV2Layout() {
        auto expected = bytes({
            0x00, 0x01, 'g',                                 // group_id
            0x00, 0x00, 0x00, 0x05,                          // generation_id (v1+)
            0x00, 0x01, 'm',                                 // member_id (v1+)
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8,  // retention_time_ms 1000 (v2-4)
            0x00, 0x00, 0x00, 0x01,                          // topics: 1
            0x00, 0x01, 't',                                 //   name
            0x00, 0x00, 0x00, 0x01,                          //   partitions: 1
            0x00, 0x00, 0x00, 0x01,                          //     partition_index 1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,  //     committed_offset 42
            0x00, 0x02, 'm', 'd',                            //     committed_metadata
        });
        QCOMPARE(qba(encodeAt(sampleOffsetCommitRequest(), 2)), qba(expected));
        OffsetCommitRequest back;
        QVERIFY(decodesExactly(expected, back, 2));
        QCOMPARE(back.groupId, std::string("g"));
        QCOMPARE(back.generationIdOrMemberEpoch, 5);
        QCOMPARE(back.retentionTimeMs, int64_t(1000));
        QCOMPARE(opt(back.groupInstanceId), std::string("<null>"));
        QCOMPARE(back.topics.at(0).partitions.at(0).committedOffset, int64_t(42));
        QCOMPARE(back.topics[0].partitions[0].committedLeaderEpoch, -1);
        QCOMPARE(opt(back.topics[0].partitions[0].committedMetadata), std::string("md"));
    }

    void offsetCommitRequestV7Layout() {
        auto expected = bytes({
            0x00, 0x01, 'g',                                 // group_id
            0x00, 0x00, 0x00, 0x05,                          // generation_id
            0x00, 0x01, 'm',                                 // member_id
            0x00, 0x01, 'i',                                 // group_instance_id (v7+); no retention (v5+)
            0x00, 0x00, 0x00, 0x01,                          // topics: 1
            0x00, 0x01, 't',
            0x00, 0x00, 0x00, 0x01,                          //   partitions: 1
            0x00, 0x00, 0x00, 0x01,                          //     partition_index 1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,  //     committed_offset 42
            0x00, 0x00, 0x00, 0x03,                          //     committed_leader_epoch 3 (v6+)
            0x00, 0x02, 'm', 'd',                            //     committed_metadata
        });
        QCOMPARE(qba(encodeAt(sampleOffsetCommitRequest(), 7)), qba(expected));
        OffsetCommitRequest back;
        QVERIFY(decodesExactly(expected, back, 7));
        QCOMPARE(opt(back.groupInstanceId), std::string("i"));
        QCOMPARE(back.retentionTimeMs, int64_t(-1));
        QCOMPARE(back.topics.at(0).partitions.at(0).committedLeaderEpoch, 3);

        // Null group instance id and null metadata.
        auto nulls = sampleOffsetCommitRequest();
        nulls.groupInstanceId.reset();
        nulls.topics[0].partitions[0].committedMetadata.reset();
        auto withNulls = bytes({
            0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 'm',
            0xff, 0xff,                                      // group_instance_id null
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't', 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x03,
            0xff, 0xff,                                      // committed_metadata null
        });
        QCOMPARE(qba(encodeAt(nulls, 7)), qba(withNulls));
        QVERIFY(decodesExactly(withNulls, back, 7));
        QVERIFY(!back.groupInstanceId);
        QVERIFY(!back.topics.at(0).partitions.at(0).committedMetadata);
    }

    void offsetCommitRequestRoundTrips() {
        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetCommit, sampleOffsetCommitRequest(),
                                       [](const OffsetCommitRequest& m, int16_t v) {
            const auto& p = m.topics.at(0).partitions.at(0);
            return m.groupId == "g" && m.generationIdOrMemberEpoch == 5 && m.memberId == "m" &&
                   m.groupInstanceId == (v >= 7 ? std::optional<std::string>("i") : std::nullopt) &&
                   m.retentionTimeMs == (v <= 4 ? 1000 : -1) && m.topics[0].name == "t" && p.partitionIndex == 1 &&
                   p.committedOffset == 42 && p.committedLeaderEpoch == (v >= 6 ? 3 : -1) && p.commitTimestamp == -1 &&
                   p.committedMetadata == "md";
        }));
    }

    void offsetCommitResponseLayouts() {
        auto v2 = bytes({
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  // topics: 1, name
            0x00, 0x00, 0x00, 0x01,                   // partitions: 1
            0x00, 0x00, 0x00, 0x01, 0x00, 0x19,       // index 1, UNKNOWN_MEMBER_ID
        });
        QCOMPARE(qba(encodeAt(sampleOffsetCommitResponse(), 2)), qba(v2));
        auto v7 = bytes({0x00, 0x00, 0x00, 0x64});  // throttle_time_ms 100 (v3+)
        v7.insert(v7.end(), v2.begin(), v2.end());
        QCOMPARE(qba(encodeAt(sampleOffsetCommitResponse(), 7)), qba(v7));
        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetCommit, sampleOffsetCommitResponse(),
                                       [](const OffsetCommitResponse& m, int16_t v) {
            return m.throttleTimeMs == (v >= 3 ? 100 : 0) && m.topics.at(0).name == "t" &&
                   m.topics[0].partitions.at(0).partitionIndex == 1 && m.topics[0].partitions[0].errorCode == 25;
        }));
    }

    // ---- OffsetFetch (9)

    void offsetFetchRequestLayouts() {
        auto expected = bytes({
            0x00, 0x01, 'g',                          // group_id
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',  // topics: 1, name
            0x00, 0x00, 0x00, 0x02,                   // partition_indexes: 2
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
        });
        QCOMPARE(qba(encodeAt(sampleOffsetFetchRequest(), 1)), qba(expected));
        QCOMPARE(qba(encodeAt(sampleOffsetFetchRequest(), 5)), qba(expected));  // v2-5 same layout as v1

        // v2+: a null topics array asks for every committed offset of the group.
        auto all = bytes({0x00, 0x01, 'g', 0xff, 0xff, 0xff, 0xff});
        OffsetFetchRequest allTopics;
        allTopics.groupId = "g";
        QCOMPARE(qba(encodeAt(allTopics, 5)), qba(all));
        OffsetFetchRequest back;
        QVERIFY(decodesExactly(all, back, 2));
        QVERIFY(!back.topics.has_value());

        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetFetch, sampleOffsetFetchRequest(),
                                       [](const OffsetFetchRequest& m, int16_t) {
            return m.groupId == "g" && m.topics && m.topics->size() == 1 && m.topics->at(0).name == "t" &&
                   m.topics->at(0).partitionIndexes == std::vector<int32_t>{0, 2};
        }));
    }

    void offsetFetchResponseLayouts() {
        auto v1 = bytes({
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',         // topics: 1, name
            0x00, 0x00, 0x00, 0x01,                          // partitions: 1
            0x00, 0x00, 0x00, 0x00,                          //   partition_index 0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,  //   committed_offset 42
            0xff, 0xff,                                      //   metadata null
            0x00, 0x00,                                      //   error_code
        });
        QCOMPARE(qba(encodeAt(sampleOffsetFetchResponse(), 1)), qba(v1));
        auto v5 = bytes({
            0x00, 0x00, 0x00, 0x64,                          // throttle_time_ms (v3+)
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,
            0x00, 0x00, 0x00, 0x03,                          //   committed_leader_epoch (v5+)
            0xff, 0xff,
            0x00, 0x00,
            0x00, 0x0e,                                      // top-level error_code (v2+)
        });
        QCOMPARE(qba(encodeAt(sampleOffsetFetchResponse(), 5)), qba(v5));
        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetFetch, sampleOffsetFetchResponse(),
                                       [](const OffsetFetchResponse& m, int16_t v) {
            const auto& p = m.topics.at(0).partitions.at(0);
            return m.throttleTimeMs == (v >= 3 ? 100 : 0) && m.errorCode == (v >= 2 ? 14 : 0) &&
                   p.committedOffset == 42 && p.committedLeaderEpoch == (v >= 5 ? 3 : -1) && !p.metadata &&
                   p.errorCode == 0;
        }));
    }

    // ---- FindCoordinator (10)

    void findCoordinatorLayouts() {
        QCOMPARE(qba(encodeAt(sampleFindCoordinatorRequest(), 0)), qba(bytes({0x00, 0x01, 'x'})));
        auto v2 = bytes({0x00, 0x01, 'x', 0x01});  // key, key_type TRANSACTION (v1+)
        QCOMPARE(qba(encodeAt(sampleFindCoordinatorRequest(), 2)), qba(v2));
        FindCoordinatorRequest back;
        QVERIFY(decodesExactly(v2, back, 2));
        QCOMPARE(back.keyType, int8_t(1));
        QVERIFY(roundTripsEveryVersion(ApiKey::FindCoordinator, sampleFindCoordinatorRequest(),
                                       [](const FindCoordinatorRequest& m, int16_t v) {
            return m.key == "x" && m.keyType == (v >= 1 ? 1 : 0);
        }));

        auto r0 = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'h', 0x00, 0x00, 0x23, 0x84});
        QCOMPARE(qba(encodeAt(sampleFindCoordinatorResponse(), 0)), qba(r0));
        auto r2 = bytes({
            0x00, 0x00, 0x00, 0x00,  // throttle_time_ms (v1+)
            0x00, 0x00,              // error_code
            0xff, 0xff,              // error_message null (v1+)
            0x00, 0x00, 0x00, 0x01,  // node_id
            0x00, 0x01, 'h',         // host
            0x00, 0x00, 0x23, 0x84,  // port 9092
        });
        QCOMPARE(qba(encodeAt(sampleFindCoordinatorResponse(), 2)), qba(r2));
        auto withMessage = sampleFindCoordinatorResponse();
        withMessage.errorCode = 15;
        withMessage.errorMessage = "no";
        QVERIFY(roundTripsEveryVersion(ApiKey::FindCoordinator, withMessage,
                                       [](const FindCoordinatorResponse& m, int16_t v) {
            return m.errorCode == 15 && m.errorMessage == (v >= 1 ? std::optional<std::string>("no") : std::nullopt) &&
                   m.nodeId == 1 && m.host == "h" && m.port == 9092;
        }));
    }

    // ---- JoinGroup (11)

    void joinGroupRequestV5Layout() {
        auto expected = bytes({
            0x00, 0x01, 'g',                                  // group_id
            0x00, 0x00, 0x27, 0x10,                           // session_timeout_ms 10000
            0x00, 0x04, 0x93, 0xe0,                           // rebalance_timeout_ms 300000 (v1+)
            0x00, 0x00,                                       // member_id "" (first join)
            0x00, 0x01, 'i',                                  // group_instance_id (v5+)
            0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',  // protocol_type
            0x00, 0x00, 0x00, 0x01,                           // protocols: 1
            0x00, 0x05, 'r', 'a', 'n', 'g', 'e',              //   name
            0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x02,         //   metadata (bytes)
        });
        QCOMPARE(qba(encodeAt(sampleJoinGroupRequest(), 5)), qba(expected));
        JoinGroupRequest back;
        QVERIFY(decodesExactly(expected, back, 5));
        QCOMPARE(back.rebalanceTimeoutMs, 300000);
        QCOMPARE(opt(back.groupInstanceId), std::string("i"));
        QCOMPARE(back.protocols.at(0).name, std::string("range"));
        QCOMPARE(copyOf(back.protocols[0].metadata), bytes({0x00, 0x01, 0x02}));
        QCOMPARE(back.protocols[0].metadata.data(), expected.data() + expected.size() - 3);  // a view, no copy
    }

    void joinGroupRequestV2Layout() {
        auto expected = bytes({
            0x00, 0x01, 'g', 0x00, 0x00, 0x27, 0x10, 0x00, 0x04, 0x93, 0xe0, 0x00, 0x00,
            0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',  // no group_instance_id before v5
            0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 'r', 'a', 'n', 'g', 'e', 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x02,
        });
        QCOMPARE(qba(encodeAt(sampleJoinGroupRequest(), 2)), qba(expected));
        QVERIFY(roundTripsEveryVersion(ApiKey::JoinGroup, sampleJoinGroupRequest(),
                                       [](const JoinGroupRequest& m, int16_t v) {
            return m.groupId == "g" && m.sessionTimeoutMs == 10000 && m.rebalanceTimeoutMs == 300000 &&
                   m.memberId.empty() &&
                   m.groupInstanceId == (v >= 5 ? std::optional<std::string>("i") : std::nullopt) &&
                   m.protocolType == "consumer" && m.protocols.size() == 1 && m.protocols[0].name == "range" &&
                   copyOf(m.protocols[0].metadata) == std::vector<uint8_t>{0x00, 0x01, 0x02};
        }));
    }

    void joinGroupResponseLayouts() {
        auto v2 = bytes({
            0x00, 0x00, 0x00, 0x00,                  // throttle_time_ms (v2+)
            0x00, 0x00,                              // error_code
            0x00, 0x00, 0x00, 0x01,                  // generation_id
            0x00, 0x05, 'r', 'a', 'n', 'g', 'e',     // protocol_name
            0x00, 0x01, 'm',                         // leader
            0x00, 0x01, 'm',                         // member_id
            0x00, 0x00, 0x00, 0x01,                  // members: 1
            0x00, 0x01, 'm',                         //   member_id
            0x00, 0x00, 0x00, 0x01, 0xab,            //   metadata
        });
        QCOMPARE(qba(encodeAt(sampleJoinGroupResponse(), 2)), qba(v2));
        auto v5 = bytes({
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x05, 'r', 'a', 'n', 'g', 'e', 0x00, 0x01, 'm', 0x00, 0x01, 'm',
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x01, 'm',
            0x00, 0x01, 'i',                         //   group_instance_id (v5+)
            0x00, 0x00, 0x00, 0x01, 0xab,
        });
        QCOMPARE(qba(encodeAt(sampleJoinGroupResponse(), 5)), qba(v5));
        QCOMPARE(JoinGroupResponse{}.generationId, -1);
        QVERIFY(roundTripsEveryVersion(ApiKey::JoinGroup, sampleJoinGroupResponse(),
                                       [](const JoinGroupResponse& m, int16_t v) {
            const auto& mem = m.members.at(0);
            return m.generationId == 1 && m.protocolName == "range" && m.leader == "m" && m.memberId == "m" &&
                   mem.memberId == "m" &&
                   mem.groupInstanceId == (v >= 5 ? std::optional<std::string>("i") : std::nullopt) &&
                   mem.metadata.data == "\xab";
        }));
    }

    // ---- Heartbeat (12)

    void heartbeatLayouts() {
        auto v1 = bytes({0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'm'});
        QCOMPARE(qba(encodeAt(sampleHeartbeatRequest(), 1)), qba(v1));
        auto v3 = v1;
        v3.push_back(0xff);  // group_instance_id null (v3+)
        v3.push_back(0xff);
        QCOMPARE(qba(encodeAt(sampleHeartbeatRequest(), 3)), qba(v3));
        auto withInstance = sampleHeartbeatRequest();
        withInstance.groupInstanceId = "i";
        QVERIFY(roundTripsEveryVersion(ApiKey::Heartbeat, withInstance, [](const HeartbeatRequest& m, int16_t v) {
            return m.groupId == "g" && m.generationId == 1 && m.memberId == "m" &&
                   m.groupInstanceId == (v >= 3 ? std::optional<std::string>("i") : std::nullopt);
        }));

        auto r = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x1b});  // throttle (v1+), REBALANCE_IN_PROGRESS
        QCOMPARE(qba(encodeAt(sampleHeartbeatResponse(), 1)), qba(r));
        QCOMPARE(qba(encodeAt(sampleHeartbeatResponse(), 3)), qba(r));
        QVERIFY(roundTripsEveryVersion(ApiKey::Heartbeat, sampleHeartbeatResponse(),
                                       [](const HeartbeatResponse& m, int16_t) { return m.errorCode == 27; }));
    }

    // ---- LeaveGroup (13)

    void leaveGroupRequestV3Layout() {
        auto expected = bytes({
            0x00, 0x01, 'g',          // group_id; no member_id from v3
            0x00, 0x00, 0x00, 0x02,   // members: 2
            0x00, 0x01, 'm',          //   member_id
            0x00, 0x01, 'i',          //   group_instance_id
            0x00, 0x01, 'n',          //   member_id
            0xff, 0xff,               //   group_instance_id null
        });
        QCOMPARE(qba(encodeAt(sampleLeaveGroupRequest(), 3)), qba(expected));
        LeaveGroupRequest back;
        QVERIFY(decodesExactly(expected, back, 3));
        QVERIFY(back.memberId.empty());
        QCOMPARE(back.members.size(), size_t(2));
        QCOMPARE(opt(back.members[0].groupInstanceId), std::string("i"));
        QCOMPARE(back.members[1].memberId, std::string("n"));
        QCOMPARE(opt(back.members[1].groupInstanceId), std::string("<null>"));
    }

    void leaveGroupRequestV1Layout() {
        auto expected = bytes({0x00, 0x01, 'g', 0x00, 0x01, 'm'});  // group_id, member_id (v0-2)
        QCOMPARE(qba(encodeAt(sampleLeaveGroupRequest(), 1)), qba(expected));
        QVERIFY(roundTripsEveryVersion(ApiKey::LeaveGroup, sampleLeaveGroupRequest(),
                                       [](const LeaveGroupRequest& m, int16_t v) {
            if (m.groupId != "g") return false;
            if (v <= 2) return m.memberId == "m" && m.members.empty();
            return m.memberId.empty() && m.members.size() == 2 && m.members[0].memberId == "m" &&
                   m.members[0].groupInstanceId == "i" && m.members[1].memberId == "n" && !m.members[1].groupInstanceId;
        }));
    }

    void leaveGroupResponseLayouts() {
        auto v1 = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x00});  // throttle (v1+), error_code
        QCOMPARE(qba(encodeAt(sampleLeaveGroupResponse(), 1)), qba(v1));
        auto v3 = bytes({
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x02,                     // members: 2 (v3+)
            0x00, 0x01, 'm', 0x00, 0x01, 'i', 0x00, 0x00,
            0x00, 0x01, 'n', 0xff, 0xff, 0x00, 0x19,    // UNKNOWN_MEMBER_ID
        });
        QCOMPARE(qba(encodeAt(sampleLeaveGroupResponse(), 3)), qba(v3));
        QVERIFY(roundTripsEveryVersion(ApiKey::LeaveGroup, sampleLeaveGroupResponse(),
                                       [](const LeaveGroupResponse& m, int16_t v) {
            if (v <= 2) return m.members.empty();
            return m.members.size() == 2 && m.members[1].errorCode == 25 && !m.members[1].groupInstanceId;
        }));
    }

    // ---- SyncGroup (14)

    void syncGroupLayouts() {
        auto v1 = bytes({
            0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'm',  // group, generation, member
            0x00, 0x00, 0x00, 0x01,                                    // assignments: 1
            0x00, 0x01, 'm', 0x00, 0x00, 0x00, 0x02, 0x01, 0x02,
        });
        QCOMPARE(qba(encodeAt(sampleSyncGroupRequest(), 1)), qba(v1));
        auto v3 = bytes({
            0x00, 0x01, 'g', 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'm',
            0x00, 0x01, 'i',                                           // group_instance_id (v3+)
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x01, 'm', 0x00, 0x00, 0x00, 0x02, 0x01, 0x02,
        });
        QCOMPARE(qba(encodeAt(sampleSyncGroupRequest(), 3)), qba(v3));
        QVERIFY(roundTripsEveryVersion(ApiKey::SyncGroup, sampleSyncGroupRequest(),
                                       [](const SyncGroupRequest& m, int16_t v) {
            return m.groupId == "g" && m.generationId == 1 && m.memberId == "m" &&
                   m.groupInstanceId == (v >= 3 ? std::optional<std::string>("i") : std::nullopt) &&
                   m.assignments.size() == 1 && m.assignments[0].memberId == "m" &&
                   copyOf(m.assignments[0].assignment) == std::vector<uint8_t>{0x01, 0x02};
        }));

        auto r = bytes({0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x02});
        QCOMPARE(qba(encodeAt(sampleSyncGroupResponse(), 1)), qba(r));
        QCOMPARE(qba(encodeAt(sampleSyncGroupResponse(), 3)), qba(r));
        QVERIFY(roundTripsEveryVersion(ApiKey::SyncGroup, sampleSyncGroupResponse(),
                                       [](const SyncGroupResponse& m, int16_t) {
            return copyOf(m.assignment) == std::vector<uint8_t>{0x01, 0x02};
        }));
    }

    // ---- DescribeGroups (15)

    void describeGroupsLayouts() {
        auto v0 = bytes({0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 'g', 0x00, 0x01, 'h'});
        QCOMPARE(qba(encodeAt(sampleDescribeGroupsRequest(), 0)), qba(v0));
        auto v4 = v0;
        v4.push_back(0x01);  // include_authorized_operations (v3+)
        QCOMPARE(qba(encodeAt(sampleDescribeGroupsRequest(), 4)), qba(v4));
        QVERIFY(roundTripsEveryVersion(ApiKey::DescribeGroups, sampleDescribeGroupsRequest(),
                                       [](const DescribeGroupsRequest& m, int16_t v) {
            return m.groups == std::vector<std::string>{"g", "h"} && m.includeAuthorizedOperations == (v >= 3);
        }));

        auto r0 = bytes({
            0x00, 0x00, 0x00, 0x01,                                  // groups: 1
            0x00, 0x00,                                              //   error_code
            0x00, 0x01, 'g',                                         //   group_id
            0x00, 0x06, 'S', 't', 'a', 'b', 'l', 'e',                //   group_state
            0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',      //   protocol_type
            0x00, 0x05, 'r', 'a', 'n', 'g', 'e',                     //   protocol_data
            0x00, 0x00, 0x00, 0x01,                                  //   members: 1
            0x00, 0x01, 'm',                                         //     member_id
            0x00, 0x01, 'c',                                         //     client_id
            0x00, 0x02, '/', 'h',                                    //     client_host
            0x00, 0x00, 0x00, 0x01, 0x0a,                            //     member_metadata
            0x00, 0x00, 0x00, 0x01, 0x0b,                            //     member_assignment
        });
        QCOMPARE(qba(encodeAt(sampleDescribeGroupsResponse(), 0)), qba(r0));
        auto r4 = bytes({
            0x00, 0x00, 0x00, 0x00,                                  // throttle_time_ms (v1+)
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00,
            0x00, 0x01, 'g',
            0x00, 0x06, 'S', 't', 'a', 'b', 'l', 'e',
            0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',
            0x00, 0x05, 'r', 'a', 'n', 'g', 'e',
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x01, 'm',
            0x00, 0x01, 'i',                                         //     group_instance_id (v4+)
            0x00, 0x01, 'c',
            0x00, 0x02, '/', 'h',
            0x00, 0x00, 0x00, 0x01, 0x0a,
            0x00, 0x00, 0x00, 0x01, 0x0b,
            0x80, 0x00, 0x00, 0x00,                                  //   authorized_operations INT32_MIN (v3+)
        });
        QCOMPARE(qba(encodeAt(sampleDescribeGroupsResponse(), 4)), qba(r4));
        QVERIFY(roundTripsEveryVersion(ApiKey::DescribeGroups, sampleDescribeGroupsResponse(),
                                       [](const DescribeGroupsResponse& m, int16_t v) {
            const auto& g = m.groups.at(0);
            const auto& mem = g.members.at(0);
            return g.groupId == "g" && g.groupState == "Stable" && g.protocolType == "consumer" &&
                   g.protocolData == "range" && g.authorizedOperations == INT32_MIN && mem.memberId == "m" &&
                   mem.groupInstanceId == (v >= 4 ? std::optional<std::string>("i") : std::nullopt) &&
                   mem.clientId == "c" && mem.clientHost == "/h" && mem.memberMetadata.data == "\x0a" &&
                   mem.memberAssignment.data == "\x0b";
        }));
    }

    // ---- ListGroups (16)

    void listGroupsLayouts() {
        QVERIFY(encodeAt(ListGroupsRequest{}, 0).empty());
        QVERIFY(encodeAt(ListGroupsRequest{}, 2).empty());
        QVERIFY(roundTripsEveryVersion(ApiKey::ListGroups, ListGroupsRequest{},
                                       [](const ListGroupsRequest&, int16_t) { return true; }));
        auto v0 = bytes({
            0x00, 0x00,                                          // error_code
            0x00, 0x00, 0x00, 0x01,                              // groups: 1
            0x00, 0x01, 'g',
            0x00, 0x08, 'c', 'o', 'n', 's', 'u', 'm', 'e', 'r',
        });
        QCOMPARE(qba(encodeAt(sampleListGroupsResponse(), 0)), qba(v0));
        auto v2 = bytes({0x00, 0x00, 0x00, 0x00});  // throttle_time_ms (v1+)
        v2.insert(v2.end(), v0.begin(), v0.end());
        QCOMPARE(qba(encodeAt(sampleListGroupsResponse(), 2)), qba(v2));
        QVERIFY(roundTripsEveryVersion(ApiKey::ListGroups, sampleListGroupsResponse(),
                                       [](const ListGroupsResponse& m, int16_t) {
            return m.groups.size() == 1 && m.groups[0].groupId == "g" && m.groups[0].protocolType == "consumer";
        }));
    }

    // ---- DeleteGroups (42)

    void deleteGroupsLayouts() {
        auto req = bytes({0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'g'});  // groups_names: ["g"]
        QCOMPARE(qba(encodeAt(sampleDeleteGroupsRequest(), 0)), qba(req));
        QCOMPARE(qba(encodeAt(sampleDeleteGroupsRequest(), 1)), qba(req));
        QVERIFY(roundTripsEveryVersion(ApiKey::DeleteGroups, sampleDeleteGroupsRequest(),
                                       [](const DeleteGroupsRequest& m, int16_t) {
            return m.groupsNames == std::vector<std::string>{"g"};
        }));
        auto resp = bytes({
            0x00, 0x00, 0x00, 0x00,                          // throttle_time_ms (v0+)
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'g', 0x00, 0x44,  // results: ("g", NON_EMPTY_GROUP)
        });
        QCOMPARE(qba(encodeAt(sampleDeleteGroupsResponse(), 0)), qba(resp));
        QCOMPARE(qba(encodeAt(sampleDeleteGroupsResponse(), 1)), qba(resp));
        QVERIFY(roundTripsEveryVersion(ApiKey::DeleteGroups, sampleDeleteGroupsResponse(),
                                       [](const DeleteGroupsResponse& m, int16_t) {
            return m.results.size() == 1 && m.results[0].groupId == "g" && m.results[0].errorCode == 68;
        }));
    }

    // ---- OffsetDelete (47)

    void offsetDeleteLayouts() {
        auto req = bytes({
            0x00, 0x01, 'g',                                  // group_id
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',          // topics: 1, name
            0x00, 0x00, 0x00, 0x02,                           // partitions: 2
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        });
        QCOMPARE(qba(encodeAt(sampleOffsetDeleteRequest(), 0)), qba(req));
        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetDelete, sampleOffsetDeleteRequest(),
                                       [](const OffsetDeleteRequest& m, int16_t) {
            return m.groupId == "g" && m.topics.size() == 1 && m.topics[0].partitions.size() == 2 &&
                   m.topics[0].partitions[1].partitionIndex == 1;
        }));
        auto resp = bytes({
            0x00, 0x00,                                       // error_code, before...
            0x00, 0x00, 0x00, 0x00,                           // ...throttle_time_ms
            0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't',
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x56,               // partition 0, GROUP_SUBSCRIBED_TO_TOPIC
        });
        QCOMPARE(qba(encodeAt(sampleOffsetDeleteResponse(), 0)), qba(resp));
        QVERIFY(roundTripsEveryVersion(ApiKey::OffsetDelete, sampleOffsetDeleteResponse(),
                                       [](const OffsetDeleteResponse& m, int16_t) {
            return m.topics.size() == 1 && m.topics[0].partitions.at(0).errorCode == 86;
        }));
    }
};

QTEST_GUILESS_MAIN(TestWireCodec)
#include "test_wire_codec.moc"

// The __consumer_offsets record format and the consumer embedded protocol,
// checked against byte layouts written out by hand from Kafka's documented
// schemas, and the group -> partition mapping against Java's String.hashCode.
#include <QtTest>

#include "broker/groups/consumer_protocol.h"
#include "broker/groups/offsets_format.h"

using namespace plexus::groups;

namespace {

std::string bytes(std::initializer_list<int> b) {
    std::string s;
    for (int x : b) s.push_back(static_cast<char>(x));
    return s;
}
std::string str16(const std::string& s) {
    return bytes({static_cast<int>(s.size() >> 8), static_cast<int>(s.size() & 0xff)}) + s;
}
std::string be32(int32_t v) {
    auto u = static_cast<uint32_t>(v);
    return bytes({static_cast<int>(u >> 24), static_cast<int>((u >> 16) & 0xff), static_cast<int>((u >> 8) & 0xff),
                  static_cast<int>(u & 0xff)});
}
std::string be64(int64_t v) { return be32(static_cast<int32_t>(static_cast<uint64_t>(v) >> 32)) + be32(static_cast<int32_t>(v & 0xffffffff)); }
plexus::protocol::BytesView view(const std::string& s) {
    return plexus::protocol::BytesView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

class TestOffsetsFormat : public QObject {
    Q_OBJECT
private slots:
    void offsetKeyIsVersion1() {
        std::string expected = bytes({0, 1}) + str16("grp") + str16("orders") + be32(7);
        QCOMPARE(encodeOffsetKey({"grp", "orders", 7}), expected);
        auto k = decodeKey(view(expected));
        QVERIFY(k);
        auto* ok = std::get_if<OffsetKey>(&*k);
        QVERIFY(ok);
        QCOMPARE(ok->group, std::string("grp"));
        QCOMPARE(ok->topic, std::string("orders"));
        QCOMPARE(ok->partition, 7);
        // Version 0 has the same layout.
        std::string v0 = bytes({0, 0}) + str16("g") + str16("t") + be32(1);
        auto k0 = decodeKey(view(v0));
        QVERIFY(k0 && std::get_if<OffsetKey>(&*k0));
    }

    void groupKeyIsVersion2() {
        std::string expected = bytes({0, 2}) + str16("grp");
        QCOMPARE(encodeGroupKey({"grp"}), expected);
        auto k = decodeKey(view(expected));
        QVERIFY(k && std::get_if<GroupKey>(&*k));
        QCOMPARE(std::get<GroupKey>(*k).group, std::string("grp"));
        auto unknown = decodeKey(view(bytes({0, 9, 1, 2})));
        QVERIFY(unknown && std::get_if<UnknownKey>(&*unknown));
        QVERIFY(!decodeKey(view(bytes({0, 1, 0, 5, 'a'}))));  // truncated
    }

    void offsetValueIsVersion3() {
        std::string expected = bytes({0, 3}) + be64(42) + be32(5) + str16("meta") + be64(1700000000000);
        QCOMPARE(encodeOffsetValue({42, 5, "meta", 1700000000000, -1}), expected);
        auto v = decodeOffsetValue(view(expected));
        QVERIFY(v);
        QCOMPARE(v->offset, int64_t{42});
        QCOMPARE(v->leaderEpoch, 5);
        QCOMPARE(v->metadata, std::string("meta"));
        QCOMPARE(v->commitTimestamp, int64_t{1700000000000});
    }

    void olderOffsetValuesDecode() {
        auto v0 = decodeOffsetValue(view(bytes({0, 0}) + be64(9) + str16("") + be64(100)));
        QVERIFY(v0);
        QCOMPARE(v0->offset, int64_t{9});
        QCOMPARE(v0->leaderEpoch, -1);
        auto v1 = decodeOffsetValue(view(bytes({0, 1}) + be64(9) + str16("m") + be64(100) + be64(200)));
        QVERIFY(v1);
        QCOMPARE(v1->expireTimestamp, int64_t{200});
        auto v2 = decodeOffsetValue(view(bytes({0, 2}) + be64(11) + str16("x") + be64(300)));
        QVERIFY(v2);
        QCOMPARE(v2->commitTimestamp, int64_t{300});
        QVERIFY(!decodeOffsetValue(view(bytes({0, 4}) + be64(1))));  // unknown version
        QVERIFY(!decodeOffsetValue(view(bytes({0, 3}) + be64(1))));  // truncated
    }

    void groupValueIsVersion3() {
        GroupValue g;
        g.protocolType = "consumer";
        g.generation = 4;
        g.protocol = "range";
        g.leader = "m-1";
        g.currentStateTimestamp = 77;
        g.members.push_back({"m-1", std::string("inst-a"), "client", "/127.0.0.1", 300000, 10000, "SUB", "ASG"});
        std::string expected = bytes({0, 3}) + str16("consumer") + be32(4) + str16("range") + str16("m-1") + be64(77) +
                               be32(1) + str16("m-1") + str16("inst-a") + str16("client") + str16("/127.0.0.1") +
                               be32(300000) + be32(10000) + be32(3) + "SUB" + be32(3) + "ASG";
        QCOMPARE(encodeGroupValue(g), expected);
        auto back = decodeGroupValue(view(expected));
        QVERIFY(back);
        QCOMPARE(back->generation, 4);
        QCOMPARE(back->members.size(), size_t{1});
        QCOMPARE(back->members[0].groupInstanceId.value_or(""), std::string("inst-a"));
        QCOMPARE(back->members[0].assignment, std::string("ASG"));
    }

    void olderGroupValuesDecode() {
        // v0: no rebalance timeout, no state timestamp, no instance id; null protocol and leader.
        std::string v0 = bytes({0, 0}) + str16("consumer") + be32(2) + bytes({0xff, 0xff}) + bytes({0xff, 0xff}) + be32(1) +
                         str16("m") + str16("c") + str16("/h") + be32(6000) + be32(1) + "S" + be32(0);
        auto g0 = decodeGroupValue(view(v0));
        QVERIFY(g0);
        QVERIFY(!g0->protocol);
        QCOMPARE(g0->members[0].rebalanceTimeoutMs, 6000);
        std::string v1 = bytes({0, 1}) + str16("consumer") + be32(2) + str16("range") + str16("m") + be32(1) + str16("m") +
                         str16("c") + str16("/h") + be32(9000) + be32(6000) + be32(0) + be32(0);
        auto g1 = decodeGroupValue(view(v1));
        QVERIFY(g1);
        QCOMPARE(g1->members[0].rebalanceTimeoutMs, 9000);
        QCOMPARE(g1->members[0].sessionTimeoutMs, 6000);
    }

    void hostileGroupValueIsRefused() {
        // A member count far beyond the bytes present allocates nothing.
        std::string v = bytes({0, 3}) + str16("consumer") + be32(1) + str16("r") + str16("m") + be64(0) + be32(0x7fffffff);
        QVERIFY(!decodeGroupValue(view(v)));
    }

    void partitionForMatchesJavaHashCode_data() {
        QTest::addColumn<QString>("group");
        QTest::addColumn<int>("partition");
        // Expected values computed from Java's String.hashCode definition
        // (UTF-16 code units, 32-bit wrap) and Kafka's Utils.abs.
        QTest::newRow("my-group") << "my-group" << 12;
        QTest::newRow("test") << "test" << 48;
        QTest::newRow("hash is INT_MIN") << "polygenelubricants" << 0;
        QTest::newRow("non-ASCII") << QString::fromUtf8("grüppe") << 12;
        QTest::newRow("surrogate pair") << QString::fromUtf8("🏥-admissions") << 10;
        QTest::newRow("empty") << "" << 0;
    }
    void partitionForMatchesJavaHashCode() {
        QFETCH(QString, group);
        QFETCH(int, partition);
        QCOMPARE(offsetsPartitionFor(group.toStdString(), 50), partition);
    }

    void consumerSubscriptionAndAssignment() {
        std::string sub = bytes({0, 1}) + be32(2) + str16("adt") + str16("labs") + be32(-1) + be32(0);
        auto topics = parseSubscriptionTopics(sub);
        QVERIFY(topics);
        QCOMPARE(topics->size(), size_t{2});
        QCOMPARE((*topics)[1], std::string("labs"));
        std::string asg = bytes({0, 0}) + be32(1) + str16("adt") + be32(2) + be32(0) + be32(3) + be32(-1);
        auto parts = parseAssignment(asg);
        QVERIFY(parts);
        QCOMPARE(parts->at("adt"), (std::vector<int32_t>{0, 3}));
        QVERIFY(parseAssignment("")->empty());
        QVERIFY(!parseAssignment(bytes({0, 0}) + be32(1) + str16("adt") + be32(1000000)));
        QVERIFY(!parseSubscriptionTopics(bytes({0, 0}) + be32(0x7fffffff)));
    }
};

QTEST_APPLESS_MAIN(TestOffsetsFormat)
#include "test_offsets_format.moc"

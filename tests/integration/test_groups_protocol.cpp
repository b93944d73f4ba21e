// Consumer groups against a real plexusd, with hand-made frames: Kafka's
// classic group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup),
// committed offsets (OffsetCommit, OffsetFetch, OffsetDelete), the admin
// view of groups (ListGroups, DescribeGroups, DeleteGroups), FindCoordinator,
// 500 members joining one group at once, and groups and offsets surviving
// kill -9. Every answer is checked against the exact Kafka error code.
//
// Each test uses its own group ids, so members left behind by one test (their
// connections closed, their sessions still running) never meet another's.
#include <sys/resource.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/error_code.h"
#include "tests/support/plexus_node.h"
#include "tests/support/raw_client.h"

using namespace plexus;
using namespace plexus::protocol;
using plexus::test::PlexusNode;
using plexus::test::RawClient;

/// Runs a helper that may fail a QVERIFY/QCOMPARE, and stops the test if it did.
#define RUN(call)                                   \
    do {                                            \
        call;                                       \
        if (QTest::currentTestFailed()) return;     \
    } while (false)

namespace {

int16_t api(ApiKey k) { return static_cast<int16_t>(k); }

constexpr int16_t kNoAnswer = INT16_MIN;  ///< a helper's error code when no response arrived

std::string str(const std::vector<uint8_t>& v) { return {reinterpret_cast<const char*>(v.data()), v.size()}; }
BytesView bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

void putString(Writer& w, const std::string& s) {
    w.i16(static_cast<int16_t>(s.size()));
    w.raw(s.data(), s.size());
}

/// ConsumerProtocolSubscription v0, what Kafka consumers put in JoinGroup.
std::string subscription(const std::vector<std::string>& topics, const std::string& userData) {
    Writer w;
    w.i16(0);
    w.i32(static_cast<int32_t>(topics.size()));
    for (const auto& t : topics) putString(w, t);
    w.i32(static_cast<int32_t>(userData.size()));
    w.raw(userData.data(), userData.size());
    return str(w.buffer());
}

/// ConsumerProtocolAssignment v0, what the leader hands out in SyncGroup.
std::string assignment(const std::map<std::string, std::vector<int32_t>>& parts, const std::string& userData) {
    Writer w;
    w.i16(0);
    w.i32(static_cast<int32_t>(parts.size()));
    for (const auto& [topic, ps] : parts) {
        putString(w, topic);
        w.i32(static_cast<int32_t>(ps.size()));
        for (int32_t p : ps) w.i32(p);
    }
    w.i32(static_cast<int32_t>(userData.size()));
    w.raw(userData.data(), userData.size());
    return str(w.buffer());
}

// ------------------------------------------------------------ pipelined requests
// RawClient::call sends and waits. Group requests park on the broker (a
// JoinGroup waits for the rebalance), so these send now and read later.

int32_t g_correlation = 1 << 20;  // apart from RawClient::call's own counter

template <class Req>
int32_t sendRequest(RawClient& c, ApiKey key, int16_t version, const Req& req, const std::string& clientId) {
    Writer body;
    encodeMessage(body, req, version, false);
    const int32_t corr = ++g_correlation;
    if (!c.sendRaw(RawClient::frame(api(key), version, corr, body.buffer(), clientId.c_str()))) return -1;
    return corr;
}

template <class Resp>
std::optional<Resp> readResponse(RawClient& c, int16_t version, int32_t correlation, int timeoutMs) {
    if (correlation < 0) return std::nullopt;
    auto f = c.readFrame(timeoutMs);
    if (!f) return std::nullopt;
    Reader r(reinterpret_cast<const uint8_t*>(f->data()), static_cast<size_t>(f->size()));
    if (r.i32() != correlation) return std::nullopt;
    Resp resp;
    if (!decodeMessage(r, resp, version, false)) return std::nullopt;
    return resp;
}

template <class Resp, class Req>
std::optional<Resp> roundTrip(RawClient& c, ApiKey key, int16_t version, const Req& req, const std::string& clientId,
                              int timeoutMs = 15000) {
    return readResponse<Resp>(c, version, sendRequest(c, key, version, req, clientId), timeoutMs);
}

// ------------------------------------------------------------ members

struct JoinSpec {
    std::string group;
    std::string memberId;
    std::optional<std::string> instanceId;
    int32_t sessionTimeoutMs = 10000;
    int32_t rebalanceTimeoutMs = 10000;
    std::string protocolType = "consumer";
    std::vector<std::pair<std::string, std::string>> protocols;  ///< name, metadata
};

/// The request refers to the spec's strings: keep the spec alive while it is used.
JoinGroupRequest joinRequest(const JoinSpec& s) {
    JoinGroupRequest r;
    r.groupId = s.group;
    r.sessionTimeoutMs = s.sessionTimeoutMs;
    r.rebalanceTimeoutMs = s.rebalanceTimeoutMs;
    r.memberId = s.memberId;
    r.groupInstanceId = s.instanceId;
    r.protocolType = s.protocolType;
    for (const auto& [name, meta] : s.protocols) r.protocols.push_back({name, bytes(meta)});
    return r;
}

/// One group member with its own connection, as a Kafka consumer would be.
struct Member {
    std::unique_ptr<RawClient> conn = std::make_unique<RawClient>();
    bool connected = false;
    std::string clientId;
    std::optional<std::string> instanceId;
    std::string metadata;  ///< the subscription it joins with
    int32_t sessionTimeoutMs = 10000;
    int32_t rebalanceTimeoutMs = 10000;
    // From the last JoinGroup / SyncGroup.
    std::string id;
    int32_t generation = -1;
    std::string leader;
    std::string protocolName;
    std::vector<JoinGroupResponse::Member> members;  ///< only the leader gets the list
    std::string assignment;

    bool isLeader() const { return !id.empty() && id == leader; }
    JoinSpec spec(const std::string& group) const {
        JoinSpec s;
        s.group = group;
        s.memberId = id;
        s.instanceId = instanceId;
        s.sessionTimeoutMs = sessionTimeoutMs;
        s.rebalanceTimeoutMs = rebalanceTimeoutMs;
        s.protocols = {{"range", metadata}};
        return s;
    }
    void take(const JoinGroupResponse& r) {
        id = r.memberId;
        generation = r.generationId;
        leader = r.leader;
        protocolName = r.protocolName;
        members = r.members;
    }
};

std::vector<Member> makeMembers(const std::string& prefix, int n, bool isStatic) {
    std::vector<Member> ms(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto& m = ms[static_cast<size_t>(i)];
        m.clientId = prefix + "-" + std::to_string(i);
        if (isStatic) m.instanceId = prefix + "-instance-" + std::to_string(i);
        m.metadata = subscription({"orders"}, "member " + std::to_string(i));
    }
    return ms;
}

std::string assignmentFor(size_t index) {
    return assignment({{"orders", {static_cast<int32_t>(index % 3)}}}, "for member " + std::to_string(index));
}

}  // namespace

class TestGroupsProtocol : public QObject {
    Q_OBJECT
    std::unique_ptr<PlexusNode> m_node;

    /// Starts a node and creates the offsets topic the way clients do, with
    /// a FindCoordinator, plus the topics named here (3 partitions each).
    void startNode(std::unique_ptr<PlexusNode>& node, QStringList args, const std::vector<std::string>& topics,
                   const QString& dataDir = {}) {
        node = std::make_unique<PlexusNode>(args, dataDir);
        QString err;
        QVERIFY2(node->start(&err), qPrintable(err));
        RawClient c;
        QVERIFY(c.connect(node->kafkaHost(), node->kafkaPort()));
        FindCoordinatorRequest fc;
        fc.key = "bootstrap";
        auto found = c.call<FindCoordinatorRequest, FindCoordinatorResponse>(api(ApiKey::FindCoordinator), 2, fc);
        QVERIFY(found.has_value());
        QCOMPARE(found->errorCode, int16_t(0));
        if (topics.empty()) return;
        CreateTopicsRequest ct;
        for (const auto& name : topics) {
            CreateTopicsRequest::Topic t;
            t.name = name;
            t.numPartitions = 3;
            t.replicationFactor = 1;
            ct.topics.push_back(t);
        }
        auto created = c.call<CreateTopicsRequest, CreateTopicsResponse>(api(ApiKey::CreateTopics), 4, ct);
        QVERIFY(created.has_value());
        for (const auto& t : created->topics) QCOMPARE(t.errorCode, int16_t(0));
    }

    void connect(RawClient& c, PlexusNode* node = nullptr) {
        node = node ? node : m_node.get();
        QVERIFY(c.connect(node->kafkaHost(), node->kafkaPort()));
    }
    void connect(Member& m, PlexusNode* node = nullptr) {
        if (m.connected) return;
        RUN(connect(*m.conn, node));
        m.connected = true;
    }

    /// One member's JoinGroup, answered at once (an error or MEMBER_ID_REQUIRED).
    std::optional<JoinGroupResponse> joinNow(RawClient& c, const JoinSpec& s, int16_t version = 5,
                                             const std::string& clientId = "raw-test") {
        return roundTrip<JoinGroupResponse>(c, ApiKey::JoinGroup, version, joinRequest(s), clientId);
    }

    /// All members join (v4+ dynamic members with the MEMBER_ID_REQUIRED round
    /// trip first) and must come out in one generation with one leader.
    void joinAll(std::vector<Member>& ms, const std::string& group, int16_t version = 5, PlexusNode* node = nullptr,
                 int timeoutMs = 30000) {
        for (auto& m : ms) {
            RUN(connect(m, node));
            if (version >= 4 && !m.instanceId && m.id.empty()) {
                auto first = joinNow(*m.conn, m.spec(group), version, m.clientId);
                QVERIFY(first.has_value());
                QCOMPARE(first->errorCode, wire(ErrorCode::MemberIdRequired));
                QVERIFY(!first->memberId.empty());
                m.id = first->memberId;
            }
        }
        std::vector<int32_t> corr;
        for (auto& m : ms) {
            auto spec = m.spec(group);
            corr.push_back(sendRequest(*m.conn, ApiKey::JoinGroup, version, joinRequest(spec), m.clientId));
        }
        for (size_t i = 0; i < ms.size(); ++i) {
            auto r = readResponse<JoinGroupResponse>(*ms[i].conn, version, corr[i], timeoutMs);
            QVERIFY2(r.has_value(), qPrintable(QString("member %1 got no JoinGroup answer").arg(i)));
            QVERIFY2(r->errorCode == 0, qPrintable(QString("member %1: JoinGroup error %2").arg(i).arg(r->errorCode)));
            ms[i].take(*r);
        }
        RUN(checkOneGeneration(ms));
    }

    void checkOneGeneration(const std::vector<Member>& ms) {
        std::set<std::string> ids;
        for (const auto& m : ms) {
            QCOMPARE(m.generation, ms.front().generation);
            QCOMPARE(m.leader, ms.front().leader);
            QCOMPARE(m.protocolName, std::string("range"));
            ids.insert(m.id);
        }
        QCOMPARE(ids.size(), ms.size());
        QVERIFY(ids.count(ms.front().leader));
        int leaders = 0;
        for (const auto& m : ms) {
            if (m.isLeader()) {
                ++leaders;
                QCOMPARE(m.members.size(), ms.size());
                std::map<std::string, std::string> metaById;
                for (const auto& other : ms) metaById[other.id] = other.metadata;
                for (const auto& listed : m.members) {
                    QVERIFY2(metaById.count(listed.memberId), "the leader's member list names a stranger");
                    QVERIFY(metaById[listed.memberId] == listed.metadata.data);
                }
            } else {
                QCOMPARE(m.members.size(), size_t(0));
            }
        }
        QCOMPARE(leaders, 1);
    }

    /// Followers send SyncGroup first and wait; then the leader assigns
    /// assignmentFor(i) to member i. Each must get its own.
    void syncAll(std::vector<Member>& ms, const std::string& group, int timeoutMs = 30000) {
        std::vector<int32_t> corr(ms.size(), -1);
        std::vector<std::string> expected(ms.size());
        for (size_t i = 0; i < ms.size(); ++i) expected[i] = assignmentFor(i);
        size_t leader = ms.size();
        for (size_t i = 0; i < ms.size(); ++i) {
            if (ms[i].isLeader()) {
                leader = i;
                continue;
            }
            SyncGroupRequest s;
            s.groupId = group;
            s.generationId = ms[i].generation;
            s.memberId = ms[i].id;
            s.groupInstanceId = ms[i].instanceId;
            corr[i] = sendRequest(*ms[i].conn, ApiKey::SyncGroup, 3, s, ms[i].clientId);
        }
        QVERIFY(leader < ms.size());
        SyncGroupRequest s;
        s.groupId = group;
        s.generationId = ms[leader].generation;
        s.memberId = ms[leader].id;
        s.groupInstanceId = ms[leader].instanceId;
        for (size_t i = 0; i < ms.size(); ++i) s.assignments.push_back({ms[i].id, bytes(expected[i])});
        corr[leader] = sendRequest(*ms[leader].conn, ApiKey::SyncGroup, 3, s, ms[leader].clientId);
        for (size_t i = 0; i < ms.size(); ++i) {
            auto r = readResponse<SyncGroupResponse>(*ms[i].conn, 3, corr[i], timeoutMs);
            QVERIFY2(r.has_value(), qPrintable(QString("member %1 got no SyncGroup answer").arg(i)));
            QVERIFY2(r->errorCode == 0, qPrintable(QString("member %1: SyncGroup error %2").arg(i).arg(r->errorCode)));
            QVERIFY2(r->assignment.data == expected[i], qPrintable(QString("member %1 got another's assignment").arg(i)));
            ms[i].assignment = r->assignment.data;
        }
    }

    /// Joined and synced: a Stable group.
    void formGroup(std::vector<Member>& ms, const std::string& group, int16_t version = 5, PlexusNode* node = nullptr) {
        RUN(joinAll(ms, group, version, node));
        RUN(syncAll(ms, group));
    }

    int16_t heartbeat(RawClient& c, const std::string& group, const std::string& memberId, int32_t generation,
                      const std::optional<std::string>& instanceId = std::nullopt) {
        HeartbeatRequest h;
        h.groupId = group;
        h.generationId = generation;
        h.memberId = memberId;
        h.groupInstanceId = instanceId;
        auto r = c.call<HeartbeatRequest, HeartbeatResponse>(api(ApiKey::Heartbeat), 3, h);
        return r ? r->errorCode : kNoAnswer;
    }
    int16_t heartbeat(Member& m, const std::string& group) {
        return heartbeat(*m.conn, group, m.id, m.generation, m.instanceId);
    }

    std::optional<SyncGroupResponse> syncNow(RawClient& c, const std::string& group, const std::string& memberId,
                                             int32_t generation, const std::optional<std::string>& instanceId = std::nullopt) {
        SyncGroupRequest s;
        s.groupId = group;
        s.generationId = generation;
        s.memberId = memberId;
        s.groupInstanceId = instanceId;
        return c.call<SyncGroupRequest, SyncGroupResponse>(api(ApiKey::SyncGroup), 3, s);
    }

    struct Commit {
        std::string topic;
        int32_t partition = 0;
        int64_t offset = 0;
        std::optional<std::string> metadata;
    };
    /// OffsetCommit v7; one error code per entry, in order (empty when no answer).
    std::vector<int16_t> commit(RawClient& c, const std::string& group, int32_t generation, const std::string& memberId,
                                const std::vector<Commit>& entries,
                                const std::optional<std::string>& instanceId = std::nullopt) {
        OffsetCommitRequest req;
        req.groupId = group;
        req.generationIdOrMemberEpoch = generation;
        req.memberId = memberId;
        req.groupInstanceId = instanceId;
        for (const auto& e : entries) {
            if (req.topics.empty() || req.topics.back().name != e.topic) req.topics.push_back({e.topic, {}});
            OffsetCommitRequest::Partition p;
            p.partitionIndex = e.partition;
            p.committedOffset = e.offset;
            p.committedMetadata = e.metadata;
            req.topics.back().partitions.push_back(p);
        }
        std::vector<int16_t> out;
        auto r = c.call<OffsetCommitRequest, OffsetCommitResponse>(api(ApiKey::OffsetCommit), 7, req);
        if (!r) return out;
        for (const auto& t : r->topics)
            for (const auto& p : t.partitions) out.push_back(p.errorCode);
        return out;
    }

    /// OffsetFetch v5 for the partitions named: (offset, metadata, error) by partition.
    struct Fetched {
        int64_t offset = -2;
        std::optional<std::string> metadata;
        int16_t error = kNoAnswer;
    };
    std::map<int32_t, Fetched> fetchOffsets(RawClient& c, const std::string& group, const std::string& topic,
                                            const std::vector<int32_t>& partitions, int16_t* groupError = nullptr) {
        OffsetFetchRequest req;
        req.groupId = group;
        req.topics = std::vector<OffsetFetchRequest::Topic>{{topic, partitions}};
        std::map<int32_t, Fetched> out;
        auto r = c.call<OffsetFetchRequest, OffsetFetchResponse>(api(ApiKey::OffsetFetch), 5, req);
        if (!r) return out;
        if (groupError) *groupError = r->errorCode;
        for (const auto& t : r->topics)
            if (t.name == topic)
                for (const auto& p : t.partitions) out[p.partitionIndex] = {p.committedOffset, p.metadata, p.errorCode};
        return out;
    }

    std::optional<DescribeGroupsResponse::Group> describe(RawClient& c, const std::string& group) {
        DescribeGroupsRequest req;
        req.groups = {group};
        auto r = c.call<DescribeGroupsRequest, DescribeGroupsResponse>(api(ApiKey::DescribeGroups), 4, req);
        if (!r || r->groups.size() != 1) return std::nullopt;
        return r->groups.front();
    }
    QString stateOf(const std::string& group, PlexusNode* node = nullptr) {
        node = node ? node : m_node.get();
        RawClient c;
        if (!c.connect(node->kafkaHost(), node->kafkaPort())) return "no connection";
        auto d = describe(c, group);
        return d ? QString::fromStdString(d->groupState) : QString("no answer");
    }

    std::vector<int16_t> deleteGroups(RawClient& c, const std::vector<std::string>& groups) {
        DeleteGroupsRequest req;
        req.groupsNames = groups;
        std::vector<int16_t> out;
        auto r = c.call<DeleteGroupsRequest, DeleteGroupsResponse>(api(ApiKey::DeleteGroups), 1, req);
        if (r)
            for (const auto& res : r->results) out.push_back(res.errorCode);
        return out;
    }

private slots:
    void initTestCase() {
        // Sessions may be short (session expiry test); JoinGroup metadata is
        // capped at 256 bytes, offset metadata at 64; a short initial
        // rebalance delay keeps group formation quick.
        RUN(startNode(m_node,
                      {"--set", "auto.create.topics.enable=false", "--set", "group.min.session.timeout.ms=500", "--set",
                       "group.max.session.timeout.ms=600000", "--set", "group.initial.rebalance.delay.ms=500", "--set",
                       "group.max.member.metadata.bytes=256", "--set", "offset.metadata.max.bytes=64", "--set",
                       "offsets.topic.num.partitions=10"},
                      {"orders", "audit"}));
    }

    // ---------------------------------------------------------------- JoinGroup

    void joinV4AndV5NeedTheMemberIdRoundTrip_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v4") << 4;
        QTest::newRow("v5") << 5;
    }
    void joinV4AndV5NeedTheMemberIdRoundTrip() {
        QFETCH(int, version);
        const auto v = static_cast<int16_t>(version);
        const std::string group = "round-trip-v" + std::to_string(version);
        RawClient c;
        RUN(connect(c));
        JoinSpec s;
        s.group = group;
        s.protocols = {{"range", subscription({"orders"}, "solo")}};
        auto first = joinNow(c, s, v, "solo-client");
        QVERIFY(first.has_value());
        QCOMPARE(first->errorCode, wire(ErrorCode::MemberIdRequired));
        QCOMPARE(first->generationId, -1);
        QVERIFY2(first->memberId.rfind("solo-client-", 0) == 0 && first->memberId.size() > 20,
                 first->memberId.c_str());  // Kafka's form: client id, '-', a UUID
        QVERIFY(first->members.empty());

        s.memberId = first->memberId;
        auto second = joinNow(c, s, v, "solo-client");
        QVERIFY(second.has_value());
        QCOMPARE(second->errorCode, int16_t(0));
        QCOMPARE(second->memberId, first->memberId);
        QCOMPARE(second->generationId, 1);
        QCOMPARE(second->protocolName, std::string("range"));
        QCOMPARE(second->leader, first->memberId);
        QCOMPARE(second->members.size(), size_t(1));
        QCOMPARE(second->members[0].memberId, first->memberId);
        QVERIFY(second->members[0].metadata.data == s.protocols[0].second);
    }

    void joinV2AndV3JoinDirectly_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v2") << 2;
        QTest::newRow("v3") << 3;
    }
    void joinV2AndV3JoinDirectly() {
        QFETCH(int, version);
        const auto v = static_cast<int16_t>(version);
        auto ms = makeMembers("direct-v" + std::to_string(version), 2, false);
        RUN(joinAll(ms, "direct-v" + std::to_string(version), v));
        for (const auto& m : ms) QCOMPARE(m.generation, 1);
    }

    // ---------------------------------------------------------------- SyncGroup, Heartbeat

    void syncGroupHandsEachMemberItsOwnAssignment() {
        const std::string group = "sync-three";
        auto ms = makeMembers("sync", 3, false);
        RUN(joinAll(ms, group));
        // CompletingRebalance: heartbeats are fine, commits must wait for the assignment.
        QCOMPARE(stateOf(group), QString("CompletingRebalance"));
        QCOMPARE(heartbeat(ms[0], group), int16_t(0));
        QCOMPARE(commit(*ms[0].conn, group, ms[0].generation, ms[0].id, {{"orders", 0, 1, std::nullopt}}),
                 std::vector<int16_t>{wire(ErrorCode::RebalanceInProgress)});
        RUN(syncAll(ms, group));  // checks each assignment
        for (auto& m : ms) QCOMPARE(heartbeat(m, group), int16_t(0));
        // Stable: a late SyncGroup of the same generation gets the same assignment again.
        for (size_t i = 0; i < ms.size(); ++i) {
            auto again = syncNow(*ms[i].conn, group, ms[i].id, ms[i].generation);
            QVERIFY(again.has_value());
            QCOMPARE(again->errorCode, int16_t(0));
            QVERIFY(again->assignment.data == assignmentFor(i));
        }
    }

    // ---------------------------------------------------------------- unknown members and groups

    void unknownMemberIdIsRejected() {
        const std::string group = "unknown-member";
        auto ms = makeMembers("um", 1, false);
        RUN(formGroup(ms, group));
        RawClient c;
        RUN(connect(c));
        const std::string madeUp = "raw-test-00000000-0000-4000-8000-000000000000";
        QCOMPARE(heartbeat(c, group, madeUp, ms[0].generation), wire(ErrorCode::UnknownMemberId));
        auto sync = syncNow(c, group, madeUp, ms[0].generation);
        QVERIFY(sync.has_value());
        QCOMPARE(sync->errorCode, wire(ErrorCode::UnknownMemberId));
        JoinSpec s = ms[0].spec(group);
        s.memberId = madeUp;
        auto join = joinNow(c, s);
        QVERIFY(join.has_value());
        QCOMPARE(join->errorCode, wire(ErrorCode::UnknownMemberId));
        // The real member is undisturbed.
        QCOMPARE(heartbeat(ms[0], group), int16_t(0));
    }

    void unknownGroupIsReportedAsKafkaDoes() {
        const std::string group = "no-such-group";
        RawClient c;
        RUN(connect(c));
        QCOMPARE(heartbeat(c, group, "raw-test-nobody", 1), wire(ErrorCode::UnknownMemberId));
        auto sync = syncNow(c, group, "raw-test-nobody", 1);
        QVERIFY(sync.has_value());
        QCOMPARE(sync->errorCode, wire(ErrorCode::UnknownMemberId));
        JoinSpec s;
        s.group = group;
        s.memberId = "raw-test-nobody";
        s.protocols = {{"range", subscription({"orders"}, "")}};
        auto join = joinNow(c, s);
        QVERIFY(join.has_value());
        QCOMPARE(join->errorCode, wire(ErrorCode::UnknownMemberId));

        QCOMPARE(deleteGroups(c, {group}), std::vector<int16_t>{wire(ErrorCode::GroupIdNotFound)});

        OffsetDeleteRequest od;
        od.groupId = group;
        od.topics.push_back({"orders", {{0}}});
        auto odr = c.call<OffsetDeleteRequest, OffsetDeleteResponse>(api(ApiKey::OffsetDelete), 0, od);
        QVERIFY(odr.has_value());
        QCOMPARE(odr->errorCode, wire(ErrorCode::GroupIdNotFound));

        auto d = describe(c, group);
        QVERIFY(d.has_value());
        QCOMPARE(d->errorCode, int16_t(0));
        QCOMPARE(d->groupId, group);
        QCOMPARE(d->groupState, std::string("Dead"));
        QVERIFY(d->members.empty());

        // LeaveGroup v3: the request succeeds, the member is unknown.
        LeaveGroupRequest lg;
        lg.groupId = group;
        lg.members.push_back({"raw-test-nobody", std::nullopt});
        auto lr = c.call<LeaveGroupRequest, LeaveGroupResponse>(api(ApiKey::LeaveGroup), 3, lg);
        QVERIFY(lr.has_value());
        QCOMPARE(lr->errorCode, int16_t(0));
        QCOMPARE(lr->members.size(), size_t(1));
        QCOMPARE(lr->members[0].errorCode, wire(ErrorCode::UnknownMemberId));

        // None of this created the group.
        d = describe(c, group);
        QVERIFY(d.has_value());
        QCOMPARE(d->groupState, std::string("Dead"));
    }

    // ---------------------------------------------------------------- generations

    void staleGenerationIsIllegal() {
        const std::string group = "stale-generation";
        auto ms = makeMembers("stale", 2, false);
        RUN(formGroup(ms, group));
        auto& m = ms[0];
        QVERIFY(m.generation >= 1);
        for (int32_t wrong : {m.generation - 1, m.generation + 1}) {
            QCOMPARE(heartbeat(*m.conn, group, m.id, wrong), wire(ErrorCode::IllegalGeneration));
            auto sync = syncNow(*m.conn, group, m.id, wrong);
            QVERIFY(sync.has_value());
            QCOMPARE(sync->errorCode, wire(ErrorCode::IllegalGeneration));
            QCOMPARE(commit(*m.conn, group, wrong, m.id, {{"orders", 0, 5, std::nullopt}}),
                     std::vector<int16_t>{wire(ErrorCode::IllegalGeneration)});
        }
        // The right generation still works, and nothing was committed by the refused ones.
        QCOMPARE(heartbeat(m, group), int16_t(0));
        auto before = fetchOffsets(*m.conn, group, "orders", {0});
        QCOMPARE(before[0].offset, int64_t(-1));
        QCOMPARE(commit(*m.conn, group, m.generation, m.id, {{"orders", 0, 5, std::nullopt}}), std::vector<int16_t>{0});
        QCOMPARE(fetchOffsets(*m.conn, group, "orders", {0})[0].offset, int64_t(5));
    }

    // ---------------------------------------------------------------- OffsetCommit / OffsetFetch

    void offsetCommitFromAStrangerToALiveGroup() {
        const std::string group = "commit-stranger";
        auto ms = makeMembers("stranger", 1, false);
        RUN(formGroup(ms, group));
        RawClient c;
        RUN(connect(c));
        QCOMPARE(commit(c, group, ms[0].generation, "raw-test-not-a-member", {{"orders", 0, 1, std::nullopt}}),
                 std::vector<int16_t>{wire(ErrorCode::UnknownMemberId)});
        // A standalone commit (generation -1, no member id) into a group with members.
        QCOMPARE(commit(c, group, -1, "", {{"orders", 0, 1, std::nullopt}}),
                 std::vector<int16_t>{wire(ErrorCode::UnknownMemberId)});
        QCOMPARE(fetchOffsets(c, group, "orders", {0})[0].offset, int64_t(-1));
    }

    void standaloneCommitCreatesTheGroupAndIsFetched() {
        const std::string group = "standalone-commit";
        RawClient c;
        RUN(connect(c));
        QCOMPARE(commit(c, group, -1, "",
                        {{"orders", 0, 17, std::string("where I stopped")}, {"orders", 2, 3, std::nullopt},
                         {"audit", 1, 0, std::string()}}),
                 (std::vector<int16_t>{0, 0, 0}));
        int16_t groupError = kNoAnswer;
        auto got = fetchOffsets(c, group, "orders", {0, 1, 2}, &groupError);
        QCOMPARE(groupError, int16_t(0));
        QCOMPARE(got.size(), size_t(3));
        QCOMPARE(got[0].offset, int64_t(17));
        QCOMPARE(got[0].metadata.value_or("<null>"), std::string("where I stopped"));
        QCOMPARE(got[0].error, int16_t(0));
        QCOMPARE(got[1].offset, int64_t(-1));  // never committed
        QCOMPARE(got[2].offset, int64_t(3));
        QCOMPARE(fetchOffsets(c, group, "audit", {1})[1].offset, int64_t(0));

        // OffsetFetch v2+ with a null topic list: everything the group has.
        OffsetFetchRequest all;
        all.groupId = group;
        auto everything = c.call<OffsetFetchRequest, OffsetFetchResponse>(api(ApiKey::OffsetFetch), 5, all);
        QVERIFY(everything.has_value());
        std::map<std::pair<std::string, int32_t>, int64_t> seen;
        for (const auto& t : everything->topics)
            for (const auto& p : t.partitions) seen[{t.name, p.partitionIndex}] = p.committedOffset;
        QCOMPARE(seen, (std::map<std::pair<std::string, int32_t>, int64_t>{
                           {{"audit", 1}, 0}, {{"orders", 0}, 17}, {{"orders", 2}, 3}}));

        // A later commit replaces the earlier one; v2 of the API works too.
        OffsetCommitRequest v2;
        v2.groupId = group;
        v2.generationIdOrMemberEpoch = -1;
        v2.topics.push_back({"orders", {{0, 18, -1, -1, std::string("v2")}}});
        auto r = c.call<OffsetCommitRequest, OffsetCommitResponse>(api(ApiKey::OffsetCommit), 2, v2);
        QVERIFY(r.has_value());
        QCOMPARE(r->topics.at(0).partitions.at(0).errorCode, int16_t(0));
        QCOMPARE(fetchOffsets(c, group, "orders", {0})[0].offset, int64_t(18));

        auto d = describe(c, group);
        QVERIFY(d.has_value());
        QCOMPARE(d->groupState, std::string("Empty"));
    }

    void commitToAMissingTopicOrPartition() {
        const std::string group = "commit-missing-topic";
        RawClient c;
        RUN(connect(c));
        QCOMPARE(commit(c, group, -1, "",
                        {{"orders", 1, 9, std::nullopt}, {"orders", 3, 9, std::nullopt},
                         {"no-such-topic", 0, 9, std::nullopt}, {"orders", -1, 9, std::nullopt}}),
                 (std::vector<int16_t>{0, wire(ErrorCode::UnknownTopicOrPartition), wire(ErrorCode::UnknownTopicOrPartition),
                                       wire(ErrorCode::UnknownTopicOrPartition)}));
        QCOMPARE(fetchOffsets(c, group, "orders", {1})[1].offset, int64_t(9));
        QCOMPARE(fetchOffsets(c, group, "no-such-topic", {0})[0].offset, int64_t(-1));
    }

    void offsetMetadataAboveTheLimitIsRefused() {
        const std::string group = "commit-metadata-limit";  // offset.metadata.max.bytes=64
        RawClient c;
        RUN(connect(c));
        QCOMPARE(commit(c, group, -1, "", {{"orders", 0, 1, std::string(64, 'm')}}), std::vector<int16_t>{0});
        QCOMPARE(commit(c, group, -1, "", {{"orders", 0, 2, std::string(65, 'm')}, {"orders", 1, 2, std::string("ok")}}),
                 (std::vector<int16_t>{wire(ErrorCode::OffsetMetadataTooLarge), 0}));
        auto got = fetchOffsets(c, group, "orders", {0, 1});
        QCOMPARE(got[0].offset, int64_t(1));  // the refused commit changed nothing
        QCOMPARE(got[0].metadata.value_or("<null>"), std::string(64, 'm'));
        QCOMPARE(got[1].offset, int64_t(2));
    }

    void offsetDeleteRespectsSubscriptions() {
        const std::string group = "offset-delete";
        auto ms = makeMembers("od", 1, false);  // subscribed to "orders"
        RUN(formGroup(ms, group));
        auto& m = ms[0];
        QCOMPARE(commit(*m.conn, group, m.generation, m.id, {{"orders", 0, 4, std::nullopt}, {"audit", 0, 6, std::nullopt}}),
                 (std::vector<int16_t>{0, 0}));
        OffsetDeleteRequest od;
        od.groupId = group;
        od.topics.push_back({"orders", {{0}}});
        od.topics.push_back({"audit", {{0}}});
        auto r = m.conn->call<OffsetDeleteRequest, OffsetDeleteResponse>(api(ApiKey::OffsetDelete), 0, od);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->topics.size(), size_t(2));
        QCOMPARE(r->topics[0].partitions.at(0).errorCode, wire(ErrorCode::GroupSubscribedToTopic));
        QCOMPARE(r->topics[1].partitions.at(0).errorCode, int16_t(0));
        QCOMPARE(fetchOffsets(*m.conn, group, "orders", {0})[0].offset, int64_t(4));
        QCOMPARE(fetchOffsets(*m.conn, group, "audit", {0})[0].offset, int64_t(-1));
    }

    // ---------------------------------------------------------------- JoinGroup validation

    void joinGroupValidation() {
        const std::string group = "validation";
        RawClient c;
        RUN(connect(c));
        auto base = [&] {
            JoinSpec s;
            s.group = group;
            s.protocols = {{"range", subscription({"orders"}, "")}};
            return s;
        };
        // group.max.member.metadata.bytes=256: 256 is allowed, 257 is not.
        {
            JoinSpec s = base();
            s.group = group + "-metadata";
            s.protocols = {{"range", std::string(256, 'x')}};
            auto r = joinNow(c, s);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::MemberIdRequired));
            s.protocols = {{"range", std::string(100, 'x')}, {"roundrobin", std::string(257, 'x')}};
            r = joinNow(c, s);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::MessageTooLarge));
        }
        // Session timeout within group.min/max.session.timeout.ms (500..600000).
        for (int32_t timeout : {499, 600001, 0, -1}) {
            JoinSpec s = base();
            s.sessionTimeoutMs = timeout;
            auto r = joinNow(c, s);
            QVERIFY(r.has_value());
            QVERIFY2(r->errorCode == wire(ErrorCode::InvalidSessionTimeout),
                     qPrintable(QString("session timeout %1: error %2").arg(timeout).arg(r->errorCode)));
        }
        for (int32_t timeout : {500, 600000}) {
            JoinSpec s = base();
            s.group = group + "-timeout-" + std::to_string(timeout);
            s.sessionTimeoutMs = timeout;
            auto r = joinNow(c, s);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::MemberIdRequired));
        }
        {
            JoinSpec s = base();
            s.group = "";
            auto r = joinNow(c, s);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::InvalidGroupId));
        }
        // An existing "consumer" group refuses another protocol type, and a
        // member with no protocol in common.
        auto ms = makeMembers("valid", 1, false);
        RUN(formGroup(ms, group));
        for (int16_t v : {int16_t(3), int16_t(5)}) {
            JoinSpec s = base();
            s.protocolType = "connect";
            auto r = joinNow(c, s, v);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::InconsistentGroupProtocol));
            s = base();
            s.protocols = {{"roundrobin", subscription({"orders"}, "")}};
            r = joinNow(c, s, v);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::InconsistentGroupProtocol));
        }
        QCOMPARE(heartbeat(ms[0], group), int16_t(0));  // no rebalance came of it
    }

    // ---------------------------------------------------------------- sessions and rebalances

    void sessionExpiryRemovesTheMember() {
        const std::string group = "session-expiry";
        auto ms = makeMembers("expiry", 1, false);
        ms[0].sessionTimeoutMs = 1000;
        ms[0].rebalanceTimeoutMs = 5000;
        RUN(formGroup(ms, group));
        // Heartbeats keep it alive well past the session timeout...
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 2500) {
            QCOMPARE(heartbeat(ms[0], group), int16_t(0));
            QTest::qWait(250);
        }
        QCOMPARE(stateOf(group), QString("Stable"));
        // ...and silence ends it.
        QTest::qWait(2500);
        QCOMPARE(heartbeat(ms[0], group), wire(ErrorCode::UnknownMemberId));
        RawClient c;
        RUN(connect(c));
        auto d = describe(c, group);
        QVERIFY(d.has_value());
        QCOMPARE(d->groupState, std::string("Empty"));
        QVERIFY(d->members.empty());
        QCOMPARE(commit(*ms[0].conn, group, ms[0].generation, ms[0].id, {{"orders", 0, 1, std::nullopt}}),
                 std::vector<int16_t>{wire(ErrorCode::UnknownMemberId)});
    }

    void secondMemberJoiningAStableGroupTriggersOneRebalance() {
        const std::string group = "second-member";
        auto ms = makeMembers("second", 2, false);
        std::vector<Member> first;
        first.push_back(std::move(ms[0]));
        RUN(formGroup(first, group));
        Member& a = first[0];
        Member& b = ms[1];
        const int32_t gen = a.generation;

        RUN(connect(b));
        auto required = joinNow(*b.conn, b.spec(group), 5, b.clientId);
        QVERIFY(required.has_value());
        QCOMPARE(required->errorCode, wire(ErrorCode::MemberIdRequired));
        b.id = required->memberId;
        QCOMPARE(heartbeat(a, group), int16_t(0));  // a member id handed out is no member yet

        auto bSpec = b.spec(group);
        const int32_t bJoin = sendRequest(*b.conn, ApiKey::JoinGroup, 5, joinRequest(bSpec), b.clientId);
        QVERIFY(bJoin > 0);
        int16_t hb = 0;
        QElapsedTimer t;
        t.start();
        while (hb == 0 && t.elapsed() < 5000) {
            hb = heartbeat(a, group);
            if (hb == 0) QTest::qWait(50);
        }
        QCOMPARE(hb, wire(ErrorCode::RebalanceInProgress));
        QCOMPARE(stateOf(group), QString("PreparingRebalance"));

        auto aRejoin = joinNow(*a.conn, a.spec(group), 5, a.clientId);
        QVERIFY(aRejoin.has_value());
        QCOMPARE(aRejoin->errorCode, int16_t(0));
        a.take(*aRejoin);
        auto bJoined = readResponse<JoinGroupResponse>(*b.conn, 5, bJoin, 15000);
        QVERIFY(bJoined.has_value());
        QCOMPARE(bJoined->errorCode, int16_t(0));
        b.take(*bJoined);
        QCOMPARE(a.generation, gen + 1);
        QCOMPARE(b.generation, gen + 1);
        std::vector<Member> both;
        both.push_back(std::move(a));
        both.push_back(std::move(b));
        RUN(checkOneGeneration(both));
        RUN(syncAll(both, group));
        for (auto& m : both) QCOMPARE(heartbeat(m, group), int16_t(0));
        QCOMPARE(stateOf(group), QString("Stable"));
    }

    void aMemberThatDoesNotRejoinIsDroppedAfterTheRebalanceTimeout() {
        const std::string group = "no-rejoin";
        auto ms = makeMembers("norejoin", 2, false);
        for (auto& m : ms) m.rebalanceTimeoutMs = 2000;
        RUN(formGroup(ms, group));
        Member& leader = ms[0].isLeader() ? ms[0] : ms[1];
        Member& other = ms[0].isLeader() ? ms[1] : ms[0];
        const int32_t gen = leader.generation;
        // The leader's JoinGroup starts a rebalance; the other member keeps
        // heartbeating (alive) but never rejoins.
        auto spec = leader.spec(group);
        QElapsedTimer t;
        t.start();
        const int32_t corr = sendRequest(*leader.conn, ApiKey::JoinGroup, 5, joinRequest(spec), leader.clientId);
        int16_t hb = 0;
        while (hb == 0 && t.elapsed() < 2000) {
            hb = heartbeat(other, group);
            if (hb == 0) QTest::qWait(50);
        }
        QCOMPARE(hb, wire(ErrorCode::RebalanceInProgress));
        auto joined = readResponse<JoinGroupResponse>(*leader.conn, 5, corr, 15000);
        QVERIFY(joined.has_value());
        const auto waited = t.elapsed();
        QCOMPARE(joined->errorCode, int16_t(0));
        QCOMPARE(joined->generationId, gen + 1);
        QCOMPARE(joined->leader, leader.id);
        QCOMPARE(joined->members.size(), size_t(1));
        QVERIFY2(waited >= 1500, qPrintable(QString("completed after %1 ms, before the 2000 ms rebalance timeout").arg(waited)));
        QCOMPARE(heartbeat(other, group), wire(ErrorCode::UnknownMemberId));
    }

    void aLeaderThatNeverSyncsIsRemovedAfterTheRebalanceTimeout() {
        const std::string group = "leader-never-syncs";
        auto ms = makeMembers("nosync", 2, false);
        for (auto& m : ms) m.rebalanceTimeoutMs = 2000;
        RUN(joinAll(ms, group));
        Member& leader = ms[0].isLeader() ? ms[0] : ms[1];
        Member& follower = ms[0].isLeader() ? ms[1] : ms[0];
        SyncGroupRequest s;
        s.groupId = group;
        s.generationId = follower.generation;
        s.memberId = follower.id;
        const int32_t corr = sendRequest(*follower.conn, ApiKey::SyncGroup, 3, s, follower.clientId);
        auto parked = readResponse<SyncGroupResponse>(*follower.conn, 3, corr, 15000);
        QVERIFY(parked.has_value());
        QCOMPARE(parked->errorCode, wire(ErrorCode::RebalanceInProgress));
        QCOMPARE(heartbeat(leader, group), wire(ErrorCode::UnknownMemberId));
        auto rejoin = joinNow(*follower.conn, follower.spec(group), 5, follower.clientId);
        QVERIFY(rejoin.has_value());
        QCOMPARE(rejoin->errorCode, int16_t(0));
        QCOMPARE(rejoin->generationId, follower.generation + 1);
        QCOMPARE(rejoin->leader, follower.id);
        QCOMPARE(rejoin->members.size(), size_t(1));
    }

    /// KIP-394: a member id handed out with MEMBER_ID_REQUIRED stays valid
    /// for the session timeout, even when a rebalance completes meanwhile;
    /// the member joining with it later starts the next rebalance.
    void aPendingMemberIdSurvivesARebalance() {
        const std::string group = "pending-survives";
        auto ms = makeMembers("pending", 2, false);
        for (auto& m : ms) {
            m.rebalanceTimeoutMs = 2000;
            m.sessionTimeoutMs = 30000;
        }
        std::vector<Member> first;
        first.push_back(std::move(ms[0]));
        RUN(formGroup(first, group));
        Member& a = first[0];
        Member& b = ms[1];
        RUN(connect(b));
        auto required = joinNow(*b.conn, b.spec(group), 5, b.clientId);
        QVERIFY(required.has_value());
        QCOMPARE(required->errorCode, wire(ErrorCode::MemberIdRequired));
        b.id = required->memberId;
        // The leader rejoins; B does not come back within the rebalance timeout.
        auto aJoin = roundTrip<JoinGroupResponse>(*a.conn, ApiKey::JoinGroup, 5, joinRequest(a.spec(group)), a.clientId);
        QVERIFY(aJoin.has_value());
        QCOMPARE(aJoin->errorCode, int16_t(0));
        QCOMPARE(aJoin->generationId, a.generation + 1);
        QCOMPARE(aJoin->members.size(), size_t(1));
        a.take(*aJoin);
        // Now B joins with the id it was given.
        auto bSpec = b.spec(group);
        const int32_t bJoin = sendRequest(*b.conn, ApiKey::JoinGroup, 5, joinRequest(bSpec), b.clientId);
        auto early = readResponse<JoinGroupResponse>(*b.conn, 5, bJoin, 1000);
        QVERIFY2(!early.has_value(),
                 qPrintable(QString("the JoinGroup with the member id from MEMBER_ID_REQUIRED was answered at once "
                                    "with error %1 instead of joining").arg(early ? early->errorCode : 0)));
        QCOMPARE(heartbeat(a, group), wire(ErrorCode::RebalanceInProgress));
        aJoin = joinNow(*a.conn, a.spec(group), 5, a.clientId);
        QVERIFY(aJoin.has_value());
        QCOMPARE(aJoin->errorCode, int16_t(0));
        auto bJoined = readResponse<JoinGroupResponse>(*b.conn, 5, bJoin, 15000);
        QVERIFY(bJoined.has_value());
        QCOMPARE(bJoined->errorCode, int16_t(0));
        QCOMPARE(bJoined->generationId, a.generation + 1);
        QCOMPARE(bJoined->memberId, b.id);
    }

    /// Kafka completes a rebalance as soon as every member has rejoined: a
    /// lone member's JoinGroup in a Stable group does not wait for its
    /// rebalance timeout (librdkafka's is max.poll.interval.ms, 5 minutes).
    void aLoneMemberRejoiningCompletesAtOnce() {
        const std::string group = "lone-rejoin";
        auto ms = makeMembers("lone", 1, false);
        ms[0].rebalanceTimeoutMs = 20000;
        RUN(formGroup(ms, group));
        auto spec = ms[0].spec(group);
        QElapsedTimer t;
        t.start();
        auto r = roundTrip<JoinGroupResponse>(*ms[0].conn, ApiKey::JoinGroup, 5, joinRequest(spec), ms[0].clientId, 30000);
        const auto waited = t.elapsed();
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->generationId, ms[0].generation + 1);
        QVERIFY2(waited < 5000, qPrintable(QString("the rejoin of the group's only member took %1 ms "
                                                   "(its rebalance timeout is 20000 ms)").arg(waited)));
    }

    // ---------------------------------------------------------------- LeaveGroup, static membership

    void leaveGroupV3Batch() {
        const std::string group = "leave-batch";
        auto ms = makeMembers("leave", 3, true);
        RUN(formGroup(ms, group));
        const int32_t gen = ms[0].generation;
        RawClient c;
        RUN(connect(c));
        LeaveGroupRequest lg;
        lg.groupId = group;
        lg.members.push_back({ms[0].id, ms[0].instanceId});
        lg.members.push_back({"", ms[1].instanceId});  // by instance id alone
        lg.members.push_back({"", std::string("leave-instance-unknown")});
        lg.members.push_back({"leave-not-the-id", ms[2].instanceId});
        auto r = c.call<LeaveGroupRequest, LeaveGroupResponse>(api(ApiKey::LeaveGroup), 3, lg);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->members.size(), size_t(4));
        std::vector<int16_t> errors;
        for (size_t i = 0; i < r->members.size(); ++i) {
            QCOMPARE(r->members[i].memberId, lg.members[i].memberId);
            QCOMPARE(r->members[i].groupInstanceId, lg.members[i].groupInstanceId);
            errors.push_back(r->members[i].errorCode);
        }
        QCOMPARE(errors, (std::vector<int16_t>{0, 0, wire(ErrorCode::UnknownMemberId), wire(ErrorCode::FencedInstanceId)}));

        // The two that left are gone; the third must rejoin, alone.
        QCOMPARE(heartbeat(ms[0], group), wire(ErrorCode::UnknownMemberId));
        QCOMPARE(heartbeat(ms[2], group), wire(ErrorCode::RebalanceInProgress));
        auto rejoin = joinNow(*ms[2].conn, ms[2].spec(group), 5, ms[2].clientId);
        QVERIFY(rejoin.has_value());
        QCOMPARE(rejoin->errorCode, int16_t(0));
        QCOMPARE(rejoin->generationId, gen + 1);
        QCOMPARE(rejoin->leader, ms[2].id);
        QCOMPARE(rejoin->members.size(), size_t(1));

        lg.members = {{"", ms[2].instanceId}};
        r = c.call<LeaveGroupRequest, LeaveGroupResponse>(api(ApiKey::LeaveGroup), 3, lg);
        QVERIFY(r.has_value());
        QCOMPARE(r->members.at(0).errorCode, int16_t(0));
        QCOMPARE(stateOf(group), QString("Empty"));
    }

    void staticMemberRestartKeepsTheGenerationAndFencesTheOldId() {
        const std::string group = "static-restart";
        auto ms = makeMembers("static", 2, true);
        RUN(formGroup(ms, group));
        Member& follower = ms[0].isLeader() ? ms[1] : ms[0];
        Member& leader = ms[0].isLeader() ? ms[0] : ms[1];
        const size_t followerIndex = &follower == &ms[0] ? 0 : 1;
        const int32_t gen = follower.generation;

        // The follower restarts: a new connection, no member id, the same instance id.
        Member restarted;
        restarted.clientId = follower.clientId;
        restarted.instanceId = follower.instanceId;
        restarted.metadata = follower.metadata;
        RUN(connect(restarted));
        auto r = joinNow(*restarted.conn, restarted.spec(group), 5, restarted.clientId);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QVERIFY(!r->memberId.empty());
        QVERIFY(r->memberId != follower.id);
        QCOMPARE(r->generationId, gen);  // no rebalance
        QCOMPARE(r->leader, leader.id);
        QVERIFY(r->members.empty());
        restarted.take(*r);

        QCOMPARE(heartbeat(follower, group), wire(ErrorCode::FencedInstanceId));
        auto oldSync = syncNow(*follower.conn, group, follower.id, gen, follower.instanceId);
        QVERIFY(oldSync.has_value());
        QCOMPARE(oldSync->errorCode, wire(ErrorCode::FencedInstanceId));
        QCOMPARE(commit(*follower.conn, group, gen, follower.id, {{"orders", 0, 1, std::nullopt}}, follower.instanceId),
                 std::vector<int16_t>{wire(ErrorCode::FencedInstanceId)});

        QCOMPARE(heartbeat(restarted, group), int16_t(0));
        QCOMPARE(heartbeat(leader, group), int16_t(0));  // the leader saw no rebalance
        auto sync = syncNow(*restarted.conn, group, restarted.id, gen, restarted.instanceId);
        QVERIFY(sync.has_value());
        QCOMPARE(sync->errorCode, int16_t(0));
        QVERIFY(sync->assignment.data == assignmentFor(followerIndex));  // it keeps its partitions

        RawClient c;
        RUN(connect(c));
        auto d = describe(c, group);
        QVERIFY(d.has_value());
        QCOMPARE(d->groupState, std::string("Stable"));
        std::set<std::string> ids;
        for (const auto& m : d->members) ids.insert(m.memberId);
        QCOMPARE(ids, (std::set<std::string>{leader.id, restarted.id}));
    }

    void staticLeaderRestartDoesNotRebalance() {
        const std::string group = "static-leader-restart";
        auto ms = makeMembers("sleader", 2, true);
        RUN(formGroup(ms, group));
        Member& leader = ms[0].isLeader() ? ms[0] : ms[1];
        Member& follower = ms[0].isLeader() ? ms[1] : ms[0];
        const size_t leaderIndex = &leader == &ms[0] ? 0 : 1;
        const int32_t gen = leader.generation;
        Member restarted;
        restarted.clientId = leader.clientId;
        restarted.instanceId = leader.instanceId;
        restarted.metadata = leader.metadata;
        RUN(connect(restarted));
        auto r = joinNow(*restarted.conn, restarted.spec(group), 5, restarted.clientId);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->generationId, gen);
        QVERIFY(r->memberId != leader.id);
        restarted.take(*r);
        QCOMPARE(heartbeat(leader, group), wire(ErrorCode::FencedInstanceId));
        QCOMPARE(heartbeat(follower, group), int16_t(0));
        QCOMPARE(heartbeat(restarted, group), int16_t(0));
        // Whatever it sends, a Stable group hands out the stored assignment.
        SyncGroupRequest s;
        s.groupId = group;
        s.generationId = gen;
        s.memberId = restarted.id;
        s.groupInstanceId = restarted.instanceId;
        const std::string other = assignment({{"orders", {0, 1, 2}}}, "a new plan");
        s.assignments.push_back({restarted.id, bytes(other)});
        auto sync = restarted.conn->call<SyncGroupRequest, SyncGroupResponse>(api(ApiKey::SyncGroup), 3, s);
        QVERIFY(sync.has_value());
        QCOMPARE(sync->errorCode, int16_t(0));
        QVERIFY(sync->assignment.data == assignmentFor(leaderIndex));
        auto followerSync = syncNow(*follower.conn, group, follower.id, gen, follower.instanceId);
        QVERIFY(followerSync.has_value());
        QVERIFY(followerSync->assignment.data == follower.assignment);
    }

    // ---------------------------------------------------------------- DeleteGroups

    void deleteGroupsOnlyWhenEmpty() {
        const std::string group = "delete-me";
        auto ms = makeMembers("delete", 2, false);
        RUN(formGroup(ms, group));
        QCOMPARE(commit(*ms[0].conn, group, ms[0].generation, ms[0].id, {{"orders", 1, 11, std::nullopt}}),
                 std::vector<int16_t>{0});
        RawClient c;
        RUN(connect(c));
        QCOMPARE(deleteGroups(c, {group, "delete-me-never-existed"}),
                 (std::vector<int16_t>{wire(ErrorCode::NonEmptyGroup), wire(ErrorCode::GroupIdNotFound)}));
        QCOMPARE(heartbeat(ms[0], group), int16_t(0));

        // Both leave, one with LeaveGroup v1 and one with v2.
        for (size_t i = 0; i < 2; ++i) {
            LeaveGroupRequest lg;
            lg.groupId = group;
            lg.memberId = ms[i].id;
            auto r = ms[i].conn->call<LeaveGroupRequest, LeaveGroupResponse>(api(ApiKey::LeaveGroup),
                                                                              static_cast<int16_t>(1 + i), lg);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, int16_t(0));
        }
        QCOMPARE(stateOf(group), QString("Empty"));
        QCOMPARE(fetchOffsets(c, group, "orders", {1})[1].offset, int64_t(11));  // offsets outlive the members
        QCOMPARE(deleteGroups(c, {group}), std::vector<int16_t>{0});
        QCOMPARE(deleteGroups(c, {group}), std::vector<int16_t>{wire(ErrorCode::GroupIdNotFound)});
        QCOMPARE(stateOf(group), QString("Dead"));
        QCOMPARE(fetchOffsets(c, group, "orders", {1})[1].offset, int64_t(-1));
        auto listed = c.call<ListGroupsRequest, ListGroupsResponse>(api(ApiKey::ListGroups), 2, ListGroupsRequest{});
        QVERIFY(listed.has_value());
        for (const auto& g : listed->groups) QVERIFY(g.groupId != group);
    }

    // ---------------------------------------------------------------- ListGroups, DescribeGroups

    void listAndDescribeShowAStableGroup() {
        const std::string group = "described";
        auto ms = makeMembers("describe", 2, false);
        ms[1].instanceId = "describe-static";
        RUN(formGroup(ms, group));
        RawClient c;
        RUN(connect(c));
        for (int16_t v = 0; v <= 2; ++v) {
            auto listed = c.call<ListGroupsRequest, ListGroupsResponse>(api(ApiKey::ListGroups), v, ListGroupsRequest{});
            QVERIFY(listed.has_value());
            QCOMPARE(listed->errorCode, int16_t(0));
            bool found = false;
            for (const auto& g : listed->groups)
                if (g.groupId == group) {
                    found = true;
                    QCOMPARE(g.protocolType, std::string("consumer"));
                }
            QVERIFY2(found, qPrintable(QString("ListGroups v%1 lacks the group").arg(v)));
        }
        for (int16_t v = 0; v <= 4; ++v) {
            DescribeGroupsRequest req;
            req.groups = {group, "described-unknown"};
            auto r = c.call<DescribeGroupsRequest, DescribeGroupsResponse>(api(ApiKey::DescribeGroups), v, req);
            QVERIFY(r.has_value());
            QCOMPARE(r->groups.size(), size_t(2));
            const auto& g = r->groups[0];
            QCOMPARE(g.errorCode, int16_t(0));
            QCOMPARE(g.groupId, group);
            QCOMPARE(g.groupState, std::string("Stable"));
            QCOMPARE(g.protocolType, std::string("consumer"));
            QCOMPARE(g.protocolData, std::string("range"));
            QCOMPARE(g.members.size(), size_t(2));
            for (const auto& dm : g.members) {
                auto it = std::find_if(ms.begin(), ms.end(), [&](const Member& m) { return m.id == dm.memberId; });
                QVERIFY2(it != ms.end(), dm.memberId.c_str());
                QCOMPARE(dm.clientId, it->clientId);
                QCOMPARE(dm.clientHost, std::string("/127.0.0.1"));
                QVERIFY(dm.memberMetadata.data == it->metadata);
                QVERIFY(dm.memberAssignment.data == it->assignment);
                if (v >= 4) QCOMPARE(dm.groupInstanceId, it->instanceId);
            }
            QCOMPARE(r->groups[1].groupState, std::string("Dead"));
            QCOMPARE(r->groups[1].errorCode, int16_t(0));
        }
    }

    // ---------------------------------------------------------------- FindCoordinator

    void findCoordinatorIsThisNode_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v0") << 0;
        QTest::newRow("v1") << 1;
        QTest::newRow("v2") << 2;
    }
    void findCoordinatorIsThisNode() {
        QFETCH(int, version);
        const auto v = static_cast<int16_t>(version);
        RawClient c;
        RUN(connect(c));
        auto md = c.call<MetadataRequest, MetadataResponse>(api(ApiKey::Metadata), 1, MetadataRequest{});
        QVERIFY(md.has_value());
        QCOMPARE(md->brokers.size(), size_t(1));
        FindCoordinatorRequest req;
        req.key = "any-group";
        auto r = c.call<FindCoordinatorRequest, FindCoordinatorResponse>(api(ApiKey::FindCoordinator), v, req);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->nodeId, md->brokers[0].nodeId);
        QCOMPARE(QString::fromStdString(r->host), m_node->kafkaHost());
        QCOMPARE(r->port, int32_t(m_node->kafkaPort()));
        if (v >= 1) {
            req.keyType = static_cast<int8_t>(CoordinatorType::Transaction);
            req.key = "a-transactional-id";
            r = c.call<FindCoordinatorRequest, FindCoordinatorResponse>(api(ApiKey::FindCoordinator), v, req);
            QVERIFY(r.has_value());
            QCOMPARE(r->errorCode, wire(ErrorCode::CoordinatorNotAvailable));
        }
    }

    void offsetsTopicHasTheConfiguredPartitions() {
        RawClient c;
        RUN(connect(c));
        MetadataRequest req;
        req.topics = std::vector<MetadataRequest::Topic>{{"__consumer_offsets"}};
        req.allowAutoTopicCreation = false;
        auto r = c.call<MetadataRequest, MetadataResponse>(api(ApiKey::Metadata), 4, req);
        QVERIFY(r.has_value());
        QCOMPARE(r->topics.size(), size_t(1));
        QCOMPARE(r->topics[0].errorCode, int16_t(0));
        QCOMPARE(r->topics[0].partitions.size(), size_t(10));  // offsets.topic.num.partitions=10
    }

    // ---------------------------------------------------------------- no initial delay

    void firstJoinWithoutInitialDelayCompletesAtOnce() {
        std::unique_ptr<PlexusNode> node;
        RUN(startNode(node, {"--set", "group.initial.rebalance.delay.ms=0"}, {}));
        RawClient c;
        RUN(connect(c, node.get()));
        JoinSpec s;
        s.group = "no-delay";
        s.rebalanceTimeoutMs = 20000;
        s.protocols = {{"range", subscription({"orders"}, "")}};
        QElapsedTimer t;
        t.start();
        auto r = roundTrip<JoinGroupResponse>(c, ApiKey::JoinGroup, 3, joinRequest(s), "raw-test", 30000);
        const auto waited = t.elapsed();
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->generationId, 1);
        QVERIFY2(waited < 5000, qPrintable(QString("with group.initial.rebalance.delay.ms=0 the first JoinGroup took %1 ms "
                                                   "(rebalance timeout 20000 ms)").arg(waited)));
        QVERIFY(node->running());
    }

    // ---------------------------------------------------------------- 500 members at once

    void fiveHundredMembersJoinInOneRebalance() {
        constexpr int kMembers = 500;
        // Each member is one connection: 500 sockets here (the node has its own limit).
        rlimit lim{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &lim), 0);
        if (lim.rlim_cur < 2048) {
            lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, 4096);
            QCOMPARE(setrlimit(RLIMIT_NOFILE, &lim), 0);
        }
        QVERIFY2(lim.rlim_cur >= 1024, "RLIMIT_NOFILE is too low for 500 connections");

        std::unique_ptr<PlexusNode> node;
        RUN(startNode(node, {"--set", "group.initial.rebalance.delay.ms=3000"}, {"orders"}));
        const std::string group = "five-hundred";
        auto ms = makeMembers("crowd", kMembers, false);
        for (auto& m : ms) {
            m.sessionTimeoutMs = 60000;
            m.rebalanceTimeoutMs = 60000;
        }
        QElapsedTimer t;
        t.start();
        // All first JoinGroups, then all MEMBER_ID_REQUIRED answers.
        std::vector<int32_t> corr;
        for (auto& m : ms) {
            RUN(connect(m, node.get()));
            auto spec = m.spec(group);
            corr.push_back(sendRequest(*m.conn, ApiKey::JoinGroup, 5, joinRequest(spec), m.clientId));
        }
        for (size_t i = 0; i < ms.size(); ++i) {
            auto r = readResponse<JoinGroupResponse>(*ms[i].conn, 5, corr[i], 15000);
            QVERIFY2(r.has_value(), qPrintable(QString("member %1: no first JoinGroup answer").arg(i)));
            QCOMPARE(r->errorCode, wire(ErrorCode::MemberIdRequired));
            ms[i].id = r->memberId;
        }
        qInfo("%d member ids handed out after %lld ms", kMembers, static_cast<long long>(t.elapsed()));
        // All second JoinGroups, then all answers: one generation, one leader.
        RUN(joinAll(ms, group, 5, node.get(), 60000));
        qInfo("one generation of %d members after %lld ms", kMembers, static_cast<long long>(t.elapsed()));
        QCOMPARE(ms.front().generation, 1);  // one rebalance from an empty group
        RUN(syncAll(ms, group, 60000));
        qInfo("%d assignments handed out after %lld ms", kMembers, static_cast<long long>(t.elapsed()));

        // The coordinator still serves: heartbeats, a describe, a new group.
        QCOMPARE(heartbeat(ms[0], group), int16_t(0));
        QCOMPARE(heartbeat(ms[kMembers - 1], group), int16_t(0));
        QCOMPARE(stateOf(group, node.get()), QString("Stable"));
        RawClient other;
        RUN(connect(other, node.get()));
        JoinSpec s;
        s.group = "after-the-crowd";
        s.protocols = {{"range", subscription({"orders"}, "")}};
        auto r = roundTrip<JoinGroupResponse>(other, ApiKey::JoinGroup, 3, joinRequest(s), "raw-test", 30000);
        QVERIFY(r.has_value());
        QCOMPARE(r->errorCode, int16_t(0));
        QCOMPARE(r->generationId, 1);
        QVERIFY(node->running());
    }

    // ---------------------------------------------------------------- kill -9

    void groupsAndOffsetsSurviveKillNine() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dataDir = dir.path() + "/data";
        const QStringList args = {"--set", "group.min.session.timeout.ms=1000", "--set",
                                  "group.initial.rebalance.delay.ms=300"};
        std::unique_ptr<PlexusNode> node;
        RUN(startNode(node, args, {"durable"}, dataDir));
        const std::string group = "durable-group";
        auto ms = makeMembers("durable", 2, false);
        for (auto& m : ms) m.sessionTimeoutMs = 8000;
        RUN(formGroup(ms, group, 5, node.get()));
        QCOMPARE(commit(*ms[0].conn, group, ms[0].generation, ms[0].id,
                        {{"durable", 0, 42, std::string("meta-0")}, {"durable", 1, 7, std::nullopt}}),
                 (std::vector<int16_t>{0, 0}));
        QCOMPARE(commit(*ms[1].conn, group, ms[1].generation, ms[1].id, {{"durable", 2, 99, std::nullopt}}),
                 std::vector<int16_t>{0});
        {
            RawClient c;
            RUN(connect(c, node.get()));
            QCOMPARE(commit(c, "durable-standalone", -1, "", {{"durable", 0, 1000, std::string("alone")}}),
                     std::vector<int16_t>{0});
        }

        node->kill9();
        QVERIFY(!node->running());
        std::unique_ptr<PlexusNode> again = std::make_unique<PlexusNode>(args, dataDir);
        QString err;
        QVERIFY2(again->start(&err), qPrintable(err));
        QElapsedTimer sinceRestart;
        sinceRestart.start();

        RawClient c;
        RUN(connect(c, again.get()));
        auto got = fetchOffsets(c, group, "durable", {0, 1, 2});
        QCOMPARE(got[0].offset, int64_t(42));
        QCOMPARE(got[0].metadata.value_or("<null>"), std::string("meta-0"));
        QCOMPARE(got[1].offset, int64_t(7));
        QCOMPARE(got[2].offset, int64_t(99));
        auto alone = fetchOffsets(c, "durable-standalone", "durable", {0});
        QCOMPARE(alone[0].offset, int64_t(1000));
        QCOMPARE(alone[0].metadata.value_or("<null>"), std::string("alone"));

        auto d = describe(c, group);
        QVERIFY(d.has_value());
        QVERIFY2(sinceRestart.elapsed() < 8000, "the restart took longer than the members' session timeout");
        QCOMPARE(d->groupState, std::string("Stable"));
        QCOMPARE(d->protocolType, std::string("consumer"));
        QCOMPARE(d->protocolData, std::string("range"));
        QCOMPARE(d->members.size(), size_t(2));
        for (const auto& dm : d->members) {
            auto it = std::find_if(ms.begin(), ms.end(), [&](const Member& m) { return m.id == dm.memberId; });
            QVERIFY2(it != ms.end(), dm.memberId.c_str());
            QCOMPARE(dm.clientId, it->clientId);
            QVERIFY(dm.memberMetadata.data == it->metadata);
            QVERIFY(dm.memberAssignment.data == it->assignment);
        }
        // A member carries on with its id and generation on a new connection...
        QCOMPARE(heartbeat(c, group, ms[0].id, ms[0].generation), int16_t(0));
        QCOMPARE(commit(c, group, ms[0].generation, ms[0].id, {{"durable", 0, 43, std::nullopt}}), std::vector<int16_t>{0});
        // ...until the sessions run out.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(group, again.get()), QString("Empty"), 20000);
        QCOMPARE(fetchOffsets(c, group, "durable", {0})[0].offset, int64_t(43));
        QVERIFY2(again->running(), again->log().constData());
    }

    void cleanupTestCase() {
        QVERIFY2(m_node->running(), m_node->log().constData());
        m_node->stop();
    }
};

QTEST_GUILESS_MAIN(TestGroupsProtocol)
#include "test_groups_protocol.moc"

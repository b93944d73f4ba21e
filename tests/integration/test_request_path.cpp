// The authorize step of the request path, on a real node in process: a
// Node (its Kafka listener only) on a loopback port, driven with hand-built
// Kafka requests (RawClient), with a scripted Authorizer in place of the
// allow-all one. For every API plexusd serves but ApiVersions, the test
// checks that the handler asks the authorizer with Kafka's own operation and
// resource (WRITE on the topic for Produce, READ on the group for JoinGroup,
// ...), that a denial is answered with Kafka's *_AUTHORIZATION_FAILED code
// for the resource, that nothing is written, created or deleted, and that
// the node keeps serving.
#include <QtTest>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include <boost/asio/post.hpp>

#include "broker/handlers/handler.h"
#include "broker/node/node.h"
#include "broker/server/authorizer.h"
#include "broker/server/broker.h"
#include "tests/support/raw_client.h"

using namespace plexus;
using namespace plexus::protocol;
using plexus::server::AclOperation;
using plexus::server::Action;
using Res = plexus::server::ResourceType;
using plexus::test::RawClient;

namespace {

using Asked = std::tuple<std::string, AclOperation, Res, std::string>;  // principal, operation, resource type, name

/// Records every question and denies the listed (operation, type, name).
class ScriptedAuthorizer : public server::Authorizer {
public:
    bool authorize(const server::Principal& p, std::string_view, const Action& a) override {
        std::lock_guard lock(m_mutex);
        m_asked.emplace_back(p.str(), a.operation, a.resourceType, std::string(a.resourceName));
        return !m_denied.count({a.operation, a.resourceType, std::string(a.resourceName)});
    }
    void reset(std::set<std::tuple<AclOperation, Res, std::string>> denied = {}) {
        std::lock_guard lock(m_mutex);
        m_denied = std::move(denied);
        m_asked.clear();
    }
    std::vector<Asked> asked() {
        std::lock_guard lock(m_mutex);
        return m_asked;
    }

private:
    std::mutex m_mutex;
    std::set<std::tuple<AclOperation, Res, std::string>> m_denied;
    std::vector<Asked> m_asked;
};

QString describe(const std::vector<Asked>& asked) {
    QStringList out;
    for (const auto& [p, op, type, name] : asked)
        out << QString("%1 %2 %3 '%4'").arg(QString::fromStdString(p), server::operationName(op), server::resourceTypeName(type),
                                           QString::fromStdString(name));
    return out.join(", ");
}

}  // namespace

class TestRequestPath : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    boost::asio::io_context m_io;
    std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
    std::unique_ptr<node::Node> m_node;
    std::thread m_thread;
    ScriptedAuthorizer* m_auth = nullptr;
    const std::string kTopic = "orders";

    void connect(RawClient& c) {
        if (!c.connect("127.0.0.1", m_node->core().kafkaBound.port)) qFatal("cannot connect to the in-process node");
    }

    /// Whether the authorizer was asked `op` on `type` `name` by User:ANONYMOUS.
    void expectAsked(AclOperation op, Res type, const std::string& name) {
        const auto asked = m_auth->asked();
        const Asked want{"User:ANONYMOUS", op, type, name};
        QVERIFY2(std::find(asked.begin(), asked.end(), want) != asked.end(),
                 qPrintable(QString("not asked %1 %2 '%3'; asked: %4")
                                .arg(server::operationName(op), server::resourceTypeName(type), QString::fromStdString(name),
                                     describe(asked))));
    }

    std::string oneRecordBatch() { return test::buildBatch({{std::nullopt, std::string("admit"), {}, 0}}); }

    ProduceRequest produceRequest(const std::string& topic, const std::string& batch) {
        ProduceRequest req;
        req.acks = -1;
        req.timeoutMs = 10000;
        ProduceRequest::PartitionData pd;
        pd.index = 0;
        pd.records = BytesView(reinterpret_cast<const uint8_t*>(batch.data()), batch.size());
        req.topicData.push_back({topic, {pd}});
        return req;
    }

    int64_t highWatermark() {
        RawClient c;
        connect(c);
        ListOffsetsRequest req;
        req.topics.push_back({kTopic, {{0, -1, -1, 1}}});
        auto resp = c.call<ListOffsetsRequest, ListOffsetsResponse>(2, 1, req);
        return resp ? resp->topics.at(0).partitions.at(0).offset : -100;
    }

    bool topicExists(const std::string& name) {
        RawClient c;
        connect(c);
        MetadataRequest req;
        req.topics = std::vector<MetadataRequest::Topic>{{name}};
        req.allowAutoTopicCreation = false;
        auto resp = c.call<MetadataRequest, MetadataResponse>(3, 4, req);
        return resp && !resp->topics.empty() && resp->topics[0].errorCode == 0;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        server::NodeConfig cfg;
        cfg.dataDir = m_dir.path().toStdString();
        cfg.kafkaAddr = {"127.0.0.1", 0};
        cfg.groupInitialRebalanceDelayMs = 0;
        m_node = std::make_unique<node::Node>(cfg, m_io);
        m_node->setHttp(false);
        auto auth = std::make_unique<ScriptedAuthorizer>();
        m_auth = auth.get();
        m_node->setAuthorizer(std::move(auth));
        Status s = m_node->start();
        QVERIFY2(s.isOk(), s.message().c_str());
        m_work = std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(m_io.get_executor());
        m_thread = std::thread([this] { m_io.run(); });

        RawClient c;
        connect(c);
        CreateTopicsRequest ct;
        ct.topics.push_back({kTopic, 1, 1, {}, {}});
        ct.timeoutMs = 10000;
        auto created = c.call<CreateTopicsRequest, CreateTopicsResponse>(19, 4, ct);
        QVERIFY(created && created->topics.at(0).errorCode == 0);
        auto produced = c.call<ProduceRequest, ProduceResponse>(0, 8, produceRequest(kTopic, oneRecordBatch()));
        QVERIFY(produced && produced->responses.at(0).partitionResponses.at(0).errorCode == 0);
        QCOMPARE(highWatermark(), int64_t(1));
    }

    void cleanupTestCase() {
        boost::asio::post(m_io, [this] { m_node->shutdown(); });
        m_work.reset();
        m_io.stop();
        if (m_thread.joinable()) m_thread.join();
        m_node->stop();
        m_node.reset();
    }

    void init() { m_auth->reset(); }

    void produceNeedsWriteOnTheTopic() {
        m_auth->reset({{AclOperation::Write, Res::Topic, kTopic}});
        RawClient c;
        connect(c);
        auto resp = c.call<ProduceRequest, ProduceResponse>(0, 8, produceRequest(kTopic, oneRecordBatch()));
        QVERIFY(resp);
        QCOMPARE(resp->responses.at(0).partitionResponses.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Write, Res::Topic, kTopic);
        m_auth->reset();
        QCOMPARE(highWatermark(), int64_t(1));  // nothing written
    }

    void produceToAMissingTopicNeedsCreateToAutoCreateIt() {
        m_auth->reset({{AclOperation::Create, Res::Cluster, "kafka-cluster"}, {AclOperation::Create, Res::Topic, "auto-made"}});
        RawClient c;
        connect(c);
        auto resp = c.call<ProduceRequest, ProduceResponse>(0, 8, produceRequest("auto-made", oneRecordBatch()));
        QVERIFY(resp);
        QCOMPARE(resp->responses.at(0).partitionResponses.at(0).errorCode, wire(ErrorCode::UnknownTopicOrPartition));
        expectAsked(AclOperation::Create, Res::Topic, "auto-made");
        m_auth->reset();
        QVERIFY(!topicExists("auto-made"));
    }

    void fetchNeedsReadOnTheTopic() {
        m_auth->reset({{AclOperation::Read, Res::Topic, kTopic}});
        RawClient c;
        connect(c);
        FetchRequest req;
        req.maxWaitMs = 5000;  // a denial answers at once, not after the long poll
        req.minBytes = 1;
        req.maxBytes = 1 << 20;
        FetchRequest::FetchPartition fp;
        fp.partition = 0;
        fp.partitionMaxBytes = 1 << 20;
        req.topics.push_back({kTopic, {fp}});
        QElapsedTimer t;
        t.start();
        auto resp = c.call<FetchRequest, FetchResponse>(1, 11, req);
        QVERIFY(resp);
        QVERIFY2(t.elapsed() < 4000, "a denied fetch waited out its max wait");
        QCOMPARE(resp->responses.at(0).partitions.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        const auto& records = resp->responses.at(0).partitions.at(0).records;
        QVERIFY(!records || records->data.empty());
        expectAsked(AclOperation::Read, Res::Topic, kTopic);
    }

    void listOffsetsAndLeaderEpochsNeedDescribe() {
        m_auth->reset({{AclOperation::Describe, Res::Topic, kTopic}});
        RawClient c;
        connect(c);
        ListOffsetsRequest lo;
        lo.topics.push_back({kTopic, {{0, -1, -1, 1}}});
        auto offsets = c.call<ListOffsetsRequest, ListOffsetsResponse>(2, 1, lo);
        QVERIFY(offsets);
        QCOMPARE(offsets->topics.at(0).partitions.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        OffsetForLeaderEpochRequest ep;
        ep.topics.push_back({kTopic, {{0, -1, 0}}});
        auto epochs = c.call<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>(23, 2, ep);
        QVERIFY(epochs);
        QCOMPARE(epochs->topics.at(0).partitions.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Describe, Res::Topic, kTopic);
    }

    void metadataLeavesOutTopicsThatCannotBeDescribed() {
        m_auth->reset({{AclOperation::Describe, Res::Topic, kTopic}});
        RawClient c;
        connect(c);
        MetadataRequest named;
        named.topics = std::vector<MetadataRequest::Topic>{{kTopic}};
        auto one = c.call<MetadataRequest, MetadataResponse>(3, 4, named);
        QVERIFY(one);
        QCOMPARE(one->topics.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        QVERIFY(one->topics.at(0).partitions.empty());
        MetadataRequest all;  // topics null: every topic
        auto every = c.call<MetadataRequest, MetadataResponse>(3, 4, all);
        QVERIFY(every);
        for (const auto& t : every->topics) QVERIFY2(t.name != kTopic, "a topic that cannot be described was listed");
        expectAsked(AclOperation::Describe, Res::Topic, kTopic);
    }

    void topicManagementNeedsItsOperation() {
        RawClient c;
        connect(c);
        // CreateTopics: CREATE on the cluster, else on the topic.
        m_auth->reset({{AclOperation::Create, Res::Cluster, "kafka-cluster"}, {AclOperation::Create, Res::Topic, "labs"}});
        CreateTopicsRequest ct;
        ct.topics.push_back({"labs", 1, 1, {}, {}});
        ct.timeoutMs = 10000;
        auto created = c.call<CreateTopicsRequest, CreateTopicsResponse>(19, 4, ct);
        QVERIFY(created);
        QCOMPARE(created->topics.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Create, Res::Cluster, "kafka-cluster");
        expectAsked(AclOperation::Create, Res::Topic, "labs");
        m_auth->reset();
        QVERIFY(!topicExists("labs"));

        // DeleteTopics: DELETE on the topic.
        m_auth->reset({{AclOperation::Delete, Res::Topic, kTopic}});
        DeleteTopicsRequest dt;
        dt.topicNames = {kTopic};
        dt.timeoutMs = 10000;
        auto deleted = c.call<DeleteTopicsRequest, DeleteTopicsResponse>(20, 3, dt);
        QVERIFY(deleted);
        QCOMPARE(deleted->responses.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Delete, Res::Topic, kTopic);

        // CreatePartitions: ALTER on the topic.
        m_auth->reset({{AclOperation::Alter, Res::Topic, kTopic}});
        CreatePartitionsRequest cp;
        cp.topics.push_back({kTopic, 3, std::nullopt});
        cp.timeoutMs = 10000;
        auto grown = c.call<CreatePartitionsRequest, CreatePartitionsResponse>(37, 1, cp);
        QVERIFY(grown);
        QCOMPARE(grown->results.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Alter, Res::Topic, kTopic);

        // DeleteRecords: DELETE on the topic.
        m_auth->reset({{AclOperation::Delete, Res::Topic, kTopic}});
        DeleteRecordsRequest dr;
        dr.topics.push_back({kTopic, {{0, -1}}});
        dr.timeoutMs = 10000;
        auto trimmed = c.call<DeleteRecordsRequest, DeleteRecordsResponse>(21, 1, dr);
        QVERIFY(trimmed);
        QCOMPARE(trimmed->topics.at(0).partitions.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));

        // Configs: DESCRIBE_CONFIGS and ALTER_CONFIGS on the topic.
        m_auth->reset({{AclOperation::DescribeConfigs, Res::Topic, kTopic}, {AclOperation::AlterConfigs, Res::Topic, kTopic}});
        DescribeConfigsRequest dc;
        dc.resources.push_back({2, kTopic, std::nullopt});
        auto described = c.call<DescribeConfigsRequest, DescribeConfigsResponse>(32, 1, dc);
        QVERIFY(described);
        QCOMPARE(described->results.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        AlterConfigsRequest ac;
        ac.resources.push_back({2, kTopic, {{"retention.ms", std::string("1000")}}});
        auto altered = c.call<AlterConfigsRequest, AlterConfigsResponse>(33, 1, ac);
        QVERIFY(altered);
        QCOMPARE(altered->responses.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::DescribeConfigs, Res::Topic, kTopic);
        expectAsked(AclOperation::AlterConfigs, Res::Topic, kTopic);

        // After every denial: the topic, its partition count, config and record are intact.
        m_auth->reset();
        QVERIFY(topicExists(kTopic));
        QCOMPARE(highWatermark(), int64_t(1));
        auto again = c.call<DescribeConfigsRequest, DescribeConfigsResponse>(32, 1, dc);
        QVERIFY(again && again->results.at(0).errorCode == 0);
        for (const auto& cfg : again->results.at(0).configs)
            if (cfg.name == "retention.ms") QVERIFY(cfg.value != std::optional<std::string>("1000"));
    }

    void groupApisNeedTheirOperationOnTheGroup() {
        const std::string group = "pharmacy";
        m_auth->reset({{AclOperation::Describe, Res::Group, group},
                       {AclOperation::Read, Res::Group, group},
                       {AclOperation::Delete, Res::Group, group}});
        RawClient c;
        connect(c);
        FindCoordinatorRequest fc;
        fc.key = group;
        auto coord = c.call<FindCoordinatorRequest, FindCoordinatorResponse>(10, 1, fc);
        QVERIFY(coord);
        QCOMPARE(coord->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        JoinGroupRequest jg;
        jg.groupId = group;
        jg.sessionTimeoutMs = 10000;
        jg.rebalanceTimeoutMs = 10000;
        jg.protocolType = "consumer";
        const std::string meta = "x";
        jg.protocols.push_back({"range", BytesView(reinterpret_cast<const uint8_t*>(meta.data()), meta.size())});
        auto joined = c.call<JoinGroupRequest, JoinGroupResponse>(11, 5, jg);
        QVERIFY(joined);
        QCOMPARE(joined->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        HeartbeatRequest hb;
        hb.groupId = group;
        hb.memberId = "m";
        auto beat = c.call<HeartbeatRequest, HeartbeatResponse>(12, 3, hb);
        QVERIFY(beat);
        QCOMPARE(beat->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        SyncGroupRequest sg;
        sg.groupId = group;
        sg.memberId = "m";
        auto synced = c.call<SyncGroupRequest, SyncGroupResponse>(14, 3, sg);
        QVERIFY(synced);
        QCOMPARE(synced->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        LeaveGroupRequest lg;
        lg.groupId = group;
        lg.members.push_back({"m", std::nullopt});
        auto left = c.call<LeaveGroupRequest, LeaveGroupResponse>(13, 3, lg);
        QVERIFY(left);
        QCOMPARE(left->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        OffsetCommitRequest oc;
        oc.groupId = group;
        oc.topics.push_back({kTopic, {{0, 1, -1, -1, std::nullopt}}});
        auto committed = c.call<OffsetCommitRequest, OffsetCommitResponse>(8, 7, oc);
        QVERIFY(committed);
        QCOMPARE(committed->topics.at(0).partitions.at(0).errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        OffsetFetchRequest of;
        of.groupId = group;
        of.topics = std::vector<OffsetFetchRequest::Topic>{{kTopic, {0}}};
        auto fetched = c.call<OffsetFetchRequest, OffsetFetchResponse>(9, 5, of);
        QVERIFY(fetched);
        QCOMPARE(fetched->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        DescribeGroupsRequest dg;
        dg.groups = {group};
        auto groupsDescribed = c.call<DescribeGroupsRequest, DescribeGroupsResponse>(15, 4, dg);
        QVERIFY(groupsDescribed);
        QCOMPARE(groupsDescribed->groups.at(0).errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        DeleteGroupsRequest del;
        del.groupsNames = {group};
        auto groupsDeleted = c.call<DeleteGroupsRequest, DeleteGroupsResponse>(42, 1, del);
        QVERIFY(groupsDeleted);
        QCOMPARE(groupsDeleted->results.at(0).errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        OffsetDeleteRequest od;
        od.groupId = group;
        od.topics.push_back({kTopic, {{0}}});
        auto offsetsDeleted = c.call<OffsetDeleteRequest, OffsetDeleteResponse>(47, 0, od);
        QVERIFY(offsetsDeleted);
        QCOMPARE(offsetsDeleted->errorCode, wire(ErrorCode::GroupAuthorizationFailed));

        expectAsked(AclOperation::Describe, Res::Group, group);
        expectAsked(AclOperation::Read, Res::Group, group);
        expectAsked(AclOperation::Delete, Res::Group, group);
    }

    void offsetCommitNeedsReadOnTheTopicToo() {
        const std::string group = "labs-consumers";
        m_auth->reset({{AclOperation::Read, Res::Topic, kTopic}});
        RawClient c;
        connect(c);
        OffsetCommitRequest oc;
        oc.groupId = group;
        oc.topics.push_back({kTopic, {{0, 1, -1, -1, std::nullopt}}});
        auto committed = c.call<OffsetCommitRequest, OffsetCommitResponse>(8, 7, oc);
        QVERIFY(committed);
        QCOMPARE(committed->topics.at(0).partitions.at(0).errorCode, wire(ErrorCode::TopicAuthorizationFailed));
        expectAsked(AclOperation::Read, Res::Group, group);
        expectAsked(AclOperation::Read, Res::Topic, kTopic);
    }

    void idempotentProducersNeedIdempotentWrite() {
        m_auth->reset({{AclOperation::IdempotentWrite, Res::Cluster, "kafka-cluster"}});
        RawClient c;
        connect(c);
        auto resp = c.call<InitProducerIdRequest, InitProducerIdResponse>(22, 1, InitProducerIdRequest{});
        QVERIFY(resp);
        QCOMPARE(resp->errorCode, wire(ErrorCode::ClusterAuthorizationFailed));
        expectAsked(AclOperation::IdempotentWrite, Res::Cluster, "kafka-cluster");
    }

    void listGroupsFiltersByDescribe() {
        m_auth->reset({{AclOperation::Describe, Res::Cluster, "kafka-cluster"}});
        RawClient c;
        connect(c);
        auto resp = c.call<ListGroupsRequest, ListGroupsResponse>(16, 2, ListGroupsRequest{});
        QVERIFY(resp);
        QCOMPARE(resp->errorCode, int16_t(0));
        expectAsked(AclOperation::Describe, Res::Cluster, "kafka-cluster");
    }

    /// With everything allowed, each API but ApiVersions still asks: the
    /// authorize step is on every request path, so the security work plugs
    /// in without touching a handler.
    void everyApiButApiVersionsAsks() {
        std::set<int16_t> covered = {0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 32, 33, 37, 42, 47};
        for (const auto& h : handlers::handlerRegistry()) {
            const auto key = static_cast<int16_t>(h.key);
            if (h.key == ApiKey::ApiVersions) continue;
            QVERIFY2(covered.count(key), qPrintable(QString("API %1 (%2) has no authorization check in this test")
                                                       .arg(key)
                                                       .arg(QString::fromStdString(std::string(apiName(key))))));
        }
        m_auth->reset();
        RawClient c;
        connect(c);
        const auto versions = c.call<ApiVersionsRequest, ApiVersionsResponse>(18, 0, ApiVersionsRequest{});
        QVERIFY(versions.has_value());
        QVERIFY2(m_auth->asked().empty(), "ApiVersions asked the authorizer");
    }
};

QTEST_GUILESS_MAIN(TestRequestPath)
#include "test_request_path.moc"

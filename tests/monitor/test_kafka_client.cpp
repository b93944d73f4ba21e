// KafkaClient, MessageReader and MessageSearch against a real plexusd:
// topic administration, configs, produce, watermarks, paged reads from every
// kind of start position, search with progress and cancel, and consumer
// groups made by a real librdkafka group consumer.
#include <librdkafka/rdkafka.h>

#include <QSignalSpy>
#include <QTest>

#include "monitor/kafka_client.h"
#include "monitor/message_reader.h"
#include "tests/support/group_consumer.h"
#include "tests/support/plexus_node.h"

using namespace plexus::monitor;

namespace {

ProduceRequest request(const QString& topic, int partition, const QByteArray& key, const QByteArray& value) {
    ProduceRequest r;
    r.topic = topic;
    r.partition = partition;
    r.key = key;
    r.keyNull = key.isNull();
    r.value = value;
    r.headers = {{QStringLiteral("content-type"), QByteArray("text/plain")}, {QStringLiteral("trace"), key}};
    return r;
}

/// Waits for `spy` to have a signal, failing with the client's error if an
/// operationFailed came instead.
#define WAIT_OK(spy, failSpy, ms)                                                                      \
    do {                                                                                               \
        QTRY_VERIFY_WITH_TIMEOUT((spy).count() > 0 || (failSpy).count() > 0, ms);                      \
        if ((failSpy).count() > 0)                                                                     \
            QFAIL(qPrintable((failSpy).last().at(0).toString() + ": " + (failSpy).last().at(1).toString())); \
    } while (0)

}  // namespace

class TestKafkaClient : public QObject {
    Q_OBJECT
    plexus::test::PlexusNode m_node;
    std::unique_ptr<KafkaClient> m_client;

    /// Produces `n` records with the batch call: keys k<i>, values v<i>-<topic>.
    void fill(const QString& topic, int n, int partitions) {
        QList<QPair<QString, Record>> batch;
        for (int i = 0; i < n; ++i) {
            Record r;
            r.key = "k" + QByteArray::number(i % (partitions * 7));
            r.keyNull = false;
            r.value = "value-" + QByteArray::number(i) + (i == n / 2 ? " needle-HERE " : " plain ") + QByteArray(64, 'x');
            r.valueNull = false;
            r.headers = {{QStringLiteral("seq"), QByteArray::number(i)}};
            batch.push_back({topic, r});
        }
        QSignalSpy done(m_client.get(), &KafkaClient::producedBatch);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->produceBatch(batch);
        WAIT_OK(done, failed, 30000);
        QCOMPARE(done.first().at(0).toInt(), n);
    }

    ClusterInfo cluster() {
        QSignalSpy ready(m_client.get(), &KafkaClient::clusterReady);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->refreshCluster();
        [&] { WAIT_OK(ready, failed, 15000); }();
        return ready.isEmpty() ? ClusterInfo{} : ready.first().at(0).value<ClusterInfo>();
    }

    void createTopic(const QString& name, int partitions, QMap<QString, QString> configs = {}) {
        QSignalSpy created(m_client.get(), &KafkaClient::topicCreated);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->createTopic(name, partitions, 1, configs);
        WAIT_OK(created, failed, 15000);
        QCOMPARE(created.first().at(0).toString(), name);
    }

    /// Reads the whole range of `spec` page by page.
    QList<Record> readAll(const ReadSpec& spec, int pageSize, qint64* total = nullptr) {
        MessageReader reader(m_node.kafkaAddr());
        QSignalSpy opened(&reader, &MessageReader::opened);
        QSignalSpy pages(&reader, &MessageReader::pageReady);
        QSignalSpy failed(&reader, &MessageReader::failed);
        reader.open(spec);
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 15000); }();
        if (!failed.isEmpty()) {
            qWarning() << "open failed:" << failed.first().at(0).toString();
            return {};
        }
        if (total) *total = opened.first().at(1).toLongLong();
        QList<Record> all;
        for (int guard = 0; guard < 10000; ++guard) {
            pages.clear();
            reader.fetchPage(pageSize);
            [&] { QTRY_VERIFY_WITH_TIMEOUT(!pages.isEmpty() || !failed.isEmpty(), 15000); }();
            if (!failed.isEmpty()) {
                qWarning() << "page failed:" << failed.first().at(0).toString();
                return all;
            }
            const auto page = pages.first().at(0).value<QList<Record>>();
            if (page.size() > pageSize) qWarning() << "page larger than asked";
            all += page;
            if (pages.first().at(1).toBool()) break;
        }
        return all;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        m_client = std::make_unique<KafkaClient>(m_node.kafkaAddr());
    }

    void clusterMetadataDescribesTheNode() {
        createTopic(QStringLiteral("meta.topic"), 3);
        fill(QStringLiteral("meta.topic"), 90, 3);
        const ClusterInfo c = cluster();
        QCOMPARE(c.brokers.size(), 1);
        QCOMPARE(c.controllerId, c.brokers.first().id);
        const TopicInfo* t = c.topic(QStringLiteral("meta.topic"));
        QVERIFY(t);
        QCOMPARE(t->partitions.size(), 3);
        QCOMPARE(t->replicationFactor(), 1);
        QCOMPARE(t->messageCount(), 90);
        for (const auto& p : t->partitions) {
            QCOMPARE(p.leader, c.brokers.first().id);
            QCOMPARE(p.lowWatermark, 0);
        }
        QVERIFY(t->retentionKnown);
        QCOMPARE(t->retentionMs, qint64(7) * 24 * 3600 * 1000);  // the broker default
    }

    void createTopicWithConfigsAndAlterThem() {
        createTopic(QStringLiteral("cfg.topic"), 1, {{QStringLiteral("retention.ms"), QStringLiteral("3600000")}});
        QSignalSpy configs(m_client.get(), &KafkaClient::topicConfigsReady);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->describeTopicConfigs(QStringLiteral("cfg.topic"));
        WAIT_OK(configs, failed, 10000);
        auto valueOf = [](const QList<ConfigEntry>& es, const QString& n) {
            for (const auto& e : es)
                if (e.name == n) return e;
            return ConfigEntry{};
        };
        auto entries = configs.first().at(1).value<QList<ConfigEntry>>();
        QCOMPARE(valueOf(entries, QStringLiteral("retention.ms")).value, QStringLiteral("3600000"));
        QVERIFY(!valueOf(entries, QStringLiteral("retention.ms")).isDefault);

        // Change one key; the other override must survive the non-incremental AlterConfigs.
        QSignalSpy altered(m_client.get(), &KafkaClient::topicConfigsAltered);
        m_client->alterTopicConfigs(QStringLiteral("cfg.topic"), {{QStringLiteral("max.message.bytes"), QStringLiteral("65536")}});
        WAIT_OK(altered, failed, 10000);
        configs.clear();
        m_client->describeTopicConfigs(QStringLiteral("cfg.topic"));
        WAIT_OK(configs, failed, 10000);
        entries = configs.first().at(1).value<QList<ConfigEntry>>();
        QCOMPARE(valueOf(entries, QStringLiteral("max.message.bytes")).value, QStringLiteral("65536"));
        QCOMPARE(valueOf(entries, QStringLiteral("retention.ms")).value, QStringLiteral("3600000"));

        // A bad value is the broker's error, not a silent success.
        m_client->alterTopicConfigs(QStringLiteral("cfg.topic"), {{QStringLiteral("retention.ms"), QStringLiteral("soon")}});
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("alter configs"));
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("retention.ms")),
                 qPrintable(failed.first().at(1).toString()));
    }

    void createTopicErrorsAreReported() {
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->createTopic(QStringLiteral("meta.topic"), 1, 1);  // exists
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("exists"), Qt::CaseInsensitive),
                 qPrintable(failed.first().at(1).toString()));
        failed.clear();
        m_client->createTopic(QStringLiteral("rf3.topic"), 1, 3);  // one node
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
    }

    void deleteTopicRemovesIt() {
        createTopic(QStringLiteral("doomed"), 2);
        QSignalSpy deleted(m_client.get(), &KafkaClient::topicDeleted);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->deleteTopic(QStringLiteral("doomed"));
        WAIT_OK(deleted, failed, 10000);
        QVERIFY(!cluster().topic(QStringLiteral("doomed")));
    }

    void produceReturnsPartitionAndOffsetAndReadsBackIdentically() {
        createTopic(QStringLiteral("produce.topic"), 2);
        QSignalSpy produced(m_client.get(), &KafkaClient::produced);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->produce(request(QStringLiteral("produce.topic"), 1, "key-1", "{\"a\":1}"));
        WAIT_OK(produced, failed, 10000);
        QCOMPARE(produced.first().at(1).toInt(), 1);
        QCOMPARE(produced.first().at(2).toLongLong(), 0);
        produced.clear();
        m_client->produce(request(QStringLiteral("produce.topic"), 1, QByteArray(), "second"));
        WAIT_OK(produced, failed, 10000);
        QCOMPARE(produced.first().at(2).toLongLong(), 1);

        ReadSpec spec{QStringLiteral("produce.topic"), {1}, {}};
        const auto recs = readAll(spec, 10);
        QCOMPARE(recs.size(), 2);
        QCOMPARE(recs[0].key, QByteArray("key-1"));
        QVERIFY(!recs[0].keyNull);
        QCOMPARE(recs[0].value, QByteArray("{\"a\":1}"));
        QCOMPARE(recs[0].headers.size(), 2);
        QCOMPARE(recs[0].headers[0].first, QStringLiteral("content-type"));
        QCOMPARE(recs[0].headers[0].second, QByteArray("text/plain"));
        QVERIFY(recs[0].timestampMs > 0);
        QVERIFY(recs[1].keyNull);
        QCOMPARE(recs[1].offset, 1);

        failed.clear();
        m_client->produce(request(QStringLiteral("produce.topic"), 7, "k", "v"));  // no partition 7
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 15000);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("produce"));
    }

    void readerPagesThroughEveryRecordOnce() {
        createTopic(QStringLiteral("read.topic"), 3);
        fill(QStringLiteral("read.topic"), 1000, 3);
        qint64 total = 0;
        const auto recs = readAll({QStringLiteral("read.topic"), {}, {}}, 64, &total);
        QCOMPARE(total, 1000);
        QCOMPARE(recs.size(), 1000);
        QSet<QByteArray> seen;
        QHash<int, qint64> last;
        for (const auto& r : recs) {
            seen.insert(r.headers.value(0).second);
            QVERIFY2(r.offset > last.value(r.partition, -1), "offsets ascend within a partition");
            last.insert(r.partition, r.offset);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void readerStartPositions() {
        // latest minus N is per partition
        auto recs = readAll({QStringLiteral("read.topic"), {}, {StartPosition::Kind::LatestMinusN, 5}}, 100);
        QCOMPARE(recs.size(), 15);
        // an offset in one partition
        const ClusterInfo c = cluster();
        const qint64 high0 = c.topic(QStringLiteral("read.topic"))->partitions[0].highWatermark;
        recs = readAll({QStringLiteral("read.topic"), {0}, {StartPosition::Kind::Offset, high0 - 3}}, 100);
        QCOMPARE(recs.size(), 3);
        QCOMPARE(recs.first().offset, high0 - 3);
        // an offset past the end clamps to the end: nothing to read
        recs = readAll({QStringLiteral("read.topic"), {0}, {StartPosition::Kind::Offset, high0 + 100}}, 100);
        QCOMPARE(recs.size(), 0);
        // a timestamp: everything produced after a moment
        QTest::qWait(20);
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        QTest::qWait(20);
        fill(QStringLiteral("read.topic"), 30, 3);
        recs = readAll({QStringLiteral("read.topic"), {}, {StartPosition::Kind::Timestamp, t0}}, 100);
        QCOMPARE(recs.size(), 30);
        for (const auto& r : recs) QVERIFY(r.timestampMs >= t0);
        // a timestamp in the future: nothing
        recs = readAll({QStringLiteral("read.topic"), {}, {StartPosition::Kind::Timestamp, t0 + 3600000}}, 100);
        QCOMPARE(recs.size(), 0);
    }

    void readerReportsAMissingTopic() {
        MessageReader reader(m_node.kafkaAddr());
        QSignalSpy failed(&reader, &MessageReader::failed);
        reader.open({QStringLiteral("no.such.topic"), {}, {}});
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 15000);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("does not exist")),
                 qPrintable(failed.first().at(0).toString()));
    }

    void searchFindsKeysValuesAndHeaders() {
        MessageSearch search(m_node.kafkaAddr());
        QSignalSpy matches(&search, &MessageSearch::matches);
        QSignalSpy finished(&search, &MessageSearch::finished);
        QSignalSpy progress(&search, &MessageSearch::progress);
        QSignalSpy failed(&search, &MessageSearch::failed);
        SearchQuery q;
        q.needle = "NEEDLE-here";  // case-insensitive by default
        search.start({QStringLiteral("read.topic"), {}, {}}, q);
        QVERIFY(search.running());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 30000);
        QVERIFY(failed.isEmpty());
        QVERIFY(!search.running());
        const auto stats = finished.first().at(0).value<MessageSearch::Stats>();
        QCOMPARE(stats.recordsScanned, 1030);
        QCOMPARE(stats.matches, 2);  // fill(1000) and fill(30) each wrote one
        QVERIFY(!stats.cancelled);
        QVERIFY(stats.bytesScanned > 1030 * 64);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toDouble(), 1.0);
        QList<Record> found;
        for (const auto& m : matches) found += m.at(0).value<QList<Record>>();
        QCOMPARE(found.size(), 2);
        QVERIFY(found.first().value.contains("needle-HERE"));

        // case-sensitive: no match
        finished.clear();
        q.caseSensitive = true;
        search.start({QStringLiteral("read.topic"), {}, {}}, q);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        QCOMPARE(finished.first().at(0).value<MessageSearch::Stats>().matches, 0);

        // a header value (seq 7) and only in headers
        finished.clear();
        matches.clear();
        q = {};
        q.needle = "content-type";
        q.inKeys = q.inValues = false;
        search.start({QStringLiteral("produce.topic"), {}, {}}, q);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        QCOMPARE(finished.first().at(0).value<MessageSearch::Stats>().matches, 2);
        // keys only
        finished.clear();
        q = {};
        q.needle = "key-1";
        q.inValues = q.inHeaders = false;
        search.start({QStringLiteral("produce.topic"), {}, {}}, q);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
        QCOMPARE(finished.first().at(0).value<MessageSearch::Stats>().matches, 1);
    }

    void searchCanBeCancelled() {
        createTopic(QStringLiteral("big.topic"), 1);
        fill(QStringLiteral("big.topic"), 20000, 1);
        MessageSearch search(m_node.kafkaAddr());
        QSignalSpy finished(&search, &MessageSearch::finished);
        QSignalSpy progress(&search, &MessageSearch::progress);
        SearchQuery q;
        q.needle = "never-present";
        search.start({QStringLiteral("big.topic"), {}, {}}, q);
        search.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
        const auto stats = finished.first().at(0).value<MessageSearch::Stats>();
        QVERIFY(stats.cancelled);
        QVERIFY(stats.recordsScanned < 20000);
        QVERIFY(!search.running());
    }

    void containsBytesMatchesLikeASubstringSearch() {
        QVERIFY(containsBytes("Hello World", "world", false));
        QVERIFY(!containsBytes("Hello World", "world", true));
        QVERIFY(containsBytes("Hello World", "o W", true));
        QVERIFY(containsBytes("aaab", "aab", false));
        QVERIFY(!containsBytes("ab", "abc", false));
        QVERIFY(containsBytes("x", "", false));
        QVERIFY(!containsBytes(QByteArray(), "a", false));
        QVERIFY(containsBytes("PID|1||MRN123^^^PLEXUS", "mrn123", false));
    }

    void groupsShowMembersOffsetsAndLag() {
        createTopic(QStringLiteral("grp.topic"), 2);
        fill(QStringLiteral("grp.topic"), 100, 2);
        // A real librdkafka group consumer reads 100 records, commits, stays in the group.
        plexus::test::GroupConsumer consumer(m_node.kafkaAddr(), QStringLiteral("center-test-group"),
                                             QStringLiteral("lab-feed"), QStringLiteral("grp.topic"));
        QVERIFY2(consumer.ok(), qPrintable(consumer.error()));
        QCOMPARE(consumer.consume(100, 20000), 100);
        QCOMPARE(consumer.commit(), RD_KAFKA_RESP_ERR_NO_ERROR);
        fill(QStringLiteral("grp.topic"), 10, 2);  // the lag to find

        QSignalSpy ready(m_client.get(), &KafkaClient::groupsReady);
        QSignalSpy failed(m_client.get(), &KafkaClient::operationFailed);
        m_client->refreshGroups();
        WAIT_OK(ready, failed, 15000);
        const auto groups = ready.first().at(0).value<QList<GroupInfo>>();
        const GroupInfo* g = nullptr;
        for (const auto& x : groups)
            if (x.groupId == QStringLiteral("center-test-group")) g = &x;
        QVERIFY(g);
        QVERIFY2(g->error.isEmpty(), qPrintable(g->error));
        QCOMPARE(g->state, QStringLiteral("Stable"));
        QCOMPARE(g->protocolType, QStringLiteral("consumer"));
        QCOMPARE(g->members.size(), 1);
        QCOMPARE(g->members.first().clientId, QStringLiteral("lab-feed"));
        QCOMPARE(g->members.first().assignment.size(), 2);
        QCOMPARE(g->offsets.size(), 2);
        qint64 committed = 0;
        for (const auto& o : g->offsets) {
            QCOMPARE(o.topic, QStringLiteral("grp.topic"));
            QVERIFY(o.highWatermark >= o.committed);
            QCOMPARE(o.memberId, g->members.first().memberId);
            committed += o.committed;
        }
        QCOMPARE(committed, 100);
        QCOMPARE(g->totalLag(), 10);
    }

    void unreachableClusterFailsWithAMessage() {
        KafkaClient client(QStringLiteral("127.0.0.1:1"));
        client.setRequestTimeoutMs(1500);
        QSignalSpy failed(&client, &KafkaClient::operationFailed);
        client.refreshCluster();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("metadata"));
        QVERIFY(!failed.first().at(1).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestKafkaClient)
#include "test_kafka_client.moc"

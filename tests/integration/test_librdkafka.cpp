// librdkafka's C++ API against a real plexusd: an idempotent acks=all
// producer writes 100,000 records over 8 partitions, a consumer in assign
// mode reads every one back in order with identical content; then the same
// round trip with each compression codec.
#include <QtTest>
#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <set>
#include <memory>

#include "tests/support/plexus_node.h"

using plexus::test::PlexusNode;

namespace {

struct Delivered {
    int32_t partition = -1;
    int64_t offset = -1;
};

class DeliveryLog : public RdKafka::DeliveryReportCb {
public:
    std::vector<Delivered> byIndex;
    int errors = 0;
    std::string firstError;
    void dr_cb(RdKafka::Message& m) override {
        auto idx = reinterpret_cast<intptr_t>(m.msg_opaque());
        if (m.err()) {
            if (errors++ == 0) firstError = m.errstr();
            return;
        }
        byIndex[static_cast<size_t>(idx)] = {m.partition(), m.offset()};
    }
};

std::unique_ptr<RdKafka::Conf> conf(const std::map<std::string, std::string>& kv, std::string& err) {
    std::unique_ptr<RdKafka::Conf> c(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    for (const auto& [k, v] : kv)
        if (c->set(k, v, err) != RdKafka::Conf::CONF_OK) return nullptr;
    return c;
}

std::string valueFor(const std::string& tag, int i) {
    std::string v = tag + "-value-" + std::to_string(i) + "-";
    for (int j = 0; j < i % 50; ++j) v += static_cast<char>('a' + (i + j) % 26);
    return v;
}

}  // namespace

class TestLibrdkafka : public QObject {
    Q_OBJECT
    std::unique_ptr<PlexusNode> m_node;

    /// Produces n records and returns where each landed.
    std::vector<Delivered> produce(const std::string& topic, const std::string& tag, int n, const std::string& codec) {
        std::string err;
        DeliveryLog dr;
        dr.byIndex.resize(static_cast<size_t>(n));
        auto c = conf({{"bootstrap.servers", m_node->kafkaAddr().toStdString()},
                       {"enable.idempotence", "true"},
                       {"acks", "all"},
                       {"compression.codec", codec},
                       {"linger.ms", "5"},
                       {"queue.buffering.max.messages", "1000000"}},
                      err);
        if (!c) qFatal("conf: %s", err.c_str());
        if (c->set("dr_cb", &dr, err) != RdKafka::Conf::CONF_OK) qFatal("dr_cb: %s", err.c_str());
        std::unique_ptr<RdKafka::Producer> p(RdKafka::Producer::create(c.get(), err));
        if (!p) qFatal("producer: %s", err.c_str());
        for (int i = 0; i < n; ++i) {
            std::string key = "key-" + std::to_string(i % 997);
            std::string value = valueFor(tag, i);
            auto* headers = RdKafka::Headers::create();
            headers->add("index", std::to_string(i));
            for (;;) {
                auto rc = p->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                     value.data(), value.size(), key.data(), key.size(), 0, headers,
                                     reinterpret_cast<void*>(static_cast<intptr_t>(i)));
                if (rc == RdKafka::ERR_NO_ERROR) break;
                if (rc != RdKafka::ERR__QUEUE_FULL) qFatal("produce: %s", RdKafka::err2str(rc).c_str());
                p->poll(10);
            }
        }
        auto rc = p->flush(60000);
        if (rc != RdKafka::ERR_NO_ERROR) qFatal("flush: %s", RdKafka::err2str(rc).c_str());
        if (dr.errors) qFatal("%d delivery errors, first: %s", dr.errors, dr.firstError.c_str());
        return dr.byIndex;
    }

    /// Reads every partition from offset 0 to its end and checks each record
    /// against what the producer said it wrote there.
    void consumeAndVerify(const std::string& topic, const std::string& tag, int partitions, const std::vector<Delivered>& sent) {
        std::map<std::pair<int32_t, int64_t>, int> expected;
        std::map<int32_t, int64_t> expectedPerPartition;
        for (size_t i = 0; i < sent.size(); ++i) {
            QVERIFY(sent[i].offset >= 0);
            QVERIFY2(expected.emplace(std::make_pair(sent[i].partition, sent[i].offset), static_cast<int>(i)).second,
                     "two records acknowledged at one offset");
            expectedPerPartition[sent[i].partition]++;
        }
        std::string err;
        auto c = conf({{"bootstrap.servers", m_node->kafkaAddr().toStdString()},
                       {"group.id", "assign-mode-only"},
                       {"enable.auto.commit", "false"},
                       {"enable.partition.eof", "true"}},
                      err);
        std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(c.get(), err));
        QVERIFY2(consumer, err.c_str());
        std::vector<RdKafka::TopicPartition*> assignment;
        for (int p = 0; p < partitions; ++p) assignment.push_back(RdKafka::TopicPartition::create(topic, p, 0));
        QCOMPARE(consumer->assign(assignment), RdKafka::ERR_NO_ERROR);
        RdKafka::TopicPartition::destroy(assignment);

        std::map<int32_t, int64_t> lastOffset, lastIndex, seen;
        int eofs = 0, received = 0;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (eofs < partitions && std::chrono::steady_clock::now() < deadline) {
            std::unique_ptr<RdKafka::Message> m(consumer->consume(1000));
            if (m->err() == RdKafka::ERR__PARTITION_EOF) {
                if (seen[m->partition()] >= expectedPerPartition[m->partition()]) eofs++;
                continue;
            }
            if (m->err() == RdKafka::ERR__TIMED_OUT) continue;
            QVERIFY2(m->err() == RdKafka::ERR_NO_ERROR, m->errstr().c_str());
            auto it = expected.find({m->partition(), m->offset()});
            QVERIFY2(it != expected.end(), "read a record nobody acknowledged at that offset");
            int idx = it->second;
            std::string value(static_cast<const char*>(m->payload()), m->len());
            QCOMPARE(value, valueFor(tag, idx));
            QCOMPARE(*m->key(), "key-" + std::to_string(idx % 997));
            auto* h = m->headers();
            QVERIFY(h != nullptr);
            auto hv = h->get_last("index");
            QCOMPARE(std::string(static_cast<const char*>(hv.value()), hv.value_size()), std::to_string(idx));
            // Per partition, offsets and production order both increase.
            if (lastOffset.count(m->partition())) {
                QVERIFY(m->offset() > lastOffset[m->partition()]);
                QVERIFY(idx > lastIndex[m->partition()]);
            }
            lastOffset[m->partition()] = m->offset();
            lastIndex[m->partition()] = idx;
            seen[m->partition()]++;
            received++;
        }
        consumer->close();
        QCOMPARE(received, static_cast<int>(sent.size()));
        for (auto& [p, n] : expectedPerPartition) QCOMPARE(seen[p], n);
    }

private slots:
    void initTestCase() {
        m_node = std::make_unique<PlexusNode>(QStringList{"--set", "num.partitions=8"});
        QString err;
        QVERIFY2(m_node->start(&err), qPrintable(err));
    }

    void idempotentAcksAllHundredThousandOverEightPartitions() {
        constexpr int kRecords = 100000;
        auto sent = produce("rdk.bulk", "bulk", kRecords, "none");
        std::set<int32_t> used;
        for (auto& d : sent) used.insert(d.partition);
        QCOMPARE(used.size(), size_t(8));
        consumeAndVerify("rdk.bulk", "bulk", 8, sent);
    }

    void everyCompressionCodec_data() {
        QTest::addColumn<QString>("codec");
        QTest::newRow("gzip") << "gzip";
        QTest::newRow("snappy") << "snappy";
        QTest::newRow("lz4") << "lz4";
        QTest::newRow("zstd") << "zstd";
    }
    void everyCompressionCodec() {
        QFETCH(QString, codec);
        std::string topic = "rdk.codec." + codec.toStdString();
        auto sent = produce(topic, codec.toStdString(), 5000, codec.toStdString());
        consumeAndVerify(topic, codec.toStdString(), 8, sent);
    }

    void cleanupTestCase() {
        QVERIFY2(m_node->running(), m_node->log().constData());
        m_node->stop();
    }
};

QTEST_GUILESS_MAIN(TestLibrdkafka)
#include "test_librdkafka.moc"

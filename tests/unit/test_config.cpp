// Node configuration: the file format, and errors that name file, line and key.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "broker/server/config.h"
#include "broker/storage/topic_config.h"

using namespace plexus;
using namespace plexus::server;

class TestConfig : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string write(const std::string& name, const std::string& text) {
        std::string path = m_dir.path().toStdString() + "/" + name;
        std::ofstream(path) << text;
        return path;
    }

private slots:
    void validFileIsApplied() {
        auto path = write("ok.conf",
                          "# a comment\n"
                          "node.id = 7\n"
                          "\n"
                          "kafka.addr = 127.0.0.1:0   # trailing comment\n"
                          "num.partitions=6\n"
                          "auto.create.topics.enable = false\n"
                          "log.flush.mode = interval\n");
        NodeConfig c;
        Status s = loadConfigFile(path, c);
        QVERIFY2(s.isOk(), s.message().c_str());
        QCOMPARE(c.nodeId, 7);
        QCOMPARE(c.kafkaAddr.port, uint16_t(0));
        QCOMPARE(c.numPartitions, 6);
        QVERIFY(!c.autoCreateTopics);
        QVERIFY(c.flushMode == FlushMode::Interval);
    }

    void errorsNameFileLineAndKey_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad integer") << "node.id = 1\n\nnum.partitions = abc\n" << ":3: key 'num.partitions': 'abc' is not an integer";
        QTest::newRow("unknown key") << "\nwhat.is.this = 1\n" << ":2: key 'what.is.this': unknown key";
        QTest::newRow("no equals") << "node.id 1\n" << ":1: expected 'key = value'";
        QTest::newRow("bad bool") << "auto.create.topics.enable = yes\n" << ":1: key 'auto.create.topics.enable': 'yes' is not true or false";
        QTest::newRow("bad addr") << "kafka.addr = localhost\n" << ":1: key 'kafka.addr'";
        QTest::newRow("port range") << "admin.addr = 127.0.0.1:70000\n" << ":1: key 'admin.addr'";
        QTest::newRow("bad seed") << "seeds = 127.0.0.1:33145, nohost\n" << ":1: key 'seeds': seed 'nohost'";
        QTest::newRow("seed without port") << "seeds = 127.0.0.1:0\n" << ":1: key 'seeds': seed '127.0.0.1:0' needs a port";
        QTest::newRow("address without port") << "kafka.addr = localhost\n" << ":1: key 'kafka.addr': 'localhost' is not HOST:PORT";
        QTest::newRow("address with a bad port") << "admin.addr = 127.0.0.1:70000\n"
                                                 << ":1: key 'admin.addr': '127.0.0.1:70000' has a port that is not a number";
        QTest::newRow("seed with letters") << "seeds = a:1,b:x\n" << ":1: key 'seeds': seed 'b:x' has a port that is not a number";
        QTest::newRow("negative limit") << "socket.request.max.bytes = -5\n" << ":1: key 'socket.request.max.bytes'";
    }
    void errorsNameFileLineAndKey() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        auto path = write("bad.conf", text.toStdString());
        NodeConfig c;
        Status s = loadConfigFile(path, c);
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().find(path) == 0, s.message().c_str());
        QVERIFY2(s.message().find(expected.toStdString()) != std::string::npos, s.message().c_str());
    }

    void crossKeyRules() {
        NodeConfig c;
        QVERIFY(c.set("default.replication.factor", "3").isOk());
        Status s = c.validate();
        QVERIFY(!s.isOk());
        QVERIFY2(s.message().find("key 'default.replication.factor': replication factor 3 needs a replicated cluster") !=
                     std::string::npos,
                 s.message().c_str());
        QVERIFY(c.set("seeds", "127.0.0.1:33145,127.0.0.1:33146, 127.0.0.1:33147").isOk());
        QCOMPARE(c.seeds.size(), size_t(3));
        QCOMPARE(c.seeds[2], std::string("127.0.0.1:33147"));
        QVERIFY(c.validate().isOk());
        QVERIFY(c.set("raft.heartbeat.interval.ms", "2000").isOk());
        QVERIFY(!c.validate().isOk());
    }

    void missingFileIsAnError() {
        NodeConfig c;
        Status s = loadConfigFile("/nonexistent/plexus.conf", c);
        QVERIFY(!s.isOk());
        QVERIFY(s.message().find("/nonexistent/plexus.conf") != std::string::npos);
    }

    void topicConfigValidation() {
        QVERIFY(storage::TopicConfig::validate({{"retention.ms", "1000"}, {"cleanup.policy", "delete"}}).isOk());
        auto bad = storage::TopicConfig::validate({{"retention.ms", "soon"}});
        QVERIFY(!bad.isOk());
        QVERIFY(bad.message().find("retention.ms") != std::string::npos);
        QVERIFY(!storage::TopicConfig::validate({{"no.such.key", "1"}}).isOk());
        storage::TopicConfig cfg({{"retention.bytes", "1024"}}, storage::TopicDefaults{5000, -1, 999});
        QCOMPARE(cfg.retentionBytes(), int64_t(1024));
        QCOMPARE(cfg.retentionMs(), int64_t(5000));
        QCOMPARE(cfg.maxMessageBytes(), 999);
    }

    void cleanupPolicyIsKafkasList_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("compact");
        QTest::addColumn<bool>("deletes");
        QTest::newRow("delete") << "delete" << true << false << true;
        QTest::newRow("compact") << "compact" << true << true << false;
        QTest::newRow("compact,delete") << "compact,delete" << true << true << true;
        QTest::newRow("delete,compact") << "delete,compact" << true << true << true;
        QTest::newRow("spaces") << "compact, delete" << true << true << true;
        QTest::newRow("empty") << "" << false << false << false;
        QTest::newRow("unknown") << "shred" << false << false << false;
        QTest::newRow("trailing comma") << "compact," << false << false << false;
    }
    void cleanupPolicyIsKafkasList() {
        QFETCH(QString, value);
        QFETCH(bool, valid);
        QFETCH(bool, compact);
        QFETCH(bool, deletes);
        storage::TopicConfig::Overrides ov{{"cleanup.policy", value.toStdString()}};
        auto s = storage::TopicConfig::validate(ov);
        QCOMPARE(s.isOk(), valid);
        if (!valid) {
            QVERIFY2(s.message().find("cleanup.policy") != std::string::npos, s.message().c_str());
            return;
        }
        storage::TopicConfig cfg(ov, {});
        QCOMPARE(cfg.compact(), compact);
        QCOMPARE(cfg.retentionDeletes(), deletes);
    }

    void compactionKeysHaveKafkasDefaultsAndTypes() {
        storage::TopicConfig none;
        QVERIFY(!none.compact());
        QVERIFY(none.retentionDeletes());
        QCOMPARE(none.deleteRetentionMs(), int64_t(86400000));
        QCOMPARE(none.minCleanableDirtyRatio(), 0.5);
        QCOMPARE(none.minCompactionLagMs(), int64_t(0));
        storage::TopicConfig::Overrides ov{{"cleanup.policy", "compact"}, {"delete.retention.ms", "100"},
                                           {"min.cleanable.dirty.ratio", "0.01"}, {"min.compaction.lag.ms", "60000"}};
        QVERIFY(storage::TopicConfig::validate(ov).isOk());
        storage::TopicConfig cfg(ov, {});
        QCOMPARE(cfg.deleteRetentionMs(), int64_t(100));
        QCOMPARE(cfg.minCleanableDirtyRatio(), 0.01);
        QCOMPARE(cfg.minCompactionLagMs(), int64_t(60000));
        std::map<std::string, storage::ConfigEntry> byName;
        for (auto& e : cfg.describe()) byName[e.name] = e;
        QCOMPARE(byName["cleanup.policy"].value, std::string("compact"));
        QCOMPARE(byName["cleanup.policy"].type, int8_t(7));             // LIST
        QCOMPARE(byName["min.cleanable.dirty.ratio"].type, int8_t(6));  // DOUBLE
        QCOMPARE(byName["min.cleanable.dirty.ratio"].value, std::string("0.01"));
        QVERIFY(!byName["min.cleanable.dirty.ratio"].isDefault);
        QCOMPARE(byName["min.compaction.lag.ms"].type, int8_t(5));      // LONG
        QCOMPARE(byName["delete.retention.ms"].type, int8_t(5));
        for (auto& e : none.describe())
            if (e.name == "min.cleanable.dirty.ratio") QCOMPARE(e.value, std::string("0.5"));
        for (const char* bad : {"1.5", "-0.1", "half", "nan", ""})
            QVERIFY2(!storage::TopicConfig::validate({{"min.cleanable.dirty.ratio", bad}}).isOk(), bad);
        QVERIFY(!storage::TopicConfig::validate({{"min.compaction.lag.ms", "-1"}}).isOk());
    }

    void cleanerBackoffIsANodeKey() {
        NodeConfig c;
        QCOMPARE(c.cleanerBackoffMs, int64_t(15000));
        QVERIFY(c.set("log.cleaner.backoff.ms", "250").isOk());
        QCOMPARE(c.cleanerBackoffMs, int64_t(250));
        QCOMPARE(c.asMap().at("log.cleaner.backoff.ms"), std::string("250"));
        QVERIFY(!c.set("log.cleaner.backoff.ms", "0").isOk());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"

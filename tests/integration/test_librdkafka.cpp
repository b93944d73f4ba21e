// librdkafka's C++ API against a real plexusd: an idempotent acks=all
// producer writes 100,000 records over 8 partitions, a consumer in assign
// mode reads every one back in order with identical content; then the same
// round trip with each compression codec. Then consumer groups: two
// KafkaConsumers share a topic through the group coordinator, with the
// cooperative-sticky (incremental) and range (eager) assignors, and their
// commits are what a new consumer of the group finds.
#include <QElapsedTimer>
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

std::string partitionsText(const std::set<int32_t>& ps) {
    std::string out;
    for (int32_t p : ps) out += (out.empty() ? "" : ",") + std::to_string(p);
    return "[" + out + "]";
}

/// Commits the consumer's position in each of `parts` that has one (a
/// partition it has not read from since it got it has none).
RdKafka::ErrorCode commitPositions(RdKafka::KafkaConsumer* c, const std::string& topic, const std::set<int32_t>& parts) {
    std::vector<RdKafka::TopicPartition*> tps;
    for (int32_t p : parts) tps.push_back(RdKafka::TopicPartition::create(topic, p));
    RdKafka::ErrorCode rc = c->position(tps);
    if (rc == RdKafka::ERR_NO_ERROR) {
        std::vector<RdKafka::TopicPartition*> known;
        for (auto* tp : tps)
            if (tp->offset() >= 0) known.push_back(tp);
        if (!known.empty()) rc = c->commitSync(known);
    }
    RdKafka::TopicPartition::destroy(tps);
    return rc;
}

/// A group member that records every rebalance it is told about and applies
/// it the way the rebalance protocol requires: incremental_assign /
/// incremental_unassign when cooperative, assign / unassign when eager.
/// Before giving partitions up it commits what it consumed from them, so the
/// next owner starts exactly there. Runs on the thread that calls consume().
class GroupMember : public RdKafka::RebalanceCb {
public:
    struct Event {
        RdKafka::ErrorCode kind;
        std::set<int32_t> partitions;
    };
    std::string name;
    std::string topic;
    std::set<int32_t> owned;
    std::vector<Event> events;
    std::vector<std::string> problems;
    std::set<std::string> protocols;  ///< rebalance_protocol() seen in callbacks
    std::unique_ptr<RdKafka::KafkaConsumer> consumer;
    bool closed = false;

    GroupMember() = default;
    GroupMember(const GroupMember&) = delete;
    GroupMember& operator=(const GroupMember&) = delete;
    /// librdkafka requires close() before the consumer is destroyed; on a
    /// failed check the test returns early and this does it (while this
    /// callback object is still alive for the revocation close() delivers).
    ~GroupMember() override { close(); }
    RdKafka::ErrorCode close() {
        if (!consumer || closed) return RdKafka::ERR_NO_ERROR;
        closed = true;
        return consumer->close();
    }

    void rebalance_cb(RdKafka::KafkaConsumer* c, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override {
        std::set<int32_t> ps;
        for (auto* tp : partitions) ps.insert(tp->partition());
        const std::string protocol = c->rebalance_protocol();
        protocols.insert(protocol);
        const bool cooperative = protocol == "COOPERATIVE";
        events.push_back({err, ps});
        if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
            if (cooperative) {
                if (RdKafka::Error* e = c->incremental_assign(partitions)) {
                    problems.push_back(name + ": incremental_assign: " + e->str());
                    delete e;
                }
                for (int32_t p : ps)
                    if (!owned.insert(p).second) problems.push_back(name + ": assigned partition " + std::to_string(p) + " it already owns");
            } else {
                if (auto rc = c->assign(partitions); rc != RdKafka::ERR_NO_ERROR)
                    problems.push_back(name + ": assign: " + RdKafka::err2str(rc));
                owned = ps;
            }
        } else if (err == RdKafka::ERR__REVOKE_PARTITIONS) {
            if (!c->assignment_lost())
                if (auto rc = commitPositions(c, topic, ps); rc != RdKafka::ERR_NO_ERROR)
                    problems.push_back(name + ": commit on revoke: " + RdKafka::err2str(rc));
            if (cooperative) {
                if (RdKafka::Error* e = c->incremental_unassign(partitions)) {
                    problems.push_back(name + ": incremental_unassign: " + e->str());
                    delete e;
                }
                for (int32_t p : ps)
                    if (!owned.erase(p)) problems.push_back(name + ": revoked partition " + std::to_string(p) + " it did not own");
            } else {
                if (auto rc = c->unassign(); rc != RdKafka::ERR_NO_ERROR)
                    problems.push_back(name + ": unassign: " + RdKafka::err2str(rc));
                owned.clear();
            }
        } else {
            problems.push_back(name + ": rebalance error " + RdKafka::err2str(err));
        }
    }
};

}  // namespace

/// Runs a helper that may fail a QVERIFY/QCOMPARE, and stops the test if it did.
#define RUN_MEMBER(call)                        \
    do {                                        \
        call;                                   \
        if (QTest::currentTestFailed()) return; \
    } while (false)

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

    /// Two consumers in one group share an 8-partition topic. The first gets
    /// every partition and reads part of the data; then the second joins.
    /// With cooperative-sticky the first gives up only what moves (no
    /// partition it keeps is ever revoked); with range it gives up everything
    /// and gets its share back. Commits on revoke hand each partition over at
    /// the exact offset, so together they read every record exactly once.
    /// After both close, a new consumer of the group finds the end offsets
    /// committed.
    void groupOfTwoConsumesEverythingOnce_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<bool>("cooperative");
        QTest::newRow("cooperative-sticky") << "cooperative-sticky" << true;
        QTest::newRow("range") << "range" << false;
    }
    void groupOfTwoConsumesEverythingOnce() {
        QFETCH(QString, strategy);
        QFETCH(bool, cooperative);
        constexpr int kRecords = 8000;
        constexpr int kPartitions = 8;  // num.partitions=8 on this node
        const std::string tag = strategy.toStdString();
        const std::string topic = "rdk.group." + tag;
        const std::string group = "rdk-group-" + tag;
        auto sent = produce(topic, tag, kRecords, "none");
        std::map<int32_t, int64_t> endOffsets;
        for (const auto& d : sent) endOffsets[d.partition] = std::max(endOffsets[d.partition], d.offset + 1);
        QCOMPARE(int(endOffsets.size()), kPartitions);
        std::set<int32_t> all;
        for (int32_t p = 0; p < kPartitions; ++p) all.insert(p);

        auto makeMember = [&](GroupMember& m, const std::string& name) {
            std::string err;
            m.name = name;
            m.topic = topic;
            auto c = conf({{"bootstrap.servers", m_node->kafkaAddr().toStdString()},
                           {"group.id", group},
                           {"client.id", name},
                           {"partition.assignment.strategy", tag},
                           {"enable.auto.commit", "false"},
                           {"auto.offset.reset", "earliest"},
                           {"session.timeout.ms", "10000"},
                           {"heartbeat.interval.ms", "500"}},
                          err);
            QVERIFY2(c, err.c_str());
            QCOMPARE(c->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(&m), err), RdKafka::Conf::CONF_OK);
            m.consumer.reset(RdKafka::KafkaConsumer::create(c.get(), err));
            QVERIFY2(m.consumer, err.c_str());
            QCOMPARE(m.consumer->subscribe({topic}), RdKafka::ERR_NO_ERROR);
        };

        std::map<int, int> readCount;  // record index -> times read
        std::map<std::string, int> readBy;
        int duplicates = 0;
        auto consumeOne = [&](GroupMember& m, int timeoutMs) {
            std::unique_ptr<RdKafka::Message> msg(m.consumer->consume(timeoutMs));
            if (msg->err() == RdKafka::ERR__TIMED_OUT) return;
            QVERIFY2(msg->err() == RdKafka::ERR_NO_ERROR, (m.name + ": " + msg->errstr()).c_str());
            QVERIFY2(m.owned.count(msg->partition()),
                     (m.name + " read partition " + std::to_string(msg->partition()) + " it does not own").c_str());
            auto* h = msg->headers();
            QVERIFY(h != nullptr);
            auto hv = h->get_last("index");
            const int idx = std::stoi(std::string(static_cast<const char*>(hv.value()), hv.value_size()));
            QVERIFY(idx >= 0 && idx < kRecords);
            QCOMPARE(msg->partition(), sent[static_cast<size_t>(idx)].partition);
            QCOMPARE(msg->offset(), sent[static_cast<size_t>(idx)].offset);
            QCOMPARE(std::string(static_cast<const char*>(msg->payload()), msg->len()), valueFor(tag, idx));
            if (readCount[idx]++ > 0) ++duplicates;
            ++readBy[m.name];
        };

        GroupMember first, second;
        RUN_MEMBER(makeMember(first, "first"));
        QElapsedTimer t;
        t.start();
        while (first.owned != all && t.elapsed() < 30000) RUN_MEMBER(consumeOne(first, 200));
        QVERIFY2(first.owned == all, ("the first member owns " + partitionsText(first.owned)).c_str());
        qInfo("%s: the first member owns all %d partitions after %lld ms", tag.c_str(), kPartitions,
              static_cast<long long>(t.elapsed()));
        while (readBy["first"] < kRecords / 4 && t.elapsed() < 60000) RUN_MEMBER(consumeOne(first, 200));
        QVERIFY(readBy["first"] >= kRecords / 4);
        // The first member holds still (it keeps polling, so it takes part in
        // the rebalance) until the partitions are split, so that what moves
        // to the second member still has records to read.
        auto pauseOrResume = [](GroupMember& m, bool pause) {
            std::vector<RdKafka::TopicPartition*> tps;
            for (int32_t p : m.owned) tps.push_back(RdKafka::TopicPartition::create(m.topic, p));
            auto rc = pause ? m.consumer->pause(tps) : m.consumer->resume(tps);
            RdKafka::TopicPartition::destroy(tps);
            QCOMPARE(rc, RdKafka::ERR_NO_ERROR);
        };
        RUN_MEMBER(pauseOrResume(first, true));

        RUN_MEMBER(makeMember(second, "second"));
        t.restart();
        auto settled = [&] {
            if (first.owned.empty() || second.owned.empty()) return false;
            std::set<int32_t> both = first.owned;
            both.insert(second.owned.begin(), second.owned.end());
            return both == all && first.owned.size() + second.owned.size() == all.size();
        };
        while (!settled() && t.elapsed() < 60000) {
            RUN_MEMBER(consumeOne(first, 10));
            RUN_MEMBER(consumeOne(second, 10));
        }
        QVERIFY2(settled(), ("the members never split the partitions: first owns " + partitionsText(first.owned) +
                             ", second owns " + partitionsText(second.owned)).c_str());
        qInfo("%s: partitions split after %lld ms", tag.c_str(), static_cast<long long>(t.elapsed()));
        RUN_MEMBER(pauseOrResume(first, false));
        // Poll both without blocking; wait briefly only when neither had a record,
        // so a member with nothing left to read does not slow the other down.
        while ((int(readCount.size()) < kRecords || !settled()) && t.elapsed() < 120000) {
            const size_t before = readCount.size();
            RUN_MEMBER(consumeOne(first, 0));
            RUN_MEMBER(consumeOne(second, 0));
            if (readCount.size() == before) {
                RUN_MEMBER(consumeOne(first, 10));
                RUN_MEMBER(consumeOne(second, 10));
            }
        }
        qInfo("%s: read %d records (first %d, second %d), first owns %s, second owns %s after %lld ms", tag.c_str(),
              int(readCount.size()), readBy["first"], readBy["second"], partitionsText(first.owned).c_str(),
              partitionsText(second.owned).c_str(), static_cast<long long>(t.elapsed()));
        for (const auto* m : {&first, &second})
            for (const auto& e : m->events)
                qInfo("  %s %s %s", m->name.c_str(), e.kind == RdKafka::ERR__ASSIGN_PARTITIONS ? "assign" : "revoke",
                      partitionsText(e.partitions).c_str());
        QVERIFY2(settled(), "the two members never split the partitions between them");
        QCOMPARE(duplicates, 0);
        QCOMPARE(int(readCount.size()), kRecords);
        QVERIFY(readBy["second"] > 0);
        for (const auto* m : {&first, &second}) {
            QVERIFY2(m->problems.empty(), m->problems.empty() ? "" : m->problems.front().c_str());
            QCOMPARE(m->protocols, (std::set<std::string>{cooperative ? "COOPERATIVE" : "EAGER"}));
        }

        // What each member was told, in order.
        std::vector<GroupMember::Event> firstNonEmpty;
        for (const auto& e : first.events)
            if (!e.partitions.empty()) firstNonEmpty.push_back(e);
        QVERIFY(!firstNonEmpty.empty());
        QCOMPARE(firstNonEmpty.front().kind, RdKafka::ERR__ASSIGN_PARTITIONS);
        QCOMPARE(firstNonEmpty.front().partitions, all);
        if (cooperative) {
            // Incremental: exactly one revocation, of exactly what the second
            // member now owns; the first never gives up a partition it keeps.
            QCOMPARE(int(firstNonEmpty.size()), 2);
            QCOMPARE(firstNonEmpty[1].kind, RdKafka::ERR__REVOKE_PARTITIONS);
            QCOMPARE(firstNonEmpty[1].partitions, second.owned);
            for (const auto& e : second.events) {
                if (e.partitions.empty()) continue;
                QCOMPARE(e.kind, RdKafka::ERR__ASSIGN_PARTITIONS);
                QCOMPARE(e.partitions, second.owned);
            }
        } else {
            // Eager: everything is revoked, then the new shares assigned (range: 4 and 4).
            QCOMPARE(int(firstNonEmpty.size()), 3);
            QCOMPARE(firstNonEmpty[1].kind, RdKafka::ERR__REVOKE_PARTITIONS);
            QCOMPARE(firstNonEmpty[1].partitions, all);
            QCOMPARE(firstNonEmpty[2].kind, RdKafka::ERR__ASSIGN_PARTITIONS);
            QCOMPARE(first.owned.size(), size_t(kPartitions / 2));
            QCOMPARE(second.owned.size(), size_t(kPartitions / 2));
        }

        QCOMPARE(commitPositions(first.consumer.get(), topic, first.owned), RdKafka::ERR_NO_ERROR);
        QCOMPARE(commitPositions(second.consumer.get(), topic, second.owned), RdKafka::ERR_NO_ERROR);
        QCOMPARE(second.close(), RdKafka::ERR_NO_ERROR);
        QCOMPARE(first.close(), RdKafka::ERR_NO_ERROR);
        for (const auto* m : {&first, &second})
            QVERIFY2(m->problems.empty(), m->problems.empty() ? "" : m->problems.front().c_str());

        // A new consumer of the group (not subscribing) reads the commits.
        std::string err;
        auto c = conf({{"bootstrap.servers", m_node->kafkaAddr().toStdString()}, {"group.id", group}}, err);
        QVERIFY2(c, err.c_str());
        GroupMember reader;  // for its close-on-exit; it never subscribes
        reader.consumer.reset(RdKafka::KafkaConsumer::create(c.get(), err));
        QVERIFY2(reader.consumer, err.c_str());
        std::vector<RdKafka::TopicPartition*> tps;
        for (int32_t p : all) tps.push_back(RdKafka::TopicPartition::create(topic, p));
        const auto rc = reader.consumer->committed(tps, 10000);
        std::map<int32_t, int64_t> committed;
        std::vector<RdKafka::ErrorCode> errors;
        for (auto* tp : tps) {
            errors.push_back(tp->err());
            committed[tp->partition()] = tp->offset();
        }
        RdKafka::TopicPartition::destroy(tps);
        QCOMPARE(rc, RdKafka::ERR_NO_ERROR);
        for (auto e : errors) QCOMPARE(e, RdKafka::ERR_NO_ERROR);
        QCOMPARE(committed, endOffsets);
        QCOMPARE(reader.close(), RdKafka::ERR_NO_ERROR);
    }

    void cleanupTestCase() {
        QVERIFY2(m_node->running(), m_node->log().constData());
        m_node->stop();
    }
};

QTEST_GUILESS_MAIN(TestLibrdkafka)
#include "test_librdkafka.moc"

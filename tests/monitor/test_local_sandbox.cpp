// LocalSandbox against real plexusd nodes: one and two nodes with valid,
// persisted and reused addresses; a persisted port taken by someone else; a
// recorded pid that is not the node; kill -9 noticed and restarted with
// backoff; clean stops and the bounded quit's SIGKILL; and "keep running":
// the node outlives the sandbox object, stays healthy, and a new sandbox
// adopts it (same pid) and can stop it. NodeSampler's CPU and RSS of a live
// node. The binary comes from PLEXUSD (set by ctest); without it every test
// fails loudly. Every test kills any node still running from its directory at
// its end, even after a failure (not after a crash of the test binary itself:
// sandbox nodes are detached, so such a node would have to be killed by hand).
#include <QtTest>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <csignal>
#include <memory>
#include <sys/types.h>

#include "tests/support/plexus_node.h"
#include "monitor/admin_client.h"
#include "monitor/cluster_status.h"
#include "monitor/local_sandbox.h"
#include "monitor/node_sampler.h"
#include "monitor/process_stats.h"

using namespace plexus::monitor;
using State = NodeProcess::State;

namespace {

constexpr int kReadyMs = 20000;

bool alive(qint64 pid) { return ProcessStats::read(pid).ok; }

/// The sandbox directory of one test, its sandboxes, and what they reported.
struct Harness {
    QTemporaryDir tmp;
    QString base;
    std::unique_ptr<LocalSandbox> sandbox;
    QStringList events;

    Harness() : base(tmp.path() + "/sandbox") {}

    LocalSandbox& make(int nodes = 1, bool keepRunning = false) {
        LocalSandbox::Options o;
        o.program = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
        o.baseDir = base;
        o.nodes = nodes;
        o.keepRunning = keepRunning;
        sandbox = std::make_unique<LocalSandbox>(o);
        QObject::connect(sandbox.get(), &LocalSandbox::event, [this](const QString& m) { events.append(m); });
        return *sandbox;
    }

    ~Harness() {
        if (sandbox) {
            sandbox->setKeepRunning(false);
            sandbox->stopAndWait(15000);
            sandbox.reset();
        }
        // Whatever still runs from this directory (a node left running, or a
        // test that failed half-way) is killed by its pid.
        for (qint64 pid : nodePids()) ::kill(static_cast<pid_t>(pid), SIGKILL);
    }

    /// Live processes whose --data-dir lies in this test's directory.
    QList<qint64> nodePids() const {
        QList<qint64> pids;
        QDirIterator it("/proc", QDir::Dirs | QDir::NoDotAndDotDot);
        while (it.hasNext()) {
            bool ok = false;
            const qint64 pid = it.next().section('/', -1).toLongLong(&ok);
            if (!ok || !alive(pid)) continue;
            const QStringList cmd = ProcessStats::commandLine(pid);
            const qsizetype i = cmd.indexOf("--data-dir");
            if (i >= 0 && cmd.value(i + 1).startsWith(base + "/")) pids.append(pid);
        }
        return pids;
    }

    QJsonObject stateFile() const {
        QFile f(base + "/sandbox.json");
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }
    QJsonObject stateOf(int nodeId) const {
        for (const QJsonValue& v : stateFile().value("nodes").toArray())
            if (v.toObject().value("id").toInt(-1) == nodeId) return v.toObject();
        return {};
    }

    QString diag() const {
        QString s = "events:\n" + events.join('\n');
        if (sandbox)
            for (int i = 0; i < sandbox->nodeCount(); ++i) s += "\nlog of node " + QString::number(i) + ":\n" + sandbox->node(i)->logLines().join('\n');
        return s;
    }
};

/// GET /v1/health or /v1/node through AdminClient; empty on failure.
bool healthy(const QString& admin) {
    AdminClient client;
    client.setAddress(admin);
    QSignalSpy ok(&client, &AdminClient::healthReceived);
    QSignalSpy failed(&client, &AdminClient::requestFailed);
    client.fetchHealth();
    if (!QTest::qWaitFor([&] { return ok.size() + failed.size() > 0; }, 10000)) return false;
    return !ok.isEmpty() && ok.first().first().toBool();
}

QJsonObject fetchNode(const QString& admin) {
    AdminClient client;
    client.setAddress(admin);
    QSignalSpy ok(&client, &AdminClient::nodeReceived);
    QSignalSpy failed(&client, &AdminClient::requestFailed);
    client.fetchNode();
    if (!QTest::qWaitFor([&] { return ok.size() + failed.size() > 0; }, 10000) || ok.isEmpty()) return {};
    return ok.first().first().toJsonObject();
}

QString canonical(const QString& path) { return QDir(path).canonicalPath(); }

}  // namespace

class TestLocalSandbox : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(!plexus::test::plexusdPath(&error).isEmpty(), qPrintable(error));
    }

    void oneNodeStartsOnPersistedPortsAndStopsCleanly() {
        Harness h;
        LocalSandbox& sb = h.make();
        QCOMPARE(sb.nodeCount(), 1);
        QVERIFY(sb.node(1) == nullptr);
        QCOMPARE(sb.summaryText(), QString("stopped"));
        const QRegularExpression addr("^127\\.0\\.0\\.1:[1-9][0-9]*$");
        const QString bootstrap = sb.bootstrapServers();
        QVERIFY2(addr.match(bootstrap).hasMatch(), qPrintable(bootstrap));
        QCOMPARE(sb.adminAddresses().size(), 1);
        QVERIFY(addr.match(sb.adminAddresses().first()).hasMatch());
        QVERIFY(bootstrap != sb.adminAddresses().first());
        // The ports are in the state file before anything runs.
        QCOMPARE(QString("127.0.0.1:%1").arg(h.stateOf(1).value("kafka_port").toInt()), bootstrap);

        QSignalSpy allRunning(&sb, &LocalSandbox::allRunning);
        QSignalSpy lines(&sb, &LocalSandbox::nodeLogLine);
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(allRunning.size() == 1, qPrintable(h.diag()), kReadyMs);
        NodeProcess* n = sb.node(0);
        QCOMPARE(n->state(), State::Running);
        QCOMPARE(n->kafkaAddress(), bootstrap);
        QCOMPARE(n->adminAddress(), sb.adminAddresses().first());
        QCOMPARE(sb.summaryText(), QString("1 of 1 node running"));
        QVERIFY(healthy(n->adminAddress()));
        const QJsonObject info = fetchNode(n->adminAddress());
        QCOMPARE(info.value("node_id").toInt(), 1);
        QCOMPARE(canonical(info.value("data_dir").toString()), canonical(h.base + "/node-1"));
        // The node's stderr reaches the log through the tailed file.
        QTRY_VERIFY2_WITH_TIMEOUT(n->logLines().join('\n').contains("node 1 serving in"), qPrintable(h.diag()), 5000);
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines.first().at(0).toInt(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(h.stateOf(1).value("pid").toDouble(), double(n->pid()), 5000);
        QVERIFY(QFileInfo(h.base + "/logs/node-1.stderr.log").size() > 0);

        // CPU and RSS of the live node.
        auto samplerHolder = std::make_unique<NodeSampler>(&sb);
        NodeSampler& sampler = *samplerHolder;
        sampler.setIntervalMs(200);
        QTRY_VERIFY_WITH_TIMEOUT(sampler.sample(0).cpuPercent >= 0, 5000);
        QCOMPARE(sampler.sample(0).pid, n->pid());
        QVERIFY2(sampler.sample(0).rssBytes > 1024 * 1024, qPrintable(QString::number(sampler.sample(0).rssBytes)));
        QCOMPARE(sampler.sample(1).rssBytes, -1);

        // Clean stop: SIGTERM obeyed, no SIGKILL, no pid left on record.
        const qint64 pid = n->pid();
        QSignalSpy allStopped(&sb, &LocalSandbox::allStopped);
        QVERIFY2(sb.stopAndWait(15000), qPrintable(h.diag()));
        QCOMPARE(allStopped.size(), 1);
        QCOMPARE(n->state(), State::Stopped);
        QVERIFY(!alive(pid));
        QVERIFY2(n->logLines().join('\n').contains("stopped cleanly"), qPrintable(h.diag()));
        QVERIFY(!h.events.join('\n').contains("SIGKILL"));
        QVERIFY(!h.stateOf(1).contains("pid"));
        QTRY_COMPARE_WITH_TIMEOUT(sampler.sample(0).rssBytes, -1, 2000);
        samplerHolder.reset();

        // A new sandbox on the same directory: same ports, same address.
        h.sandbox.reset();
        LocalSandbox& again = h.make();
        QCOMPARE(again.bootstrapServers(), bootstrap);
        again.start();
        QTRY_VERIFY2_WITH_TIMEOUT(again.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(again.node(0)->kafkaAddress(), bootstrap);
        QVERIFY(again.node(0)->pid() != pid);
        QVERIFY(again.stopAndWait(15000));
    }

    // The default sandbox: three nodes with ids 1..3 on persisted Kafka, admin
    // and RPC ports, all seeded with every RPC address, form one cluster:
    // /v1/cluster (through ClusterStatusPoller, asking every node) lists the
    // three, reachable, with one elected controller that is a voter. With a
    // node stopped the poller still gets the picture from the others.
    void threeNodesFormACluster() {
        QCOMPARE(LocalSandbox::Options{}.nodes, 3);
        Harness h;
        LocalSandbox::Options o;
        o.program = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
        o.baseDir = h.base;
        h.sandbox = std::make_unique<LocalSandbox>(o);
        LocalSandbox& sb = *h.sandbox;
        QObject::connect(&sb, &LocalSandbox::event, [&h](const QString& m) { h.events.append(m); });
        QCOMPARE(sb.nodeCount(), 3);
        QVERIFY(sb.isClustered());
        QSet<int> ports;
        for (int id = 1; id <= 3; ++id) {
            const QJsonObject st = h.stateOf(id);
            QVERIFY2(st.value("rpc_port").toInt() > 0, qPrintable(QJsonDocument(h.stateFile()).toJson()));
            ports << st.value("kafka_port").toInt() << st.value("admin_port").toInt() << st.value("rpc_port").toInt();
        }
        QCOMPARE(ports.size(), 9);
        QCOMPARE(sb.seeds().split(',').size(), 3);

        QElapsedTimer t;
        t.start();
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.isAllRunning(), qPrintable(h.diag()), kReadyMs);
        // Every node was launched with the cluster's arguments.
        for (int i = 0; i < 3; ++i) {
            const QStringList cmd = ProcessStats::commandLine(sb.node(i)->pid());
            QCOMPARE(cmd.value(cmd.indexOf("--seeds") + 1), sb.seeds());
            QCOMPARE(cmd.value(cmd.indexOf("--rpc-addr") + 1), sb.seeds().split(',').at(i));
            QVERIFY(cmd.contains("default.replication.factor=3"));
            QCOMPARE(fetchNode(sb.node(i)->adminAddress()).value("node_id").toInt(), i + 1);
        }

        ClusterStatusPoller poller;
        poller.setAdminAddresses(sb.adminAddresses());
        poller.start();
        auto formed = [&] {
            const ClusterStatus& c = poller.status();
            return c.valid && c.clustered && c.controller >= 1 && c.nodes.size() == 3 && !c.hasUnreachableNodes();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(formed(), qPrintable(h.diag()), 20000);
        qInfo("3-node cluster formed %lld ms after start", qint64(t.elapsed()));
        const ClusterStatus& c = poller.status();
        QCOMPARE(c.nodes.at(0).id, 1);
        QCOMPARE(c.nodes.at(2).id, 3);
        QVERIFY(c.voters.contains(c.controller));
        QVERIFY(c.findNode(c.controller)->controller);
        QVERIFY(!c.clusterId.isEmpty());
        QVERIFY(poller.unanswered().isEmpty());

        // A node down: the others still answer, and the picture says so.
        const int down = sb.indexOfNodeId(c.controller == 3 ? 2 : 3);
        const int downId = sb.node(down)->nodeId();
        sb.killNode(down);
        QTRY_COMPARE_WITH_TIMEOUT(sb.node(down)->state(), State::Stopped, 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(poller.status().findNode(downId) && !poller.status().findNode(downId)->reachable &&
                                      poller.unanswered() == QStringList{sb.adminAddresses().at(down)},
                                  qPrintable(h.diag()), 15000);
        QCOMPARE(poller.currentIntervalMs(), 1000);  // watching closely while a node is down
        QVERIFY(sb.stopAndWait(15000));
    }

    void twoNodesRunSideBySide() {
        Harness h;
        LocalSandbox& sb = h.make(2);
        QCOMPARE(sb.nodeCount(), 2);
        const QStringList boot = sb.bootstrapServers().split(',');
        QCOMPARE(boot.size(), 2);
        QSet<QString> all{boot[0], boot[1], sb.adminAddresses()[0], sb.adminAddresses()[1]};
        QCOMPARE(all.size(), 4);  // four distinct ports
        QSignalSpy allRunning(&sb, &LocalSandbox::allRunning);
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(allRunning.size() == 1, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(sb.summaryText(), QString("2 of 2 nodes running"));
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(sb.node(i)->kafkaAddress(), boot[i]);
            const QJsonObject info = fetchNode(sb.node(i)->adminAddress());
            QCOMPARE(info.value("node_id").toInt(), i + 1);  // ids 1..N
            QCOMPARE(canonical(info.value("data_dir").toString()), canonical(h.base + QString("/node-%1").arg(i + 1)));
        }
        QVERIFY(sb.node(0)->pid() != sb.node(1)->pid());

        // One node stopped on its own; the other runs on.
        sb.stopNode(1);
        QTRY_COMPARE_WITH_TIMEOUT(sb.node(1)->state(), State::Stopped, 15000);
        QCOMPARE(sb.node(0)->state(), State::Running);
        QCOMPARE(sb.summaryText(), QString("1 of 2 nodes running"));
        QVERIFY(!sb.isAllStopped());
        QVERIFY(sb.stopAndWait(15000));
        QVERIFY(h.nodePids().isEmpty());
    }

    void aTakenPortIsReplacedAndAnnounced() {
        Harness h;
        quint16 oldKafka = 0;
        {
            LocalSandbox& sb = h.make();
            oldKafka = quint16(sb.bootstrapServers().section(':', -1).toUInt());
            h.sandbox.reset();
        }
        // Someone else listens on the persisted Kafka port now.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, oldKafka));
        LocalSandbox& sb = h.make();
        QSignalSpy changed(&sb, &LocalSandbox::addressesChanged);
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QVERIFY2(h.events.join('\n').contains(QString("Kafka port %1 is taken by another program").arg(oldKafka)), qPrintable(h.diag()));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toString(), sb.bootstrapServers());
        const quint16 newKafka = quint16(sb.bootstrapServers().section(':', -1).toUInt());
        QVERIFY(newKafka != oldKafka && newKafka != 0);
        QCOMPARE(sb.node(0)->kafkaAddress(), sb.bootstrapServers());
        QCOMPARE(h.stateOf(1).value("kafka_port").toInt(), int(newKafka));
        QVERIFY(sb.stopAndWait(15000));
    }

    void aRecordedPidThatIsNotTheNodeIsNotAdopted() {
        Harness h;
        h.make();
        h.sandbox.reset();
        // Point the record at a live process that is not a plexusd: this test.
        QJsonObject root = h.stateFile();
        QJsonArray nodes = root.value("nodes").toArray();
        QJsonObject n0 = nodes[0].toObject();
        n0.insert("pid", double(QCoreApplication::applicationPid()));
        nodes[0] = n0;
        root.insert("nodes", nodes);
        QFile f(h.base + "/sandbox.json");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(root).toJson());
        f.close();

        LocalSandbox& sb = h.make();
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QVERIFY(sb.node(0)->pid() != QCoreApplication::applicationPid());
        QVERIFY(!h.events.join('\n').contains("adopt"));
        QCOMPARE(h.stateOf(1).value("pid").toDouble(), double(sb.node(0)->pid()));
        QVERIFY(sb.stopAndWait(15000));
    }

    void kill9IsNoticedAndRestartedWithBackoff() {
        Harness h;
        LocalSandbox& sb = h.make();
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        NodeProcess* n = sb.node(0);
        QSignalSpy delays(n, &NodeProcess::restartScheduled);
        QList<State> states;
        connect(&sb, &LocalSandbox::nodeStateChanged, [&](int, State s) { states.append(s); });
        const QString kafka = n->kafkaAddress();
        const QList<int> expected{500, 1000};
        qint64 pid = n->pid();
        for (int round = 0; round < expected.size(); ++round) {
            states.clear();
            QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
            QTRY_COMPARE_WITH_TIMEOUT(n->state(), State::Crashed, 5000);
            QCOMPARE(delays.size(), round + 1);
            QCOMPARE(delays.last().first().toInt(), expected[round]);
            QTRY_VERIFY2_WITH_TIMEOUT(n->state() == State::Running, qPrintable(h.diag()), expected[round] + kReadyMs);
            QCOMPARE(states, (QList<State>{State::Crashed, State::Starting, State::Running}));
            QVERIFY(n->pid() != pid);
            pid = n->pid();
            QCOMPARE(n->kafkaAddress(), kafka);  // same persisted port after the restart
            QCOMPARE(n->crashCount(), round + 1);
            QTRY_COMPARE_WITH_TIMEOUT(h.stateOf(1).value("pid").toDouble(), double(pid), 5000);
        }
        const QString ev = h.events.join('\n');
        QVERIFY2(ev.contains("node 1 crashed: process"), qPrintable(ev));
        QVERIFY2(ev.contains("node 1 will restart in 0.5 s"), qPrintable(ev));
        QVERIFY2(ev.contains("node 1 will restart in 1 s"), qPrintable(ev));
        QVERIFY2(ev.contains("restarting node 1"), qPrintable(ev));
        QVERIFY(healthy(n->adminAddress()));
        QVERIFY(sb.stopAndWait(15000));
        QVERIFY(h.nodePids().isEmpty());
    }

    void theBoundedQuitKillsANodeThatDoesNotStop() {
        Harness h;
        LocalSandbox& sb = h.make();
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        const qint64 pid = sb.node(0)->pid();
        // A stopped process cannot act on SIGTERM; only SIGKILL ends it.
        QCOMPARE(::kill(static_cast<pid_t>(pid), SIGSTOP), 0);
        QElapsedTimer t;
        t.start();
        QVERIFY(!sb.stopAndWait(1000));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(sb.node(0)->state(), State::Stopped);
        QVERIFY(!alive(pid));
        QVERIFY2(h.events.join('\n').contains("did not stop within 1000 ms; sending SIGKILL"), qPrintable(h.diag()));
        QVERIFY2(h.events.last().contains("node 1 stopped by SIGKILL"), qPrintable(h.diag()));
        QCOMPARE(sb.node(0)->crashCount(), 0);
    }

    void shutdownWithoutKeepRunningStopsTheNodes() {
        Harness h;
        LocalSandbox& sb = h.make(2);
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.isAllRunning(), qPrintable(h.diag()), kReadyMs);
        const QList<qint64> pids{sb.node(0)->pid(), sb.node(1)->pid()};
        sb.shutdown(15000);
        for (qint64 pid : pids) QVERIFY(!alive(pid));
        QVERIFY(!h.stateOf(1).contains("pid"));
        QVERIFY(!h.stateOf(2).contains("pid"));
        // Shut down means shut down: the sandbox starts nothing any more.
        sb.start();
        QCOMPARE(sb.node(0)->state(), State::Stopped);
        h.sandbox.reset();
        QVERIFY(h.nodePids().isEmpty());
    }

    void keepRunningLeavesTheNodeForTheNextSandboxToAdopt() {
        Harness h;
        qint64 pid = 0;
        QString admin, kafka;
        {
            LocalSandbox& sb = h.make(1, /*keepRunning=*/true);
            sb.start();
            QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
            pid = sb.node(0)->pid();
            admin = sb.node(0)->adminAddress();
            kafka = sb.node(0)->kafkaAddress();
            sb.shutdown();
            h.sandbox.reset();  // the app quits
        }
        // The node outlived its sandbox and serves.
        QVERIFY(alive(pid));
        QTest::qWait(500);
        QVERIFY(alive(pid));
        QVERIFY(healthy(admin));
        QCOMPARE(h.stateOf(1).value("pid").toDouble(), double(pid));

        // The next app start adopts it: same pid, Running, its log carried over.
        LocalSandbox& sb = h.make();
        NodeProcess* n = sb.node(0);
        QList<State> states;
        connect(&sb, &LocalSandbox::nodeStateChanged, [&](int, State s) { states.append(s); });
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(n->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(states, (QList<State>{State::Starting, State::Running}));
        QCOMPARE(n->pid(), pid);
        QCOMPARE(n->kafkaAddress(), kafka);
        QCOMPARE(n->adminAddress(), admin);
        QVERIFY2(h.events.join('\n').contains(QString("node 1 adopted (pid %1").arg(pid)), qPrintable(h.diag()));
        QVERIFY2(n->logLines().join('\n').contains("node 1 serving in"), qPrintable(h.diag()));
        QVERIFY(n->uptimeMs() >= 500);
        QCOMPARE(n->crashCount(), 0);

        // It is supervised like any other: a kill -9 is a crash and a restart.
        QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(n->state(), State::Crashed, 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(n->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QVERIFY(n->pid() != pid);
        pid = n->pid();

        // And it can be stopped: SIGTERM, clean.
        QVERIFY2(sb.stopAndWait(15000), qPrintable(h.diag()));
        QVERIFY(!alive(pid));
        QVERIFY2(n->logLines().join('\n').contains("stopped cleanly"), qPrintable(h.diag()));
        QVERIFY(h.nodePids().isEmpty());
    }

    void destroyingAKeepRunningSandboxAlsoLeavesTheNode() {
        // No shutdown() call (the app crashed or forgot): the destructor
        // decides by keepRunning.
        Harness h;
        h.make(1, /*keepRunning=*/true).start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.sandbox->node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        const qint64 pid = h.sandbox->node(0)->pid();
        h.sandbox.reset();
        QVERIFY(alive(pid));
        LocalSandbox& sb = h.make(1, /*keepRunning=*/false);
        sb.start();
        QTRY_VERIFY2_WITH_TIMEOUT(sb.node(0)->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(sb.node(0)->pid(), pid);
        // Without keepRunning, destroying the sandbox sends SIGTERM.
        h.sandbox.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 10000);
    }
};

QTEST_GUILESS_MAIN(TestLocalSandbox)
#include "test_local_sandbox.moc"

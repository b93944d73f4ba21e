// NodeProcess and AdminClient against a real plexusd: readiness, addresses,
// health, kill -9 with automatic restart and growing backoff, the backoff
// reset after a stable run, clean stop by SIGTERM, stop escalating to SIGKILL,
// and a node that cannot start, attached and detached (the detached mode's
// full lifecycle, adoption included, is in test_local_sandbox.cpp). The
// binary comes from PLEXUSD (set by ctest); without it every test fails
// loudly.
#include <QtTest>

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <csignal>
#include <memory>
#include <sys/types.h>

#include "tests/support/plexus_node.h"
#include "monitor/admin_client.h"
#include "monitor/node_process.h"
#include "monitor/process_stats.h"

using namespace plexus::monitor;
using State = NodeProcess::State;

namespace {

constexpr int kReadyMs = 20000;

/// A node under test with everything it reported collected for assertions.
struct Harness {
    QTemporaryDir tmp;
    std::unique_ptr<NodeProcess> node;
    QList<State> states;
    QStringList events;
    QList<int> delays;

    explicit Harness(NodeProcess::Options opt = {}) {
        opt.program = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
        opt.dataDir = tmp.path() + "/data";
        opt.nodeId = 7;
        node = std::make_unique<NodeProcess>(opt);
        QObject::connect(node.get(), &NodeProcess::stateChanged, [this](State s) { states.append(s); });
        QObject::connect(node.get(), &NodeProcess::event, [this](const QString& m) { events.append(m); });
        QObject::connect(node.get(), &NodeProcess::restartScheduled, [this](int ms) { delays.append(ms); });
    }
    ~Harness() {
        // Leave no node behind even when a test failed half-way; a stop that
        // does not finish is killed by ~NodeProcess.
        if (node->state() == State::Starting || node->state() == State::Running) {
            node->stop();
            (void)QTest::qWaitFor([this] { return node->state() == State::Stopped; }, 15000);
        }
    }
    QString log() const { return node->logLines().join('\n'); }
    QString diag() const { return "events:\n" + events.join('\n') + "\nlog:\n" + log(); }
};

/// GET /v1/node through AdminClient; fails the test on an error.
QJsonObject fetchNode(const QString& admin) {
    AdminClient client;
    client.setAddress(admin);
    QSignalSpy ok(&client, &AdminClient::nodeReceived);
    QSignalSpy failed(&client, &AdminClient::requestFailed);
    client.fetchNode();
    if (!QTest::qWaitFor([&] { return ok.size() + failed.size() > 0; }, 10000)) {
        qWarning("no answer from /v1/node");
        return {};
    }
    if (!failed.isEmpty()) {
        qWarning() << "/v1/node failed:" << failed.first().value(1).toString();
        return {};
    }
    return ok.first().first().toJsonObject();
}

}  // namespace

class TestNodeProcess : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(!plexus::test::plexusdPath(&error).isEmpty(), qPrintable(error));
    }

    void startsServesAndStopsCleanly() {
        Harness h;
        QSignalSpy lines(h.node.get(), &NodeProcess::logLine);
        QCOMPARE(h.node->state(), State::Stopped);
        h.node->start();
        QCOMPARE(h.node->state(), State::Starting);
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(h.states, (QList<State>{State::Starting, State::Running}));

        const QRegularExpression addr("^127\\.0\\.0\\.1:[1-9][0-9]*$");
        QVERIFY2(addr.match(h.node->kafkaAddress()).hasMatch(), qPrintable(h.node->kafkaAddress()));
        QVERIFY2(addr.match(h.node->adminAddress()).hasMatch(), qPrintable(h.node->adminAddress()));
        QVERIFY(h.node->kafkaAddress() != h.node->adminAddress());
        QVERIFY2(addr.match(h.node->registryAddress()).hasMatch(), qPrintable(h.node->registryAddress()));
        const qint64 pid = h.node->pid();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(static_cast<pid_t>(pid), 0), 0);  // that pid is alive
        QVERIFY(h.node->uptimeMs() >= 0);

        // Health and node info through AdminClient, from the node itself.
        AdminClient client;
        client.setAddress(h.node->adminAddress());
        QSignalSpy health(&client, &AdminClient::healthReceived);
        client.fetchHealth();
        QTRY_COMPARE_WITH_TIMEOUT(health.size(), 1, 10000);
        QCOMPARE(health.first().at(0).toBool(), true);
        QCOMPARE(health.first().at(1).toString(), QString("ready"));
        QJsonObject info = fetchNode(h.node->adminAddress());
        QCOMPARE(info.value("node_id").toInt(), 7);
        QCOMPARE(info.value("listeners").toObject().value("admin").toString(), h.node->adminAddress());
        QCOMPARE(info.value("listeners").toObject().value("kafka").toString(), h.node->kafkaAddress());
        QCOMPARE(QDir(info.value("data_dir").toString()).canonicalPath(), QDir(h.tmp.path() + "/data").canonicalPath());

        QSignalSpy metrics(&client, &AdminClient::metricsReceived);
        client.fetchMetrics();
        QTRY_COMPARE_WITH_TIMEOUT(metrics.size(), 1, 10000);
        auto snap = metrics.first().first().value<MetricSnapshot>();
        QVERIFY2(snap.errors.isEmpty(), qPrintable(snap.errors.join('\n')));
        QCOMPARE(snap.find("plexus_uptime_seconds").size(), 1);
        QCOMPARE(snap.types.value("process_cpu_seconds_total"), QString("counter"));

        // /proc of the child agrees that a live process is there.
        ProcessStats ps = ProcessStats::read(pid);
        QVERIFY(ps.ok);
        QVERIFY2(ps.rssBytes > 1024 * 1024, qPrintable(QString::number(ps.rssBytes)));
        QVERIFY(ps.cpuSeconds >= 0);

        h.node->stop();
        QCOMPARE(h.node->state(), State::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(h.node->state(), State::Stopped, 15000);
        QCOMPARE(h.states, (QList<State>{State::Starting, State::Running, State::Stopping, State::Stopped}));
        QCOMPARE(h.node->pid(), 0);
        QCOMPARE(h.node->uptimeMs(), 0);
        QVERIFY(!ProcessStats::read(pid).ok);
        // SIGTERM, obeyed: the node says so, exits 0, and no SIGKILL was needed.
        QVERIFY2(h.log().contains("signal 15 received"), qPrintable(h.diag()));
        QVERIFY2(h.log().contains("stopped cleanly"), qPrintable(h.diag()));
        QVERIFY2(h.events.last().contains("exit code 0"), qPrintable(h.diag()));
        QVERIFY(!h.events.join('\n').contains("SIGKILL"));
        QVERIFY(lines.size() >= 2);
        QCOMPARE(h.node->crashCount(), 0);
        QVERIFY(h.delays.isEmpty());
    }

    void kill9IsRestartedWithGrowingBackoff() {
        Harness h;
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        const QString clusterId = fetchNode(h.node->adminAddress()).value("cluster_id").toString();
        QVERIFY(!clusterId.isEmpty());

        QList<qint64> pids{h.node->pid()};
        const QList<int> expected{500, 1000, 2000};
        for (int round = 0; round < expected.size(); ++round) {
            const qint64 pid = h.node->pid();
            h.states.clear();
            QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
            QTRY_COMPARE_WITH_TIMEOUT(h.node->state(), State::Crashed, 10000);
            QCOMPARE(h.delays.size(), round + 1);
            QCOMPARE(h.delays.last(), expected[round]);
            QCOMPARE(h.node->crashCount(), round + 1);
            QVERIFY2(h.events.join('\n').contains("crashed: killed by signal 9"), qPrintable(h.diag()));
            QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), expected[round] + kReadyMs);
            QCOMPARE(h.states, (QList<State>{State::Crashed, State::Starting, State::Running}));
            QVERIFY(h.node->pid() > 0);
            QVERIFY(!pids.contains(h.node->pid()));
            pids.append(h.node->pid());
            // Same data directory: the cluster id the node keeps there survived.
            QCOMPARE(fetchNode(h.node->adminAddress()).value("cluster_id").toString(), clusterId);
        }
        QCOMPARE(h.node->nextBackoffMs(), 4000);
        QVERIFY2(h.events.join('\n').contains("will restart in 2 s"), qPrintable(h.diag()));
    }

    void backoffResetsAfterAStableRun() {
        NodeProcess::Options opt;
        opt.stableRunMs = 1000;
        Harness h(opt);
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(::kill(static_cast<pid_t>(h.node->pid()), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(h.delays.size(), 1, 10000);
        QCOMPARE(h.node->nextBackoffMs(), 1000);
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        // Running longer than stableRunMs: the next crash restarts at the initial delay.
        QTRY_COMPARE_WITH_TIMEOUT(h.node->nextBackoffMs(), 500, 5000);
        QCOMPARE(::kill(static_cast<pid_t>(h.node->pid()), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(h.delays.size(), 2, 10000);
        QCOMPARE(h.delays, (QList<int>{500, 500}));
    }

    void withoutAutoRestartACrashStays() {
        Harness h;
        h.node->setAutoRestart(false);
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(::kill(static_cast<pid_t>(h.node->pid()), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(h.node->state(), State::Crashed, 10000);
        QTest::qWait(1500);  // three times the first backoff: nothing may happen
        QCOMPARE(h.node->state(), State::Crashed);
        QVERIFY(h.delays.isEmpty());
        // The user starts it again by hand.
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
    }

    void restartGivesANewProcess() {
        Harness h;
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        const qint64 first = h.node->pid();
        h.states.clear();
        h.node->restart();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running && h.states.size() == 4, qPrintable(h.diag()), kReadyMs);
        QCOMPARE(h.states, (QList<State>{State::Stopping, State::Stopped, State::Starting, State::Running}));
        QVERIFY(h.node->pid() != first);
        QCOMPARE(h.node->crashCount(), 0);
    }

    void stopEscalatesToSigkill() {
        NodeProcess::Options opt;
        opt.stopTimeoutMs = 1000;
        Harness h(opt);
        h.node->start();
        QTRY_VERIFY2_WITH_TIMEOUT(h.node->state() == State::Running, qPrintable(h.diag()), kReadyMs);
        // A stopped process cannot act on SIGTERM; only SIGKILL ends it.
        QCOMPARE(::kill(static_cast<pid_t>(h.node->pid()), SIGSTOP), 0);
        QElapsedTimer t;
        t.start();
        h.node->stop();
        QTRY_COMPARE_WITH_TIMEOUT(h.node->state(), State::Stopped, 10000);
        QVERIFY2(t.elapsed() >= 900, qPrintable(QString::number(t.elapsed())));
        QVERIFY2(h.events.join('\n').contains("sending SIGKILL"), qPrintable(h.diag()));
        QVERIFY2(h.events.last().contains("stopped by SIGKILL"), qPrintable(h.diag()));
        QCOMPARE(h.node->crashCount(), 0);
        QVERIFY(h.delays.isEmpty());
    }

    void aBadArgumentCrashesWithTheNodesMessage() {
        NodeProcess::Options opt;
        opt.extraArgs = {"--set", "nonsense=1"};
        opt.logCapacity = 2;
        Harness h(opt);
        h.node->start();
        QTRY_COMPARE_WITH_TIMEOUT(h.node->state(), State::Crashed, 10000);
        QVERIFY(h.node->kafkaAddress().isEmpty());
        // The node's own words reach both the log buffer and the crash event.
        QVERIFY2(h.log().contains("bad option for key 'nonsense'"), qPrintable(h.diag()));
        QVERIFY2(h.events.first().contains("exited with code 2"), qPrintable(h.diag()));
        QVERIFY2(h.events.first().contains("nonsense"), qPrintable(h.diag()));
        QCOMPARE(h.delays.value(0), 500);
        // It keeps failing and the backoff keeps growing; the log stays bounded.
        QTRY_VERIFY2_WITH_TIMEOUT(h.delays.size() >= 3, qPrintable(h.diag()), 10000);
        QCOMPARE(h.delays.mid(0, 3), (QList<int>{500, 1000, 2000}));
        QVERIFY(h.node->crashCount() >= 3);
        QCOMPARE(h.node->logLines().size(), 2);
        QVERIFY(!h.states.contains(State::Running));
        // stop() while a restart is pending cancels it.
        h.node->stop();
        QCOMPARE(h.node->state(), State::Stopped);
        const int crashes = h.node->crashCount();
        QTest::qWait(2500);
        QCOMPARE(h.node->state(), State::Stopped);
        QCOMPARE(h.node->crashCount(), crashes);
    }

    void detachedABadArgumentCrashesWithTheNodesMessage() {
        // Detached: the node exits at once, and its last words still come
        // from the stderr file into the log and the crash event.
        QTemporaryDir tmp;
        NodeProcess::Options opt;
        opt.program = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
        opt.dataDir = tmp.path() + "/data";
        opt.detached = true;
        opt.stdoutPath = tmp.path() + "/out.log";
        opt.stderrPath = tmp.path() + "/err.log";
        opt.autoRestart = false;
        opt.extraArgs = {"--set", "nonsense=1"};
        NodeProcess node(opt);
        QStringList events;
        connect(&node, &NodeProcess::event, [&](const QString& m) { events.append(m); });
        node.start();
        QTRY_COMPARE_WITH_TIMEOUT(node.state(), State::Crashed, 10000);
        QCOMPARE(node.pid(), 0);
        QVERIFY2(node.logLines().join('\n').contains("bad option for key 'nonsense'"), qPrintable(events.join('\n')));
        QVERIFY2(events.join('\n').contains("nonsense"), qPrintable(events.join('\n')));
        // A pid that is not a plexusd on this data directory is never adopted.
        QVERIFY(!node.adopt(QCoreApplication::applicationPid()));
        QVERIFY(!node.adopt(0));
        QCOMPARE(node.state(), State::Crashed);
        // The launch appended to the file; a second one appends again.
        const qint64 size = QFileInfo(opt.stderrPath).size();
        QVERIFY(size > 0);
        node.start();
        QTRY_COMPARE_WITH_TIMEOUT(node.state(), State::Crashed, 10000);
        QVERIFY(QFileInfo(opt.stderrPath).size() > size);
        QCOMPARE(node.logLines().filter("bad option").size(), 2);
    }

    void attachedNodesCannotBeAdopted() {
        Harness h;
        QVERIFY(!h.node->adopt(QCoreApplication::applicationPid()));
        QCOMPARE(h.node->release(), 0);
        QCOMPARE(h.node->state(), State::Stopped);
    }

    void aMissingBinaryIsACrashNotAHang() {
        NodeProcess::Options opt;
        opt.program = "/nonexistent/plexusd";
        opt.autoRestart = false;
        QTemporaryDir tmp;
        opt.dataDir = tmp.path();
        NodeProcess node(opt);
        QStringList events;
        connect(&node, &NodeProcess::event, [&](const QString& m) { events.append(m); });
        node.start();
        QTRY_COMPARE_WITH_TIMEOUT(node.state(), State::Crashed, 5000);
        QVERIFY2(events.join('\n').contains("cannot launch /nonexistent/plexusd"), qPrintable(events.join('\n')));
    }

    void adminClientReportsAnUnreachableNode() {
        // Port 1 on loopback: reusing a stopped node's port could race with
        // another test binding it, and nothing listens on tcpmux here.
        AdminClient client;
        client.setAddress("127.0.0.1:1");
        QSignalSpy failed(&client, &AdminClient::requestFailed);
        client.fetchGroups();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(failed.first().at(0).toString(), QString("/v1/groups"));
        QVERIFY2(failed.first().at(1).toString().contains("127.0.0.1:1/v1/groups"), qPrintable(failed.first().at(1).toString()));
        AdminClient none;
        QSignalSpy noAddr(&none, &AdminClient::requestFailed);
        none.fetchNode();
        QCOMPARE(noAddr.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNodeProcess)
#include "test_node_process.moc"

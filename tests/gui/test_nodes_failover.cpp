// The Nodes page against the default three-node sandbox, as a user sees a
// failover: the cluster forms (one controller, every node reachable, the
// leader spread shown); a topic with three replicas is created through the
// app's KafkaClient; the controller node is killed with the page's Kill
// button; the page then shows that node down, another node as controller,
// every partition led by a live node, and all partitions (each had a replica
// on the killed node) as under-replicated, with the failover in the event
// list. Start brings the node back and the page waits until nothing is
// under-replicated. Then two nodes are killed: the survivor, without a
// majority, is shown as cut off (role and event) until Start all brings the
// others back. NodeModel and UnderReplicatedModel pass
// QAbstractItemModelTester throughout. Screenshots of the failover and of
// the recovered cluster go to the build tree's screenshots/. Offscreen
// (QT_QPA_PLATFORM=offscreen, set by ctest).
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QListWidget>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>

#include "tests/support/plexus_node.h"
#include "monitor/cluster_status.h"
#include "monitor/kafka_client.h"
#include "monitor/local_sandbox.h"
#include "views/node_model.h"
#include "views/nodes_page.h"
#include "views/replication_model.h"

using namespace plexus::monitor;
using namespace plexus::views;

namespace {

constexpr int kPartitions = 6;
const QString kTopic = QStringLiteral("failover.events");

QString cell(const QAbstractItemModel* m, int row, int column) {
    return m->data(m->index(row, column)).toString();
}

QString eventsText(const QListWidget* list) {
    QStringList lines;
    for (int i = 0; i < list->count(); ++i) lines.append(list->item(i)->text());
    return lines.join('\n');
}

QString screenshotDir() {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

/// The partitions of kTopic in the page's latest picture.
QList<ClusterPartitionStatus> topicPartitions(const ClusterStatus& s) {
    QList<ClusterPartitionStatus> out;
    for (const auto& p : s.partitions)
        if (p.topic == kTopic) out.append(p);
    return out;
}

/// What the page shows, for failure messages.
QString describe(NodesPage& page) {
    QString s = page.clusterSummary()->text() + "\n";
    const NodeModel* m = page.nodeModel();
    for (int r = 0; r < m->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m->columnCount(); ++c) cells.append(cell(m, r, c));
        s += cells.join(" | ") + "\n";
    }
    const UnderReplicatedModel* u = page.underReplicatedModel();
    for (int r = 0; r < u->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < u->columnCount(); ++c) cells.append(cell(u, r, c));
        s += "URP " + cells.join(" | ") + "\n";
    }
    return s + "events:\n" + eventsText(page.eventList());
}

}  // namespace

class TestNodesFailover : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(!plexus::test::plexusdPath(&error).isEmpty(), qPrintable(error));
    }

    void killAndRestartANodeFromThePage() {
        QTemporaryDir tmp;
        LocalSandbox::Options o;  // the default: three nodes
        o.program = QProcessEnvironment::systemEnvironment().value("PLEXUSD");
        o.baseDir = tmp.path() + "/sandbox";
        LocalSandbox sandbox(o);
        auto cleanup = qScopeGuard([&] { sandbox.stopAndWait(15000); });
        QCOMPARE(sandbox.nodeCount(), 3);

        NodesPage page;
        page.resize(1280, 860);
        page.setSandbox(&sandbox);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        NodeModel* nodes = page.nodeModel();
        UnderReplicatedModel* urp = page.underReplicatedModel();
        QAbstractItemModelTester nodeTester(nodes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester urpTester(urp, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(nodes->headerData(NodeModel::Role, Qt::Horizontal).toString(), QString("Role"));
        QCOMPARE(urp->columnCount(), int(UnderReplicatedModel::NB_COLUMNS));

        QElapsedTimer t;
        t.start();
        QTest::mouseClick(page.startAllButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(sandbox.isAllRunning(), qPrintable(describe(page)), 30000);
        // The cluster forms: one controller, every node reachable.
        auto controllerRow = [&] {
            for (int r = 0; r < nodes->rowCount(); ++r)
                if (cell(nodes, r, NodeModel::Role) == "Controller") return r;
            return -1;
        };
        auto allReachable = [&] {
            for (int r = 0; r < nodes->rowCount(); ++r)
                if (cell(nodes, r, NodeModel::Reachable) != "reachable") return false;
            return true;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(controllerRow() >= 0 && allReachable(), qPrintable(describe(page)), 20000);
        qInfo("cluster formed after %lld ms", qint64(t.elapsed()));
        QCOMPARE(cell(nodes, 0, NodeModel::Node), QString("1"));
        QVERIFY(cell(nodes, 0, NodeModel::Rpc).startsWith("127.0.0.1:"));
        QVERIFY(page.clusterSummary()->text().contains("Controller: node"));

        // A topic with three replicas, through the app's own client, at once:
        // while the cluster forms, Metadata names only controllers it lists,
        // so librdkafka's CreateTopics finds the controller on the first try.
        KafkaClient client(sandbox.bootstrapServers());
        QSignalSpy created(&client, &KafkaClient::topicCreated);
        QSignalSpy failed(&client, &KafkaClient::operationFailed);
        client.createTopic(kTopic, kPartitions, 3);
        QTRY_VERIFY2_WITH_TIMEOUT(created.size() + failed.size() > 0, qPrintable(describe(page)), 20000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));
        auto fullyReplicated = [&] {
            const auto parts = topicPartitions(page.clusterPoller()->status());
            if (parts.size() != kPartitions) return false;
            for (const auto& p : parts)
                if (p.replicas.size() != 3 || p.isr.size() != 3 || p.leader < 1) return false;
            return urp->rowCount() == 0;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(fullyReplicated(), qPrintable(describe(page)), 30000);
        // The Leads column adds up to the topic's partitions (plus any others).
        int led = 0;
        for (int r = 0; r < 3; ++r) led += nodes->data(nodes->index(r, NodeModel::Leads)).toInt();
        QVERIFY2(led >= kPartitions, qPrintable(describe(page)));
        QVERIFY(page.clusterSummary()->text().contains("every partition fully replicated"));

        // Kill the controller from the page.
        const int victimRow = controllerRow();
        const int victim = sandbox.node(victimRow)->nodeId();
        page.selectNode(victimRow);
        QTRY_VERIFY(page.killButton()->isEnabled());
        t.restart();
        QTest::mouseClick(page.killButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cell(nodes, victimRow, NodeModel::State), QString("stopped"), 10000);
        QVERIFY(!page.killButton()->isEnabled());
        QVERIFY(page.startButton()->isEnabled());

        auto failedOver = [&] {
            const ClusterStatus& s = page.clusterPoller()->status();
            if (cell(nodes, victimRow, NodeModel::Reachable) != "down") return false;
            const int c = controllerRow();
            if (c < 0 || c == victimRow) return false;
            const auto parts = topicPartitions(s);
            if (parts.size() != kPartitions) return false;
            for (const auto& p : parts) {
                const auto* leader = s.findNode(p.leader);
                if (!leader || !leader->reachable || p.leader == victim) return false;
            }
            // Every partition had a replica on the killed node.
            int listed = 0;
            for (int r = 0; r < urp->rowCount(); ++r) {
                if (urp->partitionAt(r).topic != kTopic) continue;
                if (!cell(urp, r, UnderReplicatedModel::Missing).contains(QString::number(victim))) return false;
                ++listed;
            }
            return listed == kPartitions && nodes->data(nodes->index(victimRow, NodeModel::Leads)).toInt() == 0;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(failedOver(), qPrintable(describe(page)), 30000);
        qInfo("failover shown %lld ms after Kill", qint64(t.elapsed()));
        const QString events = eventsText(page.eventList());
        QVERIFY2(events.contains("is now the controller"), qPrintable(events));
        QVERIFY2(page.clusterSummary()->text().contains("under-replicated"), qPrintable(page.clusterSummary()->text()));
        QCOMPARE(page.clusterPoller()->currentIntervalMs(), 1000);
        QVERIFY(page.grab().save(screenshotDir() + "/nodes-failover.png"));

        // Start it again: it catches up and nothing is under-replicated.
        t.restart();
        QTest::mouseClick(page.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cell(nodes, victimRow, NodeModel::State), QString("running"), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(allReachable() && fullyReplicated(), qPrintable(describe(page)), 60000);
        qInfo("fully replicated again %lld ms after Start", qint64(t.elapsed()));
        QVERIFY2(eventsText(page.eventList()).contains(QString("node %1 is reachable again").arg(victim)),
                 qPrintable(eventsText(page.eventList())));
        QVERIFY(page.grab().save(screenshotDir() + "/nodes-recovered.png"));

        // Lose the majority: with two nodes killed, the survivor knows no
        // controller and reports itself cut off; the page says so, and that
        // it rejoined once the others are back.
        const int survivorRow = (victimRow + 1) % 3;
        const int survivor = sandbox.node(survivorRow)->nodeId();
        t.restart();
        for (int r = 0; r < 3; ++r) {
            if (r == survivorRow) continue;
            page.selectNode(r);
            QTRY_VERIFY(page.killButton()->isEnabled());
            QTest::mouseClick(page.killButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(cell(nodes, r, NodeModel::State), QString("stopped"), 10000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(cell(nodes, survivorRow, NodeModel::Role), QString("Cut off"), 30000);
        qInfo("node %d shown cut off %lld ms after losing its peers", survivor, qint64(t.elapsed()));
        QVERIFY2(eventsText(page.eventList()).contains(QString("node %1 is cut off from the cluster's majority").arg(survivor)),
                 qPrintable(eventsText(page.eventList())));
        QCOMPARE(page.clusterPoller()->currentIntervalMs(), 1000);
        QVERIFY(page.grab().save(screenshotDir() + "/nodes-cut-off.png"));
        QTest::mouseClick(page.startAllButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(sandbox.isAllRunning(), qPrintable(describe(page)), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(cell(nodes, survivorRow, NodeModel::Role) != "Cut off" && controllerRow() >= 0,
                                  qPrintable(describe(page)), 30000);
        QVERIFY2(eventsText(page.eventList()).contains(QString("node %1 rejoined the cluster's majority").arg(survivor)),
                 qPrintable(eventsText(page.eventList())));
    }
};

QTEST_MAIN(TestNodesFailover)
#include "test_nodes_failover.moc"

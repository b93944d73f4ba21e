// Plexus Center end to end, offscreen, against a real local sandbox: the
// main window starts a plexusd through LocalSandbox, and the tests drive the
// pages like a user: create a topic through the dialog, produce through the
// produce dialog, find the message in the message view, search for it,
// export it, load the sample healthcare events, see a real consumer group
// with its lag, and check every model with QAbstractItemModelTester. The
// last case renders each page to a PNG in the build tree (screenshots/).
#include <librdkafka/rdkafka.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "app/application.h"
#include "app/connection.h"
#include "app/main_window.h"
#include "app/settings_dialog.h"
#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "monitor/local_sandbox.h"
#include "tests/support/group_consumer.h"
#include "tests/support/plexus_node.h"
#include "views/broker_model.h"
#include "views/config_model.h"
#include "views/consumers_page.h"
#include "views/create_topic_dialog.h"
#include "views/group_model.h"
#include "views/message_detail.h"
#include "views/message_model.h"
#include "views/messages_page.h"
#include "views/node_model.h"
#include "views/nodes_page.h"
#include "views/overview_page.h"
#include "views/partition_model.h"
#include "views/produce_dialog.h"
#include "views/topic_model.h"
#include "views/topics_page.h"

using namespace plexus;

namespace {

template <typename T>
T* waitForChild(QWidget* parent, int timeoutMs = 5000) {
    T* found = nullptr;
    QElapsedTimer t;
    t.start();
    while (!(found = parent->findChild<T*>()) && t.elapsed() < timeoutMs) QTest::qWait(20);
    return found;
}

}  // namespace

class TestCenter : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<app::MainWindow> m_window;
    QString m_screens;
    std::unique_ptr<test::GroupConsumer> m_consumer;

    monitor::ClusterMonitor* mon() const { return m_window->connection()->monitor(); }

    /// Waits until the cluster shows `topic` with at least `messages` records.
    bool waitForTopic(const QString& topic, qint64 messages, int timeoutMs = 20000) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            mon()->refreshNow();
            QTest::qWait(200);
            const auto* info = mon()->cluster().topic(topic);
            if (info && info->messageCount() >= messages) return true;
        }
        return false;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        app::initApplication(*qobject_cast<QApplication*>(QCoreApplication::instance()));
        // English plural forms ("1 match", "2 matches") come from plexus_en.qm.
        QCOMPARE(app::installTranslations(*qobject_cast<QApplication*>(QCoreApplication::instance()), QStringLiteral("en")),
                 QStringLiteral("en"));
        QVERIFY(m_dir.isValid());
        app::MainWindow::Options opt;
        QString error;
        opt.plexusd = test::plexusdPath(&error);
        QVERIFY2(!opt.plexusd.isEmpty(), qPrintable(error));
        opt.sandboxDir = m_dir.filePath(QStringLiteral("sandbox"));
        // One node: this test is about the pages, not replication (gui_nodes_page
        // covers the three-node default).
        opt.sandboxNodes = 1;
        m_window = std::make_unique<app::MainWindow>(opt);
        QSignalSpy ready(m_window.get(), &app::MainWindow::connectionReady);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(ready.wait(30000));
        QCOMPARE(m_window->connection()->kind(), app::Connection::Kind::Sandbox);
        QVERIFY(m_window->connection()->localSandbox()->isAllRunning());
        QTRY_VERIFY_WITH_TIMEOUT(mon()->hasCluster(), 15000);
        m_screens = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(m_screens);
    }

    void cleanupTestCase() {
        m_consumer.reset();
        if (m_window) m_window->close();  // stops the sandbox (keep-running is off)
        m_window.reset();
    }

    void overviewShowsTheSandboxNode() {
        m_window->showPage(app::MainWindow::Overview);
        auto* page = m_window->overviewPage();
        QVERIFY(page);
        QTRY_COMPARE_WITH_TIMEOUT(page->figure(QStringLiteral("nodes")), QStringLiteral("1"), 10000);
        QCOMPARE(page->figure(QStringLiteral("controller")), QString::number(mon()->cluster().brokers.first().id));
        // rates come from /metrics of the sandbox node
        QTRY_VERIFY_WITH_TIMEOUT(!mon()->rateHistory().isEmpty(), 15000);
        QVERIFY(page->figure(QStringLiteral("in")).endsWith(QStringLiteral("/s")));
    }

    void createTopicThroughTheDialog() {
        m_window->showPage(app::MainWindow::Topics);
        auto* page = m_window->topicsPage();
        page->openCreateDialog();
        auto* dlg = waitForChild<views::CreateTopicDialog>(page);
        QVERIFY(dlg);
        auto* name = dlg->findChild<QLineEdit*>(QStringLiteral("name"));
        auto* ok = dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        // validation: illegal characters and RF above the broker count keep OK disabled
        QTest::keyClicks(name, QStringLiteral("bad name!"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dlg->problem().contains(QStringLiteral("letters")));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("gui.orders"));
        dlg->findChild<QSpinBox*>(QStringLiteral("replication"))->setValue(3);  // clamped to the 1 broker
        QCOMPARE(dlg->replicationFactor(), 1);
        dlg->findChild<QSpinBox*>(QStringLiteral("partitions"))->setValue(2);
        QVERIFY2(ok->isEnabled(), qPrintable(dlg->problem()));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->topicModel()->rowOf(QStringLiteral("gui.orders")) >= 0, 15000);
        const auto* t = page->topicModel()->topicAt(page->topicModel()->rowOf(QStringLiteral("gui.orders")));
        QCOMPARE(t->partitions.size(), 2);
        QVERIFY(page->statusText().contains(QStringLiteral("gui.orders")));

        // a duplicate name is refused by the dialog itself
        page->openCreateDialog();
        auto* again = waitForChild<views::CreateTopicDialog>(page);
        QTest::keyClicks(again->findChild<QLineEdit*>(QStringLiteral("name")), QStringLiteral("gui.orders"));
        QVERIFY(again->problem().contains(QStringLiteral("exists")));
        again->reject();
    }

    void filterAndDeleteWithConfirmation() {
        auto* page = m_window->topicsPage();
        QSignalSpy created(m_window->connection()->client(), &monitor::KafkaClient::topicCreated);
        m_window->connection()->client()->createTopic(QStringLiteral("gui.doomed"), 1, 1);
        QVERIFY(created.wait(10000));
        mon()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(page->topicModel()->rowOf(QStringLiteral("gui.doomed")) >= 0, 10000);
        // the filter keeps only matching names
        auto* search = page->findChild<QLineEdit*>();
        QTest::keyClicks(search, QStringLiteral("DOOM"));
        QCOMPARE(page->filterModel()->rowCount(), 1);
        page->topicView()->selectRow(0);
        QCOMPARE(page->selectedTopic(), QStringLiteral("gui.doomed"));
        // Cancel keeps the topic
        page->deleteSelected();
        auto* box = waitForChild<QMessageBox>(page);
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("gui.doomed")));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTest::qWait(500);
        mon()->refreshNow();
        QTest::qWait(500);
        QVERIFY(page->topicModel()->rowOf(QStringLiteral("gui.doomed")) >= 0);
        // Yes deletes it
        page->topicView()->selectRow(0);
        page->deleteSelected();
        box = waitForChild<QMessageBox>(page);
        QVERIFY(box);
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->topicModel()->rowOf(QStringLiteral("gui.doomed")) < 0, 10000);
        QVERIFY(page->statusText().contains(QStringLiteral("Deleted")));
        search->clear();
        QVERIFY(page->filterModel()->rowCount() >= 1);
    }

    void aboutShowsTheVersionAndSettingsPersist() {
        m_window->about();
        auto* box = waitForChild<QMessageBox>(m_window.get());
        QVERIFY(box);
        QVERIFY2(box->text().contains(QCoreApplication::applicationVersion()), qPrintable(box->text()));
        QVERIFY(!QCoreApplication::applicationVersion().isEmpty());
        box->accept();
        QTest::qWait(50);
        // Settings: the dialog writes what the user chose
        m_window->openSettings();
        auto* dlg = waitForChild<app::SettingsDialog>(m_window.get());
        QVERIFY(dlg);
        dlg->languageBox()->setCurrentIndex(dlg->languageBox()->findData(QStringLiteral("de")));
        dlg->themeBox()->setCurrentIndex(dlg->themeBox()->findData(QStringLiteral("dark")));
        dlg->save();
        dlg->reject();
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("de"));
        QCOMPARE(QSettings().value(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
        QSettings().setValue(QStringLiteral("ui/language"), QString());
        QSettings().setValue(QStringLiteral("ui/theme"), QStringLiteral("system"));
        // Geometry and page are restored by the next window
        app::MainWindow::Options opt;
        opt.startSandbox = false;
        {
            app::MainWindow a(opt);
            a.show();
            a.resize(1111, 777);
            a.showPage(app::MainWindow::Consumers);
            QTest::qWait(50);
            a.close();
        }
        app::MainWindow b(opt);
        QCOMPARE(b.size(), QSize(1111, 777));
        QCOMPARE(b.currentPage(), app::MainWindow::Consumers);
    }

    void topicDetailShowsPartitionsAndEditsConfigs() {
        auto* page = m_window->topicsPage();
        page->selectTopic(QStringLiteral("gui.orders"));
        QCOMPARE(page->selectedTopic(), QStringLiteral("gui.orders"));
        QCOMPARE(page->partitionModel()->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(page->configModel()->rowCount() > 5, 10000);
        auto* cfg = page->configModel();
        int row = -1;
        for (int r = 0; r < cfg->rowCount(); ++r)
            if (cfg->index(r, views::ConfigModel::Name).data().toString() == QStringLiteral("retention.ms")) row = r;
        QVERIFY(row >= 0);
        QVERIFY(cfg->flags(cfg->index(row, views::ConfigModel::Value)) & Qt::ItemIsEditable);
        QVERIFY(cfg->setData(cfg->index(row, views::ConfigModel::Value), QStringLiteral("7200000")));
        QVERIFY(cfg->hasChanges());
        page->applyConfigs();
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QStringLiteral("Saved")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!cfg->hasChanges() && cfg->rowCount() > 0 &&
                                     cfg->index(row, views::ConfigModel::Value).data().toString() == QStringLiteral("7200000"),
                                 10000);
        QTRY_COMPARE_WITH_TIMEOUT(mon()->cluster().topic(QStringLiteral("gui.orders"))->retentionMs, qint64(7200000), 10000);
    }

    void produceThroughTheDialogAndFindTheMessage() {
        m_window->showPage(app::MainWindow::Messages);
        auto* page = m_window->messagesPage();
        page->setTopic(QStringLiteral("gui.orders"));
        page->openProduceDialog();
        auto* dlg = waitForChild<views::ProduceDialog>(page);
        QVERIFY(dlg);
        dlg->findChild<QComboBox*>(QStringLiteral("topic"))->setCurrentText(QStringLiteral("gui.orders"));
        QTest::keyClicks(dlg->findChild<QLineEdit*>(QStringLiteral("key")), QStringLiteral("MRN777001"));
        dlg->findChild<QPlainTextEdit*>(QStringLiteral("value"))
            ->setPlainText(QStringLiteral("{\"resourceType\":\"MedicationRequest\",\"id\":\"rx-gui-1\",\"status\":\"active\"}"));
        dlg->findChild<QPlainTextEdit*>(QStringLiteral("headers"))
            ->setPlainText(QStringLiteral("content-type=application/fhir+json\nsource=plexus-center-test"));
        dlg->findChild<QSpinBox*>(QStringLiteral("partition"))->setValue(1);
        auto* ok = dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QStringLiteral("partition 1, offset 0")), 15000);

        // find it in the message view
        page->setPartitionsText(QString());
        page->setStart({monitor::StartPosition::Kind::Earliest, 0});
        page->read();
        auto* model = page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1 && model->atEnd(), 15000);
        const auto* r = model->recordAt(0);
        QCOMPARE(r->key, QByteArray("MRN777001"));
        QCOMPARE(r->partition, 1);
        QCOMPARE(r->headers.size(), 2);
        QCOMPARE(model->index(0, views::MessageModel::Headers).data().toInt(), 2);
        page->view()->selectRow(0);
        QTRY_VERIFY(page->detail()->valueText().contains(QStringLiteral("\"resourceType\": \"MedicationRequest\"")));
        QCOMPARE(page->detail()->keyText(), QStringLiteral("MRN777001"));
        QCOMPARE(page->detail()->headerCount(), 2);
        page->detail()->setMode(views::MessageDetail::Mode::Hex);
        QVERIFY(page->detail()->valueText().startsWith(QStringLiteral("00000000  7b 22")));
        page->detail()->setMode(views::MessageDetail::Mode::Auto);
    }

    void searchFindsTheMessage() {
        auto* page = m_window->messagesPage();
        // a second record that must not match
        QSignalSpy produced(m_window->connection()->client(), &monitor::KafkaClient::produced);
        monitor::ProduceRequest other;
        other.topic = QStringLiteral("gui.orders");
        other.partition = 0;
        other.key = "MRN777002";
        other.keyNull = false;
        other.value = "{\"resourceType\":\"Patient\"}";
        m_window->connection()->client()->produce(other);
        QVERIFY(produced.wait(10000));
        page->setSearchText(QStringLiteral("rx-gui-1"));
        page->startSearch();
        QSignalSpy finished(page->search(), &monitor::MessageSearch::finished);
        QVERIFY(finished.wait(15000));
        const auto stats = finished.first().at(0).value<monitor::MessageSearch::Stats>();
        QCOMPARE(stats.recordsScanned, 2);
        QCOMPARE(stats.matches, 1);
        QTRY_COMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->recordAt(0)->key, QByteArray("MRN777001"));
        QVERIFY2(page->statusText().startsWith(QStringLiteral("Found 1 match in 2 messages")), qPrintable(page->statusText()));
        // a header value is found too
        page->setSearchText(QStringLiteral("plexus-center-test"));
        page->startSearch();
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.last().at(0).value<monitor::MessageSearch::Stats>().matches, 1);
    }

    void exportWritesJsonLinesAndCsv() {
        auto* page = m_window->messagesPage();
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->view()->selectRow(0);
        QString error;
        const QString jsonl = m_dir.filePath(QStringLiteral("export.jsonl"));
        QVERIFY2(page->exportTo(jsonl, &error), qPrintable(error));
        QFile f(jsonl);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 2);  // one record and the final newline
        const QJsonObject o = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(o.value(QStringLiteral("topic")).toString(), QStringLiteral("gui.orders"));
        QCOMPARE(o.value(QStringLiteral("key")).toString(), QStringLiteral("MRN777001"));
        QCOMPARE(o.value(QStringLiteral("partition")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("headers")).toObject().value(QStringLiteral("source")).toString(),
                 QStringLiteral("plexus-center-test"));
        QVERIFY(o.value(QStringLiteral("value")).toString().contains(QStringLiteral("rx-gui-1")));

        const QString csv = m_dir.filePath(QStringLiteral("export.csv"));
        QVERIFY2(page->exportTo(csv, &error), qPrintable(error));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QByteArray text = c.readAll();
        QVERIFY(text.startsWith("topic,partition,offset,timestamp,key,value,headers\r\n"));
        QVERIFY(text.contains("gui.orders,1,0,"));
        QVERIFY(text.contains("\"{\"\"resourceType\"\":\"\"MedicationRequest\"\""));  // RFC 4180 quoting
    }

    void loadSampleHealthcareEvents() {
        QSignalSpy loaded(m_window.get(), &app::MainWindow::sampleDataLoaded);
        m_window->loadSampleData();
        QVERIFY(loaded.wait(30000));
        const int n = loaded.first().at(0).toInt();
        QVERIFY2(n > 100, qPrintable(QString::number(n)));
        for (const QString& t : {QStringLiteral("adt.events"), QStringLiteral("lab.results"), QStringLiteral("pharmacy.orders")})
            QVERIFY2(waitForTopic(t, 1), qPrintable(t));
        QTRY_VERIFY_WITH_TIMEOUT(mon()->cluster().topic(QStringLiteral("adt.events"))->messageCount() +
                                         mon()->cluster().topic(QStringLiteral("lab.results"))->messageCount() +
                                         mon()->cluster().topic(QStringLiteral("pharmacy.orders"))->messageCount() ==
                                     n,
                                 10000);
        // topic sizes come from the node's /metrics
        QTRY_VERIFY_WITH_TIMEOUT(mon()->cluster().topic(QStringLiteral("lab.results"))->sizeBytes > 1000, 10000);
    }

    void consumersPageShowsARealGroupWithLag() {
        // A librdkafka group consumer reads lab.results and commits; it stays in
        // the group until cleanup, so the screenshot shows a member.
        m_consumer = std::make_unique<test::GroupConsumer>(m_window->connection()->bootstrap(), QStringLiteral("fhir-sink"),
                                                           QStringLiteral("fhir-sink-1"), QStringLiteral("lab.results"));
        QVERIFY2(m_consumer->ok(), qPrintable(m_consumer->error()));
        QCOMPARE(m_consumer->consume(20, 20000, [] { QCoreApplication::processEvents(); }), 20);
        QCOMPARE(m_consumer->commit(), RD_KAFKA_RESP_ERR_NO_ERROR);
        m_window->showPage(app::MainWindow::Consumers);
        auto* page = m_window->consumersPage();
        mon()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(page->groupModel()->rowOf(QStringLiteral("fhir-sink")) >= 0, 15000);
        page->selectGroup(QStringLiteral("fhir-sink"));
        QTRY_VERIFY_WITH_TIMEOUT(page->offsetModel()->rowCount() > 0, 10000);
        const auto* g = page->groupModel()->groupAt(page->groupModel()->rowOf(QStringLiteral("fhir-sink")));
        QCOMPARE(g->state, QStringLiteral("Stable"));
        QCOMPARE(page->memberRows(), 1);
        // Lag, as kafka-consumer-groups reports it: per committed partition,
        // its end offset minus the commit.
        const auto* topic = mon()->cluster().topic(QStringLiteral("lab.results"));
        QVERIFY(!g->offsets.isEmpty());
        qint64 committed = 0, expectedLag = 0;
        for (const auto& o : g->offsets) {
            QCOMPARE(o.topic, QStringLiteral("lab.results"));
            committed += o.committed;
            expectedLag += topic->partitions[o.partition].highWatermark - o.committed;
        }
        QCOMPARE(committed, 20);
        QCOMPARE(g->totalLag(), expectedLag);
        QVERIFY(g->totalLag() > 0);
    }

    void everyModelPassesTheModelTester() {
        using Mode = QAbstractItemModelTester::FailureReportingMode;
        auto* topics = m_window->topicsPage();
        QAbstractItemModelTester t1(topics->topicModel(), Mode::QtTest);
        QAbstractItemModelTester t2(topics->filterModel(), Mode::QtTest);
        QAbstractItemModelTester t3(topics->partitionModel(), Mode::QtTest);
        QAbstractItemModelTester t4(topics->configModel(), Mode::QtTest);
        auto* msgs = m_window->messagesPage();
        QAbstractItemModelTester t5(msgs->model(), Mode::QtTest);
        auto* cons = m_window->consumersPage();
        QAbstractItemModelTester t6(cons->groupModel(), Mode::QtTest);
        QAbstractItemModelTester t7(cons->offsetModel(), Mode::QtTest);
        QAbstractItemModelTester t8(m_window->nodesPage()->nodeModel(), Mode::QtTest);
        // Drive changes under the testers: refreshes, a new selection, a lazy read in small pages.
        mon()->refreshNow();
        topics->selectTopic(QStringLiteral("lab.results"));
        QTRY_VERIFY_WITH_TIMEOUT(topics->configModel()->rowCount() > 0, 10000);
        msgs->model()->setPageSize(7);
        msgs->setTopic(QStringLiteral("adt.events"));
        msgs->setStart({monitor::StartPosition::Kind::Earliest, 0});
        msgs->read();
        QTRY_VERIFY_WITH_TIMEOUT(msgs->model()->rowCount() >= 7, 10000);
        // The view fetches too when it wants rows; both paths must add up.
        QElapsedTimer t;
        t.start();
        while (!msgs->model()->atEnd() && t.elapsed() < 30000) {
            if (msgs->model()->canFetchMore({})) msgs->model()->fetchMore({});
            QTest::qWait(5);
        }
        QVERIFY(msgs->model()->atEnd());
        QCOMPARE(msgs->model()->rowCount(), mon()->cluster().topic(QStringLiteral("adt.events"))->messageCount());
        QTest::qWait(2500);  // one more monitor round under the testers
    }

    void screenshots() {
        // Messages with sample data, JSON in the detail pane.
        auto* msgs = m_window->messagesPage();
        msgs->model()->setPageSize(200);
        msgs->setTopic(QStringLiteral("lab.results"));
        msgs->setSearchText(QString());
        msgs->read();
        QTRY_VERIFY_WITH_TIMEOUT(msgs->model()->rowCount() > 10, 10000);
        for (int r = 0; r < msgs->model()->rowCount(); ++r) {
            if (msgs->model()->recordAt(r)->value.startsWith('{')) {
                msgs->view()->selectRow(r);
                break;
            }
        }
        m_window->topicsPage()->selectTopic(QStringLiteral("lab.results"));
        m_window->consumersPage()->selectGroup(QStringLiteral("fhir-sink"));
        for (int i = 0; i < 25; ++i) {  // rates and lag history gain points; the consumer keeps its membership
            if (m_consumer) m_consumer->pollOnce();
            QTest::qWait(100);
        }
        const struct {
            app::MainWindow::Page page;
            const char* file;
        } shots[] = {{app::MainWindow::Overview, "overview.png"},
                     {app::MainWindow::Topics, "topics.png"},
                     {app::MainWindow::Messages, "messages.png"},
                     {app::MainWindow::Consumers, "consumers.png"},
                     {app::MainWindow::Nodes, "nodes.png"}};
        for (const auto& s : shots) {
            m_window->showPage(s.page);
            QTest::qWait(300);
            const QImage img = m_window->grab().toImage();
            QVERIFY(!img.isNull());
            const QString path = m_screens + u'/' + QString::fromLatin1(s.file);
            QVERIFY2(img.save(path), qPrintable(path));
            QVERIFY(QFileInfo(path).size() > 10000);
        }
        qInfo("screenshots in %s", qPrintable(m_screens));
    }

    void aPlainKafkaConnectionSaysWhatNeedsPlexusEndpoints() {
        // The same node, reached as "any Kafka cluster": bootstrap servers only.
        app::MainWindow::Options opt;
        opt.startSandbox = false;
        opt.bootstrap = m_window->connection()->bootstrap();
        app::MainWindow remote(opt);
        QSignalSpy ready(&remote, &app::MainWindow::connectionReady);
        remote.show();
        QVERIFY(ready.wait(15000));
        QCOMPARE(remote.connection()->kind(), app::Connection::Kind::Kafka);
        QVERIFY(!remote.connection()->monitor()->hasPlexusEndpoints());
        QTRY_VERIFY_WITH_TIMEOUT(remote.topicsPage()->topicModel()->rowOf(QStringLiteral("lab.results")) >= 0, 15000);
        auto* tm = remote.topicsPage()->topicModel();
        const int row = tm->rowOf(QStringLiteral("lab.results"));
        QCOMPARE(tm->index(row, views::TopicModel::Size).data().toString(), QStringLiteral("—"));
        QVERIFY(tm->index(row, views::TopicModel::Size).data(Qt::ToolTipRole).toString().contains(QStringLiteral("/metrics")));
        QVERIFY(remote.overviewPage()->noteText().contains(QStringLiteral("/metrics")));
        QTRY_VERIFY_WITH_TIMEOUT(remote.nodesPage()->isRemote() && remote.nodesPage()->brokerModel()->rowCount() == 1, 10000);
        QVERIFY(!remote.nodesPage()->startButton()->isVisible());
        remote.close();
    }

    void quittingStopsTheSandbox() {
        auto* sandbox = m_window->connection()->localSandbox();
        const qint64 pid = sandbox->node(0)->pid();
        QVERIFY(pid > 0);
        QVERIFY(QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)));
        QElapsedTimer t;
        t.start();
        m_window->close();
        // SIGTERM and a clean exit, well inside the 10 s bound.
        auto gone = [pid] {  // no such process, or a zombie nobody reaped yet
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly)) return true;
            const QByteArray line = stat.readAll();
            const auto close = line.lastIndexOf(')');
            return close < 0 || line.mid(close + 2, 1) == "Z";
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 10000);
        qInfo("sandbox stopped %lld ms after the window closed", t.elapsed());
    }

    void germanTranslationIsEmbeddedAndComplete() {
        QTranslator de;
        QVERIFY2(de.load(QLocale(QLocale::German), QStringLiteral("plexus"), QStringLiteral("_"), QStringLiteral(":/i18n")),
                 "plexus_de.qm is not embedded under :/i18n");
        QCOMPARE(de.translate("plexus::views::TopicModel", "Partitions"), QStringLiteral("Partitionen"));
        QCOMPARE(de.translate("plexus::app::MainWindow", "Load &sample healthcare events"),
                 QStringLiteral("&Beispiel-Gesundheitsereignisse laden"));
        QVERIFY(!de.translate("plexus::views::MessagesPage", "Search keys, values and headers").isEmpty());
        QCOMPARE(de.translate("plexus::views::MessagesPage", "Found %Ln match(es) in %1 messages (%2) at %3.", nullptr, 2),
                 QStringLiteral("%Ln Treffer in %1 Nachrichten (%2) mit %3 gefunden."));
        // Complete: no message of the German catalogue is left unfinished.
        const QString ts = QFINDTESTDATA("../translations/plexus_de.ts");
        QVERIFY2(!ts.isEmpty(), "translations/plexus_de.ts not found next to tests/");
        QFile f(ts);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray xml = f.readAll();
        QVERIFY(xml.count("<message") > 250);
        QCOMPARE(xml.count("type=\"unfinished\""), 0);
    }
};

QTEST_MAIN(TestCenter)
#include "test_center.moc"

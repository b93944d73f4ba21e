// The Schemas page, offscreen, against a real plexusd's Schema Registry.
// Drives it like a user: types a schema into the editor and watches the live
// parse error appear and go away, registers through the editor, checks
// compatibility (incompatible, then compatible), changes the subject's level
// with the combo box and reads it back over REST, compares two versions in
// the Diff tab, filters the subjects, and deletes versions and subjects soft
// and hard through the confirmation box. The models run under
// QAbstractItemModelTester the whole time. Then the main window: the page
// sits after Consumers (Ctrl+5), takes the registry from the sandbox's node,
// and from the URL saved with a Kafka cluster in the Add Kafka cluster
// dialog; without one it says so. Screenshots of the schema view, the diff
// and the editor with an error go to the build tree's screenshots/.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <optional>

#include "app/application.h"
#include "app/connection.h"
#include "app/main_window.h"
#include "monitor/local_sandbox.h"
#include "monitor/registry_client.h"
#include "tests/support/plexus_node.h"
#include "views/schema_highlighter.h"
#include "views/schemas_page.h"
#include "views/subject_model.h"

using namespace plexus;
using monitor::RegistryClient;
using monitor::RegistryResult;
using views::SchemasPage;

namespace {

const QString kSubject = QStringLiteral("adt.events-value");
// v1: what the editor registers.
const QString kPatientV1 = QStringLiteral(
    "{\"type\": \"record\", \"name\": \"Patient\", \"namespace\": \"org.plexus.adt\", \"doc\": \"An admitted patient\", "
    "\"fields\": [{\"name\": \"mrn\", \"type\": \"string\"}, {\"name\": \"family\", \"type\": \"string\"}, "
    "{\"name\": \"admitted\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}}]}");
// Incompatible with v1 under BACKWARD: a new field without a default.
const QString kPatientBed = QStringLiteral(
    "{\"type\": \"record\", \"name\": \"Patient\", \"namespace\": \"org.plexus.adt\", \"doc\": \"An admitted patient\", "
    "\"fields\": [{\"name\": \"mrn\", \"type\": \"string\"}, {\"name\": \"family\", \"type\": \"string\"}, "
    "{\"name\": \"admitted\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}}, "
    "{\"name\": \"bed\", \"type\": \"int\"}]}");
// Compatible: the new fields have defaults; "family" gets a doc (a changed line).
const QString kPatientV2 = QStringLiteral(
    "{\"type\": \"record\", \"name\": \"Patient\", \"namespace\": \"org.plexus.adt\", \"doc\": \"An admitted patient\", "
    "\"fields\": [{\"name\": \"mrn\", \"type\": \"string\"}, {\"name\": \"family\", \"type\": \"string\", \"doc\": \"surname\"}, "
    "{\"name\": \"admitted\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}}, "
    "{\"name\": \"ward\", \"type\": [\"null\", \"string\"], \"default\": null}, "
    "{\"name\": \"bed\", \"type\": \"int\", \"default\": 0}]}");

template <typename T>
T* waitForChild(QObject* parent, const QString& name = {}, int timeoutMs = 5000) {
    T* found = nullptr;
    QElapsedTimer t;
    t.start();
    while (!(found = parent->findChild<T*>(name)) && t.elapsed() < timeoutMs) QTest::qWait(20);
    return found;
}

template <class T>
std::optional<RegistryResult<T>> await(const std::function<void(RegistryClient::Done<T>)>& call, int timeoutMs = 15000) {
    std::optional<RegistryResult<T>> got;
    call([&](const RegistryResult<T>& r) { got = r; });
    QElapsedTimer t;
    t.start();
    while (!got && t.elapsed() < timeoutMs) QTest::qWait(5);
    return got;
}

}  // namespace

class TestSchemasPage : public QObject {
    Q_OBJECT
    std::unique_ptr<test::PlexusNode> m_node;
    std::unique_ptr<RegistryClient> m_client;  ///< the page's (in the app: the connection's)
    std::unique_ptr<SchemasPage> m_page;
    std::unique_ptr<RegistryClient> m_rest;  ///< reads back what the page did
    std::unique_ptr<QAbstractItemModelTester> m_t1, m_t2, m_t3;
    QString m_screens;
    QTemporaryDir m_dir;

    QStringList subjectsOverRest(bool deleted) {
        auto r = await<QStringList>([&](auto done) { m_rest->listSubjects(deleted, this, done); });
        return r && r->ok() ? r->value : QStringList{QStringLiteral("<failed>")};
    }
    QList<int> versionsOverRest(const QString& subject, bool deleted) {
        auto r = await<QList<int>>([&](auto done) { m_rest->listVersions(subject, deleted, this, done); });
        if (!r) return {-2};
        return r->ok() ? r->value : QList<int>{-r->error.errorCode};
    }
    /// The subject's own level over REST, or "-<error code>".
    QString levelOverRest(const QString& subject) {
        auto r = await<QString>([&](auto done) { m_rest->getConfig(subject, false, this, done); });
        if (!r) return QStringLiteral("no answer");
        return r->ok() ? r->value : QStringLiteral("-%1").arg(r->error.errorCode);
    }
    void save(QWidget* w, const char* file) {
        QTest::qWait(100);  // let pending layout requests (wrapped labels) settle
        const QImage img = w->grab().toImage();
        QVERIFY(!img.isNull());
        const QString path = m_screens + u'/' + QString::fromLatin1(file);
        QVERIFY2(img.save(path), qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 5000);
        qInfo("screenshot %s", qPrintable(path));
    }
    /// Opens the confirmation the page asks, checks its text and answers it.
    void answerConfirmation(const QStringList& mustName, QMessageBox::StandardButton answer) {
        auto* box = waitForChild<QMessageBox>(m_page.get(), QStringLiteral("confirmDelete"));
        QVERIFY(box);
        for (const QString& s : mustName) QVERIFY2(box->text().contains(s), qPrintable(box->text()));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        QTest::mouseClick(box->button(answer), Qt::LeftButton);
        QTRY_VERIFY(!m_page->findChild<QMessageBox*>(QStringLiteral("confirmDelete")));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        app::initApplication(*qobject_cast<QApplication*>(QCoreApplication::instance()));
        m_node = std::make_unique<test::PlexusNode>();
        QString error;
        QVERIFY2(m_node->start(&error), qPrintable(error));
        QVERIFY2(!m_node->registryAddr().isEmpty(), "the node printed no registry line");
        m_rest = std::make_unique<RegistryClient>();
        m_rest->setBaseUrl(m_node->registryAddr());
        QTRY_COMPARE_WITH_TIMEOUT(subjectsOverRest(false), QStringList(), 15000);

        m_page = std::make_unique<SchemasPage>();
        m_page->resize(1280, 760);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        using Mode = QAbstractItemModelTester::FailureReportingMode;
        m_t1 = std::make_unique<QAbstractItemModelTester>(m_page->subjectModel(), Mode::QtTest);
        m_t2 = std::make_unique<QAbstractItemModelTester>(m_page->filterModel(), Mode::QtTest);
        m_t3 = std::make_unique<QAbstractItemModelTester>(m_page->versionModel(), Mode::QtTest);
        m_screens = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(m_screens);
    }

    void cleanupTestCase() {
        m_t1.reset();
        m_t2.reset();
        m_t3.reset();
        m_page.reset();
        m_client.reset();
        m_node.reset();
    }

    void withoutARegistryThePageSaysSo() {
        QVERIFY(!m_page->hasRegistry());
        QVERIFY2(m_page->noteText().contains(QStringLiteral("No Schema Registry")), qPrintable(m_page->noteText()));
        QVERIFY(!m_page->registerButton()->isEnabled());
        QSignalSpy loaded(m_page.get(), &SchemasPage::subjectsLoaded);
        m_client = std::make_unique<RegistryClient>();
        m_client->setBaseUrl(m_node->registryAddr());
        m_page->setSchemaRegistry(m_client.get());
        QVERIFY(loaded.wait(15000));
        QVERIFY(m_page->noteText().isEmpty());
        QCOMPARE(m_page->subjectModel()->rowCount(), 0);
        QVERIFY2(m_page->statusText().startsWith(QStringLiteral("0 subject")), qPrintable(m_page->statusText()));
    }

    void editorShowsParseErrorsAsYouType() {
        m_page->newSchema();
        QCOMPARE(m_page->tabs()->currentIndex(), int(SchemasPage::EditorTab));
        QTest::keyClicks(m_page->editorSubject(), kSubject);
        m_page->editorType()->setCurrentText(QStringLiteral("AVRO"));
        QSignalSpy parsed(m_page.get(), &SchemasPage::parseChecked);
        m_page->editor()->setFocus();
        // A record without fields: typed key by key, the check waits for a pause.
        QTest::keyClicks(m_page->editor(), QStringLiteral("{\"type\": \"record\", \"name\": \"Patient\"}"));
        QCOMPARE(parsed.count(), 0);  // debounced: nothing parsed while typing
        QVERIFY(parsed.wait(2000));
        QVERIFY(!m_page->parseError().isEmpty());
        QVERIFY(!m_page->parseClean());
        QVERIFY(!m_page->registerButton()->isEnabled());
        QVERIFY(!m_page->checkButton()->isEnabled());
        const auto labels = m_page->editor()->parentWidget()->findChildren<QLabel*>();
        bool shown = false;
        for (auto* l : labels) shown = shown || (l->isVisible() && l->text().contains(m_page->parseError()));
        QVERIFY2(shown, qPrintable(m_page->parseError()));
        const QString firstError = m_page->parseError();

        // Broken JSON across lines: the error names its line and the line is marked.
        m_page->editor()->setPlainText(QStringLiteral("{\n  \"type\": \"record\",\n  \"name\" \"Patient\"\n}"));
        QVERIFY(parsed.wait(2000));
        QVERIFY(!m_page->parseError().isEmpty());
        QVERIFY(m_page->parseError() != firstError);
        QVERIFY2(m_page->parseError().contains(QStringLiteral("line 3"), Qt::CaseInsensitive), qPrintable(m_page->parseError()));
        QCOMPARE(m_page->parseErrorLine(), 3);
        QCOMPARE(m_page->editor()->extraSelections().size(), 1);
        QCOMPARE(m_page->editor()->extraSelections().first().cursor.blockNumber(), 2);
        save(m_page.get(), "schemas-editor-error.png");

        // A .proto error ("line:column: ...") marks its line too.
        m_page->editorType()->setCurrentText(QStringLiteral("PROTOBUF"));
        m_page->editor()->setPlainText(QStringLiteral("syntax = \"proto3\";\nmessage Order {\n  strin mrn = 1;\n}\n"));
        QVERIFY(parsed.wait(2000));
        QVERIFY2(m_page->parseError().startsWith(QStringLiteral("3:")), qPrintable(m_page->parseError()));
        QCOMPARE(m_page->parseErrorLine(), 3);
        QCOMPARE(m_page->editor()->extraSelections().size(), 1);
        m_page->editorType()->setCurrentText(QStringLiteral("AVRO"));

        // Fixed by typing: select all, type the good schema; the error goes away.
        m_page->editor()->selectAll();
        QTest::keyClicks(m_page->editor(), kPatientV1);
        QVERIFY(parsed.wait(2000));
        QVERIFY2(m_page->parseError().isEmpty(), qPrintable(m_page->parseError()));
        QVERIFY(m_page->parseClean());
        QCOMPARE(m_page->parseErrorLine(), 0);
        QVERIFY(m_page->editor()->extraSelections().isEmpty());
        QVERIFY(m_page->registerButton()->isEnabled());
        QVERIFY(m_page->checkButton()->isEnabled());
        // Another type re-parses the same text at once.
        m_page->editorType()->setCurrentText(QStringLiteral("JSON"));
        QVERIFY(parsed.wait(2000));
        m_page->editorType()->setCurrentText(QStringLiteral("AVRO"));
        QVERIFY(parsed.wait(2000));
        QVERIFY(m_page->parseClean());
    }

    void highlightingFollowsTheType() {
        // JSON: keys and string values get different formats.
        m_page->editor()->setPlainText(QStringLiteral("{\"type\": \"record\"}"));
        m_page->parseNow();
        QTest::qWait(50);
        const QTextBlock block = m_page->editor()->document()->firstBlock();
        const auto formats = block.layout()->formats();
        QVERIFY2(formats.size() >= 3, qPrintable(QString::number(formats.size())));  // key, ':', string, braces
        QTextCharFormat key, value;
        for (const auto& f : formats) {
            if (f.start == 1) key = f.format;
            if (f.start == 9) value = f.format;
        }
        QVERIFY(key.foreground() != value.foreground());
        QCOMPARE(key.fontWeight(), int(QFont::Bold));
        QVERIFY(m_page->editor()->document()->findChild<views::JsonHighlighter*>());
        // PROTOBUF: another highlighter; keywords, comments across lines.
        QSignalSpy parsed(m_page.get(), &SchemasPage::parseChecked);
        m_page->editorType()->setCurrentText(QStringLiteral("PROTOBUF"));
        QVERIFY(m_page->editor()->document()->findChild<views::ProtoHighlighter*>());
        QVERIFY(!m_page->editor()->document()->findChild<views::JsonHighlighter*>());
        m_page->editor()->setPlainText(QStringLiteral(
            "syntax = \"proto3\";\npackage plexus.adt;\n/* an admitted\n   patient */\nmessage Patient {\n  string mrn = 1; // medical record number\n}\n"));
        QVERIFY(parsed.wait(2000));
        QVERIFY2(m_page->parseClean(), qPrintable(m_page->parseError()));
        QTest::qWait(50);
        const QTextBlock commentEnd = m_page->editor()->document()->findBlockByNumber(3);  // "   patient */"
        const auto cf = commentEnd.layout()->formats();
        QVERIFY(!cf.isEmpty());
        QVERIFY(cf.first().format.fontItalic());  // still inside the comment opened a line before
        QCOMPARE(cf.first().start, 0);
        const auto mf = m_page->editor()->document()->findBlockByNumber(4).layout()->formats();  // "message Patient {"
        QVERIFY(!mf.isEmpty() && mf.first().start == 0 && mf.first().length == 7 && !mf.first().format.fontItalic());
        // Back to the registered subject's schema for the next case.
        m_page->editorType()->setCurrentText(QStringLiteral("AVRO"));
        m_page->editor()->setPlainText(kPatientV1);
        QVERIFY(parsed.wait(2000));
        QVERIFY(m_page->parseClean());
    }

    void registerFromTheEditor() {
        // A subject with no versions yet: any schema is compatible.
        QSignalSpy checked(m_page.get(), &SchemasPage::compatibilityChecked);
        QTest::mouseClick(m_page->checkButton(), Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(0).toBool(), true);
        QVERIFY2(m_page->verdictText().contains(QStringLiteral("no versions yet")), qPrintable(m_page->verdictText()));

        QSignalSpy registered(m_page.get(), &SchemasPage::schemaRegistered);
        QSignalSpy shown(m_page.get(), &SchemasPage::schemaShown);
        QTest::mouseClick(m_page->registerButton(), Qt::LeftButton);
        QVERIFY(registered.wait(10000));
        QCOMPARE(registered.first().at(0).toString(), kSubject);
        const int id = registered.first().at(1).toInt();
        QVERIFY(id > 0);
        QCOMPARE(registered.first().at(2).toInt(), 1);
        QVERIFY2(m_page->verdictText().contains(QStringLiteral("version 1")), qPrintable(m_page->verdictText()));
        QVERIFY(m_page->verdictText().contains(QStringLiteral("id %1").arg(id)));
        // The lists refresh and select the new version.
        QTRY_VERIFY_WITH_TIMEOUT(m_page->selectedSubject() == kSubject && m_page->selectedVersion() == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
        QCOMPARE(subjectsOverRest(false), QStringList{kSubject});
        // The schema view: pretty JSON and the header.
        const QString text = m_page->schemaText()->toPlainText();
        // Indented, in the author's key order, short scalar arrays on one line.
        QVERIFY2(text.startsWith(QStringLiteral("{\n  \"type\": \"record\",\n  \"name\": \"Patient\",")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("\n  \"fields\": [\n    {\n      \"name\": \"mrn\",")));
        QVERIFY(text.count(u'\n') > 10);
        const QString header = m_page->schemaHeaderText();
        QVERIFY2(header.contains(kSubject) && header.contains(QStringLiteral("version 1")) &&
                     header.contains(QStringLiteral("id %1").arg(id)) && header.contains(QStringLiteral("AVRO")),
                 qPrintable(header));
        QVERIFY(header.contains(QStringLiteral("References: none")));
    }

    void checkCompatibilityThenRegisterVersionTwo() {
        m_page->editShownSchema();
        QCOMPARE(m_page->tabs()->currentIndex(), int(SchemasPage::EditorTab));
        QCOMPARE(m_page->editorSubject()->text(), kSubject);
        QVERIFY(m_page->editor()->toPlainText().contains(QStringLiteral("\"mrn\"")));
        QSignalSpy checked(m_page.get(), &SchemasPage::compatibilityChecked);
        QSignalSpy failed(m_page.get(), &SchemasPage::failed);

        m_page->editor()->setPlainText(kPatientBed);
        m_page->parseNow();
        QVERIFY(m_page->parseClean());
        QTest::mouseClick(m_page->checkButton(), Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(0).toBool(), false);
        QVERIFY(!checked.last().at(1).toStringList().isEmpty());
        QVERIFY2(m_page->verdictText().startsWith(QStringLiteral("Not compatible")), qPrintable(m_page->verdictText()));
        QVERIFY(m_page->verdictText().contains(QStringLiteral("bed")));
        // Registering it anyway: the registry refuses with Confluent's 409.
        QTest::mouseClick(m_page->registerButton(), Qt::LeftButton);
        QVERIFY(failed.wait(10000));
        QVERIFY2(m_page->verdictText().contains(QStringLiteral("409")), qPrintable(m_page->verdictText()));
        QCOMPARE(versionsOverRest(kSubject, false), QList<int>{1});

        m_page->editor()->setPlainText(kPatientV2);
        m_page->parseNow();
        QTest::mouseClick(m_page->checkButton(), Qt::LeftButton);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().at(0).toBool(), true);
        QVERIFY2(m_page->verdictText().startsWith(QStringLiteral("Compatible")), qPrintable(m_page->verdictText()));
        QSignalSpy registered(m_page.get(), &SchemasPage::schemaRegistered);
        QTest::mouseClick(m_page->registerButton(), Qt::LeftButton);
        QVERIFY(registered.wait(10000));
        QCOMPARE(registered.first().at(2).toInt(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->selectedVersion() == 2 && m_page->versionModel()->rowCount() == 2, 10000);
        QCOMPARE(versionsOverRest(kSubject, false), (QList<int>{1, 2}));
        m_page->tabs()->setCurrentIndex(SchemasPage::SchemaTab);
        QTRY_VERIFY(m_page->schemaHeaderText().contains(QStringLiteral("version 2")));
        save(m_page.get(), "schemas.png");
    }

    void levelChangesRoundTripOverRest() {
        m_page->tabs()->setCurrentIndex(SchemasPage::SchemaTab);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->levelInForce() == QStringLiteral("BACKWARD"), 10000);
        QVERIFY(!m_page->levelIsOwn());
        auto* combo = m_page->levelBox();
        QCOMPARE(combo->currentIndex(), 0);
        QVERIFY2(combo->currentText().contains(QStringLiteral("global default: BACKWARD")), qPrintable(combo->currentText()));
        QCOMPARE(levelOverRest(kSubject), QStringLiteral("-40408"));

        // The user picks the last level with the keyboard: FULL_TRANSITIVE.
        QSignalSpy levels(m_page.get(), &SchemasPage::levelShown);
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_End);
        QVERIFY(levels.wait(10000));
        QCOMPARE(levels.last().at(1).toString(), QStringLiteral("FULL_TRANSITIVE"));
        QCOMPARE(levels.last().at(2).toBool(), true);
        QCOMPARE(combo->currentText(), QStringLiteral("FULL_TRANSITIVE"));
        QCOMPARE(levelOverRest(kSubject), QStringLiteral("FULL_TRANSITIVE"));
        QVERIFY(m_page->statusText().contains(QStringLiteral("FULL_TRANSITIVE")));

        // Set elsewhere: a refresh shows it.
        auto put = await<QString>([&](auto done) { m_rest->setConfig(kSubject, QStringLiteral("FORWARD"), this, done); });
        QVERIFY(put && put->ok());
        m_page->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(m_page->levelInForce() == QStringLiteral("FORWARD") && combo->currentText() == QStringLiteral("FORWARD"),
                                 10000);

        // "(global default)" removes the subject's own level.
        QTest::keyClick(combo, Qt::Key_Home);
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->levelIsOwn() && m_page->levelInForce() == QStringLiteral("BACKWARD"), 10000);
        QCOMPARE(combo->currentIndex(), 0);
        QCOMPARE(levelOverRest(kSubject), QStringLiteral("-40408"));
    }

    void diffOfTwoVersions() {
        m_page->tabs()->setCurrentIndex(SchemasPage::DiffTab);
        QSignalSpy diffed(m_page.get(), &SchemasPage::diffUpdated);
        // Defaults: the version before the newest against the newest.
        auto* older = m_page->diffOldBox();
        auto* newer = m_page->diffNewBox();
        QCOMPARE(older->count(), 2);
        QCOMPARE(older->currentData().toInt(), 1);
        QCOMPARE(newer->currentData().toInt(), 2);
        m_page->updateDiff();
        QVERIFY(diffed.wait(10000));
        const auto rows = m_page->diffRows();
        const auto st = views::diffStats(rows);
        QVERIFY2(st.added >= 2, qPrintable(m_page->diffSummary()));  // ward and bed
        QVERIFY(st.same > 5);
        QCOMPARE(st.removed + st.changed + st.same, int(SchemasPage::prettySchema(QStringLiteral("AVRO"), kPatientV1).count(u'\n') + 1));
        QVERIFY2(m_page->diffSummary().startsWith(QStringLiteral("Version 1 → 2:")), qPrintable(m_page->diffSummary()));
        // Both panes have one line per row, with line numbers; changed rows are marked.
        QCOMPARE(m_page->diffOldText()->document()->blockCount(), rows.size());
        QCOMPARE(m_page->diffNewText()->document()->blockCount(), rows.size());
        QVERIFY(m_page->diffOldText()->toPlainText().startsWith(QStringLiteral(" 1 │ {")));
        QVERIFY(m_page->diffNewText()->toPlainText().contains(QStringLiteral("\"ward\"")));
        QVERIFY(!m_page->diffOldText()->toPlainText().contains(QStringLiteral("\"ward\"")));
        QCOMPARE(m_page->diffNewText()->extraSelections().size(), st.added + st.changed + st.removed);
        // Scrolling one pane scrolls the other.
        QScrollBar* a = m_page->diffOldText()->verticalScrollBar();
        QScrollBar* b = m_page->diffNewText()->verticalScrollBar();
        if (a->maximum() > 0) {
            a->setValue(a->maximum());
            QCOMPARE(b->value(), a->maximum());
            b->setValue(0);
            QCOMPARE(a->value(), 0);
        }
        save(m_page.get(), "schemas-diff.png");
        // The same version on both sides.
        older->setCurrentIndex(newer->currentIndex());
        QVERIFY(diffed.wait(10000));
        QCOMPARE(views::diffStats(m_page->diffRows()).same, m_page->diffRows().size());
        QCOMPARE(m_page->diffNewText()->extraSelections().size(), 0);
    }

    void searchFilterKeepsMatchingSubjects() {
        const auto r = await<monitor::RegistrySchema>([&](auto done) {
            m_rest->registerSchema(QStringLiteral("lab.results-value"), QStringLiteral("JSON"),
                                   QStringLiteral("{\"type\":\"object\",\"properties\":{\"loinc\":{\"type\":\"string\"}}}"), {},
                                   this, done);
        });
        QVERIFY(r && r->ok());
        QSignalSpy loaded(m_page.get(), &SchemasPage::subjectsLoaded);
        m_page->refresh();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(m_page->filterModel()->rowCount(), 2);
        QCOMPARE(m_page->selectedSubject(), kSubject);  // the selection survives a refresh
        QTest::keyClicks(m_page->searchEdit(), QStringLiteral("LAB"));
        QCOMPARE(m_page->filterModel()->rowCount(), 1);
        QCOMPARE(m_page->filterModel()->index(0, 0).data(views::NameRole).toString(), QStringLiteral("lab.results-value"));
        m_page->searchEdit()->clear();
        QCOMPARE(m_page->filterModel()->rowCount(), 2);
        // A JSON schema is shown as JSON with its type.
        QSignalSpy shown(m_page.get(), &SchemasPage::schemaShown);
        m_page->selectSubject(QStringLiteral("lab.results-value"));
        QVERIFY(shown.wait(10000));
        QVERIFY(m_page->schemaHeaderText().contains(QStringLiteral("JSON")));
        QVERIFY(m_page->schemaText()->toPlainText().contains(QStringLiteral("\n  \"properties\": {")));
    }

    void deleteVersionsSoftThenHard() {
        QSignalSpy deleted(m_page.get(), &SchemasPage::deleted);
        m_page->selectSubject(kSubject);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->versionModel()->subject() == kSubject && m_page->selectedVersion() == 2, 10000);
        // Cancel keeps it.
        m_page->deleteSelectedVersion(false);
        answerConfirmation({QStringLiteral("version 2"), kSubject}, QMessageBox::Cancel);
        QTest::qWait(300);
        QCOMPARE(deleted.count(), 0);
        QCOMPARE(versionsOverRest(kSubject, false), (QList<int>{1, 2}));
        // Yes soft-deletes it: still there with ?deleted=true.
        m_page->deleteSelectedVersion(false);
        answerConfirmation({QStringLiteral("Soft-delete version 2"), kSubject, QStringLiteral("?deleted=true")}, QMessageBox::Yes);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(versionsOverRest(kSubject, false), QList<int>{1});
        QCOMPARE(versionsOverRest(kSubject, true), (QList<int>{1, 2}));
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->rowCount(), 1, 10000);
        QVERIFY(m_page->statusText().contains(QStringLiteral("Soft-deleted version 2")));
        // Show deleted: version 2 is listed, marked.
        m_page->showDeletedBox()->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->rowCount(), 2, 10000);
        const int row = m_page->versionModel()->rowOf(2);
        QVERIFY(m_page->versionModel()->isDeleted(row));
        QVERIFY(m_page->versionModel()->index(row).data().toString().contains(QStringLiteral("deleted")));
        // Hard delete of the soft-deleted version: gone for good.
        m_page->selectVersion(2);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->schemaHeaderText().contains(QStringLiteral("soft-deleted")), 10000);
        m_page->deleteSelectedVersion(true);
        answerConfirmation({QStringLiteral("Permanently delete version 2"), kSubject, QStringLiteral("cannot be undone")},
                           QMessageBox::Yes);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(versionsOverRest(kSubject, true), QList<int>{1});
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->rowCount(), 1, 10000);
        m_page->showDeletedBox()->setChecked(false);
    }

    void deleteSubjectsSoftThenHard() {
        QSignalSpy deleted(m_page.get(), &SchemasPage::deleted);
        const QString lab = QStringLiteral("lab.results-value");
        m_page->selectSubject(lab);
        QTRY_COMPARE(m_page->selectedSubject(), lab);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->subject(), lab, 10000);
        m_page->deleteSelectedSubject(false);
        answerConfirmation({QStringLiteral("Soft-delete subject '%1'").arg(lab), QStringLiteral("1 version")}, QMessageBox::Yes);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(subjectsOverRest(false), QStringList{kSubject});
        QCOMPARE(subjectsOverRest(true), (QStringList{kSubject, lab}));
        // Hidden unless deleted subjects are shown; then listed and marked.
        QTRY_COMPARE_WITH_TIMEOUT(m_page->filterModel()->rowCount(), 1, 10000);
        QCOMPARE(m_page->subjectModel()->rowCount(), 2);
        QVERIFY(m_page->subjectModel()->isDeleted(m_page->subjectModel()->rowOf(lab)));
        QTest::mouseClick(m_page->showDeletedBox(), Qt::LeftButton);
        QVERIFY(m_page->showDeletedBox()->isChecked());
        QCOMPARE(m_page->filterModel()->rowCount(), 2);
        m_page->selectSubject(lab);
        QTRY_COMPARE(m_page->selectedSubject(), lab);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->versionModel()->subject() == lab && m_page->versionModel()->rowCount() == 1, 10000);
        m_page->deleteSelectedSubject(true);
        answerConfirmation({QStringLiteral("Permanently delete subject '%1'").arg(lab), QStringLiteral("cannot be undone")},
                           QMessageBox::Yes);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(subjectsOverRest(true), QStringList{kSubject});
        QTRY_COMPARE_WITH_TIMEOUT(m_page->subjectModel()->rowCount(), 1, 10000);
        // A live subject straight to hard delete: both steps in one go.
        m_page->selectSubject(kSubject);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->subject(), kSubject, 10000);
        m_page->deleteSelectedSubject(true);
        answerConfirmation({kSubject}, QMessageBox::Yes);
        QVERIFY(deleted.wait(10000));
        QCOMPARE(subjectsOverRest(true), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(m_page->subjectModel()->rowCount(), 0, 10000);
        QVERIFY(m_page->selectedSubject().isEmpty());
        QCOMPARE(m_page->versionModel()->rowCount(), 0);
        m_page->showDeletedBox()->setChecked(false);
    }

    void theMainWindowHasTheSchemasPage() {
        QVERIFY(m_dir.isValid());
        app::MainWindow::Options opt;
        QString error;
        opt.plexusd = test::plexusdPath(&error);
        QVERIFY2(!opt.plexusd.isEmpty(), qPrintable(error));
        opt.sandboxDir = m_dir.filePath(QStringLiteral("sandbox"));
        app::MainWindow window(opt);
        QSignalSpy ready(&window, &app::MainWindow::connectionReady);
        window.resize(1280, 800);
        window.show();
        QVERIFY(ready.wait(30000));
        auto cleanup = qScopeGuard([&] { window.close(); });
        auto* sidebar = window.findChild<QListWidget*>();
        QVERIFY(sidebar);
        QCOMPARE(sidebar->count(), int(app::MainWindow::NB_PAGES));
        QCOMPARE(sidebar->item(app::MainWindow::Schemas)->text(), QStringLiteral("Schemas"));
        QCOMPARE(sidebar->item(app::MainWindow::Consumers + 1)->text(), QStringLiteral("Schemas"));
        QCOMPARE(sidebar->item(app::MainWindow::Nodes)->text(), QStringLiteral("Nodes"));
        // View menu: Ctrl+5 is Schemas, Ctrl+6 Nodes.
        QAction* schemasAction = nullptr;
        QAction* nodesAction = nullptr;
        for (QAction* a : window.menuBar()->findChildren<QAction*>()) {
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_5)) schemasAction = a;
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_6)) nodesAction = a;
        }
        QVERIFY(schemasAction && nodesAction);
        QCOMPARE(schemasAction->text(), QStringLiteral("Schemas"));
        QCOMPARE(nodesAction->text(), QStringLiteral("Nodes"));
        schemasAction->trigger();
        QCOMPARE(window.currentPage(), app::MainWindow::Schemas);

        // The sandbox's registry: its node's `registry` line.
        auto* page = window.schemasPage();
        QVERIFY(page);
        const QString sandboxRegistry = window.connection()->localSandbox()->node(0)->registryAddress();
        QVERIFY(!sandboxRegistry.isEmpty());
        QCOMPARE(window.connection()->registryUrl(), sandboxRegistry);
        QCOMPARE(page->registryUrl(), sandboxRegistry);
        QTRY_VERIFY2_WITH_TIMEOUT(page->statusText().startsWith(QStringLiteral("0 subject")), qPrintable(page->statusText()), 30000);
        QVERIFY(page->noteText().isEmpty());

        // A Kafka cluster added with a Schema Registry URL: saved and used.
        window.addKafkaCluster();
        auto* dlg = waitForChild<QDialog>(&window, QStringLiteral("addClusterDialog"));
        QVERIFY(dlg);
        auto* bootstrap = dlg->findChild<QLineEdit*>(QStringLiteral("bootstrap"));
        auto* registry = dlg->findChild<QLineEdit*>(QStringLiteral("registryUrl"));
        QVERIFY(bootstrap && registry);
        bootstrap->clear();
        QTest::keyClicks(bootstrap, m_node->kafkaAddr());
        QTest::keyClicks(registry, QStringLiteral("http://") + m_node->registryAddr());
        QTest::mouseClick(dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(ready.wait(15000));
        QCOMPARE(window.connection()->kind(), app::Connection::Kind::Kafka);
        QCOMPARE(window.connection()->registryUrl(), QStringLiteral("http://") + m_node->registryAddr());
        {
            QSettings s;
            const int n = s.beginReadArray(QStringLiteral("connections/clusters"));
            QCOMPARE(n, 1);
            s.setArrayIndex(0);
            QCOMPARE(s.value(QStringLiteral("bootstrap")).toString(), m_node->kafkaAddr());
            QCOMPARE(s.value(QStringLiteral("registryUrl")).toString(), QStringLiteral("http://") + m_node->registryAddr());
            s.endArray();
        }
        QTRY_VERIFY_WITH_TIMEOUT(window.schemasPage() && window.schemasPage()->statusText().contains(m_node->registryAddr()), 15000);

        // One without: the page says there is none.
        window.addKafkaCluster();
        dlg = nullptr;
        QTRY_VERIFY((dlg = window.findChild<QDialog*>(QStringLiteral("addClusterDialog"))) != nullptr);
        bootstrap = dlg->findChild<QLineEdit*>(QStringLiteral("bootstrap"));
        bootstrap->clear();
        QTest::keyClicks(bootstrap, m_node->kafkaAddr());
        QTest::mouseClick(dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(ready.wait(15000));
        QVERIFY(window.connection()->registryUrl().isEmpty());
        QVERIFY(window.schemasPage());
        QVERIFY(!window.schemasPage()->hasRegistry());
        QVERIFY(window.schemasPage()->noteText().contains(QStringLiteral("No Schema Registry")));
        QSettings().remove(QStringLiteral("connections/clusters"));
    }
};

QTEST_MAIN(TestSchemasPage)
#include "test_schemas_page.moc"

// RegistryClient against a real plexusd's Schema Registry (the node's
// `registry HOST:PORT` listener): subjects and versions, reading a version
// with its id, type and references, schemas by id from the cache,
// compatibility levels per subject and global (set, read back, remove),
// compatibility tests with Confluent's verbose messages, registration with
// the version found by lookup, soft and hard deletes of versions and
// subjects (hard = both of Confluent's steps), Confluent's error codes, and
// the failures that never reach a registry: refused, timed out, no address,
// answers for a changed address or a destroyed receiver.
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <optional>

#include "monitor/registry_client.h"
#include "tests/support/plexus_node.h"

using namespace plexus::monitor;

namespace {

const QString kPatient = QStringLiteral(
    "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"org.plexus.adt\",\"fields\":["
    "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"family\",\"type\":\"string\"}]}");
// Backward compatible: the new field has a default.
const QString kPatientWard = QStringLiteral(
    "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"org.plexus.adt\",\"fields\":["
    "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"family\",\"type\":\"string\"},"
    "{\"name\":\"ward\",\"type\":\"string\",\"default\":\"\"}]}");
// Not backward compatible: a new field without a default.
const QString kPatientBed = QStringLiteral(
    "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"org.plexus.adt\",\"fields\":["
    "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"family\",\"type\":\"string\"},"
    "{\"name\":\"bed\",\"type\":\"int\"}]}");

/// Runs `call` with a callback and waits for its one answer (at most 15 s).
template <class T>
std::optional<RegistryResult<T>> await(const std::function<void(RegistryClient::Done<T>)>& call, int timeoutMs = 15000) {
    std::optional<RegistryResult<T>> got;
    int calls = 0;
    call([&](const RegistryResult<T>& r) {
        got = r;
        ++calls;
    });
    QElapsedTimer t;
    t.start();
    while (!got && t.elapsed() < timeoutMs) QTest::qWait(5);
    QTest::qWait(20);  // a second answer would be a bug; give it a chance to show
    if (calls > 1) qWarning("callback called %d times", calls);
    return calls == 1 ? got : std::nullopt;
}

}  // namespace

class TestRegistryClient : public QObject {
    Q_OBJECT
    std::unique_ptr<plexus::test::PlexusNode> m_node;
    RegistryClient m_client;
    int m_patientId = 0;
    int m_visitId = 0;  ///< lives to the end (the patient subject is hard-deleted)

    RegistryResult<RegistrySchema> reg(const QString& subject, const QString& type, const QString& text,
                                       const QList<SchemaReference>& refs = {}) {
        auto r = await<RegistrySchema>([&](auto done) { m_client.registerSchema(subject, type, text, refs, this, done); });
        return r.value_or(RegistryResult<RegistrySchema>{{}, {0, 0, QStringLiteral("no answer"), false}});
    }
    QList<int> versions(const QString& subject, bool deleted) {
        auto r = await<QList<int>>([&](auto done) { m_client.listVersions(subject, deleted, this, done); });
        return r && r->ok() ? r->value : QList<int>{-1};
    }
    QStringList subjects(bool deleted) {
        auto r = await<QStringList>([&](auto done) { m_client.listSubjects(deleted, this, done); });
        return r && r->ok() ? r->value : QStringList{QStringLiteral("<failed>")};
    }

private slots:
    void initTestCase() {
        m_node = std::make_unique<plexus::test::PlexusNode>();
        QString error;
        QVERIFY2(m_node->start(&error), qPrintable(error));
        QVERIFY2(!m_node->registryAddr().isEmpty(), "the node printed no registry line");
        m_client.setBaseUrl(m_node->registryAddr());
        QVERIFY(m_client.hasBaseUrl());
        QCOMPARE(m_client.baseUrl().toString(), QStringLiteral("http://") + m_node->registryAddr());
        // The registry answers once _schemas is replayed.
        QTRY_COMPARE_WITH_TIMEOUT(subjects(false), QStringList(), 15000);
    }

    void cleanupTestCase() { m_node.reset(); }

    void registerAndReadBack() {
        const auto r = reg(QStringLiteral("adt.events-value"), QStringLiteral("AVRO"), kPatient);
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        QVERIFY(r.value.id > 0);
        QCOMPARE(r.value.version, 1);
        QCOMPARE(r.value.subject, QStringLiteral("adt.events-value"));
        m_patientId = r.value.id;
        // Registering the same schema again gives the same id and version.
        const auto again = reg(QStringLiteral("adt.events-value"), QStringLiteral("AVRO"), kPatient);
        QCOMPARE(again.value.id, m_patientId);
        QCOMPARE(again.value.version, 1);

        QCOMPARE(subjects(false), QStringList{QStringLiteral("adt.events-value")});
        QCOMPARE(versions(QStringLiteral("adt.events-value"), false), QList<int>{1});
        for (int v : {1, -1}) {  // by number and "latest"
            auto got = await<RegistrySchema>(
                [&](auto done) { m_client.getVersion(QStringLiteral("adt.events-value"), v, false, this, done); });
            QVERIFY(got && got->ok());
            QCOMPARE(got->value.version, 1);
            QCOMPARE(got->value.id, m_patientId);
            QCOMPARE(got->value.type, QStringLiteral("AVRO"));
            QVERIFY(got->value.schema.contains(QStringLiteral("org.plexus.adt")));
            QVERIFY(got->value.references.isEmpty());
        }
    }

    void jsonSchemaKeepsItsTypeAndSubjectNamesAreEncoded() {
        const QString subject = QStringLiteral("lab results/value ü");  // a space, a slash and non-ASCII in the path
        const QString schema = QStringLiteral("{\"type\":\"object\",\"properties\":{\"loinc\":{\"type\":\"string\"}}}");
        const auto r = reg(subject, QStringLiteral("JSON"), schema);
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        QCOMPARE(r.value.version, 1);
        auto got = await<RegistrySchema>([&](auto done) { m_client.getVersion(subject, 1, false, this, done); });
        QVERIFY(got && got->ok());
        QCOMPARE(got->value.subject, subject);
        QCOMPARE(got->value.type, QStringLiteral("JSON"));
        QVERIFY(subjects(false).contains(subject));
    }

    void referencesAreSentAndReadBack() {
        const auto base = reg(QStringLiteral("org.plexus.Address"), QStringLiteral("AVRO"),
                              QStringLiteral("{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"org.plexus\","
                                             "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}"));
        QVERIFY2(base.ok(), qPrintable(base.error.text()));
        const QList<SchemaReference> refs = {{QStringLiteral("org.plexus.Address"), QStringLiteral("org.plexus.Address"), 1}};
        const auto r = reg(QStringLiteral("visit-value"), QStringLiteral("AVRO"),
                           QStringLiteral("{\"type\":\"record\",\"name\":\"Visit\",\"namespace\":\"org.plexus\","
                                          "\"fields\":[{\"name\":\"at\",\"type\":\"org.plexus.Address\"}]}"),
                           refs);
        QVERIFY2(r.ok(), qPrintable(r.error.text()));
        m_visitId = r.value.id;
        auto got = await<RegistrySchema>([&](auto done) { m_client.getVersion(QStringLiteral("visit-value"), -1, false, this, done); });
        QVERIFY(got && got->ok());
        QCOMPARE(got->value.references, refs);
    }

    void schemaByIdIsCached() {
        QVERIFY(!m_client.cachedSchema(m_patientId));
        auto first = await<RegistrySchema>([&](auto done) { m_client.getSchemaById(m_patientId, this, done); });
        QVERIFY(first && first->ok());
        QCOMPARE(first->value.id, m_patientId);
        QCOMPARE(first->value.type, QStringLiteral("AVRO"));
        QVERIFY(first->value.schema.contains(QStringLiteral("Patient")));
        QVERIFY(m_client.cachedSchema(m_patientId));
        auto second = await<RegistrySchema>([&](auto done) { m_client.getSchemaById(m_patientId, this, done); });
        QVERIFY(second && second->ok());
        QCOMPARE(second->value.schema, first->value.schema);
        // A new address forgets the cache (ids belong to one registry).
        RegistryClient other;
        other.setBaseUrl(m_node->registryAddr());
        auto warm = await<RegistrySchema>([&](auto done) { other.getSchemaById(m_patientId, this, done); });
        QVERIFY(warm && warm->ok() && other.cachedSchema(m_patientId));
        other.setBaseUrl(QStringLiteral("http://127.0.0.1:1"));
        QVERIFY(!other.cachedSchema(m_patientId));
    }

    void levelsPerSubjectAndGlobal() {
        const QString s = QStringLiteral("adt.events-value");
        auto global = await<QString>([&](auto done) { m_client.getConfig(QString(), false, this, done); });
        QVERIFY(global && global->ok());
        QCOMPARE(global->value, QStringLiteral("BACKWARD"));
        auto none = await<QString>([&](auto done) { m_client.getConfig(s, false, this, done); });
        QVERIFY(none && !none->ok());
        QCOMPARE(none->error.errorCode, 40408);
        QCOMPARE(none->error.httpStatus, 404);
        auto fallback = await<QString>([&](auto done) { m_client.getConfig(s, true, this, done); });
        QVERIFY(fallback && fallback->ok());
        QCOMPARE(fallback->value, QStringLiteral("BACKWARD"));

        auto set = await<QString>([&](auto done) { m_client.setConfig(s, QStringLiteral("FULL_TRANSITIVE"), this, done); });
        QVERIFY2(set && set->ok(), set ? qPrintable(set->error.text()) : "no answer");
        QCOMPARE(set->value, QStringLiteral("FULL_TRANSITIVE"));
        auto own = await<QString>([&](auto done) { m_client.getConfig(s, false, this, done); });
        QVERIFY(own && own->ok());
        QCOMPARE(own->value, QStringLiteral("FULL_TRANSITIVE"));

        auto bad = await<QString>([&](auto done) { m_client.setConfig(s, QStringLiteral("SIDEWAYS"), this, done); });
        QVERIFY(bad && !bad->ok());
        QCOMPARE(bad->error.errorCode, 42203);
        QCOMPARE(bad->error.httpStatus, 422);
        QVERIFY(bad->error.text().contains(QStringLiteral("42203")));

        auto removed = await<QString>([&](auto done) { m_client.deleteConfig(s, this, done); });
        QVERIFY(removed && removed->ok());
        QCOMPARE(removed->value, QStringLiteral("FULL_TRANSITIVE"));
        auto gone = await<QString>([&](auto done) { m_client.getConfig(s, false, this, done); });
        QVERIFY(gone && !gone->ok());
        QCOMPARE(gone->error.errorCode, 40408);

        // The global level, set and put back.
        auto g = await<QString>([&](auto done) { m_client.setConfig(QString(), QStringLiteral("NONE"), this, done); });
        QVERIFY(g && g->ok());
        auto g2 = await<QString>([&](auto done) { m_client.getConfig(QString(), false, this, done); });
        QCOMPARE(g2->value, QStringLiteral("NONE"));
        g = await<QString>([&](auto done) { m_client.setConfig(QString(), QStringLiteral("BACKWARD"), this, done); });
        QVERIFY(g && g->ok());
    }

    void compatibilityAndRegistration() {
        const QString s = QStringLiteral("adt.events-value");
        auto ok = await<CompatibilityResult>(
            [&](auto done) { m_client.testCompatibility(s, QStringLiteral("AVRO"), kPatientWard, {}, this, done); });
        QVERIFY2(ok && ok->ok(), ok ? qPrintable(ok->error.text()) : "no answer");
        QVERIFY(ok->value.compatible);
        QVERIFY(ok->value.messages.isEmpty());
        auto no = await<CompatibilityResult>(
            [&](auto done) { m_client.testCompatibility(s, QStringLiteral("AVRO"), kPatientBed, {}, this, done); });
        QVERIFY(no && no->ok());
        QVERIFY(!no->value.compatible);
        QVERIFY(!no->value.messages.isEmpty());
        QVERIFY2(no->value.messages.join(u' ').contains(QStringLiteral("bed")), qPrintable(no->value.messages.join(u' ')));

        // Registering the incompatible one fails with Confluent's 409.
        const auto refused = reg(s, QStringLiteral("AVRO"), kPatientBed);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error.errorCode, 409);
        QCOMPARE(refused.error.httpStatus, 409);
        QVERIFY(refused.error.message.contains(QStringLiteral("incompatible")));
        // An invalid schema fails with 42201.
        const auto invalid = reg(s, QStringLiteral("AVRO"), QStringLiteral("{\"type\":\"record\"}"));
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error.errorCode, 42201);
        // A subject without versions: any schema would register, so it is compatible.
        auto missing = await<CompatibilityResult>(
            [&](auto done) { m_client.testCompatibility(QStringLiteral("nobody"), QStringLiteral("AVRO"), kPatient, {}, this, done); });
        QVERIFY2(missing && missing->ok(), missing ? qPrintable(missing->error.text()) : "no answer");
        QVERIFY(missing->value.compatible);
        QVERIFY(missing->value.messages.isEmpty());

        const auto v2 = reg(s, QStringLiteral("AVRO"), kPatientWard);
        QVERIFY2(v2.ok(), qPrintable(v2.error.text()));
        QCOMPARE(v2.value.version, 2);
        QVERIFY(v2.value.id != m_patientId);
        QCOMPARE(versions(s, false), (QList<int>{1, 2}));
    }

    void errorsCarryConfluentCodes() {
        auto r = await<RegistrySchema>([&](auto done) { m_client.getVersion(QStringLiteral("nobody"), 1, false, this, done); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.errorCode, 40401);
        QCOMPARE(r->error.httpStatus, 404);
        QVERIFY(!r->error.message.isEmpty());
        QVERIFY(!r->error.timedOut);
        auto v = await<RegistrySchema>(
            [&](auto done) { m_client.getVersion(QStringLiteral("adt.events-value"), 42, false, this, done); });
        QVERIFY(v && !v->ok());
        QCOMPARE(v->error.errorCode, 40402);
        auto id = await<RegistrySchema>([&](auto done) { m_client.getSchemaById(4242, this, done); });
        QVERIFY(id && !id->ok());
        QCOMPARE(id->error.errorCode, 40403);
    }

    void softAndHardDeletes() {
        const QString s = QStringLiteral("adt.events-value");
        QVERIFY(reg(s, QStringLiteral("AVRO"), QStringLiteral(
                                                   "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"org.plexus.adt\",\"fields\":["
                                                   "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"family\",\"type\":\"string\"},"
                                                   "{\"name\":\"ward\",\"type\":\"string\",\"default\":\"\"},"
                                                   "{\"name\":\"bed\",\"type\":\"string\",\"default\":\"\"}]}"))
                    .ok());
        QCOMPARE(versions(s, false), (QList<int>{1, 2, 3}));
        // Soft: gone from the live list, still listed with deleted=true and readable.
        auto soft = await<int>([&](auto done) { m_client.deleteVersion(s, 3, false, this, done); });
        QVERIFY2(soft && soft->ok(), soft ? qPrintable(soft->error.text()) : "no answer");
        QCOMPARE(soft->value, 3);
        QCOMPARE(versions(s, false), (QList<int>{1, 2}));
        QCOMPARE(versions(s, true), (QList<int>{1, 2, 3}));
        auto read = await<RegistrySchema>([&](auto done) { m_client.getVersion(s, 3, true, this, done); });
        QVERIFY(read && read->ok());
        // Hard on a soft-deleted version: only the second step is needed.
        auto hard = await<int>([&](auto done) { m_client.deleteVersion(s, 3, true, this, done); });
        QVERIFY2(hard && hard->ok(), hard ? qPrintable(hard->error.text()) : "no answer");
        QCOMPARE(versions(s, true), (QList<int>{1, 2}));
        // Hard on a live version: both steps.
        auto both = await<int>([&](auto done) { m_client.deleteVersion(s, 2, true, this, done); });
        QVERIFY2(both && both->ok(), both ? qPrintable(both->error.text()) : "no answer");
        QCOMPARE(both->value, 2);
        QCOMPARE(versions(s, true), QList<int>{1});

        // Subjects: soft, then hard; and hard in one go.
        auto ss = await<QList<int>>([&](auto done) { m_client.deleteSubject(s, false, this, done); });
        QVERIFY(ss && ss->ok());
        QCOMPARE(ss->value, QList<int>{1});
        QVERIFY(!subjects(false).contains(s));
        QVERIFY(subjects(true).contains(s));
        auto hs = await<QList<int>>([&](auto done) { m_client.deleteSubject(s, true, this, done); });
        QVERIFY2(hs && hs->ok(), hs ? qPrintable(hs->error.text()) : "no answer");
        QVERIFY(!subjects(true).contains(s));
        const QString json = QStringLiteral("lab results/value ü");
        auto oneGo = await<QList<int>>([&](auto done) { m_client.deleteSubject(json, true, this, done); });
        QVERIFY2(oneGo && oneGo->ok(), oneGo ? qPrintable(oneGo->error.text()) : "no answer");
        QCOMPARE(oneGo->value, QList<int>{1});
        QVERIFY(!subjects(true).contains(json));
        // A permanent delete of what is not there: Confluent's 40401.
        auto none = await<QList<int>>([&](auto done) { m_client.deleteSubject(s, true, this, done); });
        QVERIFY(none && !none->ok());
        QCOMPARE(none->error.errorCode, 40401);
    }

    void failuresWithoutARegistry() {
        RegistryClient client;
        // No address at all.
        auto r = await<QStringList>([&](auto done) { client.listSubjects(false, this, done); });
        QVERIFY(r && !r->ok());
        QVERIFY(r->error.message.contains(QStringLiteral("no Schema Registry")));
        // Refused: a port nobody listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        client.setBaseUrl(QStringLiteral("127.0.0.1:%1").arg(port));
        r = await<QStringList>([&](auto done) { client.listSubjects(false, this, done); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.httpStatus, 0);
        QVERIFY(!r->error.timedOut);
        // Timeout: a listener that accepts and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        client.setBaseUrl(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
        client.setTimeoutMs(300);
        QElapsedTimer t;
        t.start();
        r = await<QStringList>([&](auto done) { client.listSubjects(false, this, done); });
        QVERIFY(r && !r->ok());
        QVERIFY(r->error.timedOut);
        QVERIFY(r->error.message.contains(QStringLiteral("300 ms")));
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
    }

    void answersForAnOldAddressOrAGoneReceiverAreDropped() {
        RegistryClient client;
        client.setBaseUrl(m_node->registryAddr());
        int calls = 0;
        client.listSubjects(false, this, [&](const RegistryResult<QStringList>&) { ++calls; });
        client.setBaseUrl(m_node->registryAddr());  // same node, but a new address generation
        auto receiver = std::make_unique<QObject>();
        client.listSubjects(false, receiver.get(), [&](const RegistryResult<QStringList>&) { ++calls; });
        receiver.reset();
        auto last = await<QStringList>([&](auto done) { client.listSubjects(false, this, done); });
        QVERIFY(last && last->ok());
        QTest::qWait(200);
        QCOMPARE(calls, 0);
    }

    void cachedSchemasAnswerWhileTheRegistryIsDown() {
        // Last: stops the node.
        RegistryClient client;
        client.setBaseUrl(m_node->registryAddr());
        auto warm = await<RegistrySchema>([&](auto done) { client.getSchemaById(m_visitId, this, done); });
        QVERIFY2(warm && warm->ok(), warm ? qPrintable(warm->error.text()) : "no answer");
        QCOMPARE(warm->value.references.size(), 1);
        m_node->stop();
        auto cached = await<RegistrySchema>([&](auto done) { client.getSchemaById(m_visitId, this, done); });
        QVERIFY(cached && cached->ok());
        QCOMPARE(cached->value.schema, warm->value.schema);
        QCOMPARE(cached->value.id, m_visitId);
        auto uncached = await<RegistrySchema>([&](auto done) { client.getSchemaById(m_visitId + 100, this, done); });
        QVERIFY(uncached && !uncached->ok());
        QCOMPARE(uncached->error.httpStatus, 0);  // refused: no HTTP answer
        QCOMPARE(uncached->error.errorCode, 0);
        QVERIFY(!uncached->error.message.isEmpty());
    }

    void levelNamesAreConfluents() {
        QCOMPARE(compatibilityLevels(),
                 (QStringList{QStringLiteral("NONE"), QStringLiteral("BACKWARD"), QStringLiteral("BACKWARD_TRANSITIVE"),
                              QStringLiteral("FORWARD"), QStringLiteral("FORWARD_TRANSITIVE"), QStringLiteral("FULL"),
                              QStringLiteral("FULL_TRANSITIVE")}));
    }
};

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "test_registry_client.moc"

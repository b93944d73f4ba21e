// The Messages page's detail pane decoding schema-framed values against a
// real plexusd: schemas registered over the node's Schema Registry REST API,
// records produced to a topic with librdkafka and read back by the page's
// own reader, then shown as JSON with the schema named: Avro binary (the
// Avro JSON encoding), JSON, a framed key, a value that is not framed, an
// unknown schema id, a payload that does not decode, and no registry at all.
// Offscreen; a screenshot of the decoded Avro value is saved.
#include <QtTest>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTableView>

#include <nlohmann/json.hpp>

#include "broker/registry/avro_binary.h"
#include "broker/registry/avro_schema.h"
#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "monitor/registry_client.h"
#include "tests/support/plexus_node.h"
#include "views/message_detail.h"
#include "views/message_model.h"
#include "views/messages_page.h"
#include "views/schema_decoder.h"

using namespace plexus;

namespace {

const char* const kAdt =
    "{\"type\":\"record\",\"name\":\"AdtEvent\",\"namespace\":\"org.plexus.adt\",\"fields\":["
    "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"event\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\","
    "\"symbols\":[\"A01\",\"A02\",\"A03\"]}},{\"name\":\"ward\",\"type\":[\"null\",\"string\"],\"default\":null},"
    "{\"name\":\"admitted\",\"type\":\"long\"}]}";
const char* const kLab =
    "{\"type\":\"object\",\"properties\":{\"loinc\":{\"type\":\"string\"},\"value\":{\"type\":\"number\"}},"
    "\"required\":[\"loinc\"]}";

QByteArray frame(int id, const std::string& payload) {
    QByteArray out(1, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) out.append(char((id >> shift) & 0xFF));
    return out + QByteArray::fromStdString(payload);
}

// Beside the other GUI tests' screenshots (build tree, screenshots/).
QString screenshotDir() {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

}  // namespace

class TestMessageSchema : public QObject {
    Q_OBJECT
    test::PlexusNode m_node;
    int m_adtId = 0, m_labId = 0;

    int registerSchema(const QString& subject, const QString& type, const QString& schema) {
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl("http://" + m_node.registryAddr() + "/subjects/" + subject + "/versions"));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/vnd.schemaregistry.v1+json");
        QJsonObject body{{"schema", schema}, {"schemaType", type}};
        QNetworkReply* reply = nam.post(req, QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000)) qFatal("registry did not answer");
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        const int id = QJsonDocument::fromJson(answer).object().value("id").toInt();
        if (id <= 0) qFatal("register failed: %s", answer.constData());
        return id;
    }

    monitor::Record record(const QByteArray& key, const QByteArray& value) {
        monitor::Record r;
        r.key = key;
        r.keyNull = key.isNull();
        r.value = value;
        r.valueNull = false;
        return r;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(!m_node.registryAddr().isEmpty());
        m_adtId = registerSchema("adt-value", "AVRO", kAdt);
        m_labId = registerSchema("lab-value", "JSON", kLab);
    }

    void decodesFramedValuesWithTheirSchema() {
        auto schema = registry::parseAvroSchema(kAdt);
        QVERIFY(schema);
        const auto avro = registry::encodeAvroBinary(
            schema.value(), nlohmann::json::parse("{\"mrn\":\"MRN-0042\",\"event\":\"A02\",\"ward\":{\"string\":\"ICU\"},"
                                                  "\"admitted\":1795000000123}"));
        QVERIFY(avro);

        monitor::RegistryClient client;
        client.setBaseUrl(m_node.registryAddr());
        views::SchemaDecoder decoder(&client);
        views::MessageDetail detail;
        detail.resize(700, 500);
        detail.setDecoder(&decoder);
        QSignalSpy ready(&decoder, &views::SchemaDecoder::schemaReady);

        // Avro: first pending (the schema is fetched), then decoded.
        detail.setRecord(record(QByteArray("MRN-0042"), frame(m_adtId, avro.value())));
        QVERIFY2(detail.schemaText().contains("fetching schema id"), qPrintable(detail.schemaText()));
        QVERIFY(ready.wait(10000));
        QCOMPARE(detail.schemaText(), QString("Value: schema id %1 · AVRO").arg(m_adtId));
        const QJsonObject v = QJsonDocument::fromJson(detail.valueText().toUtf8()).object();
        QCOMPARE(v.value("mrn").toString(), QString("MRN-0042"));
        QCOMPARE(v.value("event").toString(), QString("A02"));
        QCOMPARE(v.value("ward").toObject().value("string").toString(), QString("ICU"));
        QCOMPARE(v.value("admitted").toInteger(), qint64(1795000000123));
        QVERIFY2(detail.valueText().startsWith("{\n    \"mrn\": \"MRN-0042\",\n    \"event\""),
                 qPrintable(detail.valueText()));  // pretty-printed, fields in schema order
        detail.grab().save(screenshotDir() + "/messages-avro-decoded.png");

        // JSON Schema framed values; the cache answers at once for a known id.
        detail.setRecord(record({}, frame(m_labId, "{\"loinc\":\"2339-0\",\"value\":5.4}")));
        if (detail.schemaText().contains("fetching")) QVERIFY(ready.wait(10000));
        QCOMPARE(detail.schemaText(), QString("Value: schema id %1 · JSON").arg(m_labId));
        QCOMPARE(QJsonDocument::fromJson(detail.valueText().toUtf8()).object().value("loinc").toString(), QString("2339-0"));

        // A framed key is decoded too.
        detail.setRecord(record(frame(m_labId, "{\"loinc\":\"1-1\"}"), QByteArray("plain")));
        QCOMPARE(detail.keyText(), QString("{\"loinc\":\"1-1\"}"));
        QCOMPARE(detail.valueText(), QString("plain"));
        QCOMPARE(detail.schemaText(), QString("Key: schema id %1 · JSON").arg(m_labId));

        // Not framed: Auto shows it as before, Schema mode says why.
        detail.setRecord(record({}, QByteArray("{\"a\": 1}")));
        QVERIFY(detail.schemaText().isEmpty());
        QVERIFY(detail.valueText().contains("\"a\": 1"));
        detail.setMode(views::MessageDetail::Mode::Schema);
        QVERIFY(detail.valueText().startsWith("Not framed with a schema id"));
        detail.setMode(views::MessageDetail::Mode::Auto);

        // A payload that does not decode: the reason, and the bytes as hex.
        detail.setRecord(record({}, frame(m_adtId, avro.value().substr(0, 4))));
        QVERIFY2(detail.schemaText().contains("Avro payload does not decode"), qPrintable(detail.schemaText()));
        QVERIFY(detail.valueText().startsWith("00000000  00"));

        // An id the registry does not know: Confluent's 40403, once fetched.
        detail.setRecord(record({}, frame(4242, "x")));
        QVERIFY(ready.wait(10000));
        QVERIFY2(detail.schemaText().contains("40403"), qPrintable(detail.schemaText()));
    }

    void withoutARegistryFramedValuesSaySo() {
        views::SchemaDecoder decoder(nullptr);
        views::MessageDetail detail;
        detail.setDecoder(&decoder);
        detail.setRecord(record({}, frame(1, "x")));
        QVERIFY2(detail.schemaText().contains("no Schema Registry is known"), qPrintable(detail.schemaText()));
    }

    void messagesPageReadsAndDecodesFromATopic() {
        monitor::KafkaClient client(m_node.kafkaAddr());
        monitor::ClusterMonitor clusterMonitor(&client);
        monitor::RegistryClient registryClient;
        registryClient.setBaseUrl(m_node.registryAddr());
        views::MessagesPage page(m_node.kafkaAddr(), &client, &clusterMonitor);
        page.setSchemaRegistry(&registryClient);
        page.resize(1100, 700);

        // Produce framed Avro records with librdkafka through the monitor's client.
        auto schema = registry::parseAvroSchema(kAdt);
        QList<QPair<QString, monitor::Record>> batch;
        for (int i = 0; i < 3; ++i) {
            const auto avro = registry::encodeAvroBinary(
                schema.value(), nlohmann::json::parse(QString("{\"mrn\":\"MRN-%1\",\"event\":\"A01\",\"ward\":null,\"admitted\":%2}")
                                                          .arg(i)
                                                          .arg(1795000000000 + i)
                                                          .toStdString()));
            monitor::Record r;
            r.key = QByteArray("MRN-") + QByteArray::number(i);
            r.keyNull = false;
            r.value = frame(m_adtId, avro.value());
            r.valueNull = false;
            batch.append({QStringLiteral("adt.avro"), r});
        }
        QSignalSpy produced(&client, &monitor::KafkaClient::producedBatch);
        client.produceBatch(batch);
        QVERIFY(produced.wait(20000));

        page.setTopic("adt.avro");
        page.read();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 3, 20000);
        page.view()->selectRow(1);
        QTRY_VERIFY_WITH_TIMEOUT(page.detail()->schemaText() == QString("Value: schema id %1 · AVRO").arg(m_adtId), 10000);
        QCOMPARE(QJsonDocument::fromJson(page.detail()->valueText().toUtf8()).object().value("mrn").toString(), QString("MRN-1"));
        // The table previews the decoded value too, once the schema is known.
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->index(2, views::MessageModel::Value).data().toString(),
                                  QString("{\"mrn\":\"MRN-2\",\"event\":\"A01\",\"ward\":null,\"admitted\":1795000000002}"),
                                  5000);
        page.grab().save(screenshotDir() + "/messages-page-schema.png");
    }
};

QTEST_MAIN(TestMessageSchema)
#include "test_message_schema.moc"

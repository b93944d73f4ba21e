// What broker-side schema validation costs.
//
// 1. In process: RecordValidator::check over framed records (Avro binary, JSON,
//    Protobuf) against a real SchemaStore, in records/s and MB/s, with
//    CRC-32C over the same bytes as the baseline (the node already pays one
//    CRC pass per batch).
// 2. End to end: a real plexusd on loopback, librdkafka producing the same
//    framed Avro records (acks=all, idempotent, 1 partition) to a topic with
//    confluent.value.schema.validation=true and to one without, alternating
//    runs; records/s and the ratio validated / plain.
//
// Prints medians of several runs; never passes or fails on time (label bench).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

#include "broker/protocol/crc32c.h"
#include "broker/registry/avro_binary.h"
#include "broker/registry/avro_schema.h"
#include "broker/registry/record_validator.h"
#include "broker/registry/schema_store.h"
#include "broker/registry/schema_types.h"
#include "tests/support/plexus_node.h"

using namespace plexus;

namespace {

const char* const kAdt =
    "{\"type\":\"record\",\"name\":\"AdtEvent\",\"namespace\":\"org.plexus.adt\",\"fields\":["
    "{\"name\":\"mrn\",\"type\":\"string\"},{\"name\":\"event\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\","
    "\"symbols\":[\"A01\",\"A02\",\"A03\",\"A08\"]}},{\"name\":\"ward\",\"type\":[\"null\",\"string\"],\"default\":null},"
    "{\"name\":\"admitted\",\"type\":\"long\"},{\"name\":\"codes\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
    "{\"name\":\"vitals\",\"type\":{\"type\":\"map\",\"values\":\"double\"}}]}";
const char* const kLab =
    "{\"type\":\"object\",\"properties\":{\"mrn\":{\"type\":\"string\"},\"loinc\":{\"type\":\"string\",\"pattern\":\"^[0-9]+-[0-9]$\"},"
    "\"value\":{\"type\":\"number\"},\"unit\":{\"type\":\"string\"},\"flags\":{\"type\":\"array\",\"items\":{\"enum\":[\"H\",\"L\",\"A\"]}}},"
    "\"required\":[\"mrn\",\"loinc\",\"value\"],\"additionalProperties\":false}";
const char* const kOrder =
    "syntax = \"proto3\"; package org.plexus.pharmacy;\n"
    "message Order { string mrn = 1; int64 rxnorm = 2; repeated string instructions = 3; double dose = 4; }\n";

std::string frame(int id, const std::string& payload, bool protobufIndexes = false) {
    std::string out(1, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((id >> shift) & 0xFF));
    if (protobufIndexes) out.push_back('\0');  // message indexes [0]
    return out + payload;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string pbVarint(uint64_t v) {
    std::string out;
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
}
std::string pbString(int field, const std::string& s) {
    return pbVarint(static_cast<uint64_t>(field << 3 | 2)) + pbVarint(s.size()) + s;
}

struct Corpus {
    std::string name;
    std::vector<std::string> records;
    size_t bytes = 0;
};

template <class T> T commit(registry::SchemaStore& s, registry::Outcome<registry::Planned<T>> o) {
    if (!registry::ok(o)) qFatal("store: %s", std::get<registry::Error>(o).message.c_str());
    for (const auto& r : std::get<0>(o).records) s.apply(r);
    return std::get<0>(o).answer;
}

std::vector<std::string> avroRecords(int id, int n) {
    auto schema = registry::parseAvroSchema(kAdt);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        nlohmann::json v = {{"mrn", "MRN-" + std::to_string(100000 + i)},
                            {"event", std::vector<std::string>{"A01", "A02", "A03", "A08"}[size_t(i % 4)]},
                            {"ward", i % 3 ? nlohmann::json{{"string", "ICU-" + std::to_string(i % 12)}} : nlohmann::json()},
                            {"admitted", 1795000000000LL + i},
                            {"codes", {"8867-4", "2339-0"}},
                            {"vitals", {{"hr", 72.0 + i % 30}, {"temp", 37.1}}}};
        out.push_back(frame(id, registry::encodeAvroBinary(schema.value(), v).value()));
    }
    return out;
}

void inProcess() {
    registry::SchemaStore store(registry::builtinSchemaTypes());
    const int avroId = commit(store, store.registerSchema("adt-value", {"AVRO", kAdt, {}}));
    const int jsonId = commit(store, store.registerSchema("lab-value", {"JSON", kLab, {}}));
    const int protoId = commit(store, store.registerSchema("rx-value", {"PROTOBUF", kOrder, {}}));
    constexpr int kRecords = 200000;
    std::vector<std::pair<Corpus, std::string>> corpora;
    Corpus avro{"AVRO", avroRecords(avroId, kRecords)};
    Corpus json{"JSON", {}};
    Corpus proto{"PROTOBUF", {}};
    for (int i = 0; i < kRecords; ++i) {
        json.records.push_back(frame(jsonId, "{\"mrn\":\"MRN-" + std::to_string(100000 + i) +
                                                 "\",\"loinc\":\"2339-0\",\"value\":" + std::to_string(4.0 + i % 50 / 10.0) +
                                                 ",\"unit\":\"mmol/L\",\"flags\":[\"H\"]}"));
        proto.records.push_back(frame(protoId,
                                      pbString(1, "MRN-" + std::to_string(100000 + i)) + pbVarint(2 << 3) +
                                          pbVarint(uint64_t(197361 + i)) + pbString(3, "PO") + pbString(3, "BID"),
                                      true));
    }
    corpora.push_back({avro, "adt"});
    corpora.push_back({json, "lab"});
    corpora.push_back({proto, "rx"});

    std::printf("\n[in process] %d records per type, RecordValidator::check vs CRC-32C over the same bytes, median of 5\n",
                kRecords);
    std::printf("%-9s %10s %14s %12s %14s %12s %8s\n", "type", "bytes/rec", "validate rec/s", "MB/s", "crc32c rec/s", "MB/s",
                "ratio");
    for (auto& [c, topic] : corpora) {
        for (const auto& r : c.records) c.bytes += r.size();
        registry::RecordValidator validator(store);
        std::vector<double> vRates, cRates;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer t;
            t.start();
            size_t failures = 0;
            for (const auto& r : c.records)
                failures += validator.check(topic, false, registry::SubjectStrategy::TopicName, r).has_value();
            const double secs = double(t.nsecsElapsed()) / 1e9;
            if (failures) qFatal("%zu %s records failed validation", failures, c.name.c_str());
            vRates.push_back(kRecords / secs);
            t.restart();
            uint32_t crc = 0;
            for (const auto& r : c.records) crc ^= protocol::crc32c(r.data(), r.size());
            const double crcSecs = double(t.nsecsElapsed()) / 1e9;
            cRates.push_back(kRecords / crcSecs + (crc == 0x12345678 ? 1 : 0));  // crc used, not optimized away
        }
        const double v = median(vRates), c2 = median(cRates), per = double(c.bytes) / kRecords;
        std::printf("%-9s %10.0f %14.0f %12.1f %14.0f %12.1f %8.3f\n", c.name.c_str(), per, v, v * per / 1e6, c2,
                    c2 * per / 1e6, v / c2);
    }
}

struct Delivery {
    int failed = 0;
    std::string error;
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* d = static_cast<Delivery*>(opaque);
    if (m->err && d->failed++ == 0) d->error = rd_kafka_err2str(m->err);
}

/// Produces `records` to `topic` with an idempotent acks=all producer; records/s.
double produceRun(const QString& bootstrap, const char* topic, const std::vector<std::string>& records) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    for (auto [k, v] : {std::pair{"bootstrap.servers", bootstrap.toStdString()}, std::pair{"enable.idempotence", std::string("true")},
                        std::pair{"acks", std::string("all")}, std::pair{"linger.ms", std::string("5")},
                        std::pair{"batch.num.messages", std::string("10000")},
                        std::pair{"queue.buffering.max.messages", std::string("1000000")}})
        if (rd_kafka_conf_set(conf, k, v.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) qFatal("%s", errstr);
    Delivery d;
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &d);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) qFatal("%s", errstr);
    QElapsedTimer t;
    t.start();
    for (const auto& r : records) {
        while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(const_cast<char*>(r.data()), r.size()),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 5);
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 120000);
    const double secs = double(t.nsecsElapsed()) / 1e9;
    rd_kafka_destroy(rk);
    if (d.failed) qFatal("%d deliveries to %s failed: %s", d.failed, topic, d.error.c_str());
    return double(records.size()) / secs;
}

void endToEnd() {
    test::PlexusNode node;
    QString error;
    if (!node.start(&error)) qFatal("plexusd: %s", qPrintable(error));
    QNetworkAccessManager nam;
    auto post = [&](const QString& url, const QByteArray& body, QByteArray verb = "POST") {
        QNetworkRequest req{QUrl(url)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/vnd.schemaregistry.v1+json");
        QNetworkReply* reply = nam.sendCustomRequest(req, verb, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000)) qFatal("no answer from %s", qPrintable(url));
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return answer;
    };
    const QByteArray reg = post("http://" + node.registryAddr() + "/subjects/adt.validated-value/versions",
                                QJsonDocument(QJsonObject{{"schema", kAdt}}).toJson());
    const int id = QJsonDocument::fromJson(reg).object().value("id").toInt();
    if (id <= 0) qFatal("register: %s", reg.constData());

    // Topics through the node's admin API are not offered; use librdkafka's admin.
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", node.kafkaAddr().toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_t* admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    rd_kafka_NewTopic_t* topics[2] = {rd_kafka_NewTopic_new("adt.validated", 1, 1, errstr, sizeof errstr),
                                      rd_kafka_NewTopic_new("adt.plain", 1, 1, errstr, sizeof errstr)};
    rd_kafka_NewTopic_set_config(topics[0], "confluent.value.schema.validation", "true");
    rd_kafka_queue_t* q = rd_kafka_queue_new(admin);
    rd_kafka_CreateTopics(admin, topics, 2, nullptr, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 20000);
    if (!ev || rd_kafka_event_error(ev)) qFatal("create topics failed");
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy_array(topics, 2);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(admin);

    constexpr int kRecords = 200000;
    const auto records = avroRecords(id, kRecords);
    size_t bytes = 0;
    for (const auto& r : records) bytes += r.size();
    std::vector<double> plain, validated;
    produceRun(node.kafkaAddr(), "adt.plain", std::vector<std::string>(records.begin(), records.begin() + 10000));  // warm-up
    for (int run = 0; run < 5; ++run) {
        plain.push_back(produceRun(node.kafkaAddr(), "adt.plain", records));
        validated.push_back(produceRun(node.kafkaAddr(), "adt.validated", records));
    }
    const double p = median(plain), v = median(validated), per = double(bytes) / kRecords;
    std::printf("\n[end to end] plexusd on loopback, librdkafka idempotent acks=all, 1 partition, %d framed Avro records "
                "(%.0f bytes each) per run, runs alternate, median of 5\n",
                kRecords, per);
    std::printf("  plain topic      %10.0f rec/s  %7.1f MB/s\n", p, p * per / 1e6);
    std::printf("  validated topic  %10.0f rec/s  %7.1f MB/s\n", v, v * per / 1e6);
    std::printf("  ratio validated / plain: %.3f\n", v / p);
    node.stop();
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::printf("validation-bench: %d cores (QThread::idealThreadCount)\n", QThread::idealThreadCount());
    inProcess();
    endToEnd();
    return 0;
}

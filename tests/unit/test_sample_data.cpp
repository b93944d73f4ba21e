// The synthetic healthcare events behind Plexus Center's "Load sample
// healthcare events": topics, headers and keys, determinism, FHIR JSON that
// parses, HL7 v2 that is well formed (and that python-hl7, an independent
// parser, reads the same way), lab values consistent with their reference
// ranges and flags, valid LOINC check digits, and each patient's events in
// clinical order.
#include <QtTest>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

#include "monitor/sample_data.h"

using namespace plexus::monitor;

namespace {

const QDateTime kBase = QDateTime(QDate(2024, 6, 1), QTime(12, 0, 0), Qt::UTC);
constexpr quint32 kSeed = 20240601;
constexpr char kPython[] = "/usr/bin/python3";

QString hl7Time(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyyMMddHHmmss"));
}

qint64 fromHl7Time(const QString& s) {
    QDateTime t = QDateTime::fromString(s, QStringLiteral("yyyyMMddHHmmss"));
    t.setTimeSpec(Qt::UTC);
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

qint64 fromIsoTime(const QString& s) {
    const QDateTime t = QDateTime::fromString(s, Qt::ISODate);
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

/// Segments of an HL7 message (the trailing empty piece after the last "\r" dropped).
QStringList segments(const QByteArray& value) {
    QStringList segs = QString::fromUtf8(value).split(QLatin1Char('\r'));
    if (!segs.isEmpty() && segs.last().isEmpty()) segs.removeLast();
    return segs;
}

/// Fields of the first segment named `name`, indexed by HL7 field number
/// (for MSH, [1] is the field separator itself, as in the standard).
QStringList fields(const QStringList& segs, const QString& name) {
    for (const auto& s : segs) {
        if (!s.startsWith(name + QLatin1Char('|'))) continue;
        QStringList f = s.split(QLatin1Char('|'));
        if (name == QLatin1String("MSH")) f.insert(1, QStringLiteral("|"));
        return f;
    }
    return {};
}
QString field(const QStringList& f, int n) { return n < f.size() ? f[n] : QString(); }

/// LOINC's mod-10 check digit (loinc.org, "Calculating the LOINC check digit").
bool loincCheckDigitOk(const QString& code) {
    const QStringList parts = code.split(QLatin1Char('-'));
    if (parts.size() != 2 || parts[1].size() != 1 || parts[0].isEmpty()) return false;
    QString odd, even;  // from the right: 1st, 3rd, ... and 2nd, 4th, ...
    int pos = 1;
    for (qsizetype i = parts[0].size() - 1; i >= 0; --i, ++pos) {
        if (!parts[0][i].isDigit()) return false;
        (pos % 2 ? odd : even) += parts[0][i];
    }
    const QString combined = even + QString::number(odd.toLongLong() * 2);
    int sum = 0;
    for (QChar c : combined) sum += c.digitValue();
    return (10 - sum % 10) % 10 == parts[1].toInt();
}

/// The flag a value deserves: two-sided ranges are inclusive, one-sided
/// ("<x", ">x") strict. Returns "N", "H" or "L".
QString expectedFlag(double v, const QString& range) {
    if (range.startsWith(QLatin1Char('<'))) return v < range.mid(1).toDouble() ? "N" : "H";
    if (range.startsWith(QLatin1Char('>'))) return v > range.mid(1).toDouble() ? "N" : "L";
    const QStringList lh = range.split(QLatin1Char('-'));
    if (lh.size() != 2) return QStringLiteral("?");
    if (v < lh[0].toDouble()) return QStringLiteral("L");
    if (v > lh[1].toDouble()) return QStringLiteral("H");
    return QStringLiteral("N");
}

QString baseFlag(const QString& f) { return f == QLatin1String("HH") ? "H" : f == QLatin1String("LL") ? "L" : f; }

QString describe(const SampleEvent& e) {
    return QStringLiteral("%1 key=%2 %3: %4")
        .arg(e.topic, QString::fromUtf8(e.key), QString::fromUtf8(e.header(u"event-type")),
             QString::fromUtf8(e.value.left(300)).replace(QLatin1Char('\r'), QStringLiteral("<CR>")));
}

/// What an ADT event means for the order of a stay.
enum class AdtKind { Admit, Transfer, Update, Discharge, Unknown };

AdtKind adtKind(const SampleEvent& e) {
    if (e.isHl7()) {
        const QString trigger = field(fields(segments(e.value), QStringLiteral("EVN")), 1);
        if (trigger == QLatin1String("A01")) return AdtKind::Admit;
        if (trigger == QLatin1String("A02")) return AdtKind::Transfer;
        if (trigger == QLatin1String("A03")) return AdtKind::Discharge;
        if (trigger == QLatin1String("A08")) return AdtKind::Update;
        return AdtKind::Unknown;
    }
    const QJsonObject r = QJsonDocument::fromJson(e.value).object();
    if (r.value("resourceType").toString() == QLatin1String("Patient")) return AdtKind::Update;
    if (r.value("resourceType").toString() != QLatin1String("Encounter")) return AdtKind::Unknown;
    if (r.value("status").toString() == QLatin1String("finished")) return AdtKind::Discharge;
    return r.value("location").toArray().size() > 1 ? AdtKind::Transfer : AdtKind::Admit;
}

/// The time the content itself states: MSH-7, or meta.lastUpdated.
qint64 contentTime(const SampleEvent& e) {
    if (e.isHl7()) return fromHl7Time(field(fields(segments(e.value), QStringLiteral("MSH")), 7));
    return fromIsoTime(QJsonDocument::fromJson(e.value).object().value("meta").toObject().value("lastUpdated").toString());
}

}  // namespace

class TestSampleData : public QObject {
    Q_OBJECT

private:
    QList<SampleEvent> m_events;

private slots:
    void initTestCase() {
        m_events = generateSampleEvents(kSeed, 50, kBase);
        QVERIFY(!m_events.isEmpty());
    }

    void topicsKeysAndHeaders() {
        const QList<SampleTopic> topics = sampleTopics();
        QCOMPARE(topics.size(), 3);
        QSet<QString> names;
        for (const auto& t : topics) {
            names.insert(t.name);
            QCOMPARE(t.partitions, 3);
        }
        QCOMPARE(names, (QSet<QString>{"adt.events", "lab.results", "pharmacy.orders"}));

        // 50 patients: a few hundred events.
        QVERIFY2(m_events.size() >= 250 && m_events.size() <= 1000, qPrintable(QString::number(m_events.size())));

        QHash<QString, int> hl7, fhir;
        for (const auto& e : m_events) {
            QVERIFY2(names.contains(e.topic), qPrintable(describe(e)));
            QVERIFY2(!e.key.isEmpty(), qPrintable(describe(e)));
            QVERIFY2(QRegularExpression(QStringLiteral("^MRN\\d{6}$")).match(QString::fromLatin1(e.key)).hasMatch(),
                     qPrintable(describe(e)));
            QCOMPARE(e.headers.size(), 3);
            const QByteArray type = e.header(u"content-type");
            QVERIFY2(type == "application/hl7-v2" || type == "application/fhir+json", qPrintable(describe(e)));
            QVERIFY(!e.header(u"event-type").isEmpty());
            const QByteArray source = e.header(u"source");
            if (e.topic == QLatin1String("adt.events")) QCOMPARE(source, QByteArray("ehr-sim"));
            if (e.topic == QLatin1String("pharmacy.orders")) QCOMPARE(source, QByteArray("pharmacy-sim"));
            if (e.topic == QLatin1String("lab.results"))
                QVERIFY2(source == "lis-sim" || source == "vitals-sim", source.constData());
            (e.isHl7() ? hl7 : fhir)[e.topic]++;
        }
        // Both formats well represented in every topic.
        for (const auto& name : names) {
            const int total = hl7.value(name) + fhir.value(name);
            QVERIFY2(hl7.value(name) * 5 >= total, qPrintable(name + " has too few HL7 messages"));
            QVERIFY2(fhir.value(name) * 5 >= total, qPrintable(name + " has too few FHIR resources"));
        }
        // Every event type of the brief shows up.
        QSet<QByteArray> eventTypes;
        for (const auto& e : m_events) eventTypes.insert(e.header(u"event-type"));
        for (const char* t : {"ADT^A01", "ADT^A02", "ADT^A03", "ADT^A08", "Encounter", "Patient", "ORU^R01",
                              "Observation", "DiagnosticReport", "RDE^O11", "MedicationRequest"})
            QVERIFY2(eventTypes.contains(t), t);
    }

    void sameSeedSameBytesOtherSeedOtherData() {
        const QList<SampleEvent> again = generateSampleEvents(kSeed, 50, kBase);
        QCOMPARE(again.size(), m_events.size());
        for (qsizetype i = 0; i < again.size(); ++i) {
            QCOMPARE(again[i].topic, m_events[i].topic);
            QCOMPARE(again[i].key, m_events[i].key);
            QCOMPARE(again[i].value, m_events[i].value);
            QCOMPARE(again[i].headers, m_events[i].headers);
            QCOMPARE(again[i].timestampMs, m_events[i].timestampMs);
        }
        const QList<SampleEvent> other = generateSampleEvents(kSeed + 1, 50, kBase);
        QSet<QByteArray> keys, otherKeys, values;
        for (const auto& e : m_events) {
            keys.insert(e.key);
            values.insert(e.value);
        }
        for (const auto& e : other) {
            otherKeys.insert(e.key);
            QVERIFY2(!values.contains(e.value), qPrintable(describe(e)));
        }
        QVERIFY(keys != otherKeys);
        QCOMPARE(keys.size(), 50);  // MRNs are unique per patient

        QVERIFY(generateSampleEvents(kSeed, 0, kBase).isEmpty());
        QVERIFY(generateSampleEvents(kSeed, -3, kBase).isEmpty());
        const QList<SampleEvent> one = generateSampleEvents(kSeed, 1, kBase);
        QVERIFY(!one.isEmpty() && one.size() < 40);
    }

    void fhirValuesAreJsonResourcesOfTheirTopic() {
        const QHash<QString, QSet<QString>> allowed{
            {"adt.events", {"Encounter", "Patient"}},
            {"lab.results", {"Observation", "DiagnosticReport"}},
            {"pharmacy.orders", {"MedicationRequest"}},
        };
        QHash<QByteArray, QString> patientOfKey;  // MRN -> "Patient/<id>"
        QHash<QByteArray, QString> encounterOfKey;
        int fhirCount = 0;
        for (const auto& e : m_events) {
            if (!e.isFhir()) continue;
            ++fhirCount;
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(e.value, &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(),
                     qPrintable(error.errorString() + QLatin1Char(' ') + describe(e)));
            QVERIFY2(!e.value.contains('\n'), "FHIR values are compact, one line");
            const QJsonObject r = doc.object();
            const QString type = r.value("resourceType").toString();
            QVERIFY2(allowed.value(e.topic).contains(type), qPrintable(describe(e)));
            QCOMPARE(QString::fromUtf8(e.header(u"event-type")), type);
            QVERIFY2(e.value.startsWith("{\"resourceType\":"), "resourceType comes first");
            QVERIFY(!r.value("id").toString().isEmpty());
            QCOMPARE(fromIsoTime(r.value("meta").toObject().value("lastUpdated").toString()), e.timestampMs);

            QString subject;
            if (type == QLatin1String("Patient")) {
                subject = QStringLiteral("Patient/") + r.value("id").toString();
                const QJsonObject identifier = r.value("identifier").toArray().at(0).toObject();
                QCOMPARE(identifier.value("value").toString(), QString::fromUtf8(e.key));
                QVERIFY(r.value("gender").toString() == QLatin1String("female") ||
                        r.value("gender").toString() == QLatin1String("male"));
                QVERIFY(QDate::fromString(r.value("birthDate").toString(), Qt::ISODate).isValid());
            } else {
                QVERIFY2(!r.value("status").toString().isEmpty(), qPrintable(describe(e)));
                subject = r.value("subject").toObject().value("reference").toString();
            }
            QVERIFY2(subject.startsWith(QLatin1String("Patient/")) && subject.size() > 8, qPrintable(describe(e)));
            // One FHIR patient id per MRN.
            if (patientOfKey.contains(e.key)) QCOMPARE(subject, patientOfKey.value(e.key));
            patientOfKey.insert(e.key, subject);

            if (type == QLatin1String("Encounter")) {
                QCOMPARE(r.value("class").toObject().value("code").toString(), QStringLiteral("IMP"));
                QVERIFY(fromIsoTime(r.value("period").toObject().value("start").toString()) > 0);
                const QString enc = QStringLiteral("Encounter/") + r.value("id").toString();
                if (encounterOfKey.contains(e.key)) QCOMPARE(enc, encounterOfKey.value(e.key));
                encounterOfKey.insert(e.key, enc);
                QCOMPARE(r.value("reasonCode").toArray().at(0).toObject().value("coding").toArray().at(0).toObject()
                             .value("system").toString(),
                         QStringLiteral("http://hl7.org/fhir/sid/icd-10-cm"));
            }
            if (type == QLatin1String("Observation") || type == QLatin1String("DiagnosticReport")) {
                const QJsonObject coding = r.value("code").toObject().value("coding").toArray().at(0).toObject();
                QCOMPARE(coding.value("system").toString(), QStringLiteral("http://loinc.org"));
                QVERIFY2(loincCheckDigitOk(coding.value("code").toString()), qPrintable(describe(e)));
                QVERIFY(fromIsoTime(r.value("effectiveDateTime").toString()) > 0);
                QVERIFY(fromIsoTime(r.value("effectiveDateTime").toString()) <= e.timestampMs);
                QVERIFY(r.value("encounter").toObject().value("reference").toString().startsWith("Encounter/"));
            }
            if (type == QLatin1String("Observation")) {
                const QJsonObject q = r.contains("valueQuantity")
                                          ? r.value("valueQuantity").toObject()
                                          : r.value("component").toArray().at(0).toObject().value("valueQuantity").toObject();
                QVERIFY2(q.value("value").isDouble(), qPrintable(describe(e)));
                QCOMPARE(q.value("system").toString(), QStringLiteral("http://unitsofmeasure.org"));
                QVERIFY(!q.value("code").toString().isEmpty());
            }
            if (type == QLatin1String("DiagnosticReport")) {
                const QJsonArray contained = r.value("contained").toArray();
                const QJsonArray results = r.value("result").toArray();
                QVERIFY(contained.size() >= 2);
                QCOMPARE(results.size(), contained.size());
                QSet<QString> ids;
                for (const auto& c : contained) {
                    QCOMPARE(c.toObject().value("resourceType").toString(), QStringLiteral("Observation"));
                    ids.insert(QLatin1Char('#') + c.toObject().value("id").toString());
                }
                for (const auto& ref : results) QVERIFY(ids.contains(ref.toObject().value("reference").toString()));
            }
            if (type == QLatin1String("MedicationRequest")) {
                QCOMPARE(r.value("intent").toString(), QStringLiteral("order"));
                const QJsonObject coding =
                    r.value("medicationCodeableConcept").toObject().value("coding").toArray().at(0).toObject();
                QCOMPARE(coding.value("system").toString(), QStringLiteral("http://www.nlm.nih.gov/research/umls/rxnorm"));
                QVERIFY(QRegularExpression(QStringLiteral("^\\d{5,8}$")).match(coding.value("code").toString()).hasMatch());
                QCOMPARE(fromIsoTime(r.value("authoredOn").toString()), e.timestampMs);
                const QJsonObject dosage = r.value("dosageInstruction").toArray().at(0).toObject();
                QVERIFY(dosage.value("doseAndRate").toArray().at(0).toObject().value("doseQuantity").toObject()
                            .value("value").isDouble());
                QCOMPARE(dosage.value("route").toObject().value("coding").toArray().at(0).toObject().value("system")
                             .toString(),
                         QStringLiteral("http://snomed.info/sct"));
            }
        }
        QVERIFY(fhirCount > 50);
    }

    void hl7MessagesAreWellFormed() {
        QSet<QString> controlIds;
        qint64 lastSequence = 0;
        int hl7Count = 0;
        for (const auto& e : m_events) {
            if (!e.isHl7()) continue;
            ++hl7Count;
            QVERIFY2(e.value.startsWith("MSH|^~\\&|"), qPrintable(describe(e)));
            QVERIFY2(!e.value.contains('\n'), qPrintable(describe(e)));
            QVERIFY2(e.value.endsWith('\r'), "every segment ends in a carriage return");
            const QStringList segs = segments(e.value);
            QVERIFY(segs.size() >= 4);
            for (const auto& s : segs)
                QVERIFY2(QRegularExpression(QStringLiteral("^[A-Z][A-Z0-9]{2}\\|")).match(s).hasMatch(),
                         qPrintable(QStringLiteral("bad segment '%1' in %2").arg(s, describe(e))));
            const QStringList msh = fields(segs, QStringLiteral("MSH"));
            QCOMPARE(field(msh, 2), QStringLiteral("^~\\&"));
            const QStringList type = field(msh, 9).split(QLatin1Char('^'));
            QCOMPARE(type.size(), 3);
            QCOMPARE(type[0] + QLatin1Char('^') + type[1], QString::fromUtf8(e.header(u"event-type")));
            QCOMPARE(field(msh, 7), hl7Time(e.timestampMs));
            QCOMPARE(field(msh, 11), QStringLiteral("P"));
            QCOMPARE(field(msh, 12), QStringLiteral("2.5.1"));
            const QString controlId = field(msh, 10);
            QVERIFY(!controlId.isEmpty());
            QVERIFY2(!controlIds.contains(controlId), qPrintable(controlId));
            controlIds.insert(controlId);
            // Like a live feed's, control ids grow along the list.
            const qint64 sequence = QString(controlId).remove(QRegularExpression(QStringLiteral("^[A-Z]+"))).toLongLong();
            QVERIFY2(sequence > lastSequence, qPrintable(controlId));
            lastSequence = sequence;

            const QStringList pid = fields(segs, QStringLiteral("PID"));
            QCOMPARE(field(pid, 3), QString::fromUtf8(e.key) + QStringLiteral("^^^PLEXUS^MR"));
            QCOMPARE(field(pid, 5).count(QLatin1Char('^')), 2);
            QVERIFY(QDate::fromString(field(pid, 7), QStringLiteral("yyyyMMdd")).isValid());
            const QStringList pv1 = fields(segs, QStringLiteral("PV1"));
            QCOMPARE(field(pv1, 2), QStringLiteral("I"));
            QVERIFY(field(pv1, 3).endsWith(QLatin1String("^PLEXUS")));
            QVERIFY(field(pv1, 19).startsWith(QLatin1Char('V')));

            if (type[0] == QLatin1String("ADT")) {
                const QStringList evn = fields(segs, QStringLiteral("EVN"));
                QCOMPARE(field(evn, 1), type[1]);
                QCOMPARE(field(evn, 2), field(msh, 7));
                QCOMPARE(type[2], type[1] == QLatin1String("A08") ? QStringLiteral("ADT_A01") : QStringLiteral("ADT_") + type[1]);
                if (type[1] == QLatin1String("A01")) QVERIFY(field(fields(segs, QStringLiteral("DG1")), 3).endsWith("^I10"));
                if (type[1] == QLatin1String("A02")) QVERIFY(!field(pv1, 6).isEmpty());
                if (type[1] == QLatin1String("A03")) {
                    QCOMPARE(field(pv1, 45), field(msh, 7));
                    QVERIFY(!field(pv1, 36).isEmpty());
                }
            } else if (type[0] == QLatin1String("ORU")) {
                QCOMPARE(type[2], QStringLiteral("ORU_R01"));
                const QStringList obr = fields(segs, QStringLiteral("OBR"));
                QVERIFY(field(obr, 4).endsWith(QLatin1String("^LN")));
                QVERIFY(loincCheckDigitOk(field(obr, 4).section(QLatin1Char('^'), 0, 0)));
                QVERIFY(fromHl7Time(field(obr, 7)) > 0 && fromHl7Time(field(obr, 7)) <= e.timestampMs);
                QCOMPARE(field(obr, 25), QStringLiteral("F"));
                int obx = 0;
                for (const auto& s : segs) obx += s.startsWith(QLatin1String("OBX|")) ? 1 : 0;
                QVERIFY(obx >= 1);
            } else if (type[0] == QLatin1String("RDE")) {
                QCOMPARE(type[2], QStringLiteral("RDE_O11"));
                QCOMPARE(field(fields(segs, QStringLiteral("ORC")), 1), QStringLiteral("NW"));
                const QStringList rxe = fields(segs, QStringLiteral("RXE"));
                const QStringList give = field(rxe, 2).split(QLatin1Char('^'));
                QCOMPARE(give.size(), 3);
                QVERIFY(QRegularExpression(QStringLiteral("^\\d{5,8}$")).match(give[0]).hasMatch());
                QCOMPARE(give[2], QStringLiteral("RXNORM"));
                QVERIFY(field(rxe, 3).toDouble() > 0);
                QVERIFY(field(rxe, 5).endsWith(QLatin1String("^UCUM")));
                QVERIFY(field(fields(segs, QStringLiteral("RXR")), 1).endsWith(QLatin1String("^HL70162")));
                QVERIFY(!fields(segs, QStringLiteral("TQ1")).isEmpty());
            } else {
                QFAIL(qPrintable(QStringLiteral("unexpected message type ") + field(msh, 9)));
            }
        }
        QVERIFY(hl7Count > 50);
    }

    void labValuesMatchRangesAndFlags() {
        int checked = 0;
        QSet<QString> flagsSeen;
        auto checkFhirObservation = [&](const QJsonObject& o, const SampleEvent& e) {
            const QString code =
                o.value("code").toObject().value("coding").toArray().at(0).toObject().value("code").toString();
            QVERIFY2(loincCheckDigitOk(code), qPrintable(code));
            const QJsonArray ranges = o.value("referenceRange").toArray();
            if (ranges.isEmpty()) return;  // vital signs
            const QString text = ranges.at(0).toObject().value("text").toString().section(QLatin1Char(' '), 0, 0);
            const double v = o.value("valueQuantity").toObject().value("value").toDouble();
            const QString f = o.value("interpretation").toArray().at(0).toObject().value("coding").toArray().at(0)
                                  .toObject().value("code").toString();
            QVERIFY2(baseFlag(f) == expectedFlag(v, text),
                     qPrintable(QStringLiteral("%1 = %2, range %3, flag %4 in %5").arg(code).arg(v).arg(text, f, describe(e))));
            flagsSeen.insert(f);
            ++checked;
        };
        for (const auto& e : m_events) {
            if (e.topic != QLatin1String("lab.results")) continue;
            if (e.isHl7()) {
                for (const auto& s : segments(e.value)) {
                    if (!s.startsWith(QLatin1String("OBX|"))) continue;
                    const QStringList obx = s.split(QLatin1Char('|'));
                    QCOMPARE(field(obx, 2), QStringLiteral("NM"));
                    const QString code = field(obx, 3).section(QLatin1Char('^'), 0, 0);
                    QVERIFY2(loincCheckDigitOk(code), qPrintable(code));
                    QVERIFY(field(obx, 3).endsWith(QLatin1String("^LN")));
                    QVERIFY(field(obx, 6).endsWith(QLatin1String("^UCUM")));
                    QCOMPARE(field(obx, 11), QStringLiteral("F"));
                    bool ok = false;
                    const double v = field(obx, 5).toDouble(&ok);
                    QVERIFY2(ok, qPrintable(s));
                    const QString range = field(obx, 7);
                    if (range.isEmpty()) {
                        QVERIFY(e.header(u"source") == "vitals-sim");
                        continue;
                    }
                    QVERIFY2(baseFlag(field(obx, 8)) == expectedFlag(v, range), qPrintable(s));
                    flagsSeen.insert(field(obx, 8));
                    ++checked;
                }
                continue;
            }
            const QJsonObject r = QJsonDocument::fromJson(e.value).object();
            if (r.value("resourceType").toString() == QLatin1String("Observation")) checkFhirObservation(r, e);
            for (const auto& c : r.value("contained").toArray()) checkFhirObservation(c.toObject(), e);
        }
        QVERIFY(checked > 500);
        // Sick patients: abnormal results as well as normal ones.
        QVERIFY(flagsSeen.contains("N"));
        QVERIFY(flagsSeen.contains("H"));
        QVERIFY(flagsSeen.contains("L"));
        QVERIFY(flagsSeen.contains("HH"));
    }

    void eventsOfEachPatientAreInClinicalOrder() {
        const qint64 base = kBase.toMSecsSinceEpoch();
        QHash<QByteArray, QList<SampleEvent>> byKey;
        qint64 previous = 0;
        for (const auto& e : m_events) {
            QVERIFY2(e.timestampMs >= previous, "the list is sorted by time");
            previous = e.timestampMs;
            QVERIFY2(e.timestampMs <= base && e.timestampMs >= base - 4 * 24 * 3600 * 1000LL, qPrintable(describe(e)));
            QCOMPARE(contentTime(e), e.timestampMs);
            byKey[e.key].append(e);
        }
        QCOMPARE(byKey.size(), 50);
        int transfers = 0, discharges = 0;
        for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
            const QList<SampleEvent>& events = it.value();
            const SampleEvent& first = events.first();
            QVERIFY2(first.topic == QLatin1String("adt.events") && adtKind(first) == AdtKind::Admit,
                     qPrintable(QStringLiteral("first event is not the admission: ") + describe(first)));
            const qint64 admit = first.timestampMs;
            qint64 transfer = -1, discharge = -1;
            for (qsizetype i = 0; i < events.size(); ++i) {
                const SampleEvent& e = events[i];
                QVERIFY(e.timestampMs >= admit);
                if (e.topic != QLatin1String("adt.events")) {
                    QVERIFY2(discharge < 0, qPrintable(QStringLiteral("event after the discharge: ") + describe(e)));
                    continue;
                }
                switch (adtKind(e)) {
                case AdtKind::Admit: QVERIFY2(i == 0, qPrintable(QStringLiteral("second admission: ") + describe(e))); break;
                case AdtKind::Transfer:
                    QVERIFY(transfer < 0 && discharge < 0);
                    transfer = e.timestampMs;
                    QVERIFY(transfer >= admit);
                    ++transfers;
                    break;
                case AdtKind::Update: QVERIFY(discharge < 0); break;
                case AdtKind::Discharge:
                    QVERIFY(discharge < 0);
                    discharge = e.timestampMs;
                    QVERIFY(discharge >= admit && discharge >= transfer);
                    QCOMPARE(i, events.size() - 1);
                    ++discharges;
                    break;
                case AdtKind::Unknown: QFAIL(qPrintable(describe(e)));
                }
            }
        }
        // Some patients move, some go home, some are still in hospital.
        QVERIFY(transfers > 5 && transfers < 50);
        QVERIFY(discharges > 5 && discharges < 50);
    }

    // python-hl7 (Debian's python3-hl7), an independent parser, must read
    // every HL7 message: message type, control id, version, PID-3 and the
    // segment counts must be what the C++ side wrote.
    void pythonHl7ParsesEveryMessage() {
        if (!QFileInfo::exists(QString::fromLatin1(kPython)))
            QFAIL("/usr/bin/python3 is missing: install the Debian package python3 (installer/install-deps.sh --test)");
        QProcess probe;
        probe.start(QString::fromLatin1(kPython), {"-c", "from hl7 import parse"});
        if (!probe.waitForFinished(60000))
            QFAIL(qPrintable(QStringLiteral("could not run /usr/bin/python3 (%1): install the Debian package python3 "
                                            "(installer/install-deps.sh --test)")
                                 .arg(probe.errorString())));
        if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            QFAIL(qPrintable(QStringLiteral("the python3 module 'hl7' is missing: install the Debian package "
                                            "python3-hl7 (installer/install-deps.sh --test): ") +
                             QString::fromUtf8(probe.readAllStandardError())));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("messages.hl7"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QStringList expected;
        for (const auto& e : m_events) {
            if (!e.isHl7()) continue;
            file.write(e.value + '\n');  // one message per line; segments inside end in "\r"
            const QStringList segs = segments(e.value);
            const QStringList msh = fields(segs, QStringLiteral("MSH"));
            int obx = 0;
            for (const auto& s : segs) obx += s.startsWith(QLatin1String("OBX|")) ? 1 : 0;
            const QString rxe = field(fields(segs, QStringLiteral("RXE")), 2);
            expected << QStringList{field(msh, 10), field(msh, 9), field(msh, 12), QString::fromUtf8(e.key),
                                    QString::fromUtf8(e.key) + QStringLiteral("^^^PLEXUS^MR"),
                                    QString::number(segs.size()), QString::number(obx),
                                    rxe.isEmpty() ? QStringLiteral("-") : rxe}
                            .join(QLatin1Char('\t'));
        }
        file.close();

        const char* script =
            "import sys, hl7\n"
            "with open(sys.argv[1], encoding='utf-8', newline='') as f:\n"
            "    data = f.read()\n"
            "for raw in data.split('\\n'):\n"
            "    if not raw:\n"
            "        continue\n"
            "    m = hl7.parse(raw)\n"
            "    msh = m.segment('MSH')\n"
            "    pid = m.segment('PID')\n"
            "    names = [str(s[0]) for s in m]\n"
            "    rxe = [str(s[2]) for s in m if str(s[0]) == 'RXE']\n"
            "    print('\\t'.join([str(msh[10]), str(msh[9]), str(msh[12]), str(m['PID.F3.R1.C1']), str(pid[3]),\n"
            "                     str(len(m)), str(names.count('OBX')), rxe[0] if rxe else '-']))\n";
        QProcess python;
        python.start(QString::fromLatin1(kPython), {"-c", QString::fromLatin1(script), path});
        QVERIFY(python.waitForFinished(120000));
        const QString err = QString::fromUtf8(python.readAllStandardError());
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0, qPrintable(err));
        QStringList actual = QString::fromUtf8(python.readAllStandardOutput()).split(QLatin1Char('\n'));
        if (!actual.isEmpty() && actual.last().isEmpty()) actual.removeLast();
        QCOMPARE(actual.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) QCOMPARE(actual[i], expected[i]);
    }
};

QTEST_GUILESS_MAIN(TestSampleData)
#include "test_sample_data.moc"

#pragma once
// Synthetic healthcare events for Plexus Center's "Load sample healthcare
// events" action: a small hospital's admissions, lab results and pharmacy
// orders, in both formats a real integration hub carries, so the message
// browser, search and lag views have something realistic to show.
//
// Every person, address, phone number, provider and identifier is invented
// (names are drawn at random from small pools; phone numbers are in the
// fictional 555-01xx range; MRNs are "MRN" + 6 random digits). The clinical
// content is plausible but synthetic: each patient gets one admitting
// problem (pneumonia, heart failure, NSTEMI, sepsis, hip fracture or COPD
// exacerbation) that shapes the lab values, vitals and medications. The
// codes are real: LOINC for tests, UCUM for units, RxNorm for drugs,
// ICD-10-CM for diagnoses, HL7 tables 0078/0162/0335 and the FHIR R4 code
// systems, so downstream tools that look codes up find them.
//
// Topics (sampleTopics(), 3 partitions each):
//
//  * adt.events       HL7 v2 ADT^A01 (admit), ADT^A02 (transfer), ADT^A03
//                     (discharge), ADT^A08 (demographics update), or the FHIR
//                     R4 equivalents: Encounter (in-progress at admission,
//                     with a second location after a transfer, finished at
//                     discharge) and Patient (the update). Source `ehr-sim`.
//  * lab.results      HL7 v2 ORU^R01 (one OBR and one OBX per analyte, with
//                     units, reference range and abnormal flag), or FHIR R4
//                     Observation (single tests) and DiagnosticReport (panels,
//                     their Observations contained). Source `lis-sim`; bedside
//                     vital signs travel here as well (ORU^R01 or Observation
//                     with category vital-signs), source `vitals-sim`.
//  * pharmacy.orders  HL7 v2 RDE^O11 (ORC, RXE, TQ1, RXR) or FHIR R4
//                     MedicationRequest. Source `pharmacy-sim`.
//
// Each event is written in one format, chosen at random (about half each),
// so every topic carries both. HL7 v2 messages are version 2.5.1, segments
// end in a carriage return ("\r", as the standard says; no "\n" anywhere),
// MSH-10 control ids are unique over the whole set, PID-3 holds the MRN as
// `MRN123456^^^PLEXUS^MR`. HL7 times are UTC, `YYYYMMDDHHMMSS`; FHIR times are
// ISO 8601 UTC (`2024-06-01T08:30:00Z`). FHIR JSON is compact, one line, keys
// in the order of the FHIR specification's examples (resourceType, id, meta
// first). meta.lastUpdated of a FHIR resource and MSH-7 of an HL7 message
// are the event's time (SampleEvent::timestampMs).
//
// Record key: the patient's MRN, so a patient's events land in one partition
// and stay in order. Headers: `content-type` (`application/hl7-v2` or
// `application/fhir+json`), `event-type` (`ADT^A01`, `ORU^R01`, `RDE^O11`, or
// the FHIR resourceType) and `source`.
//
// Thread safety: plain functions over values; no shared state, no I/O. Safe
// to call from any thread, concurrently.
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>

namespace plexus::monitor {

inline constexpr char kSampleAdtTopic[] = "adt.events";
inline constexpr char kSampleLabTopic[] = "lab.results";
inline constexpr char kSamplePharmacyTopic[] = "pharmacy.orders";
inline constexpr char kHl7ContentType[] = "application/hl7-v2";
inline constexpr char kFhirContentType[] = "application/fhir+json";

/// One record to produce.
struct SampleEvent {
    QString topic;
    QByteArray key;    ///< the patient's MRN, e.g. "MRN482913"
    QByteArray value;  ///< an HL7 v2 message or a FHIR R4 resource (UTF-8)
    QList<QPair<QString, QByteArray>> headers;  ///< content-type, event-type, source
    qint64 timestampMs = 0;  ///< when it happened (ms since the epoch, UTC); a producer may use it as CreateTime

    /// The value of header `name`, or a null QByteArray when there is none.
    QByteArray header(QStringView name) const;
    bool isHl7() const { return header(u"content-type") == kHl7ContentType; }
    bool isFhir() const { return header(u"content-type") == kFhirContentType; }
};

/// A topic the sample data needs, to be created before producing.
struct SampleTopic {
    QString name;
    int partitions = 3;
};

/// adt.events, lab.results and pharmacy.orders, 3 partitions each.
QList<SampleTopic> sampleTopics();

/// The events of `patients` synthetic inpatients (clamped to 0..10000; 50
/// give about 600 events), all stamped within the four days before `base`
/// (which is truncated to whole seconds): admissions 6 to 84 hours before
/// it, about half of the patients discharged again, the rest still in
/// hospital.
///
/// The list is sorted by time, so each patient's events come in a plausible
/// clinical order: the admission first, then vitals, results, orders, a
/// transfer or a demographics update, and the discharge last. Produce it in
/// list order and each partition holds every patient's events in that order.
/// Like a live feed's, the numeric part of MSH-10 control ids (and of order
/// numbers) grows along the list.
///
/// Deterministic: the same seed and base always give the same bytes (the
/// randomness is a std::mt19937 seeded with `seed`, mapped to ranges by
/// integer arithmetic, so it does not depend on the standard library's
/// distributions). Different seeds give different patients and events.
QList<SampleEvent> generateSampleEvents(quint32 seed, int patients,
                                        const QDateTime& base = QDateTime::currentDateTimeUtc());

}  // namespace plexus::monitor

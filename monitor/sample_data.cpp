#include "monitor/sample_data.h"

#include <QDate>
#include <QSet>
#include <QStringList>
#include <QUuid>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <random>
#include <utility>
#include <vector>

// Ordinary escaped string literals only: moc scans this target's sources and
// mis-reads raw string literals.

namespace plexus::monitor {

QByteArray SampleEvent::header(QStringView name) const {
    for (const auto& h : headers)
        if (h.first == name) return h.second;
    return {};
}

QList<SampleTopic> sampleTopics() {
    return {{QString::fromLatin1(kSampleAdtTopic), 3},
            {QString::fromLatin1(kSampleLabTopic), 3},
            {QString::fromLatin1(kSamplePharmacyTopic), 3}};
}

namespace {

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 3600;
constexpr int kMaxPatients = 10000;
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

constexpr char kFacility[] = "PLEXUS";        // assigning authority of MRNs, facility of locations
constexpr char kHospital[] = "PLEXUS-GEN";    // MSH-4/MSH-6
constexpr char kLoincSystem[] = "http://loinc.org";
constexpr char kRxNormSystem[] = "http://www.nlm.nih.gov/research/umls/rxnorm";
constexpr char kUcumSystem[] = "http://unitsofmeasure.org";
constexpr char kIcd10System[] = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr char kSnomedSystem[] = "http://snomed.info/sct";
constexpr char kMrnSystem[] = "http://plexus.example.org/fhir/sid/mrn";
constexpr char kVisitSystem[] = "http://plexus.example.org/fhir/sid/visit-number";
constexpr char kOrderSystem[] = "http://plexus.example.org/fhir/sid/order-number";
constexpr char kAccessionSystem[] = "http://plexus.example.org/fhir/sid/lab-accession";

// ---------------------------------------------------------------------------
// Randomness: std::mt19937 (its output sequence is fixed by the standard)
// mapped to ranges by plain arithmetic, so a seed means the same data with
// every standard library.

class Rng {
public:
    explicit Rng(quint32 seed) : m_engine(seed) {}

    quint32 next() { return static_cast<quint32>(m_engine()); }
    /// Uniform in [lo, hi] (inclusive).
    qint64 range(qint64 lo, qint64 hi) {
        const auto span = static_cast<quint64>(hi - lo) + 1;
        const quint64 wide = (quint64(next()) << 32) | next();
        return lo + static_cast<qint64>(wide % span);
    }
    int rangeInt(int lo, int hi) { return static_cast<int>(range(lo, hi)); }
    /// Uniform in [lo, hi).
    double real(double lo, double hi) { return lo + (hi - lo) * (next() / 4294967296.0); }
    bool chance(double p) { return real(0, 1) < p; }
    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) {
        return items[static_cast<std::size_t>(range(0, qint64(N) - 1))];
    }
    QString uuid() {
        QByteArray bytes(16, Qt::Uninitialized);
        for (int i = 0; i < 16; i += 4) {
            const quint32 word = next();
            for (int b = 0; b < 4; ++b) bytes[i + b] = static_cast<char>((word >> (8 * b)) & 0xff);
        }
        bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
        bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    }

private:
    std::mt19937 m_engine;
};

// ---------------------------------------------------------------------------
// Catalogues. LOINC long common names, UCUM units, common adult reference
// intervals. Reference ranges: two-sided means low <= v <= high is normal;
// an upper bound alone ("<0.04") means v < high is normal; a lower bound
// alone (">40") means v > low is normal.

struct Analyte {
    const char* loinc;
    const char* name;       ///< LOINC long common name
    const char* shortName;  ///< what a lab report prints
    const char* unit;       ///< UCUM
    double refLow, refHigh;              ///< kNone: no bound on that side
    double refLowFemale, refHighFemale;  ///< kNone: as above for everyone
    double critLow, critHigh;            ///< kNone: no critical limit
    double normLow, normHigh;            ///< a well patient's values; kNone: the middle of the range
    int decimals;
};

constexpr Analyte kAnalytes[] = {
    // Basic metabolic panel
    {"2951-2", "Sodium [Moles/volume] in Serum or Plasma", "Sodium", "mmol/L",
     136, 145, kNone, kNone, 120, 160, kNone, kNone, 0},
    {"2823-3", "Potassium [Moles/volume] in Serum or Plasma", "Potassium", "mmol/L",
     3.5, 5.1, kNone, kNone, 2.8, 6.2, kNone, kNone, 1},
    {"2075-0", "Chloride [Moles/volume] in Serum or Plasma", "Chloride", "mmol/L",
     98, 107, kNone, kNone, kNone, kNone, kNone, kNone, 0},
    {"2028-9", "Carbon dioxide, total [Moles/volume] in Serum or Plasma", "CO2", "mmol/L",
     22, 29, kNone, kNone, 12, 40, kNone, kNone, 0},
    {"3094-0", "Urea nitrogen [Mass/volume] in Serum or Plasma", "BUN", "mg/dL",
     7, 20, kNone, kNone, kNone, kNone, kNone, kNone, 0},
    {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "Creatinine", "mg/dL",
     0.74, 1.35, 0.59, 1.04, kNone, kNone, kNone, kNone, 2},
    {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "Glucose", "mg/dL",
     70, 99, kNone, kNone, 50, 400, 76, 128, 0},
    {"17861-6", "Calcium [Mass/volume] in Serum or Plasma", "Calcium", "mg/dL",
     8.6, 10.3, kNone, kNone, 6.5, 13.0, kNone, kNone, 1},
    // CBC
    {"6690-2", "Leukocytes [#/volume] in Blood by Automated count", "WBC", "10*3/uL",
     4.5, 11.0, kNone, kNone, 2.0, 30.0, kNone, kNone, 1},
    {"789-8", "Erythrocytes [#/volume] in Blood by Automated count", "RBC", "10*6/uL",
     4.5, 5.9, 4.0, 5.2, kNone, kNone, kNone, kNone, 2},
    {"718-7", "Hemoglobin [Mass/volume] in Blood", "Hemoglobin", "g/dL",
     13.5, 17.5, 12.0, 15.5, 7.0, 20.0, kNone, kNone, 1},
    {"4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", "Hematocrit", "%",
     41, 53, 36, 46, 21, 60, kNone, kNone, 1},
    {"787-2", "MCV [Entitic volume] by Automated count", "MCV", "fL",
     80, 100, kNone, kNone, kNone, kNone, kNone, kNone, 1},
    {"777-3", "Platelets [#/volume] in Blood by Automated count", "Platelets", "10*3/uL",
     150, 400, kNone, kNone, 20, 1000, kNone, kNone, 0},
    // Lipid panel
    {"2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "Cholesterol", "mg/dL",
     kNone, 200, kNone, kNone, kNone, kNone, 150, 195, 0},
    {"2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "Triglycerides", "mg/dL",
     kNone, 150, kNone, kNone, kNone, kNone, 70, 145, 0},
    {"2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "HDL cholesterol", "mg/dL",
     40, kNone, kNone, kNone, kNone, kNone, 42, 70, 0},
    {"13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation", "LDL cholesterol (calc)",
     "mg/dL", kNone, 100, kNone, kNone, kNone, kNone, 60, 98, 0},
    // Single tests
    {"10839-9", "Troponin I.cardiac [Mass/volume] in Serum or Plasma", "Troponin I", "ng/mL",
     kNone, 0.04, kNone, kNone, kNone, kNone, 0.0, 0.03, 2},
    {"2524-7", "Lactate [Moles/volume] in Serum or Plasma", "Lactate", "mmol/L",
     0.5, 2.2, kNone, kNone, kNone, 4.0, 0.7, 1.9, 1},
    {"30934-4", "Natriuretic peptide B [Mass/volume] in Serum or Plasma", "BNP", "pg/mL",
     kNone, 100, kNone, kNone, kNone, kNone, 15, 90, 0},
    {"33959-8", "Procalcitonin [Mass/volume] in Serum or Plasma", "Procalcitonin", "ng/mL",
     kNone, 0.5, kNone, kNone, kNone, kNone, 0.02, 0.2, 2},
    {"6301-6", "INR in Platelet poor plasma by Coagulation assay", "INR", "{INR}",
     0.8, 1.2, kNone, kNone, kNone, 5.0, 0.9, 1.1, 1},
    // Vital signs (sent without reference ranges, as bedside devices do)
    {"8867-4", "Heart rate", "Heart rate", "/min", 60, 100, kNone, kNone, kNone, kNone, 62, 96, 0},
    {"9279-1", "Respiratory rate", "Respiratory rate", "/min", 12, 20, kNone, kNone, kNone, kNone, 12, 19, 0},
    {"8310-5", "Body temperature", "Temperature", "Cel", 36.1, 37.9, kNone, kNone, kNone, kNone, 36.4, 37.4, 1},
    {"59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "SpO2", "%",
     95, 100, kNone, kNone, kNone, kNone, 95, 99, 0},
    {"8480-6", "Systolic blood pressure", "Systolic BP", "mm[Hg]", 90, 139, kNone, kNone, kNone, kNone, 106, 136, 0},
    {"8462-4", "Diastolic blood pressure", "Diastolic BP", "mm[Hg]", 60, 89, kNone, kNone, kNone, kNone, 62, 86, 0},
};

const Analyte& analyte(const char* loinc) {
    for (const auto& a : kAnalytes)
        if (qstrcmp(a.loinc, loinc) == 0) return a;
    Q_UNREACHABLE();
}

/// An orderable lab test: a panel or a single analyte.
struct LabTest {
    const char* id;
    const char* loinc;
    const char* name;       ///< LOINC long common name of the order
    const char* shortName;
    const char* section;    ///< HL7 table 0074 diagnostic service section
    const char* sectionText;
    std::array<const char*, 8> members;  ///< analyte LOINC codes (nullptr-terminated); a single test lists itself
    int turnaroundMin, turnaroundMax;    ///< minutes from collection to result
};

constexpr LabTest kLabTests[] = {
    {"BMP", "24321-2", "Basic metabolic 2000 panel - Serum or Plasma", "Basic metabolic panel", "CH", "Chemistry",
     {"2951-2", "2823-3", "2075-0", "2028-9", "3094-0", "2160-0", "2345-7", "17861-6"}, 35, 90},
    {"CBC", "58410-2", "CBC panel - Blood by Automated count", "CBC", "HM", "Hematology",
     {"6690-2", "789-8", "718-7", "4544-3", "787-2", "777-3"}, 20, 60},
    {"LIPID", "24331-1", "Lipid 1996 panel - Serum or Plasma", "Lipid panel", "CH", "Chemistry",
     {"2093-3", "2571-8", "2085-9", "13457-7"}, 60, 180},
    {"TROP", "10839-9", "Troponin I.cardiac [Mass/volume] in Serum or Plasma", "Troponin I", "CH", "Chemistry",
     {"10839-9"}, 30, 60},
    {"LACT", "2524-7", "Lactate [Moles/volume] in Serum or Plasma", "Lactate", "CH", "Chemistry",
     {"2524-7"}, 15, 40},
    {"BNP", "30934-4", "Natriuretic peptide B [Mass/volume] in Serum or Plasma", "BNP", "CH", "Chemistry",
     {"30934-4"}, 40, 90},
    {"PCT", "33959-8", "Procalcitonin [Mass/volume] in Serum or Plasma", "Procalcitonin", "CH", "Chemistry",
     {"33959-8"}, 60, 150},
    {"INR", "6301-6", "INR in Platelet poor plasma by Coagulation assay", "INR", "HM", "Hematology",
     {"6301-6"}, 25, 60},
};

const LabTest& labTest(const char* id) {
    for (const auto& t : kLabTests)
        if (qstrcmp(t.id, id) == 0) return t;
    Q_UNREACHABLE();
}

int memberCount(const LabTest& t) {
    int n = 0;
    while (n < int(t.members.size()) && t.members[std::size_t(n)]) ++n;
    return n;
}

constexpr char kVitalsPanelLoinc[] = "85353-1";
constexpr char kVitalsPanelName[] = "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel";
constexpr std::array<const char*, 6> kVitalSigns = {"8867-4", "9279-1", "8310-5", "59408-5", "8480-6", "8462-4"};

struct Route {
    const char* code;  ///< HL7 table 0162
    const char* text;
    const char* snomed;
    const char* snomedText;
};
constexpr Route kOral{"PO", "Oral", "26643006", "Oral route"};
constexpr Route kIntravenous{"IV", "Intravenous", "47625008", "Intravenous route"};
constexpr Route kSubcutaneous{"SC", "Subcutaneous", "34206005", "Subcutaneous route"};
constexpr Route kInhalation{"IH", "Inhalation", "447694001", "Respiratory tract route"};

struct Frequency {
    const char* code;  ///< HL7 table 0335 repeat pattern; empty: a single dose
    const char* text;
    int frequency;     ///< FHIR Timing.repeat: `frequency` times per `period` `periodUnit`
    int period;
    const char* periodUnit;
};
constexpr Frequency kEvery24h{"Q24H", "every 24 hours", 1, 24, "h"};
constexpr Frequency kTwiceDaily{"BID", "twice a day", 2, 1, "d"};
constexpr Frequency kEvery12h{"Q12H", "every 12 hours", 1, 12, "h"};
constexpr Frequency kEvery8h{"Q8H", "every 8 hours", 1, 8, "h"};
constexpr Frequency kEvery6h{"Q6H", "every 6 hours", 1, 6, "h"};
constexpr Frequency kEvery4h{"Q4H", "every 4 hours", 1, 4, "h"};
constexpr Frequency kOnce{"", "once", 0, 0, ""};

/// A medication order. RxNorm codes are clinical drugs (SCD).
struct Med {
    const char* id;
    const char* rxnorm;
    const char* display;  ///< RxNorm name
    double dose;
    const char* unit;      ///< UCUM
    const char* unitName;
    const char* form;
    const Route* route;
    const Frequency* frequency;
    const char* asNeededFor;   ///< nullptr unless PRN
    const char* instructions;  ///< nullptr if none
};

constexpr Med kMeds[] = {
    {"ceftriaxone", "1665021", "ceftriaxone 1000 MG Injection", 1, "g", "gram", "Injection",
     &kIntravenous, &kEvery24h, nullptr, "Infuse over 30 minutes"},
    {"azithromycin", "248656", "azithromycin 500 MG Oral Tablet", 500, "mg", "milligram", "Tablet",
     &kOral, &kEvery24h, nullptr, nullptr},
    {"acetaminophen", "313782", "acetaminophen 325 MG Oral Tablet", 650, "mg", "milligram", "Tablet",
     &kOral, &kEvery6h, "pain or fever", "Do not exceed 3 g in 24 hours"},
    {"enoxaparin", "854235", "0.4 ML enoxaparin sodium 100 MG/ML Prefilled Syringe", 40, "mg", "milligram",
     "Prefilled Syringe", &kSubcutaneous, &kEvery24h, nullptr, "VTE prophylaxis"},
    {"furosemide", "1719286", "10 ML furosemide 10 MG/ML Injection", 40, "mg", "milligram", "Injection",
     &kIntravenous, &kTwiceDaily, nullptr, "IV push over 2 minutes; hold if SBP below 90"},
    {"lisinopril", "314076", "lisinopril 10 MG Oral Tablet", 10, "mg", "milligram", "Tablet",
     &kOral, &kEvery24h, nullptr, "Hold if SBP below 100"},
    {"metoprolol", "866924", "metoprolol tartrate 25 MG Oral Tablet", 25, "mg", "milligram", "Tablet",
     &kOral, &kTwiceDaily, nullptr, "Hold if heart rate below 55 or SBP below 100"},
    {"aspirin", "243670", "aspirin 81 MG Oral Tablet", 81, "mg", "milligram", "Tablet",
     &kOral, &kEvery24h, nullptr, nullptr},
    {"atorvastatin", "259255", "atorvastatin 80 MG Oral Tablet", 80, "mg", "milligram", "Tablet",
     &kOral, &kEvery24h, nullptr, "Give at bedtime"},
    {"heparin", "1361615", "heparin sodium, porcine 5000 UNT/ML Injectable Solution", 5000, "[iU]",
     "international unit", "Injectable Solution", &kSubcutaneous, &kEvery8h, nullptr, "VTE prophylaxis"},
    {"vancomycin", "1807513", "vancomycin 1000 MG Injection", 1, "g", "gram", "Injection",
     &kIntravenous, &kEvery12h, nullptr, "Infuse over 60 minutes; trough before the fourth dose"},
    {"piptazo", "1659149", "piperacillin 4000 MG / tazobactam 500 MG Injection", 4.5, "g", "gram", "Injection",
     &kIntravenous, &kEvery6h, nullptr, "Infuse over 30 minutes"},
    {"nacl", "313002", "sodium chloride 9 MG/ML Injectable Solution", 1000, "mL", "milliliter",
     "Injectable Solution", &kIntravenous, &kOnce, nullptr, "Bolus over 60 minutes"},
    {"oxycodone", "1049621", "oxycodone hydrochloride 5 MG Oral Tablet", 5, "mg", "milligram", "Tablet",
     &kOral, &kEvery4h, "moderate to severe pain", nullptr},
    {"prednisone", "312615", "prednisone 20 MG Oral Tablet", 40, "mg", "milligram", "Tablet",
     &kOral, &kEvery24h, nullptr, "Give 2 tablets with breakfast"},
    {"albuterol", "630208", "albuterol 0.83 MG/ML Inhalation Solution", 2.5, "mg", "milligram",
     "Inhalation Solution", &kInhalation, &kEvery4h, "wheezing or shortness of breath", "Via nebulizer"},
};

const Med& med(const char* id) {
    for (const auto& m : kMeds)
        if (qstrcmp(m.id, id) == 0) return m;
    Q_UNREACHABLE();
}

struct Unit {
    const char* code;
    const char* name;
    int firstRoom;
};
constexpr Unit kUnits[] = {
    {"4W", "4 West Medical", 401},       {"5E", "5 East Surgical", 501}, {"6E", "6 East Orthopedics", 601},
    {"ICU", "Medical ICU", 101},         {"CCU", "Cardiac Care Unit", 201},
    {"TELE", "3 North Telemetry", 301},  {"PCU", "Progressive Care Unit", 701},
};

const Unit& unit(const char* code) {
    for (const auto& u : kUnits)
        if (qstrcmp(u.code, code) == 0) return u;
    Q_UNREACHABLE();
}

/// Where a condition pushes an analyte (or vital sign), replacing its normal spread.
struct Bias {
    const char* loinc;
    double low, high;
};

/// An admitting problem: what it looks like in the labs and which drugs it gets.
struct Condition {
    const char* icd10;
    const char* display;
    const char* service;       ///< PV1-10 hospital service
    const char* admitUnit;
    const char* transferUnit;
    std::array<const char*, 5> labs;  ///< LabTest ids ordered at admission (nullptr-terminated)
    const char* repeatLab;            ///< repeated some hours later, or nullptr
    bool repeatImproves;              ///< the repeat shows treatment working (no bias)
    std::array<const char*, 4> meds;  ///< the first two are always ordered
    std::array<Bias, 12> biases;
    int homeDischargePercent;
};

constexpr Condition kConditions[] = {
    {"J18.9", "Pneumonia, unspecified organism", "MED", "4W", "ICU", {"CBC", "BMP", "PCT", "LACT"}, nullptr, false,
     {"ceftriaxone", "azithromycin", "acetaminophen", "enoxaparin"},
     {{{"6690-2", 12.0, 19.5}, {"33959-8", 0.6, 4.5}, {"8310-5", 38.1, 39.4}, {"9279-1", 20, 28},
       {"59408-5", 88, 94}, {"8867-4", 92, 118}}},
     80},
    {"I50.23", "Acute on chronic systolic (congestive) heart failure", "CAR", "TELE", "4W",
     {"CBC", "BMP", "BNP", "TROP"}, nullptr, false, {"furosemide", "lisinopril", "metoprolol", "heparin"},
     {{{"30934-4", 450, 2400}, {"2951-2", 129, 137}, {"2160-0", 1.2, 2.1}, {"3094-0", 22, 45},
       {"59408-5", 89, 95}, {"9279-1", 18, 26}, {"8480-6", 138, 172}, {"8867-4", 84, 110}}},
     75},
    {"I21.4", "Non-ST elevation (NSTEMI) myocardial infarction", "CAR", "CCU", "TELE",
     {"CBC", "BMP", "TROP", "LIPID", "INR"}, "TROP", false, {"aspirin", "atorvastatin", "metoprolol", "heparin"},
     {{{"10839-9", 0.08, 4.5}, {"2093-3", 205, 270}, {"2571-8", 140, 260}, {"2085-9", 30, 45},
       {"8867-4", 78, 104}, {"8480-6", 128, 165}}},
     85},
    {"A41.9", "Sepsis, unspecified organism", "MED", "ICU", "4W", {"CBC", "BMP", "LACT", "PCT"}, "LACT", true,
     {"nacl", "vancomycin", "piptazo", "acetaminophen"},
     {{{"2524-7", 2.4, 6.5}, {"6690-2", 14, 26}, {"33959-8", 2.0, 25.0}, {"2160-0", 1.4, 2.8},
       {"2028-9", 16, 21}, {"777-3", 85, 160}, {"8310-5", 38.3, 39.8}, {"8867-4", 104, 135},
       {"8480-6", 82, 100}, {"8462-4", 44, 60}, {"9279-1", 22, 30}}},
     55},
    {"S72.001A", "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture", "SUR",
     "6E", "5E", {"CBC", "BMP", "INR"}, nullptr, false, {"oxycodone", "acetaminophen", "enoxaparin"},
     {{{"718-7", 9.0, 11.6}, {"8867-4", 84, 104}}},
     25},
    {"J44.1", "Chronic obstructive pulmonary disease with (acute) exacerbation", "PUL", "PCU", "4W",
     {"CBC", "BMP"}, nullptr, false, {"prednisone", "albuterol", "azithromycin"},
     {{{"2028-9", 30, 36}, {"59408-5", 86, 92}, {"9279-1", 22, 30}, {"8867-4", 92, 115}, {"6690-2", 8.5, 13.5}}},
     80},
};

struct Doctor {
    const char* id;
    const char* family;
    const char* given;
};
constexpr Doctor kDoctors[] = {
    {"D1041", "Okafor", "Adaeze"},  {"D1187", "Lindqvist", "Erik"}, {"D1203", "Ramanathan", "Priya"},
    {"D1276", "Castillo", "Mateo"}, {"D1310", "Brennan", "Siobhan"}, {"D1452", "Haddad", "Karim"},
    {"D1538", "Whitfield", "Nora"},
};

struct City {
    const char* name;
    const char* state;
    const char* zip;
    const char* areaCode;
};
constexpr City kCities[] = {
    {"Springfield", "IL", "62704", "217"}, {"Fairview", "OR", "97024", "503"}, {"Lakewood", "CO", "80226", "303"},
    {"Franklin", "TN", "37064", "615"},    {"Greenville", "SC", "29601", "864"}, {"Madison", "WI", "53703", "608"},
};

constexpr const char* kMaleNames[] = {"James", "Robert", "Michael", "David",  "Daniel", "Carlos",
                                      "Wei",   "Samuel", "Thomas",  "Andre", "Hiroshi", "Omar"};
constexpr const char* kFemaleNames[] = {"Mary",  "Linda", "Patricia", "Susan",  "Maria",  "Aisha",
                                        "Mei",   "Elena", "Grace",    "Fatima", "Laura",  "Nicole"};
constexpr const char* kFamilyNames[] = {
    "Alvarez", "Bennett", "Chen",    "Dubois",  "Eriksen", "Fitzgerald", "Garcia",   "Hoffman", "Ibrahim",
    "Jensen",  "Kowalski", "Larsen", "Moreno",  "Nakamura", "O'Connor",  "Patel",    "Quinn",   "Rossi",
    "Schmidt", "Thompson", "Underwood", "Vasquez", "Walsh", "Yilmaz",    "Zimmerman"};
constexpr const char* kStreets[] = {"Maple Ave", "Oak St",      "Cedar Ln",   "Birch Rd",
                                    "Willow Way", "Elm St",     "Juniper Ct", "Lakeview Dr"};

struct Disposition {
    const char* hl7;  ///< HL7 table 0112
    const char* hl7Text;
    const char* fhir;  ///< http://terminology.hl7.org/CodeSystem/discharge-disposition
    const char* fhirText;
};
constexpr Disposition kHome{"01", "Discharged to home or self care", "home", "Home"};
constexpr Disposition kSkilledNursing{"03", "Discharged to skilled nursing facility", "snf",
                                      "Skilled nursing facility"};
constexpr Disposition kRehab{"62", "Discharged to inpatient rehabilitation facility", "rehab", "Rehabilitation"};

// ---------------------------------------------------------------------------
// Text helpers

QString hl7Time(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyyMMddHHmmss"));
}

QString isoTime(qint64 secs) {
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate);
}

QString number(double v, int decimals) { return QString::number(v, 'f', decimals); }

/// A dose without trailing zeros: 1, 4.5, 5000.
QString doseText(double v) { return QString::number(v, 'g', 8); }

double roundTo(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

/// HL7 v2 escape sequences for the delimiters (MSH-2 is ^~\&).
QString esc(const QString& s) {
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        switch (c.unicode()) {
        case '|': out += QLatin1String("\\F\\"); break;
        case '^': out += QLatin1String("\\S\\"); break;
        case '&': out += QLatin1String("\\T\\"); break;
        case '~': out += QLatin1String("\\R\\"); break;
        case '\\': out += QLatin1String("\\E\\"); break;
        case '\r': out += QLatin1String("\\X0D\\"); break;
        case '\n': out += QLatin1String("\\X0A\\"); break;
        default: out += c;
        }
    }
    return out;
}
QString esc(const char* s) { return esc(QString::fromUtf8(s)); }

/// One segment from (field number, value) pairs; values are already encoded.
QString segment(const char* name, std::initializer_list<std::pair<int, QString>> fields) {
    int last = 0;
    for (const auto& f : fields) last = std::max(last, f.first);
    QStringList parts(last + 1);
    parts[0] = QString::fromLatin1(name);
    for (const auto& f : fields) parts[f.first] = f.second;
    while (parts.size() > 1 && parts.last().isEmpty()) parts.removeLast();
    return parts.join(QLatin1Char('|'));
}

/// CE/CWE: identifier^text^coding system.
QString ce(const QString& code, const QString& text, const char* system) {
    return esc(code) + QLatin1Char('^') + esc(text) + QLatin1Char('^') + QLatin1String(system);
}
QString ce(const char* code, const char* text, const char* system) {
    return ce(QString::fromUtf8(code), QString::fromUtf8(text), system);
}

/// XCN: id^family^given^^^prefix.
QString xcn(const Doctor& d) {
    return QStringLiteral("%1^%2^%3^^^Dr").arg(esc(d.id), esc(d.family), esc(d.given));
}

// A fragment of JSON text. Objects keep their members in the order written
// (FHIR's examples put resourceType, id and meta first), which QJsonObject
// would sort away. A default-constructed Json is "absent": objects and arrays
// leave it out.
class Json {
public:
    Json() = default;
    static Json raw(QByteArray text) {
        Json j;
        j.m_text = std::move(text);
        return j;
    }
    bool isAbsent() const { return m_text.isEmpty(); }
    const QByteArray& text() const { return m_text; }

private:
    QByteArray m_text;
};
using Member = std::pair<const char*, Json>;

Json jstr(const QString& s) {
    QByteArray out = "\"";
    const QByteArray utf8 = s.toUtf8();
    for (char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += QByteArray("\\u00") + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return Json::raw(out);
}
Json jstr(const char* s) { return s ? jstr(QString::fromUtf8(s)) : Json(); }
Json jnum(double v, int decimals) { return Json::raw(QByteArray::number(v, 'f', decimals)); }
Json jdose(double v) { return Json::raw(doseText(v).toLatin1()); }
Json jint(qint64 v) { return Json::raw(QByteArray::number(v)); }
Json jbool(bool b) { return Json::raw(b ? "true" : "false"); }

Json jobjList(const QList<Member>& members) {
    QByteArray out = "{";
    bool first = true;
    for (const auto& m : members) {
        if (m.second.isAbsent()) continue;
        if (!first) out += ',';
        first = false;
        out += jstr(m.first).text();
        out += ':';
        out += m.second.text();
    }
    out += '}';
    return Json::raw(out);
}
Json jobj(std::initializer_list<Member> members) { return jobjList(QList<Member>(members)); }

Json jarrList(const QList<Json>& items) {
    QByteArray out = "[";
    bool first = true;
    for (const auto& item : items) {
        if (item.isAbsent()) continue;
        if (!first) out += ',';
        first = false;
        out += item.text();
    }
    out += ']';
    return Json::raw(out);
}
Json jarr(std::initializer_list<Json> items) { return jarrList(QList<Json>(items)); }

Json coding(const char* system, const QString& code, const QString& display) {
    return jobj({{"system", jstr(system)}, {"code", jstr(code)}, {"display", jstr(display)}});
}
Json coding(const char* system, const char* code, const char* display) {
    return coding(system, QString::fromUtf8(code), QString::fromUtf8(display));
}
Json codeable(const Json& codingJson, const QString& text = {}) {
    return jobj({{"coding", jarr({codingJson})}, {"text", text.isEmpty() ? Json() : jstr(text)}});
}
Json quantity(double value, int decimals, const char* ucum) {
    return jobj({{"value", jnum(value, decimals)}, {"unit", jstr(ucum)}, {"system", jstr(kUcumSystem)},
                 {"code", jstr(ucum)}});
}
Json reference(const QString& ref, const QString& display = {}) {
    return jobj({{"reference", jstr(ref)}, {"display", display.isEmpty() ? Json() : jstr(display)}});
}
Json meta(qint64 secs, const char* profile = nullptr) {
    return jobj({{"lastUpdated", jstr(isoTime(secs))}, {"profile", profile ? jarr({jstr(profile)}) : Json()}});
}

// ---------------------------------------------------------------------------
// Patients and their stays

struct Patient {
    QString mrn;
    QString fhirId;
    QString family, given, middle;
    bool female = false;
    QDate birthDate;
    QString street;
    const City* city = nullptr;
    QString phone;         ///< local number, 555-01xx
    QString updatedPhone;  ///< the number an A08 / Patient update brings
    qint64 phoneUpdate = 0;  ///< when that update happens; 0: never
    const Condition* condition = nullptr;
    const Doctor* doctor = nullptr;
    const Unit* firstUnit = nullptr;
    QString firstRoom, firstBed;
    const Unit* secondUnit = nullptr;  ///< after the transfer; nullptr: no transfer
    QString secondRoom, secondBed;
    QString visitNumber;
    QString encounterId;
    const Disposition* disposition = nullptr;
    qint64 admit = 0;
    qint64 transfer = 0;   ///< 0: none
    qint64 discharge = 0;  ///< 0: still in hospital
    qint64 stayEnd = 0;    ///< discharge, or shortly before the base time

    QString displayName() const { return given + QLatin1Char(' ') + family; }
    QString patientRef() const { return QStringLiteral("Patient/") + fhirId; }
    QString encounterRef() const { return QStringLiteral("Encounter/") + encounterId; }
    bool transferred(qint64 t) const { return secondUnit && t >= transfer; }
    const Unit& unitAt(qint64 t) const { return transferred(t) ? *secondUnit : *firstUnit; }
    QString roomAt(qint64 t) const { return transferred(t) ? secondRoom : firstRoom; }
    QString bedAt(qint64 t) const { return transferred(t) ? secondBed : firstBed; }
    QString phoneAt(qint64 t) const { return phoneUpdate && t >= phoneUpdate ? updatedPhone : phone; }
    qint64 clampToStay(qint64 t) const { return std::clamp(t, admit + kMinute, stayEnd - kMinute); }
};

class Generator {
public:
    Generator(quint32 seed, qint64 base) : m_rng(seed), m_base(base) {
        m_controlSeq = m_rng.range(10000000, 39999999);
        m_orderSeq = m_rng.range(100000, 399999);
        m_visitSeq = m_rng.range(1000000, 3999999);
    }

    /// Plans every stay, then writes the events in time order, so control
    /// ids and order numbers grow with time as a live feed's do.
    QList<SampleEvent> run(int patients) {
        QSet<QString> mrns;
        std::vector<Patient> stays;
        stays.reserve(std::size_t(patients));  // the plan keeps pointers into it
        for (int i = 0; i < patients; ++i) stays.push_back(makePatient(mrns));
        for (const auto& p : stays) stay(p);
        std::stable_sort(m_plan.begin(), m_plan.end(),
                         [](const Planned& a, const Planned& b) { return a.time < b.time; });
        for (const auto& planned : m_plan) planned.write();
        return m_events;
    }

private:
    Patient makePatient(QSet<QString>& mrns) {
        Patient p;
        do {
            p.mrn = QStringLiteral("MRN%1").arg(m_rng.range(100000, 999999));
        } while (mrns.contains(p.mrn));
        mrns.insert(p.mrn);
        p.fhirId = m_rng.uuid();
        p.encounterId = m_rng.uuid();
        p.female = m_rng.chance(0.5);
        p.given = QString::fromUtf8(p.female ? m_rng.pick(kFemaleNames) : m_rng.pick(kMaleNames));
        p.family = QString::fromUtf8(m_rng.pick(kFamilyNames));
        p.middle = QString(QChar(u'A' + m_rng.rangeInt(0, 25)));
        const int ageDays = m_rng.rangeInt(24 * 365, 93 * 365);
        p.birthDate = QDateTime::fromSecsSinceEpoch(m_base, Qt::UTC).date().addDays(-ageDays);
        p.street = QStringLiteral("%1 %2").arg(m_rng.rangeInt(12, 4980)).arg(QString::fromUtf8(m_rng.pick(kStreets)));
        p.city = &m_rng.pick(kCities);
        p.phone = QStringLiteral("555-01%1").arg(m_rng.rangeInt(0, 99), 2, 10, QLatin1Char('0'));
        do {
            p.updatedPhone = QStringLiteral("555-01%1").arg(m_rng.rangeInt(0, 99), 2, 10, QLatin1Char('0'));
        } while (p.updatedPhone == p.phone);
        p.condition = &m_rng.pick(kConditions);
        p.doctor = &m_rng.pick(kDoctors);
        p.visitNumber = QStringLiteral("V%1").arg(m_visitSeq++);

        p.firstUnit = &unit(p.condition->admitUnit);
        p.firstRoom = QString::number(p.firstUnit->firstRoom + m_rng.rangeInt(0, 23));
        p.firstBed = m_rng.chance(0.5) ? QStringLiteral("A") : QStringLiteral("B");

        // Admitted 6 to 84 hours ago; stays of 16 to 80 hours end in a
        // discharge when that is at least half an hour in the past.
        p.admit = m_base - m_rng.range(6 * kHour, 84 * kHour);
        const qint64 length = m_rng.range(16 * kHour, 80 * kHour);
        if (p.admit + length <= m_base - 30 * kMinute) {
            p.discharge = p.admit + length;
            p.stayEnd = p.discharge;
        } else {
            p.stayEnd = m_base - 2 * kMinute;
        }
        const int homePercent = p.condition->homeDischargePercent;
        const int roll = m_rng.rangeInt(1, 100);
        p.disposition = roll <= homePercent ? &kHome
                        : roll <= homePercent + (100 - homePercent) / 2 ? &kSkilledNursing
                                                                          : &kRehab;
        if (m_rng.chance(0.5)) {
            p.secondUnit = &unit(p.condition->transferUnit);
            p.secondRoom = QString::number(p.secondUnit->firstRoom + m_rng.rangeInt(0, 23));
            p.secondBed = m_rng.chance(0.5) ? QStringLiteral("A") : QStringLiteral("B");
            const auto span = double(p.stayEnd - p.admit);
            p.transfer = p.clampToStay(p.admit + qint64(span * m_rng.real(0.2, 0.55)));
        }
        if (m_rng.chance(0.35)) p.phoneUpdate = p.clampToStay(p.admit + m_rng.range(1 * kHour, 10 * kHour));
        return p;
    }

    /// Plans the events of one stay: when each happens and how to write it.
    /// Everything but the admission and the discharge is kept strictly
    /// inside the stay, so sorting by time keeps the clinical order.
    void stay(const Patient& patient) {
        const Patient* p = &patient;
        plan(p->admit, [this, p] { adt(*p, "A01", p->admit); });
        const qint64 firstVitals = p->clampToStay(p->admit + m_rng.range(5 * kMinute, 40 * kMinute));
        plan(firstVitals, [this, p, firstVitals] { vitals(*p, firstVitals); });

        auto planLab = [this, p](const LabTest* test, qint64 collectedWanted, bool biased) {
            const qint64 turnaround = m_rng.range(test->turnaroundMin * kMinute, test->turnaroundMax * kMinute);
            const qint64 resulted = p->clampToStay(collectedWanted + turnaround);
            const qint64 collected = std::max(p->admit + kMinute, resulted - turnaround);
            plan(resulted, [this, p, test, collected, resulted, biased] { lab(*p, *test, collected, resulted, biased); });
        };
        for (const char* id : p->condition->labs) {
            if (!id) break;
            planLab(&labTest(id), p->admit + m_rng.range(15 * kMinute, 60 * kMinute), true);
        }
        if (p->condition->repeatLab) {
            const qint64 collected = p->admit + m_rng.range(4 * kHour, 7 * kHour);
            if (collected < p->stayEnd - 2 * kHour)
                planLab(&labTest(p->condition->repeatLab), collected, !p->condition->repeatImproves);
        }
        if (p->stayEnd - p->admit > 20 * kHour && m_rng.chance(0.45))
            planLab(&labTest("BMP"), p->admit + m_rng.range(14 * kHour, 20 * kHour), m_rng.chance(0.5));
        if (m_rng.chance(0.3)) {
            const qint64 t = p->clampToStay(p->admit + m_rng.range(4 * kHour, 12 * kHour));
            plan(t, [this, p, t] { vitals(*p, t); });
        }

        int n = 0;
        for (const char* id : p->condition->meds) {
            if (!id) break;
            const bool always = n++ < 2;
            if (!always && !m_rng.chance(0.8)) continue;
            const qint64 t = p->clampToStay(
                p->admit + (always ? m_rng.range(20 * kMinute, 3 * kHour) : m_rng.range(30 * kMinute, 8 * kHour)));
            const Med* m = &med(id);
            plan(t, [this, p, m, t] { order(*p, *m, t); });
        }

        if (p->secondUnit) plan(p->transfer, [this, p] { adt(*p, "A02", p->transfer); });
        if (p->phoneUpdate) plan(p->phoneUpdate, [this, p] { adt(*p, "A08", p->phoneUpdate); });
        if (p->discharge) plan(p->discharge, [this, p] { adt(*p, "A03", p->discharge); });
    }

    struct Planned {
        qint64 time;
        std::function<void()> write;
    };
    void plan(qint64 time, std::function<void()> write) { m_plan.push_back({time, std::move(write)}); }

    // ---- events

    void add(const char* topic, const Patient& p, qint64 secs, const QByteArray& eventType, const char* source,
             bool hl7, const QByteArray& value) {
        SampleEvent e;
        e.topic = QString::fromLatin1(topic);
        e.key = p.mrn.toUtf8();
        e.value = value;
        e.timestampMs = secs * 1000;
        e.headers = {{QStringLiteral("content-type"), hl7 ? QByteArray(kHl7ContentType) : QByteArray(kFhirContentType)},
                     {QStringLiteral("event-type"), eventType},
                     {QStringLiteral("source"), QByteArray(source)}};
        m_events.append(e);
    }

    void addHl7(const char* topic, const Patient& p, qint64 secs, const char* eventType, const char* source,
                const QStringList& segments) {
        QByteArray value;
        for (const auto& s : segments) value += s.toUtf8() + '\r';
        add(topic, p, secs, eventType, source, true, value);
    }

    void addFhir(const char* topic, const Patient& p, qint64 secs, const char* resourceType, const char* source,
                 const Json& resource) {
        add(topic, p, secs, resourceType, source, false, resource.text());
    }

    QString controlId(const char* prefix) { return QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(m_controlSeq++); }
    QString orderNumber(const char* prefix) { return QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(m_orderSeq++); }

    QString msh(const char* app, const char* facility, const char* toApp, const char* toFacility, qint64 secs,
                const char* type, const char* controlPrefix) {
        return QStringLiteral("MSH|^~\\&|%1|%2|%3|%4|%5||%6|%7|P|2.5.1")
            .arg(QLatin1String(app), QLatin1String(facility), QLatin1String(toApp), QLatin1String(toFacility),
                 hl7Time(secs), QLatin1String(type), controlId(controlPrefix));
    }

    QString pid(const Patient& p, const QString& phone) const {
        return segment("PID", {{1, QStringLiteral("1")},
                               {3, QStringLiteral("%1^^^%2^MR").arg(p.mrn, QLatin1String(kFacility))},
                               {5, QStringLiteral("%1^%2^%3").arg(esc(p.family), esc(p.given), esc(p.middle))},
                               {7, p.birthDate.toString(QStringLiteral("yyyyMMdd"))},
                               {8, p.female ? QStringLiteral("F") : QStringLiteral("M")},
                               {11, QStringLiteral("%1^^%2^%3^%4^USA^H")
                                        .arg(esc(p.street), esc(p.city->name), esc(p.city->state), esc(p.city->zip))},
                               {13, QStringLiteral("^PRN^PH^^1^%1^%2")
                                        .arg(QLatin1String(p.city->areaCode), QString(phone).remove(QLatin1Char('-')))}});
    }

    static QString location(const Unit& u, const QString& room, const QString& bed) {
        return QStringLiteral("%1^%2^%3^%4").arg(esc(u.code), esc(room), esc(bed), QLatin1String(kFacility));
    }

    QString pv1(const Patient& p, qint64 t, const char* trigger) const {
        const bool transfer = qstrcmp(trigger, "A02") == 0;
        const bool discharge = qstrcmp(trigger, "A03") == 0;
        return segment("PV1", {{1, QStringLiteral("1")},
                               {2, QStringLiteral("I")},
                               {3, location(p.unitAt(t), p.roomAt(t), p.bedAt(t))},
                               {4, QStringLiteral("E")},
                               {6, transfer ? location(*p.firstUnit, p.firstRoom, p.firstBed) : QString()},
                               {7, xcn(*p.doctor)},
                               {10, QLatin1String(p.condition->service)},
                               {14, QStringLiteral("7")},
                               {17, xcn(*p.doctor)},
                               {19, p.visitNumber},
                               {36, discharge ? QLatin1String(p.disposition->hl7) : QString()},
                               {44, hl7Time(p.admit)},
                               {45, discharge ? hl7Time(p.discharge) : QString()}});
    }

    /// trigger: A01 admit, A02 transfer, A03 discharge, A08 update (the new phone number).
    void adt(const Patient& p, const char* trigger, qint64 t) {
        if (m_rng.chance(0.5)) {
            // A08 has no message structure of its own: it uses ADT_A01.
            const QByteArray structure =
                qstrcmp(trigger, "A08") == 0 ? QByteArray("ADT_A01") : QByteArray("ADT_") + QByteArray(trigger);
            const QByteArray type = QByteArray("ADT^") + trigger + '^' + structure;
            QStringList segs{msh("EHR-SIM", kHospital, "PLEXUS-HUB", kHospital, t, type.constData(), "ADT"),
                             segment("EVN", {{1, QLatin1String(trigger)}, {2, hl7Time(t)}}),
                             pid(p, p.phoneAt(t)), pv1(p, t, trigger)};
            if (qstrcmp(trigger, "A01") == 0)
                segs << segment("DG1", {{1, QStringLiteral("1")},
                                        {3, ce(p.condition->icd10, p.condition->display, "I10")},
                                        {5, hl7Time(t)},
                                        {6, QStringLiteral("A")}});
            addHl7(kSampleAdtTopic, p, t, (QByteArray("ADT^") + trigger).constData(), "ehr-sim", segs);
            return;
        }
        if (qstrcmp(trigger, "A08") == 0) {
            addFhir(kSampleAdtTopic, p, t, "Patient", "ehr-sim", patientResource(p, t, p.phoneAt(t)));
            return;
        }
        addFhir(kSampleAdtTopic, p, t, "Encounter", "ehr-sim", encounterResource(p, t, trigger));
    }

    Json patientResource(const Patient& p, qint64 t, const QString& phone) const {
        return jobj({
            {"resourceType", jstr("Patient")},
            {"id", jstr(p.fhirId)},
            {"meta", meta(t)},
            {"identifier", jarr({jobj({{"use", jstr("usual")},
                                       {"type", codeable(coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR",
                                                               "Medical record number"))},
                                       {"system", jstr(kMrnSystem)},
                                       {"value", jstr(p.mrn)}})})},
            {"active", jbool(true)},
            {"name", jarr({jobj({{"use", jstr("official")},
                                 {"family", jstr(p.family)},
                                 {"given", jarr({jstr(p.given), jstr(p.middle)})}})})},
            {"telecom", jarr({jobj({{"system", jstr("phone")},
                                    {"value", jstr(QStringLiteral("(%1) %2").arg(QLatin1String(p.city->areaCode), phone))},
                                    {"use", jstr("home")}})})},
            {"gender", jstr(p.female ? "female" : "male")},
            {"birthDate", jstr(p.birthDate.toString(Qt::ISODate))},
            {"address", jarr({jobj({{"use", jstr("home")},
                                    {"line", jarr({jstr(p.street)})},
                                    {"city", jstr(p.city->name)},
                                    {"state", jstr(p.city->state)},
                                    {"postalCode", jstr(p.city->zip)},
                                    {"country", jstr("US")}})})},
        });
    }

    static Json encounterLocation(const Unit& u, const QString& room, const QString& bed, const char* status,
                                  qint64 start, qint64 end) {
        return jobj({{"location", jobj({{"display", jstr(QStringLiteral("%1, room %2, bed %3")
                                                             .arg(QLatin1String(u.name), room, bed))}})},
                     {"status", jstr(status)},
                     {"period", jobj({{"start", jstr(isoTime(start))}, {"end", end ? jstr(isoTime(end)) : Json()}})}});
    }

    Json encounterResource(const Patient& p, qint64 t, const char* trigger) const {
        const bool discharged = qstrcmp(trigger, "A03") == 0;
        QList<Json> locations;
        if (p.transferred(t)) {
            locations << encounterLocation(*p.firstUnit, p.firstRoom, p.firstBed, "completed", p.admit, p.transfer);
            locations << encounterLocation(*p.secondUnit, p.secondRoom, p.secondBed, discharged ? "completed" : "active",
                                           p.transfer, discharged ? p.discharge : 0);
        } else {
            locations << encounterLocation(*p.firstUnit, p.firstRoom, p.firstBed, discharged ? "completed" : "active",
                                           p.admit, discharged ? p.discharge : 0);
        }
        const Json admitSource = codeable(coding("http://terminology.hl7.org/CodeSystem/admit-source", "emd",
                                                "From accident/emergency department"));
        const Json disposition =
            discharged ? codeable(coding("http://terminology.hl7.org/CodeSystem/discharge-disposition",
                                        p.disposition->fhir, p.disposition->fhirText))
                       : Json();
        return jobj({
            {"resourceType", jstr("Encounter")},
            {"id", jstr(p.encounterId)},
            {"meta", meta(t)},
            {"identifier", jarr({jobj({{"use", jstr("official")}, {"system", jstr(kVisitSystem)},
                                       {"value", jstr(p.visitNumber)}})})},
            {"status", jstr(discharged ? "finished" : "in-progress")},
            {"class", coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter")},
            {"subject", reference(p.patientRef(), p.displayName())},
            {"participant",
             jarr({jobj({{"type", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                                       "ATND", "attender"))})},
                         {"individual", reference(QStringLiteral("Practitioner/") + QLatin1String(p.doctor->id),
                                                  QStringLiteral("Dr. %1 %2").arg(QLatin1String(p.doctor->given),
                                                                                  QLatin1String(p.doctor->family)))}})})},
            {"period", jobj({{"start", jstr(isoTime(p.admit))}, {"end", discharged ? jstr(isoTime(p.discharge)) : Json()}})},
            {"reasonCode", jarr({codeable(coding(kIcd10System, p.condition->icd10, p.condition->display))})},
            {"hospitalization", jobj({{"admitSource", admitSource}, {"dischargeDisposition", disposition}})},
            {"location", jarrList(locations)},
            {"serviceProvider", jobj({{"display", jstr("Plexus General Hospital")}})},
        });
    }

    // ---- results

    struct Result {
        const Analyte* analyte;
        double value;
        double refLow, refHigh;  ///< for this patient's sex
    };

    static std::pair<double, double> refRange(const Analyte& a, bool female) {
        if (female && !std::isnan(a.refLowFemale)) return {a.refLowFemale, a.refHighFemale};
        return {a.refLow, a.refHigh};
    }

    static const Bias* bias(const Condition& c, const char* loinc) {
        for (const auto& b : c.biases)
            if (b.loinc && qstrcmp(b.loinc, loinc) == 0) return &b;
        return nullptr;
    }

    Result draw(const Patient& p, const Analyte& a, bool biased) {
        const auto [refLow, refHigh] = refRange(a, p.female);
        double lo = 0, hi = 0;
        if (const Bias* b = biased ? bias(*p.condition, a.loinc) : nullptr) {
            lo = b->low;
            hi = b->high;
        } else if (!std::isnan(a.normLow)) {
            lo = a.normLow;
            hi = a.normHigh;
        } else {
            lo = refLow + 0.15 * (refHigh - refLow);
            hi = refLow + 0.85 * (refHigh - refLow);
        }
        double v = m_rng.real(lo, hi);
        // Now and then a mildly abnormal value that has nothing to do with the problem.
        if (!std::isnan(refLow) && !std::isnan(refHigh) && m_rng.chance(0.06)) {
            const double width = refHigh - refLow;
            v = m_rng.chance(0.5) ? refHigh + width * m_rng.real(0.03, 0.15)
                                  : std::max(refLow - width * m_rng.real(0.03, 0.15), refLow * 0.5);
        }
        if (qstrcmp(a.loinc, "59408-5") == 0) v = std::min(v, 100.0);
        return {&a, roundTo(v, a.decimals), refLow, refHigh};
    }

    /// HL7 table 0078: N, H, L, HH, LL (see the range rules at the top).
    static const char* flag(const Result& r) {
        const Analyte& a = *r.analyte;
        if (!std::isnan(a.critHigh) && r.value >= a.critHigh) return "HH";
        if (!std::isnan(a.critLow) && r.value <= a.critLow) return "LL";
        const bool hasLow = !std::isnan(r.refLow), hasHigh = !std::isnan(r.refHigh);
        if (hasHigh && (hasLow ? r.value > r.refHigh : r.value >= r.refHigh)) return "H";
        if (hasLow && (hasHigh ? r.value < r.refLow : r.value <= r.refLow)) return "L";
        return "N";
    }

    static const char* flagText(const char* f) {
        if (qstrcmp(f, "H") == 0) return "High";
        if (qstrcmp(f, "L") == 0) return "Low";
        if (qstrcmp(f, "HH") == 0) return "Critical high";
        if (qstrcmp(f, "LL") == 0) return "Critical low";
        return "Normal";
    }

    static QString rangeText(const Result& r) {
        const int d = r.analyte->decimals;
        if (std::isnan(r.refLow)) return QLatin1Char('<') + number(r.refHigh, d);
        if (std::isnan(r.refHigh)) return QLatin1Char('>') + number(r.refLow, d);
        return number(r.refLow, d) + QLatin1Char('-') + number(r.refHigh, d);
    }

    QList<Result> results(const Patient& p, const LabTest& test, bool biased) {
        QList<Result> out;
        for (int i = 0; i < memberCount(test); ++i) out << draw(p, analyte(test.members[std::size_t(i)]), biased);
        auto find = [&out](const char* loinc) -> Result* {
            for (auto& r : out)
                if (qstrcmp(r.analyte->loinc, loinc) == 0) return &r;
            return nullptr;
        };
        // Keep related values consistent: Hct ~ 3 x Hgb; LDL by Friedewald.
        if (Result* hct = find("4544-3"); hct && find("718-7"))
            hct->value = roundTo(find("718-7")->value * 3 + m_rng.real(-1.5, 1.5), hct->analyte->decimals);
        if (Result* ldl = find("13457-7"); ldl && find("2093-3") && find("2085-9") && find("2571-8"))
            ldl->value = roundTo(find("2093-3")->value - find("2085-9")->value - find("2571-8")->value / 5, 0);
        return out;
    }

    QString obx(int setId, const Result& r, qint64 observed, bool withRange) const {
        const Analyte& a = *r.analyte;
        return segment("OBX", {{1, QString::number(setId)},
                               {2, QStringLiteral("NM")},
                               {3, ce(a.loinc, a.name, "LN")},
                               {5, number(r.value, a.decimals)},
                               {6, ce(a.unit, a.unit, "UCUM")},
                               {7, withRange ? esc(rangeText(r)) : QString()},
                               {8, withRange ? QLatin1String(flag(r)) : QString()},
                               {11, QStringLiteral("F")},
                               {14, hl7Time(observed)}});
    }

    Json observationResource(const Patient& p, const Result& r, const QString& id, qint64 collected, qint64 issued,
                             bool contained) const {
        const Analyte& a = *r.analyte;
        const char* f = flag(r);
        Json range;
        if (!std::isnan(r.refLow) || !std::isnan(r.refHigh))
            range = jarr({jobj({{"low", std::isnan(r.refLow) ? Json() : quantity(r.refLow, a.decimals, a.unit)},
                                {"high", std::isnan(r.refHigh) ? Json() : quantity(r.refHigh, a.decimals, a.unit)},
                                {"text", jstr(rangeText(r) + QLatin1Char(' ') + QLatin1String(a.unit))}})});
        return jobj({
            {"resourceType", jstr("Observation")},
            {"id", jstr(id)},
            {"meta", contained ? Json() : meta(issued)},
            {"status", jstr("final")},
            {"category", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                              "laboratory", "Laboratory"))})},
            {"code", codeable(coding(kLoincSystem, a.loinc, a.name), QString::fromUtf8(a.shortName))},
            {"subject", reference(p.patientRef())},
            {"encounter", reference(p.encounterRef())},
            {"effectiveDateTime", jstr(isoTime(collected))},
            {"issued", jstr(isoTime(issued))},
            {"valueQuantity", quantity(r.value, a.decimals, a.unit)},
            {"interpretation", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                                                    f, flagText(f)))})},
            {"referenceRange", range},
        });
    }

    void lab(const Patient& p, const LabTest& test, qint64 collected, qint64 resulted, bool biased) {
        const QList<Result> rs = results(p, test, biased);
        const QString placer = orderNumber("ORD");
        const QString accession = orderNumber("L");

        if (m_rng.chance(0.5)) {
            QStringList segs{msh("LIS-SIM", "PLEXUS-LAB", "EHR-SIM", kHospital, resulted, "ORU^R01^ORU_R01", "LAB"),
                             pid(p, p.phoneAt(resulted)), pv1(p, resulted, "R01"),
                             segment("ORC", {{1, QStringLiteral("RE")},
                                             {2, placer + QStringLiteral("^EHR-SIM")},
                                             {3, accession + QStringLiteral("^LIS-SIM")},
                                             {5, QStringLiteral("CM")},
                                             {9, hl7Time(resulted)},
                                             {12, xcn(*p.doctor)}}),
                             segment("OBR", {{1, QStringLiteral("1")},
                                             {2, placer + QStringLiteral("^EHR-SIM")},
                                             {3, accession + QStringLiteral("^LIS-SIM")},
                                             {4, ce(test.loinc, test.name, "LN")},
                                             {7, hl7Time(collected)},
                                             {16, xcn(*p.doctor)},
                                             {22, hl7Time(resulted)},
                                             {24, QLatin1String(test.section)},
                                             {25, QStringLiteral("F")}})};
            for (int i = 0; i < rs.size(); ++i) segs << obx(i + 1, rs[i], collected, true);
            addHl7(kSampleLabTopic, p, resulted, "ORU^R01", "lis-sim", segs);
            return;
        }
        if (rs.size() == 1) {
            addFhir(kSampleLabTopic, p, resulted, "Observation", "lis-sim",
                    observationResource(p, rs[0], m_rng.uuid(), collected, resulted, false));
            return;
        }
        QList<Json> contained, refs;
        for (int i = 0; i < rs.size(); ++i) {
            const QString id = QStringLiteral("obs%1").arg(i + 1);
            contained << observationResource(p, rs[i], id, collected, resulted, true);
            refs << reference(QLatin1Char('#') + id, QString::fromUtf8(rs[i].analyte->shortName));
        }
        addFhir(kSampleLabTopic, p, resulted, "DiagnosticReport", "lis-sim",
                jobj({
                    {"resourceType", jstr("DiagnosticReport")},
                    {"id", jstr(m_rng.uuid())},
                    {"meta", meta(resulted)},
                    {"contained", jarrList(contained)},
                    {"identifier", jarr({jobj({{"system", jstr(kAccessionSystem)}, {"value", jstr(accession)}})})},
                    {"status", jstr("final")},
                    {"category", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/v2-0074", test.section,
                                                      test.sectionText))})},
                    {"code", codeable(coding(kLoincSystem, test.loinc, test.name), QString::fromUtf8(test.shortName))},
                    {"subject", reference(p.patientRef(), p.displayName())},
                    {"encounter", reference(p.encounterRef())},
                    {"effectiveDateTime", jstr(isoTime(collected))},
                    {"issued", jstr(isoTime(resulted))},
                    {"performer", jarr({jobj({{"display", jstr("Plexus General Hospital Laboratory")}})})},
                    {"result", jarrList(refs)},
                }));
    }

    /// A vital-signs Observation; `value` is its valueQuantity or component member.
    Json vitalObservation(const Patient& p, qint64 t, const char* profile, const char* loinc, const char* display,
                          const char* text, const Member& value) {
        return jobjList({{"resourceType", jstr("Observation")},
                         {"id", jstr(m_rng.uuid())},
                         {"meta", meta(t, profile)},
                         {"status", jstr("final")},
                         {"category", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                                           "vital-signs", "Vital Signs"))})},
                         {"code", codeable(coding(kLoincSystem, loinc, display), QString::fromUtf8(text))},
                         {"subject", reference(p.patientRef())},
                         {"encounter", reference(p.encounterRef())},
                         {"effectiveDateTime", jstr(isoTime(t))},
                         value});
    }

    void vitals(const Patient& p, qint64 t) {
        QList<Result> rs;
        for (const char* loinc : kVitalSigns) rs << draw(p, analyte(loinc), true);
        Result& systolic = rs[4];
        Result& diastolic = rs[5];
        diastolic.value = std::min(diastolic.value, systolic.value - 25);

        if (m_rng.chance(0.5)) {
            QStringList segs{msh("VITALS-SIM", kHospital, "EHR-SIM", kHospital, t, "ORU^R01^ORU_R01", "VIT"),
                             pid(p, p.phoneAt(t)), pv1(p, t, "R01"),
                             segment("OBR", {{1, QStringLiteral("1")},
                                             {2, orderNumber("VS") + QStringLiteral("^VITALS-SIM")},
                                             {4, ce(kVitalsPanelLoinc, kVitalsPanelName, "LN")},
                                             {7, hl7Time(t)},
                                             {22, hl7Time(t)},
                                             {25, QStringLiteral("F")}})};
            for (int i = 0; i < rs.size(); ++i) segs << obx(i + 1, rs[i], t, false);
            addHl7(kSampleLabTopic, p, t, "ORU^R01", "vitals-sim", segs);
            return;
        }
        auto component = [](const Result& r) {
            return jobj({{"code", codeable(coding(kLoincSystem, r.analyte->loinc, r.analyte->name))},
                         {"valueQuantity", quantity(r.value, r.analyte->decimals, r.analyte->unit)}});
        };
        addFhir(kSampleLabTopic, p, t, "Observation", "vitals-sim",
                vitalObservation(p, t, "http://hl7.org/fhir/StructureDefinition/bp", "85354-9",
                                 "Blood pressure panel with all children optional", "Blood pressure",
                                 {"component", jarr({component(systolic), component(diastolic)})}));
        const Result& heartRate = rs[0];
        addFhir(kSampleLabTopic, p, t, "Observation", "vitals-sim",
                vitalObservation(p, t, "http://hl7.org/fhir/StructureDefinition/heartrate", heartRate.analyte->loinc,
                                 heartRate.analyte->name, heartRate.analyte->shortName,
                                 {"valueQuantity", quantity(heartRate.value, 0, heartRate.analyte->unit)}));
    }

    // ---- pharmacy

    static QString sig(const Med& m) {
        const QString unitShown = qstrcmp(m.unit, "[iU]") == 0 ? QStringLiteral("units") : QLatin1String(m.unit);
        QString s = QStringLiteral("%1 %2 %3 %4").arg(doseText(m.dose), unitShown, QLatin1String(m.route->code),
                                                      QLatin1String(m.frequency->text));
        if (m.asNeededFor) s += QStringLiteral(" as needed for ") + QLatin1String(m.asNeededFor);
        if (m.instructions) s += QStringLiteral(". ") + QLatin1String(m.instructions);
        return s;
    }

    void order(const Patient& p, const Med& m, qint64 t) {
        const QString rxNumber = orderNumber("RX");
        const qint64 start = std::min(t + m_rng.range(0, 60) * kMinute, p.stayEnd);
        const bool once = m.frequency->code[0] == '\0';
        const bool stat = once;

        if (m_rng.chance(0.5)) {
            QStringList segs{msh("PHARM-SIM", "PLEXUS-RX", "EHR-SIM", kHospital, t, "RDE^O11^RDE_O11", "RX"),
                             pid(p, p.phoneAt(t)), pv1(p, t, "O11"),
                             segment("ORC", {{1, QStringLiteral("NW")},
                                             {2, rxNumber + QStringLiteral("^EHR-SIM")},
                                             {3, rxNumber + QStringLiteral("^PHARM-SIM")},
                                             {9, hl7Time(t)},
                                             {12, xcn(*p.doctor)}}),
                             segment("RXE", {{2, ce(m.rxnorm, m.display, "RXNORM")},
                                             {3, doseText(m.dose)},
                                             {5, ce(m.unit, m.unitName, "UCUM")},
                                             {6, QLatin1Char('^') + esc(m.form)},
                                             {7, m.instructions ? QLatin1Char('^') + esc(m.instructions) : QString()},
                                             {12, QStringLiteral("0")},
                                             {15, rxNumber}}),
                             segment("TQ1", {{1, QStringLiteral("1")},
                                             {3, QLatin1String(m.frequency->code)},
                                             {7, hl7Time(start)},
                                             {9, stat ? QStringLiteral("S^Stat^HL70485") : QStringLiteral("R^Routine^HL70485")},
                                             {10, m.asNeededFor ? QStringLiteral("as needed for ") + esc(m.asNeededFor) : QString()},
                                             {14, once ? QStringLiteral("1") : QString()}}),
                             segment("RXR", {{1, ce(m.route->code, m.route->text, "HL70162")}})};
            addHl7(kSamplePharmacyTopic, p, t, "RDE^O11", "pharmacy-sim", segs);
            return;
        }
        const Json timing =
            once ? jobj({{"repeat", jobj({{"count", jint(1)}})}})
                 : jobj({{"repeat", jobj({{"boundsPeriod", jobj({{"start", jstr(isoTime(start))}})},
                                          {"frequency", jint(m.frequency->frequency)},
                                          {"period", jint(m.frequency->period)},
                                          {"periodUnit", jstr(m.frequency->periodUnit)}})},
                         {"code", jobj({{"text", jstr(m.frequency->code)}})}});
        addFhir(kSamplePharmacyTopic, p, t, "MedicationRequest", "pharmacy-sim",
                jobj({
                    {"resourceType", jstr("MedicationRequest")},
                    {"id", jstr(m_rng.uuid())},
                    {"meta", meta(t)},
                    {"identifier", jarr({jobj({{"use", jstr("official")}, {"system", jstr(kOrderSystem)},
                                               {"value", jstr(rxNumber)}})})},
                    {"status", jstr("active")},
                    {"intent", jstr("order")},
                    {"category", jarr({codeable(coding("http://terminology.hl7.org/CodeSystem/medicationrequest-category",
                                                      "inpatient", "Inpatient"))})},
                    {"priority", jstr(stat ? "stat" : "routine")},
                    {"medicationCodeableConcept", codeable(coding(kRxNormSystem, m.rxnorm, m.display))},
                    {"subject", reference(p.patientRef(), p.displayName())},
                    {"encounter", reference(p.encounterRef())},
                    {"authoredOn", jstr(isoTime(t))},
                    {"requester", reference(QStringLiteral("Practitioner/") + QLatin1String(p.doctor->id),
                                            QStringLiteral("Dr. %1 %2").arg(QLatin1String(p.doctor->given),
                                                                            QLatin1String(p.doctor->family)))},
                    {"reasonCode", jarr({codeable(coding(kIcd10System, p.condition->icd10, p.condition->display))})},
                    {"dosageInstruction",
                     jarr({jobj({{"sequence", jint(1)},
                                 {"text", jstr(sig(m))},
                                 {"timing", timing},
                                 {"asNeededBoolean", m.asNeededFor ? Json() : jbool(false)},
                                 {"asNeededCodeableConcept",
                                  m.asNeededFor ? jobj({{"text", jstr(m.asNeededFor)}}) : Json()},
                                 {"route", codeable(coding(kSnomedSystem, m.route->snomed, m.route->snomedText))},
                                 {"doseAndRate", jarr({jobj({{"doseQuantity", jobj({{"value", jdose(m.dose)},
                                                                                      {"unit", jstr(m.unitName)},
                                                                                      {"system", jstr(kUcumSystem)},
                                                                                      {"code", jstr(m.unit)}})}})})}})})},
                }));
    }

    Rng m_rng;
    qint64 m_base;
    qint64 m_controlSeq = 0;
    qint64 m_orderSeq = 0;
    qint64 m_visitSeq = 0;
    std::vector<Planned> m_plan;
    QList<SampleEvent> m_events;
};

}  // namespace

QList<SampleEvent> generateSampleEvents(quint32 seed, int patients, const QDateTime& base) {
    const qint64 baseSecs = (base.isValid() ? base : QDateTime::currentDateTimeUtc()).toSecsSinceEpoch();
    return Generator(seed, baseSecs).run(std::clamp(patients, 0, kMaxPatients));
}

}  // namespace plexus::monitor

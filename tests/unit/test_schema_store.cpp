// SchemaStore: the Schema Registry's rules without I/O. Ids and versions,
// lookups, soft and permanent deletes, configs and modes with Confluent's
// error codes, the level's choice of versions to check, references, and the
// rebuild from `_schemas` records in Confluent's JSON layout.
#include <nlohmann/json.hpp>

#include <QTest>

#include "broker/registry/schema_store.h"

using namespace plexus::registry;
using nlohmann::json;

namespace {

/// A stand-in for the real schema types: the canonical form is the JSON
/// re-dumped (so whitespace does not matter), and a newer schema is
/// incompatible with an older one when it has a "breaks" member naming the
/// older one's "v". Every check is recorded, so the tests see which versions
/// a level looks at.
struct Checks {
    std::vector<std::pair<std::string, std::string>> seen;  // (direction, older v)
};

SchemaTypes testTypes(Checks* checks) {
    SchemaTypes t;
    t.canonicalize = [](const SchemaInput& in, const std::map<std::string, std::string>&) -> Canonical {
        try {
            return {json::parse(in.schema).dump(), {}};
        } catch (const json::exception& e) {
            return {{}, std::string("not JSON: ") + e.what()};
        }
    };
    t.check = [checks](Level l, const SchemaInput& newer, const SchemaInput& older) {
        const json n = json::parse(newer.schema), o = json::parse(older.schema);
        const std::string ov = o.value("v", std::string());
        checks->seen.push_back({levelName(l), ov});
        std::vector<std::string> out;
        if (n.contains("breaks") && n["breaks"].is_array())
            for (const auto& b : n["breaks"])
                if (b == ov) out.push_back("breaks " + ov);
        return out;
    };
    return t;
}

SchemaInput avro(const std::string& v, const std::string& extra = {}) {
    return {"AVRO", "{\"v\": \"" + v + "\"" + extra + "}", {}};
}

/// Applies a planned write the way the registry will: records first.
template <class T> T commit(SchemaStore& s, Outcome<Planned<T>> o) {
    if (!ok(o)) {
        qWarning("unexpected error %d: %s", int(std::get<Error>(o).code), std::get<Error>(o).message.c_str());
        return T{};
    }
    auto& p = std::get<Planned<T>>(o);
    for (const auto& r : p.records) {
        const auto why = s.apply(r);
        if (why) qWarning("apply: %s", why->c_str());
    }
    return p.answer;
}

template <class T> int code(const Outcome<T>& o) { return ok(o) ? 0 : int(std::get<Error>(o).code); }

}  // namespace

class TestSchemaStore : public QObject {
    Q_OBJECT
private slots:
    void idsAreGlobalAndVersionsPerSubject() {
        Checks c;
        SchemaStore s(testTypes(&c));
        auto first = s.registerSchema("adt-value", avro("a"));
        QVERIFY(ok(first));
        const auto& plan = std::get<Planned<int>>(first);
        QCOMPARE(plan.answer, 1);
        QCOMPARE(plan.records.size(), size_t(1));
        // Confluent's layout: key {keytype, subject, version, magic 1}; value without schemaType for AVRO.
        const json key = json::parse(plan.records[0].key), value = json::parse(*plan.records[0].value);
        QCOMPARE(key.at("keytype").get<std::string>(), std::string("SCHEMA"));
        QCOMPARE(key.at("subject").get<std::string>(), std::string("adt-value"));
        QCOMPARE(key.at("version").get<int>(), 1);
        QCOMPARE(key.at("magic").get<int>(), 1);
        QCOMPARE(value.at("id").get<int>(), 1);
        QCOMPARE(value.at("deleted").get<bool>(), false);
        QVERIFY(!value.contains("schemaType"));
        // nothing changed before apply()
        QVERIFY(s.subjects(false).empty());
        commit(s, std::move(first));
        QCOMPARE(s.subjects(false), std::vector<std::string>{"adt-value"});

        // the same schema again (other whitespace): the same id, no record
        auto again = s.registerSchema("adt-value", {"AVRO", "{ \"v\" :\"a\" }", {}});
        QVERIFY(ok(again));
        QCOMPARE(std::get<Planned<int>>(again).answer, 1);
        QVERIFY(std::get<Planned<int>>(again).records.empty());
        // the same schema under another subject: same id, version 1 there
        QCOMPARE(commit(s, s.registerSchema("lab-value", avro("a"))), 1);
        QCOMPARE(std::get<SchemaVersion>(s.version("lab-value", "latest", false)).version, 1);
        // a new schema: next id, next version
        QCOMPARE(commit(s, s.registerSchema("adt-value", avro("b"))), 2);
        QCOMPARE(std::get<std::vector<int>>(s.versions("adt-value", false)), (std::vector<int>{1, 2}));
        QCOMPARE(s.maxId(), 2);
        // the same content as another type is another schema
        QCOMPARE(commit(s, s.registerSchema("adt-json", {"JSON", "{\"v\": \"a\"}", {}})), 3);
        QCOMPARE(code(s.registerSchema("x", {"XML", "<a/>", {}})), int(ErrorCode::InvalidSchema));
        QCOMPARE(code(s.registerSchema("x", {"AVRO", "{not json", {}})), int(ErrorCode::InvalidSchema));
    }

    void readsAnswerWithConfluentErrorCodes() {
        Checks c;
        SchemaStore s(testTypes(&c));
        commit(s, s.registerSchema("s", avro("a")));
        commit(s, s.registerSchema("s", avro("b")));
        QCOMPARE(std::get<SchemaVersion>(s.version("s", "latest", false)).id, 2);
        QCOMPARE(std::get<SchemaVersion>(s.version("s", "-1", false)).id, 2);
        QCOMPARE(std::get<SchemaVersion>(s.version("s", "1", false)).schema, std::string("{\"v\": \"a\"}"));
        QCOMPARE(code(s.version("s", "3", false)), 40402);
        QCOMPARE(code(s.version("s", "0", false)), 42202);
        QCOMPARE(code(s.version("s", "abc", false)), 42202);
        QCOMPARE(code(s.version("nope", "1", false)), 40401);
        QCOMPARE(code(s.versions("nope", false)), 40401);
        QCOMPARE(std::get<SchemaVersion>(s.schemaById(2)).schema, std::string("{\"v\": \"b\"}"));
        QCOMPARE(code(s.schemaById(99)), 40403);
        QCOMPARE(std::get<SchemaVersion>(s.lookup("s", avro("a"), false)).version, 1);
        QCOMPARE(code(s.lookup("s", avro("zzz"), false)), 40403);
        QCOMPARE(code(s.lookup("nope", avro("a"), false)), 40401);
        const auto ids = std::get<std::vector<std::pair<std::string, int>>>(s.versionsForId(1, false));
        QCOMPARE(ids.size(), size_t(1));
        QCOMPARE(ids[0].first, std::string("s"));
        QCOMPARE(httpStatus(ErrorCode::SubjectNotFound), 404);
        QCOMPARE(httpStatus(ErrorCode::InvalidSchema), 422);
        QCOMPARE(httpStatus(ErrorCode::IncompatibleSchema), 409);
    }

    void softThenPermanentDelete() {
        Checks c;
        SchemaStore s(testTypes(&c));
        commit(s, s.registerSchema("s", avro("a")));
        commit(s, s.registerSchema("s", avro("b")));
        // permanent before soft is refused
        QCOMPARE(code(s.deleteVersion("s", "1", true)), 40407);
        QCOMPARE(commit(s, s.deleteVersion("s", "1", false)), 1);
        QCOMPARE(std::get<std::vector<int>>(s.versions("s", false)), std::vector<int>{2});
        QCOMPARE(std::get<std::vector<int>>(s.versions("s", true)), (std::vector<int>{1, 2}));
        QCOMPARE(code(s.version("s", "1", false)), 40402);
        QVERIFY(std::get<SchemaVersion>(s.version("s", "1", true)).deleted);
        QCOMPARE(code(s.deleteVersion("s", "1", false)), 40402);  // hidden now
        QCOMPARE(commit(s, s.deleteVersion("s", "1", true)), 1);
        QCOMPARE(std::get<std::vector<int>>(s.versions("s", true)), std::vector<int>{2});
        // the id stays readable while a version holds it
        QVERIFY(ok(s.schemaById(2)));
        QCOMPARE(code(s.schemaById(1)), 40403);

        // subjects
        QCOMPARE(code(s.deleteSubject("s", true)), 40405);
        QCOMPARE(commit(s, s.deleteSubject("s", false)), std::vector<int>{2});
        QVERIFY(s.subjects(false).empty());
        QCOMPARE(s.subjects(true), std::vector<std::string>{"s"});
        QCOMPARE(code(s.deleteSubject("s", false)), 40404);
        QCOMPARE(commit(s, s.deleteSubject("s", true)), std::vector<int>{2});
        QVERIFY(s.subjects(true).empty());
        QCOMPARE(code(s.deleteSubject("s", false)), 40401);
        // re-registering after a permanent delete starts at version 1 and keeps the id of identical content
        QCOMPARE(commit(s, s.registerSchema("s", avro("b"))), 2);
        QCOMPARE(std::get<SchemaVersion>(s.version("s", "latest", false)).version, 1);
    }

    void configsFallBackToGlobal() {
        Checks c;
        SchemaStore s(testTypes(&c));
        QCOMPARE(std::get<Level>(s.config(std::nullopt, false)), Level::Backward);  // the default
        QCOMPARE(code(s.config(std::string("s"), false)), 40408);
        QCOMPARE(std::get<Level>(s.config(std::string("s"), true)), Level::Backward);
        QCOMPARE(code(s.setConfig(std::nullopt, "SIDEWAYS")), 42203);
        QCOMPARE(commit(s, s.setConfig(std::nullopt, "FULL")), Level::Full);
        QCOMPARE(commit(s, s.setConfig(std::string("s"), "NONE")), Level::None);
        QCOMPARE(std::get<Level>(s.config(std::string("s"), false)), Level::None);
        QCOMPARE(std::get<Level>(s.config(std::string("t"), true)), Level::Full);
        QCOMPARE(commit(s, s.deleteConfig(std::string("s"))), Level::None);
        QCOMPARE(code(s.config(std::string("s"), false)), 40408);
        QCOMPARE(code(s.deleteConfig(std::string("s"))), 40408);
        const json key = json::parse(SchemaStore::configKey(std::nullopt));
        QVERIFY(key.at("subject").is_null());
        QCOMPARE(key.at("keytype").get<std::string>(), std::string("CONFIG"));
    }

    void levelsChooseWhatToCheck() {
        Checks c;
        SchemaStore s(testTypes(&c));
        commit(s, s.registerSchema("s", avro("a")));
        commit(s, s.registerSchema("s", avro("b")));
        commit(s, s.registerSchema("s", avro("c")));
        // BACKWARD (default): only the latest
        c.seen.clear();
        auto r = s.testCompatibility("s", {}, avro("d", ", \"breaks\": [\"a\"]"));
        QVERIFY(ok(r));
        QVERIFY(std::get<std::vector<std::string>>(r).empty());
        QCOMPARE(c.seen.size(), size_t(1));
        QCOMPARE(c.seen[0].first, std::string("BACKWARD"));
        QCOMPARE(c.seen[0].second, std::string("c"));
        // ..._TRANSITIVE: every live version, and version a's break is found
        commit(s, s.setConfig(std::string("s"), "FORWARD_TRANSITIVE"));
        c.seen.clear();
        r = s.testCompatibility("s", {}, avro("d", ", \"breaks\": [\"a\"]"));
        QCOMPARE(c.seen.size(), size_t(3));
        QCOMPARE(c.seen[0].first, std::string("FORWARD"));
        QCOMPARE(std::get<std::vector<std::string>>(r).size(), size_t(1));
        QVERIFY(std::get<std::vector<std::string>>(r)[0].find("oldSchemaVersion: 1") != std::string::npos);
        // registering it is refused with 409
        const auto refused = s.registerSchema("s", avro("d", ", \"breaks\": [\"a\"]"));
        QCOMPARE(code(refused), 409);
        QVERIFY(std::get<Error>(refused).message.find("incompatible") != std::string::npos);
        // a soft-deleted version is not looked at
        commit(s, s.deleteVersion("s", "1", false));
        QCOMPARE(code(s.registerSchema("s", avro("d", ", \"breaks\": [\"a\"]"))), 0);
        // against one named version
        c.seen.clear();
        r = s.testCompatibility("s", "2", avro("e"));
        QCOMPARE(c.seen.size(), size_t(1));
        QCOMPARE(c.seen[0].second, std::string("b"));
        QCOMPARE(code(s.testCompatibility("s", "9", avro("e"))), 40402);
        // NONE checks nothing
        commit(s, s.setConfig(std::string("s"), "NONE"));
        c.seen.clear();
        QVERIFY(ok(s.registerSchema("s", avro("f", ", \"breaks\": [\"b\", \"c\"]"))));
        QVERIFY(c.seen.empty());
        // a type change is reported, not passed to the type's checker
        commit(s, s.setConfig(std::string("s"), "BACKWARD"));
        r = s.testCompatibility("s", {}, {"JSON", "{}", {}});
        QCOMPARE(std::get<std::vector<std::string>>(r).size(), size_t(1));
    }

    void modes() {
        Checks c;
        SchemaStore s(testTypes(&c));
        QCOMPARE(std::get<Mode>(s.mode(std::nullopt, false)), Mode::ReadWrite);
        QCOMPARE(code(s.setMode(std::nullopt, "SOMETIMES")), 42204);
        QCOMPARE(commit(s, s.setMode(std::nullopt, "IMPORT")), Mode::Import);  // empty registry: allowed
        QCOMPARE(commit(s, s.setMode(std::nullopt, "READWRITE")), Mode::ReadWrite);
        commit(s, s.registerSchema("s", avro("a")));
        QCOMPARE(code(s.setMode(std::nullopt, "IMPORT")), 42205);
        QCOMPARE(commit(s, s.setMode(std::string("s"), "READONLY")), Mode::ReadOnly);
        QCOMPARE(code(s.registerSchema("s", avro("b"))), 42205);
        QCOMPARE(code(s.deleteSubject("s", false)), 42205);
        QVERIFY(ok(s.registerSchema("t", avro("b"))));  // other subjects are not affected
        QCOMPARE(code(s.mode(std::string("t"), false)), 40409);
    }

    void references() {
        Checks c;
        SchemaStore s(testTypes(&c));
        commit(s, s.registerSchema("common", avro("patient")));
        SchemaInput withRef = avro("encounter");
        withRef.references = {{"Patient", "common", 1}};
        QCOMPARE(commit(s, s.registerSchema("adt", withRef)), 2);
        QCOMPARE(s.referencedBy("common", 1), std::vector<int>{2});
        // a referenced version cannot be deleted
        QCOMPARE(code(s.deleteVersion("common", "1", false)), 42206);
        QCOMPARE(code(s.deleteSubject("common", false)), 42206);
        // a reference to nothing is an invalid schema
        SchemaInput bad = avro("x");
        bad.references = {{"Nope", "missing", 1}};
        QCOMPARE(code(s.registerSchema("y", bad)), 42201);
        // references are part of identity: same text, other references = other schema
        SchemaInput noRef = avro("encounter");
        QCOMPARE(commit(s, s.registerSchema("adt2", noRef)), 3);
        const json v = json::parse(*std::get<Planned<int>>(s.registerSchema("adt3", withRef)).records[0].value);
        QCOMPARE(v.at("references").at(0).at("subject").get<std::string>(), std::string("common"));
    }

    void rebuildFromRecordsGivesTheSameState() {
        Checks c;
        SchemaStore a(testTypes(&c));
        std::vector<StoreRecord> log;
        auto run = [&](auto outcome) {
            QVERIFY(ok(outcome));
            for (const auto& r : std::get<0>(outcome).records) {
                log.push_back(r);
                QVERIFY(!a.apply(r));
            }
        };
        run(a.registerSchema("s", avro("a")));
        run(a.registerSchema("s", avro("b")));
        run(a.registerSchema("t", avro("b")));
        run(a.setConfig(std::nullopt, "FULL_TRANSITIVE"));
        run(a.setConfig(std::string("t"), "NONE"));
        run(a.deleteVersion("s", "1", false));
        run(a.setMode(std::string("t"), "READONLY"));
        run(a.registerSchema("u", avro("c")));
        run(a.deleteSubject("u", false));
        run(a.deleteSubject("u", true));
        SchemaStore b(testTypes(&c));
        for (const auto& r : log) QVERIFY(!b.apply(r));
        QCOMPARE(b.subjects(true), a.subjects(true));
        QCOMPARE(b.subjects(false), a.subjects(false));
        QCOMPARE(std::get<std::vector<int>>(b.versions("s", true)), std::get<std::vector<int>>(a.versions("s", true)));
        QCOMPARE(std::get<SchemaVersion>(b.version("t", "latest", false)).id, 2);
        QCOMPARE(std::get<Level>(b.config(std::nullopt, false)), Level::FullTransitive);
        QCOMPARE(std::get<Level>(b.config(std::string("t"), false)), Level::None);
        QCOMPARE(std::get<Mode>(b.mode(std::string("t"), false)), Mode::ReadOnly);
        QCOMPARE(b.maxId(), 3);
        // the next id continues after the highest ever used
        QCOMPARE(std::get<Planned<int>>(b.registerSchema("v", avro("new"))).answer, 4);
    }

    void confluentRecordsAndBadRecords() {
        Checks c;
        SchemaStore s(testTypes(&c));
        // As Confluent Schema Registry writes them (JSON schema type, a NOOP, a global config).
        QVERIFY(!s.apply({"{\"keytype\":\"NOOP\",\"magic\":0}", std::string("null")}));
        QVERIFY(!s.apply({"{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1}",
                          std::string("{\"subject\":\"orders-value\",\"version\":1,\"id\":7,\"schemaType\":\"JSON\","
                                      "\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"deleted\":false}")}));
        QVERIFY(!s.apply({"{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", std::string("{\"compatibilityLevel\":\"FORWARD\"}")}));
        QCOMPARE(std::get<SchemaVersion>(s.schemaById(7)).type, std::string("JSON"));
        QCOMPARE(std::get<Level>(s.config(std::nullopt, false)), Level::Forward);
        // bad records are skipped with a reason, state untouched
        QVERIFY(s.apply({"not json", std::nullopt}).has_value());
        QVERIFY(s.apply({"{\"keytype\":\"SCHEMA\"}", std::string("{}")}).has_value());
        QVERIFY(s.apply({"{\"keytype\":\"SCHEMA\",\"subject\":\"x\",\"version\":1,\"magic\":1}", std::string("{\"id\":\"seven\"}")}).has_value());
        QVERIFY(s.apply({"{\"keytype\":\"WHAT\",\"magic\":0}", std::nullopt}).has_value());
        QCOMPARE(s.subjects(true), std::vector<std::string>{"orders-value"});
        // the next id follows the highest seen
        QCOMPARE(std::get<Planned<int>>(s.registerSchema("n", avro("z"))).answer, 8);
    }
};

QTEST_GUILESS_MAIN(TestSchemaStore)
#include "test_schema_store.moc"

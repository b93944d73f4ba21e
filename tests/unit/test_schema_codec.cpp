// Reading schema-framed values: Avro binary decoding and encoding
// (cross-checked byte for byte against Debian's python3-avro), hostile Avro
// input (every truncation, absurd lengths and block counts, bad varints,
// invalid UTF-8, deep nesting), Confluent framing, JSON payload validation,
// and the broker's RecordValidator with each subject name strategy over a
// real SchemaStore.
//
// Schemas are written with ' for " (moc scans this file, so no raw strings);
// q() swaps them back.
#include <QtTest>

#include <QElapsedTimer>
#include <QProcess>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/registry/avro_binary.h"
#include "broker/registry/avro_schema.h"
#include "broker/registry/record_validator.h"
#include "broker/registry/schema_codec.h"
#include "broker/registry/schema_types.h"
#include "tests/unit/registry_levels.h"

using namespace plexus::registry;
using plexus::Status;
using Json = nlohmann::json;

using plexus::registry::test::joined;
using plexus::registry::test::q;

namespace {

AvroSchema mustParse(const std::string& text) {
    auto r = parseAvroSchema(q(text));
    if (!r) qFatal("schema did not parse: %s: %s", text.c_str(), r.message().c_str());
    return r.value();
}

std::string hex(const std::string& b) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (char c : b) {
        auto u = static_cast<unsigned char>(c);
        out += digits[u >> 4];
        out += digits[u & 15];
    }
    return out;
}

std::string frame(int id, const std::string& payload) {
    std::string out(1, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((id >> shift) & 0xFF));
    return out + payload;
}

// A schema with every Avro type, and values for it in Avro's JSON encoding.
const char* const kEverything =
    "{'type':'record','name':'Admission','namespace':'org.plexus.adt','fields':["
    "{'name':'n','type':'null'},"
    "{'name':'flag','type':'boolean'},"
    "{'name':'i','type':'int'},"
    "{'name':'l','type':'long'},"
    "{'name':'f','type':'float'},"
    "{'name':'d','type':'double'},"
    "{'name':'b','type':'bytes'},"
    "{'name':'s','type':'string'},"
    "{'name':'ward','type':{'type':'enum','name':'Ward','symbols':['ICU','ER','GEN']}},"
    "{'name':'codes','type':{'type':'array','items':'string'}},"
    "{'name':'vitals','type':{'type':'map','values':'double'}},"
    "{'name':'note','type':['null','string','Ward']},"
    "{'name':'hash','type':{'type':'fixed','name':'Md5','size':4}},"
    "{'name':'next','type':['null','Admission']}"
    "]}";

std::vector<std::string> everythingValues() {
    return {
        q("{'n':null,'flag':true,'i':0,'l':0,'f':0.0,'d':0.0,'b':'','s':'','ward':'ICU','codes':[],'vitals':{},"
          "'note':null,'hash':'abcd','next':null}"),
        q("{'n':null,'flag':false,'i':-2147483648,'l':9223372036854775807,'f':1.5,'d':-2.25,'b':'\\u0000\\u00ff\\u0080x',"
          "'s':'Gr\\u00fc\\u00dfe \\u6c34 \\ud83d\\ude00','ward':'GEN','codes':['8867-4','2339-0'],"
          "'vitals':{'hr':72.0,'temp':37.25},'note':{'string':'stable'},'hash':'\\u0001\\u0002\\u0003\\u00ff',"
          "'next':{'org.plexus.adt.Admission':{'n':null,'flag':true,'i':7,'l':-1,'f':-0.5,'d':1e300,'b':'z','s':'x',"
          "'ward':'ER','codes':['a'],'vitals':{'spo2':98.0},'note':{'org.plexus.adt.Ward':'ICU'},'hash':'wxyz','next':null}}}"),
        q("{'n':null,'flag':true,'i':2147483647,'l':-9223372036854775808,'f':3.25,'d':0.1,'b':'bytes','s':'MRN-000042',"
          "'ward':'ER','codes':['x','y','z','w'],'vitals':{'a':1.0,'b':2.0,'c':3.0},'note':{'string':''},"
          "'hash':'\\u0000\\u0000\\u0000\\u0000','next':null}"),
    };
}

// python3-avro encodes the same values: JSON encoding -> Python datum -> binary.
const char* const kPythonEncoder =
    "import sys, json, io, avro.schema, avro.io\n"
    "schema = avro.schema.parse(sys.argv[1])\n"
    "def native(s, v):\n"
    "    t = s.type\n"
    "    if t == 'union':\n"
    "        if v is None: return None\n"
    "        (k, x), = v.items()\n"
    "        for b in s.schemas:\n"
    "            name = getattr(b, 'fullname', None) or b.type\n"
    "            if name == k: return native(b, x)\n"
    "        raise ValueError(k)\n"
    "    if t in ('bytes', 'fixed'): return v.encode('latin-1')\n"
    "    if t == 'record': return {f.name: native(f.type, v[f.name]) for f in s.fields}\n"
    "    if t == 'array': return [native(s.items, x) for x in v]\n"
    "    if t == 'map': return {k: native(s.values, x) for k, x in v.items()}\n"
    "    return v\n"
    "for line in sys.stdin:\n"
    "    buf = io.BytesIO()\n"
    "    avro.io.DatumWriter(schema).write(native(schema, json.loads(line)), avro.io.BinaryEncoder(buf))\n"
    "    print(buf.getvalue().hex())\n";

std::vector<std::string> pythonEncode(const std::string& schema, const std::vector<std::string>& values) {
    QProcess p;
    p.start("/usr/bin/python3", {"-c", kPythonEncoder, QString::fromStdString(q(schema))});
    if (!p.waitForStarted()) qFatal("cannot start /usr/bin/python3 (Debian's python3 with python3-avro is required)");
    for (const auto& v : values) p.write((v + "\n").c_str());
    p.closeWriteChannel();
    p.waitForFinished(60000);
    if (p.exitCode() != 0)
        qFatal("python3-avro failed (is python3-avro installed?): %s", p.readAllStandardError().constData());
    std::vector<std::string> out;
    for (const auto& line : p.readAllStandardOutput().split('\n'))
        if (!line.isEmpty()) out.push_back(line.toStdString());
    return out;
}

std::string unhex(const std::string& h) {
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

/// Commits a planned store write the way the registry server does.
template <class T> T commit(SchemaStore& s, Outcome<Planned<T>> o) {
    if (!ok(o)) qFatal("store write failed: %s", std::get<Error>(o).message.c_str());
    auto& planned = std::get<0>(o);
    for (const auto& r : planned.records)
        if (auto why = s.apply(r)) qFatal("apply failed: %s", why->c_str());
    return planned.answer;
}

}  // namespace

class TestSchemaCodec : public QObject {
    Q_OBJECT
private slots:
    void avroRoundTripMatchesPython() {
        const AvroSchema schema = mustParse(kEverything);
        const auto values = everythingValues();
        const auto python = pythonEncode(kEverything, values);
        QCOMPARE(python.size(), values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            const Json expected = Json::parse(values[i]);
            auto mine = encodeAvroBinary(schema, expected);
            QVERIFY2(mine, mine.message().c_str());
            QCOMPARE(hex(mine.value()), python[i]);
            auto decoded = decodeAvroBinary(schema, unhex(python[i]));
            QVERIFY2(decoded, decoded.message().c_str());
            // Fields come back in schema order, as the values are written here.
            QCOMPARE(decoded.value().dump(), nlohmann::ordered_json::parse(values[i]).dump());
        }
    }

    void avroHostileInputIsAnErrorNeverACrash() {
        const AvroSchema schema = mustParse(kEverything);
        const std::string good = encodeAvroBinary(schema, Json::parse(everythingValues()[1])).value();
        // Every proper prefix is truncated somewhere.
        for (size_t n = 0; n < good.size(); ++n) QVERIFY(!decodeAvroBinary(schema, good.substr(0, n)));
        // Trailing bytes.
        auto trailing = decodeAvroBinary(schema, good + "x");
        QVERIFY(!trailing);
        QVERIFY2(trailing.message().find("more bytes follow") != std::string::npos, trailing.message().c_str());
        // Every single-byte corruption decodes or fails cleanly.
        for (size_t i = 0; i < good.size(); ++i)
            for (int v : {0x00, 0x7f, 0x80, 0xff}) {
                std::string bad = good;
                bad[i] = static_cast<char>(v);
                (void)decodeAvroBinary(schema, bad);
            }

        auto message = [](const char* schemaText, const std::string& bytes) {
            auto r = decodeAvroBinary(mustParse(schemaText), bytes);
            return r ? std::string("decoded: ") + r.value().dump() : r.message();
        };
        auto contains = [](const std::string& text, const char* part) {
            if (text.find(part) != std::string::npos) return true;
            qWarning("'%s' does not contain '%s'", text.c_str(), part);
            return false;
        };
        // A string claiming 2^62 bytes: refused before allocating.
        QVERIFY(contains(message("'string'", "\xfe\xff\xff\xff\xff\xff\xff\xff\x7f"), "exceeds the 0 bytes left"));
        QVERIFY(contains(message("'string'", "\x01"), "is negative"));
        // 2^61 nulls in one block, which take no bytes: refused by the value budget.
        QVERIFY(contains(message("{'type':'array','items':'null'}", "\xfe\xff\xff\xff\xff\xff\xff\xff\x3f"),
                         "items exceeds what"));
        // A negative block count whose byte size lies.
        QVERIFY(contains(message("{'type':'array','items':'int'}", std::string("\x03\x7f\x02", 3)), "block size"));
        QVERIFY(contains(message("'long'", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"), "varint"));
        QVERIFY(contains(message("'long'", "\x80\x80"), "truncated varint"));
        QVERIFY(contains(message("'int'", "\x80\x80\x80\x80\x20"), "out of 32-bit range"));
        QVERIFY(contains(message("'string'", "\x04\xc3\x28"), "not valid UTF-8"));
        QVERIFY(contains(message("'boolean'", "\x02"), "boolean byte"));
        QVERIFY(contains(message("{'type':'enum','name':'E','symbols':['A']}", "\x02"), "enum index 1"));
        QVERIFY(contains(message("['null','int']", "\x04"), "union branch 2"));
        QVERIFY(contains(message("{'type':'fixed','name':'F','size':4}", "abc"), "4 bytes needed, 3 left"));
        // A recursive schema nested past the depth bound.
        const char* list = "{'type':'record','name':'L','fields':[{'name':'next','type':['null','L']}]}";
        QVERIFY(contains(message(list, std::string(300, '\x02') + '\0'), "nested deeper"));
        QCOMPARE(message(list, std::string(20, '\x02') + '\0').substr(0, 8), std::string("decoded:"));
    }

    void encodeRejectsValuesThatDoNotFit() {
        const AvroSchema schema = mustParse("{'type':'record','name':'R','fields':[{'name':'a','type':'int'},"
                                            "{'name':'u','type':['null','string'],'default':null}]}");
        QVERIFY(!encodeAvroBinary(schema, Json::parse(q("{'a':'x'}"))));
        QVERIFY(!encodeAvroBinary(schema, Json::parse(q("{'a':4294967296}"))));
        QVERIFY(!encodeAvroBinary(schema, Json::parse(q("{'a':1,'u':'bare string'}"))));
        auto withDefault = encodeAvroBinary(schema, Json::parse(q("{'a':1}")));
        QVERIFY2(withDefault, withDefault.message().c_str());
        QCOMPARE(hex(withDefault.value()), std::string("0200"));
    }

    void framing() {
        QVERIFY(!unframe(""));
        QVERIFY(!unframe(std::string("\0\0\0\1", 4)));
        QVERIFY(!unframe(std::string("\1\0\0\0\1x", 6)));
        const std::string framed = frame(0x01020304, "payload");
        auto f = unframe(framed);
        QVERIFY(f);
        QCOMPARE(f->id, 0x01020304);
        QCOMPARE(std::string(f->payload), std::string("payload"));
    }

    void jsonPayloads() {
        auto ps = PayloadSchema::parse(
            {"JSON", q("{'title':'org.plexus.Lab','type':'object','properties':{'loinc':{'type':'string'}},'required':['loinc']}"), {}},
            {});
        QVERIFY2(ps, ps.message().c_str());
        QCOMPARE(ps.value().recordName("").value(), std::string("org.plexus.Lab"));
        QCOMPARE(ps.value().decode(q("{ 'loinc' : '2339-0' }")).value(), q("{'loinc':'2339-0'}"));
        auto missing = ps.value().decode("{}");
        QVERIFY(!missing);
        QVERIFY2(missing.message().find("does not validate") != std::string::npos, missing.message().c_str());
        QVERIFY(!ps.value().decode("{not json"));
    }

    void boundsKeepValidationOffTheStackEdge() {
        // A 200 KB string against a pattern: refused with a message (std::regex
        // would recurse per character and overflow the stack).
        auto patterned = PayloadSchema::parse(
            {"JSON", q("{'type':'object','properties':{'mrn':{'type':'string','pattern':'^[A-Z0-9-]*$'}}}"), {}}, {});
        QVERIFY(patterned);
        const std::string longValue = q("{'mrn':'") + std::string(200000, 'A') + q("'}");
        Status s = patterned.value().validate(longValue);
        QVERIFY(!s);
        QVERIFY2(s.message().find("longer than the 4096 bytes") != std::string::npos, s.message().c_str());
        QVERIFY(patterned.value().validate(q("{'mrn':'") + std::string(4096, 'A') + q("'}")));  // at the bound: matched
        // A pattern with nested groups (about 1 KiB of std::regex stack per
        // character) at the bound still fits an 8 MiB stack.
        auto grouped = PayloadSchema::parse({"JSON", q("{'type':'string','pattern':'^((A|B|C|D)(E|F)?)*$'}"), {}}, {});
        QVERIFY(grouped.value().validate(q("'") + std::string(4096, 'A') + q("'")));
        auto dated = PayloadSchema::parse({"JSON", q("{'type':'string','format':'date-time'}"), {}}, {});
        QVERIFY(!dated.value().validate(q("'") + std::string(100000, '1') + q("'")));
        // 100,000 levels of nesting against a recursive schema: refused by depth.
        auto recursive = PayloadSchema::parse({"JSON", q("{'items':{'$ref':'#'}}"), {}}, {});
        QVERIFY(recursive);
        s = recursive.value().validate(std::string(100000, '[') + std::string(100000, ']'));
        QVERIFY(!s);
        QVERIFY2(s.message().find("nested deeper than 128") != std::string::npos, s.message().c_str());
        QVERIFY(recursive.value().validate(std::string(100, '[') + std::string(100, ']')));

        // Avro: 2^25 nulls in one block, then junk: refused at once by the value budget.
        const AvroSchema nulls = mustParse("{'type':'record','name':'N','fields':[{'name':'a','type':{'type':'array','items':'null'}},"
                                           "{'name':'b','type':'bytes'}]}");
        std::string block = "\x80\x80\x80\x20";  // zigzag varint of 2^25
        block += std::string(1 << 20, 'x');
        QElapsedTimer t;
        t.start();
        QVERIFY(!validateAvroBinary(nulls, block));
        qInfo("a 1 MiB datum claiming 2^25 nulls was refused in %lld ms", static_cast<long long>(t.elapsed()));
    }

    void protobufAnyOfAnUnknownTypeIsValid() {
        auto schema = PayloadSchema::parse({"PROTOBUF",
                                            "syntax = \"proto3\"; import \"google/protobuf/any.proto\";\n"
                                            "message Envelope { string source = 1; google.protobuf.Any body = 2; }\n",
                                            {}},
                                           {});
        QVERIFY2(schema, schema.message().c_str());
        // indexes [0]; source = "lab"; body = Any{type_url = "type.googleapis.com/elsewhere.Thing", value = 08 01}
        const std::string url = "type.googleapis.com/elsewhere.Thing";
        std::string any = "\x0a" + std::string(1, char(url.size())) + url + std::string("\x12\x02\x08\x01", 4);
        std::string payload = std::string(1, '\0') + "\x0a\x03lab" + "\x12" + std::string(1, char(any.size())) + any;
        Status valid = schema.value().validate(payload);
        QVERIFY2(valid, valid.message().c_str());
        auto shown = schema.value().decode(payload);
        QVERIFY2(shown, shown.message().c_str());
        QVERIFY2(shown.value().find("elsewhere.Thing") != std::string::npos, shown.value().c_str());
    }

    void validatorStrategies() {
        SchemaStore store(builtinSchemaTypes());
        const std::string adt = q(kEverything);
        const int adtId = commit(store, store.registerSchema("adt-value", {"AVRO", adt, {}}));
        const int lab = commit(store, store.registerSchema(
                                          "lab-value", {"AVRO", q("{'type':'record','name':'Lab','fields':[{'name':'x','type':'int'}]}"), {}}));
        commit(store, store.registerSchema("org.plexus.adt.Admission", {"AVRO", adt, {}}));
        commit(store, store.registerSchema("adt-org.plexus.adt.Admission", {"AVRO", adt, {}}));
        RecordValidator v(store);
        const std::string good = frame(adtId, encodeAvroBinary(mustParse(kEverything), Json::parse(everythingValues()[0])).value());

        QVERIFY(!v.check("adt", false, SubjectStrategy::TopicName, good));
        QVERIFY(!v.check("adt", false, SubjectStrategy::RecordName, good));
        QVERIFY(!v.check("adt", false, SubjectStrategy::TopicRecordName, good));
        QVERIFY(!v.check("adt", false, SubjectStrategy::TopicName, std::nullopt));  // a tombstone

        auto why = [&](const std::string& topic, bool key, SubjectStrategy s, const std::string& data) {
            auto r = v.check(topic, key, s, data);
            return r ? *r : std::string("passed");
        };
        QCOMPARE(why("adt", false, SubjectStrategy::TopicName, "plain text"),
                 std::string("value is not framed with a schema id (magic byte 0 and a 4-byte schema id; got 10 bytes starting 0x70)"));
        QCOMPARE(why("adt", true, SubjectStrategy::TopicName, good),
                 "key: schema id " + std::to_string(adtId) + " is not registered under subject 'adt-key'");
        QCOMPARE(why("adt", false, SubjectStrategy::TopicName, frame(lab, "\x02")),
                 "value: schema id " + std::to_string(lab) + " is not registered under subject 'adt-value'");
        QCOMPARE(why("other", false, SubjectStrategy::TopicRecordName, good),
                 "value: schema id " + std::to_string(adtId) + " is not registered under subject 'other-org.plexus.adt.Admission'");
        QCOMPARE(why("adt", false, SubjectStrategy::TopicName, frame(999, "")), std::string("value: schema id 999 is not registered"));
        const std::string truncated = why("adt", false, SubjectStrategy::TopicName, good.substr(0, good.size() - 1));
        QVERIFY2(truncated.find("Avro payload does not decode") != std::string::npos, truncated.c_str());

        // An id refused as unknown passes once a schema with that id is registered.
        const std::string early = frame(lab + 1, std::string("\x04", 1));
        QVERIFY(v.check("vitals", false, SubjectStrategy::TopicName, early));
        QCOMPARE(commit(store, store.registerSchema("vitals-value", {"AVRO", q("'int'"), {}})), lab + 1);
        QVERIFY(!v.check("vitals", false, SubjectStrategy::TopicName, early));

        // Soft-deleting the version stops it passing at once.
        commit(store, store.deleteVersion("adt-value", "1", false));
        QVERIFY(v.check("adt", false, SubjectStrategy::TopicName, good));

        QCOMPARE(parseSubjectStrategy("io.confluent.kafka.serializers.subject.RecordNameStrategy"), SubjectStrategy::RecordName);
        QCOMPARE(parseSubjectStrategy("TopicNameStrategy"), SubjectStrategy::TopicName);
        QVERIFY(!parseSubjectStrategy("io.confluent.kafka.serializers.subject.Nope"));
    }
};

QTEST_GUILESS_MAIN(TestSchemaCodec)
#include "test_schema_codec.moc"

// Avro schemas for the schema registry: parse errors (with their messages),
// Parsing Canonical Form, a table of writer/reader pairs covering every schema
// resolution rule, and the Confluent compatibility levels. The table's
// verdicts and canonical forms are cross-checked against python3-avro's own
// ReaderWriterCompatibilityChecker and canonical_form (Debian's /usr/bin/python3).
//
// Schemas are written with ' for " (moc scans this file, so no raw strings);
// q() swaps them back. Avro names and symbols never contain a quote.
#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/registry/avro_schema.h"
#include "tests/unit/registry_levels.h"

using namespace plexus::registry;

using plexus::registry::test::joined;
using plexus::registry::test::q;

namespace {

AvroSchema mustParse(const std::string& text) {
    auto r = parseAvroSchema(q(text));
    if (!r) qFatal("schema did not parse: %s: %s", text.c_str(), r.message().c_str());
    return r.value();
}

// One writer/reader pair. `compatible` is the verdict by the spec;
// `notCrossChecked` is null, or why python3-avro's verdict is not compared.
struct Pair {
    const char* name;
    const char* writer;
    const char* reader;
    bool compatible;
    const char* notCrossChecked = nullptr;
    const char* pcfNotCrossChecked = nullptr;  ///< why python3-avro's canonical form is not compared
};

// python3-avro 1.11 (like Avro Java, see AVRO-2078, never merged) ignores
// logical types when checking compatibility; Confluent users expect two
// decimals with a different precision or scale to be incompatible because a
// value written as decimal(10,2) means something else when read as (10,3).
const char* const kDecimalRule = "python3-avro ignores decimal precision/scale (AVRO-2078); we follow Confluent";

// The spec (and Avro Java) compare the unqualified names of records, enums and
// fixed. python3-avro 1.11 compares NamedSchema.name, which is the short name
// when the namespace is an attribute but the whole dotted string when the name
// is written "a.R"; so it calls a.R/b.R a name mismatch but R in namespaces a
// and b a match (see the pair before the excluded one).
const char* const kDottedNameRule = "python3-avro compares dotted names in full, the spec and Avro Java unqualified";
// Avro Java's SchemaNormalization writes a named type in full once and by its
// full name afterwards (the spec's [FULLNAMES]: a name is a reference after its
// definition). python3-avro 1.11 writes the definition out again at a second,
// non-recursive reference, which would not even parse (redefinition).
const char* const kRepeatedNamePcf = "python3-avro repeats a named type's definition in the canonical form";

#define REC(NAME, FIELDS) "{'type':'record','name':'" NAME "','fields':[" FIELDS "]}"
#define FLD(NAME, TYPE) "{'name':'" NAME "','type':" TYPE "}"
#define FLDD(NAME, TYPE, DEF) "{'name':'" NAME "','type':" TYPE ",'default':" DEF "}"

const std::vector<Pair>& pairs() {
    static const std::vector<Pair> kPairs = {
        // ---- primitives and promotions
        {"int reads int", "'int'", "'int'", true},
        {"null reads null", "'null'", "'null'", true},
        {"boolean reads boolean", "'boolean'", "'boolean'", true},
        {"long reads int (promotion)", "'int'", "'long'", true},
        {"float reads int (promotion)", "'int'", "'float'", true},
        {"double reads int (promotion)", "'int'", "'double'", true},
        {"float reads long (promotion)", "'long'", "'float'", true},
        {"double reads long (promotion)", "'long'", "'double'", true},
        {"double reads float (promotion)", "'float'", "'double'", true},
        {"bytes reads string (promotion)", "'string'", "'bytes'", true},
        {"string reads bytes (promotion)", "'bytes'", "'string'", true},
        {"int cannot read long", "'long'", "'int'", false},
        {"float cannot read double", "'double'", "'float'", false},
        {"long cannot read float", "'float'", "'long'", false},
        {"int cannot read float", "'float'", "'int'", false},
        {"string cannot read int", "'int'", "'string'", false},
        {"int cannot read boolean", "'boolean'", "'int'", false},
        {"boolean cannot read null", "'null'", "'boolean'", false},
        {"null cannot read int", "'int'", "'null'", false},
        {"int cannot read string", "'string'", "'int'", false},
        {"object form of a primitive is the primitive", "{'type':'int'}", "'long'", true},
        // ---- records
        {"same record", REC("R", FLD("a", "'int'")), REC("R", FLD("a", "'int'")), true},
        {"reader adds a field with a default", REC("R", FLD("a", "'int'")),
         REC("R", FLD("a", "'int'") "," FLDD("b", "'string'", "'x'")), true},
        {"reader adds a field without a default", REC("R", FLD("a", "'int'")),
         REC("R", FLD("a", "'int'") "," FLD("b", "'string'")), false},
        {"reader adds a nullable field with default null", REC("R", FLD("a", "'int'")),
         REC("R", FLD("a", "'int'") "," FLDD("b", "['null','string']", "null")), true},
        {"writer field absent from the reader is skipped", REC("R", FLD("a", "'int'") "," FLD("b", "'string'")),
         REC("R", FLD("a", "'int'")), true},
        {"field promoted int to long", REC("R", FLD("a", "'int'")), REC("R", FLD("a", "'long'")), true},
        {"field narrowed long to int", REC("R", FLD("a", "'long'")), REC("R", FLD("a", "'int'")), false},
        {"field renamed with a reader alias", REC("R", FLD("old", "'int'")),
         REC("R", "{'name':'new','type':'int','aliases':['old']}"), true},
        {"field renamed without alias or default", REC("R", FLD("old", "'int'")), REC("R", FLD("new", "'int'")), false},
        {"field renamed without alias but with a default", REC("R", FLD("old", "'int'")),
         REC("R", FLDD("new", "'int'", "0")), true},
        {"fields reordered", REC("R", FLD("a", "'int'") "," FLD("b", "'string'")),
         REC("R", FLD("b", "'string'") "," FLD("a", "'int'")), true},
        {"record names differ", REC("R", FLD("a", "'int'")), REC("S", FLD("a", "'int'")), false},
        {"record renamed with a reader alias", REC("R", FLD("a", "'int'")),
         "{'type':'record','name':'S','aliases':['R'],'fields':[{'name':'a','type':'int'}]}", true},
        {"same unqualified name, other namespace attribute", "{'type':'record','name':'R','namespace':'a','fields':[]}",
         "{'type':'record','name':'R','namespace':'b','fields':[]}", true},
        {"same unqualified name, other dotted namespace", "{'type':'record','name':'a.R','fields':[]}",
         "{'type':'record','name':'b.R','fields':[]}", true, kDottedNameRule},
        {"reader alias naming the writer's full name",
         "{'type':'record','name':'R','namespace':'x.y','fields':[]}",
         "{'type':'record','name':'S','namespace':'x.y','aliases':['x.y.R'],'fields':[]}", true},
        {"nested record field incompatible",
         REC("Outer", FLD("in", REC("Inner", FLD("v", "'string'")))),
         REC("Outer", FLD("in", REC("Inner", FLD("v", "'int'")))), false},
        {"nested record gains a defaulted field",
         REC("Outer", FLD("in", REC("Inner", FLD("v", "'int'")))),
         REC("Outer", FLD("in", REC("Inner", FLD("v", "'int'") "," FLDD("w", "'int'", "1")))), true},
        {"recursive list, same", REC("Node", FLD("v", "'int'") "," FLD("next", "['null','Node']")),
         REC("Node", FLD("v", "'int'") "," FLD("next", "['null','Node']")), true},
        {"recursive list, reader promotes the value",
         REC("Node", FLD("v", "'int'") "," FLD("next", "['null','Node']")),
         REC("Node", FLD("v", "'long'") "," FLD("next", "['null','Node']")), true},
        {"recursive list, reader narrows the value",
         REC("Node", FLD("v", "'long'") "," FLD("next", "['null','Node']")),
         REC("Node", FLD("v", "'int'") "," FLD("next", "['null','Node']")), false},
        {"record cannot read a map", "{'type':'map','values':'int'}", REC("R", ""), false},
        {"reader adds an enum field: an enum default is no field default", REC("R", FLD("a", "'int'")),
         REC("R", FLD("a", "'int'") "," FLD("k", "{'type':'enum','name':'K','symbols':['X','Y'],'default':'X'}")), false},
        {"mutually nested records, reader adds defaulted fields at both levels",
         REC("A", FLD("b", "['null'," REC("B", FLD("a", "['null','A']")) "]")),
         REC("A", FLD("b", "['null'," REC("B", FLD("a", "['null','A']") "," FLDD("n", "'int'", "0")) "]") "," FLDD("m", "'long'", "1")), true},
        {"named type referenced twice",
         REC("R", FLD("a", "{'type':'fixed','name':'F','size':4}") "," FLD("b", "'F'")),
         REC("R", FLD("a", "{'type':'fixed','name':'F','size':4}") "," FLD("b", "'F'")), true, nullptr, kRepeatedNamePcf},
        // ---- enums
        {"same enum", "{'type':'enum','name':'E','symbols':['A','B']}", "{'type':'enum','name':'E','symbols':['A','B']}", true},
        {"reader adds a symbol", "{'type':'enum','name':'E','symbols':['A','B']}",
         "{'type':'enum','name':'E','symbols':['A','B','C']}", true},
        {"reader reorders symbols", "{'type':'enum','name':'E','symbols':['A','B']}",
         "{'type':'enum','name':'E','symbols':['B','A']}", true},
        {"reader lacks a writer symbol", "{'type':'enum','name':'E','symbols':['A','B','C']}",
         "{'type':'enum','name':'E','symbols':['A','B']}", false},
        {"reader lacks a writer symbol but has an enum default", "{'type':'enum','name':'E','symbols':['A','B','C']}",
         "{'type':'enum','name':'E','symbols':['U','A','B'],'default':'U'}", true},
        {"enum names differ", "{'type':'enum','name':'E','symbols':['A']}", "{'type':'enum','name':'F','symbols':['A']}", false},
        {"enum renamed with an alias", "{'type':'enum','name':'E','symbols':['A']}",
         "{'type':'enum','name':'F','aliases':['E'],'symbols':['A']}", true},
        {"enum cannot read a string", "'string'", "{'type':'enum','name':'E','symbols':['A']}", false},
        {"string cannot read an enum", "{'type':'enum','name':'E','symbols':['A']}", "'string'", false},
        // ---- arrays and maps
        {"array of long reads array of int", "{'type':'array','items':'int'}", "{'type':'array','items':'long'}", true},
        {"array of int cannot read array of long", "{'type':'array','items':'long'}", "{'type':'array','items':'int'}", false},
        {"map of double reads map of int", "{'type':'map','values':'int'}", "{'type':'map','values':'double'}", true},
        {"map of int cannot read map of string", "{'type':'map','values':'string'}", "{'type':'map','values':'int'}", false},
        {"array cannot read a map", "{'type':'map','values':'int'}", "{'type':'array','items':'int'}", false},
        {"array of records, reader adds a defaulted field", "{'type':'array','items':" REC("R", FLD("a", "'int'")) "}",
         "{'type':'array','items':" REC("R", FLD("a", "'int'") "," FLDD("b", "'int'", "0")) "}", true},
        // ---- fixed
        {"same fixed", "{'type':'fixed','name':'F','size':16}", "{'type':'fixed','name':'F','size':16}", true},
        {"fixed sizes differ", "{'type':'fixed','name':'F','size':16}", "{'type':'fixed','name':'F','size':8}", false},
        {"fixed names differ", "{'type':'fixed','name':'F','size':16}", "{'type':'fixed','name':'G','size':16}", false},
        {"fixed renamed with an alias", "{'type':'fixed','name':'F','size':16}",
         "{'type':'fixed','name':'G','aliases':['F'],'size':16}", true},
        {"fixed cannot read bytes", "'bytes'", "{'type':'fixed','name':'F','size':16}", false},
        {"bytes cannot read fixed", "{'type':'fixed','name':'F','size':16}", "'bytes'", false},
        // ---- unions
        {"reader union holds the writer type", "'int'", "['null','int']", true},
        {"reader union holds a promotion of the writer type", "'int'", "['null','long']", true},
        {"reader union lacks the writer type", "'int'", "['null','string']", false},
        {"same union", "['null','int']", "['null','int']", true},
        {"writer union branches reordered", "['int','string']", "['string','int']", true},
        {"reader union adds a branch", "['null','int']", "['null','int','string']", true},
        {"reader union drops a writer branch", "['null','int','string']", "['null','int']", false},
        {"non-union reader, writer union with a null branch", "['null','int']", "'int'", false},
        {"non-union reader reads every writer branch", "['int','long']", "'long'", true},
        {"union of records, reader adds a defaulted field", "['null'," REC("R", FLD("a", "'int'")) "]",
         "['null'," REC("R", FLD("a", "'int'") "," FLDD("b", "'int'", "0")) "]", true},
        {"union of records, reader adds a field without default", "['null'," REC("R", FLD("a", "'int'")) "]",
         "['null'," REC("R", FLD("a", "'int'") "," FLD("b", "'int'")) "]", false},
        {"writer union into reader union by promotion", "['int','float']", "['long','double']", true},
        {"writer record read by reader union of the record", REC("R", FLD("a", "'int'")),
         "['null'," REC("R", FLD("a", "'int'")) "]", true},
        {"enum in a union: reader lacks a symbol", "['null',{'type':'enum','name':'E','symbols':['A','B']}]",
         "['null',{'type':'enum','name':'E','symbols':['A']}]", false},
        // ---- logical types
        {"same bytes decimal", "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}",
         "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}", true},
        {"bytes decimal precision differs", "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}",
         "{'type':'bytes','logicalType':'decimal','precision':12,'scale':2}", false, kDecimalRule},
        {"bytes decimal scale differs", "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}",
         "{'type':'bytes','logicalType':'decimal','precision':10,'scale':3}", false, kDecimalRule},
        {"fixed decimal scale differs",
         "{'type':'fixed','name':'D','size':8,'logicalType':'decimal','precision':9,'scale':2}",
         "{'type':'fixed','name':'D','size':8,'logicalType':'decimal','precision':9,'scale':3}", false, kDecimalRule},
        {"decimal field scale differs in a record",
         REC("R", FLD("amount", "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}")),
         REC("R", FLD("amount", "{'type':'bytes','logicalType':'decimal','precision':10,'scale':4}")), false, kDecimalRule},
        {"plain bytes read as decimal (logical type added)", "'bytes'",
         "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}", true},
        {"decimal read as plain bytes (logical type dropped)",
         "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}", "'bytes'", true},
        {"invalid decimal (scale > precision) is plain bytes",
         "{'type':'bytes','logicalType':'decimal','precision':2,'scale':5}",
         "{'type':'bytes','logicalType':'decimal','precision':10,'scale':2}", true},
        {"uuid string reads string", "'string'", "{'type':'string','logicalType':'uuid'}", true},
        {"date read as timestamp-millis (int to long)", "{'type':'int','logicalType':'date'}",
         "{'type':'long','logicalType':'timestamp-millis'}", true},
        {"timestamp-micros cannot be read as date", "{'type':'long','logicalType':'timestamp-micros'}",
         "{'type':'int','logicalType':'date'}", false},
        {"unknown logical type is ignored", "{'type':'string','logicalType':'x-phone'}", "'string'", true},
    };
    return kPairs;
}

// The cross-check script: reads [{writer, reader}], prints per pair
// {"compatible": bool, "writerPcf": str, "readerPcf": str} or {"error": str}.
const char* const kPythonScript =
    "import json, sys\n"
    "try:\n"
    "    import avro, avro.schema\n"
    "    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType\n"
    "except ImportError as e:\n"
    "    print('python3-avro is missing (apt-get install python3-avro): %s' % e, file=sys.stderr)\n"
    "    sys.exit(3)\n"
    "out = {'version': avro.__version__, 'results': []}\n"
    "for p in json.load(open(sys.argv[1])):\n"
    "    try:\n"
    "        w = avro.schema.parse(json.dumps(p['writer']))\n"
    "        r = avro.schema.parse(json.dumps(p['reader']))\n"
    "        c = ReaderWriterCompatibilityChecker().get_compatibility(r, w)\n"
    "        out['results'].append({'compatible': c.compatibility is SchemaCompatibilityType.compatible,\n"
    "                               'writerPcf': w.canonical_form, 'readerPcf': r.canonical_form})\n"
    "    except Exception as e:\n"
    "        out['results'].append({'error': '%s: %s' % (type(e).__name__, e)})\n"
    "print(json.dumps(out))\n";

}  // namespace

class TestAvroSchema : public QObject {
    Q_OBJECT
private slots:
    // ---- parsing

    void parseErrors_data() {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, const char* schema, const char* message) {
            QTest::newRow(name) << QString::fromStdString(q(schema)) << QString::fromUtf8(message);
        };
        row("not json", "{'type':", "not valid JSON");
        row("not a schema", "42", "a schema must be a type name");
        row("unknown type", "'foo'", "unknown type 'foo'");
        row("object without type", "{'name':'x'}", "needs a 'type'");
        row("field default of the wrong type", "{'type':'record','name':'B','namespace':'a','fields':[{'name':'x','type':'int','default':'foo'}]}",
            "field 'x' of record 'a.B': default 'foo' is not an int");
        row("int default out of range", REC("R", FLDD("x", "'int'", "3000000000")),
            "field 'x' of record 'R': default 3000000000 is not an int");
        row("union default must match the first branch", REC("R", FLDD("x", "['null','string']", "'s'")),
            "field 'x' of record 'R': default 's' is not null (the union's first branch)");
        row("record default missing a field", REC("R", FLDD("x", REC("In", FLD("a", "'int'")), "{}")),
            "field 'x' of record 'R': default {} is not a record 'In'");
        row("enum field default not a symbol", REC("R", FLDD("e", "{'type':'enum','name':'E','symbols':['A']}", "'Z'")),
            "field 'e' of record 'R': default 'Z' is not a symbol of enum 'E'");
        row("fixed default of the wrong length", REC("R", FLDD("f", "{'type':'fixed','name':'F','size':2}", "'abc'")),
            "default 'abc' is not a fixed 'F' of size 2");
        row("array default element", REC("R", FLDD("a", "{'type':'array','items':'int'}", "[1,'x']")),
            "field 'a' of record 'R': default [1,\"x\"] is not an array");
        row("invalid record name", "{'type':'record','name':'1abc','fields':[]}", "invalid record name '1abc'");
        row("invalid namespace", "{'type':'record','name':'R','namespace':'a..b','fields':[]}", "invalid record name 'a..b.R'");
        row("invalid field name", REC("R", FLD("a-b", "'int'")), "field 'a-b' of record 'R': invalid field name");
        row("duplicate field", REC("R", FLD("a", "'int'") "," FLD("a", "'long'")),
            "field 'a' of record 'R': the record already has a field of that name");
        row("name redefined", REC("R", FLD("a", REC("R", ""))), "the name 'R' is already defined");
        row("primitive name redefined", "{'type':'fixed','name':'int','size':1}", "'int' cannot be redefined");
        row("reference before definition", "['B'," REC("B", "") "]", "branch 0 of the union: unknown type 'B'");
        row("reference to another namespace", "{'type':'record','name':'a.R','fields':[{'name':'f','type':{'type':'enum','name':'E','symbols':['X']}},{'name':'g','type':'b.E'}]}",
            "field 'g' of record 'a.R': unknown type 'b.E'");
        row("duplicate union branch", "['int','string','int']", "branch 2 of the union: the union already has a branch of type 'int'");
        row("duplicate union record", "[" REC("R", "") ",'R']", "already has a branch of type 'R'");
        row("nested union", "['null',['int','string']]", "branch 1 of the union: a union may not immediately contain another union");
        row("duplicate enum symbol", "{'type':'enum','name':'E','symbols':['A','B','A']}", "enum 'E': symbol 'A' appears twice");
        row("invalid enum symbol", "{'type':'enum','name':'E','symbols':['A','9']}", "enum 'E': symbol '9' is not a valid name");
        row("enum default not a symbol", "{'type':'enum','name':'E','symbols':['A'],'default':'B'}",
            "enum 'E': default 'B' is not one of its symbols");
        row("negative fixed size", "{'type':'fixed','name':'F','size':-1}", "fixed 'F': 'size' must be between 0 and 2^31-1");
        row("fixed without size", "{'type':'fixed','name':'F'}", "fixed 'F': no 'size'");
        row("record without fields", "{'type':'record','name':'R'}", "record 'R': 'fields' must be an array");
        row("record without name", "{'type':'record','fields':[]}", "a record has no 'name'");
        row("array without items", "{'type':'array'}", "an array needs 'items'");
        row("map without values", "{'type':'map'}", "a map needs 'values'");
        row("nested path in message", REC("R", FLD("m", "{'type':'map','values':{'type':'array','items':'nope'}}")),
            "items of the array in values of the map in field 'm' of record 'R': unknown type 'nope'");
        row("bad order", REC("R", "{'name':'a','type':'int','order':'up'}"), "'order' must be");
    }
    void parseErrors() {
        QFETCH(QString, schema);
        QFETCH(QString, message);
        auto r = parseAvroSchema(schema.toStdString());
        QVERIFY2(!r, qPrintable("accepted: " + schema));
        QVERIFY2(QString::fromStdString(r.message()).contains(message),
                 qPrintable("message was: " + QString::fromStdString(r.message())));
    }

    void parsesTheTree() {
        auto s = mustParse(
            "{'type':'record','name':'Patient','namespace':'org.hl7','doc':'d','aliases':['Person'],'fields':["
            "{'name':'id','type':{'type':'string','logicalType':'uuid'},'confluent:tags':['PHI']},"
            "{'name':'born','type':{'type':'int','logicalType':'date'},'doc':'birth date'},"
            "{'name':'seen','type':{'type':'long','logicalType':'timestamp-micros'},'aliases':['lastSeen']},"
            "{'name':'balance','type':{'type':'bytes','logicalType':'decimal','precision':12,'scale':2},'default':'\\u0000'},"
            "{'name':'hash','type':{'type':'fixed','name':'Sha','size':32}},"
            "{'name':'kind','type':{'type':'enum','name':'Kind','symbols':['IN','OUT','UNKNOWN'],'default':'UNKNOWN'},'default':'IN'},"
            "{'name':'tags','type':{'type':'map','values':{'type':'array','items':'string'}},'default':{}},"
            "{'name':'prev','type':['null','Patient'],'default':null},"
            "{'name':'odd','type':{'type':'string','logicalType':'x-custom'}},"
            "{'name':'bad','type':{'type':'bytes','logicalType':'decimal','precision':2,'scale':3}}]}");
        const AvroNode& r = s.root();
        QCOMPARE(r.type, AvroType::Record);
        QCOMPARE(r.fullName, std::string("org.hl7.Patient"));
        QCOMPARE(r.name, std::string("Patient"));
        QCOMPARE(r.space, std::string("org.hl7"));
        QCOMPARE(r.aliases, std::vector<std::string>{"org.hl7.Person"});
        QCOMPARE(r.doc, std::string("d"));
        QCOMPARE(r.fields.size(), size_t(10));
        QCOMPARE(r.fields[0].type->logical, AvroLogical::Uuid);
        QCOMPARE(r.fields[0].props["confluent:tags"], nlohmann::json::array({"PHI"}));
        QCOMPARE(r.fields[1].type->logical, AvroLogical::Date);
        QCOMPARE(r.fields[1].doc, std::string("birth date"));
        QCOMPARE(r.fields[2].type->logical, AvroLogical::TimestampMicros);
        QCOMPARE(r.fields[2].aliases, std::vector<std::string>{"lastSeen"});
        QCOMPARE(r.fields[3].type->logical, AvroLogical::Decimal);
        QCOMPARE(r.fields[3].type->precision, 12);
        QCOMPARE(r.fields[3].type->scale, 2);
        QVERIFY(r.fields[3].defaultValue.has_value());
        QCOMPARE(r.fields[4].type->fullName, std::string("org.hl7.Sha"));
        QCOMPARE(r.fields[4].type->size, int64_t(32));
        QCOMPARE(r.fields[5].type->symbols.size(), size_t(3));
        QCOMPARE(r.fields[5].type->enumDefault, std::optional<std::string>("UNKNOWN"));
        QCOMPARE(r.fields[6].type->type, AvroType::Map);
        QCOMPARE(r.fields[6].type->values->items->type, AvroType::String);
        QCOMPARE(r.fields[7].type->branches[1], &r);  // the recursive reference is the record itself
        QCOMPARE(r.fields[8].type->logical, AvroLogical::None);  // unknown logical type: ignored
        QCOMPARE(r.fields[8].type->props["logicalType"], nlohmann::json("x-custom"));
        QCOMPARE(r.fields[9].type->logical, AvroLogical::None);  // invalid decimal: plain bytes
        QCOMPARE(s.namedTypes().size(), size_t(3));
    }

    void namespacesAndReferences() {
        // A nested definition inherits the enclosing namespace; a dotted name sets its own.
        auto s = mustParse("{'type':'record','name':'a.b.R','fields':["
                           "{'name':'x','type':{'type':'fixed','name':'F','size':1}},"
                           "{'name':'y','type':{'type':'enum','name':'c.E','symbols':['A']}},"
                           "{'name':'z','type':{'type':'record','name':'S','namespace':'','fields':[]}},"
                           "{'name':'u','type':['F','c.E','S']},{'name':'v','type':'a.b.F'}]}");
        const AvroNode& r = s.root();
        QCOMPARE(r.fields[0].type->fullName, std::string("a.b.F"));
        QCOMPARE(r.fields[1].type->fullName, std::string("c.E"));
        QCOMPARE(r.fields[2].type->fullName, std::string("S"));
        QCOMPARE(r.fields[3].type->branches[0], r.fields[0].type);
        QCOMPARE(r.fields[3].type->branches[1], r.fields[1].type);
        QCOMPARE(r.fields[3].type->branches[2], r.fields[2].type);
        QCOMPARE(r.fields[4].type, r.fields[0].type);
        QVERIFY(!parseAvroSchema(q("[{'type':'fixed','name':'F','size':1},'F','F']")));
        auto u = parseAvroSchema(q("{'type':'record','name':'a.b.R','fields':[{'name':'x','type':{'type':'fixed','name':'F','size':1}},"
                                   "{'name':'u','type':['F','c.E']}]}"));
        QVERIFY(!u);
        QVERIFY(QString::fromStdString(u.message()).contains("unknown type 'c.E'"));
        // The duplicate check sees a.b.F through both spellings.
        QVERIFY(!parseAvroSchema(q("{'type':'record','name':'a.b.R','fields':[{'name':'x','type':{'type':'fixed','name':'F','size':1}},"
                                   "{'name':'u','type':['F','a.b.F']}]}")));
    }

    void schemaReferences() {
        // Confluent schema references: named types defined by other schemas.
        const std::string address = q("{'type':'record','name':'Address','namespace':'org.hl7','fields':[{'name':'city','type':'string'}]}");
        const std::string kind = q("{'type':'enum','name':'org.hl7.Kind','symbols':['IN','OUT']}");
        auto s = parseAvroSchema(q("{'type':'record','name':'org.hl7.Patient','fields':[{'name':'home','type':'Address'},"
                                   "{'name':'kind','type':'org.hl7.Kind'}]}"),
                                 {address, kind});
        QVERIFY2(s, s.message().c_str());
        QCOMPARE(s.value().root().fields[0].type->fullName, std::string("org.hl7.Address"));
        QCOMPARE(s.value().root().fields[1].type->symbols.size(), size_t(2));
        QCOMPARE(QString::fromStdString(s.value().canonicalForm()),
                 QString::fromStdString(q("{'name':'org.hl7.Patient','type':'record','fields':[{'name':'home','type':"
                                          "{'name':'org.hl7.Address','type':'record','fields':[{'name':'city','type':'string'}]}},"
                                          "{'name':'kind','type':{'name':'org.hl7.Kind','type':'enum','symbols':['IN','OUT']}}]}")));
        auto missing = parseAvroSchema(q("{'type':'record','name':'org.hl7.Patient','fields':[{'name':'home','type':'Address'}]}"));
        QVERIFY(!missing);
        QVERIFY(QString::fromStdString(missing.message()).contains("unknown type 'Address'"));
        auto badRef = parseAvroSchema(q("'int'"), {address, q("{'type':'enum','name':'E','symbols':['A','A']}")});
        QVERIFY(!badRef);
        QVERIFY2(QString::fromStdString(badRef.message()).startsWith("reference 2: enum 'E': symbol 'A' appears twice"),
                 badRef.message().c_str());
        // A name defined twice across references is a redefinition.
        QVERIFY(!parseAvroSchema(address, {address}));
    }

    void validDefaultsAccepted() {
        for (const char* s : {
                 REC("R", FLDD("a", "'long'", "9007199254740993")),
                 REC("R", FLDD("a", "'float'", "1")),
                 REC("R", FLDD("a", "'double'", "1.5")),
                 REC("R", FLDD("a", "'bytes'", "'\\u00ff\\u0000'")),
                 REC("R", FLDD("a", "'boolean'", "false")),
                 REC("R", FLDD("a", "['string','null']", "'x'")),
                 REC("R", FLDD("a", "{'type':'fixed','name':'F','size':2}", "'\\u00e9a'")),
                 REC("R", FLDD("a", REC("In", FLD("x", "'int'") "," FLDD("y", "'int'", "2")), "{'x':1}")),
                 REC("R", FLDD("a", "{'type':'map','values':'long'}", "{'k':1}")),
             }) {
            auto r = parseAvroSchema(q(s));
            QVERIFY2(r, qPrintable(QString::fromStdString(std::string(s) + ": " + r.message())));
        }
        // bytes defaults are code points U+0000..U+00FF only
        QVERIFY(!parseAvroSchema(q(REC("R", FLDD("a", "'bytes'", "'\\u0100'")))));
    }

    // ---- Parsing Canonical Form

    void canonicalForm_data() {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("pcf");
        auto row = [](const char* name, const char* schema, const char* pcf) {
            QTest::newRow(name) << QString::fromStdString(q(schema)) << QString::fromStdString(q(pcf));
        };
        // [PRIMITIVES]
        row("primitive", "'int'", "'int'");
        row("primitive object", "{'type':'long'}", "'long'");
        row("primitive with logical type", "{'type':'int','logicalType':'date'}", "'int'");
        // [FULLNAMES] [STRIP] [ORDER] [WHITESPACE]
        row("record stripped and ordered",
            "{ 'fields' : [ {'type': 'int', 'name': 'a', 'doc': 'x', 'default': 1, 'order': 'descending', 'aliases': ['b']} ],\n"
            "  'doc': 'd', 'aliases': ['Q'], 'namespace': 'org.x', 'name': 'R', 'type': 'record', 'custom': 7 }",
            "{'name':'org.x.R','type':'record','fields':[{'name':'a','type':'int'}]}");
        row("enum", "{'symbols':['A','B'],'type':'enum','name':'E','namespace':'n','default':'A','doc':'z'}",
            "{'name':'n.E','type':'enum','symbols':['A','B']}");
        row("fixed", "{'size':16,'type':'fixed','name':'md5','namespace':'h'}", "{'name':'h.md5','type':'fixed','size':16}");
        row("array", "{'items':'string','type':'array'}", "{'type':'array','items':'string'}");
        row("map", "{'values':{'type':'int'},'type':'map'}", "{'type':'map','values':'int'}");
        row("union", "[ 'null' , {'type':'string'} ]", "['null','string']");
        row("names inherit the namespace and references use full names",
            "{'type':'record','name':'a.b.R','fields':[{'name':'f','type':{'type':'fixed','name':'F','size':1}},"
            "{'name':'g','type':'F'},{'name':'h','type':{'type':'array','items':'a.b.F'}}]}",
            "{'name':'a.b.R','type':'record','fields':[{'name':'f','type':{'name':'a.b.F','type':'fixed','size':1}},"
            "{'name':'g','type':'a.b.F'},{'name':'h','type':{'type':'array','items':'a.b.F'}}]}");
        row("recursive record",
            "{'type':'record','name':'LongList','aliases':['LinkedLongs'],'fields':[{'name':'value','type':'long'},"
            "{'name':'next','type':['null','LongList']}]}",
            "{'name':'LongList','type':'record','fields':[{'name':'value','type':'long'},{'name':'next','type':['null','LongList']}]}");
        row("decimal fixed keeps size only",
            "{'type':'fixed','name':'D','size':8,'logicalType':'decimal','precision':9,'scale':2}",
            "{'name':'D','type':'fixed','size':8}");
        // Avro Java's SchemaNormalization writes an error's type as "record" (python3-avro: "error").
        row("error is a record", "{'type':'error','name':'Oops','fields':[]}", "{'name':'Oops','type':'record','fields':[]}");
    }
    void canonicalForm() {
        QFETCH(QString, schema);
        QFETCH(QString, pcf);
        auto r = parseAvroSchema(schema.toStdString());
        QVERIFY2(r, r.message().c_str());
        QCOMPARE(QString::fromStdString(r.value().canonicalForm()), pcf);
        // The canonical form is itself a schema with the same canonical form.
        auto again = parseAvroSchema(pcf.toStdString());
        QVERIFY2(again, again.message().c_str());
        QCOMPARE(QString::fromStdString(again.value().canonicalForm()), pcf);
    }

    void canonicalFormIgnoresFormatting() {
        auto a = mustParse("{'type':'record','name':'R','fields':[{'name':'a','type':'int'}]}");
        auto b = mustParse("{\n  'name' : 'R', 'doc':'other', 'type' : 'record',\n  'fields' : [ { 'name':'a', 'type': {'type':'int'}, 'default': 3 } ]\n}");
        QCOMPARE(a.canonicalForm(), b.canonicalForm());
        auto c = mustParse("{'type':'record','name':'R','fields':[{'name':'a','type':'long'}]}");
        QVERIFY(a.canonicalForm() != c.canonicalForm());
    }

    // ---- compatibility table

    void resolutionTable_data() {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < pairs().size(); ++i) QTest::newRow(pairs()[i].name) << int(i);
    }
    void resolutionTable() {
        QFETCH(int, index);
        const Pair& p = pairs()[size_t(index)];
        auto w = mustParse(p.writer);
        auto r = mustParse(p.reader);
        auto msgs = checkCompatibility(r, w);
        QVERIFY2(msgs.empty() == p.compatible,
                 qPrintable(QString("expected %1, messages: %2")
                                .arg(p.compatible ? "compatible" : "incompatible", QString::fromStdString(joined(msgs)))));
        for (const auto& m : msgs) QVERIFY2(!m.empty() && m.find(" at /") != std::string::npos, m.c_str());
    }

    void tableCoversEnough() {
        size_t yes = 0, no = 0;
        for (const auto& p : pairs()) (p.compatible ? yes : no)++;
        QVERIFY2(pairs().size() >= 40, "the resolution table should have at least 40 pairs");
        QVERIFY(yes >= 15 && no >= 15);
    }

    void incompatibilityMessages() {
        auto w = mustParse(REC("a.R", FLD("x", "'long'") "," FLD("e", "{'type':'enum','name':'E','symbols':['A','B']}")));
        auto r = mustParse(REC("a.R", FLD("x", "'int'") "," FLD("e", "{'type':'enum','name':'E','symbols':['A']}") "," FLD("n", "'string'")));
        auto msgs = checkCompatibility(r, w);
        QCOMPARE(msgs.size(), size_t(3));
        QVERIFY2(msgs[0].starts_with("TYPE_MISMATCH at /fields/0/type: reader type int cannot read writer type long"), msgs[0].c_str());
        QVERIFY2(msgs[1].starts_with("MISSING_ENUM_SYMBOLS at /fields/1/type/symbols:") && msgs[1].find("[B]") != std::string::npos,
                 msgs[1].c_str());
        QVERIFY2(msgs[2].starts_with("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2: reader field 'n' of record 'a.R'"),
                 msgs[2].c_str());
        auto f1 = mustParse("{'type':'fixed','name':'F','size':4}");
        auto f2 = mustParse("{'type':'fixed','name':'G','size':8}");
        auto fm = checkCompatibility(f2, f1);
        QCOMPARE(fm.size(), size_t(2));
        QVERIFY2(fm[0].starts_with("NAME_MISMATCH at /name"), fm[0].c_str());
        QVERIFY2(fm[1].starts_with("FIXED_SIZE_MISMATCH at /size"), fm[1].c_str());
        auto u = checkCompatibility(mustParse("['null','int']"), mustParse("['null','int','string']"));
        QCOMPARE(u.size(), size_t(1));
        QVERIFY2(u[0].starts_with("MISSING_UNION_BRANCH at /2"), u[0].c_str());
    }

    // ---- cross-check against python3-avro

    void crossCheckWithPythonAvro() {
        const QString python = "/usr/bin/python3";
        if (!QFile::exists(python))
            QFAIL("/usr/bin/python3 is missing: install the Debian packages python3 and python3-avro "
                  "(installer/install-deps.sh --test)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        nlohmann::json table = nlohmann::json::array();
        for (const auto& p : pairs())
            table.push_back({{"writer", nlohmann::json::parse(q(p.writer))}, {"reader", nlohmann::json::parse(q(p.reader))}});
        const QString path = dir.filePath("pairs.json");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(table.dump()));
        }
        QProcess proc;
        proc.start(python, {"-c", kPythonScript, path});
        QVERIFY(proc.waitForFinished(120000));
        const QByteArray err = proc.readAllStandardError();
        if (proc.exitCode() == 3)
            QFAIL(qPrintable("python3-avro is not installed for /usr/bin/python3 (apt-get install python3-avro): " + err));
        QVERIFY2(proc.exitStatus() == QProcess::NormalExit && proc.exitCode() == 0, err.constData());
        nlohmann::json out = nlohmann::json::parse(proc.readAllStandardOutput().toStdString(), nullptr, false);
        QVERIFY2(out.is_object() && out["results"].size() == pairs().size(), "unexpected output from the python checker");

        int agreed = 0, excluded = 0, pcfCompared = 0;
        QStringList disagreements;
        for (size_t i = 0; i < pairs().size(); ++i) {
            const Pair& p = pairs()[i];
            const auto& res = out["results"][i];
            if (res.contains("error")) {
                disagreements << QString("%1: python3-avro failed: %2").arg(p.name, QString::fromStdString(res["error"].get<std::string>()));
                continue;
            }
            auto w = mustParse(p.writer);
            auto r = mustParse(p.reader);
            // Canonical forms. python3-avro 1.11 writes a primitive carrying a logical type
            // as {"type":"int"} instead of "int" (the spec's [PRIMITIVES] rule), so schemas
            // with logical types are left out of this comparison.
            for (const auto& [schema, text, key] : {std::tuple{&w, p.writer, "writerPcf"}, std::tuple{&r, p.reader, "readerPcf"}}) {
                if (std::string(text).find("logicalType") != std::string::npos) continue;
                if (p.pcfNotCrossChecked) {
                    qInfo("canonical form not cross-checked: %s: %s", p.name, p.pcfNotCrossChecked);
                    continue;
                }
                ++pcfCompared;
                if (schema->canonicalForm() != res[key].get<std::string>())
                    disagreements << QString("%1: canonical form of %2 differs: ours %3, python3-avro %4")
                                         .arg(p.name, QString::fromStdString(q(text)), QString::fromStdString(schema->canonicalForm()),
                                              QString::fromStdString(res[key].get<std::string>()));
            }
            const bool ours = checkCompatibility(r, w).empty();
            const bool theirs = res["compatible"].get<bool>();
            if (p.notCrossChecked) {
                ++excluded;
                qInfo("not cross-checked: %s (ours: %s, python3-avro: %s): %s", p.name, ours ? "compatible" : "incompatible",
                      theirs ? "compatible" : "incompatible", p.notCrossChecked);
                continue;
            }
            if (ours == theirs)
                ++agreed;
            else
                disagreements << QString("%1: ours %2, python3-avro %3\n    writer %4\n    reader %5")
                                     .arg(p.name, ours ? "compatible" : "incompatible", theirs ? "compatible" : "incompatible",
                                          QString::fromStdString(q(p.writer)), QString::fromStdString(q(p.reader)));
        }
        qInfo("python3-avro %s agrees on %d of %d cross-checked pairs (%d excluded); %d canonical forms compared",
              out["version"].get<std::string>().c_str(), agreed, int(pairs().size()) - excluded, excluded, pcfCompared);
        QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join("\n")));
    }

    // ---- Confluent levels

    void levels() {
        using plexus::registry::test::levelCheck;
        const std::string v1 = REC("R", FLD("a", "'int'"));
        const std::string v2 = REC("R", FLD("a", "'int'") "," FLDD("b", "'int'", "0"));
        const std::string v3 = REC("R", FLD("b", "'int'"));  // drops a, b loses its default
        const std::vector<std::string> history{q(v1), q(v2)};
        // v3 reads v2 data (b present) but not v1 data (b absent, no default).
        QVERIFY(levelCheck("BACKWARD", "AVRO", history, q(v3)).empty());
        auto bt = levelCheck("BACKWARD_TRANSITIVE", "AVRO", history, q(v3));
        QCOMPARE(bt.size(), size_t(1));
        QVERIFY2(bt[0].find("oldSchemaVersion: 1") != std::string::npos &&
                     bt[0].find("READER_FIELD_MISSING_DEFAULT_VALUE") != std::string::npos, bt[0].c_str());
        // v2 cannot read v3 data: a is absent and has no default.
        QVERIFY(!levelCheck("FORWARD", "AVRO", history, q(v3)).empty());
        QVERIFY(!levelCheck("FULL", "AVRO", history, q(v3)).empty());
        QVERIFY(levelCheck("NONE", "AVRO", history, q(v3)).empty());

        // FORWARD vs FORWARD_TRANSITIVE: the old schemas read the new one's data.
        const std::vector<std::string> fh{q(REC("R", FLD("a", "'int'") "," FLD("b", "'int'"))),
                                          q(REC("R", FLD("a", "'int'") "," FLDD("b", "'int'", "0")))};
        const std::string f3 = q(REC("R", FLD("a", "'int'")));
        QVERIFY(levelCheck("FORWARD", "AVRO", fh, f3).empty());
        QVERIFY(!levelCheck("FORWARD_TRANSITIVE", "AVRO", fh, f3).empty());
        QVERIFY(levelCheck("BACKWARD", "AVRO", fh, f3).empty());  // f3 reads f2 data: b is skipped
        QCOMPARE(levelCheck("FULL_TRANSITIVE", "AVRO", fh, f3).size(), size_t(1));

        // FULL: adding an optional field with a default is both ways compatible.
        const std::string g1 = q(REC("R", FLD("a", "'int'")));
        const std::string g2 = q(REC("R", FLD("a", "'int'") "," FLDD("n", "['null','string']", "null")));
        QVERIFY(levelCheck("FULL", "AVRO", {g1}, g2).empty());
        QVERIFY(levelCheck("FULL_TRANSITIVE", "AVRO", {g1}, g2).empty());
        // A new required field: FORWARD yes, BACKWARD no.
        const std::string g3 = q(REC("R", FLD("a", "'int'") "," FLD("r", "'string'")));
        QVERIFY(levelCheck("FORWARD", "AVRO", {g1}, g3).empty());
        QVERIFY(!levelCheck("BACKWARD", "AVRO", {g1}, g3).empty());
        QVERIFY(!levelCheck("FULL", "AVRO", {g1}, g3).empty());
        // Nothing registered yet: everything is allowed.
        QVERIFY(levelCheck("FULL_TRANSITIVE", "AVRO", {}, g3).empty());
    }
};

QTEST_GUILESS_MAIN(TestAvroSchema)
#include "test_avro_schema.moc"

// Protobuf schemas for the schema registry: parse errors with line:column,
// proto2/proto3, well-known imports and schema references, the base64
// FileDescriptorProto form (same identity as the text), a table of
// compatibility cases over every Confluent rule, the levels through
// SchemaStore, and decoding of Confluent-framed records, hand-encoded and
// produced by protoc-generated Python code (Debian's protobuf-compiler and
// python3-protobuf; the test fails if they are missing). Malformed and
// hostile payloads must give errors, never crashes.
//
// Schemas are written with ' for " (moc scans this file, so no raw strings);
// q() swaps them back. No schema here needs a real single quote.
#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/registry/protobuf_schema.h"
#include "tests/unit/registry_levels.h"

using namespace plexus::registry;
namespace pb = plexus::registry::proto;

using plexus::registry::test::joined;
using plexus::registry::test::q;

namespace {

pb::ProtobufSchema mustParse(const std::string& text, const pb::References& refs = {}) {
    auto r = pb::parse(q(text), refs);
    if (!r) qFatal("schema did not parse: %s: %s", text.c_str(), r.message().c_str());
    return r.value();
}

// ---- hand encoding of the protobuf wire format
std::string varint(uint64_t v) {
    std::string out;
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
}
uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
std::string tag(int field, int wireType) { return varint(static_cast<uint64_t>(field) << 3 | static_cast<uint64_t>(wireType)); }
std::string lenField(int field, const std::string& bytes) { return tag(field, 2) + varint(bytes.size()) + bytes; }
std::string varintField(int field, uint64_t v) { return tag(field, 0) + varint(v); }
/// Confluent's message-index prefix: zigzag count, zigzag indexes; {0} is one 0 byte.
std::string indexPrefix(const std::vector<int>& indexes) {
    if (indexes == std::vector<int>{0}) return std::string(1, '\0');
    std::string out = varint(zigzag(static_cast<int64_t>(indexes.size())));
    for (int i : indexes) out += varint(zigzag(i));
    return out;
}
std::string fromHex(const std::string& hex) {
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

// ---- compatibility table
// One writer/reader pair: `kinds` lists the incompatibility kinds expected
// (each as "KIND at PATH"), empty = compatible.
struct Case {
    const char* name;
    const char* writer;
    const char* reader;
    std::vector<std::string> kinds;
};

#define P3 "syntax = 'proto3'; "
#define P2 "syntax = 'proto2'; "

std::vector<Case> compatibilityCases() {
    return {
        {"identical", P3 "message M { string a = 1; }", P3 "message M { string a = 1; }", {}},
        {"package changed", P3 "package a; message M { string a = 1; }", P3 "package b; message M { string a = 1; }",
         {"PACKAGE_CHANGED at #/"}},
        {"package qualification of a local type is irrelevant", P3 "package a; message M { N n = 1; message N {} }",
         P3 "package a; message M { .a.M.N n = 1; message N {} }", {}},
        {"field added", P3 "message M { string a = 1; }", P3 "message M { string a = 1; int32 b = 2; }", {}},
        {"field removed", P3 "message M { string a = 1; int32 b = 2; }", P3 "message M { string a = 1; }", {}},
        {"field renamed (matched by number)", P3 "message M { string a = 1; }", P3 "message M { string renamed = 1; }", {}},
        {"field renumbered = removed + added", P3 "message M { string a = 1; }", P3 "message M { string a = 2; }", {}},
        {"required field added", P2 "message M { optional string a = 1; }",
         P2 "message M { optional string a = 1; required string b = 2; }", {"REQUIRED_FIELD_ADDED at #/M/2"}},
        {"required field removed", P2 "message M { optional string a = 1; required string b = 2; }",
         P2 "message M { optional string a = 1; }", {"REQUIRED_FIELD_REMOVED at #/M/2"}},
        {"optional proto2 field added", P2 "message M { optional string a = 1; }",
         P2 "message M { optional string a = 1; optional int64 b = 2 [default = 7]; }", {}},
        // Scalar groups.
        {"int32 -> int64", P3 "message M { int32 a = 1; }", P3 "message M { int64 a = 1; }", {}},
        {"uint64 -> bool", P3 "message M { uint64 a = 1; }", P3 "message M { bool a = 1; }", {}},
        {"sint32 -> sint64", P3 "message M { sint32 a = 1; }", P3 "message M { sint64 a = 1; }", {}},
        {"fixed32 -> sfixed32", P3 "message M { fixed32 a = 1; }", P3 "message M { sfixed32 a = 1; }", {}},
        {"fixed64 -> sfixed64", P3 "message M { fixed64 a = 1; }", P3 "message M { sfixed64 a = 1; }", {}},
        {"string -> bytes", P3 "message M { string a = 1; }", P3 "message M { bytes a = 1; }", {}},
        {"int32 -> enum", P3 "message M { int32 a = 1; }", P3 "message M { E a = 1; } enum E { Z = 0; O = 1; }", {}},
        {"enum -> uint32", P3 "message M { E a = 1; } enum E { Z = 0; }", P3 "message M { uint32 a = 1; }", {}},
        {"int32 -> sint32", P3 "message M { int32 a = 1; }", P3 "message M { sint32 a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        {"int64 -> fixed64", P3 "message M { int64 a = 1; }", P3 "message M { fixed64 a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        {"fixed32 -> fixed64", P3 "message M { fixed32 a = 1; }", P3 "message M { fixed64 a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        {"float -> double", P3 "message M { float a = 1; }", P3 "message M { double a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        {"string -> int32", P3 "message M { string a = 1; }", P3 "message M { int32 a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        // Kinds: scalar, message, map.
        {"scalar -> message", P3 "message M { int32 a = 1; }", P3 "message M { N a = 1; } message N { int32 x = 1; }",
         {"FIELD_KIND_CHANGED at #/M/1"}},
        {"message -> scalar", P3 "message M { N a = 1; } message N {}", P3 "message M { bytes a = 1; } message N {}",
         {"FIELD_KIND_CHANGED at #/M/1"}},
        {"message -> map", P3 "message M { N a = 1; } message N {}", P3 "message M { map<string, N> a = 1; } message N {}",
         {"FIELD_KIND_CHANGED at #/M/1"}},
        {"map value int32 -> int64", P3 "message M { map<string, int32> a = 1; }", P3 "message M { map<string, int64> a = 1; }", {}},
        {"map key string -> int32", P3 "message M { map<string, int32> a = 1; }", P3 "message M { map<int32, int32> a = 1; }",
         {"FIELD_SCALAR_KIND_CHANGED at #/M/1"}},
        {"map value message renamed", P3 "message M { map<string, N> a = 1; } message N {} message O {}",
         P3 "message M { map<string, O> a = 1; } message N {} message O {}", {"FIELD_NAMED_TYPE_CHANGED at #/M/1"}},
        {"message type renamed", P3 "message M { N a = 1; } message N {} message O {}",
         P3 "message M { O a = 1; } message N {} message O {}", {"FIELD_NAMED_TYPE_CHANGED at #/M/1"}},
        {"group kept", P2 "message M { optional group G = 1 { optional int32 x = 2; } }",
         P2 "message M { optional group G = 1 { optional int64 x = 2; } }", {}},
        // Labels.
        {"numeric singular -> repeated", P3 "message M { int32 a = 1; }", P3 "message M { repeated int32 a = 1; }",
         {"FIELD_NUMERIC_LABEL_CHANGED at #/M/1"}},
        {"numeric optional -> repeated", P3 "message M { optional int32 a = 1; }", P3 "message M { repeated int32 a = 1; }",
         {"FIELD_NUMERIC_LABEL_CHANGED at #/M/1"}},
        {"numeric optional -> required", P2 "message M { optional fixed32 a = 1; }", P2 "message M { required fixed32 a = 1; }",
         {"FIELD_NUMERIC_LABEL_CHANGED at #/M/1"}},
        {"string optional -> repeated", P3 "message M { optional string a = 1; }", P3 "message M { repeated string a = 1; }", {}},
        {"bytes singular -> repeated", P3 "message M { bytes a = 1; }", P3 "message M { repeated bytes a = 1; }", {}},
        {"message singular -> repeated", P3 "message M { N a = 1; } message N {}", P3 "message M { repeated N a = 1; } message N {}", {}},
        {"proto3 implicit -> explicit optional", P3 "message M { int32 a = 1; }", P3 "message M { optional int32 a = 1; }", {}},
        // Messages.
        {"message added", P3 "message M { string a = 1; }", P3 "message M { string a = 1; } message N {}", {}},
        {"message removed", P3 "message M { string a = 1; } message N {}", P3 "message M { string a = 1; }",
         {"MESSAGE_REMOVED at #/N"}},
        {"nested message removed", P3 "message M { message Inner { int32 x = 1; } }", P3 "message M { }",
         {"MESSAGE_REMOVED at #/M/Inner"}},
        {"message moved (reordered)", P3 "message M { string a = 1; } message N {}", P3 "message N {} message M { string a = 1; }", {}},
        {"nested field changed", P3 "message W { message T { string s = 1; } }", P3 "message W { message T { double s = 1; } }",
         {"FIELD_SCALAR_KIND_CHANGED at #/W/T/1"}},
        {"recursive message", P3 "message Tree { repeated Tree kids = 1; int32 v = 2; }",
         P3 "message Tree { repeated Tree kids = 1; int64 v = 2; string label = 3; }", {}},
        // Enums never break compatibility by Confluent's rules.
        {"enum constant added, removed, renamed", P3 "message M { E e = 1; } enum E { A = 0; B = 1; C = 2; }",
         P3 "message M { E e = 1; } enum E { A = 0; BB = 1; D = 3; }", {}},
        {"enum removed (field becomes int32)", P3 "message M { E e = 1; } enum E { A = 0; }", P3 "message M { int32 e = 1; }", {}},
        // Oneofs.
        {"new field in a new oneof", P3 "message M { string a = 1; string b = 2; }",
         P3 "message M { string a = 1; string b = 2; oneof o { string c = 3; } }", {}},
        {"two fields moved into a new oneof", P3 "message M { string a = 1; string b = 2; }",
         P3 "message M { oneof o { string a = 1; string b = 2; string c = 3; } }", {"MULTIPLE_FIELDS_MOVED_TO_ONEOF at #/M/o"}},
        {"one field moved into a new oneof", P3 "message M { string a = 1; string b = 2; }",
         P3 "message M { string a = 1; oneof o { string b = 2; } }", {}},
        {"field added to a oneof", P3 "message M { oneof o { string a = 1; } }", P3 "message M { oneof o { string a = 1; int32 b = 2; } }", {}},
        {"field removed from a oneof", P3 "message M { oneof o { string a = 1; int32 b = 2; } }", P3 "message M { oneof o { string a = 1; } }",
         {"ONEOF_FIELD_REMOVED at #/M/o/2"}},
        {"whole oneof removed", P3 "message M { string x = 9; oneof o { string a = 1; int32 b = 2; } }", P3 "message M { string x = 9; }", {}},
        {"top-level field moved into an existing oneof", P3 "message M { string a = 1; oneof o { string b = 2; } }",
         P3 "message M { oneof o { string a = 1; string b = 2; } }", {"FIELD_MOVED_TO_EXISTING_ONEOF at #/M/o"}},
        {"oneof renamed, same members", P3 "message M { oneof o { string a = 1; string b = 2; } }",
         P3 "message M { oneof p { string a = 1; string b = 2; } }", {}},
        {"two oneofs merged", P3 "message M { oneof o { string a = 1; } oneof p { string b = 2; } }",
         P3 "message M { oneof r { string a = 1; string b = 2; } }", {"FIELD_MOVED_TO_EXISTING_ONEOF at #/M/r"}},
        {"field moved out of a oneof", P3 "message M { oneof o { string a = 1; string b = 2; } }",
         P3 "message M { oneof o { string a = 1; } string b = 2; }", {}},
        {"field moved out of a oneof and retyped", P3 "message M { oneof o { string a = 1; string b = 2; } }",
         P3 "message M { oneof o { string a = 1; } int32 b = 2; }", {"FIELD_SCALAR_KIND_CHANGED at #/M/2"}},
        {"field retyped inside a renamed oneof", P3 "message M { oneof o { string a = 1; string b = 2; } }",
         P3 "message M { oneof p { string a = 1; float b = 2; } }", {"FIELD_SCALAR_KIND_CHANGED at #/M/p/2"}},
        {"proto3 optional is no oneof", P3 "message M { optional string a = 1; optional string b = 2; }",
         P3 "message M { string a = 1; string b = 2; }", {}},
        // Well-known types.
        {"Timestamp kept", P3 "import 'google/protobuf/timestamp.proto'; message M { google.protobuf.Timestamp t = 1; }",
         P3 "import 'google/protobuf/timestamp.proto'; message M { google.protobuf.Timestamp t = 1; int32 x = 2; }", {}},
        {"Timestamp -> Duration", P3 "import 'google/protobuf/timestamp.proto'; message M { google.protobuf.Timestamp t = 1; }",
         P3 "import 'google/protobuf/duration.proto'; message M { google.protobuf.Duration t = 1; }",
         {"FIELD_NAMED_TYPE_CHANGED at #/M/1"}},
        {"wrapper -> scalar", P3 "import 'google/protobuf/wrappers.proto'; message M { google.protobuf.Int32Value v = 1; }",
         P3 "message M { int32 v = 1; }", {"FIELD_KIND_CHANGED at #/M/1"}},
        // Several at once, reported in a stable order.
        {"several", P3 "package p; message M { int32 a = 1; string b = 2; } message Gone {}",
         P3 "package q; message M { sint32 a = 1; N b = 2; } message N {}",
         {"PACKAGE_CHANGED at #/", "MESSAGE_REMOVED at #/Gone", "FIELD_SCALAR_KIND_CHANGED at #/M/1", "FIELD_KIND_CHANGED at #/M/2"}},
    };
}

// The cross-check: protoc compiles kSampleProto for Python, the script
// prints the base64 descriptor (what Confluent's Python serializer
// registers) and a few records with their protobuf bytes and the JSON that
// python3-protobuf's json_format prints for them.
const char* const kSampleProto =
    "syntax = 'proto3';\n"
    "package plexus.test;\n"
    "import 'google/protobuf/timestamp.proto';\n"
    "message Order {\n"
    "  string id = 1;\n"
    "  int64 amount_cents = 2;\n"
    "  repeated Line lines = 3;\n"
    "  Status status = 4;\n"
    "  google.protobuf.Timestamp placed_at = 5;\n"
    "  map<string, int32> tags = 6;\n"
    "  oneof payment { string card = 7; bytes voucher = 8; }\n"
    "  optional double discount = 9;\n"
    "  message Line { string sku = 1; uint32 qty = 2; sint32 delta = 3; fixed64 code = 4; }\n"
    "  enum Status { UNKNOWN = 0; PAID = 1; SHIPPED = 2; }\n"
    "}\n"
    "message Customer { string name = 1; bool vip = 2; float score = 3; repeated int32 codes = 4; }\n";

const char* const kPythonScript =
    "import base64, json, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "try:\n"
    "    from google.protobuf import json_format\n"
    "    from confluent_kafka.schema_registry.protobuf import _create_msg_index\n"
    "    import sample_pb2 as m\n"
    "except ImportError as e:\n"
    "    print('python3-protobuf or python3-confluent-kafka is missing: %s' % e, file=sys.stderr)\n"
    "    sys.exit(3)\n"
    "o = m.Order(id='A-1', amount_cents=-1234567890123, status=m.Order.PAID, card='4111', discount=0.5)\n"
    "o.lines.add(sku='s1', qty=3, delta=-7, code=2**63 + 5)\n"
    "o.lines.add(sku='s2', qty=1)\n"
    "o.placed_at.seconds = 1700000000\n"
    "o.placed_at.nanos = 500000000\n"
    "o.tags['x'] = 1\n"
    "o.tags['y'] = -2\n"
    "line = m.Order.Line(sku='only', qty=9)\n"
    "c = m.Customer(name='Zo\\u00eb', vip=True, score=2.25, codes=[1, -1, 300])\n"
    "out = {'descriptor': base64.standard_b64encode(m.DESCRIPTOR.serialized_pb).decode('ascii'), 'records': []}\n"
    "for name, msg in (('plexus.test.Order', o), ('plexus.test.Order.Line', line), ('plexus.test.Customer', c)):\n"
    "    idx = _create_msg_index(msg.DESCRIPTOR)\n"
    "    out['records'].append({'type': name, 'hex': msg.SerializeToString().hex(),\n"
    "        'indexes': [0] if idx == [0] else idx[1:],\n"
    "        'json': json.loads(json_format.MessageToJson(msg, preserving_proto_field_name=True))})\n"
    "print(json.dumps(out))\n";

}  // namespace

class TestProtobufSchema : public QObject {
    Q_OBJECT

private slots:
    void parseErrorsNameLineAndColumn() {
        struct E {
            const char* text;
            const char* expected;  // substring of the error
        };
        const std::vector<E> cases = {
            {P3 "message M { string a = 1 }", "1:45: Expected \";\"."},
            {"syntax = 'proto3';\nmessage M {\n  strin a = 1;\n}\n", "3:3: \"strin\" is not defined."},
            {"syntax = 'proto3';\nmessage M {\n  string a = 1;\n  int32 b = 1;\n}\n", "4:13: Field number 1 has already been used"},
            {"syntax = 'proto4';", "1:10: Unrecognized syntax identifier \"proto4\""},
            {"syntax = 'proto3';\nimport 'nowhere.proto';\nmessage M {}\n",
             "2:1: import \"nowhere.proto\" is neither a schema reference nor a well-known google/protobuf file"},
            {"syntax = 'proto3';\nmessage M { required string a = 1; }\n", "2:22: Required fields are not allowed in proto3."},
            {"syntax = 'proto3';\nenum E { A = 1; }\n", "2:14: The first enum value must be zero in proto3."},
            {"message {", "1:9: Expected message name."},
            {"   \n ", "empty schema"},
            {"not a schema at all", "1:1: Expected top-level statement"},
        };
        for (const auto& c : cases) {
            auto r = pb::parse(q(c.text));
            QVERIFY2(!r, c.text);
            QVERIFY2(r.message().find(q(c.expected)) != std::string::npos,
                     qPrintable(QString("%1\n  got: %2\n  want: %3").arg(c.text, r.message().c_str(), q(c.expected).c_str())));
        }
    }

    void syntaxes() {
        auto p2 = mustParse(P2 "package a.b; message M { required int32 x = 1; optional string s = 2 [default = 'd']; extensions 100 to 199; }"
                               "extend M { optional int32 ext = 100; }");
        QCOMPARE(p2.syntax(), std::string("proto2"));
        QCOMPARE(p2.package(), std::string("a.b"));
        auto none = mustParse("message M { optional int32 x = 1; }");
        QCOMPARE(none.syntax(), std::string("proto2"));
        auto p3 = mustParse(P3 "message A { message B { map<string, C> m = 1; message C {} } } message D {}");
        QCOMPARE(p3.syntax(), std::string("proto3"));
        QCOMPARE(p3.messageTypes(), (std::vector<std::string>{"A", "A.B", "A.B.C", "D"}));
        QVERIFY(p3.complete());
    }

    void imports() {
        // Every well-known file resolves without a reference.
        auto wkt = mustParse(P3
                             "import 'google/protobuf/timestamp.proto'; import 'google/protobuf/duration.proto';"
                             "import 'google/protobuf/any.proto'; import 'google/protobuf/struct.proto';"
                             "import 'google/protobuf/wrappers.proto'; import 'google/protobuf/empty.proto';"
                             "import 'google/protobuf/field_mask.proto'; import 'google/protobuf/descriptor.proto';"
                             "import 'google/protobuf/api.proto';"
                             "message M { google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; google.protobuf.Any a = 3;"
                             " google.protobuf.Struct s = 4; google.protobuf.StringValue w = 5; google.protobuf.Empty e = 6;"
                             " google.protobuf.FieldMask f = 7; google.protobuf.FileDescriptorProto fd = 8; google.protobuf.Api api = 9; }"
                             "extend google.protobuf.FieldOptions { string tag = 50000; }");
        QVERIFY(wkt.canonical().find("google.protobuf.Timestamp") != std::string::npos);

        // References, in text and descriptor form, may import each other and well-known files.
        pb::References refs;
        refs["common/money.proto"] = q(P3 "package common; import 'google/protobuf/timestamp.proto';"
                                          "message Money { string currency = 1; int64 units = 2; google.protobuf.Timestamp at = 3; }");
        refs["other.proto"] = q(P3 "package other; import 'common/money.proto'; message Price { common.Money m = 1; }");
        auto s = pb::parse(q(P3 "import 'other.proto'; message Item { other.Price price = 1; }"), refs);
        QVERIFY2(s, s.message().c_str());
        QVERIFY(s.value().complete());

        // A reference's own missing import is allowed (the registry gives direct references only)...
        pb::References direct{{"other.proto", refs["other.proto"]}};
        auto d = pb::parse(q(P3 "import 'other.proto'; message Item { other.Price price = 1; }"), direct);
        QVERIFY2(d, d.message().c_str());
        QVERIFY(!d.value().complete());
        // ...but the main file's types must still be defined.
        auto typo = pb::parse(q(P3 "import 'other.proto'; message Item { other.Prise price = 1; }"), direct);
        QVERIFY(!typo);
        QVERIFY2(typo.message().find("other.Prise") != std::string::npos, typo.message().c_str());

        // Errors in a reference name it.
        pb::References bad{{"bad.proto", q(P3 "message X { int32 = 1; }")}};
        auto b = pb::parse(q(P3 "import 'bad.proto'; message M { X x = 1; }"), bad);
        QVERIFY(!b);
        QVERIFY2(b.message().find("reference 'bad.proto': 1:38:") != std::string::npos, b.message().c_str());

        // Import cycles are errors, not stack overflows.
        pb::References cyc{{"a.proto", q(P3 "import 'b.proto'; message A {}")}, {"b.proto", q(P3 "import 'a.proto'; message B {}")}};
        auto c = pb::parse(q(P3 "import 'a.proto'; message M { A a = 1; }"), cyc);
        QVERIFY(!c);
        QVERIFY2(c.message().find("import cycle") != std::string::npos, c.message().c_str());

        // Lenient parsing for comparisons without reference texts.
        pb::ParseOptions lenient;
        lenient.allowUnresolvedImports = true;
        auto l = pb::parse(q(P3 "import 'other.proto'; message Item { other.Price price = 1; }"), {}, lenient);
        QVERIFY2(l, l.message().c_str());
        QVERIFY(!l.value().complete());
        auto decode = pb::decodeFramedPayload(l.value(), std::string(1, '\0'));
        QVERIFY(!decode);
    }

    void canonicalForm() {
        // Whitespace, comments and qualification do not change the identity.
        auto a = mustParse(P3 "package p; message M { N n = 1; message N { int32 x = 1; } }");
        auto b = mustParse("// a comment\n" P3 "\npackage p;\n\nmessage M {\n  .p.M.N n = 1; /* c */\n  message N {\n    int32 x = 1;\n  }\n}\n");
        QCOMPARE(a.canonical(), b.canonical());
        auto c = mustParse(P3 "package p; message M { N n = 1; message N { int64 x = 1; } }");
        QVERIFY(a.canonical() != c.canonical());
        QVERIFY2(a.canonical().find("package p;") != std::string::npos, a.canonical().c_str());
    }

    void compatibilityTable() {
        int n = 0;
        for (const auto& c : compatibilityCases()) {
            auto w = mustParse(c.writer);
            auto r = mustParse(c.reader);
            const auto got = pb::checkCompatibility(r, w);
            std::vector<std::string> kinds;
            for (const auto& m : got) kinds.push_back(m.substr(0, m.find(':')));
            QVERIFY2(kinds == c.kinds, qPrintable(QString("%1\n  got: %2").arg(c.name, joined(got).c_str())));
            for (const auto& m : got) QVERIFY2(m.find(": ") != std::string::npos && m.size() > m.find(": ") + 3, m.c_str());
            ++n;
        }
        qInfo("%d compatibility cases", n);
    }

    void compatibilityWithReferences() {
        // The same local name from different imported definitions is
        // compared by content; a package move of the import alone is fine.
        pb::References v1{{"home.proto", q(P3 "package x.y; message Home { string addr = 1; }")}};
        pb::References v2{{"home2.proto", q(P3 "package z; message Home { string addr = 1; int32 floor = 2; }")}};
        pb::References v3{{"home3.proto", q(P3 "package x.y; message Home { double addr = 1; }")}};
        auto w = mustParse(P3 "import 'home.proto'; message T { x.y.Home h = 1; }", v1);
        auto ok = mustParse(P3 "import 'home2.proto'; message T { z.Home h = 1; }", v2);
        auto bad = mustParse(P3 "import 'home3.proto'; message T { x.y.Home h = 1; }", v3);
        QVERIFY2(pb::checkCompatibility(ok, w).empty(), joined(pb::checkCompatibility(ok, w)).c_str());
        const auto msgs = pb::checkCompatibility(bad, w);
        QCOMPARE(msgs.size(), size_t(2));
        QVERIFY2(msgs[0].rfind("FIELD_SCALAR_KIND_CHANGED at #/Home/1", 0) == 0, msgs[0].c_str());
        QVERIFY2(msgs[1].rfind("FIELD_NAMED_TYPE_CHANGED at #/T/1", 0) == 0, msgs[1].c_str());
        // A message moved into an import is removed from the schema.
        auto local = mustParse(P3 "message T { Home h = 1; } message Home { string addr = 1; }");
        auto moved = mustParse(P3 "import 'home.proto'; message T { x.y.Home h = 1; }", v1);
        const auto m2 = pb::checkCompatibility(moved, local);
        QVERIFY2(m2.size() == 1 && m2[0].rfind("MESSAGE_REMOVED at #/Home", 0) == 0, joined(m2).c_str());
    }

    void levels() {
        using plexus::registry::test::levelCheck;
        const std::string v1 = q(P3 "message M { string a = 1; }");
        const std::string v2 = q(P3 "message M { string a = 1; int32 b = 2; }");
        const std::string v3 = q(P3 "message M { string a = 1; sint32 b = 2; }");  // b changes encoding
        const std::string v4 = q(P3 "message M { string a = 1; }");                // drops b again
        QVERIFY(levelCheck("BACKWARD", "PROTOBUF", {v1}, v2).empty());
        QVERIFY(levelCheck("FORWARD", "PROTOBUF", {v1}, v2).empty());
        QVERIFY(levelCheck("FULL", "PROTOBUF", {v1}, v2).empty());
        auto bw = levelCheck("BACKWARD", "PROTOBUF", {v1, v2}, v3);
        QCOMPARE(bw.size(), size_t(1));
        QVERIFY2(bw[0].find("oldSchemaVersion: 2") != std::string::npos && bw[0].find("BACKWARD: FIELD_SCALAR_KIND_CHANGED at #/M/2") != std::string::npos,
                 bw[0].c_str());
        QCOMPARE(levelCheck("FULL", "PROTOBUF", {v1, v2}, v3).size(), size_t(2));
        // v4 against v3 alone is fine; transitively it meets v2 too, still fine
        // (a removed field is compatible); v3 after v1..v2 transitively is not.
        QVERIFY(levelCheck("BACKWARD", "PROTOBUF", {v1, v2, v3}, v4).empty());
        QVERIFY(levelCheck("FULL_TRANSITIVE", "PROTOBUF", {v1, v2, v3}, v4).empty());
        QCOMPARE(levelCheck("BACKWARD_TRANSITIVE", "PROTOBUF", {v1, v2}, v3).size(), size_t(1));
        QVERIFY(levelCheck("NONE", "PROTOBUF", {v1, v2}, v3).empty());
        // Required fields (proto2): FORWARD lets a new one in, BACKWARD does not.
        const std::string r1 = q(P2 "message M { optional string a = 1; }");
        const std::string r2 = q(P2 "message M { optional string a = 1; required int32 r = 2; }");
        QVERIFY(!levelCheck("BACKWARD", "PROTOBUF", {r1}, r2).empty());
        QVERIFY(!levelCheck("FORWARD", "PROTOBUF", {r1}, r2).empty());  // REQUIRED_FIELD_REMOVED the other way
        // Imports by reference name only: compared by type name (no reference texts at check time).
        const std::string t1 = q(P3 "import 'google/protobuf/timestamp.proto'; message M { google.protobuf.Timestamp t = 1; }");
        const std::string t2 = q(P3 "import 'google/protobuf/timestamp.proto'; message M { google.protobuf.Timestamp t = 1; string s = 2; }");
        QVERIFY(levelCheck("FULL_TRANSITIVE", "PROTOBUF", {t1}, t2).empty());
    }

    void storeIdentity() {
        // Registering the same schema twice (reformatted) gives the same id;
        // an invalid schema is refused with the parser's line:column.
        SchemaStore s(builtinSchemaTypes());
        auto commit = [&](auto outcome) -> int {
            if (!ok(outcome)) return -1;
            for (const auto& r : std::get<0>(outcome).records) s.apply(r);
            return std::get<0>(outcome).answer;
        };
        const int id = commit(s.registerSchema("a", {"PROTOBUF", q(P3 "message M { string a = 1; }"), {}}));
        QVERIFY(id > 0);
        QCOMPARE(commit(s.registerSchema("a", {"PROTOBUF", q(P3 "\n\nmessage M {\n  string a = 1;  // same\n}\n"), {}})), id);
        auto bad = s.registerSchema("a", {"PROTOBUF", q(P3 "message M { string a = 1 }"), {}});
        QVERIFY(!ok(bad));
        QVERIFY2(std::get<Error>(bad).message.find("1:45: Expected") != std::string::npos, std::get<Error>(bad).message.c_str());
        // A reference resolves through the store.
        QVERIFY(commit(s.registerSchema("money", {"PROTOBUF", q(P3 "package m; message Money { int64 units = 1; }"), {}})) > 0);
        const int withRef = commit(s.registerSchema(
            "order", {"PROTOBUF", q(P3 "import 'money.proto'; message Order { m.Money total = 1; }"), {{"money.proto", "money", 1}}}));
        QVERIFY(withRef > 0);
        // Compatibility of versions with references (checked by type name):
        // a field added passes BACKWARD, a retyped one does not.
        auto config = s.setConfig(std::string("order"), "BACKWARD");
        QVERIFY(ok(config));
        for (const auto& r : std::get<0>(config).records) s.apply(r);
        const int v2 = commit(s.registerSchema(
            "order", {"PROTOBUF", q(P3 "import 'money.proto'; message Order { m.Money total = 1; string note = 2; }"),
                      {{"money.proto", "money", 1}}}));
        QVERIFY(v2 > withRef);
        auto incompatible = s.registerSchema(
            "order", {"PROTOBUF", q(P3 "import 'money.proto'; message Order { m.Money total = 1; int32 note = 2; }"),
                      {{"money.proto", "money", 1}}});
        QVERIFY(!ok(incompatible));
        QCOMPARE(std::get<Error>(incompatible).code, ErrorCode::IncompatibleSchema);
        auto unresolved = s.registerSchema("order2", {"PROTOBUF", q(P3 "import 'money.proto'; message Order { m.Money total = 1; }"), {}});
        QVERIFY(!ok(unresolved));
    }

    void messageIndexes() {
        auto s = mustParse(P3 "message A { map<string, int32> m = 1; message B { message C {} } message D {} } message E {}");
        auto at = [&](std::vector<int> idx) {
            auto r = pb::messageAt(s, idx);
            return r ? r.value() : "error: " + r.message();
        };
        QCOMPARE(at({}), std::string("A"));
        QCOMPARE(at({0}), std::string("A"));
        QCOMPARE(at({1}), std::string("E"));
        // The map field's entry type holds the first nested place (descriptor order).
        QCOMPARE(at({0, 0}), std::string("A.MEntry"));
        QCOMPARE(at({0, 1}), std::string("A.B"));
        QCOMPARE(at({0, 2}), std::string("A.D"));
        QCOMPARE(at({0, 1, 0}), std::string("A.B.C"));
        QVERIFY(at({2}).rfind("error: message index [2] is out of range", 0) == 0);
        QVERIFY(at({0, 3}).rfind("error:", 0) == 0);
        QVERIFY(at({-1}).rfind("error:", 0) == 0);
        QVERIFY(at({1, 0}).rfind("error:", 0) == 0);

        auto read = [](const std::string& bytes) { return pb::readMessageIndexes(bytes); };
        auto r0 = read(std::string(1, '\0') + "xyz");
        QVERIFY(r0);
        QCOMPARE(r0.value().indexes, std::vector<int>{0});
        QCOMPARE(r0.value().consumed, size_t(1));
        auto r1 = read(indexPrefix({0, 1}) + "rest");
        QVERIFY(r1);
        QCOMPARE(r1.value().indexes, (std::vector<int>{0, 1}));
        QCOMPARE(r1.value().consumed, size_t(3));
        auto r2 = read(indexPrefix({300}));
        QVERIFY(r2);
        QCOMPARE(r2.value().indexes, std::vector<int>{300});
        QVERIFY(!read(""));
        QVERIFY(!read("\x80"));                                             // truncated varint
        QVERIFY(!read(varint(zigzag(2)) + varint(zigzag(0))));              // count 2, one index
        QVERIFY(!read(varint(zigzag(-1))));                                 // negative count
        QVERIFY(!read(varint(zigzag(1000000)) + std::string(10, '\0')));    // absurd count
        QVERIFY(!read(varint(zigzag(2147483647))));                         // absurder count
        QVERIFY(!read(varint(zigzag(1)) + varint(zigzag(-3))));             // negative index
        QVERIFY(!read(std::string(12, '\xff')));                            // overlong varint
        QVERIFY(!read(varint(zigzag(1)) + varint(uint64_t(1) << 40)));      // over 32 bits
    }

    void decodeHandEncoded() {
        auto s = mustParse(P2 "package h;"
                              "message Outer { optional string name = 1; optional int64 big = 2; optional sint32 neg = 3;"
                              " repeated int32 packed = 4 [packed = true]; optional Inner inner = 5; optional bool flag = 6;"
                              " optional Color color = 7; optional bytes raw = 8; optional fixed32 f32 = 9; optional double d = 10;"
                              " message Inner { required uint32 id = 1; } }"
                              "enum Color { RED = 0; GREEN = 1; }");
        const std::string inner = varintField(1, 42);
        const std::string packed = varint(1) + varint(300) + varint(uint64_t(-5));
        std::string f32 = tag(9, 5) + std::string("\x01\x00\x00\x00", 4);
        std::string d = tag(10, 1) + std::string("\x00\x00\x00\x00\x00\x00\xf8\x3f", 8);  // 1.5
        const std::string msg = lenField(1, "hi") + varintField(2, 9007199254740993ull) + varintField(3, zigzag(-3)) +
                                lenField(4, packed) + lenField(5, inner) + varintField(6, 1) + varintField(7, 1) +
                                lenField(8, std::string("\x00\xff", 2)) + f32 + d;
        auto json = pb::decodeFramedPayload(s, indexPrefix({0}) + msg);
        QVERIFY2(json, json.message().c_str());
        const auto got = nlohmann::json::parse(json.value());
        const auto want = nlohmann::json::parse(q("{'name':'hi','big':'9007199254740993','neg':-3,'packed':[1,300,-5],"
                                                  "'inner':{'id':42},'flag':true,'color':'GREEN','raw':'AP8=','f32':1,'d':1.5}"));
        QVERIFY2(got == want, json.value().c_str());
        // The nested type by index [0, 0].
        auto innerJson = pb::decodeFramedPayload(s, indexPrefix({0, 0}) + inner);
        QVERIFY2(innerJson && nlohmann::json::parse(innerJson.value()) == nlohmann::json::parse(q("{'id':42}")), innerJson.message().c_str());
        // Unknown fields (a newer writer) are skipped; an empty message is {}.
        auto unknown = pb::decodeFramedPayload(s, indexPrefix({0}) + varintField(99, 7) + lenField(1, "x"));
        QVERIFY2(unknown && nlohmann::json::parse(unknown.value()) == nlohmann::json::parse(q("{'name':'x'}")), unknown.message().c_str());
        auto empty = pb::decodeFramedPayload(s, indexPrefix({0}));
        QVERIFY2(empty && empty.value() == "{}", empty.message().c_str());
        QVERIFY(pb::validateFramedPayload(s, indexPrefix({0}) + msg).empty());
    }

    void decodeMalformed() {
        auto s = mustParse(P2 "message M { optional string name = 1; optional N n = 2; repeated M kids = 3; }"
                              "message N { required int32 id = 1; }");
        const std::string good = lenField(1, "abc");
        QVERIFY(pb::decodeFramedPayload(s, indexPrefix({0}) + good));
        struct Bad {
            const char* what;
            std::string bytes;
        };
        std::string deep;
        for (int i = 0; i < 200; ++i) deep = lenField(3, deep);
        const std::vector<Bad> cases = {
            {"no index", ""},
            {"truncated length", indexPrefix({0}) + tag(1, 2) + varint(10) + "abc"},
            {"truncated varint", indexPrefix({0}) + tag(1, 0) + "\x80"},
            {"field number 0", indexPrefix({0}) + std::string("\x00\x01", 2)},
            {"wire type 7", indexPrefix({0}) + tag(1, 7)},
            {"stray end group", indexPrefix({0}) + tag(5, 4)},
            {"huge length", indexPrefix({0}) + tag(1, 2) + varint(uint64_t(1) << 62)},
            {"trailing partial tag", indexPrefix({0}) + good + "\xff"},
            {"missing required field", indexPrefix({0}) + lenField(2, "")},
            {"index out of range", indexPrefix({5}) + good},
            {"absurd index count", varint(zigzag(100000000)) + good},
            {"nested too deep", indexPrefix({0}) + deep},
        };
        for (const auto& c : cases) {
            auto r = pb::decodeFramedPayload(s, c.bytes);
            QVERIFY2(!r, c.what);
            QVERIFY2(!pb::validateFramedPayload(s, c.bytes).empty(), c.what);
        }
        // A string field with invalid UTF-8 (proto3 checks it).
        auto p3 = mustParse(P3 "message M { string s = 1; }");
        QVERIFY(!pb::decodeFramedPayload(p3, indexPrefix({0}) + lenField(1, "\xff\xfe")));
        // Random bytes never crash.
        uint32_t x = 12345;
        for (int i = 0; i < 2000; ++i) {
            std::string bytes;
            x = x * 1103515245u + 12345u;
            const int len = static_cast<int>((x >> 16) % 40);
            for (int k = 0; k < len; ++k) {
                x = x * 1103515245u + 12345u;
                bytes.push_back(static_cast<char>(x >> 16));
            }
            (void)pb::validateFramedPayload(s, bytes);
            (void)pb::validateFramedPayload(p3, bytes);
        }
    }

    void oddSchemasNeverCrash() {
        const std::vector<std::string> odd = {
            "AAAA", "////", "====", "Zm9v", "CgA=",  // base64-looking text
            q(P3 "message M { M m = 1; }"), q(P3 "message M { map<M, int32> m = 1; }"),
            q(P2 "message M { optional int32 a = 1 [default = 'x']; }"),
            q(P3 "message M { reserved 1; int32 a = 1; }"),
            q(P3 "option java_package = 1; message M {}"),
            q(P3 "message M { int32 a = 536870912; }"),
            q(P3 "message M { int32 a = 19000; }"),
            q(P3 "service S { rpc R (M) returns (M); } message M {}"),
            q(P2 "message M { extensions 1 to max; } extend M { optional int32 e = 1; optional int32 f = 1; }"),
            q(P3 "import 'google/protobuf/timestamp.proto'; import 'google/protobuf/timestamp.proto'; message M {}"),
            std::string("syntax = \"proto3\"; message M { string s = 1; }\0 garbage", 55),
            "message " + std::string(100000, 'A') + " {}",
            std::string(5000, '{'),
        };
        for (const auto& t : odd) {
            auto r = pb::parse(t);
            if (r) (void)pb::checkCompatibility(r.value(), r.value());
        }
        // Deep nesting is refused before libprotoc's recursive parser sees it.
        std::string deep = P3;
        for (int i = 0; i < 20000; ++i) deep += "message A" + std::to_string(i) + " {";
        deep += std::string(20000, '}');
        auto d = pb::parse(deep);
        QVERIFY(!d);
        QVERIFY2(d.message().find("nested deeper than 64 levels") != std::string::npos, d.message().c_str());
        auto opt = pb::parse(q(P3 "option (x) = {") + std::string(100000, '{'));
        QVERIFY(!opt);
        std::string ok = P3;
        for (int i = 0; i < 30; ++i) ok += "message A" + std::to_string(i) + " {";
        ok += std::string(30, '}');
        QVERIFY2(pb::parse(q(ok)), pb::parse(q(ok)).message().c_str());
        // A descriptor that decodes as base64 but is not a valid file: an error.
        auto r = pb::parse("EgRmb28uYmFyGgc=");  // package "foo.bar", a dependency with a truncated string
        QVERIFY(!r);
        QVERIFY2(r.message().find("nor a base64 FileDescriptorProto") != std::string::npos, r.message().c_str());
        // An empty FileDescriptorProto is an empty (proto2) file.
        auto e = pb::parse("CgA=");
        QVERIFY2(e, e.message().c_str());
        QVERIFY(e.value().messageTypes().empty());
        QVERIFY(!pb::decodeFramedPayload(e.value(), std::string(1, '\0')));
    }

    void crossCheckWithProtocAndPython() {
        const QString python = "/usr/bin/python3";
        if (!QFile::exists(python))
            QFAIL("/usr/bin/python3 is missing: install the Debian packages python3 and python3-protobuf (installer/install-deps.sh --test)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string proto = q(kSampleProto);
        {
            QFile f(dir.filePath("sample.proto"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(proto.data(), static_cast<qint64>(proto.size()));
        }
        QProcess protoc;
        protoc.setWorkingDirectory(dir.path());
        protoc.start("protoc", {"--python_out=.", "sample.proto"});
        if (!protoc.waitForStarted()) QFAIL("protoc is missing: install the Debian package protobuf-compiler (installer/install-deps.sh --test)");
        QVERIFY(protoc.waitForFinished(60000));
        QVERIFY2(protoc.exitCode() == 0, protoc.readAllStandardError().constData());
        QProcess py;
        py.start(python, {"-c", kPythonScript, dir.path()});
        QVERIFY(py.waitForFinished(60000));
        if (py.exitCode() != 0) QFAIL(qPrintable("python3-protobuf cross-check failed: " + QString(py.readAllStandardError())));
        const auto out = nlohmann::json::parse(py.readAllStandardOutput().toStdString());

        // The base64 descriptor Confluent's Python serializer registers has
        // the identity of the .proto text.
        auto fromText = pb::parse(proto);
        QVERIFY2(fromText, fromText.message().c_str());
        auto fromDescriptor = pb::parse(out["descriptor"].get<std::string>());
        QVERIFY2(fromDescriptor, fromDescriptor.message().c_str());
        QCOMPARE(fromDescriptor.value().canonical(), fromText.value().canonical());
        QVERIFY(pb::checkCompatibility(fromDescriptor.value(), fromText.value()).empty());
        // Also as a reference.
        auto viaRef = pb::parse(q(P3 "import 'sample.proto'; message W { plexus.test.Order o = 1; }"),
                                {{"sample.proto", out["descriptor"].get<std::string>()}});
        QVERIFY2(viaRef, viaRef.message().c_str());

        // Records: the indexes Confluent's Python serializer computes
        // (Order.Line is [0, 1]: the map entry of Order.tags comes first),
        // decoded by us, printed like python3-protobuf's json_format.
        const std::map<std::string, std::vector<int>> indexes = {
            {"plexus.test.Order", {0}}, {"plexus.test.Order.Line", {0, 1}}, {"plexus.test.Customer", {1}}};
        int n = 0;
        for (const auto& rec : out["records"]) {
            const std::string type = rec["type"];
            const auto idx = indexes.at(type);
            QCOMPARE(rec["indexes"].get<std::vector<int>>(), idx);
            auto name = pb::messageAt(fromDescriptor.value(), idx);
            QVERIFY2(name && name.value() == type, type.c_str());
            for (const auto* schema : {&fromText.value(), &fromDescriptor.value()}) {
                auto json = pb::decodeFramedPayload(*schema, indexPrefix(idx) + fromHex(rec["hex"]));
                QVERIFY2(json, (type + ": " + json.message()).c_str());
                QVERIFY2(nlohmann::json::parse(json.value()) == rec["json"],
                         (type + "\n  ours:   " + json.value() + "\n  python: " + rec["json"].dump()).c_str());
            }
            ++n;
        }
        QCOMPARE(n, 3);
    }
};

QTEST_GUILESS_MAIN(TestProtobufSchema)
#include "test_protobuf_schema.moc"

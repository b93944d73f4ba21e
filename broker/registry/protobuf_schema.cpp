#include "broker/registry/protobuf_schema.h"

#include <algorithm>
#include <climits>
#include <deque>
#include <functional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

namespace plexus::registry::proto {

namespace gp = google::protobuf;

struct ProtobufSchema::Impl {
    // The pool owns every descriptor; the factory caches message prototypes
    // (libprotobuf synchronizes GetPrototype) that refer to the pool's
    // descriptors, so it is declared after the pool (destroyed before it).
    std::unique_ptr<gp::DescriptorPool> pool;
    std::unique_ptr<gp::DynamicMessageFactory> factory;
    const gp::FileDescriptor* file = nullptr;
    std::string canonical;
    bool complete = true;
};

const std::string& ProtobufSchema::canonical() const { return m_impl->canonical; }
std::string ProtobufSchema::syntax() const {
    return m_impl->file->syntax() == gp::FileDescriptor::SYNTAX_PROTO3 ? "proto3" : "proto2";
}
std::string ProtobufSchema::package() const { return m_impl->file->package(); }
bool ProtobufSchema::complete() const { return m_impl->complete; }

namespace {

// ------------------------------------------------------------ input forms

bool isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/// Standard base64 with padding; whitespace (line breaks) ignored. nullopt if
/// `text` is not that.
std::optional<std::string> decodeBase64(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean.push_back(c);
    if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
    size_t pad = 0;
    while (pad < 2 && clean[clean.size() - 1 - pad] == '=') ++pad;
    for (size_t i = 0; i < clean.size() - pad; ++i)
        if (!isBase64Char(clean[i])) return std::nullopt;
    auto value = [](char c) -> uint32_t {
        if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A');
        if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a' + 26);
        if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0' + 52);
        return c == '+' ? 62u : 63u;
    };
    std::string out;
    out.reserve(clean.size() / 4 * 3);
    for (size_t i = 0; i < clean.size(); i += 4) {
        const bool last = i + 4 == clean.size();
        const size_t chars = last ? 4 - pad : 4;
        uint32_t bits = 0;
        for (size_t k = 0; k < 4; ++k) bits = (bits << 6) | (k < chars ? value(clean[i + k]) : 0u);
        out.push_back(static_cast<char>((bits >> 16) & 0xFF));
        if (chars > 2) out.push_back(static_cast<char>((bits >> 8) & 0xFF));
        if (chars > 3) out.push_back(static_cast<char>(bits & 0xFF));
    }
    return out;
}

/// Collects tokenizer/parser errors as "line:col: message" (1-based).
class TextErrors : public gp::io::ErrorCollector {
public:
    void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
        if (m_errors.size() < 5) m_errors.push_back(std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message);
    }
    void AddWarning(int, gp::io::ColumnNumber, const std::string&) override {}
    std::string joined() const {
        std::string s;
        for (const auto& e : m_errors) s += (s.empty() ? "" : "; ") + e;
        return s.empty() ? "cannot parse" : s;
    }

private:
    std::vector<std::string> m_errors;
};

/// Ignores errors: a pre-pass whose findings the real parse reports again.
class NoErrors : public gp::io::ErrorCollector {
public:
    void AddError(int, gp::io::ColumnNumber, const std::string&) override {}
    void AddWarning(int, gp::io::ColumnNumber, const std::string&) override {}
};

/// libprotoc's parser recurses once per nesting level of messages and
/// option values with no limit of its own, so deeply nested text would
/// overflow the stack. Real schemas nest a few levels; refuse more than this.
constexpr int kMaxNesting = 64;

/// "line:col: ..." if `text` nests brackets deeper than kMaxNesting, else "".
std::string checkNesting(std::string_view text) {
    gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    NoErrors errors;
    gp::io::Tokenizer tokenizer(&input, &errors);
    int depth = 0;
    while (tokenizer.Next()) {
        const auto& t = tokenizer.current();
        if (t.type != gp::io::Tokenizer::TYPE_SYMBOL || t.text.size() != 1) continue;
        const char c = t.text[0];
        if (c == '{' || c == '(' || c == '[' || c == '<') {
            if (++depth > kMaxNesting)
                return std::to_string(t.line + 1) + ":" + std::to_string(t.column + 1) + ": nested deeper than " +
                       std::to_string(kMaxNesting) + " levels";
        } else if ((c == '}' || c == ')' || c == ']' || c == '>') && depth > 0) {
            --depth;
        }
    }
    return {};
}

/// One file to build: its descriptor proto and, for text, where its parts are.
struct Source {
    std::string label;  ///< "" for the main file, "reference 'x': " for references
    gp::FileDescriptorProto proto;
    std::unique_ptr<gp::compiler::SourceLocationTable> locations;  ///< text form only
};

/// Parses one schema text in either form into `out`.
std::string parseSource(std::string_view text, Source& out) {
    if (text.size() > static_cast<size_t>(INT_MAX)) return "schema too large";
    const auto bytes = decodeBase64(text);
    if (bytes) {
        if (out.proto.ParseFromString(*bytes)) return {};
        out.proto.Clear();
        // Not a descriptor after all: read it as .proto text below.
    }
    if (auto e = checkNesting(text); !e.empty()) return e;
    gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    TextErrors errors;
    gp::io::Tokenizer tokenizer(&input, &errors);
    gp::compiler::Parser parser;
    out.locations = std::make_unique<gp::compiler::SourceLocationTable>();
    parser.RecordErrorsTo(&errors);
    parser.RecordSourceLocationsTo(out.locations.get());
    if (!parser.Parse(&tokenizer, &out.proto)) {
        if (bytes) return "neither .proto text (" + errors.joined() + ") nor a base64 FileDescriptorProto (the decoded bytes do not parse)";
        return errors.joined();
    }
    out.proto.clear_source_code_info();
    return {};
}

/// Collects DescriptorPool build errors, placed with the parser's source
/// locations when the file came as text.
class BuildErrors : public gp::DescriptorPool::ErrorCollector {
public:
    explicit BuildErrors(const std::deque<Source>& sources) : m_sources(sources) {}
    void AddError(const std::string& filename, const std::string& element, const gp::Message* descriptor,
                  ErrorLocation location, const std::string& message) override {
        if (m_errors.size() >= 5) return;
        std::string where;
        for (const auto& s : m_sources) {
            if (s.proto.name() != filename) continue;
            where = s.label;
            int line = 0, column = 0;
            if (s.locations && descriptor && s.locations->Find(descriptor, location, &line, &column))
                where += std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": ";
            else if (!element.empty())
                where += element + ": ";
            break;
        }
        m_errors.push_back(where + message);
    }
    void AddWarning(const std::string&, const std::string&, const gp::Message*, ErrorLocation,
                    const std::string&) override {}
    std::string joined() const {
        std::string s;
        for (const auto& e : m_errors) s += (s.empty() ? "" : "; ") + e;
        return s.empty() ? "cannot build the schema" : s;
    }

private:
    const std::deque<Source>& m_sources;
    std::vector<std::string> m_errors;
};

const gp::DescriptorPool& builtins() { return *gp::DescriptorPool::generated_pool(); }

/// Line:column of the main file's import `name`, if known.
std::string importPlace(const Source& s, const std::string& name) {
    int line = 0, column = 0;
    if (s.locations && s.locations->FindImport(&s.proto, name, &line, &column))
        return std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": ";
    return {};
}

const char* kMainName = "plexus_schema.proto";

}  // namespace

Result<ProtobufSchema> parse(std::string_view text, const References& references, const ParseOptions& options) {
    // libprotobuf also logs what it reports (a missing syntax line, ...):
    // the errors come back as values, so keep its log quiet meanwhile.
    const gp::LogSilencer quiet;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return Status::error("empty schema");

    // Every parsed file lives in `storage` (a deque: the location tables and
    // BuildErrors hold pointers into the protos, so they never move);
    // `order` is the build order, dependencies first, the main file last.
    std::deque<Source> storage;
    std::vector<Source*> order;
    Source& main = storage.emplace_back();
    if (auto e = parseSource(text, main); !e.empty()) return Status::error(e);
    // The main file's own name only matters for imports; keep a descriptor's
    // name unless a reference claims it.
    if (main.proto.name().empty() || references.count(main.proto.name())) {
        std::string name = kMainName;
        while (references.count(name)) name = "_" + name;
        main.proto.set_name(name);
    }

    std::set<std::string> done;          // files already placed in `order`
    std::vector<std::string> wellKnown;  // built-in files to copy in, dependencies first
    std::set<std::string> missing;       // imports resolved by nothing
    std::vector<std::string> stack;      // for cycles
    std::string error;

    std::function<void(const gp::FileDescriptor*)> addWellKnown = [&](const gp::FileDescriptor* f) {
        if (done.count(f->name())) return;
        for (int i = 0; i < f->dependency_count(); ++i) addWellKnown(f->dependency(i));
        done.insert(f->name());
        wellKnown.push_back(f->name());
    };
    // Places the dependencies of `s` (and, recursively, theirs) before it.
    std::function<void(Source&, bool)> place = [&](Source& s, bool isMain) {
        for (const auto& dep : s.proto.dependency()) {
            if (!error.empty()) return;
            if (done.count(dep)) continue;
            if (std::find(stack.begin(), stack.end(), dep) != stack.end()) {
                error = s.label + "import cycle through '" + dep + "'";
                return;
            }
            auto ref = references.find(dep);
            if (ref != references.end()) {
                Source& r = storage.emplace_back();
                r.label = "reference '" + dep + "': ";
                if (auto e = parseSource(ref->second, r); !e.empty()) {
                    error = r.label + e;
                    return;
                }
                r.proto.set_name(dep);  // the import path is the file's name
                stack.push_back(dep);
                place(r, false);
                stack.pop_back();
                if (!error.empty()) return;
                done.insert(dep);
                order.push_back(&r);
            } else if (const gp::FileDescriptor* builtin = builtins().FindFileByName(dep)) {
                addWellKnown(builtin);
            } else if (isMain && !options.allowUnresolvedImports) {
                error = importPlace(s, dep) + "import \"" + dep +
                        "\" is neither a schema reference nor a well-known google/protobuf file";
                return;
            } else {
                // A reference's own import: the registry checked it when that
                // schema was registered, and hands over direct references only.
                missing.insert(dep);
            }
        }
    };
    stack.push_back(main.proto.name());
    place(main, true);
    if (!error.empty()) return Status::error(error);
    order.push_back(&main);

    auto impl = std::make_shared<ProtobufSchema::Impl>();
    impl->pool = std::make_unique<gp::DescriptorPool>();
    if (!missing.empty()) impl->pool->AllowUnknownDependencies();
    impl->complete = missing.empty();
    for (const auto& name : wellKnown) {
        gp::FileDescriptorProto p;
        builtins().FindFileByName(name)->CopyTo(&p);
        if (!impl->pool->BuildFile(p)) return Status::error("cannot load the built-in " + name);
    }
    BuildErrors errors(storage);
    for (Source* s : order) {
        const gp::FileDescriptor* f = impl->pool->BuildFileCollectingErrors(s->proto, &errors);
        if (!f) return Status::error(errors.joined());
        impl->file = f;  // the main file is built last
    }

    // With placeholders allowed (for a reference's missing import), an
    // undefined type in the main file would pass silently: refuse it unless
    // the caller asked for leniency.
    if (!missing.empty() && !options.allowUnresolvedImports) {
        auto checkField = [&](const gp::FieldDescriptor* f) -> std::string {
            std::string undefined;
            if (f->message_type() && f->message_type()->is_placeholder()) undefined = f->message_type()->full_name();
            else if (f->enum_type() && f->enum_type()->is_placeholder()) undefined = f->enum_type()->full_name();
            else if (f->is_extension() && f->containing_type()->is_placeholder()) undefined = f->containing_type()->full_name();
            if (undefined.empty()) return {};
            return "field " + f->full_name() + ": type \"" + undefined + "\" is not defined (unresolved imports of references: " +
                   *missing.begin() + ")";
        };
        std::function<std::string(const gp::Descriptor*)> check = [&](const gp::Descriptor* d) -> std::string {
            for (int i = 0; i < d->field_count(); ++i)
                if (auto e = checkField(d->field(i)); !e.empty()) return e;
            for (int i = 0; i < d->extension_count(); ++i)
                if (auto e = checkField(d->extension(i)); !e.empty()) return e;
            for (int i = 0; i < d->nested_type_count(); ++i)
                if (auto e = check(d->nested_type(i)); !e.empty()) return e;
            return {};
        };
        for (int i = 0; i < impl->file->message_type_count(); ++i)
            if (auto e = check(impl->file->message_type(i)); !e.empty()) return Status::error(e);
        for (int i = 0; i < impl->file->extension_count(); ++i)
            if (auto e = checkField(impl->file->extension(i)); !e.empty()) return Status::error(e);
    }

    impl->canonical = impl->file->DebugString();
    impl->factory = std::make_unique<gp::DynamicMessageFactory>(impl->pool.get());
    return ProtobufSchema(std::move(impl));
}

// ------------------------------------------------------------ message indexes

namespace {

bool isMapEntry(const gp::Descriptor* d) { return d->options().map_entry(); }

/// Messages of a scope (file or message) in descriptor order. Map entries
/// are included: they hold places in the descriptor's nested types, and
/// serializers count them when computing message indexes.
template <class Scope> std::vector<const gp::Descriptor*> messagesOf(const Scope* scope);
template <> std::vector<const gp::Descriptor*> messagesOf(const gp::FileDescriptor* f) {
    std::vector<const gp::Descriptor*> out;
    for (int i = 0; i < f->message_type_count(); ++i) out.push_back(f->message_type(i));
    return out;
}
template <> std::vector<const gp::Descriptor*> messagesOf(const gp::Descriptor* d) {
    std::vector<const gp::Descriptor*> out;
    for (int i = 0; i < d->nested_type_count(); ++i) out.push_back(d->nested_type(i));
    return out;
}
/// The same without map entries: the messages a schema declares.
template <class Scope> std::vector<const gp::Descriptor*> declaredMessagesOf(const Scope* scope) {
    auto out = messagesOf(scope);
    out.erase(std::remove_if(out.begin(), out.end(), isMapEntry), out.end());
    return out;
}

void listMessages(const std::vector<const gp::Descriptor*>& scope, std::vector<std::string>& out) {
    for (const auto* d : scope) {
        out.push_back(d->full_name());
        listMessages(declaredMessagesOf(d), out);
    }
}

/// Reads one zigzag varint of at most 32 bits.
bool readZigzag(std::string_view bytes, size_t& pos, int32_t& value) {
    uint64_t raw = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (pos >= bytes.size()) return false;
        const auto b = static_cast<uint8_t>(bytes[pos++]);
        raw |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            if (raw > 0xFFFFFFFFull) return false;
            const auto u = static_cast<uint32_t>(raw);
            value = static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<std::string> ProtobufSchema::messageTypes() const {
    std::vector<std::string> out;
    listMessages(messagesOf(m_impl->file), out);
    return out;
}

Result<std::string> messageAt(const ProtobufSchema& schema, const std::vector<int>& indexes) {
    std::vector<const gp::Descriptor*> scope = messagesOf(schema.impl().file);
    const std::vector<int> path = indexes.empty() ? std::vector<int>{0} : indexes;
    const gp::Descriptor* at = nullptr;
    std::string where;
    for (int i : path) {
        where += (where.empty() ? "" : ",") + std::to_string(i);
        if (i < 0 || static_cast<size_t>(i) >= scope.size())
            return Status::error("message index [" + where + "] is out of range: " +
                                 (at ? "message " + at->full_name() : std::string("the schema")) + " has " +
                                 std::to_string(scope.size()) + " message type(s)");
        at = scope[static_cast<size_t>(i)];
        scope = messagesOf(at);
    }
    return at->full_name();
}

Result<MessageIndexes> readMessageIndexes(std::string_view bytes) {
    MessageIndexes out;
    size_t pos = 0;
    int32_t count = 0;
    if (!readZigzag(bytes, pos, count)) return Status::error("truncated or invalid message-index count");
    if (count < 0 || count > kMaxMessageIndexes)
        return Status::error("message-index count " + std::to_string(count) + " is not in 0.." +
                             std::to_string(kMaxMessageIndexes));
    if (static_cast<size_t>(count) > bytes.size() - pos)
        return Status::error("message-index count " + std::to_string(count) + " exceeds the " +
                             std::to_string(bytes.size() - pos) + " bytes left");
    if (count == 0) out.indexes = {0};
    for (int32_t i = 0; i < count; ++i) {
        int32_t index = 0;
        if (!readZigzag(bytes, pos, index)) return Status::error("truncated or invalid message index " + std::to_string(i));
        if (index < 0) return Status::error("negative message index " + std::to_string(index));
        out.indexes.push_back(index);
    }
    out.consumed = pos;
    return out;
}

// ------------------------------------------------------------ decoding

namespace {
constexpr size_t kMaxRecordBytes = 64u << 20;
}

namespace {

/// Parses `bytes` as `fullName` with every check (wire format, whole input,
/// required fields); the message, or why not.
Result<std::unique_ptr<gp::Message>> parseMessage(const ProtobufSchema& schema, const std::string& fullName,
                                                  std::string_view bytes) {
    const auto& impl = schema.impl();
    if (!impl.complete) return Status::error("the schema has unresolved imports; records cannot be decoded with it");
    if (bytes.size() > kMaxRecordBytes) return Status::error("record of " + std::to_string(bytes.size()) + " bytes is too large to decode");
    const gp::Descriptor* type = impl.pool->FindMessageTypeByName(fullName);
    if (!type) return Status::error("no message type " + fullName + " in the schema");
    const gp::Message* prototype = impl.factory->GetPrototype(type);
    if (!prototype) return Status::error("cannot make message type " + fullName);
    std::unique_ptr<gp::Message> message(prototype->New());
    gp::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
    if (!message->MergePartialFromCodedStream(&input) || !input.ConsumedEntireMessage() ||
        input.CurrentPosition() != static_cast<int>(bytes.size()))
        return Status::error("malformed " + fullName + " message (bad tag, length or wire type, or truncated)");
    std::vector<std::string> missingFields;
    message->FindInitializationErrors(&missingFields);
    if (!missingFields.empty()) {
        std::string list;
        for (const auto& f : missingFields) list += (list.empty() ? "" : ", ") + f;
        return Status::error(fullName + " message is missing required fields: " + list);
    }
    return message;
}

}  // namespace

Result<std::string> decodeMessage(const ProtobufSchema& schema, const std::string& fullName, std::string_view bytes) {
    const gp::LogSilencer quiet;  // bad UTF-8 etc. come back as values, not log lines
    auto message = parseMessage(schema, fullName, bytes);
    if (!message) return message.status();
    gp::util::JsonPrintOptions printOptions;
    printOptions.preserve_proto_field_names = true;
    std::string json;
    const auto status = gp::util::MessageToJsonString(*message.value(), &json, printOptions);
    if (status.ok()) return json;
    // A well-formed message the JSON mapping cannot print (an Any packing a
    // type outside the schema): its text format, as a JSON string.
    std::string text;
    gp::TextFormat::PrintToString(*message.value(), &text);
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> decodeFramedPayload(const ProtobufSchema& schema, std::string_view bytesAfterId) {
    auto indexes = readMessageIndexes(bytesAfterId);
    if (!indexes) return indexes.status();
    auto name = messageAt(schema, indexes.value().indexes);
    if (!name) return name.status();
    return decodeMessage(schema, name.value(), bytesAfterId.substr(indexes.value().consumed));
}

std::string validateFramedPayload(const ProtobufSchema& schema, std::string_view bytesAfterId) {
    const gp::LogSilencer quiet;
    auto indexes = readMessageIndexes(bytesAfterId);
    if (!indexes) return indexes.message();
    auto name = messageAt(schema, indexes.value().indexes);
    if (!name) return name.message();
    // Parsed and checked, not printed: printing can fail on well-formed data.
    auto message = parseMessage(schema, name.value(), bytesAfterId.substr(indexes.value().consumed));
    return message ? std::string() : message.message();
}

// ------------------------------------------------------------ compatibility
//
// Confluent's rules, computed over descriptors. "Original" is the writer
// (the data's schema), "update" the reader. Every difference is recorded
// with its kind and path; only the kinds Confluent counts as incompatible
// are reported.

namespace {

enum class Diff {
    PackageChanged, MessageAdded, MessageRemoved, MessageMoved,
    FieldAdded, FieldRemoved, FieldNameChanged, FieldKindChanged, FieldScalarKindChanged, FieldNamedTypeChanged,
    FieldNumericLabelChanged, FieldStringOrBytesLabelChanged, RequiredFieldAdded, RequiredFieldRemoved,
    OneofAdded, OneofRemoved, OneofFieldAdded, OneofFieldRemoved, OneofFieldMovedToTopLevel,
    MultipleFieldsMovedToOneof, FieldMovedToExistingOneof,
};

const char* diffName(Diff d) {
    switch (d) {
        case Diff::PackageChanged: return "PACKAGE_CHANGED";
        case Diff::MessageAdded: return "MESSAGE_ADDED";
        case Diff::MessageRemoved: return "MESSAGE_REMOVED";
        case Diff::MessageMoved: return "MESSAGE_MOVED";
        case Diff::FieldAdded: return "FIELD_ADDED";
        case Diff::FieldRemoved: return "FIELD_REMOVED";
        case Diff::FieldNameChanged: return "FIELD_NAME_CHANGED";
        case Diff::FieldKindChanged: return "FIELD_KIND_CHANGED";
        case Diff::FieldScalarKindChanged: return "FIELD_SCALAR_KIND_CHANGED";
        case Diff::FieldNamedTypeChanged: return "FIELD_NAMED_TYPE_CHANGED";
        case Diff::FieldNumericLabelChanged: return "FIELD_NUMERIC_LABEL_CHANGED";
        case Diff::FieldStringOrBytesLabelChanged: return "FIELD_STRING_OR_BYTES_LABEL_CHANGED";
        case Diff::RequiredFieldAdded: return "REQUIRED_FIELD_ADDED";
        case Diff::RequiredFieldRemoved: return "REQUIRED_FIELD_REMOVED";
        case Diff::OneofAdded: return "ONEOF_ADDED";
        case Diff::OneofRemoved: return "ONEOF_REMOVED";
        case Diff::OneofFieldAdded: return "ONEOF_FIELD_ADDED";
        case Diff::OneofFieldRemoved: return "ONEOF_FIELD_REMOVED";
        case Diff::OneofFieldMovedToTopLevel: return "ONEOF_FIELD_MOVED_TO_TOP_LEVEL";
        case Diff::MultipleFieldsMovedToOneof: return "MULTIPLE_FIELDS_MOVED_TO_ONEOF";
        case Diff::FieldMovedToExistingOneof: return "FIELD_MOVED_TO_EXISTING_ONEOF";
    }
    return "?";
}

bool incompatible(Diff d) {
    switch (d) {
        case Diff::PackageChanged:
        case Diff::MessageRemoved:
        case Diff::FieldKindChanged:
        case Diff::FieldScalarKindChanged:
        case Diff::FieldNamedTypeChanged:
        case Diff::FieldNumericLabelChanged:
        case Diff::RequiredFieldAdded:
        case Diff::RequiredFieldRemoved:
        case Diff::OneofFieldRemoved:
        case Diff::MultipleFieldsMovedToOneof:
        case Diff::FieldMovedToExistingOneof:
            return true;
        default:
            return false;
    }
}

struct Difference {
    Diff kind;
    std::string path;
    std::string text;
};

enum class Kind { Scalar, Message, Map };
enum class ScalarKind { GeneralNumber, SignedNumber, StringOrBytes, Fixed32, Fixed64, Float, Double };
enum class Label { Optional, Required, Repeated };

Kind kindOf(const gp::FieldDescriptor* f) {
    if (f->is_map()) return Kind::Map;
    if (f->type() == gp::FieldDescriptor::TYPE_MESSAGE || f->type() == gp::FieldDescriptor::TYPE_GROUP)
        return Kind::Message;
    return Kind::Scalar;  // enums count as scalars (varint numbers)
}

const char* kindName(Kind k) { return k == Kind::Scalar ? "a scalar" : k == Kind::Message ? "a message" : "a map"; }

ScalarKind scalarKindOf(const gp::FieldDescriptor* f) {
    using T = gp::FieldDescriptor;
    switch (f->type()) {
        case T::TYPE_INT32: case T::TYPE_INT64: case T::TYPE_UINT32: case T::TYPE_UINT64: case T::TYPE_BOOL:
        case T::TYPE_ENUM:
            return ScalarKind::GeneralNumber;
        case T::TYPE_SINT32: case T::TYPE_SINT64: return ScalarKind::SignedNumber;
        case T::TYPE_STRING: case T::TYPE_BYTES: return ScalarKind::StringOrBytes;
        case T::TYPE_FIXED32: case T::TYPE_SFIXED32: return ScalarKind::Fixed32;
        case T::TYPE_FIXED64: case T::TYPE_SFIXED64: return ScalarKind::Fixed64;
        case T::TYPE_FLOAT: return ScalarKind::Float;
        case T::TYPE_DOUBLE: return ScalarKind::Double;
        default: return ScalarKind::GeneralNumber;
    }
}

Label labelOf(const gp::FieldDescriptor* f) {
    if (f->is_repeated()) return Label::Repeated;
    if (f->is_required()) return Label::Required;
    return Label::Optional;
}

const char* labelName(Label l) {
    return l == Label::Repeated ? "repeated" : l == Label::Required ? "required" : "singular";
}

std::string typeText(const gp::FieldDescriptor* f) {
    if (f->is_map()) return "map<" + typeText(f->message_type()->map_key()) + ", " + typeText(f->message_type()->map_value()) + ">";
    if (f->message_type()) return f->message_type()->full_name();
    if (f->enum_type()) return "enum " + f->enum_type()->full_name();
    return f->type_name();
}

/// The name of a type without its file's package.
std::string localName(const gp::Descriptor* d) {
    const std::string& pkg = d->file()->package();
    const std::string& full = d->full_name();
    if (!pkg.empty() && full.size() > pkg.size() && full.compare(0, pkg.size(), pkg) == 0 && full[pkg.size()] == '.')
        return full.substr(pkg.size() + 1);
    return full;
}

std::string serialized(const gp::FileDescriptor* f) {
    gp::FileDescriptorProto p;
    f->CopyTo(&p);
    std::string s;
    p.SerializeToString(&s);
    return s;
}

class Comparer {
public:
    Comparer(const gp::FileDescriptor* writerFile, const gp::FileDescriptor* readerFile)
        : m_writerFile(writerFile), m_readerFile(readerFile) {}

    void compareFiles() {
        if (m_writerFile->package() != m_readerFile->package())
            add(Diff::PackageChanged, "package '" + m_writerFile->package() + "' in the writer schema is '" +
                                          m_readerFile->package() + "' in the reader schema");
        compareScopes(declaredMessagesOf(m_writerFile), declaredMessagesOf(m_readerFile));
    }

    std::vector<Difference> differences;

private:
    std::string path() const {
        std::string s = "#/";
        for (size_t i = 0; i < m_path.size(); ++i) s += (i ? "/" : "") + m_path[i];
        return s;
    }
    void add(Diff kind, std::string text) { differences.push_back({kind, path(), std::move(text)}); }

    struct Enter {
        Enter(std::vector<std::string>& p, std::string part) : m_p(p) { m_p.push_back(std::move(part)); }
        ~Enter() { m_p.pop_back(); }
        Enter(const Enter&) = delete;
        Enter& operator=(const Enter&) = delete;
        std::vector<std::string>& m_p;
    };

    void compareScopes(const std::vector<const gp::Descriptor*>& writer, const std::vector<const gp::Descriptor*>& reader) {
        std::map<std::string, std::pair<const gp::Descriptor*, size_t>> w, r;
        for (size_t i = 0; i < writer.size(); ++i) w[writer[i]->name()] = {writer[i], i};
        for (size_t i = 0; i < reader.size(); ++i) r[reader[i]->name()] = {reader[i], i};
        for (const auto& [name, wd] : w) {
            Enter e(m_path, name);
            auto it = r.find(name);
            if (it == r.end()) {
                add(Diff::MessageRemoved, "message " + wd.first->full_name() + " of the writer schema is missing in the reader schema");
                continue;
            }
            compareMessages(wd.first, it->second.first);
            if (wd.second != it->second.second) add(Diff::MessageMoved, "message moved");
        }
        for (const auto& [name, rd] : r)
            if (!w.count(name)) {
                Enter e(m_path, name);
                add(Diff::MessageAdded, "message " + rd.first->full_name() + " added");
            }
    }

    void compareMessages(const gp::Descriptor* writer, const gp::Descriptor* reader) {
        // A pair already under comparison (recursive types) counts as equal here.
        if (!m_active.insert({writer, reader}).second) return;
        struct Fields {
            std::map<int, const gp::FieldDescriptor*> byNumber;
            std::map<int, std::string> oneofOf;                          // number -> oneof name
            std::map<std::string, const gp::OneofDescriptor*> oneofs;  // real oneofs only
        };
        auto collect = [](const gp::Descriptor* d) {
            Fields f;
            for (int i = 0; i < d->field_count(); ++i) {
                const gp::FieldDescriptor* fd = d->field(i);
                f.byNumber[fd->number()] = fd;
                if (const gp::OneofDescriptor* o = fd->real_containing_oneof()) f.oneofOf[fd->number()] = o->name();
            }
            for (int i = 0; i < d->real_oneof_decl_count(); ++i) f.oneofs[d->oneof_decl(i)->name()] = d->oneof_decl(i);
            return f;
        };
        const Fields w = collect(writer), r = collect(reader);

        // Writer oneofs gone from the reader with none of their members left
        // anywhere: removed whole, which loses nothing a reader expects.
        std::set<std::string> wholeRemoved;
        for (const auto& [name, o] : w.oneofs) {
            if (r.oneofs.count(name)) continue;
            bool survives = false;
            for (int i = 0; i < o->field_count(); ++i) survives |= r.byNumber.count(o->field(i)->number()) > 0;
            if (!survives) wholeRemoved.insert(name);
        }
        // Fields that were independent in the writer and share a oneof in
        // the reader: a record setting both cannot be read faithfully.
        for (int i = 0; i < reader->real_oneof_decl_count(); ++i) {
            const gp::OneofDescriptor* o = reader->oneof_decl(i);
            Enter e(m_path, o->name());
            std::set<std::string> groups;
            int fromTopLevel = 0;
            for (int k = 0; k < o->field_count(); ++k) {
                const int n = o->field(k)->number();
                if (auto it = w.oneofOf.find(n); it != w.oneofOf.end()) {
                    groups.insert("oneof " + it->second);
                } else if (w.byNumber.count(n)) {
                    groups.insert("field " + std::to_string(n));
                    ++fromTopLevel;
                }
            }
            if (groups.size() > 1) {
                std::string list;
                for (const auto& g : groups) list += (list.empty() ? "" : ", ") + g;
                if (fromTopLevel > 1)
                    add(Diff::MultipleFieldsMovedToOneof,
                        "oneof " + o->name() + " of the reader joins fields that are independent in the writer (" + list + ")");
                else
                    add(Diff::FieldMovedToExistingOneof,
                        "oneof " + o->name() + " of the reader joins fields the writer may set together (" + list + ")");
            }
        }
        std::set<std::string> allOneofs;
        for (const auto& [n, o] : w.oneofs) allOneofs.insert(n);
        for (const auto& [n, o] : r.oneofs) allOneofs.insert(n);
        for (const auto& name : allOneofs) {
            Enter e(m_path, name);
            if (!r.oneofs.count(name)) add(Diff::OneofRemoved, "oneof removed");
            else if (!w.oneofs.count(name)) add(Diff::OneofAdded, "oneof added");
        }

        std::set<int> numbers;
        for (const auto& [n, f] : w.byNumber) numbers.insert(n);
        for (const auto& [n, f] : r.byNumber) numbers.insert(n);
        for (int n : numbers) {
            const auto wi = w.byNumber.find(n), ri = r.byNumber.find(n);
            const gp::FieldDescriptor* wf = wi == w.byNumber.end() ? nullptr : wi->second;
            const gp::FieldDescriptor* rf = ri == r.byNumber.end() ? nullptr : ri->second;
            const auto wo = w.oneofOf.find(n), ro = r.oneofOf.find(n);
            const std::string* wOneof = wo == w.oneofOf.end() ? nullptr : &wo->second;
            const std::string* rOneof = ro == r.oneofOf.end() ? nullptr : &ro->second;
            const std::string num = std::to_string(n);
            if (!rf) {
                if (wOneof) {
                    if (wholeRemoved.count(*wOneof)) continue;
                    Enter e1(m_path, *wOneof);
                    Enter e2(m_path, num);
                    add(Diff::OneofFieldRemoved, "field '" + wf->name() + "' of oneof " + *wOneof +
                                                     " in the writer schema is missing in the reader schema");
                } else {
                    Enter e(m_path, num);
                    if (wf->is_required())
                        add(Diff::RequiredFieldRemoved, "required field '" + wf->name() + "' of the writer schema is missing in the reader schema");
                    else
                        add(Diff::FieldRemoved, "field removed");
                }
            } else if (!wf) {
                if (rOneof) {
                    Enter e1(m_path, *rOneof);
                    Enter e2(m_path, num);
                    add(Diff::OneofFieldAdded, "oneof field added");
                } else {
                    Enter e(m_path, num);
                    if (rf->is_required())
                        add(Diff::RequiredFieldAdded, "required field '" + rf->name() + "' of the reader schema is missing in the writer schema");
                    else
                        add(Diff::FieldAdded, "field added");
                }
            } else {
                if (wOneof && !rOneof) {
                    Enter e(m_path, num);
                    add(Diff::OneofFieldMovedToTopLevel, "field moved out of oneof " + *wOneof);
                }
                std::optional<Enter> e1;
                if (rOneof) e1.emplace(m_path, *rOneof);
                Enter e2(m_path, num);
                compareFields(wf, rf);
            }
        }
        compareScopes(declaredMessagesOf(writer), declaredMessagesOf(reader));
        m_active.erase({writer, reader});
    }

    void compareFields(const gp::FieldDescriptor* w, const gp::FieldDescriptor* r) {
        if (w->name() != r->name()) add(Diff::FieldNameChanged, "field renamed");
        compareTypes(w, r, true);
    }

    /// `mapField` is the map field when `w` and `r` are its key or value.
    void compareTypes(const gp::FieldDescriptor* w, const gp::FieldDescriptor* r, bool withLabels,
                      const gp::FieldDescriptor* mapField = nullptr) {
        const Kind wk = kindOf(w), rk = kindOf(r);
        const std::string subject = mapField ? "the " + r->name() + " of map field '" + mapField->name() + "'"
                                             : "field '" + r->name() + "'";
        const std::string what = subject + " is " + typeText(w) + " in the writer schema and " + typeText(r) +
                                 " in the reader schema";
        if (wk != rk) {
            add(Diff::FieldKindChanged, what + " (" + kindName(wk) + " vs " + kindName(rk) + ")");
            return;
        }
        switch (wk) {
            case Kind::Scalar: {
                const ScalarKind ws = scalarKindOf(w), rs = scalarKindOf(r);
                if (ws != rs) {
                    add(Diff::FieldScalarKindChanged, what + ", which encode differently");
                } else if (withLabels && labelOf(w) != labelOf(r)) {
                    const std::string labels = subject + " is " + labelName(labelOf(w)) +
                                               " in the writer schema and " + labelName(labelOf(r)) +
                                               " in the reader schema";
                    if (ws == ScalarKind::StringOrBytes) add(Diff::FieldStringOrBytesLabelChanged, labels);
                    else add(Diff::FieldNumericLabelChanged, labels);
                }
                break;
            }
            case Kind::Map:
                compareTypes(w->message_type()->map_key(), r->message_type()->map_key(), false, r);
                compareTypes(w->message_type()->map_value(), r->message_type()->map_value(), false, r);
                break;
            case Kind::Message:
                compareNamedTypes(w->message_type(), r->message_type(), what);
                break;
        }
    }

    void compareNamedTypes(const gp::Descriptor* w, const gp::Descriptor* r, const std::string& what) {
        const std::string wl = localName(w), rl = localName(r);
        if (wl != rl) {
            add(Diff::FieldNamedTypeChanged, what);
            return;
        }
        // Types of the two main files are compared where they are defined.
        // Types from the same imported file (same name and content) are
        // equal. Otherwise compare the two definitions here.
        const bool wMain = w->file() == m_writerFile, rMain = r->file() == m_readerFile;
        if (wMain && rMain) return;
        if (!wMain && !rMain && w->file()->name() == r->file()->name() && serialized(w->file()) == serialized(r->file()))
            return;
        if (w->is_placeholder() || r->is_placeholder()) return;  // known by name only
        Comparer sub(m_writerFile, m_readerFile);
        sub.m_active = m_active;
        size_t start = 0;
        for (size_t dot = wl.find('.'); ; dot = wl.find('.', start)) {
            sub.m_path.push_back(wl.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        sub.compareMessages(w, r);
        bool bad = false;
        for (auto& d : sub.differences) {
            bad |= incompatible(d.kind);
            differences.push_back(std::move(d));
        }
        if (bad) add(Diff::FieldNamedTypeChanged, what + ", and the two definitions of " + wl + " are incompatible");
    }

    const gp::FileDescriptor* m_writerFile;
    const gp::FileDescriptor* m_readerFile;
    std::vector<std::string> m_path;
    std::set<std::pair<const gp::Descriptor*, const gp::Descriptor*>> m_active;
};

}  // namespace

std::vector<std::string> checkCompatibility(const ProtobufSchema& reader, const ProtobufSchema& writer) {
    Comparer c(writer.impl().file, reader.impl().file);
    c.compareFiles();
    std::vector<std::string> out;
    for (const auto& d : c.differences)
        if (incompatible(d.kind)) out.push_back(std::string(diffName(d.kind)) + " at " + d.path + ": " + d.text);
    return out;
}

}  // namespace plexus::registry::proto

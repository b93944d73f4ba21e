#pragma once
// Protocol Buffers schemas for the Schema Registry (schemaType "PROTOBUF"):
// parsing, identity, Confluent-style compatibility between versions, and
// decoding of records framed the way Confluent serializers frame them.
//
// Built on Debian's libprotobuf / libprotoc 3.21, which stay behind this
// header. Pure library: no I/O, no broker state.
//
// Errors are values: nothing here throws or aborts. libprotobuf aborts
// (GOOGLE_LOG(FATAL)) on some misuse; this layer avoids those paths (it
// resolves imports itself, parses with ParsePartial + its own required-field
// check, and never builds the same file twice into one pool).
//
// Thread safety: a ProtobufSchema is immutable once parsed and cheap to copy
// (copies share one DescriptorPool). Any number of threads may call the
// functions below on the same schema at once (descriptor lookups and the
// shared DynamicMessageFactory are internally synchronized by libprotobuf).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "broker/common/result.h"

namespace plexus::registry::proto {

/// Confluent schema references: import name (as written in `import "..."`,
/// e.g. "other.proto") -> that schema's text, in either form parse() accepts.
using References = std::map<std::string, std::string>;

struct ParseOptions {
    /// Accept imports of the main file that are neither references nor
    /// well-known types: their types become placeholders known by full name
    /// only. For comparing versions whose references' texts are not at hand;
    /// a schema parsed this way cannot decode records (see complete()).
    bool allowUnresolvedImports = false;
};

/// A parsed .proto file, built into its own DescriptorPool together with its
/// references (the well-known google/protobuf/*.proto files come from
/// libprotobuf itself and need no reference).
class ProtobufSchema {
public:
    /// Identity: the built file's DebugString() (libprotobuf's normalized
    /// .proto text: syntax, package, imports, options and types in
    /// declaration order, fully qualified type names, no comments, no file
    /// name). The same file given as .proto text or as a base64
    /// FileDescriptorProto has the same canonical form.
    const std::string& canonical() const;
    /// "proto2" or "proto3".
    std::string syntax() const;
    /// The package, "" if none.
    std::string package() const;
    /// Full names of the message types that records can use, depth first in
    /// declaration order (map-entry types left out), e.g. {"a.Order",
    /// "a.Order.Line", "a.Customer"}.
    std::vector<std::string> messageTypes() const;
    /// False if some import was not resolved (the main file's, with
    /// allowUnresolvedImports, or a reference's own import that was not
    /// among the references). Such a schema cannot decode records: pass
    /// the references transitively for that.
    bool complete() const;

    struct Impl;
    explicit ProtobufSchema(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
    const Impl& impl() const { return *m_impl; }

private:
    std::shared_ptr<const Impl> m_impl;
};

/// Parses `text`, which is either .proto source (proto2 or proto3; without a
/// `syntax` line, proto2) or a base64 (standard alphabet, padded) serialized
/// FileDescriptorProto, as Confluent's serializers register it. References
/// are given in the same two forms. Import resolution: a reference of that
/// name, else a well-known google/protobuf/*.proto, else an error for the
/// main file. A reference's own imports may be missing (the registry hands
/// over only direct references); their types are then placeholders.
///
/// Errors name the place: "3:17: Expected \";\"." for syntax errors (1-based
/// line:column), "5:3: \"Foo\" is not defined." for build errors in .proto
/// text, "reference 'other.proto': 2:1: ..." for errors in a reference.
/// Text nested deeper than 64 levels is refused (libprotoc's parser would
/// recurse without limit).
Result<ProtobufSchema> parse(std::string_view text, const References& references = {}, const ParseOptions& options = {});

/// Incompatibilities found when data written with `writer` is read with
/// `reader`; empty = compatible. The rules are Confluent's Protobuf rules
/// (see broker/registry/README.md, "Protobuf"): the first file's package,
/// messages matched by name per scope, fields matched by number, scalar kinds
/// grouped as the protobuf wire format allows, oneof membership, required
/// fields. Each message is "KIND at #/Path/To/field_number: explanation",
/// KIND one of PACKAGE_CHANGED, MESSAGE_REMOVED, FIELD_KIND_CHANGED,
/// FIELD_SCALAR_KIND_CHANGED, FIELD_NAMED_TYPE_CHANGED,
/// FIELD_NUMERIC_LABEL_CHANGED, REQUIRED_FIELD_ADDED, REQUIRED_FIELD_REMOVED,
/// ONEOF_FIELD_REMOVED, MULTIPLE_FIELDS_MOVED_TO_ONEOF,
/// FIELD_MOVED_TO_EXISTING_ONEOF.
std::vector<std::string> checkCompatibility(const ProtobufSchema& reader, const ProtobufSchema& writer);

/// The message type named by Confluent's message indexes: indexes into the
/// file's top-level messages, then into that message's nested types, and so
/// on ({} and {0} both mean the first top-level message). Nested types are
/// counted in descriptor order, map-entry types included (protoc places the
/// entry of `map<..> f = n;` where f is declared), as Confluent's
/// serializers count them from generated descriptors. Returns the full name.
Result<std::string> messageAt(const ProtobufSchema& schema, const std::vector<int>& indexes);

/// Message indexes read from the front of `bytes` (the record value after
/// the magic byte and the 4-byte schema id): a zigzag varint count, then
/// that many zigzag varint indexes; a count of 0 means {0}. `consumed` is how
/// many bytes they took. Counts above kMaxMessageIndexes, negative values,
/// values over 32 bits and truncation are errors.
struct MessageIndexes {
    std::vector<int> indexes;
    size_t consumed = 0;
};
inline constexpr int kMaxMessageIndexes = 100;
Result<MessageIndexes> readMessageIndexes(std::string_view bytes);

/// Decodes one protobuf-encoded message of type `fullName` (from
/// messageAt()) and prints it as JSON (proto field names kept, default
/// values left out, 64-bit integers as strings: protobuf's JSON mapping).
/// Fails on malformed input (bad tags or lengths, truncation, trailing
/// partial data), missing proto2 required fields, and records over 64 MiB.
/// A field whose wire type does not fit its declared type is kept as an
/// unknown field (libprotobuf's rule) and left out of the JSON. A message
/// the JSON mapping cannot print (an Any packing a type outside the schema)
/// comes back as its text format in one JSON string.
Result<std::string> decodeMessage(const ProtobufSchema& schema, const std::string& fullName, std::string_view bytes);

/// decodeMessage() of a record value's tail after the magic byte and schema
/// id: message indexes, then the message.
Result<std::string> decodeFramedPayload(const ProtobufSchema& schema, std::string_view bytesAfterId);

/// Why `bytesAfterId` is not a record of `schema`; "" if it decodes. Parses
/// and checks like decodeMessage() but does not print.
std::string validateFramedPayload(const ProtobufSchema& schema, std::string_view bytesAfterId);

}  // namespace plexus::registry::proto

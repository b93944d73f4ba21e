#pragma once
// The schema types the registry serves, wired for SchemaStore:
//  - AVRO: parsed and validated by avro_schema.h; identity is the schema's
//    JSON without insignificant whitespace or key order (not the Parsing
//    Canonical Form, which drops defaults and docs that Confluent versions);
//    compatibility by Avro's schema resolution rules.
//  - JSON: parsed and compiled by json_schema.h (drafts 4, 6, 7); identity is
//    the compact re-serialisation; compatibility by json_schema.h's rules.
//  - PROTOBUF: .proto text or a base64 FileDescriptorProto, parsed and built
//    by protobuf_schema.h with its references (import name -> text) and the
//    well-known google/protobuf files; identity is the built file's
//    DebugString(); compatibility by Confluent's Protobuf rules. The check
//    gets no reference texts, so imported types other than well-known ones
//    are compared by full name only.
// Pure functions; any thread.
#include "broker/registry/json_schema.h"
#include "broker/registry/schema_model.h"

namespace plexus::registry {

SchemaTypes builtinSchemaTypes();

/// The texts of `in`'s direct references in the order listed (Avro wants
/// dependencies first), from `resolved` (SchemaStore::resolve).
std::vector<std::string> referenceTexts(const SchemaInput& in, const std::map<std::string, std::string>& resolved);

/// JSON Schema parse options whose remote "$ref"s are answered from
/// `resolved` (a reference's name is the URI the schema refers to). The
/// options refer to `resolved`, which must outlive the parse.
json::ParseOptions jsonParseOptions(const std::map<std::string, std::string>& resolved);

}  // namespace plexus::registry

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
#include "broker/registry/schema_store.h"

namespace plexus::registry {

SchemaTypes builtinSchemaTypes();

}  // namespace plexus::registry

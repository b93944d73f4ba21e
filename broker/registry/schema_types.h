#pragma once
// The schema types the registry serves, wired for SchemaStore:
//  - AVRO: parsed and validated by avro_schema.h; identity is the schema's
//    JSON without insignificant whitespace or key order (not the Parsing
//    Canonical Form, which drops defaults and docs that Confluent versions);
//    compatibility by Avro's schema resolution rules.
//  - JSON: parsed and compiled by json_schema.h (drafts 4, 6, 7); identity is
//    the compact re-serialisation; compatibility by json_schema.h's rules.
//  - PROTOBUF: accepted as text (identity = the text) with no compatibility
//    rules yet: every check passes. Parsing with libprotobuf is still to come.
// Pure functions; any thread.
#include "broker/registry/schema_store.h"

namespace plexus::registry {

SchemaTypes builtinSchemaTypes();

}  // namespace plexus::registry

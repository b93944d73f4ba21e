#pragma once
// Field-level tags: the `"confluent:tags": ["PHI", ...]` annotations a
// schema puts on its fields, collected with the path of each field. They
// are stored as part of the schema text (the registry keeps schemas
// verbatim) and exposed by GET /subjects/{s}/versions/{v}/tags; PHI masking
// reads them through this function.
//
//  - AVRO: "confluent:tags" on record fields, every record reached from the
//    root (nested, in arrays, maps and unions); path "<record full name>.<field>".
//  - JSON: "confluent:tags" on a subschema reached through "properties"
//    (and "items", "additionalProperties", "anyOf"/"oneOf"/"allOf",
//    "definitions"/"$defs"); path of property names joined with '.', "[]" for items.
//  - PROTOBUF: not read yet (Confluent puts them in a field option from
//    confluent/meta.proto); gives an empty list.
//
// Pure; any thread.
#include <map>
#include <string>
#include <vector>

#include "broker/common/result.h"
#include "broker/registry/schema_model.h"

namespace plexus::registry {

struct FieldTags {
    std::string path;
    std::vector<std::string> tags;
};

/// The tagged fields of `input`, in schema order. `resolved` are the
/// referenced schemas' texts by reference name.
Result<std::vector<FieldTags>> fieldTags(const SchemaInput& input, const std::map<std::string, std::string>& resolved);

}  // namespace plexus::registry

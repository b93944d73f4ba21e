#pragma once
// The plain types the Schema Registry's store and the schema libraries share:
// what a schema is (type, text, references), the compatibility levels, and
// the per-type hooks (SchemaTypes) the store is wired with.
//
// No I/O and no state: plexus_schema (the pure schema code Plexus Center
// links too) and SchemaStore (schema_store.h, which includes this header)
// both use these types, so the schema code needs nothing of the store.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plexus::registry {

struct Reference {
    std::string name;     ///< how the referring schema names it (an import path, a type name)
    std::string subject;
    int version = 0;
    bool operator==(const Reference&) const = default;
};

/// What a client sends to register, look up or test.
struct SchemaInput {
    std::string type = "AVRO";  ///< AVRO, JSON or PROTOBUF
    std::string schema;
    std::vector<Reference> references;
    /// Register only: the id and version to use (IMPORT mode only, as in
    /// Confluent; 0 = assign as usual).
    int id = 0;
    int version = 0;
};

/// Compatibility levels (names: parseLevel/levelName in schema_store.h).
enum class Level { None, Backward, BackwardTransitive, Forward, ForwardTransitive, Full, FullTransitive };

/// A schema's canonical form (equal forms = the same schema), or why it
/// does not parse (`error` not empty).
struct Canonical {
    std::string form;
    std::string error;
};

/// What the store needs to know about schema types.
struct SchemaTypes {
    /// The canonical form of `input`. `resolved` are the referenced
    /// schemas' texts by reference name.
    std::function<Canonical(const SchemaInput& input, const std::map<std::string, std::string>& resolved)> canonicalize;
    /// Incompatibilities of `newer` against `older` at one direction-free
    /// level (BACKWARD, FORWARD or FULL; the store handles "transitive").
    std::function<std::vector<std::string>(Level level, const SchemaInput& newer, const SchemaInput& older)> check;
    /// Types offered (for /schemas/types).
    std::vector<std::string> names = {"AVRO", "JSON", "PROTOBUF"};
};

}  // namespace plexus::registry

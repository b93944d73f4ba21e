#pragma once
// Avro schemas for the schema registry: parse, validate, canonicalise, and
// decide compatibility by Avro's schema resolution rules (Avro 1.11 spec).
//
// Pure library: no I/O, no shared mutable state. Every function here may be
// called from any thread; an AvroSchema is immutable after parsing, so copies
// of it (which share the parsed tree) may be read concurrently.
//
// Errors are values: parseAvroSchema() returns Result<AvroSchema> with a
// message naming the place of the fault, e.g.
//   "field 'x' of record 'a.B': default \"foo\" is not an int".
// Nothing throws out of this API.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/common/result.h"

namespace plexus::registry {

enum class AvroType {
    Null, Boolean, Int, Long, Float, Double, Bytes, String,  // primitives
    Record, Enum, Array, Map, Union, Fixed,
};

/// The spelling used in schemas ("int", "record", ...).
const char* avroTypeName(AvroType type);

/// Logical types the parser recognises. Unknown or invalid ones (a decimal
/// whose scale exceeds its precision, "date" on a string, ...) are ignored as
/// the spec requires: the node keeps its underlying type and logical() is None.
/// The original attribute is still in AvroNode::props.
enum class AvroLogical {
    None, Decimal, Uuid, Date, TimeMillis, TimeMicros, TimestampMillis, TimestampMicros,
    LocalTimestampMillis, LocalTimestampMicros, Duration,
};

struct AvroNode;

/// A record field. `type` points into the owning AvroSchema.
struct AvroField {
    std::string name;
    std::string doc;
    std::vector<std::string> aliases;
    const AvroNode* type = nullptr;
    std::optional<nlohmann::json> defaultValue;  ///< validated against `type`
    std::string order = "ascending";
    nlohmann::json props = nlohmann::json::object();  ///< other attributes, e.g. "confluent:tags"
};

/// One node of a parsed schema. Named types (record, enum, fixed) exist once;
/// every reference to them points at the same node, so a recursive record is
/// a cycle. Nodes are owned by their AvroSchema and live as long as it does.
struct AvroNode {
    AvroType type = AvroType::Null;

    // record, enum, fixed
    std::string name;                  ///< unqualified
    std::string space;                 ///< namespace, "" for none
    std::string fullName;              ///< space.name, or name
    std::vector<std::string> aliases;  ///< full names
    std::string doc;

    std::vector<AvroField> fields;          ///< record
    std::vector<std::string> symbols;       ///< enum
    std::optional<std::string> enumDefault; ///< enum
    const AvroNode* items = nullptr;        ///< array
    const AvroNode* values = nullptr;       ///< map
    std::vector<const AvroNode*> branches;  ///< union
    int64_t size = 0;                       ///< fixed

    AvroLogical logical = AvroLogical::None;
    int precision = 0;  ///< decimal
    int scale = 0;      ///< decimal

    nlohmann::json props = nlohmann::json::object();  ///< attributes not listed above

    bool isNamed() const { return type == AvroType::Record || type == AvroType::Enum || type == AvroType::Fixed; }
};

/// A parsed, validated schema. Cheap to copy (the tree is shared and immutable).
class AvroSchema {
public:
    const AvroNode& root() const { return *m_root; }
    /// The named types defined in the schema, in definition order.
    const std::vector<const AvroNode*>& namedTypes() const { return m_named; }
    /// Parsing Canonical Form (spec: "Parsing Canonical Form for Schemas").
    /// Two schemas with equal canonical forms are the same schema.
    std::string canonicalForm() const;

private:
    friend Result<AvroSchema> parseAvroSchema(std::string_view, const std::vector<std::string>&);
    std::shared_ptr<const void> m_arena;  // owns every node
    const AvroNode* m_root = nullptr;
    std::vector<const AvroNode*> m_named;
};

/// Parse and validate a schema given as JSON text. Validation follows the
/// Avro 1.11 spec: name syntax, no redefinition of a name, no duplicate or
/// nested union branches, unique enum symbols, enum and field defaults that
/// match their type (for a union, its first branch), fixed size >= 0,
/// references only to names defined earlier (or enclosing, for recursion).
///
/// `references` are the texts of schemas this one refers to (Confluent schema
/// references), dependencies first: their named types may be used by name in
/// the later ones and in `json`. They are validated the same way; an error in
/// one is reported as "reference N: ...". The result's root is `json`'s.
Result<AvroSchema> parseAvroSchema(std::string_view json, const std::vector<std::string>& references = {});

/// Incompatibilities found when `reader` reads data written with `writer`;
/// empty = compatible. Rules: the schema resolution section of the spec, as
/// implemented by Avro Java's SchemaCompatibility (which Confluent uses), plus
/// one stricter rule Confluent users expect: two decimals whose precision or
/// scale differ are incompatible. Each message starts with the kind of
/// problem (TYPE_MISMATCH, NAME_MISMATCH, FIXED_SIZE_MISMATCH,
/// MISSING_ENUM_SYMBOLS, READER_FIELD_MISSING_DEFAULT_VALUE,
/// MISSING_UNION_BRANCH) and the path in the reader schema.
std::vector<std::string> checkCompatibility(const AvroSchema& reader, const AvroSchema& writer);

// Confluent's compatibility levels (which versions to check, in which
// direction) are applied once for every schema type by SchemaStore.

}  // namespace plexus::registry

#pragma once
// JSON Schema for the Schema Registry (schemaType "JSON"): parsing,
// validation of instances, and Confluent-style compatibility between schema
// versions. A pure library: no I/O, no HTTP, no broker state.
//
// Validation is done by valijson (header-only, Debian libvalijson-dev) over
// nlohmann::json documents; both stay behind this header.
//
// Errors are values. Nothing here throws: malformed schema or instance text,
// unresolvable references and unsupported keywords all come back as messages.
//
// Thread safety: a JsonSchema is immutable once parsed and cheap to copy (it
// shares its compiled form); any number of threads may call validate() and
// the compatibility functions on the same JsonSchema concurrently.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/common/result.h"

namespace plexus::registry::json {

// The dialect a schema is read with, chosen by its top-level "$schema":
//   http://json-schema.org/draft-04/schema#  -> Draft4
//   http://json-schema.org/draft-06/schema#  -> Draft6
//   http://json-schema.org/draft-07/schema#  -> Draft7
// (with or without the trailing '#', http or https). Without "$schema" the
// schema is read as ParseOptions::defaultDraft (Draft7 unless set). Any other
// "$schema" value is a parse error.
// valijson has no draft-6 mode: Draft6 schemas are compiled in its draft-7
// mode (draft 7 only added if/then/else and content* annotations to draft 6).
//
// References: before compiling, every "$ref" is resolved (RFC 3986) against
// the base URI in scope ("id" in draft 4, "$id" in drafts 6/7). A reference
// to this document, or to a subschema that declares its own id, becomes a
// local JSON pointer; any other becomes an absolute URI fetched through
// ParseOptions::fetch. (valijson 1.0 alone ignores "$id" and joins relative
// URIs incorrectly; this layer works around both.)
enum class Draft { Draft4, Draft6, Draft7 };
const char* toString(Draft draft);

// Resolves a remote "$ref" (a URI other than a fragment of the same document,
// e.g. "http://example.com/address.json") to the text of that document.
// Called during parse() only. Return std::nullopt when the document is
// unknown; parse() then fails naming the URI. Without a fetcher any remote
// reference is a parse error.
using RemoteFetch = std::function<std::optional<std::string>(const std::string& uri)>;

struct ParseOptions {
    RemoteFetch fetch;
    // The dialect of a schema without "$schema". Confluent's registry reads
    // such schemas as draft 7.
    Draft defaultDraft = Draft::Draft7;
};

// A parsed and compiled JSON Schema.
class JsonSchema {
public:
    Draft draft() const;
    // The schema text re-serialised compactly (object keys sorted, numbers
    // normalised). Not Confluent's exact canonical form; stable for equality.
    std::string canonical() const;

    struct Impl;
    explicit JsonSchema(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
    const Impl& impl() const { return *m_impl; }

private:
    std::shared_ptr<const Impl> m_impl;
};

// Parses and compiles a schema. Fails with a message that says what is wrong:
// the JSON syntax error with line and column, a schema that is neither an
// object nor (draft 6/7) a boolean, an unknown "$schema", an unresolvable
// "$ref", a cycle of "$ref"s that never reaches a schema ({"$ref": "#"}), a
// "pattern" or "patternProperties" key that is not an ECMAScript regular
// expression (std::regex), or a keyword with a value of the wrong shape (as
// reported by valijson, e.g. "Expected valid schema for singular 'items'
// constraint"; some of valijson's messages do not name the keyword).
Result<JsonSchema> parse(std::string_view text, const ParseOptions& options = {});

// Limits that keep validation within the stack (valijson recurses per level
// of the instance; std::regex, which valijson uses for "pattern",
// "patternProperties" and the date/time "format"s, recurses per character):
// deeper instances, and for schemas using those keywords longer strings or
// property names, are refused with a message instead of being matched.
inline constexpr int kMaxInstanceDepth = 128;
inline constexpr size_t kMaxRegexStringBytes = 4 * 1024;

// Validates one JSON instance. Returns every error valijson reports, each as
// "<JSON pointer in URI-fragment form>: <description>", e.g.
// "#/patient/birthDate: Value type not permitted by 'type' constraint.";
// the root is "#". Empty means valid. Text that is not JSON gives one error
// "#: instance is not valid JSON: ...". Types are strict (the string "1" is
// not an integer); "format" is not checked (it is optional in drafts 4-7).
std::vector<std::string> validate(const JsonSchema& schema, std::string_view instanceText);

// ---------------------------------------------------------------------------
// Compatibility.
//
// checkCompatibility(reader, writer) asks: can a consumer holding `reader`
// accept every document that was valid under `writer`? In other words, is
// the set of documents `writer` accepts contained in the set `reader`
// accepts? It returns one message per reason it cannot prove that, each
// "<path in the reader schema>: <reason>", e.g.
// "#/properties/age: type narrowed: writer allows 'number', reader does not".
// Empty means compatible. The check is structural and conservative: when it
// cannot compare two constructs it reports them as incompatible.
//
// Rules implemented (R = reader subschema, W = writer subschema at the same
// position; "absent" keywords take their JSON Schema default):
//  * Booleans: R `true` or `{}` accepts anything. R `false` is compatible
//    only with W `false`. W `false` (produces nothing) is compatible with any R.
//  * $ref: local references ("#", "#/definitions/x", any JSON pointer into
//    the same document) are followed on both sides; recursive schemas are
//    handled (a pair of positions already being compared is assumed
//    compatible). Other references compare equal only if both sides name the
//    same URI; otherwise they are reported as not comparable.
//  * type: every type W can produce must be allowed by R. An absent type
//    means every type. "integer" is accepted by R's "number" (widening
//    integer -> number is compatible); W "number" against R "integer" is a
//    narrowing and incompatible. Checks below apply only to the types W can
//    produce (e.g. string bounds are ignored if W only produces numbers).
//  * enum / const (const is treated as a one-value enum): if R restricts
//    values, W must restrict them too and every W value must be in R's set.
//    So removing an enum value from the reader, or adding an enum to it, is
//    incompatible; adding a value to the reader is compatible. (Comparison is
//    by JSON equality, with 1 == 1.0.)
//  * Numbers: R's lower bound (minimum, exclusiveMinimum; draft 4's boolean
//    exclusiveMinimum modifier and draft 6/7's numeric form) must be no
//    stricter than W's; likewise the upper bound (maximum, exclusiveMaximum).
//    A bound R adds where W has none is a tightening. R multipleOf m requires
//    W multipleOf to be a multiple of m (W multipleOf 10, R 5: compatible;
//    W 5, R 10, or W none: incompatible).
//  * Lengths and counts: minLength, minItems, minProperties must not grow;
//    maxLength, maxItems, maxProperties must not shrink or be added.
//    uniqueItems true in R requires it in W. pattern: R's pattern must be
//    absent or textually identical to W's (regular expressions are not
//    compared semantically); "format" is ignored (an annotation).
//  * Objects:
//     - required: every name R requires must be required by W (making a
//       property required, or adding a required property, is incompatible).
//     - A property in both: compared recursively.
//     - A property only in R ("added to the reader"): if W's content model
//       is closed (additionalProperties false and no patternProperties
//       matching the name) W never produces it, so it is compatible. If W is
//       open, W may produce it with any value allowed by W's
//       additionalProperties (default: anything), and R's property schema must
//       accept that: with an open writer, adding a property is incompatible
//       unless the new property schema accepts everything. (This is
//       Confluent's PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL.)
//     - A property only in W ("removed from the reader"): R must accept its
//       values through R's matching patternProperties or additionalProperties.
//       If R is closed (additionalProperties false) this is incompatible
//       (PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL); with an open R it is
//       compatible; with an R additionalProperties schema it is compared.
//     - additionalProperties: W's additionalProperties (default true) must be
//       compatible with R's; so closing an open model is incompatible and
//       opening a closed one is compatible.
//     - patternProperties: a pattern in both is compared recursively; a
//       pattern only in R is incompatible unless W is closed.
//     - dependencies (draft 4-7): every dependency in R must be present in W,
//       with W's list of names a superset (array form) or compatible schema.
//     - propertyNames: compared recursively (absent = true).
//  * Arrays: items (a single schema) compared recursively; tuple items
//    (an array of schemas) compared position by position, positions beyond a
//    tuple falling back to that side's additionalItems (default true); a
//    single-schema items on one side is compared against every tuple
//    position on the other. contains in R requires a compatible contains in W.
//  * Combinators: if W has anyOf or oneOf, each of its branches must be
//    compatible with R (W's keywords beside the combinator are ignored, which
//    only errs towards "incompatible"). If W has allOf, R must be compatible
//    with W's own keywords or with one single allOf branch (branches are not
//    merged). If R has anyOf or oneOf, W must be compatible with at least one
//    R branch, so adding a branch to the reader is compatible and removing
//    one is not (oneOf is treated like anyOf: exclusivity is not proven). If
//    R has allOf, W must be compatible with every branch. R "not S": W must
//    have "not T" with T accepting everything S accepts; adding "not" to the
//    reader is incompatible. R "if"/"then"/"else" must be textually equal to
//    W's; conditionals are not compared otherwise.
//
// Not implemented: semantic comparison of regular expressions and formats,
// merging of allOf branches, proving oneOf exclusivity, the interaction of
// "properties" with "patternProperties" that match the same name, and
// following remote $ref targets (they are compared by URI). Schemas with
// many nested anyOf/oneOf branches are compared pairwise, which can be slow
// for large unions.
std::vector<std::string> checkCompatibility(const JsonSchema& reader, const JsonSchema& writer);

// Confluent's compatibility levels (which versions to check, in which
// direction) are applied once for every schema type by SchemaStore.

}  // namespace plexus::registry::json

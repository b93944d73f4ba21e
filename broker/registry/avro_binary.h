#pragma once
// Avro binary decoding: one datum of a parsed AvroSchema read from its
// binary encoding (Avro 1.11 spec, "Binary Encoding") and given back in
// Avro's JSON encoding (spec, "JSON Encoding"): a union value other than
// null is wrapped as {"<branch type name>": value}, bytes and fixed are
// strings of code points U+0000..U+00FF, enums are their symbol.
//
// Used by broker-side validation (a produced record must decode, with every
// byte consumed) and by Plexus Center to show Avro values as JSON.
//
// Hostile input is expected: every length and block count is checked
// against the bytes left and against a budget of values per datum (two per
// byte plus 4096, so blocks of zero-sized items such as nulls cannot spin or
// exhaust memory: the work stays linear in the datum's size) before anything
// is allocated, nesting is bounded, strings must be valid UTF-8, and varints
// longer than 10 bytes or overflowing 64 bits are errors.
//
// Pure functions; any thread (an AvroSchema is immutable).
#include <string_view>

#include <nlohmann/json.hpp>

#include "broker/common/result.h"
#include "broker/registry/avro_schema.h"

namespace plexus::registry {

/// Decodes one datum that must span all of `data`. Errors name the position:
/// "at byte 7 (/ward): string length 90 exceeds the 3 bytes left". Record
/// fields keep the schema's order (an ordered_json).
Result<nlohmann::ordered_json> decodeAvroBinary(const AvroSchema& schema, std::string_view data);

/// Checks that `data` is one datum of `schema` (the same rules as
/// decodeAvroBinary) without building the value: what broker-side validation
/// runs per record. The error is decodeAvroBinary's.
Status validateAvroBinary(const AvroSchema& schema, std::string_view data);

/// Encodes a value given in Avro's JSON encoding (the inverse of
/// decodeAvroBinary; used by tests and by Plexus Center's produce dialog).
Result<std::string> encodeAvroBinary(const AvroSchema& schema, const nlohmann::json& value);

}  // namespace plexus::registry

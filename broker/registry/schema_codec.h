#pragma once
// Reading values framed with a schema id: Confluent's wire format (magic
// byte 0, the schema id as 4 bytes big-endian, then the payload) and the
// payload decoded by its registered schema:
//  - AVRO: Avro binary, given back in Avro's JSON encoding (avro_binary.h);
//  - JSON: UTF-8 JSON text, validated against the JSON Schema;
//  - PROTOBUF: message indexes, then the protobuf bytes (protobuf_schema.h).
//
// One mechanism for the broker (validation on produce, record_validator.h)
// and for Plexus Center (the Messages page shows decoded values).
//
// Pure; a PayloadSchema is immutable once parsed and may be shared between
// threads.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "broker/common/result.h"
#include "broker/registry/schema_model.h"

namespace plexus::registry {

/// A value in Confluent's framing.
struct Framed {
    int32_t id = 0;
    std::string_view payload;  ///< the bytes after the id
};
/// nullopt unless `bytes` is at least 5 bytes starting with magic byte 0.
std::optional<Framed> unframe(std::string_view bytes);

/// A registered schema, parsed once, that decodes the payloads framed with its id.
class PayloadSchema {
public:
    /// `resolved`: the referenced schemas' texts by reference name (as
    /// SchemaStore::resolve gives them).
    static Result<PayloadSchema> parse(const SchemaInput& input, const std::map<std::string, std::string>& resolved);

    const std::string& type() const { return m_type; }
    /// The record's fully qualified name for the record-name subject
    /// strategies: an Avro record's full name, a JSON Schema's "title", the
    /// Protobuf message the payload's indexes select. Empty if it has none.
    Result<std::string> recordName(std::string_view payload) const;
    /// The payload decoded (and for JSON validated) as JSON text, compact or
    /// indented by `indent` spaces, keys in schema (or written) order; or why
    /// it does not decode.
    Result<std::string> decode(std::string_view payload, int indent = -1) const;
    /// Whether the payload decodes (the same verdict and message as
    /// decode()) without building the value: the broker's per-record check.
    Status validate(std::string_view payload) const;

    struct Impl;

private:
    std::string m_type;
    std::shared_ptr<const Impl> m_impl;
};

}  // namespace plexus::registry

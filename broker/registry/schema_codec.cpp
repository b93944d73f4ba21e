#include "broker/registry/schema_codec.h"

#include <nlohmann/json.hpp>

#include "broker/registry/avro_binary.h"
#include "broker/registry/avro_schema.h"
#include "broker/registry/json_schema.h"
#include "broker/registry/protobuf_schema.h"
#include "broker/registry/schema_types.h"

namespace plexus::registry {

std::optional<Framed> unframe(std::string_view bytes) {
    if (bytes.size() < 5 || bytes[0] != 0) return std::nullopt;
    uint32_t id = 0;
    for (size_t i = 1; i < 5; ++i) id = (id << 8) | static_cast<unsigned char>(bytes[i]);
    return Framed{static_cast<int32_t>(id), bytes.substr(5)};
}

namespace {

/// A JSON payload checked against its schema, with the first error named.
Status validateJson(const json::JsonSchema& schema, std::string_view payload) {
    auto errors = json::validate(schema, payload);
    if (errors.empty()) return Status::ok();
    if (errors.front().rfind("#: instance is not valid JSON", 0) == 0) return Status::error("JSON payload is not valid JSON");
    std::string msg = "JSON payload does not validate: " + errors.front();
    if (errors.size() > 1) msg += " (and " + std::to_string(errors.size() - 1) + " more)";
    return Status::error(msg);
}

}  // namespace

struct PayloadSchema::Impl {
    std::optional<AvroSchema> avro;
    std::optional<json::JsonSchema> jsonSchema;
    std::optional<proto::ProtobufSchema> protobuf;
    std::string title;  ///< JSON Schema "title"
};

Result<PayloadSchema> PayloadSchema::parse(const SchemaInput& input, const std::map<std::string, std::string>& resolved) {
    auto impl = std::make_shared<Impl>();
    if (input.type == "AVRO") {
        auto s = parseAvroSchema(input.schema, referenceTexts(input, resolved));
        if (!s) return s.status();
        impl->avro = s.value();
    } else if (input.type == "JSON") {
        auto s = json::parse(input.schema, jsonParseOptions(resolved));
        if (!s) return s.status();
        impl->jsonSchema = s.value();
        auto doc = nlohmann::json::parse(input.schema, nullptr, false);
        if (doc.is_object() && doc.contains("title") && doc["title"].is_string()) impl->title = doc["title"];
    } else if (input.type == "PROTOBUF") {
        auto s = proto::parse(input.schema, resolved);  // every resolved reference: imports of imports too
        if (!s) return s.status();
        impl->protobuf = s.value();
    } else {
        return Status::error("schema type " + input.type + " cannot decode payloads");
    }
    PayloadSchema out;
    out.m_type = input.type;
    out.m_impl = std::move(impl);
    return out;
}

Result<std::string> PayloadSchema::recordName(std::string_view payload) const {
    if (m_impl->protobuf) {
        auto indexes = proto::readMessageIndexes(payload);
        if (!indexes) return indexes.status();
        return proto::messageAt(*m_impl->protobuf, indexes.value().indexes);
    }
    if (m_impl->avro) {
        const AvroNode& root = m_impl->avro->root();
        return root.isNamed() ? root.fullName : std::string();
    }
    return m_impl->title;
}

Status PayloadSchema::validate(std::string_view payload) const {
    if (m_impl->protobuf) {
        const std::string why = proto::validateFramedPayload(*m_impl->protobuf, payload);
        return why.empty() ? Status::ok() : Status::error("Protobuf payload does not decode: " + why);
    }
    if (m_impl->avro) {
        Status s = validateAvroBinary(*m_impl->avro, payload);
        return s ? s : Status::error("Avro payload does not decode: " + s.message());
    }
    return validateJson(*m_impl->jsonSchema, payload);
}

Result<std::string> PayloadSchema::decode(std::string_view payload, int indent) const {
    if (m_impl->protobuf) {
        auto v = proto::decodeFramedPayload(*m_impl->protobuf, payload);
        if (!v) return Status::error("Protobuf payload does not decode: " + v.message());
        if (indent < 0) return v;
        auto doc = nlohmann::ordered_json::parse(v.value(), nullptr, false);
        return doc.is_discarded() ? v.value() : doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    if (m_impl->avro) {
        auto v = decodeAvroBinary(*m_impl->avro, payload);
        if (!v) return Status::error("Avro payload does not decode: " + v.message());
        return v.value().dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    if (Status valid = validateJson(*m_impl->jsonSchema, payload); !valid) return valid;
    // Key order as written (ordered_json), for display.
    auto doc = nlohmann::ordered_json::parse(payload, nullptr, false);
    if (doc.is_discarded()) return Status::error("JSON payload is not valid JSON");
    return doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace plexus::registry

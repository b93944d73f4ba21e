#include "broker/registry/schema_types.h"

#include <nlohmann/json.hpp>

#include "broker/registry/avro_schema.h"
#include "broker/registry/json_schema.h"
#include "broker/registry/protobuf_schema.h"

namespace plexus::registry {

std::vector<std::string> referenceTexts(const SchemaInput& in, const std::map<std::string, std::string>& resolved) {
    std::vector<std::string> out;
    for (const auto& r : in.references)
        if (auto it = resolved.find(r.name); it != resolved.end()) out.push_back(it->second);
    return out;
}

json::ParseOptions jsonParseOptions(const std::map<std::string, std::string>& resolved) {
    json::ParseOptions opts;
    opts.fetch = [&resolved](const std::string& uri) -> std::optional<std::string> {
        auto it = resolved.find(uri);
        if (it == resolved.end()) return std::nullopt;
        return it->second;
    };
    return opts;
}

SchemaTypes builtinSchemaTypes() {
    SchemaTypes t;
    t.canonicalize = [](const SchemaInput& in, const std::map<std::string, std::string>& resolved) -> Canonical {
        if (in.type == "AVRO") {
            auto s = parseAvroSchema(in.schema, referenceTexts(in, resolved));
            if (!s) return {{}, s.message()};
            // Identity is the whole schema with insignificant whitespace and
            // key order removed, not the Parsing Canonical Form: PCF drops
            // defaults, docs and aliases, and Confluent registers a change of
            // those as a new version.
            return {nlohmann::json::parse(in.schema).dump(), {}};
        }
        if (in.type == "JSON") {
            auto s = json::parse(in.schema, jsonParseOptions(resolved));
            if (!s) return {{}, s.message()};
            return {s.value().canonical(), {}};
        }
        if (in.type == "PROTOBUF") {
            // References by import name, transitively resolved by the store.
            auto s = proto::parse(in.schema, resolved);
            if (!s) return {{}, s.message()};
            return {s.value().canonical(), {}};
        }
        if (in.schema.find_first_not_of(" \t\r\n") == std::string::npos) return {{}, "empty schema"};
        return {in.schema, {}};
    };
    // The store passes one direction at a time; Level::Full means both.
    t.check = [](Level level, const SchemaInput& newer, const SchemaInput& older) {
        std::vector<std::string> out;
        auto both = [&](auto&& checkOne) {
            if (level == Level::Backward || level == Level::Full)
                for (auto& m : checkOne(/*reader=*/newer, /*writer=*/older)) out.push_back("BACKWARD: " + m);
            if (level == Level::Forward || level == Level::Full)
                for (auto& m : checkOne(/*reader=*/older, /*writer=*/newer)) out.push_back("FORWARD: " + m);
        };
        if (newer.type == "AVRO") {
            both([](const SchemaInput& reader, const SchemaInput& writer) {
                auto r = parseAvroSchema(reader.schema);
                auto w = parseAvroSchema(writer.schema);
                if (!r || !w) return std::vector<std::string>{"cannot parse: " + (r ? w.message() : r.message())};
                return checkCompatibility(r.value(), w.value());
            });
        } else if (newer.type == "JSON") {
            both([](const SchemaInput& reader, const SchemaInput& writer) {
                auto r = json::parse(reader.schema);
                auto w = json::parse(writer.schema);
                if (!r || !w) return std::vector<std::string>{"cannot parse: " + (r ? w.message() : r.message())};
                return json::checkCompatibility(r.value(), w.value());
            });
        } else if (newer.type == "PROTOBUF") {
            // The store hands over no reference texts here: imports other
            // than the well-known ones are known by name only (placeholder
            // types, compared by full name).
            both([](const SchemaInput& reader, const SchemaInput& writer) {
                proto::ParseOptions lenient;
                lenient.allowUnresolvedImports = true;
                auto r = proto::parse(reader.schema, {}, lenient);
                auto w = proto::parse(writer.schema, {}, lenient);
                if (!r || !w) return std::vector<std::string>{"cannot parse: " + (r ? w.message() : r.message())};
                return proto::checkCompatibility(r.value(), w.value());
            });
        }
        return out;
    };
    return t;
}

}  // namespace plexus::registry

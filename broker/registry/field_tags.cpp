#include "broker/registry/field_tags.h"

#include <set>

#include <nlohmann/json.hpp>

#include "broker/registry/avro_schema.h"
#include "broker/registry/schema_types.h"

namespace plexus::registry {
namespace {

using nlohmann::json;

template <class Json> std::vector<std::string> tagsOf(const Json& props) {
    std::vector<std::string> out;
    if (!props.is_object()) return out;
    auto it = props.find("confluent:tags");
    if (it == props.end() || !it->is_array()) return out;
    for (const auto& t : *it)
        if (t.is_string()) out.push_back(t.template get<std::string>());
    return out;
}

void walkAvro(const AvroNode& n, std::set<const AvroNode*>& seen, std::vector<FieldTags>& out) {
    switch (n.type) {
    case AvroType::Record:
        if (!seen.insert(&n).second) return;  // recursive types are walked once
        for (const auto& f : n.fields) {
            if (auto tags = tagsOf(f.props); !tags.empty()) out.push_back({n.fullName + "." + f.name, std::move(tags)});
            walkAvro(*f.type, seen, out);
        }
        return;
    case AvroType::Array: walkAvro(*n.items, seen, out); return;
    case AvroType::Map: walkAvro(*n.values, seen, out); return;
    case AvroType::Union:
        for (const auto* b : n.branches) walkAvro(*b, seen, out);
        return;
    default: return;
    }
}

/// JSON Schemas are read keeping key order, so tags come out in schema order.
void walkJson(const nlohmann::ordered_json& s, const std::string& path, int depth, std::vector<FieldTags>& out) {
    if (!s.is_object() || depth > 64) return;
    if (auto tags = tagsOf(s); !tags.empty() && !path.empty()) out.push_back({path, std::move(tags)});
    auto join = [&](const std::string& name) { return path.empty() ? name : path + "." + name; };
    if (auto p = s.find("properties"); p != s.end() && p->is_object())
        for (auto it = p->begin(); it != p->end(); ++it) walkJson(it.value(), join(it.key()), depth + 1, out);
    if (auto i = s.find("items"); i != s.end()) {
        if (i->is_array())
            for (const auto& item : *i) walkJson(item, path + "[]", depth + 1, out);
        else
            walkJson(*i, path + "[]", depth + 1, out);
    }
    if (auto a = s.find("additionalProperties"); a != s.end()) walkJson(*a, join("*"), depth + 1, out);
    for (const char* k : {"anyOf", "oneOf", "allOf"})
        if (auto a = s.find(k); a != s.end() && a->is_array())
            for (const auto& b : *a) walkJson(b, path, depth + 1, out);
    for (const char* k : {"definitions", "$defs"})
        if (auto d = s.find(k); d != s.end() && d->is_object())
            for (auto it = d->begin(); it != d->end(); ++it) walkJson(it.value(), "#" + it.key(), depth + 1, out);
}

}  // namespace

Result<std::vector<FieldTags>> fieldTags(const SchemaInput& input, const std::map<std::string, std::string>& resolved) {
    std::vector<FieldTags> out;
    if (input.type == "AVRO") {
        auto s = parseAvroSchema(input.schema, referenceTexts(input, resolved));
        if (!s) return s.status();
        std::set<const AvroNode*> seen;
        walkAvro(s.value().root(), seen, out);
    } else if (input.type == "JSON") {
        auto doc = nlohmann::ordered_json::parse(input.schema, nullptr, false);
        if (doc.is_discarded()) return Status::error("schema is not JSON");
        walkJson(doc, "", 0, out);
    }
    return out;
}

}  // namespace plexus::registry

#pragma once
// Test helper: the verdict of SchemaStore, with the real schema types, on
// registering `next` after `previous` (oldest first) at `level`. The
// history is registered with compatibility NONE, then the subject's level
// is set, as an operator would. Used by the Avro and JSON Schema tests so
// the levels are checked through the one place that implements them.
#include <string>
#include <vector>

#include "broker/registry/schema_store.h"
#include "broker/registry/schema_types.h"

namespace plexus::registry::test {

inline std::vector<std::string> levelCheck(const std::string& level, const std::string& type,
                                           const std::vector<std::string>& previous, const std::string& next) {
    SchemaStore s(builtinSchemaTypes());
    auto commit = [&](auto outcome) {
        if (!ok(outcome)) return std::string(std::get<Error>(outcome).message);
        for (const auto& r : std::get<0>(outcome).records)
            if (auto why = s.apply(r)) return *why;
        return std::string();
    };
    if (auto e = commit(s.setConfig(std::nullopt, "NONE")); !e.empty()) return {"setup: " + e};
    for (const auto& p : previous)
        if (auto e = commit(s.registerSchema("subject", {type, p, {}})); !e.empty()) return {"setup: " + e};
    if (auto e = commit(s.setConfig(std::string("subject"), level)); !e.empty()) return {"setup: " + e};
    auto r = s.testCompatibility("subject", {}, {type, next, {}});
    if (!ok(r)) return {"error: " + std::get<Error>(r).message};
    return std::get<std::vector<std::string>>(r);
}

}  // namespace plexus::registry::test

#pragma once
// Test helpers for the Schema Registry's unit tests.
//
// q(): schemas in the tests are written with ' for " (moc scans the files,
// so no raw strings); q() swaps them back. joined(): messages one per line.
//
// levelCheck(): the verdict of SchemaStore, with the real schema types, on
// registering `next` after `previous` (oldest first) at `level`. The
// history is registered with compatibility NONE, then the subject's level
// is set, as an operator would. Used by the Avro and JSON Schema tests so
// the levels are checked through the one place that implements them.
#include <algorithm>
#include <string>
#include <vector>

#include "broker/registry/schema_store.h"
#include "broker/registry/schema_types.h"

namespace plexus::registry::test {

inline std::string q(std::string s) {
    std::replace(s.begin(), s.end(), '\'', '"');
    return s;
}

inline std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& m : v) s += (s.empty() ? "" : "\n  ") + m;
    return s;
}

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

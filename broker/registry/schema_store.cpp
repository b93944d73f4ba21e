#include "broker/registry/schema_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace plexus::registry {

using nlohmann::json;

int httpStatus(ErrorCode code) {
    const int c = static_cast<int>(code);
    if (c == 409) return 409;
    if (c >= 50000) return 500;
    if (c >= 42200) return 422;
    if (c >= 40400) return 404;
    return 500;
}

std::optional<Level> parseLevel(const std::string& s) {
    static const std::pair<const char*, Level> names[] = {
        {"NONE", Level::None},          {"BACKWARD", Level::Backward}, {"BACKWARD_TRANSITIVE", Level::BackwardTransitive},
        {"FORWARD", Level::Forward},    {"FORWARD_TRANSITIVE", Level::ForwardTransitive},
        {"FULL", Level::Full},          {"FULL_TRANSITIVE", Level::FullTransitive}};
    for (const auto& [n, l] : names)
        if (s == n) return l;
    return std::nullopt;
}

std::string levelName(Level l) {
    switch (l) {
    case Level::None: return "NONE";
    case Level::Backward: return "BACKWARD";
    case Level::BackwardTransitive: return "BACKWARD_TRANSITIVE";
    case Level::Forward: return "FORWARD";
    case Level::ForwardTransitive: return "FORWARD_TRANSITIVE";
    case Level::Full: return "FULL";
    case Level::FullTransitive: return "FULL_TRANSITIVE";
    }
    return "NONE";
}

std::optional<Mode> parseMode(const std::string& s) {
    if (s == "READWRITE") return Mode::ReadWrite;
    if (s == "READONLY") return Mode::ReadOnly;
    if (s == "IMPORT") return Mode::Import;
    return std::nullopt;
}

std::string modeName(Mode m) {
    switch (m) {
    case Mode::ReadWrite: return "READWRITE";
    case Mode::ReadOnly: return "READONLY";
    case Mode::Import: return "IMPORT";
    }
    return "READWRITE";
}

namespace {

Error err(ErrorCode c, std::string m) { return Error{c, std::move(m)}; }

json refsJson(const std::vector<Reference>& refs) {
    json a = json::array();
    for (const auto& r : refs) a.push_back({{"name", r.name}, {"subject", r.subject}, {"version", r.version}});
    return a;
}

/// "latest", "-1" or a positive number; 0 for latest, -2 for invalid.
int parseVersion(const std::string& s) {
    if (s == "latest" || s == "-1") return 0;
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1) return -2;
    return v;
}

}  // namespace

SchemaStore::SchemaStore(SchemaTypes types) : m_types(std::move(types)) {}

// ---------------------------------------------------------------- layout

std::string SchemaStore::schemaKey(const std::string& subject, int version) {
    return json{{"keytype", "SCHEMA"}, {"subject", subject}, {"version", version}, {"magic", 1}}.dump();
}

std::string SchemaStore::configKey(const std::optional<std::string>& subject) {
    return json{{"keytype", "CONFIG"}, {"subject", subject ? json(*subject) : json(nullptr)}, {"magic", 0}}.dump();
}

std::string SchemaStore::modeKey(const std::optional<std::string>& subject) {
    return json{{"keytype", "MODE"}, {"subject", subject ? json(*subject) : json(nullptr)}, {"magic", 0}}.dump();
}

std::string SchemaStore::deleteSubjectKey(const std::string& subject) {
    return json{{"keytype", "DELETE_SUBJECT"}, {"subject", subject}, {"magic", 0}}.dump();
}

std::string SchemaStore::valueJson(const SchemaVersion& v) {
    json j{{"subject", v.subject}, {"version", v.version}, {"id", v.id}, {"schema", v.schema}, {"deleted", v.deleted}};
    // Confluent leaves schemaType out for AVRO, the default.
    if (v.type != "AVRO") j["schemaType"] = v.type;
    if (!v.references.empty()) j["references"] = refsJson(v.references);
    return j.dump();
}

std::string SchemaStore::inputKey(const std::string& type, const std::string& canonical,
                                  const std::vector<Reference>& refs) {
    return json{{"t", type}, {"c", canonical}, {"r", refsJson(refs)}}.dump();
}

// ---------------------------------------------------------------- replay

std::optional<std::string> SchemaStore::apply(const StoreRecord& record) {
    json key;
    try {
        key = json::parse(record.key);
    } catch (const json::exception& e) {
        return std::string("key is not JSON: ") + e.what();
    }
    if (!key.is_object() || !key.contains("keytype") || !key["keytype"].is_string()) return "key has no keytype";
    const std::string type = key["keytype"];
    auto subjectOf = [&]() -> std::optional<std::string> {
        if (!key.contains("subject") || key["subject"].is_null()) return std::nullopt;
        if (!key["subject"].is_string()) return std::nullopt;
        return key["subject"].get<std::string>();
    };
    try {
        if (type == "NOOP") return std::nullopt;
        if (type == "SCHEMA") {
            ++m_generation;
            const auto subject = subjectOf();
            if (!subject || !key.contains("version") || !key["version"].is_number_integer()) return "SCHEMA key without subject or version";
            const int version = key["version"];
            if (!record.value) {  // permanent delete
                auto it = m_subjects.find(*subject);
                if (it != m_subjects.end()) {
                    if (auto v = it->second.find(version); v != it->second.end()) unholdId(v->second.v.id, *subject, version);
                    it->second.erase(version);
                    if (it->second.empty()) m_subjects.erase(it);
                }
                return std::nullopt;
            }
            const json v = json::parse(*record.value);
            SchemaVersion s;
            s.subject = *subject;
            s.version = version;
            s.id = v.at("id").get<int>();
            s.schema = v.at("schema").get<std::string>();
            s.type = v.value("schemaType", std::string("AVRO"));
            s.deleted = v.value("deleted", false);
            if (v.contains("references") && v["references"].is_array())
                for (const auto& r : v["references"])
                    s.references.push_back({r.at("name").get<std::string>(), r.at("subject").get<std::string>(), r.at("version").get<int>()});
            std::string error;
            const std::string canonical = canonicalOf({s.type, s.schema, s.references}, &error);
            if (const Stored* before = find(s.subject, version)) unholdId(before->v.id, s.subject, version);
            m_subjects[s.subject][version] = Stored{s, canonical};
            m_holders[s.id].emplace(s.subject, version);
            const std::string content = inputKey(s.type, canonical.empty() ? s.schema : canonical, s.references);
            m_idByContent.emplace(content, s.id);
            m_contentById.emplace(s.id, content);
            m_maxId = std::max(m_maxId, s.id);
            return std::nullopt;
        }
        if (type == "CONFIG") {
            const std::string k = subjectOf().value_or("");
            if (!record.value) {
                m_configs.erase(k);
                return std::nullopt;
            }
            const json v = json::parse(*record.value);
            const auto level = parseLevel(v.at("compatibilityLevel").get<std::string>());
            if (!level) return "CONFIG with an unknown level";
            m_configs[k] = *level;
            return std::nullopt;
        }
        if (type == "MODE") {
            const std::string k = subjectOf().value_or("");
            if (!record.value) {
                m_modes.erase(k);
                return std::nullopt;
            }
            const auto mode = parseMode(json::parse(*record.value).at("mode").get<std::string>());
            if (!mode) return "MODE with an unknown mode";
            m_modes[k] = *mode;
            return std::nullopt;
        }
        if (type == "DELETE_SUBJECT") {
            const auto subject = subjectOf();
            if (!subject || !record.value) return std::nullopt;
            const int upTo = json::parse(*record.value).value("version", std::numeric_limits<int>::max());
            auto it = m_subjects.find(*subject);
            if (it != m_subjects.end())
                for (auto& [ver, st] : it->second)
                    if (ver <= upTo) st.v.deleted = true;
            return std::nullopt;
        }
        if (type == "CLEAR_SUBJECT") {
            ++m_generation;
            const auto subject = subjectOf();
            if (auto it = subject ? m_subjects.find(*subject) : m_subjects.end(); it != m_subjects.end()) {
                for (const auto& [ver, st] : it->second) unholdId(st.v.id, *subject, ver);
                m_subjects.erase(it);
            }
            return std::nullopt;
        }
    } catch (const json::exception& e) {
        return "malformed " + type + " record: " + e.what();
    }
    return "unknown keytype " + type;
}

// ---------------------------------------------------------------- helpers

const SchemaStore::Stored* SchemaStore::find(const std::string& subject, int version) const {
    auto it = m_subjects.find(subject);
    if (it == m_subjects.end()) return nullptr;
    auto v = it->second.find(version);
    return v == it->second.end() ? nullptr : &v->second;
}

std::map<std::string, std::string> SchemaStore::resolve(const std::vector<Reference>& refs, std::string* error) const {
    std::map<std::string, std::string> out;
    // Direct references first, then theirs (a Protobuf import of an import),
    // each name once; bounded so a reference cycle cannot loop.
    std::vector<Reference> todo(refs.begin(), refs.end());
    for (size_t i = 0; i < todo.size() && i < 1000; ++i) {
        const Reference r = todo[i];
        const Stored* s = find(r.subject, r.version);
        if (!s || s->v.deleted) {
            if (i >= refs.size()) continue;  // an indirect one: the referenced schema was checked when registered
            *error = "reference '" + r.name + "' names subject '" + r.subject + "' version " + std::to_string(r.version) +
                     ", which does not exist";
            return {};
        }
        if (!out.emplace(r.name, s->v.schema).second) continue;
        todo.insert(todo.end(), s->v.references.begin(), s->v.references.end());
    }
    return out;
}

std::string SchemaStore::canonicalOf(const SchemaInput& input, std::string* error) const {
    std::string refError;
    const auto resolved = resolve(input.references, &refError);
    if (!refError.empty()) {
        *error = refError;
        return {};
    }
    if (!m_types.canonicalize) return input.schema;
    Canonical c = m_types.canonicalize(input, resolved);
    if (!c.error.empty()) {
        *error = c.error;
        return {};
    }
    return c.form;
}

// ---------------------------------------------------------------- reads

std::vector<std::string> SchemaStore::subjects(bool includeDeleted, const std::string& prefix) const {
    std::vector<std::string> out;
    for (const auto& [name, versions] : m_subjects) {
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const bool live = std::any_of(versions.begin(), versions.end(), [](const auto& p) { return !p.second.v.deleted; });
        if (live || (includeDeleted && !versions.empty())) out.push_back(name);
    }
    return out;
}

Outcome<std::vector<int>> SchemaStore::versions(const std::string& subject, bool includeDeleted) const {
    std::vector<int> out;
    auto it = m_subjects.find(subject);
    if (it != m_subjects.end())
        for (const auto& [v, st] : it->second)
            if (includeDeleted || !st.v.deleted) out.push_back(v);
    if (out.empty()) return err(ErrorCode::SubjectNotFound, "Subject '" + subject + "' not found.");
    return out;
}

Outcome<SchemaVersion> SchemaStore::version(const std::string& subject, const std::string& version,
                                            bool includeDeleted) const {
    const int v = parseVersion(version);
    if (v == -2)
        return err(ErrorCode::InvalidVersion,
                   "The specified version '" + version + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    auto it = m_subjects.find(subject);
    const bool anyLive = it != m_subjects.end() &&
                         std::any_of(it->second.begin(), it->second.end(), [](const auto& p) { return !p.second.v.deleted; });
    if (it == m_subjects.end() || (!anyLive && !includeDeleted))
        return err(ErrorCode::SubjectNotFound, "Subject '" + subject + "' not found.");
    if (v == 0) {
        for (auto r = it->second.rbegin(); r != it->second.rend(); ++r)
            if (includeDeleted || !r->second.v.deleted) return r->second.v;
        return err(ErrorCode::VersionNotFound, "Version latest not found.");
    }
    const Stored* s = find(subject, v);
    if (!s || (s->v.deleted && !includeDeleted)) return err(ErrorCode::VersionNotFound, "Version " + version + " not found.");
    return s->v;
}

bool SchemaStore::hasLiveId(const std::string& subject, int id) const {
    auto it = m_subjects.find(subject);
    if (it == m_subjects.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [id](const auto& p) { return p.second.v.id == id && !p.second.v.deleted; });
}

void SchemaStore::unholdId(int id, const std::string& subject, int version) {
    auto it = m_holders.find(id);
    if (it == m_holders.end()) return;
    it->second.erase({subject, version});
    if (it->second.empty()) m_holders.erase(it);
}

Outcome<SchemaVersion> SchemaStore::schemaById(int id) const {
    auto it = m_holders.find(id);
    if (it == m_holders.end()) return err(ErrorCode::SchemaNotFound, "Schema " + std::to_string(id) + " not found");
    const auto& [subject, version] = *it->second.begin();
    return find(subject, version)->v;
}

Outcome<std::vector<std::pair<std::string, int>>> SchemaStore::versionsForId(int id, bool includeDeleted) const {
    auto it = m_holders.find(id);
    if (it == m_holders.end()) return err(ErrorCode::SchemaNotFound, "Schema " + std::to_string(id) + " not found");
    std::vector<std::pair<std::string, int>> out;
    for (const auto& [subject, version] : it->second)
        if (includeDeleted || !find(subject, version)->v.deleted) out.emplace_back(subject, version);
    return out;
}

Outcome<SchemaVersion> SchemaStore::lookup(const std::string& subject, const SchemaInput& input,
                                           bool includeDeleted) const {
    auto it = m_subjects.find(subject);
    if (it == m_subjects.end()) return err(ErrorCode::SubjectNotFound, "Subject '" + subject + "' not found.");
    std::string error;
    const std::string canonical = canonicalOf(input, &error);
    if (!error.empty()) return err(ErrorCode::InvalidSchema, "Invalid schema: " + error);
    for (auto r = it->second.rbegin(); r != it->second.rend(); ++r) {
        const Stored& st = r->second;
        if (st.v.deleted && !includeDeleted) continue;
        if (st.v.type == input.type && st.canonical == canonical && st.v.references == input.references) return st.v;
    }
    return err(ErrorCode::SchemaNotFound, "Schema not found");
}

std::vector<int> SchemaStore::referencedBy(const std::string& subject, int version) const {
    std::vector<int> ids;
    for (const auto& [s, versions] : m_subjects)
        for (const auto& [v, st] : versions)
            for (const auto& r : st.v.references)
                if (r.subject == subject && r.version == version && !st.v.deleted) ids.push_back(st.v.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Outcome<Level> SchemaStore::config(const std::optional<std::string>& subject, bool defaultToGlobal) const {
    if (subject) {
        auto it = m_configs.find(*subject);
        if (it != m_configs.end()) return it->second;
        if (!defaultToGlobal)
            return err(ErrorCode::SubjectLevelCompatibilityNotConfigured,
                       "Subject '" + *subject + "' does not have subject-level compatibility configured");
    }
    auto g = m_configs.find("");
    return g == m_configs.end() ? Level::Backward : g->second;
}

Outcome<Mode> SchemaStore::mode(const std::optional<std::string>& subject, bool defaultToGlobal) const {
    if (subject) {
        auto it = m_modes.find(*subject);
        if (it != m_modes.end()) return it->second;
        if (!defaultToGlobal)
            return err(ErrorCode::SubjectLevelModeNotConfigured, "Subject '" + *subject + "' does not have subject-level mode configured");
    }
    auto g = m_modes.find("");
    return g == m_modes.end() ? Mode::ReadWrite : g->second;
}

// ---------------------------------------------------------------- writes

Outcome<std::vector<std::string>> SchemaStore::testCompatibility(const std::string& subject, const std::string& version,
                                                                 const SchemaInput& input) const {
    std::string error;
    canonicalOf(input, &error);
    if (!error.empty()) return err(ErrorCode::InvalidSchema, "Invalid schema: " + error);
    const Level level = std::get<Level>(config(subject, true));
    std::vector<const SchemaVersion*> against;
    auto it = m_subjects.find(subject);
    if (!version.empty()) {
        auto v = this->version(subject, version, false);
        if (!ok(v)) return std::get<Error>(v);
        const Stored* s = find(subject, std::get<SchemaVersion>(v).version);
        against.push_back(&s->v);
    } else if (it != m_subjects.end()) {
        for (const auto& [n, st] : it->second)
            if (!st.v.deleted) against.push_back(&st.v);
        const bool transitive =
            level == Level::BackwardTransitive || level == Level::ForwardTransitive || level == Level::FullTransitive;
        if (!transitive && !against.empty()) against.erase(against.begin(), against.end() - 1);
    }
    std::vector<std::string> messages;
    if (level == Level::None || !m_types.check) return messages;
    const Level direction = (level == Level::Backward || level == Level::BackwardTransitive)  ? Level::Backward
                            : (level == Level::Forward || level == Level::ForwardTransitive) ? Level::Forward
                                                                                               : Level::Full;
    // Newest first, as Confluent reports them.
    for (auto r = against.rbegin(); r != against.rend(); ++r) {
        const SchemaVersion& old = **r;
        if (old.type != input.type) {
            messages.push_back("Incompatible schema type: version " + std::to_string(old.version) + " is " + old.type +
                               ", the new schema is " + input.type);
            continue;
        }
        for (auto& m : m_types.check(direction, input, {old.type, old.schema, old.references}))
            messages.push_back("{oldSchemaVersion: " + std::to_string(old.version) + "} " + m);
    }
    return messages;
}

Outcome<Planned<int>> SchemaStore::registerSchema(const std::string& subject, const SchemaInput& input) {
    if (std::find(m_types.names.begin(), m_types.names.end(), input.type) == m_types.names.end())
        return err(ErrorCode::InvalidSchema, "Invalid schema type " + input.type);
    const Mode mode = std::get<Mode>(this->mode(subject, true));
    if (mode == Mode::ReadOnly)
        return err(ErrorCode::OperationNotPermitted, "Subject " + subject + " is in read-only mode");
    const bool importing = mode == Mode::Import;
    if ((input.id != 0 || input.version != 0) && !importing)
        return err(ErrorCode::OperationNotPermitted, "Subject " + subject + " is not in import mode");
    if (input.id < 0 || input.version < 0)
        return err(ErrorCode::InvalidSchema, "Invalid schema: id and version must be positive");
    std::string error;
    const std::string canonical = canonicalOf(input, &error);
    if (!error.empty()) return err(ErrorCode::InvalidSchema, "Invalid schema: " + error);
    const std::string content = inputKey(input.type, canonical, input.references);
    auto same = m_idByContent.find(content);
    // Already registered under this subject (and not deleted): its id.
    auto found = lookup(subject, input, false);
    if (ok(found) && (input.id == 0 || std::get<SchemaVersion>(found).id == input.id) &&
        (input.version == 0 || std::get<SchemaVersion>(found).version == input.version))
        return Planned<int>{{}, std::get<SchemaVersion>(found).id};
    if (importing) {
        if (input.id != 0) {
            // An id names one schema for good, even after its versions are deleted.
            auto owner = m_contentById.find(input.id);
            if (owner != m_contentById.end() && owner->second != content)
                return err(ErrorCode::OperationNotPermitted,
                           "Overwrite new schema with id " + std::to_string(input.id) + " is not permitted.");
        }
        if (input.version != 0 && find(subject, input.version))
            return err(ErrorCode::OperationNotPermitted, "Overwrite new schema with version " +
                                                             std::to_string(input.version) + " is not permitted.");
    }
    auto compat = importing ? Outcome<std::vector<std::string>>{std::vector<std::string>{}}
                            : testCompatibility(subject, {}, input);
    if (!ok(compat)) return std::get<Error>(compat);
    const auto& problems = std::get<std::vector<std::string>>(compat);
    if (!problems.empty()) {
        std::string joined;
        for (const auto& p : problems) joined += (joined.empty() ? "" : "; ") + p;
        return err(ErrorCode::IncompatibleSchema,
                   "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\", details: [" +
                       joined + "]");
    }
    SchemaVersion v;
    v.subject = subject;
    v.type = input.type;
    v.schema = input.schema;
    v.references = input.references;
    int last = 0;
    auto it = m_subjects.find(subject);
    if (it != m_subjects.end() && !it->second.empty()) last = it->second.rbegin()->first;
    v.version = input.version != 0 ? input.version : last + 1;
    v.id = input.id != 0 ? input.id : same != m_idByContent.end() ? same->second : m_maxId + 1;
    return Planned<int>{{StoreRecord{schemaKey(subject, v.version), valueJson(v)}}, v.id};
}

Outcome<Planned<int>> SchemaStore::deleteVersion(const std::string& subject, const std::string& version, bool permanent) {
    if (std::get<Mode>(mode(subject, true)) == Mode::ReadOnly)
        return err(ErrorCode::OperationNotPermitted, "Subject " + subject + " is in read-only mode");
    auto v = this->version(subject, version, permanent);
    if (!ok(v)) return std::get<Error>(v);
    SchemaVersion s = std::get<SchemaVersion>(v);
    if (!referencedBy(subject, s.version).empty())
        return err(ErrorCode::ReferenceExists, "One or more references exist to the schema {subject=" + subject +
                                                   ",version=" + std::to_string(s.version) + "}.");
    if (permanent) {
        if (!s.deleted)
            return err(ErrorCode::SchemaVersionNotSoftDeleted, "Subject '" + subject + "' Version " + std::to_string(s.version) +
                                                                   " was not deleted first before being permanently deleted");
        return Planned<int>{{StoreRecord{schemaKey(subject, s.version), std::nullopt}}, s.version};
    }
    if (s.deleted)
        return err(ErrorCode::SchemaVersionSoftDeleted,
                   "Subject '" + subject + "' Version " + std::to_string(s.version) + " was soft deleted. Set permanent=true to delete permanently");
    s.deleted = true;
    return Planned<int>{{StoreRecord{schemaKey(subject, s.version), valueJson(s)}}, s.version};
}

Outcome<Planned<std::vector<int>>> SchemaStore::deleteSubject(const std::string& subject, bool permanent) {
    if (std::get<Mode>(mode(subject, true)) == Mode::ReadOnly)
        return err(ErrorCode::OperationNotPermitted, "Subject " + subject + " is in read-only mode");
    auto it = m_subjects.find(subject);
    if (it == m_subjects.end() || it->second.empty())
        return err(ErrorCode::SubjectNotFound, "Subject '" + subject + "' not found.");
    std::vector<int> all, live;
    for (const auto& [v, st] : it->second) {
        all.push_back(v);
        if (!st.v.deleted) live.push_back(v);
    }
    for (int v : all)
        if (!referencedBy(subject, v).empty())
            return err(ErrorCode::ReferenceExists, "One or more references exist to the schema {subject=" + subject +
                                                       ",version=" + std::to_string(v) + "}.");
    Planned<std::vector<int>> p;
    if (permanent) {
        if (!live.empty())
            return err(ErrorCode::SubjectNotSoftDeleted,
                       "Subject '" + subject + "' was not deleted first before being permanently deleted");
        for (int v : all) p.records.push_back({schemaKey(subject, v), std::nullopt});
        p.answer = all;
        return p;
    }
    if (live.empty())
        return err(ErrorCode::SubjectSoftDeleted,
                   "Subject '" + subject + "' was soft deleted. Set permanent=true to delete permanently");
    p.records.push_back({deleteSubjectKey(subject), json{{"subject", subject}, {"version", live.back()}}.dump()});
    p.answer = live;
    return p;
}

Outcome<Planned<Level>> SchemaStore::setConfig(const std::optional<std::string>& subject, const std::string& level) {
    const auto l = parseLevel(level);
    if (!l)
        return err(ErrorCode::InvalidCompatibilityLevel,
                   "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, "
                   "forward_transitive, and full_transitive");
    return Planned<Level>{{StoreRecord{configKey(subject), json{{"compatibilityLevel", levelName(*l)}}.dump()}}, *l};
}

Outcome<Planned<Level>> SchemaStore::deleteConfig(const std::optional<std::string>& subject) {
    auto current = config(subject, false);
    if (!ok(current)) return std::get<Error>(current);
    return Planned<Level>{{StoreRecord{configKey(subject), std::nullopt}}, std::get<Level>(current)};
}

Outcome<Planned<Mode>> SchemaStore::setMode(const std::optional<std::string>& subject, const std::string& mode) {
    const auto m = parseMode(mode);
    if (!m) return err(ErrorCode::InvalidMode, "Invalid mode. Valid values are READWRITE, READONLY and IMPORT.");
    // IMPORT needs an empty registry (or subject), as in Confluent.
    if (*m == Mode::Import) {
        const bool empty = subject ? m_subjects.find(*subject) == m_subjects.end() : m_subjects.empty();
        if (!empty)
            return err(ErrorCode::OperationNotPermitted,
                       "Cannot import since found existing subjects");
    }
    return Planned<Mode>{{StoreRecord{modeKey(subject), json{{"mode", modeName(*m)}}.dump()}}, *m};
}

}  // namespace plexus::registry

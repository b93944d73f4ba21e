#pragma once
// SchemaStore: the Schema Registry's state and rules, with no I/O.
//
// It holds subjects, their versions, global schema ids, compatibility
// configs and modes exactly as Confluent Schema Registry keeps them, and it
// is rebuilt by replaying the records of the `_schemas` topic, whose keys and
// values use Confluent's JSON layout (keytype SCHEMA, CONFIG, MODE,
// DELETE_SUBJECT, CLEAR_SUBJECT, NOOP; a null value deletes a key), so a
// `_schemas` topic written by one is readable by the other.
//
// Writes are planned, not applied: an operation checks everything, returns
// the records to append to `_schemas` and the answer to give. The caller
// appends the records durably and only then calls apply() on each, in
// order; until then nothing changed. That keeps one path for writes and
// replay, and a failed append loses nothing.
//
// Schema parsing, canonical forms and compatibility are per type and come
// from a SchemaTypes object (AVRO, JSON, PROTOBUF), so the store does not
// depend on any schema library. The types it shares with the schema
// libraries (SchemaInput, Reference, Level, Canonical, SchemaTypes) are in
// schema_model.h.
//
// Threading: not synchronized; one owner (the registry's strand) uses it.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "broker/registry/schema_model.h"

namespace plexus::registry {

/// Confluent's error codes (the `error_code` of an error response) with
/// the HTTP status each is sent with.
enum class ErrorCode : int {
    SubjectNotFound = 40401,
    VersionNotFound = 40402,
    SchemaNotFound = 40403,
    SubjectSoftDeleted = 40404,
    SubjectNotSoftDeleted = 40405,
    SchemaVersionSoftDeleted = 40406,
    SchemaVersionNotSoftDeleted = 40407,
    SubjectLevelCompatibilityNotConfigured = 40408,
    SubjectLevelModeNotConfigured = 40409,
    IncompatibleSchema = 409,
    InvalidSchema = 42201,
    InvalidVersion = 42202,
    InvalidCompatibilityLevel = 42203,
    InvalidMode = 42204,
    OperationNotPermitted = 42205,
    ReferenceExists = 42206,
    StoreError = 50001,
};
int httpStatus(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
};

template <class T> using Outcome = std::variant<T, Error>;
template <class T> bool ok(const Outcome<T>& o) { return o.index() == 0; }

/// One version of a subject.
struct SchemaVersion {
    std::string subject;
    int version = 0;
    int id = 0;
    std::string type;
    std::string schema;  ///< as registered
    std::vector<Reference> references;
    bool deleted = false;
};

/// One record for `_schemas`: key and value JSON; no value = tombstone.
struct StoreRecord {
    std::string key;
    std::optional<std::string> value;
};

template <class T> struct Planned {
    std::vector<StoreRecord> records;  ///< append these, then apply() each
    T answer;
};

std::optional<Level> parseLevel(const std::string& s);
std::string levelName(Level l);

enum class Mode { ReadWrite, ReadOnly, Import };
std::optional<Mode> parseMode(const std::string& s);
std::string modeName(Mode m);

class SchemaStore {
public:
    explicit SchemaStore(SchemaTypes types);

    // ---- replay
    /// Applies one `_schemas` record. Unknown or malformed records are
    /// skipped (with a reason) so one bad record cannot stop a node from
    /// starting; the caller logs the reason.
    std::optional<std::string> apply(const StoreRecord& record);

    // ---- reads
    std::vector<std::string> subjects(bool includeDeleted, const std::string& prefix = {}) const;
    Outcome<std::vector<int>> versions(const std::string& subject, bool includeDeleted) const;
    /// `version` is a number, "latest" or "-1".
    Outcome<SchemaVersion> version(const std::string& subject, const std::string& version, bool includeDeleted) const;
    Outcome<SchemaVersion> schemaById(int id) const;
    Outcome<std::vector<std::pair<std::string, int>>> versionsForId(int id, bool includeDeleted) const;
    /// The version of `subject` holding `input`, if registered there.
    Outcome<SchemaVersion> lookup(const std::string& subject, const SchemaInput& input, bool includeDeleted) const;
    /// Versions that reference subject/version (for /referencedby).
    std::vector<int> referencedBy(const std::string& subject, int version) const;
    /// Whether a live (not soft-deleted) version of `subject` has schema `id`.
    bool hasLiveId(const std::string& subject, int id) const;
    /// The texts of the schemas `refs` name, and of those they reference in
    /// turn, by reference name; on a missing direct one, `error` says which
    /// and the map is empty.
    std::map<std::string, std::string> resolve(const std::vector<Reference>& refs, std::string* error) const;

    Outcome<Level> config(const std::optional<std::string>& subject, bool defaultToGlobal) const;
    Outcome<Mode> mode(const std::optional<std::string>& subject, bool defaultToGlobal) const;
    const std::vector<std::string>& typeNames() const { return m_types.names; }
    int maxId() const { return m_maxId; }
    /// Changes whenever a schema version is added, changed or removed (for caches).
    uint64_t generation() const { return m_generation; }

    // ---- writes (planned)
    /// Register `input` under `subject`: the id of an identical schema
    /// already registered there, else a new version with the id of an
    /// identical schema elsewhere, else the next id. Checks mode, parse and
    /// compatibility at the subject's effective level. In IMPORT mode the
    /// caller may give the id and version (a migration keeps its ids); an
    /// id that already names another schema, or a version that already
    /// holds another one, is refused; compatibility is not checked.
    Outcome<Planned<int>> registerSchema(const std::string& subject, const SchemaInput& input);
    /// Compatibility of `input` with one version ("latest" or a number) or
    /// with every version the subject's level looks at (`version` empty).
    Outcome<std::vector<std::string>> testCompatibility(const std::string& subject, const std::string& version,
                                                        const SchemaInput& input) const;
    Outcome<Planned<int>> deleteVersion(const std::string& subject, const std::string& version, bool permanent);
    Outcome<Planned<std::vector<int>>> deleteSubject(const std::string& subject, bool permanent);
    Outcome<Planned<Level>> setConfig(const std::optional<std::string>& subject, const std::string& level);
    Outcome<Planned<Level>> deleteConfig(const std::optional<std::string>& subject);
    Outcome<Planned<Mode>> setMode(const std::optional<std::string>& subject, const std::string& mode);

    // ---- record layout (Confluent's)
    static std::string schemaKey(const std::string& subject, int version);
    static std::string configKey(const std::optional<std::string>& subject);
    static std::string modeKey(const std::optional<std::string>& subject);
    static std::string deleteSubjectKey(const std::string& subject);

private:
    struct Stored {
        SchemaVersion v;
        std::string canonical;  ///< empty if the type could not canonicalize it at replay
    };
    const Stored* find(const std::string& subject, int version) const;
    void unholdId(int id, const std::string& subject, int version);
    std::string canonicalOf(const SchemaInput& input, std::string* error) const;
    static std::string valueJson(const SchemaVersion& v);
    static std::string inputKey(const std::string& type, const std::string& canonical, const std::vector<Reference>& refs);

    SchemaTypes m_types;
    std::map<std::string, std::map<int, Stored>> m_subjects;
    std::map<std::string, int> m_idByContent;  ///< inputKey -> id (the first id given to that content)
    std::map<int, std::set<std::pair<std::string, int>>> m_holders;  ///< id -> the (subject, version)s stored with it
    std::map<int, std::string> m_contentById;  ///< id -> inputKey; never erased, so an id never changes meaning
    std::map<std::string, Level> m_configs;  ///< "" = global
    std::map<std::string, Mode> m_modes;     ///< "" = global
    int m_maxId = 0;
    uint64_t m_generation = 0;
};

}  // namespace plexus::registry

#pragma once
// Broker-side schema validation: whether a record's key or value may be
// written to a topic whose `confluent.key.schema.validation` or
// `confluent.value.schema.validation` is on.
//
// A value passes when it is framed as magic byte 0 + a schema id (see
// schema_codec.h), that id is registered (live) under the subject the
// topic's subject name strategy gives, and the payload decodes by that
// schema (Avro: binary decoding consuming every byte; JSON: valid JSON that
// validates; Protobuf: the message indexes and bytes parse). A null key or
// value (a tombstone) carries no data and passes.
//
// Subject name strategies: broker/common/subject_strategy.h.
//
// Parsed schemas, and ids that cannot be used, are cached by id (a schema
// id always names the same schema; an unknown id is looked up again after
// the store changed, so one registered later is found); whether the id is still live under the subject is asked of the
// store for every record, so a deleted version stops passing at once.
//
// Threading: reads the SchemaStore, so it is used on the store's thread
// (the network thread) only.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "broker/common/subject_strategy.h"
#include "broker/registry/schema_codec.h"
#include "broker/registry/schema_store.h"

namespace plexus::registry {

using plexus::parseSubjectStrategy;
using plexus::SubjectStrategy;

class RecordValidator {
public:
    explicit RecordValidator(const SchemaStore& store) : m_store(store) {}

    /// Why `data` may not be the key (`isKey`) or value of a record of
    /// `topic`; nullopt when it may.
    std::optional<std::string> check(const std::string& topic, bool isKey, SubjectStrategy strategy,
                                     const std::optional<std::string_view>& data);

    /// Whether a check since the last resetMisses() failed only for want of
    /// a schema (an id not registered, or not under the subject): a store
    /// that follows a replicated `_schemas` may learn it a moment later.
    bool missedSchema() const { return m_missed; }
    void resetMisses() { m_missed = false; }

private:
    struct Cached {
        std::shared_ptr<const PayloadSchema> schema;  ///< null: `error` says why the id cannot be used
        std::string error;
        uint64_t generation = 0;  ///< the store's, when `error` was found (an id registered later is looked up again)
    };
    const Cached& schema(int id);

    const SchemaStore& m_store;
    bool m_missed = false;
    std::map<int, Cached> m_cache;  ///< by id, failures too; the oldest entry goes first when full
    std::deque<int> m_order;
};

}  // namespace plexus::registry

#pragma once
// What a cluster operation can fail with (the controller, partition
// replicas, calls between nodes), as std::error_code values of the
// "replication" category. The Kafka handlers turn them into wire errors in
// one place (handlers/errors.h); retriable() says which ones a forwarding
// node retries itself until its deadline.
#include <string>
#include <system_error>

#include <nlohmann/json_fwd.hpp>

namespace plexus::replication {

enum class Errc {
    NoControllerLeader = 1,    ///< no controller leader is elected (retriable)
    NotControllerLeader,       ///< the node asked is not the controller leader (retriable)
    ProposalRefused,           ///< Raft did not take the entry (retriable)
    ShuttingDown,
    TimedOut,                  ///< no answer before the deadline
    Unreachable,               ///< the node could not be called
    MalformedRequest,
    TopicExists,
    UnknownTopic,
    UnknownPartition,
    InvalidReplicationFactor,
    InvalidReplicaAssignment,  ///< bad replica lists, or nodes that are not registered
    InvalidPartitions,
    UnknownNode,
    NotLeader,
    NodesRegistering,          ///< too few nodes for the request while seeds are still registering (retriable)
};

const std::error_category& category();
inline std::error_code make_error_code(Errc e) { return {static_cast<int>(e), category()}; }
/// Whether a submit() retries the error itself until its deadline.
bool retriable(std::error_code code);

/// A code sent between nodes: {"category": name, "value": n}; null for none.
nlohmann::json codeToJson(std::error_code code);
/// The code of codeToJson(); an unknown category gives the empty code.
std::error_code codeFromJson(const nlohmann::json& j);

}  // namespace plexus::replication

template <> struct std::is_error_code_enum<plexus::replication::Errc> : std::true_type {};

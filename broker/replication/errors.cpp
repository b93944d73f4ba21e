#include "broker/replication/errors.h"

#include "broker/common/error_category.h"

#include <nlohmann/json.hpp>

#include "broker/storage/errors.h"

namespace plexus::replication {

const std::error_category& category() {
    static const TableCategory c("replication", TableCategory::Messages<Errc>{
        {Errc::NoControllerLeader, "no controller leader"},
        {Errc::NotControllerLeader, "not the controller leader"},
        {Errc::ProposalRefused, "proposal refused"},
        {Errc::ShuttingDown, "shutting down"},
        {Errc::TimedOut, "timed out"},
        {Errc::Unreachable, "node unreachable"},
        {Errc::MalformedRequest, "malformed request"},
        {Errc::TopicExists, "topic exists"},
        {Errc::UnknownTopic, "unknown topic"},
        {Errc::UnknownPartition, "unknown partition"},
        {Errc::InvalidReplicationFactor, "invalid replication factor"},
        {Errc::InvalidReplicaAssignment, "invalid replica assignment"},
        {Errc::InvalidPartitions, "invalid partition count"},
        {Errc::UnknownNode, "unknown node"},
        {Errc::NotLeader, "not the leader"},
        {Errc::NodesRegistering, "seed nodes still registering"},
    });
    return c;
}

bool retriable(std::error_code code) {
    return code == Errc::NoControllerLeader || code == Errc::NotControllerLeader || code == Errc::ProposalRefused ||
           code == Errc::Unreachable || code == Errc::NodesRegistering;
}

nlohmann::json codeToJson(std::error_code code) {
    if (!code) return nullptr;
    return {{"category", code.category().name()}, {"value", code.value()}};
}

std::error_code codeFromJson(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("category") || !j.contains("value") || !j["category"].is_string() ||
        !j["value"].is_number_integer())
        return {};
    const auto name = j["category"].get<std::string>();
    const int value = j["value"].get<int>();
    if (name == category().name()) return {value, category()};
    if (name == storage::category().name()) return {value, storage::category()};
    return {};
}

}  // namespace plexus::replication

#include "broker/replication/errors.h"

#include <nlohmann/json.hpp>

#include "broker/storage/errors.h"

namespace plexus::replication {

namespace {
class Category : public std::error_category {
public:
    const char* name() const noexcept override { return "replication"; }
    std::string message(int v) const override {
        switch (static_cast<Errc>(v)) {
        case Errc::NoControllerLeader: return "no controller leader";
        case Errc::NotControllerLeader: return "not the controller leader";
        case Errc::ProposalRefused: return "proposal refused";
        case Errc::ShuttingDown: return "shutting down";
        case Errc::TimedOut: return "timed out";
        case Errc::Unreachable: return "node unreachable";
        case Errc::MalformedRequest: return "malformed request";
        case Errc::TopicExists: return "topic exists";
        case Errc::UnknownTopic: return "unknown topic";
        case Errc::UnknownPartition: return "unknown partition";
        case Errc::InvalidReplicationFactor: return "invalid replication factor";
        case Errc::InvalidReplicaAssignment: return "invalid replica assignment";
        case Errc::InvalidPartitions: return "invalid partition count";
        case Errc::UnknownNode: return "unknown node";
        case Errc::NotLeader: return "not the leader";
        }
        return "replication error " + std::to_string(v);
    }
};
}  // namespace

const std::error_category& category() {
    static const Category c;
    return c;
}

bool retriable(std::error_code code) {
    return code == Errc::NoControllerLeader || code == Errc::NotControllerLeader || code == Errc::ProposalRefused ||
           code == Errc::Unreachable;
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

#include "broker/services/errors.h"

#include <string>

namespace plexus::services {

namespace {
class Category final : public std::error_category {
public:
    const char* name() const noexcept override { return "services"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
        case Errc::InternalTopic: return "internal topic";
        case Errc::InternalTopicPartitions: return "internal topic's partition count";
        case Errc::InvalidReplicationFactor: return "invalid replication factor";
        case Errc::InvalidReplicaAssignment: return "invalid replica assignment";
        case Errc::InvalidRequest: return "invalid request";
        }
        return "services error " + std::to_string(value);
    }
};
}  // namespace

const std::error_category& category() {
    static const Category c;
    return c;
}

}  // namespace plexus::services

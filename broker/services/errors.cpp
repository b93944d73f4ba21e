#include "broker/services/errors.h"

#include "broker/common/error_category.h"

namespace plexus::services {

const std::error_category& category() {
    static const TableCategory c("services", TableCategory::Messages<Errc>{
        {Errc::InternalTopic, "internal topic"},
        {Errc::InternalTopicPartitions, "internal topic's partition count"},
        {Errc::InvalidReplicationFactor, "invalid replication factor"},
        {Errc::InvalidReplicaAssignment, "invalid replica assignment"},
        {Errc::InvalidRequest, "invalid request"},
    });
    return c;
}

}  // namespace plexus::services

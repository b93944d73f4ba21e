#pragma once
// What the partition and topic services refuse on their own (before any
// storage or controller call), as std::error_code values of the "services"
// category. handlers/errors.h maps them to Kafka wire errors.
#include <system_error>

namespace plexus::services {

enum class Errc {
    InternalTopic = 1,         ///< clients may not write, delete or repartition an internal topic
    InternalTopicPartitions,   ///< an internal topic's partition count cannot change
    InvalidReplicationFactor,
    InvalidReplicaAssignment,
    InvalidRequest,            ///< contradicting or unsupported arguments
};

const std::error_category& category();
inline std::error_code make_error_code(Errc e) { return {static_cast<int>(e), category()}; }

}  // namespace plexus::services

template <> struct std::is_error_code_enum<plexus::services::Errc> : std::true_type {};

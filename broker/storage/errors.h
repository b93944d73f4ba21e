#pragma once
// What storage operations on topics can fail with, as std::error_code values
// of the "storage" category, for callers that act on the kind of failure
// (the controller validating a command, the Kafka handlers answering with a
// wire error through handlers/errors.h).
#include <system_error>

namespace plexus::storage {

enum class Errc {
    InvalidTopicName = 1,
    InvalidConfig,
    TopicExists,
    UnknownTopic,
    InvalidPartitions,
    Io,  ///< reading or writing a file or LevelDB failed
};

const std::error_category& category();
inline std::error_code make_error_code(Errc e) { return {static_cast<int>(e), category()}; }

}  // namespace plexus::storage

template <> struct std::is_error_code_enum<plexus::storage::Errc> : std::true_type {};

#pragma once
// The one place where the broker's coded errors (std::error_code values of
// the replication and storage categories, carried by Status) become Kafka
// wire errors. Handlers call kafkaError(); no module below them knows the
// wire codes, and nothing here reads an error's message.
#include <system_error>

#include "broker/common/result.h"
#include "broker/protocol/error_code.h"

namespace plexus::handlers {

/// The Kafka error for a failed operation. `fallback` answers an error
/// without a code (or one this mapping does not know).
protocol::ErrorCode kafkaError(std::error_code code, protocol::ErrorCode fallback = protocol::ErrorCode::UnknownServerError);
inline protocol::ErrorCode kafkaError(const Status& s, protocol::ErrorCode fallback = protocol::ErrorCode::UnknownServerError) {
    return s ? protocol::ErrorCode::None : kafkaError(s.code(), fallback);
}

}  // namespace plexus::handlers

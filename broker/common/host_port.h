#pragma once
// "HOST:PORT" addresses: the one parser for listener settings, seed lists,
// node registrations in the controller's state and the RPC address a peer
// announces in its Hello.
#include <cstdint>
#include <string>
#include <string_view>

#include "broker/common/result.h"

namespace plexus {

struct HostPort {
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string str() const { return host + ":" + std::to_string(port); }
};

enum class PortZero { Allowed, Refused };

/// Parses HOST:PORT. The port follows the last colon: 1 to 5 decimal digits,
/// at most 65535, and 0 only with PortZero::Allowed (a listener's "any free
/// port"; an address to connect to needs a real one). An IPv6 host in
/// brackets ("[::1]:9092") loses them. The host must not be empty. Errors
/// start with the quoted text and say what is wrong with it.
inline Result<HostPort> parseHostPort(std::string_view text, PortZero zero = PortZero::Allowed) {
    const std::string quoted = "'" + std::string(text) + "'";
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return Status::error(quoted + " is not HOST:PORT");
    const std::string_view digits = text.substr(colon + 1);
    if (digits.empty() || digits.size() > 5) return Status::error(quoted + " has a port that is not a number from 0 to 65535");
    uint32_t port = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return Status::error(quoted + " has a port that is not a number from 0 to 65535");
        port = port * 10 + static_cast<uint32_t>(c - '0');
    }
    if (port > 65535) return Status::error(quoted + " has a port that is not a number from 0 to 65535");
    if (port == 0 && zero == PortZero::Refused) return Status::error(quoted + " needs a port other than 0");
    HostPort hp;
    hp.host = std::string(text.substr(0, colon));
    if (hp.host.size() > 2 && hp.host.front() == '[' && hp.host.back() == ']') hp.host = hp.host.substr(1, hp.host.size() - 2);
    hp.port = static_cast<uint16_t>(port);
    return hp;
}

}  // namespace plexus

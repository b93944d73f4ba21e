#pragma once
// Opening a listening socket for one of the node's servers (Kafka, admin).
// Network thread.
#include <boost/asio/ip/tcp.hpp>

#include "broker/common/result.h"
#include "broker/server/config.h"

namespace plexus::server {

/// Opens, binds and listens on `addr` (port 0 picks a free port) and stores
/// the bound address in `bound`. Errors name `what` and the address.
Status bindAndListen(boost::asio::ip::tcp::acceptor& acceptor, const HostPort& addr, const char* what, HostPort& bound);

}  // namespace plexus::server

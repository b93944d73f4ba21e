#pragma once
// Listener: a listening socket and its accept loop, the one used by every
// server of the node (Kafka, admin HTTP, Schema Registry, and the REST
// surfaces to come). Each accepted connection is handed to the server's
// callback; a failed accept is logged and the loop goes on; stop() closes
// the socket and ends the loop.
//
// Threading: network thread (the io_context the listener was made with).
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "broker/common/result.h"
#include "broker/server/config.h"

namespace plexus::server {

/// Opens, binds and listens on `addr` (port 0 picks a free port) and stores
/// the bound address in `bound`. Errors name `what` and the address.
Status bindAndListen(boost::asio::ip::tcp::acceptor& acceptor, const HostPort& addr, const char* what, HostPort& bound);

class Listener {
public:
    /// `what` names the server in errors and logs ("Kafka", "admin HTTP").
    Listener(boost::asio::io_context& io, std::string what);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    /// Binds `addr`; the bound address goes to `bound`.
    Status listen(const HostPort& addr, HostPort& bound);
    /// Accepts until stop(), calling `onConnection` with each new socket.
    void start(std::function<void(boost::asio::ip::tcp::socket)> onConnection);
    void stop();
    boost::asio::io_context& io() { return m_io; }

private:
    boost::asio::io_context& m_io;
    std::string m_what;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::shared_ptr<bool> m_stopped = std::make_shared<bool>(false);
};

}  // namespace plexus::server

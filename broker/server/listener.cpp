#include "broker/server/listener.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace plexus::server {

Status bindAndListen(boost::asio::ip::tcp::acceptor& acceptor, const HostPort& addr, const char* what, HostPort& bound) {
    namespace asio = boost::asio;
    using asio::ip::tcp;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(addr.host, ec);
    if (ec) return Status::error(std::string(what) + " address '" + addr.host + "' is not an IP address: " + ec.message());
    tcp::endpoint ep(address, addr.port);
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Status::error(std::string("cannot listen for ") + what + " on " + addr.str() + ": " + ec.message());
    auto local = acceptor.local_endpoint(ec);
    if (ec) return Status::error(std::string("cannot read the bound ") + what + " address: " + ec.message());
    bound = HostPort{local.address().to_string(), local.port()};
    return Status::ok();
}

}  // namespace plexus::server

namespace plexus::server {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, std::string what) : m_io(io), m_what(std::move(what)), m_acceptor(io) {}

Listener::~Listener() { stop(); }

Status Listener::listen(const HostPort& addr, HostPort& bound) { return bindAndListen(m_acceptor, addr, m_what.c_str(), bound); }

void Listener::start(std::function<void(tcp::socket)> onConnection) {
    asio::co_spawn(
        m_io,
        [](Listener* self, std::shared_ptr<bool> stopped, std::function<void(tcp::socket)> handOver) -> asio::awaitable<void> {
            for (;;) {
                boost::system::error_code ec;
                tcp::socket sock = co_await self->m_acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
                if (*stopped || ec == asio::error::operation_aborted) co_return;
                if (ec) {
                    spdlog::warn("{}: accept failed: {}", self->m_what, ec.message());
                    continue;
                }
                handOver(std::move(sock));
            }
        }(this, m_stopped, std::move(onConnection)),
        asio::detached);
}

void Listener::stop() {
    *m_stopped = true;
    boost::system::error_code ec;
    m_acceptor.close(ec);
}

}  // namespace plexus::server

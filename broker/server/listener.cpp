#include "broker/server/listener.h"

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

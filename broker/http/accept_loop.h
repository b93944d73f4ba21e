#pragma once
// The accept loop shared by the node's HTTP servers: accepts on `acceptor`
// until it is closed or `stopped` is set, and runs `serve(socket)` (which
// returns an asio::awaitable<void>) as its own coroutine per connection.
// Network thread. `serve` must not be a coroutine lambda with captures: it
// is called, and its result spawned, while the loop's frame owns it.
#include <memory>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace plexus::http {

template <class Serve>
void spawnAcceptLoop(boost::asio::io_context& io, boost::asio::ip::tcp::acceptor& acceptor, std::shared_ptr<bool> stopped,
                     Serve serve) {
    namespace asio = boost::asio;
    asio::co_spawn(io, [&io, &acceptor, stopped = std::move(stopped), serve = std::move(serve)]() -> asio::awaitable<void> {
        for (;;) {
            boost::system::error_code ec;
            auto sock = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (*stopped || ec == asio::error::operation_aborted) co_return;
            if (ec) continue;
            asio::co_spawn(io, serve(std::move(sock)), asio::detached);
        }
    }, asio::detached);
}

}  // namespace plexus::http

#include "broker/http/http_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>

namespace plexus::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

HttpServer::HttpServer(asio::io_context& io, std::string what, HttpOptions options, Handler handler, ErrorRenderer error)
    : m_listener(io, std::move(what)), m_options(options), m_handler(std::move(handler)), m_error(std::move(error)) {}

void HttpServer::start() {
    m_listener.start([this, stopped = m_stopped](tcp::socket sock) {
        asio::co_spawn(m_listener.io(), serve(this, stopped, std::move(sock)), asio::detached);
    });
}

void HttpServer::stop() {
    *m_stopped = true;
    m_listener.stop();
}

asio::awaitable<HttpResponse> HttpServer::ready(HttpResponse response) { co_return response; }

asio::awaitable<void> HttpServer::serve(HttpServer* self, std::shared_ptr<bool> stopped, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(self->m_options.bodyLimit);
        parser.header_limit(static_cast<uint32_t>(self->m_options.headerLimit));
        stream.expires_after(self->m_options.idleTimeout);
        boost::system::error_code ec;
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (*stopped) break;
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout) break;
        if (ec) {
            HttpResponse res = self->m_error(400, "malformed HTTP request: " + ec.message());
            res.keep_alive(false);
            co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            break;
        }
        HttpRequest req = parser.release();
        HttpResponse res = co_await self->m_handler(req);
        if (*stopped) break;
        if (req.method() == bhttp::verb::head) res.body().clear();
        const bool keep = res.keep_alive();
        co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !keep) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace plexus::http

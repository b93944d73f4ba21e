#pragma once
// HttpServer: the one HTTP/1.1 serving loop of the node, on Boost.Beast,
// shared by the admin API, the Schema Registry and the REST surfaces to
// come. It listens (server::Listener), reads each request within the body
// and header limits and the idle timeout, hands it to the server's handler,
// writes the answer (no body for HEAD) and keeps the connection open while
// both sides want it. A request it cannot parse gets 400 with the server's
// own error layout, and the connection is closed.
//
// Threading: network thread. The handler runs there and may suspend (a
// coroutine); requests on one connection are answered in order.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <utility>  // before Asio's awaitable.hpp, which uses std::exchange

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>

#include "broker/common/result.h"
#include "broker/server/listener.h"

namespace plexus::http {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

struct HttpOptions {
    size_t bodyLimit = 64 * 1024;
    size_t headerLimit = 16 * 1024;
    std::chrono::seconds idleTimeout{30};
};

class HttpServer {
public:
    /// Answers one request. The request stays alive until the answer is returned.
    using Handler = std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&)>;
    /// The answer to a request that could not be parsed (status, message),
    /// in the server's own error layout.
    using ErrorRenderer = std::function<HttpResponse(unsigned status, const std::string& message)>;

    HttpServer(boost::asio::io_context& io, std::string what, HttpOptions options, Handler handler, ErrorRenderer error);

    Status listen(const server::HostPort& addr, server::HostPort& bound) { return m_listener.listen(addr, bound); }
    void start();
    void stop();

    /// A handler for a synchronous route: wraps its answer in a coroutine.
    static boost::asio::awaitable<HttpResponse> ready(HttpResponse response);

private:
    static boost::asio::awaitable<void> serve(HttpServer* self, std::shared_ptr<bool> stopped, boost::asio::ip::tcp::socket socket);

    server::Listener m_listener;
    HttpOptions m_options;
    Handler m_handler;
    ErrorRenderer m_error;
    std::shared_ptr<bool> m_stopped = std::make_shared<bool>(false);
};

}  // namespace plexus::http

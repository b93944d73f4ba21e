#include "broker/http/admin_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "broker/common/version.h"
#include "broker/server/listener.h"

namespace plexus::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

using Response = bhttp::response<bhttp::string_body>;

Response jsonResponse(bhttp::status status, const nlohmann::json& body, unsigned version, bool keepAlive) {
    Response res{status, version};
    res.set(bhttp::field::server, "plexusd");
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(keepAlive);
    res.body() = body.dump() + "\n";
    res.prepare_payload();
    return res;
}

double uptimeSeconds(server::Broker& b) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - b.startedAt()).count();
}

Response route(server::Broker& b, const bhttp::request<bhttp::string_body>& req) {
    const bool ka = req.keep_alive();
    const unsigned v = req.version();
    std::string target(req.target());
    if (auto q = target.find('?'); q != std::string::npos) target.resize(q);
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        auto res = jsonResponse(bhttp::status::method_not_allowed,
                                {{"error_code", 405}, {"message", "only GET is served on " + target}}, v, ka);
        res.set(bhttp::field::allow, "GET, HEAD");
        return res;
    }
    if (target == "/v1/health") {
        if (b.ready) return jsonResponse(bhttp::status::ok, {{"status", "ready"}}, v, ka);
        return jsonResponse(bhttp::status::service_unavailable, {{"status", "starting"}}, v, ka);
    }
    if (target == "/v1/node") {
        nlohmann::json j = {
            {"node_id", b.config().nodeId},
            {"version", kVersion},
            {"git_revision", kGitRevision},
            {"uptime_seconds", uptimeSeconds(b)},
            {"data_dir", std::filesystem::absolute(b.config().dataDir).lexically_normal().string()},
            {"cluster_id", b.clusterId()},
            {"listeners", {{"kafka", b.kafkaBound.str()}, {"admin", b.adminBound.str()}}},
            {"config", b.config().asMap()},
        };
        return jsonResponse(bhttp::status::ok, j, v, ka);
    }
    if (target == "/metrics") {
        Response res{bhttp::status::ok, v};
        res.set(bhttp::field::server, "plexusd");
        res.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.keep_alive(ka);
        res.body() = AdminServer::renderMetrics(b);
        res.prepare_payload();
        return res;
    }
    return jsonResponse(bhttp::status::not_found, {{"error_code", 404}, {"message", "no resource at " + target}}, v, ka);
}

asio::awaitable<void> serve(server::Broker& b, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024);
        parser.header_limit(16 * 1024);
        stream.expires_after(std::chrono::seconds(30));
        boost::system::error_code ec;
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout) break;
        if (ec) {
            auto res = jsonResponse(bhttp::status::bad_request, {{"error_code", 400}, {"message", "malformed HTTP request: " + ec.message()}}, 11, false);
            co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            break;
        }
        auto req = parser.release();
        Response res = route(b, req);
        if (req.method() == bhttp::verb::head) res.body().clear();
        bool keep = res.keep_alive();
        co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !keep) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

AdminServer::AdminServer(server::Broker& broker) : m_broker(broker), m_acceptor(broker.io()) {}

AdminServer::~AdminServer() { stop(); }

Status AdminServer::listen(const server::HostPort& addr) {
    return server::bindAndListen(m_acceptor, addr, "admin HTTP", m_broker.adminBound);
}

void AdminServer::start() {
    asio::co_spawn(m_broker.io(), [this, stopped = m_stopped]() -> asio::awaitable<void> {
        for (;;) {
            boost::system::error_code ec;
            tcp::socket sock = co_await m_acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (*stopped || ec == asio::error::operation_aborted) co_return;
            if (ec) continue;
            asio::co_spawn(m_broker.io(), serve(m_broker, std::move(sock)), asio::detached);
        }
    }, asio::detached);
}

void AdminServer::stop() {
    *m_stopped = true;
    boost::system::error_code ec;
    m_acceptor.close(ec);
}

std::string AdminServer::renderMetrics(server::Broker& b) {
    std::string out;
    out.reserve(16 * 1024);
    b.metrics().render(out);
    out += "# HELP plexus_partition_high_watermark Offset one past the last durable record.\n"
           "# TYPE plexus_partition_high_watermark gauge\n";
    std::string starts = "# HELP plexus_partition_log_start_offset First offset still stored.\n"
                         "# TYPE plexus_partition_log_start_offset gauge\n";
    std::string sizes = "# HELP plexus_partition_size_bytes Record batch bytes stored.\n"
                        "# TYPE plexus_partition_size_bytes gauge\n";
    int64_t total = 0;
    for (const auto& t : b.logs().topics()) {
        for (int32_t p = 0; p < t.partitionCount; ++p) {
            auto log = b.logs().partition(t.name, p);
            if (!log) continue;
            std::string labels = "{topic=\"" + t.name + "\",partition=\"" + std::to_string(p) + "\"} ";
            out += "plexus_partition_high_watermark" + labels + std::to_string(log->highWatermark()) + "\n";
            starts += "plexus_partition_log_start_offset" + labels + std::to_string(log->logStartOffset()) + "\n";
            int64_t size = log->sizeBytes();
            total += size;
            sizes += "plexus_partition_size_bytes" + labels + std::to_string(size) + "\n";
        }
    }
    out += starts;
    out += sizes;
    const int64_t disk = b.diskBytes();
    out += "# HELP plexus_storage_log_bytes Record batch bytes held by all partitions.\n"
           "# TYPE plexus_storage_log_bytes gauge\nplexus_storage_log_bytes " + std::to_string(total) + "\n";
    out += "# HELP plexus_storage_disk_bytes Bytes of all files in the data directory (refreshed every 2 s).\n"
           "# TYPE plexus_storage_disk_bytes gauge\nplexus_storage_disk_bytes " + std::to_string(disk) + "\n";
    auto ps = server::ProcessStats::read();
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                  "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %lld\n"
                  "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
                  "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.2f\n"
                  "# HELP process_open_fds Number of open file descriptors.\n"
                  "# TYPE process_open_fds gauge\nprocess_open_fds %lld\n"
                  "# HELP plexus_uptime_seconds Seconds since the node started.\n"
                  "# TYPE plexus_uptime_seconds gauge\nplexus_uptime_seconds %.1f\n",
                  static_cast<long long>(ps.rssBytes), ps.cpuSeconds, static_cast<long long>(ps.openFds), uptimeSeconds(b));
    out += buf;
    return out;
}

}  // namespace plexus::http

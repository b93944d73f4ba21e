#pragma once
// AdminServer: the node's HTTP admin API on Boost.Beast (default :9644).
//
//   GET /v1/health  200 {"status":"ready"} once serving, else 503
//   GET /v1/node    id, version, uptime, data dir, cluster id, listeners
//   GET /metrics    Prometheus text format (see README "Metrics")
//
// Runs on the network thread. Requests are limited to 64 KiB; anything else
// gets a JSON error with the HTTP status.
#include <list>
#include <memory>

#include "broker/common/result.h"
#include "broker/http/http_server.h"
#include "broker/server/broker.h"

namespace plexus::http {

class AdminServer {
public:
    explicit AdminServer(server::Broker& broker);
    ~AdminServer();
    Status listen(const server::HostPort& addr);
    void start();
    void stop();

    /// Renders GET /metrics (exposed for tests).
    static std::string renderMetrics(server::Broker& broker);
    /// kafka_consumergroup_* series (kafka_exporter's names), appended to `out`.
    static void renderGroupMetrics(server::Broker& broker, std::string& out);

private:
    server::Broker& m_broker;
    HttpServer m_http;
};

}  // namespace plexus::http

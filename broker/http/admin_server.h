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

namespace plexus::groups {
class GroupCoordinator;
}
namespace plexus::replication {
class ClusterManager;
}

namespace plexus::http {

/// What the admin routes read and change.
struct AdminNode {
    server::Broker& core;
    groups::GroupCoordinator& groups;
    replication::ClusterManager* cluster = nullptr;  ///< nullptr on a node alone
};

class AdminServer {
public:
    explicit AdminServer(AdminNode node);
    ~AdminServer();
    Status listen(const server::HostPort& addr);
    void start();
    void stop();

    /// Renders GET /metrics (exposed for tests).
    static std::string renderMetrics(AdminNode& node);
    /// kafka_consumergroup_* series (kafka_exporter's names), appended to `out`.
    static void renderGroupMetrics(AdminNode& node, std::string& out);

private:
    AdminNode m_node;
    HttpServer m_http;
};

}  // namespace plexus::http

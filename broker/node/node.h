#pragma once
// Node: the composition root of one plexusd node. It builds every module
// and hands each the narrow interfaces it needs, in dependency order:
//
//   Broker (config, storage, metrics)
//     -> LocalNode, or ClusterManager + ClusterServices (Replication,
//        Controller, Routing: the one place a node alone and a cluster differ)
//     -> InternalTopicWriter -> GroupCoordinator
//     -> PartitionService, TopicService
//     -> KafkaDispatcher (the handlers) -> KafkaServer; AdminServer; RegistryServer
//
// main.cpp parses arguments into a NodeConfig and runs a Node; tests run
// one in process the same way.
//
// Threading: start() and stop() before and after the network loop, or on
// the network thread; run() runs the loop on the calling thread.
#include <cstdio>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "broker/common/result.h"
#include "broker/server/authorizer.h"
#include "broker/server/config.h"

namespace plexus::server {
class Broker;
class KafkaServer;
}  // namespace plexus::server
namespace plexus::services {
class LocalNode;
class InternalTopicWriter;
class PartitionService;
class TopicService;
}  // namespace plexus::services
namespace plexus::groups {
class GroupCoordinator;
}
namespace plexus::replication {
class ClusterManager;
class ClusterServices;
}  // namespace plexus::replication
namespace plexus::handlers {
class KafkaDispatcher;
}
namespace plexus::http {
class AdminServer;
class RegistryServer;
}  // namespace plexus::http

namespace plexus::node {

class Node {
public:
    /// `io` runs the network loop (run(), or the caller's own thread).
    Node(server::NodeConfig config, boost::asio::io_context& io);
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    /// The authorize step's decision maker (before start()); allow-all by default.
    void setAuthorizer(std::unique_ptr<server::Authorizer> authorizer);
    /// With `withHttp` false only the Kafka listener is opened (in-process tests).
    void setHttp(bool withHttp) { m_withHttp = withHttp; }

    /// Opens storage, builds the modules, binds every listener and, with
    /// seeds, joins the cluster; then serves. Prints nothing.
    Status start();
    /// The listeners' "kafka HOST:PORT" lines (and rpc in a cluster), as
    /// Plexus Center and the tests read them from stdout.
    void printBound(std::FILE* out) const;
    /// Runs the network loop on a large stack until SIGINT or SIGTERM, then stop().
    void run();
    /// Stops accepting, closes sessions and the cluster's transport (network
    /// thread, or after the loop ended); the loop then runs out.
    void shutdown();
    /// After the network loop has ended: drains storage and releases every
    /// module (each before the io_context goes, as their timers need it).
    void stop();

    server::Broker& core() { return *m_core; }
    const server::NodeConfig& config() const { return m_config; }

private:
    server::NodeConfig m_config;
    boost::asio::io_context& m_io;
    bool m_withHttp = true;
    std::unique_ptr<server::Authorizer> m_authorizer;
    std::unique_ptr<server::Broker> m_core;
    std::unique_ptr<services::LocalNode> m_local;
    std::unique_ptr<replication::ClusterManager> m_cluster;
    std::unique_ptr<replication::ClusterServices> m_clusterServices;
    std::unique_ptr<services::InternalTopicWriter> m_writer;
    std::unique_ptr<groups::GroupCoordinator> m_groups;
    std::unique_ptr<services::PartitionService> m_partitions;
    std::unique_ptr<services::TopicService> m_topics;
    std::unique_ptr<handlers::KafkaDispatcher> m_dispatcher;
    std::unique_ptr<server::KafkaServer> m_kafka;
    std::unique_ptr<http::AdminServer> m_admin;
    std::unique_ptr<http::RegistryServer> m_registry;
    bool m_shutdown = false;
};

}  // namespace plexus::node

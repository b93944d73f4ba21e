#include "broker/node/node.h"

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "broker/common/large_stack.h"
#include "broker/groups/group_coordinator.h"
#include "broker/handlers/handler.h"
#include "broker/http/admin_server.h"
#include "broker/http/registry_server.h"
#include "broker/replication/cluster_manager.h"
#include "broker/replication/cluster_services.h"
#include "broker/server/broker.h"
#include "broker/server/kafka_server.h"
#include "broker/services/internal_topics.h"
#include "broker/services/local_node.h"
#include "broker/services/partition_service.h"
#include "broker/services/topic_service.h"

namespace plexus::node {

namespace {
groups::CoordinatorConfig coordinatorConfig(const server::NodeConfig& c) {
    groups::CoordinatorConfig gc;
    gc.offsetsPartitions = c.offsetsTopicPartitions;
    gc.minSessionTimeoutMs = c.groupMinSessionTimeoutMs;
    gc.maxSessionTimeoutMs = c.groupMaxSessionTimeoutMs;
    gc.initialRebalanceDelayMs = c.groupInitialRebalanceDelayMs;
    gc.maxGroupSize = c.groupMaxSize;
    gc.maxMemberMetadataBytes = c.groupMaxMemberMetadataBytes;
    gc.maxOffsetMetadataBytes = c.offsetMetadataMaxBytes;
    gc.offsetsRetentionMs = c.offsetsRetentionMs;
    gc.offsetsRetentionCheckMs = c.offsetsRetentionCheckIntervalMs;
    return gc;
}
}  // namespace

Node::Node(server::NodeConfig config, boost::asio::io_context& io)
    : m_config(std::move(config)), m_io(io), m_authorizer(std::make_unique<server::AllowAllAuthorizer>()) {}

Node::~Node() { stop(); }

void Node::setAuthorizer(std::unique_ptr<server::Authorizer> authorizer) { m_authorizer = std::move(authorizer); }

Status Node::start() {
    m_core = std::make_unique<server::Broker>(m_config, m_io);
    if (Status s = m_core->start(); !s) return s;
    const server::NodeConfig& cfg = m_core->config();

    // The one choice between a node alone and a cluster.
    services::Replication* replication = nullptr;
    services::Controller* controller = nullptr;
    services::Routing* routing = nullptr;
    if (cfg.clustered()) {
        m_cluster = std::make_unique<replication::ClusterManager>(*m_core);
        m_clusterServices =
            std::make_unique<replication::ClusterServices>(cfg, *m_cluster, m_core->logs(), m_core->kafkaBound);
        replication = m_clusterServices.get();
        controller = m_clusterServices.get();
        routing = m_clusterServices.get();
    } else {
        m_local = std::make_unique<services::LocalNode>(cfg, m_core->logs(), m_io, m_core->kafkaBound);
        replication = m_local.get();
        controller = m_local.get();
        routing = m_local.get();
    }

    m_writer = std::make_unique<services::InternalTopicWriter>(*replication);
    m_groups = std::make_unique<groups::GroupCoordinator>(*m_core, *m_writer, coordinatorConfig(cfg));
    if (m_cluster) {
        // Group state goes through the replicated __consumer_offsets, and a
        // partition's groups move with its leadership.
        m_groups->setReplicated([c = m_cluster.get()] { c->requestOffsetsTopic(); });
        m_cluster->onCoordination([g = m_groups.get()](int32_t partition, bool coordinates) {
            if (coordinates) g->becomeCoordinator(partition);
            else g->resignCoordinator(partition);
        });
    }
    if (Status s = m_groups->load(); !s) return s;

    m_partitions = std::make_unique<services::PartitionService>(cfg, m_core->logs(), *replication, *controller,
                                                                m_core->metrics());
    m_topics = std::make_unique<services::TopicService>(cfg, *controller);
    m_dispatcher = std::make_unique<handlers::KafkaDispatcher>(
        handlers::Services{*m_core, *m_authorizer, *m_partitions, *m_topics, *routing, *m_groups});
    m_kafka = std::make_unique<server::KafkaServer>(*m_core, *m_dispatcher);
    if (m_withHttp) {
        m_admin = std::make_unique<http::AdminServer>(http::AdminNode{*m_core, *m_groups, m_cluster.get()});
        m_registry = std::make_unique<http::RegistryServer>(*m_core, *m_writer, *m_partitions, m_cluster.get());
        if (Status s = m_registry->load(); !s) return s.context("schema registry: ");
    }

    if (Status s = m_kafka->listen(cfg.kafkaAddr); !s) return s;
    if (m_admin)
        if (Status s = m_admin->listen(cfg.admin); !s) return s;
    if (m_registry)
        if (Status s = m_registry->listen(cfg.registry); !s) return s;
    if (m_cluster) {
        if (Status s = m_cluster->start(); !s) return s.context("cluster: ");
        m_core->setClusterId(m_cluster->clusterId());
    }
    m_kafka->start();
    if (m_admin) m_admin->start();
    if (m_registry) m_registry->start();
    m_core->ready = true;
    return {};
}

void Node::printBound(std::FILE* out) const {
    std::fprintf(out, "kafka %s\n", m_core->kafkaBound.str().c_str());
    if (m_admin) std::fprintf(out, "admin %s\n", m_core->adminBound.str().c_str());
    if (m_registry) std::fprintf(out, "registry %s\n", m_core->registryBound.str().c_str());
    if (m_cluster) std::fprintf(out, "rpc %s\n", m_cluster->rpcBound().str().c_str());
    std::fflush(out);
}

void Node::run() {
    boost::asio::signal_set signals(m_io, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        spdlog::info("signal {} received; shutting down", sig);
        shutdown();
        m_io.stop();
    });
    auto loop = [this] {
        for (;;) {
            try {
                m_io.run();
                break;
            } catch (const std::exception& e) {
                spdlog::error("unhandled exception on the network thread: {}", e.what());
            }
        }
    };
    if (Status s = runWithStack(size_t(256) << 20, loop); !s) {
        spdlog::warn("{}; running the network loop on the main thread", s.message());
        loop();
    }
    signals.cancel();
    stop();
}

void Node::shutdown() {
    if (m_shutdown) return;
    m_shutdown = true;
    if (m_core) m_core->ready = false;
    if (m_cluster) m_cluster->stop();
    if (m_kafka) m_kafka->stop();
    if (m_admin) m_admin->stop();
    if (m_registry) m_registry->stop();
}

void Node::stop() {
    if (!m_core) return;
    shutdown();
    if (m_groups) m_groups->stop();
    m_core->stop();  // finishes queued writes; their completions are posted into io and never run
    m_registry.reset();
    m_admin.reset();
    m_kafka.reset();
    m_dispatcher.reset();
    if (m_cluster) m_cluster->onCoordination(nullptr);
    m_cluster.reset();
    m_clusterServices.reset();
    m_topics.reset();
    m_partitions.reset();
    m_groups.reset();
    m_writer.reset();
    m_local.reset();
    m_core.reset();
}

}  // namespace plexus::node

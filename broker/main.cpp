// plexusd: one Plexus broker node. See broker/README.md.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "broker/common/version.h"
#include "broker/http/admin_server.h"
#include "broker/common/large_stack.h"
#include "broker/http/registry_server.h"
#include "broker/server/broker.h"
#include "broker/server/config.h"
#include "broker/server/kafka_server.h"
#include "broker/replication/cluster_manager.h"

using namespace plexus;

int main(int argc, char** argv) {
    auto started = std::chrono::steady_clock::now();
    CLI::App app{"plexusd: a Kafka-compatible event broker node"};
    bool dev = false, version = false;
    std::string configFile, nodeId, dataDir, kafkaAddr, adminAddr, registryAddr, rpcAddr, seeds, logLevel;
    std::vector<std::string> sets;
    app.add_flag("--dev", dev, "single dev node: data in ./plexus-data, Kafka 127.0.0.1:9092, admin 127.0.0.1:9644, registry 127.0.0.1:8081");
    app.add_option("--config", configFile, "read settings from FILE (key = value lines)");
    app.add_option("--node-id", nodeId, "node id (node.id)");
    app.add_option("--data-dir", dataDir, "data directory (data.dir)");
    app.add_option("--kafka-addr", kafkaAddr, "Kafka listener HOST:PORT, port 0 picks a free port (kafka.addr)");
    app.add_option("--admin-addr", adminAddr, "admin HTTP listener HOST:PORT (admin.addr)");
    app.add_option("--registry-addr", registryAddr, "Schema Registry listener HOST:PORT (registry.addr)");
    app.add_option("--rpc-addr", rpcAddr, "node-to-node RPC listener HOST:PORT, default port 33145 (rpc.addr)");
    app.add_option("--seeds", seeds, "HOST:PORT,... RPC addresses of the controller voters; forms a replicated cluster (seeds)");
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error (log.level)");
    app.add_option("--set", sets, "any config key as KEY=VALUE; may repeat");
    app.add_flag("--version", version, "print the version and exit");
    CLI11_PARSE(app, argc, argv);
    if (version) {
        std::printf("plexusd %s (%s)\n", kVersion, kGitRevision);
        return 0;
    }

    server::NodeConfig cfg;
    if (dev) {
        cfg.dataDir = "./plexus-data";
        cfg.kafkaAddr = {"127.0.0.1", 9092};
        cfg.admin = {"127.0.0.1", 9644};
    }
    if (!configFile.empty()) {
        if (Status s = server::loadConfigFile(configFile, cfg); !s) {
            std::fprintf(stderr, "plexusd: bad config: %s\n", s.message().c_str());
            return 2;
        }
    }
    std::vector<std::pair<std::string, std::string>> flags;
    if (!nodeId.empty()) flags.emplace_back("node.id", nodeId);
    if (!dataDir.empty()) flags.emplace_back("data.dir", dataDir);
    if (!kafkaAddr.empty()) flags.emplace_back("kafka.addr", kafkaAddr);
    if (!adminAddr.empty()) flags.emplace_back("admin.addr", adminAddr);
    if (!registryAddr.empty()) flags.emplace_back("registry.addr", registryAddr);
    if (!rpcAddr.empty()) flags.emplace_back("rpc.addr", rpcAddr);
    if (!seeds.empty()) flags.emplace_back("seeds", seeds);
    if (!logLevel.empty()) flags.emplace_back("log.level", logLevel);
    for (const auto& s : sets) {
        auto eq = s.find('=');
        if (eq == std::string::npos) {
            std::fprintf(stderr, "plexusd: --set '%s' is not KEY=VALUE\n", s.c_str());
            return 2;
        }
        flags.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    for (const auto& [k, v] : flags) {
        cfg.origins.erase(k);
        if (Status s = cfg.set(k, v); !s) {
            std::fprintf(stderr, "plexusd: bad option for key '%s': %s\n", k.c_str(), s.message().c_str());
            return 2;
        }
    }

    if (Status s = cfg.validate(); !s) {
        std::fprintf(stderr, "plexusd: bad config: %s\n", s.message().c_str());
        return 2;
    }

    auto logger = spdlog::stderr_color_mt("plexusd");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(cfg.logLevel));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

    // Destruction order matters: listeners, then the io_context (its queued
    // handlers still reference sessions that report to the Broker's metrics),
    // then the Broker.
    auto io = std::make_unique<boost::asio::io_context>(1);
    auto broker = std::make_unique<server::Broker>(cfg, *io);
    if (Status s = broker->start(); !s) {
        spdlog::critical("cannot start: {}", s.message());
        return 1;
    }
    auto kafka = std::make_unique<server::KafkaServer>(*broker);
    auto admin = std::make_unique<http::AdminServer>(*broker);
    auto registry = std::make_unique<http::RegistryServer>(*broker);
    if (Status s = registry->load(); !s) {
        spdlog::critical("schema registry: {}", s.message());
        return 1;
    }
    if (Status s = kafka->listen(cfg.kafkaAddr); !s) {
        spdlog::critical("{}", s.message());
        return 1;
    }
    if (Status s = admin->listen(cfg.admin); !s) {
        spdlog::critical("{}", s.message());
        return 1;
    }
    if (Status s = registry->listen(cfg.registry); !s) {
        spdlog::critical("{}", s.message());
        return 1;
    }
    // A replicated cluster: the transport, the controller and the partition
    // groups; after the listeners so that the node registers its real addresses.
    std::unique_ptr<replication::ClusterManager> cluster;
    if (cfg.clustered()) {
        cluster = std::make_unique<replication::ClusterManager>(*broker);
        if (Status s = cluster->start(); !s) {
            spdlog::critical("cluster: {}", s.message());
            return 1;
        }
        broker->cluster = cluster.get();
        broker->setClusterId(cluster->clusterId());
    }
    kafka->start();
    admin->start();
    registry->start();
    broker->ready = true;
    std::printf("kafka %s\nadmin %s\nregistry %s\n", broker->kafkaBound.str().c_str(), broker->adminBound.str().c_str(),
                broker->registryBound.str().c_str());
    if (cluster) std::printf("rpc %s\n", cluster->rpcBound().str().c_str());
    std::fflush(stdout);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("plexusd {} node {} serving in {:.1f} ms; data in {}", kVersion, cfg.nodeId, ms, cfg.dataDir.string());
    if (dev)
        spdlog::info("try: kcat -b {} -L   |   echo hello | kcat -b {} -P -t demo   |   kcat -b {} -C -t demo -e",
                     broker->kafkaBound.str(), broker->kafkaBound.str(), broker->kafkaBound.str());

    auto signals = std::make_unique<boost::asio::signal_set>(*io, SIGINT, SIGTERM);
    signals->async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        spdlog::info("signal {} received; shutting down", sig);
        broker->ready = false;
        if (cluster) cluster->stop();
        kafka->stop();
        admin->stop();
        registry->stop();
        io->stop();
    });
    // No exception may end the node: one escaping a completion handler is
    // logged and the loop resumes (the request it belonged to is lost, the
    // connection times out on the client side).
    // The network thread gets a 256 MiB stack (see large_stack.h); if that
    // cannot be had, the main thread runs the loop.
    auto loop = [&] {
        for (;;) {
            try {
                io->run();
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
    if (cluster) cluster->stop();
    broker->stop();  // finishes queued writes; their completions are posted into io and never run
    broker->cluster = nullptr;
    cluster.reset();
    signals.reset();
    kafka.reset();
    admin.reset();
    registry.reset();
    io.reset();
    broker.reset();
    spdlog::info("stopped cleanly");
    return 0;
}

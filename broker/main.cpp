// plexusd: one Plexus broker node. See broker/README.md.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "broker/common/version.h"
#include "broker/node/node.h"
#include "broker/server/broker.h"
#include "broker/server/config.h"

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
    boost::asio::io_context io(1);
    {
        node::Node plexus(cfg, io);
        if (Status s = plexus.start(); !s) {
            spdlog::critical("cannot start: {}", s.message());
            return 1;
        }
        plexus.printBound(stdout);
        auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        spdlog::info("plexusd {} node {} serving in {:.1f} ms; data in {}", kVersion, cfg.nodeId, ms, cfg.dataDir.string());
        const std::string kafka = plexus.core().kafkaBound.str();
        if (dev) spdlog::info("try: kcat -b {} -L   |   echo hello | kcat -b {} -P -t demo   |   kcat -b {} -C -t demo -e", kafka, kafka, kafka);
        plexus.run();
    }  // every module goes before the io_context
    spdlog::info("stopped cleanly");
    return 0;
}

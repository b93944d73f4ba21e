#pragma once
// RegistryServer: the node's Schema Registry REST API, compatible with
// Confluent Schema Registry (default 127.0.0.1:8081, `registry.addr`,
// `--registry-addr`). Subjects, versions, ids, lookup, soft and permanent
// delete, config and mode, compatibility checks and schema types, with
// Confluent's JSON bodies, `error_code` values and content type.
//
// State lives in registry::SchemaStore and is stored in the internal,
// compacted topic `_schemas` (one partition) in Confluent's record layout.
// load() replays it before the node serves. A write is planned by the store,
// appended to `_schemas` (durable per the node's flush policy), and applied
// only once the append succeeded; writes run one at a time so ids and
// versions are assigned in order.
//
// Runs on the network thread, like AdminServer; the store is touched only
// there. It lends the Broker a RecordValidator over the store, which the
// produce handler (same thread) uses for topics with schema validation on. Request bodies are limited to 4 MiB.
#include <deque>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "broker/common/result.h"
#include "broker/registry/record_validator.h"
#include "broker/registry/schema_store.h"
#include "broker/server/broker.h"

namespace plexus::http {

inline constexpr char kSchemasTopic[] = "_schemas";

class RegistryServer {
public:
    explicit RegistryServer(server::Broker& broker);
    ~RegistryServer();

    /// Creates `_schemas` if missing and replays it into the store.
    Status load();
    Status listen(const server::HostPort& addr);
    void start();
    void stop();

    registry::SchemaStore& store() { return m_store; }

    // Used by the request coroutines (network thread).
    struct Impl;

private:
    server::Broker& m_broker;
    boost::asio::ip::tcp::acceptor m_acceptor;
    registry::SchemaStore m_store;
    std::unique_ptr<registry::RecordValidator> m_validator;  ///< lent to the Broker for produce
    bool m_writing = false;
    std::deque<std::shared_ptr<boost::asio::steady_timer>> m_waiters;
    std::shared_ptr<bool> m_stopped = std::make_shared<bool>(false);
};

}  // namespace plexus::http

#pragma once
// RegistryServer: the node's Schema Registry REST API, compatible with
// Confluent Schema Registry (default 127.0.0.1:8081, `registry.addr`,
// `--registry-addr`). Subjects, versions, ids, lookup, soft and permanent
// delete, config and mode, compatibility checks and schema types, with
// Confluent's JSON bodies, `error_code` values and content type.
//
// One registry per cluster. State lives in registry::SchemaStore, rebuilt
// from the internal, compacted topic `_schemas` (one partition) in
// Confluent's record layout. The store follows the topic: every node applies
// `_schemas` records up to the partition's high watermark (committed
// records, in a cluster) as they arrive, so each node serves reads from its
// replicated copy, and broker-side validation on any node sees every schema.
//
// Writes go to the node that leads `_schemas` partition 0, as Confluent's
// followers forward to the leader: a node that does not lead it forwards the
// request over node-to-node RPC (method kRegistryForwardMethod) and answers
// once its own copy has applied the write, so a client reads its own writes
// through any node. The leader runs writes one at a time, each only once its
// copy holds every committed record and nothing is in flight (so an id is
// never given twice, across failovers too): the store plans the records, the
// internal-topic writer appends them (acks=all in a cluster), and the store
// applies them when it reads them back from the log. A node that hosts no
// replica of `_schemas` forwards reads as well.
//
// On a single node `_schemas` is a local topic created at load(); in a
// cluster the controller creates it (up to 3 replicas) once every seed has
// registered.
//
// Runs on the network thread, like AdminServer; the store is touched only
// there. It lends the Broker a RecordValidator over the store, which the
// produce handler (same thread) uses for topics with schema validation on.
// Request bodies are limited to 4 MiB.
#include <deque>
#include <memory>

#include <utility>  // before Asio's awaitable.hpp, which uses std::exchange

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "broker/common/result.h"
#include "broker/http/http_server.h"
#include "broker/registry/record_validator.h"
#include "broker/registry/schema_store.h"
#include "broker/server/broker.h"
#include "broker/services/internal_topics.h"

namespace plexus::replication {
class ClusterManager;
}
namespace plexus::services {
class PartitionService;
}

namespace plexus::http {

using services::kSchemasTopic;

class RegistryServer {
public:
    /// `cluster` is nullptr on a node alone. The registry lends `partitions`
    /// its record validator for produce-time schema validation.
    RegistryServer(server::Broker& broker, services::InternalTopicWriter& writer, services::PartitionService& partitions,
                   replication::ClusterManager* cluster);
    ~RegistryServer();

    /// Single node: creates `_schemas` if missing and replays it into the
    /// store. In a cluster the replay happens as the replica catches up.
    Status load();
    Status listen(const server::HostPort& addr);
    void start();
    void stop();

    registry::SchemaStore& store() { return m_store; }
    /// The `_schemas` offset up to which the store has applied records.
    int64_t appliedOffset() const { return m_next; }

    // Used by the request coroutines (network thread).
    struct Impl;

private:
    /// Applies `_schemas` records from m_next up to the high watermark.
    void catchUp();
    void tick();
    static boost::asio::awaitable<void> awaitStore(RegistryServer* self, std::shared_ptr<bool> stopped,
                                                   std::chrono::milliseconds max, std::function<bool(bool)> attempt);

    /// Lends the validator (and, in a cluster, the wait for schemas) to produce.
    void lendValidator();

    server::Broker& m_broker;
    services::InternalTopicWriter& m_writer;
    services::PartitionService& m_partitions;
    replication::ClusterManager* m_cluster;
    HttpServer m_http;
    registry::SchemaStore m_store;
    std::unique_ptr<registry::RecordValidator> m_validator;  ///< lent to the PartitionService for produce
    int64_t m_next = 0;                       ///< next `_schemas` offset to apply
    const void* m_source = nullptr;           ///< the log m_next counts in (a new one restarts the store)
    bool m_catchUpFailed = false;             ///< logged once
    boost::asio::steady_timer m_ticker;
    bool m_writing = false;
    std::deque<std::shared_ptr<boost::asio::steady_timer>> m_waiters;
    std::shared_ptr<bool> m_stopped = std::make_shared<bool>(false);
};

}  // namespace plexus::http

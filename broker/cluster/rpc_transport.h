#pragma once
// RpcTransport: how this node's Raft groups talk to the other nodes.
//
// One transport per node. It owns an RpcServer (incoming connections) and
// one PeerLink per peer node (the one outgoing connection to that node).
// send() routes a raft::Message by its `to` field; received messages go to
// the handler. Messages of all groups between two nodes share the one
// connection; heartbeats and heartbeat responses queued for a peer within
// one io_context turn (or within heartbeatFlushInterval, when set) leave as
// one batch frame. See wire.h for the frames, peer_link.h for queueing,
// reconnecting and dropping, rpc_server.h for the checks on input.
//
// Delivery is best effort, in order per peer for non-heartbeat messages as
// long as nothing is dropped: a message may be lost (queue full, connection
// broken, peer down) and Raft retries. Nothing is delivered twice by the
// transport.
//
// Lifecycle: construct, listen(), start(), addPeer() for every other node
// (peers may be added before or after start, and before the peer itself is
// up: the link retries with backoff up to maxBackoff). stop() (also run by
// the destructor) closes everything; no handler call follows it.
//
// Threading: every member except stats() must be called on the io_context
// thread (the network thread), and the handler is called there. stats() may
// be called from any thread. The handler may call send() or stop(), but must
// not destroy the transport.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "broker/cluster/counters.h"
#include "broker/cluster/rpc_server.h"
#include "broker/common/result.h"
#include "broker/raft/codec.h"
#include "broker/raft/message.h"

namespace plexus::cluster {

class PeerLink;

struct TransportConfig {
    raft::NodeId self = raft::kNoNode;
    std::string clusterId;                           ///< peers with another id are refused
    std::string listenHost = "127.0.0.1";            ///< an IP address
    uint16_t listenPort = 0;                         ///< 0 picks a free port (see port())
    uint32_t maxFrameBytes = raft::kDefaultMaxFrameBytes;
    size_t maxQueueBytes = 16u << 20;                ///< per peer, frames not yet written
    std::chrono::milliseconds heartbeatFlushInterval{0}; ///< 0: flush on the next io_context turn
    std::chrono::milliseconds initialBackoff{20};    ///< first reconnect delay, doubled per failure
    std::chrono::milliseconds maxBackoff{1000};
    std::chrono::milliseconds connectTimeout{3000};  ///< connect + handshake of an outgoing connection
    std::chrono::milliseconds handshakeTimeout{5000}; ///< an incoming connection must say Hello within this
    std::chrono::milliseconds userTimeout{10000};    ///< unacknowledged writes fail after this (TCP_USER_TIMEOUT)
    size_t maxBatchMessages = 10000;                 ///< heartbeats per batch frame
    /// This node's RPC address as peers should dial it ("host:port"), sent in
    /// every Hello. A node that says Hello with an address is added as a peer
    /// (that is how nodes that joined later become known); empty: not sent.
    std::string advertisedAddress;
};

/// One peer as the transport sees it.
struct PeerStatus {
    raft::NodeId id = raft::kNoNode;
    std::string host;
    uint16_t port = 0;
    bool connected = false;   ///< the outgoing connection completed its handshake
    size_t queuedBytes = 0;   ///< frames waiting to be written
    size_t queuedFrames = 0;
};

class RpcTransport {
public:
    using Handler = std::function<void(raft::Message)>;
    using Reply = std::function<void(Result<std::string>)>;
    /// An incoming call: `reply` must be called once for a Request (it may be
    /// called later, from the io_context thread); for a Notify it does nothing.
    using CallHandler = std::function<void(raft::NodeId from, uint16_t method, std::string body, Reply reply)>;
    /// A node introduced itself with its address (new, or moved).
    using PeerHandler = std::function<void(raft::NodeId id, const std::string& host, uint16_t port)>;

    RpcTransport(boost::asio::io_context& io, TransportConfig config, Handler handler);
    ~RpcTransport();
    RpcTransport(const RpcTransport&) = delete;
    RpcTransport& operator=(const RpcTransport&) = delete;

    /// Binds config.listenHost:listenPort.
    Status listen();
    /// The bound port, once listen() succeeded.
    uint16_t port() const;
    /// Starts accepting connections.
    void start();
    /// Closes the server and every link. Idempotent.
    void stop();

    /// Adds a peer (or moves it to a new address, which restarts its link).
    /// Only known peers may connect to this node.
    void addPeer(raft::NodeId id, const std::string& host, uint16_t port);
    void removePeer(raft::NodeId id);

    /// Queues `message` for message.to. Dropped (and counted) when that is
    /// not a known peer, when message.from is not this node, or after stop().
    void send(raft::Message message);

    /// Sets config.advertisedAddress (once the port is bound); links added
    /// afterwards send it in their Hello.
    void setAdvertisedAddress(std::string address) { m_config.advertisedAddress = std::move(address); }
    void setCallHandler(CallHandler handler) { m_callHandler = std::move(handler); }
    void setPeerHandler(PeerHandler handler) { m_peerHandler = std::move(handler); }

    /// Sends a Request to a peer; `done` runs once on the io_context thread
    /// with the response body, the responder's error, or a timeout / unknown
    /// peer / stop error.
    void call(raft::NodeId to, uint16_t method, std::string body, std::chrono::milliseconds timeout, Reply done);
    /// A one-way Call (no response).
    void notify(raft::NodeId to, uint16_t method, std::string body);

    /// Dials host:port once and says Hello; `done` gets the peer's HelloAck
    /// (its node id) or why that failed. How a node learns the ids of its seeds.
    void probe(const std::string& host, uint16_t port, std::function<void(Result<Hello>)> done);

    /// Closes every connection, incoming and outgoing (fault injection);
    /// outgoing links reconnect.
    void resetConnections();

    bool connected(raft::NodeId peer) const;
    std::vector<PeerStatus> peers() const;
    /// Incoming connections that completed the handshake.
    size_t incomingConnections() const;

    /// Any thread.
    RpcStats stats() const { return m_counters->snapshot(); }
    const TransportConfig& config() const { return m_config; }

private:
    struct PendingCall;
    void onCall(raft::NodeId from, Call call);
    void finishCall(uint64_t id, Result<std::string> result);

    boost::asio::io_context& m_io;
    TransportConfig m_config;
    std::shared_ptr<RpcCounters> m_counters;
    std::unique_ptr<RpcServer> m_server;
    std::map<raft::NodeId, std::shared_ptr<PeerLink>> m_links;
    bool m_started = false;
    bool m_stopped = false;
    CallHandler m_callHandler;
    PeerHandler m_peerHandler;
    uint64_t m_nextCallId = 1;
    std::map<uint64_t, std::shared_ptr<PendingCall>> m_calls;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  ///< false once destroyed (probe callbacks)
};

}  // namespace plexus::cluster

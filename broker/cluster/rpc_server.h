#pragma once
// RpcServer: the receiving side of Plexus's node-to-node RPC. Accepts
// connections from peer nodes, checks each one's handshake, reads its frames
// and hands the Raft messages in them to a callback.
//
// Handshake: the first frame must be a Hello (wire.h) within
// handshakeTimeout and at most kHandshakeMaxFrameBytes long. It is refused,
// with a Reject frame, one log line and the connection closed, when the
// protocol version or the cluster id differs, when the node id is this
// node's own (a duplicate node id), or when acceptPeer() does not know the
// node. Otherwise the server answers HelloAck. A second connection from a node
// that already has one replaces the first (which is closed with a log line):
// the old one may be half-open after a network failure, and the peer only
// ever keeps one.
//
// After the handshake every frame must be a Message, HeartbeatBatch or
// MessageBatch whose messages come from that node and are addressed to this
// one, or a Call (handed to onCall with the sender's id). A length below kMinFrameBytes or above maxFrameBytes closes the
// connection before anything is allocated; a frame that does not decode, or
// a message with the wrong sender or receiver, closes it with one log line.
// Other connections are not affected.
//
// Lifecycle: listen(), then start(); stop() (also run by the destructor)
// closes the acceptor and every connection, after which no callback runs.
// Threading: everything on the io_context thread (the network thread); the
// callbacks are called there too, and may call back into the owner (send,
// stop) but must not destroy the server.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "broker/cluster/counters.h"
#include "broker/cluster/wire.h"
#include "broker/common/result.h"
#include "broker/raft/codec.h"
#include "broker/raft/message.h"

namespace plexus::cluster {

struct ServerOptions {
    raft::NodeId self = raft::kNoNode;
    std::string clusterId;
    uint32_t maxFrameBytes = raft::kDefaultMaxFrameBytes;
    std::chrono::milliseconds handshakeTimeout{5000};
    std::chrono::milliseconds userTimeout{10000}; ///< see tuneSocket() in stream.h
};

class RpcServer {
public:
    using Deliver = std::function<void(raft::Message)>;
    /// Decides on a Hello (version, cluster id and own id already checked).
    using AcceptPeer = std::function<bool(const Hello&)>;
    /// A Call frame from a handshaken node.
    using OnCall = std::function<void(raft::NodeId from, Call call)>;

    RpcServer(boost::asio::io_context& io, ServerOptions options, std::shared_ptr<RpcCounters> counters,
              AcceptPeer acceptPeer, Deliver deliver, OnCall onCall = {});
    ~RpcServer();
    RpcServer(const RpcServer&) = delete;
    RpcServer& operator=(const RpcServer&) = delete;

    /// Binds and listens on host:port (an IP address; port 0 picks a free one).
    Status listen(const std::string& host, uint16_t port);
    /// The bound port (0 before listen()).
    uint16_t port() const;
    void start();
    void stop();
    /// Closes every connection but keeps accepting (fault injection, tests).
    void closeConnections();
    /// Connections that completed the handshake.
    size_t connectionCount() const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

}  // namespace plexus::cluster

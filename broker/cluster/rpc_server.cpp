#include "broker/cluster/rpc_server.h"

#include <list>
#include <map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "broker/cluster/stream.h"
#include "broker/cluster/wire.h"

namespace plexus::cluster {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

struct Inbound {
    explicit Inbound(asio::io_context& io, tcp::socket socket)
        : stream(std::make_shared<Stream>(std::move(socket))), timer(io) {
        peer = remoteName(*stream);
    }
    std::shared_ptr<Stream> stream;
    asio::steady_timer timer;
    std::string peer;
    raft::NodeId node = raft::kNoNode;
    bool handshaken = false;
    bool timedOut = false;
    bool closed = false; ///< closed on purpose: end quietly

    void close() {
        closed = true;
        timer.cancel();
        closeStream(*stream);
    }
};

}  // namespace

struct RpcServer::State {
    State(asio::io_context& ctx, ServerOptions o, std::shared_ptr<RpcCounters> c, AcceptPeer a, Deliver d, OnCall oc)
        : io(ctx), options(std::move(o)), counters(std::move(c)), acceptPeer(std::move(a)), deliver(std::move(d)),
          onCall(std::move(oc)), acceptor(ctx) {}

    asio::io_context& io;
    ServerOptions options;
    std::shared_ptr<RpcCounters> counters;
    AcceptPeer acceptPeer;
    Deliver deliver;
    OnCall onCall;
    tcp::acceptor acceptor;
    uint16_t port = 0;
    bool stopped = false;
    std::map<raft::NodeId, std::shared_ptr<Inbound>> byNode;
    std::list<std::weak_ptr<Inbound>> all;

    // Each coroutine keeps the state alive through its `keep` parameter
    // (copied into the frame when the coroutine is created).
    asio::awaitable<void> acceptLoop(std::shared_ptr<State> keep);
    asio::awaitable<void> serve(std::shared_ptr<State> keep, std::shared_ptr<Inbound> in);
    asio::awaitable<void> refuse(Inbound& in, const std::string& why);
    void dropProtocol(Inbound& in, const std::string& why);
};

asio::awaitable<void> RpcServer::State::acceptLoop(std::shared_ptr<State> keep) {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket sock = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (stopped || ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) {
            spdlog::warn("raft rpc: accept failed: {}", ec.message());
            continue;
        }
        auto in = std::make_shared<Inbound>(io, std::move(sock));
        tuneSocket(*in->stream, options.userTimeout);
        all.remove_if([](const auto& w) { return w.expired(); });
        all.push_back(in);
        asio::co_spawn(io, serve(keep, in), asio::detached);
    }
}

/// Refuses a handshake: Reject frame, one log line, close.
asio::awaitable<void> RpcServer::State::refuse(Inbound& in, const std::string& why) {
    spdlog::warn("raft rpc: refusing connection from {}: {}", in.peer, why);
    RpcCounters::add(counters->connectionsRejected);
    const std::string frame = encodeRejectFrame(why);
    boost::system::error_code ec;
    co_await asio::async_write(*in.stream, asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
    in.close();
}

/// Closes a connection for bad input after the handshake, with one log line.
void RpcServer::State::dropProtocol(Inbound& in, const std::string& why) {
    spdlog::warn("raft rpc: closing connection from node {} at {}: {}", in.node, in.peer, why);
    RpcCounters::add(counters->connectionsRejected);
    in.close();
}

asio::awaitable<void> RpcServer::State::serve(std::shared_ptr<State> keep, std::shared_ptr<Inbound> in) {
    (void)keep;
    FrameReader reader(in->stream);

    // Handshake, bounded in time and size.
    in->timer.expires_after(options.handshakeTimeout);
    in->timer.async_wait([weak = std::weak_ptr<Inbound>(in)](boost::system::error_code ec) {
        auto c = weak.lock();
        if (ec || !c || c->handshaken || c->closed) return;
        c->timedOut = true;
        closeStream(*c->stream);
    });
    auto first = co_await reader.next(kHandshakeMaxFrameBytes);
    if (stopped || in->closed) co_return;
    if (!first.ok) {
        std::string why = in->timedOut ? "no handshake within " + std::to_string(options.handshakeTimeout.count()) + " ms"
                          : first.eof  ? std::string("closed before the handshake")
                                       : first.error + " (before the handshake)";
        spdlog::warn("raft rpc: closing connection from {}: {}", in->peer, why);
        RpcCounters::add(counters->connectionsRejected);
        in->close();
        co_return;
    }
    if (static_cast<uint8_t>(first.body[0]) != static_cast<uint8_t>(FrameKind::Hello)) {
        const auto kind = static_cast<uint8_t>(first.body[0]);
        co_await refuse(*in, std::string("expected a Hello frame, got ") + frameKindName(kind) + " (kind " +
                                 std::to_string(kind) + ")");
        co_return;
    }
    auto hello = decodeHello(first.body.substr(1));
    if (!hello.isOk()) {
        co_await refuse(*in, hello.message());
        co_return;
    }
    const Hello& h = hello.value();
    if (h.version != kProtocolVersion) {
        co_await refuse(*in, "unsupported protocol version " + std::to_string(h.version) + " (this node speaks " +
                                 std::to_string(kProtocolVersion) + ")");
        co_return;
    }
    if (h.clusterId != options.clusterId) {
        co_await refuse(*in, "wrong cluster id '" + h.clusterId + "' (this node is in '" + options.clusterId + "')");
        co_return;
    }
    if (h.node == options.self) {
        co_await refuse(*in, "duplicate node id " + std::to_string(h.node) + ": that is this node's own id");
        co_return;
    }
    if (!acceptPeer || !acceptPeer(h)) {
        co_await refuse(*in, "unknown node id " + std::to_string(h.node));
        co_return;
    }
    in->handshaken = true;
    in->timer.cancel();
    in->node = h.node;
    {
        const std::string ack = encodeHelloFrame(FrameKind::HelloAck, Hello{kProtocolVersion, options.self, options.clusterId});
        boost::system::error_code ec;
        co_await asio::async_write(*in->stream, asio::buffer(ack), asio::redirect_error(asio::use_awaitable, ec));
        if (stopped || in->closed) co_return;
        if (ec) {
            spdlog::debug("raft rpc: handshake answer to node {} at {} failed: {}", in->node, in->peer, ec.message());
            in->close();
            co_return;
        }
    }
    if (auto old = byNode.find(in->node); old != byNode.end() && old->second != in) {
        spdlog::info("raft rpc: node {} connected again from {}; closing its previous connection from {}", in->node,
                     in->peer, old->second->peer);
        old->second->close();
    }
    byNode[in->node] = in;
    RpcCounters::add(counters->connectionsAccepted);
    spdlog::info("raft rpc: node {} connected from {}", in->node, in->peer);

    for (;;) {
        auto f = co_await reader.next(options.maxFrameBytes);
        if (stopped || in->closed) break;
        if (!f.ok) {
            if (f.eof)
                spdlog::info("raft rpc: node {} at {} disconnected", in->node, in->peer);
            else
                dropProtocol(*in, f.error);
            break;
        }
        RpcCounters::add(counters->framesReceived);
        RpcCounters::add(counters->bytesReceived, f.wireBytes);
        const auto kind = static_cast<FrameKind>(f.body[0]);
        if (kind == FrameKind::Call) {
            auto call = decodeCall(std::string_view(f.body).substr(1));
            if (!call.isOk()) {
                dropProtocol(*in, "Call frame does not parse: " + call.message());
                break;
            }
            if (onCall) onCall(in->node, std::move(call.value()));
            if (stopped || in->closed) break;
            continue;
        }
        auto messages = decodeMessageFrame(f.body, options.maxFrameBytes);
        if (!messages.isOk()) {
            const bool raftKind =
                kind == FrameKind::Message || kind == FrameKind::HeartbeatBatch || kind == FrameKind::MessageBatch;
            dropProtocol(*in, raftKind ? std::string(frameKindName(static_cast<uint8_t>(kind))) +
                                             " frame does not parse: " + messages.message()
                                       : messages.message() + " after the handshake");
            break;
        }
        if (kind == FrameKind::HeartbeatBatch || kind == FrameKind::MessageBatch)
            RpcCounters::add(counters->heartbeatBatchesReceived);
        bool valid = true;
        for (const raft::Message& m : messages.value()) {
            if (m.from != in->node || m.to != options.self) {
                dropProtocol(*in, std::string(raft::messageTypeName(m)) + " from node " + std::to_string(m.from) +
                                      " to node " + std::to_string(m.to) + " on node " + std::to_string(in->node) +
                                      "'s connection to node " + std::to_string(options.self));
                valid = false;
                break;
            }
        }
        if (!valid) break;
        RpcCounters::add(counters->messagesReceived, messages.value().size());
        for (raft::Message& m : messages.value()) {
            deliver(std::move(m));
            if (stopped || in->closed) break;
        }
        if (stopped || in->closed) break;
    }
    if (auto it = byNode.find(in->node); it != byNode.end() && it->second == in) byNode.erase(it);
    if (!in->closed) in->close();
}

RpcServer::RpcServer(asio::io_context& io, ServerOptions options, std::shared_ptr<RpcCounters> counters,
                     AcceptPeer acceptPeer, Deliver deliver, OnCall onCall)
    : m_state(std::make_shared<State>(io, std::move(options), std::move(counters), std::move(acceptPeer),
                                      std::move(deliver), std::move(onCall))) {}

RpcServer::~RpcServer() { stop(); }

Status RpcServer::listen(const std::string& host, uint16_t port) {
    auto& st = *m_state;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) return Status::error("raft rpc address '" + host + "' is not an IP address: " + ec.message());
    tcp::endpoint ep(address, port);
    st.acceptor.open(ep.protocol(), ec);
    if (!ec) st.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) st.acceptor.bind(ep, ec);
    if (!ec) st.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        boost::system::error_code ignored;
        st.acceptor.close(ignored);
        return Status::error("cannot listen for raft rpc on " + host + ":" + std::to_string(port) + ": " + ec.message());
    }
    auto local = st.acceptor.local_endpoint(ec);
    if (ec) return Status::error("cannot read the bound raft rpc address: " + ec.message());
    st.port = local.port();
    return Status::ok();
}

uint16_t RpcServer::port() const { return m_state->port; }

void RpcServer::start() {
    if (m_state->stopped || !m_state->acceptor.is_open()) return;
    asio::co_spawn(m_state->io, m_state->acceptLoop(m_state), asio::detached);
}

void RpcServer::stop() {
    auto& st = *m_state;
    if (st.stopped) return;
    st.stopped = true;
    boost::system::error_code ec;
    st.acceptor.close(ec);
    closeConnections();
}

void RpcServer::closeConnections() {
    auto& st = *m_state;
    for (auto& w : st.all)
        if (auto c = w.lock(); c && !c->closed) c->close();
    st.all.clear();
    st.byNode.clear();
}

size_t RpcServer::connectionCount() const { return m_state->byNode.size(); }

}  // namespace plexus::cluster

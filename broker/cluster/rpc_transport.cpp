#include "broker/cluster/rpc_transport.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <optional>

#include "broker/cluster/peer_link.h"
#include "broker/common/host_port.h"

namespace plexus::cluster {

using boost::asio::ip::tcp;

namespace {

LinkOptions linkOptions(const TransportConfig& c) {
    LinkOptions o;
    o.self = c.self;
    o.clusterId = c.clusterId;
    o.maxQueueBytes = c.maxQueueBytes;
    o.flushInterval = c.heartbeatFlushInterval;
    o.initialBackoff = c.initialBackoff;
    o.maxBackoff = c.maxBackoff;
    o.connectTimeout = c.connectTimeout;
    o.userTimeout = c.userTimeout;
    o.maxBatchMessages = c.maxBatchMessages;
    o.address = c.advertisedAddress;
    return o;
}

}  // namespace

RpcTransport::RpcTransport(boost::asio::io_context& io, TransportConfig config, Handler handler)
    : m_io(io), m_config(std::move(config)), m_counters(std::make_shared<RpcCounters>()) {
    ServerOptions so;
    so.self = m_config.self;
    so.clusterId = m_config.clusterId;
    so.maxFrameBytes = m_config.maxFrameBytes;
    so.handshakeTimeout = m_config.handshakeTimeout;
    so.userTimeout = m_config.userTimeout;
    // The server calls acceptPeer only until stop(), which the destructor
    // runs first, so capturing `this` is safe.
    auto accept = [this](const Hello& hello) {
        auto it = m_links.find(hello.node);
        if (hello.address.empty()) return it != m_links.end();
        // A node that gives its address may join; a known node may have moved.
        auto hp = parseHostPort(hello.address, PortZero::Refused);
        if (!hp) return it != m_links.end();
        const auto& [host, port] = hp.value();
        if (it == m_links.end() || it->second->host() != host || it->second->port() != port) {
            spdlog::info("raft rpc: node {} introduced itself at {}", hello.node, hello.address);
            addPeer(hello.node, host, port);
            if (m_peerHandler) m_peerHandler(hello.node, host, port);
        }
        return true;
    };
    m_server = std::make_unique<RpcServer>(io, so, m_counters, accept, std::move(handler),
                                           [this](raft::NodeId from, Call call) { onCall(from, std::move(call)); });
}

struct RpcTransport::PendingCall {
    explicit PendingCall(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    Reply done;
};

RpcTransport::~RpcTransport() {
    *m_alive = false;
    stop();
}

void RpcTransport::call(raft::NodeId to, uint16_t method, std::string body, std::chrono::milliseconds timeout, Reply done) {
    auto it = m_links.find(to);
    if (m_stopped || it == m_links.end()) {
        boost::asio::post(m_io, [done = std::move(done), to, stopped = m_stopped] {
            done(Status::error(stopped ? "the node is stopping" : "node " + std::to_string(to) + " is not a known peer"));
        });
        return;
    }
    const uint64_t id = m_nextCallId++;
    auto pending = std::make_shared<PendingCall>(m_io);
    pending->done = std::move(done);
    pending->timer.expires_after(timeout);
    pending->timer.async_wait([this, id, to, timeout, alive = m_alive](boost::system::error_code ec) {
        if (ec || !*alive) return;
        finishCall(id, Status::error("node " + std::to_string(to) + " did not answer within " +
                                     std::to_string(timeout.count()) + " ms"));
    });
    m_calls.emplace(id, pending);
    it->second->sendFrame(encodeCallFrame(Call{Call::Type::Request, false, id, method, std::move(body)}));
}

void RpcTransport::notify(raft::NodeId to, uint16_t method, std::string body) {
    auto it = m_links.find(to);
    if (m_stopped || it == m_links.end()) return;
    it->second->sendFrame(encodeCallFrame(Call{Call::Type::Notify, false, 0, method, std::move(body)}));
}

void RpcTransport::finishCall(uint64_t id, Result<std::string> result) {
    auto it = m_calls.find(id);
    if (it == m_calls.end()) return;  // answered or timed out already
    auto pending = it->second;
    m_calls.erase(it);
    pending->timer.cancel();
    pending->done(std::move(result));
}

void RpcTransport::onCall(raft::NodeId from, Call call) {
    if (call.type == Call::Type::Response) {
        finishCall(call.id, call.error ? Result<std::string>(Status::error(call.body)) : Result<std::string>(std::move(call.body)));
        return;
    }
    if (!m_callHandler) {
        if (call.type == Call::Type::Request)
            if (auto it = m_links.find(from); it != m_links.end())
                it->second->sendFrame(encodeCallFrame(Call{Call::Type::Response, true, call.id, call.method, "no handler"}));
        return;
    }
    Reply reply = [](Result<std::string>) {};
    if (call.type == Call::Type::Request) {
        reply = [this, from, id = call.id, method = call.method, alive = m_alive](Result<std::string> r) {
            if (!*alive || m_stopped) return;
            auto it = m_links.find(from);
            if (it == m_links.end()) return;
            Call resp{Call::Type::Response, !r.isOk(), id, method, r.isOk() ? std::move(r.value()) : r.message()};
            it->second->sendFrame(encodeCallFrame(resp));
        };
    }
    m_callHandler(from, call.method, std::move(call.body), std::move(reply));
}

void RpcTransport::probe(const std::string& host, uint16_t port, std::function<void(Result<Hello>)> done) {
    auto greeting = std::make_shared<Greeting>(Greeting{
        m_io, std::make_shared<Stream>(tcp::socket(m_io)), host, port,
        Hello{kProtocolVersion, m_config.self, m_config.clusterId, m_config.advertisedAddress}, m_config.connectTimeout,
        m_config.userTimeout, std::make_shared<bool>(false)});
    // The completion handler keeps the greeting alive until run() ended.
    boost::asio::co_spawn(
        m_io,
        [](std::shared_ptr<Greeting> g, std::function<void(Result<Hello>)> report,
           std::shared_ptr<bool> alive) -> boost::asio::awaitable<void> {
            auto r = co_await g->run();
            closeStream(*g->stream);
            if (*alive) report(std::move(r));
        }(greeting, std::move(done), m_alive),
        boost::asio::detached);
}

Status RpcTransport::listen() { return m_server->listen(m_config.listenHost, m_config.listenPort); }

uint16_t RpcTransport::port() const { return m_server->port(); }

void RpcTransport::start() {
    if (m_started || m_stopped) return;
    m_started = true;
    m_server->start();
}

void RpcTransport::stop() {
    if (m_stopped) return;
    m_stopped = true;
    m_server->stop();
    for (auto& [id, link] : m_links) link->stop();
    m_links.clear();
    auto calls = std::move(m_calls);
    m_calls.clear();
    for (auto& [id, pending] : calls) {
        pending->timer.cancel();
        pending->done(Status::error("the node is stopping"));
    }
}

void RpcTransport::addPeer(raft::NodeId id, const std::string& host, uint16_t port) {
    if (m_stopped || id == m_config.self) return;
    if (auto it = m_links.find(id); it != m_links.end()) {
        if (it->second->host() == host && it->second->port() == port) return;
        it->second->stop();
        m_links.erase(it);
    }
    auto link = std::make_shared<PeerLink>(m_io, linkOptions(m_config), id, host, port, m_counters);
    m_links.emplace(id, link);
    link->start();
}

void RpcTransport::removePeer(raft::NodeId id) {
    if (auto it = m_links.find(id); it != m_links.end()) {
        it->second->stop();
        m_links.erase(it);
    }
}

void RpcTransport::send(raft::Message message) {
    if (m_stopped) {
        RpcCounters::add(m_counters->messagesDropped);
        return;
    }
    auto it = m_links.find(message.to);
    if (it == m_links.end() || message.from != m_config.self) {
        spdlog::debug("raft rpc: dropping {} from node {} to node {}: {}", raft::messageTypeName(message), message.from,
                      message.to, it == m_links.end() ? "no such peer" : "not sent by this node");
        RpcCounters::add(m_counters->messagesDropped);
        return;
    }
    it->second->send(std::move(message));
}

void RpcTransport::resetConnections() {
    m_server->closeConnections();
    for (auto& [id, link] : m_links) link->resetConnection();
}

bool RpcTransport::connected(raft::NodeId peer) const {
    auto it = m_links.find(peer);
    return it != m_links.end() && it->second->connected();
}

std::vector<PeerStatus> RpcTransport::peers() const {
    std::vector<PeerStatus> out;
    for (const auto& [id, link] : m_links)
        out.push_back(PeerStatus{id, link->host(), link->port(), link->connected(), link->queuedBytes(),
                                 link->queuedFrames()});
    return out;
}

size_t RpcTransport::incomingConnections() const { return m_server->connectionCount(); }

}  // namespace plexus::cluster

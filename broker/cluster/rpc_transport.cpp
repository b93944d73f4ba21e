#include "broker/cluster/rpc_transport.h"

#include <spdlog/spdlog.h>

#include "broker/cluster/peer_link.h"

namespace plexus::cluster {

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
    m_server = std::make_unique<RpcServer>(
        io, so, m_counters, [this](raft::NodeId id) { return m_links.count(id) > 0; }, std::move(handler));
}

RpcTransport::~RpcTransport() { stop(); }

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

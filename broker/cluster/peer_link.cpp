#include "broker/cluster/peer_link.h"

#include <algorithm>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "broker/cluster/wire.h"

namespace plexus::cluster {

namespace asio = boost::asio;
using asio::ip::tcp;

PeerLink::PeerLink(asio::io_context& io, LinkOptions options, raft::NodeId peer, std::string host, uint16_t port,
                   std::shared_ptr<RpcCounters> counters)
    : m_io(io), m_options(std::move(options)), m_peer(peer), m_host(std::move(host)), m_port(port),
      m_counters(std::move(counters)), m_signal(io), m_flushTimer(io) {}

void PeerLink::start() { asio::co_spawn(m_io, run(shared_from_this()), asio::detached); }

void PeerLink::stop() {
    if (m_stopped) return;
    m_stopped = true;
    *m_stopFlag = true;
    m_connected = false;
    if (m_stream) closeStream(*m_stream);
    m_signal.cancel();
    m_flushTimer.cancel();
    m_heartbeats.clear();
    m_responses.clear();
    m_queue.clear();
    m_queueBytes = 0;
}

void PeerLink::resetConnection() { connectionLost(m_generation, "connection reset on request"); }

void PeerLink::send(raft::Message message) {
    if (m_stopped) {
        RpcCounters::add(m_counters->messagesDropped);
        return;
    }
    if (std::holds_alternative<raft::Heartbeat>(message.body)) {
        m_heartbeats.push_back(std::move(message));
        scheduleFlush();
    } else if (std::holds_alternative<raft::HeartbeatResponse>(message.body)) {
        m_responses.push_back(std::move(message));
        scheduleFlush();
    } else {
        Item item;
        appendMessageFrame(message, item.bytes);
        item.messages = 1;
        enqueue(std::move(item));
    }
}

void PeerLink::sendFrame(std::string frame) {
    if (m_stopped) {
        RpcCounters::add(m_counters->messagesDropped);
        return;
    }
    Item item;
    item.bytes = std::move(frame);
    item.messages = 1;
    enqueue(std::move(item));
}

void PeerLink::scheduleFlush() {
    if (m_flushScheduled) return;
    m_flushScheduled = true;
    if (m_options.flushInterval.count() <= 0) {
        asio::post(m_io, [self = shared_from_this()] { self->flush(); });
    } else {
        m_flushTimer.expires_after(m_options.flushInterval);
        m_flushTimer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec) self->flush();
        });
    }
}

void PeerLink::flush() {
    m_flushScheduled = false;
    if (m_stopped) return;
    auto drain = [&](std::vector<raft::Message>& pending, bool heartbeats) {
        if (pending.empty()) return;
        if (!m_connected) {
            RpcCounters::add(m_counters->heartbeatsDropped, pending.size());
            pending.clear();
            return;
        }
        const size_t chunk = std::max<size_t>(1, m_options.maxBatchMessages);
        for (size_t from = 0; from < pending.size(); from += chunk) {
            std::vector<raft::Message> part(std::make_move_iterator(pending.begin() + static_cast<std::ptrdiff_t>(from)),
                                            std::make_move_iterator(pending.begin() + static_cast<std::ptrdiff_t>(
                                                                                          std::min(pending.size(), from + chunk))));
            Item item;
            item.messages = part.size();
            item.heartbeat = true;
            if (heartbeats) {
                auto frame = encodeHeartbeatBatchFrame(part);
                if (!frame.isOk()) {
                    spdlog::error("raft rpc: heartbeats for node {} dropped: {}", m_peer, frame.message());
                    RpcCounters::add(m_counters->messagesDropped, part.size());
                    continue;
                }
                item.bytes = std::move(frame.value());
            } else {
                item.bytes = encodeMessageBatchFrame(part);
            }
            enqueue(std::move(item));
        }
        pending.clear();
    };
    drain(m_heartbeats, true);
    drain(m_responses, false);
}

void PeerLink::enqueue(Item item) {
    if (item.heartbeat && !m_connected) {
        RpcCounters::add(m_counters->heartbeatsDropped, item.messages);
        return;
    }
    m_queueBytes += item.bytes.size();
    m_queue.push_back(std::move(item));
    while (m_queueBytes > m_options.maxQueueBytes && !m_queue.empty()) {
        auto victim = std::find_if(m_queue.begin(), m_queue.end(), [](const Item& i) { return !i.heartbeat; });
        if (victim == m_queue.end()) victim = m_queue.begin();
        RpcCounters::add(victim->heartbeat ? m_counters->heartbeatsDropped : m_counters->messagesDropped,
                         victim->messages);
        m_queueBytes -= victim->bytes.size();
        m_queue.erase(victim);
    }
    pump();
}

void PeerLink::pump() {
    if (!m_connected || m_writing || m_queue.empty() || m_stopped) return;
    size_t bytes = 0;
    while (!m_queue.empty() && (m_inflight.empty() || bytes + m_queue.front().bytes.size() <= m_options.maxWriteBytes)) {
        bytes += m_queue.front().bytes.size();
        m_queueBytes -= m_queue.front().bytes.size();
        m_inflight.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    m_writeBuffers.clear();
    for (const Item& i : m_inflight) m_writeBuffers.emplace_back(asio::buffer(i.bytes));
    m_writing = true;
    asio::async_write(*m_stream, m_writeBuffers,
                      [self = shared_from_this(), stream = m_stream, generation = m_generation](
                          boost::system::error_code ec, size_t) {
                          self->m_writing = false;
                          size_t messages = 0, frames = 0, batches = 0, written = 0;
                          for (const Item& i : self->m_inflight) {
                              messages += i.messages;
                              ++frames;
                              if (i.heartbeat) ++batches;
                              written += i.bytes.size();
                          }
                          self->m_inflight.clear();
                          auto& c = *self->m_counters;
                          if (ec) {
                              RpcCounters::add(c.messagesDropped, messages);
                              self->connectionLost(generation, "write failed: " + ec.message());
                              self->pump();  // a newer connection may be waiting
                              return;
                          }
                          RpcCounters::add(c.messagesSent, messages);
                          RpcCounters::add(c.framesSent, frames);
                          RpcCounters::add(c.heartbeatBatchesSent, batches);
                          RpcCounters::add(c.bytesSent, written);
                          self->pump();
                      });
}

void PeerLink::connectionLost(uint64_t generation, const std::string& why) {
    if (generation != m_generation || !m_connected || m_stopped) return;
    m_connected = false;
    closeStream(*m_stream);
    spdlog::info("raft rpc: lost connection to node {} at {}:{}: {}", m_peer, m_host, m_port, why);
    // Queued heartbeats are stale by the time a new connection exists.
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (it->heartbeat) {
            RpcCounters::add(m_counters->heartbeatsDropped, it->messages);
            m_queueBytes -= it->bytes.size();
            it = m_queue.erase(it);
        } else {
            ++it;
        }
    }
    m_signal.cancel();
}

// GCC 12 miscompiles free-function awaitables here (the frame is freed with
// the wrong deallocation function), so the handshake is a member coroutine
// of an object that holds its parameters.
asio::awaitable<Result<Hello>> Greeting::run() {
    // One deadline for resolve, connect and handshake: on expiry the stream
    // is closed, which ends whichever step is pending.
    auto timedOut = std::make_shared<bool>(false);
    asio::steady_timer deadline(io);
    deadline.expires_after(timeout);
    deadline.async_wait([stream = stream, timedOut](boost::system::error_code ec) {
        if (ec) return;
        *timedOut = true;
        closeStream(*stream);
    });
    auto fail = [&](std::string why) -> Result<Hello> {
        deadline.cancel();
        closeStream(*stream);
        return Status::error(*timedOut ? "timed out after " + std::to_string(timeout.count()) + " ms" : std::move(why));
    };

    boost::system::error_code ec;
    tcp::resolver resolver(io);
    auto endpoints = co_await resolver.async_resolve(host, std::to_string(port), asio::redirect_error(asio::use_awaitable, ec));
    if (*stopped) co_return fail("stopped");
    if (ec) co_return fail("cannot resolve " + host + ": " + ec.message());
    if (*timedOut) co_return fail("");
    co_await asio::async_connect(lowestLayer(*stream), endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (*stopped) co_return fail("stopped");
    if (ec) co_return fail("connect: " + ec.message());
    tuneSocket(*stream, userTimeout);

    const std::string frame = encodeHelloFrame(FrameKind::Hello, hello);
    co_await asio::async_write(*stream, asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
    if (*stopped) co_return fail("stopped");
    if (ec) co_return fail("handshake: " + ec.message());

    FrameReader reader(stream);
    auto f = co_await reader.next(kHandshakeMaxFrameBytes);
    if (*stopped) co_return fail("stopped");
    if (!f.ok) co_return fail("handshake: " + (f.eof ? std::string("closed by the peer") : f.error));
    const auto kind = static_cast<uint8_t>(f.body[0]);
    if (kind == static_cast<uint8_t>(FrameKind::Reject)) co_return fail("refused by the peer: " + std::string(f.body.substr(1)));
    if (kind != static_cast<uint8_t>(FrameKind::HelloAck))
        co_return fail(std::string("handshake: expected HelloAck, got ") + frameKindName(kind));
    auto ack = decodeHello(f.body.substr(1));
    if (!ack.isOk()) co_return fail("handshake: " + ack.message());
    if (ack.value().clusterId != hello.clusterId)
        co_return fail("the peer is in cluster '" + ack.value().clusterId + "', not '" + hello.clusterId + "'");
    deadline.cancel();
    co_return ack;
}

asio::awaitable<bool> PeerLink::connectOnce(std::shared_ptr<Stream> stream, std::string& error) {
    auto greeting = std::make_shared<Greeting>(Greeting{m_io, stream, m_host, m_port,
                                                        Hello{kProtocolVersion, m_options.self, m_options.clusterId, m_options.address},
                                                        m_options.connectTimeout, m_options.userTimeout, m_stopFlag});
    auto ack = co_await greeting->run();
    if (!ack.isOk()) {
        error = ack.message();
        co_return false;
    }
    if (ack.value().node != m_peer) {
        error = "the peer at this address is node " + std::to_string(ack.value().node);
        closeStream(*stream);
        co_return false;
    }
    co_return true;
}

asio::awaitable<void> PeerLink::watch(std::shared_ptr<PeerLink> keep, std::shared_ptr<Stream> stream, uint64_t generation) {
    // The server never sends after its HelloAck: any read completion means
    // the connection ended (or the peer misbehaves).
    FrameReader reader(stream);
    auto f = co_await reader.next(kHandshakeMaxFrameBytes);
    std::string why = f.ok    ? std::string("unexpected ") + frameKindName(static_cast<uint8_t>(f.body[0])) + " frame"
                      : f.eof ? std::string("closed by the peer")
                              : f.error;
    keep->connectionLost(generation, why);
}

asio::awaitable<void> PeerLink::run(std::shared_ptr<PeerLink> keep) {
    (void)keep;
    auto backoff = m_options.initialBackoff;
    while (!m_stopped) {
        auto stream = std::make_shared<Stream>(m_io);
        m_stream = stream;
        std::string error;
        const bool ok = co_await connectOnce(stream, error);
        if (m_stopped) break;
        boost::system::error_code ec;
        if (!ok) {
            RpcCounters::add(m_counters->connectFailures);
            if (m_failuresInRow++ == 0)
                spdlog::info("raft rpc: cannot reach node {} at {}:{} ({}); retrying up to every {} ms", m_peer, m_host,
                             m_port, error, m_options.maxBackoff.count());
            else
                spdlog::debug("raft rpc: node {} at {}:{} still unreachable: {}", m_peer, m_host, m_port, error);
            m_signal.expires_after(backoff);
            co_await m_signal.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            backoff = std::min(backoff * 2, m_options.maxBackoff);
            continue;
        }
        backoff = m_options.initialBackoff;
        m_failuresInRow = 0;
        m_connected = true;
        const uint64_t generation = ++m_generation;
        RpcCounters::add(m_counters->connects);
        if (m_everConnected) RpcCounters::add(m_counters->reconnects);
        m_everConnected = true;
        spdlog::info("raft rpc: connected to node {} at {}:{}", m_peer, m_host, m_port);
        asio::co_spawn(m_io, watch(shared_from_this(), stream, generation), asio::detached);
        pump();
        while (m_connected && !m_stopped) {
            m_signal.expires_at(asio::steady_timer::time_point::max());
            co_await m_signal.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        if (m_stopped) break;
        // A short pause so that a peer that closes at once is not hammered.
        m_signal.expires_after(m_options.initialBackoff);
        co_await m_signal.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace plexus::cluster

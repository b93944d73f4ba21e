#pragma once
// PeerLink: the sending side towards one peer node (internal to
// RpcTransport). Keeps one outgoing connection, re-establishes it with
// exponential backoff, batches heartbeats and bounds its queue.
//
//   - Heartbeats and heartbeat responses are collected and flushed together,
//     on the next io_context turn or after flushInterval: all heartbeats as
//     one HeartbeatBatch frame, all responses as one MessageBatch frame.
//     While the peer is not connected they are dropped (they are periodic
//     and stale by the time a connection exists).
//   - Every other message becomes a Message frame, queued in send order and
//     written in that order; several queued frames go out in one write.
//   - The queue is bounded by maxQueueBytes: past it the oldest
//     non-heartbeat frames are dropped (then the oldest heartbeat frames).
//     Raft tolerates lost messages. Frames being written when the
//     connection breaks are lost too. Both count as messagesDropped.
//
// Lifecycle: start() begins connecting; stop() closes the connection and
// ends every coroutine (pending frames are discarded). Threading: io_context
// thread only; coroutines keep the link alive until they end.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>  // before asio/awaitable.hpp, which uses std::exchange
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "broker/cluster/counters.h"
#include "broker/cluster/stream.h"
#include "broker/cluster/wire.h"
#include "broker/common/result.h"
#include "broker/raft/message.h"

namespace plexus::cluster {

struct LinkOptions {
    raft::NodeId self = raft::kNoNode;
    std::string clusterId;
    std::string address;  ///< this node's RPC address, sent in the Hello
    size_t maxQueueBytes = 16u << 20;
    std::chrono::milliseconds flushInterval{0};
    std::chrono::milliseconds initialBackoff{20};
    std::chrono::milliseconds maxBackoff{1000};
    std::chrono::milliseconds connectTimeout{3000};
    std::chrono::milliseconds userTimeout{10000};
    size_t maxBatchMessages = 10000;
    size_t maxWriteBytes = 256u << 10;
};

/// Connects to host:port and exchanges Hello/HelloAck; run() yields the
/// peer's HelloAck (its node id and cluster id) or why it failed. The stream
/// is left open on success. `stopped`, when it becomes true while a step is
/// pending, makes the result an error. Used by PeerLink and by the seed
/// probe; the object must outlive run().
struct Greeting {
    boost::asio::io_context& io;
    std::shared_ptr<Stream> stream;
    std::string host;
    uint16_t port;
    Hello hello;
    std::chrono::milliseconds timeout;
    std::chrono::milliseconds userTimeout;
    std::shared_ptr<const bool> stopped;
    boost::asio::awaitable<Result<Hello>> run();
};

class PeerLink : public std::enable_shared_from_this<PeerLink> {
public:
    PeerLink(boost::asio::io_context& io, LinkOptions options, raft::NodeId peer, std::string host, uint16_t port,
             std::shared_ptr<RpcCounters> counters);

    void start();
    void stop();
    /// `message.to` must be this link's peer and `message.from` the local node.
    void send(raft::Message message);
    /// Queues an encoded Call frame (ordered with the Raft messages).
    void sendFrame(std::string frame);
    /// Closes the current connection (fault injection); the link reconnects.
    void resetConnection();

    raft::NodeId peer() const { return m_peer; }
    const std::string& host() const { return m_host; }
    uint16_t port() const { return m_port; }
    bool connected() const { return m_connected; }
    size_t queuedBytes() const { return m_queueBytes; }
    size_t queuedFrames() const { return m_queue.size(); }

private:
    struct Item {
        std::string bytes;
        size_t messages = 0;
        bool heartbeat = false;
    };

    boost::asio::awaitable<void> run(std::shared_ptr<PeerLink> keep);
    boost::asio::awaitable<bool> connectOnce(std::shared_ptr<Stream> stream, std::string& error);
    boost::asio::awaitable<void> watch(std::shared_ptr<PeerLink> keep, std::shared_ptr<Stream> stream, uint64_t generation);
    void scheduleFlush();
    void flush();
    void enqueue(Item item);
    void pump();
    void connectionLost(uint64_t generation, const std::string& why);

    boost::asio::io_context& m_io;
    LinkOptions m_options;
    raft::NodeId m_peer;
    std::string m_host;
    uint16_t m_port;
    std::shared_ptr<RpcCounters> m_counters;

    std::shared_ptr<Stream> m_stream;
    boost::asio::steady_timer m_signal;     ///< backoff waits; waiting for a connection to end
    boost::asio::steady_timer m_flushTimer;
    bool m_stopped = false;
    std::shared_ptr<bool> m_stopFlag = std::make_shared<bool>(false);  ///< m_stopped, for greet()
    bool m_connected = false;
    bool m_everConnected = false;
    bool m_writing = false;
    bool m_flushScheduled = false;
    uint64_t m_generation = 0;              ///< one per established connection
    int m_failuresInRow = 0;

    std::vector<raft::Message> m_heartbeats;
    std::vector<raft::Message> m_responses;
    std::deque<Item> m_queue;
    size_t m_queueBytes = 0;
    std::vector<Item> m_inflight;                     ///< being written; untouched until the write completes
    std::vector<boost::asio::const_buffer> m_writeBuffers;
};

}  // namespace plexus::cluster

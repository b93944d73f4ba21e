#pragma once
// Counters of one RpcTransport (its server and its peer links), for /metrics
// later. Written on the io_context thread, readable from any thread.
#include <atomic>
#include <cstdint>

namespace plexus::cluster {

/// A snapshot of RpcCounters.
struct RpcStats {
    uint64_t messagesSent = 0;          ///< Raft messages written to a socket (each heartbeat of a batch counts)
    uint64_t framesSent = 0;            ///< frames written (a batch is one)
    uint64_t bytesSent = 0;             ///< with length prefixes; handshakes excluded
    uint64_t heartbeatBatchesSent = 0;  ///< HeartbeatBatch and MessageBatch frames
    uint64_t messagesReceived = 0;
    uint64_t framesReceived = 0;
    uint64_t bytesReceived = 0;
    uint64_t heartbeatBatchesReceived = 0;
    uint64_t messagesDropped = 0;       ///< queue full, lost with a broken connection, or no such peer
    uint64_t heartbeatsDropped = 0;     ///< heartbeats (and responses) for a peer not connected
    uint64_t connects = 0;              ///< outgoing connections that completed the handshake
    uint64_t reconnects = 0;            ///< of those, the ones after an earlier connection to that peer
    uint64_t connectFailures = 0;       ///< outgoing attempts that failed (connect, handshake)
    uint64_t connectionsAccepted = 0;   ///< incoming connections that completed the handshake
    uint64_t connectionsRejected = 0;   ///< incoming connections closed for bad input or a refused handshake
};

struct RpcCounters {
    std::atomic<uint64_t> messagesSent{0}, framesSent{0}, bytesSent{0}, heartbeatBatchesSent{0};
    std::atomic<uint64_t> messagesReceived{0}, framesReceived{0}, bytesReceived{0}, heartbeatBatchesReceived{0};
    std::atomic<uint64_t> messagesDropped{0}, heartbeatsDropped{0};
    std::atomic<uint64_t> connects{0}, reconnects{0}, connectFailures{0};
    std::atomic<uint64_t> connectionsAccepted{0}, connectionsRejected{0};

    static void add(std::atomic<uint64_t>& c, uint64_t n = 1) { c.fetch_add(n, std::memory_order_relaxed); }

    RpcStats snapshot() const {
        auto r = [](const std::atomic<uint64_t>& c) { return c.load(std::memory_order_relaxed); };
        RpcStats s;
        s.messagesSent = r(messagesSent);
        s.framesSent = r(framesSent);
        s.bytesSent = r(bytesSent);
        s.heartbeatBatchesSent = r(heartbeatBatchesSent);
        s.messagesReceived = r(messagesReceived);
        s.framesReceived = r(framesReceived);
        s.bytesReceived = r(bytesReceived);
        s.heartbeatBatchesReceived = r(heartbeatBatchesReceived);
        s.messagesDropped = r(messagesDropped);
        s.heartbeatsDropped = r(heartbeatsDropped);
        s.connects = r(connects);
        s.reconnects = r(reconnects);
        s.connectFailures = r(connectFailures);
        s.connectionsAccepted = r(connectionsAccepted);
        s.connectionsRejected = r(connectionsRejected);
        return s;
    }
};

}  // namespace plexus::cluster

#pragma once
// The frames of Plexus's node-to-node RPC connections.
//
// Every frame is a 4-byte big-endian length, one kind byte, then the payload;
// the length counts the kind byte and the payload. Raft messages travel as
// the Envelope of broker/raft/codec.h inside a Message frame; the heartbeats
// of many groups travel as one HeartbeatBatch (raft.proto); heartbeat
// responses of many groups as one MessageBatch, whose payload is a sequence
// of the codec's own length-prefixed Envelope frames.
//
//   Hello     client -> server, first frame: magic "PLXR", version (u16),
//             node id (i32), cluster id (u16 length + bytes), then the
//             node's own RPC address "host:port" (u16 length + bytes;
//             may be empty), by which the server can reach it back
//   HelloAck  server -> client: the same layout, naming the server
//   Reject    server -> client: a UTF-8 reason, then the server closes
//   Message / HeartbeatBatch / MessageBatch   client -> server only
//   Call      client -> server: a cluster RPC that is not a Raft message
//             (a request, its response, or a one-way notification):
//             type (u8), error flag (u8), call id (u64), method (u16),
//             body. Responses travel over the responder's own connection.
//
// Connections are one-way for Raft traffic: node A sends to B over the
// connection A opened to B, and B answers over its own connection to A.
//
// Thread safety: all functions are pure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "broker/common/result.h"
#include "broker/raft/message.h"

namespace plexus::cluster {

enum class FrameKind : uint8_t {
    Hello = 1,
    HelloAck = 2,
    Reject = 3,
    Message = 4,
    HeartbeatBatch = 5,
    MessageBatch = 6,
    Call = 7,
};

inline constexpr uint16_t kProtocolVersion = 1;
/// A kind byte and at least one payload byte.
inline constexpr uint32_t kMinFrameBytes = 2;
/// Limit for frames before the handshake completed: nobody unauthenticated
/// makes the server allocate more.
inline constexpr uint32_t kHandshakeMaxFrameBytes = 4096;
inline constexpr size_t kMaxClusterIdBytes = 255;

struct Hello {
    uint16_t version = kProtocolVersion;
    raft::NodeId node = raft::kNoNode;
    std::string clusterId;
    std::string address;  ///< the sender's RPC listener, "host:port"; empty when not given
};

/// A cluster call (see Call above). Bodies are the caller's business (the
/// controller uses JSON); the transport only routes them.
struct Call {
    enum class Type : uint8_t { Request = 0, Response = 1, Notify = 2 };
    Type type = Type::Request;
    bool error = false;   ///< Response only: body is an error message
    uint64_t id = 0;      ///< pairs a Response with its Request
    uint16_t method = 0;
    std::string body;
};

std::string encodeCallFrame(const Call& call);
/// The payload of a Call frame (after the kind byte).
Result<Call> decodeCall(std::string_view payload);

/// A whole Hello or HelloAck frame (kind must be one of the two).
std::string encodeHelloFrame(FrameKind kind, const Hello& hello);
/// The payload of a Hello or HelloAck frame (after the kind byte).
Result<Hello> decodeHello(std::string_view payload);

std::string encodeRejectFrame(std::string_view reason);

/// Appends one Message frame.
void appendMessageFrame(const raft::Message& message, std::string& out);
/// One HeartbeatBatch frame: every message must be a Heartbeat of the same node pair.
Result<std::string> encodeHeartbeatBatchFrame(const std::vector<raft::Message>& heartbeats);
/// One MessageBatch frame carrying any messages.
std::string encodeMessageBatchFrame(const std::vector<raft::Message>& messages);

/// The length announced by a 4-byte header, checked against
/// [kMinFrameBytes, maxFrameBytes] before anything is allocated.
Result<uint32_t> readFrameHeader(std::string_view header, uint32_t maxFrameBytes);

/// The Raft messages in a Message, HeartbeatBatch or MessageBatch frame
/// (`body` is the frame after its length: kind byte and payload). Any other
/// kind, or a payload that does not decode, is an error.
Result<std::vector<raft::Message>> decodeMessageFrame(std::string_view body, uint32_t maxFrameBytes);

const char* frameKindName(uint8_t kind);

}  // namespace plexus::cluster

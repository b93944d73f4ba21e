#pragma once
// Converting raft::Message to and from its Protobuf form (raft.proto) and
// framing it for a stream: a 4-byte big-endian length, then the serialized
// Envelope. Decoding checks every field a node relies on (no negative term
// or index, entries consistent with prevIndex) so that a malformed message
// from the network is an error value, never undefined behaviour. The
// generated Protobuf classes stay behind this header.
//
// Thread safety: all functions are pure; call them from any thread.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "broker/common/result.h"
#include "broker/raft/message.h"

namespace plexus::raft {

/// Largest frame accepted unless a caller says otherwise.
inline constexpr uint32_t kDefaultMaxFrameBytes = 64u << 20;

/// The serialized Envelope (no length prefix).
std::string encodeMessage(const Message& message);
Result<Message> decodeMessage(std::string_view bytes);

/// Length prefix + serialized Envelope. Appends to `out`.
void appendFrame(const Message& message, std::string& out);
std::string encodeFrame(const Message& message);

/// The length announced by the 4 bytes at the start of `header`: an error when
/// fewer than 4 bytes are given, the length is 0, or it exceeds maxFrameBytes
/// (checked before anything is allocated).
Result<uint32_t> readFrameLength(std::string_view header, uint32_t maxFrameBytes = kDefaultMaxFrameBytes);

/// Splits whole frames off the front of a stream buffer.
struct FrameParse {
    std::vector<Message> messages;
    size_t consumed = 0; ///< bytes of `buffer` used by whole frames; the rest is an incomplete frame
};
/// An error when a length is out of range or a frame does not decode; the
/// connection should then be closed.
Result<FrameParse> parseFrames(std::string_view buffer, uint32_t maxFrameBytes = kDefaultMaxFrameBytes);

/// HeartbeatBatch: the heartbeats of many groups from one node to another in
/// one message. Every input message must be a Heartbeat from `from` to `to`.
Result<std::string> encodeHeartbeatBatch(const std::vector<Message>& heartbeats);
Result<std::vector<Message>> decodeHeartbeatBatch(std::string_view bytes);

}  // namespace plexus::raft

#include "broker/cluster/wire.h"

#include <limits>

#include "broker/raft/codec.h"

namespace plexus::cluster {

namespace {

constexpr std::string_view kMagic = "PLXR";

void putBe32(std::string& out, uint32_t v) {
    out.push_back(static_cast<char>((v >> 24) & 0xff));
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
}

void putBe16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
}

uint32_t getBe32(std::string_view in) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
    return v;
}

uint16_t getBe16(std::string_view in) {
    return static_cast<uint16_t>((static_cast<uint8_t>(in[0]) << 8) | static_cast<uint8_t>(in[1]));
}

/// Starts a frame of `kind` whose payload will have `payloadBytes`.
void putHeader(std::string& out, FrameKind kind, size_t payloadBytes) {
    putBe32(out, static_cast<uint32_t>(payloadBytes + 1));
    out.push_back(static_cast<char>(kind));
}

}  // namespace

std::string encodeHelloFrame(FrameKind kind, const Hello& hello) {
    std::string payload;
    payload.append(kMagic);
    putBe16(payload, hello.version);
    putBe32(payload, static_cast<uint32_t>(hello.node));
    const size_t idBytes = std::min(hello.clusterId.size(), kMaxClusterIdBytes);
    putBe16(payload, static_cast<uint16_t>(idBytes));
    payload.append(hello.clusterId, 0, idBytes);
    const size_t addressBytes = std::min<size_t>(hello.address.size(), 255);
    putBe16(payload, static_cast<uint16_t>(addressBytes));
    payload.append(hello.address, 0, addressBytes);
    std::string out;
    putHeader(out, kind, payload.size());
    out += payload;
    return out;
}

Result<Hello> decodeHello(std::string_view payload) {
    if (payload.size() < kMagic.size() + 2 + 4 + 2 || payload.substr(0, kMagic.size()) != kMagic)
        return Status::error("not a Plexus RPC handshake");
    payload.remove_prefix(kMagic.size());
    Hello h;
    h.version = getBe16(payload);
    h.node = static_cast<raft::NodeId>(getBe32(payload.substr(2)));
    const size_t idBytes = getBe16(payload.substr(6));
    payload.remove_prefix(8);
    if (payload.size() < idBytes + 2) return Status::error("handshake: cluster id length does not match the frame");
    h.clusterId = std::string(payload.substr(0, idBytes));
    payload.remove_prefix(idBytes);
    const size_t addressBytes = getBe16(payload);
    payload.remove_prefix(2);
    if (payload.size() != addressBytes) return Status::error("handshake: address length does not match the frame");
    h.address = std::string(payload);
    return h;
}

std::string encodeCallFrame(const Call& call) {
    std::string payload;
    payload.push_back(static_cast<char>(call.type));
    payload.push_back(call.error ? 1 : 0);
    putBe32(payload, static_cast<uint32_t>(call.id >> 32));
    putBe32(payload, static_cast<uint32_t>(call.id & 0xffffffffu));
    putBe16(payload, call.method);
    payload += call.body;
    std::string out;
    putHeader(out, FrameKind::Call, payload.size());
    out += payload;
    return out;
}

Result<Call> decodeCall(std::string_view payload) {
    constexpr size_t kHeader = 1 + 1 + 8 + 2;
    if (payload.size() < kHeader) return Status::error("call frame shorter than its header");
    const auto type = static_cast<uint8_t>(payload[0]);
    if (type > static_cast<uint8_t>(Call::Type::Notify)) return Status::error("call frame of unknown type " + std::to_string(type));
    Call c;
    c.type = static_cast<Call::Type>(type);
    c.error = payload[1] != 0;
    c.id = (uint64_t{getBe32(payload.substr(2))} << 32) | getBe32(payload.substr(6));
    c.method = getBe16(payload.substr(10));
    c.body = std::string(payload.substr(kHeader));
    return c;
}

std::string encodeRejectFrame(std::string_view reason) {
    if (reason.empty()) reason = "refused";
    std::string out;
    putHeader(out, FrameKind::Reject, reason.size());
    out += reason;
    return out;
}

void appendMessageFrame(const raft::Message& message, std::string& out) {
    const std::string envelope = raft::encodeMessage(message);
    putHeader(out, FrameKind::Message, envelope.size());
    out += envelope;
}

Result<std::string> encodeHeartbeatBatchFrame(const std::vector<raft::Message>& heartbeats) {
    auto batch = raft::encodeHeartbeatBatch(heartbeats);
    if (!batch.isOk()) return batch.status();
    std::string out;
    putHeader(out, FrameKind::HeartbeatBatch, batch.value().size());
    out += batch.value();
    return out;
}

std::string encodeMessageBatchFrame(const std::vector<raft::Message>& messages) {
    std::string payload;
    for (const raft::Message& m : messages) raft::appendFrame(m, payload);
    std::string out;
    putHeader(out, FrameKind::MessageBatch, payload.size());
    out += payload;
    return out;
}

Result<uint32_t> readFrameHeader(std::string_view header, uint32_t maxFrameBytes) {
    if (header.size() < 4) return Status::error("incomplete frame length");
    const uint32_t length = getBe32(header);
    if (length < kMinFrameBytes)
        return Status::error("frame length " + std::to_string(length) + " is below the minimum of " +
                             std::to_string(kMinFrameBytes));
    if (length > maxFrameBytes)
        return Status::error("frame length " + std::to_string(length) + " exceeds the limit of " +
                             std::to_string(maxFrameBytes) + " bytes");
    return length;
}

Result<std::vector<raft::Message>> decodeMessageFrame(std::string_view body, uint32_t maxFrameBytes) {
    if (body.empty()) return Status::error("empty frame");
    const auto kind = static_cast<uint8_t>(body[0]);
    const std::string_view payload = body.substr(1);
    switch (static_cast<FrameKind>(kind)) {
    case FrameKind::Message: {
        auto m = raft::decodeMessage(payload);
        if (!m.isOk()) return m.status();
        return std::vector<raft::Message>{std::move(m.value())};
    }
    case FrameKind::HeartbeatBatch: return raft::decodeHeartbeatBatch(payload);
    case FrameKind::MessageBatch: {
        auto parsed = raft::parseFrames(payload, maxFrameBytes);
        if (!parsed.isOk()) return parsed.status();
        if (parsed.value().consumed != payload.size())
            return Status::error("message batch ends inside a message");
        return std::move(parsed.value().messages);
    }
    default: break;
    }
    return Status::error(std::string("unexpected ") + frameKindName(kind) + " frame");
}

const char* frameKindName(uint8_t kind) {
    switch (static_cast<FrameKind>(kind)) {
    case FrameKind::Hello: return "Hello";
    case FrameKind::HelloAck: return "HelloAck";
    case FrameKind::Reject: return "Reject";
    case FrameKind::Message: return "Message";
    case FrameKind::HeartbeatBatch: return "HeartbeatBatch";
    case FrameKind::MessageBatch: return "MessageBatch";
    case FrameKind::Call: return "Call";
    }
    return "unknown-kind";
}

}  // namespace plexus::cluster

#include "broker/raft/codec.h"

#include <climits>
#include <limits>
#include <type_traits>
#include <variant>

#include "raft.pb.h"

namespace plexus::raft {

namespace {

namespace pb = plexus::raft::wire;

pb::EntryType toWire(EntryType t) {
    switch (t) {
    case EntryType::Normal: return pb::ENTRY_NORMAL;
    case EntryType::Noop: return pb::ENTRY_NOOP;
    case EntryType::Config: return pb::ENTRY_CONFIG;
    case EntryType::Command: return pb::ENTRY_COMMAND;
    }
    return pb::ENTRY_NORMAL;
}

bool fromWire(int t, EntryType& out) {
    switch (t) {
    case pb::ENTRY_NORMAL: out = EntryType::Normal; return true;
    case pb::ENTRY_NOOP: out = EntryType::Noop; return true;
    case pb::ENTRY_CONFIG: out = EntryType::Config; return true;
    case pb::ENTRY_COMMAND: out = EntryType::Command; return true;
    default: return false;
    }
}

void toEnvelope(const Message& m, pb::Envelope& env) {
    env.set_group(m.group);
    env.set_from(m.from);
    env.set_to(m.to);
    env.set_term(m.term);
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, VoteRequest>) {
                auto* w = env.mutable_vote_request();
                w->set_pre_vote(body.preVote);
                w->set_last_log_index(body.lastLogIndex);
                w->set_last_log_term(body.lastLogTerm);
                w->set_leadership_transfer(body.leadershipTransfer);
            } else if constexpr (std::is_same_v<T, VoteResponse>) {
                auto* w = env.mutable_vote_response();
                w->set_pre_vote(body.preVote);
                w->set_granted(body.granted);
            } else if constexpr (std::is_same_v<T, AppendRequest>) {
                auto* w = env.mutable_append_request();
                w->set_prev_index(body.prevIndex);
                w->set_prev_term(body.prevTerm);
                w->set_commit(body.commit);
                w->set_from_log_start(body.fromLogStart);
                for (NodeId v : body.startVoters) w->add_start_voters(v);
                w->mutable_entries()->Reserve(static_cast<int>(body.entries.size()));
                for (const Entry& e : body.entries) {
                    auto* we = w->add_entries();
                    we->set_term(e.term);
                    we->set_type(toWire(e.type));
                    we->set_payload(e.payload);
                }
            } else if constexpr (std::is_same_v<T, AppendResponse>) {
                auto* w = env.mutable_append_response();
                w->set_success(body.success);
                w->set_last_appended(body.lastAppended);
                w->set_match_index(body.matchIndex);
                w->set_reject_index(body.rejectIndex);
                w->set_hint_index(body.hintIndex);
                w->set_hint_term(body.hintTerm);
            } else if constexpr (std::is_same_v<T, Heartbeat>) {
                env.mutable_heartbeat()->set_commit(body.commit);
            } else if constexpr (std::is_same_v<T, HeartbeatResponse>) {
                auto* w = env.mutable_heartbeat_response();
                w->set_match_index(body.matchIndex);
                w->set_last_index(body.lastIndex);
            } else if constexpr (std::is_same_v<T, TimeoutNow>) {
                env.mutable_timeout_now();
            }
        },
        m.body);
}

bool nonNegative(std::initializer_list<int64_t> values) {
    for (int64_t v : values)
        if (v < 0) return false;
    return true;
}

Result<Message> fromEnvelope(pb::Envelope& env) {
    Message m;
    m.group = env.group();
    m.from = env.from();
    m.to = env.to();
    m.term = env.term();
    if (m.term < 0) return Status::error("raft message: negative term");
    switch (env.body_case()) {
    case pb::Envelope::kVoteRequest: {
        const auto& w = env.vote_request();
        if (!nonNegative({w.last_log_index(), w.last_log_term()}))
            return Status::error("raft message: negative index or term in VoteRequest");
        m.body = VoteRequest{w.pre_vote(), w.last_log_index(), w.last_log_term(), w.leadership_transfer()};
        break;
    }
    case pb::Envelope::kVoteResponse:
        m.body = VoteResponse{env.vote_response().pre_vote(), env.vote_response().granted()};
        break;
    case pb::Envelope::kAppendRequest: {
        auto* w = env.mutable_append_request();
        if (!nonNegative({w->prev_index(), w->prev_term(), w->commit()}))
            return Status::error("raft message: negative index or term in AppendRequest");
        AppendRequest req;
        req.prevIndex = w->prev_index();
        req.prevTerm = w->prev_term();
        req.commit = w->commit();
        req.fromLogStart = w->from_log_start();
        req.startVoters.assign(w->start_voters().begin(), w->start_voters().end());
        const auto count = static_cast<int64_t>(w->entries_size());
        if (req.prevIndex > std::numeric_limits<int64_t>::max() - count)
            return Status::error("raft message: entry indexes overflow");
        req.entries.reserve(static_cast<size_t>(count));
        Term previous = req.prevTerm;
        Index index = req.prevIndex;
        for (auto& we : *w->mutable_entries()) {
            Entry e;
            e.term = we.term();
            if (e.term < previous || e.term > m.term)
                return Status::error("raft message: entry terms out of order");
            if (!fromWire(we.type(), e.type)) return Status::error("raft message: unknown entry type");
            e.index = ++index;
            e.payload = std::move(*we.mutable_payload());
            previous = e.term;
            req.entries.push_back(std::move(e));
        }
        m.body = std::move(req);
        break;
    }
    case pb::Envelope::kAppendResponse: {
        const auto& w = env.append_response();
        if (!nonNegative({w.last_appended(), w.match_index(), w.reject_index(), w.hint_index(), w.hint_term()}))
            return Status::error("raft message: negative index or term in AppendResponse");
        m.body = AppendResponse{w.success(), w.last_appended(), w.match_index(), w.reject_index(), w.hint_index(),
                                w.hint_term()};
        break;
    }
    case pb::Envelope::kHeartbeat:
        if (env.heartbeat().commit() < 0) return Status::error("raft message: negative commit in Heartbeat");
        m.body = Heartbeat{env.heartbeat().commit()};
        break;
    case pb::Envelope::kHeartbeatResponse: {
        const auto& w = env.heartbeat_response();
        if (!nonNegative({w.match_index(), w.last_index()}))
            return Status::error("raft message: negative index in HeartbeatResponse");
        m.body = HeartbeatResponse{w.match_index(), w.last_index()};
        break;
    }
    case pb::Envelope::kTimeoutNow:
        m.body = TimeoutNow{};
        break;
    case pb::Envelope::BODY_NOT_SET:
        return Status::error("raft message: no body");
    }
    return m;
}

void putBigEndian32(uint32_t v, std::string& out) {
    out.push_back(static_cast<char>((v >> 24) & 0xFFu));
    out.push_back(static_cast<char>((v >> 16) & 0xFFu));
    out.push_back(static_cast<char>((v >> 8) & 0xFFu));
    out.push_back(static_cast<char>(v & 0xFFu));
}

}  // namespace

std::string encodeMessage(const Message& message) {
    pb::Envelope env;
    toEnvelope(message, env);
    return env.SerializeAsString();
}

Result<Message> decodeMessage(std::string_view bytes) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) return Status::error("raft message: too large");
    pb::Envelope env;
    if (!env.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return Status::error("raft message: not a valid Envelope");
    return fromEnvelope(env);
}

void appendFrame(const Message& message, std::string& out) {
    pb::Envelope env;
    toEnvelope(message, env);
    const size_t size = env.ByteSizeLong();
    putBigEndian32(static_cast<uint32_t>(size), out);
    const size_t at = out.size();
    out.resize(at + size);
    env.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out.data() + at));
}

std::string encodeFrame(const Message& message) {
    std::string out;
    appendFrame(message, out);
    return out;
}

Result<uint32_t> readFrameLength(std::string_view header, uint32_t maxFrameBytes) {
    if (header.size() < 4) return Status::error("raft frame: incomplete length");
    uint32_t length = 0;
    for (size_t i = 0; i < 4; ++i) length = (length << 8) | static_cast<uint8_t>(header[i]);
    if (length == 0) return Status::error("raft frame: empty frame");
    if (length > maxFrameBytes)
        return Status::error("raft frame: length " + std::to_string(length) + " exceeds the limit of " +
                             std::to_string(maxFrameBytes) + " bytes");
    return length;
}

Result<FrameParse> parseFrames(std::string_view buffer, uint32_t maxFrameBytes) {
    FrameParse out;
    while (buffer.size() - out.consumed >= 4) {
        auto length = readFrameLength(buffer.substr(out.consumed, 4), maxFrameBytes);
        if (!length.isOk()) return length.status();
        const size_t total = 4 + static_cast<size_t>(length.value());
        if (buffer.size() - out.consumed < total) break;  // the rest has not arrived
        auto message = decodeMessage(buffer.substr(out.consumed + 4, length.value()));
        if (!message.isOk()) return message.status();
        out.messages.push_back(std::move(message.value()));
        out.consumed += total;
    }
    return out;
}

Result<std::string> encodeHeartbeatBatch(const std::vector<Message>& heartbeats) {
    pb::HeartbeatBatch batch;
    if (heartbeats.empty()) return Status::error("raft heartbeat batch: empty");
    batch.set_from(heartbeats.front().from);
    batch.set_to(heartbeats.front().to);
    for (const Message& m : heartbeats) {
        const auto* hb = std::get_if<Heartbeat>(&m.body);
        if (!hb) return Status::error("raft heartbeat batch: not a Heartbeat");
        if (m.from != batch.from() || m.to != batch.to())
            return Status::error("raft heartbeat batch: heartbeats of different node pairs");
        auto* g = batch.add_heartbeats();
        g->set_group(m.group);
        g->set_term(m.term);
        g->set_commit(hb->commit);
    }
    return batch.SerializeAsString();
}

Result<std::vector<Message>> decodeHeartbeatBatch(std::string_view bytes) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) return Status::error("raft heartbeat batch: too large");
    pb::HeartbeatBatch batch;
    if (!batch.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return Status::error("raft heartbeat batch: not a valid HeartbeatBatch");
    std::vector<Message> out;
    out.reserve(static_cast<size_t>(batch.heartbeats_size()));
    for (const auto& g : batch.heartbeats()) {
        if (g.term() < 0 || g.commit() < 0) return Status::error("raft heartbeat batch: negative term or commit");
        out.push_back(Message{g.group(), batch.from(), batch.to(), g.term(), Heartbeat{g.commit()}});
    }
    return out;
}

}  // namespace plexus::raft

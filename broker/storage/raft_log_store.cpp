#include "broker/storage/raft_log_store.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "broker/common/durable_file.h"
#include "broker/protocol/batch_builder.h"

namespace plexus::storage {

namespace {

constexpr const char* kStateFile = "raft_state";
constexpr const char* kConfigsFile = "raft_configs";

std::string toHex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

bool fromHex(const std::string& hex, std::string& out) {
    if (hex.size() % 2) return false;
    auto nibble = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    out.clear();
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(static_cast<unsigned char>(hi * 16 + lo));
    }
    return true;
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

RaftLogStore::RaftLogStore(std::shared_ptr<PartitionLog> log) : m_log(std::move(log)) {}

RaftLogStore::~RaftLogStore() {
    // Writes still queued may complete after the store is gone.
    setDurableCallback({});
}

Result<std::unique_ptr<RaftLogStore>> RaftLogStore::open(std::shared_ptr<PartitionLog> log,
                                                         std::vector<raft::NodeId> voters) {
    if (!log || !log->replicated()) return Status::error("a RaftLogStore needs a partition log in replicated mode");
    std::unique_ptr<RaftLogStore> store(new RaftLogStore(log));
    store->m_startVoters = std::move(voters);
    const auto path = log->directory() / kStateFile;
    if (std::ifstream in(path); in) {
        // "<term> <votedFor>\n<voter> <voter> ...\n"; the second line is
        // empty until truncatePrefix() or reset() stored a voter set.
        std::string first, second;
        std::getline(in, first);
        bool hasVoters = static_cast<bool>(std::getline(in, second));
        std::istringstream hs(first);
        std::string rest;
        raft::HardState state;
        bool ok = (hs >> state.term >> state.votedFor) && state.term >= 0 && state.votedFor >= raft::kNoNode && !(hs >> rest);
        std::vector<raft::NodeId> stored;
        if (ok && hasVoters) {
            std::istringstream vs(second);
            raft::NodeId id;
            while (vs >> id) stored.push_back(id);
            ok = vs.eof();
        }
        if (!ok) return Status::error("corrupt file " + path.string() + ": expected '<term> <votedFor>' and a line of voter ids");
        store->m_hardState = state;
        if (!stored.empty()) store->m_startVoters = std::move(stored);
    }
    if (Status s = store->loadConfigs(); !s) return s;
    return store;
}

Status RaftLogStore::loadConfigs() {
    const auto path = m_log->directory() / kConfigsFile;
    std::ifstream in(path);
    if (!in) return Status::ok();
    std::string line;
    size_t dropped = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::istringstream ls(line);
        raft::Index index = 0;
        raft::Term term = 0;
        if (!(ls >> index >> term))
            return Status::error("corrupt file " + path.string() + ": expected '<index> <term> <voters...>' or '<index> <term> cmd <hex>'");
        // Written before its batch became durable: a crash may have lost the
        // batch, or a later truncation replaced it.
        const bool removedByRetention = index < m_log->raftStartIndex();
        const bool lost = !removedByRetention && m_log->raftTermAt(index) != std::optional<int32_t>(static_cast<int32_t>(term));
        if (ls >> std::ws; ls.peek() == 'c') {
            std::string word, hex, payload;
            if (!(ls >> word >> hex) || word != "cmd" || !fromHex(hex, payload) || !(ls >> std::ws).eof())
                return Status::error("corrupt file " + path.string() + ": bad command at index " + std::to_string(index));
            if (lost || removedByRetention) ++dropped;  // a command behind the log start is applied already
            else m_commands[index] = {term, std::move(payload)};
            continue;
        }
        std::vector<raft::NodeId> voters;
        raft::NodeId id;
        while (ls >> id) voters.push_back(id);
        if (!ls.eof() || voters.empty()) return Status::error("corrupt file " + path.string() + ": bad voter list at index " + std::to_string(index));
        if (lost) {
            ++dropped;
            continue;
        }
        m_configs[index] = {term, std::move(voters)};
    }
    if (dropped > 0) return writeConfigs();
    return Status::ok();
}

Status RaftLogStore::writeConfigs() const {
    std::string text;
    for (const auto& [index, tv] : m_configs) {
        text += std::to_string(index) + " " + std::to_string(tv.first);
        for (raft::NodeId v : tv.second) text += " " + std::to_string(v);
        text += "\n";
    }
    for (const auto& [index, tc] : m_commands)
        text += std::to_string(index) + " " + std::to_string(tc.first) + " cmd " + toHex(tc.second) + "\n";
    return writeFileDurably(m_log->directory() / kConfigsFile, text);
}

std::vector<raft::NodeId> RaftLogStore::startVoters() const {
    const raft::Index start = m_log->raftStartIndex();
    auto it = m_configs.lower_bound(start);
    if (it == m_configs.begin()) return m_startVoters;
    return std::prev(it)->second.second;  // retention dropped this Config entry's batch
}

bool RaftLogStore::inLog(raft::Index index, raft::Term term) const {
    return index >= m_log->raftStartIndex() && m_log->raftTermAt(index) == std::optional<int32_t>(static_cast<int32_t>(term));
}

const std::vector<raft::NodeId>* RaftLogStore::configAt(raft::Index index) const {
    auto it = m_configs.find(index);
    return it != m_configs.end() && inLog(index, it->second.first) ? &it->second.second : nullptr;
}

const std::string* RaftLogStore::commandAt(raft::Index index) const {
    auto it = m_commands.find(index);
    return it != m_commands.end() && inLog(index, it->second.first) ? &it->second.second : nullptr;
}

std::vector<std::pair<raft::Index, std::string>> RaftLogStore::commands(raft::Index from, raft::Index to) const {
    std::vector<std::pair<raft::Index, std::string>> out;
    for (auto it = m_commands.lower_bound(from); it != m_commands.end() && it->first <= to; ++it)
        if (inLog(it->first, it->second.first)) out.emplace_back(it->first, it->second.second);
    return out;
}

Result<std::vector<std::pair<raft::Index, std::vector<raft::NodeId>>>> RaftLogStore::configEntries() const {
    std::vector<std::pair<raft::Index, std::vector<raft::NodeId>>> out;
    for (const auto& [index, tv] : m_configs)
        if (configAt(index)) out.emplace_back(index, tv.second);
    return out;
}

Status RaftLogStore::writeState(const raft::HardState& state, const std::vector<raft::NodeId>& voters) {
    std::string text = std::to_string(state.term) + " " + std::to_string(state.votedFor) + "\n";
    for (size_t i = 0; i < voters.size(); ++i) text += (i ? " " : "") + std::to_string(voters[i]);
    text += "\n";
    return writeFileDurably(m_log->directory() / kStateFile, text);
}

Status RaftLogStore::saveHardState(const raft::HardState& state) {
    if (Status s = writeState(state, m_startVoters); !s) return s;
    m_hardState = state;
    return Status::ok();
}

std::optional<raft::Term> RaftLogStore::termAt(raft::Index index) const {
    auto t = m_log->raftTermAt(index);
    if (!t) return std::nullopt;
    return raft::Term{*t};
}

Result<std::vector<raft::Entry>> RaftLogStore::read(raft::Index from, size_t maxBytes) const {
    // The log counts batch bytes; Raft's limit counts Entry::byteSize()
    // (payload plus a header), so the log's answer is trimmed to it.
    auto batches = m_log->readReplicated(from, maxBytes);
    if (!batches) return batches.status();
    std::vector<raft::Entry> out;
    size_t bytes = 0;
    raft::Index index = from;
    for (auto& [epoch, data] : batches.value()) {
        raft::Entry e{epoch, index++, raft::EntryType::Normal, std::move(data)};
        if (const auto* voters = configAt(e.index)) {
            e.type = raft::EntryType::Config;
            e.payload = raft::encodeVoters(*voters);
        } else if (const auto* command = commandAt(e.index)) {
            e.type = raft::EntryType::Command;
            e.payload = *command;
        }
        if (!out.empty() && bytes + e.byteSize() > maxBytes) break;
        bytes += e.byteSize();
        out.push_back(std::move(e));
    }
    return out;
}

Status RaftLogStore::append(const std::vector<raft::Entry>& entries) {
    for (const raft::Entry& e : entries) {
        std::string batch;
        switch (e.type) {
        case raft::EntryType::Normal:
            batch = e.payload;
            break;
        case raft::EntryType::Noop:
            batch = emptyBatch(nowMs());
            break;
        case raft::EntryType::Config:
        case raft::EntryType::Command:
            batch = emptyBatch(nowMs());
            break;
        }
        if (e.term < 0 || e.term > INT32_MAX) return Status::error("term " + std::to_string(e.term) + " does not fit a leader epoch");
        std::weak_ptr<DurableSink> sink = m_sink;
        auto index = e.index;
        auto term = e.term;
        auto r = m_log->appendReplicated(std::move(batch), static_cast<int32_t>(term), [sink, index, term](const AppendResult& res) {
            // A failed write is not reported: the entry never becomes durable,
            // and the log refuses further appends, which stops the node.
            if (res.code != protocol::ErrorCode::None) return;
            auto s = sink.lock();
            if (!s) return;
            std::lock_guard lock(s->mutex);
            if (s->cb) s->cb(index, term);
        });
        if (!r) return r.status();
        if (r.value().raftIndex != e.index)
            return Status::error("entry " + std::to_string(e.index) + " was stored at raft index " +
                                 std::to_string(r.value().raftIndex));
        if (e.type == raft::EntryType::Config) {
            std::vector<raft::NodeId> voters;
            if (!raft::decodeVoters(e.payload, voters) || voters.empty())
                return Status::error("malformed Config entry at " + std::to_string(e.index));
            m_configs[e.index] = {e.term, std::move(voters)};
            if (Status s = writeConfigs(); !s) return s;
        } else if (e.type == raft::EntryType::Command) {
            m_commands[e.index] = {e.term, e.payload};
            if (Status s = writeConfigs(); !s) return s;
        }
    }
    return Status::ok();
}

Status RaftLogStore::truncateSuffix(raft::Index from) {
    if (Status s = m_log->truncateReplicated(from); !s) return s;
    if (m_configs.lower_bound(from) == m_configs.end() && m_commands.lower_bound(from) == m_commands.end())
        return Status::ok();
    m_configs.erase(m_configs.lower_bound(from), m_configs.end());
    m_commands.erase(m_commands.lower_bound(from), m_commands.end());
    return writeConfigs();
}

Status RaftLogStore::truncatePrefix(raft::Index newStart, const std::vector<raft::NodeId>& voters) {
    // The voter set first: it is in force at every boundary up to newStart - 1
    // (partition groups never change voters), so it is right whether or not
    // a crash comes before the log moves.
    if (voters != m_startVoters) {
        if (Status s = writeState(m_hardState, voters); !s) return s;
        m_startVoters = voters;
    }
    auto r = m_log->dropBeforeIndex(newStart);
    if (!r) return r.status();
    const bool configsLeft = m_configs.empty() || m_configs.begin()->first >= r.value();
    const bool commandsLeft = m_commands.empty() || m_commands.begin()->first >= r.value();
    if (configsLeft && commandsLeft) return Status::ok();
    m_configs.erase(m_configs.begin(), m_configs.lower_bound(r.value()));
    m_commands.erase(m_commands.begin(), m_commands.lower_bound(r.value()));
    return writeConfigs();
}

Status RaftLogStore::reset(raft::Index newStart, raft::Term prevTerm, const std::vector<raft::NodeId>& voters) {
    if (prevTerm < 0 || prevTerm > INT32_MAX) return Status::error("term " + std::to_string(prevTerm) + " does not fit a leader epoch");
    if (voters != m_startVoters) {
        if (Status s = writeState(m_hardState, voters); !s) return s;
        m_startVoters = voters;
    }
    if (!m_configs.empty() || !m_commands.empty()) {
        m_configs.clear();
        m_commands.clear();
        if (Status s = writeConfigs(); !s) return s;
    }
    return m_log->resetReplicated(newStart, static_cast<int32_t>(prevTerm), -1);
}

void RaftLogStore::setDurableCallback(std::function<void(raft::Index, raft::Term)> cb) {
    std::lock_guard lock(m_sink->mutex);
    m_sink->cb = std::move(cb);
}

int64_t RaftLogStore::baseOffsetOf(raft::Index index) const {
    if (index < m_log->raftStartIndex() || index > m_log->raftLastIndex()) return -1;
    return m_log->endOffsetOfIndex(index - 1);
}

void RaftLogStore::setCommitIndex(raft::Index index) {
    int64_t end = m_log->endOffsetOfIndex(index);
    if (end >= 0) m_log->setCommittedOffset(end);
}

std::string RaftLogStore::emptyBatch(int64_t timestampMs) {
    protocol::BatchHeader h;
    h.magic = 2;
    h.lastOffsetDelta = 0;
    h.baseTimestamp = timestampMs;
    h.maxTimestamp = timestampMs;
    h.producerId = -1;
    h.producerEpoch = -1;
    h.baseSequence = -1;
    return protocol::encodeBatch(h, {});
}

}  // namespace plexus::storage

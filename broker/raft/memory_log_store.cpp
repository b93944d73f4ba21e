#include <algorithm>

#include "broker/raft/log_store.h"

namespace plexus::raft {

Result<std::vector<std::pair<Index, std::vector<NodeId>>>> LogStore::configEntries() const {
    std::vector<std::pair<Index, std::vector<NodeId>>> out;
    Index next = startIndex();
    while (next <= lastIndex()) {
        auto r = read(next, size_t{1} << 20);
        if (!r.isOk()) return r.status();
        if (r.value().empty()) return Status::error("raft: store returned no entries");
        for (const Entry& e : r.value()) {
            if (e.type != EntryType::Config) continue;
            std::vector<NodeId> voters;
            if (!decodeVoters(e.payload, voters)) return Status::error("raft: malformed Config entry at " + std::to_string(e.index));
            out.emplace_back(e.index, std::move(voters));
        }
        next = r.value().back().index + 1;
    }
    return out;
}

Status MemoryLogStore::saveHardState(const HardState& state) {
    m_hardState = state;
    return Status::ok();
}

std::optional<Term> MemoryLogStore::termAt(Index index) const {
    if (index == m_start - 1) return m_prevTerm;
    if (index < m_start || index > lastIndex()) return std::nullopt;
    return m_entries[static_cast<size_t>(index - m_start)].term;
}

const Entry* MemoryLogStore::entryAt(Index index) const {
    if (index < m_start || index > lastIndex()) return nullptr;
    return &m_entries[static_cast<size_t>(index - m_start)];
}

Result<std::vector<Entry>> MemoryLogStore::read(Index from, size_t maxBytes) const {
    if (from < m_start) return Status::error("read below the log start");
    std::vector<Entry> out;
    size_t bytes = 0;
    for (Index i = from; i <= lastIndex(); ++i) {
        const Entry& e = m_entries[static_cast<size_t>(i - m_start)];
        if (!out.empty() && bytes + e.byteSize() > maxBytes) break;
        bytes += e.byteSize();
        out.push_back(e);
    }
    return out;
}

Status MemoryLogStore::append(const std::vector<Entry>& entries) {
    if (m_failAppends) return Status::error("simulated append failure");
    Index next = lastIndex() + 1;
    for (const Entry& e : entries) {
        if (e.index != next) return Status::error("append leaves a gap or overlaps");
        m_entries.push_back(e);
        ++next;
    }
    return Status::ok();
}

Status MemoryLogStore::truncateSuffix(Index from) {
    if (from < m_start) return Status::error("suffix truncation below the log start");
    if (from > lastIndex()) return Status::ok();
    m_entries.resize(static_cast<size_t>(from - m_start));
    m_durable = std::min(m_durable, from - 1);
    return Status::ok();
}

Status MemoryLogStore::truncatePrefix(Index newStart, const std::vector<NodeId>& voters) {
    if (newStart <= m_start) return Status::ok();
    if (newStart > lastIndex() + 1) return Status::error("prefix truncation beyond the log end");
    m_prevTerm = m_entries[static_cast<size_t>(newStart - 1 - m_start)].term;
    m_entries.erase(m_entries.begin(), m_entries.begin() + static_cast<std::ptrdiff_t>(newStart - m_start));
    m_start = newStart;
    m_startVoters = voters;
    return Status::ok();
}

Status MemoryLogStore::reset(Index newStart, Term prevTerm, const std::vector<NodeId>& voters) {
    m_entries.clear();
    m_startVoters = voters;
    m_start = newStart;
    m_prevTerm = prevTerm;
    m_durable = newStart - 1;
    return Status::ok();
}

Index MemoryLogStore::sync() {
    m_durable = lastIndex();
    return m_durable;
}

void MemoryLogStore::crash() {
    if (m_durable < lastIndex()) m_entries.resize(static_cast<size_t>(std::max<Index>(m_durable - m_start + 1, 0)));
}

}  // namespace plexus::raft

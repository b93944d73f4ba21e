#include "broker/storage/producer_state.h"

#include "broker/storage/partition_log.h"

namespace plexus::storage {

using protocol::BatchHeader;
using protocol::ErrorCode;

namespace {

int32_t nextSequence(int32_t seq) { return seq == INT32_MAX ? 0 : seq + 1; }

}  // namespace

ErrorCode ProducerStateTable::checkOne(const BatchHeader& h, int64_t& dupOffset, std::string& msg) const {
    if (h.producerId < 0) return ErrorCode::None;
    auto it = m_producers.find(h.producerId);
    if (it == m_producers.end() || it->second.recent.empty()) return ErrorCode::None;  // first batch we know of
    const Producer& ps = it->second;
    if (h.producerEpoch < ps.epoch) {
        msg = "producer " + std::to_string(h.producerId) + " epoch " + std::to_string(h.producerEpoch) +
              " is older than the current epoch " + std::to_string(ps.epoch);
        return ErrorCode::InvalidProducerEpoch;
    }
    if (h.producerEpoch > ps.epoch) {
        if (h.baseSequence != 0) {
            msg = "a new producer epoch must start at sequence 0, got " + std::to_string(h.baseSequence);
            return ErrorCode::OutOfOrderSequenceNumber;
        }
        return ErrorCode::None;
    }
    for (const auto& e : ps.recent) {
        if (e.firstSeq == h.baseSequence && e.lastSeq == h.lastSequence()) {
            dupOffset = e.baseOffset;
            return ErrorCode::None;
        }
    }
    int32_t expected = nextSequence(ps.recent.back().lastSeq);
    if (h.baseSequence != expected) {
        msg = "producer " + std::to_string(h.producerId) + " sent sequence " + std::to_string(h.baseSequence) +
              ", expected " + std::to_string(expected);
        return ErrorCode::OutOfOrderSequenceNumber;
    }
    return ErrorCode::None;
}

SequenceCheck ProducerStateTable::check(const std::vector<protocol::BatchSpan>& batches) const {
    SequenceCheck out;
    int64_t dupOffset = -1;
    size_t dups = 0;
    for (const auto& b : batches) {
        int64_t d = -1;
        ErrorCode ec = checkOne(b.header, d, out.message);
        if (ec != ErrorCode::None) {
            out.code = ec;
            return out;
        }
        if (d >= 0) {
            ++dups;
            if (dupOffset < 0) dupOffset = d;
        }
    }
    if (dups > 0 && dups != batches.size()) {
        out.code = ErrorCode::OutOfOrderSequenceNumber;
        out.message = "request mixes duplicate and new batches";
    } else if (dups > 0) {
        out.duplicateOffset = dupOffset;
    }
    return out;
}

void ProducerStateTable::record(const BatchHeader& h, int64_t baseOffset) {
    if (h.producerId < 0) return;
    Producer& ps = m_producers[h.producerId];
    if (h.producerEpoch != ps.epoch) {
        ps.recent.clear();
        ps.epoch = h.producerEpoch;
    }
    ps.recent.push_back(SequenceEntry{h.baseSequence, h.lastSequence(), baseOffset});
    while (ps.recent.size() > kWindow) ps.recent.pop_front();
}

void ProducerStateTable::forgetFrom(int64_t offset) {
    for (auto& [pid, ps] : m_producers)
        std::erase_if(ps.recent, [offset](const SequenceEntry& e) { return e.baseOffset >= offset; });
}

std::set<int64_t> ProducerStateTable::lastBatchOffsets() const {
    std::set<int64_t> out;
    for (const auto& [pid, ps] : m_producers)
        if (!ps.recent.empty()) out.insert(ps.recent.back().baseOffset);
    return out;
}

}  // namespace plexus::storage

#include "broker/storage/record_scan.h"

#include <algorithm>

namespace plexus::storage {

Status scanRecords(const PartitionLog& log, const std::string& what,
                   const std::function<bool(int64_t offset, const protocol::Record& record)>& fn, int64_t from) {
    std::string scratch;
    int64_t pos = std::max(log.logStartOffset(), from);
    const int64_t end = log.highWatermark();
    bool stop = false;
    while (pos < end && !stop) {
        auto rr = log.read(pos, 4u << 20);
        if (rr.code != protocol::ErrorCode::None)
            return Status::error("cannot read " + what + " at offset " + std::to_string(pos) + ": " +
                                 std::string(protocol::errorName(rr.code)));
        if (rr.records.empty()) break;
        size_t at = 0;
        int64_t next = pos;
        while (at + protocol::kBatchHeaderSize <= rr.records.size() && !stop) {
            const auto* base = reinterpret_cast<const uint8_t*>(rr.records.data()) + at;
            auto h = protocol::parseBatchHeader(base);
            if (at + h.totalSize() > rr.records.size()) break;
            auto check = protocol::forEachRecord(protocol::BytesView(base, h.totalSize()), scratch, 64u << 20,
                                                 [&](const protocol::Record& r) {
                                                     const int64_t offset = h.baseOffset + r.offsetDelta;
                                                     if (offset < pos) return true;  // before the start of this read
                                                     if (!fn(offset, r)) stop = true;
                                                     return !stop;
                                                 });
            if (!check.ok())
                return Status::error("corrupt batch at offset " + std::to_string(h.baseOffset) + " in " + what + ": " +
                                     check.message);
            next = h.lastOffset() + 1;
            at += h.totalSize();
        }
        if (next <= pos) break;
        pos = next;
    }
    return Status::ok();
}

}  // namespace plexus::storage

#include <set>

#include <boost/asio/steady_timer.hpp>

#include "broker/handlers/handler.h"
#include "broker/services/partition_service.h"
#include "broker/storage/partition_log.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::FetchResponse;

namespace {

struct FetchState : std::enable_shared_from_this<FetchState> {
    Request req;
    protocol::FetchRequest msg;
    std::shared_ptr<server::WaitingFetch> waiter;
    std::unique_ptr<boost::asio::steady_timer> timer;
    std::set<std::string> denied;  ///< topics the principal may not READ (asked once, not per long-poll retry)

    /// Reads every partition. Returns the bytes gathered.
    size_t read(FetchResponse& resp, bool& anyError) {
        server::Broker& b = *req.broker;
        auto& partitions = req.services->partitions;
        size_t total = 0;
        const size_t maxTotal = static_cast<size_t>(std::max(msg.maxBytes, 1));
        anyError = false;
        for (const auto& ft : msg.topics) {
            auto& rt = resp.responses.emplace_back();
            rt.topic = ft.topic;
            for (const auto& fp : ft.partitions) {
                auto& rp = rt.partitions.emplace_back();
                rp.partitionIndex = fp.partition;
                rp.abortedTransactions.reset();
                rp.records = protocol::Bytes{};  // never null: clients treat a null record set as corrupt
                if (denied.count(ft.topic)) {
                    rp.errorCode = protocol::wire(ErrorCode::TopicAuthorizationFailed);
                    anyError = true;
                    continue;
                }
                size_t budget = std::min(static_cast<size_t>(std::max(fp.partitionMaxBytes, 0)),
                                         total >= maxTotal ? 0 : maxTotal - total);
                // As in Kafka, only the first non-empty partition may exceed
                // the limits, so that a large batch still moves; once the
                // budget is spent the rest answer with their offsets only.
                const bool offsetsOnly = budget == 0 && total > 0;
                storage::ReadResult rr = partitions.read(ft.topic, fp.partition, fp.fetchOffset, offsetsOnly ? 0 : budget,
                                                         /*atLeastOne=*/!offsetsOnly && total == 0);
                rp.highWatermark = rr.highWatermark;
                rp.lastStableOffset = rr.highWatermark;
                rp.logStartOffset = rr.logStartOffset;
                rp.errorCode = protocol::wire(rr.code);
                if (rr.code != ErrorCode::None) {
                    anyError = true;
                    continue;
                }
                total += rr.records.size();
                if (!rr.records.empty()) {
                    b.metrics().recordBytesOut(ft.topic, static_cast<int64_t>(rr.records.size()), std::max<int64_t>(rr.recordCount, 0));
                    rp.records = protocol::Bytes{std::move(rr.records)};
                }
            }
        }
        return total;
    }

    /// Answers if there is enough data (or `force`). Returns true when answered.
    bool attempt(bool force) {
        FetchResponse resp;
        bool anyError = false;
        size_t bytes = read(resp, anyError);
        // min_bytes 0 (or less) answers at once, even with nothing to send.
        if (!force && !anyError && bytes < static_cast<size_t>(std::max(msg.minBytes, 0))) return false;
        finish(resp, bytes);
        return true;
    }

    void finish(const FetchResponse& resp, size_t recordBytes) {
        if (waiter) {
            waiter->done = true;
            req.broker->unparkFetch(waiter);
        }
        if (timer) timer->cancel();
        req.reply(resp, recordBytes + 1024 + 64 * msg.topics.size());  // records plus a generous envelope
    }
};

}  // namespace

void handleFetch(Request req) {
    auto st = std::make_shared<FetchState>();
    st->req = req;
    if (!req.decode(st->msg)) return;
    if (st->msg.replicaId >= 0) {
        req.fail("fetch from replica " + std::to_string(st->msg.replicaId) + ": this node has no followers");
        return;
    }
    for (const auto& ft : st->msg.topics)
        if (!st->denied.count(ft.topic) && !req.authorize(server::AclOperation::Read, server::ResourceType::Topic, ft.topic))
            st->denied.insert(ft.topic);
    if (st->msg.maxWaitMs <= 0) {
        st->attempt(true);
        return;
    }
    // Long poll: park until an append touches one of our partitions or the
    // wait ends. Parking comes before the first read, so an append finishing
    // meanwhile either sees the parked fetch or is seen by the read.
    auto waiter = std::make_shared<server::WaitingFetch>();
    for (const auto& ft : st->msg.topics)
        for (const auto& fp : ft.partitions) waiter->partitions.emplace(ft.topic, fp.partition);
    std::weak_ptr<FetchState> weak = st;
    waiter->retry = [weak] {
        if (auto s = weak.lock()) s->attempt(false);
    };
    st->waiter = waiter;
    req.broker->parkFetch(waiter);
    if (st->attempt(false)) return;  // enough data already: answered and unparked
    st->timer = std::make_unique<boost::asio::steady_timer>(req.broker->io(), std::chrono::milliseconds(st->msg.maxWaitMs));
    // The timer handler holds the state alive until the fetch is answered.
    st->timer->async_wait([st](const boost::system::error_code&) {
        if (!st->waiter->done) st->attempt(true);
        st->waiter->retry = nullptr;  // break the cycle
    });
}

}  // namespace plexus::handlers

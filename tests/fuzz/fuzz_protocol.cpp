// libFuzzer target for the request decoder and the record batch parser.
// The first input byte picks what to fuzz; the rest is the input:
//   0 mod 4: a request frame body (header + message) decoded for every API
//   1 or 3:  a produce payload run through batch validation and record parsing
//   2 mod 4: a __consumer_offsets key and value, and consumer-protocol
//            subscription and assignment bytes (what the coordinator reads
//            back from disk and from clients)
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "broker/groups/consumer_protocol.h"
#include "broker/groups/offsets_format.h"
#include "broker/protocol/messages.h"
#include "broker/protocol/record_batch.h"
#include "broker/protocol/request.h"

using namespace plexus::protocol;

namespace {

template <class Msg> void decodeAs(const uint8_t* p, size_t n, int16_t version, bool flexible) {
    Reader r(p, n);
    Msg m;
    if (decodeMessage(r, m, version, flexible)) {
        // Re-encode: must not crash on anything the decoder accepted.
        Writer w;
        encodeMessage(w, m, version, flexible);
    }
}

void fuzzRequest(const uint8_t* p, size_t n) {
    Reader r(p, n);
    RequestHeader h;
    bool flexible = false;
    if (!parseRequestHeader(r, h, flexible)) return;
    const uint8_t* body = p + r.position();
    size_t left = n - r.position();
    int16_t v = h.apiVersion;
    if (v < 0 || v > 12) return;
    switch (h.apiKey) {
    case 0: decodeAs<ProduceRequest>(body, left, v, flexible); break;
    case 1: decodeAs<FetchRequest>(body, left, v, flexible); break;
    case 2: decodeAs<ListOffsetsRequest>(body, left, v, flexible); break;
    case 3: decodeAs<MetadataRequest>(body, left, v, flexible); break;
    case 18: decodeAs<ApiVersionsRequest>(body, left, v, flexible); break;
    case 19: decodeAs<CreateTopicsRequest>(body, left, v, flexible); break;
    case 20: decodeAs<DeleteTopicsRequest>(body, left, v, flexible); break;
    case 21: decodeAs<DeleteRecordsRequest>(body, left, v, flexible); break;
    case 22: decodeAs<InitProducerIdRequest>(body, left, v, flexible); break;
    case 32: decodeAs<DescribeConfigsRequest>(body, left, v, flexible); break;
    case 33: decodeAs<AlterConfigsRequest>(body, left, v, flexible); break;
    case 37: decodeAs<CreatePartitionsRequest>(body, left, v, flexible); break;
    case 8: decodeAs<OffsetCommitRequest>(body, left, v, flexible); break;
    case 9: decodeAs<OffsetFetchRequest>(body, left, v, flexible); break;
    case 10: decodeAs<FindCoordinatorRequest>(body, left, v, flexible); break;
    case 11: decodeAs<JoinGroupRequest>(body, left, v, flexible); break;
    case 12: decodeAs<HeartbeatRequest>(body, left, v, flexible); break;
    case 13: decodeAs<LeaveGroupRequest>(body, left, v, flexible); break;
    case 14: decodeAs<SyncGroupRequest>(body, left, v, flexible); break;
    case 15: decodeAs<DescribeGroupsRequest>(body, left, v, flexible); break;
    case 16: decodeAs<ListGroupsRequest>(body, left, v, flexible); break;
    case 42: decodeAs<DeleteGroupsRequest>(body, left, v, flexible); break;
    case 47: decodeAs<OffsetDeleteRequest>(body, left, v, flexible); break;
    default: break;
    }
}

void fuzzBatches(const uint8_t* p, size_t n) {
    std::vector<BatchSpan> spans;
    BytesView payload(p, n);
    validateBatches(payload, 1 << 20, spans);
    // Also parse records regardless of the CRC, as the timestamp lookup does
    // for stored batches, with a bounded decompression budget.
    std::string scratch;
    forEachRecord(payload, scratch, 1 << 20, [](const Record&) { return true; });
}

void fuzzGroupRecords(const uint8_t* p, size_t n) {
    BytesView all(p, n);
    (void)plexus::groups::decodeKey(all);
    (void)plexus::groups::decodeOffsetValue(all);
    (void)plexus::groups::decodeGroupValue(all);
    std::string s(reinterpret_cast<const char*>(p), n);
    (void)plexus::groups::parseSubscriptionTopics(s);
    (void)plexus::groups::parseAssignment(s);
    (void)plexus::groups::offsetsPartitionFor(s, 50);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    if ((data[0] & 1) != 0) fuzzBatches(data + 1, size - 1);
    else if ((data[0] & 2) != 0) fuzzGroupRecords(data + 1, size - 1);
    else fuzzRequest(data + 1, size - 1);
    return 0;
}

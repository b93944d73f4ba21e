// libFuzzer target for the request decoder and the record batch parser.
// The first input byte picks what to fuzz; the rest is the input:
//   even: a request frame body (header + message) decoded for every API
//   odd:  a produce payload run through batch validation and record parsing
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    if ((data[0] & 1) == 0) fuzzRequest(data + 1, size - 1);
    else fuzzBatches(data + 1, size - 1);
    return 0;
}

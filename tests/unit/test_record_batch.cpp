// Record batches: CRC-32C vectors, a batch written out byte by byte from the
// v2 layout, validation failures, and the four compression codecs.
#include <QtTest>

#include "broker/protocol/compression.h"
#include "broker/protocol/crc32c.h"
#include "broker/protocol/record_batch.h"
#include "tests/support/raw_client.h"

using namespace plexus::protocol;

namespace {

/// A one-record batch assembled by hand from the spec, not by any project code
/// except the CRC (itself checked against published vectors below).
std::vector<uint8_t> handBatch() {
    std::vector<uint8_t> rec = {
        0x00,             // attributes
        0x00,             // timestampDelta 0
        0x00,             // offsetDelta 0
        0x02, 'k',        // key length 1
        0x04, 'v', 'w',   // value length 2
        0x02,             // 1 header
        0x02, 'h',        // header key "h"
        0x02, 'x',        // header value "x"
    };
    std::vector<uint8_t> b = {
        0, 0, 0, 0, 0, 0, 0, 0,              // baseOffset
        0, 0, 0, 0,                          // batchLength (patched)
        0xff, 0xff, 0xff, 0xff,              // partitionLeaderEpoch
        2,                                   // magic
        0, 0, 0, 0,                          // crc (patched)
        0, 0,                                // attributes
        0, 0, 0, 0,                          // lastOffsetDelta
        0, 0, 0x01, 0x7f, 0, 0, 0, 0,        // baseTimestamp
        0, 0, 0x01, 0x7f, 0, 0, 0, 0,        // maxTimestamp
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // producerId -1
        0xff, 0xff,                          // producerEpoch -1
        0xff, 0xff, 0xff, 0xff,              // baseSequence -1
        0, 0, 0, 1,                          // records count
    };
    b.push_back(static_cast<uint8_t>(rec.size() << 1));  // record length varint
    b.insert(b.end(), rec.begin(), rec.end());
    storeBe32(b.data() + 8, static_cast<uint32_t>(b.size() - 12));
    storeBe32(b.data() + 17, crc32c(b.data() + 21, b.size() - 21));
    return b;
}

BytesView view(const std::vector<uint8_t>& v) { return BytesView(v.data(), v.size()); }
BytesView view(const std::string& s) { return BytesView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

}  // namespace

class TestRecordBatch : public QObject {
    Q_OBJECT
private slots:
    void crc32cPublishedVectors() {
        // RFC 3720 appendix B.4 and the common "123456789" check value.
        QCOMPARE(crc32c("123456789", 9), 0xE3069283u);
        std::vector<uint8_t> zeros(32, 0), ones(32, 0xff), inc(32);
        for (int i = 0; i < 32; ++i) inc[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
        QCOMPARE(crc32c(zeros.data(), 32), 0x8A9136AAu);
        QCOMPARE(crc32c(ones.data(), 32), 0x62A8AB43u);
        QCOMPARE(crc32c(inc.data(), 32), 0x46DD794Eu);
        // Incremental form equals one pass.
        QCOMPARE(crc32c(inc.data() + 7, 25, crc32c(inc.data(), 7)), 0x46DD794Eu);
    }

    void handWrittenBatchValidatesAndParses() {
        auto b = handBatch();
        std::vector<BatchSpan> spans;
        auto check = validateBatches(view(b), 1 << 20, spans);
        QVERIFY2(check.ok(), check.message.c_str());
        QCOMPARE(spans.size(), size_t(1));
        QCOMPARE(spans[0].header.recordCount, 1);
        QCOMPARE(spans[0].header.baseTimestamp, int64_t(0x17f00000000));
        std::string scratch;
        int n = 0;
        std::string key, value;
        size_t headers = 0;
        auto r = forEachRecord(view(b), scratch, 1 << 20, [&](const Record& rec) {
            ++n;
            key.assign(reinterpret_cast<const char*>(rec.key->data()), rec.key->size());
            value.assign(reinterpret_cast<const char*>(rec.value->data()), rec.value->size());
            headers = rec.headers.size();
            return true;
        });
        QCOMPARE(key, std::string("k"));
        QCOMPARE(value, std::string("vw"));
        QCOMPARE(headers, size_t(1));
        QVERIFY(r.ok());
        QCOMPARE(n, 1);
    }

    void twoBatchesInOnePayload() {
        auto a = handBatch();
        auto b = handBatch();
        a.insert(a.end(), b.begin(), b.end());
        std::vector<BatchSpan> spans;
        QVERIFY(validateBatches(view(a), 1 << 20, spans).ok());
        QCOMPARE(spans.size(), size_t(2));
        QCOMPARE(spans[1].offset, b.size());
    }

    void badCrcIsCorruptMessage() {
        auto b = handBatch();
        b.back() ^= 0x01;
        std::vector<BatchSpan> spans;
        auto check = validateBatches(view(b), 1 << 20, spans);
        QCOMPARE(check.code, ErrorCode::CorruptMessage);
        QVERIFY(check.message.find("CRC") != std::string::npos);
    }

    void truncatedBatchIsCorruptMessage() {
        auto b = handBatch();
        b.resize(b.size() - 3);
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(b), 1 << 20, spans).code, ErrorCode::CorruptMessage);
        b.resize(40);
        QCOMPARE(validateBatches(view(b), 1 << 20, spans).code, ErrorCode::CorruptMessage);
    }

    void hugeLengthIsRejectedNotTrusted() {
        auto b = handBatch();
        storeBe32(b.data() + 8, 0x7fffffff);
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(b), std::numeric_limits<size_t>::max(), spans).code, ErrorCode::CorruptMessage);
        QCOMPARE(validateBatches(view(b), 1 << 20, spans).code, ErrorCode::MessageTooLarge);
    }

    void oversizedBatchIsMessageTooLarge() {
        auto b = handBatch();
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(b), b.size() - 1, spans).code, ErrorCode::MessageTooLarge);
        QVERIFY(validateBatches(view(b), b.size(), spans).ok());
    }

    void oldMagicIsUnsupported() {
        auto b = handBatch();
        b[16] = 1;
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(b), 1 << 20, spans).code, ErrorCode::UnsupportedForMessageFormat);
    }

    void recordCountMismatchIsCorrupt() {
        auto b = handBatch();
        storeBe32(b.data() + 57, 2);  // claims 2 records, holds 1
        storeBe32(b.data() + 23, 1);
        storeBe32(b.data() + 17, crc32c(b.data() + 21, b.size() - 21));
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(b), 1 << 20, spans).code, ErrorCode::CorruptMessage);
    }

    void offsetDeltaMustMatchThePosition() {
        auto b = handBatch();
        QCOMPARE(b[64], uint8_t(0x00));  // the record's offsetDelta varint
        b[64] = 0x0e;                     // claims offset delta 7 in a one-record batch
        storeBe32(b.data() + 17, crc32c(b.data() + 21, b.size() - 21));
        std::vector<BatchSpan> spans;
        auto check = validateBatches(view(b), 1 << 20, spans);
        QCOMPARE(check.code, ErrorCode::CorruptMessage);
        QVERIFY2(check.message.find("offset delta") != std::string::npos, check.message.c_str());
    }

    void maxTimestampMustMatchTheRecords() {
        auto b = handBatch();
        storeBe64(b.data() + 35, loadBe64(b.data() + 35) - 86400000);  // a day older than its record
        storeBe32(b.data() + 17, crc32c(b.data() + 21, b.size() - 21));
        std::vector<BatchSpan> spans;
        auto check = validateBatches(view(b), 1 << 20, spans);
        QCOMPARE(check.code, ErrorCode::CorruptMessage);
        QVERIFY2(check.message.find("maxTimestamp") != std::string::npos, check.message.c_str());
    }

    void compressedRecordCountIsChecked() {
        std::vector<plexus::test::TestRecord> recs = {{"a", "1", {}, 0}, {"b", "2", {}, 1}, {"c", "3", {}, 2}};
        auto batch = plexus::test::buildBatch(recs, {.baseTimestamp = 5, .compression = 4});
        auto* p = reinterpret_cast<uint8_t*>(batch.data());
        storeBe32(p + 57, 4);  // 4 records claimed, 3 inside the zstd frame
        storeBe32(p + 23, 3);
        storeBe32(p + 17, crc32c(p + 21, batch.size() - 21));
        std::vector<BatchSpan> spans;
        QCOMPARE(validateBatches(view(batch), 1 << 20, spans).code, ErrorCode::CorruptMessage);
    }

    void everyCodecRoundTrips_data() {
        QTest::addColumn<int>("codec");
        QTest::newRow("gzip") << 1;
        QTest::newRow("snappy") << 2;
        QTest::newRow("lz4") << 3;
        QTest::newRow("zstd") << 4;
    }
    void everyCodecRoundTrips() {
        QFETCH(int, codec);
        std::vector<plexus::test::TestRecord> recs;
        for (int i = 0; i < 200; ++i)
            recs.push_back({"key" + std::to_string(i), std::string(100, static_cast<char>('a' + i % 26)), {{"h", "v"}}, i});
        auto batch = plexus::test::buildBatch(recs, {.baseTimestamp = 1000, .compression = codec});
        std::vector<BatchSpan> spans;
        QVERIFY(validateBatches(view(batch), 1 << 20, spans).ok());
        QCOMPARE(static_cast<int>(spans[0].header.compression()), codec);
        QVERIFY(batch.size() < 200 * 100);  // it did compress
        std::string scratch;
        int n = 0;
        auto r = forEachRecord(view(batch), scratch, 1 << 20, [&](const Record& rec) {
            if (rec.offsetDelta != n || rec.timestampDelta != n) return false;
            ++n;
            return true;
        });
        QVERIFY2(r.ok(), r.message.c_str());
        QCOMPARE(n, 200);
    }

    void decompressionIsBounded_data() { everyCodecRoundTrips_data(); }
    void decompressionIsBounded() {
        QFETCH(int, codec);
        std::string big(4 << 20, 'z'), packed, out;
        QVERIFY(compress(static_cast<Compression>(codec), view(big), packed).empty());
        QVERIFY(packed.size() < big.size() / 10);
        auto err = decompress(static_cast<Compression>(codec), view(packed), out, 1 << 20);
        QVERIFY(!err.empty());
        QVERIFY(out.size() <= (1 << 20) + (64 << 10));
        out.clear();
        QVERIFY(decompress(static_cast<Compression>(codec), view(packed), out, 8 << 20).empty());
        QCOMPARE(out, big);
    }

    void snappyXerialFramingIsUnderstood() {
        std::string data(5000, 'q'), raw;
        compress(Compression::Snappy, view(data), raw);
        std::vector<uint8_t> framed = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
        uint8_t len[4];
        storeBe32(len, static_cast<uint32_t>(raw.size()));
        framed.insert(framed.end(), len, len + 4);
        framed.insert(framed.end(), raw.begin(), raw.end());
        framed.insert(framed.end(), len, len + 4);  // the same block twice
        framed.insert(framed.end(), raw.begin(), raw.end());
        std::string out;
        QVERIFY(decompress(Compression::Snappy, view(framed), out, 1 << 20).empty());
        QCOMPARE(out, data + data);
    }

    void garbageDoesNotDecompress_data() { everyCodecRoundTrips_data(); }
    void garbageDoesNotDecompress() {
        QFETCH(int, codec);
        std::string junk = "this is not a compressed stream at all, not even close";
        std::string out;
        QVERIFY(!decompress(static_cast<Compression>(codec), view(junk), out, 1 << 20).empty());
    }
};

QTEST_GUILESS_MAIN(TestRecordBatch)
#include "test_record_batch.moc"

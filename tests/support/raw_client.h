#pragma once
// RawClient: a blocking Kafka connection that sends hand-built frames, for
// tests that must send what no well-behaved client would (bad lengths, bad
// CRCs, unknown APIs). Also builds record batches byte by byte, following
// the record batch v2 layout, independently of the broker's parser.
#include <QByteArray>
#include <QTcpSocket>
#include <optional>
#include <string>
#include <vector>

#include "broker/protocol/codec.h"
#include "broker/protocol/messages.h"

namespace plexus::test {

class RawClient {
public:
    bool connect(const QString& host, quint16 port, int timeoutMs = 5000);
    bool sendRaw(const QByteArray& bytes);
    /// Reads one response frame (without its length prefix).
    std::optional<QByteArray> readFrame(int timeoutMs = 5000);
    /// True when the peer closes the connection within the timeout.
    bool waitClosed(int timeoutMs = 5000);

    /// Sends a request with header v1 and returns the response body (after
    /// the correlation id, which is checked).
    template <class Req, class Resp>
    std::optional<Resp> call(int16_t apiKey, int16_t version, const Req& req, int timeoutMs = 10000) {
        protocol::Writer body;
        protocol::encodeMessage(body, req, version, false);
        int32_t corr = ++m_correlation;
        if (!sendRaw(frame(apiKey, version, corr, body.buffer()))) return std::nullopt;
        auto f = readFrame(timeoutMs);
        if (!f) return std::nullopt;
        protocol::Reader r(reinterpret_cast<const uint8_t*>(f->data()), static_cast<size_t>(f->size()));
        if (r.i32() != corr) return std::nullopt;
        Resp resp;
        if (!protocol::decodeMessage(r, resp, version, false)) return std::nullopt;
        return resp;
    }

    /// A whole request frame with header v1.
    static QByteArray frame(int16_t apiKey, int16_t version, int32_t correlationId, const std::vector<uint8_t>& body,
                            const char* clientId = "raw-test");

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    int32_t m_correlation = 0;
};

struct TestRecord {
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::string>> headers;
    int64_t timestampDelta = 0;
};

struct BatchOptions {
    int64_t baseTimestamp = 0;
    int64_t producerId = -1;
    int16_t producerEpoch = -1;
    int32_t baseSequence = -1;
    int compression = 0;  ///< 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd
};

/// Encodes a record batch (magic 2) with a correct CRC-32C.
std::string buildBatch(const std::vector<TestRecord>& records, const BatchOptions& options = {});

}  // namespace plexus::test

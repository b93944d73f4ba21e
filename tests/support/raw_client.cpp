#include "tests/support/raw_client.h"

#include <QDeadlineTimer>

#include "broker/protocol/compression.h"
#include "broker/protocol/crc32c.h"

namespace plexus::test {

bool RawClient::connect(const QString& host, quint16 port, int timeoutMs) {
    m_socket.connectToHost(host, port);
    return m_socket.waitForConnected(timeoutMs);
}

bool RawClient::sendRaw(const QByteArray& bytes) {
    if (m_socket.write(bytes) != bytes.size()) return false;
    while (m_socket.bytesToWrite() > 0)
        if (!m_socket.waitForBytesWritten(5000)) return false;
    return true;
}

std::optional<QByteArray> RawClient::readFrame(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (m_buffer.size() >= 4) {
            auto len = static_cast<int32_t>(protocol::loadBe32(reinterpret_cast<const uint8_t*>(m_buffer.data())));
            if (len >= 0 && m_buffer.size() >= 4 + len) {
                QByteArray f = m_buffer.mid(4, len);
                m_buffer.remove(0, 4 + len);
                return f;
            }
        }
        if (deadline.hasExpired()) return std::nullopt;
        if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0) return std::nullopt;
        if (m_socket.bytesAvailable() == 0)
            m_socket.waitForReadyRead(static_cast<int>(std::max<qint64>(1, deadline.remainingTime())));
        m_buffer += m_socket.readAll();
    }
}

bool RawClient::waitClosed(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_socket.state() == QAbstractSocket::UnconnectedState) return true;
        if (!m_socket.waitForReadyRead(50)) {
            if (m_socket.state() == QAbstractSocket::UnconnectedState ||
                m_socket.error() == QAbstractSocket::RemoteHostClosedError)
                return true;
        }
        m_socket.readAll();
    }
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

QByteArray RawClient::frame(int16_t apiKey, int16_t version, int32_t correlationId, const std::vector<uint8_t>& body,
                            const char* clientId) {
    protocol::Writer w;
    w.i32(0);
    w.i16(apiKey);
    w.i16(version);
    w.i32(correlationId);
    std::string cid(clientId);
    w.i16(static_cast<int16_t>(cid.size()));
    w.raw(cid.data(), cid.size());
    w.raw(body.data(), body.size());
    w.patchI32(0, static_cast<int32_t>(w.size() - 4));
    return QByteArray(reinterpret_cast<const char*>(w.buffer().data()), static_cast<qsizetype>(w.size()));
}

std::string buildBatch(const std::vector<TestRecord>& records, const BatchOptions& o) {
    protocol::Writer recs;
    int32_t delta = 0;
    for (const auto& r : records) {
        protocol::Writer body;
        body.i8(0);
        body.varlong(r.timestampDelta);
        body.varint(delta++);
        if (r.key) { body.varint(static_cast<int32_t>(r.key->size())); body.raw(r.key->data(), r.key->size()); }
        else body.varint(-1);
        if (r.value) { body.varint(static_cast<int32_t>(r.value->size())); body.raw(r.value->data(), r.value->size()); }
        else body.varint(-1);
        body.varint(static_cast<int32_t>(r.headers.size()));
        for (const auto& [k, v] : r.headers) {
            body.varint(static_cast<int32_t>(k.size()));
            body.raw(k.data(), k.size());
            body.varint(static_cast<int32_t>(v.size()));
            body.raw(v.data(), v.size());
        }
        recs.varint(static_cast<int32_t>(body.size()));
        recs.raw(body.buffer().data(), body.size());
    }
    std::string payload;
    protocol::compress(static_cast<protocol::Compression>(o.compression),
                       protocol::BytesView(recs.buffer().data(), recs.size()), payload);
    int64_t maxTs = o.baseTimestamp;
    for (const auto& r : records) maxTs = std::max(maxTs, o.baseTimestamp + r.timestampDelta);
    protocol::Writer b;
    b.i64(0);                                         // baseOffset
    b.i32(0);                                         // batchLength, patched
    b.i32(-1);                                        // partitionLeaderEpoch
    b.i8(2);                                          // magic
    b.u32(0);                                         // crc, patched
    b.i16(static_cast<int16_t>(o.compression));       // attributes
    b.i32(static_cast<int32_t>(records.size()) - 1);  // lastOffsetDelta
    b.i64(o.baseTimestamp);
    b.i64(maxTs);
    b.i64(o.producerId);
    b.i16(o.producerEpoch);
    b.i32(o.baseSequence);
    b.i32(static_cast<int32_t>(records.size()));
    b.raw(payload.data(), payload.size());
    b.patchI32(8, static_cast<int32_t>(b.size() - 12));
    auto& buf = b.buffer();
    uint32_t crc = protocol::crc32c(buf.data() + 21, buf.size() - 21);
    protocol::storeBe32(buf.data() + 17, crc);
    return std::string(reinterpret_cast<const char*>(buf.data()), buf.size());
}

}  // namespace plexus::test

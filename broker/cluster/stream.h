#pragma once
// The byte stream under an RPC connection, and a frame reader over it.
//
// Stream is plain TCP today. TLS goes here later: make Stream an
// asio::ssl::stream<tcp::socket>, do the TLS handshake in
// RpcServer (server side) and PeerLink (client side) right after the TCP
// connect/accept, before the Hello frames, and let lowestLayer()/closeStream()
// reach the TCP socket. Everything else only reads and writes a Stream.
//
// Threading: a Stream and its FrameReader belong to one connection and are
// used on the io_context thread only.
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "broker/cluster/wire.h"
#include "broker/common/result.h"

namespace plexus::cluster {

using Stream = boost::asio::ip::tcp::socket;

inline boost::asio::ip::tcp::socket& lowestLayer(Stream& s) { return s; }

/// Shuts down and closes; pending operations complete with operation_aborted.
inline void closeStream(Stream& s) {
    boost::system::error_code ec;
    lowestLayer(s).shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    lowestLayer(s).close(ec);
}

/// Options of every RPC connection: no Nagle delay; keep-alive probes after
/// 5 s of silence (every 2 s, 3 tries) so that a peer that vanished without
/// a FIN (power loss, network partition) is noticed in about 11 s; and,
/// where the kernel has it, TCP_USER_TIMEOUT so that a write unacknowledged
/// for `userTimeout` fails instead of waiting for TCP's retransmission
/// timeout (minutes). Best effort: an option the kernel refuses is skipped.
inline void tuneSocket(Stream& s, std::chrono::milliseconds userTimeout) {
    namespace asio = boost::asio;
    auto& sock = lowestLayer(s);
    boost::system::error_code ec;
    sock.set_option(asio::ip::tcp::no_delay(true), ec);
    sock.set_option(asio::socket_base::keep_alive(true), ec);
    const int fd = sock.native_handle();
    auto setInt = [fd](int name, int value) { ::setsockopt(fd, IPPROTO_TCP, name, &value, sizeof value); };
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
    setInt(TCP_KEEPIDLE, 5);
    setInt(TCP_KEEPINTVL, 2);
    setInt(TCP_KEEPCNT, 3);
#endif
#ifdef TCP_USER_TIMEOUT
    if (userTimeout.count() > 0) setInt(TCP_USER_TIMEOUT, static_cast<int>(userTimeout.count()));
#else
    (void)userTimeout;
#endif
}

inline std::string remoteName(Stream& s) {
    boost::system::error_code ec;
    auto ep = lowestLayer(s).remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

/// Reads whole frames through a buffer. A frame's length is checked before
/// its buffer grows; the view returned by next() stays valid until the next
/// call.
class FrameReader {
public:
    struct Frame {
        bool ok = false;       ///< false: the stream ended, failed, or a length was refused
        bool eof = false;      ///< the stream ended cleanly between frames
        std::string error;     ///< why, when !ok and !eof
        std::string_view body; ///< kind byte + payload
        size_t wireBytes = 0;  ///< with the length prefix
    };

    explicit FrameReader(std::shared_ptr<Stream> stream) : m_stream(std::move(stream)) { m_buf.resize(kBufferBytes); }

    boost::asio::awaitable<Frame> next(uint32_t maxFrameBytes) {
        Frame f;
        if (m_pos == m_have) {
            m_pos = m_have = 0;
            if (m_buf.size() > kBufferBytes) {  // a large frame passed: give its memory back
                m_buf.resize(kBufferBytes);
                m_buf.shrink_to_fit();
            }
        }
        if (!co_await fill(4)) {
            f.eof = m_have == m_pos && (m_error == boost::asio::error::eof);
            f.error = m_have != m_pos ? "connection ended inside a frame length" : m_error.message();
            co_return f;
        }
        auto length = readFrameHeader(std::string_view(m_buf.data() + m_pos, 4), maxFrameBytes);
        if (!length.isOk()) {
            f.error = length.message();
            co_return f;
        }
        const size_t total = 4 + static_cast<size_t>(length.value());
        if (!co_await fill(total)) {
            f.error = "connection ended inside a " + std::to_string(length.value()) + "-byte frame";
            co_return f;
        }
        f.ok = true;
        f.body = std::string_view(m_buf.data() + m_pos + 4, length.value());
        f.wireBytes = total;
        m_pos += total;
        co_return f;
    }

private:
    /// Ensures n bytes from m_pos are buffered.
    boost::asio::awaitable<bool> fill(size_t n) {
        namespace asio = boost::asio;
        if (m_have - m_pos >= n) co_return true;
        if (m_pos > 0) {
            std::memmove(m_buf.data(), m_buf.data() + m_pos, m_have - m_pos);
            m_have -= m_pos;
            m_pos = 0;
        }
        if (m_buf.size() < n) m_buf.resize(n);
        while (m_have < n) {
            boost::system::error_code ec;
            size_t got = co_await m_stream->async_read_some(asio::buffer(m_buf.data() + m_have, m_buf.size() - m_have),
                                                            asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                m_error = ec;
                co_return false;
            }
            m_have += got;
        }
        co_return true;
    }

    static constexpr size_t kBufferBytes = 64 * 1024;

    std::shared_ptr<Stream> m_stream;
    std::vector<char> m_buf;
    size_t m_have = 0, m_pos = 0;
    boost::system::error_code m_error;
};

}  // namespace plexus::cluster

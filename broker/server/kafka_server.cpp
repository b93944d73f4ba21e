#include "broker/server/kafka_server.h"

#include <deque>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "broker/protocol/api_keys.h"
#include "broker/protocol/request.h"
#include "broker/server/listener.h"

namespace plexus::server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
bool looksLikeHttp(const uint8_t* p) {
    static const char* verbs[] = {"GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "PATC", "CONN"};
    for (auto v : verbs)
        if (std::memcmp(p, v, 4) == 0) return true;
    return false;
}
}  // namespace

class KafkaSession : public ResponseSink, public std::enable_shared_from_this<KafkaSession> {
public:
    KafkaSession(Broker& broker, Dispatcher& dispatcher, tcp::socket socket)
        : m_broker(broker), m_dispatcher(dispatcher), m_socket(std::move(socket)), m_wake(m_socket.get_executor()) {
        boost::system::error_code ec;
        auto ep = m_socket.remote_endpoint(ec);
        m_peer = ec ? "unknown" : ep.address().to_string() + ":" + std::to_string(ep.port());
        m_socket.set_option(tcp::no_delay(true), ec);
        m_broker.metrics().connectionOpened();
    }
    ~KafkaSession() override { m_broker.metrics().connectionClosed(); }

    void start() {
        asio::co_spawn(m_socket.get_executor(), [self = shared_from_this()] { return self->readLoop(); }, asio::detached);
    }

    void close() {
        if (m_closed) return;
        m_closed = true;
        m_keepAlive.reset();  // callers hold their own reference while this runs
        boost::system::error_code ec;
        m_socket.shutdown(tcp::socket::shutdown_both, ec);
        m_socket.close(ec);
        m_wake.cancel();
        m_slots.clear();
    }

    void send(uint64_t slot, std::vector<uint8_t> frame) override {
        if (Slot* s = find(slot); s && !s->ready) {
            s->frame = std::move(frame);
            s->ready = true;
            m_broker.metrics().recordRequest(s->apiKey, secondsSince(s->received));
            pump();
        }
    }
    void skip(uint64_t slot) override {
        if (Slot* s = find(slot)) {
            s->ready = true;
            s->skip = true;
            m_broker.metrics().recordRequest(s->apiKey, secondsSince(s->received));
            pump();
        }
    }
    void abort(uint64_t slot, const std::string& why) override {
        dropSlotsFrom(slot);
        protocolError(why);
    }

    void refuse(uint64_t slot, const std::string& why) override {
        dropSlotsFrom(slot);
        if (m_closed || m_closing) return;
        spdlog::debug("closing Kafka connection from {}: {}", m_peer, why);
        finishReading();
    }

private:
    /// The request in `slot` (and anything after it) will never be answered.
    void dropSlotsFrom(uint64_t slot) {
        while (!m_slots.empty() && m_slots.back().id >= slot) m_slots.pop_back();
    }

    struct Slot {
        uint64_t id = 0;
        int16_t apiKey = 0;
        std::chrono::steady_clock::time_point received;
        bool ready = false;
        bool skip = false;
        std::vector<uint8_t> frame;
    };

    static double secondsSince(std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    }

    Slot* find(uint64_t id) {
        if (m_closed || m_slots.empty() || id < m_slots.front().id) return nullptr;
        size_t idx = static_cast<size_t>(id - m_slots.front().id);
        return idx < m_slots.size() ? &m_slots[idx] : nullptr;
    }

    /// Logs once, stops reading, sends the answers already made for earlier
    /// requests, then closes.
    void protocolError(const std::string& why) {
        if (m_closed || m_closing) return;
        spdlog::warn("closing Kafka connection from {}: {}", m_peer, why);
        m_broker.metrics().protocolError();
        finishReading();
    }

    /// No more requests will be read: stay alive until the answers still owed
    /// are written (nothing else may hold the session then), then close.
    void finishReading() {
        m_closing = true;
        m_wake.cancel();
        if (!m_slots.empty()) m_keepAlive = shared_from_this();
        pump();
    }

    /// Writes every answered request at the head of the queue, in order.
    void pump() {
        if (m_writing || m_closed) return;
        m_out.clear();
        m_outBuffers.clear();
        while (!m_slots.empty() && m_slots.front().ready) {
            if (!m_slots.front().skip) m_out.push_back(std::move(m_slots.front().frame));
            m_slots.pop_front();
        }
        if (m_slots.size() < static_cast<size_t>(m_broker.config().maxInflightPerConnection)) m_wake.cancel();
        if (m_out.empty()) {
            if (m_closing && m_slots.empty()) close();  // else wait for the answers still owed
            return;
        }
        for (auto& f : m_out) m_outBuffers.emplace_back(asio::buffer(f));
        m_writing = true;
        asio::async_write(m_socket, m_outBuffers, [self = shared_from_this()](boost::system::error_code ec, size_t) {
            self->m_writing = false;
            if (ec) {
                if (!self->m_closed) spdlog::debug("write to {} failed: {}", self->m_peer, ec.message());
                self->close();
                return;
            }
            self->pump();
        });
    }

    /// Ensures at least n bytes are buffered. Returns false on EOF or error.
    asio::awaitable<bool> fill(size_t n) {
        while (m_have - m_pos < n) {
            if (m_pos > 0) {
                std::memmove(m_buf.data(), m_buf.data() + m_pos, m_have - m_pos);
                m_have -= m_pos;
                m_pos = 0;
            }
            if (m_buf.size() < n) m_buf.resize(n);
            boost::system::error_code ec;
            size_t got = co_await m_socket.async_read_some(asio::buffer(m_buf.data() + m_have, m_buf.size() - m_have),
                                                           asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                m_readError = ec;
                co_return false;
            }
            m_have += got;
        }
        co_return true;
    }

    asio::awaitable<void> readLoop() {
        auto self = shared_from_this();
        m_buf.resize(64 * 1024);
        const auto maxFrame = m_broker.config().socketRequestMaxBytes;
        const auto maxInflight = static_cast<size_t>(m_broker.config().maxInflightPerConnection);
        while (!m_closed && !m_closing) {
            while (m_slots.size() >= maxInflight && !m_closed && !m_closing) {
                m_wake.expires_after(std::chrono::hours(1));
                boost::system::error_code ec;
                co_await m_wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            }
            if (m_closed || m_closing) break;
            if (!co_await fill(4)) {
                if (m_have != m_pos) protocolError("connection ended inside a frame length (truncated frame)");
                break;
            }
            const uint8_t* lp = m_buf.data() + m_pos;
            auto len = static_cast<int32_t>(protocol::loadBe32(lp));
            if (looksLikeHttp(lp)) {
                protocolError("received an HTTP request on the Kafka port; the admin API listens on " + m_broker.adminBound.str());
                break;
            }
            if (len < 0 || len > maxFrame) {
                protocolError("frame length " + std::to_string(len) + " is outside 0.." + std::to_string(maxFrame) +
                              " (socket.request.max.bytes)");
                break;
            }
            if (len < 8) {
                protocolError("frame of " + std::to_string(len) + " bytes is too short for a request header");
                break;
            }
            m_pos += 4;
            auto frame = std::make_shared<std::vector<uint8_t>>(static_cast<size_t>(len));
            size_t buffered = std::min(m_have - m_pos, static_cast<size_t>(len));
            std::memcpy(frame->data(), m_buf.data() + m_pos, buffered);
            m_pos += buffered;
            if (buffered < static_cast<size_t>(len)) {
                boost::system::error_code ec;
                co_await asio::async_read(m_socket, asio::buffer(frame->data() + buffered, frame->size() - buffered),
                                          asio::redirect_error(asio::use_awaitable, ec));
                if (ec) {
                    if (!m_closed) protocolError("connection ended inside a " + std::to_string(len) + "-byte frame (truncated frame)");
                    break;
                }
            }
            if (m_pos == m_have) m_pos = m_have = 0;
            dispatch(std::move(frame));
        }
        if (m_readError && m_readError != asio::error::eof && m_readError != asio::error::operation_aborted && !m_closed)
            spdlog::debug("read from {} failed: {}", m_peer, m_readError.message());
        // Answers still owed are written by pump(); it closes when done.
        finishReading();
    }

    void dispatch(std::shared_ptr<std::vector<uint8_t>> frame) {
        IncomingRequest req;
        req.frame = frame;
        req.peer = m_peer;
        req.received = std::chrono::steady_clock::now();
        protocol::Reader r(frame->data(), frame->size());
        if (!protocol::parseRequestHeaderFixed(r, req.header, req.flexible)) {
            protocolError(std::string("malformed request header: ") + r.error());
            return;
        }
        const int16_t key = req.header.apiKey;
        const auto h = m_dispatcher.versions(key);
        if (!h) {
            protocolError("unknown API key " + std::to_string(key) + " (" + std::string(protocol::apiName(key)) + ")");
            return;
        }
        Slot slot;
        slot.id = m_nextSlot++;
        slot.apiKey = key;
        slot.received = req.received;
        if (req.header.apiVersion < h->min || req.header.apiVersion > h->max) {
            if (key == static_cast<int16_t>(protocol::ApiKey::ApiVersions)) {
                m_slots.push_back(std::move(slot));
                send(m_slots.back().id, m_dispatcher.unsupportedApiVersionsFrame(req.header.correlationId));
                return;
            }
            protocolError(std::string(protocol::apiName(key)) + " v" + std::to_string(req.header.apiVersion) +
                          " is not supported; this node serves v" + std::to_string(h->min) + "..v" +
                          std::to_string(h->max));
            return;
        }
        if (req.flexible && !protocol::skipHeaderTags(r)) {
            protocolError(std::string("malformed request header: ") + r.error());
            return;
        }
        // Authenticate: a PLAINTEXT listener authenticates every connection
        // as User:ANONYMOUS at once; SASL will hold it until the exchange ends.
        if (!m_authenticated && !m_dispatcher.allowedBeforeAuthentication(key)) {
            protocolError(std::string(protocol::apiName(key)) + " before authentication");
            return;
        }
        req.principal = m_principal;
        req.body = protocol::BytesView(frame->data() + r.position(), frame->size() - r.position());
        req.slot = slot.id;
        m_slots.push_back(std::move(slot));
        req.sink = std::static_pointer_cast<ResponseSink>(shared_from_this());
        try {
            m_dispatcher.dispatch(std::move(req));
        } catch (const std::exception& e) {
            // No exception may escape into Asio; treat it as a server error.
            spdlog::error("{} handler failed for {}: {}", protocol::apiName(key), m_peer, e.what());
            protocolError("internal error while handling the request");
        }
    }

    Broker& m_broker;
    Dispatcher& m_dispatcher;
    tcp::socket m_socket;
    Principal m_principal;        ///< User:ANONYMOUS on a PLAINTEXT listener
    bool m_authenticated = true;  ///< PLAINTEXT: authenticated on connect
    asio::steady_timer m_wake;
    std::string m_peer;
    std::vector<uint8_t> m_buf;
    size_t m_have = 0, m_pos = 0;
    boost::system::error_code m_readError;
    std::deque<Slot> m_slots;
    uint64_t m_nextSlot = 0;
    bool m_writing = false;
    bool m_closed = false;
    bool m_closing = false;  ///< no more reads; close once owed answers are written
    std::shared_ptr<KafkaSession> m_keepAlive;  ///< set while closing with answers owed
    std::vector<std::vector<uint8_t>> m_out;
    std::vector<asio::const_buffer> m_outBuffers;
};

KafkaServer::KafkaServer(Broker& broker, Dispatcher& dispatcher)
    : m_broker(broker), m_dispatcher(dispatcher), m_listener(broker.io(), "Kafka") {}

KafkaServer::~KafkaServer() { stop(); }

Status KafkaServer::listen(const HostPort& addr) { return m_listener.listen(addr, m_broker.kafkaBound); }

void KafkaServer::start() {
    m_listener.start([this](tcp::socket sock) {
        auto session = std::make_shared<KafkaSession>(m_broker, m_dispatcher, std::move(sock));
        m_sessions.remove_if([](const auto& w) { return w.expired(); });
        m_sessions.push_back(session);
        session->start();
    });
}

void KafkaServer::stop() {
    m_listener.stop();
    for (auto& w : m_sessions)
        if (auto s = w.lock()) s->close();
    m_sessions.clear();
}

}  // namespace plexus::server

#include "broker/http/registry_server.h"

#include <cctype>
#include <charconv>
#include <limits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "broker/http/accept_loop.h"
#include "broker/protocol/batch_builder.h"
#include "broker/registry/field_tags.h"
#include "broker/registry/schema_types.h"
#include "broker/protocol/record_batch.h"
#include "broker/server/listener.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/partition_log.h"
#include "broker/storage/record_scan.h"

namespace plexus::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using nlohmann::json;
using namespace plexus::registry;

namespace {

using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
constexpr char kContentType[] = "application/vnd.schemaregistry.v1+json";

Response reply(bhttp::status status, const json& body, const Request& req) {
    Response res{status, req.version()};
    res.set(bhttp::field::server, "plexusd");
    res.set(bhttp::field::content_type, kContentType);
    res.keep_alive(req.keep_alive());
    res.body() = body.dump();
    res.prepare_payload();
    return res;
}

Response replyError(const Error& e, const Request& req) {
    return reply(static_cast<bhttp::status>(httpStatus(e.code)), {{"error_code", static_cast<int>(e.code)}, {"message", e.message}}, req);
}

Response replyError(int http, int code, const std::string& message, const Request& req) {
    return reply(static_cast<bhttp::status>(http), {{"error_code", code}, {"message", message}}, req);
}

std::string percentDecode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else if (s[i] == '+') {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

struct Target {
    std::vector<std::string> path;
    std::map<std::string, std::string> query;
    bool flag(const std::string& k) const {
        auto it = query.find(k);
        return it != query.end() && (it->second == "true" || it->second.empty());
    }
    std::string get(const std::string& k) const {
        auto it = query.find(k);
        return it == query.end() ? std::string() : it->second;
    }
};

Target parseTarget(std::string_view t) {
    Target out;
    std::string_view path = t, query;
    if (auto q = t.find('?'); q != std::string_view::npos) {
        path = t.substr(0, q);
        query = t.substr(q + 1);
    }
    size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) out.path.push_back(percentDecode(path.substr(i, j - i)));
        i = j;
    }
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view kv = query.substr(0, amp);
        size_t eq = kv.find('=');
        out.query[percentDecode(kv.substr(0, eq))] = eq == std::string_view::npos ? std::string() : percentDecode(kv.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
    }
    return out;
}

std::optional<int> parseId(const std::string& s) {
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

json versionJson(const SchemaVersion& v) {
    json j{{"subject", v.subject}, {"version", v.version}, {"id", v.id}, {"schema", v.schema}};
    if (v.type != "AVRO") j["schemaType"] = v.type;
    if (!v.references.empty()) {
        j["references"] = json::array();
        for (const auto& r : v.references) j["references"].push_back({{"name", r.name}, {"subject", r.subject}, {"version", r.version}});
    }
    return j;
}

/// The body of register, lookup and compatibility requests.
std::variant<SchemaInput, std::string> parseInput(const std::string& body) {
    json j;
    try {
        j = json::parse(body);
    } catch (const json::exception& e) {
        return std::string("the request body is not JSON: ") + e.what();
    }
    if (!j.is_object() || !j.contains("schema") || !j["schema"].is_string()) return std::string("the request needs a \"schema\" string");
    SchemaInput in;
    in.schema = j["schema"].get<std::string>();
    if (j.contains("schemaType") && !j["schemaType"].is_null()) {
        if (!j["schemaType"].is_string()) return std::string("\"schemaType\" is a string");
        in.type = j["schemaType"].get<std::string>();
    }
    for (auto [field, out] : {std::pair{"id", &in.id}, std::pair{"version", &in.version}}) {
        if (!j.contains(field) || j[field].is_null()) continue;
        if (!j[field].is_number_integer()) return std::string("\"") + field + "\" is an integer";
        const auto v = j[field].get<int64_t>();
        if (v < 1 || v > std::numeric_limits<int32_t>::max())
            return std::string("\"") + field + "\" must be between 1 and 2^31-1";
        *out = static_cast<int>(v);
    }
    if (j.contains("references") && j["references"].is_array()) {
        for (const auto& r : j["references"]) {
            if (!r.is_object() || !r.contains("name") || !r.contains("subject") || !r.contains("version"))
                return std::string("each reference needs name, subject and version");
            try {
                in.references.push_back({r["name"].get<std::string>(), r["subject"].get<std::string>(), r["version"].get<int>()});
            } catch (const json::exception&) {
                return std::string("a reference has a field of the wrong type");
            }
        }
    }
    return in;
}

}  // namespace

/// The request handling, with access to the server's store and write lock.
struct RegistryServer::Impl {
    RegistryServer& s;

    asio::awaitable<void> lockWrites() {
        while (s.m_writing) {
            auto t = std::make_shared<asio::steady_timer>(s.m_broker.io(), asio::steady_timer::time_point::max());
            s.m_waiters.push_back(t);
            boost::system::error_code ec;
            co_await t->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        s.m_writing = true;
    }

    void unlockWrites() {
        s.m_writing = false;
        if (!s.m_waiters.empty()) {
            auto t = s.m_waiters.front();
            s.m_waiters.pop_front();
            t->cancel();
        }
    }

    /// Appends `records` to `_schemas` and, once stored, applies them.
    asio::awaitable<std::optional<std::string>> commit(const std::vector<StoreRecord>& records) {
        if (records.empty()) co_return std::nullopt;
        auto log = s.m_broker.logs().partition(kSchemasTopic, 0);
        if (!log) co_return std::string("the _schemas topic is missing");
        std::vector<protocol::OwnedRecord> recs;
        for (const auto& r : records) recs.push_back(protocol::OwnedRecord{r.key, r.value});
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        std::string batch = protocol::encodeSimpleBatch(recs, now);
        std::vector<protocol::BatchSpan> spans;
        auto check = protocol::validateBatches(protocol::BytesView(reinterpret_cast<const uint8_t*>(batch.data()), batch.size()),
                                               batch.size(), spans);
        if (!check.ok()) co_return "built a bad batch: " + check.message;
        auto timer = std::make_shared<asio::steady_timer>(s.m_broker.io(), asio::steady_timer::time_point::max());
        auto result = std::make_shared<std::optional<std::string>>();
        log->append(std::move(batch), std::move(spans), [io = &s.m_broker.io(), timer, result](const storage::AppendResult& r) {
            asio::post(*io, [timer, result, code = r.code, message = r.message] {
                if (code != protocol::ErrorCode::None) *result = "cannot write to _schemas: " + message;
                timer->cancel();
            });
        });
        boost::system::error_code ec;
        co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (*result) co_return *result;
        for (const auto& r : records)
            if (auto why = s.m_store.apply(r)) spdlog::error("registry: a record it wrote did not apply: {}", *why);
        co_return std::nullopt;
    }

    /// Runs a planned write under the write lock and replies with its answer.
    template <class T, class Plan, class Render>
    asio::awaitable<Response> write(const Request& req, Plan plan, Render render) {
        co_await lockWrites();
        Outcome<Planned<T>> planned = plan();
        if (!ok(planned)) {
            unlockWrites();
            co_return replyError(std::get<Error>(planned), req);
        }
        auto p = std::get<Planned<T>>(std::move(planned));
        auto failed = co_await commit(p.records);
        unlockWrites();
        if (failed) co_return replyError(500, 50001, "Error while storing the schema: " + *failed, req);
        co_return reply(bhttp::status::ok, render(p.answer), req);
    }

    asio::awaitable<Response> route(const Request& req) {
        const Target t = parseTarget(std::string_view(req.target().data(), req.target().size()));
        const auto& p = t.path;
        const auto m = req.method();
        const bool get = m == bhttp::verb::get || m == bhttp::verb::head;
        auto& st = s.m_store;
        auto notAllowed = [&] { return replyError(405, 405, "HTTP 405 Method Not Allowed", req); };

        if (p.empty()) co_return get ? reply(bhttp::status::ok, json::object(), req) : notAllowed();

        // /schemas/types, /schemas/ids/{id}[/schema|/versions|/subjects]
        if (p[0] == "schemas") {
            if (!get) co_return notAllowed();
            if (p.size() == 2 && p[1] == "types") co_return reply(bhttp::status::ok, st.typeNames(), req);
            if (p.size() >= 3 && p[1] == "ids") {
                const auto id = parseId(p[2]);
                if (!id) co_return replyError(404, 40403, "Schema " + p[2] + " not found", req);
                auto v = st.schemaById(*id);
                if (!ok(v)) co_return replyError(std::get<Error>(v), req);
                const auto& sv = std::get<SchemaVersion>(v);
                if (p.size() == 3) {
                    json j = versionJson(sv);
                    j.erase("subject");
                    j.erase("version");
                    j.erase("id");
                    co_return reply(bhttp::status::ok, j, req);
                }
                if (p.size() == 4 && p[3] == "schema") co_return reply(bhttp::status::ok, json::parse(sv.schema, nullptr, false), req);
                if (p.size() == 4 && (p[3] == "versions" || p[3] == "subjects")) {
                    auto vs = st.versionsForId(*id, t.flag("deleted"));
                    if (!ok(vs)) co_return replyError(std::get<Error>(vs), req);
                    json arr = json::array();
                    for (const auto& [subject, version] : std::get<std::vector<std::pair<std::string, int>>>(vs)) {
                        if (p[3] == "versions") arr.push_back({{"subject", subject}, {"version", version}});
                        else if (std::find(arr.begin(), arr.end(), subject) == arr.end()) arr.push_back(subject);
                    }
                    co_return reply(bhttp::status::ok, arr, req);
                }
            }
            co_return replyError(404, 404, "HTTP 404 Not Found", req);
        }

        // /subjects...
        if (p[0] == "subjects") {
            if (p.size() == 1) {
                if (!get) co_return notAllowed();
                co_return reply(bhttp::status::ok, st.subjects(t.flag("deleted"), t.get("subjectPrefix")), req);
            }
            const std::string& subject = p[1];
            if (p.size() == 2) {
                if (m == bhttp::verb::post) {  // lookup
                    auto in = parseInput(req.body());
                    if (in.index() == 1) co_return replyError(422, 42201, std::get<1>(in), req);
                    auto v = st.lookup(subject, std::get<SchemaInput>(in), t.flag("deleted"));
                    if (!ok(v)) co_return replyError(std::get<Error>(v), req);
                    co_return reply(bhttp::status::ok, versionJson(std::get<SchemaVersion>(v)), req);
                }
                if (m == bhttp::verb::delete_) {
                    const bool permanent = t.flag("permanent");
                    co_return co_await write<std::vector<int>>(
                        req, [&] { return st.deleteSubject(subject, permanent); }, [](const std::vector<int>& v) { return json(v); });
                }
                co_return notAllowed();
            }
            if (p[2] != "versions") co_return replyError(404, 404, "HTTP 404 Not Found", req);
            if (p.size() == 3) {
                if (get) {
                    auto vs = st.versions(subject, t.flag("deleted"));
                    if (!ok(vs)) co_return replyError(std::get<Error>(vs), req);
                    co_return reply(bhttp::status::ok, std::get<std::vector<int>>(vs), req);
                }
                if (m == bhttp::verb::post) {  // register
                    auto in = parseInput(req.body());
                    if (in.index() == 1) co_return replyError(422, 42201, std::get<1>(in), req);
                    const SchemaInput input = std::get<SchemaInput>(in);
                    co_return co_await write<int>(
                        req, [&] { return st.registerSchema(subject, input); }, [](int id) { return json{{"id", id}}; });
                }
                co_return notAllowed();
            }
            const std::string& version = p[3];
            if (p.size() == 4) {
                if (get) {
                    auto v = st.version(subject, version, t.flag("deleted"));
                    if (!ok(v)) co_return replyError(std::get<Error>(v), req);
                    co_return reply(bhttp::status::ok, versionJson(std::get<SchemaVersion>(v)), req);
                }
                if (m == bhttp::verb::delete_) {
                    const bool permanent = t.flag("permanent");
                    co_return co_await write<int>(
                        req, [&] { return st.deleteVersion(subject, version, permanent); }, [](int v) { return json(v); });
                }
                co_return notAllowed();
            }
            if (p.size() == 5 && get) {
                auto v = st.version(subject, version, t.flag("deleted"));
                if (!ok(v)) co_return replyError(std::get<Error>(v), req);
                const auto& sv = std::get<SchemaVersion>(v);
                if (p[4] == "schema") {
                    Response res = reply(bhttp::status::ok, json(), req);
                    res.body() = sv.schema;
                    res.prepare_payload();
                    co_return res;
                }
                if (p[4] == "referencedby") co_return reply(bhttp::status::ok, st.referencedBy(subject, sv.version), req);
                if (p[4] == "tags") {  // a Plexus extension: the schema's "confluent:tags" per field
                    std::string refError;
                    auto tags = registry::fieldTags({sv.type, sv.schema, sv.references}, st.resolve(sv.references, &refError));
                    if (!tags) co_return replyError(422, 42201, tags.message(), req);
                    json arr = json::array();
                    for (const auto& f : tags.value()) arr.push_back({{"path", f.path}, {"tags", f.tags}});
                    co_return reply(bhttp::status::ok, arr, req);
                }
            }
            co_return replyError(404, 404, "HTTP 404 Not Found", req);
        }

        // /config[/{subject}], /mode[/{subject}]
        if ((p[0] == "config" || p[0] == "mode") && p.size() <= 2) {
            const std::optional<std::string> subject = p.size() == 2 ? std::optional<std::string>(p[1]) : std::nullopt;
            const bool isConfig = p[0] == "config";
            if (get) {
                const bool fallback = t.flag("defaultToGlobal") || !subject;
                if (isConfig) {
                    auto l = st.config(subject, fallback);
                    if (!ok(l)) co_return replyError(std::get<Error>(l), req);
                    co_return reply(bhttp::status::ok, {{"compatibilityLevel", levelName(std::get<Level>(l))}}, req);
                }
                auto md = st.mode(subject, fallback);
                if (!ok(md)) co_return replyError(std::get<Error>(md), req);
                co_return reply(bhttp::status::ok, {{"mode", modeName(std::get<Mode>(md))}}, req);
            }
            if (m == bhttp::verb::put) {
                json body = json::parse(req.body(), nullptr, false);
                const char* field = isConfig ? "compatibility" : "mode";
                if (!body.is_object() || !body.contains(field) || !body[field].is_string())
                    co_return replyError(422, isConfig ? 42203 : 42204, std::string("the request needs a \"") + field + "\" string", req);
                std::string value = body[field].get<std::string>();
                for (auto& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                if (isConfig)
                    co_return co_await write<Level>(
                        req, [&] { return st.setConfig(subject, value); }, [](Level l) { return json{{"compatibility", levelName(l)}}; });
                co_return co_await write<Mode>(
                    req, [&] { return st.setMode(subject, value); }, [](Mode md) { return json{{"mode", modeName(md)}}; });
            }
            if (m == bhttp::verb::delete_ && isConfig)
                co_return co_await write<Level>(
                    req, [&] { return st.deleteConfig(subject); }, [](Level l) { return json{{"compatibilityLevel", levelName(l)}}; });
            co_return notAllowed();
        }

        // /compatibility/subjects/{s}/versions[/{v}]
        if (p[0] == "compatibility" && p.size() >= 4 && p[1] == "subjects" && p[3] == "versions" && p.size() <= 5) {
            if (m != bhttp::verb::post) co_return notAllowed();
            auto in = parseInput(req.body());
            if (in.index() == 1) co_return replyError(422, 42201, std::get<1>(in), req);
            const std::string version = p.size() == 5 ? p[4] : std::string();
            auto r = st.testCompatibility(p[2], version, std::get<SchemaInput>(in));
            if (!ok(r)) co_return replyError(std::get<Error>(r), req);
            const auto& messages = std::get<std::vector<std::string>>(r);
            json body{{"is_compatible", messages.empty()}};
            if (t.flag("verbose")) body["messages"] = messages;
            co_return reply(bhttp::status::ok, body, req);
        }
        co_return replyError(404, 404, "HTTP 404 Not Found", req);
    }

    /// One connection: a coroutine that owns its Impl (the server outlives it).
    static asio::awaitable<void> serveConnection(RegistryServer* server, tcp::socket socket) {
        Impl impl{*server};
        co_await impl.serve(std::move(socket));
    }

    asio::awaitable<void> serve(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.body_limit(4u << 20);
            parser.header_limit(16 * 1024);
            stream.expires_after(std::chrono::seconds(60));
            boost::system::error_code ec;
            co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout) break;
            if (ec) {
                Request bad;
                bad.version(11);
                bad.keep_alive(false);
                auto res = replyError(400, 400, "malformed HTTP request: " + ec.message(), bad);
                co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
                break;
            }
            auto req = parser.release();
            Response res = co_await route(req);
            if (req.method() == bhttp::verb::head) res.body().clear();
            const bool keep = res.keep_alive();
            co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !keep) break;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
};

RegistryServer::RegistryServer(server::Broker& broker)
    : m_broker(broker),
      m_acceptor(broker.io()),
      m_store(registry::builtinSchemaTypes()),
      m_validator(std::make_unique<registry::RecordValidator>(m_store)) {
    m_broker.recordValidator = m_validator.get();
}

RegistryServer::~RegistryServer() {
    stop();
    m_broker.recordValidator = nullptr;
}

Status RegistryServer::load() {
    auto& logs = m_broker.logs();
    if (!logs.topic(kSchemasTopic)) {
        storage::TopicConfig::Overrides overrides{{"cleanup.policy", "compact"}};
        auto r = logs.createTopic(kSchemasTopic, 1, overrides, false);
        if (!r.ok() && r.code != protocol::ErrorCode::TopicAlreadyExists)
            return Status::error(std::string("cannot create ") + kSchemasTopic + ": " + r.message);
    }
    auto log = logs.partition(kSchemasTopic, 0);
    if (!log) return Status::error(std::string(kSchemasTopic) + " has no partition 0");
    size_t records = 0, skipped = 0;
    Status st = storage::scanRecords(*log, kSchemasTopic, [&](int64_t offset, const protocol::Record& r) {
        if (!r.key) return true;
        StoreRecord sr{std::string(reinterpret_cast<const char*>(r.key->data()), r.key->size()), std::nullopt};
        if (r.value) sr.value = std::string(reinterpret_cast<const char*>(r.value->data()), r.value->size());
        if (auto why = m_store.apply(sr)) {
            ++skipped;
            spdlog::warn("registry: skipped a record of {} at offset {}: {}", kSchemasTopic, offset, *why);
        } else {
            ++records;
        }
        return true;
    });
    if (!st) return st;
    spdlog::info("schema registry loaded {} records of {} ({} skipped): {} subjects, highest id {}", records, kSchemasTopic, skipped,
                 m_store.subjects(true).size(), m_store.maxId());
    return Status::ok();
}

Status RegistryServer::listen(const server::HostPort& addr) {
    return server::bindAndListen(m_acceptor, addr, "schema registry HTTP", m_broker.registryBound);
}

void RegistryServer::start() {
    spawnAcceptLoop(m_broker.io(), m_acceptor, m_stopped,
                    [this](tcp::socket sock) { return Impl::serveConnection(this, std::move(sock)); });
}

void RegistryServer::stop() {
    *m_stopped = true;
    boost::system::error_code ec;
    m_acceptor.close(ec);
}

}  // namespace plexus::http

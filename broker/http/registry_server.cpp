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

#include "broker/services/partition_service.h"
#include "broker/storage/errors.h"
#include "broker/protocol/batch_builder.h"
#include "broker/registry/field_tags.h"
#include "broker/registry/schema_types.h"
#include "broker/protocol/record_batch.h"
#include "broker/replication/cluster_manager.h"
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
using Clock = std::chrono::steady_clock;
constexpr char kContentType[] = "application/vnd.schemaregistry.v1+json";
/// The node-to-node call that carries a request to the leader of _schemas.
constexpr uint16_t kRegistryForwardMethod = replication::ClusterManager::kFirstServiceMethod;
constexpr int kPollMs = 10;
constexpr int kWriteTimeoutMs = 20000;
/// One forwarding attempt: a leader that was killed does not answer, and the
/// next attempt asks the leader elected meanwhile.
constexpr int kForwardAttemptMs = 4000;
constexpr int kTickMs = 200;

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
    bool forwarded = false;  ///< the request came from another node; never forwarded again
    bool notLeader = false;  ///< ... and this node no longer leads _schemas

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

    /// Waits `ms` on the network thread.
    asio::awaitable<void> sleepFor(int ms) {
        asio::steady_timer t(s.m_broker.io(), std::chrono::milliseconds(ms));
        boost::system::error_code ec;
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }

    /// Waits until the store has applied `_schemas` up to `offset`
    /// (exclusive) or `deadline` passes; true if it has.
    asio::awaitable<bool> awaitApplied(int64_t offset, Clock::time_point deadline) {
        for (;;) {
            s.catchUp();
            if (s.m_next >= offset) co_return true;
            if (Clock::now() >= deadline || *s.m_stopped) co_return false;
            co_await sleepFor(kPollMs);
        }
    }

    /// The node leading `_schemas` partition 0: this node on its own, -1 while unknown.
    int32_t schemasLeader() const {
        auto* cluster = s.m_cluster;
        if (!cluster) return s.m_broker.config().nodeId;
        auto view = cluster->partition(kSchemasTopic, 0);
        return view ? view->leader : -1;
    }

    /// The leader may plan a write once its copy holds every record of the
    /// log and none is in flight: a new leader first commits its
    /// predecessor's tail, which may hold schemas it has not applied yet.
    bool readyToWrite() {
        s.catchUp();
        auto log = s.m_broker.logs().partition(kSchemasTopic, 0);
        if (!log) return false;
        if (s.m_cluster && !s.m_cluster->leads(kSchemasTopic, 0)) return false;
        const int64_t hw = log->highWatermark();
        return s.m_next == hw && (!log->replicated() || log->logEndOffset() == hw);
    }

    /// Appends `records` to `_schemas`; once the store has read them back,
    /// nullopt. Otherwise why not.
    asio::awaitable<std::optional<std::string>> commit(const std::vector<StoreRecord>& records) {
        if (records.empty()) co_return std::nullopt;
        std::vector<protocol::OwnedRecord> recs;
        for (const auto& r : records) recs.push_back(protocol::OwnedRecord{r.key, r.value});
        auto timer = std::make_shared<asio::steady_timer>(s.m_broker.io(), asio::steady_timer::time_point::max());
        struct Outcome {
            std::optional<std::string> error;
            int64_t end = -1;
        };
        auto result = std::make_shared<Outcome>();
        s.m_writer.append(
            kSchemasTopic, 0, recs, [timer, result, n = static_cast<int64_t>(recs.size())](protocol::ErrorCode code, const std::string& message, int64_t base) {
                if (code != protocol::ErrorCode::None) result->error = "cannot write to _schemas: " + message;
                else result->end = base + n;
                timer->cancel();
            });
        boost::system::error_code ec;
        co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (result->error) co_return result->error;
        if (!co_await awaitApplied(result->end, Clock::now() + std::chrono::milliseconds(kWriteTimeoutMs)))
            co_return std::string("the write to _schemas was stored but not read back in time");
        co_return std::nullopt;
    }

    /// Sends the request to node `leader` and returns its answer, or nullopt
    /// when `leader` no longer leads `_schemas` or did not answer (the
    /// caller looks again).
    asio::awaitable<std::optional<Response>> forward(int32_t leader, const Request& req) {
        json call{{"method", std::string(req.method_string())}, {"target", std::string(req.target())}, {"body", req.body()}};
        auto timer = std::make_shared<asio::steady_timer>(s.m_broker.io(), asio::steady_timer::time_point::max());
        auto answer = std::make_shared<Result<std::string>>(Status::error("no answer"));
        s.m_cluster->call(leader, kRegistryForwardMethod, call.dump(), std::chrono::milliseconds(kForwardAttemptMs),
                                 [timer, answer](Result<std::string> r) {
                                     *answer = std::move(r);
                                     timer->cancel();
                                 });
        boost::system::error_code ec;
        co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!*answer) {
            spdlog::info("registry: forwarding to node {} failed ({}); looking for the leader again", leader, answer->message());
            co_return std::nullopt;  // the caller looks for the leader again until its deadline
        }
        json j = json::parse(answer->value(), nullptr, false);
        if (!j.is_object() || !j.contains("status") || !j.contains("body"))
            co_return replyError(500, 50003, "the leader (node " + std::to_string(leader) + ") sent a malformed answer", req);
        if (j.value("not_leader", false)) co_return std::nullopt;
        // Read your own writes through this node: answer once its copy has them.
        if (!co_await awaitApplied(j.value("applied", int64_t{0}), Clock::now() + std::chrono::milliseconds(kWriteTimeoutMs)))
            spdlog::warn("registry: answering a forwarded write before this node's copy of _schemas applied it");
        Response res{static_cast<bhttp::status>(j["status"].get<int>()), req.version()};
        res.set(bhttp::field::server, "plexusd");
        res.set(bhttp::field::content_type, kContentType);
        res.keep_alive(req.keep_alive());
        res.body() = j["body"].get<std::string>();
        res.prepare_payload();
        co_return res;
    }

    /// Runs `local` on this node if it leads `_schemas` (once it is ready to
    /// write), else forwards the request to the leader. Waits up to
    /// kWriteTimeoutMs for a leader (an election after a failover).
    template <class Local>
    asio::awaitable<Response> atLeader(const Request& req, Local local) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(kWriteTimeoutMs);
        const int32_t self = s.m_broker.config().nodeId;
        for (;;) {
            const int32_t leader = schemasLeader();
            if (leader == self && readyToWrite()) co_return co_await local();
            if (forwarded && leader != self) {
                notLeader = true;  // the forwarding node looks for the leader again
                co_return replyError(500, 50004, "this node no longer leads _schemas", req);
            }
            if (leader >= 0 && leader != self) {
                if (auto res = co_await forward(leader, req)) co_return std::move(*res);
            }
            if (Clock::now() >= deadline || *s.m_stopped)
                co_return replyError(500, leader < 0 ? 50004 : 50002,
                                     leader < 0 ? "Unknown leader: no node leads _schemas"
                                                : "Timed out waiting for _schemas to be ready for writes",
                                     req);
            co_await sleepFor(kPollMs);
        }
    }

    /// Runs a planned write under the write lock, on the leader of
    /// `_schemas`, and replies with its answer.
    template <class T, class Plan, class Render>
    asio::awaitable<Response> write(const Request& req, Plan plan, Render render) {
        co_await lockWrites();
        Response res = co_await atLeader(req, [&]() -> asio::awaitable<Response> {
            Outcome<Planned<T>> planned = plan();
            if (!ok(planned)) co_return replyError(std::get<Error>(planned), req);
            auto p = std::get<Planned<T>>(std::move(planned));
            auto failed = co_await commit(p.records);
            if (failed) co_return replyError(500, 50001, "Error while storing the schema: " + *failed, req);
            co_return reply(bhttp::status::ok, render(p.answer), req);
        });
        unlockWrites();
        co_return res;
    }

    asio::awaitable<Response> route(const Request& req) {
        s.catchUp();
        if (auto* cluster = s.m_cluster; cluster && !forwarded && !cluster->replica(kSchemasTopic, 0)) {
            // No copy of _schemas here: the leader answers every request.
            co_return co_await atLeader(req, [&]() { return routeHere(req); });
        }
        co_return co_await routeHere(req);
    }

    asio::awaitable<Response> routeHere(const Request& req) {
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

    /// A request another node forwarded (see forward()): answered with the
    /// status, the body and the `_schemas` offset this node has applied up to.
    static asio::awaitable<void> serveForwarded(RegistryServer* server, int32_t from, std::string body,
                                                replication::ClusterManager::CallReply done) {
        Impl impl{*server};
        impl.forwarded = true;
        json j = json::parse(body, nullptr, false);
        if (!j.is_object() || !j.contains("method") || !j.contains("target") || !j.contains("body") ||
            !j["method"].is_string() || !j["target"].is_string() || !j["body"].is_string()) {
            spdlog::warn("registry: malformed forwarded request from node {}", from);
            done(Status::error("malformed forwarded request"));
            co_return;
        }
        Request req{bhttp::string_to_verb(j["method"].get<std::string>()), j["target"].get<std::string>(), 11};
        req.body() = j["body"].get<std::string>();
        req.prepare_payload();
        Response res = co_await impl.route(req);
        done(json{{"status", res.result_int()}, {"body", res.body()}, {"applied", server->m_next}, {"not_leader", impl.notLeader}}.dump());
    }

    /// One request from a client of this node.
    static asio::awaitable<Response> handle(RegistryServer* server, const Request& req) {
        Impl impl{*server};
        co_return co_await impl.route(req);
    }
};

RegistryServer::RegistryServer(server::Broker& broker, services::InternalTopicWriter& writer,
                               services::PartitionService& partitions, replication::ClusterManager* cluster)
    : m_broker(broker),
      m_writer(writer),
      m_partitions(partitions),
      m_cluster(cluster),
      m_http(broker.io(), "schema registry HTTP", HttpOptions{4u << 20, 16 * 1024, std::chrono::seconds(60)},
             [this](const HttpRequest& req) { return Impl::handle(this, req); },
             [](unsigned status, const std::string& message) {
                 Request bad;
                 bad.version(11);
                 bad.keep_alive(false);
                 return replyError(static_cast<int>(status), static_cast<int>(status), message, bad);
             }),
      m_store(registry::builtinSchemaTypes()),
      m_validator(std::make_unique<registry::RecordValidator>(m_store)),
      m_ticker(broker.io()) {
    lendValidator();
    m_broker.watchAppends(kSchemasTopic, [this, stopped = m_stopped](int32_t) {
        if (!*stopped) catchUp();
    });
}

void RegistryServer::lendValidator() {
    // Alone, the store holds every schema at once; in a cluster a schema
    // registered through another node arrives with the replica, so produce
    // waits for it briefly.
    services::PartitionService::AwaitSchemas await;
    if (m_cluster)
        await = [this, stopped = m_stopped](std::chrono::milliseconds max, std::function<bool(bool)> attempt) {
            asio::co_spawn(m_broker.io(), awaitStore(this, stopped, max, std::move(attempt)), asio::detached);
        };
    m_partitions.setSchemaChecks(m_validator.get(), std::move(await));
}

asio::awaitable<void> RegistryServer::awaitStore(RegistryServer* self, std::shared_ptr<bool> stopped,
                                                 std::chrono::milliseconds max, std::function<bool(bool)> attempt) {
    const auto deadline = Clock::now() + max;
    uint64_t seen = self->m_store.generation();
    for (;;) {
        asio::steady_timer t(self->m_broker.io(), std::chrono::milliseconds(kPollMs));
        boost::system::error_code ec;
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (*stopped) {
            attempt(true);  // the registry is gone: do not touch it
            co_return;
        }
        self->catchUp();
        if (self->m_store.generation() != seen) {
            seen = self->m_store.generation();
            if (attempt(false)) co_return;
        }
        if (Clock::now() >= deadline) {
            attempt(true);
            co_return;
        }
    }
}

RegistryServer::~RegistryServer() {
    stop();
    m_broker.watchAppends(kSchemasTopic, nullptr);
    m_partitions.setSchemaChecks(nullptr, nullptr);
}

Status RegistryServer::load() {
    if (m_broker.config().clustered()) return Status::ok();  // the controller creates _schemas; tick() follows it
    auto& logs = m_broker.logs();
    if (!logs.topic(kSchemasTopic)) {
        storage::TopicConfig::Overrides overrides{{"cleanup.policy", "compact"}};
        Status r = logs.createTopic(kSchemasTopic, 1, overrides, false);
        if (!r && r.code() != storage::Errc::TopicExists) return r.context(std::string("cannot create ") + kSchemasTopic + ": ");
    }
    if (!logs.partition(kSchemasTopic, 0)) return Status::error(std::string(kSchemasTopic) + " has no partition 0");
    catchUp();
    if (m_catchUpFailed) return Status::error(std::string("cannot read ") + kSchemasTopic);
    spdlog::info("schema registry loaded {} up to offset {}: {} subjects, highest id {}", kSchemasTopic, m_next,
                 m_store.subjects(true).size(), m_store.maxId());
    return Status::ok();
}

void RegistryServer::catchUp() {
    auto log = m_broker.logs().partition(kSchemasTopic, 0);
    if (!log) return;
    if (log.get() != m_source) {
        // A new log (the cluster's _schemas replacing a node-local one, or
        // the topic created again): the store starts over from it.
        if (m_source) spdlog::info("registry: {} was created again; rebuilding the store from it", kSchemasTopic);
        m_source = log.get();
        m_store = registry::SchemaStore(registry::builtinSchemaTypes());
        m_validator = std::make_unique<registry::RecordValidator>(m_store);
        lendValidator();
        m_next = 0;
    }
    const int64_t hw = log->highWatermark();
    if (m_next >= hw) return;
    size_t applied = 0, skipped = 0;
    int64_t next = std::max(m_next, log->logStartOffset());
    Status st = storage::scanRecords(
        *log, kSchemasTopic,
        [&](int64_t offset, const protocol::Record& r) {
            if (offset >= hw) return false;
            next = offset + 1;
            if (!r.key) return true;
            StoreRecord sr{std::string(reinterpret_cast<const char*>(r.key->data()), r.key->size()), std::nullopt};
            if (r.value) sr.value = std::string(reinterpret_cast<const char*>(r.value->data()), r.value->size());
            if (auto why = m_store.apply(sr)) {
                ++skipped;
                spdlog::warn("registry: skipped a record of {} at offset {}: {}", kSchemasTopic, offset, *why);
            } else {
                ++applied;
            }
            return true;
        },
        next);
    if (!st) {
        // Fail closed: the store stays where it was (writes wait for it, and
        // they time out) rather than skipping records it could not read.
        if (!m_catchUpFailed) spdlog::error("registry: {}", st.message());
        m_catchUpFailed = true;
        return;
    }
    m_catchUpFailed = false;
    m_next = hw;
    spdlog::debug("registry: applied {} records of {} ({} skipped), now at offset {}", applied, kSchemasTopic, skipped, m_next);
}

void RegistryServer::tick() {
    if (*m_stopped) return;
    if (auto* cluster = m_cluster) {
        if (!cluster->state().topic(kSchemasTopic)) cluster->requestInternalTopic(kSchemasTopic, 1, true);
    }
    catchUp();
    m_ticker.expires_after(std::chrono::milliseconds(kTickMs));
    m_ticker.async_wait([this, stopped = m_stopped](const boost::system::error_code& ec) {
        if (!ec && !*stopped) tick();
    });
}

Status RegistryServer::listen(const server::HostPort& addr) { return m_http.listen(addr, m_broker.registryBound); }

void RegistryServer::start() {
    if (auto* cluster = m_cluster) {
        // Another node's write, forwarded to this node as the leader of _schemas.
        cluster->handleCalls(kRegistryForwardMethod, [this, stopped = m_stopped](int32_t from, std::string body,
                                                                                replication::ClusterManager::CallReply done) {
            if (*stopped) return done(Status::error("the schema registry is stopping"));
            asio::co_spawn(m_broker.io(), Impl::serveForwarded(this, from, std::move(body), std::move(done)), asio::detached);
        });
    }
    tick();
    m_http.start();
}

void RegistryServer::stop() {
    if (*m_stopped) return;
    *m_stopped = true;
    m_ticker.cancel();
    if (m_cluster) m_cluster->handleCalls(kRegistryForwardMethod, nullptr);
    m_http.stop();
}

}  // namespace plexus::http

#include "broker/http/admin_server.h"

#include <cctype>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "broker/common/version.h"
#include "broker/groups/consumer_protocol.h"
#include "broker/groups/group_coordinator.h"
#include "broker/replication/cluster_manager.h"
#include "broker/server/broker.h"
#include "broker/server/listener.h"

namespace plexus::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

using Response = bhttp::response<bhttp::string_body>;

Response jsonResponse(bhttp::status status, const nlohmann::json& body, unsigned version, bool keepAlive) {
    Response res{status, version};
    res.set(bhttp::field::server, "plexusd");
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(keepAlive);
    res.body() = body.dump() + "\n";
    res.prepare_payload();
    return res;
}

double uptimeSeconds(AdminNode& b) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - b.core.startedAt()).count();
}

/// Decodes %XX escapes in a path segment (group ids may hold any character).
std::string percentDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

/// Prometheus label values escape backslash, double quote and newline.
std::string labelValue(const std::string& v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

/// Committed offset, high watermark and lag of each partition a group has
/// committed. Lag is measured against the high watermark, as kafka_exporter does.
nlohmann::json groupOffsetsJson(AdminNode& b, const std::map<groups::TopicPartition, groups::CommittedOffset>& offsets) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& [tp, c] : offsets) {
        nlohmann::json o = {{"topic", tp.topic}, {"partition", tp.partition}, {"committed_offset", c.offset},
                            {"metadata", c.metadata}, {"commit_timestamp_ms", c.commitTimestamp}};
        if (auto log = b.core.logs().partition(tp.topic, tp.partition)) {
            int64_t hw = log->highWatermark();
            o["high_watermark"] = hw;
            o["lag"] = c.offset < 0 ? hw - log->logStartOffset() : std::max<int64_t>(hw - c.offset, 0);
        } else {
            o["high_watermark"] = nullptr;
            o["lag"] = nullptr;
        }
        arr.push_back(std::move(o));
    }
    return arr;
}

int64_t sumLag(const nlohmann::json& offsets) {
    int64_t total = 0;
    for (const auto& o : offsets)
        if (o["lag"].is_number()) total += o["lag"].get<int64_t>();
    return total;
}

nlohmann::json groupJson(AdminNode& b, const std::string& id) {
    auto& gc = b.groups;
    auto d = gc.describe(id);
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : d.members) {
        nlohmann::json assignment = nlohmann::json::array();
        if (d.protocolType == groups::kConsumerProtocolType) {
            if (auto parts = groups::parseAssignment(m.assignment))
                for (const auto& [topic, ps] : *parts) assignment.push_back({{"topic", topic}, {"partitions", ps}});
        }
        members.push_back({{"member_id", m.memberId}, {"group_instance_id", m.groupInstanceId ? nlohmann::json(*m.groupInstanceId) : nlohmann::json()},
                           {"client_id", m.clientId}, {"client_host", m.clientHost},
                           {"session_timeout_ms", m.sessionTimeoutMs}, {"assignment", assignment}});
    }
    auto offsets = gc.groupOffsets(id).value_or(std::map<groups::TopicPartition, groups::CommittedOffset>{});
    auto offsetsJson = groupOffsetsJson(b, offsets);
    const int64_t totalLag = sumLag(offsetsJson);
    return {{"group_id", id}, {"state", groups::stateName(d.state)}, {"protocol_type", d.protocolType},
            {"protocol", d.protocol}, {"generation_id", d.generationId}, {"leader", d.leader},
            {"coordinator", b.core.config().nodeId}, {"members", members}, {"offsets", offsetsJson}, {"total_lag", totalLag}};
}

/// The logs that a failed write turned read-only: [{topic, partition,
/// error}], with the controller's own log as topic "(controller)".
nlohmann::json storageFailuresJson(AdminNode& b) {
    nlohmann::json out = nlohmann::json::array();
    if (b.cluster)
        if (auto why = b.cluster->controllerStorageFailure())
            out.push_back({{"topic", "(controller)"}, {"partition", 0}, {"error", *why}});
    for (const auto& f : b.core.logs().storageFailures())
        out.push_back({{"topic", f.topic}, {"partition", f.partition}, {"error", f.error}});
    return out;
}

/// The cluster as this node sees it: nodes (role, reachability), the
/// controller, and every partition's leader, replicas, in-sync replicas and,
/// where this node leads, the followers' replication lag (entries); and this
/// node's own logs that a failed write turned read-only. A node running alone
/// answers in the same shape.
nlohmann::json clusterJson(AdminNode& b) {
    if (b.cluster) {
        auto j = b.cluster->describe();
        j["clustered"] = true;
        j["storage_failures"] = storageFailuresJson(b);
        return j;
    }
    const int32_t self = b.core.config().nodeId;
    nlohmann::json partitions = nlohmann::json::array();
    for (const auto& t : b.core.logs().topics())
        for (int32_t p = 0; p < t.partitionCount; ++p) {
            auto log = b.core.logs().partition(t.name, p);
            partitions.push_back({{"topic", t.name}, {"partition", p}, {"leader", self}, {"leader_epoch", 0},
                                  {"replicas", {self}}, {"isr", {self}}, {"under_replicated", false},
                                  {"replication_lag", nlohmann::json::object()},
                                  {"high_watermark", log ? log->highWatermark() : 0},
                                  {"log_end_offset", log ? log->highWatermark() : 0}});
        }
    return {{"clustered", false}, {"cluster_id", b.core.clusterId()}, {"node_id", self}, {"controller", self},
            {"voters", {self}},
            {"nodes", {{{"id", self}, {"kafka", b.core.kafkaBound.str()}, {"rpc", ""}, {"controller", true},
                        {"voter", true}, {"reachable", true}, {"decommissioned", false}}}},
            {"partitions", partitions}, {"storage_failures", storageFailuresJson(b)}};
}

/// POST /v1/partitions/{topic}/{partition}/leader?to=N: hands the
/// partition's leadership to node N (forwarded to the current leader).
Response postPartition(AdminNode& b, const bhttp::request<bhttp::string_body>& req, const std::string& target) {
    const unsigned v = req.version();
    const bool ka = req.keep_alive();
    auto bad = [&](bhttp::status st, const std::string& why) {
        return jsonResponse(st, {{"error_code", static_cast<int>(st)}, {"message", why}}, v, ka);
    };
    if (!b.cluster) return bad(bhttp::status::conflict, "this node runs alone: there is no cluster to change");
    if (target.rfind("/v1/nodes/", 0) == 0) {
        // POST /v1/nodes/{id}/decommission: every replica on the node moves
        // to another; the node keeps running until an operator stops it.
        std::string rest = target.substr(std::string("/v1/nodes/").size());
        auto slash = rest.find('/');
        if (slash == std::string::npos || rest.substr(slash + 1) != "decommission")
            return bad(bhttp::status::not_found, "POST /v1/nodes/{id}/decommission is the only node action");
        int32_t id = -1;
        try {
            id = std::stoi(rest.substr(0, slash));
        } catch (const std::exception&) {
            return bad(bhttp::status::bad_request, "the node id must be a number");
        }
        b.cluster->submit(nlohmann::json{{"op", "decommission"}, {"id", id}}, [id](Status s) {
            if (s) spdlog::info("node {} decommissioned: its replicas are moving", id);
            else spdlog::warn("decommissioning node {} refused: {}", id, s.message());
        });
        return jsonResponse(bhttp::status::accepted,
                            {{"node", id}, {"status", "submitted; GET /v1/cluster shows the replicas moving"}}, v, ka);
    }
    std::string rest = target.substr(std::string("/v1/partitions/").size());
    auto slash1 = rest.find('/');
    auto slash2 = slash1 == std::string::npos ? std::string::npos : rest.find('/', slash1 + 1);
    const std::string action = slash2 == std::string::npos ? "" : rest.substr(slash2 + 1);
    if (action == "replicas") {
        // POST /v1/partitions/{topic}/{p}/replicas?set=1,2,3
        std::string query(req.target());
        auto q = query.find("set=");
        if (q == std::string::npos) return bad(bhttp::status::bad_request, "missing ?set=NODE,NODE,...");
        std::vector<int32_t> set;
        int32_t partition = -1;
        try {
            partition = std::stoi(rest.substr(slash1 + 1, slash2 - slash1 - 1));
            std::string list = query.substr(q + 4);
            if (auto amp = list.find('&'); amp != std::string::npos) list.resize(amp);
            list = percentDecode(list);
            size_t start = 0;
            while (start < list.size()) {
                size_t comma = list.find(',', start);
                if (comma == std::string::npos) comma = list.size();
                set.push_back(std::stoi(list.substr(start, comma - start)));
                start = comma + 1;
            }
        } catch (const std::exception&) {
            return bad(bhttp::status::bad_request, "partition and node ids must be numbers");
        }
        const std::string topic = percentDecode(rest.substr(0, slash1));
        b.cluster->submit(nlohmann::json{{"op", "reassign"}, {"name", topic}, {"partition", partition}, {"replicas", set}},
                          [topic, partition](Status s) {
                              if (s) spdlog::info("{}-{} reassigned: its replicas are moving", topic, partition);
                              else spdlog::warn("reassigning {}-{} refused: {}", topic, partition, s.message());
                          });
        return jsonResponse(bhttp::status::accepted,
                            {{"topic", topic}, {"partition", partition}, {"replicas", set},
                             {"status", "submitted; GET /v1/cluster shows the replicas moving"}},
                            v, ka);
    }
    if (action != "leader")
        return bad(bhttp::status::not_found,
                   "POST /v1/partitions/{topic}/{partition}/leader?to=NODE or .../replicas?set=NODE,... are the actions");
    const std::string topic = percentDecode(rest.substr(0, slash1));
    int32_t partition = -1, to = -1;
    try {
        partition = std::stoi(rest.substr(slash1 + 1, slash2 - slash1 - 1));
        std::string query(req.target());
        auto q = query.find("to=");
        if (q == std::string::npos) return bad(bhttp::status::bad_request, "missing ?to=NODE");
        to = std::stoi(query.substr(q + 3));
    } catch (const std::exception&) {
        return bad(bhttp::status::bad_request, "partition and node must be numbers");
    }
    if (Status s = b.cluster->transferLeadership(topic, partition, to); !s) return bad(bhttp::status::conflict, s.message());
    return jsonResponse(bhttp::status::accepted,
                        {{"topic", topic}, {"partition", partition}, {"to", to}, {"status", "transfer requested"}}, v, ka);
}

Response route(AdminNode& b, const bhttp::request<bhttp::string_body>& req) {
    const bool ka = req.keep_alive();
    const unsigned v = req.version();
    std::string target(req.target());
    if (auto q = target.find('?'); q != std::string::npos) target.resize(q);
    if (req.method() == bhttp::verb::post && (target.rfind("/v1/partitions/", 0) == 0 || target.rfind("/v1/nodes/", 0) == 0))
        return postPartition(b, req, target);
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        auto res = jsonResponse(bhttp::status::method_not_allowed,
                                {{"error_code", 405}, {"message", "only GET is served on " + target}}, v, ka);
        res.set(bhttp::field::allow, "GET, HEAD");
        return res;
    }
    if (target == "/v1/health") {
        if (b.core.ready) {
            // Still 200 when degraded: the node serves every other partition,
            // and a probe that restarts it would not give the disk room.
            nlohmann::json failures = storageFailuresJson(b);
            if (failures.empty()) return jsonResponse(bhttp::status::ok, {{"status", "ready"}}, v, ka);
            return jsonResponse(bhttp::status::ok, {{"status", "degraded"}, {"storage_failures", failures}}, v, ka);
        }
        return jsonResponse(bhttp::status::service_unavailable, {{"status", "starting"}}, v, ka);
    }
    if (target == "/v1/node") {
        nlohmann::json j = {
            {"node_id", b.core.config().nodeId},
            {"version", kVersion},
            {"git_revision", kGitRevision},
            {"uptime_seconds", uptimeSeconds(b)},
            {"data_dir", std::filesystem::absolute(b.core.config().dataDir).lexically_normal().string()},
            {"cluster_id", b.core.clusterId()},
            {"listeners", {{"kafka", b.core.kafkaBound.str()}, {"admin", b.core.adminBound.str()}, {"registry", b.core.registryBound.str()}}},
            {"config", b.core.config().asMap()},
        };
        return jsonResponse(bhttp::status::ok, j, v, ka);
    }
    if (target == "/v1/groups") {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& g : b.groups.listGroups()) {
            auto offsets = b.groups.groupOffsets(g.groupId).value_or(std::map<groups::TopicPartition, groups::CommittedOffset>{});
            arr.push_back({{"group_id", g.groupId}, {"state", groups::stateName(g.state)}, {"protocol_type", g.protocolType},
                           {"protocol", g.protocol}, {"members", g.members},
                           {"total_lag", sumLag(groupOffsetsJson(b, offsets))}});
        }
        return jsonResponse(bhttp::status::ok, {{"groups", arr}}, v, ka);
    }
    if (target.rfind("/v1/groups/", 0) == 0) {
        std::string id = percentDecode(target.substr(std::string("/v1/groups/").size()));
        if (b.groups.describe(id).state == groups::GroupState::Dead)
            return jsonResponse(bhttp::status::not_found, {{"error_code", 404}, {"message", "no group '" + id + "'"}}, v, ka);
        return jsonResponse(bhttp::status::ok, groupJson(b, id), v, ka);
    }
    if (target == "/v1/cluster") return jsonResponse(bhttp::status::ok, clusterJson(b), v, ka);
    if (target == "/metrics") {
        Response res{bhttp::status::ok, v};
        res.set(bhttp::field::server, "plexusd");
        res.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.keep_alive(ka);
        res.body() = AdminServer::renderMetrics(b);
        res.prepare_payload();
        return res;
    }
    return jsonResponse(bhttp::status::not_found, {{"error_code", 404}, {"message", "no resource at " + target}}, v, ka);
}

}  // namespace

AdminServer::AdminServer(AdminNode node)
    : m_node(node),
      m_http(node.core.io(), "admin HTTP", HttpOptions{},
             [b = &m_node](const HttpRequest& req) { return HttpServer::ready(route(*b, req)); },
             [](unsigned status, const std::string& message) {
                 return jsonResponse(static_cast<bhttp::status>(status), {{"error_code", status}, {"message", message}}, 11, false);
             }) {}

AdminServer::~AdminServer() { stop(); }

Status AdminServer::listen(const server::HostPort& addr) { return m_http.listen(addr, m_node.core.adminBound); }

void AdminServer::start() { m_http.start(); }

void AdminServer::stop() { m_http.stop(); }

void AdminServer::renderGroupMetrics(AdminNode& b, std::string& out) {
    // kafka_exporter's names and labels, so existing dashboards work.
    std::string current = "# HELP kafka_consumergroup_current_offset Current Offset of a ConsumerGroup at Topic/Partition\n"
                          "# TYPE kafka_consumergroup_current_offset gauge\n";
    std::string lag = "# HELP kafka_consumergroup_lag Current Approximate Lag of a ConsumerGroup at Topic/Partition\n"
                      "# TYPE kafka_consumergroup_lag gauge\n";
    std::map<std::pair<std::string, std::string>, int64_t> lagSums;
    for (const auto& pos : b.groups.committedPositions()) {
        auto log = b.core.logs().partition(pos.tp.topic, pos.tp.partition);
        if (!log) continue;
        std::string labels = "{consumergroup=\"" + labelValue(pos.groupId) + "\",topic=\"" + labelValue(pos.tp.topic) +
                             "\",partition=\"" + std::to_string(pos.tp.partition) + "\"} ";
        int64_t l = std::max<int64_t>(log->highWatermark() - pos.committed.offset, 0);
        current += "kafka_consumergroup_current_offset" + labels + std::to_string(pos.committed.offset) + "\n";
        lag += "kafka_consumergroup_lag" + labels + std::to_string(l) + "\n";
        lagSums[{pos.groupId, pos.tp.topic}] += l;
    }
    out += current;
    out += lag;
    out += "# HELP kafka_consumergroup_lag_sum Current Approximate Lag of a ConsumerGroup at Topic for all partitions\n"
           "# TYPE kafka_consumergroup_lag_sum gauge\n";
    for (const auto& [key, sum] : lagSums)
        out += "kafka_consumergroup_lag_sum{consumergroup=\"" + labelValue(key.first) + "\",topic=\"" + labelValue(key.second) +
               "\"} " + std::to_string(sum) + "\n";
    out += "# HELP kafka_consumergroup_members Amount of members in a consumer group\n"
           "# TYPE kafka_consumergroup_members gauge\n";
    for (const auto& g : b.groups.listGroups())
        out += "kafka_consumergroup_members{consumergroup=\"" + labelValue(g.groupId) + "\"} " +
               std::to_string(g.members) + "\n";
}

std::string AdminServer::renderMetrics(AdminNode& b) {
    std::string out;
    out.reserve(16 * 1024);
    b.core.metrics().render(out);
    out += "# HELP plexus_partition_high_watermark Offset one past the last durable record.\n"
           "# TYPE plexus_partition_high_watermark gauge\n";
    std::string starts = "# HELP plexus_partition_log_start_offset First offset still stored.\n"
                         "# TYPE plexus_partition_log_start_offset gauge\n";
    std::string sizes = "# HELP plexus_partition_size_bytes Record batch bytes stored.\n"
                        "# TYPE plexus_partition_size_bytes gauge\n";
    int64_t total = 0;
    for (const auto& t : b.core.logs().topics()) {
        for (int32_t p = 0; p < t.partitionCount; ++p) {
            auto log = b.core.logs().partition(t.name, p);
            if (!log) continue;
            std::string labels = "{topic=\"" + t.name + "\",partition=\"" + std::to_string(p) + "\"} ";
            out += "plexus_partition_high_watermark" + labels + std::to_string(log->highWatermark()) + "\n";
            starts += "plexus_partition_log_start_offset" + labels + std::to_string(log->logStartOffset()) + "\n";
            int64_t size = log->sizeBytes();
            total += size;
            sizes += "plexus_partition_size_bytes" + labels + std::to_string(size) + "\n";
        }
    }
    out += starts;
    out += sizes;
    out += "# HELP plexus_storage_failed_partitions Logs (partitions and the controller's) turned read-only by a failed write.\n"
           "# TYPE plexus_storage_failed_partitions gauge\nplexus_storage_failed_partitions " +
           std::to_string(storageFailuresJson(b).size()) + "\n";
    renderGroupMetrics(b, out);
    if (b.cluster) b.cluster->renderMetrics(out);
    const int64_t disk = b.core.diskBytes();
    out += "# HELP plexus_storage_log_bytes Record batch bytes held by all partitions.\n"
           "# TYPE plexus_storage_log_bytes gauge\nplexus_storage_log_bytes " + std::to_string(total) + "\n";
    out += "# HELP plexus_storage_disk_bytes Bytes of all files in the data directory (refreshed every 2 s).\n"
           "# TYPE plexus_storage_disk_bytes gauge\nplexus_storage_disk_bytes " + std::to_string(disk) + "\n";
    auto ps = server::ProcessStats::read();
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                  "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %lld\n"
                  "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
                  "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total %.2f\n"
                  "# HELP process_open_fds Number of open file descriptors.\n"
                  "# TYPE process_open_fds gauge\nprocess_open_fds %lld\n"
                  "# HELP plexus_uptime_seconds Seconds since the node started.\n"
                  "# TYPE plexus_uptime_seconds gauge\nplexus_uptime_seconds %.1f\n",
                  static_cast<long long>(ps.rssBytes), ps.cpuSeconds, static_cast<long long>(ps.openFds), uptimeSeconds(b));
    out += buf;
    return out;
}

}  // namespace plexus::http

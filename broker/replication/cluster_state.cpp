#include "broker/replication/cluster_state.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "broker/common/host_port.h"
#include "broker/replication/errors.h"
#include "broker/storage/log_manager.h"
#include "broker/storage/topic_config.h"

namespace plexus::replication {

using nlohmann::json;

namespace {

/// Fills a node's Kafka and RPC addresses from "host:port" texts.
Status readAddresses(const std::string& kafka, const std::string& rpc, NodeInfo& n) {
    auto k = parseHostPort(kafka, PortZero::Refused);
    if (!k) return Status::error(Errc::MalformedRequest, "Kafka address " + k.message());
    auto r = parseHostPort(rpc, PortZero::Refused);
    if (!r) return Status::error(Errc::MalformedRequest, "RPC address " + r.message());
    n.kafkaHost = k.value().host;
    n.kafkaPort = k.value().port;
    n.rpcHost = r.value().host;
    n.rpcPort = r.value().port;
    return Status::ok();
}

Status readReplicaSets(const json& j, std::vector<std::vector<int32_t>>& out) {
    if (!j.is_array()) return Status::error(Errc::InvalidReplicaAssignment, "'replicas' must be an array of replica lists");
    for (const auto& set : j) {
        if (!set.is_array() || set.empty() || set.size() > 5) return Status::error(Errc::InvalidReplicaAssignment, "a replica list must name 1 to 5 nodes");
        std::vector<int32_t> ids;
        for (const auto& id : set) {
            if (!id.is_number_integer()) return Status::error(Errc::InvalidReplicaAssignment, "replica ids must be integers");
            ids.push_back(id.get<int32_t>());
        }
        if (std::set<int32_t>(ids.begin(), ids.end()).size() != ids.size())
            return Status::error(Errc::InvalidReplicaAssignment, "a replica list names a node twice");
        out.push_back(std::move(ids));
    }
    return Status::ok();
}

std::map<std::string, std::string> readConfigs(const json& j) {
    std::map<std::string, std::string> out;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
    return out;
}

}  // namespace

const TopicState* ClusterState::topic(const std::string& name) const {
    auto it = m_topics.find(name);
    return it == m_topics.end() ? nullptr : &it->second;
}

std::optional<std::pair<std::string, int32_t>> ClusterState::partitionOfGroup(uint64_t group) const {
    auto it = m_groups.find(group);
    if (it == m_groups.end()) return std::nullopt;
    return it->second;
}

Status ClusterState::apply(const json& c) {
    if (!c.is_object() || !c.contains("op") || !c["op"].is_string()) return Status::error(Errc::MalformedRequest, "command without an 'op'");
    const std::string op = c["op"];
    auto knownNodes = [&](const std::vector<std::vector<int32_t>>& sets) -> Status {
        for (const auto& set : sets)
            for (int32_t id : set)
                if (!m_nodes.count(id)) return Status::error(Errc::InvalidReplicaAssignment, "node " + std::to_string(id) + " is not registered");
        return Status::ok();
    };
    if (op == "register_node") {
        NodeInfo n;
        n.id = c.value("id", -1);
        if (n.id < 0) return Status::error(Errc::MalformedRequest, "register_node: bad id");
        if (Status s = readAddresses(c.value("kafka", ""), c.value("rpc", ""), n); !s)
            return s.context("register_node: ");
        if (auto it = m_nodes.find(n.id); it != m_nodes.end()) n.decommissioned = it->second.decommissioned;
        m_nodes[n.id] = n;
        return Status::ok();
    }
    if (op == "decommission") {
        const int32_t id = c.value("id", -1);
        auto it = m_nodes.find(id);
        if (it == m_nodes.end()) return Status::error(Errc::UnknownNode, "decommission: no such node");
        // Every replica on the node moves to the node (not in the set) that
        // holds fewest replicas, lowest id first: deterministic, so every node
        // computes the same sets. A partition with no spare node keeps its
        // other replicas (its replication factor shrinks by one: in a
        // three-node cluster the internal topics are on every node); one whose
        // only replica is on the node is refused.
        std::map<int32_t, size_t> load;
        for (const auto& [nid, n] : m_nodes)
            if (!n.decommissioned && nid != id) load[nid] = 0;
        for (const auto& [name, t] : m_topics)
            for (const auto& p : t.partitions)
                for (int32_t r : p.replicas)
                    if (load.count(r)) ++load[r];
        std::map<std::pair<std::string, size_t>, std::vector<int32_t>> moves;
        for (const auto& [name, t] : m_topics)
            for (size_t i = 0; i < t.partitions.size(); ++i) {
                auto set = t.partitions[i].replicas;
                auto pos = std::find(set.begin(), set.end(), id);
                if (pos == set.end()) continue;
                int32_t best = -1;
                for (const auto& [nid, count] : load)
                    if (std::find(set.begin(), set.end(), nid) == set.end() && (best < 0 || count < load[best])) best = nid;
                if (best < 0 && set.size() > 1) {
                    set.erase(pos);
                    moves[{name, i}] = std::move(set);
                    continue;
                }
                if (best < 0)
                    return Status::error(Errc::InvalidReplicaAssignment, "decommission: " + name + "-" + std::to_string(i) +
                                         " has no spare node to move its replica to (replication factor " +
                                         std::to_string(set.size()) + ")");
                *pos = best;
                ++load[best];
                moves[{name, i}] = std::move(set);
            }
        it->second.decommissioned = true;
        for (auto& [key, set] : moves) m_topics[key.first].partitions[key.second].replicas = std::move(set);
        return Status::ok();
    }
    const std::string name = c.value("name", "");
    if (op == "create_topic") {
        if (Status s = storage::validateTopicName(name); !s) return s;
        if (m_topics.count(name)) return Status::error(Errc::TopicExists, "topic '" + name + "' already exists");
        std::vector<std::vector<int32_t>> sets;
        if (Status s = readReplicaSets(c.value("replicas", json::array()), sets); !s) return s;
        if (sets.empty()) return Status::error(Errc::InvalidPartitions, "a topic needs at least one partition");
        if (Status s = knownNodes(sets); !s) return s;
        TopicState t;
        t.name = name;
        t.id = c.value("id", "");
        t.configs = readConfigs(c.value("configs", json::object()));
        if (Status s = storage::TopicConfig::validate(t.configs); !s) return s;
        for (int32_t p = 0; p < static_cast<int32_t>(sets.size()); ++p) {
            t.partitions.push_back(PartitionAssignment{sets[static_cast<size_t>(p)], m_nextGroup});
            m_groups[m_nextGroup++] = {name, p};
        }
        m_topics.emplace(name, std::move(t));
        return Status::ok();
    }
    auto it = m_topics.find(name);
    if (it == m_topics.end()) return Status::error(Errc::UnknownTopic, "topic '" + name + "' does not exist");
    TopicState& t = it->second;
    if (op == "delete_topic") {
        for (const auto& p : t.partitions) m_groups.erase(p.group);
        m_topics.erase(it);
        return Status::ok();
    }
    if (op == "create_partitions") {
        std::vector<std::vector<int32_t>> sets;
        if (Status s = readReplicaSets(c.value("replicas", json::array()), sets); !s) return s;
        if (Status s = knownNodes(sets); !s) return s;
        for (auto& set : sets) {
            const auto p = static_cast<int32_t>(t.partitions.size());
            t.partitions.push_back(PartitionAssignment{std::move(set), m_nextGroup});
            m_groups[m_nextGroup++] = {name, p};
        }
        return Status::ok();
    }
    if (op == "alter_configs") {
        auto configs = readConfigs(c.value("configs", json::object()));
        if (Status s = storage::TopicConfig::validate(configs); !s) return s;
        t.configs = std::move(configs);
        return Status::ok();
    }
    if (op == "reassign") {
        const int32_t p = c.value("partition", -1);
        if (p < 0 || p >= static_cast<int32_t>(t.partitions.size())) return Status::error(Errc::UnknownPartition, "reassign: no such partition");
        std::vector<std::vector<int32_t>> sets;
        if (Status s = readReplicaSets(json::array({c.value("replicas", json::array())}), sets); !s) return s;
        if (Status s = knownNodes(sets); !s) return s;
        t.partitions[static_cast<size_t>(p)].replicas = sets[0];
        return Status::ok();
    }
    return Status::error(Errc::MalformedRequest, "unknown command '" + op + "'");
}

Result<std::vector<std::vector<int32_t>>> ClusterState::placeReplicas(const std::string& topic, int32_t first,
                                                                      int32_t count, int32_t rf) const {
    std::vector<int32_t> live;
    for (const auto& [id, n] : m_nodes)
        if (!n.decommissioned) live.push_back(id);
    if (rf < 1 || rf > 5) return Status::error(Errc::InvalidReplicationFactor, "replication factor must be between 1 and 5, got " + std::to_string(rf));
    if (static_cast<size_t>(rf) > live.size())
        return Status::error(Errc::InvalidReplicationFactor, "replication factor " + std::to_string(rf) + " is larger than the " +
                             std::to_string(live.size()) + " node(s) available");
    // Count how many partitions each node already leads (preferred), so that
    // new topics even out the spread instead of always starting at the first node.
    std::map<int32_t, size_t> led;
    for (int32_t id : live) led[id] = 0;
    for (const auto& [n, t] : m_topics)
        for (const auto& p : t.partitions)
            if (!p.replicas.empty() && led.count(p.replicas[0])) ++led[p.replicas[0]];
    size_t start = 0;
    for (size_t i = 1; i < live.size(); ++i)
        if (led[live[i]] < led[live[start]]) start = i;
    (void)topic;
    std::vector<std::vector<int32_t>> out;
    for (int32_t p = 0; p < count; ++p) {
        std::vector<int32_t> set;
        const size_t lead = (start + static_cast<size_t>(first + p)) % live.size();
        for (int32_t r = 0; r < rf; ++r) set.push_back(live[(lead + static_cast<size_t>(r)) % live.size()]);
        out.push_back(std::move(set));
    }
    return out;
}

json ClusterState::toJson() const {
    json nodes = json::array();
    for (const auto& [id, n] : m_nodes)
        nodes.push_back({{"id", id},
                         {"kafka", n.kafkaHost + ":" + std::to_string(n.kafkaPort)},
                         {"rpc", n.rpcHost + ":" + std::to_string(n.rpcPort)},
                         {"decommissioned", n.decommissioned}});
    json topics = json::array();
    for (const auto& [name, t] : m_topics) {
        json parts = json::array();
        for (const auto& p : t.partitions) parts.push_back({{"replicas", p.replicas}, {"group", p.group}});
        topics.push_back({{"name", name}, {"id", t.id}, {"configs", t.configs}, {"partitions", parts}});
    }
    return {{"nodes", nodes}, {"topics", topics}, {"next_group", m_nextGroup}};
}

Result<ClusterState> ClusterState::fromJson(const json& j) {
    try {
        ClusterState s;
        for (const auto& n : j.at("nodes")) {
            NodeInfo info;
            info.id = n.at("id").get<int32_t>();
            if (Status st = readAddresses(n.at("kafka").get<std::string>(), n.at("rpc").get<std::string>(), info); !st)
                return Status::error("node " + std::to_string(info.id) + ": " + st.message());
            info.decommissioned = n.value("decommissioned", false);
            s.m_nodes[info.id] = info;
        }
        for (const auto& t : j.at("topics")) {
            TopicState ts;
            ts.name = t.at("name").get<std::string>();
            ts.id = t.at("id").get<std::string>();
            ts.configs = readConfigs(t.at("configs"));
            for (const auto& p : t.at("partitions")) {
                PartitionAssignment a{p.at("replicas").get<std::vector<int32_t>>(), p.at("group").get<uint64_t>()};
                s.m_groups[a.group] = {ts.name, static_cast<int32_t>(ts.partitions.size())};
                ts.partitions.push_back(std::move(a));
            }
            s.m_topics.emplace(ts.name, std::move(ts));
        }
        s.m_nextGroup = j.at("next_group").get<uint64_t>();
        return s;
    } catch (const json::exception& e) {
        return Status::error(std::string("malformed cluster state: ") + e.what());
    }
}

}  // namespace plexus::replication

#include "broker/storage/topic_config.h"

#include "broker/storage/errors.h"

#include "broker/common/subject_strategy.h"

#include <charconv>
#include <functional>
#include <limits>
#include <string_view>

namespace plexus::storage {
namespace {

enum Type : int8_t { Boolean = 1, String = 2, Int = 3, Long = 5, Double = 6, List = 7 };

struct KeySpec {
    Type type;
    std::function<std::string(const TopicDefaults&)> defaultValue;
    std::function<Status(const std::string&)> check;
};

Status checkLong(const std::string& v, int64_t min, int64_t max) {
    int64_t x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size()) return Status::error("'" + v + "' is not an integer");
    if (x < min || x > max) return Status::error("'" + v + "' is outside " + std::to_string(min) + ".." + std::to_string(max));
    return Status::ok();
}

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

/// Kafka's cleanup.policy is a list: "delete", "compact", "compact,delete".
Status parsePolicy(const std::string& v, bool& compact, bool& deletes) {
    compact = deletes = false;
    size_t pos = 0;
    while (true) {
        size_t comma = v.find(',', pos);
        std::string item = trim(std::string_view(v).substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (item == "compact") compact = true;
        else if (item == "delete") deletes = true;
        else return Status::error("'" + v + "' is not a list of 'delete' and 'compact'");
        if (comma == std::string::npos) return Status::ok();
        pos = comma + 1;
    }
}

Status checkPolicy(const std::string& v) {
    bool c = false, d = false;
    return parsePolicy(v, c, d);
}

Status parseDouble(const std::string& v, double& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size()) return Status::error("'" + v + "' is not a number");
    return Status::ok();
}

Status checkRatio(const std::string& v) {
    double x = 0;
    if (Status s = parseDouble(v, x); !s) return s;
    if (!(x >= 0.0 && x <= 1.0)) return Status::error("'" + v + "' is outside 0..1");
    return Status::ok();
}

Status checkBool(const std::string& v) {
    if (v == "true" || v == "false") return Status::ok();
    return Status::error("'" + v + "' is not a boolean (true or false)");
}

constexpr char kTopicNameStrategy[] = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

Status checkStrategy(const std::string& v) {
    if (parseSubjectStrategy(v)) return Status::ok();
    return Status::error("'" + v + "' is not a subject name strategy (TopicNameStrategy, RecordNameStrategy or "
                         "TopicRecordNameStrategy, optionally prefixed with " + std::string(kSubjectStrategyPrefix) + ")");
}

auto longIn(int64_t min, int64_t max) {
    return [=](const std::string& v) { return checkLong(v, min, max); };
}
auto oneOf(std::vector<std::string> allowed, std::string why) {
    return [=](const std::string& v) {
        for (const auto& a : allowed)
            if (v == a) return Status::ok();
        return Status::error("'" + v + "' is not supported: " + why);
    };
}
auto fixed(std::string v) {
    return [=](const TopicDefaults&) { return v; };
}

const std::map<std::string, KeySpec>& specs() {
    constexpr int64_t kMaxLong = std::numeric_limits<int64_t>::max();
    constexpr int64_t kMaxInt = std::numeric_limits<int32_t>::max();
    static const std::map<std::string, KeySpec> table = {
        {"retention.ms", {Long, [](const TopicDefaults& d) { return std::to_string(d.retentionMs); }, longIn(-1, kMaxLong)}},
        {"retention.bytes", {Long, [](const TopicDefaults& d) { return std::to_string(d.retentionBytes); }, longIn(-1, kMaxLong)}},
        {"max.message.bytes", {Int, [](const TopicDefaults& d) { return std::to_string(d.maxMessageBytes); }, longIn(64, kMaxInt)}},
        {"cleanup.policy", {List, fixed("delete"), checkPolicy}},
        {"compression.type", {String, fixed("producer"), oneOf({"producer"}, "Plexus stores batches as the producer compressed them")}},
        {"message.timestamp.type", {String, fixed("CreateTime"), oneOf({"CreateTime"}, "only CreateTime is available")}},
        {"unclean.leader.election.enable", {Boolean, fixed("false"), oneOf({"false"}, "unclean election does not exist in Plexus")}},
        {"min.insync.replicas", {Int, fixed("1"), longIn(1, 1)}},
        {"segment.bytes", {Int, fixed("1073741824"), longIn(14, kMaxInt)}},
        {"segment.ms", {Long, fixed("604800000"), longIn(1, kMaxLong)}},
        {"delete.retention.ms", {Long, fixed("86400000"), longIn(0, kMaxLong)}},
        {"min.cleanable.dirty.ratio", {Double, fixed("0.5"), checkRatio}},
        {"min.compaction.lag.ms", {Long, fixed("0"), longIn(0, kMaxLong)}},
        // Broker-side schema validation (Confluent's names; see broker/registry/record_validator.h).
        {"confluent.key.schema.validation", {Boolean, fixed("false"), checkBool}},
        {"confluent.value.schema.validation", {Boolean, fixed("false"), checkBool}},
        {"confluent.key.subject.name.strategy", {String, fixed(kTopicNameStrategy), checkStrategy}},
        {"confluent.value.subject.name.strategy", {String, fixed(kTopicNameStrategy), checkStrategy}},
    };
    return table;
}

}  // namespace

Status TopicConfig::validate(const Overrides& overrides) {
    for (const auto& [k, v] : overrides) {
        auto it = specs().find(k);
        if (it == specs().end()) return Status::error(Errc::InvalidConfig, "unknown topic config '" + k + "'");
        if (Status s = it->second.check(v); !s) return Status::error(Errc::InvalidConfig, "topic config '" + k + "': " + s.message());
    }
    return Status::ok();
}

std::optional<std::string> TopicConfig::get(const std::string& key) const {
    auto it = m_overrides.find(key);
    if (it == m_overrides.end()) return std::nullopt;
    return it->second;
}

int64_t TopicConfig::retentionMs() const {
    auto v = get("retention.ms");
    return v ? std::stoll(*v) : m_defaults.retentionMs;
}

int64_t TopicConfig::retentionBytes() const {
    auto v = get("retention.bytes");
    return v ? std::stoll(*v) : m_defaults.retentionBytes;
}

int32_t TopicConfig::maxMessageBytes() const {
    auto v = get("max.message.bytes");
    return v ? static_cast<int32_t>(std::stol(*v)) : m_defaults.maxMessageBytes;
}

std::string TopicConfig::effective(const std::string& key) const {
    if (auto v = get(key)) return *v;
    return specs().at(key).defaultValue(m_defaults);
}

bool TopicConfig::compact() const {
    bool c = false, d = false;
    parsePolicy(effective("cleanup.policy"), c, d);
    return c;
}

bool TopicConfig::retentionDeletes() const {
    bool c = false, d = false;
    parsePolicy(effective("cleanup.policy"), c, d);
    return d;
}

int64_t TopicConfig::deleteRetentionMs() const { return std::stoll(effective("delete.retention.ms")); }

double TopicConfig::minCleanableDirtyRatio() const {
    double x = 0;
    parseDouble(effective("min.cleanable.dirty.ratio"), x);
    return x;
}

int64_t TopicConfig::minCompactionLagMs() const { return std::stoll(effective("min.compaction.lag.ms")); }

std::vector<ConfigEntry> TopicConfig::describe() const {
    std::vector<ConfigEntry> out;
    for (const auto& [k, spec] : specs()) {
        ConfigEntry e;
        e.name = k;
        e.type = spec.type;
        if (auto v = get(k)) {
            e.value = *v;
            e.isDefault = false;
        } else {
            e.value = spec.defaultValue(m_defaults);
        }
        out.push_back(std::move(e));
    }
    return out;
}

bool TopicConfig::schemaValidation(bool key) const {
    return effective(key ? "confluent.key.schema.validation" : "confluent.value.schema.validation") == "true";
}

std::string TopicConfig::subjectNameStrategy(bool key) const {
    return effective(key ? "confluent.key.subject.name.strategy" : "confluent.value.subject.name.strategy");
}

}  // namespace plexus::storage

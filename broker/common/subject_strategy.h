#pragma once
// Confluent's subject name strategies, which name the Schema Registry
// subject a record's key or value schema is registered under. One parser
// for the topic config check (storage/topic_config.cpp) and the broker's
// record validation (registry/record_validator.h).
//   TopicNameStrategy        <topic>-key / <topic>-value (the default)
//   RecordNameStrategy       <record full name>
//   TopicRecordNameStrategy  <topic>-<record full name>
// Accepted as Confluent's class names (io.confluent.kafka.serializers.subject.X)
// or as the short names. Pure; any thread.
#include <optional>
#include <string_view>

namespace plexus {

enum class SubjectStrategy { TopicName, RecordName, TopicRecordName };

inline constexpr std::string_view kSubjectStrategyPrefix = "io.confluent.kafka.serializers.subject.";

inline std::optional<SubjectStrategy> parseSubjectStrategy(std::string_view name) {
    if (name.substr(0, kSubjectStrategyPrefix.size()) == kSubjectStrategyPrefix) name.remove_prefix(kSubjectStrategyPrefix.size());
    if (name == "TopicNameStrategy") return SubjectStrategy::TopicName;
    if (name == "RecordNameStrategy") return SubjectStrategy::RecordName;
    if (name == "TopicRecordNameStrategy") return SubjectStrategy::TopicRecordName;
    return std::nullopt;
}

}  // namespace plexus

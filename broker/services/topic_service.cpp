#include "broker/services/topic_service.h"

#include "broker/server/config.h"
#include "broker/services/errors.h"
#include "broker/services/internal_topics.h"
#include "broker/storage/log_manager.h"

namespace plexus::services {

void TopicService::create(NewTopic t, bool validateOnly, StatusDone done) {
    if (!t.assignments.empty()) {
        if (t.partitions != -1 || t.replicationFactor != -1)
            return done(Status::error(Errc::InvalidRequest,
                                      "give either a replica assignment or numPartitions and replicationFactor, not both"));
    } else {
        if (t.partitions == -1) t.partitions = m_config.numPartitions;
        if (t.replicationFactor == -1) t.replicationFactor = static_cast<int16_t>(m_config.defaultReplicationFactor);
    }
    m_controller.createTopic(std::move(t), validateOnly, std::move(done));
}

void TopicService::remove(const std::string& name, StatusDone done) {
    if (isInternalTopic(name)) return done(Status::error(Errc::InternalTopic, "internal topic " + name + " cannot be deleted"));
    m_controller.deleteTopic(name, std::move(done));
}

void TopicService::addPartitions(const std::string& name, int32_t totalCount,
                                 const std::optional<std::vector<std::vector<int32_t>>>& assignments, bool validateOnly,
                                 StatusDone done) {
    // Keys map to partitions by hash modulo the count (groups, the
    // registry's one partition); a new count would lose them.
    if (isInternalTopic(name))
        return done(Status::error(Errc::InternalTopicPartitions,
                                  "the partition count of internal topic " + name + " cannot change"));
    m_controller.createPartitions(name, totalCount, assignments, validateOnly, std::move(done));
}

void TopicService::alterConfigs(const std::string& name, const storage::TopicConfig::Overrides& overrides,
                                bool validateOnly, StatusDone done) {
    m_controller.alterConfigs(name, overrides, validateOnly, std::move(done));
}

void TopicService::autoCreate(const std::string& name) {
    // Internal topics are created by the broker alone, with their own
    // settings (compacted, replicated on up to 3 nodes once every seed has
    // registered); a client's Metadata must not make one with the defaults.
    if (!m_config.autoCreateTopics || isInternalTopic(name) || !storage::validateTopicName(name) ||
        m_controller.hasTopic(name))
        return;
    m_controller.autoCreate(name);
}

}  // namespace plexus::services

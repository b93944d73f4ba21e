#include "broker/groups/offset_store.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "broker/protocol/batch_builder.h"
#include "broker/server/broker.h"
#include "broker/services/internal_topics.h"
#include "broker/storage/errors.h"
#include "broker/storage/record_scan.h"

namespace plexus::groups {

OffsetStore::OffsetStore(server::Broker& broker, services::InternalTopicWriter& writer, const CoordinatorConfig& config)
    : m_broker(broker), m_writer(writer), m_config(config), m_partitions(config.offsetsPartitions) {}

OffsetStore::~OffsetStore() { *m_alive = false; }

// ------------------------------------------------------------ the topic

void OffsetStore::setReplicated(std::function<void()> requestTopic) {
    m_replicated = true;
    m_requestTopic = std::move(requestTopic);
}

Status OffsetStore::ensureTopic() {
    if (auto t = m_broker.logs().topic(kOffsetsTopic); t && (t->replicated || !m_replicated)) {
        m_partitions = t->partitionCount;
        return Status::ok();
    }
    if (m_replicated) {
        // The controller creates it on every node; until then clients retry.
        if (m_requestTopic) m_requestTopic();
        return Status::error(std::string(kOffsetsTopic) + " is being created by the controller");
    }
    storage::TopicConfig::Overrides overrides{{"cleanup.policy", "compact"}};
    Status r = m_broker.logs().createTopic(kOffsetsTopic, m_config.offsetsPartitions, overrides, false);
    if (!r && r.code() != storage::Errc::TopicExists) return r.context("cannot create " + std::string(kOffsetsTopic) + ": ");
    if (auto t = m_broker.logs().topic(kOffsetsTopic)) m_partitions = t->partitionCount;
    spdlog::info("created {} with {} partitions", kOffsetsTopic, m_partitions);
    return Status::ok();
}

bool OffsetStore::adoptTopic() {
    auto t = m_broker.logs().topic(kOffsetsTopic);
    if (t) m_partitions = t->partitionCount;
    return t.has_value();
}

int32_t OffsetStore::partitionOf(const std::string& groupId) const {
    return offsetsPartitionFor(groupId, std::max(m_partitions, 1));
}

bool OffsetStore::hasPartition(int32_t partition) const {
    return m_broker.logs().partition(kOffsetsTopic, partition) != nullptr;
}

Status OffsetStore::replay(int32_t partition, const ReplayHandler& handler, size_t& records) {
    auto log = m_broker.logs().partition(kOffsetsTopic, partition);
    if (!log) return Status::ok();
    return storage::scanRecords(*log, std::string(kOffsetsTopic) + "-" + std::to_string(partition),
                                [&](int64_t, const protocol::Record& r) {
                                    if (r.key) {
                                        applyRecord(*r.key, r.value, handler);
                                        ++records;
                                    }
                                    return true;
                                });
}

void OffsetStore::applyRecord(protocol::BytesView key, const std::optional<protocol::BytesView>& value,
                              const ReplayHandler& handler) {
    auto k = decodeKey(key);
    if (!k) {
        spdlog::warn("skipping a malformed key in {}", kOffsetsTopic);
        return;
    }
    if (auto* ok = std::get_if<OffsetKey>(&*k)) {
        if (!value) {
            if (auto it = m_groups.find(ok->group); it != m_groups.end()) it->second.offsets.erase({ok->topic, ok->partition});
            return;
        }
        auto v = decodeOffsetValue(*value);
        if (!v) {
            spdlog::warn("skipping a malformed offset commit for group {} in {}", ok->group, kOffsetsTopic);
            return;
        }
        m_groups[ok->group].offsets[{ok->topic, ok->partition}] = std::move(*v);
        handler.committed(ok->group);
    } else if (auto* gk = std::get_if<GroupKey>(&*k)) {
        if (!value) {
            // A deleted group: its offsets were deleted by tombstones of their own.
            handler.metadata(gk->group, std::nullopt);
            return;
        }
        auto v = decodeGroupValue(*value);
        if (!v) {
            spdlog::warn("skipping malformed metadata of group {} in {}", gk->group, kOffsetsTopic);
            return;
        }
        handler.metadata(gk->group, std::move(*v));
    }
}

void OffsetStore::append(int32_t partition, Records records, std::function<void(ErrorCode)> done) {
    if (!m_replicated && !hasPartition(partition)) {
        // A client that skipped FindCoordinator: the topic appears now.
        if (Status s = ensureTopic(); !s) spdlog::error("{}", s.message());
    }
    std::vector<protocol::OwnedRecord> recs;
    recs.reserve(records.size());
    for (auto& [k, v] : records) recs.push_back(protocol::OwnedRecord{std::move(k), std::move(v)});
    m_writer.append(
        kOffsetsTopic, partition, recs,
        [alive = std::weak_ptr<bool>(m_alive), done = std::move(done)](ErrorCode e, const std::string& message, int64_t) {
            if (!alive.lock()) return;
            if (e == ErrorCode::None) return done(ErrorCode::None);
            // A follower's answer is routine in a cluster: the member finds the new coordinator.
            if (e == ErrorCode::NotLeaderOrFollower) {
                spdlog::info("cannot write to {}: {}", kOffsetsTopic, message);
                return done(ErrorCode::NotCoordinator);
            }
            spdlog::error("cannot write to {}: {}", kOffsetsTopic, message);
            done(ErrorCode::CoordinatorNotAvailable);
        });
}

// ------------------------------------------------------------ group metadata

void OffsetStore::storeGroup(const std::string& groupId, const GroupValue& value, std::function<void(ErrorCode)> done) {
    Records recs;
    recs.emplace_back(encodeGroupKey({groupId}), encodeGroupValue(value));
    append(partitionOf(groupId), std::move(recs), std::move(done));
}

void OffsetStore::deleteGroup(const std::string& groupId, std::function<void(ErrorCode)> done) {
    Records records;
    if (const GroupOffsets* g = find(groupId))
        for (const auto& [tp, c] : g->offsets) records.emplace_back(encodeOffsetKey({groupId, tp.topic, tp.partition}), std::nullopt);
    records.emplace_back(encodeGroupKey({groupId}), std::nullopt);
    append(partitionOf(groupId), std::move(records), std::move(done));
}

// ------------------------------------------------------------ committed offsets

const OffsetStore::GroupOffsets* OffsetStore::find(const std::string& groupId) const {
    auto it = m_groups.find(groupId);
    return it == m_groups.end() ? nullptr : &it->second;
}

void OffsetStore::commit(const std::string& groupId, std::vector<CommitEntry> entries, int64_t nowMs,
                         std::function<void(bool stored, std::vector<ErrorCode>)> done) {
    std::vector<ErrorCode> errors(entries.size(), ErrorCode::None);
    Records records;
    std::vector<size_t> written;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        auto topic = m_broker.logs().topic(e.tp.topic);
        if (!topic || e.tp.partition < 0 || e.tp.partition >= topic->partitionCount) {
            errors[i] = ErrorCode::UnknownTopicOrPartition;
            continue;
        }
        if (e.metadata && e.metadata->size() > static_cast<size_t>(m_config.maxOffsetMetadataBytes)) {
            errors[i] = ErrorCode::OffsetMetadataTooLarge;
            continue;
        }
        OffsetValue v{e.offset, e.leaderEpoch, e.metadata.value_or(""), nowMs, -1};
        records.emplace_back(encodeOffsetKey({groupId, e.tp.topic, e.tp.partition}), encodeOffsetValue(v));
        written.push_back(i);
    }
    if (records.empty()) return done(false, std::move(errors));
    append(partitionOf(groupId), std::move(records),
           [this, groupId, entries = std::move(entries), written = std::move(written), errors = std::move(errors), nowMs,
            done = std::move(done)](ErrorCode code) mutable {
               if (code == ErrorCode::None) {
                   auto& offsets = m_groups[groupId].offsets;
                   for (size_t i : written) {
                       const auto& e = entries[i];
                       offsets[e.tp] = CommittedOffset{e.offset, e.leaderEpoch, e.metadata.value_or(""), nowMs, -1};
                   }
               }
               for (size_t i : written) errors[i] = code;
               done(code == ErrorCode::None, std::move(errors));
           });
}

OffsetFetchResult OffsetStore::fetch(const std::string& groupId,
                                     const std::optional<std::vector<TopicPartition>>& partitions) const {
    OffsetFetchResult out;
    const GroupOffsets* g = find(groupId);
    if (!partitions) {
        if (g)
            for (const auto& [tp, c] : g->offsets) out.entries.push_back(OffsetFetchEntry{tp, c, ErrorCode::None});
        return out;
    }
    for (const auto& tp : *partitions) {
        OffsetFetchEntry e;
        e.tp = tp;
        if (g)
            if (auto it = g->offsets.find(tp); it != g->offsets.end()) e.committed = it->second;
        out.entries.push_back(std::move(e));
    }
    return out;
}

void OffsetStore::deleteOffsets(const std::string& groupId, const std::vector<TopicPartition>& partitions,
                                const std::set<std::string>& subscribedTopics,
                                std::function<void(ErrorCode, std::vector<ErrorCode>)> done) {
    std::vector<ErrorCode> errors(partitions.size(), ErrorCode::None);
    const GroupOffsets* g = find(groupId);
    Records records;
    std::vector<TopicPartition> removed;
    for (size_t i = 0; i < partitions.size(); ++i) {
        const auto& tp = partitions[i];
        if (subscribedTopics.count(tp.topic)) {
            errors[i] = ErrorCode::GroupSubscribedToTopic;
            continue;
        }
        if (!g || !g->offsets.count(tp)) continue;
        records.emplace_back(encodeOffsetKey({groupId, tp.topic, tp.partition}), std::nullopt);
        removed.push_back(tp);
    }
    if (records.empty()) return done(ErrorCode::None, std::move(errors));
    append(partitionOf(groupId), std::move(records),
           [this, groupId, removed = std::move(removed), errors = std::move(errors), done = std::move(done)](ErrorCode e) mutable {
               if (e != ErrorCode::None) return done(e, std::move(errors));
               if (auto it = m_groups.find(groupId); it != m_groups.end())
                   for (const auto& tp : removed) it->second.offsets.erase(tp);
               done(ErrorCode::None, std::move(errors));
           });
}

void OffsetStore::expire(const std::string& groupId, std::optional<int64_t> emptySinceMs, int64_t nowMs,
                         std::function<void()> allExpired) {
    auto found = m_groups.find(groupId);
    if (found == m_groups.end()) return;
    GroupOffsets& g = found->second;
    if (g.offsets.empty() || g.expiring) return;
    Records records;
    std::vector<TopicPartition> expired;
    for (const auto& [tp, c] : g.offsets) {
        int64_t base = emptySinceMs.value_or(c.commitTimestamp);
        if (nowMs - base >= m_config.offsetsRetentionMs) {
            records.emplace_back(encodeOffsetKey({groupId, tp.topic, tp.partition}), std::nullopt);
            expired.push_back(tp);
        }
    }
    if (expired.empty()) return;
    const bool groupGone = expired.size() == g.offsets.size();
    if (groupGone) records.emplace_back(encodeGroupKey({groupId}), std::nullopt);
    spdlog::info("group {}: {} committed offsets expired (offsets.retention.minutes)", groupId, expired.size());
    g.expiring = true;
    append(partitionOf(groupId), std::move(records),
           [this, groupId, expired, groupGone, allExpired = std::move(allExpired)](ErrorCode e) {
               if (auto it = m_groups.find(groupId); it != m_groups.end()) {
                   it->second.expiring = false;
                   if (e == ErrorCode::None)
                       for (const auto& tp : expired) it->second.offsets.erase(tp);
               }
               if (e == ErrorCode::None && groupGone) allExpired();
           });
}

bool OffsetStore::hasOffsets(const std::string& groupId) const {
    const GroupOffsets* g = find(groupId);
    return g && !g->offsets.empty();
}

std::map<TopicPartition, CommittedOffset> OffsetStore::offsetsOf(const std::string& groupId) const {
    const GroupOffsets* g = find(groupId);
    return g ? g->offsets : std::map<TopicPartition, CommittedOffset>{};
}

std::vector<CommittedPosition> OffsetStore::committedPositions() const {
    std::vector<CommittedPosition> out;
    for (const auto& [id, g] : m_groups)
        for (const auto& [tp, c] : g.offsets) out.push_back(CommittedPosition{id, tp, c});
    return out;
}

}  // namespace plexus::groups

#pragma once
// OffsetStore: the committed offsets of the groups this node coordinates,
// and everything the coordinator writes to or reads from __consumer_offsets.
//
// GroupCoordinator owns one and delegates to it; the coordinator keeps the
// rebalance state machine (members, generations, timers), the store keeps
// the data (as Kafka splits GroupCoordinator from GroupMetadataManager):
//   - the topic: creation (ensureTopic), its partition count, which
//     partition holds a group (partitionOf), the one writer every record goes
//     through (services::InternalTopicWriter);
//   - loading: replay() reads a partition's records, applies the offset
//     commits itself and hands each group-metadata record to the coordinator;
//   - committed offsets: commit, fetch (OffsetFetch), deleteOffsets
//     (OffsetDelete), expiry (offsets.retention.minutes), the admin and
//     /metrics views;
//   - the records of group metadata (storeGroup) and of a group's deletion.
//
// Durability: a commit or a deletion changes memory only once its records
// are durable, in the callback, so what a client was told is what a restart
// rebuilds.
//
// Group lifetime stays with the coordinator: the store keeps offsets only of
// groups the coordinator knows, and forgets a group's offsets (in memory)
// when the coordinator drops the group (forget()).
//
// Threading: the network thread only, like the coordinator; no locks.
// Storage completions are posted back to that thread; a callback never runs
// after the store is destroyed.
//
// The call shapes (CommitEntry, OffsetFetchResult, ...), CoordinatorConfig
// and the forward declarations come with group_coordinator.h.
#include <utility>

#include "broker/groups/group_coordinator.h"

namespace plexus::groups {

class OffsetStore {
public:
    /// What replay() hands to the coordinator.
    struct ReplayHandler {
        /// An offset commit of `groupId` was applied; the group must exist.
        std::function<void(const std::string& groupId)> committed;
        /// A group-metadata record: the group as stored, or nullopt for a
        /// tombstone (the group was deleted).
        std::function<void(const std::string& groupId, std::optional<GroupValue> value)> metadata;
    };

    /// `writer` appends to __consumer_offsets (replicated in a cluster).
    /// `config` must outlive the store (it is the coordinator's).
    OffsetStore(server::Broker& broker, services::InternalTopicWriter& writer, const CoordinatorConfig& config);
    ~OffsetStore();
    OffsetStore(const OffsetStore&) = delete;
    OffsetStore& operator=(const OffsetStore&) = delete;

    // ---- The topic

    /// A cluster: records go through the partition's Raft leader;
    /// `requestTopic` asks the controller for the topic.
    void setReplicated(std::function<void()> requestTopic);
    /// Creates __consumer_offsets when it does not exist yet (alone), or asks
    /// the controller for it (a cluster: an error until it exists).
    Status ensureTopic();
    /// Takes the partition count of the existing topic (it wins over the
    /// configuration); false when there is no topic.
    bool adoptTopic();
    /// The partition count in use (the configured one until a topic exists).
    int32_t partitionCount() const { return m_partitions; }
    /// The partition that holds a group's records.
    int32_t partitionOf(const std::string& groupId) const;
    bool hasPartition(int32_t partition) const;
    /// Applies every record of one partition (counted in `records`).
    Status replay(int32_t partition, const ReplayHandler& handler, size_t& records);

    // ---- Group metadata

    /// Writes the group's metadata record; `done` once it is durable (or not).
    void storeGroup(const std::string& groupId, const GroupValue& value, std::function<void(ErrorCode)> done);
    /// Writes tombstones for every committed offset of the group and for its
    /// metadata. Memory is left alone: the coordinator forgets the group.
    void deleteGroup(const std::string& groupId, std::function<void(ErrorCode)> done);

    // ---- Committed offsets

    /// Writes the entries' commits (those of unknown topics or with oversized
    /// metadata fail at once); once durable they are the group's committed
    /// offsets. `done`: whether a commit was stored, one error per entry.
    void commit(const std::string& groupId, std::vector<CommitEntry> entries, int64_t nowMs,
                std::function<void(bool stored, std::vector<ErrorCode>)> done);
    /// OffsetFetch. `partitions` nullopt means every committed partition.
    OffsetFetchResult fetch(const std::string& groupId, const std::optional<std::vector<TopicPartition>>& partitions) const;
    /// OffsetDelete of the partitions that have offsets; those of
    /// `subscribedTopics` keep theirs (GROUP_SUBSCRIBED_TO_TOPIC).
    void deleteOffsets(const std::string& groupId, const std::vector<TopicPartition>& partitions,
                       const std::set<std::string>& subscribedTopics,
                       std::function<void(ErrorCode, std::vector<ErrorCode>)> done);
    /// Expiry of an Empty group's offsets: those older than
    /// offsets.retention.minutes, counted from emptySinceMs (or from the
    /// commit, for a group that never had members). When every offset
    /// expires the group's metadata gets a tombstone too, and `allExpired`
    /// runs once that is durable. One expiry per group at a time.
    void expire(const std::string& groupId, std::optional<int64_t> emptySinceMs, int64_t nowMs,
                std::function<void()> allExpired);

    bool hasOffsets(const std::string& groupId) const;
    std::map<TopicPartition, CommittedOffset> offsetsOf(const std::string& groupId) const;
    /// Every committed offset of every group.
    std::vector<CommittedPosition> committedPositions() const;
    /// The coordinator dropped the group: its offsets leave memory.
    void forget(const std::string& groupId) { m_groups.erase(groupId); }

private:
    using Records = std::vector<std::pair<std::string, std::optional<std::string>>>;
    struct GroupOffsets {
        std::map<TopicPartition, CommittedOffset> offsets;
        bool expiring = false;  ///< tombstones of expired offsets are being written
    };

    const GroupOffsets* find(const std::string& groupId) const;
    void applyRecord(protocol::BytesView key, const std::optional<protocol::BytesView>& value, const ReplayHandler& handler);
    /// The one way records reach __consumer_offsets; `done` on the network thread.
    void append(int32_t partition, Records records, std::function<void(ErrorCode)> done);

    server::Broker& m_broker;
    services::InternalTopicWriter& m_writer;
    const CoordinatorConfig& m_config;
    int32_t m_partitions = 0;  ///< __consumer_offsets partitions (existing topic wins over config)
    bool m_replicated = false;
    std::function<void()> m_requestTopic;
    std::map<std::string, GroupOffsets> m_groups;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  ///< guards write completions
};

}  // namespace plexus::groups

#pragma once
// GroupCoordinator: Kafka's classic consumer-group protocol and committed
// offsets, for every group on this node.
//
// State machine per group (as in Kafka):
//   Empty --join--> PreparingRebalance --all joined / rebalance timeout-->
//   CompletingRebalance --leader's SyncGroup stored--> Stable
//   Stable --join with new metadata, leave, session expiry--> PreparingRebalance
//   PreparingRebalance --no members left--> Empty
// The first join of an empty group waits group.initial.rebalance.delay.ms
// (extended by each newcomer, up to the rebalance timeout) so that members
// starting together form one generation.
//
// Durability: committed offsets and group metadata are records in
// __consumer_offsets, in Kafka's format (offsets_format.h). A commit or a
// new generation's assignment is answered only after its record is durable;
// the in-memory state changes at that moment too, so what a client was told
// is what a restart rebuilds. At start-up load() replays the topic.
//
// The coordinator keeps the rebalance state machine (groups, members,
// generations, timers); the committed offsets and the topic itself (loading,
// writing, expiry, OffsetFetch/OffsetDelete data) are its OffsetStore's
// (offset_store.h), which it owns and delegates to.
//
// Threading: everything runs on the network thread (handlers call in, the
// tick timer fires there, storage completions are posted back there). No
// locks; a callback never runs inside the call that registered it unless the
// answer is immediate, so there is no re-entrancy to deadlock on.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "broker/common/result.h"
#include "broker/groups/offsets_format.h"
#include "broker/protocol/error_code.h"
#include "broker/protocol/record_batch.h"

namespace plexus::services {
class InternalTopicWriter;
}
namespace plexus::server {
class Broker;
}

namespace plexus::groups {

using protocol::ErrorCode;
using Clock = std::chrono::steady_clock;

enum class GroupState { Empty, PreparingRebalance, CompletingRebalance, Stable, Dead };
const char* stateName(GroupState s);

struct CoordinatorConfig {
    int32_t offsetsPartitions = 50;            ///< offsets.topic.num.partitions
    int32_t minSessionTimeoutMs = 6000;        ///< group.min.session.timeout.ms
    int32_t maxSessionTimeoutMs = 1800000;     ///< group.max.session.timeout.ms
    int32_t initialRebalanceDelayMs = 3000;    ///< group.initial.rebalance.delay.ms
    int32_t maxGroupSize = INT32_MAX;          ///< group.max.size
    int32_t maxMemberMetadataBytes = 1 << 20;  ///< group.max.member.metadata.bytes (Plexus)
    int32_t maxOffsetMetadataBytes = 4096;     ///< offset.metadata.max.bytes
    int64_t offsetsRetentionMs = 7LL * 24 * 3600 * 1000;  ///< offsets.retention.minutes
    int64_t offsetsRetentionCheckMs = 600000;  ///< offsets.retention.check.interval.ms
};

// ------------------------------------------------------------ call shapes

struct JoinRequest {
    std::string groupId;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = 0;
    std::string protocolType;
    std::vector<std::pair<std::string, std::string>> protocols;  ///< name, metadata; in preference order
    bool requireKnownMemberId = false;                           ///< JoinGroup v4+
};

struct JoinMemberInfo {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string metadata;
};

struct JoinResult {
    ErrorCode error = ErrorCode::None;
    int32_t generationId = -1;
    std::string protocolName;
    std::string leader;
    std::string memberId;
    std::vector<JoinMemberInfo> members;  ///< only for the leader
};

struct SyncRequest {
    std::string groupId;
    int32_t generationId = -1;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::vector<std::pair<std::string, std::string>> assignments;  ///< member id, assignment (leader only)
};

struct SyncResult {
    ErrorCode error = ErrorCode::None;
    std::string assignment;
};

struct LeaveMember {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
};

struct LeaveResult {
    ErrorCode error = ErrorCode::None;             ///< whole-request error
    std::vector<std::pair<LeaveMember, ErrorCode>> members;
};

struct TopicPartition {
    std::string topic;
    int32_t partition = 0;
    auto operator<=>(const TopicPartition&) const = default;
};

struct CommitEntry {
    TopicPartition tp;
    int64_t offset = -1;
    int32_t leaderEpoch = -1;
    std::optional<std::string> metadata;
};

struct CommitRequest {
    std::string groupId;
    int32_t generationId = -1;
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::vector<CommitEntry> entries;
};

/// A committed offset is exactly what its __consumer_offsets record holds.
using CommittedOffset = OffsetValue;

struct OffsetFetchEntry {
    TopicPartition tp;
    CommittedOffset committed;  ///< offset -1 when nothing is committed
    ErrorCode error = ErrorCode::None;
};

struct OffsetFetchResult {
    ErrorCode error = ErrorCode::None;
    std::vector<OffsetFetchEntry> entries;
};

struct MemberDescription {
    std::string memberId;
    std::optional<std::string> groupInstanceId;
    std::string clientId;
    std::string clientHost;
    std::string metadata;    ///< for the group's protocol; empty unless Stable
    std::string assignment;  ///< empty unless Stable
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = 0;
};

struct GroupDescription {
    std::string groupId;
    GroupState state = GroupState::Dead;
    std::string protocolType;
    std::string protocol;  ///< empty unless Stable
    int32_t generationId = 0;
    std::string leader;
    std::vector<MemberDescription> members;
};

struct GroupListing {
    std::string groupId;
    std::string protocolType;
    GroupState state = GroupState::Empty;
    std::string protocol;  ///< empty unless Stable
    size_t members = 0;
};

/// One (group, partition) with a committed offset, for lag reporting.
struct CommittedPosition {
    std::string groupId;
    TopicPartition tp;
    CommittedOffset committed;
};

class OffsetStore;

class GroupCoordinator {
public:
    /// `writer` appends group state to __consumer_offsets (replicated in a cluster).
    GroupCoordinator(server::Broker& broker, services::InternalTopicWriter& writer, CoordinatorConfig config);
    ~GroupCoordinator();

    /// Replays __consumer_offsets (if it exists) into memory and starts the
    /// tick timer. Called once at start-up, before the node serves. In
    /// replicated mode it only starts the timer: groups are taken over per
    /// partition by becomeCoordinator().
    Status load();

    // ---- Replicated mode (a cluster): __consumer_offsets is a replicated
    // topic and this node coordinates the groups of the partitions it leads.
    /// Before load(): the Broker's internal-topic writer then goes through
    /// the partition's Raft leader (acks=all); `requestTopic` asks the
    /// controller for the topic.
    void setReplicated(std::function<void()> requestTopic);
    bool replicated() const { return m_replicated; }
    /// This node now leads offsets partition `partition` and every entry of
    /// its log is committed: replays the partition and takes its groups.
    void becomeCoordinator(int32_t partition);
    /// Leadership of `partition` moved away: its groups leave memory (their
    /// members are told NOT_COORDINATOR and find the new coordinator).
    void resignCoordinator(int32_t partition);
    /// Whether this node coordinates `groupId` (always, when not replicated).
    bool coordinates(const std::string& groupId) const;
    /// The offsets partition of a group.
    int32_t partitionFor(const std::string& groupId) const { return partitionOf(groupId); }
    /// Creates __consumer_offsets when it does not exist yet (Kafka creates it
    /// on the first FindCoordinator, so a node nobody uses for groups has none).
    Status ensureOffsetsTopic();
    void stop();

    void join(JoinRequest req, std::function<void(JoinResult)> done);
    void sync(SyncRequest req, std::function<void(SyncResult)> done);
    ErrorCode heartbeat(const std::string& groupId, const std::string& memberId,
                        const std::optional<std::string>& groupInstanceId, int32_t generationId);
    LeaveResult leave(const std::string& groupId, const std::vector<LeaveMember>& members);
    /// Per entry, in order.
    void commitOffsets(CommitRequest req, std::function<void(std::vector<ErrorCode>)> done);
    /// `partitions` nullopt means every committed partition of the group.
    OffsetFetchResult fetchOffsets(const std::string& groupId, const std::optional<std::vector<TopicPartition>>& partitions);
    std::vector<GroupListing> listGroups() const;
    GroupDescription describe(const std::string& groupId) const;
    void deleteGroups(std::vector<std::string> groupIds, std::function<void(std::vector<ErrorCode>)> done);
    /// Whole-request error, then one error per partition.
    void deleteOffsets(const std::string& groupId, std::vector<TopicPartition> partitions,
                       std::function<void(ErrorCode, std::vector<ErrorCode>)> done);

    /// Every committed offset of every group (admin API, /metrics).
    std::vector<CommittedPosition> committedPositions() const;
    std::optional<std::map<TopicPartition, CommittedOffset>> groupOffsets(const std::string& groupId) const;

    /// Runs expirations now (the tick timer calls it; tests may too).
    void tick();
    /// Removes expired offsets of empty groups (offsets.retention.minutes).
    void expireOffsets();

    const CoordinatorConfig& config() const { return m_config; }

private:
    struct Member;
    struct Group;

    Group* find(const std::string& groupId) const;
    /// Replays one __consumer_offsets partition through the offset store
    /// (counted in `records`); group-metadata records come back to restoreGroup.
    Status replayPartition(int32_t partition, size_t& records);
    /// A group-metadata record found by a replay (nullopt: a tombstone).
    void restoreGroup(const std::string& groupId, std::optional<GroupValue> value);
    /// After a replay: drops groups that are gone, revives the rest (of one
    /// partition, or all); returns how many remain.
    size_t reviveLoadedGroups(std::optional<int32_t> partition);
    Group& getOrCreate(const std::string& groupId);
    /// Drops a group from memory, its committed offsets included.
    void eraseGroup(const std::string& groupId);
    void addMemberAndRebalance(Group& g, const JoinRequest& req, const std::string& memberId,
                               std::function<void(JoinResult)> done);
    void updateMemberAndRebalance(Group& g, Member& m, const JoinRequest& req, std::function<void(JoinResult)> done);
    void prepareRebalance(Group& g, const std::string& reason);
    void tryCompleteJoin(Group& g);
    void completeJoin(Group& g);
    void checkSyncTimeout(Group& g, Clock::time_point now);
    void removeMember(Group& g, std::string memberId, const std::string& reason);
    void onMemberGone(Group& g);
    JoinResult joinResultFor(const Group& g, const Member& m) const;
    ErrorCode validateMember(const Group& g, const std::string& memberId, const std::optional<std::string>& instanceId) const;
    void transition(Group& g, GroupState to);
    void storeGroup(Group& g, std::function<void(ErrorCode)> done);
    GroupValue snapshot(const Group& g) const;
    void resetSyncs(Group& g, ErrorCode error);
    void setAssignments(Group& g, const std::map<std::string, std::string>& assignments);
    int32_t partitionOf(const std::string& groupId) const;
    void scheduleTick();
    std::string newMemberId(const std::string& clientId);

    CoordinatorConfig m_config;
    /// Committed offsets and every record of __consumer_offsets (offset_store.h);
    /// it holds the Broker core and the internal-topic writer.
    std::unique_ptr<OffsetStore> m_offsets;
    bool m_replicated = false;
    std::set<int32_t> m_owned;  ///< replicated mode: offsets partitions whose groups are loaded here
    std::map<std::string, std::unique_ptr<Group>> m_groups;
    boost::asio::steady_timer m_timer;
    Clock::time_point m_nextRetentionCheck;
    bool m_stopped = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  ///< guards posted completions
};

}  // namespace plexus::groups

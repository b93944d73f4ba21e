#include "broker/groups/group_coordinator.h"

#include <algorithm>
#include <random>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "broker/groups/consumer_protocol.h"
#include "broker/groups/offset_store.h"
#include "broker/server/broker.h"

namespace plexus::groups {

namespace {

constexpr auto kTickPeriod = std::chrono::milliseconds(100);
/// A member that joined during a rebalance and keeps waiting this long
/// without the join completing is dropped (Kafka's new-member join timeout).
constexpr auto kNewMemberJoinTimeout = std::chrono::minutes(5);

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

const char* stateName(GroupState s) {
    switch (s) {
        case GroupState::Empty: return "Empty";
        case GroupState::PreparingRebalance: return "PreparingRebalance";
        case GroupState::CompletingRebalance: return "CompletingRebalance";
        case GroupState::Stable: return "Stable";
        case GroupState::Dead: return "Dead";
    }
    return "Unknown";
}

struct GroupCoordinator::Member {
    std::string memberId;
    std::optional<std::string> instanceId;
    std::string clientId;
    std::string clientHost;
    int32_t sessionTimeoutMs = 0;
    int32_t rebalanceTimeoutMs = 0;
    std::vector<std::pair<std::string, std::string>> protocols;
    std::string assignment;
    Clock::time_point heartbeatDeadline;
    Clock::time_point joinedAt;
    std::function<void(JoinResult)> awaitingJoin;
    std::function<void(SyncResult)> awaitingSync;
    bool isNew = false;
    bool synced = false;  ///< sent SyncGroup in the current generation

    const std::string* metadataFor(const std::string& protocol) const {
        for (const auto& [name, meta] : protocols)
            if (name == protocol) return &meta;
        return nullptr;
    }
    void touch(Clock::time_point now) { heartbeatDeadline = now + std::chrono::milliseconds(sessionTimeoutMs); }
};

struct GroupCoordinator::Group {
    std::string id;
    GroupState state = GroupState::Empty;
    int32_t generation = 0;
    std::string protocolType;
    std::optional<std::string> protocol;
    std::optional<std::string> leader;
    std::map<std::string, Member> members;
    std::map<std::string, std::string> staticMembers;           ///< instance id -> member id
    std::map<std::string, Clock::time_point> pending;           ///< MEMBER_ID_REQUIRED issued, not joined yet
    std::optional<int64_t> emptySinceMs;                        ///< wall time the group became Empty (offset expiry counts from it)

    // Rebalance bookkeeping.
    bool initialDelay = false;
    bool newMemberAdded = false;
    int64_t delayRemainingMs = 0;
    Clock::time_point joinDeadline;
    Clock::time_point syncDeadline;
    bool storing = false;  ///< the leader's assignment is being written

    bool allJoined() const {
        if (!pending.empty()) return false;
        for (const auto& [memberKey, m] : members)
            if (!m.awaitingJoin) return false;
        return true;
    }
    int32_t maxRebalanceTimeoutMs() const {
        int32_t t = 0;
        for (const auto& [memberKey, m] : members) t = std::max(t, m.rebalanceTimeoutMs);
        return t;
    }
    /// Protocol names every member supports.
    std::set<std::string> candidateProtocols() const {
        std::map<std::string, size_t> counts;
        for (const auto& [memberKey, m] : members)
            for (const auto& [name, meta] : m.protocols) ++counts[name];
        std::set<std::string> out;
        for (const auto& [name, n] : counts)
            if (n == members.size()) out.insert(name);
        return out;
    }
    bool supports(const std::string& type, const std::vector<std::pair<std::string, std::string>>& protos) const {
        if (members.empty()) return !type.empty() && !protos.empty();
        if (type != protocolType) return false;
        auto candidates = candidateProtocols();
        return std::any_of(protos.begin(), protos.end(), [&](const auto& p) { return candidates.count(p.first) > 0; });
    }
    std::string selectProtocol() const {
        auto candidates = candidateProtocols();
        std::map<std::string, int> votes;
        for (const auto& [memberKey, m] : members)
            for (const auto& [name, meta] : m.protocols)
                if (candidates.count(name)) {
                    ++votes[name];
                    break;
                }
        std::string best;
        int bestVotes = -1;
        for (const auto& [name, n] : votes)
            if (n > bestVotes) {
                best = name;
                bestVotes = n;
            }
        return best;
    }
};

GroupCoordinator::GroupCoordinator(server::Broker& broker, services::InternalTopicWriter& writer, CoordinatorConfig config)
    : m_config(config), m_offsets(std::make_unique<OffsetStore>(broker, writer, m_config)), m_timer(broker.io()) {}

GroupCoordinator::~GroupCoordinator() { *m_alive = false; }

// ------------------------------------------------------------ start-up

Status GroupCoordinator::ensureOffsetsTopic() { return m_offsets->ensureTopic(); }

void GroupCoordinator::setReplicated(std::function<void()> requestTopic) {
    m_replicated = true;
    m_offsets->setReplicated(std::move(requestTopic));
}

bool GroupCoordinator::coordinates(const std::string& groupId) const {
    return !replicated() || (m_offsets->partitionCount() > 0 && m_owned.count(partitionOf(groupId)) > 0);
}

Status GroupCoordinator::replayPartition(int32_t partition, size_t& records) {
    OffsetStore::ReplayHandler handler;
    handler.committed = [this](const std::string& groupId) { getOrCreate(groupId); };
    handler.metadata = [this](const std::string& groupId, std::optional<GroupValue> value) {
        restoreGroup(groupId, std::move(value));
    };
    return m_offsets->replay(partition, handler, records);
}

size_t GroupCoordinator::reviveLoadedGroups(std::optional<int32_t> partition) {
    // Groups come back as they were stored: with members they are Stable
    // and those members have one session timeout to show up again.
    size_t kept = 0;
    const auto now = Clock::now();
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        Group& g = *it->second;
        if (partition && partitionOf(g.id) != *partition) {
            ++it;
            continue;
        }
        if (g.state == GroupState::Dead && !m_offsets->hasOffsets(g.id)) {
            m_offsets->forget(g.id);
            it = m_groups.erase(it);
            continue;
        }
        if (g.state == GroupState::Dead) g.state = GroupState::Empty;
        for (auto& [id, m] : g.members) m.touch(now);
        ++kept;
        ++it;
    }
    return kept;
}

void GroupCoordinator::becomeCoordinator(int32_t partition) {
    m_offsets->adoptTopic();
    if (m_owned.count(partition) || !m_offsets->hasPartition(partition)) return;
    size_t records = 0;
    if (Status st = replayPartition(partition, records); !st) {
        spdlog::error("cannot take over the groups of {}-{}: {}", kOffsetsTopic, partition, st.message());
        return;
    }
    const size_t groups = reviveLoadedGroups(partition);
    m_owned.insert(partition);
    spdlog::info("now coordinating the {} groups of {}-{} ({} records)", groups, kOffsetsTopic, partition, records);
}

void GroupCoordinator::resignCoordinator(int32_t partition) {
    if (!m_owned.erase(partition)) return;
    size_t dropped = 0;
    // Members waiting in a JoinGroup or SyncGroup are answered
    // NOT_COORDINATOR, so that they find the new coordinator and join there
    // at once; left unanswered they would wait out their request timeout (a
    // group still forming has nothing in the log the new coordinator could
    // replay).
    std::vector<std::function<void(JoinResult)>> joins;
    std::vector<std::function<void(SyncResult)>> syncs;
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        if (partitionOf(it->first) == partition) {
            for (auto& [id, m] : it->second->members) {
                if (m.awaitingJoin) joins.push_back(std::move(m.awaitingJoin));
                if (m.awaitingSync) syncs.push_back(std::move(m.awaitingSync));
            }
            m_offsets->forget(it->first);
            it = m_groups.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
    spdlog::info("no longer coordinating {}-{} ({} groups handed over, {} waiting requests answered NOT_COORDINATOR)",
                 kOffsetsTopic, partition, dropped, joins.size() + syncs.size());
    for (auto& done : joins) done(JoinResult{ErrorCode::NotCoordinator, -1, {}, {}, {}, {}});
    for (auto& done : syncs) done(SyncResult{ErrorCode::NotCoordinator, {}});
}

Status GroupCoordinator::load() {
    if (!replicated() && m_offsets->adoptTopic()) {
        const int32_t partitions = m_offsets->partitionCount();
        if (partitions != m_config.offsetsPartitions)
            spdlog::warn("{} has {} partitions, not the configured {}; the existing count is used", kOffsetsTopic,
                         partitions, m_config.offsetsPartitions);
        size_t records = 0;
        for (int32_t p = 0; p < partitions; ++p)
            if (Status st = replayPartition(p, records); !st) return st;
        reviveLoadedGroups(std::nullopt);
        spdlog::info("group coordinator loaded {} groups from {} records of {}", m_groups.size(), records, kOffsetsTopic);
    }
    m_nextRetentionCheck = Clock::now() + std::chrono::milliseconds(m_config.offsetsRetentionCheckMs);
    scheduleTick();
    return Status::ok();
}

void GroupCoordinator::restoreGroup(const std::string& groupId, std::optional<GroupValue> value) {
    if (!value) {
        // A deleted group: its offsets were deleted by tombstones of their own.
        if (Group* g = find(groupId)) {
            g->state = GroupState::Dead;
            g->members.clear();
            g->staticMembers.clear();
        }
        return;
    }
    Group& g = getOrCreate(groupId);
    g.protocolType = value->protocolType;
    g.generation = value->generation;
    g.protocol = value->protocol;
    g.leader = value->leader;
    g.members.clear();
    g.staticMembers.clear();
    for (const auto& mv : value->members) {
        Member m;
        m.memberId = mv.memberId;
        m.instanceId = mv.groupInstanceId;
        m.clientId = mv.clientId;
        m.clientHost = mv.clientHost;
        m.sessionTimeoutMs = mv.sessionTimeoutMs;
        m.rebalanceTimeoutMs = mv.rebalanceTimeoutMs;
        if (g.protocol) m.protocols.emplace_back(*g.protocol, mv.subscription);
        m.assignment = mv.assignment;
        m.synced = true;
        if (m.instanceId) g.staticMembers[*m.instanceId] = m.memberId;
        g.members.emplace(m.memberId, std::move(m));
    }
    g.state = g.members.empty() ? GroupState::Empty : GroupState::Stable;
    if (g.state == GroupState::Empty && value->currentStateTimestamp >= 0) g.emptySinceMs = value->currentStateTimestamp;
}

void GroupCoordinator::stop() {
    m_stopped = true;
    m_timer.cancel();
}

void GroupCoordinator::scheduleTick() {
    if (m_stopped) return;
    m_timer.expires_after(kTickPeriod);
    m_timer.async_wait([this, alive = std::weak_ptr<bool>(m_alive)](const boost::system::error_code& ec) {
        if (ec || !alive.lock() || m_stopped) return;
        tick();
        scheduleTick();
    });
}

// ------------------------------------------------------------ helpers

GroupCoordinator::Group* GroupCoordinator::find(const std::string& groupId) const {
    auto it = m_groups.find(groupId);
    return it == m_groups.end() ? nullptr : it->second.get();
}

GroupCoordinator::Group& GroupCoordinator::getOrCreate(const std::string& groupId) {
    auto& slot = m_groups[groupId];
    if (!slot) {
        slot = std::make_unique<Group>();
        slot->id = groupId;
    }
    return *slot;
}

void GroupCoordinator::eraseGroup(const std::string& groupId) {
    m_offsets->forget(groupId);
    m_groups.erase(groupId);
}

int32_t GroupCoordinator::partitionOf(const std::string& groupId) const { return m_offsets->partitionOf(groupId); }

std::string GroupCoordinator::newMemberId(const std::string& clientId) {
    // Kafka's form: client id, a dash, a random UUID.
    static std::mt19937_64 rng{std::random_device{}()};
    uint64_t a = rng(), b = rng();
    a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
    b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                  static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return clientId + "-" + buf;
}

void GroupCoordinator::transition(Group& g, GroupState to) {
    if (g.state == to) return;
    spdlog::debug("group {} {} -> {}", g.id, stateName(g.state), stateName(to));
    g.state = to;
    if (to == GroupState::Empty) g.emptySinceMs = wallMs();
    else g.emptySinceMs.reset();
}

ErrorCode GroupCoordinator::validateMember(const Group& g, const std::string& memberId,
                                           const std::optional<std::string>& instanceId) const {
    if (instanceId) {
        auto it = g.staticMembers.find(*instanceId);
        if (it != g.staticMembers.end() && it->second != memberId) return ErrorCode::FencedInstanceId;
    }
    if (!g.members.count(memberId)) return ErrorCode::UnknownMemberId;
    return ErrorCode::None;
}

JoinResult GroupCoordinator::joinResultFor(const Group& g, const Member& m) const {
    JoinResult r;
    r.generationId = g.generation;
    r.protocolName = g.protocol.value_or("");
    r.leader = g.leader.value_or("");
    r.memberId = m.memberId;
    if (g.leader && *g.leader == m.memberId) {
        for (const auto& [id, other] : g.members) {
            const std::string* meta = g.protocol ? other.metadataFor(*g.protocol) : nullptr;
            r.members.push_back(JoinMemberInfo{id, other.instanceId, meta ? *meta : std::string()});
        }
    }
    return r;
}

GroupValue GroupCoordinator::snapshot(const Group& g) const {
    GroupValue v;
    v.protocolType = g.protocolType;
    v.generation = g.generation;
    v.protocol = g.protocol;
    v.leader = g.leader;
    v.currentStateTimestamp = wallMs();
    for (const auto& [id, m] : g.members) {
        MemberValue mv;
        mv.memberId = id;
        mv.groupInstanceId = m.instanceId;
        mv.clientId = m.clientId;
        mv.clientHost = m.clientHost;
        mv.rebalanceTimeoutMs = m.rebalanceTimeoutMs;
        mv.sessionTimeoutMs = m.sessionTimeoutMs;
        if (g.protocol)
            if (const std::string* meta = m.metadataFor(*g.protocol)) mv.subscription = *meta;
        mv.assignment = m.assignment;
        v.members.push_back(std::move(mv));
    }
    return v;
}

void GroupCoordinator::storeGroup(Group& g, std::function<void(ErrorCode)> done) {
    m_offsets->storeGroup(g.id, snapshot(g), std::move(done));
}

void GroupCoordinator::resetSyncs(Group& g, ErrorCode error) {
    for (auto& [id, m] : g.members) {
        m.assignment.clear();
        if (m.awaitingSync) {
            auto cb = std::move(m.awaitingSync);
            m.awaitingSync = nullptr;
            cb(SyncResult{error, {}});
        }
    }
}

void GroupCoordinator::setAssignments(Group& g, const std::map<std::string, std::string>& assignments) {
    for (auto& [id, m] : g.members) {
        auto it = assignments.find(id);
        m.assignment = it == assignments.end() ? std::string() : it->second;
        if (m.awaitingSync) {
            auto cb = std::move(m.awaitingSync);
            m.awaitingSync = nullptr;
            cb(SyncResult{ErrorCode::None, m.assignment});
        }
    }
}

// ------------------------------------------------------------ rebalancing

void GroupCoordinator::prepareRebalance(Group& g, const std::string& reason) {
    if (g.state == GroupState::CompletingRebalance) resetSyncs(g, ErrorCode::RebalanceInProgress);
    auto now = Clock::now();
    const int32_t rebalanceTimeout = g.maxRebalanceTimeoutMs();
    if (g.state == GroupState::Empty && m_config.initialRebalanceDelayMs > 0) {
        g.initialDelay = true;
        g.newMemberAdded = false;
        int64_t delay = std::min<int64_t>(m_config.initialRebalanceDelayMs, rebalanceTimeout);
        g.delayRemainingMs = std::max<int64_t>(rebalanceTimeout - delay, 0);
        g.joinDeadline = now + std::chrono::milliseconds(delay);
    } else {
        g.initialDelay = false;
        g.joinDeadline = now + std::chrono::milliseconds(rebalanceTimeout);
    }
    spdlog::info("group {} rebalancing (generation {}): {}", g.id, g.generation, reason);
    transition(g, GroupState::PreparingRebalance);
    // As Kafka's tryCompleteElseWatch: when every member has already joined
    // (a lone member rejoining, no initial delay) the join completes now.
    tryCompleteJoin(g);
}

void GroupCoordinator::tryCompleteJoin(Group& g) {
    if (g.state == GroupState::PreparingRebalance && !g.initialDelay && g.allJoined()) completeJoin(g);
}

void GroupCoordinator::completeJoin(Group& g) {
    // Dynamic members that did not rejoin in time leave the group; static
    // members keep their place (they may come back with the same instance id).
    std::vector<std::string> gone;
    for (const auto& [id, m] : g.members)
        if (!m.awaitingJoin && !m.instanceId) gone.push_back(id);
    for (const auto& id : gone) {
        spdlog::info("group {}: member {} did not rejoin within the rebalance timeout", g.id, id);
        g.members.erase(id);
        if (g.leader == id) g.leader.reset();
    }
    // Member ids handed out with MEMBER_ID_REQUIRED stay valid until their own
    // session timeout (KIP-394; tick() expires them): joining later with one
    // starts the next rebalance instead of failing with UNKNOWN_MEMBER_ID.
    g.initialDelay = false;
    ++g.generation;
    auto now = Clock::now();
    if (g.members.empty()) {
        g.protocol.reset();
        g.leader.reset();
        transition(g, GroupState::Empty);
        spdlog::info("group {} is empty at generation {}", g.id, g.generation);
        storeGroup(g, [](ErrorCode) {});
        return;
    }
    bool leaderJoined = g.leader && g.members.count(*g.leader) && g.members.at(*g.leader).awaitingJoin;
    if (!leaderJoined) {
        g.leader.reset();
        for (const auto& [id, m] : g.members)
            if (m.awaitingJoin) {
                g.leader = id;
                break;
            }
        if (!g.leader) g.leader = g.members.begin()->first;
    }
    g.protocol = g.selectProtocol();
    transition(g, GroupState::CompletingRebalance);
    g.syncDeadline = now + std::chrono::milliseconds(g.maxRebalanceTimeoutMs());
    spdlog::info("group {} generation {} with {} members, protocol {}, leader {}", g.id, g.generation, g.members.size(),
                 *g.protocol, *g.leader);
    std::vector<std::pair<std::function<void(JoinResult)>, JoinResult>> answers;
    for (auto& [id, m] : g.members) {
        m.isNew = false;
        m.synced = false;
        m.assignment.clear();
        m.touch(now);
        if (m.awaitingJoin) {
            answers.emplace_back(std::move(m.awaitingJoin), joinResultFor(g, m));
            m.awaitingJoin = nullptr;
        }
    }
    for (auto& [cb, r] : answers) cb(std::move(r));
}

void GroupCoordinator::addMemberAndRebalance(Group& g, const JoinRequest& req, const std::string& memberId,
                                             std::function<void(JoinResult)> done) {
    auto now = Clock::now();
    if (g.members.empty()) g.protocolType = req.protocolType;
    Member m;
    m.memberId = memberId;
    m.instanceId = req.groupInstanceId;
    m.clientId = req.clientId;
    m.clientHost = req.clientHost;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.protocols = req.protocols;
    m.awaitingJoin = std::move(done);
    m.isNew = true;
    m.joinedAt = now;
    m.touch(now);
    if (m.instanceId) g.staticMembers[*m.instanceId] = memberId;
    g.members.emplace(memberId, std::move(m));
    if (!g.leader) g.leader = memberId;
    g.newMemberAdded = true;
    if (g.state != GroupState::PreparingRebalance) prepareRebalance(g, "member " + memberId + " joined");
    tryCompleteJoin(g);
}

void GroupCoordinator::updateMemberAndRebalance(Group& g, Member& m, const JoinRequest& req,
                                                std::function<void(JoinResult)> done) {
    if (m.awaitingJoin) {
        auto old = std::move(m.awaitingJoin);
        old(JoinResult{ErrorCode::RebalanceInProgress, -1, {}, {}, m.memberId, {}});
    }
    m.protocols = req.protocols;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.clientId = req.clientId;
    m.clientHost = req.clientHost;
    m.awaitingJoin = std::move(done);
    m.joinedAt = Clock::now();
    if (g.state != GroupState::PreparingRebalance) prepareRebalance(g, "member " + m.memberId + " rejoined");
    tryCompleteJoin(g);
}

// memberId by value: callers pass references into the group's own maps,
// which this function erases from.
void GroupCoordinator::removeMember(Group& g, std::string memberId, const std::string& reason) {
    auto it = g.members.find(memberId);
    if (it == g.members.end()) return;
    Member m = std::move(it->second);
    g.members.erase(it);
    if (m.instanceId) g.staticMembers.erase(*m.instanceId);
    if (g.leader == memberId) g.leader = g.members.empty() ? std::nullopt : std::optional(g.members.begin()->first);
    spdlog::info("group {}: member {} removed: {}", g.id, memberId, reason);
    if (m.awaitingJoin) m.awaitingJoin(JoinResult{ErrorCode::UnknownMemberId, -1, {}, {}, memberId, {}});
    if (m.awaitingSync) m.awaitingSync(SyncResult{ErrorCode::UnknownMemberId, {}});
    onMemberGone(g);
}

void GroupCoordinator::onMemberGone(Group& g) {
    switch (g.state) {
        case GroupState::Stable:
        case GroupState::CompletingRebalance: prepareRebalance(g, "a member left"); [[fallthrough]];
        case GroupState::PreparingRebalance: tryCompleteJoin(g); break;
        default: break;
    }
}

void GroupCoordinator::checkSyncTimeout(Group& g, Clock::time_point now) {
    if (g.state != GroupState::CompletingRebalance || g.storing || now < g.syncDeadline) return;
    std::vector<std::string> late;
    for (const auto& [id, m] : g.members)
        if (!m.synced) late.push_back(id);
    if (late.empty()) return;
    for (const auto& id : late) {
        auto it = g.members.find(id);
        if (it == g.members.end()) continue;
        if (it->second.instanceId) g.staticMembers.erase(*it->second.instanceId);
        g.members.erase(it);
        if (g.leader == id) g.leader.reset();
        spdlog::info("group {}: member {} sent no SyncGroup within the rebalance timeout", g.id, id);
    }
    if (!g.leader && !g.members.empty()) g.leader = g.members.begin()->first;
    onMemberGone(g);
}

void GroupCoordinator::tick() {
    auto now = Clock::now();
    for (auto& [gid, gp] : m_groups) {
        Group& g = *gp;
        if (g.state == GroupState::Dead) continue;
        // Pending members (MEMBER_ID_REQUIRED answered) must rejoin within their session timeout.
        bool pendingExpired = false;
        for (auto it = g.pending.begin(); it != g.pending.end();) {
            if (now >= it->second) {
                it = g.pending.erase(it);
                pendingExpired = true;
            } else {
                ++it;
            }
        }
        // Session expiry. A member blocked in JoinGroup or SyncGroup is alive.
        std::vector<std::string> expired;
        for (const auto& [id, m] : g.members) {
            if (m.awaitingJoin) {
                if (m.isNew && now - m.joinedAt > kNewMemberJoinTimeout) expired.push_back(id);
                continue;
            }
            if (m.awaitingSync) continue;
            if (now >= m.heartbeatDeadline) expired.push_back(id);
        }
        for (const auto& id : expired)
            if (g.members.count(id)) removeMember(g, id, "session timeout expired");
        if (pendingExpired) tryCompleteJoin(g);

        if (g.state == GroupState::PreparingRebalance && now >= g.joinDeadline) {
            if (g.initialDelay && g.newMemberAdded && g.delayRemainingMs > 0) {
                int64_t delay = std::min<int64_t>(m_config.initialRebalanceDelayMs, g.delayRemainingMs);
                g.delayRemainingMs -= delay;
                g.newMemberAdded = false;
                g.joinDeadline = now + std::chrono::milliseconds(delay);
            } else {
                completeJoin(g);
            }
        }
        checkSyncTimeout(g, now);
    }
    if (now >= m_nextRetentionCheck) {
        m_nextRetentionCheck = now + std::chrono::milliseconds(m_config.offsetsRetentionCheckMs);
        expireOffsets();
    }
}

// ------------------------------------------------------------ API

void GroupCoordinator::join(JoinRequest req, std::function<void(JoinResult)> done) {
    auto fail = [&](ErrorCode e, std::string memberId = {}) {
        JoinResult r;
        r.error = e;
        r.memberId = memberId.empty() ? req.memberId : memberId;
        done(std::move(r));
    };
    if (req.groupId.empty()) return fail(ErrorCode::InvalidGroupId);
    if (!coordinates(req.groupId)) return fail(ErrorCode::NotCoordinator);
    if (req.sessionTimeoutMs < m_config.minSessionTimeoutMs || req.sessionTimeoutMs > m_config.maxSessionTimeoutMs)
        return fail(ErrorCode::InvalidSessionTimeout);
    for (const auto& [name, meta] : req.protocols) {
        if (meta.size() > static_cast<size_t>(m_config.maxMemberMetadataBytes)) {
            spdlog::warn("group {}: JoinGroup from {} refused: protocol {} metadata is {} bytes, the limit "
                         "(group.max.member.metadata.bytes) is {}",
                         req.groupId, req.clientId, name, meta.size(), m_config.maxMemberMetadataBytes);
            return fail(ErrorCode::MessageTooLarge);
        }
    }

    if (req.memberId.empty()) {
        Group* existing = find(req.groupId);
        if (existing && existing->state == GroupState::Dead) return fail(ErrorCode::CoordinatorNotAvailable);
        Group& g = getOrCreate(req.groupId);
        if (!g.supports(req.protocolType, req.protocols)) return fail(ErrorCode::InconsistentGroupProtocol);
        if (g.members.size() + g.pending.size() >= static_cast<size_t>(m_config.maxGroupSize))
            return fail(ErrorCode::GroupMaxSizeReached);
        std::string memberId = newMemberId(req.clientId);
        if (req.groupInstanceId) {
            auto known = g.staticMembers.find(*req.groupInstanceId);
            if (known == g.staticMembers.end()) return addMemberAndRebalance(g, req, memberId, std::move(done));
            // A static member restarted: it takes over its old place under a new
            // member id, and the old id is fenced.
            std::string oldId = known->second;
            auto node = g.members.extract(oldId);
            Member m = std::move(node.mapped());
            if (m.awaitingJoin) m.awaitingJoin(JoinResult{ErrorCode::FencedInstanceId, -1, {}, {}, oldId, {}});
            if (m.awaitingSync) m.awaitingSync(SyncResult{ErrorCode::FencedInstanceId, {}});
            m.awaitingJoin = nullptr;
            m.awaitingSync = nullptr;
            bool sameProtocols = m.protocols == req.protocols;
            m.memberId = memberId;
            m.touch(Clock::now());
            g.staticMembers[*req.groupInstanceId] = memberId;
            if (g.leader == oldId) g.leader = memberId;
            Member& placed = g.members.emplace(memberId, std::move(m)).first->second;
            spdlog::info("group {}: static member {} rejoined as {}", g.id, *req.groupInstanceId, memberId);
            if (g.state == GroupState::Stable && sameProtocols) {
                // No rebalance: it gets the current generation and keeps its assignment.
                JoinResult r = joinResultFor(g, placed);
                storeGroup(g, [done = std::move(done), r = std::move(r)](ErrorCode e) mutable {
                    if (e != ErrorCode::None) r = JoinResult{e, -1, {}, {}, r.memberId, {}};
                    done(std::move(r));
                });
                return;
            }
            return updateMemberAndRebalance(g, placed, req, std::move(done));
        }
        if (req.requireKnownMemberId) {
            // JoinGroup v4+: the member learns its id first and must come back with it.
            g.pending[memberId] = Clock::now() + std::chrono::milliseconds(req.sessionTimeoutMs);
            return fail(ErrorCode::MemberIdRequired, memberId);
        }
        return addMemberAndRebalance(g, req, memberId, std::move(done));
    }

    Group* gp = find(req.groupId);
    if (!gp) return fail(ErrorCode::UnknownMemberId);
    Group& g = *gp;
    if (g.state == GroupState::Dead) return fail(ErrorCode::CoordinatorNotAvailable);
    if (!g.supports(req.protocolType, req.protocols)) return fail(ErrorCode::InconsistentGroupProtocol);
    if (auto p = g.pending.find(req.memberId); p != g.pending.end()) {
        g.pending.erase(p);
        return addMemberAndRebalance(g, req, req.memberId, std::move(done));
    }
    if (ErrorCode e = validateMember(g, req.memberId, req.groupInstanceId); e != ErrorCode::None) return fail(e);
    Member& m = g.members.at(req.memberId);
    const bool sameProtocols = m.protocols == req.protocols;
    switch (g.state) {
        case GroupState::PreparingRebalance:
            return updateMemberAndRebalance(g, m, req, std::move(done));
        case GroupState::CompletingRebalance:
            if (sameProtocols) {
                // A retry of a join that already completed: the same answer again.
                m.touch(Clock::now());
                return done(joinResultFor(g, m));
            }
            return updateMemberAndRebalance(g, m, req, std::move(done));
        case GroupState::Stable:
            if (!sameProtocols || g.leader == req.memberId) return updateMemberAndRebalance(g, m, req, std::move(done));
            m.touch(Clock::now());
            return done(joinResultFor(g, m));
        default:
            return fail(ErrorCode::UnknownMemberId);
    }
}

void GroupCoordinator::sync(SyncRequest req, std::function<void(SyncResult)> done) {
    if (!coordinates(req.groupId)) return done(SyncResult{ErrorCode::NotCoordinator, {}});
    Group* gp = find(req.groupId);
    if (!gp) return done(SyncResult{ErrorCode::UnknownMemberId, {}});
    Group& g = *gp;
    if (g.state == GroupState::Dead) return done(SyncResult{ErrorCode::CoordinatorNotAvailable, {}});
    if (ErrorCode e = validateMember(g, req.memberId, req.groupInstanceId); e != ErrorCode::None)
        return done(SyncResult{e, {}});
    if (req.generationId != g.generation) return done(SyncResult{ErrorCode::IllegalGeneration, {}});
    Member& m = g.members.at(req.memberId);
    auto now = Clock::now();
    switch (g.state) {
        case GroupState::Empty: return done(SyncResult{ErrorCode::UnknownMemberId, {}});
        case GroupState::PreparingRebalance: return done(SyncResult{ErrorCode::RebalanceInProgress, {}});
        case GroupState::Stable:
            m.touch(now);
            return done(SyncResult{ErrorCode::None, m.assignment});
        case GroupState::CompletingRebalance: break;
        case GroupState::Dead: return done(SyncResult{ErrorCode::CoordinatorNotAvailable, {}});
    }
    if (m.awaitingSync) m.awaitingSync(SyncResult{ErrorCode::RebalanceInProgress, {}});
    m.awaitingSync = std::move(done);
    m.synced = true;
    m.touch(now);
    if (g.leader != req.memberId || g.storing) return;

    // The leader's assignment: written to __consumer_offsets, then handed out.
    std::map<std::string, std::string> assignments;
    for (auto& [id, a] : req.assignments)
        if (g.members.count(id)) assignments[id] = std::move(a);
    for (auto& [id, mem] : g.members) {
        auto it = assignments.find(id);
        mem.assignment = it == assignments.end() ? std::string() : it->second;
    }
    g.storing = true;
    const int32_t generation = g.generation;
    storeGroup(g, [this, groupId = g.id, generation, assignments = std::move(assignments)](ErrorCode e) {
        Group* gp2 = find(groupId);
        if (!gp2) return;
        Group& g2 = *gp2;
        g2.storing = false;
        if (g2.state != GroupState::CompletingRebalance || g2.generation != generation) return;
        if (e != ErrorCode::None) {
            resetSyncs(g2, e);
            prepareRebalance(g2, "the group's assignment could not be stored");
            return;
        }
        setAssignments(g2, assignments);
        transition(g2, GroupState::Stable);
        spdlog::info("group {} stable at generation {}", g2.id, g2.generation);
    });
}

ErrorCode GroupCoordinator::heartbeat(const std::string& groupId, const std::string& memberId,
                                      const std::optional<std::string>& instanceId, int32_t generationId) {
    if (!coordinates(groupId)) return ErrorCode::NotCoordinator;
    Group* gp = find(groupId);
    if (!gp) return ErrorCode::UnknownMemberId;
    Group& g = *gp;
    if (g.state == GroupState::Dead) return ErrorCode::CoordinatorNotAvailable;
    if (g.state == GroupState::Empty) return ErrorCode::UnknownMemberId;
    if (ErrorCode e = validateMember(g, memberId, instanceId); e != ErrorCode::None) return e;
    if (generationId != g.generation) return ErrorCode::IllegalGeneration;
    g.members.at(memberId).touch(Clock::now());
    if (g.state == GroupState::PreparingRebalance) return ErrorCode::RebalanceInProgress;
    return ErrorCode::None;
}

LeaveResult GroupCoordinator::leave(const std::string& groupId, const std::vector<LeaveMember>& members) {
    LeaveResult out;
    if (!coordinates(groupId)) {
        out.error = ErrorCode::NotCoordinator;
        return out;
    }
    Group* gp = find(groupId);
    if (gp && gp->state == GroupState::Dead) {
        out.error = ErrorCode::CoordinatorNotAvailable;
        return out;
    }
    for (const auto& lm : members) {
        ErrorCode e = ErrorCode::None;
        if (!gp) {
            e = ErrorCode::UnknownMemberId;
        } else if (lm.groupInstanceId) {
            auto it = gp->staticMembers.find(*lm.groupInstanceId);
            if (it == gp->staticMembers.end()) e = ErrorCode::UnknownMemberId;
            else if (!lm.memberId.empty() && lm.memberId != it->second) e = ErrorCode::FencedInstanceId;
            else removeMember(*gp, it->second, "static member left the group");
        } else if (gp->pending.erase(lm.memberId)) {
            tryCompleteJoin(*gp);
        } else if (!gp->members.count(lm.memberId)) {
            e = ErrorCode::UnknownMemberId;
        } else {
            removeMember(*gp, lm.memberId, "left the group");
        }
        out.members.emplace_back(lm, e);
    }
    return out;
}

void GroupCoordinator::commitOffsets(CommitRequest req, std::function<void(std::vector<ErrorCode>)> done) {
    std::vector<ErrorCode> errors(req.entries.size(), ErrorCode::None);
    auto failAll = [&](ErrorCode e) {
        std::fill(errors.begin(), errors.end(), e);
        done(std::move(errors));
    };
    if (req.groupId.empty()) return failAll(ErrorCode::InvalidGroupId);
    if (!coordinates(req.groupId)) return failAll(ErrorCode::NotCoordinator);
    Group* gp = find(req.groupId);
    if (!gp) {
        // A group nobody joined: allowed for standalone consumers (generation -1),
        // otherwise the commit comes from a generation this node never had.
        if (req.generationId >= 0) return failAll(ErrorCode::IllegalGeneration);
    } else {
        Group& g = *gp;
        if (g.state == GroupState::Dead) return failAll(ErrorCode::CoordinatorNotAvailable);
        if (req.groupInstanceId) {
            auto it = g.staticMembers.find(*req.groupInstanceId);
            if (it != g.staticMembers.end() && it->second != req.memberId) return failAll(ErrorCode::FencedInstanceId);
        }
        if (!(req.generationId < 0 && g.state == GroupState::Empty)) {
            if (g.state == GroupState::CompletingRebalance) return failAll(ErrorCode::RebalanceInProgress);
            if (!g.members.count(req.memberId)) return failAll(ErrorCode::UnknownMemberId);
            if (req.generationId != g.generation) return failAll(ErrorCode::IllegalGeneration);
            g.members.at(req.memberId).touch(Clock::now());
        }
    }

    m_offsets->commit(req.groupId, std::move(req.entries), wallMs(),
                      [this, groupId = req.groupId, done = std::move(done)](bool stored, std::vector<ErrorCode> results) {
                          if (stored) {
                              Group& g = getOrCreate(groupId);
                              if (g.state == GroupState::Dead) g.state = GroupState::Empty;  // deleted meanwhile; the commit stands
                          }
                          done(std::move(results));
                      });
}

OffsetFetchResult GroupCoordinator::fetchOffsets(const std::string& groupId,
                                                 const std::optional<std::vector<TopicPartition>>& partitions) {
    if (!coordinates(groupId)) {
        OffsetFetchResult out;
        out.error = ErrorCode::NotCoordinator;
        return out;
    }
    return m_offsets->fetch(groupId, partitions);
}

std::vector<GroupListing> GroupCoordinator::listGroups() const {
    std::vector<GroupListing> out;
    for (const auto& [id, g] : m_groups)
        if (g->state != GroupState::Dead)
            out.push_back(GroupListing{id, g->protocolType, g->state,
                                       g->state == GroupState::Stable ? g->protocol.value_or("") : std::string(),
                                       g->members.size()});
    return out;
}

GroupDescription GroupCoordinator::describe(const std::string& groupId) const {
    GroupDescription d;
    d.groupId = groupId;
    const Group* g = find(groupId);
    if (!g) return d;  // Dead, as Kafka describes an unknown group
    d.state = g->state;
    d.protocolType = g->protocolType;
    d.generationId = g->generation;
    d.leader = g->leader.value_or("");
    const bool stable = g->state == GroupState::Stable;
    if (stable) d.protocol = g->protocol.value_or("");
    for (const auto& [id, m] : g->members) {
        MemberDescription md{id, m.instanceId, m.clientId, m.clientHost, {}, {}, m.sessionTimeoutMs, m.rebalanceTimeoutMs};
        if (stable && g->protocol) {
            if (const std::string* meta = m.metadataFor(*g->protocol)) md.metadata = *meta;
            md.assignment = m.assignment;
        }
        d.members.push_back(std::move(md));
    }
    return d;
}

void GroupCoordinator::deleteGroups(std::vector<std::string> groupIds, std::function<void(std::vector<ErrorCode>)> done) {
    struct Pending {
        std::vector<ErrorCode> errors;
        size_t outstanding = 1;
        std::function<void(std::vector<ErrorCode>)> done;
        void release() {
            if (--outstanding == 0) done(std::move(errors));
        }
    };
    auto state = std::make_shared<Pending>();
    state->errors.assign(groupIds.size(), ErrorCode::None);
    state->done = std::move(done);
    for (size_t i = 0; i < groupIds.size(); ++i) {
        if (!coordinates(groupIds[i])) {
            state->errors[i] = ErrorCode::NotCoordinator;
            continue;
        }
        Group* g = find(groupIds[i]);
        if (!g || g->state == GroupState::Dead) {
            state->errors[i] = ErrorCode::GroupIdNotFound;
            continue;
        }
        if (g->state != GroupState::Empty) {
            state->errors[i] = ErrorCode::NonEmptyGroup;
            continue;
        }
        transition(*g, GroupState::Dead);
        ++state->outstanding;
        m_offsets->deleteGroup(g->id, [this, state, i, id = g->id](ErrorCode e) {
            Group* gone = find(id);
            if (e == ErrorCode::None) {
                if (gone && gone->state == GroupState::Dead) eraseGroup(id);
                spdlog::info("group {} deleted", id);
            } else if (gone && gone->state == GroupState::Dead) {
                transition(*gone, GroupState::Empty);  // nothing was written; the group stays
            }
            state->errors[i] = e;
            state->release();
        });
    }
    state->release();
}

void GroupCoordinator::deleteOffsets(const std::string& groupId, std::vector<TopicPartition> partitions,
                                     std::function<void(ErrorCode, std::vector<ErrorCode>)> done) {
    std::vector<ErrorCode> errors(partitions.size(), ErrorCode::None);
    if (!coordinates(groupId)) return done(ErrorCode::NotCoordinator, std::move(errors));
    Group* g = find(groupId);
    if (!g || g->state == GroupState::Dead) return done(ErrorCode::GroupIdNotFound, std::move(errors));
    if (g->state != GroupState::Empty && g->protocolType != kConsumerProtocolType)
        return done(ErrorCode::NonEmptyGroup, std::move(errors));
    // Topics the live members subscribe to keep their offsets.
    std::set<std::string> subscribed;
    if (g->state != GroupState::Empty) {
        for (const auto& [id, m] : g->members)
            for (const auto& [name, meta] : m.protocols) {
                if (g->protocol && name != *g->protocol) continue;
                if (auto topics = parseSubscriptionTopics(meta)) subscribed.insert(topics->begin(), topics->end());
            }
    }
    m_offsets->deleteOffsets(groupId, partitions, subscribed, std::move(done));
}

void GroupCoordinator::expireOffsets() {
    const int64_t now = wallMs();
    for (auto& [gid, gp] : m_groups) {
        const Group& g = *gp;
        // Kafka 2.1+ semantics: offsets of a group expire only once it is
        // empty, counted from when it became empty (or from the commit, for
        // a group that never had members).
        if (g.state != GroupState::Empty) continue;
        m_offsets->expire(g.id, g.emptySinceMs, now, [this, id = g.id] {
            Group* g2 = find(id);
            if (g2 && g2->state == GroupState::Empty && !m_offsets->hasOffsets(id)) eraseGroup(id);
        });
    }
}

std::vector<CommittedPosition> GroupCoordinator::committedPositions() const { return m_offsets->committedPositions(); }

std::optional<std::map<TopicPartition, CommittedOffset>> GroupCoordinator::groupOffsets(const std::string& groupId) const {
    if (!find(groupId)) return std::nullopt;
    return m_offsets->offsetsOf(groupId);
}

}  // namespace plexus::groups

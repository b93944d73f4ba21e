#pragma once
// Plain value types that Plexus Center's Kafka clients hand to the GUI:
// cluster metadata, topic configs, consumer groups and records. They carry no
// librdkafka types, copy cheaply (implicitly shared Qt containers) and are
// registered as metatypes so they cross threads in queued signals.
//
// Everything here describes what the Kafka protocol says, so the same types
// describe a Plexus node, Apache Kafka, Confluent or Redpanda.
#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>
#include <algorithm>

namespace plexus::monitor {

/// "unknown" for the offsets, sizes and times below.
inline constexpr qint64 kUnknown = -1;

struct BrokerInfo {
    int id = -1;
    QString host;
    int port = 0;
    QString rack;
};

struct PartitionInfo {
    int id = 0;
    int leader = -1;         ///< -1 when the partition has no leader
    QList<int> replicas;
    QList<int> isr;
    qint64 lowWatermark = kUnknown;   ///< log start offset
    qint64 highWatermark = kUnknown;  ///< next offset to be written
    QString error;                    ///< the broker's error for this partition, empty if none

    /// Records between the watermarks (kUnknown if either is unknown).
    qint64 messageCount() const {
        return lowWatermark < 0 || highWatermark < 0 ? kUnknown : highWatermark - lowWatermark;
    }
};

struct TopicInfo {
    QString name;
    bool internal = false;
    QList<PartitionInfo> partitions;
    qint64 retentionMs = kUnknown;  ///< from DescribeConfigs; -1 also means "forever" on the wire, see retentionKnown
    bool retentionKnown = false;
    qint64 sizeBytes = kUnknown;    ///< from a Plexus node's /metrics; unknown on other brokers
    QString error;

    int replicationFactor() const { return partitions.isEmpty() ? 0 : int(partitions.first().replicas.size()); }
    /// Sum over the partitions; kUnknown if any partition's watermarks are unknown.
    qint64 messageCount() const;
};

struct ClusterInfo {
    QString clusterId;
    int controllerId = -1;  ///< -1 when the cluster did not say
    QList<BrokerInfo> brokers;
    QList<TopicInfo> topics;
    int partitionCount() const;
    const TopicInfo* topic(const QString& name) const;
};

/// One entry of DescribeConfigs.
struct ConfigEntry {
    QString name;
    QString value;       ///< empty with isNull for a null value
    bool isNull = false;
    bool isDefault = false;
    bool readOnly = false;
    bool sensitive = false;
    QString source;      ///< "DYNAMIC_TOPIC_CONFIG", "DEFAULT_CONFIG", ... as librdkafka names it
};

struct GroupMember {
    QString memberId;
    QString clientId;
    QString host;
    QList<QPair<QString, int>> assignment;  ///< (topic, partition)
};

/// A committed offset of a group and how far behind the partition's end it is.
struct GroupOffset {
    QString topic;
    int partition = 0;
    qint64 committed = kUnknown;
    qint64 highWatermark = kUnknown;
    qint64 lag() const { return committed < 0 || highWatermark < 0 ? kUnknown : std::max<qint64>(0, highWatermark - committed); }
    QString memberId;  ///< the member the partition is assigned to, empty if none
};

struct GroupInfo {
    QString groupId;
    QString state;         ///< "Stable", "Empty", "PreparingRebalance", ...
    QString protocolType;  ///< "consumer" for consumer groups
    QString protocol;      ///< the assignor ("range", "cooperative-sticky", ...)
    int coordinator = -1;
    QList<GroupMember> members;
    QList<GroupOffset> offsets;
    QString error;
    /// Sum of the known lags; kUnknown if no lag is known.
    qint64 totalLag() const;
};

/// One record as read from a partition.
struct Record {
    int partition = 0;
    qint64 offset = 0;
    qint64 timestampMs = kUnknown;
    bool logAppendTime = false;  ///< timestamp type: LogAppendTime rather than CreateTime
    QByteArray key;
    bool keyNull = true;
    QByteArray value;
    bool valueNull = true;
    QList<QPair<QString, QByteArray>> headers;
    /// Bytes of key, value, header names and header values: what the
    /// message view calls the record's size and what search throughput counts.
    qint64 size() const;
};

/// What the produce dialog sends.
struct ProduceRequest {
    QString topic;
    int partition = -1;  ///< -1: the client's partitioner decides (by key)
    QByteArray key;
    bool keyNull = true;
    QByteArray value;
    bool valueNull = false;
    QList<QPair<QString, QByteArray>> headers;
};

/// Where a read starts (BRIEF §7, the Messages page's "What to read").
struct StartPosition {
    enum class Kind { Earliest, LatestMinusN, Offset, Timestamp };
    Kind kind = Kind::Earliest;
    qint64 value = 0;  ///< N, the offset, or the timestamp in ms since the epoch
};

/// What to read: a topic, a set of partitions (empty = all) and a start.
struct ReadSpec {
    QString topic;
    QList<int> partitions;
    StartPosition start;
};

}  // namespace plexus::monitor

Q_DECLARE_METATYPE(plexus::monitor::ClusterInfo)
Q_DECLARE_METATYPE(plexus::monitor::GroupInfo)
Q_DECLARE_METATYPE(plexus::monitor::Record)

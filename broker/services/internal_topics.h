#pragma once
// Internal topics: the topics the broker itself writes (__consumer_offsets
// for consumer groups, _schemas for the Schema Registry), one policy for all
// of them, and one writer that appends to them.
//
// Policy. Clients may read an internal topic (tools that compute lag read
// __consumer_offsets, Confluent's tools read _schemas) but may not produce
// to it, delete it, delete its records or add partitions to it: each of
// those would corrupt state the broker rebuilds from the topic. The refusals
// use Kafka's codes (INVALID_TOPIC_EXCEPTION; INVALID_PARTITIONS for
// CreatePartitions). Only __consumer_offsets is reported as `is_internal` in
// Metadata, as Kafka reports it; `_schemas` is a plain topic to Kafka tools.
//
// Writer. InternalTopicWriter::append() turns records into one record batch
// and appends it through Replication with acks=all: on a node alone to the
// partition's log (durable per the node's flush policy), in a cluster
// through the partition's Raft leader, so the write is on a majority before
// it is acknowledged.
//
// Threading: network thread; `done` runs on the network thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/protocol/batch_builder.h"
#include "broker/protocol/error_code.h"

namespace plexus::services {

class Replication;

inline constexpr char kOffsetsTopic[] = "__consumer_offsets";
inline constexpr char kSchemasTopic[] = "_schemas";

struct InternalTopic {
    std::string_view name;
    bool reportedInternal;  ///< Metadata's is_internal (Kafka's own internal topics only)
};

/// The internal topic named `name`, or nullptr.
const InternalTopic* internalTopic(std::string_view name);
inline bool isInternalTopic(std::string_view name) { return internalTopic(name) != nullptr; }
/// Whether Metadata reports the topic as internal.
inline bool reportedInternal(std::string_view name) {
    const auto* t = internalTopic(name);
    return t && t->reportedInternal;
}

class InternalTopicWriter {
public:
    /// `code` None: the batch was stored at `baseOffset` (and replicated to
    /// a majority in a cluster). Otherwise `message` says why not;
    /// NOT_LEADER_OR_FOLLOWER means this node does not lead the partition.
    using Done = std::function<void(protocol::ErrorCode code, const std::string& message, int64_t baseOffset)>;

    explicit InternalTopicWriter(Replication& replication) : m_replication(replication) {}

    /// Appends `records` as one batch to `topic`-`partition` (which must
    /// exist; in a cluster, this node must lead it).
    void append(const std::string& topic, int32_t partition, const std::vector<protocol::OwnedRecord>& records, Done done);

private:
    Replication& m_replication;
};

}  // namespace plexus::services

#pragma once
#include <cstdint>
#include <string_view>

namespace plexus::protocol {

/// Kafka API keys that Plexus knows by name.
enum class ApiKey : int16_t {
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    DescribeGroups = 15,
    ListGroups = 16,
    SaslHandshake = 17,
    ApiVersions = 18,
    CreateTopics = 19,
    DeleteTopics = 20,
    DeleteRecords = 21,
    InitProducerId = 22,
    OffsetForLeaderEpoch = 23,
    DescribeConfigs = 32,
    AlterConfigs = 33,
    CreatePartitions = 37,
    DeleteGroups = 42,
    OffsetDelete = 47,
};

/// The first version at which each API uses flexible (tagged-field) encoding,
/// from the Kafka message definitions; -1 where Plexus does not know the API.
/// Needed to parse a request header even for versions Plexus does not serve.
int16_t flexibleFromVersion(int16_t apiKey);

std::string_view apiName(int16_t apiKey);

}  // namespace plexus::protocol

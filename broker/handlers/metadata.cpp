#include "broker/groups/offsets_format.h"
#include "broker/handlers/handler.h"

namespace plexus::handlers {

using protocol::ErrorCode;
using protocol::MetadataResponse;

namespace {
MetadataResponse::Topic describeTopic(server::Broker& b, const storage::TopicInfo& info) {
    MetadataResponse::Topic t;
    t.name = info.name;
    t.isInternal = groups::isInternalTopic(info.name);
    const int32_t self = b.config().nodeId;
    for (int32_t p = 0; p < info.partitionCount; ++p) {
        MetadataResponse::Partition mp;
        mp.partitionIndex = p;
        mp.leaderId = self;
        mp.leaderEpoch = 0;
        mp.replicaNodes = {self};
        mp.isrNodes = {self};
        t.partitions.push_back(std::move(mp));
    }
    return t;
}
}  // namespace

void handleMetadata(Request req) {
    protocol::MetadataRequest msg;
    if (!req.decode(msg)) return;
    server::Broker& b = *req.broker;
    MetadataResponse resp;
    const auto& cfg = b.config();
    resp.brokers.push_back({cfg.nodeId, cfg.advertisedHost.empty() ? b.kafkaBound.host : cfg.advertisedHost,
                            b.kafkaBound.port, std::nullopt});
    resp.clusterId = b.clusterId();
    resp.controllerId = cfg.nodeId;
    if (!msg.topics || (req.version() == 0 && msg.topics->empty())) {
        for (const auto& info : b.logs().topics()) resp.topics.push_back(describeTopic(b, info));
    } else {
        for (const auto& want : *msg.topics) {
            auto info = b.logs().topic(want.name);
            if (!info && msg.allowAutoTopicCreation && cfg.autoCreateTopics) {
                if (storage::validateTopicName(want.name)) {
                    b.partitionFor(want.name, 0, true);
                    info = b.logs().topic(want.name);
                }
            }
            if (info) {
                resp.topics.push_back(describeTopic(b, *info));
            } else {
                MetadataResponse::Topic t;
                t.name = want.name;
                t.errorCode = protocol::wire(storage::validateTopicName(want.name) ? ErrorCode::UnknownTopicOrPartition
                                                                                   : ErrorCode::InvalidTopicException);
                resp.topics.push_back(std::move(t));
            }
        }
    }
    req.reply(resp);
}

}  // namespace plexus::handlers

#include "monitor/kafka_types.h"

namespace plexus::monitor {

qint64 TopicInfo::messageCount() const {
    qint64 sum = 0;
    for (const auto& p : partitions) {
        const qint64 n = p.messageCount();
        if (n < 0) return kUnknown;
        sum += n;
    }
    return sum;
}

int ClusterInfo::partitionCount() const {
    int n = 0;
    for (const auto& t : topics) n += int(t.partitions.size());
    return n;
}

const TopicInfo* ClusterInfo::topic(const QString& name) const {
    for (const auto& t : topics)
        if (t.name == name) return &t;
    return nullptr;
}

qint64 GroupInfo::totalLag() const {
    qint64 sum = 0;
    bool any = false;
    for (const auto& o : offsets) {
        const qint64 l = o.lag();
        if (l < 0) continue;
        sum += l;
        any = true;
    }
    return any ? sum : kUnknown;
}

qint64 Record::size() const {
    qint64 n = key.size() + value.size();
    for (const auto& h : headers) n += h.first.toUtf8().size() + h.second.size();
    return n;
}

}  // namespace plexus::monitor

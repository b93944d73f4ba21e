#include "broker/storage/errors.h"

#include "broker/common/error_category.h"

namespace plexus::storage {

const std::error_category& category() {
    static const TableCategory c("storage", TableCategory::Messages<Errc>{
        {Errc::InvalidTopicName, "invalid topic name"},
        {Errc::InvalidConfig, "invalid topic config"},
        {Errc::TopicExists, "topic exists"},
        {Errc::UnknownTopic, "unknown topic"},
        {Errc::InvalidPartitions, "invalid partition count"},
        {Errc::Io, "I/O error"},
    });
    return c;
}

}  // namespace plexus::storage

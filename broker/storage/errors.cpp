#include "broker/storage/errors.h"

#include <string>

namespace plexus::storage {

namespace {
class Category : public std::error_category {
public:
    const char* name() const noexcept override { return "storage"; }
    std::string message(int v) const override {
        switch (static_cast<Errc>(v)) {
        case Errc::InvalidTopicName: return "invalid topic name";
        case Errc::InvalidConfig: return "invalid topic config";
        case Errc::TopicExists: return "topic exists";
        case Errc::UnknownTopic: return "unknown topic";
        case Errc::InvalidPartitions: return "invalid partition count";
        case Errc::Io: return "I/O error";
        }
        return "storage error " + std::to_string(v);
    }
};
}  // namespace

const std::error_category& category() {
    static const Category c;
    return c;
}

}  // namespace plexus::storage

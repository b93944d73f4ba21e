#include "broker/registry/record_validator.h"

#include <algorithm>

namespace plexus::registry {

namespace {
constexpr size_t kMaxCached = 1024;
}  // namespace

const RecordValidator::Cached& RecordValidator::schema(int id) {
    if (auto it = m_cache.find(id); it != m_cache.end()) {
        if (it->second.schema || it->second.generation == m_store.generation()) return it->second;
        m_cache.erase(it);  // a failure from before the store changed: look again
        m_order.erase(std::find(m_order.begin(), m_order.end(), id));
    }
    Cached c;
    c.generation = m_store.generation();
    auto v = m_store.schemaById(id);
    if (!ok(v)) {
        c.error = "schema id " + std::to_string(id) + " is not registered";
    } else {
        const SchemaVersion& sv = std::get<SchemaVersion>(v);
        std::string refError;
        auto resolved = m_store.resolve(sv.references, &refError);
        auto parsed = refError.empty() ? PayloadSchema::parse(SchemaInput{sv.type, sv.schema, sv.references}, resolved)
                                       : Result<PayloadSchema>(Status::error(refError));
        if (parsed) c.schema = std::make_shared<const PayloadSchema>(std::move(parsed.value()));
        else c.error = "schema id " + std::to_string(id) + " cannot be used: " + parsed.message();
    }
    if (m_order.size() >= kMaxCached) {
        m_cache.erase(m_order.front());
        m_order.pop_front();
    }
    m_order.push_back(id);
    return m_cache.emplace(id, std::move(c)).first->second;
}

std::optional<std::string> RecordValidator::check(const std::string& topic, bool isKey, SubjectStrategy strategy,
                                                  const std::optional<std::string_view>& data) {
    const char* what = isKey ? "key" : "value";
    if (!data) return std::nullopt;
    auto framed = unframe(*data);
    if (!framed)
        return std::string(what) + " is not framed with a schema id (magic byte 0 and a 4-byte schema id; got " +
               (data->empty() ? std::string("0 bytes") : std::to_string(data->size()) + " bytes starting 0x" + [&] {
                   static const char* hex = "0123456789abcdef";
                   auto c = static_cast<unsigned char>((*data)[0]);
                   return std::string{hex[c >> 4], hex[c & 15]};
               }()) +
               ")";
    const Cached& s = schema(framed->id);
    if (!s.schema) {
        if (!ok(m_store.schemaById(framed->id))) m_missed = true;
        return std::string(what) + ": " + s.error;
    }
    const PayloadSchema& ps = *s.schema;

    std::string subject;
    if (strategy == SubjectStrategy::TopicName) {
        subject = topic + (isKey ? "-key" : "-value");
    } else {
        auto name = ps.recordName(framed->payload);
        if (!name) return std::string(what) + ": " + name.message();
        if (name.value().empty())
            return std::string(what) + ": schema id " + std::to_string(framed->id) +
                   " has no record name, which the record-name subject strategy needs";
        subject = strategy == SubjectStrategy::RecordName ? name.value() : topic + "-" + name.value();
    }
    if (!m_store.hasLiveId(subject, framed->id)) {
        m_missed = true;
        return std::string(what) + ": schema id " + std::to_string(framed->id) + " is not registered under subject '" +
               subject + "'";
    }
    if (Status valid = ps.validate(framed->payload); !valid)
        return std::string(what) + " (schema id " + std::to_string(framed->id) + "): " + valid.message();
    return std::nullopt;
}

}  // namespace plexus::registry

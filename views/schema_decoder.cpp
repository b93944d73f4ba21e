#include "views/schema_decoder.h"

#include <map>
#include <string>

#include "broker/registry/schema_codec.h"
#include "monitor/registry_client.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

SchemaDecoder::SchemaDecoder(RegistryClient* client, QObject* parent) : QObject(parent), m_client(client) {}
SchemaDecoder::~SchemaDecoder() = default;

RegistryClient* SchemaDecoder::client() const { return m_client; }

SchemaDecoder::Result SchemaDecoder::decode(const QByteArray& bytes, int indent) {
    Result r;
    const std::string_view view(bytes.constData(), static_cast<size_t>(bytes.size()));
    const auto framed = registry::unframe(view);
    if (!framed) return r;
    r.schemaId = framed->id;
    if (!m_client || !m_client->hasBaseUrl()) {
        r.state = State::Failed;
        r.error = tr("framed with schema id %1, but no Schema Registry is known for this connection").arg(framed->id);
        return r;
    }
    auto it = m_entries.find(framed->id);
    if (it == m_entries.end()) {
        fetch(framed->id);
        r.state = State::Pending;
        return r;
    }
    r.schemaType = it->type;
    if (!it->schema) {
        r.state = State::Failed;
        r.error = it->error;
        return r;
    }
    auto decoded = it->schema->decode(framed->payload, indent);
    if (!decoded) {
        r.state = State::Failed;
        r.error = QString::fromStdString(decoded.message());
        return r;
    }
    r.state = State::Decoded;
    r.json = QString::fromStdString(decoded.value());
    return r;
}

void SchemaDecoder::fetch(int id) {
    if (m_pending.contains(id)) return;
    m_pending.insert(id);
    m_client->getSchemaById(id, this, [this, id](const RegistryResult<RegistrySchema>& res) {
        if (!res.ok()) return finish(id, {}, {}, res.error.text());
        const RegistrySchema s = res.value;
        if (s.references.isEmpty()) return finish(id, s, {}, {});
        // References, and theirs in turn (a Protobuf import of an import).
        m_client->resolveReferences(s.references, this, [this, id, s](const RegistryResult<QHash<QString, QString>>& refs) {
            finish(id, s, refs.value, refs.ok() ? QString() : refs.error.text());
        });
    });
}

void SchemaDecoder::finish(int id, const RegistrySchema& s, const QHash<QString, QString>& refs, const QString& error) {
    m_pending.remove(id);
    Entry e;
    e.type = s.type;
    if (!error.isEmpty()) {
        e.error = tr("schema id %1: %2").arg(id).arg(error);
    } else {
        registry::SchemaInput in;
        in.type = s.type.toStdString();
        in.schema = s.schema.toStdString();
        std::map<std::string, std::string> resolved;
        for (const auto& r : s.references) in.references.push_back({r.name.toStdString(), r.subject.toStdString(), r.version});
        for (auto it = refs.begin(); it != refs.end(); ++it) resolved[it.key().toStdString()] = it.value().toStdString();
        auto parsed = registry::PayloadSchema::parse(in, resolved);
        if (parsed) e.schema = std::make_shared<const registry::PayloadSchema>(std::move(parsed.value()));
        else e.error = tr("schema id %1 (%2) cannot decode: %3").arg(id).arg(s.type, QString::fromStdString(parsed.message()));
    }
    m_entries.insert(id, e);
    emit schemaReady(id);
}

}  // namespace plexus::views

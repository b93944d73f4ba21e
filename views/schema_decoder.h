#pragma once
// SchemaDecoder: turns values framed with a schema id (Confluent's wire
// format: magic byte 0, 4-byte id, payload) into JSON for the Messages page.
// The schema comes from the Schema Registry through RegistryClient (by id,
// with its references fetched by subject and version), is parsed once with
// plexus_schema's PayloadSchema (the decoder the broker validates with)
// and cached by id: an id always names the same schema.
//
// decode() answers at once: not framed, pending (the schema is being
// fetched; schemaReady(id) follows and the caller asks again), decoded, or
// failed with the reason (unknown id, no registry, payload that does not
// decode).
//
// Threading: GUI thread (RegistryClient's thread).
#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <memory>

namespace plexus::registry {
class PayloadSchema;
}

namespace plexus::monitor {
class RegistryClient;
struct RegistrySchema;
}  // namespace plexus::monitor

namespace plexus::views {

class SchemaDecoder : public QObject {
    Q_OBJECT
public:
    enum class State { NotFramed, Pending, Decoded, Failed };
    struct Result {
        State state = State::NotFramed;
        int schemaId = 0;
        QString schemaType;  ///< AVRO, JSON, PROTOBUF (once known)
        QString json;        ///< JSON of the decoded value (indented as asked), keys in schema order
        QString error;
    };

    /// `client` may be null (no registry known): framed values then fail with a
    /// message. Not owned (the app's connection owns it); once it is
    /// destroyed, the decoder has none.
    explicit SchemaDecoder(plexus::monitor::RegistryClient* client, QObject* parent = nullptr);
    ~SchemaDecoder() override;

    /// `indent` < 0: compact JSON; otherwise indented by that many spaces.
    Result decode(const QByteArray& bytes, int indent = -1);
    plexus::monitor::RegistryClient* client() const;

signals:
    /// The schema of `id` arrived (or failed); decode() answers for it now.
    void schemaReady(int id);

private:
    struct Entry {
        QString type;
        std::shared_ptr<const plexus::registry::PayloadSchema> schema;
        QString error;
    };
    void fetch(int id);
    void finish(int id, const plexus::monitor::RegistrySchema& s, const QHash<QString, QString>& refs, const QString& error);

    QPointer<plexus::monitor::RegistryClient> m_client;
    QHash<int, Entry> m_entries;
    QSet<int> m_pending;
};

}  // namespace plexus::views

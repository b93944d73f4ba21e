#pragma once
// RegistryClient: an asynchronous client of a Confluent-compatible Schema
// Registry REST API (a Plexus node's `registry HOST:PORT` listener, or any
// Confluent Schema Registry URL).
//
// Every call returns at once; its result arrives later, exactly once, as a
// call of the `done` callback with a RegistryResult: the value, or a
// RegistryError carrying Confluent's `error_code` and `message` (40401
// subject not found, 409 incompatible, 42201 invalid schema, ...), the HTTP
// status, or a network failure or timeout (errorCode 0). A callback is
// dropped, never called, if its `receiver` was destroyed meanwhile, or if
// setBaseUrl() changed the address since the call was made.
//
// Bodies are JSON with content type application/vnd.schemaregistry.v1+json.
// Subject names are percent-encoded into the path. Loopback addresses bypass
// any system proxy.
//
// Threading: a QObject for the thread that created it (the GUI thread in
// Plexus Center); call it only there. Nothing blocks: HTTP runs on
// QNetworkAccessManager; callbacks run from that thread's event loop.
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QJsonValue;

namespace plexus::monitor {

/// Why a registry call failed.
struct RegistryError {
    int httpStatus = 0;  ///< 0: no HTTP answer (refused, timeout, bad address)
    int errorCode = 0;   ///< Confluent's error_code; the HTTP status if the body had none; 0 for network failures
    QString message;     ///< the registry's own words, or what went wrong on the way
    bool timedOut = false;
    bool failed() const { return httpStatus != 0 || !message.isEmpty() || timedOut; }
    /// "error 40401: Subject 'x' not found" or the network message.
    QString text() const;
};

template <class T> struct RegistryResult {
    T value{};
    RegistryError error;
    bool ok() const { return !error.failed(); }
};

/// A Confluent schema reference.
struct SchemaReference {
    QString name;
    QString subject;
    int version = 0;
    bool operator==(const SchemaReference&) const = default;
};

/// One version of a subject, or a schema by id (then subject is empty and
/// version 0).
struct RegistrySchema {
    QString subject;
    int version = 0;
    int id = 0;
    QString type = QStringLiteral("AVRO");  ///< AVRO, JSON or PROTOBUF
    QString schema;                         ///< the text as registered
    QList<SchemaReference> references;
};

/// The answer of a compatibility test.
struct CompatibilityResult {
    bool compatible = false;
    QStringList messages;  ///< why not (verbose=true), empty when compatible
};

/// The compatibility levels Confluent defines, in the order a user picks them.
QStringList compatibilityLevels();

class RegistryClient : public QObject {
    Q_OBJECT
public:
    template <class T> using Done = std::function<void(const RegistryResult<T>&)>;

    explicit RegistryClient(QObject* parent = nullptr);
    ~RegistryClient() override;

    /// "HOST:PORT" (as a Plexus node prints it) or a URL "http(s)://host:port[/prefix]".
    /// Empty means no registry: every call fails at once (queued) with a message.
    /// Changing it drops the answers still due from the old address and the id cache.
    void setBaseUrl(const QString& urlOrHostPort);
    QUrl baseUrl() const { return m_base; }
    /// The address as given to setBaseUrl (trimmed), for showing it; empty = none.
    QString address() const { return m_address; }
    bool hasBaseUrl() const { return m_base.isValid() && !m_base.isEmpty(); }

    /// A call with no complete answer after this long fails with timedOut (default 10000 ms).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    /// GET /subjects[?deleted=true]: names, sorted.
    void listSubjects(bool includeDeleted, QObject* receiver, Done<QStringList> done);
    /// GET /subjects/{s}/versions[?deleted=true]
    void listVersions(const QString& subject, bool includeDeleted, QObject* receiver, Done<QList<int>> done);
    /// GET /subjects/{s}/versions/{v}[?deleted=true]; version -1 = latest.
    void getVersion(const QString& subject, int version, bool includeDeleted, QObject* receiver, Done<RegistrySchema> done);
    /// The texts of `references` and of the schemas they reference in turn,
    /// by reference name (GET /subjects/{s}/versions/{v} for each, each name
    /// once): what parsing or decoding a schema with references needs. The
    /// first failure is reported; the texts found are still given.
    void resolveReferences(const QList<SchemaReference>& references, QObject* receiver, Done<QHash<QString, QString>> done);
    /// GET /schemas/ids/{id}: answered from a cache once fetched (ids never change meaning).
    void getSchemaById(int id, QObject* receiver, Done<RegistrySchema> done);
    /// The cached schema of `id`, if getSchemaById fetched it before.
    std::optional<RegistrySchema> cachedSchema(int id) const;

    /// GET /config[/{s}][?defaultToGlobal=true]: the level. An empty subject is
    /// the global level. Without defaultToGlobal a subject with no level of its
    /// own fails with 40408.
    void getConfig(const QString& subject, bool defaultToGlobal, QObject* receiver, Done<QString> done);
    /// PUT /config[/{s}] {"compatibility": level}: the level now in force.
    void setConfig(const QString& subject, const QString& level, QObject* receiver, Done<QString> done);
    /// DELETE /config[/{s}]: the subject falls back to the global level. The value is the removed level.
    void deleteConfig(const QString& subject, QObject* receiver, Done<QString> done);

    /// POST /compatibility/subjects/{s}/versions?verbose=true: against the
    /// versions the subject's level names, as registering would check.
    void testCompatibility(const QString& subject, const QString& type, const QString& schema,
                           const QList<SchemaReference>& references, QObject* receiver, Done<CompatibilityResult> done);
    /// POST /subjects/{s}/versions with schemaType, then POST /subjects/{s} (lookup)
    /// for the version: the value has subject, id and version (version 0 if
    /// the lookup failed after a successful registration), type and text.
    void registerSchema(const QString& subject, const QString& type, const QString& schema,
                        const QList<SchemaReference>& references, QObject* receiver, Done<RegistrySchema> done);

    /// DELETE /subjects/{s}/versions/{v}. `permanent` does both steps: the soft
    /// delete (unless the version is soft-deleted already) and ?permanent=true.
    /// The value is the deleted version.
    void deleteVersion(const QString& subject, int version, bool permanent, QObject* receiver, Done<int> done);
    /// DELETE /subjects/{s}, and with `permanent` then ?permanent=true. The
    /// value lists the deleted versions.
    void deleteSubject(const QString& subject, bool permanent, QObject* receiver, Done<QList<int>> done);

private:
    using Handler = std::function<void(const QJsonValue& body, const RegistryError& error)>;
    void send(const QByteArray& verb, const QString& path, const QString& query, const QByteArray& body,
              QObject* receiver, Handler handler);
    QUrl urlFor(const QString& path, const QString& query) const;
    static QString seg(const QString& subject);
    template <class T> static void fail(const Done<T>& done, const RegistryError& e);

    QNetworkAccessManager* m_nam;
    QUrl m_base;
    QString m_address;
    quint64 m_generation = 0;
    int m_timeoutMs = 10000;
    QHash<int, RegistrySchema> m_byId;
};

}  // namespace plexus::monitor

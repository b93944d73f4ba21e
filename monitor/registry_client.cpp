#include "monitor/registry_client.h"

#include <QSet>
#include <memory>

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace plexus::monitor {

namespace {

const QByteArray kContentType = QByteArrayLiteral("application/vnd.schemaregistry.v1+json");

// Confluent's error codes the client itself looks at: what the soft step of
// a hard delete answers when it was done before (a soft-deleted version is
// "not found" to a plain DELETE on some registries, 40406 on others).
constexpr int kSubjectNotFound = 40401;
constexpr int kVersionNotFound = 40402;
constexpr int kSubjectSoftDeleted = 40404;
constexpr int kVersionSoftDeleted = 40406;

RegistrySchema schemaFrom(const QJsonObject& o) {
    RegistrySchema s;
    s.subject = o.value(u"subject").toString();
    s.version = o.value(u"version").toInt();
    s.id = o.value(u"id").toInt();
    s.type = o.value(u"schemaType").toString(QStringLiteral("AVRO"));
    if (s.type.isEmpty()) s.type = QStringLiteral("AVRO");
    s.schema = o.value(u"schema").toString();
    for (const QJsonValue& r : o.value(u"references").toArray()) {
        const QJsonObject ro = r.toObject();
        s.references.push_back({ro.value(u"name").toString(), ro.value(u"subject").toString(), ro.value(u"version").toInt()});
    }
    return s;
}

QByteArray schemaBody(const QString& type, const QString& schema, const QList<SchemaReference>& references) {
    QJsonObject o{{QStringLiteral("schema"), schema}, {QStringLiteral("schemaType"), type}};
    if (!references.isEmpty()) {
        QJsonArray refs;
        for (const auto& r : references)
            refs.append(QJsonObject{{QStringLiteral("name"), r.name}, {QStringLiteral("subject"), r.subject},
                                    {QStringLiteral("version"), r.version}});
        o.insert(QStringLiteral("references"), refs);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

RegistryError badAnswer(const QString& what) {
    RegistryError e;
    e.httpStatus = 200;
    e.message = RegistryClient::tr("unexpected answer: %1").arg(what);
    return e;
}

}  // namespace

QString RegistryError::text() const {
    if (errorCode != 0) return RegistryClient::tr("error %1: %2").arg(errorCode).arg(message);
    return message;
}

QStringList compatibilityLevels() {
    return {QStringLiteral("NONE"),    QStringLiteral("BACKWARD"),           QStringLiteral("BACKWARD_TRANSITIVE"),
            QStringLiteral("FORWARD"), QStringLiteral("FORWARD_TRANSITIVE"), QStringLiteral("FULL"),
            QStringLiteral("FULL_TRANSITIVE")};
}

RegistryClient::RegistryClient(QObject* parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

RegistryClient::~RegistryClient() = default;

void RegistryClient::setBaseUrl(const QString& urlOrHostPort) {
    ++m_generation;
    m_byId.clear();
    QString text = urlOrHostPort.trimmed();
    m_address = text;
    if (text.isEmpty()) {
        m_base = QUrl();
        return;
    }
    if (!text.contains(QStringLiteral("://"))) text.prepend(QStringLiteral("http://"));
    while (text.endsWith(u'/')) text.chop(1);
    m_base = QUrl(text, QUrl::StrictMode);
    // A desktop often has http_proxy set for the internet; a proxy cannot
    // reach the user's own loopback listeners, so local registries go direct.
    const QString host = m_base.host();
    const bool loopback = host == u"localhost" || QHostAddress(host).isLoopback();
    m_nam->setProxy(loopback ? QNetworkProxy(QNetworkProxy::NoProxy) : QNetworkProxy(QNetworkProxy::DefaultProxy));
}

QString RegistryClient::seg(const QString& subject) { return QString::fromLatin1(QUrl::toPercentEncoding(subject)); }

QUrl RegistryClient::urlFor(const QString& path, const QString& query) const {
    QByteArray s = m_base.toEncoded() + path.toLatin1();
    if (!query.isEmpty()) s += '?' + query.toLatin1();
    return QUrl::fromEncoded(s, QUrl::StrictMode);
}

void RegistryClient::send(const QByteArray& verb, const QString& path, const QString& query, const QByteArray& body,
                          QObject* receiver, Handler handler) {
    const bool tracked = receiver != nullptr;
    QPointer<QObject> guard(receiver);
    const quint64 generation = m_generation;
    auto deliver = [this, tracked, guard, generation, handler](const QJsonValue& v, const RegistryError& e) {
        if (generation != m_generation) return;
        if (tracked && !guard) return;
        handler(v, e);
    };
    if (!hasBaseUrl()) {
        RegistryError e;
        e.message = tr("no Schema Registry address is known for this connection");
        QMetaObject::invokeMethod(this, [deliver, e] { deliver(QJsonValue(), e); }, Qt::QueuedConnection);
        return;
    }
    const QUrl url = urlFor(path, query);
    QNetworkRequest req(url);
    req.setTransferTimeout(m_timeoutMs);
    req.setRawHeader("Accept", kContentType + ", application/json");
    if (!body.isEmpty() || verb == "POST" || verb == "PUT") req.setHeader(QNetworkRequest::ContentTypeHeader, kContentType);
    QNetworkReply* reply = m_nam->sendCustomRequest(req, verb, body);
    const int timeoutMs = m_timeoutMs;
    connect(reply, &QNetworkReply::finished, this, [reply, deliver, url, timeoutMs, verb] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray();
        const QString where = QString::fromLatin1(verb) + u' ' + url.toDisplayString();
        RegistryError e;
        if (reply->error() == QNetworkReply::OperationCanceledError && status == 0) {
            e.timedOut = true;
            e.message = tr("%1: no answer within %2 ms").arg(where).arg(timeoutMs);
            deliver(QJsonValue(), e);
            return;
        }
        if (status == 0) {
            e.message = tr("%1: %2").arg(where, reply->errorString());
            deliver(QJsonValue(), e);
            return;
        }
        // Answers may be scalars (a deleted version is a bare number), which
        // QJsonDocument cannot hold alone; wrap every body in an array.
        QJsonParseError perr{};
        const QJsonDocument doc = QJsonDocument::fromJson('[' + data + ']', &perr);
        const QJsonValue value = perr.error == QJsonParseError::NoError ? doc.array().at(0) : QJsonValue();
        if (status < 200 || status >= 300) {
            e.httpStatus = status;
            const QJsonObject o = value.toObject();
            e.errorCode = o.contains(u"error_code") ? o.value(u"error_code").toInt() : status;
            e.message = o.value(u"message").toString();
            if (e.message.isEmpty())
                e.message = tr("%1: HTTP %2 %3").arg(where).arg(status).arg(QString::fromUtf8(data.left(200)).trimmed());
            deliver(value, e);
            return;
        }
        if (perr.error != QJsonParseError::NoError) {
            e.httpStatus = status;
            e.message = tr("%1: the answer is not JSON (%2)").arg(where, perr.errorString());
            deliver(QJsonValue(), e);
            return;
        }
        deliver(value, e);
    });
}

template <class T> void RegistryClient::fail(const Done<T>& done, const RegistryError& e) {
    RegistryResult<T> r;
    r.error = e;
    done(r);
}

void RegistryClient::listSubjects(bool includeDeleted, QObject* receiver, Done<QStringList> done) {
    send("GET", QStringLiteral("/subjects"), includeDeleted ? QStringLiteral("deleted=true") : QString(), {}, receiver,
         [done](const QJsonValue& v, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             if (!v.isArray()) return fail(done, badAnswer(tr("the subject list is not an array")));
             RegistryResult<QStringList> r;
             for (const QJsonValue& s : v.toArray()) r.value.push_back(s.toString());
             r.value.sort();
             done(r);
         });
}

void RegistryClient::listVersions(const QString& subject, bool includeDeleted, QObject* receiver, Done<QList<int>> done) {
    send("GET", QStringLiteral("/subjects/%1/versions").arg(seg(subject)), includeDeleted ? QStringLiteral("deleted=true") : QString(),
         {}, receiver, [done](const QJsonValue& v, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             if (!v.isArray()) return fail(done, badAnswer(tr("the version list is not an array")));
             RegistryResult<QList<int>> r;
             for (const QJsonValue& n : v.toArray()) r.value.push_back(n.toInt());
             std::sort(r.value.begin(), r.value.end());
             done(r);
         });
}

void RegistryClient::getVersion(const QString& subject, int version, bool includeDeleted, QObject* receiver,
                                Done<RegistrySchema> done) {
    const QString v = version < 0 ? QStringLiteral("latest") : QString::number(version);
    send("GET", QStringLiteral("/subjects/%1/versions/%2").arg(seg(subject), v),
         includeDeleted ? QStringLiteral("deleted=true") : QString(), {}, receiver, [done](const QJsonValue& val, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             if (!val.isObject()) return fail(done, badAnswer(tr("the version is not an object")));
             RegistryResult<RegistrySchema> r;
             r.value = schemaFrom(val.toObject());
             done(r);
         });
}

void RegistryClient::resolveReferences(const QList<SchemaReference>& references, QObject* receiver,
                                       Done<QHash<QString, QString>> done) {
    struct State {
        QHash<QString, QString> texts;
        QSet<QString> asked;
        int pending = 0;
        RegistryError error;
        Done<QHash<QString, QString>> done;
        std::function<void(const SchemaReference&)> fetch;
    };
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    // Each reference is fetched by subject and version; its own references
    // follow, each name once. The answers own the state (a dropped answer
    // frees it); `fetch` sees it weakly, so there is no cycle.
    state->fetch = [this, receiver, weak = std::weak_ptr<State>(state)](const SchemaReference& ref) {
        auto st = weak.lock();
        if (!st || st->asked.contains(ref.name) || st->asked.size() >= 1000) return;
        st->asked.insert(ref.name);
        ++st->pending;
        getVersion(ref.subject, ref.version, false, receiver, [st, ref](const RegistryResult<RegistrySchema>& r) {
            if (!r.ok() && !st->error.failed()) {
                st->error = r.error;
                st->error.message =
                    tr("reference %1 (%2 version %3): %4").arg(ref.name, ref.subject, QString::number(ref.version), r.error.message);
            }
            if (r.ok()) {
                st->texts.insert(ref.name, r.value.schema);
                for (const auto& inner : r.value.references) st->fetch(inner);
            }
            if (--st->pending == 0) {
                RegistryResult<QHash<QString, QString>> out;
                out.value = st->texts;
                out.error = st->error;
                st->done(out);
            }
        });
    };
    if (references.isEmpty()) {
        QMetaObject::invokeMethod(this, [state] { state->done({}); }, Qt::QueuedConnection);
        return;
    }
    for (const auto& ref : references) state->fetch(ref);
}

void RegistryClient::getSchemaById(int id, QObject* receiver, Done<RegistrySchema> done) {
    if (auto it = m_byId.constFind(id); it != m_byId.constEnd()) {
        // Answer like a fetch would: later, from the event loop.
        const bool tracked = receiver != nullptr;
        QPointer<QObject> guard(receiver);
        const quint64 generation = m_generation;
        RegistryResult<RegistrySchema> r;
        r.value = *it;
        QMetaObject::invokeMethod(
            this, [this, tracked, guard, generation, done, r] {
                if (generation != m_generation) return;  // the address changed meanwhile
                if (!tracked || guard) done(r);
            },
            Qt::QueuedConnection);
        return;
    }
    send("GET", QStringLiteral("/schemas/ids/%1").arg(id), {}, {}, receiver, [this, id, done](const QJsonValue& v, const RegistryError& e) {
        if (e.failed()) return fail(done, e);
        if (!v.isObject()) return fail(done, badAnswer(tr("the schema is not an object")));
        RegistryResult<RegistrySchema> r;
        r.value = schemaFrom(v.toObject());
        r.value.id = id;
        m_byId.insert(id, r.value);
        done(r);
    });
}

std::optional<RegistrySchema> RegistryClient::cachedSchema(int id) const {
    if (auto it = m_byId.constFind(id); it != m_byId.constEnd()) return *it;
    return std::nullopt;
}

void RegistryClient::getConfig(const QString& subject, bool defaultToGlobal, QObject* receiver, Done<QString> done) {
    const QString path = subject.isEmpty() ? QStringLiteral("/config") : QStringLiteral("/config/%1").arg(seg(subject));
    send("GET", path, defaultToGlobal ? QStringLiteral("defaultToGlobal=true") : QString(), {}, receiver,
         [done](const QJsonValue& v, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             const QString level = v.toObject().value(u"compatibilityLevel").toString();
             if (level.isEmpty()) return fail(done, badAnswer(tr("no \"compatibilityLevel\"")));
             RegistryResult<QString> r;
             r.value = level;
             done(r);
         });
}

void RegistryClient::setConfig(const QString& subject, const QString& level, QObject* receiver, Done<QString> done) {
    const QString path = subject.isEmpty() ? QStringLiteral("/config") : QStringLiteral("/config/%1").arg(seg(subject));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("compatibility"), level}}).toJson(QJsonDocument::Compact);
    send("PUT", path, {}, body, receiver, [done](const QJsonValue& v, const RegistryError& e) {
        if (e.failed()) return fail(done, e);
        RegistryResult<QString> r;
        r.value = v.toObject().value(u"compatibility").toString();
        done(r);
    });
}

void RegistryClient::deleteConfig(const QString& subject, QObject* receiver, Done<QString> done) {
    const QString path = subject.isEmpty() ? QStringLiteral("/config") : QStringLiteral("/config/%1").arg(seg(subject));
    send("DELETE", path, {}, {}, receiver, [done](const QJsonValue& v, const RegistryError& e) {
        if (e.failed()) return fail(done, e);
        RegistryResult<QString> r;
        r.value = v.toObject().value(u"compatibilityLevel").toString();
        done(r);
    });
}

void RegistryClient::testCompatibility(const QString& subject, const QString& type, const QString& schema,
                                       const QList<SchemaReference>& references, QObject* receiver,
                                       Done<CompatibilityResult> done) {
    // Without a version: every version the subject's level names (latest or
    // all for the transitive levels), the same check a registration makes.
    send("POST", QStringLiteral("/compatibility/subjects/%1/versions").arg(seg(subject)), QStringLiteral("verbose=true"),
         schemaBody(type, schema, references), receiver, [done](const QJsonValue& v, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             const QJsonObject o = v.toObject();
             if (!o.contains(u"is_compatible")) return fail(done, badAnswer(tr("no \"is_compatible\"")));
             RegistryResult<CompatibilityResult> r;
             r.value.compatible = o.value(u"is_compatible").toBool();
             for (const QJsonValue& m : o.value(u"messages").toArray()) r.value.messages.push_back(m.toString());
             done(r);
         });
}

void RegistryClient::registerSchema(const QString& subject, const QString& type, const QString& schema,
                                    const QList<SchemaReference>& references, QObject* receiver, Done<RegistrySchema> done) {
    const QByteArray body = schemaBody(type, schema, references);
    send("POST", QStringLiteral("/subjects/%1/versions").arg(seg(subject)), {}, body, receiver,
         [this, subject, type, schema, references, body, receiver, done](const QJsonValue& v, const RegistryError& e) {
             if (e.failed()) return fail(done, e);
             const int id = v.toObject().value(u"id").toInt(-1);
             if (id < 0) return fail(done, badAnswer(tr("no schema \"id\"")));
             RegistryResult<RegistrySchema> registered;
             registered.value.subject = subject;
             registered.value.id = id;
             registered.value.type = type;
             registered.value.schema = schema;
             registered.value.references = references;
             // Confluent answers the id only; the lookup names the version.
             send("POST", QStringLiteral("/subjects/%1").arg(seg(subject)), {}, body, receiver,
                  [registered, done](const QJsonValue& lv, const RegistryError& le) mutable {
                      if (!le.failed()) registered.value.version = lv.toObject().value(u"version").toInt();
                      done(registered);
                  });
         });
}

void RegistryClient::deleteVersion(const QString& subject, int version, bool permanent, QObject* receiver, Done<int> done) {
    // One arg() call: a percent-encoded subject ("a%2Fb") must not be read as a placeholder.
    const QString path = QStringLiteral("/subjects/%1/versions/%2").arg(seg(subject), QString::number(version));
    auto finish = [done](const QJsonValue& v, const RegistryError& e) {
        if (e.failed()) return fail(done, e);
        RegistryResult<int> r;
        r.value = v.toInt();
        done(r);
    };
    if (!permanent) {
        send("DELETE", path, {}, {}, receiver, finish);
        return;
    }
    // A permanent delete needs a soft one first (Confluent's rule); one that is
    // soft-deleted already goes on to the second step, which answers for both
    // (40402 there means the version really is not there).
    send("DELETE", path, {}, {}, receiver, [this, path, receiver, finish](const QJsonValue& v, const RegistryError& e) {
        if (e.failed() && e.errorCode != kVersionSoftDeleted && e.errorCode != kVersionNotFound) return finish(v, e);
        send("DELETE", path, QStringLiteral("permanent=true"), {}, receiver, finish);
    });
}

void RegistryClient::deleteSubject(const QString& subject, bool permanent, QObject* receiver, Done<QList<int>> done) {
    const QString path = QStringLiteral("/subjects/%1").arg(seg(subject));
    auto finish = [done](const QJsonValue& v, const RegistryError& e) {
        if (e.failed()) return fail(done, e);
        RegistryResult<QList<int>> r;
        for (const QJsonValue& n : v.toArray()) r.value.push_back(n.toInt());
        done(r);
    };
    if (!permanent) {
        send("DELETE", path, {}, {}, receiver, finish);
        return;
    }
    send("DELETE", path, {}, {}, receiver, [this, path, receiver, finish](const QJsonValue& v, const RegistryError& e) {
        if (e.failed() && e.errorCode != kSubjectSoftDeleted && e.errorCode != kSubjectNotFound) return finish(v, e);
        send("DELETE", path, QStringLiteral("permanent=true"), {}, receiver, finish);
    });
}

}  // namespace plexus::monitor

#include "monitor/record_export.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStringDecoder>

namespace plexus::monitor {

namespace {

bool isUtf8(const QByteArray& b) {
    QStringDecoder dec(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString s = dec.decode(b);
    return !dec.hasError();
}

void putBytes(QJsonObject& o, const QString& name, const QByteArray& b, bool isNull) {
    if (isNull) {
        o.insert(name, QJsonValue::Null);
    } else if (isUtf8(b)) {
        o.insert(name, QString::fromUtf8(b));
    } else {
        o.insert(name, QString::fromLatin1(b.toBase64()));
        o.insert(name + QStringLiteral("_encoding"), QStringLiteral("base64"));
    }
}

QString csvText(const QByteArray& b, bool isNull) {
    if (isNull) return {};
    return isUtf8(b) ? QString::fromUtf8(b) : QStringLiteral("base64:") + QString::fromLatin1(b.toBase64());
}

QString csvField(const QString& s) {
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r')) return s;
    QString q = s;
    q.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

QJsonObject headersObject(const Record& r) {
    QJsonObject h;
    for (const auto& [name, value] : r.headers)
        h.insert(name, isUtf8(value) ? QString::fromUtf8(value) : QStringLiteral("base64:") + QString::fromLatin1(value.toBase64()));
    return h;
}

}  // namespace

bool exportRecords(const QString& topic, const QList<Record>& records, ExportFormat format, QIODevice* out,
                   QString* error) {
    auto write = [&](const QByteArray& b) {
        if (out->write(b) != b.size()) {
            *error = out->errorString();
            return false;
        }
        return true;
    };
    if (format == ExportFormat::Csv) {
        if (!write("topic,partition,offset,timestamp,key,value,headers\r\n")) return false;
        for (const auto& r : records) {
            const QString line = QStringList{csvField(topic), QString::number(r.partition), QString::number(r.offset),
                                             QString::number(r.timestampMs), csvField(csvText(r.key, r.keyNull)),
                                             csvField(csvText(r.value, r.valueNull)),
                                             csvField(QString::fromUtf8(QJsonDocument(headersObject(r)).toJson(QJsonDocument::Compact)))}
                                     .join(u',');
            if (!write(line.toUtf8() + "\r\n")) return false;
        }
        return true;
    }
    for (const auto& r : records) {
        QJsonObject o;
        o.insert(QStringLiteral("topic"), topic);
        o.insert(QStringLiteral("partition"), r.partition);
        o.insert(QStringLiteral("offset"), r.offset);
        o.insert(QStringLiteral("timestamp"), r.timestampMs);
        putBytes(o, QStringLiteral("key"), r.key, r.keyNull);
        putBytes(o, QStringLiteral("value"), r.value, r.valueNull);
        o.insert(QStringLiteral("headers"), headersObject(r));
        if (!write(QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n")) return false;
    }
    return true;
}

bool exportRecordsToFile(const QString& topic, const QList<Record>& records, const QString& path, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    const auto format = path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? ExportFormat::Csv : ExportFormat::JsonLines;
    if (!exportRecords(topic, records, format, &f, error)) return false;
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

}  // namespace plexus::monitor

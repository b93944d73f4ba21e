#include "views/format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace plexus::views {
namespace {
const QString kDash = QStringLiteral("—");
}  // namespace

QString formatBytes(qint64 bytes) {
    if (bytes < 0) return kDash;
    static const char* const units[] = {QT_TRANSLATE_NOOP("Format", "B"), QT_TRANSLATE_NOOP("Format", "KiB"),
                                        QT_TRANSLATE_NOOP("Format", "MiB"), QT_TRANSLATE_NOOP("Format", "GiB"),
                                        QT_TRANSLATE_NOOP("Format", "TiB")};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    const QLocale loc;
    return u == 0 ? QStringLiteral("%1 %2").arg(loc.toString(bytes), QCoreApplication::translate("Format", units[0]))
                  : QStringLiteral("%1 %2").arg(loc.toString(v, 'f', v < 10 ? 2 : 1), QCoreApplication::translate("Format", units[u]));
}

QString formatRate(double bytesPerSecond) {
    if (bytesPerSecond < 0) return kDash;
    return QCoreApplication::translate("Format", "%1/s").arg(formatBytes(qint64(bytesPerSecond + 0.5)));
}

QString formatDuration(qint64 ms) {
    if (ms < 0) return kDash;
    if (ms < 1000) return QCoreApplication::translate("Format", "%1 ms").arg(ms);
    const qint64 s = ms / 1000;
    if (s < 60) return QCoreApplication::translate("Format", "%1 s").arg(s);
    if (s < 3600) return QCoreApplication::translate("Format", "%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400) return QCoreApplication::translate("Format", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QCoreApplication::translate("Format", "%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString formatRetention(qint64 ms, bool known) {
    if (!known) return kDash;
    if (ms < 0) return QCoreApplication::translate("Format", "forever");
    if (ms % 86400000 == 0) return QCoreApplication::translate("Format", "%1 d").arg(ms / 86400000);
    if (ms % 3600000 == 0) return QCoreApplication::translate("Format", "%1 h").arg(ms / 3600000);
    if (ms % 60000 == 0) return QCoreApplication::translate("Format", "%1 min").arg(ms / 60000);
    return formatDuration(ms);
}

QString formatTimestamp(qint64 msSinceEpoch) {
    if (msSinceEpoch < 0) return kDash;
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formatCount(qint64 n) {
    if (n < 0) return kDash;
    return QLocale().toString(n);
}

}  // namespace plexus::views

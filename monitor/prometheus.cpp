#include "monitor/prometheus.h"

#include <cmath>
#include <limits>

namespace plexus::monitor {

namespace {

bool isNameStart(QChar c) { return (c.unicode() < 128 && c.isLetter()) || c == u'_' || c == u':'; }
bool isNameChar(QChar c) { return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'_' || c == u':'; }

/// A cursor over one line. Every parse step either advances or reports why not.
class LineScanner {
public:
    explicit LineScanner(QStringView line) : m_s(line) {}

    bool atEnd() const { return m_i >= m_s.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_s[m_i]; }
    void skipBlanks() {
        while (!atEnd() && (m_s[m_i] == u' ' || m_s[m_i] == u'\t')) ++m_i;
    }
    bool consume(QChar c) {
        if (peek() != c) return false;
        ++m_i;
        return true;
    }
    /// Metric and label names: [a-zA-Z_:][a-zA-Z0-9_:]* (label names may not
    /// hold ':', but accepting it costs nothing and loses no data).
    QString name() {
        qsizetype start = m_i;
        if (atEnd() || !(isNameStart(m_s[m_i]))) return {};
        while (!atEnd() && isNameChar(m_s[m_i])) ++m_i;
        return m_s.mid(start, m_i - start).toString();
    }
    /// A quoted label value after its opening quote; false on a bad escape or
    /// a missing closing quote.
    bool quoted(QString* out, QString* why) {
        while (!atEnd()) {
            QChar c = m_s[m_i++];
            if (c == u'"') return true;
            if (c != u'\\') {
                out->append(c);
                continue;
            }
            if (atEnd()) break;
            QChar e = m_s[m_i++];
            if (e == u'\\') out->append(u'\\');
            else if (e == u'"') out->append(u'"');
            else if (e == u'n') out->append(u'\n');
            else {
                *why = QStringLiteral("unknown escape '\\%1' in a label value").arg(e);
                return false;
            }
        }
        *why = QStringLiteral("unterminated label value");
        return false;
    }
    QStringView token() {
        qsizetype start = m_i;
        while (!atEnd() && m_s[m_i] != u' ' && m_s[m_i] != u'\t') ++m_i;
        return m_s.mid(start, m_i - start);
    }
    QStringView rest() const { return m_s.mid(m_i); }

private:
    QStringView m_s;
    qsizetype m_i = 0;
};

/// Go's strconv.ParseFloat spellings that Prometheus emits, then plain decimals.
std::optional<double> parseValue(QStringView t) {
    if (t.compare(u"NaN", Qt::CaseInsensitive) == 0) return std::numeric_limits<double>::quiet_NaN();
    if (t.compare(u"+Inf", Qt::CaseInsensitive) == 0 || t.compare(u"Inf", Qt::CaseInsensitive) == 0)
        return std::numeric_limits<double>::infinity();
    if (t.compare(u"-Inf", Qt::CaseInsensitive) == 0) return -std::numeric_limits<double>::infinity();
    bool ok = false;
    // QStringView::toDouble uses the C locale, so a German desktop still reads "1.5".
    double v = t.toDouble(&ok);
    if (!ok) return std::nullopt;
    return v;
}

QString unescapeHelp(QStringView s) {
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] == u'\\' && i + 1 < s.size() && (s[i + 1] == u'\\' || s[i + 1] == u'n')) {
            out.append(s[i + 1] == u'n' ? u'\n' : u'\\');
            ++i;
        } else {
            out.append(s[i]);
        }
    }
    return out;
}

/// `# HELP name text`, `# TYPE name type`; any other comment is ignored.
void parseComment(QStringView line, MetricSnapshot& snap) {
    LineScanner sc(line.mid(1));
    sc.skipBlanks();
    QStringView keyword = sc.token();
    if (keyword != u"HELP" && keyword != u"TYPE") return;
    sc.skipBlanks();
    QString family = sc.name();
    if (family.isEmpty()) return;
    sc.skipBlanks();
    if (keyword == u"HELP") snap.help.insert(family, unescapeHelp(sc.rest()));
    else snap.types.insert(family, sc.token().toString());
}

std::optional<Sample> parseSample(QStringView line, QString* why) {
    LineScanner sc(line);
    Sample s;
    s.name = sc.name();
    if (s.name.isEmpty()) {
        *why = QStringLiteral("expected a metric name");
        return std::nullopt;
    }
    sc.skipBlanks();
    if (sc.consume(u'{')) {
        for (;;) {
            sc.skipBlanks();
            if (sc.consume(u'}')) break;
            QString key = sc.name();
            if (key.isEmpty()) {
                *why = QStringLiteral("expected a label name");
                return std::nullopt;
            }
            sc.skipBlanks();
            if (!sc.consume(u'=')) {
                *why = QStringLiteral("expected '=' after label '%1'").arg(key);
                return std::nullopt;
            }
            sc.skipBlanks();
            if (!sc.consume(u'"')) {
                *why = QStringLiteral("expected '\"' to open the value of label '%1'").arg(key);
                return std::nullopt;
            }
            QString value;
            if (!sc.quoted(&value, why)) return std::nullopt;
            s.labels.append({key, value});
            sc.skipBlanks();
            // A trailing comma before '}' is allowed by the format.
            if (sc.consume(u',')) continue;
            if (sc.consume(u'}')) break;
            *why = QStringLiteral("expected ',' or '}' after label '%1'").arg(key);
            return std::nullopt;
        }
    }
    sc.skipBlanks();
    QStringView valueText = sc.token();
    auto value = parseValue(valueText);
    if (!value) {
        *why = QStringLiteral("bad sample value '%1'").arg(valueText);
        return std::nullopt;
    }
    s.value = *value;
    sc.skipBlanks();
    if (!sc.atEnd()) {
        QStringView ts = sc.token();
        bool ok = false;
        qint64 ms = ts.toLongLong(&ok);
        if (!ok) {
            *why = QStringLiteral("bad timestamp '%1'").arg(ts);
            return std::nullopt;
        }
        s.timestampMs = ms;
        sc.skipBlanks();
        if (!sc.atEnd()) {
            *why = QStringLiteral("unexpected text after the timestamp");
            return std::nullopt;
        }
    }
    return s;
}

/// Sum of the counter increases of every series named `name` between the two
/// snapshots; series are matched by their full label set.
double increase(const MetricSnapshot& before, const MetricSnapshot& after, const QString& name) {
    QHash<QString, double> old;
    auto key = [](const Sample& s) {
        QString k;
        for (const auto& [n, v] : s.labels) k += n + QChar(0) + v + QChar(0);
        return k;
    };
    for (const Sample& s : before.samples)
        if (s.name == name) old.insert(key(s), s.value);
    double total = 0;
    for (const Sample& s : after.samples) {
        if (s.name != name || std::isnan(s.value)) continue;
        double prev = old.value(key(s), 0.0);
        total += s.value >= prev ? s.value - prev : s.value;
    }
    return total;
}

}  // namespace

QString Sample::label(const QString& key) const {
    for (const auto& [n, v] : labels)
        if (n == key) return v;
    return {};
}

QList<Sample> MetricSnapshot::find(const QString& name) const {
    QList<Sample> out;
    for (const Sample& s : samples)
        if (s.name == name) out.append(s);
    return out;
}

double MetricSnapshot::sum(const QString& name) const {
    double total = 0;
    for (const Sample& s : samples)
        if (s.name == name) total += s.value;
    return total;
}

MetricSnapshot parsePrometheusText(const QByteArray& text) {
    MetricSnapshot snap;
    const QString all = QString::fromUtf8(text);
    int lineNo = 0;
    for (QStringView line : QStringView(all).split(u'\n')) {
        ++lineNo;
        if (line.endsWith(u'\r')) line.chop(1);  // tolerate CRLF from proxies
        QStringView trimmed = line.trimmed();
        if (trimmed.isEmpty()) continue;
        if (trimmed.startsWith(u'#')) {
            parseComment(trimmed, snap);
            continue;
        }
        QString why;
        if (auto s = parseSample(trimmed, &why)) snap.samples.append(std::move(*s));
        else snap.errors.append(QStringLiteral("line %1: %2").arg(lineNo).arg(why));
    }
    return snap;
}

ByteRates byteRates(const MetricSnapshot& before, const MetricSnapshot& after, double elapsedSeconds) {
    if (!(elapsedSeconds > 0)) return {};
    return {increase(before, after, QStringLiteral("plexus_topic_bytes_in_total")) / elapsedSeconds,
            increase(before, after, QStringLiteral("plexus_topic_bytes_out_total")) / elapsedSeconds};
}

}  // namespace plexus::monitor

#pragma once
// The Prometheus text exposition format (version 0.0.4), as served by a
// node's /metrics: a parser into samples, and byte rates from two snapshots.
// Plain values, no I/O, no Qt event loop: safe to use from any thread.
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QMetaType>
#include <optional>

namespace plexus::monitor {

/// One sample line: `name{label="value",...} value [timestamp_ms]`.
/// Labels keep the order of the line; values are unescaped.
struct Sample {
    QString name;
    QList<QPair<QString, QString>> labels;
    double value = 0;
    std::optional<qint64> timestampMs;

    /// The value of label `key`, or a null QString when the sample has none.
    QString label(const QString& key) const;
};

/// Everything a scrape held. A malformed line does not spoil the rest: it is
/// skipped and described in `errors` ("line N: why"), so one odd series from
/// a foreign exporter cannot blank a whole dashboard.
struct MetricSnapshot {
    QList<Sample> samples;
    QHash<QString, QString> types;  ///< metric family -> counter, gauge, histogram, summary, untyped
    QHash<QString, QString> help;   ///< metric family -> unescaped HELP text
    QStringList errors;

    /// Samples named `name`, in exposition order.
    QList<Sample> find(const QString& name) const;
    /// Sum of every sample named `name` (over all label sets); 0 when none.
    double sum(const QString& name) const;
};

/// Parses exposition text. Values accept Go's float syntax as Prometheus
/// writes it, including `NaN`, `+Inf` and `-Inf`; label values unescape
/// `\\`, `\"` and `\n`; HELP text unescapes `\\` and `\n`.
MetricSnapshot parsePrometheusText(const QByteArray& text);

/// Bytes per second into and out of a node's topics.
struct ByteRates {
    double bytesInPerSec = 0;
    double bytesOutPerSec = 0;
};

/// Rates from `plexus_topic_bytes_in_total` and `plexus_topic_bytes_out_total`,
/// summed over topics, between two snapshots taken `elapsedSeconds` apart.
/// Counters are handled as Prometheus' rate() does: a series whose value went
/// down was reset (the node restarted), so its whole new value is the
/// increase; a series absent from `before` (a new topic, or a restart) counts
/// from zero. A non-positive interval gives zero rates rather than infinity.
ByteRates byteRates(const MetricSnapshot& before, const MetricSnapshot& after, double elapsedSeconds);

}  // namespace plexus::monitor

// Snapshots travel in signals (AdminClient::metricsReceived), also queued.
Q_DECLARE_METATYPE(plexus::monitor::MetricSnapshot)

#pragma once
// Writing records to files for the Messages page's Export: JSON Lines or
// CSV (RFC 4180). Keys, values and header values that are valid UTF-8 are
// written as text; anything else as base64, marked so a reader can tell
// ("key_encoding": "base64" in JSON Lines, a "base64:" prefix in CSV).
// Pure functions on a QIODevice; any thread.
#include <QIODevice>
#include <QList>
#include <QString>

#include "monitor/kafka_types.h"

namespace plexus::monitor {

enum class ExportFormat { JsonLines, Csv };

/// Writes `records` of `topic` to `out`. False with `error` when a write fails.
bool exportRecords(const QString& topic, const QList<Record>& records, ExportFormat format, QIODevice* out,
                   QString* error);
/// Opens `path`, writes, closes. The format follows the suffix (.csv or anything else = JSON Lines)
/// unless given.
bool exportRecordsToFile(const QString& topic, const QList<Record>& records, const QString& path, QString* error);

}  // namespace plexus::monitor

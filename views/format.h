#pragma once
// Human-readable numbers for Plexus Center's tables and labels: byte sizes,
// rates, durations, timestamps and counts. Pure functions, any thread; the
// words go through tr() (context "Format") so they are translated.
#include <QString>
#include <QtGlobal>

namespace plexus::views {

/// "0 B", "1.5 KiB", "23.4 MiB" ...; "—" for a negative (unknown) size.
QString formatBytes(qint64 bytes);
/// "0 B/s", "1.5 MiB/s" ...
QString formatRate(double bytesPerSecond);
/// "850 ms", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h"; "—" for negative.
QString formatDuration(qint64 ms);
/// retention.ms as people say it: "7 d", "forever" for -1, "—" when unknown.
QString formatRetention(qint64 ms, bool known);
/// Local time "2026-11-26 14:03:12.345"; "—" for a negative timestamp.
QString formatTimestamp(qint64 msSinceEpoch);
/// Digit grouping of the current locale: "1,000,000"; "—" for negative.
QString formatCount(qint64 n);

}  // namespace plexus::views

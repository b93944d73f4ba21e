#pragma once
// MessageReader and MessageSearch: reading a range of a topic for the
// Messages page, page by page or all of it for a search.
//
// Both read with a librdkafka consumer that joins no group: it assigns the
// chosen partitions at the resolved start offsets and reads up to the high
// watermarks seen when the read was opened, so a page never waits for records
// that do not exist yet and a search has a known end (its progress is the
// share of that range read so far).
//
// Threading: each object lives on the thread that created it (the GUI
// thread) and is called only there. Each owns one worker thread with its own
// consumer handle; calls queue work for it and return at once; results come
// back as queued signals. cancel() (search) is honoured within one poll
// (about 100 ms). Destroying either object stops its worker first.
#include <QMap>
#include <QObject>
#include <QString>
#include <memory>

#include "monitor/kafka_types.h"

namespace plexus::monitor {

class ReaderWorker;

/// Per partition: where the read starts and the end it reads up to.
struct PartitionRange {
    int partition = 0;
    qint64 start = 0;
    qint64 end = 0;  ///< exclusive: the high watermark when the range was resolved
};

class MessageReader : public QObject {
    Q_OBJECT
public:
    explicit MessageReader(const QString& bootstrap, QMap<QString, QString> extraConfig = {},
                           QObject* parent = nullptr);
    ~MessageReader() override;

    /// Resolves the start offsets and end watermarks of `spec` and positions
    /// the consumer there. Any earlier read is abandoned (its pages are
    /// never delivered). -> opened or failed.
    void open(const ReadSpec& spec);
    /// The next at most `maxRecords` records of the range, in the order the
    /// partitions deliver them (offsets ascend within each partition).
    /// -> pageReady, with atEnd once every partition reached its end.
    /// Calls made before `opened` wait for it.
    void fetchPage(int maxRecords);

    quint64 generation() const { return m_generation; }

signals:
    /// `total` records lie in the range (the sum of end - start).
    void opened(const QList<plexus::monitor::PartitionRange>& ranges, qint64 total);
    void pageReady(const QList<plexus::monitor::Record>& records, bool atEnd);
    void failed(const QString& message);

private:
    QString m_bootstrap;
    QMap<QString, QString> m_extra;
    quint64 m_generation = 0;
    std::unique_ptr<ReaderWorker> m_worker;
};

/// What a search looks for.
struct SearchQuery {
    QByteArray needle;
    bool caseSensitive = false;
    bool inKeys = true;
    bool inValues = true;
    bool inHeaders = true;  ///< header names and values
};

class MessageSearch : public QObject {
    Q_OBJECT
public:
    explicit MessageSearch(const QString& bootstrap, QMap<QString, QString> extraConfig = {},
                           QObject* parent = nullptr);
    ~MessageSearch() override;

    /// Scans the whole range of `spec` for `query`. Only one search runs at
    /// a time; starting one cancels the last. -> progress*, matches*, finished
    /// (or failed).
    void start(const ReadSpec& spec, const SearchQuery& query);
    /// Stops the running search; `finished` follows with cancelled = true.
    void cancel();
    bool running() const { return m_running; }

    struct Stats {
        qint64 recordsScanned = 0;
        qint64 bytesScanned = 0;  ///< Record::size() summed
        qint64 matches = 0;
        qint64 elapsedMs = 0;
        bool cancelled = false;
        double megabytesPerSecond() const {
            return elapsedMs > 0 ? double(bytesScanned) / 1e6 / (double(elapsedMs) / 1000.0) : 0.0;
        }
    };

signals:
    /// At most about ten times a second. `fraction` is 0..1 of the range.
    void progress(double fraction, qint64 recordsScanned, qint64 bytesScanned);
    /// Matching records, in batches.
    void matches(const QList<plexus::monitor::Record>& records);
    void finished(const plexus::monitor::MessageSearch::Stats& stats);
    void failed(const QString& message);

private:
    QString m_bootstrap;
    QMap<QString, QString> m_extra;
    bool m_running = false;
    quint64 m_generation = 0;
    std::unique_ptr<ReaderWorker> m_worker;
};

/// Case-insensitive (ASCII) or exact substring test used by the search; fast
/// enough for hundreds of MB/s (memchr on the first byte, then compare).
bool containsBytes(const QByteArray& haystack, const QByteArray& needle, bool caseSensitive);
/// Whether `record` matches `query`.
bool recordMatches(const Record& record, const SearchQuery& query);

}  // namespace plexus::monitor

Q_DECLARE_METATYPE(plexus::monitor::MessageSearch::Stats)

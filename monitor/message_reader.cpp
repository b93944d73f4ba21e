#include "monitor/message_reader.h"

#include <QElapsedTimer>
#include <QHash>
#include <atomic>
#include <cstring>

#include "monitor/rdkafka_util.h"

namespace plexus::monitor {

using namespace detail;

namespace {

/// ASCII case folding table for the case-insensitive search.
struct FoldTable {
    unsigned char t[256];
    constexpr FoldTable() : t{} {
        for (int i = 0; i < 256; ++i) t[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
    }
};
constexpr FoldTable kFold;

bool containsRaw(const char* hay, size_t n, const QByteArray& needle, bool caseSensitive) {
    const size_t m = size_t(needle.size());
    if (m == 0) return true;
    if (n < m || !hay) return false;
    if (caseSensitive) return memmem(hay, n, needle.constData(), m) != nullptr;
    // The needle arrives folded (see SearchQuery handling below); look for
    // either case of its first byte with memchr, then compare folded.
    const auto* h = reinterpret_cast<const unsigned char*>(hay);
    const auto* nd = reinterpret_cast<const unsigned char*>(needle.constData());
    const unsigned char lo = nd[0];
    const unsigned char up = (lo >= 'a' && lo <= 'z') ? static_cast<unsigned char>(lo - 32) : lo;
    const unsigned char* end = h + (n - m + 1);
    const unsigned char* p = h;
    while (p < end) {
        const auto* a = static_cast<const unsigned char*>(std::memchr(p, lo, size_t(end - p)));
        const auto* b = lo == up ? nullptr : static_cast<const unsigned char*>(std::memchr(p, up, size_t((a ? a : end) - p)));
        const unsigned char* c = b ? b : a;
        if (!c) return false;
        size_t k = 1;
        while (k < m && kFold.t[c[k]] == nd[k]) ++k;
        if (k == m) return true;
        p = c + 1;
    }
    return false;
}

QByteArray foldNeedle(const QByteArray& needle, bool caseSensitive) {
    if (caseSensitive) return needle;
    QByteArray f = needle;
    for (auto& ch : f) ch = static_cast<char>(kFold.t[static_cast<unsigned char>(ch)]);
    return f;
}

Record toRecord(const rd_kafka_message_t* m) {
    Record r;
    r.partition = m->partition;
    r.offset = m->offset;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    r.timestampMs = rd_kafka_message_timestamp(m, &type);
    r.logAppendTime = type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME;
    r.keyNull = m->key == nullptr;
    if (m->key) r.key = QByteArray(static_cast<const char*>(m->key), qsizetype(m->key_len));
    r.valueNull = m->payload == nullptr;
    if (m->payload) r.value = QByteArray(static_cast<const char*>(m->payload), qsizetype(m->len));
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
        const char* name;
        const void* val;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            r.headers.push_back({QString::fromUtf8(name),
                                 val ? QByteArray(static_cast<const char*>(val), qsizetype(size)) : QByteArray()});
    }
    return r;
}

}  // namespace

bool containsBytes(const QByteArray& haystack, const QByteArray& needle, bool caseSensitive) {
    return containsRaw(haystack.constData(), size_t(haystack.size()), foldNeedle(needle, caseSensitive), caseSensitive);
}

bool recordMatches(const Record& r, const SearchQuery& q) {
    const QByteArray n = foldNeedle(q.needle, q.caseSensitive);
    if (q.inKeys && containsRaw(r.key.constData(), size_t(r.key.size()), n, q.caseSensitive)) return true;
    if (q.inValues && containsRaw(r.value.constData(), size_t(r.value.size()), n, q.caseSensitive)) return true;
    if (q.inHeaders) {
        for (const auto& h : r.headers) {
            const QByteArray name = h.first.toUtf8();
            if (containsRaw(name.constData(), size_t(name.size()), n, q.caseSensitive) ||
                containsRaw(h.second.constData(), size_t(h.second.size()), n, q.caseSensitive))
                return true;
        }
    }
    return false;
}

/// A job thread and a consumer reading one range of one topic with
/// librdkafka's simple (partition) consumer API: it needs no group.id, so
/// browsing never touches a group coordinator. State below the thread is used
/// on the worker thread only; `latest` is written by the owner.
class ReaderWorker {
public:
    /// How much the consumer fetches ahead. librdkafka's simple consumer
    /// applies queued.min.messages and queued.max.messages.kbytes per
    /// partition.
    enum class Prefetch {
        /// Pages: a page is 200 records and the user reads them. Fetching
        /// pauses once a partition has 10,000 records or 16 MiB queued,
        /// which still keeps a fast scroll fed (librdkafka 2.0 looks at a
        /// full partition again only every few hundred ms). With
        /// librdkafka's 100,000 records and the search's 128 MiB the app
        /// held hundreds of MB of a large topic seconds after its first page.
        Page,
        /// Search: reads the whole range as fast as it can.
        Search,
    };

    ReaderWorker(QString bootstrap, QMap<QString, QString> extra, Prefetch prefetch)
        : m_bootstrap(std::move(bootstrap)), m_extra(std::move(extra)), m_prefetch(prefetch) {}
    ~ReaderWorker() {
        latest.store(~quint64(0));  // any running job sees it is outdated and returns
        m_thread.reset();
        close();
        m_rk.reset();
    }

    void post(std::function<void()> job) { m_thread->post(std::move(job)); }
    void clearPending() { m_thread->clearPending(); }

    /// The generation of the newest open/start; a job of another generation
    /// stops as soon as it notices.
    std::atomic<quint64> latest{0};

    /// Resolves `spec` into ranges and starts fetching them.
    bool open(const ReadSpec& spec, int timeoutMs, QList<PartitionRange>* ranges, QString* error) {
        close();
        if (!m_rk) {
            QMap<QString, QString> defaults = {{QStringLiteral("enable.auto.commit"), QStringLiteral("false")},
                                               {QStringLiteral("enable.auto.offset.store"), QStringLiteral("false")},
                                               {QStringLiteral("auto.offset.reset"), QStringLiteral("earliest")},
                                               {QStringLiteral("enable.partition.eof"), QStringLiteral("true")},
                                               {QStringLiteral("fetch.wait.max.ms"), QStringLiteral("100")}};
            if (m_prefetch == Prefetch::Page) {
                // A page read stops each partition at its end (markDone), so a
                // short long-poll costs nothing while idle; it bounds how long
                // the last fetch of one read delays the next read's requests.
                defaults.insert(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("20"));
                defaults.insert(QStringLiteral("fetch.message.max.bytes"), QStringLiteral("1048576"));
                defaults.insert(QStringLiteral("queued.min.messages"), QStringLiteral("10000"));
                defaults.insert(QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("16384"));
            } else {
                defaults.insert(QStringLiteral("fetch.message.max.bytes"), QStringLiteral("4194304"));
                defaults.insert(QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("131072"));
            }
            m_rk = makeHandle(RD_KAFKA_CONSUMER, m_bootstrap, m_extra, defaults, error);
            if (!m_rk) return false;
        }
        const QByteArray topic = spec.topic.toUtf8();
        m_rkt = rd_kafka_topic_new(m_rk.get(), topic.constData(), nullptr);
        if (!m_rkt) {
            *error = errorText(rd_kafka_last_error());
            return false;
        }
        const rd_kafka_metadata_t* md = nullptr;
        if (const auto err = rd_kafka_metadata(m_rk.get(), 0, m_rkt, &md, timeoutMs)) {
            *error = errorText(err);
            return false;
        }
        QList<int> available;
        rd_kafka_resp_err_t topicErr = RD_KAFKA_RESP_ERR_NO_ERROR;
        if (md->topic_cnt == 1) {
            topicErr = md->topics[0].err;
            for (int p = 0; p < md->topics[0].partition_cnt; ++p) available.push_back(md->topics[0].partitions[p].id);
        }
        rd_kafka_metadata_destroy(md);
        if (topicErr || available.isEmpty()) {
            *error = topicErr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || available.isEmpty()
                         ? QStringLiteral("topic '%1' does not exist").arg(spec.topic)
                         : errorText(topicErr);
            return false;
        }
        std::sort(available.begin(), available.end());
        QList<int> parts = spec.partitions.isEmpty() ? available : spec.partitions;
        for (int p : parts) {
            if (!available.contains(p)) {
                *error = QStringLiteral("topic '%1' has no partition %2").arg(spec.topic).arg(p);
                return false;
            }
        }
        PartitionList low(rd_kafka_topic_partition_list_new(int(parts.size())));
        for (int p : parts) rd_kafka_topic_partition_list_add(low.get(), topic.constData(), p);
        PartitionList high(rd_kafka_topic_partition_list_copy(low.get()));
        PartitionList at(rd_kafka_topic_partition_list_copy(low.get()));
        rd_kafka_resp_err_t err = queryOffsets(m_rk.get(), low.get(), RD_KAFKA_OFFSET_BEGINNING, timeoutMs);
        if (!err) err = queryOffsets(m_rk.get(), high.get(), RD_KAFKA_OFFSET_END, timeoutMs);
        if (!err && spec.start.kind == StartPosition::Kind::Timestamp)
            err = queryOffsets(m_rk.get(), at.get(), spec.start.value, timeoutMs);
        if (err) {
            *error = QStringLiteral("cannot read the offsets of '%1': %2").arg(spec.topic, errorText(err));
            return false;
        }
        m_queue.reset(rd_kafka_queue_new(m_rk.get()));
        m_ranges.clear();
        m_done.clear();
        for (int i = 0; i < low->cnt; ++i) {
            if (low->elems[i].err || high->elems[i].err) {
                *error = QStringLiteral("partition %1: %2")
                             .arg(low->elems[i].partition)
                             .arg(errorText(low->elems[i].err ? low->elems[i].err : high->elems[i].err));
                close();
                return false;
            }
            PartitionRange r;
            r.partition = low->elems[i].partition;
            const qint64 lo = low->elems[i].offset, hi = high->elems[i].offset;
            qint64 s = lo;
            switch (spec.start.kind) {
            case StartPosition::Kind::Earliest: s = lo; break;
            case StartPosition::Kind::LatestMinusN: s = hi - std::max<qint64>(0, spec.start.value); break;
            case StartPosition::Kind::Offset: s = spec.start.value; break;
            case StartPosition::Kind::Timestamp: s = at->elems[i].offset < 0 ? hi : at->elems[i].offset; break;
            }
            r.start = std::clamp(s, lo, hi);
            r.end = hi;
            m_ranges.push_back(r);
            m_pos.insert(r.partition, r.start);
            if (r.start >= r.end) {
                m_done.insert(r.partition, true);
                continue;
            }
            if (rd_kafka_consume_start_queue(m_rkt, r.partition, r.start, m_queue.get()) == -1) {
                *error = QStringLiteral("partition %1: %2").arg(r.partition).arg(errorText(rd_kafka_last_error()));
                close();
                return false;
            }
            m_started.push_back(r.partition);
            m_done.insert(r.partition, false);
        }
        *ranges = m_ranges;
        return true;
    }

    bool allDone() const {
        for (auto it = m_done.begin(); it != m_done.end(); ++it)
            if (!it.value()) return false;
        return true;
    }

    /// Hands the range's next messages to `fn(msg)` until fn returns false
    /// (the rest of that batch still goes to fn), every partition reached its end, generation `gen` is outdated, or no
    /// message arrived for `idleTimeoutMs`. Takes at most `maxBatch` messages
    /// (partition-end events included) off the queue at a time. Returns false
    /// with `error` on a consume error or an idle timeout.
    template <typename Fn>
    bool consume(quint64 gen, int idleTimeoutMs, QString* error, Fn&& fn, size_t maxBatch = kMaxBatch) {
        if (!m_queue) return true;
        rd_kafka_message_t* batch[kMaxBatch];
        const size_t want = std::clamp<size_t>(maxBatch, 1, kMaxBatch);
        QElapsedTimer idle;
        idle.start();
        while (!allDone() && latest.load() == gen) {
            // Take what is queued now without waiting, and wait (at most
            // 100 ms, so a newer generation is noticed) only while nothing
            // is: rd_kafka_consume_batch_queue with a timeout waits until the
            // whole batch is full, which put a 100 ms floor under every page
            // whose records were fewer than a batch or not all fetched yet.
            ssize_t n = rd_kafka_consume_batch_queue(m_queue.get(), 0, batch, want);
            if (n == 0) {
                if (rd_kafka_message_t* first = rd_kafka_consume_queue(m_queue.get(), 100)) {
                    batch[0] = first;
                    n = 1;
                    if (want > 1) {
                        const ssize_t more = rd_kafka_consume_batch_queue(m_queue.get(), 0, batch + 1, want - 1);
                        if (more > 0) n += more;
                    }
                }
            }
            if (n < 0) {
                *error = errorText(rd_kafka_last_error());
                return false;
            }
            if (n == 0 && idle.elapsed() > idleTimeoutMs) {
                *error = QStringLiteral("no records arrived for %1 ms").arg(idleTimeoutMs);
                return false;
            }
            // Every message of a batch goes to fn, even after fn asked to
            // stop, so none is dropped: the page reader buffers the surplus.
            bool stop = false;
            for (ssize_t i = 0; i < n; ++i) {
                rd_kafka_message_t* m = batch[i];
                idle.restart();
                if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                    // The fetch reached the partition's end as the broker sees it now.
                    if (m->offset >= endOf(m->partition)) markDone(m->partition);
                } else if (m->err) {
                    *error = QStringLiteral("partition %1: %2").arg(m->partition).arg(errorText(m->err));
                    for (ssize_t j = i; j < n; ++j) rd_kafka_message_destroy(batch[j]);
                    return false;
                } else if (!m_done.value(m->partition, true)) {
                    const qint64 end = endOf(m->partition);
                    if (m->offset < end) {
                        m_pos.insert(m->partition, m->offset + 1);
                        if (!fn(m)) stop = true;
                    }
                    if (m->offset + 1 >= end) markDone(m->partition);
                }
                rd_kafka_message_destroy(m);
            }
            if (stop) return true;
        }
        return true;
    }

    /// Share of the range read so far, 0..1.
    double fraction() const {
        qint64 total = 0, read = 0;
        for (const auto& r : m_ranges) {
            total += r.end - r.start;
            read += std::min(m_pos.value(r.partition, r.start), r.end) - r.start;
        }
        return total > 0 ? double(read) / double(total) : 1.0;
    }

    std::deque<Record> buffered;  ///< read past the last page, served first by the next

    static constexpr size_t kMaxBatch = 4096;

private:
    /// A partition reached its end: stop fetching it, so a finished read
    /// leaves no fetch polling the broker (and none queued ahead of the
    /// next read's requests on the same connection).
    void markDone(int partition) {
        m_done.insert(partition, true);
        if (m_started.removeOne(partition)) rd_kafka_consume_stop(m_rkt, partition);
    }

    qint64 endOf(int partition) const {
        for (const auto& r : m_ranges)
            if (r.partition == partition) return r.end;
        return 0;
    }

    void close() {
        for (int p : m_started) rd_kafka_consume_stop(m_rkt, p);
        m_started.clear();
        m_queue.reset();
        if (m_rkt) rd_kafka_topic_destroy(m_rkt);
        m_rkt = nullptr;
        m_ranges.clear();
        m_pos.clear();
        m_done.clear();
        buffered.clear();
    }

    QString m_bootstrap;
    QMap<QString, QString> m_extra;
    Prefetch m_prefetch;
    Handle m_rk;
    rd_kafka_topic_t* m_rkt = nullptr;
    Queue m_queue;
    QList<int> m_started;
    QList<PartitionRange> m_ranges;
    QHash<int, qint64> m_pos;  ///< next offset to read per partition
    QHash<int, bool> m_done;
    std::unique_ptr<JobThread> m_thread = std::make_unique<JobThread>();
};

namespace {
constexpr int kTimeoutMs = 10000;
}

// ---------------------------------------------------------------- MessageReader

MessageReader::MessageReader(const QString& bootstrap, QMap<QString, QString> extraConfig, QObject* parent)
    : QObject(parent), m_bootstrap(bootstrap), m_extra(std::move(extraConfig)),
      m_worker(std::make_unique<ReaderWorker>(m_bootstrap, m_extra, ReaderWorker::Prefetch::Page)) {
    qRegisterMetaType<Record>();
}

MessageReader::~MessageReader() = default;

void MessageReader::open(const ReadSpec& spec) {
    const quint64 gen = ++m_generation;
    m_worker->latest.store(gen);
    m_worker->clearPending();
    m_worker->post([this, gen, spec] {
        QList<PartitionRange> ranges;
        QString error;
        const bool ok = m_worker->open(spec, kTimeoutMs, &ranges, &error);
        QMetaObject::invokeMethod(
            this,
            [this, gen, ok, ranges, error] {
                if (gen != m_generation) return;
                if (!ok) return emit failed(error);
                qint64 total = 0;
                for (const auto& r : ranges) total += r.end - r.start;
                emit opened(ranges, total);
            },
            Qt::QueuedConnection);
    });
}

void MessageReader::fetchPage(int maxRecords) {
    const quint64 gen = m_generation;
    m_worker->post([this, gen, maxRecords] {
        if (m_worker->latest.load() != gen) return;
        QList<Record> page;
        page.reserve(maxRecords);
        auto& buf = m_worker->buffered;
        while (!buf.empty() && page.size() < maxRecords) {
            page.push_back(std::move(buf.front()));
            buf.pop_front();
        }
        QString error;
        bool ok = true;
        if (page.size() < maxRecords) {
            // Batches no larger than the rest of the page: the records after
            // it stay in librdkafka's queue instead of being copied now.
            ok = m_worker->consume(
                gen, kTimeoutMs, &error,
                [&](const rd_kafka_message_t* m) {
                    if (page.size() < maxRecords) page.push_back(toRecord(m));
                    else buf.push_back(toRecord(m));
                    return page.size() < maxRecords;
                },
                size_t(maxRecords - page.size()));
        }
        const bool atEnd = ok && buf.empty() && m_worker->allDone();
        QMetaObject::invokeMethod(
            this,
            [this, gen, ok, page, atEnd, error] {
                if (gen != m_generation) return;
                if (!ok && page.isEmpty()) return emit failed(error);
                emit pageReady(page, atEnd);
                if (!ok) emit failed(error);
            },
            Qt::QueuedConnection);
    });
}

// ---------------------------------------------------------------- MessageSearch

MessageSearch::MessageSearch(const QString& bootstrap, QMap<QString, QString> extraConfig, QObject* parent)
    : QObject(parent), m_bootstrap(bootstrap), m_extra(std::move(extraConfig)),
      m_worker(std::make_unique<ReaderWorker>(m_bootstrap, m_extra, ReaderWorker::Prefetch::Search)) {
    qRegisterMetaType<Record>();
    qRegisterMetaType<Stats>();
}

MessageSearch::~MessageSearch() = default;

void MessageSearch::cancel() {
    if (!m_running) return;
    // The running job sees a newer generation within one poll and reports
    // itself cancelled.
    m_worker->latest.store(m_generation + 1);
}

void MessageSearch::start(const ReadSpec& spec, const SearchQuery& query) {
    const quint64 gen = (m_generation += 2);  // odd values are "cancelled" markers of the previous one
    m_worker->latest.store(gen);
    m_worker->clearPending();
    m_running = true;
    m_worker->post([this, gen, spec, query] {
        QElapsedTimer clock;
        clock.start();
        Stats stats;
        auto post = [this, gen](auto fn) {
            QMetaObject::invokeMethod(
                this,
                [this, gen, fn] {
                    if (gen == m_generation) fn(this);
                },
                Qt::QueuedConnection);
        };
        QList<PartitionRange> ranges;
        QString error;
        if (!m_worker->open(spec, kTimeoutMs, &ranges, &error)) {
            post([error](MessageSearch* s) {
                s->m_running = false;
                emit s->failed(error);
            });
            return;
        }
        const QByteArray needle = foldNeedle(query.needle, query.caseSensitive);
        const bool cs = query.caseSensitive;
        QList<Record> found;
        QElapsedTimer lastReport;
        lastReport.start();
        auto report = [&] {
            if (!found.isEmpty()) {
                post([found](MessageSearch* s) { emit s->matches(found); });
                found.clear();
            }
            post([f = m_worker->fraction(), r = stats.recordsScanned, b = stats.bytesScanned](MessageSearch* s) {
                emit s->progress(f, r, b);
            });
            lastReport.restart();
        };
        const bool ok = m_worker->consume(gen, kTimeoutMs, &error, [&](const rd_kafka_message_t* m) {
            qint64 size = qint64(m->key_len + m->len);
            bool hit = (query.inKeys && containsRaw(static_cast<const char*>(m->key), m->key_len, needle, cs)) ||
                       (query.inValues && containsRaw(static_cast<const char*>(m->payload), m->len, needle, cs));
            rd_kafka_headers_t* hdrs = nullptr;
            if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
                const char* name;
                const void* val;
                size_t vs;
                for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &val, &vs) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
                    const size_t ns = std::strlen(name);
                    size += qint64(ns + vs);
                    if (!hit && query.inHeaders)
                        hit = containsRaw(name, ns, needle, cs) || containsRaw(static_cast<const char*>(val), vs, needle, cs);
                }
            }
            ++stats.recordsScanned;
            stats.bytesScanned += size;
            if (hit) {
                ++stats.matches;
                found.push_back(toRecord(m));
            }
            if (found.size() >= 1000 || lastReport.elapsed() >= 100) report();
            return true;
        });
        stats.cancelled = m_worker->latest.load() != gen;
        stats.elapsedMs = clock.elapsed();
        report();
        if (!ok && !stats.cancelled) {
            post([error](MessageSearch* s) {
                s->m_running = false;
                emit s->failed(error);
            });
            return;
        }
        // A cancelled search reports under the generation cancel() moved to.
        QMetaObject::invokeMethod(
            this,
            [this, gen, stats] {
                if (gen != m_generation) return;
                m_running = false;
                emit finished(stats);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace plexus::monitor

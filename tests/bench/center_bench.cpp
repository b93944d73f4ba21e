// center-bench: Plexus Center's Messages page against a real plexusd that
// holds a 1,000,000-record topic of synthetic healthcare events. It prints
// the time to the first page, the app's memory and the search throughput
// next to the targets of BRIEF §9 (first page of a 1,000,000-record topic in
// under 300 ms; search of message contents at no less than 200 MB/s, with a
// progress bar) and next to baselines measured in the same run:
//
//   (a) a raw librdkafka consumer (legacy API, no Qt) reading the first 200
//       records: first-page ratio = Center / raw;
//   (b) a raw librdkafka consumer reading the whole topic without matching
//       anything: search ratio = Center search / raw consume;
//   (c) memmem over an in-memory copy of the payloads: an upper bound for
//       the matching itself.
//
// Steps: start a plexusd (tests/support PlexusNode) on loopback with a data
// dir under --tmpdir; create `bench.records` (3 partitions); fill it with
// --records records cycling through generateSampleEvents (HL7 v2 and FHIR R4
// JSON, keys = MRNs, 3 headers), 3 of them carrying a unique marker, from a
// child process (this program with --fill-child) using librdkafka's C
// producer (acks=1, linger.ms=20, batch.size=1000000, no compression, so the
// search reads the same bytes it scans), so the producer's memory never
// shows in the app's RSS; then drive the real widgets (MessagesPage with a
// KafkaClient and a ClusterMonitor, shown offscreen) exactly as the GUI
// tests do.
//
// Usage: center-bench [--records N] [--reps N] [--search-reps N]
//                     [--scroll-rows N] [--patients N] [--seed N]
//                     [--tmpdir DIR] [--plexusd PATH | PATH]
// The plexusd binary comes from --plexusd, a bare PATH argument or the
// PLEXUSD environment variable (ctest sets it). Run with
// QT_QPA_PLATFORM=offscreen.
//
// Exit status: 0 when everything ran (timings are never judged), 1 when
// something functionally failed (the node did not start, records are
// missing, a search found the wrong records), 2 for a usage error.
#include <librdkafka/rdkafka.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProgressBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

#include "monitor/cluster_monitor.h"
#include "monitor/kafka_client.h"
#include "monitor/kafka_types.h"
#include "monitor/message_reader.h"
#include "monitor/sample_data.h"
#include "tests/support/plexus_node.h"
#include "views/message_model.h"
#include "views/messages_page.h"

namespace {

using namespace plexus;
using monitor::StartPosition;

constexpr char kTopic[] = "bench.records";
constexpr int kPartitions = 3;
// Starts with a letter that is common in the data, so the case-insensitive
// matcher's first-byte scan stops often (and "PLEXUS" itself occurs in every
// HL7 PID-3), which keeps the search figure honest.
constexpr char kMarker[] = "PLEXUS-BENCH-NEEDLE-5F3A91";
constexpr int kMarkers = 3;

struct Options {
    qint64 records = 1000000;
    int reps = 7;
    int searchReps = 3;
    int scrollRows = 20000;
    int patients = 10000;
    quint32 seed = 20240601;
    QString plexusd;
    QString tmpdir;
    // --fill-child BOOTSTRAP BASE_MS: the producer half, run as a child process
    bool fillChild = false;
    QString bootstrap;
    qint64 baseMs = 0;
};

void out(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void out(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vprintf(fmt, ap);
    va_end(ap);
    std::fflush(stdout);
}

double msSince(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
double minOf(const std::vector<double>& v) { return v.empty() ? -1 : *std::min_element(v.begin(), v.end()); }
double maxOf(const std::vector<double>& v) { return v.empty() ? -1 : *std::max_element(v.begin(), v.end()); }

// ---------------------------------------------------------------- the payloads

/// A sample event flattened for producing and for the memmem baseline.
struct FlatEvent {
    QByteArray key;
    QByteArray value;
    std::vector<std::pair<std::string, QByteArray>> headers;
    qint64 timestampMs = 0;
    bool hl7 = false;
    /// key + value + header names + header values: Record::size(), what the search counts
    qint64 size() const {
        qint64 n = key.size() + value.size();
        for (const auto& h : headers) n += qint64(h.first.size()) + h.second.size();
        return n;
    }
};

std::vector<FlatEvent> makeEvents(quint32 seed, int patients, qint64 baseMs) {
    const auto events =
        monitor::generateSampleEvents(seed, patients, QDateTime::fromMSecsSinceEpoch(baseMs, Qt::UTC));
    std::vector<FlatEvent> flat;
    flat.reserve(size_t(events.size()));
    for (const auto& e : events) {
        FlatEvent f;
        f.key = e.key;
        f.value = e.value;
        for (const auto& h : e.headers) f.headers.emplace_back(h.first.toStdString(), h.second);
        f.timestampMs = e.timestampMs;
        f.hl7 = e.isHl7();
        flat.push_back(std::move(f));
    }
    return flat;
}

/// Record `i` of a topic of `records` records: events cycled in list order;
/// the records at 1/4, 2/4 and 3/4 are the next HL7 message in the cycle with
/// an NTE segment carrying the marker appended.
struct RecordPlan {
    const std::vector<FlatEvent>& events;
    qint64 records;

    bool isMarker(qint64 i) const {
        if (records < kMarkers + 1) return false;
        for (int k = 1; k <= kMarkers; ++k)
            if (i == records * k / (kMarkers + 1)) return true;
        return false;
    }
    /// The event behind record i and, for a marker record, its changed value.
    const FlatEvent& at(qint64 i, QByteArray* markerValue) const {
        const size_t n = events.size();
        size_t j = size_t(i) % n;
        if (!isMarker(i)) return events[j];
        for (size_t step = 0; step < n && !events[j].hl7; ++step) j = (j + 1) % n;
        *markerValue = events[j].value + "NTE|1|L|Bench marker " + kMarker + "\r";
        return events[j];
    }
};

// ---------------------------------------------------------------- fill (child process)

struct DeliveryState {
    qint64 delivered = 0;
    qint64 failed = 0;
    std::string firstError;
};

void onDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* s = static_cast<DeliveryState*>(opaque);
    if (m->err) {
        if (s->failed++ == 0) s->firstError = rd_kafka_err2str(m->err);
    } else {
        ++s->delivered;
    }
}

int runFillChild(const Options& o) {
    QElapsedTimer genClock;
    genClock.start();
    const auto events = makeEvents(o.seed, o.patients, o.baseMs);
    if (events.empty()) {
        std::fprintf(stderr, "center-bench fill: generateSampleEvents gave no events\n");
        return 1;
    }
    for (const auto& e : events) {
        if (e.value.contains(kMarker) || e.key.contains(kMarker)) {
            std::fprintf(stderr, "center-bench fill: the marker already occurs in the sample data\n");
            return 1;
        }
    }
    std::fprintf(stderr, "center-bench fill: %zu distinct events generated in %.0f ms\n", events.size(), msSince(genClock));

    char errstr[512];
    DeliveryState state;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const QByteArray bs = o.bootstrap.toUtf8();
    const std::pair<const char*, const char*> settings[] = {
        {"bootstrap.servers", bs.constData()},
        {"client.id", "center-bench-fill"},
        {"acks", "1"},
        {"linger.ms", "20"},
        {"batch.size", "1000000"},
        {"compression.codec", "none"},
        {"queue.buffering.max.messages", "1000000"},
        {"queue.buffering.max.kbytes", "1048576"},
    };
    for (const auto& [k, v] : settings) {
        if (rd_kafka_conf_set(conf, k, v, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            std::fprintf(stderr, "center-bench fill: %s=%s: %s\n", k, v, errstr);
            rd_kafka_conf_destroy(conf);
            return 1;
        }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
    rd_kafka_conf_set_opaque(conf, &state);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        std::fprintf(stderr, "center-bench fill: cannot create the producer: %s\n", errstr);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, kTopic, nullptr);

    const RecordPlan plan{events, o.records};
    qint64 bytes = 0;
    qint64 queueFull = 0;
    bool ok = true;
    QElapsedTimer clock;
    clock.start();
    for (qint64 i = 0; i < o.records && ok; ++i) {
        QByteArray markerValue;
        const FlatEvent& e = plan.at(i, &markerValue);
        const QByteArray& value = markerValue.isNull() ? e.value : markerValue;
        rd_kafka_headers_t* hdrs = rd_kafka_headers_new(e.headers.size());
        for (const auto& [name, v] : e.headers)
            rd_kafka_header_add(hdrs, name.data(), ssize_t(name.size()), v.constData(), ssize_t(v.size()));
        rd_kafka_resp_err_t err;
        for (;;) {
            err = rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(RD_KAFKA_PARTITION_UA),
                                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                    RD_KAFKA_V_KEY(const_cast<char*>(e.key.constData()), size_t(e.key.size())),
                                    RD_KAFKA_V_VALUE(const_cast<char*>(value.constData()), size_t(value.size())),
                                    RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_TIMESTAMP(e.timestampMs), RD_KAFKA_V_END);
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
            ++queueFull;
            rd_kafka_poll(rk, 5);
        }
        if (err) {
            rd_kafka_headers_destroy(hdrs);  // producev owns them only on success
            std::fprintf(stderr, "center-bench fill: produce of record %lld failed: %s\n", i, rd_kafka_err2str(err));
            ok = false;
            break;
        }
        bytes += e.size() - e.value.size() + value.size();
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
        if (i > 0 && i % 250000 == 0)
            std::fprintf(stderr, "center-bench fill: %lld records queued, %lld acknowledged, %.1f s\n", i,
                         state.delivered, msSince(clock) / 1000);
    }
    const double queuedS = msSince(clock) / 1000;
    QElapsedTimer flushClock;
    flushClock.start();
    while (rd_kafka_outq_len(rk) > 0 && flushClock.elapsed() < 600000 && state.failed == 0) rd_kafka_poll(rk, 100);
    const double secs = msSince(clock) / 1000;
    const int left = rd_kafka_outq_len(rk);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    if (state.failed > 0)
        std::fprintf(stderr, "center-bench fill: %lld deliveries failed, the first with: %s\n", state.failed,
                     state.firstError.c_str());
    if (left > 0) std::fprintf(stderr, "center-bench fill: %d records still unacknowledged after 600 s\n", left);
    std::printf("FILL records=%lld delivered=%lld failed=%lld bytes=%lld"
                " secs=%.3f queued_secs=%.3f queue_full=%lld distinct=%zu\n",
                o.records, state.delivered, state.failed, bytes, secs, queuedS, queueFull, events.size());
    std::fflush(stdout);
    return ok && state.failed == 0 && left == 0 && state.delivered == o.records ? 0 : 1;
}

// ---------------------------------------------------------------- machine and memory

QString firstLineWith(const QString& path, const QString& prefix) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(prefix.toUtf8())) return QString::fromUtf8(line);
    return {};
}

QString afterColon(const QString& line) { return line.mid(line.indexOf(u':') + 1).trimmed(); }

/// VmRSS and RssAnon of this process, MB (10^6 bytes).
struct Memory {
    double rssMB = -1;
    double anonMB = -1;
};
Memory memoryNow() {
    Memory m;
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return m;
    for (const QByteArray& line : f.readAll().split('\n')) {
        auto kb = [&] { return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toDouble() * 1024 / 1e6; };
        if (line.startsWith("VmRSS:")) m.rssMB = kb();
        if (line.startsWith("RssAnon:")) m.anonMB = kb();
    }
    return m;
}

QString runTool(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(10000)) return QStringLiteral("(%1 did not answer)").arg(program);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// ---------------------------------------------------------------- waiting without spinning

/// Runs the event loop until `done()` or `timeoutMs`. Wakes every 2 ms to
/// check, so it costs no CPU the benchmark would miss; timings are taken in
/// the slots themselves, not here.
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() >= timeoutMs) return false;
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void settle(int ms) {
    waitFor([] { return false; }, ms);
}

// ---------------------------------------------------------------- raw librdkafka baselines

rd_kafka_t* newRawConsumer(const QString& bootstrap, const std::vector<std::pair<std::string, std::string>>& extra,
                           QString* error) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::vector<std::pair<std::string, std::string>> all = {{"bootstrap.servers", bootstrap.toStdString()},
                                                            {"client.id", "center-bench-raw"}};
    all.insert(all.end(), extra.begin(), extra.end());
    for (const auto& [k, v] : all) {
        if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            *error = QStringLiteral("%1=%2: %3").arg(QString::fromStdString(k), QString::fromStdString(v),
                                                     QString::fromUtf8(errstr));
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    }
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk) {
        *error = QString::fromUtf8(errstr);
        rd_kafka_conf_destroy(conf);
    }
    return rk;
}

/// (a) Time until `n` records of the topic arrived, starting every partition
/// at the beginning on one queue of a legacy consumer. With `rk` null a new
/// handle is made inside the timed region (a cold read); otherwise `rk` and
/// `rkt` are reused, as MessageReader reuses its handle. Returns ms, or -1.
double rawFirstRecords(const QString& bootstrap, rd_kafka_t* rk, rd_kafka_topic_t* rkt, int n, QString* error) {
    QElapsedTimer t;
    t.start();
    rd_kafka_t* own = nullptr;
    rd_kafka_topic_t* ownTopic = nullptr;
    if (!rk) {
        own = rk = newRawConsumer(bootstrap, {{"enable.partition.eof", "false"}}, error);
        if (!rk) return -1;
        ownTopic = rkt = rd_kafka_topic_new(rk, kTopic, nullptr);
    }
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    for (int p = 0; p < kPartitions; ++p) rd_kafka_consume_start_queue(rkt, p, RD_KAFKA_OFFSET_BEGINNING, q);
    int got = 0;
    rd_kafka_message_t* batch[512];
    while (got < n && t.elapsed() < 30000) {
        const ssize_t k = rd_kafka_consume_batch_queue(q, 100, batch, std::min<size_t>(std::size(batch), size_t(n - got)));
        for (ssize_t i = 0; i < k; ++i) {
            if (!batch[i]->err) ++got;
            else if (error->isEmpty() && batch[i]->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                *error = QString::fromUtf8(rd_kafka_err2str(batch[i]->err));
            rd_kafka_message_destroy(batch[i]);
        }
    }
    const double ms = msSince(t);
    for (int p = 0; p < kPartitions; ++p) rd_kafka_consume_stop(rkt, p);
    rd_kafka_queue_destroy(q);
    if (ownTopic) rd_kafka_topic_destroy(ownTopic);
    if (own) rd_kafka_destroy(own);
    if (got < n) {
        if (error->isEmpty()) *error = QStringLiteral("only %1 of %2 records within 30 s").arg(got).arg(n);
        return -1;
    }
    return ms;
}

/// (b) Reads every record of the topic with a fresh legacy consumer (the
/// settings of tests/bench/plexus_perf's consume mode), touching nothing but
/// the message. Returns ms (handle creation and the watermark queries
/// included, as the search's elapsed time includes its open), or -1.
double rawConsumeAll(const QString& bootstrap, qint64* records, QString* error) {
    QElapsedTimer t;
    t.start();
    rd_kafka_t* rk = newRawConsumer(bootstrap,
                                    {{"enable.partition.eof", "true"},
                                     {"fetch.max.bytes", "52428800"},
                                     {"max.partition.fetch.bytes", "4194304"},
                                     {"fetch.wait.max.ms", "100"},
                                     {"queued.min.messages", "1000000"},
                                     {"queued.max.messages.kbytes", "262144"}},
                                    error);
    if (!rk) return -1;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, kTopic, nullptr);
    qint64 end[kPartitions] = {};
    bool done[kPartitions] = {};
    for (int p = 0; p < kPartitions; ++p) {
        int64_t lo = 0, hi = 0;
        if (const auto err = rd_kafka_query_watermark_offsets(rk, kTopic, p, &lo, &hi, 10000)) {
            *error = QStringLiteral("watermarks of partition %1: %2").arg(p).arg(QString::fromUtf8(rd_kafka_err2str(err)));
            rd_kafka_topic_destroy(rkt);
            rd_kafka_destroy(rk);
            return -1;
        }
        end[p] = hi;
        done[p] = hi <= lo;
    }
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    for (int p = 0; p < kPartitions; ++p) rd_kafka_consume_start_queue(rkt, p, RD_KAFKA_OFFSET_BEGINNING, q);
    rd_kafka_message_t* batch[4096];
    QElapsedTimer idle;
    idle.start();
    *records = 0;
    auto allDone = [&] { return std::all_of(std::begin(done), std::end(done), [](bool b) { return b; }); };
    while (!allDone() && idle.elapsed() < 10000) {
        // What is queued now, without waiting; wait only while nothing is (a
        // batch call with a timeout would wait for a full batch at the end).
        ssize_t k = rd_kafka_consume_batch_queue(q, 0, batch, std::size(batch));
        if (k == 0) {
            if (rd_kafka_message_t* first = rd_kafka_consume_queue(q, 100)) {
                batch[0] = first;
                k = 1;
            }
        }
        for (ssize_t i = 0; i < k; ++i) {
            const rd_kafka_message_t* m = batch[i];
            idle.restart();
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                if (m->offset >= end[m->partition]) done[m->partition] = true;
            } else if (m->err) {
                if (error->isEmpty()) *error = QString::fromUtf8(rd_kafka_err2str(m->err));
            } else if (m->partition >= 0 && m->partition < kPartitions && m->offset < end[m->partition]) {
                ++*records;
                if (m->offset + 1 >= end[m->partition]) done[m->partition] = true;
            }
            rd_kafka_message_destroy(batch[i]);
        }
    }
    const double ms = msSince(t);
    for (int p = 0; p < kPartitions; ++p) rd_kafka_consume_stop(rkt, p);
    rd_kafka_queue_destroy(q);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    if (!allDone()) {
        if (error->isEmpty()) *error = QStringLiteral("no records for 10 s before the end");
        return -1;
    }
    return ms;
}

/// (c) memmem of the needle over key, value, header names and values of
/// `records` records from an in-memory copy of the payloads (the same cycle
/// the topic holds). Returns MB/s; `hits` counts matching records.
double memmemScan(const RecordPlan& plan, const QByteArray& needle, qint64* hits, qint64* bytes) {
    const char* nd = needle.constData();
    const size_t nl = size_t(needle.size());
    auto has = [&](const char* p, size_t n) { return n >= nl && memmem(p, n, nd, nl) != nullptr; };
    QElapsedTimer t;
    t.start();
    *hits = 0;
    *bytes = 0;
    for (qint64 i = 0; i < plan.records; ++i) {
        QByteArray markerValue;
        const FlatEvent& e = plan.at(i, &markerValue);
        const QByteArray& value = markerValue.isNull() ? e.value : markerValue;
        bool hit = has(e.key.constData(), size_t(e.key.size())) || has(value.constData(), size_t(value.size()));
        qint64 size = e.key.size() + value.size();
        for (const auto& [name, v] : e.headers) {
            size += qint64(name.size()) + v.size();
            if (!hit) hit = has(name.data(), name.size()) || has(v.constData(), size_t(v.size()));
        }
        *bytes += size;
        if (hit) ++*hits;
    }
    const double secs = msSince(t) / 1000;
    return secs > 0 ? double(*bytes) / 1e6 / secs : 0;
}

// ---------------------------------------------------------------- the Center measurements

struct PageTiming {
    double loadedMs = -1;   ///< read() -> first MessageModel::pageLoaded
    double paintedMs = -1;  ///< ... and the table repainted with it
    int rows = 0;
    qint64 firstOffset = -1;
    QString error;
};

PageTiming timeFirstPage(views::MessagesPage* page, StartPosition start) {
    page->setTopic(QString::fromLatin1(kTopic));
    page->setPartitionsText(QString());
    page->setStart(start);
    auto* model = page->model();
    PageTiming t;
    bool done = false;
    QElapsedTimer clock;
    const auto c1 = QObject::connect(model, &views::MessageModel::pageLoaded, page, [&](int count, bool) {
        if (done) return;
        t.loadedMs = msSince(clock);
        page->view()->viewport()->repaint();
        t.paintedMs = msSince(clock);
        t.rows = count;
        if (const auto* r = model->recordAt(0)) t.firstOffset = r->offset;
        done = true;
    });
    const auto c2 = QObject::connect(model, &views::MessageModel::failed, page, [&](const QString& m) {
        t.error = m;
        done = true;
    });
    clock.start();
    page->read();
    if (!waitFor([&] { return done; }, 30000)) t.error = QStringLiteral("no first page within 30 s");
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    return t;
}

struct SearchRun {
    monitor::MessageSearch::Stats stats;
    double wallMs = -1;  ///< startSearch() -> finished, on the GUI thread
    int progressSignals = 0;
    int barFirst = -1, barLast = -1, barMax = -1, barDistinct = 0;
    int rowsShown = 0;
    QString error;
};

SearchRun runSearch(views::MessagesPage* page, const QByteArray& needle) {
    page->setTopic(QString::fromLatin1(kTopic));
    page->setPartitionsText(QString());
    page->setStart({StartPosition::Kind::Earliest, 0});
    page->setSearchText(QString::fromUtf8(needle));
    QProgressBar* bar = page->findChild<QProgressBar*>();
    SearchRun r;
    bool done = false;
    QElapsedTimer clock;
    auto* s = page->search();
    // Connected after the page's own slots, so the bar already shows each value.
    const auto c1 = QObject::connect(s, &monitor::MessageSearch::progress, page, [&](double, qint64, qint64) {
        ++r.progressSignals;
        if (!bar) return;
        const int v = bar->value();
        if (r.barFirst < 0) r.barFirst = v;
        if (v != r.barLast) ++r.barDistinct;
        r.barLast = v;
        r.barMax = std::max(r.barMax, v);
    });
    const auto c2 = QObject::connect(s, &monitor::MessageSearch::finished, page,
                                     [&](const monitor::MessageSearch::Stats& st) {
                                         r.stats = st;
                                         r.wallMs = msSince(clock);
                                         done = true;
                                     });
    const auto c3 = QObject::connect(s, &monitor::MessageSearch::failed, page, [&](const QString& m) {
        r.error = m;
        done = true;
    });
    clock.start();
    page->startSearch();
    if (!waitFor([&] { return done; }, 1800000)) r.error = QStringLiteral("the search did not finish within 30 min");
    settle(50);  // matches arrive before finished; let the table take them
    r.rowsShown = page->model()->rowCount();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    QObject::disconnect(c3);
    return r;
}

// ---------------------------------------------------------------- main flow

int usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s [--records N] [--reps N] [--search-reps N] [--scroll-rows N] [--patients N] [--seed N]\n"
                 "          [--tmpdir DIR] [--plexusd PATH | PATH]\n",
                 argv0);
    return 2;
}

bool parseArgs(int argc, char** argv, Options* o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](QString* v) {
            if (i + 1 >= argc) return false;
            *v = QString::fromLocal8Bit(argv[++i]);
            return true;
        };
        auto positive = [&](auto* target) {
            QString v;
            bool ok = false;
            if (!next(&v)) return false;
            const qint64 n = v.toLongLong(&ok);
            if (!ok || n <= 0 || n > std::numeric_limits<std::remove_pointer_t<decltype(target)>>::max()) return false;
            *target = static_cast<std::remove_pointer_t<decltype(target)>>(n);
            return true;
        };
        bool ok = true;
        if (a == "--records") ok = positive(&o->records);
        else if (a == "--reps") ok = positive(&o->reps);
        else if (a == "--search-reps") ok = positive(&o->searchReps);
        else if (a == "--scroll-rows") ok = positive(&o->scrollRows);
        else if (a == "--patients") ok = positive(&o->patients);
        else if (a == "--seed") ok = positive(&o->seed);
        else if (a == "--tmpdir") ok = next(&o->tmpdir) && !o->tmpdir.isEmpty();
        else if (a == "--plexusd") ok = next(&o->plexusd) && !o->plexusd.isEmpty();
        else if (a == "--fill-child") {
            o->fillChild = true;
            QString v;
            ok = next(&o->bootstrap) && next(&v);
            if (ok) o->baseMs = v.toLongLong(&ok);
        } else if (a.rfind("--", 0) != 0 && o->plexusd.isEmpty()) {
            o->plexusd = QString::fromLocal8Bit(argv[i]);
        } else {
            ok = false;
        }
        if (!ok) {
            std::fprintf(stderr, "center-bench: bad or missing value for '%s'\n", a.c_str());
            return false;
        }
    }
    return true;
}

QString fmtMs(double ms) { return ms < 0 ? QStringLiteral("n/a") : QString::number(ms, 'f', 1) + QStringLiteral(" ms"); }
QString fmtRatio(double a, double b) { return a < 0 || b <= 0 ? QStringLiteral("n/a") : QString::number(a / b, 'f', 2); }

/// The offscreen platform says this on every show(); it says nothing about the benchmark.
QtMessageHandler g_previousHandler = nullptr;
void quietHandler(QtMsgType type, const QMessageLogContext& ctx, const QString& msg) {
    if (msg.contains(QStringLiteral("propagateSizeHints"))) return;
    if (g_previousHandler) g_previousHandler(type, ctx, msg);
}

int runBench(const Options& opt, int& argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (!opt.plexusd.isEmpty()) qputenv("PLEXUSD", QFileInfo(opt.plexusd).absoluteFilePath().toLocal8Bit());
    const QString plexusd = qEnvironmentVariable("PLEXUSD");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    g_previousHandler = qInstallMessageHandler(quietHandler);
    QApplication app(argc, argv);
    auto fail = [&](const QString& what) {
        out("center-bench: FAILED: %s\n", qPrintable(what));
        return 1;
    };
    if (plexusd.isEmpty() || !QFileInfo(plexusd).isExecutable())
        return fail(QStringLiteral("no plexusd binary: pass --plexusd PATH or set PLEXUSD (got '%1')").arg(plexusd));

    const QString tmpBase = opt.tmpdir.isEmpty() ? QDir::tempPath() : opt.tmpdir;
    QTemporaryDir work(tmpBase + QStringLiteral("/center-bench.XXXXXX"));
    if (!work.isValid()) return fail(QStringLiteral("cannot create a work directory under %1").arg(tmpBase));
    const qint64 baseMs = QDateTime::currentDateTimeUtc().toMSecsSinceEpoch() / 1000 * 1000;

    // ---- configuration and machine
    utsname un{};
    uname(&un);
    const QString dfLine = runTool(QStringLiteral("df"), {QStringLiteral("-h"), work.path()}).split(u'\n').value(1).simplified();
    out("== Plexus Center benchmark (center-bench) ==\n");
    out("started      %s\n", qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    out("machine      %ld vCPU, %s, %s RAM, Linux %s\n", sysconf(_SC_NPROCESSORS_ONLN),
        qPrintable(afterColon(firstLineWith(QStringLiteral("/proc/cpuinfo"), QStringLiteral("model name")))),
        qPrintable(afterColon(firstLineWith(QStringLiteral("/proc/meminfo"), QStringLiteral("MemTotal")))), un.release);
    out("data disk    %s  (df -h: Filesystem Size Used Avail Use%% Mounted)\n", qPrintable(dfLine));
    out("work dir     %s\n", qPrintable(work.path()));
    out("software     Qt %s (platform %s), librdkafka %s, plexusd %s\n", qVersion(),
        qPrintable(QGuiApplication::platformName()), rd_kafka_version_str(), qPrintable(plexusd));
    out("config       topic %s, %d partitions, %lld records cycling generateSampleEvents(seed %u, %d patients),\n"
        "             %d carrying the marker \"%s\"; fill: librdkafka C producer, acks=1, linger.ms=20,\n"
        "             batch.size=1000000, no compression; first page: %d reads (page size 200); scroll %d rows;\n"
        "             search: %d runs, case-insensitive (the page's default), keys, values and headers\n",
        kTopic, kPartitions, opt.records, opt.seed, opt.patients, opt.records >= kMarkers + 1 ? kMarkers : 0, kMarker,
        opt.reps, opt.scrollRows, opt.searchReps);
    out("units        ms = wall-clock milliseconds; MB = 10^6 bytes (throughput counts key + value + header names\n"
        "             and values, like MessageSearch::Stats); medians, (min-max) in brackets\n\n");

    // ---- the node
    test::PlexusNode node({}, work.filePath(QStringLiteral("data")));
    QString error;
    QElapsedTimer nodeClock;
    nodeClock.start();
    if (!node.start(&error)) return fail(QStringLiteral("plexusd did not start: %1").arg(error));
    out("node         plexusd serving on %s (admin %s) after %.0f ms\n", qPrintable(node.kafkaAddr()),
        qPrintable(node.adminAddr()), msSince(nodeClock));
    const QString bootstrap = node.kafkaAddr();

    // ---- the app's pieces, as app/connection.cpp wires them
    const Memory memStart = memoryNow();
    monitor::KafkaClient client(bootstrap);
    monitor::ClusterMonitor clusterMonitor(&client);
    clusterMonitor.setAdminAddresses({node.adminAddr()});
    clusterMonitor.start();
    views::MessagesPage page(bootstrap, &client, &clusterMonitor);
    page.resize(1280, 800);
    page.show();

    bool created = false;
    QString createError;
    QObject::connect(&client, &monitor::KafkaClient::topicCreated, &page, [&](const QString&) { created = true; });
    QObject::connect(&client, &monitor::KafkaClient::operationFailed, &page, [&](const QString& op, const QString& m) {
        if (op == QStringLiteral("create topic")) createError = m;
    });
    client.createTopic(QString::fromLatin1(kTopic), kPartitions, 1);
    if (!waitFor([&] { return created || !createError.isEmpty(); }, 30000) || !created)
        return fail(QStringLiteral("cannot create %1: %2").arg(kTopic, createError.isEmpty() ? QStringLiteral("timeout") : createError));

    // ---- fill, in a child process
    out("\n-- fill\n");
    qint64 fillBytes = 0;
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--fill-child"), bootstrap, QString::number(baseMs), QStringLiteral("--records"),
                     QString::number(opt.records), QStringLiteral("--seed"), QString::number(opt.seed),
                     QStringLiteral("--patients"), QString::number(opt.patients)});
        if (!child.waitForStarted(10000)) return fail(QStringLiteral("cannot start the fill process: ") + child.errorString());
        if (!child.waitForFinished(3600000)) {
            child.kill();
            child.waitForFinished(5000);
            return fail(QStringLiteral("the fill did not finish within an hour"));
        }
        const QString text = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
        const QString line = text.split(u'\n').filter(QStringLiteral("FILL ")).value(0);
        QMap<QString, QString> kv;
        for (const QString& part : line.split(u' ', Qt::SkipEmptyParts)) {
            const auto eq = part.indexOf(u'=');
            if (eq > 0) kv.insert(part.left(eq), part.mid(eq + 1));
        }
        if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0 || line.isEmpty())
            return fail(QStringLiteral("the fill failed (exit %1): %2").arg(child.exitCode()).arg(text));
        fillBytes = kv.value(QStringLiteral("bytes")).toLongLong();
        const double secs = kv.value(QStringLiteral("secs")).toDouble();
        out("fill         %lld records, %.1f MB (%.0f B/record; %s distinct events) acknowledged in %.1f s: "
            "%.0f records/s, %.1f MB/s\n",
            opt.records, double(fillBytes) / 1e6, double(fillBytes) / double(opt.records),
            qPrintable(kv.value(QStringLiteral("distinct"))), secs, secs > 0 ? double(opt.records) / secs : 0.0,
            secs > 0 ? double(fillBytes) / 1e6 / secs : 0.0);
    }
    // every record is there, as the app sees it
    auto topicCount = [&]() -> qint64 {
        const auto* t = clusterMonitor.cluster().topic(QString::fromLatin1(kTopic));
        return t ? t->messageCount() : -1;
    };
    clusterMonitor.refreshNow();  // and then every 2 s, the monitor's interval
    if (!waitFor([&] { return topicCount() == opt.records; }, 30000))
        return fail(QStringLiteral("the topic holds %1 records, expected %2").arg(topicCount()).arg(opt.records));
    out("topic        %s: %lld records in %d partitions (ClusterMonitor)\n", kTopic, topicCount(), kPartitions);
    out("disk         data dir %s after the fill\n",
        qPrintable(runTool(QStringLiteral("du"), {QStringLiteral("-sh"), node.dataDir()}).section(u'\t', 0, 0)));
    settle(1000);

    // ---- first page, earliest (the first read is cold: the reader makes its consumer)
    out("\n-- first page (MessagesPage::read() -> MessageModel::pageLoaded; page size %d)\n", page.model()->pageSize());
    const Memory memBeforeRead = memoryNow();
    const qint64 expectFirst = std::min<qint64>(page.model()->pageSize(), opt.records);
    std::vector<double> earliest, earliestPaint, latest, latestPaint;
    Memory memFirstPage, memFirstPageSettled;
    for (int r = 0; r < opt.reps; ++r) {
        const PageTiming t = timeFirstPage(&page, {StartPosition::Kind::Earliest, 0});
        if (!t.error.isEmpty()) return fail(QStringLiteral("first page (earliest): %1").arg(t.error));
        if (t.rows != expectFirst || t.firstOffset != 0)
            return fail(QStringLiteral("first page (earliest) had %1 rows starting at offset %2, expected %3 from offset 0")
                            .arg(t.rows)
                            .arg(t.firstOffset)
                            .arg(expectFirst));
        if (r == 0) {
            memFirstPage = memoryNow();
            settle(2000);
            memFirstPageSettled = memoryNow();
        }
        earliest.push_back(t.loadedMs);
        earliestPaint.push_back(t.paintedMs);
        out("earliest     read %d: %7.1f ms to pageLoaded, %7.1f ms painted%s\n", r + 1, t.loadedMs, t.paintedMs,
            r == 0 ? "  (cold: the reader's consumer is created)" : "");
        settle(1000);
    }
    const qint64 latestRange = std::min<qint64>(100, opt.records / kPartitions) * kPartitions;
    for (int r = 0; r < opt.reps; ++r) {
        const PageTiming t = timeFirstPage(&page, {StartPosition::Kind::LatestMinusN, 100});
        if (!t.error.isEmpty()) return fail(QStringLiteral("first page (latest minus 100): %1").arg(t.error));
        if (t.rows != std::min<qint64>(page.model()->pageSize(), latestRange) || page.model()->totalInRange() != latestRange)
            return fail(QStringLiteral("first page (latest minus 100) had %1 rows of %2 in range")
                            .arg(t.rows)
                            .arg(page.model()->totalInRange()));
        latest.push_back(t.loadedMs);
        latestPaint.push_back(t.paintedMs);
        out("latest-100   read %d: %7.1f ms to pageLoaded, %7.1f ms painted\n", r + 1, t.loadedMs, t.paintedMs);
        settle(1000);
    }

    // ---- memory while scrolling
    out("\n-- scrolling (fetchMore page after page, the table scrolled to the bottom)\n");
    Memory memScrolledSettled;
    int rowsScrolled = 0;
    {
        auto* model = page.model();
        page.setStart({StartPosition::Kind::Earliest, 0});
        QString scrollError;
        const int target = int(std::min<qint64>(opt.scrollRows, opt.records));
        int pages = 0;
        const auto c1 = QObject::connect(model, &views::MessageModel::pageLoaded, &page, [&](int, bool) {
            ++pages;
            page.view()->scrollToBottom();
            if (model->rowCount() < target && model->canFetchMore({})) model->fetchMore({});
        });
        const auto c2 = QObject::connect(model, &views::MessageModel::failed, &page,
                                         [&](const QString& m) { scrollError = m; });
        QElapsedTimer clock;
        clock.start();
        page.read();
        const bool ok = waitFor([&] { return model->rowCount() >= target || model->atEnd() || !scrollError.isEmpty(); },
                                300000);
        const double ms = msSince(clock);
        QObject::disconnect(c1);
        QObject::disconnect(c2);
        if (!ok || !scrollError.isEmpty() || model->rowCount() < target)
            return fail(QStringLiteral("scrolling stopped at %1 rows: %2")
                            .arg(model->rowCount())
                            .arg(scrollError.isEmpty() ? QStringLiteral("timeout") : scrollError));
        const Memory memScrolled = memoryNow();
        settle(2000);
        memScrolledSettled = memoryNow();
        rowsScrolled = model->rowCount();
        out("scroll       %d rows in %d pages in %.0f ms (%.0f rows/s)\n", model->rowCount(), pages, ms,
            double(model->rowCount()) / (ms / 1000));
        out("\n-- memory of this process (the app: QApplication, MessagesPage, KafkaClient, ClusterMonitor;\n"
            "   the records were produced by a child process)\n");
        out("RSS          %7.1f MB  (anon %6.1f)  before the app's objects\n", memStart.rssMB, memStart.anonMB);
        out("RSS          %7.1f MB  (anon %6.1f)  before reading (app created, topic filled)\n", memBeforeRead.rssMB,
            memBeforeRead.anonMB);
        out("RSS          %7.1f MB  (anon %6.1f)  at the first page (%lld rows loaded)\n", memFirstPage.rssMB,
            memFirstPage.anonMB, expectFirst);
        out("RSS          %7.1f MB  (anon %6.1f)  2 s after the first page (the reader's consumer prefetches)\n",
            memFirstPageSettled.rssMB, memFirstPageSettled.anonMB);
        out("RSS          %7.1f MB  (anon %6.1f)  after scrolling (%d rows loaded)\n", memScrolled.rssMB,
            memScrolled.anonMB, model->rowCount());
        out("RSS          %7.1f MB  (anon %6.1f)  2 s later\n", memScrolledSettled.rssMB, memScrolledSettled.anonMB);
    }
    const double rssBefore = memBeforeRead.rssMB;
    const double rssFirst = memFirstPage.rssMB;
    const double rssFirstSettled = memFirstPageSettled.rssMB;
    const double rssScrolled = memScrolledSettled.rssMB;
    settle(1000);

    // ---- search
    out("\n-- search (MessagesPage::startSearch over the whole topic for \"%s\", case-insensitive)\n", kMarker);
    const qint64 expectMatches = opt.records >= kMarkers + 1 ? kMarkers : 0;
    std::vector<double> searchMBs, searchMs;
    std::vector<double> progressCounts;
    int barMaxSeen = -1, barDistinctSeen = 0;
    for (int r = 0; r < opt.searchReps; ++r) {
        const SearchRun s = runSearch(&page, QByteArray(kMarker));
        if (!s.error.isEmpty()) return fail(QStringLiteral("search %1: %2").arg(r + 1).arg(s.error));
        out("search       run %d: %lld records, %.1f MB in %lld ms = %.1f MB/s (finished on screen after %.0f ms);"
            " %lld matches (%d rows shown); %d progress signals, bar %d -> %d of 1000 (%d distinct values)\n",
            r + 1, s.stats.recordsScanned, double(s.stats.bytesScanned) / 1e6, s.stats.elapsedMs,
            s.stats.megabytesPerSecond(), s.wallMs, s.stats.matches, s.rowsShown, s.progressSignals, s.barFirst,
            s.barLast, s.barDistinct);
        if (s.stats.cancelled) return fail(QStringLiteral("search %1 reports itself cancelled").arg(r + 1));
        if (s.stats.recordsScanned != opt.records || s.stats.bytesScanned != fillBytes)
            return fail(QStringLiteral("search %1 scanned %2 records / %3 bytes, the topic holds %4 / %5")
                            .arg(r + 1)
                            .arg(s.stats.recordsScanned)
                            .arg(s.stats.bytesScanned)
                            .arg(opt.records)
                            .arg(fillBytes));
        if (s.stats.matches != expectMatches || s.rowsShown != expectMatches)
            return fail(QStringLiteral("search %1 found %2 matches (%3 rows shown), expected %4")
                            .arg(r + 1)
                            .arg(s.stats.matches)
                            .arg(s.rowsShown)
                            .arg(expectMatches));
        for (int row = 0; row < s.rowsShown; ++row)
            if (!page.model()->recordAt(row)->value.contains(kMarker))
                return fail(QStringLiteral("search %1: row %2 does not hold the marker").arg(r + 1).arg(row));
        searchMBs.push_back(s.stats.megabytesPerSecond());
        searchMs.push_back(double(s.stats.elapsedMs));
        progressCounts.push_back(s.progressSignals);
        barMaxSeen = std::max(barMaxSeen, s.barMax);
        barDistinctSeen = std::max(barDistinctSeen, s.barDistinct);
        settle(1000);
    }
    if (opt.records > 10000 && barDistinctSeen < 2)
        return fail(QStringLiteral("the progress bar never moved during a search (%1 distinct values)").arg(barDistinctSeen));

    // ---- baselines
    out("\n-- baselines, same run\n");
    std::vector<double> rawFirst;
    {
        QString err;
        rd_kafka_t* rk = nullptr;
        rd_kafka_topic_t* rkt = nullptr;
        for (int r = 0; r < opt.reps; ++r) {
            double ms;
            if (r == 0) {
                // cold, like the Center's first read: the handle is made in the timed region; then kept
                QElapsedTimer t;
                t.start();
                rk = newRawConsumer(bootstrap, {{"enable.partition.eof", "false"}}, &err);
                if (!rk) return fail(QStringLiteral("raw consumer: %1").arg(err));
                rkt = rd_kafka_topic_new(rk, kTopic, nullptr);
                // learn the leaders first, as MessageReader::open does (without it librdkafka
                // finds them through its own retry timers, some 500 ms later)
                const rd_kafka_metadata_t* md = nullptr;
                if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_metadata_destroy(md);
                const double rest = rawFirstRecords(bootstrap, rk, rkt, int(expectFirst), &err);
                ms = rest < 0 ? -1 : msSince(t);
            } else {
                ms = rawFirstRecords(bootstrap, rk, rkt, int(expectFirst), &err);
            }
            if (ms < 0) {
                if (rkt) rd_kafka_topic_destroy(rkt);
                if (rk) rd_kafka_destroy(rk);
                return fail(QStringLiteral("raw first %1 records: %2").arg(expectFirst).arg(err));
            }
            rawFirst.push_back(ms);
            out("(a) raw      read %d: %7.1f ms to the first %lld records%s\n", r + 1, ms, expectFirst,
                r == 0 ? "  (cold: handle created)" : "");
            settle(1000);
        }
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
    }
    std::vector<double> rawMBs;
    for (int r = 0; r < opt.searchReps; ++r) {
        QString err;
        qint64 n = 0;
        const double ms = rawConsumeAll(bootstrap, &n, &err);
        if (ms < 0) return fail(QStringLiteral("raw consume: %1").arg(err));
        if (n != opt.records)
            return fail(QStringLiteral("raw consume read %1 records, the topic holds %2").arg(n).arg(opt.records));
        const double mbs = double(fillBytes) / 1e6 / (ms / 1000);
        rawMBs.push_back(mbs);
        out("(b) raw      consume %d: %lld records, %.1f MB in %.0f ms = %.1f MB/s\n", r + 1, n,
            double(fillBytes) / 1e6, ms, mbs);
        settle(1000);
    }
    std::vector<double> memmemMBs;
    {
        QElapsedTimer t;
        t.start();
        const auto events = makeEvents(opt.seed, opt.patients, baseMs);
        out("(c) memmem   %zu distinct events regenerated in %.0f ms\n", events.size(), msSince(t));
        const RecordPlan plan{events, opt.records};
        qint64 warmHits = 0, warmBytes = 0;
        memmemScan(plan, QByteArray(kMarker), &warmHits, &warmBytes);  // untimed: pages the copy in
        for (int r = 0; r < opt.searchReps; ++r) {
            qint64 hits = 0, bytes = 0;
            const double mbs = memmemScan(plan, QByteArray(kMarker), &hits, &bytes);
            if (hits != expectMatches || bytes != fillBytes)
                return fail(QStringLiteral("memmem found %1 matches in %2 bytes, expected %3 in %4")
                                .arg(hits)
                                .arg(bytes)
                                .arg(expectMatches)
                                .arg(fillBytes));
            memmemMBs.push_back(mbs);
            out("(c) memmem   run %d: %.1f MB, %lld matches, %.1f MB/s\n", r + 1, double(bytes) / 1e6, hits, mbs);
        }
    }

    // ---- summary
    const double eMed = median(earliest), lMed = median(latest), rawMed = median(rawFirst);
    const double sMed = median(searchMBs), rawMB = median(rawMBs), memMB = median(memmemMBs);
    auto met = [](bool b) { return b ? "met" : "NOT met"; };
    out("\n== Summary: %lld records, %.1f MB; medians of %d reads / %d searches, (min-max) ==\n", opt.records,
        double(fillBytes) / 1e6, opt.reps, opt.searchReps);
    out("%-44s %-26s %-22s %s\n", "figure", "value", "target", "ratio vs baseline");
    out("%-44s %-26s %-22s %s\n", "first page, earliest (read -> pageLoaded)",
        qPrintable(QStringLiteral("%1 (%2-%3)").arg(fmtMs(eMed)).arg(minOf(earliest), 0, 'f', 1).arg(maxOf(earliest), 0, 'f', 1)),
        qPrintable(QStringLiteral("< 300 ms (%1)").arg(QLatin1String(met(eMed < 300)))),
        qPrintable(QStringLiteral("%1 x raw first %2 (a)").arg(fmtRatio(eMed, rawMed)).arg(expectFirst)));
    out("%-44s %-26s %-22s %s\n", "first page, earliest, table painted", qPrintable(fmtMs(median(earliestPaint))),
        qPrintable(QStringLiteral("< 300 ms (%1)").arg(QLatin1String(met(median(earliestPaint) < 300)))),
        qPrintable(QStringLiteral("%1 x (a)").arg(fmtRatio(median(earliestPaint), rawMed))));
    out("%-44s %-26s %-22s %s\n", "first page, cold (first read of the app)", qPrintable(fmtMs(earliest.front())),
        qPrintable(QStringLiteral("< 300 ms (%1)").arg(QLatin1String(met(earliest.front() < 300)))),
        qPrintable(QStringLiteral("%1 x raw cold (a)").arg(fmtRatio(earliest.front(), rawFirst.front()))));
    out("%-44s %-26s %-22s %s\n", "first page, latest minus 100",
        qPrintable(QStringLiteral("%1 (%2-%3)").arg(fmtMs(lMed)).arg(minOf(latest), 0, 'f', 1).arg(maxOf(latest), 0, 'f', 1)),
        qPrintable(QStringLiteral("< 300 ms (%1)").arg(QLatin1String(met(lMed < 300)))),
        qPrintable(QStringLiteral("%1 x (a)").arg(fmtRatio(lMed, rawMed))));
    out("%-44s %-26s %-22s %s\n", "app RSS before reading", qPrintable(QStringLiteral("%1 MB").arg(rssBefore, 0, 'f', 1)),
        "-", "-");
    out("%-44s %-26s %-22s %s\n", qPrintable(QStringLiteral("app RSS at the first page (%1 rows)").arg(expectFirst)),
        qPrintable(QStringLiteral("%1 MB (+%2)").arg(rssFirst, 0, 'f', 1).arg(rssFirst - rssBefore, 0, 'f', 1)), "-", "-");
    out("%-44s %-26s %-22s %s\n", "app RSS 2 s after the first page",
        qPrintable(QStringLiteral("%1 MB (+%2)").arg(rssFirstSettled, 0, 'f', 1).arg(rssFirstSettled - rssBefore, 0, 'f', 1)),
        "-", "-");
    out("%-44s %-26s %-22s %s\n", qPrintable(QStringLiteral("app RSS after scrolling %1 rows").arg(rowsScrolled)),
        qPrintable(QStringLiteral("%1 MB (+%2)").arg(rssScrolled, 0, 'f', 1).arg(rssScrolled - rssBefore, 0, 'f', 1)), "-",
        "-");
    out("%-44s %-26s %-22s %s\n", "search throughput (whole topic)",
        qPrintable(QStringLiteral("%1 MB/s (%2-%3)").arg(sMed, 0, 'f', 1).arg(minOf(searchMBs), 0, 'f', 1).arg(maxOf(searchMBs), 0, 'f', 1)),
        qPrintable(QStringLiteral(">= 200 MB/s (%1)").arg(QLatin1String(met(sMed >= 200)))),
        qPrintable(QStringLiteral("%1 of raw consume (b); %2 of memmem (c)").arg(fmtRatio(sMed, rawMB), fmtRatio(sMed, memMB))));
    out("%-44s %-26s %-22s %s\n", "search time (whole topic)", qPrintable(fmtMs(median(searchMs))), "-", "-");
    out("%-44s %-26s %-22s %s\n", "search progress signals per run",
        qPrintable(QStringLiteral("%1 (bar up to %2/1000)").arg(median(progressCounts), 0, 'f', 0).arg(barMaxSeen)),
        "a moving progress bar", barDistinctSeen >= 2 ? "-" : "bar did not move");
    out("%-44s %-26s %-22s %s\n", "(a) raw librdkafka, first 200 records",
        qPrintable(QStringLiteral("%1 (%2-%3)").arg(fmtMs(rawMed)).arg(minOf(rawFirst), 0, 'f', 1).arg(maxOf(rawFirst), 0, 'f', 1)),
        "baseline", "1.00");
    out("%-44s %-26s %-22s %s\n", "(b) raw librdkafka, consume whole topic",
        qPrintable(QStringLiteral("%1 MB/s (%2-%3)").arg(rawMB, 0, 'f', 1).arg(minOf(rawMBs), 0, 'f', 1).arg(maxOf(rawMBs), 0, 'f', 1)),
        "baseline", "1.00");
    out("%-44s %-26s %-22s %s\n", "(c) memmem over the payloads in memory",
        qPrintable(QStringLiteral("%1 MB/s (%2-%3)").arg(memMB, 0, 'f', 1).arg(minOf(memmemMBs), 0, 'f', 1).arg(maxOf(memmemMBs), 0, 'f', 1)),
        "upper bound", "1.00");
    out("\ncenter-bench: done (figures only; no timing is judged)\n");
    clusterMonitor.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    if (!parseArgs(argc, argv, &opt)) return usage(argv[0]);
    if (opt.fillChild) return runFillChild(opt);
    return runBench(opt, argc, argv);
}

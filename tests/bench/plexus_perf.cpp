// plexus-perf: producer / consumer / end-to-end throughput and latency tool on
// the librdkafka C++ API, in the spirit of kafka-producer-perf-test and
// kafka-consumer-perf-test. Works against any Kafka-compatible broker; it is
// used by tests/bench/run_bench.sh against plexusd.
//
//   plexus-perf produce --brokers H:P --topic T --records N --record-size B [--acks all --idempotent ...]
//   plexus-perf consume --brokers H:P --topic T --records N
//   plexus-perf e2e     --brokers H:P --topic T --records N --throughput R
//
// Each run prints human-readable text on stderr and one machine-parsable line on
// stdout:  RESULT mode=produce records=... rec_per_s=... mb_per_s=... p50_ms=... ...
// MB is 10^6 bytes everywhere; byte counts are record payload (value) bytes.
//
// Topics: the tool does not create topics itself (the C++ API has no admin
// client); producing relies on the broker's auto-create with its num.partitions.
// --partitions N makes the tool check that the topic ended up with N partitions.
//
// Exit status: 0 when every record was delivered / consumed, 1 when something
// failed (delivery errors, timeouts, missing records), 2 for bad usage.
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

double nsToMs(int64_t ns) { return static_cast<double>(ns) / 1e6; }
double nsToS(int64_t ns) { return static_cast<double>(ns) / 1e9; }

// ---------------------------------------------------------------- options

struct Options {
    std::string mode;
    std::string brokers = "127.0.0.1:9092";
    std::string topic = "plexus-perf";
    int partitions = 0;             // 0: do not check
    int64_t records = 1000000;
    size_t recordSize = 100;
    std::string acks = "all";
    bool idempotent = false;
    std::string compression = "none";
    int lingerMs = 5;
    int64_t batchSize = 1000000;
    int64_t throughput = -1;        // records/s; -1 = as fast as possible
    std::string payload = "random"; // random | text | zeros
    double reportInterval = 0;      // seconds between progress lines; 0 = none
    int timeoutS = 120;             // give up on outstanding deliveries / consumption after this
    std::vector<std::pair<std::string, std::string>> extra;  // -X key=value
    bool quiet = false;
};

void usage(FILE* f) {
    std::fprintf(f,
        "usage: plexus-perf MODE [options]   |   plexus-perf --version\n"
        "modes:\n"
        "  produce   send --records records as fast as allowed; report throughput and\n"
        "            produce() -> delivery-report latency\n"
        "  consume   read --records records from the beginning of every partition (assign(),\n"
        "            no consumer group); report throughput\n"
        "  e2e       produce at --throughput and consume in the same process; report\n"
        "            produce -> consume latency (timestamps carried in the payload)\n"
        "options:\n"
        "  --brokers H:P[,H:P]   bootstrap servers (default 127.0.0.1:9092)\n"
        "  --topic NAME          topic (default plexus-perf)\n"
        "  --partitions N        expect the topic to have N partitions (auto-created by the broker)\n"
        "  --records N           records to produce / consume (default 1000000)\n"
        "  --record-size BYTES   value size (default 100; e2e needs >= 8)\n"
        "  --acks 0|1|all        producer acks (default all)\n"
        "  --idempotent          enable.idempotence=true (implies acks=all)\n"
        "  --compression C       none|gzip|snappy|lz4|zstd (default none)\n"
        "  --linger-ms MS        linger.ms (default 5)\n"
        "  --batch-size BYTES    batch.size (default 1000000)\n"
        "  --throughput R        cap production at R records/s (default: unlimited; e2e default 1000)\n"
        "  --payload KIND        random (incompressible, default) | text (A-Z) | zeros\n"
        "  --report-interval S   print progress every S seconds on stderr\n"
        "  --timeout S           give up after S seconds without progress (default 120)\n"
        "  -X KEY=VALUE          any librdkafka property; may repeat; applied last\n"
        "  --quiet               only the RESULT line\n");
}

bool parseInt64(const std::string& s, int64_t& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno != 0 || *end != '\0') return false;
    out = v;
    return true;
}

bool parseArgs(int argc, char** argv, Options& o) {
    if (argc < 2) return false;
    o.mode = argv[1];
    if (o.mode == "-h" || o.mode == "--help") {
        usage(stdout);
        std::exit(0);
    }
    if (o.mode == "--version") {
        std::printf("plexus-perf (librdkafka %s)\n", RdKafka::version_str().c_str());
        std::exit(0);
    }
    if (o.mode != "produce" && o.mode != "consume" && o.mode != "e2e") {
        std::fprintf(stderr, "plexus-perf: unknown mode '%s'\n", o.mode.c_str());
        return false;
    }
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        std::string val;
        bool hasInline = false;
        if (a.rfind("--", 0) == 0) {
            auto eq = a.find('=');
            if (eq != std::string::npos) {
                val = a.substr(eq + 1);
                a = a.substr(0, eq);
                hasInline = true;
            }
        }
        auto next = [&](std::string& v) {
            if (hasInline) {
                v = val;
                return true;
            }
            if (i + 1 >= argc) {
                std::fprintf(stderr, "plexus-perf: %s needs a value\n", a.c_str());
                return false;
            }
            v = argv[++i];
            return true;
        };
        auto nextInt = [&](int64_t& v, int64_t lo, int64_t hi) {
            std::string s;
            if (!next(s)) return false;
            if (!parseInt64(s, v) || v < lo || v > hi) {
                std::fprintf(stderr, "plexus-perf: %s: '%s' is not an integer in [%" PRId64 ", %" PRId64 "]\n",
                             a.c_str(), s.c_str(), lo, hi);
                return false;
            }
            return true;
        };
        int64_t n = 0;
        if (a == "--brokers" || a == "--bootstrap-server") {
            if (!next(o.brokers)) return false;
        } else if (a == "--topic") {
            if (!next(o.topic)) return false;
        } else if (a == "--partitions") {
            if (!nextInt(n, 1, 100000)) return false;
            o.partitions = static_cast<int>(n);
        } else if (a == "--records" || a == "--num-records") {
            if (!nextInt(n, 1, INT64_C(1) << 40)) return false;
            o.records = n;
        } else if (a == "--record-size") {
            if (!nextInt(n, 0, 64 << 20)) return false;
            o.recordSize = static_cast<size_t>(n);
        } else if (a == "--acks") {
            if (!next(o.acks)) return false;
            if (o.acks == "-1") o.acks = "all";
            if (o.acks != "0" && o.acks != "1" && o.acks != "all") {
                std::fprintf(stderr, "plexus-perf: --acks must be 0, 1 or all\n");
                return false;
            }
        } else if (a == "--idempotent") {
            o.idempotent = true;
        } else if (a == "--compression") {
            if (!next(o.compression)) return false;
        } else if (a == "--linger-ms") {
            if (!nextInt(n, 0, 900000)) return false;
            o.lingerMs = static_cast<int>(n);
        } else if (a == "--batch-size") {
            if (!nextInt(n, 1, INT32_MAX)) return false;
            o.batchSize = n;
        } else if (a == "--throughput") {
            if (!nextInt(n, -1, INT64_C(1) << 40)) return false;
            o.throughput = n == 0 ? -1 : n;
        } else if (a == "--payload") {
            if (!next(o.payload)) return false;
            if (o.payload != "random" && o.payload != "text" && o.payload != "zeros") {
                std::fprintf(stderr, "plexus-perf: --payload must be random, text or zeros\n");
                return false;
            }
        } else if (a == "--report-interval") {
            if (!nextInt(n, 0, 3600)) return false;
            o.reportInterval = static_cast<double>(n);
        } else if (a == "--timeout") {
            if (!nextInt(n, 1, 86400)) return false;
            o.timeoutS = static_cast<int>(n);
        } else if (a == "-X") {
            std::string kv;
            if (!next(kv)) return false;
            auto eq = kv.find('=');
            if (eq == std::string::npos) {
                std::fprintf(stderr, "plexus-perf: -X '%s' is not KEY=VALUE\n", kv.c_str());
                return false;
            }
            o.extra.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        } else if (a == "--quiet" || a == "-q") {
            o.quiet = true;
        } else if (a == "-h" || a == "--help") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "plexus-perf: unknown option '%s'\n", a.c_str());
            return false;
        }
    }
    if (o.idempotent && o.acks != "all") {
        std::fprintf(stderr, "plexus-perf: --idempotent implies acks=all (was %s)\n", o.acks.c_str());
        o.acks = "all";
    }
    if (o.mode == "e2e") {
        if (o.recordSize < 8) {
            std::fprintf(stderr, "plexus-perf: e2e needs --record-size >= 8 (the send timestamp travels in the value)\n");
            return false;
        }
        if (o.throughput < 0) o.throughput = 1000;
    }
    return true;
}

// ---------------------------------------------------------------- output helpers

bool g_quiet = false;

void info(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char* fmt, ...) {
    if (g_quiet) return;
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
}

struct LatencySummary {
    size_t count = 0;
    double avgMs = 0, p50Ms = 0, p95Ms = 0, p99Ms = 0, p999Ms = 0, maxMs = 0;
};

// Nearest-rank percentiles over a set of nanosecond samples (sorts in place).
LatencySummary summarize(std::vector<int64_t>& ns) {
    LatencySummary s;
    s.count = ns.size();
    if (ns.empty()) return s;
    std::sort(ns.begin(), ns.end());
    auto pct = [&](double p) {
        size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(ns.size()) + 0.999999);
        if (rank < 1) rank = 1;
        if (rank > ns.size()) rank = ns.size();
        return nsToMs(ns[rank - 1]);
    };
    long double sum = 0;
    for (int64_t v : ns) sum += static_cast<long double>(v);
    s.avgMs = static_cast<double>(sum / static_cast<long double>(ns.size())) / 1e6;
    s.p50Ms = pct(50);
    s.p95Ms = pct(95);
    s.p99Ms = pct(99);
    s.p999Ms = pct(99.9);
    s.maxMs = nsToMs(ns.back());
    return s;
}

void printLatency(const char* what, const LatencySummary& s) {
    info("  %s latency over %zu records: avg %.2f ms, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
         what, s.count, s.avgMs, s.p50Ms, s.p95Ms, s.p99Ms, s.p999Ms, s.maxMs);
}

// ---------------------------------------------------------------- librdkafka plumbing

// Prints librdkafka errors and warnings; remembers fatal errors.
class EventLogger : public RdKafka::EventCb {
public:
    void event_cb(RdKafka::Event& e) override {
        switch (e.type()) {
        case RdKafka::Event::EVENT_ERROR:
            if (e.fatal()) fatal = true;
            errors++;
            std::fprintf(stderr, "librdkafka %s: %s: %s\n", e.fatal() ? "FATAL error" : "error",
                         RdKafka::err2str(e.err()).c_str(), e.str().c_str());
            break;
        case RdKafka::Event::EVENT_LOG:
            if (verbose || e.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING)
                std::fprintf(stderr, "librdkafka log %d %s: %s\n", static_cast<int>(e.severity()), e.fac().c_str(),
                             e.str().c_str());
            break;
        default:
            break;
        }
    }
    bool verbose = false;  // also print info/debug logs (set when -X debug=... is given)
    std::atomic<bool> fatal{false};
    std::atomic<int64_t> errors{0};
};

bool setConf(RdKafka::Conf* conf, const std::string& k, const std::string& v) {
    std::string err;
    if (conf->set(k, v, err) != RdKafka::Conf::CONF_OK) {
        std::fprintf(stderr, "plexus-perf: librdkafka property %s=%s: %s\n", k.c_str(), v.c_str(), err.c_str());
        return false;
    }
    return true;
}

// Applies the tunables (key, value) in order, then -X overrides; prints the
// properties that were set so the run is reproducible.
bool applyConf(RdKafka::Conf* conf, const std::vector<std::pair<std::string, std::string>>& kv, const Options& o,
               const char* role) {
    std::map<std::string, std::string> effective;
    for (const auto& [k, v] : kv) {
        if (!setConf(conf, k, v)) return false;
        effective[k] = v;
    }
    for (const auto& [k, v] : o.extra) {
        if (!setConf(conf, k, v)) return false;
        effective[k] = v;
    }
    info("%s config:", role);
    for (const auto& [k, v] : effective) info(" %s=%s", k.c_str(), v.c_str());
    info("\n");
    return true;
}

// Waits until the topic's metadata lists it with leaders for every partition
// (for a producer handle this also triggers the broker's auto-create). Returns
// the partition ids, or an empty vector on timeout.
std::vector<int32_t> waitForTopic(RdKafka::Handle* h, const std::string& topic, int timeoutS) {
    std::string err;
    std::unique_ptr<RdKafka::Topic> t(RdKafka::Topic::create(h, topic, nullptr, err));
    if (!t) {
        std::fprintf(stderr, "plexus-perf: Topic::create(%s): %s\n", topic.c_str(), err.c_str());
        return {};
    }
    auto deadline = Clock::now() + std::chrono::seconds(timeoutS);
    std::string last;
    while (Clock::now() < deadline) {
        RdKafka::Metadata* raw = nullptr;
        RdKafka::ErrorCode ec = h->metadata(false, t.get(), &raw, 5000);
        std::unique_ptr<RdKafka::Metadata> md(raw);
        if (ec != RdKafka::ERR_NO_ERROR) {
            last = "metadata request: " + RdKafka::err2str(ec);
        } else {
            for (const auto* tm : *md->topics()) {
                if (tm->topic() != topic) continue;
                if (tm->err() != RdKafka::ERR_NO_ERROR) {
                    last = "topic error: " + RdKafka::err2str(tm->err());
                    break;
                }
                std::vector<int32_t> ids;
                bool leaders = true;
                for (const auto* pm : *tm->partitions()) {
                    ids.push_back(pm->id());
                    if (pm->leader() < 0 || pm->err() != RdKafka::ERR_NO_ERROR) leaders = false;
                }
                if (!ids.empty() && leaders) {
                    std::sort(ids.begin(), ids.end());
                    return ids;
                }
                last = ids.empty() ? "topic has no partitions" : "partition without leader";
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::fprintf(stderr, "plexus-perf: topic '%s' not available after %d s (%s)\n", topic.c_str(), timeoutS, last.c_str());
    return {};
}

bool checkPartitions(const Options& o, const std::vector<int32_t>& ids) {
    if (ids.empty()) return false;
    if (o.partitions > 0 && static_cast<int>(ids.size()) != o.partitions) {
        std::fprintf(stderr,
                     "plexus-perf: topic '%s' has %zu partitions, --partitions asked for %d "
                     "(partitions come from the broker's auto-create, e.g. plexusd --set num.partitions=%d)\n",
                     o.topic.c_str(), ids.size(), o.partitions, o.partitions);
        return false;
    }
    return true;
}

std::vector<char> makePayloadPool(const Options& o) {
    // A pool larger than one record; record i starts at a varying offset so no
    // two consecutive records are identical (matters for compression).
    size_t size = o.recordSize + 65536;
    std::vector<char> pool(size);
    std::mt19937_64 rng(42);
    if (o.payload == "random") {
        for (auto& c : pool) c = static_cast<char>(rng() & 0xff);
    } else if (o.payload == "text") {
        for (auto& c : pool) c = static_cast<char>('A' + static_cast<int>(rng() % 26));
    }
    return pool;
}

size_t payloadOffset(int64_t i) { return static_cast<size_t>((static_cast<uint64_t>(i) * 7919u) % 65536u); }

std::vector<std::pair<std::string, std::string>> producerTunables(const Options& o) {
    return {
        {"bootstrap.servers", o.brokers},
        {"client.id", "plexus-perf"},
        {"acks", o.acks},
        {"enable.idempotence", o.idempotent ? "true" : "false"},
        {"compression.type", o.compression},
        {"linger.ms", std::to_string(o.lingerMs)},
        {"batch.size", std::to_string(o.batchSize)},
        {"batch.num.messages", "1000000"},
        {"queue.buffering.max.messages", "2000000"},
        {"queue.buffering.max.kbytes", "262144"},
        {"message.timeout.ms", std::to_string(static_cast<int64_t>(o.timeoutS) * 1000)},
    };
}

std::vector<std::pair<std::string, std::string>> consumerTunables(const Options& o) {
    // No group.id: partitions are started at explicit offsets, nothing is committed.
    return {
        {"bootstrap.servers", o.brokers},
        {"client.id", "plexus-perf"},
        {"enable.partition.eof", "true"},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"fetch.max.bytes", "52428800"},
        {"max.partition.fetch.bytes", "4194304"},
        {"fetch.wait.max.ms", "100"},
        {"queued.min.messages", "1000000"},
        {"queued.max.messages.kbytes", "262144"},
    };
}

// Delivery reports: latency per record, indexed by the record number carried in msg_opaque.
class DeliveryReports : public RdKafka::DeliveryReportCb {
public:
    explicit DeliveryReports(size_t n) : sentNs(n, 0), latencyNs(n, -1) {}
    void dr_cb(RdKafka::Message& m) override {
        int64_t now = nowNs();
        auto idx = reinterpret_cast<uintptr_t>(m.msg_opaque());
        if (m.err() != RdKafka::ERR_NO_ERROR) {
            int64_t f = failed.fetch_add(1) + 1;
            std::lock_guard lock(mutex);
            errorCounts[m.errstr()]++;
            if (f <= 5) std::fprintf(stderr, "plexus-perf: delivery failed for record %zu: %s\n",
                                     static_cast<size_t>(idx), m.errstr().c_str());
        } else {
            if (idx < latencyNs.size()) latencyNs[idx] = now - sentNs[idx];
            bytes.fetch_add(static_cast<int64_t>(m.len()));
            delivered.fetch_add(1);
        }
        lastNs.store(now);
    }
    std::vector<int64_t> sentNs;
    std::vector<int64_t> latencyNs;
    std::atomic<int64_t> delivered{0}, failed{0}, bytes{0}, lastNs{0};
    std::mutex mutex;
    std::map<std::string, int64_t> errorCounts;
};

// Paces a loop at `rate` iterations per second (no-op when rate < 0).
class Throttle {
public:
    Throttle(int64_t rate, int64_t startNs) : m_rate(rate), m_start(startNs) {}
    void wait(int64_t i) const {
        if (m_rate <= 0) return;
        int64_t due = m_start + static_cast<int64_t>(static_cast<double>(i) * 1e9 / static_cast<double>(m_rate));
        int64_t now = nowNs();
        if (due > now) std::this_thread::sleep_for(std::chrono::nanoseconds(due - now));
    }

private:
    int64_t m_rate, m_start;
};

struct ProduceOutcome {
    bool ok = false;
    int64_t produced = 0;
    int64_t startNs = 0, lastProduceNs = 0, endNs = 0;
    int64_t queueFull = 0;
};

// Produces o.records records to o.topic, serving delivery reports on a
// dedicated poll thread so the measured latency does not wait for the
// producing loop. `fill` may stamp each value before it is sent.
ProduceOutcome produceAll(RdKafka::Producer* p, const Options& o, DeliveryReports& dr, EventLogger& ev,
                          const std::function<void(char*, size_t)>& fill = {}) {
    ProduceOutcome out;
    std::vector<char> pool = makePayloadPool(o);
    std::vector<char> scratch(o.recordSize);
    std::atomic<bool> stop{false};
    std::thread poller([&] {
        while (!stop.load()) p->poll(20);
    });

    out.startNs = nowNs();
    Throttle throttle(o.throughput, out.startNs);
    int64_t nextReport = out.startNs + static_cast<int64_t>(o.reportInterval * 1e9);
    int64_t lastReportDelivered = 0, lastReportNs = out.startNs;
    bool fatal = false;
    for (int64_t i = 0; i < o.records && !fatal; ++i) {
        throttle.wait(i);
        char* value = pool.data() + payloadOffset(i);
        if (fill) {
            std::memcpy(scratch.data(), value, o.recordSize);
            value = scratch.data();
        }
        for (;;) {
            if (fill) fill(value, o.recordSize);
            dr.sentNs[static_cast<size_t>(i)] = nowNs();
            RdKafka::ErrorCode ec = p->produce(o.topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                               value, o.recordSize, nullptr, 0, 0,
                                               reinterpret_cast<void*>(static_cast<uintptr_t>(i)));
            if (ec == RdKafka::ERR_NO_ERROR) break;
            if (ec == RdKafka::ERR__QUEUE_FULL) {
                out.queueFull++;
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                continue;
            }
            std::fprintf(stderr, "plexus-perf: produce() failed at record %" PRId64 ": %s\n", i,
                         RdKafka::err2str(ec).c_str());
            fatal = true;
            break;
        }
        if (fatal) break;
        out.produced = i + 1;
        if (ev.fatal.load()) fatal = true;
        if (o.reportInterval > 0 && (i & 1023) == 0) {
            int64_t now = nowNs();
            if (now >= nextReport) {
                int64_t d = dr.delivered.load();
                info("  progress: %" PRId64 " sent, %" PRId64 " acked, %.0f rec/s acked over the last %.1f s, %d in queue\n",
                     out.produced, d, static_cast<double>(d - lastReportDelivered) / nsToS(now - lastReportNs),
                     nsToS(now - lastReportNs), p->outq_len());
                lastReportDelivered = d;
                lastReportNs = now;
                nextReport = now + static_cast<int64_t>(o.reportInterval * 1e9);
            }
        }
    }
    out.lastProduceNs = nowNs();

    // Wait for every delivery report; give up after timeoutS without progress.
    int64_t seen = -1;
    auto lastProgress = Clock::now();
    while (dr.delivered.load() + dr.failed.load() < out.produced) {
        int64_t now = dr.delivered.load() + dr.failed.load();
        if (now != seen) {
            seen = now;
            lastProgress = Clock::now();
        } else if (Clock::now() - lastProgress > std::chrono::seconds(o.timeoutS)) {
            std::fprintf(stderr, "plexus-perf: %" PRId64 " delivery reports still outstanding after %d s without progress\n",
                         out.produced - now, o.timeoutS);
            break;
        }
        if (ev.fatal.load()) {
            std::fprintf(stderr, "plexus-perf: producer hit a fatal error; not waiting for outstanding deliveries\n");
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    stop.store(true);
    poller.join();
    out.endNs = dr.lastNs.load() > 0 ? dr.lastNs.load() : nowNs();
    out.ok = !fatal && !ev.fatal.load() && dr.failed.load() == 0 && dr.delivered.load() == o.records;
    return out;
}

std::unique_ptr<RdKafka::Producer> makeProducer(const Options& o, DeliveryReports& dr, EventLogger& ev) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    if (!applyConf(conf.get(), producerTunables(o), o, "producer")) return nullptr;
    for (const auto& kv : o.extra)
        if (kv.first == "debug") ev.verbose = true;
    std::string err;
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&dr), err) != RdKafka::Conf::CONF_OK ||
        conf->set("event_cb", static_cast<RdKafka::EventCb*>(&ev), err) != RdKafka::Conf::CONF_OK) {
        std::fprintf(stderr, "plexus-perf: %s\n", err.c_str());
        return nullptr;
    }
    std::unique_ptr<RdKafka::Producer> p(RdKafka::Producer::create(conf.get(), err));
    if (!p) std::fprintf(stderr, "plexus-perf: cannot create producer: %s\n", err.c_str());
    return p;
}

// Reads whole partitions without a consumer group: the classic (non-group)
// consumer with every partition started on one queue at an explicit offset,
// the equivalent of KafkaConsumer::assign(). (The C++ KafkaConsumer refuses to
// start without group.id, and with one librdkafka keeps looking for a group
// coordinator, which this benchmark must not depend on.)
class PartitionReader {
public:
    static std::unique_ptr<PartitionReader> create(const Options& o, EventLogger& ev) {
        std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
        if (!applyConf(conf.get(), consumerTunables(o), o, "consumer")) return nullptr;
        for (const auto& kv : o.extra)
            if (kv.first == "debug") ev.verbose = true;
        std::string err;
        if (conf->set("event_cb", static_cast<RdKafka::EventCb*>(&ev), err) != RdKafka::Conf::CONF_OK) {
            std::fprintf(stderr, "plexus-perf: %s\n", err.c_str());
            return nullptr;
        }
        auto r = std::unique_ptr<PartitionReader>(new PartitionReader);
        r->m_consumer.reset(RdKafka::Consumer::create(conf.get(), err));
        if (!r->m_consumer) {
            std::fprintf(stderr, "plexus-perf: cannot create consumer: %s\n", err.c_str());
            return nullptr;
        }
        r->m_queue.reset(RdKafka::Queue::create(r->m_consumer.get()));
        r->m_topic.reset(RdKafka::Topic::create(r->m_consumer.get(), o.topic, nullptr, err));
        if (!r->m_topic) {
            std::fprintf(stderr, "plexus-perf: Topic::create(%s): %s\n", o.topic.c_str(), err.c_str());
            return nullptr;
        }
        return r;
    }
    ~PartitionReader() { stop(); }
    RdKafka::Handle* handle() { return m_consumer.get(); }

    bool start(int32_t partition, int64_t offset) {
        RdKafka::ErrorCode ec = m_consumer->start(m_topic.get(), partition, offset, m_queue.get());
        if (ec != RdKafka::ERR_NO_ERROR) {
            std::fprintf(stderr, "plexus-perf: start consuming %s[%d]: %s\n", m_topic->name().c_str(), partition,
                         RdKafka::err2str(ec).c_str());
            return false;
        }
        m_started.push_back(partition);
        return true;
    }
    RdKafka::Message* consume(int timeoutMs) { return m_consumer->consume(m_queue.get(), timeoutMs); }
    void stop() {
        for (int32_t id : m_started) m_consumer->stop(m_topic.get(), id);
        m_started.clear();
    }

private:
    PartitionReader() = default;
    std::unique_ptr<RdKafka::Consumer> m_consumer;  // declared first: destroyed last
    std::unique_ptr<RdKafka::Queue> m_queue;
    std::unique_ptr<RdKafka::Topic> m_topic;
    std::vector<int32_t> m_started;
};

void printErrorCounts(DeliveryReports& dr) {
    std::lock_guard lock(dr.mutex);
    for (const auto& [msg, n] : dr.errorCounts)
        std::fprintf(stderr, "plexus-perf: %" PRId64 " deliveries failed with: %s\n", n, msg.c_str());
}

// ---------------------------------------------------------------- modes

int runProduce(const Options& o) {
    EventLogger ev;
    DeliveryReports dr(static_cast<size_t>(o.records));
    auto p = makeProducer(o, dr, ev);
    if (!p) return 1;
    auto ids = waitForTopic(p.get(), o.topic, o.timeoutS);
    if (!checkPartitions(o, ids)) return 1;
    info("producing %" PRId64 " records of %zu B to '%s' (%zu partitions), acks=%s%s, compression=%s, %s\n", o.records,
         o.recordSize, o.topic.c_str(), ids.size(), o.acks.c_str(), o.idempotent ? " idempotent" : "",
         o.compression.c_str(),
         o.throughput > 0 ? ("throttled to " + std::to_string(o.throughput) + " rec/s").c_str() : "unthrottled");

    ProduceOutcome r = produceAll(p.get(), o, dr, ev);
    printErrorCounts(dr);

    int64_t delivered = dr.delivered.load();
    double secs = nsToS(r.endNs - r.startNs);
    double recPerS = secs > 0 ? static_cast<double>(delivered) / secs : 0;
    double mbPerS = secs > 0 ? static_cast<double>(dr.bytes.load()) / 1e6 / secs : 0;
    double sendSecs = nsToS(r.lastProduceNs - r.startNs);
    std::vector<int64_t> lat;
    lat.reserve(dr.latencyNs.size());
    for (int64_t v : dr.latencyNs)
        if (v >= 0) lat.push_back(v);
    LatencySummary ls = summarize(lat);

    info("produce: %" PRId64 "/%" PRId64 " records (%.1f MB) acked in %.3f s: %.0f records/s, %.2f MB/s\n", delivered,
         o.records, static_cast<double>(dr.bytes.load()) / 1e6, secs, recPerS, mbPerS);
    info("  produce() loop finished after %.3f s (%.0f records/s enqueued), %" PRId64 " queue-full retries\n", sendSecs,
         sendSecs > 0 ? static_cast<double>(r.produced) / sendSecs : 0.0, r.queueFull);
    printLatency("produce() -> delivery report", ls);
    if (o.throughput < 0)
        info("  (unthrottled: latency includes time queued inside librdkafka behind earlier records)\n");
    if (!r.ok) std::fprintf(stderr, "plexus-perf: produce run FAILED: %" PRId64 " delivered, %" PRId64 " failed of %" PRId64 "\n",
                            delivered, dr.failed.load(), o.records);

    std::printf("RESULT mode=produce ok=%d records=%" PRId64 " record_size=%zu partitions=%zu acks=%s idempotent=%d "
                "compression=%s linger_ms=%d batch_size=%" PRId64 " throughput_cap=%" PRId64 " secs=%.3f rec_per_s=%.0f "
                "mb_per_s=%.3f avg_ms=%.3f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f failed=%" PRId64 "\n",
                r.ok ? 1 : 0, delivered, o.recordSize, ids.size(), o.acks.c_str(), o.idempotent ? 1 : 0,
                o.compression.c_str(), o.lingerMs, o.batchSize, o.throughput, secs, recPerS, mbPerS, ls.avgMs, ls.p50Ms,
                ls.p95Ms, ls.p99Ms, ls.p999Ms, ls.maxMs, dr.failed.load());
    std::fflush(stdout);
    return r.ok ? 0 : 1;
}

int runConsume(const Options& o) {
    EventLogger ev;
    auto c = PartitionReader::create(o, ev);
    if (!c) return 1;
    auto ids = waitForTopic(c->handle(), o.topic, o.timeoutS);
    if (!checkPartitions(o, ids)) return 1;
    info("consuming up to %" PRId64 " records from '%s' (%zu partitions) from the beginning\n", o.records, o.topic.c_str(),
         ids.size());

    int64_t start = nowNs();
    for (int32_t id : ids)
        if (!c->start(id, RdKafka::Topic::OFFSET_BEGINNING)) return 1;
    int64_t count = 0, bytes = 0, firstNs = 0, lastNs = start, errors = 0;
    std::map<int32_t, bool> eof;
    int64_t nextReport = start + static_cast<int64_t>(o.reportInterval * 1e9);
    int64_t lastReportCount = 0, lastReportNs = start;
    bool ok = true;
    while (count < o.records) {
        std::unique_ptr<RdKafka::Message> m(c->consume(100));
        int64_t now = nowNs();
        switch (m->err()) {
        case RdKafka::ERR_NO_ERROR:
            if (count == 0) firstNs = now;
            count++;
            bytes += static_cast<int64_t>(m->len());
            lastNs = now;
            eof[m->partition()] = false;
            break;
        case RdKafka::ERR__PARTITION_EOF:
            eof[m->partition()] = true;
            break;
        case RdKafka::ERR__TIMED_OUT:
            break;
        default:
            errors++;
            if (errors <= 5)
                std::fprintf(stderr, "plexus-perf: consume error on partition %d: %s\n", m->partition(), m->errstr().c_str());
            break;
        }
        if (eof.size() == ids.size() &&
            std::all_of(eof.begin(), eof.end(), [](const auto& kv) { return kv.second; })) {
            std::fprintf(stderr, "plexus-perf: reached the end of all %zu partitions after %" PRId64 " of %" PRId64 " records\n",
                         ids.size(), count, o.records);
            ok = false;
            break;
        }
        if (now - lastNs > static_cast<int64_t>(o.timeoutS) * 1000000000) {
            std::fprintf(stderr, "plexus-perf: no records for %d s; giving up at %" PRId64 " of %" PRId64 "\n", o.timeoutS,
                         count, o.records);
            ok = false;
            break;
        }
        if (ev.fatal.load()) {
            ok = false;
            break;
        }
        if (o.reportInterval > 0 && now >= nextReport) {
            info("  progress: %" PRId64 " records, %.0f rec/s over the last %.1f s\n", count,
                 static_cast<double>(count - lastReportCount) / nsToS(now - lastReportNs), nsToS(now - lastReportNs));
            lastReportCount = count;
            lastReportNs = now;
            nextReport = now + static_cast<int64_t>(o.reportInterval * 1e9);
        }
    }
    c->stop();
    if (errors > 0) ok = false;

    double secs = nsToS(lastNs - start);
    double recPerS = secs > 0 ? static_cast<double>(count) / secs : 0;
    double mbPerS = secs > 0 ? static_cast<double>(bytes) / 1e6 / secs : 0;
    double firstMs = firstNs ? nsToMs(firstNs - start) : -1;
    info("consume: %" PRId64 " records (%.1f MB) in %.3f s: %.0f records/s, %.2f MB/s; first record after %.1f ms; %" PRId64
         " errors\n",
         count, static_cast<double>(bytes) / 1e6, secs, recPerS, mbPerS, firstMs, errors);
    std::printf("RESULT mode=consume ok=%d records=%" PRId64 " bytes=%" PRId64 " partitions=%zu secs=%.3f rec_per_s=%.0f "
                "mb_per_s=%.3f first_record_ms=%.1f errors=%" PRId64 "\n",
                ok ? 1 : 0, count, bytes, ids.size(), secs, recPerS, mbPerS, firstMs, errors);
    std::fflush(stdout);
    return ok ? 0 : 1;
}

int runE2e(const Options& o) {
    EventLogger pev, cev;
    DeliveryReports dr(static_cast<size_t>(o.records));
    auto p = makeProducer(o, dr, pev);
    if (!p) return 1;
    auto ids = waitForTopic(p.get(), o.topic, o.timeoutS);
    if (!checkPartitions(o, ids)) return 1;
    auto c = PartitionReader::create(o, cev);
    if (!c) return 1;

    // Start every partition at its current end so only this run's records are seen.
    for (int32_t id : ids) {
        int64_t lo = 0, hi = 0;
        RdKafka::ErrorCode ec = c->handle()->query_watermark_offsets(o.topic, id, &lo, &hi, 10000);
        if (ec != RdKafka::ERR_NO_ERROR) {
            std::fprintf(stderr, "plexus-perf: watermarks of %s[%d]: %s\n", o.topic.c_str(), id, RdKafka::err2str(ec).c_str());
            return 1;
        }
        if (!c->start(id, hi)) return 1;
    }
    // Let the consumer settle on its fetch positions before timing starts.
    for (int i = 0; i < 5; ++i) delete c->consume(100);

    info("e2e: %" PRId64 " records of %zu B at %" PRId64 " rec/s to '%s' (%zu partitions), acks=%s%s\n", o.records,
         o.recordSize, o.throughput, o.topic.c_str(), ids.size(), o.acks.c_str(), o.idempotent ? " idempotent" : "");

    std::vector<int64_t> e2e;
    e2e.reserve(static_cast<size_t>(o.records));
    std::atomic<bool> producerDone{false};
    std::atomic<int64_t> consumeErrors{0};
    std::thread consumer([&] {
        int64_t idle = nowNs();
        while (static_cast<int64_t>(e2e.size()) < o.records) {
            std::unique_ptr<RdKafka::Message> m(c->consume(100));
            int64_t now = nowNs();
            if (m->err() == RdKafka::ERR_NO_ERROR) {
                if (m->len() >= 8) {
                    int64_t sent = 0;
                    std::memcpy(&sent, m->payload(), sizeof sent);
                    e2e.push_back(now - sent);
                }
                idle = now;
            } else if (m->err() != RdKafka::ERR__TIMED_OUT && m->err() != RdKafka::ERR__PARTITION_EOF) {
                if (consumeErrors.fetch_add(1) < 5)
                    std::fprintf(stderr, "plexus-perf: consume error: %s\n", m->errstr().c_str());
            }
            if (producerDone.load() && now - idle > static_cast<int64_t>(o.timeoutS) * 1000000000) {
                std::fprintf(stderr, "plexus-perf: consumer saw %zu of %" PRId64 " records; none for %d s\n", e2e.size(),
                             o.records, o.timeoutS);
                break;
            }
        }
    });
    ProduceOutcome r = produceAll(p.get(), o, dr, pev, [](char* value, size_t) {
        int64_t t = nowNs();
        std::memcpy(value, &t, sizeof t);
    });
    producerDone.store(true);
    consumer.join();
    c->stop();
    printErrorCounts(dr);

    std::vector<int64_t> ack;
    for (int64_t v : dr.latencyNs)
        if (v >= 0) ack.push_back(v);
    LatencySummary as = summarize(ack);
    size_t received = e2e.size();
    LatencySummary es = summarize(e2e);
    bool ok = r.ok && static_cast<int64_t>(received) == o.records && consumeErrors.load() == 0;
    double secs = nsToS(r.endNs - r.startNs);
    info("e2e: %" PRId64 " acked, %zu consumed in %.3f s\n", dr.delivered.load(), received, secs);
    printLatency("produce() -> delivery report", as);
    printLatency("produce() -> consumed (end to end)", es);
    std::printf("RESULT mode=e2e ok=%d records=%zu record_size=%zu partitions=%zu acks=%s idempotent=%d rate=%" PRId64
                " e2e_avg_ms=%.3f e2e_p50_ms=%.3f e2e_p99_ms=%.3f e2e_max_ms=%.3f ack_p50_ms=%.3f ack_p99_ms=%.3f "
                "ack_max_ms=%.3f\n",
                ok ? 1 : 0, received, o.recordSize, ids.size(), o.acks.c_str(), o.idempotent ? 1 : 0, o.throughput,
                es.avgMs, es.p50Ms, es.p99Ms, es.maxMs, as.p50Ms, as.p99Ms, as.maxMs);
    std::fflush(stdout);
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseArgs(argc, argv, o)) {
        usage(stderr);
        return 2;
    }
    g_quiet = o.quiet;
    info("plexus-perf: librdkafka %s, mode %s, brokers %s\n", RdKafka::version_str().c_str(), o.mode.c_str(),
         o.brokers.c_str());
    int rc = 1;
    if (o.mode == "produce") rc = runProduce(o);
    else if (o.mode == "consume") rc = runConsume(o);
    else rc = runE2e(o);
    RdKafka::wait_destroyed(5000);
    return rc;
}

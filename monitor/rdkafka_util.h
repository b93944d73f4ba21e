#pragma once
// Internal to monitor/: the pieces KafkaClient, MessageReader and
// MessageSearch share. A job thread, RAII for librdkafka handles, and the
// conversion of librdkafka errors into messages. Not a public header: views
// and app never include it, so librdkafka stays behind monitor's API.
#include <librdkafka/rdkafka.h>

#include <QMap>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace plexus::monitor::detail {

/// One worker thread running queued jobs in order. Used by exactly one
/// owner object; post() may be called from any thread. The destructor drops
/// the jobs not yet started, waits for the running one and joins.
class JobThread {
public:
    JobThread();
    ~JobThread();
    JobThread(const JobThread&) = delete;
    JobThread& operator=(const JobThread&) = delete;

    void post(std::function<void()> job);
    /// Drops the jobs that have not started yet.
    void clearPending();

private:
    void run();
    std::mutex m_mu;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;  // guarded by m_mu
    bool m_stop = false;                       // guarded by m_mu
    std::thread m_thread;
};

struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const;
};
using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

struct PartitionListDeleter {
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct EventDeleter {
    void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
using Event = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

struct QueueDeleter {
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
using Queue = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

struct AdminOptionsDeleter {
    void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};
using AdminOptions = std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter>;

/// Creates a librdkafka handle of `type` for `bootstrap`, with Plexus
/// Center's defaults, then `extra` (which wins). On failure returns null and
/// sets `error`. `conf` may add type-specific settings before creation.
Handle makeHandle(rd_kafka_type_t type, const QString& bootstrap, const QMap<QString, QString>& extra,
                  const QMap<QString, QString>& defaults, QString* error,
                  const std::function<void(rd_kafka_conf_t*)>& conf = {});

/// The earliest (-2) or latest (-1) offsets of the partitions in `list`,
/// written into each element's offset, in one ListOffsets round per broker.
rd_kafka_resp_err_t queryOffsets(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* list, qint64 which,
                                 int timeoutMs);

/// Waits on `queue` for the admin result event; null and `error` on timeout.
Event waitForResult(rd_kafka_queue_t* queue, int timeoutMs, QString* error);

QString errorText(rd_kafka_resp_err_t err);
QString errorText(const rd_kafka_error_t* err);

}  // namespace plexus::monitor::detail

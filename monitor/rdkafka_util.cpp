#include "monitor/rdkafka_util.h"

namespace plexus::monitor::detail {

JobThread::JobThread() : m_thread([this] { run(); }) {}

JobThread::~JobThread() {
    {
        std::lock_guard lock(m_mu);
        m_stop = true;
        m_jobs.clear();
    }
    m_cv.notify_all();
    m_thread.join();
}

void JobThread::post(std::function<void()> job) {
    {
        std::lock_guard lock(m_mu);
        m_jobs.push_back(std::move(job));
    }
    m_cv.notify_one();
}

void JobThread::clearPending() {
    std::lock_guard lock(m_mu);
    m_jobs.clear();
}

void JobThread::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mu);
            m_cv.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

void HandleDeleter::operator()(rd_kafka_t* rk) const {
    if (!rk) return;
    if (rd_kafka_type(rk) == RD_KAFKA_CONSUMER) rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
}

Handle makeHandle(rd_kafka_type_t type, const QString& bootstrap, const QMap<QString, QString>& extra,
                  const QMap<QString, QString>& defaults, QString* error,
                  const std::function<void(rd_kafka_conf_t*)>& conf) {
    rd_kafka_conf_t* c = rd_kafka_conf_new();
    char errstr[512];
    auto set = [&](const QString& k, const QString& v) {
        if (rd_kafka_conf_set(c, k.toUtf8().constData(), v.toUtf8().constData(), errstr, sizeof errstr) !=
            RD_KAFKA_CONF_OK) {
            *error = QStringLiteral("%1: %2").arg(k, QString::fromUtf8(errstr));
            return false;
        }
        return true;
    };
    QMap<QString, QString> all = defaults;
    all.insert(QStringLiteral("bootstrap.servers"), bootstrap);
    all.insert(QStringLiteral("client.id"), QStringLiteral("plexus-center"));
    for (auto it = extra.begin(); it != extra.end(); ++it) all.insert(it.key(), it.value());
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (!set(it.key(), it.value())) {
            rd_kafka_conf_destroy(c);
            return nullptr;
        }
    }
    // Failures reach the user through the result signals; librdkafka's own
    // log lines (retries, "brokers are down") would only clutter stderr.
    rd_kafka_conf_set_log_cb(c, [](const rd_kafka_t*, int, const char*, const char*) {});
    if (conf) conf(c);
    rd_kafka_t* rk = rd_kafka_new(type, c, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(c);
        *error = QString::fromUtf8(errstr);
        return nullptr;
    }
    return Handle(rk);
}

rd_kafka_resp_err_t queryOffsets(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* list, qint64 which,
                                 int timeoutMs) {
    // ListOffsets takes -2 (earliest) and -1 (latest) as timestamps; librdkafka
    // passes the "timestamp" in each element's offset field straight through
    // and batches the request per leader.
    for (int i = 0; i < list->cnt; ++i) list->elems[i].offset = which;
    if (list->cnt == 0) return RD_KAFKA_RESP_ERR_NO_ERROR;
    return rd_kafka_offsets_for_times(rk, list, timeoutMs);
}

Event waitForResult(rd_kafka_queue_t* queue, int timeoutMs, QString* error) {
    Event ev(rd_kafka_queue_poll(queue, timeoutMs));
    if (!ev) {
        *error = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        return nullptr;
    }
    if (rd_kafka_event_error(ev.get())) {
        *error = QString::fromUtf8(rd_kafka_event_error_string(ev.get()));
        return nullptr;
    }
    return ev;
}

QString errorText(rd_kafka_resp_err_t err) { return QString::fromUtf8(rd_kafka_err2str(err)); }

QString errorText(const rd_kafka_error_t* err) {
    return err ? QString::fromUtf8(rd_kafka_error_string(err)) : QString();
}

}  // namespace plexus::monitor::detail

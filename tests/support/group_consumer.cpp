#include "tests/support/group_consumer.h"

#include <QElapsedTimer>

namespace plexus::test {

GroupConsumer::GroupConsumer(const QString& bootstrap, const QString& groupId, const QString& clientId,
                             const QString& topic) {
    char errstr[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const auto set = [&](const char* k, const QString& v) {
        return rd_kafka_conf_set(conf, k, v.toUtf8().constData(), errstr, sizeof errstr) == RD_KAFKA_CONF_OK;
    };
    if (!set("bootstrap.servers", bootstrap) || !set("group.id", groupId) || !set("client.id", clientId) ||
        !set("auto.offset.reset", QStringLiteral("earliest")) || !set("enable.auto.commit", QStringLiteral("false"))) {
        m_error = QString::fromUtf8(errstr);
        rd_kafka_conf_destroy(conf);
        return;
    }
    m_rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!m_rk) {
        m_error = QString::fromUtf8(errstr);
        rd_kafka_conf_destroy(conf);
        return;
    }
    rd_kafka_poll_set_consumer(m_rk);
    rd_kafka_topic_partition_list_t* sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, topic.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    if (const auto err = rd_kafka_subscribe(m_rk, sub)) m_error = QString::fromUtf8(rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(sub);
}

GroupConsumer::~GroupConsumer() {
    if (!m_rk) return;
    rd_kafka_consumer_close(m_rk);
    rd_kafka_destroy(m_rk);
}

int GroupConsumer::consume(int n, int timeoutMs, void (*idle)()) {
    int got = 0;
    QElapsedTimer t;
    t.start();
    while (m_rk && got < n && t.elapsed() < timeoutMs) {
        if (rd_kafka_message_t* m = rd_kafka_consumer_poll(m_rk, 100)) {
            if (!m->err) ++got;
            rd_kafka_message_destroy(m);
        }
        if (idle) idle();
    }
    return got;
}

void GroupConsumer::pollOnce() {
    if (!m_rk) return;
    if (rd_kafka_message_t* m = rd_kafka_consumer_poll(m_rk, 0)) rd_kafka_message_destroy(m);
}

rd_kafka_resp_err_t GroupConsumer::commit() {
    return m_rk ? rd_kafka_commit(m_rk, nullptr, 0) : RD_KAFKA_RESP_ERR__INVALID_ARG;
}

}  // namespace plexus::test

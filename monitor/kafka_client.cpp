#include "monitor/kafka_client.h"

#include <QHash>
#include <QSet>

#include "monitor/rdkafka_util.h"

namespace plexus::monitor {

using namespace detail;

/// The worker thread and the librdkafka producer handle it owns. The handle
/// is created by the first job and used only on the worker thread.
class KafkaWorker {
public:
    KafkaWorker(QString bootstrap, QMap<QString, QString> extra)
        : m_bootstrap(std::move(bootstrap)), m_extra(std::move(extra)) {}
    ~KafkaWorker() {
        // Jobs reference m_rk; stop the thread before the handle goes.
        m_thread.reset();
        m_rk.reset();
    }

    void post(std::function<void()> job) { m_thread->post(std::move(job)); }

    /// Worker thread only. Null with `error` set if the handle cannot be made.
    rd_kafka_t* handle(QString* error) {
        if (!m_rk) {
            m_rk = makeHandle(RD_KAFKA_PRODUCER, m_bootstrap, m_extra,
                              {{QStringLiteral("acks"), QStringLiteral("all")},
                               {QStringLiteral("linger.ms"), QStringLiteral("5")},
                               {QStringLiteral("message.timeout.ms"), QStringLiteral("30000")}},
                              error, [](rd_kafka_conf_t* c) { rd_kafka_conf_set_dr_msg_cb(c, &KafkaWorker::onDelivery); });
        }
        return m_rk.get();
    }

    /// What a delivery report writes back for a produced record.
    struct Delivery {
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__IN_PROGRESS;
        int partition = -1;
        qint64 offset = -1;
    };

private:
    static void onDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
        auto* d = static_cast<Delivery*>(m->_private);
        if (!d) return;
        d->err = m->err;
        d->partition = m->partition;
        d->offset = m->offset;
    }

    QString m_bootstrap;
    QMap<QString, QString> m_extra;
    Handle m_rk;
    std::unique_ptr<JobThread> m_thread = std::make_unique<JobThread>();
};

namespace {

AdminOptions adminOptions(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs) {
    AdminOptions o(rd_kafka_AdminOptions_new(rk, op));
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(o.get(), timeoutMs, errstr, sizeof errstr);
    if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS)
        rd_kafka_AdminOptions_set_operation_timeout(o.get(), timeoutMs, errstr, sizeof errstr);
    return o;
}

QList<ConfigEntry> toEntries(const rd_kafka_ConfigResource_t* res) {
    QList<ConfigEntry> out;
    size_t n = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(res, &n);
    for (size_t i = 0; i < n; ++i) {
        ConfigEntry e;
        e.name = QString::fromUtf8(rd_kafka_ConfigEntry_name(entries[i]));
        const char* v = rd_kafka_ConfigEntry_value(entries[i]);
        e.isNull = v == nullptr;
        e.value = v ? QString::fromUtf8(v) : QString();
        e.isDefault = rd_kafka_ConfigEntry_is_default(entries[i]) != 0;
        e.readOnly = rd_kafka_ConfigEntry_is_read_only(entries[i]) != 0;
        e.sensitive = rd_kafka_ConfigEntry_is_sensitive(entries[i]) != 0;
        e.source = QString::fromUtf8(rd_kafka_ConfigSource_name(rd_kafka_ConfigEntry_source(entries[i])));
        out.push_back(e);
    }
    return out;
}

/// DescribeConfigs for `topics`: per topic its entries, or an error.
bool describeConfigs(rd_kafka_t* rk, const QStringList& topics, int timeoutMs,
                     QHash<QString, QList<ConfigEntry>>* out, QString* error) {
    if (topics.isEmpty()) return true;
    std::vector<rd_kafka_ConfigResource_t*> res;
    for (const auto& t : topics)
        res.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, t.toUtf8().constData()));
    Queue q(rd_kafka_queue_new(rk));
    auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeoutMs);
    rd_kafka_DescribeConfigs(rk, res.data(), res.size(), opt.get(), q.get());
    rd_kafka_ConfigResource_destroy_array(res.data(), res.size());
    Event ev = waitForResult(q.get(), timeoutMs + 1000, error);
    if (!ev) return false;
    const auto* result = rd_kafka_event_DescribeConfigs_result(ev.get());
    size_t n = 0;
    const rd_kafka_ConfigResource_t** rs = rd_kafka_DescribeConfigs_result_resources(result, &n);
    for (size_t i = 0; i < n; ++i) {
        const QString name = QString::fromUtf8(rd_kafka_ConfigResource_name(rs[i]));
        if (rd_kafka_ConfigResource_error(rs[i])) {
            if (topics.size() == 1) {
                *error = QString::fromUtf8(rd_kafka_ConfigResource_error_string(rs[i]));
                return false;
            }
            continue;  // one topic's failure leaves the others' retention shown
        }
        out->insert(name, toEntries(rs[i]));
    }
    return true;
}

/// Waits for one topic-level admin result (create or delete) and returns
/// the topic's error, if any.
bool topicResult(const rd_kafka_topic_result_t** results, size_t n, QString* error) {
    for (size_t i = 0; i < n; ++i) {
        if (rd_kafka_topic_result_error(results[i])) {
            const char* s = rd_kafka_topic_result_error_string(results[i]);
            *error = s && *s ? QString::fromUtf8(s) : errorText(rd_kafka_topic_result_error(results[i]));
            return false;
        }
    }
    return true;
}

}  // namespace

KafkaClient::KafkaClient(const QString& bootstrap, QMap<QString, QString> extraConfig, QObject* parent)
    : QObject(parent), m_bootstrap(bootstrap),
      m_worker(std::make_unique<KafkaWorker>(bootstrap, std::move(extraConfig))) {
    qRegisterMetaType<ClusterInfo>();
    qRegisterMetaType<GroupInfo>();
}

KafkaClient::~KafkaClient() = default;

// Each public call posts one job. A job runs on the worker thread and ends by
// posting exactly one emit back to this object's thread: a result or, through
// fail(), operationFailed. `this` stays valid for the job: ~KafkaClient
// destroys the worker (joining its thread) before anything else, and an emit
// posted to a destroyed object is discarded by Qt.
namespace {
void fail(KafkaClient* c, const char* operation, const QString& message) {
    QMetaObject::invokeMethod(
        c, [c, op = QString::fromLatin1(operation), message] { emit c->operationFailed(op, message); },
        Qt::QueuedConnection);
}
}  // namespace

void KafkaClient::refreshCluster() {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "metadata", error);
        const rd_kafka_metadata_t* md = nullptr;
        const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeout);
        if (err) return fail(this, "metadata", errorText(err));
        ClusterInfo info;
        for (int i = 0; i < md->broker_cnt; ++i)
            info.brokers.push_back({md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port, {}});
        PartitionList all(rd_kafka_topic_partition_list_new(16));
        QStringList names;
        for (int t = 0; t < md->topic_cnt; ++t) {
            const auto& mt = md->topics[t];
            TopicInfo ti;
            ti.name = QString::fromUtf8(mt.topic);
            ti.internal = ti.name.startsWith(QStringLiteral("__"));
            if (mt.err) ti.error = errorText(mt.err);
            for (int p = 0; p < mt.partition_cnt; ++p) {
                const auto& mp = mt.partitions[p];
                PartitionInfo pi;
                pi.id = mp.id;
                pi.leader = mp.leader;
                for (int r = 0; r < mp.replica_cnt; ++r) pi.replicas.push_back(mp.replicas[r]);
                for (int r = 0; r < mp.isr_cnt; ++r) pi.isr.push_back(mp.isrs[r]);
                if (mp.err) pi.error = errorText(mp.err);
                ti.partitions.push_back(pi);
                rd_kafka_topic_partition_list_add(all.get(), mt.topic, mp.id);
            }
            std::sort(ti.partitions.begin(), ti.partitions.end(),
                      [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
            names.push_back(ti.name);
            info.topics.push_back(ti);
        }
        rd_kafka_metadata_destroy(md);
        std::sort(info.topics.begin(), info.topics.end(),
                  [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
        info.controllerId = rd_kafka_controllerid(rk, timeout);
        if (char* id = rd_kafka_clusterid(rk, timeout)) {
            info.clusterId = QString::fromUtf8(id);
            rd_kafka_mem_free(rk, id);
        }

        // Watermarks: two ListOffsets rounds for every partition at once.
        PartitionList low(rd_kafka_topic_partition_list_copy(all.get()));
        PartitionList high(rd_kafka_topic_partition_list_copy(all.get()));
        const bool lowOk = queryOffsets(rk, low.get(), RD_KAFKA_OFFSET_BEGINNING, timeout) == 0;
        const bool highOk = queryOffsets(rk, high.get(), RD_KAFKA_OFFSET_END, timeout) == 0;
        QHash<QString, TopicInfo*> byName;
        for (auto& t : info.topics) byName.insert(t.name, &t);
        auto apply = [&](rd_kafka_topic_partition_list_t* l, bool isLow) {
            for (int i = 0; i < l->cnt; ++i) {
                const auto& e = l->elems[i];
                TopicInfo* t = byName.value(QString::fromUtf8(e.topic));
                if (!t || e.err) continue;
                for (auto& p : t->partitions)
                    if (p.id == e.partition) (isLow ? p.lowWatermark : p.highWatermark) = e.offset;
            }
        };
        if (lowOk) apply(low.get(), true);
        if (highOk) apply(high.get(), false);

        // retention.ms of every topic in one DescribeConfigs.
        QHash<QString, QList<ConfigEntry>> configs;
        QString cfgError;
        if (describeConfigs(rk, names, timeout, &configs, &cfgError)) {
            for (auto& t : info.topics) {
                for (const auto& e : configs.value(t.name)) {
                    if (e.name != QStringLiteral("retention.ms") || e.isNull) continue;
                    bool ok = false;
                    const qint64 v = e.value.toLongLong(&ok);
                    if (ok) {
                        t.retentionMs = v;
                        t.retentionKnown = true;
                    }
                }
            }
        }
        QMetaObject::invokeMethod(this, [this, info] { emit clusterReady(info); }, Qt::QueuedConnection);
    });
}

void KafkaClient::createTopic(const QString& name, int partitions, int replicationFactor,
                              const QMap<QString, QString>& configs) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, name, partitions, replicationFactor, configs] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "create topic", error);
        char errstr[512];
        rd_kafka_NewTopic_t* nt =
            rd_kafka_NewTopic_new(name.toUtf8().constData(), partitions, replicationFactor, errstr, sizeof errstr);
        if (!nt) return fail(this, "create topic", QString::fromUtf8(errstr));
        for (auto it = configs.begin(); it != configs.end(); ++it)
            rd_kafka_NewTopic_set_config(nt, it.key().toUtf8().constData(), it.value().toUtf8().constData());
        Queue q(rd_kafka_queue_new(rk));
        auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout);
        rd_kafka_CreateTopics(rk, &nt, 1, opt.get(), q.get());
        rd_kafka_NewTopic_destroy(nt);
        Event ev = waitForResult(q.get(), timeout + 1000, &error);
        if (!ev) return fail(this, "create topic", error);
        size_t n = 0;
        const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
        if (!topicResult(results, n, &error)) return fail(this, "create topic", error);
        QMetaObject::invokeMethod(this, [this, name] { emit topicCreated(name); }, Qt::QueuedConnection);
    });
}

void KafkaClient::deleteTopic(const QString& name) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, name] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "delete topic", error);
        rd_kafka_DeleteTopic_t* dt = rd_kafka_DeleteTopic_new(name.toUtf8().constData());
        Queue q(rd_kafka_queue_new(rk));
        auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS, timeout);
        rd_kafka_DeleteTopics(rk, &dt, 1, opt.get(), q.get());
        rd_kafka_DeleteTopic_destroy(dt);
        Event ev = waitForResult(q.get(), timeout + 1000, &error);
        if (!ev) return fail(this, "delete topic", error);
        size_t n = 0;
        const auto** results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev.get()), &n);
        if (!topicResult(results, n, &error)) return fail(this, "delete topic", error);
        QMetaObject::invokeMethod(this, [this, name] { emit topicDeleted(name); }, Qt::QueuedConnection);
    });
}

void KafkaClient::describeTopicConfigs(const QString& topic) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, topic] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "describe configs", error);
        QHash<QString, QList<ConfigEntry>> configs;
        if (!describeConfigs(rk, {topic}, timeout, &configs, &error)) return fail(this, "describe configs", error);
        auto entries = configs.value(topic);
        std::sort(entries.begin(), entries.end(),
                  [](const ConfigEntry& a, const ConfigEntry& b) { return a.name < b.name; });
        QMetaObject::invokeMethod(this, [this, topic, entries] { emit topicConfigsReady(topic, entries); },
                                  Qt::QueuedConnection);
    });
}

void KafkaClient::alterTopicConfigs(const QString& topic, const QMap<QString, QString>& changes) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, topic, changes] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "alter configs", error);
        // AlterConfigs (the one librdkafka 2.0 offers) replaces a topic's whole
        // set of overrides, so send the present overrides with the changes
        // applied; a null value in `changes` drops that override.
        QHash<QString, QList<ConfigEntry>> current;
        if (!describeConfigs(rk, {topic}, timeout, &current, &error)) return fail(this, "alter configs", error);
        QMap<QString, QString> overrides;
        for (const auto& e : current.value(topic))
            if (e.source == QStringLiteral("DYNAMIC_TOPIC_CONFIG") && !e.readOnly && !e.sensitive)
                overrides.insert(e.name, e.value);
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull()) overrides.remove(it.key());
            else overrides.insert(it.key(), it.value());
        }
        rd_kafka_ConfigResource_t* res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.toUtf8().constData());
        for (auto it = overrides.begin(); it != overrides.end(); ++it) {
            if (rd_kafka_ConfigResource_set_config(res, it.key().toUtf8().constData(), it.value().toUtf8().constData())) {
                rd_kafka_ConfigResource_destroy(res);
                return fail(this, "alter configs", QStringLiteral("%1: invalid value").arg(it.key()));
            }
        }
        Queue q(rd_kafka_queue_new(rk));
        auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, timeout);
        rd_kafka_AlterConfigs(rk, &res, 1, opt.get(), q.get());
        rd_kafka_ConfigResource_destroy(res);
        Event ev = waitForResult(q.get(), timeout + 1000, &error);
        if (!ev) return fail(this, "alter configs", error);
        size_t n = 0;
        const auto** rs = rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev.get()), &n);
        for (size_t i = 0; i < n; ++i) {
            if (rd_kafka_ConfigResource_error(rs[i]))
                return fail(this, "alter configs", QString::fromUtf8(rd_kafka_ConfigResource_error_string(rs[i])));
        }
        QMetaObject::invokeMethod(this, [this, topic] { emit topicConfigsAltered(topic); }, Qt::QueuedConnection);
    });
}

namespace {

/// Queues one record on `rk` with `d` as its delivery slot.
rd_kafka_resp_err_t enqueue(rd_kafka_t* rk, const QString& topic, int partition, const QByteArray& key, bool keyNull,
                            const QByteArray& value, bool valueNull,
                            const QList<QPair<QString, QByteArray>>& headers, KafkaWorker::Delivery* d) {
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(size_t(headers.size()));
    for (const auto& h : headers) {
        const QByteArray name = h.first.toUtf8();
        rd_kafka_header_add(hdrs, name.constData(), name.size(), h.second.constData(), h.second.size());
    }
    const QByteArray t = topic.toUtf8();
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(t.constData()), RD_KAFKA_V_PARTITION(partition < 0 ? RD_KAFKA_PARTITION_UA : partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(keyNull ? nullptr : const_cast<char*>(key.constData()), keyNull ? 0 : size_t(key.size())),
        RD_KAFKA_V_VALUE(valueNull ? nullptr : const_cast<char*>(value.constData()),
                         valueNull ? 0 : size_t(value.size())),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(d), RD_KAFKA_V_END);
    if (err) rd_kafka_headers_destroy(hdrs);  // producev owns them only on success
    return err;
}

}  // namespace

void KafkaClient::produce(const ProduceRequest& r) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, r] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "produce", error);
        KafkaWorker::Delivery d;
        if (const auto err = enqueue(rk, r.topic, r.partition, r.key, r.keyNull, r.value, r.valueNull, r.headers, &d))
            return fail(this, "produce", errorText(err));
        rd_kafka_flush(rk, timeout);
        if (d.err == RD_KAFKA_RESP_ERR__IN_PROGRESS)
            return fail(this, "produce", QStringLiteral("no acknowledgement within %1 ms").arg(timeout));
        if (d.err) return fail(this, "produce", errorText(d.err));
        QMetaObject::invokeMethod(
            this, [this, topic = r.topic, p = d.partition, o = d.offset] { emit produced(topic, p, o); },
            Qt::QueuedConnection);
    });
}

void KafkaClient::produceBatch(const QList<QPair<QString, Record>>& records) {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout, records] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "produce", error);
        std::vector<KafkaWorker::Delivery> deliveries(size_t(records.size()));
        for (qsizetype i = 0; i < records.size(); ++i) {
            const auto& [topic, rec] = records[i];
            rd_kafka_resp_err_t err;
            while ((err = enqueue(rk, topic, -1, rec.key, rec.keyNull, rec.value, rec.valueNull, rec.headers,
                                  &deliveries[size_t(i)])) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
                rd_kafka_poll(rk, 50);
            if (err) {
                rd_kafka_flush(rk, timeout);
                return fail(this, "produce", errorText(err));
            }
        }
        rd_kafka_flush(rk, timeout);
        for (const auto& d : deliveries) {
            if (d.err == RD_KAFKA_RESP_ERR__IN_PROGRESS)
                return fail(this, "produce", QStringLiteral("no acknowledgement within %1 ms").arg(timeout));
            if (d.err) return fail(this, "produce", errorText(d.err));
        }
        QMetaObject::invokeMethod(this, [this, n = int(records.size())] { emit producedBatch(n); },
                                  Qt::QueuedConnection);
    });
}

void KafkaClient::refreshGroups() {
    const int timeout = m_timeoutMs;
    m_worker->post([this, timeout] {
        QString error;
        rd_kafka_t* rk = m_worker->handle(&error);
        if (!rk) return fail(this, "groups", error);

        // 1. ListGroups on every broker.
        QStringList ids;
        {
            Queue q(rd_kafka_queue_new(rk));
            auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeout);
            rd_kafka_ListConsumerGroups(rk, opt.get(), q.get());
            Event ev = waitForResult(q.get(), timeout + 1000, &error);
            if (!ev) return fail(this, "groups", error);
            const auto* res = rd_kafka_event_ListConsumerGroups_result(ev.get());
            size_t n = 0;
            const auto** valid = rd_kafka_ListConsumerGroups_result_valid(res, &n);
            for (size_t i = 0; i < n; ++i)
                ids.push_back(QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i])));
            size_t ne = 0;
            const auto** errs = rd_kafka_ListConsumerGroups_result_errors(res, &ne);
            if (n == 0 && ne > 0) return fail(this, "groups", errorText(errs[0]));
        }
        ids.sort();
        QList<GroupInfo> groups;
        if (ids.isEmpty()) {
            QMetaObject::invokeMethod(this, [this] { emit groupsReady({}); }, Qt::QueuedConnection);
            return;
        }

        // 2. DescribeGroups: state, assignor, members and their assignments.
        {
            std::vector<QByteArray> keep;
            std::vector<const char*> cids;
            for (const auto& id : ids) keep.push_back(id.toUtf8());
            for (const auto& k : keep) cids.push_back(k.constData());
            Queue q(rd_kafka_queue_new(rk));
            auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout);
            rd_kafka_DescribeConsumerGroups(rk, cids.data(), cids.size(), opt.get(), q.get());
            Event ev = waitForResult(q.get(), timeout + 1000, &error);
            if (!ev) return fail(this, "groups", error);
            size_t n = 0;
            const auto** descs =
                rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(ev.get()), &n);
            for (size_t i = 0; i < n; ++i) {
                const auto* d = descs[i];
                GroupInfo g;
                g.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(d));
                if (const auto* e = rd_kafka_ConsumerGroupDescription_error(d)) g.error = errorText(e);
                g.state = QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(d)));
                g.protocolType = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(d) ? QString()
                                                                                                 : QStringLiteral("consumer");
                if (const char* a = rd_kafka_ConsumerGroupDescription_partition_assignor(d))
                    g.protocol = QString::fromUtf8(a);
                if (const auto* c = rd_kafka_ConsumerGroupDescription_coordinator(d)) g.coordinator = rd_kafka_Node_id(c);
                const size_t mc = rd_kafka_ConsumerGroupDescription_member_count(d);
                for (size_t m = 0; m < mc; ++m) {
                    const auto* md = rd_kafka_ConsumerGroupDescription_member(d, m);
                    GroupMember gm;
                    gm.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(md));
                    gm.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(md));
                    gm.host = QString::fromUtf8(rd_kafka_MemberDescription_host(md));
                    if (const auto* a = rd_kafka_MemberDescription_assignment(md)) {
                        if (const auto* parts = rd_kafka_MemberAssignment_partitions(a)) {
                            for (int p = 0; p < parts->cnt; ++p)
                                gm.assignment.push_back({QString::fromUtf8(parts->elems[p].topic), parts->elems[p].partition});
                        }
                    }
                    g.members.push_back(gm);
                }
                groups.push_back(g);
            }
        }

        // 3. Committed offsets, one group per request (librdkafka 2.0's limit).
        // The partitions are named: given a null list ("all"), librdkafka 2.0
        // gets no partitions back from brokers whose OffsetFetch stops at v5
        // (Plexus; Kafka up to 2.3 behaves the same for that client).
        PartitionList candidates(rd_kafka_topic_partition_list_new(64));
        {
            const rd_kafka_metadata_t* md = nullptr;
            if (const auto err = rd_kafka_metadata(rk, 1, nullptr, &md, timeout)) return fail(this, "groups", errorText(err));
            for (int t = 0; t < md->topic_cnt; ++t) {
                if (QByteArray(md->topics[t].topic).startsWith("__")) continue;
                for (int p = 0; p < md->topics[t].partition_cnt; ++p)
                    rd_kafka_topic_partition_list_add(candidates.get(), md->topics[t].topic, md->topics[t].partitions[p].id);
            }
            rd_kafka_metadata_destroy(md);
        }
        PartitionList all(rd_kafka_topic_partition_list_new(16));
        for (auto& g : groups) {
            if (!g.error.isEmpty() || candidates->cnt == 0) continue;
            const QByteArray gid = g.groupId.toUtf8();
            rd_kafka_ListConsumerGroupOffsets_t* req = rd_kafka_ListConsumerGroupOffsets_new(gid.constData(), candidates.get());
            Queue q(rd_kafka_queue_new(rk));
            auto opt = adminOptions(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout);
            rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, opt.get(), q.get());
            rd_kafka_ListConsumerGroupOffsets_destroy(req);
            QString offErr;
            Event ev = waitForResult(q.get(), timeout + 1000, &offErr);
            if (!ev) {
                g.error = offErr;
                continue;
            }
            size_t n = 0;
            const auto** gr = rd_kafka_ListConsumerGroupOffsets_result_groups(
                rd_kafka_event_ListConsumerGroupOffsets_result(ev.get()), &n);
            for (size_t i = 0; i < n; ++i) {
                if (const auto* e = rd_kafka_group_result_error(gr[i])) {
                    g.error = errorText(e);
                    continue;
                }
                const auto* parts = rd_kafka_group_result_partitions(gr[i]);
                for (int p = 0; parts && p < parts->cnt; ++p) {
                    const auto& e = parts->elems[p];
                    if (e.err || e.offset < 0) continue;  // no commit for this partition
                    GroupOffset o;
                    o.topic = QString::fromUtf8(e.topic);
                    o.partition = e.partition;
                    o.committed = e.offset;
                    for (const auto& m : g.members)
                        if (m.assignment.contains(qMakePair(o.topic, o.partition))) o.memberId = m.memberId;
                    g.offsets.push_back(o);
                    if (!rd_kafka_topic_partition_list_find(all.get(), e.topic, e.partition))
                        rd_kafka_topic_partition_list_add(all.get(), e.topic, e.partition);
                }
            }
            std::sort(g.offsets.begin(), g.offsets.end(), [](const GroupOffset& a, const GroupOffset& b) {
                return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
            });
        }

        // 4. High watermarks of every committed partition, for the lag.
        if (all->cnt > 0 && queryOffsets(rk, all.get(), RD_KAFKA_OFFSET_END, timeout) == 0) {
            for (auto& g : groups) {
                for (auto& o : g.offsets) {
                    const auto* e = rd_kafka_topic_partition_list_find(all.get(), o.topic.toUtf8().constData(), o.partition);
                    if (e && !e->err) o.highWatermark = e->offset;
                }
            }
        }
        QMetaObject::invokeMethod(this, [this, groups] { emit groupsReady(groups); }, Qt::QueuedConnection);
    });
}

}  // namespace plexus::monitor

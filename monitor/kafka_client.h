#pragma once
// KafkaClient: Plexus Center's connection to a cluster over the Kafka
// protocol (librdkafka): metadata with watermarks, topic administration,
// topic configs, produce, and consumer groups with their lag.
//
// It only uses public Kafka APIs, so it works the same against a Plexus node,
// Apache Kafka, Confluent or Redpanda.
//
// Threading: the KafkaClient object lives on the thread that created it (the
// GUI thread) and is called only there. Every call returns at once: it queues
// a job for the client's own worker thread, which owns the librdkafka handle
// and runs the (blocking) librdkafka calls. Results come back as signals on
// the owner's thread, posted with Qt::QueuedConnection, in the order the calls
// were made. librdkafka itself runs further background threads of its own.
// Destroying the client abandons queued jobs, waits for the running one (at
// most the request timeout) and closes the handle.
//
// Errors are values: every operation ends in exactly one result signal or in
// operationFailed(operation, message), with the broker's or librdkafka's
// message in words a user can act on.
#include <QMap>
#include <QObject>
#include <QString>
#include <memory>

#include "monitor/kafka_types.h"

namespace plexus::monitor {

class KafkaWorker;

class KafkaClient : public QObject {
    Q_OBJECT
public:
    /// `bootstrap` is a comma-separated list of HOST:PORT. `extraConfig` is
    /// passed to librdkafka as is (security.protocol, sasl.*, ...).
    explicit KafkaClient(const QString& bootstrap, QMap<QString, QString> extraConfig = {},
                         QObject* parent = nullptr);
    ~KafkaClient() override;

    QString bootstrap() const { return m_bootstrap; }
    /// Broker requests give up after this long (default 10 s).
    void setRequestTimeoutMs(int ms) { m_timeoutMs = ms; }
    int requestTimeoutMs() const { return m_timeoutMs; }

    /// Brokers, controller, topics with their partitions and watermarks, and
    /// each topic's retention.ms. -> clusterReady or operationFailed("metadata").
    void refreshCluster();
    /// -> topicCreated or operationFailed("create topic")
    void createTopic(const QString& name, int partitions, int replicationFactor,
                     const QMap<QString, QString>& configs = {});
    /// -> topicDeleted or operationFailed("delete topic")
    void deleteTopic(const QString& name);
    /// All of a topic's configs. -> topicConfigsReady or operationFailed("describe configs")
    void describeTopicConfigs(const QString& topic);
    /// Sets `changes` (name -> value; a null QString removes the override)
    /// and keeps the topic's other overrides. -> topicConfigsAltered or
    /// operationFailed("alter configs")
    void alterTopicConfigs(const QString& topic, const QMap<QString, QString>& changes);
    /// One record, acks=all. -> produced or operationFailed("produce")
    void produce(const ProduceRequest& request);
    /// Many records of one or more topics (the sample-data loader), acks=all,
    /// flushed before the answer. -> producedBatch(count) or operationFailed("produce")
    void produceBatch(const QList<QPair<QString, Record>>& records);
    /// Every consumer group with its members, committed offsets, high
    /// watermarks and lag. -> groupsReady or operationFailed("groups")
    void refreshGroups();

signals:
    void clusterReady(const plexus::monitor::ClusterInfo& cluster);
    void topicCreated(const QString& name);
    void topicDeleted(const QString& name);
    void topicConfigsReady(const QString& topic, const QList<plexus::monitor::ConfigEntry>& configs);
    void topicConfigsAltered(const QString& topic);
    void produced(const QString& topic, int partition, qint64 offset);
    void producedBatch(int count);
    void groupsReady(const QList<plexus::monitor::GroupInfo>& groups);
    /// `operation` names what failed ("create topic"); `message` says why.
    void operationFailed(const QString& operation, const QString& message);

private:
    QString m_bootstrap;
    int m_timeoutMs = 10000;
    std::unique_ptr<KafkaWorker> m_worker;
};

}  // namespace plexus::monitor

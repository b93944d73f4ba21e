#!/usr/bin/python3
"""kafka-python and confluent-kafka (librdkafka) against a real plexusd:
producer/consumer round trips without consumer groups, the admin API, and the
per-topic counters in /metrics that the traffic must move.
"""
# ctest-labels: integration;interop
import os
import random
import re
import time
import unittest

from plexus_harness import PlexusNode, read_all

import kafka
from kafka import KafkaConsumer, KafkaProducer
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

RECORD_OVERHEAD = 40      # generous upper bound of a v2 record's framing (varints, attributes)
BATCH_OVERHEAD = 61       # v2 record batch header


def topic_series(metrics, name, topic):
    return metrics.get('%s{topic="%s"}' % (name, topic))


def high_watermarks(metrics, topic):
    out = {}
    for series, value in metrics.items():
        m = re.match(r'plexus_partition_high_watermark\{topic="%s",partition="(\d+)"\}$' % re.escape(topic), series)
        if m:
            out[int(m.group(1))] = int(value)
    return out


def kafka_error_of(future, timeout=20):
    """The KafkaError a failed admin future carries; fails if it succeeded."""
    try:
        future.result(timeout=timeout)
    except KafkaException as e:
        return e.args[0]
    raise AssertionError("the request succeeded; an error was expected")


class PythonClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = PlexusNode()
        cls.addClassCleanup(cls.node.cleanup)  # also removes the data dir if start() fails
        cls.node.start()

    def setUp(self):
        self.assertTrue(self.node.alive(), "plexusd died earlier:\n" + self.node.log_text())
        self.admin = AdminClient({"bootstrap.servers": self.node.kafka})

    def create_topic(self, name, partitions, config=None):
        self.admin.create_topics([NewTopic(name, partitions, 1, config=config or {})])[name].result(timeout=20)

    def check_topic_metrics(self, topic, records, payload_bytes, batches_at_most):
        """bytes/records in and out for `topic` after `records` were produced
        once and read back at least once."""
        m = self.node.metrics()
        self.assertEqual(topic_series(m, "plexus_topic_records_in_total", topic), records, "records in")
        bytes_in = topic_series(m, "plexus_topic_bytes_in_total", topic)
        self.assertIsNotNone(bytes_in, "no plexus_topic_bytes_in_total for %s" % topic)
        upper = payload_bytes + RECORD_OVERHEAD * records + BATCH_OVERHEAD * batches_at_most
        self.assertGreaterEqual(bytes_in, payload_bytes, "bytes in below the payload produced")
        self.assertLessEqual(bytes_in, upper, "bytes in far above the payload produced")
        self.assertGreaterEqual(topic_series(m, "plexus_topic_records_out_total", topic), records, "records out")
        self.assertGreaterEqual(topic_series(m, "plexus_topic_bytes_out_total", topic), payload_bytes, "bytes out")
        return m

    # -- kafka-python ---------------------------------------------------------
    def test_kafka_python_roundtrip(self):
        topic = "kp-roundtrip"
        partitions = 3
        count = 3000
        self.create_topic(topic, partitions)
        rng = random.Random(7)
        records = []
        for i in range(count):
            key = b"key-%d" % rng.randrange(100)
            value = b"%06d:" % i + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
            headers = [("idx", b"%d" % i), ("kind", b"kp")]
            records.append((i % partitions, key, value, headers))

        producer = KafkaProducer(bootstrap_servers=self.node.kafka, acks="all", linger_ms=5,
                                 retries=3, max_in_flight_requests_per_connection=1)
        self.addCleanup(producer.close, 5)
        futures = [producer.send(topic, key=k, value=v, headers=h, partition=p) for p, k, v, h in records]
        producer.flush(60)
        where = {}
        for i, f in enumerate(futures):
            md = f.get(timeout=30)
            self.assertEqual(md.partition, records[i][0])
            where[(md.partition, md.offset)] = i
        self.assertEqual(len(where), count, "two records were acknowledged at the same offset")

        consumer = KafkaConsumer(bootstrap_servers=self.node.kafka, group_id=None, enable_auto_commit=False,
                                 auto_offset_reset="none")
        self.addCleanup(consumer.close)
        tps = [kafka.TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        got = {}
        deadline = time.time() + 60
        while len(got) < count and time.time() < deadline:
            for tp, batch in consumer.poll(timeout_ms=1000).items():
                for r in batch:
                    self.assertNotIn((r.partition, r.offset), got, "offset read twice")
                    got[(r.partition, r.offset)] = r
        self.assertEqual(len(got), count, "read %d of %d records" % (len(got), count))
        for (p, o), r in got.items():
            self.assertIn((p, o), where, "record at %d/%d was never produced" % (p, o))
            _, key, value, headers = records[where[(p, o)]]
            self.assertEqual(r.key, key)
            self.assertEqual(r.value, value)
            self.assertEqual([(h, bytes(v)) for h, v in r.headers], headers)

        end = consumer.end_offsets(tps)
        begin = consumer.beginning_offsets(tps)
        for p in range(partitions):
            n = sum(1 for rec in records if rec[0] == p)
            self.assertEqual(end[kafka.TopicPartition(topic, p)], n)
            self.assertEqual(begin[kafka.TopicPartition(topic, p)], 0)

        payload = sum(len(k) + len(v) + sum(len(hk) + len(hv) for hk, hv in h) for _, k, v, h in records)
        m = self.check_topic_metrics(topic, count, payload, count)
        self.assertEqual(high_watermarks(m, topic), {p: end[kafka.TopicPartition(topic, p)] for p in range(partitions)})

    # -- confluent-kafka ------------------------------------------------------
    def test_confluent_idempotent_roundtrip(self):
        topic = "ck-roundtrip"
        partitions = 4
        count = 5000
        self.create_topic(topic, partitions)

        producer = Producer({"bootstrap.servers": self.node.kafka, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 5, "compression.type": "none"})
        acked, failed = {}, []

        def on_delivery(err, msg):
            if err is not None:
                failed.append(err)
            else:
                acked[int(msg.value()[:6])] = (msg.partition(), msg.offset(), msg.timestamp()[1])

        rng = random.Random(11)
        records = []
        for i in range(count):
            key = b"user-%03d" % rng.randrange(500)
            value = b"%06d" % i + os.urandom(rng.randrange(0, 400))
            headers = [("seq", b"%d" % i), ("empty", b"")]
            records.append((key, value, headers))
            producer.produce(topic, key=key, value=value, headers=headers, on_delivery=on_delivery)
            if i % 500 == 0:
                producer.poll(0)
        self.assertEqual(producer.flush(60), 0, "messages still undelivered after 60 s")
        self.assertEqual(failed, [])
        self.assertEqual(len(acked), count)
        self.assertEqual(len(set((p, o) for p, o, _ in acked.values())), count, "duplicate acknowledged offsets")

        got, highs = read_all(self.node.kafka, topic, partitions)
        self.assertEqual(len(got), count, "read %d of %d" % (len(got), count))
        for i, (key, value, headers) in enumerate(records):
            p, o, ts = acked[i]
            msg = got.get((p, o))
            self.assertIsNotNone(msg, "acknowledged record %d at %d/%d not read back" % (i, p, o))
            self.assertEqual(msg.key(), key)
            self.assertEqual(msg.value(), value)
            self.assertEqual(msg.headers(), headers)
            self.assertEqual(msg.timestamp(), (1, ts), "timestamp type/value of record %d" % i)

        per_partition = highs  # read_all checked that every partition starts at 0
        for p in range(partitions):
            high = highs[p]
            offsets = sorted(o for (pp, o) in got if pp == p)
            self.assertEqual(offsets, list(range(high)), "partition %d offsets are not dense" % p)
        self.assertEqual(sum(per_partition.values()), count)

        payload = sum(len(k) + len(v) + sum(len(hk) + len(hv) for hk, hv in h) for k, v, h in records)
        m = self.check_topic_metrics(topic, count, payload, count)
        self.assertEqual(high_watermarks(m, topic), per_partition)

    def test_confluent_every_acks_level(self):
        """acks=0 (no response from the node), 1 and all: every record lands,
        in order, on one partition."""
        for acks in ("0", "1", "all"):
            topic = "ck-acks-" + acks
            self.create_topic(topic, 1)
            producer = Producer({"bootstrap.servers": self.node.kafka, "acks": acks, "linger.ms": 2})
            failed = []
            sent = [b"%s-%05d" % (acks.encode(), i) for i in range(2000)]
            for v in sent:
                producer.produce(topic, value=v, on_delivery=lambda err, msg: failed.append(err) if err else None)
            self.assertEqual(producer.flush(30), 0, "acks=%s: messages still queued" % acks)
            self.assertEqual(failed, [], "acks=%s: delivery errors" % acks)
            consumer = Consumer({"bootstrap.servers": self.node.kafka, "group.id": "acks-check",
                                 "enable.auto.commit": False, "auto.offset.reset": "error"})
            try:
                deadline = time.time() + 20
                while time.time() < deadline:  # acks=0 gives no ack to wait for: poll the high watermark
                    if consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1] >= len(sent):
                        break
                    time.sleep(0.1)
                consumer.assign([TopicPartition(topic, 0, 0)])
                got = []
                while len(got) < len(sent) and time.time() < deadline:
                    msg = consumer.poll(1.0)
                    if msg is None:
                        continue
                    self.assertIsNone(msg.error(), "acks=%s: %s" % (acks, msg.error()))
                    self.assertEqual(msg.offset(), len(got), "acks=%s: offsets not dense" % acks)
                    got.append(msg.value())
                self.assertEqual(got, sent, "acks=%s: records differ or are missing" % acks)
            finally:
                consumer.close()

    # -- admin ----------------------------------------------------------------
    def describe(self, topic):
        res = ConfigResource("topic", topic)
        return self.admin.describe_configs([res])[res].result(timeout=20)

    def test_admin_topic_lifecycle(self):
        topic = "admin-lifecycle"
        fs = self.admin.create_topics([NewTopic(topic, 2, 1, config={"retention.ms": "123456"})], operation_timeout=10)
        self.assertIsNone(fs[topic].result(timeout=20))
        md = self.admin.list_topics(timeout=10)
        self.assertIn(topic, md.topics)
        self.assertEqual(sorted(md.topics[topic].partitions), [0, 1])

        cfg = self.describe(topic)
        self.assertEqual(cfg["retention.ms"].value, "123456")
        self.assertFalse(cfg["retention.ms"].is_default)
        self.assertEqual(cfg["retention.ms"].source, 1)   # DYNAMIC_TOPIC_CONFIG
        self.assertEqual(cfg["cleanup.policy"].value, "delete")
        self.assertTrue(cfg["cleanup.policy"].is_default)
        self.assertEqual(cfg["max.message.bytes"].value, "1048588")
        self.assertTrue(cfg["max.message.bytes"].is_default)
        self.assertEqual(cfg["retention.bytes"].value, "-1")

        self.assertIsNone(self.admin.create_partitions([NewPartitions(topic, 5)])[topic].result(timeout=20))
        md = self.admin.list_topics(topic=topic, timeout=10)
        self.assertEqual(sorted(md.topics[topic].partitions), [0, 1, 2, 3, 4])
        # The new partitions take writes.
        producer = Producer({"bootstrap.servers": self.node.kafka})
        for p in range(5):
            producer.produce(topic, value=b"p%d" % p, partition=p)
        self.assertEqual(producer.flush(20), 0)
        self.assertEqual(high_watermarks(self.node.metrics(), topic), {p: 1 for p in range(5)})

        res = ConfigResource("topic", topic, set_config={"retention.ms": "999000", "max.message.bytes": "65536"})
        self.assertIsNone(self.admin.alter_configs([res])[res].result(timeout=20))
        cfg = self.describe(topic)
        self.assertEqual(cfg["retention.ms"].value, "999000")
        self.assertEqual(cfg["max.message.bytes"].value, "65536")
        self.assertFalse(cfg["max.message.bytes"].is_default)

        # The topic survives a restart with its partitions and configs.
        self.assertEqual(self.node.restart().alive(), True)
        self.admin = AdminClient({"bootstrap.servers": self.node.kafka})
        cfg = self.describe(topic)
        self.assertEqual(cfg["retention.ms"].value, "999000")
        md = self.admin.list_topics(timeout=10)
        self.assertEqual(len(md.topics[topic].partitions), 5)

        self.assertIsNone(self.admin.delete_topics([topic], operation_timeout=10)[topic].result(timeout=20))
        deadline = time.time() + 10
        while topic in self.admin.list_topics(timeout=10).topics and time.time() < deadline:
            time.sleep(0.2)
        self.assertNotIn(topic, self.admin.list_topics(timeout=10).topics)
        self.assertEqual(high_watermarks(self.node.metrics(), topic), {})

        # The name can be used again; the new topic starts empty.
        self.create_topic(topic, 1)
        self.assertEqual(high_watermarks(self.node.metrics(), topic), {0: 0})
        self.assertTrue(self.describe(topic)["retention.ms"].is_default)

    def test_admin_errors(self):
        err = kafka_error_of(self.admin.create_topics([NewTopic("admin-rf3", 1, 3)])["admin-rf3"])
        self.assertEqual(err.code(), KafkaError.INVALID_REPLICATION_FACTOR)
        self.assertEqual(err.code(), 38)
        self.assertIn("replication factor", err.str())
        self.assertNotIn("admin-rf3", self.admin.list_topics(timeout=10).topics)

        self.create_topic("admin-exists", 1)
        err = kafka_error_of(self.admin.create_topics([NewTopic("admin-exists", 2, 1)])["admin-exists"])
        self.assertEqual(err.code(), KafkaError.TOPIC_ALREADY_EXISTS)
        self.assertIn("admin-exists", err.str())
        self.assertEqual(len(self.admin.list_topics(timeout=10).topics["admin-exists"].partitions), 1)

        err = kafka_error_of(self.admin.create_topics(
            [NewTopic("admin-badcfg", 1, 1, config={"no.such.config": "1"})])["admin-badcfg"])
        self.assertEqual(err.code(), KafkaError.INVALID_CONFIG)
        self.assertIn("no.such.config", err.str())
        self.assertNotIn("admin-badcfg", self.admin.list_topics(timeout=10).topics)

        err = kafka_error_of(self.admin.create_topics(
            [NewTopic("admin-badval", 1, 1, config={"retention.ms": "soon"})])["admin-badval"])
        self.assertEqual(err.code(), KafkaError.INVALID_CONFIG)
        self.assertIn("retention.ms", err.str())

        res = ConfigResource("topic", "admin-exists", set_config={"cleanup.policy": "compact,archive"})
        err = kafka_error_of(self.admin.alter_configs([res])[res])
        self.assertEqual(err.code(), KafkaError.INVALID_CONFIG)
        self.assertEqual(self.describe("admin-exists")["cleanup.policy"].value, "delete")

        err = kafka_error_of(self.admin.create_partitions([NewPartitions("admin-exists", 1)])["admin-exists"])
        self.assertEqual(err.code(), KafkaError.INVALID_PARTITIONS)

        err = kafka_error_of(self.admin.delete_topics(["admin-missing"])["admin-missing"])
        self.assertEqual(err.code(), KafkaError.UNKNOWN_TOPIC_OR_PART)

        res = ConfigResource("topic", "admin-missing")
        err = kafka_error_of(self.admin.describe_configs([res])[res])
        self.assertEqual(err.code(), KafkaError.UNKNOWN_TOPIC_OR_PART)


if __name__ == "__main__":
    unittest.main()

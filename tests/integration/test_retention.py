#!/usr/bin/python3
"""Retention and disk space: retention.ms (topic override, node default,
changed at run time), retention.bytes, reading below the log start, and topic
deletion giving the disk back.

The node runs retention every 200 ms (log.retention.check.interval.ms), so
the tests wait for a condition with a deadline instead of sleeping; a check
that something stays waits for a whole retention pass (RetentionProbe).
"""
# ctest-labels: integration
import os
import re
import time
import unittest

from plexus_harness import PlexusNode, RetentionProbe, wait_for

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

CHECK_MS = 200
HOUR_MS = 3600 * 1000


def now_ms():
    return int(time.time() * 1000)



class RetentionTest(unittest.TestCase):
    settings = {"log.retention.check.interval.ms": str(CHECK_MS)}

    def setUp(self):
        # A node per test: the disk-space figures are node-wide.
        self.node = PlexusNode(settings=self.settings)
        self.addCleanup(self.node.cleanup)
        self.node.start()
        self.admin = AdminClient({"bootstrap.servers": self.node.kafka})
        self.consumer = Consumer({"bootstrap.servers": self.node.kafka, "group.id": "retention-probe",
                                  "enable.auto.commit": False})
        self.addCleanup(self.consumer.close)

    # -- helpers --------------------------------------------------------------
    def create_topic(self, name, partitions=1, config=None):
        self.admin.create_topics([NewTopic(name, partitions, 1, config=config or {})])[name].result(timeout=20)

    def produce(self, topic, count, size, timestamp=None, partition=0, batch_size=65536):
        """Produces `count` records of `size` random bytes; returns {offset: value}."""
        producer = Producer({"bootstrap.servers": self.node.kafka, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 5, "batch.size": batch_size, "compression.type": "none"})
        acked, failed = {}, []

        def on_delivery(err, msg):
            if err is None:
                acked[msg.offset()] = msg.value()
            else:
                failed.append(err)

        for i in range(count):
            value = b"%08d" % i + os.urandom(size - 8)
            kwargs = {"timestamp": timestamp} if timestamp is not None else {}
            while True:
                try:
                    producer.produce(topic, value=value, partition=partition, on_delivery=on_delivery, **kwargs)
                    break
                except BufferError:
                    producer.poll(0.05)
            if i % 500 == 0:
                producer.poll(0)
        self.assertEqual(producer.flush(60), 0)
        self.assertEqual(failed, [])
        self.assertEqual(len(acked), count)
        return acked

    def watermarks(self, topic, partition=0):
        return self.consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10, cached=False)

    def metric(self, series):
        return self.node.metrics().get(series)

    def partition_metric(self, name, topic, partition=0):
        return self.metric('%s{topic="%s",partition="%d"}' % (name, topic, partition))

    def disk_bytes(self):
        return self.metric("plexus_storage_disk_bytes")

    def disk_bytes_when(self, predicate, what, timeout=10):
        """plexus_storage_disk_bytes once it satisfies `predicate`; the node
        refreshes that gauge every 2 s, off the network thread."""
        return wait_for(lambda: (lambda d: d if predicate(d) else None)(self.disk_bytes()), timeout, what)

    def read_from(self, topic, offset, expected_count, partition=0, reset="error", timeout=30):
        """Reads from `offset`; returns [(offset, value)] or raises on a consumer error."""
        c = Consumer({"bootstrap.servers": self.node.kafka, "group.id": "retention-reader",
                      "enable.auto.commit": False, "auto.offset.reset": reset})
        try:
            c.assign([TopicPartition(topic, partition, offset)])
            out = []
            deadline = time.time() + timeout
            while len(out) < expected_count and time.time() < deadline:
                msg = c.poll(0.5)
                if msg is None:
                    continue
                if msg.error():
                    return out, msg.error()
                out.append((msg.offset(), msg.value()))
            return out, None
        finally:
            c.close()

    # -- tests ----------------------------------------------------------------
    def test_retention_ms_applies_after_alter_configs(self):
        """Old records are kept while retention.ms allows them, and dropped
        (with their disk space) once retention.ms is lowered; newer records
        stay."""
        topic = "ret-alter"
        self.create_topic(topic)
        old = self.produce(topic, 5000, 1000, timestamp=now_ms() - HOUR_MS)
        recent = self.produce(topic, 50, 200)
        self.assertEqual(min(recent), 5000)

        # Default retention (7 days): after a whole retention pass nothing is gone.
        RetentionProbe(self.node).wait_for_pass()
        self.assertEqual(self.watermarks(topic), (0, 5050))
        disk_before = self.disk_bytes_when(lambda d: d > 5_000_000, "plexus_storage_disk_bytes to show the 5 MB produced")

        res = ConfigResource("topic", topic, set_config={"retention.ms": str(10 * 60 * 1000)})
        self.admin.alter_configs([res])[res].result(timeout=20)
        wait_for(lambda: self.watermarks(topic)[0] > 0, 15, "the log start to move")
        # Whole batches go; every old batch is expired and no recent one is.
        self.assertEqual(self.watermarks(topic), (5000, 5050))
        self.assertEqual(self.partition_metric("plexus_partition_log_start_offset", topic), 5000)
        self.assertEqual(self.partition_metric("plexus_partition_high_watermark", topic), 5050)
        size = self.partition_metric("plexus_partition_size_bytes", topic)
        self.assertLess(size, 50 * 300, "partition still holds %s bytes" % size)

        disk_after = wait_for(lambda: (lambda d: d if d < disk_before * 0.2 else None)(self.disk_bytes()), 15,
                              "plexus_storage_disk_bytes to shrink below 20%% of %d" % disk_before)
        self.assertLess(self.node.data_dir_bytes(), disk_before * 0.2)
        self.assertLess(disk_after, 1_000_000)

        got, err = self.read_from(topic, 5000, 50)
        self.assertIsNone(err)
        self.assertEqual(got, sorted(recent.items()))
        self.assertTrue(old)  # produced and acknowledged before being dropped

    def test_short_retention_ms_expires_everything(self):
        """retention.ms=2000 at creation: records written now are all gone a
        little after 2 s, and so is their disk space."""
        topic = "ret-short"
        self.create_topic(topic, config={"retention.ms": "2000"})
        started = now_ms()
        self.produce(topic, 5000, 1000)
        produced_in = now_ms() - started
        m = self.node.metrics()
        self.assertEqual(m['plexus_topic_records_in_total{topic="%s"}' % topic], 5000)
        self.assertGreaterEqual(m['plexus_topic_bytes_in_total{topic="%s"}' % topic], 5_000_000)
        if produced_in < 1500:
            # Nothing may go before it is 2 s old.
            self.assertEqual(self.watermarks(topic)[0], 0, "records dropped before retention.ms passed")

        wait_for(lambda: self.watermarks(topic) == (5000, 5000), 20, "every record to expire")
        self.assertGreaterEqual(now_ms() - started, 2000, "records dropped before retention.ms passed")
        self.assertEqual(self.partition_metric("plexus_partition_size_bytes", topic), 0)
        wait_for(lambda: self.disk_bytes() < 1_000_000, 15, "plexus_storage_disk_bytes below 1 MB")
        self.assertLess(self.node.data_dir_bytes(), 1_000_000)

        # The log continues at the old end.
        more = self.produce(topic, 3, 100)
        self.assertEqual(sorted(more), [5000, 5001, 5002])

    def test_retention_bytes(self):
        topic = "ret-bytes"
        limit = 1_000_000
        self.create_topic(topic, config={"retention.bytes": str(limit)})
        values = self.produce(topic, 5000, 1000, batch_size=16384)
        batch_max = 16384 + 2000

        # Kafka's rule: the oldest batch goes only while what remains still
        # holds at least retention.bytes, so the log settles within one batch
        # above the limit.
        wait_for(lambda: self.partition_metric("plexus_partition_size_bytes", topic) < limit + batch_max, 15,
                 "the partition to shrink to retention.bytes")
        size = self.partition_metric("plexus_partition_size_bytes", topic)
        self.assertGreaterEqual(size, limit, "more than the excess was dropped: %d bytes left" % size)
        low, high = self.watermarks(topic)
        self.assertEqual(high, 5000)
        self.assertGreater(low, 0)
        kept = high - low
        self.assertTrue(950 <= kept <= 1020, "%d records of ~1 KB kept under a 1 MB limit" % kept)
        self.assertEqual(self.partition_metric("plexus_partition_log_start_offset", topic), low)

        got, err = self.read_from(topic, low, kept)
        self.assertIsNone(err)
        self.assertEqual(got, [(o, values[o]) for o in range(low, high)])
        wait_for(lambda: self.disk_bytes() < 2.5 * limit, 15, "plexus_storage_disk_bytes below 2.5 MB")

        # Still capped as more arrives (between two passes the excess is transient).
        self.produce(topic, 2000, 1000, batch_size=16384)
        wait_for(lambda: self.watermarks(topic)[0] > low + 1500 and
                 limit <= self.partition_metric("plexus_partition_size_bytes", topic) < limit + batch_max, 15,
                 "the log start to move again and the partition to be within a batch of retention.bytes")
        self.assertEqual(self.watermarks(topic)[1], 7000)

    def test_reading_below_log_start_resets(self):
        """After retention, offset 0 is out of range: with
        auto.offset.reset=earliest the consumer starts at the log start; with
        'error' it gets an error instead of data."""
        topic = "ret-below-start"
        self.create_topic(topic, config={"retention.ms": str(10 * 60 * 1000)})
        self.produce(topic, 300, 500, timestamp=now_ms() - HOUR_MS)
        recent = self.produce(topic, 20, 100)
        start = min(recent)
        wait_for(lambda: self.watermarks(topic)[0] == start, 15, "the old records to expire")

        got, err = self.read_from(topic, 0, 20, reset="earliest", timeout=15)
        self.assertIsNone(err, "consumer error reading from 0 with auto.offset.reset=earliest: %s" % err)
        self.assertEqual([o for o, _ in got], sorted(recent), "reading from 0 did not restart at the log start %d" % start)
        self.assertEqual(got, sorted(recent.items()))

        got, err = self.read_from(topic, 0, 1, reset="error", timeout=15)
        self.assertEqual(got, [], "records below the log start were served")
        self.assertIsNotNone(err, "no error for offset 0 below the log start %d" % start)
        self.assertEqual(err.code(), KafkaError._AUTO_OFFSET_RESET, str(err))

    def test_delete_topic_frees_disk(self):
        topic = "ret-delete"
        self.create_topic(topic, partitions=2)
        self.produce(topic, 2500, 1000, partition=0)
        self.produce(topic, 2500, 1000, partition=1)
        topics_dir = os.path.join(self.node.data_dir, "topics")
        dirs = [d for d in os.listdir(topics_dir) if d.startswith(topic + "-")]
        self.assertEqual(len(dirs), 1, os.listdir(topics_dir))
        before = self.node.data_dir_bytes()
        self.assertGreater(before, 5_000_000)
        self.disk_bytes_when(lambda d: d > 5_000_000, "plexus_storage_disk_bytes to show the 5 MB produced")

        self.admin.delete_topics([topic])[topic].result(timeout=20)
        wait_for(lambda: not os.path.exists(os.path.join(topics_dir, dirs[0])), 15, "the topic directory to go")
        self.assertLess(self.node.data_dir_bytes(), before - 5_000_000)
        self.disk_bytes_when(lambda d: d < before - 5_000_000, "plexus_storage_disk_bytes to drop by the deleted topic")
        self.assertNotIn(topic, self.admin.list_topics(timeout=10).topics)
        self.assertFalse(any(re.search(r'topic="%s"' % topic, s) and s.startswith("plexus_partition")
                             for s in self.node.metrics()))


class NodeDefaultRetentionTest(unittest.TestCase):
    def test_node_default_and_topic_override(self):
        """log.retention.ms is the default for topics without retention.ms;
        retention.ms=-1 on a topic keeps everything."""
        with PlexusNode(settings={"log.retention.check.interval.ms": str(CHECK_MS),
                                  "log.retention.ms": "60000"}) as node:
            admin = AdminClient({"bootstrap.servers": node.kafka})
            for name, cfg in (("default-ret", {}), ("keep-forever", {"retention.ms": "-1"})):
                admin.create_topics([NewTopic(name, 1, 1, config=cfg)])[name].result(timeout=20)
            res = ConfigResource("topic", "default-ret")
            self.assertEqual(admin.describe_configs([res])[res].result(timeout=20)["retention.ms"].value, "60000")

            producer = Producer({"bootstrap.servers": node.kafka, "acks": "all", "linger.ms": 5})
            old = now_ms() - HOUR_MS
            for name in ("default-ret", "keep-forever"):
                for i in range(200):
                    producer.produce(name, value=b"old-%d" % i, partition=0, timestamp=old)
                producer.flush(30)
                producer.produce(name, value=b"new", partition=0)
                self.assertEqual(producer.flush(30), 0)

            probe = RetentionProbe(node)
            consumer = Consumer({"bootstrap.servers": node.kafka, "group.id": "x", "enable.auto.commit": False})
            try:
                wm = lambda t: consumer.get_watermark_offsets(TopicPartition(t, 0), timeout=10, cached=False)
                wait_for(lambda: wm("default-ret") == (200, 201), 15, "default-ret to drop its old records")
                probe.wait_for_pass()  # one that also looked at keep-forever after default-ret lost its records
                self.assertEqual(wm("keep-forever"), (0, 201))
            finally:
                consumer.close()


if __name__ == "__main__":
    unittest.main()

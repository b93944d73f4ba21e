#!/usr/bin/python3
"""Durability: every record a producer saw acknowledged (acks=all) must be
there, at its acknowledged offset and with its value, after plexusd is killed
with SIGKILL and started again on the same data directory. Also: SIGTERM and
SIGINT stop the node cleanly with exit code 0.
"""
# ctest-labels: integration;fault
import os
import threading
import time
import unittest

from plexus_harness import PlexusNode, read_all

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic


def create_topic(node, name, partitions):
    admin = AdminClient({"bootstrap.servers": node.kafka})
    admin.create_topics([NewTopic(name, partitions, 1)])[name].result(timeout=20)


class DeliveryLog:
    """Collects delivery reports; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}       # value -> (partition, offset)
        self.failed = []

    def __call__(self, err, msg):
        with self.lock:
            if err is None:
                self.acked[msg.value()] = (msg.partition(), msg.offset())
            else:
                self.failed.append(err)

    def snapshot(self):
        with self.lock:
            return dict(self.acked), list(self.failed)


def make_value(i):
    return b"rec-%07d-" % i + os.urandom(64 + i % 200)


class PersistenceTest(unittest.TestCase):
    def start_node(self, **kwargs):
        node = PlexusNode(**kwargs)
        self.addCleanup(node.cleanup)
        node.start()
        return node

    def verify_acked(self, node, topic, partitions, acked):
        msgs, highs = read_all(node.kafka, topic, partitions)
        got = {po: (m.key(), m.value()) for po, m in msgs.items()}
        values_seen = {}
        for (p, o), (_, v) in got.items():
            self.assertNotIn(v, values_seen, "value stored twice: at %s and %s" % (values_seen.get(v), (p, o)))
            values_seen[v] = (p, o)
        missing = [(v[:12], po) for v, po in acked.items() if got.get(po, (None, None))[1] != v]
        self.assertEqual(missing[:10], [], "%d acknowledged records missing or changed after restart" % len(missing))
        for p in range(partitions):
            offsets = sorted(o for (pp, o) in got if pp == p)
            self.assertEqual(offsets, list(range(highs[p])), "partition %d: offsets not dense up to %d" % (p, highs[p]))
        return got, highs

    def test_acked_records_survive_kill9(self):
        node = self.start_node()
        topic = "durable"
        partitions = 3
        create_topic(node, topic, partitions)
        log = DeliveryLog()
        producer = Producer({"bootstrap.servers": node.kafka, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 2})
        count = 4000
        for i in range(count):
            producer.produce(topic, key=b"k%d" % (i % 50), value=make_value(i), on_delivery=log)
            if i % 200 == 0:
                producer.poll(0)
        self.assertEqual(producer.flush(60), 0)
        acked, failed = log.snapshot()
        self.assertEqual(failed, [])
        self.assertEqual(len(acked), count)

        node.kill()
        self.assertFalse(node.alive())
        self.assertEqual(node.proc.returncode, -9)
        node.start()

        got, highs = self.verify_acked(node, topic, partitions, acked)
        self.assertEqual(len(got), count)
        self.assertEqual(sum(highs.values()), count)

        # The node carries on where it stopped: a new idempotent producer
        # appends at the old high watermarks.
        producer2 = Producer({"bootstrap.servers": node.kafka, "enable.idempotence": True, "acks": "all"})
        after = DeliveryLog()
        for p in range(partitions):
            producer2.produce(topic, value=b"after-restart-%d" % p, partition=p, on_delivery=after)
        self.assertEqual(producer2.flush(30), 0)
        acked2, failed2 = after.snapshot()
        self.assertEqual(failed2, [])
        self.assertEqual(sorted(acked2.values()), [(p, highs[p]) for p in range(partitions)])

    def kill_while_producing(self, settings=None):
        node = self.start_node(settings=settings)
        topic = "durable-midflight"
        partitions = 2
        create_topic(node, topic, partitions)
        log = DeliveryLog()
        stop = threading.Event()
        produced = [0]
        errors = []

        def produce_loop():
            try:
                producer = Producer({"bootstrap.servers": node.kafka, "enable.idempotence": True, "acks": "all",
                                     "linger.ms": 1, "message.timeout.ms": 3000,
                                     "reconnect.backoff.max.ms": 200})
                i = 0
                while not stop.is_set() and i < 2_000_000:
                    try:
                        producer.produce(topic, key=b"k%d" % (i % 17), value=make_value(i), on_delivery=log)
                    except BufferError:
                        producer.poll(0.05)
                        continue
                    i += 1
                    produced[0] = i
                    if i % 50 == 0:
                        producer.poll(0.002)  # keep a steady stream, serve delivery reports
                producer.flush(20)
            except Exception as e:  # surfaced by the main thread
                errors.append(e)

        t = threading.Thread(target=produce_loop, daemon=True)
        t.start()
        deadline = time.time() + 60
        while len(log.snapshot()[0]) < 3000 and time.time() < deadline and t.is_alive():
            time.sleep(0.02)
        self.assertGreaterEqual(len(log.snapshot()[0]), 3000, "producer got too few acknowledgements: %r" % errors)
        node.kill()                      # the producer is still sending
        produced_at_kill = produced[0]
        time.sleep(0.5)
        stop.set()
        t.join(60)
        self.assertFalse(t.is_alive(), "producer thread did not finish")
        self.assertEqual(errors, [])
        acked, failed = log.snapshot()
        # The kill must really have interrupted the stream: some records were
        # never acknowledged.
        self.assertGreater(produced_at_kill, 0)
        self.assertGreater(len(failed), 0, "no delivery failed; the kill did not hit a running producer")

        node.start()
        got, highs = self.verify_acked(node, topic, partitions, acked)
        self.assertGreaterEqual(len(got), len(acked))
        return node

    def test_kill9_while_producing(self):
        self.kill_while_producing()

    def test_kill9_while_producing_interval_flush(self):
        # Interval mode acknowledges before fsync; a process crash (not a
        # power loss) must still lose nothing acknowledged.
        self.kill_while_producing(settings={"log.flush.mode": "interval", "log.flush.interval.ms": "5000"})

    def graceful_stop(self, sig):
        node = self.start_node()
        topic = "graceful"
        create_topic(node, topic, 1)
        log = DeliveryLog()
        producer = Producer({"bootstrap.servers": node.kafka, "enable.idempotence": True, "acks": "all"})
        for i in range(500):
            producer.produce(topic, value=make_value(i), on_delivery=log)
        self.assertEqual(producer.flush(30), 0)
        node.proc.send_signal(sig)
        node.proc.wait(15)
        self.assertEqual(node.proc.returncode, 0, node.log_text())
        deadline = time.time() + 5
        while "stopped cleanly" not in node.log_text() and time.time() < deadline:
            time.sleep(0.05)
        self.assertIn("stopped cleanly", node.log_text())
        node.start()
        acked, _ = log.snapshot()
        got, highs = self.verify_acked(node, topic, 1, acked)
        self.assertEqual(highs, {0: 500})
        self.assertEqual(node.stop(), 0)

    def test_sigterm_exits_zero(self):
        import signal
        self.graceful_stop(signal.SIGTERM)

    def test_sigint_exits_zero(self):
        import signal
        self.graceful_stop(signal.SIGINT)


if __name__ == "__main__":
    unittest.main()

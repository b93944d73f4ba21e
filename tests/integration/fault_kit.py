#!/usr/bin/python3
"""What the fault tests share: a Book of every write and its outcome (the
checker's input), steady idempotent acks=all producers, an assign-mode
consumer, and the final drain read. Used by test_cluster_faults.py and
test_disk_faults.py."""
import threading
import time
from collections import Counter

from plexus_harness import wait_for
from cluster_checker import ACKED, FAILED, Write, check, classify_error

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

TOPIC = "faults"
PARTITIONS = 3


def now():
    return time.monotonic()


class Book:
    """Every write sent, with its outcome, as the checker wants it. The
    producers' delivery callbacks and the test thread share it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.writes = {}
        self.errors = Counter()   # delivery errors by name

    def sent(self, value, partition):
        with self.lock:
            self.writes[value] = Write(value, now(), partition=partition)

    def acked(self, value, partition, offset):
        with self.lock:
            w = self.writes[value]
            w.done, w.outcome, w.partition, w.offset = now(), ACKED, partition, offset

    def failed(self, value, error, outcome):
        with self.lock:
            w = self.writes[value]
            w.done, w.outcome, w.error = now(), outcome, error
            self.errors[error] += 1

    def on_delivery(self, err, msg):
        if err is None:
            self.acked(msg.value(), msg.partition(), msg.offset())
        else:
            self.failed(msg.value(), err.name(), classify_error(err.name()))

    def send(self, producer, topic, value, partition=0):
        """Hands one write to a confluent-kafka producer; a write the client
        refuses at once (BufferError and the like) definitely failed."""
        self.sent(value, partition)
        try:
            producer.produce(topic, value=value, partition=partition, on_delivery=self.on_delivery)
        except Exception as e:
            self.failed(value, repr(e), FAILED)

    def __getitem__(self, value):
        with self.lock:
            return self.writes[value]

    def snapshot(self):
        with self.lock:
            return dict(self.writes)


class ProducerThread(threading.Thread):
    """Writes unique values "p<id>-<seq>" at `rate` per second, round-robin
    over the partitions, into the book."""

    def __init__(self, ident, bootstrap, book, rate, stop, topic=TOPIC, partitions=PARTITIONS,
                 timeout_ms=20000):
        super().__init__(daemon=True, name="producer-%d" % ident)
        self.pid_label, self.book, self.rate, self.stop = ident, book, rate, stop
        self.topic, self.partitions = topic, partitions
        self.fatal = None
        self.producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                                  "linger.ms": 5, "message.timeout.ms": timeout_ms,
                                  "client.id": "fault-producer-%d" % ident})

    def run(self):
        try:
            self._run()
        except Exception as e:  # a fatal client error: this producer is done
            self.fatal = repr(e)

    def _run(self):
        seq = 0
        interval = 1.0 / self.rate
        next_at = now()
        while not self.stop.is_set():
            self.book.send(self.producer, self.topic, b"p%d-%d" % (self.pid_label, seq), seq % self.partitions)
            seq += 1
            next_at += interval
            while not self.stop.is_set() and now() < next_at:
                self.producer.poll(max(0.0, min(0.05, next_at - now())))
        self.producer.flush(60)


class ConsumerThread(threading.Thread):
    """Assign-mode consumer of every partition from offset 0; records
    (partition, offset, value) in poll order."""

    def __init__(self, bootstrap, stop, topic=TOPIC, partitions=PARTITIONS):
        super().__init__(daemon=True, name="consumer")
        self.stop, self.topic = stop, topic
        self.records = []
        self.errors = Counter()
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "fault-checker",
                                  "enable.auto.commit": False, "auto.offset.reset": "error",
                                  "enable.partition.eof": False})
        self.consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        self.next = {p: 0 for p in range(partitions)}

    def run(self):
        try:
            while not self.stop.is_set():
                msg = self.consumer.poll(0.2)
                if msg is None:
                    continue
                if msg.error():
                    self.errors[msg.error().name()] += 1
                    if msg.error().code() == KafkaError.OFFSET_OUT_OF_RANGE and msg.partition() is not None:
                        # keep reading where we were (rule 4 is checked on what we get)
                        p = msg.partition()
                        try:
                            self.consumer.seek(TopicPartition(self.topic, p, self.next[p]))
                        except Exception:
                            time.sleep(0.2)
                    continue
                self.records.append((msg.partition(), msg.offset(), msg.value()))
                self.next[msg.partition()] = msg.offset() + 1
        finally:
            self.consumer.close()


def drain(bootstrap, topic, partitions, timeout=90):
    """Reads every partition from its earliest offset up to its high
    watermark; returns ([(partition, offset, value)], {partition: high})."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "fault-drain", "enable.auto.commit": False,
                  "auto.offset.reset": "error", "enable.partition.eof": True})
    try:
        highs = {}
        for p in range(partitions):
            lows_highs = wait_for(lambda: _watermarks(c, topic, p), 30, "watermarks of %s/%d" % (topic, p))
            highs[p] = lows_highs[1]
        c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        out, pos = [], {p: 0 for p in range(partitions)}
        deadline = time.time() + timeout
        while any(pos[p] < highs[p] for p in highs) and time.time() < deadline:
            msg = c.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                # at the end: a log may end in offsets without records (a new
                # leader's empty batch), which no record ever reaches
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    pos[msg.partition()] = max(pos[msg.partition()], msg.offset())
                continue
            out.append((msg.partition(), msg.offset(), msg.value()))
            pos[msg.partition()] = msg.offset() + 1
        if any(pos[p] < highs[p] for p in highs):
            raise AssertionError("drain incomplete after %ss: positions %r, high watermarks %r" % (timeout, pos, highs))
        return out, highs
    finally:
        c.close()


def _watermarks(consumer, topic, p):
    try:
        return consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=5)
    except Exception:
        return None


def assert_checked(testcase, book, records, *concurrent):
    """Applies the TESTING.md rules to the book and what was read (the drain,
    then any concurrent reads); prints the counts, fails `testcase` on a
    violation, and returns the report."""
    report = check(book.snapshot(), records, *concurrent)
    print("RESULT " + report.summary())
    if not report.ok():
        print("checker violations:\n" + report.details(20))
    testcase.assertTrue(report.ok(), "checker violations:\n" + report.details())
    return report

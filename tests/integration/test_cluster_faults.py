#!/usr/bin/python3
"""Fault injection against a 3-node cluster, checked with the rules of
../shared/design/TESTING.md (cluster_checker.py).

test_faults_keep_acknowledged_writes: two idempotent acks=all producers and
an assign-mode consumer run while a fault loop (PLEXUS_FAULT_SECONDS, 45 by
default) kills leaders and the controller with SIGKILL, SIGSTOPs nodes and
restarts nodes gracefully; then everything is healed, a drain reads every
partition and the checker decides.

test_no_split_brain: a leader whose two followers are stopped must not
acknowledge any acks=all write; after the followers resume the cluster heals
and acknowledged writes are readable.
"""
# ctest-labels: fault;integration
import os
import random
import subprocess
import threading
import time
import unittest
from collections import Counter

from plexus_harness import PlexusCluster, wait_for
from cluster_checker import ACKED, FAILED, INDETERMINATE, Write, check, classify_error

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

TOPIC = "faults"
PARTITIONS = 3


def now():
    return time.monotonic()


class ProducerThread(threading.Thread):
    """Writes unique values "p<id>-<seq>" at `rate` per second, round-robin
    over the partitions, and records each write's outcome."""

    def __init__(self, ident, bootstrap, writes, lock, rate, stop, topic=TOPIC, partitions=PARTITIONS,
                 timeout_ms=20000):
        super().__init__(daemon=True, name="producer-%d" % ident)
        self.pid_label, self.writes, self.lock, self.rate, self.stop = ident, writes, lock, rate, stop
        self.topic, self.partitions = topic, partitions
        self.errors = Counter()
        self.fatal = None
        self.producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                                  "linger.ms": 5, "message.timeout.ms": timeout_ms,
                                  "client.id": "fault-producer-%d" % ident})

    def on_delivery(self, err, msg):
        with self.lock:
            w = self.writes[msg.value()]
            w.done = now()
            if err is None:
                w.outcome, w.partition, w.offset = ACKED, msg.partition(), msg.offset()
            else:
                w.outcome, w.error = classify_error(err.name()), err.name()
                self.errors[err.name()] += 1

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
            value = b"p%d-%d" % (self.pid_label, seq)
            p = seq % self.partitions
            with self.lock:
                self.writes[value] = Write(value, now(), partition=p)
            try:
                self.producer.produce(self.topic, value=value, partition=p, on_delivery=self.on_delivery)
            except Exception as e:  # BufferError and the like: never handed to the client
                with self.lock:
                    self.writes[value].outcome, self.writes[value].error = FAILED, repr(e)
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
            if msg is None or msg.error():
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


def netns_available():
    if os.geteuid() != 0:
        return False
    try:
        return subprocess.run(["ip", "netns", "list"], capture_output=True, timeout=5).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class ClusterFaultTest(unittest.TestCase):
    def setUp(self):
        self.cluster = PlexusCluster(3)
        self.addCleanup(self.cluster.cleanup)
        self.cluster.start()
        self.addCleanup(self.dump_logs_on_failure)
        self.cluster.wait_ready(30)

    def dump_logs_on_failure(self):
        outcome = getattr(self, "_outcome", None)
        result = getattr(outcome, "result", None)
        failed = not getattr(outcome, "success", True) or any(
            t is self for t, _ in (getattr(result, "failures", []) + getattr(result, "errors", [])))
        if failed:
            for i, n in self.cluster.nodes.items():
                lines = n.log_text(all_runs=True).splitlines()
                print("==== node %d log (last 60 of %d lines) ====\n%s" % (i, len(lines), "\n".join(lines[-60:])))

    def create_topic(self, name, partitions):
        admin = AdminClient({"bootstrap.servers": self.cluster.bootstrap})
        admin.create_topics([NewTopic(name, partitions, 3)], operation_timeout=10)[name].result(timeout=30)
        return self.cluster.wait_for_leaders(name, 20)

    # ------------------------------------------------------------------
    def inject_faults(self, seconds, faults, log):
        c = self.cluster
        rnd = random.Random(int(os.environ.get("PLEXUS_FAULT_SEED", time.time())))
        kinds = ["kill_leader", "pause", "kill_controller", "graceful_restart"]
        if netns_available():
            print("netns partition: not implemented (running as root with ip netns, but the nodes share "
                  "one loopback; network partitions are not injected)")
        end = time.time() + seconds
        while time.time() < end:
            kind = rnd.choice(kinds)
            t0 = time.time()
            try:
                if kind == "kill_leader":
                    p = rnd.randrange(PARTITIONS)
                    victim = c.leader_of(TOPIC, p)
                    if victim not in c.nodes:
                        victim = rnd.choice(list(c.nodes))
                    c.kill(victim)
                    time.sleep(rnd.uniform(2, 5))
                    c.restart(victim, graceful=False)
                    detail = "node %d (leader of p%d)" % (victim, p)
                elif kind == "pause":
                    victim = rnd.choice(list(c.nodes))
                    c.pause(victim)
                    time.sleep(rnd.uniform(2, 4))
                    c.resume(victim)
                    detail = "node %d" % victim
                elif kind == "kill_controller":
                    victim = c.controller()
                    if victim not in c.nodes:
                        victim = rnd.choice(list(c.nodes))
                    c.kill(victim)
                    time.sleep(rnd.uniform(2, 5))
                    c.restart(victim, graceful=False)
                    detail = "node %d (controller)" % victim
                else:
                    victim = rnd.choice(list(c.nodes))
                    c.restart(victim, graceful=True)
                    detail = "node %d" % victim
                faults[kind] += 1
                log.append("%7.1fs %-16s %s (%.1fs)" % (time.time() - self.t_start, kind, detail, time.time() - t0))
            except Exception as e:
                faults[kind + "_error"] += 1
                log.append("%7.1fs %-16s FAILED: %r" % (time.time() - self.t_start, kind, e))
                for i, n in c.nodes.items():  # bring everything back before going on
                    c.resume(i)
                    if not n.alive():
                        try:
                            c.restart(i, graceful=False)
                        except Exception as e2:
                            log.append("          restart of node %d failed: %r" % (i, e2))
            time.sleep(rnd.uniform(1.5, 3))

    def test_faults_keep_acknowledged_writes(self):
        seconds = float(os.environ.get("PLEXUS_FAULT_SECONDS", "45"))
        self.create_topic(TOPIC, PARTITIONS)
        self.t_start = time.time()
        writes, lock = {}, threading.Lock()
        stop_producers, stop_consumer = threading.Event(), threading.Event()
        # Producer ids are unique per node (node id in the high 32 bits), so by
        # default the producers bootstrap through every node;
        # PLEXUS_FAULT_PRODUCER_BOOTSTRAP=1 (a node id) bootstraps both through
        # that one node.
        choice = os.environ.get("PLEXUS_FAULT_PRODUCER_BOOTSTRAP", "all")
        if choice == "all":
            producer_bootstrap = self.cluster.bootstrap
        else:
            producer_bootstrap = self.cluster.nodes[int(choice)].kafka
        producers = [ProducerThread(i, producer_bootstrap, writes, lock, 75, stop_producers) for i in (1, 2)]
        consumer = ConsumerThread(self.cluster.bootstrap, stop_consumer)
        for t in producers + [consumer]:
            t.start()
        time.sleep(3)
        faults, log = Counter(), []
        self.inject_faults(seconds, faults, log)
        print("\nfaults injected:\n" + "\n".join(log))
        # heal: every node running and resumed, leaders everywhere
        for i, n in self.cluster.nodes.items():
            self.cluster.resume(i)
            self.assertTrue(n.alive(), "node %d is not running after the faults:\n%s" % (i, n.log_text(all_runs=True)[-5000:]))
        self.cluster.wait_ready(30)
        self.cluster.wait_for_leaders(TOPIC, 30)
        time.sleep(3)  # a few writes on the healed cluster
        stop_producers.set()
        for t in producers:
            t.join(90)
            self.assertFalse(t.is_alive(), "producer did not finish")
        t_drain = time.time()
        records, highs = drain(self.cluster.bootstrap, TOPIC, PARTITIONS)
        drain_s = time.time() - t_drain
        try:
            wait_for(lambda: all(consumer.next[p] >= highs[p] for p in highs), 30,
                     "the concurrent consumer to reach the high watermarks", interval=0.2)
            consumer_caught_up = True
        except AssertionError:
            consumer_caught_up = False
        stop_consumer.set()
        consumer.join(30)
        with lock:
            snapshot = dict(writes)
        report = check(snapshot, records, consumer.records)
        print("high watermarks %r, drain %.1fs" % (highs, drain_s))
        print("producer errors: %r" % dict(sum((p.errors for p in producers), Counter())))
        print("consumer errors: %r" % dict(consumer.errors))
        print("faults by kind: %r" % dict(faults))
        print("RESULT " + report.summary())
        print("concurrent consumer positions %r (caught up: %s)" % (consumer.next, consumer_caught_up))
        if not report.ok():
            print("checker violations:\n" + report.details(20))
        self.assertTrue(report.ok(), "checker violations:\n" + report.details())
        self.assertEqual([p.fatal for p in producers if p.fatal], [], "fatal producer errors")
        self.assertEqual(report.pending, 0, "writes without a delivery report")
        self.assertGreater(report.acked, 100)
        self.assertFalse([k for k in faults if k.endswith("_error")], "fault injection failed: %r" % dict(faults))
        self.assertTrue(consumer_caught_up, "the concurrent consumer stopped short of the high watermarks")

    def test_no_split_brain(self):
        topic = "isolated"
        leaders = self.create_topic(topic, 1)
        leader = leaders[0]
        followers = [i for i in self.cluster.nodes if i != leader]
        writes, lock = {}, threading.Lock()

        def cb(err, msg):
            with lock:
                w = writes[msg.value()]
                w.done = now()
                if err is None:
                    w.outcome, w.partition, w.offset = ACKED, msg.partition(), msg.offset()
                else:
                    w.outcome, w.error = classify_error(err.name()), err.name()

        def send(producer, value):
            with lock:
                writes[value] = Write(value, now(), partition=0)
            producer.produce(topic, value=value, partition=0, on_delivery=cb)

        leader_addr = self.cluster.nodes[leader].kafka
        producer = Producer({"bootstrap.servers": leader_addr, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 2, "message.timeout.ms": 4000, "request.timeout.ms": 3000})
        for i in range(50):
            send(producer, b"before-%d" % i)
        self.assertEqual(producer.flush(20), 0)
        self.assertTrue(all(w.outcome == ACKED for w in writes.values()), "writes before the isolation failed")

        for f in followers:
            self.cluster.pause(f)
        t_isolated = now()
        isolated_values = []
        while now() - t_isolated < 5:
            v = b"isolated-%d" % len(isolated_values)
            isolated_values.append(v)
            send(producer, v)
            producer.poll(0.1)
        # everything sent during the isolation either times out or is still pending
        producer.flush(2)
        t_resume = now()
        with lock:
            early = [(v, writes[v].offset) for v in isolated_values
                     if writes[v].outcome == ACKED and writes[v].done < t_resume]
        for f in followers:
            self.cluster.resume(f)
        self.assertEqual(early, [], "a leader alone acknowledged acks=all writes (split brain)")
        self.assertEqual(producer.flush(30), 0, "isolation-phase writes without a delivery report")
        t_healed = time.time()
        new_leaders = self.cluster.wait_for_leaders(topic, 30)
        print("\nisolated node %d (leader) for 5s; %d writes sent meanwhile: %r; leader after healing: node %d "
              "(%.1fs)" % (leader, len(isolated_values), dict(Counter(writes[v].outcome + ":" + writes[v].error
                                                                      for v in isolated_values)),
                           new_leaders[0], time.time() - t_healed))
        # Bootstrap through the same node as the first producer: producer ids
        # are allocated per node (test_cluster.py covers ids across nodes).
        healed = Producer({"bootstrap.servers": leader_addr, "enable.idempotence": True, "acks": "all",
                           "linger.ms": 2, "message.timeout.ms": 20000})
        for i in range(100):
            send(healed, b"after-%d" % i)
        self.assertEqual(healed.flush(30), 0)
        after = [writes[b"after-%d" % i] for i in range(100)]
        self.assertEqual([w.error for w in after if w.outcome != ACKED], [], "writes after healing failed")
        records, highs = drain(self.cluster.bootstrap, topic, 1)
        with lock:
            report = check(dict(writes), records)
        print("RESULT " + report.summary())
        self.assertTrue(report.ok(), "checker violations:\n" + report.details())


if __name__ == "__main__":
    unittest.main()

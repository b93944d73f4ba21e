#!/usr/bin/python3
"""Disk faults from ../shared/design/TESTING.md: a full disk and a truncated
data file, checked with cluster_checker.py.

A full disk is a size-limited tmpfs mounted over the node's data directory,
so the test needs root (and mount); without it the tests fail, naming it.

test_full_disk_on_a_single_node: writes fill the disk; the node keeps running
and answering, refuses further writes to the full partition with
KAFKA_STORAGE_ERROR, reports itself degraded (/v1/health, the
plexus_storage_failed_partitions metric) and logs the failure once, and still
serves reads. After a restart with room, every acknowledged write is there
exactly once, and new writes are taken.

test_full_disk_on_one_node_of_three: in a 3-node cluster one node's disk fills while
producers write with acks=all; the two others go on acknowledging, the
partition the full node led gets a new leader, nothing acknowledged is lost. Restarted with room,
the node catches up, and with another node killed it forms the majority that
acknowledges new writes.

test_truncated_log_on_a_follower: a follower's LevelDB write-ahead log is cut
to half while it is stopped. LevelDB cannot tell that from an interrupted
write, so the node starts with a log that ends before entries it had
acknowledged. The leader notices (the follower's log ends before its match
point), says so, and repairs it; with the leader then killed, the repaired
follower is one of the two that hold every acknowledged write.
"""
# ctest-labels: fault;integration
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from plexus_harness import (PlexusCluster, PlexusNode, create_topic, produce, produce_batch, read_all, has_failed,
                            wait_for)
from cluster_checker import ACKED
from fault_kit import Book, assert_checked, drain, now

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

KAFKA_STORAGE_ERROR = 56
PAD = bytes(range(256)) * 16  # 4 KiB per write, so that a few MiB fill the disk


class Tmpfs:
    """A tmpfs of `size_mb` MiB mounted on a fresh directory: a disk that
    fills up. resize() gives it room without touching its files."""

    def __init__(self, size_mb):
        if os.geteuid() != 0:
            raise RuntimeError("the disk-fault tests need root to mount a size-limited tmpfs "
                               "(run ctest as root or with sudo)")
        if not shutil.which("mount") or not shutil.which("umount"):
            raise RuntimeError("the disk-fault tests need mount and umount (Debian package mount)")
        self.path = tempfile.mkdtemp(prefix="plexus-disk-")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % size_mb, "plexus-test-disk", self.path],
                       check=True)

    def resize(self, size_mb):
        subprocess.run(["mount", "-o", "remount,size=%dm" % size_mb, self.path], check=True)

    def free_bytes(self):
        st = os.statvfs(self.path)
        return st.f_bavail * st.f_frsize

    def close(self):
        subprocess.run(["umount", self.path], check=False)
        shutil.rmtree(self.path, ignore_errors=True)


def health(node):
    status, body = node.http_get("/v1/health")
    return status, json.loads(body)


def degraded(node):
    try:
        status, body = health(node)
    except OSError:
        return None
    return body if body.get("status") == "degraded" else None


class DiskFaultTest(unittest.TestCase):
    def setUp(self):
        self.cluster = None
        self.addCleanup(self.dump_logs_on_failure)

    def tmpfs(self, size_mb):
        disk = Tmpfs(size_mb)
        self.addCleanup(disk.close)  # runs after the nodes' cleanups, added later
        return disk

    def dump_logs_on_failure(self):
        if has_failed(self) and self.cluster:
            self.cluster.print_logs(40)

    @staticmethod
    def producer(bootstrap, timeout_ms=10000):
        return Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                         "linger.ms": 5, "message.timeout.ms": timeout_ms})

    def fill(self, producer, book, topic, partitions, full_node, after_s=0.0, limit_s=90, rate=1500):
        """Writes 4 KiB values round-robin at about `rate` per second until
        `full_node` reports itself degraded, then `after_s` seconds more.
        Returns (seconds until degraded, the health body, writes sent)."""
        start, seq, degraded_at, body, next_check = now(), 0, None, None, 0.0
        interval = 1.0 / rate
        while degraded_at is None or now() - degraded_at < after_s:
            self.assertLess(now() - start, limit_s, "%s never reported a full disk" % full_node.admin)
            book.send(producer, topic, b"w%07d-" % seq + PAD, seq % partitions)
            seq += 1
            producer.poll(0)
            ahead = start + seq * interval - now()
            if ahead > 0:
                producer.poll(ahead)
            if degraded_at is None and now() >= next_check:
                next_check = now() + 0.25
                body = degraded(full_node)
                if body:
                    degraded_at = now()
        return degraded_at - start, body, seq

    # ------------------------------------------------------------------
    def test_full_disk_on_a_single_node(self):
        disk = self.tmpfs(32)
        node = PlexusNode(data_dir=disk.path)
        self.addCleanup(node.cleanup)
        node.start()
        create_topic(node, "other", 1)
        produce(node.kafka, "other", [(None, b"other-%d" % i, 0) for i in range(10)])
        create_topic(node, "full", 1)
        book = Book()
        producer = self.producer(node.kafka)
        took, body, sent = self.fill(producer, book, "full", 1, node)
        producer.flush(30)
        acked = sum(1 for w in book.snapshot().values() if w.outcome == ACKED)
        print("\nthe 32 MiB disk was full after %.1f s: %d writes sent, %d acknowledged, errors %s"
              % (took, sent, acked, dict(book.errors)))
        self.assertTrue(node.alive(), "plexusd exited on a full disk")
        self.assertGreater(acked, 1000)
        # The node says what failed, where, and why.
        failures = body["storage_failures"]
        self.assertEqual([(f["topic"], f["partition"]) for f in failures], [("full", 0)], body)
        self.assertIn("No space left on device", failures[0]["error"])
        self.assertEqual(node.metrics()["plexus_storage_failed_partitions"], 1.0)
        # A write to the full partition gets a precise error, not a timeout.
        code, _ = produce_batch(node.kafka, "full", 0, [b"direct"])
        self.assertEqual(code, KAFKA_STORAGE_ERROR)
        # Logged once, although the producer retried many times.
        reports = [l for l in node.log_text().splitlines() if "storage: a write to" in l]
        self.assertEqual(len(reports), 1, "\n".join(reports[:5]))
        self.assertIn(os.path.join("topics", "full-"), reports[0])
        print("logged: " + reports[0])
        # Reads still work, on the full partition as on the others.
        msgs, _ = read_all(node.kafka, "other", 1)
        self.assertEqual(sorted(m.value() for m in msgs.values()), sorted(b"other-%d" % i for i in range(10)))

        # Restarted with room: every acknowledged write, once; new writes taken.
        self.assertEqual(node.stop(), 0)
        disk.resize(256)
        node.start(same_ports=True)
        self.assertEqual(health(node), (200, {"status": "ready"}))
        records, _ = drain(node.kafka, "full", 1)
        assert_checked(self, book, records)
        for k in range(100):
            book.send(producer, "full", b"after-%d" % k)
        self.assertEqual(producer.flush(30), 0)
        self.assertEqual([w.error for w in book.snapshot().values()
                          if w.value.startswith(b"after-") and w.outcome != ACKED], [])

    def test_full_disk_on_one_node_of_three(self):
        disk = self.tmpfs(48)
        self.cluster = c = PlexusCluster(3, data_dirs={1: disk.path})
        self.addCleanup(c.cleanup)
        c.start()
        c.wait_ready(30)
        topic, partitions = "fill", 3
        admin = AdminClient({"bootstrap.servers": c.bootstrap})
        admin.create_topics([NewTopic(topic, partitions, 3)], operation_timeout=10)[topic].result(timeout=30)
        leaders = c.wait_for_leaders(topic, 20)
        if leaders[0] != 1:  # node 1 leads partition 0 when its disk fills
            status, answer = c.nodes[1].http_post("/v1/partitions/%s/0/leader?to=1" % topic)
            self.assertEqual(status, 202, answer)  # accepted: the leader carries it out
            leaders = wait_for(lambda: (lambda l: l if l[0] == 1 else None)(c.wait_for_leaders(topic, 20)), 20,
                               "node 1 to lead %s-0" % topic)
        print("\nleaders before: %r" % leaders)
        book = Book()
        producer = self.producer(c.bootstrap, timeout_ms=30000)
        took, body, sent = self.fill(producer, book, topic, partitions, c.nodes[1], after_s=8)
        t_degraded = now() - 8
        self.assertEqual(producer.flush(60), 0)
        writes = book.snapshot().values()
        acked_after = sum(1 for w in writes if w.outcome == ACKED and w.sent > t_degraded + 2)
        print("node 1's 48 MiB disk was full after %.1f s; %d writes sent, %d acknowledged (%d sent more than "
              "2 s after the disk filled), errors %s" % (took, sent, sum(1 for w in writes if w.outcome == ACKED),
                                                         acked_after, dict(book.errors)))
        print("node 1 reports: %s" % json.dumps(body)[:300])
        self.assertTrue(c.nodes[1].alive(), "plexusd exited on a full disk")
        self.assertGreater(acked_after, 1000, "the two healthy nodes stopped acknowledging")
        self.assertTrue(any(f["topic"] == topic for f in body["storage_failures"]), body)
        # Node 1 points clients at the leaders the others elected.
        def moved():
            md = c.node_metadata(1, [topic])["topics"][topic][1]
            return md if all(md[p][1] in (2, 3) for p in range(partitions)) else None
        md = wait_for(moved, 20, "node 1 to name leaders other than itself")
        print("leaders named by node 1 with its disk full: %r" % {p: md[p][1] for p in md})
        healthy = ",".join(c.nodes[i].kafka for i in (2, 3))
        records, highs = drain(healthy, topic, partitions)
        assert_checked(self, book, records)

        # With room again, node 1 catches up and counts in a majority.
        self.assertEqual(c.stop_node(1), 0)
        disk.resize(512)
        c.nodes[1].start(same_ports=True)

        def caught_up():
            hw = c.nodes[1].metrics()
            return all(hw.get('plexus_partition_high_watermark{topic="%s",partition="%d"}' % (topic, p)) == highs[p]
                       for p in range(partitions))
        started = now()
        wait_for(caught_up, 60, "node 1 to reach the leaders' high watermarks %r" % highs)
        print("restarted with room, node 1 caught up %.1f s after start" % (now() - started))
        self.assertEqual(health(c.nodes[1]), (200, {"status": "ready"}))
        c.kill(2)
        for k in range(200):
            book.send(producer, topic, b"after-%d" % k, k % partitions)
        self.assertEqual(producer.flush(60), 0)
        self.assertEqual([w.error for w in book.snapshot().values()
                          if w.value.startswith(b"after-") and w.outcome != ACKED], [])
        records, _ = drain(",".join(c.nodes[i].kafka for i in (1, 3)), topic, partitions)
        assert_checked(self, book, records)

    def test_truncated_log_on_a_follower(self):
        self.cluster = c = PlexusCluster(3)
        self.addCleanup(c.cleanup)
        c.start()
        c.wait_ready(30)
        topic = "cut"
        admin = AdminClient({"bootstrap.servers": c.bootstrap})
        admin.create_topics([NewTopic(topic, 1, 3)], operation_timeout=10)[topic].result(timeout=30)
        leader = c.wait_for_leaders(topic, 20)[0]
        book = Book()
        producer = self.producer(c.bootstrap, timeout_ms=30000)
        for i in range(3000):
            book.send(producer, topic, b"before-%06d" % i)
            if i % 100 == 0:
                producer.flush(10)  # many small batches: many Raft entries
        self.assertEqual(producer.flush(30), 0)
        highs_before = c.nodes[leader].metrics()['plexus_partition_high_watermark{topic="%s",partition="0"}' % topic]
        victim = next(i for i in c.nodes if i != leader)
        node = c.nodes[victim]
        c.kill(victim)
        wals = glob.glob(os.path.join(node.data_dir, "topics", topic + "-*", "0", "log", "*.log"))
        self.assertTrue(wals, "no LevelDB write-ahead log for %s-0 under %s" % (topic, node.data_dir))
        wal = max(wals, key=os.path.getsize)
        size = os.path.getsize(wal)
        with open(wal, "r+b") as f:
            f.truncate(size // 2)
        node.start(same_ports=True)
        started = now()
        key = 'plexus_partition_high_watermark{topic="%s",partition="0"}' % topic
        print("\nnode %d restarted with %s cut from %d to %d bytes; high watermark right after start: %s "
              "(the leader's: %d)" % (victim, os.path.relpath(wal, node.data_dir), size, size // 2,
                                      node.metrics().get(key), highs_before))
        wait_for(lambda: node.metrics().get(key) == highs_before, 30,
                 "node %d to catch up to the leader's high watermark %d" % (victim, highs_before))
        print("it caught up from the leader %.1f s after start" % (now() - started))
        # The leader noticed that the follower lost entries it had
        # acknowledged, and said so.
        noticed = [l for l in c.nodes[leader].log_text().splitlines()
                   if "node %d reports a log ending" % victim in l and "lost acknowledged entries" in l]
        self.assertTrue(noticed, "the leader did not report the follower's lost entries")
        print("the leader logged: " + noticed[0])
        # The leader dies: the repaired follower and the third node hold
        # every acknowledged write and take new ones.
        c.kill(leader)
        survivors = ",".join(c.nodes[i].kafka for i in c.nodes if i != leader)
        for i in range(300):
            book.send(producer, topic, b"after-%06d" % i)
        self.assertEqual(producer.flush(60), 0)
        records, _ = drain(survivors, topic, 1)
        assert_checked(self, book, records)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""A 3-node replicated cluster against real clients: Metadata lists every
node and the controller, CreateTopics with RF=3 spreads the leaders, RF above
the node count is refused, idempotent acks=all producers and assign-mode
consumers (confluent-kafka, kafka-python, kcat) round-trip through any node,
a killed leader is replaced and catches up after a restart, and topic
deletion / partition growth reach every node.

Consumers here assign their partitions themselves; consumer groups in a
cluster (coordinators that move with leadership) are in test_cluster_groups.py.
"""
# ctest-labels: integration;interop
import json
import threading
import time
import unittest

from plexus_harness import (PlexusCluster, delete_records, kcat, node_metadata, offset_for_leader_epoch, produce,
                            read_all, has_failed, wait_for)

import kafka
from kafka import KafkaConsumer, KafkaProducer
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic


class ClusterTest(unittest.TestCase):
    def setUp(self):
        self.cluster = PlexusCluster(3)
        self.addCleanup(self.cluster.cleanup)
        self.cluster.start()
        self.addCleanup(self.dump_logs_on_failure)
        self.cluster.wait_ready(30)
        self.admin = AdminClient({"bootstrap.servers": self.cluster.bootstrap})

    def dump_logs_on_failure(self):
        if has_failed(self):
            self.cluster.print_logs(40)

    def create_topic(self, name, partitions, rf=3):
        self.admin.create_topics([NewTopic(name, partitions, rf)], operation_timeout=10)[name].result(timeout=30)
        return self.cluster.wait_for_leaders(name, 20)

    # ------------------------------------------------------------------
    def test_kcat_lists_three_brokers_and_controller(self):
        for i, node in self.cluster.nodes.items():
            md = json.loads(kcat("-b", node.kafka, "-L", "-J").stdout.decode())
            self.assertEqual(sorted(b["id"] for b in md["brokers"]), [1, 2, 3], "node %d: %r" % (i, md))
            addrs = {b["id"]: b["name"] for b in md["brokers"]}
            self.assertEqual(addrs, {j: n.kafka for j, n in self.cluster.nodes.items()})
            text = kcat("-b", node.kafka, "-L").stdout.decode()
            self.assertIn("3 brokers:", text)
            self.assertIn("(controller)", text, text)
        self.assertIn(self.cluster.controller(), (1, 2, 3))

    def test_rf3_topic_leaders_spread(self):
        self.admin.create_topics([NewTopic("spread", 3, 3)], operation_timeout=10)["spread"].result(timeout=30)
        t0 = time.time()

        def spread():
            md = self.cluster.metadata("spread")
            leaders = sorted(v[0] for v in md.values())
            return md if leaders == [1, 2, 3] and all(sorted(v[2]) == [1, 2, 3] for v in md.values()) else None
        md = wait_for(spread, 15, "one leader per node for topic spread")
        print("\nleaders spread after %.1fs: %r" % (time.time() - t0, md))
        for p, (leader, replicas, isr) in md.items():
            self.assertEqual(sorted(replicas), [1, 2, 3])
        # every node reports the same
        for i in self.cluster.nodes:
            _, parts = self.cluster.node_metadata(i, ["spread"])["topics"]["spread"]
            self.assertEqual({p: v[1] for p, v in parts.items()}, {p: v[0] for p, v in md.items()}, "node %d" % i)

    def test_rf_above_node_count_refused(self):
        f = self.admin.create_topics([NewTopic("too-wide", 1, 4)], operation_timeout=10)["too-wide"]
        with self.assertRaises(KafkaException) as cm:
            f.result(timeout=30)
        err = cm.exception.args[0]
        self.assertEqual(err.code(), KafkaError.INVALID_REPLICATION_FACTOR, err)
        self.assertIn("3", err.str(), "the message should name the node count: %r" % err.str())
        print("\nRF=4 refused: %s" % err.str())
        for i in self.cluster.nodes:
            self.assertNotIn("too-wide", self.cluster.node_metadata(i)["topics"], "node %d" % i)

    def test_idempotent_producer_20000_keyed_records(self):
        topic = "bulk"
        self.create_topic(topic, 6)
        count = 20000
        records = [(b"key-%d" % (i % 97), b"value-%06d-" % i + bytes([i % 251]) * (i % 300), None)
                   for i in range(count)]
        t0 = time.time()
        where = produce(self.cluster.bootstrap, topic, records, timeout=120)
        elapsed = time.time() - t0
        print("\nproduced %d records (acks=all, idempotent) in %.1fs" % (count, elapsed))
        msgs, highs = read_all(self.cluster.bootstrap, topic, 6, timeout=120)
        self.assertEqual(sum(highs.values()), count, highs)
        self.assertEqual(len(msgs), count)
        last = {}
        for i, (key, value, _) in enumerate(records):
            p, o = where[i]
            m = msgs[(p, o)]
            self.assertEqual((m.key(), m.value()), (key, value), "record %d at %s" % (i, (p, o)))
            self.assertGreater(o, last.get(p, -1), "partition %d out of order at record %d" % (p, i))
            last[p] = o
        # same key, same partition
        part_of_key = {}
        for i, (key, _, _) in enumerate(records):
            self.assertEqual(part_of_key.setdefault(key, where[i][0]), where[i][0])

    def test_idempotent_producers_on_different_nodes(self):
        """Every node hands out producer ids; two producers that bootstrap
        through different nodes must not share one (else the second one's
        batches look like duplicates or out-of-order to the partition)."""
        topic = "two-producers"
        self.create_topic(topic, 1)
        results = {}
        for i in (1, 2):
            results[i] = produce(self.cluster.nodes[i].kafka, topic,
                                 [(None, b"producer-%d-%d" % (i, n), 0) for n in range(20)], timeout=30)
        msgs, highs = read_all(self.cluster.bootstrap, topic, 1)
        stored = {po: m.value() for po, m in msgs.items()}
        for i in (1, 2):
            for n, po in enumerate(results[i]):
                self.assertEqual(stored.get(po), b"producer-%d-%d" % (i, n),
                                 "producer %d's record %d acknowledged at %s, which holds %r" % (i, n, po, stored.get(po)))
        self.assertEqual(highs[0], 40)

    def test_kafka_python_round_trip(self):
        topic = "kpy"
        self.create_topic(topic, 3)
        producer = KafkaProducer(bootstrap_servers=self.cluster.bootstrap.split(","), acks="all", linger_ms=5,
                                 retries=5, max_in_flight_requests_per_connection=1)
        self.addCleanup(producer.close, 5)
        records = [(i % 3, b"k%d" % i, b"kafka-python-%d" % i) for i in range(300)]
        futures = [producer.send(topic, key=k, value=v, partition=p) for p, k, v in records]
        producer.flush(60)
        where = {}
        for (p, k, v), f in zip(records, futures):
            md = f.get(timeout=30)
            self.assertEqual(md.partition, p)
            where[(md.partition, md.offset)] = (k, v)
        consumer = KafkaConsumer(bootstrap_servers=self.cluster.bootstrap.split(","), group_id=None,
                                 enable_auto_commit=False, auto_offset_reset="none")
        self.addCleanup(consumer.close)
        tps = [kafka.TopicPartition(topic, p) for p in range(3)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        got = {}
        deadline = time.time() + 60
        while len(got) < len(records) and time.time() < deadline:
            for tp, msgs in consumer.poll(timeout_ms=500).items():
                for m in msgs:
                    self.assertNotIn((tp.partition, m.offset), got)
                    got[(tp.partition, m.offset)] = (m.key, m.value)
        self.assertEqual(got, where)

    def test_kcat_through_follower(self):
        topic = "kcat-follower"
        leaders = self.create_topic(topic, 1)
        follower = next(i for i in self.cluster.nodes if i != leaders[0])
        addr = self.cluster.nodes[follower].kafka
        lines = ["line-%d" % i for i in range(200)]
        kcat("-b", addr, "-P", "-t", topic, "-p", "0", "-X", "acks=all", input=("\n".join(lines) + "\n").encode())
        r = kcat("-b", addr, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-f", "%o\\t%s\\n")
        out = [l.split("\t", 1) for l in r.stdout.decode().splitlines()]
        self.assertEqual([int(o) for o, _ in out], list(range(200)))
        self.assertEqual([v for _, v in out], lines)

    def test_leader_kill_failover_and_catch_up(self):
        topic = "failover"
        self.create_topic(topic, 3)
        acked, errors, lock = {}, [], threading.Lock()
        stop = threading.Event()

        def cb(err, msg):
            with lock:
                if err is None:
                    acked[msg.value()] = (msg.partition(), msg.offset(), time.time())
                else:
                    errors.append(err)

        def run():
            p = Producer({"bootstrap.servers": self.cluster.bootstrap, "enable.idempotence": True, "acks": "all",
                          "linger.ms": 2, "message.timeout.ms": 30000})
            i = 0
            while not stop.is_set():
                p.produce(topic, value=b"v-%06d" % i, partition=i % 3, on_delivery=cb)
                i += 1
                p.poll(0.01)
            p.flush(40)
        th = threading.Thread(target=run, daemon=True)
        th.start()
        wait_for(lambda: len(acked) > 200, 20, "first acknowledged writes")
        victim = self.cluster.leader_of(topic, 0)
        self.assertIn(victim, (1, 2, 3))
        t_kill = time.time()
        self.cluster.kill(victim)

        def new_leader():
            md = self.cluster.metadata(topic, timeout=3)
            l = md.get(0, (-1,))[0]
            return l if l not in (-1, victim) else None
        leader = wait_for(new_leader, 10, "a new leader of %s/0 after killing node %d" % (topic, victim), interval=0.05)
        failover = time.time() - t_kill
        print("\nkilled node %d (leader of %s/0): node %d leads after %.2fs" % (victim, topic, leader, failover))

        def acked_after_kill():
            with lock:
                return sum(1 for p, _, t in acked.values() if p == 0 and t > t_kill + failover)
        wait_for(lambda: acked_after_kill() > 50, 20, "writes to %s/0 acknowledged after the failover" % topic)
        t_restart = time.time()
        self.cluster.restart(victim, graceful=False)

        def in_sync():
            md = self.cluster.metadata(topic, timeout=3)
            return md if len(md) == 3 and all(sorted(v[2]) == [1, 2, 3] for v in md.values()) else None
        wait_for(in_sync, 20, "isr back to 3 after restarting node %d" % victim, interval=0.2)
        print("node %d back in sync %.1fs after its restart" % (victim, time.time() - t_restart))
        stop.set()
        th.join(60)
        self.assertFalse(th.is_alive())
        self.assertEqual(errors, [], "delivery errors")
        self.cluster.wait_for_leaders(topic, 20)
        msgs, highs = read_all(self.cluster.bootstrap, topic, 3, timeout=60)
        missing = [(v, (p, o)) for v, (p, o, _) in acked.items() if (p, o) not in msgs or msgs[(p, o)].value() != v]
        self.assertEqual(missing[:10], [], "%d of %d acknowledged writes missing" % (len(missing), len(acked)))
        print("acknowledged %d, read %d, high watermarks %r" % (len(acked), len(msgs), highs))
        # the restarted node has the data too: it serves reads once it leads again (preferred leader)
        for i in self.cluster.nodes:
            self.assertTrue(self.cluster.nodes[i].alive(), "node %d died:\n%s" % (i, self.cluster.nodes[i].log_text()))

    def test_offset_for_leader_epoch_across_a_failover(self):
        """The Kafka leader epoch is the Raft term: after a failover the new
        leader says where the old epoch ended (where a client that fetched
        under it must check for truncation) and where its own epoch ends."""
        topic = "epochs"
        self.create_topic(topic, 1)
        first = self.cluster.wait_for_leaders(topic, 20)[0]
        produce(self.cluster.bootstrap, topic, [(None, b"a%d" % i, 0) for i in range(100)])
        old_epoch = self.partition_view(topic, 0)["leader_epoch"]
        err, epoch, end = offset_for_leader_epoch(self.cluster.nodes[first].kafka, topic, 0, old_epoch, old_epoch)
        self.assertEqual((err, epoch, end), (0, old_epoch, 100), "the leader's own epoch ends at its log end")
        follower = next(i for i in self.cluster.nodes if i != first)
        self.assertEqual(offset_for_leader_epoch(self.cluster.nodes[follower].kafka, topic, 0, old_epoch)[0], 6,
                         "a follower answers NOT_LEADER_OR_FOLLOWER")

        self.cluster.kill(first)
        leader = self.cluster.wait_for_leaders(topic, 30, exclude=(first,))[0]
        produce(self.cluster.bootstrap, topic, [(None, b"b%d" % i, 0) for i in range(50)])
        view = self.partition_view(topic, 0)
        new_epoch, log_end = view["leader_epoch"], view["log_end_offset"]
        self.assertGreater(new_epoch, old_epoch)
        addr = self.cluster.nodes[leader].kafka
        # the old epoch ends where the new one's first batch (its no-op, if any) begins
        self.assertEqual(offset_for_leader_epoch(addr, topic, 0, old_epoch, new_epoch), (0, old_epoch, 100))
        self.assertEqual(offset_for_leader_epoch(addr, topic, 0, new_epoch, new_epoch), (0, new_epoch, log_end))
        self.assertIn(log_end, (150, 151))
        # a client still on the old epoch is fenced; one from the future is told it is unknown
        self.assertEqual(offset_for_leader_epoch(addr, topic, 0, old_epoch, old_epoch)[0], 74)  # FENCED_LEADER_EPOCH
        self.assertEqual(offset_for_leader_epoch(addr, topic, 0, new_epoch, new_epoch + 1)[0], 75)  # UNKNOWN_LEADER_EPOCH
        print("\nepoch %d ended at offset 100 on node %d; node %d leads epoch %d up to %d" % (
            old_epoch, first, leader, new_epoch, log_end))
        self.cluster.restart(first, graceful=False)

    def test_delete_records_is_replicated(self):
        """DeleteRecords goes through Raft: after the leader that took it is
        killed, the new leader starts at the same offset and serves nothing
        before it."""
        from confluent_kafka import Consumer, TopicPartition
        topic = "purge"
        self.create_topic(topic, 1)
        leader = self.cluster.wait_for_leaders(topic, 20)[0]
        produce(self.cluster.bootstrap, topic, [(None, b"v%d" % i, 0) for i in range(100)])
        follower = next(i for i in self.cluster.nodes if i != leader)
        self.assertEqual(delete_records(self.cluster.nodes[follower].kafka, topic, 0, 40)[0], 6,
                         "a follower answers NOT_LEADER_OR_FOLLOWER")
        self.assertEqual(delete_records(self.cluster.nodes[leader].kafka, topic, 0, 500)[0], 1,
                         "beyond the high watermark: OFFSET_OUT_OF_RANGE")
        self.assertEqual(delete_records(self.cluster.nodes[leader].kafka, topic, 0, 40), (0, 40))
        self.assertEqual(delete_records(self.cluster.nodes[leader].kafka, topic, 0, 10), (0, 40), "the start never moves back")

        def low_watermark():
            c = Consumer({"bootstrap.servers": self.cluster.bootstrap, "group.id": "purge-check"})
            try:
                return c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
            finally:
                c.close()
        self.assertEqual(low_watermark(), (40, 101), "the deletion is an entry of the log: one offset, no record")
        self.cluster.kill(leader)
        new_leader = self.cluster.wait_for_leaders(topic, 30, exclude=(leader,))[0]
        low, high = wait_for(lambda: (lambda w: w if w[1] >= 101 else None)(low_watermark()), 30,
                             "the new leader's watermarks")
        self.assertEqual(low, 40, "node %d (the new leader) serves records the old leader deleted" % new_leader)
        c = Consumer({"bootstrap.servers": self.cluster.bootstrap, "group.id": "purge-read",
                      "enable.partition.eof": True, "auto.offset.reset": "earliest"})
        try:
            c.assign([TopicPartition(topic, 0, 0)])  # below the start: reset to the earliest
            first = wait_for(lambda: (lambda m: m if m is not None and not m.error() else None)(c.poll(0.5)), 30,
                             "a record from the new leader")
            self.assertEqual((first.offset(), first.value()), (40, b"v40"))
        finally:
            c.close()
        self.cluster.restart(leader, graceful=False)
        print("\nrecords before 40 deleted on node %d; node %d leads after the kill and starts at %d" % (
            leader, new_leader, low))

    def test_delete_topic_reaches_every_node(self):
        self.create_topic("doomed", 3)
        for i in self.cluster.nodes:
            self.assertIn("doomed", self.cluster.node_metadata(i)["topics"])
        self.admin.delete_topics(["doomed"], operation_timeout=10)["doomed"].result(timeout=30)
        wait_for(lambda: all("doomed" not in self.cluster.node_metadata(i)["topics"] for i in self.cluster.nodes),
                 15, "topic doomed gone from every node's Metadata")

    def test_create_partitions_grows_topic(self):
        topic = "growing"
        self.create_topic(topic, 2)
        self.admin.create_partitions([NewPartitions(topic, 5)], operation_timeout=10)[topic].result(timeout=30)
        leaders = wait_for(lambda: (lambda l: l if len(l) == 5 else None)(self.cluster.wait_for_leaders(topic, 20)),
                           20, "5 partitions with leaders")
        print("\nafter growing to 5 partitions: leaders %r" % leaders)
        where = produce(self.cluster.bootstrap, topic, [(None, b"p%d" % p, p) for p in range(5)])
        self.assertEqual([p for p, _ in where], list(range(5)))
        msgs, highs = read_all(self.cluster.bootstrap, topic, 5)
        self.assertEqual({po: m.value() for po, m in msgs.items()}, {(p, 0): b"p%d" % p for p in range(5)})

    def cluster_view(self, node_id=None):
        """GET /v1/cluster from one node (the controller's view by default)."""
        node = self.cluster.nodes[node_id or self.cluster.controller()]
        return json.loads(node.http_get("/v1/cluster")[1])

    def admin_post(self, node_id, path):
        return self.cluster.nodes[node_id].http_post(path)

    def partition_view(self, topic, p):
        """The partition as its leader reports it (isr and voters come from the leader)."""
        for i in self.cluster.nodes:
            if not self.cluster.nodes[i].alive():
                continue
            for e in self.cluster_view(i)["partitions"]:
                if e["topic"] == topic and e["partition"] == p and e["leader"] == i:
                    return e
        return None

    def test_reassign_partition_moves_replicas_and_keeps_data(self):
        topic = "moving"
        self.create_topic(topic, 1, rf=2)
        before = self.cluster.metadata(topic)[0][1]
        records = [(b"k%d" % i, b"v%d" % i, 0) for i in range(500)]
        produce(self.cluster.bootstrap, topic, records)
        spare = next(i for i in (1, 2, 3) if i not in before)
        target = [before[1], spare]  # keep one replica, replace the other
        status, body = self.admin_post(1, "/v1/partitions/%s/0/replicas?set=%s" % (topic, ",".join(map(str, target))))
        self.assertEqual(status, 202, body)
        started = time.time()
        view = wait_for(lambda: (lambda e: e if e and sorted(e["isr"]) == sorted(target) and sorted(e["replicas"]) == sorted(target)
                                 else None)(self.partition_view(topic, 0)), 60,
                        "replicas %r in sync after the reassignment" % target)
        print("\nreassigned %r -> %r in %.1f s: %r" % (before, target, time.time() - started, view))
        # The node that left no longer hosts the partition's group.
        gone = before[0]
        wait_for(lambda: all(e["leader"] != gone for e in self.cluster_view(gone)["partitions"] if e["topic"] == topic),
                 30, "node %d no longer leads %s-0" % (gone, topic))
        more = [(b"n%d" % i, b"w%d" % i, 0) for i in range(100)]
        produce(self.cluster.bootstrap, topic, more)
        msgs, highs = read_all(self.cluster.bootstrap, topic, 1)
        values = [m.value() for _, m in sorted(msgs.items())]
        self.assertEqual(values, [v for _, v, _ in records + more])
        # The data is on the new replica: once it leads, it serves everything.
        status, body = self.admin_post(1, "/v1/partitions/%s/0/leader?to=%d" % (topic, spare))
        self.assertEqual(status, 202, body)
        wait_for(lambda: (self.partition_view(topic, 0) or {}).get("leader") == spare, 30,
                 "node %d leads %s-0" % (spare, topic))
        msgs, _ = read_all(self.cluster.bootstrap, topic, 1)
        self.assertEqual([m.value() for _, m in sorted(msgs.items())], [v for _, v, _ in records + more])

    def test_decommission_moves_every_replica_off_the_node(self):
        topic = "evacuate"
        self.create_topic(topic, 3, rf=2)
        produce(self.cluster.bootstrap, topic, [(b"k%d" % i, b"v%d" % i, i % 3) for i in range(300)])
        victim = 3
        status, body = self.admin_post(1, "/v1/nodes/%d/decommission" % victim)
        self.assertEqual(status, 202, body)

        def settled():
            parts = [self.partition_view(topic, p) for p in range(3)]
            if any(e is None for e in parts):
                return None
            if any(victim in e["replicas"] or victim in e["isr"] or e["leader"] == victim for e in parts):
                return None
            return parts
        parts = wait_for(settled, 90, "no replica of %s on node %d" % (topic, victim))
        print("\nafter decommissioning node %d: %r" % (victim, [(e["leader"], e["replicas"], e["isr"]) for e in parts]))
        nodes = {n["id"]: n for n in self.cluster_view(1)["nodes"]}
        self.assertTrue(nodes[victim]["decommissioned"])
        msgs, _ = read_all(self.cluster.bootstrap, topic, 3)
        self.assertEqual(len(msgs), 300)
        # With node 3 gone, every partition still has a majority.
        self.cluster.kill(victim)
        produce(self.cluster.bootstrap, topic, [(None, b"after", p) for p in range(3)])


class ClusterFormationTest(unittest.TestCase):
    """While a cluster forms, Metadata must never name a controller that it
    does not also list as a broker: librdkafka then waits for that broker
    without asking again, and an admin request (CreateTopics) times out with
    "waiting for controller" although the cluster is up."""

    def test_metadata_names_only_listed_controllers_while_forming(self):
        cluster = PlexusCluster(3)
        self.addCleanup(cluster.cleanup)
        seen, bad, stop = [], [], threading.Event()

        def poll():
            while not stop.is_set():
                for i, node in list(cluster.nodes.items()):
                    if not node.kafka:
                        continue
                    try:
                        md = node_metadata(node.kafka, topics=[], timeout=2)
                    except OSError:
                        continue
                    seen.append((i, md["controller"], sorted(md["brokers"])))
                    if md["controller"] >= 0 and md["controller"] not in md["brokers"]:
                        bad.append(seen[-1])
                time.sleep(0.002)
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            cluster.start()
            # The first admin request right after the cluster forms, as a user
            # pressing "Create topic" in a fresh sandbox does.
            wait_for(lambda: cluster.controller() >= 0, 20, "a controller")
            admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
            started = time.monotonic()
            admin.create_topics([NewTopic("first", 3, 3)], request_timeout=10)["first"].result(timeout=30)
            print("\nCreateTopics right after formation took %.2f s" % (time.monotonic() - started))
            cluster.wait_ready(30)
            time.sleep(0.5)
        finally:
            stop.set()
            poller.join(5)
        with_controller = [s for s in seen if s[1] >= 0]
        print("%d Metadata answers while forming, %d naming a controller, %d naming an unlisted one"
              % (len(seen), len(with_controller), len(bad)))
        self.assertGreater(len(with_controller), 10)
        self.assertEqual(bad, [], "Metadata named a controller it did not list (node, controller, brokers)")


if __name__ == "__main__":
    unittest.main()

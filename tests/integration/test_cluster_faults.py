#!/usr/bin/python3
"""Fault injection against a 3-node cluster, checked with the rules of
../shared/design/TESTING.md (cluster_checker.py).

Every node runs in a network namespace of its own (netns_lab.py), so that a
node can be cut off from its peers while it keeps running. This needs root and
iproute2; without them the tests fail, naming what is missing.

test_faults_keep_acknowledged_writes: two idempotent acks=all producers and
an assign-mode consumer run while a fault loop (PLEXUS_FAULT_SECONDS, 60 by
default) kills leaders and the controller with SIGKILL, SIGSTOPs nodes,
restarts nodes gracefully and cuts nodes (leaders, the controller, any node)
off from the others with a network partition; then everything is healed, a
drain reads every partition and the checker decides.

test_no_split_brain: a leader whose two followers are stopped (SIGSTOP) must
not acknowledge any acks=all write; after the followers resume the cluster
heals and acknowledged writes are readable.

test_bit_flipped_log_on_a_follower: a follower whose partition log was
damaged on disk refuses to start, naming it; the others keep every
acknowledged write.

test_partitioned_leader_cannot_acknowledge: a leader cut off from both
followers by the network, still running and still reachable by clients,
answers every acks=all produce sent to it with an error, while the majority
side elects a new leader and acknowledges writes. After healing, the old
leader's unacknowledged tail is gone: none of the writes sent to it while cut
off is ever read, and every acknowledged write is.
"""
# ctest-labels: fault;integration
import json
import os
import random
import threading
import time
import unittest
from collections import Counter

from plexus_harness import PlexusCluster, node_metadata, produce_batch, has_failed, wait_for
from netns_lab import NetnsLab
from cluster_checker import ACKED, INDETERMINATE
from fault_kit import PARTITIONS, TOPIC, Book, ConsumerThread, ProducerThread, assert_checked, drain, now

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic


class ClusterFaultTest(unittest.TestCase):
    def setUp(self):
        self.lab = NetnsLab(3)  # raises, naming what is missing (root, iproute2)
        self.addCleanup(self.lab.close)
        self.lab.enter()
        self.cluster = PlexusCluster(3, lab=self.lab)
        self.addCleanup(self.cluster.cleanup)
        self.cluster.start()
        self.addCleanup(self.dump_logs_on_failure)
        self.cluster.wait_ready(30)

    def dump_logs_on_failure(self):
        if has_failed(self):
            self.cluster.print_logs(60)

    def write_after_healing(self, producer, topic, book, count=100):
        """`count` writes through `producer` once the cluster healed: every
        one must be acknowledged."""
        for k in range(count):
            book.send(producer, topic, b"after-%d" % k)
        self.assertEqual(producer.flush(30), 0)
        after = [book[b"after-%d" % k] for k in range(count)]
        self.assertEqual([w.error for w in after if w.outcome != ACKED], [], "writes after healing failed")

    def create_topic(self, name, partitions):
        admin = AdminClient({"bootstrap.servers": self.cluster.bootstrap})
        admin.create_topics([NewTopic(name, partitions, 3)], operation_timeout=10)[name].result(timeout=30)
        return self.cluster.wait_for_leaders(name, 20)

    # ------------------------------------------------------------------
    def inject_faults(self, seconds, faults, log):
        c = self.cluster
        seed = int(os.environ.get("PLEXUS_FAULT_SEED", int(time.time())))
        print("\nfault seed %d (PLEXUS_FAULT_SEED repeats the order)" % seed)
        rnd = random.Random(seed)
        kinds = ["kill_leader", "pause", "kill_controller", "graceful_restart", "partition"]
        order = []
        end = time.time() + seconds
        while time.time() < end:
            if not order:  # every kind once per round, in a random order
                order = rnd.sample(kinds, len(kinds))
            kind = order.pop()
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
                elif kind == "partition":
                    role = rnd.choice(["leader", "controller", "any"])
                    if role == "leader":
                        p = rnd.randrange(PARTITIONS)
                        victim, role = c.leader_of(TOPIC, p), "leader of p%d" % p
                    elif role == "controller":
                        victim = c.controller()
                    else:
                        victim = -1
                    if victim not in c.nodes:
                        victim, role = rnd.choice(list(c.nodes)), "any"
                    c.isolate(victim)
                    time.sleep(rnd.uniform(3, 6))
                    c.heal(victim)
                    detail = "node %d (%s) cut off" % (victim, role)
                else:
                    victim = rnd.choice(list(c.nodes))
                    c.restart(victim, graceful=True)
                    detail = "node %d" % victim
                faults[kind] += 1
                log.append("%7.1fs %-16s %s (%.1fs)" % (time.time() - self.t_start, kind, detail, time.time() - t0))
            except Exception as e:
                faults[kind + "_error"] += 1
                log.append("%7.1fs %-16s FAILED: %r" % (time.time() - self.t_start, kind, e))
                c.lab.heal_all()
                for i, n in c.nodes.items():  # bring everything back before going on
                    c.resume(i)
                    if not n.alive():
                        try:
                            c.restart(i, graceful=False)
                        except Exception as e2:
                            log.append("          restart of node %d failed: %r" % (i, e2))
            time.sleep(rnd.uniform(1.5, 3))

    def test_faults_keep_acknowledged_writes(self):
        seconds = float(os.environ.get("PLEXUS_FAULT_SECONDS", "60"))
        self.create_topic(TOPIC, PARTITIONS)
        self.t_start = time.time()
        book = Book()
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
        producers = [ProducerThread(i, producer_bootstrap, book, 75, stop_producers) for i in (1, 2)]
        consumer = ConsumerThread(self.cluster.bootstrap, stop_consumer)
        for t in producers + [consumer]:
            t.start()
        time.sleep(3)
        faults, log = Counter(), []
        self.inject_faults(seconds, faults, log)
        print("\nfaults injected:\n" + "\n".join(log))
        # heal: every node running, resumed and connected, leaders everywhere
        self.lab.heal_all()
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
        print("high watermarks %r, drain %.1fs" % (highs, drain_s))
        print("producer errors: %r" % dict(book.errors))
        print("consumer errors: %r" % dict(consumer.errors))
        print("faults by kind: %r" % dict(faults))
        print("concurrent consumer positions %r (caught up: %s)" % (consumer.next, consumer_caught_up))
        report = assert_checked(self, book, records, consumer.records)
        self.assertEqual([p.fatal for p in producers if p.fatal], [], "fatal producer errors")
        self.assertEqual(report.pending, 0, "writes without a delivery report")
        self.assertGreater(report.acked, 100)
        self.assertFalse([k for k in faults if k.endswith("_error")], "fault injection failed: %r" % dict(faults))
        self.assertTrue(consumer_caught_up, "the concurrent consumer stopped short of the high watermarks")

    def test_no_split_brain(self):
        topic = "isolated"
        leader = self.create_topic(topic, 1)[0]
        followers = [i for i in self.cluster.nodes if i != leader]
        book = Book()
        leader_addr = self.cluster.nodes[leader].kafka
        producer = Producer({"bootstrap.servers": leader_addr, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 2, "message.timeout.ms": 4000, "request.timeout.ms": 3000})
        for i in range(50):
            book.send(producer, topic, b"before-%d" % i)
        self.assertEqual(producer.flush(20), 0)
        self.assertTrue(all(w.outcome == ACKED for w in book.snapshot().values()), "writes before the isolation failed")

        for f in followers:
            self.cluster.pause(f)
        t_isolated = now()
        isolated_values = []
        while now() - t_isolated < 5:
            v = b"isolated-%d" % len(isolated_values)
            isolated_values.append(v)
            book.send(producer, topic, v)
            producer.poll(0.1)
        # everything sent during the isolation either times out or is still pending
        producer.flush(2)
        t_resume = now()
        early = [(v, book[v].offset) for v in isolated_values if book[v].outcome == ACKED and book[v].done < t_resume]
        for f in followers:
            self.cluster.resume(f)
        self.assertEqual(early, [], "a leader alone acknowledged acks=all writes (split brain)")
        self.assertEqual(producer.flush(30), 0, "isolation-phase writes without a delivery report")
        t_healed = time.time()
        new_leaders = self.cluster.wait_for_leaders(topic, 30)
        print("\nisolated node %d (leader) for 5s; %d writes sent meanwhile: %r; leader after healing: node %d "
              "(%.1fs)" % (leader, len(isolated_values),
                           dict(Counter(book[v].outcome + ":" + book[v].error for v in isolated_values)),
                           new_leaders[0], time.time() - t_healed))
        # Bootstrap through the same node as the first producer: producer ids
        # are allocated per node (test_cluster.py covers ids across nodes).
        healed = Producer({"bootstrap.servers": leader_addr, "enable.idempotence": True, "acks": "all",
                           "linger.ms": 2, "message.timeout.ms": 20000})
        self.write_after_healing(healed, topic, book)
        records, _ = drain(self.cluster.bootstrap, topic, 1)
        assert_checked(self, book, records)

    def test_bit_flipped_log_on_a_follower(self):
        """A follower whose partition log was damaged on disk (bytes flipped
        in the middle of a LevelDB file) refuses to start, naming the log
        and the corruption, instead of serving or voting with a log that lost
        entries it had acknowledged; the other two keep every acknowledged
        write and take new ones."""
        import glob
        topic = "damaged"
        leader = self.create_topic(topic, 1)[0]
        book = Book()
        producer = Producer({"bootstrap.servers": self.cluster.bootstrap, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 5, "message.timeout.ms": 30000})
        for i in range(2000):
            book.send(producer, topic, b"before-%06d" % i)
            if i % 200 == 0:
                producer.poll(0)
        self.assertEqual(producer.flush(30), 0)
        victim = next(i for i in self.cluster.nodes if i != leader)
        node = self.cluster.nodes[victim]
        self.assertEqual(self.cluster.stop_node(victim), 0)
        files = [f for f in glob.glob(os.path.join(node.data_dir, "topics", topic + "-*", "0", "log", "*"))
                 if f.endswith((".log", ".ldb"))]
        self.assertTrue(files, "no LevelDB files for %s-0 under %s" % (topic, node.data_dir))
        target = max(files, key=os.path.getsize)
        with open(target, "rb") as f:
            data = bytearray(f.read())
        middle = len(data) // 2
        for k in range(middle, min(middle + 32, len(data))):
            data[k] ^= 0xFF
        with open(target, "wb") as f:
            f.write(data)
        with self.assertRaises(RuntimeError) as refused:
            node.start(same_ports=True)
        message = str(refused.exception)
        self.assertIn("cannot start", message)
        self.assertIn(os.path.dirname(target), message, "the error names the damaged partition log")
        self.assertIn("Corruption", message)
        print("\nnode %d with %d bytes flipped in %s refused to start:\n  %s" % (
            victim, 32, os.path.relpath(target, node.data_dir),
            next(l for l in message.splitlines() if "cannot start" in l)))
        # The two others still hold a majority: every acknowledged write is
        # there, and new ones are acknowledged.
        for i in range(500):
            book.send(producer, topic, b"after-%06d" % i)
        self.assertEqual(producer.flush(60), 0)
        records, _ = drain(",".join(self.cluster.nodes[i].kafka for i in self.cluster.nodes if i != victim), topic, 1)
        self.assertEqual(assert_checked(self, book, records).acked, 2500)

    def test_partitioned_leader_cannot_acknowledge(self):
        topic = "partitioned"
        leader = self.create_topic(topic, 1)[0]
        followers = [i for i in self.cluster.nodes if i != leader]
        book = Book()
        producer = Producer({"bootstrap.servers": self.cluster.bootstrap, "enable.idempotence": True, "acks": "all",
                             "linger.ms": 2, "message.timeout.ms": 30000})
        for i in range(50):
            book.send(producer, topic, b"before-%d" % i)
        self.assertEqual(producer.flush(20), 0)
        self.assertTrue(all(w.outcome == ACKED for w in book.snapshot().values()), "writes before the partition failed")

        self.cluster.isolate(leader)
        t_cut = now()
        # The cut-off leader, asked directly, must refuse or time out every
        # acks=all write. Meanwhile the producer keeps writing through the
        # whole cluster and must end up on the majority's new leader.
        answers, cut_values = Counter(), []
        new_leader, t_new_leader, n_majority = None, None, 0
        while now() - t_cut < 8 or new_leader is None:
            self.assertLess(now() - t_cut, 30, "the majority side elected no leader within 30 s")
            v = b"cut-%d" % len(cut_values)
            cut_values.append(v)
            book.sent(v, 0)
            err, offset = produce_batch(self.cluster.nodes[leader].kafka, topic, 0, [v], timeout_ms=2000)
            if err == 0:
                book.acked(v, 0, offset)
            else:  # perhaps appended to the cut-off log: unknown to the checker, asserted below
                book.failed(v, "error %d" % err, INDETERMINATE)
            answers[err] += 1
            book.send(producer, topic, b"majority-%d" % n_majority)
            n_majority += 1
            producer.poll(0.05)
            if new_leader is None:
                seen = {self.cluster.leader_of(topic, 0, node_id=f) for f in followers}
                if len(seen) == 1 and next(iter(seen)) in followers:
                    new_leader, t_new_leader = next(iter(seen)), now()
        # The cut-off node knows it: it is fenced and sends routing questions
        # elsewhere by closing the connection; the majority is not fenced.
        views = {i: json.loads(n.http_get("/v1/cluster")[1]) for i, n in self.cluster.nodes.items()}
        self.assertEqual({i: v["fenced"] for i, v in views.items()}, {i: i == leader for i in self.cluster.nodes},
                         "fenced as each node reports it")
        with self.assertRaises(OSError, msg="the cut-off node answered Metadata"):
            node_metadata(self.cluster.nodes[leader].kafka, [topic])
        # The majority still has one leader among themselves (not necessarily
        # the first one: the preferred-leader rebalancer may have handed the
        # partition to its preferred replica since).
        def majority_leader():
            seen = {self.cluster.leader_of(topic, 0, node_id=f) for f in followers}
            return next(iter(seen)) if len(seen) == 1 and next(iter(seen)) in followers else None
        wait_for(majority_leader, 10, "nodes %r to agree on a leader among themselves" % followers)
        self.assertEqual(producer.flush(30), 0, "writes through the majority without a delivery report")
        acked_cut = [v for v in cut_values if book[v].outcome == ACKED]
        majority = [book[b"majority-%d" % k] for k in range(n_majority)]
        majority_acked = [w for w in majority if w.outcome == ACKED]
        first_new_ack = min((w.done for w in majority_acked), default=None)
        t_heal = now()
        self.cluster.heal(leader)
        print("\nnode %d (leader) cut off for %.1fs: it answered %d direct acks=all writes with error codes %r; "
              "nodes %r elected node %d after %.1fs; writes through the cluster: %d of %d acknowledged, "
              "the first %.1fs after the cut" % (
                  leader, t_heal - t_cut, len(cut_values), dict(answers), followers, new_leader,
                  t_new_leader - t_cut, len(majority_acked), len(majority),
                  (first_new_ack - t_cut) if first_new_ack else -1))
        self.assertEqual(acked_cut, [], "the cut-off leader acknowledged acks=all writes (split brain)")
        self.assertGreater(len(majority_acked), 0, "the majority side acknowledged nothing while the leader was cut off")

        wait_for(lambda: not json.loads(self.cluster.nodes[leader].http_get("/v1/cluster")[1])["fenced"], 30,
                 "node %d to rejoin (not fenced)" % leader)
        self.cluster.wait_for_leaders(topic, 30)
        self.write_after_healing(producer, topic, book)
        records, _ = drain(self.cluster.bootstrap, topic, 1)
        read_values = {v for _, _, v in records}
        self.assertEqual([v for v in cut_values if v in read_values], [],
                         "writes the cut-off leader never acknowledged were read (its tail was not truncated)")
        assert_checked(self, book, records)
        # The old leader holds the same log: once it leads again, it serves
        # exactly what the majority's leader served.
        status, body = self.cluster.nodes[leader].http_post("/v1/partitions/%s/0/leader?to=%d" % (topic, leader))
        self.assertEqual(status, 202, body)
        wait_for(lambda: self.cluster.wait_for_leaders(topic, 30) == {0: leader}, 30,
                 "node %d to lead %s-0 again" % (leader, topic), interval=0.5)
        again, _ = drain(self.cluster.bootstrap, topic, 1)
        self.assertEqual(again, records, "the old leader's log differs from the one the majority served")

if __name__ == "__main__":
    unittest.main()

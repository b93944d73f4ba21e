#!/usr/bin/python3
"""Consumer groups across a coordinator crash: plexusd is killed with SIGKILL
while two confluent-kafka members are consuming and committing, then started
again on the same ports and data directory.

Checked, in the terms of design/TESTING.md:
- every offset commit acknowledged before the kill is what OffsetFetch
  returns after the restart (a commit whose outcome was unknown may or may
  not be there);
- the group's generation never goes back;
- the members carry on: every produced offset is read at least once (no gap),
  and the counts acknowledged / read / lost / duplicated are printed;
- a group with committed offsets and no members (one that emptied, one that
  only ever committed) keeps its offsets, metadata and generation across
  kill -9 and across a graceful restart.
"""
# ctest-labels: integration;fault
import threading
import time
import unittest

from plexus_harness import GroupConsumer, PlexusNode, create_topic, produce, pump, wait_for

import kafka
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.structs import OffsetAndMetadata
from confluent_kafka import KafkaException, TopicPartition

SETTINGS = {
    "group.initial.rebalance.delay.ms": "0",
    "group.min.session.timeout.ms": "1000",
}


class CommittingMember(threading.Thread):
    """A group member on its own thread: reads, and every `every` records
    commits its positions synchronously, logging each commit with its outcome.
    While `hold` is set it keeps polling but issues no commit."""

    def __init__(self, bootstrap, group, topic, client_id, hold, stop, every=40, delay=0.002):
        super().__init__(daemon=True)
        self.member = GroupConsumer(bootstrap, group, [topic], client_id,
                                    **{"reconnect.backoff.max.ms": 200, "socket.timeout.ms": 5000,
                                       "topic.metadata.refresh.interval.ms": 1000})
        self.topic = topic
        self.hold, self.stop = hold, stop
        self.every, self.delay = every, delay
        self.lock = threading.Lock()
        self.commits = []        # (issued, finished, {partition: offset}, "ok" | error text)
        self.in_commit = False
        self.failure = None

    def run(self):
        try:
            pending = {}
            since = 0
            while not self.stop.is_set():
                msg = self.member.poll(0.05)
                if msg is not None:
                    pending[msg.partition()] = msg.offset() + 1
                    since += 1
                    time.sleep(self.delay)  # a consumer that does some work per record
                # Partitions revoked by a rebalance are no longer ours to commit.
                owned = {p for _, p in self.member.assignment}
                pending = {p: o for p, o in pending.items() if p in owned}
                if pending and not self.hold.is_set() and (since >= self.every or msg is None):
                    self.commit(dict(pending))
                    pending.clear()
                    since = 0
            if pending and not self.hold.is_set():
                self.commit(dict(pending))
        except Exception as e:  # surfaced by the test
            self.failure = e
        finally:
            self.member.close()

    def commit(self, offsets):
        with self.lock:
            self.in_commit = True
        issued = time.time()
        outcome = "ok"
        try:
            result = self.member.consumer.commit(
                offsets=[TopicPartition(self.topic, p, o) for p, o in offsets.items()], asynchronous=False)
            errors = [str(tp.error) for tp in result if tp.error is not None]
            if errors:
                outcome = "; ".join(errors)
        except KafkaException as e:
            outcome = str(e)
        with self.lock:
            self.commits.append((issued, time.time(), offsets, outcome))
            self.in_commit = False

    def snapshot(self):
        with self.lock:
            return list(self.commits), self.in_commit


class GroupRestartTest(unittest.TestCase):
    def start_node(self):
        node = PlexusNode(settings=SETTINGS)
        self.addCleanup(node.cleanup)
        node.start()
        return node

    def kp_admin(self, node):
        admin = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="restart-admin")
        self.addCleanup(admin.close)
        return admin

    def test_commits_survive_kill9_while_group_is_stable(self):
        self.kill9_in_mid_group(during_rebalance=False)

    def test_commits_survive_kill9_during_rebalance(self):
        self.kill9_in_mid_group(during_rebalance=True)

    def kill9_in_mid_group(self, during_rebalance):
        node = self.start_node()
        topic, group, partitions = "restart-topic", "restart-group", 4
        create_topic(node, topic, partitions)
        produced = produce(node.kafka, topic, [(b"k%d" % (i % 97), b"r-%06d" % i, i % partitions) for i in range(4000)])

        hold, stop = threading.Event(), threading.Event()
        members = [CommittingMember(node.kafka, group, topic, "restart-%s" % n, hold, stop) for n in ("a", "b")]

        def stop_members():
            stop.set()
            for m in members:
                m.join(30)
        self.addCleanup(stop_members)
        for m in members:
            m.start()

        def diagnostics():
            return "\n".join(["commits %s: %r" % (m.member.client_id, m.snapshot()[0][-10:]) for m in members]
                             + [node.log_text(all_runs=True)])

        g = wait_for(lambda: (lambda g: g if g and g["state"] == "Stable" and len(g["members"]) == 2 else None)(node.group(group)),
                     30, "group Stable with 2 members")
        # Kill in the middle: once a fair share of the records has been committed.
        def acked_positions():
            best = {}
            for m in members:
                for c in m.snapshot()[0]:
                    if c[3] == "ok":
                        for p, o in c[2].items():
                            best[p] = max(best.get(p, 0), o)
            return sum(best.values())
        wait_for(lambda: acked_positions() >= 1000, 30, "1000 records' worth of acknowledged commits")
        if during_rebalance:
            # A third member joins: the kill lands while the group rebalances.
            third = CommittingMember(node.kafka, group, topic, "restart-c", hold, stop)
            members.append(third)
            third.start()
            wait_for(lambda: (node.group(group) or {}).get("state") in ("PreparingRebalance", "CompletingRebalance"),
                     15, "the group rebalancing for the third member", interval=0.005)
        generation_before = node.group(group)["generation_id"]
        node.kill()
        hold.set()  # no new commits until the committed offsets have been checked
        killed_at = time.time()
        time.sleep(0.3)
        node.start(same_ports=True)

        # Commits in flight at the kill finish (fail, or succeed against the restarted node).
        wait_for(lambda: all(not m.snapshot()[1] for m in members), 30, "commits in flight to finish")
        admin = self.kp_admin(node)
        after = {tp.partition: om.offset for tp, om in admin.list_consumer_group_offsets(group).items()}

        commits = sorted((c for m in members for c in m.snapshot()[0]), key=lambda c: c[1])
        self.assertTrue(all(c[0] < killed_at for c in commits), "a commit was issued while holding")
        acked_before_kill = [c for c in commits if c[3] == "ok" and c[1] < killed_at]
        self.assertTrue(acked_before_kill, "no commit was acknowledged before the kill")
        for p in range(partitions):
            acked = [c[2][p] for c in commits if c[3] == "ok" and p in c[2]]
            last_ack = acked[-1] if acked else None
            # Commits with an unknown outcome issued after the last acknowledged one may have landed.
            last_ack_issued = max([c[0] for c in commits if c[3] == "ok" and p in c[2]], default=0)
            unknown = [c[2][p] for c in commits if c[3] != "ok" and p in c[2] and c[0] >= last_ack_issued]
            allowed = {last_ack} | set(unknown)
            self.assertIn(after.get(p), allowed,
                          "partition %d: committed %r after the restart; acknowledged last %r, unknown outcome %r\n%s"
                          % (p, after.get(p), last_ack, unknown, diagnostics()))
        print("\n%d commits acknowledged before the kill, %d with an unknown outcome"
              % (len(acked_before_kill), sum(1 for c in commits if c[3] != "ok")))

        g = node.group(group)
        self.assertIsNotNone(g, "the group is gone after the restart")
        self.assertGreaterEqual(g["generation_id"], generation_before, "the generation went back after the restart")

        # Carry on: commits resume, more records arrive, everything is read.
        hold.clear()
        produced += produce(node.kafka, topic, [(b"k%d" % i, b"s-%06d" % i, i % partitions) for i in range(1000)])
        highs = {p: 1 + max(o for pp, o in produced if pp == p) for p in range(partitions)}
        try:
            wait_for(lambda: (lambda g: g if g and {o["partition"]: o["committed_offset"] for o in g["offsets"]} == highs else None)(node.group(group)),
                     60, "committed offsets at the high watermarks %r" % highs)
        except AssertionError as e:
            raise AssertionError("%s\n%s" % (e, diagnostics()))
        try:
            final = wait_for(lambda: (lambda g: g if g and g["state"] == "Stable" and len(g["members"]) == len(members)
                                      else None)(node.group(group)),
                             30, "every member back in a Stable group")
        except AssertionError as e:
            raise AssertionError("%s\n%s" % (e, diagnostics()))
        generation_after = final["generation_id"]
        stop.set()
        for m in members:
            m.join(30)
            self.assertFalse(m.is_alive())
            self.assertIsNone(m.failure, "member thread failed: %r" % m.failure)

        reads = {}
        for m in members:
            for _, p, o, _, _ in m.member.records:
                reads[(p, o)] = reads.get((p, o), 0) + 1
        acked = set(produced)
        lost = sorted(acked - set(reads))
        duplicated = sum(n - 1 for n in reads.values())
        # Partitions changed hands after the kill if a member was assigned more than once
        # (the revoke of close() does not count) or the generation moved.
        rebalanced = generation_after != generation_before or any(
            sum(1 for kind, _ in m.member.rebalances if kind == "assign") > 1 for m in members)
        print("acknowledged %d, read %d, lost %d, duplicated %d; generation %d before the kill, %d at the end%s"
              % (len(acked), sum(reads.values()), len(lost), duplicated, generation_before, generation_after,
                 " (partitions changed hands)" if rebalanced else ""))
        self.assertEqual(lost[:20], [], "produced offsets never read")
        self.assertEqual(set(reads) - acked, set())
        # Consumers move forward: within one assignment a member never skips an offset.
        for m in members:
            last = {}
            for _, p, o, _, _ in m.member.records:
                if p in last and o > last[p] + 1 and not rebalanced:
                    self.fail("%s skipped from %d to %d on partition %d" % (m.member.client_id, last[p], o, p))
                last[p] = o
        if not rebalanced:
            self.assertEqual(duplicated, 0, "records read twice although no partition changed hands")

    def test_empty_group_offsets_survive_restart(self):
        node = self.start_node()
        topic = "idle-topic"
        create_topic(node, topic, 2)
        produce(node.kafka, topic, [(None, b"i%d" % i, i % 2) for i in range(100)])

        # A group that had a member and is now empty.
        c = GroupConsumer(node.kafka, "emptied-group", [topic], "emptied-c")
        self.addCleanup(c.close)
        pump([c], lambda: len(c.assignment) == 2, 20, "assignment of both partitions")
        c.consumer.commit(offsets=[TopicPartition(topic, 0, 17), TopicPartition(topic, 1, 42)], asynchronous=False)
        c.close()
        wait_for(lambda: (node.group("emptied-group") or {}).get("state") == "Empty", 10, "emptied-group Empty")

        # A group that only ever committed (no member, no group metadata).
        kp = KafkaConsumer(bootstrap_servers=node.kafka, group_id="standalone-group", enable_auto_commit=False)
        self.addCleanup(kp.close)
        tps = [kafka.TopicPartition(topic, p) for p in range(2)]
        kp.assign(tps)
        kp.commit({tps[0]: OffsetAndMetadata(5, "five"), tps[1]: OffsetAndMetadata(6, "six")})
        kp.close()

        admin = self.kp_admin(node)
        expected = {
            "emptied-group": {tps[0]: OffsetAndMetadata(17, ""), tps[1]: OffsetAndMetadata(42, "")},
            "standalone-group": {tps[0]: OffsetAndMetadata(5, "five"), tps[1]: OffsetAndMetadata(6, "six")},
        }
        for gid, offsets in expected.items():
            self.assertEqual(admin.list_consumer_group_offsets(gid), offsets, gid)
        before = {gid: node.group(gid) for gid in expected}
        self.assertEqual(before["emptied-group"]["members"], [])

        for how in ("kill -9", "SIGTERM"):
            if how == "kill -9":
                node.kill_and_restart()
            else:
                self.assertEqual(node.stop(), 0, node.log_text())
                node.start(same_ports=True)
            admin.close()
            admin = self.kp_admin(node)
            for gid, offsets in expected.items():
                self.assertEqual(admin.list_consumer_group_offsets(gid), offsets, "%s after %s" % (gid, how))
                g = node.group(gid)
                self.assertIsNotNone(g, "%s is gone after %s" % (gid, how))
                self.assertEqual((g["state"], g["members"], g["generation_id"], g["protocol_type"]),
                                 ("Empty", [], before[gid]["generation_id"], before[gid]["protocol_type"]),
                                 "%s after %s" % (gid, how))
                self.assertEqual(g["offsets"], before[gid]["offsets"], "%s after %s" % (gid, how))
            listed = {g for g, _ in admin.list_consumer_groups()}
            self.assertTrue(set(expected) <= listed, "list_consumer_groups after %s: %r" % (how, listed))

        # A new member of the emptied group starts at the committed offsets.
        c2 = GroupConsumer(node.kafka, "emptied-group", [topic], "emptied-c2")
        self.addCleanup(c2.close)
        pump([c2], lambda: len(c2.records) >= (50 - 17) + (50 - 42), 20, "records after the committed offsets")
        first = {}
        for _, p, o, _, _ in c2.records:
            first.setdefault(p, o)
        self.assertEqual(first, {0: 17, 1: 42})
        self.assertEqual(sorted(c2.positions()), [(0, o) for o in range(17, 50)] + [(1, o) for o in range(42, 50)])
        g = node.group("emptied-group")
        self.assertGreater(g["generation_id"], before["emptied-group"]["generation_id"])

    def test_offsets_committed_after_delete_groups_survive_restart(self):
        """A group deleted and then used again: the restart must rebuild the new
        offsets, not replay the old group's tombstones over them."""
        node = self.start_node()
        topic, group = "reuse-topic", "reused-group"
        create_topic(node, topic, 2)
        produce(node.kafka, topic, [(None, b"u%d" % i, i % 2) for i in range(40)])
        tps = [kafka.TopicPartition(topic, p) for p in range(2)]

        def commit(offsets):
            kp = KafkaConsumer(bootstrap_servers=node.kafka, group_id=group, enable_auto_commit=False)
            try:
                kp.assign(tps)
                kp.commit({tps[p]: OffsetAndMetadata(o, "m%d" % o) for p, o in offsets.items()})
            finally:
                kp.close()

        admin = self.kp_admin(node)
        commit({0: 10, 1: 11})
        self.assertEqual(admin.delete_consumer_groups([group]), [(group, kafka.errors.NoError)])
        self.assertEqual(admin.list_consumer_group_offsets(group), {})
        commit({0: 20})
        commit({1: 21})
        expected = {tps[0]: OffsetAndMetadata(20, "m20"), tps[1]: OffsetAndMetadata(21, "m21")}
        self.assertEqual(admin.list_consumer_group_offsets(group), expected)
        for how in ("kill -9", "SIGTERM"):
            if how == "kill -9":
                node.kill_and_restart()
            else:
                self.assertEqual(node.stop(), 0, node.log_text())
                node.start(same_ports=True)
            admin.close()
            admin = self.kp_admin(node)
            self.assertEqual(admin.list_consumer_group_offsets(group), expected,
                             "offsets committed after DeleteGroups, after %s\n%s" % (how, node.log_text(all_runs=True)))


if __name__ == "__main__":
    unittest.main()

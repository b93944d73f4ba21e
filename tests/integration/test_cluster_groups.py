#!/usr/bin/python3
"""Consumer groups on a 3-node replicated cluster. __consumer_offsets is a
replicated topic (6 partitions here, RF=3); a group's coordinator is the Raft
leader of its offsets partition. Each test runs on a fresh cluster:

- two kcat -G members split a 6-partition RF=3 topic: every partition goes to
  exactly one member, commits land, and only the coordinator lists the group;
- the coordinator is killed with SIGKILL while two kcat members consume:
  every node names a new coordinator, it lists the group with the offsets
  committed before the kill, the members carry on under it (and a third
  member joining rebalances there), nothing produced is skipped, and no
  record is read again from before the offsets committed before the kill;
- an offset committed by one confluent-kafka consumer survives killing and
  restarting its coordinator: a new member of the group starts there;
- kafka-python KafkaConsumer(group_id=...) round trip: subscribe, read,
  commit, OffsetFetch through KafkaAdminClient, and a second consumer of the
  group starts at the end.

The coordinator is found with a raw FindCoordinator asked of every node
(PlexusCluster.coordinator), and the group is inspected through the
coordinator's admin API (GET /v1/groups/{id}).
"""
# ctest-labels: integration;interop
import time
import unittest

from plexus_harness import (GroupConsumer, PlexusCluster, find_coordinator, produce, pump, raw_request, require_tool,
                            has_failed, wait_for)
from test_groups_kcat import KcatMember

from kafka import KafkaAdminClient, KafkaConsumer
from confluent_kafka import TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

PARTITIONS = 6
SETTINGS = {
    "offsets.topic.num.partitions": "6",
    "group.initial.rebalance.delay.ms": "300",
    "group.min.session.timeout.ms": "1000",
}


class ClusterGroupsTest(unittest.TestCase):
    def setUp(self):
        t_setup = time.time()
        self.cluster = PlexusCluster(3, settings=SETTINGS)
        self.addCleanup(self.cluster.cleanup)
        self.cluster.start()
        self.addCleanup(lambda: print("(%s: %.1fs with cluster start)" % (self._testMethodName, time.time() - t_setup)))
        self.addCleanup(self.dump_logs_on_failure)
        self.cluster.wait_ready(30)
        self.members = []
        self.t0 = time.time()

    def dump_logs_on_failure(self):
        if has_failed(self):
            for m in self.members:
                print("==== kcat %s (last 30 lines) ====\n%s" % (m.client_id, "\n".join(m.log().splitlines()[-30:])))
            self.cluster.print_logs(60)

    def create_topic(self, name, partitions, rf=3):
        admin = AdminClient({"bootstrap.servers": self.cluster.bootstrap})
        admin.create_topics([NewTopic(name, partitions, rf)], operation_timeout=10)[name].result(timeout=30)
        return self.cluster.wait_for_leaders(name, 20)

    def start_member(self, group, topic, client_id):
        m = KcatMember(self.cluster.bootstrap, group, topic, client_id)
        self.members.append(m)
        self.addCleanup(m.cleanup)
        return m

    def group_on(self, node_id, group):
        try:
            return self.cluster.nodes[node_id].group(group)
        except OSError:
            return None

    @staticmethod
    def committed(g):
        return {} if g is None else {o["partition"]: o["committed_offset"] for o in g["offsets"]}

    def current_coordinator(self, group):
        """The coordinator every running node names now, or None."""
        try:
            return self.cluster.coordinator(group, timeout=5)
        except AssertionError:
            return None

    def wait_group(self, node_id, group, predicate, timeout, what):
        """Polls /v1/groups/{group} on node_id until predicate(group) holds.
        node_id None asks whichever node coordinates the group at each poll:
        the coordinator moves with the offsets partition's leadership, also
        when its preferred leader takes it back after a failover."""
        def ask():
            n = node_id if node_id is not None else self.current_coordinator(group)
            return n, (self.group_on(n, group) if n is not None else None)

        def check():
            _, g = ask()
            return g if g is not None and predicate(g) else None
        try:
            return wait_for(check, timeout, what)
        except AssertionError as e:
            n, g = ask()
            raise AssertionError("%s\nlast /v1/groups/%s on node %s: %r\nevery node: %r" % (
                e, group, n, g, self.coordination_view(group)))

    def coordination_view(self, group):
        """What each running node says of the group: its FindCoordinator
        answer and its own /v1/groups entry (for failure messages)."""
        out = {}
        for i in self.cluster.alive_ids():
            try:
                answer = find_coordinator(self.cluster.nodes[i].kafka, group)
            except OSError as e:
                answer = repr(e)
            out[i] = {"find_coordinator": answer, "group": self.group_on(i, group)}
        return out

    def wait_stable_split(self, coord, group, topic, members, timeout=40):
        """The coordinator lists the group Stable with exactly `members`, each
        owning a non-empty, disjoint share of all partitions, and each kcat
        logged that same assignment."""
        clients = sorted(m.client_id for m in members)

        def ok(g):
            if g["state"] != "Stable" or sorted(m["client_id"] for m in g["members"]) != clients:
                return False
            by_client = {}
            for m in g["members"]:
                if any(a["topic"] != topic for a in m["assignment"]):
                    return False
                by_client[m["client_id"]] = (m["member_id"], sorted(p for a in m["assignment"] for p in a["partitions"]))
            all_parts = sorted(p for _, parts in by_client.values() for p in parts)
            if all_parts != list(range(PARTITIONS)) or any(not parts for _, parts in by_client.values()):
                return False
            return all(m.current_assignment() == by_client[m.client_id] for m in members)
        return self.wait_group(coord, group, ok, timeout, "group %s Stable on node %s with %s" % (group, coord, clients))

    def wait_consumed(self, members, positions, timeout=40):
        positions = set(positions)

        def seen():
            s = set()
            for m in members:
                s.update((p, o) for p, o, _, _ in m.snapshot())
            return s
        try:
            wait_for(lambda: positions <= seen(), timeout, "members to print %d records" % len(positions))
        except AssertionError as e:
            raise AssertionError("%s; missing %s" % (e, sorted(positions - seen())[:20]))

    def assert_only_coordinator_lists(self, group, timeout=15):
        """Exactly one node lists the group: the one every node names as its
        coordinator (asked again on each poll, since a preferred leader may
        take the offsets partition back meanwhile)."""
        def listing():
            coord = self.current_coordinator(group)
            listed = {i for i in self.cluster.alive_ids() if group in self.cluster.nodes[i].groups()}
            return coord if coord is not None and listed == {coord} else None
        try:
            return wait_for(listing, timeout, "only the coordinator of %s to list it" % group, interval=0.2)
        except AssertionError as e:
            listed = {i: group in self.cluster.nodes[i].groups() for i in self.cluster.alive_ids()}
            raise AssertionError("%s: GET /v1/groups lists it on %r; coordinator %s" % (e, listed, self.current_coordinator(group)))

    # ------------------------------------------------------------------
    def test_kcat_members_split_partitions(self):
        require_tool("kcat")
        topic, group = "split", "split-group"
        self.create_topic(topic, PARTITIONS)
        a = self.start_member(group, topic, "kcat-a")
        b = self.start_member(group, topic, "kcat-b")
        # The group is asked of whichever node coordinates it at each poll:
        # right after __consumer_offsets is created its preferred leaders take
        # their partitions back, and the group's coordinator moves with them.
        g = self.wait_stable_split(None, group, topic, [a, b])
        print("\ncoordinator of %s: node %s; Stable after %.1fs, generation %d"
              % (group, self.current_coordinator(group), time.time() - self.t0, g["generation_id"]))
        owner = {p: m["client_id"] for m in g["members"] for a_ in m["assignment"] for p in a_["partitions"]}
        records = [(b"k-%d-%d" % (p, i), b"v-%d-%d" % (p, i), p) for p in range(PARTITIONS) for i in range(10)]
        positions = produce(self.cluster.bootstrap, topic, records)
        value_at = dict(zip(positions, records))
        self.wait_consumed([a, b], positions)
        seen = {}
        for m in (a, b):
            for p, o, k, v in m.snapshot():
                self.assertEqual(owner[p], m.client_id, "%s printed partition %d, assigned to %s" % (m.client_id, p, owner[p]))
                self.assertNotIn((p, o), seen, "%d/%d printed twice" % (p, o))
                seen[(p, o)] = m.client_id
                self.assertEqual((k, v), value_at[(p, o)][:2])
        self.assertEqual(sorted(seen), sorted(positions))
        g = self.wait_group(None, group, lambda g: self.committed(g) == {p: 10 for p in range(PARTITIONS)}, 20,
                            "commits at 10 on every partition")
        self.assertEqual(g["state"], "Stable")
        self.assertEqual(g["total_lag"], 0)
        self.assert_only_coordinator_lists(group)
        for m in (a, b):
            self.assertEqual(m.stop(), 0, m.log())
        g = self.wait_group(None, group, lambda g: g["state"] == "Empty", 15, "group Empty after both left")
        self.assertEqual(self.committed(g), {p: 10 for p in range(PARTITIONS)})

    def test_coordinator_kill_members_resume(self):
        require_tool("kcat")
        topic, group = "failover", "failover-group"
        self.create_topic(topic, PARTITIONS)
        a = self.start_member(group, topic, "kcat-a")
        b = self.start_member(group, topic, "kcat-b")
        self.wait_stable_split(None, group, topic, [a, b])
        phase1 = produce(self.cluster.bootstrap, topic,
                         [(None, b"one-%d-%d" % (p, i), p) for p in range(PARTITIONS) for i in range(10)])
        self.wait_consumed([a, b], phase1)
        g = self.wait_group(None, group, lambda g: self.committed(g) == {p: 10 for p in range(PARTITIONS)}, 20,
                            "commits at 10 on every partition before the kill")
        coord = self.assert_only_coordinator_lists(group)
        committed_before = self.committed(g)
        generation_before = g["generation_id"]
        printed_before = {m.client_id: len(m.snapshot()) for m in (a, b)}

        t_kill = time.time()
        self.cluster.kill(coord)
        new = self.cluster.coordinator(group, timeout=30, exclude=(coord,))
        t_new = time.time() - t_kill
        g = self.wait_group(None, group, lambda g: True, 30, "the new coordinator to list group %s" % group)
        t_listed = time.time() - t_kill
        print("\nkilled coordinator node %d: node %d named after %.2fs, lists the group after %.2fs "
              "(state %s, generation %d -> %d)" % (coord, new, t_new, t_listed, g["state"], generation_before,
                                                    g["generation_id"]))
        for p, o in committed_before.items():
            self.assertGreaterEqual(self.committed(g).get(p, -1), o,
                                    "node %d lost the commit of partition %d: %r" % (new, p, self.committed(g)))
        self.assertGreaterEqual(g["generation_id"], generation_before)

        phase2 = produce(self.cluster.bootstrap, topic,
                         [(None, b"two-%d-%d" % (p, i), p) for p in range(PARTITIONS) for i in range(10)], timeout=60)
        self.wait_consumed([a, b], phase2, timeout=60)
        # From here on the group is asked of whichever node coordinates it:
        # once the killed node is back, the preferred leader of the offsets
        # partition may take it (and the group) back.
        self.wait_stable_split(None, group, topic, [a, b])
        # a third member joins: partitions move, and their new owner starts
        # at the committed offsets
        c = self.start_member(group, topic, "kcat-c")
        g = self.wait_stable_split(None, group, topic, [a, b, c])
        print("three members Stable, generation %d" % g["generation_id"])
        phase3 = produce(self.cluster.bootstrap, topic,
                         [(None, b"three-%d-%d" % (p, i), p) for p in range(PARTITIONS) for i in range(10)])
        self.wait_consumed([a, b, c], phase3)
        end = {p: 30 for p in range(PARTITIONS)}
        self.wait_group(None, group, lambda g: self.committed(g) == end, 30, "commits at 30 on every partition")

        everything = set(phase1) | set(phase2) | set(phase3)
        self.assertEqual(everything, {(p, o) for p in range(PARTITIONS) for o in range(30)})
        after_kill = []
        for m in (a, b, c):
            after_kill += [(p, o) for p, o, _, _ in m.snapshot()[printed_before.get(m.client_id, 0):]]
        printed = [(p, o) for m in (a, b, c) for p, o, _, _ in m.snapshot()]
        self.assertEqual(set(printed), everything, "skipped: %r" % sorted(everything - set(printed))[:20])
        early = sorted(po for po in after_kill if po[1] < committed_before[po[0]])
        self.assertEqual(early, [], "read again after the kill from before the committed offsets %r" % committed_before)
        dups = len(printed) - len(set(printed))
        print("printed %d records for %d offsets: %d duplicates (all at or after the commits before the kill)"
              % (len(printed), len(everything), dups))
        self.assert_only_coordinator_lists(group)

    def test_waiting_join_answered_when_the_coordinator_moves(self):
        """A JoinGroup waiting for a rebalance when the coordinator hands its
        offsets partition to another node is answered NOT_COORDINATOR at
        once, so the member finds the new coordinator (it was left
        unanswered: members of a group still forming waited out their
        request timeout; found in a fresh-clone run)."""
        import threading
        from kafka.protocol.group import JoinGroupRequest, SyncGroupRequest
        from offsets_decoder import OFFSETS_TOPIC, partition_for
        group = "moving-join"
        self.cluster.coordinator(group)  # __consumer_offsets exists from here
        # The controller hands partitions back to their preferred leaders
        # (checked every 5 s); once every node names the preferred replica as
        # the leader of each __consumer_offsets partition, no hand-back moves
        # the coordinator during the test.
        def on_preferred_leaders():
            for i in self.cluster.alive_ids():
                _, parts = self.cluster.node_metadata(i, [OFFSETS_TOPIC])["topics"].get(OFFSETS_TOPIC, (None, {}))
                if len(parts) != PARTITIONS or any(leader != replicas[0] for _, leader, replicas, _ in parts.values()):
                    return False
            return True
        wait_for(on_preferred_leaders, 30, "every %s partition led by its preferred replica" % OFFSETS_TOPIC, interval=0.2)
        coord = self.cluster.coordinator(group)
        addr = self.cluster.nodes[coord].kafka
        # Member A forms the group (generation 1) and then never rejoins.
        a = raw_request(addr, JoinGroupRequest[2](group, 30000, 60000, "", "consumer", [("range", b"")]), timeout=10)
        self.assertEqual(a.error_code, 0)
        synced = raw_request(addr, SyncGroupRequest[1](group, a.generation_id, a.member_id, [(a.member_id, b"")]), timeout=10)
        self.assertEqual(synced.error_code, 0)
        # Member B's join starts a rebalance that waits for A (up to its 60 s rebalance timeout).
        answer = {}

        def join_b():
            t0 = time.time()
            try:
                r = raw_request(addr, JoinGroupRequest[2](group, 30000, 60000, "", "consumer", [("range", b"")]), timeout=30)
                answer["error"] = r.error_code
            except OSError as e:
                answer["error"] = repr(e)
            answer["seconds"] = time.time() - t0
        th = threading.Thread(target=join_b, daemon=True)
        th.start()
        time.sleep(1)
        self.assertTrue(th.is_alive(), "B's JoinGroup was answered before the move: %r" % answer)
        to = next(i for i in self.cluster.nodes if i != coord)
        status, body = self.cluster.nodes[coord].http_post(
            "/v1/partitions/__consumer_offsets/%d/leader?to=%d" % (partition_for(group, PARTITIONS), to))
        self.assertEqual(status, 202, body)
        th.join(30)
        print("\nB's pending JoinGroup on node %d after the move to node %d: %r" % (coord, to, answer))
        self.assertEqual(answer.get("error"), 16, "NOT_COORDINATOR expected: %r" % answer)
        self.assertLess(answer["seconds"], 10)

    def test_committed_offset_survives_coordinator_move(self):
        topic, group = "survive", "survive-group"
        self.create_topic(topic, 3)
        produce(self.cluster.bootstrap, topic, [(None, b"v-%d-%d" % (p, i), p) for p in range(3) for i in range(20)])
        first = GroupConsumer(self.cluster.bootstrap, group, [topic], "first")
        self.addCleanup(first.close)
        pump([first], lambda: len(first.records) >= 60, 40, "first consumer to read 60 records")
        want = {0: 7, 1: 13, 2: 20}
        first.consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in want.items()], asynchronous=False)
        first.close()
        self.wait_group(None, group, lambda g: self.committed(g) == want and g["state"] == "Empty", 20,
                        "group Empty with the commit on its coordinator")
        coord = self.assert_only_coordinator_lists(group)
        self.cluster.kill(coord)
        new = self.cluster.coordinator(group, timeout=30, exclude=(coord,))
        self.wait_group(None, group, lambda g: self.committed(g) == want, 30, "the new coordinator to have the commit")
        self.cluster.restart(coord, graceful=False)
        self.cluster.wait_ready(30)
        self.wait_group(None, group, lambda g: self.committed(g) == want, 30,
                        "the coordinator to have the commit after node %d restarted" % coord)
        final = self.current_coordinator(group)
        print("\ncoordinator: node %d, killed; node %d took over; after the restart node %d" % (coord, new, final))
        second = GroupConsumer(self.cluster.bootstrap, group, [topic], "second")
        self.addCleanup(second.close)
        committed = {tp.partition: tp.offset for tp in
                     second.consumer.committed([TopicPartition(topic, p) for p in range(3)], timeout=20)}
        self.assertEqual(committed, want)
        expected = sorted([(0, o) for o in range(7, 20)] + [(1, o) for o in range(13, 20)])
        pump([second], lambda: len(second.positions()) >= len(expected), 40,
             "second consumer to read the %d records after the commit" % len(expected))
        settle = time.time() + 1  # poll a moment longer: nothing else (no duplicate, nothing before the commit) arrives
        pump([second], lambda: time.time() >= settle, 5, "one more second of polling")
        firsts = {}
        for p, o in second.positions():  # the first offset read on each partition
            firsts.setdefault(p, o)
        self.assertEqual(firsts, {0: 7, 1: 13}, "second consumer started at %r, committed %r" % (firsts, want))
        self.assertEqual(sorted(second.positions()), expected)

    def test_kafka_python_group_round_trip(self):
        topic, group = "kpy", "kpy-group"
        self.create_topic(topic, 3)
        where = produce(self.cluster.bootstrap, topic, [(b"k%d" % i, b"kafka-python-%d" % i, i % 3) for i in range(300)])
        servers = self.cluster.bootstrap.split(",")
        consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=group, enable_auto_commit=False,
                                 auto_offset_reset="earliest", session_timeout_ms=6000, heartbeat_interval_ms=500)
        self.addCleanup(consumer.close)
        got = {}
        deadline = time.time() + 60
        while len(got) < 300 and time.time() < deadline:
            for tp, msgs in consumer.poll(timeout_ms=500).items():
                for m in msgs:
                    self.assertNotIn((tp.partition, m.offset), got)
                    got[(tp.partition, m.offset)] = m.value
        self.assertEqual(got, {po: b"kafka-python-%d" % i for i, po in enumerate(where)})
        self.assertEqual(sorted(tp.partition for tp in consumer.assignment()), [0, 1, 2])
        consumer.commit()
        consumer.close()
        coord = self.cluster.coordinator(group)
        admin = KafkaAdminClient(bootstrap_servers=servers)
        self.addCleanup(admin.close)
        offsets = {tp.partition: om.offset for tp, om in admin.list_consumer_group_offsets(group).items()}
        self.assertEqual(offsets, {0: 100, 1: 100, 2: 100})
        self.wait_group(None, group, lambda g: self.committed(g) == {0: 100, 1: 100, 2: 100}, 20,
                        "the coordinator's view of the commits")
        self.assertIn(group, [g[0] for g in admin.list_consumer_groups()])
        # a second consumer of the group starts at the end: it reads only what comes next
        more = produce(self.cluster.bootstrap, topic, [(None, b"more-%d" % p, p) for p in range(3)])
        again = KafkaConsumer(topic, bootstrap_servers=servers, group_id=group, enable_auto_commit=False,
                              auto_offset_reset="earliest", session_timeout_ms=6000, heartbeat_interval_ms=500)
        self.addCleanup(again.close)
        got2 = {}
        deadline = time.time() + 40
        while len(got2) < 3 and time.time() < deadline:
            for tp, msgs in again.poll(timeout_ms=500).items():
                for m in msgs:
                    got2[(tp.partition, m.offset)] = m.value
        self.assertEqual(got2, {po: b"more-%d" % p for p, po in enumerate(more)})
        print("\nkafka-python: coordinator node %d, 300 read and committed, second consumer read only the 3 new" % coord)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""Consumer groups with kafka-python and confluent-kafka against a real plexusd:

- kafka-python KafkaConsumer(group_id=...) reads everything, commits and
  closes; the next member of the group resumes exactly after the commit;
  KafkaAdminClient lists, describes, fetches the offsets of and deletes the
  group;
- confluent-kafka AdminClient.list_groups() shows members, state, protocol;
- static membership (group.instance.id): a member that restarts takes its old
  place with no rebalance (same generation, the other member untouched);
- the admin API (/v1/groups, /v1/groups/{id}) and the kafka_consumergroup_*
  series of /metrics report committed offsets, high watermarks and lag equal
  to produced minus committed.
"""
# ctest-labels: integration;interop
import struct
import time
import unittest
import urllib.error
import urllib.parse

from plexus_harness import GroupConsumer, PlexusNode, create_topic, produce, pump, wait_for

import kafka
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.structs import OffsetAndMetadata
from confluent_kafka import TopicPartition
from confluent_kafka.admin import AdminClient

NODE_ID = 3
SETTINGS = {
    "node.id": str(NODE_ID),
    "group.initial.rebalance.delay.ms": "0",
    "group.min.session.timeout.ms": "1000",
}


def parse_assignment(data):
    """ConsumerProtocolAssignment: int16 version, [topic string, [int32]], user data."""
    pos = 2
    (n_topics,) = struct.unpack_from(">i", data, pos)
    pos += 4
    out = []
    for _ in range(n_topics):
        (tlen,) = struct.unpack_from(">h", data, pos)
        pos += 2
        topic = data[pos:pos + tlen].decode()
        pos += tlen
        (n,) = struct.unpack_from(">i", data, pos)
        pos += 4
        parts = list(struct.unpack_from(">%di" % n, data, pos))
        pos += 4 * n
        out.extend((topic, p) for p in parts)
    return sorted(out)


class GroupClientsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = PlexusNode(settings=SETTINGS)
        cls.addClassCleanup(cls.node.cleanup)
        cls.node.start()

    def setUp(self):
        self.assertTrue(self.node.alive(), "plexusd died earlier:\n" + self.node.log_text())

    def consumer(self, group, topics, client_id, **config):
        c = GroupConsumer(self.node.kafka, group, topics, client_id, **config)
        self.addCleanup(c.close)
        return c

    def kp_admin(self):
        admin = KafkaAdminClient(bootstrap_servers=self.node.kafka, client_id="kp-admin")
        self.addCleanup(admin.close)
        return admin

    def wait_group(self, group, predicate, timeout, what, consumers=()):
        """Polls `consumers` (so librdkafka serves its callbacks) until the admin
        API's view of `group` satisfies predicate."""
        def check():
            g = self.node.group(group)
            return g if g is not None and predicate(g) else None
        if consumers:
            return pump(consumers, check, timeout, what)
        return wait_for(check, timeout, what)

    # ------------------------------------------------------------------
    def test_kafka_python_roundtrip(self):
        topic, group = "kp-group-topic", "kp-group"
        create_topic(self.node, topic, 3)
        first = produce(self.node.kafka, topic, [(b"k%d" % i, b"v%d" % i, i % 3) for i in range(300)])
        tps = [kafka.TopicPartition(topic, p) for p in range(3)]

        def kp_consumer(client_id):
            c = KafkaConsumer(topic, bootstrap_servers=self.node.kafka, group_id=group, client_id=client_id,
                              auto_offset_reset="earliest", enable_auto_commit=False,
                              session_timeout_ms=6000, heartbeat_interval_ms=500)
            self.addCleanup(c.close)
            return c

        def read(consumer, count, timeout=30):
            got = []
            deadline = time.time() + timeout
            while len(got) < count and time.time() < deadline:
                for _, batch in consumer.poll(timeout_ms=500).items():
                    got.extend((r.partition, r.offset) for r in batch)
            return got

        c1 = kp_consumer("kp-c1")
        got = read(c1, 300)
        self.assertEqual(sorted(got), sorted(first), "first member's records")
        c1.commit()
        self.assertEqual({tp.partition: c1.committed(tp) for tp in tps}, {0: 100, 1: 100, 2: 100})

        admin = self.kp_admin()
        self.assertIn((group, "consumer"), admin.list_consumer_groups())
        (desc,) = admin.describe_consumer_groups([group])
        self.assertEqual(desc.error_code, 0)
        self.assertEqual((desc.group, desc.state, desc.protocol_type, desc.protocol),
                         (group, "Stable", "consumer", "range"))
        self.assertEqual(len(desc.members), 1)
        m = desc.members[0]
        self.assertEqual((m.client_id, m.client_host), ("kp-c1", "/127.0.0.1"))
        self.assertTrue(m.member_id.startswith("kp-c1-"), m.member_id)
        self.assertEqual(list(m.member_metadata.subscription), [topic])
        self.assertEqual([(t, sorted(ps)) for t, ps in m.member_assignment.assignment], [(topic, [0, 1, 2])])
        self.assertEqual(admin.list_consumer_group_offsets(group),
                         {tp: OffsetAndMetadata(100, "") for tp in tps})
        # A group with a live member cannot be deleted.
        self.assertEqual(admin.delete_consumer_groups([group]), [(group, kafka.errors.NonEmptyGroupError)])

        c1.close()
        self.wait_group(group, lambda g: g["state"] == "Empty" and g["members"] == [], 10, "group Empty after close")
        (desc,) = admin.describe_consumer_groups([group])
        self.assertEqual((desc.state, desc.members), ("Empty", []))

        second = produce(self.node.kafka, topic, [(b"k%d" % i, b"w%d" % i, i % 3) for i in range(30)])
        self.assertEqual(sorted(second), [(p, o) for p in range(3) for o in range(100, 110)])
        c2 = kp_consumer("kp-c2")
        got2 = read(c2, 30)
        # Nothing old, nothing skipped: exactly the records after the commit, once.
        self.assertEqual(sorted(got2), sorted(second), "second member resumed elsewhere than the committed offsets")
        got_more = read(c2, 1, timeout=1.5)
        self.assertEqual(got_more, [], "second member read more than was produced")
        c2.commit()
        self.assertEqual(admin.list_consumer_group_offsets(group), {tp: OffsetAndMetadata(110, "") for tp in tps})
        c2.close()
        self.wait_group(group, lambda g: g["state"] == "Empty", 10, "group Empty after the second close")

        self.assertEqual(admin.delete_consumer_groups([group]), [(group, kafka.errors.NoError)])
        self.assertNotIn(group, [g for g, _ in admin.list_consumer_groups()])
        self.assertEqual(admin.list_consumer_group_offsets(group), {})
        self.assertIsNone(self.node.group(group), "admin API still shows the deleted group")
        self.assertEqual(admin.delete_consumer_groups([group]), [(group, kafka.errors.GroupIdNotFoundError)])
        (desc,) = admin.describe_consumer_groups([group])
        self.assertEqual((desc.state, desc.members), ("Dead", []))

    def test_confluent_list_groups(self):
        topic, group = "ck-list-topic", "ck-list"
        create_topic(self.node, topic, 4)
        a = self.consumer(group, [topic], "ck-a")
        b = self.consumer(group, [topic], "ck-b")
        self.wait_group(group, lambda g: g["state"] == "Stable" and len(g["members"]) == 2
                        and a.assignment and b.assignment
                        and sorted(a.assignment + b.assignment) == [(topic, p) for p in range(4)],
                        30, "two members splitting 4 partitions", consumers=[a, b])

        admin = AdminClient({"bootstrap.servers": self.node.kafka})
        listed = [g for g in admin.list_groups(timeout=10) if g.id == group]
        self.assertEqual(len(listed), 1, "list_groups() does not show %s once" % group)
        only = admin.list_groups(group=group, timeout=10)
        self.assertEqual([g.id for g in only], [group])
        g = listed[0]
        self.assertIsNone(g.error)
        self.assertEqual(g.broker.id, NODE_ID)
        self.assertEqual((g.state, g.protocol_type, g.protocol), ("Stable", "consumer", "range"))
        self.assertEqual(sorted(m.client_id for m in g.members), ["ck-a", "ck-b"])
        by_client = {}
        for m in g.members:
            self.assertEqual(m.client_host, "/127.0.0.1")
            self.assertTrue(m.id.startswith(m.client_id + "-"), m.id)
            by_client[m.client_id] = parse_assignment(m.assignment)
        self.assertEqual(by_client, {"ck-a": a.assignment, "ck-b": b.assignment})
        api = self.node.group(group)
        self.assertEqual(sorted(m.id for m in g.members), sorted(m["member_id"] for m in api["members"]))

        a.close()
        b.close()
        self.wait_group(group, lambda g: g["state"] == "Empty", 10, "group Empty after both closed")
        (g,) = admin.list_groups(group=group, timeout=10)
        self.assertEqual((g.state, g.members), ("Empty", []))

    def test_static_member_restart_without_rebalance(self):
        topic, group = "ck-static-topic", "ck-static"
        create_topic(self.node, topic, 4)
        a = self.consumer(group, [topic], "ck-static-a", **{"group.instance.id": "static-a"})
        b = self.consumer(group, [topic], "ck-static-b", **{"group.instance.id": "static-b"})
        g = self.wait_group(group, lambda g: g["state"] == "Stable" and len(g["members"]) == 2
                            and a.assignment and b.assignment
                            and sorted(a.assignment + b.assignment) == [(topic, p) for p in range(4)],
                            30, "two static members splitting 4 partitions", consumers=[a, b])
        generation = g["generation_id"]
        by_instance = {m["group_instance_id"]: m for m in g["members"]}
        self.assertEqual(sorted(by_instance), ["static-a", "static-b"])
        old_member_a = by_instance["static-a"]["member_id"]
        assignment_a = list(a.assignment)
        b_rebalances = len(b.rebalances)

        # A static member does not leave the group on close ...
        a.close()
        time.sleep(1.0)
        g = self.node.group(group)
        self.assertEqual((g["state"], g["generation_id"], len(g["members"])), ("Stable", generation, 2),
                         "closing a static member changed the group")

        # ... and its successor with the same group.instance.id takes its place at once.
        a2 = self.consumer(group, [topic], "ck-static-a", **{"group.instance.id": "static-a"})
        pump([a2, b], lambda: a2.assignment, 20, "restarted static member's assignment")
        g = self.node.group(group)
        self.assertEqual(g["state"], "Stable")
        self.assertEqual(g["generation_id"], generation, "the static member's restart caused a rebalance")
        by_instance = {m["group_instance_id"]: m for m in g["members"]}
        self.assertEqual(sorted(by_instance), ["static-a", "static-b"])
        self.assertNotEqual(by_instance["static-a"]["member_id"], old_member_a, "the restarted member kept its old id")
        self.assertEqual(a2.assignment, assignment_a, "the restarted static member got another assignment")
        self.assertEqual(sorted((x["topic"], p) for x in by_instance["static-a"]["assignment"] for p in x["partitions"]),
                         assignment_a)

        # Both keep consuming their own partitions; b saw no rebalance at all.
        positions = produce(self.node.kafka, topic, [(None, b"s%d" % i, i % 4) for i in range(40)])
        pump([a2, b], lambda: len(a2.records) + len(b.records) >= 40, 20, "40 records read by the two members")
        self.assertEqual(sorted(a2.positions() + b.positions()), sorted(positions))
        self.assertTrue(all((topic, p) in assignment_a for p, _ in a2.positions()))
        self.assertEqual(len(b.rebalances), b_rebalances, "the other member went through a rebalance: %r" % b.rebalances)
        self.assertEqual(self.node.group(group)["generation_id"], generation)
        self.assertEqual(a2.errors + b.errors, [])

    def test_admin_api_and_lag_metrics(self):
        topic, group = "lag-topic", "lag-group/ü"
        create_topic(self.node, topic, 3)
        produce(self.node.kafka, topic, [(None, b"x", p) for p in range(3) for _ in range(10 * (p + 1))])
        c = self.consumer(group, [topic], "lag-c")
        pump([c], lambda: c.assignment == [(topic, p) for p in range(3)], 20, "assignment of all 3 partitions")
        before_ms = int(time.time() * 1000)
        wanted = {0: 4, 1: 20, 2: 7}
        result = c.consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in wanted.items()], asynchronous=False)
        after_ms = int(time.time() * 1000)
        self.assertEqual(sorted((tp.partition, tp.offset, tp.error) for tp in result),
                         [(p, o, None) for p, o in sorted(wanted.items())])

        g = self.node.group(group)
        self.assertIsNotNone(g, "GET /v1/groups/%s answered 404" % urllib.parse.quote(group, safe=""))
        self.assertEqual((g["group_id"], g["state"], g["protocol_type"], g["protocol"], g["coordinator"]),
                         (group, "Stable", "consumer", "range", NODE_ID))
        self.assertGreaterEqual(g["generation_id"], 1)
        self.assertEqual(len(g["members"]), 1)
        m = g["members"][0]
        self.assertEqual(g["leader"], m["member_id"])
        self.assertEqual((m["client_id"], m["client_host"], m["group_instance_id"], m["session_timeout_ms"]),
                         ("lag-c", "/127.0.0.1", None, 6000))
        self.assertEqual(m["assignment"], [{"topic": topic, "partitions": [0, 1, 2]}])
        hw = {0: 10, 1: 20, 2: 30}
        self.check_offsets(g, topic, wanted, hw)
        for o in g["offsets"]:
            self.assertEqual(o["metadata"], "")
            self.assertTrue(before_ms - 1000 <= o["commit_timestamp_ms"] <= after_ms + 1000, o)
        self.check_metrics(group, topic, wanted, hw, members=1)

        # More records on partition 1: its lag grows by exactly that much.
        produce(self.node.kafka, topic, [(None, b"y", 1) for _ in range(5)])
        hw[1] = 25
        self.check_offsets(self.node.group(group), topic, wanted, hw)
        self.check_metrics(group, topic, wanted, hw, members=1)
        summary = self.node.groups()[group]
        self.assertEqual(summary, {"group_id": group, "state": "Stable", "protocol_type": "consumer",
                                   "protocol": "range", "members": 1, "total_lag": 6 + 5 + 23})

        c.close()
        g = self.wait_group(group, lambda g: g["state"] == "Empty", 10, "group Empty after close")
        self.assertEqual((g["members"], g["protocol"]), ([], ""))
        self.check_offsets(g, topic, wanted, hw)
        self.check_metrics(group, topic, wanted, hw, members=0)

        with self.assertRaises(urllib.error.HTTPError) as ctx:
            self.node.http_get("/v1/groups/no-such-group")
        self.assertEqual(ctx.exception.code, 404)

    def check_offsets(self, g, topic, committed, hw):
        rows = sorted((o["topic"], o["partition"], o["committed_offset"], o["high_watermark"], o["lag"]) for o in g["offsets"])
        self.assertEqual(rows, [(topic, p, committed[p], hw[p], hw[p] - committed[p]) for p in sorted(committed)])
        self.assertEqual(g["total_lag"], sum(hw[p] - committed[p] for p in committed))

    def check_metrics(self, group, topic, committed, hw, members):
        m = self.node.metrics()

        def series(name, **labels):
            inner = ",".join('%s="%s"' % kv for kv in [("consumergroup", group), ("topic", topic)] + list(labels.items()))
            return "%s{%s}" % (name, inner)

        for p in committed:
            self.assertEqual(m.get(series("kafka_consumergroup_current_offset", partition=p)), committed[p], "current offset p%d" % p)
            self.assertEqual(m.get(series("kafka_consumergroup_lag", partition=p)), hw[p] - committed[p], "lag p%d" % p)
        self.assertEqual(m.get(series("kafka_consumergroup_lag_sum")), sum(hw[p] - committed[p] for p in committed))
        self.assertEqual(m.get('kafka_consumergroup_members{consumergroup="%s"}' % group), members)
        ours = [k for k in m if k.startswith("kafka_consumergroup_lag{") and 'consumergroup="%s"' % group in k]
        self.assertEqual(len(ours), len(committed), ours)


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""The records of __consumer_offsets, read back with a plain consumer (no
group) and decoded independently of the broker's code, with Python's struct
module following Apache Kafka's layout (offsets_decoder.py describes it).

Checked: every record decodes exactly (no byte left over); it sits in
partition abs(String.hashCode(group)) % 50 (Java's hash over UTF-16, Kafka's
abs mapping INT_MIN to 0); the latest commit of each (group, topic,
partition) is what OffsetFetch answers; the latest group record matches the
live group (generation, protocol, leader, members with their ids, client
ids, hosts, timeouts, subscriptions and assignments), then the emptied
group; DeleteGroups writes tombstones for every offset and the group.
"""
# ctest-labels: integration;interop
import time
import unittest

from plexus_harness import GroupConsumer, PlexusNode, create_topic, produce, pump, wait_for
from offsets_decoder import (INT32_MIN, OFFSETS_PARTITIONS, OFFSETS_TOPIC, Decoded, decode_assignment,
                             decode_subscription, java_string_hash, partition_for, read_offsets_topic)

import kafka
import kafka.errors
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.structs import OffsetAndMetadata
from confluent_kafka import TopicPartition

# ---------------------------------------------------------------- the test
class ConsumerOffsetsFormatTest(unittest.TestCase):
    def test_java_hash_helper(self):
        # Values of java.lang.String.hashCode() (checks the helper itself).
        self.assertEqual(java_string_hash(""), 0)
        self.assertEqual(java_string_hash("hello"), 99162322)
        self.assertEqual(java_string_hash("polygenelubricants"), INT32_MIN)
        self.assertEqual(partition_for("polygenelubricants"), 0)
        self.assertEqual(java_string_hash("\U0001F600"), 0xD83D * 31 + 0xDE00)  # a surrogate pair is two units

    def test_records_match_offset_fetch_and_groups(self):
        node = PlexusNode(settings={"group.initial.rebalance.delay.ms": "0", "group.min.session.timeout.ms": "1000"})
        self.addCleanup(node.cleanup)
        node.start()
        self.assertEqual(node.node_info()["config"]["offsets.topic.num.partitions"], str(OFFSETS_PARTITIONS))
        topic = "fmt-topic"
        create_topic(node, topic, 3)
        produce(node.kafka, topic, [(b"k%d" % i, b"v%d" % i, i % 3) for i in range(90)])
        tps = [kafka.TopicPartition(topic, p) for p in range(3)]
        admin = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="fmt-admin")
        self.addCleanup(admin.close)
        t_start = int(time.time() * 1000)

        # Group 1: a kafka-python member (non-ASCII id) committing with metadata.
        g_kp = "fmt-kp-grüße"
        kp = KafkaConsumer(topic, bootstrap_servers=node.kafka, group_id=g_kp, client_id="fmt-kp",
                           enable_auto_commit=False, auto_offset_reset="earliest",
                           session_timeout_ms=6000, heartbeat_interval_ms=500, max_poll_interval_ms=45000)
        self.addCleanup(kp.close)
        deadline = time.time() + 30
        while len(kp.assignment()) < 3 and time.time() < deadline:
            kp.poll(timeout_ms=200)
        self.assertEqual(len(kp.assignment()), 3, "kafka-python member got no assignment")
        kp.commit({tps[0]: OffsetAndMetadata(3, "kp-meta-0")})
        kp.commit({tps[0]: OffsetAndMetadata(11, "kp-meta-0b"), tps[1]: OffsetAndMetadata(12, "kp-meta-1"),
                   tps[2]: OffsetAndMetadata(13, "")})

        # Group 2: two static confluent-kafka members (id with a surrogate pair).
        g_ck = "fmt-ck-\U0001F600"
        extra = {"session.timeout.ms": 3000, "max.poll.interval.ms": 40000}
        a = GroupConsumer(node.kafka, g_ck, [topic], "fmt-ck-a", **{"group.instance.id": "inst-a"}, **extra)
        b = GroupConsumer(node.kafka, g_ck, [topic], "fmt-ck-b", **{"group.instance.id": "inst-b"}, **extra)
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        pump([a, b], lambda: (lambda g: g and g["state"] == "Stable" and len(g["members"]) == 2
                              and sorted(a.assignment + b.assignment) == [(topic, p) for p in range(3)])(node.group(g_ck)),
             30, "two static members Stable")
        owner = a if (topic, 0) in a.assignment else b
        owner.consumer.commit(offsets=[TopicPartition(topic, 0, 21)], asynchronous=False)
        owner.consumer.commit(offsets=[TopicPartition(topic, 0, 22)], asynchronous=False)

        # Group 3: standalone commits only (its hash is Integer.MIN_VALUE: partition 0).
        g_sa = "polygenelubricants"
        sa = KafkaConsumer(bootstrap_servers=node.kafka, group_id=g_sa, enable_auto_commit=False)
        self.addCleanup(sa.close)
        sa.assign(tps)
        sa.commit({tps[1]: OffsetAndMetadata(30, "sa")})
        sa.close()

        groups = [g_kp, g_ck, g_sa]
        self.assertEqual(len({partition_for(g) for g in groups}), 3, "test groups should use distinct partitions")

        # ---- phase 1: members alive
        records, ends = read_offsets_topic(node.kafka)
        t_read = int(time.time() * 1000)
        dec = Decoded(records, self)
        self.assertEqual({g for _, _, k, _, _ in dec.records for g in [k["group"]]}, set(groups),
                         "groups in %s" % OFFSETS_TOPIC)
        self.assertEqual(sorted(p for p, n in ends.items() if n), sorted({partition_for(g) for g in groups}),
                         "partitions holding records")
        for _, _, k, v, _ in dec.records:
            # Plexus writes key v1/v2, OffsetCommitValue v3 and GroupMetadataValue v3 (offsets_format.h).
            self.assertEqual(k["version"], 1 if k["type"] == "offset" else 2)
            if v is not None:
                self.assertEqual(v["version"], 3, "%s value version" % k["type"])
        for g in groups:
            self.check_offsets_match_fetch(admin, dec, g, t_start, t_read)
        # Every commit was a record: group 1 committed partition 0 twice, 3 then 11.
        history = [v["offset"] for _, _, k, v, _ in dec.records
                   if k["type"] == "offset" and k["group"] == g_kp and k["partition"] == 0]
        self.assertEqual(history, [3, 11])
        self.assertEqual(dec.offsets_of(g_kp)[(topic, 0)]["metadata"], "kp-meta-0b")
        self.assertEqual(dec.offsets_of(g_ck)[(topic, 0)]["offset"], 22)
        self.assertNotIn(g_sa, dec.latest_group, "a group that never had members got a group metadata record")

        api = {g: node.group(g) for g in (g_kp, g_ck)}
        self.check_group_record(dec.latest_group[g_kp], api[g_kp], admin, t_start, t_read,
                                {"fmt-kp": (None, 6000, 45000)}, topic)
        self.check_group_record(dec.latest_group[g_ck], api[g_ck], admin, t_start, t_read,
                                {"fmt-ck-a": ("inst-a", 3000, 40000), "fmt-ck-b": ("inst-b", 3000, 40000)}, topic)

        # ---- phase 2: the kafka-python member leaves; the group record follows
        kp.close()
        wait_for(lambda: node.group(g_kp)["state"] == "Empty", 10, "%s Empty" % g_kp)
        dec = Decoded(read_offsets_topic(node.kafka)[0], self)
        emptied = dec.latest_group[g_kp]
        self.assertEqual((emptied["generation"], emptied["protocol"], emptied["leader"], emptied["members"]),
                         (api[g_kp]["generation_id"] + 1, None, None, []), "group record after the last member left")
        self.assertEqual(emptied["protocol_type"], "consumer")
        self.assertEqual(node.group(g_kp)["generation_id"], emptied["generation"])

        # ---- phase 3: DeleteGroups writes tombstones
        a.close()
        b.close()
        # Static members do not leave on close: their sessions (3 s) expire.
        wait_for(lambda: node.group(g_ck)["state"] == "Empty", 20, "%s Empty after the static sessions expired" % g_ck)
        before_delete = {p: n for p, n in read_offsets_topic(node.kafka)[1].items()}
        result = dict(admin.delete_consumer_groups(groups))
        self.assertEqual(result, {g: kafka.errors.NoError for g in groups})
        records, _ = read_offsets_topic(node.kafka)
        dec = Decoded(records, self)
        for g in groups:
            keys_before = {(t, p) for (gg, t, p) in dec.latest_offset if gg == g}
            self.assertTrue(keys_before, "no offset keys for %s" % g)
            after = [(k, v) for p, o, k, v, _ in dec.records if p == partition_for(g) and o >= before_delete[p] and k["group"] == g]
            tombstoned = {(k["topic"], k["partition"]) for k, v in after if k["type"] == "offset" and v is None}
            self.assertEqual(tombstoned, keys_before, "%s: offset tombstones after DeleteGroups" % g)
            self.assertTrue(any(k["type"] == "group" and v is None for k, v in after), "%s: no group tombstone" % g)
            self.assertEqual([v for v in dec.offsets_of(g).values() if v is not None], [], "%s: offsets left" % g)
            self.assertIsNone(dec.latest_group.get(g), "%s: group record not tombstoned" % g)
            self.assertTrue(all(v is None for k, v in after), "%s: a live record after the delete: %r" % (g, after))
            self.assertEqual(admin.list_consumer_group_offsets(g), {})
            self.assertIsNone(node.group(g))

        # The tombstones are what a restarted node rebuilds from.
        node.kill_and_restart()
        admin.close()
        admin = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="fmt-admin-2")
        self.addCleanup(admin.close)
        for g in groups:
            self.assertEqual(admin.list_consumer_group_offsets(g), {}, "%s has offsets again after a restart" % g)
        self.assertEqual({g for g, _ in admin.list_consumer_groups()} & set(groups), set())

    # -- checks ---------------------------------------------------------------
    def check_offsets_match_fetch(self, admin, dec, group, t_start, t_read):
        fetched = admin.list_consumer_group_offsets(group)
        recorded = {kafka.TopicPartition(t, p): v for (t, p), v in dec.offsets_of(group).items()}
        self.assertEqual(set(recorded), set(fetched), "%s: partitions in the topic vs OffsetFetch" % group)
        for tp, v in recorded.items():
            self.assertIsNotNone(v, "%s %s: latest record is a tombstone" % (group, tp))
            self.assertEqual(OffsetAndMetadata(v["offset"], v["metadata"]), fetched[tp], "%s %s" % (group, tp))
            self.assertEqual(v["leader_epoch"], -1, "%s %s: no client here sends a leader epoch" % (group, tp))
            self.assertTrue(t_start - 1000 <= v["commit_timestamp"] <= t_read + 1000,
                            "%s %s: commit timestamp %d outside [%d, %d]" % (group, tp, v["commit_timestamp"], t_start, t_read))

    def check_group_record(self, rec, api, admin, t_start, t_read, expected_members, topic):
        """The latest GroupMetadataValue against the admin API's and DescribeGroups' view of a Stable group."""
        self.assertIsNotNone(rec)
        self.assertEqual(api["state"], "Stable")
        self.assertEqual(rec["protocol_type"], "consumer")
        self.assertEqual(rec["generation"], api["generation_id"])
        self.assertEqual(rec["protocol"], api["protocol"])
        self.assertIn(rec["protocol"], ("range", "roundrobin"))
        self.assertEqual(rec["leader"], api["leader"])
        self.assertTrue(t_start - 1000 <= rec["current_state_timestamp"] <= t_read + 1000, rec["current_state_timestamp"])
        (desc,) = admin.describe_consumer_groups([api["group_id"]])
        self.assertEqual((desc.state, desc.protocol), ("Stable", rec["protocol"]))
        described = {m.member_id: m for m in desc.members}
        api_members = {m["member_id"]: m for m in api["members"]}
        self.assertEqual(sorted(m["member_id"] for m in rec["members"]), sorted(api_members))
        self.assertEqual(sorted(described), sorted(api_members))
        all_assigned = []
        for m in rec["members"]:
            instance, session, rebalance = expected_members[m["client_id"]]
            self.assertEqual((m["group_instance_id"], m["client_host"], m["session_timeout"], m["rebalance_timeout"]),
                             (instance, "/127.0.0.1", session, rebalance), m["member_id"])
            self.assertEqual(m["client_id"], api_members[m["member_id"]]["client_id"])
            self.assertEqual(m["group_instance_id"], api_members[m["member_id"]]["group_instance_id"])
            self.assertEqual(decode_subscription(m["subscription"]), [topic])
            assigned = decode_assignment(m["assignment"])
            self.assertEqual(assigned, sorted((a["topic"], p) for a in api_members[m["member_id"]]["assignment"]
                                              for p in a["partitions"]))
            d = described[m["member_id"]]
            self.assertEqual(sorted((t, p) for t, ps in d.member_assignment.assignment for p in ps), assigned)
            all_assigned += assigned
        self.assertEqual(sorted(all_assigned), [(topic, p) for p in range(3)])
        self.assertEqual(sorted(m["client_id"] for m in rec["members"]), sorted(expected_members))


if __name__ == "__main__":
    unittest.main()

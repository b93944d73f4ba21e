#!/usr/bin/python3
"""Committed offsets over time: offsets retention and the compaction of
__consumer_offsets, against real plexusd nodes.

Retention (offsets.retention.ms=3000, checked every 200 ms):
- a standalone group (an assign()-mode consumer committing with generation
  -1) loses its offsets about 3 s after the commit: OffsetFetch answers -1,
  the group leaves ListGroups and GET /v1/groups, and __consumer_offsets holds
  tombstones for each offset key and for the group key, written (by their
  record timestamps) no earlier than 3 s after the commit and at most 1 s late;
- a group with a live subscribed member keeps its offsets well past the
  retention time; once the member leaves (Empty) they expire about 3 s after
  that, not at once, and also when the node is killed (-9) and restarted
  meanwhile (the Empty time comes back from the group record);
- expired groups stay gone after kill -9 and a restart.

Compaction (log.cleaner.backoff.ms=200): __consumer_offsets is altered to
min.cleanable.dirty.ratio=0 and, while hundreds of separate commits of two
groups land in one partition, min.compaction.lag.ms=1h (so that the whole
partition can be read before any pass); then the lag goes to 0 and the
cleaner runs. Read from offset 0 by a plain confluent-kafka consumer, the
partition has no errors, offsets strictly increasing and unchanged, exactly
the latest record of each (group, topic, partition) key outside the newest
batch plus that batch, and those values are what OffsetFetch answers, also
after kill -9 and a restart; the next commit gets the next offset.

Records are decoded by offsets_decoder.py, independently of the broker's code.
"""
# ctest-labels: integration
import time
import unittest

from plexus_harness import GroupConsumer, PlexusNode, create_topic, produce, wait_for
from offsets_decoder import OFFSETS_TOPIC, Decoded, decode_key, decode_offset_value, partition_for, read_offsets_topic

import kafka
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.structs import OffsetAndMetadata
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource

RETENTION_MS = 3000
RETENTION_S = RETENTION_MS / 1000
CHECK_MS = 200
# How late after its due time an expiry may be seen: the check interval, the
# 100 ms tick, the tombstones' fsync and this test's polling, with room for a
# busy machine.
LATE_S = 2.0
# How early: commit and Empty times are taken by the broker after the test's
# "before" timestamp, so only millisecond truncation can make it earlier.
EARLY_S = 0.05
# The broker's own lateness, seen in the tombstones' timestamps against the
# due time computed from the decoded records: one check interval, one tick,
# and slack. Tight enough to see an Empty time reset by a restart (the
# restart below comes 1.5 s after the group emptied).
TOMBSTONE_LATE_MS = 1000


def offset_fetch(admin, group, tps):
    """OffsetFetch for explicit partitions: {partition: offset}, -1 meaning none."""
    return {tp.partition: om.offset for tp, om in admin.list_consumer_group_offsets(group, partitions=tps).items()}


def listed_groups(admin):
    return {g for g, _ in admin.list_consumer_groups()}


class OffsetsRetentionTest(unittest.TestCase):
    SETTINGS = {
        "offsets.retention.ms": str(RETENTION_MS),
        "offsets.retention.check.interval.ms": str(CHECK_MS),
        "group.initial.rebalance.delay.ms": "0",
        "group.min.session.timeout.ms": "1000",
    }

    def new_admin(self, node):
        admin = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="retention-admin")
        self.addCleanup(admin.close)
        return admin

    def assert_group_gone(self, node, admin, group, tps, when):
        self.assertEqual(offset_fetch(admin, group, tps), {tp.partition: -1 for tp in tps},
                         "%s: OffsetFetch %s" % (group, when))
        self.assertEqual(admin.list_consumer_group_offsets(group), {},
                         "%s: OffsetFetch of all partitions %s" % (group, when))
        self.assertNotIn(group, listed_groups(admin), "%s: still in ListGroups %s" % (group, when))
        self.assertNotIn(group, node.groups(), "%s: still in GET /v1/groups %s" % (group, when))
        self.assertIsNone(node.group(group), "%s: GET /v1/groups/{id} %s" % (group, when))
        lines = [k for k in node.metrics() if k.startswith("kafka_consumergroup_") and 'consumergroup="%s"' % group in k]
        self.assertEqual(lines, [], "%s: group metrics %s" % (group, when))

    def test_offsets_expire_only_once_the_group_is_empty(self):
        node = PlexusNode(settings=self.SETTINGS)
        self.addCleanup(node.cleanup)
        node.start()
        cfg = node.node_info()["config"]
        self.assertEqual((cfg["offsets.retention.ms"], cfg["offsets.retention.check.interval.ms"]),
                         (str(RETENTION_MS), str(CHECK_MS)))
        topic = "retention-topic"
        create_topic(node, topic, 3)
        produce(node.kafka, topic, [(b"k%d" % i, b"v%d" % i, i % 3) for i in range(30)])
        tps = [kafka.TopicPartition(topic, p) for p in range(3)]
        admin = self.new_admin(node)
        g_live, g_sa = "retention-live", "retention-standalone"

        # (b) a subscribed member, kept polling, commits once.
        live = GroupConsumer(node.kafka, g_live, [topic], "retention-live-member")
        self.addCleanup(live.close)

        def live_stable():
            g = node.group(g_live)
            return g and g["state"] == "Stable" and live.assignment == [(topic, p) for p in range(3)]
        deadline = time.time() + 20
        while not live_stable():
            self.assertLess(time.time(), deadline, "the live member got no assignment: %r" % node.group(g_live))
            live.poll(0.05)
        live_committed = {p: 10 + p for p in range(3)}
        result = live.consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in live_committed.items()],
                                      asynchronous=False)
        self.assertEqual([tp.error for tp in result], [None] * 3)
        t_live_commit = time.time()

        # (a) a standalone group: kafka-python with assign() commits with generation -1.
        sa = KafkaConsumer(bootstrap_servers=node.kafka, group_id=g_sa, enable_auto_commit=False,
                           client_id="retention-standalone")
        self.addCleanup(sa.close)
        sa.assign(tps)
        sa_committed = {p: 5 + p for p in range(3)}
        t_sa_before = time.time()
        sa.commit({tps[p]: OffsetAndMetadata(o, "sa-%d" % p) for p, o in sa_committed.items()})
        t_sa_after = time.time()
        sa.close()
        self.assertEqual(offset_fetch(admin, g_sa, tps), sa_committed)
        self.assertEqual(offset_fetch(admin, g_live, tps), live_committed)
        # Both are groups before they expire (so "gone" below means something).
        self.assertLessEqual({g_sa, g_live}, listed_groups(admin))
        self.assertLessEqual({g_sa, g_live}, set(node.groups()))
        self.assertEqual(node.group(g_sa)["state"], "Empty")

        # The standalone group's offsets go about RETENTION after the commit;
        # meanwhile, and for a while after, the live group keeps its offsets.
        t_sa_gone = None
        while time.time() < t_live_commit + 2 * RETENTION_S:
            live.poll(0.05)
            self.assertEqual(offset_fetch(admin, g_live, tps), live_committed,
                             "a group with a live member lost its offsets %.2f s after the commit"
                             % (time.time() - t_live_commit))
            if t_sa_gone is None and offset_fetch(admin, g_sa, tps) == {p: -1 for p in range(3)}:
                t_sa_gone = time.time()
                self.assertGreaterEqual(t_sa_gone - t_sa_before, RETENTION_S - EARLY_S,
                                        "standalone offsets expired before offsets.retention.ms")
                self.assert_group_gone(node, admin, g_sa, tps, "after its offsets expired")
            if t_sa_gone is None:
                self.assertLess(time.time() - t_sa_after, RETENTION_S + LATE_S,
                                "standalone offsets not expired %.1f s after the commit" % (time.time() - t_sa_after))
        self.assertIsNotNone(t_sa_gone, "the standalone group's offsets never expired")
        g = node.group(g_live)
        self.assertEqual((g["state"], len(g["members"])), ("Stable", 1))
        self.assertIn(g_live, listed_groups(admin))
        self.assertEqual(live.errors, [])

        # The member leaves: Empty now, offsets expire RETENTION later.
        t_close_before = time.time()
        live.close()
        t_close_after = time.time()
        g = node.group(g_live)
        self.assertEqual((g["state"], g["members"]), ("Empty", []), "after the member closed")
        self.assertEqual(offset_fetch(admin, g_live, tps), live_committed, "offsets gone as soon as the group emptied")

        # (c) kill -9 while the group's retention clock runs (and after the
        # standalone group expired), then restart on the same data dir.
        time.sleep(max(0.0, t_close_after + 1.5 - time.time()))
        node.kill_and_restart()
        admin = self.new_admin(node)
        self.assertLess(time.time() - t_close_after, RETENTION_S - 0.5, "the restart took too long for the next check")
        self.assertEqual(offset_fetch(admin, g_live, tps), live_committed,
                         "an Empty group's offsets expired at once after a restart")
        self.assertEqual(node.group(g_live)["state"], "Empty")
        self.assert_group_gone(node, admin, g_sa, tps, "after kill -9 and a restart")

        t_live_gone = wait_for(lambda: offset_fetch(admin, g_live, tps) == {p: -1 for p in range(3)} and time.time(),
                               RETENTION_S + LATE_S, "%s's offsets to expire after it emptied" % g_live, interval=0.05)
        self.assertGreaterEqual(t_live_gone - t_close_before, RETENTION_S - EARLY_S,
                                "offsets expired sooner than offsets.retention.ms after the group emptied")
        self.assertLess(t_live_gone - t_close_after, RETENTION_S + LATE_S)
        self.assert_group_gone(node, admin, g_live, tps, "after its offsets expired")

        # The tombstones, decoded.
        dec = Decoded(read_offsets_topic(node.kafka)[0], self)
        lateness = {}
        for group, committed in ((g_sa, sa_committed), (g_live, live_committed)):
            recs = [(o, k, v, ts) for p, o, k, v, ts in dec.records if k["group"] == group]
            self.assertTrue(recs, "no records of %s" % group)
            self.assertTrue(all(p == partition_for(group) for p, _, k, _, _ in dec.records if k["group"] == group))
            live_commits = {(k["topic"], k["partition"]): (o, v) for o, k, v, _ in recs if k["type"] == "offset" and v}
            self.assertEqual({tp: v["offset"] for tp, (_, v) in live_commits.items()},
                             {(topic, p): o for p, o in committed.items()}, "%s: commits recorded" % group)
            last_live = max(o for o, _, v, _ in recs if v is not None)
            tombstones = [(o, k, ts) for o, k, v, ts in recs if v is None]
            # Sets, not counts: a check that comes round while the tombstones of
            # the previous one are still being written (fsync slower than the
            # 200 ms interval) writes them again, which is harmless.
            self.assertEqual({(k["topic"], k["partition"]) for _, k, _ in tombstones if k["type"] == "offset"},
                             set(live_commits), "%s: a tombstone for each offset key" % group)
            self.assertTrue(any(k["type"] == "group" for _, k, _ in tombstones), "%s: no group-key tombstone" % group)
            self.assertTrue(all(o > last_live for o, _, _ in tombstones), "%s: a live record after a tombstone" % group)
            if group == g_sa:
                self.assertEqual([k for _, k, v, _ in recs if k["type"] == "group" and v is not None], [],
                                 "a standalone group got a group record")
                due = max(v["commit_timestamp"] for _, v in live_commits.values()) + RETENTION_MS
            else:
                emptied = [v for _, k, v, _ in recs if k["type"] == "group" and v is not None][-1]
                self.assertEqual(emptied["members"], [], "the last group record is not the emptied group")
                due = emptied["current_state_timestamp"] + RETENTION_MS
            lateness[group] = max(ts - due for _, _, ts in tombstones)
            for o, k, ts in tombstones:
                self.assertGreaterEqual(ts, due, "%s: tombstone at %d written %d ms before it was due"
                                        % (group, o, due - ts))
                self.assertLess(ts, due + TOMBSTONE_LATE_MS, "%s: tombstone at %d written %d ms after it was due"
                                % (group, o, ts - due))
            self.assertEqual(dec.offsets_of(group), {tp: None for tp in live_commits}, "%s: latest values" % group)
            self.assertIsNone(dec.latest_group.get(group))

        print("\nstandalone offsets expired %.2f s after the commit; %s's %.2f s after it emptied (a restart between); "
              "tombstones %s ms after due" % (t_sa_gone - t_sa_before, g_live, t_live_gone - t_close_before, lateness))

        # (c) Nothing comes back after another kill -9 and restart.
        node.kill_and_restart()
        admin = self.new_admin(node)
        for group in (g_sa, g_live):
            self.assert_group_gone(node, admin, group, tps, "after the second kill -9 and restart")
        # A fixed wait for a few offsets-retention checks: the node exports no
        # count of those checks that the test could wait on instead.
        time.sleep(3 * CHECK_MS / 1000)
        self.assertEqual(listed_groups(admin) & {g_sa, g_live}, set())
        self.assertTrue(node.alive())


class OffsetsCompactionTest(unittest.TestCase):
    SETTINGS = {"log.cleaner.backoff.ms": "200"}
    COMMITS = 300

    def alter_offsets_topic(self, lag_ms):
        """AlterConfigs (a full replacement of the overrides, so cleanup.policy is repeated)."""
        config = {"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0", "min.compaction.lag.ms": str(lag_ms)}
        res = ConfigResource("topic", OFFSETS_TOPIC, set_config=config)
        for f in self.cadmin.alter_configs([res]).values():
            f.result(timeout=20)
        (described,) = self.cadmin.describe_configs([ConfigResource("topic", OFFSETS_TOPIC)]).values()
        described = described.result(timeout=20)
        self.assertEqual({k: described[k].value for k in config}, config)

    def read_partition(self, partition, end):
        """Every record of __consumer_offsets-`partition` below `end`, from offset 0,
        with a plain confluent-kafka consumer: [(offset, key, value)]."""
        c = Consumer({"bootstrap.servers": self.node.kafka, "group.id": "compaction-reader", "enable.auto.commit": False,
                      "auto.offset.reset": "error", "fetch.wait.max.ms": 100})
        try:
            low, high = c.get_watermark_offsets(TopicPartition(OFFSETS_TOPIC, partition), timeout=10, cached=False)
            self.assertEqual((low, high), (0, end), "watermarks of %s-%d" % (OFFSETS_TOPIC, partition))
            c.assign([TopicPartition(OFFSETS_TOPIC, partition, 0)])
            out = []
            deadline = time.time() + 20
            while (not out or out[-1][0] < end - 1) and time.time() < deadline:
                msg = c.poll(0.2)
                if msg is None:
                    continue
                self.assertIsNone(msg.error(), "consumer error: %s" % msg.error())
                self.assertEqual(msg.partition(), partition)
                if out:
                    self.assertGreater(msg.offset(), out[-1][0], "offsets not strictly increasing")
                out.append((msg.offset(), msg.key(), msg.value()))
            self.assertTrue(out and out[-1][0] == end - 1, "read up to %r, expected %d" % (out[-1:], end - 1))
            return out
        finally:
            c.close()

    def size(self, partition):
        return self.node.metrics()['plexus_partition_size_bytes{topic="%s",partition="%d"}' % (OFFSETS_TOPIC, partition)]

    def test_consumer_offsets_is_compacted(self):
        self.node = node = PlexusNode(settings=self.SETTINGS)
        self.addCleanup(node.cleanup)
        node.start()
        self.cadmin = AdminClient({"bootstrap.servers": node.kafka})
        topic = "cmp-topic"
        create_topic(node, topic, 3)
        tps = [kafka.TopicPartition(topic, p) for p in range(3)]
        group = "cmp-group"
        part = partition_for(group)
        # A second group whose records share the partition: keys differ by group only.
        other = next("cmp-other-%d" % i for i in range(10000) if partition_for("cmp-other-%d" % i) == part)

        consumers = {}
        for g in (group, other):
            consumers[g] = KafkaConsumer(bootstrap_servers=node.kafka, group_id=g, enable_auto_commit=False, client_id=g)
            self.addCleanup(consumers[g].close)
            consumers[g].assign(tps)
        latest = {}      # (group, partition) -> (offset, metadata)
        written = [0]    # records written to the partition: one per committed partition

        def commit(g, offsets):
            """One OffsetCommit (one batch) of {partition: (offset, metadata)}."""
            consumers[g].commit({tps[p]: OffsetAndMetadata(o, m) for p, (o, m) in offsets.items()})
            latest.update({(g, p): om for p, om in offsets.items()})
            written[0] += len(offsets)

        # The first commit creates __consumer_offsets; then compaction is held
        # back by min.compaction.lag.ms while the commits go in.
        commit(group, {0: (1, "first")})
        self.alter_offsets_topic(3600 * 1000)
        t0 = time.time()
        for i in range(self.COMMITS):
            if i % 25 == 12:  # now and then one commit (one batch) for every partition
                commit(group, {p: (2000 + i, "all-%d" % i) for p in range(3)})
            else:
                commit(group, {i % 3: (1000 + i, "m%d" % i)})
            if i % 10 == 5:
                commit(other, {(i // 10) % 2: (i, "o%d" % i)})  # partitions 0 and 1 only
        # Batches that compaction must shrink: the 3-record batch keeps
        # partitions 0 and 2, the 2-record batch partition 1.
        commit(group, {p: (3000 + p, "tail-%d" % p) for p in range(3)})
        commit(other, {0: (3100, "tail-o0"), 1: (3101, "tail-o1")})
        commit(group, {1: (3200, "tail-1b")})
        commit(other, {0: (3300, "tail-o0b")})
        # The newest batch: a single commit of partition 0, whose older value
        # stays visible (the newest batch is never compacted).
        commit(group, {0: (5000, "newest")})
        end = written[0]
        commit_s = time.time() - t0

        kp = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="cmp-admin")
        self.addCleanup(kp.close)

        def fetched(g):
            return {(g, tp.partition): (om.offset, om.metadata) for tp, om in kp.list_consumer_group_offsets(g).items()}
        self.assertEqual({**fetched(group), **fetched(other)}, latest, "OffsetFetch before compaction")

        # The partition before any pass: one record per committed partition, offsets 0..end-1.
        before = self.read_partition(part, end)
        self.assertEqual([o for o, _, _ in before], list(range(end)), "compacted during the commits, or records missing")
        self.assertFalse(node.wait_for_log("compaction of %s-%d" % (OFFSETS_TOPIC, part), timeout=0.5),
                         "a pass ran although min.compaction.lag.ms holds it back")
        size_before = self.size(part)
        by_offset = {o: (k, v) for o, k, v in before}
        decoded = {o: decode_key(k) for o, k, _ in before}
        self.assertTrue(all(d["type"] == "offset" for d in decoded.values()))
        # Expected survivors: the newest batch (the last offset) and, below it,
        # the latest record of each (group, topic, partition).
        newest = end - 1
        last_of_key = {}
        for o in range(newest):
            d = decoded[o]
            last_of_key[(d["group"], d["topic"], d["partition"])] = o
        expected = sorted(set(last_of_key.values()) | {newest})
        # cmp-group: 0 and 2 in the tail's 3-record batch, 1 alone; cmp-other: 1 in
        # its 2-record batch, 0 alone; then the newest batch.
        self.assertEqual(expected, [end - 8, end - 6, end - 4, end - 3, end - 2, end - 1])

        # Let the cleaner in.
        self.alter_offsets_topic(0)
        t1 = time.time()
        wait_for(lambda: self.size(part) < size_before / 10, 15, "%s-%d to shrink below %d bytes"
                 % (OFFSETS_TOPIC, part, size_before / 10))
        self.assertTrue(node.wait_for_log("compaction of %s-%d" % (OFFSETS_TOPIC, part), timeout=5), node.log_text())
        compact_s = time.time() - t1

        after = self.read_partition(part, end)
        for o, k, v in after:
            self.assertEqual((k, v), by_offset[o], "record at offset %d changed" % o)
        self.assertEqual([o for o, _, _ in after], expected, "surviving offsets")
        per_key = {}
        for o, k, v in after:
            if o == newest:
                continue
            d = decode_key(k)
            per_key.setdefault((d["group"], d["topic"], d["partition"]), []).append(o)
        self.assertEqual({k: v for k, v in per_key.items() if len(v) > 1}, {},
                         "keys with more than one record outside the newest batch")

        # Decoded with kafka-python as well: the latest values are what OffsetFetch answers.
        records, ends = read_offsets_topic(node.kafka)
        self.assertEqual(ends[part], end)
        self.assertEqual([(o, k, v) for p, o, k, v, _ in records if p == part], after)
        dec = Decoded(records, self)
        survivors = {(g, p): (v["offset"], v["metadata"]) for (g, t, p), v in dec.latest_offset.items() if t == topic}
        self.assertEqual(survivors, latest)
        self.assertEqual({**fetched(group), **fetched(other)}, latest, "OffsetFetch after compaction")
        self.assertIn(last_of_key[(group, topic, 0)], [o for o, _, _ in after],
                      "the value the newest batch overwrites is gone (the newest batch is never compacted)")

        # kill -9 and restart: the compacted partition is what the node loads.
        self.cadmin = None  # no client left retrying the old process
        node.kill_and_restart()
        kp.close()
        kp = KafkaAdminClient(bootstrap_servers=node.kafka, client_id="cmp-admin-2")
        self.addCleanup(kp.close)
        self.assertEqual({**fetched(group), **fetched(other)}, latest, "OffsetFetch after kill -9 and restart")
        self.assertEqual(self.read_partition(part, end), after)
        # Numbering carries on where it was.
        c = KafkaConsumer(bootstrap_servers=node.kafka, group_id=group, enable_auto_commit=False, client_id="cmp-after")
        self.addCleanup(c.close)
        c.assign(tps)
        c.commit({tps[1]: OffsetAndMetadata(7000, "after-restart")})
        latest[(group, 1)] = (7000, "after-restart")
        self.assertEqual({**fetched(group), **fetched(other)}, latest)
        tail = self.read_partition(part, end + 1)
        self.assertEqual(tail[:-1], after)
        self.assertEqual(tail[-1][0], end)
        self.assertEqual(decode_offset_value(tail[-1][2])["offset"], 7000)
        print("\n%d records committed in %.1f s; compaction seen %.1f s after the lag was lifted; %s-%d %d -> %d bytes"
              % (end, commit_s, compact_s, OFFSETS_TOPIC, part, size_before, self.size(part)))


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""Consumer groups driven by kcat -G (librdkafka's balanced KafkaConsumer)
against a real plexusd:

- two members share a 6-partition topic: every partition goes to exactly one
  member, as the admin API, kcat's own rebalance log and the records each
  member prints all say;
- a member killed with SIGKILL loses its partitions to the survivor once its
  session times out, and the survivor resumes them at the committed offsets;
- members stopped with SIGINT/SIGTERM commit on close; restarted, they resume
  at those offsets with no gap and nothing read twice.

kcat -G takes its start position from the group's committed offsets (falling
back to auto.offset.reset); "-o" would override them on every assignment, so
it is not used here.
"""
# ctest-labels: integration;interop
import re
import signal
import subprocess
import threading
import time
import unittest

from plexus_harness import PlexusNode, create_topic, produce, require_tool, wait_for

PARTITIONS = 6
SESSION_TIMEOUT_MS = 4000
NODE_SETTINGS = {
    "group.initial.rebalance.delay.ms": "300",
    "group.min.session.timeout.ms": "1000",
}


class KcatMember:
    """One `kcat -G` process. Records every line it prints (partition, offset,
    key, value) and the assignments it logs on stderr."""

    REBALANCE = re.compile(r"rebalanced \(memberid ([^)]*)\): (assigned|revoked): ?(.*)$")

    def __init__(self, bootstrap, group, topic, client_id, commit_interval_ms=200):
        exe = require_tool("kcat")
        self.client_id = client_id
        self.args = [exe, "-b", bootstrap, "-G", group, "-u",
                     "-f", "%p\\t%o\\t%k\\t%s\\n",
                     "-X", "client.id=" + client_id,
                     "-X", "session.timeout.ms=%d" % SESSION_TIMEOUT_MS,
                     "-X", "heartbeat.interval.ms=500",
                     "-X", "enable.auto.commit=true",
                     "-X", "auto.commit.interval.ms=%d" % commit_interval_ms,
                     "-X", "auto.offset.reset=earliest",
                     "-X", "topic.metadata.refresh.interval.ms=1000",
                     topic]
        self.records = []     # (partition, offset, key, value)
        self.stderr = []
        self.events = []      # (member_id, "assigned"/"revoked", [partitions])
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._threads = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for t in self._threads:
            t.start()

    def _read_stdout(self):
        for line in self.proc.stdout:
            parts = line.rstrip(b"\n").split(b"\t")
            with self.lock:
                if len(parts) != 4:
                    self.stderr.append("UNPARSEABLE OUTPUT LINE: %r" % line)
                    continue
                self.records.append((int(parts[0]), int(parts[1]), parts[2], parts[3]))

    def _read_stderr(self):
        for raw in self.proc.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            with self.lock:
                self.stderr.append(line)
                m = self.REBALANCE.search(line)
                if m:
                    parts = sorted(int(x) for x in re.findall(r"\[(\d+)\]", m.group(3)))
                    self.events.append((m.group(1), m.group(2), parts))

    def snapshot(self):
        with self.lock:
            return list(self.records)

    def current_assignment(self):
        """(member id, partitions) of kcat's last 'assigned' log line, or None."""
        with self.lock:
            for member, kind, parts in reversed(self.events):
                if kind == "assigned":
                    return member, parts
                return None  # last event was a revoke
        return None

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Sends `sig` (None: it was sent already) and waits for the exit code."""
        if sig is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("kcat %s did not exit within %ss of signal %r:\n%s"
                                 % (self.client_id, timeout, sig, self.log()))
        for t in self._threads:
            t.join(5)
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for t in self._threads:
            t.join(5)

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for pipe in (self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass

    def log(self):
        with self.lock:
            return "\n".join("[kcat %s] %s" % (self.client_id, l) for l in self.stderr)


class KcatGroupsTest(unittest.TestCase):
    def setUp(self):
        require_tool("kcat")
        self.node = PlexusNode(settings=NODE_SETTINGS)
        self.addCleanup(self.node.cleanup)
        self.node.start()
        self.members = []

    def start_member(self, group, topic, client_id, **kw):
        m = KcatMember(self.node.kafka, group, topic, client_id, **kw)
        self.members.append(m)
        self.addCleanup(m.cleanup)
        return m

    def diagnostics(self):
        return "\n".join([m.log() for m in self.members] + ["plexusd log:", self.node.log_text(all_runs=True)])

    def wait_group(self, group, predicate, timeout, what):
        def check():
            g = self.node.group(group)
            return g if g is not None and predicate(g) else None
        try:
            return wait_for(check, timeout, what)
        except AssertionError as e:
            raise AssertionError("%s\nlast /v1/groups/%s: %r\n%s" % (e, group, self.node.group(group), self.diagnostics()))

    @staticmethod
    def assignment_by_client(g):
        """{client_id: (member_id, sorted partitions)} from /v1/groups/{id}."""
        out = {}
        for m in g["members"]:
            parts = sorted(p for a in m["assignment"] for p in a["partitions"])
            out[m["client_id"]] = (m["member_id"], parts)
        return out

    def wait_stable_split(self, group, topic, members, timeout=30):
        """Waits until the group is Stable with exactly `members`, each owning
        a non-empty, disjoint share of every partition, and each kcat has
        logged that same assignment under the member id the node knows."""
        clients = sorted(m.client_id for m in members)

        def ok(g):
            if g["state"] != "Stable" or sorted(m["client_id"] for m in g["members"]) != clients:
                return False
            by_client = self.assignment_by_client(g)
            all_parts = sorted(p for _, parts in by_client.values() for p in parts)
            if all_parts != list(range(PARTITIONS)) or any(not parts for _, parts in by_client.values()):
                return False
            for a in g["members"]:
                if any(x["topic"] != topic for x in a["assignment"]):
                    return False
            return all(m.current_assignment() == by_client[m.client_id] for m in members)

        return self.wait_group(group, ok, timeout, "group %s Stable with %s splitting %d partitions" % (group, clients, PARTITIONS))

    def wait_consumed(self, members, expected_pos, timeout=30):
        """Waits until the members together printed every (partition, offset) in expected_pos."""
        expected_pos = set(expected_pos)

        def done():
            seen = set()
            for m in members:
                seen.update((p, o) for p, o, _, _ in m.snapshot())
            return expected_pos <= seen
        try:
            wait_for(done, timeout, "kcat members to print %d records" % len(expected_pos))
        except AssertionError as e:
            seen = set()
            for m in members:
                seen.update((p, o) for p, o, _, _ in m.snapshot())
            raise AssertionError("%s; missing %s\n%s" % (e, sorted(expected_pos - seen)[:20], self.diagnostics()))

    def committed(self, group):
        g = self.node.group(group)
        return {} if g is None else {o["partition"]: o["committed_offset"] for o in g["offsets"]}

    # ------------------------------------------------------------------
    def test_two_members_split_partitions(self):
        topic, group = "kcat-split", "kcat-split-group"
        create_topic(self.node, topic, PARTITIONS)
        a = self.start_member(group, topic, "kcat-a")
        b = self.start_member(group, topic, "kcat-b")
        g = self.wait_stable_split(group, topic, [a, b])
        generation = g["generation_id"]
        self.assertEqual(g["protocol_type"], "consumer")
        self.assertIn(g["protocol"], ("range", "roundrobin"))
        self.assertIn(g["leader"], [m["member_id"] for m in g["members"]])
        for m in g["members"]:
            self.assertEqual(m["client_host"], "/127.0.0.1")
            self.assertEqual(m["session_timeout_ms"], SESSION_TIMEOUT_MS)
            self.assertTrue(m["member_id"].startswith(m["client_id"] + "-"), m["member_id"])
        owner = {}
        for client, (_, parts) in self.assignment_by_client(g).items():
            for p in parts:
                owner[p] = client

        # Ten keyed records per partition, produced once the split is settled.
        records = [(b"key-%d-%d" % (p, i), b"value-%d-%d" % (p, i), p) for p in range(PARTITIONS) for i in range(10)]
        positions = produce(self.node.kafka, topic, records)
        value_at = {pos: rec for pos, rec in zip(positions, records)}
        self.assertEqual(sorted(positions), [(p, o) for p in range(PARTITIONS) for o in range(10)])
        self.wait_consumed([a, b], positions)

        seen = {}
        for m in (a, b):
            for p, o, k, v in m.snapshot():
                self.assertEqual(owner[p], m.client_id,
                                 "%s printed partition %d, which the node assigned to %s" % (m.client_id, p, owner[p]))
                self.assertNotIn((p, o), seen, "offset %d/%d printed twice (by %s and %s)" % (p, o, seen.get((p, o)), m.client_id))
                seen[(p, o)] = m.client_id
                self.assertEqual((k, v), value_at[(p, o)][:2], "record at %d/%d" % (p, o))
        self.assertEqual(sorted(seen), sorted(positions))

        # Auto-commit (200 ms) brings the committed offsets to the end; no rebalance happened meanwhile.
        g = self.wait_group(group, lambda g: {o["partition"]: o["committed_offset"] for o in g["offsets"]}
                            == {p: 10 for p in range(PARTITIONS)}, 15, "committed offsets at 10 on every partition")
        self.assertEqual(g["generation_id"], generation, "the group rebalanced although no member came or went")
        self.assertEqual(g["state"], "Stable")
        self.assertEqual(g["total_lag"], 0)
        for o in g["offsets"]:
            self.assertEqual((o["topic"], o["high_watermark"], o["lag"]), (topic, 10, 0), o)
        summary = self.node.groups()[group]
        self.assertEqual((summary["state"], summary["protocol_type"], summary["members"], summary["total_lag"]),
                         ("Stable", "consumer", 2, 0))

        # Both leave on a graceful stop: the group ends Empty with its offsets.
        self.assertEqual(a.stop(signal.SIGTERM), 0, a.log())
        self.assertEqual(b.stop(signal.SIGTERM), 0, b.log())
        g = self.wait_group(group, lambda g: g["state"] == "Empty", 10, "group Empty after both members left")
        self.assertEqual(g["members"], [])
        self.assertEqual(self.committed(group), {p: 10 for p in range(PARTITIONS)})

    def test_killed_member_partitions_move_to_survivor(self):
        topic, group = "kcat-failover", "kcat-failover-group"
        create_topic(self.node, topic, PARTITIONS)
        a = self.start_member(group, topic, "kcat-survivor")
        b = self.start_member(group, topic, "kcat-victim")
        g = self.wait_stable_split(group, topic, [a, b])
        generation = g["generation_id"]
        victim_id, victim_parts = self.assignment_by_client(g)["kcat-victim"]

        first = produce(self.node.kafka, topic, [(b"k%d" % i, b"before-%d" % i, i % PARTITIONS) for i in range(30)])
        self.wait_consumed([a, b], first)
        self.wait_group(group, lambda g: {o["partition"]: o["committed_offset"] for o in g["offsets"]}
                        == {p: 5 for p in range(PARTITIONS)}, 15, "offsets committed at 5 before the kill")

        b.kill()
        killed_at = time.time()
        # The victim stays a member until its session times out (no LeaveGroup was sent).
        time.sleep(SESSION_TIMEOUT_MS / 2000.0)
        g = self.node.group(group)
        self.assertIn(victim_id, [m["member_id"] for m in g["members"]],
                      "the killed member was removed before its %d ms session timeout" % SESSION_TIMEOUT_MS)

        g = self.wait_group(group, lambda g: g["state"] == "Stable" and len(g["members"]) == 1
                            and a.current_assignment() is not None
                            and a.current_assignment()[1] == list(range(PARTITIONS)),
                            SESSION_TIMEOUT_MS / 1000.0 + 15, "survivor owning all %d partitions" % PARTITIONS)
        took = time.time() - killed_at
        survivor_id, parts = self.assignment_by_client(g)["kcat-survivor"]
        self.assertEqual(parts, list(range(PARTITIONS)))
        self.assertEqual(a.current_assignment()[0], survivor_id)
        self.assertGreater(g["generation_id"], generation)
        self.assertEqual(g["leader"], survivor_id)
        print("\nsurvivor took over %s after %.1f s (session timeout %d ms)" % (victim_parts, took, SESSION_TIMEOUT_MS))

        before = len(a.snapshot())
        second = produce(self.node.kafka, topic, [(b"k%d" % i, b"after-%d" % i, i % PARTITIONS) for i in range(30)])
        self.wait_consumed([a], second)
        after_takeover = a.snapshot()[before:]
        # The victim's partitions continue at its committed offset 5: nothing re-read, nothing skipped.
        for p in range(PARTITIONS):
            offsets = [o for pp, o, _, _ in after_takeover if pp == p]
            self.assertEqual(offsets, list(range(5, 10)), "partition %d after the takeover" % p)
        self.wait_group(group, lambda g: {o["partition"]: o["committed_offset"] for o in g["offsets"]}
                        == {p: 10 for p in range(PARTITIONS)}, 15, "survivor's commits at 10")
        self.assertEqual(a.stop(signal.SIGTERM), 0, a.log())

    def test_resume_from_offsets_committed_on_close(self):
        topic, group = "kcat-resume", "kcat-resume-group"
        create_topic(self.node, topic, PARTITIONS)
        # A long auto-commit interval: the only commit of the first run is the one made on close.
        run1 = [self.start_member(group, topic, "kcat-r1", commit_interval_ms=600000),
                self.start_member(group, topic, "kcat-r2", commit_interval_ms=600000)]
        self.wait_stable_split(group, topic, run1)

        keyed = [(b"patient-%03d" % (i % 40), b"first-%04d" % i, None) for i in range(240)]
        first = produce(self.node.kafka, topic, keyed)
        self.wait_consumed(run1, first)
        self.assertEqual(self.committed(group), {}, "offsets were committed before the consumers closed")
        highs1 = {p: 1 + max([o for pp, o in first if pp == p], default=-1) for p in range(PARTITIONS)}
        self.assertGreater(min(highs1.values()), 0, "the keys did not spread over every partition: %r" % highs1)

        # Both at once (SIGINT to one, SIGTERM to the other), so neither takes over the other's partitions.
        run1[0].proc.send_signal(signal.SIGINT)
        run1[1].proc.send_signal(signal.SIGTERM)
        self.assertEqual(run1[0].stop(None), 0, run1[0].log())
        self.assertEqual(run1[1].stop(None), 0, run1[1].log())
        g = self.wait_group(group, lambda g: g["state"] == "Empty", 10, "group Empty after both members stopped")
        committed = {o["partition"]: o["committed_offset"] for o in g["offsets"]}
        self.assertEqual(committed, highs1, "offsets committed on close")

        second = produce(self.node.kafka, topic, [(b"patient-%03d" % (i % 40), b"second-%04d" % i, None) for i in range(240)])
        run2 = [self.start_member(group, topic, "kcat-r1"), self.start_member(group, topic, "kcat-r2")]
        self.wait_consumed(run2, second)
        highs2 = {p: 1 + max([o for pp, o in first + second if pp == p]) for p in range(PARTITIONS)}

        # Every acknowledged offset was read at least once across the two runs;
        # the second run starts each partition exactly at the committed offset.
        reads = {}
        for m in run1 + run2:
            for p, o, _, _ in m.snapshot():
                reads[(p, o)] = reads.get((p, o), 0) + 1
        acked = set(first) | set(second)
        lost = sorted(acked - set(reads))
        duplicated = sum(n - 1 for n in reads.values())
        print("\nacknowledged %d, read %d, lost %d, duplicated %d" % (len(acked), sum(reads.values()), len(lost), duplicated))
        self.assertEqual(lost, [], "acknowledged offsets never read")
        self.assertEqual(set(reads) - acked, set(), "read offsets that were never produced")
        # One assignment per member in the second run: no partition changed hands, so nothing may be read twice.
        settled = all(sum(1 for _, kind, _ in m.events if kind == "assigned") == 1 for m in run2)
        for p in range(PARTITIONS):
            run2_offsets = sorted(o for m in run2 for pp, o, _, _ in m.snapshot() if pp == p)
            self.assertEqual(run2_offsets[0], committed[p], "partition %d: second run did not start at the committed offset" % p)
            self.assertEqual(sorted(set(run2_offsets)), list(range(committed[p], highs2[p])),
                             "partition %d: second run has a gap" % p)
            if settled:
                self.assertEqual(run2_offsets, list(range(committed[p], highs2[p])), "partition %d: read twice" % p)
        if settled:
            self.assertEqual(duplicated, 0, "records read twice although every read was committed on close")
        for m in run2:
            self.assertEqual(m.stop(signal.SIGTERM), 0, m.log())
        self.assertEqual(self.committed(group), highs2)


if __name__ == "__main__":
    unittest.main()

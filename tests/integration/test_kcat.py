#!/usr/bin/python3
"""kcat against a real plexusd: metadata listing, keyed produce with headers,
consume with a format string, absolute / relative / timestamp start offsets.

kcat is librdkafka underneath, so these tests also cover librdkafka's view of
Metadata, Produce, Fetch and ListOffsets as kcat drives them.
"""
# ctest-labels: integration;interop
import collections
import json
import random
import re
import subprocess
import time
import unittest
import zlib

from plexus_harness import PlexusNode, kcat, require_tool

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

NODE_ID = 7  # not the default, so a broker id of 0 in any answer is a bug


def create_topic(node, name, partitions, config=None):
    admin = AdminClient({"bootstrap.servers": node.kafka})
    futures = admin.create_topics([NewTopic(name, partitions, 1, config=config or {})], operation_timeout=10)
    futures[name].result(timeout=20)


def parse_format_output(stdout, fields):
    """Splits kcat -f output ('\\t' between fields, '\\n' after each message)."""
    rows = []
    assert stdout.endswith(b"\n") or stdout == b"", "kcat output does not end with a newline: %r" % stdout[-80:]
    for line in stdout.split(b"\n")[:-1]:
        parts = line.split(b"\t")
        if len(parts) != fields:
            raise AssertionError("kcat line has %d fields, expected %d: %r" % (len(parts), fields, line[:200]))
        rows.append(parts)
    return rows


class KcatTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_tool("kcat")
        cls.node = PlexusNode(settings={"node.id": str(NODE_ID)})
        cls.addClassCleanup(cls.node.cleanup)  # also removes the data dir if start() fails
        cls.node.start()

    def setUp(self):
        self.assertTrue(self.node.alive(), "plexusd died earlier:\n" + self.node.log_text())

    def broker(self):
        return self.node.kafka

    # -- metadata -------------------------------------------------------------
    def test_metadata_list(self):
        create_topic(self.node, "meta-three", 3)
        create_topic(self.node, "meta-one", 1)

        out = kcat("-b", self.broker(), "-L").stdout.decode()
        m = re.search(r"^ (\d+) brokers:\n  broker (\d+) at (\S+)", out, re.M)
        self.assertIsNotNone(m, out)
        self.assertEqual(int(m.group(1)), 1, out)
        self.assertEqual(int(m.group(2)), NODE_ID, out)
        self.assertEqual(m.group(3), self.node.kafka, out)

        topics = {}
        current = None
        for line in out.splitlines():
            tm = re.match(r'^  topic "([^"]+)" with (\d+) partitions:', line)
            if tm:
                current = tm.group(1)
                topics[current] = {"count": int(tm.group(2)), "partitions": {}}
                continue
            pm = re.match(r"^    partition (\d+), leader (-?\d+), replicas: ([\d,]*), isrs: ([\d,]*)", line)
            if pm and current:
                topics[current]["partitions"][int(pm.group(1))] = (int(pm.group(2)), pm.group(3), pm.group(4))
        for name, count in (("meta-three", 3), ("meta-one", 1)):
            self.assertIn(name, topics, out)
            self.assertEqual(topics[name]["count"], count, out)
            self.assertEqual(sorted(topics[name]["partitions"]), list(range(count)), out)
            for leader, replicas, isrs in topics[name]["partitions"].values():
                self.assertEqual(leader, NODE_ID, out)
                self.assertEqual(replicas, str(NODE_ID), out)
                self.assertEqual(isrs, str(NODE_ID), out)

        # One topic only.
        out = kcat("-b", self.broker(), "-L", "-t", "meta-three").stdout.decode()
        self.assertRegex(out, r'topic "meta-three" with 3 partitions:')
        self.assertNotIn('"meta-one"', out)

        # JSON form.
        meta = json.loads(kcat("-b", self.broker(), "-L", "-J").stdout.decode())
        self.assertEqual(meta["brokers"], [{"id": NODE_ID, "name": self.node.kafka}])
        self.assertEqual(meta["controllerid"], NODE_ID)
        by_name = {t["topic"]: t for t in meta["topics"]}
        self.assertIn("meta-three", by_name)
        self.assertNotIn("error", by_name["meta-three"])
        parts = sorted(by_name["meta-three"]["partitions"], key=lambda p: p["partition"])
        self.assertEqual([p["partition"] for p in parts], [0, 1, 2])
        for p in parts:
            self.assertEqual(p["leader"], NODE_ID)
            self.assertEqual(p["replicas"], [{"id": NODE_ID}])
            self.assertEqual(p["isrs"], [{"id": NODE_ID}])

    # -- produce / consume ----------------------------------------------------
    def test_keyed_produce_with_headers_roundtrip(self):
        topic = "kcat-keyed"
        partitions = 4
        count = 10000
        create_topic(self.node, topic, partitions)

        rng = random.Random(20240611)
        separators = {0x09, 0x0A, 0x0D}           # tab/newline/CR frame kcat's input and output
        value_bytes = bytes(b for b in range(256) if b not in separators)
        key_bytes = bytes(b for b in value_bytes if b != ord(":"))
        keys = [b"k%02d-" % i + bytes(rng.choice(key_bytes) for _ in range(rng.randint(0, 12))) for i in range(61)]
        messages = []
        for i in range(count):
            key = keys[rng.randrange(len(keys))]
            # Values carry their production index first, then arbitrary bytes
            # (NUL, ':', high bytes, invalid UTF-8 ...).
            value = b"%05d|" % i + bytes(rng.choice(value_bytes) for _ in range(rng.randint(0, 120)))
            messages.append((key, value))
        data = b"".join(k + b":" + v + b"\n" for k, v in messages)

        kcat("-b", self.broker(), "-P", "-t", topic, "-K:", "-H", "hdr1=v1", "-H", "hdr2=v2",
             "-X", "enable.idempotence=true", input=data, timeout=120)

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-o", "beginning", "-e",
                 "-f", "%p\\t%o\\t%k\\t%s\\t%h\\n", timeout=120)
        rows = parse_format_output(r.stdout, 5)
        self.assertEqual(len(rows), count, "kcat consumed %d messages, %d were produced" % (len(rows), count))

        seen = {}
        per_partition = collections.defaultdict(list)  # partition -> [(offset, index)]
        key_partition = {}
        for p, o, k, v, h in rows:
            p, o = int(p), int(o)
            index = int(v[:5])
            self.assertNotIn(index, seen, "message %d read twice (partition %d offset %d)" % (index, p, o))
            seen[index] = (p, o)
            self.assertEqual(k, messages[index][0], "key of message %d differs" % index)
            self.assertEqual(v, messages[index][1], "value of message %d differs" % index)
            self.assertEqual(h, b"hdr1=v1,hdr2=v2", "headers of message %d" % index)
            per_partition[p].append((o, index))
            self.assertEqual(key_partition.setdefault(k, p), p, "key %r appeared in two partitions" % k)
        self.assertEqual(sorted(seen), list(range(count)))

        # librdkafka's default partitioner for keyed messages: crc32(key) % partitions.
        for k, p in key_partition.items():
            self.assertEqual(p, zlib.crc32(k) % partitions, "key %r in partition %d" % (k, p))
        self.assertEqual(sorted(per_partition), list(range(partitions)), "some partition got no messages")

        hw = {}
        for series, value in self.node.metrics().items():
            m = re.match(r'plexus_partition_high_watermark\{topic="%s",partition="(\d+)"\}' % topic, series)
            if m:
                hw[int(m.group(1))] = int(value)
        for p, entries in per_partition.items():
            offsets = [o for o, _ in entries]
            indices = [i for _, i in entries]
            # kcat prints a partition's messages in offset order; offsets are
            # dense from 0 and the order is the production order.
            self.assertEqual(offsets, list(range(len(entries))), "partition %d offsets" % p)
            self.assertEqual(indices, sorted(indices), "partition %d is not in production order" % p)
            expected = [i for i, (k, _) in enumerate(messages) if key_partition[k] == p]
            self.assertEqual(indices, expected, "partition %d content" % p)
            self.assertEqual(hw.get(p), len(entries), "high watermark of partition %d in /metrics" % p)

    # -- start offsets --------------------------------------------------------
    def test_absolute_and_relative_offsets(self):
        topic = "kcat-offsets"
        create_topic(self.node, topic, 1)
        kcat("-b", self.broker(), "-P", "-t", topic, "-p", "0",
             input=b"".join(b"m%02d\n" % i for i in range(20)))

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "5", "-e", "-f", "%o\\t%s\\n")
        rows = parse_format_output(r.stdout, 2)
        self.assertEqual([(int(o), v) for o, v in rows], [(i, b"m%02d" % i) for i in range(5, 20)])

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "-3", "-e", "-f", "%o\\t%s\\n")
        rows = parse_format_output(r.stdout, 2)
        self.assertEqual([(int(o), v) for o, v in rows], [(i, b"m%02d" % i) for i in range(17, 20)])

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "19", "-e", "-f", "%o\\t%s\\n")
        self.assertEqual(parse_format_output(r.stdout, 2), [[b"19", b"m19"]])

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "7", "-c", "4", "-f", "%o\\t%s\\n")
        rows = parse_format_output(r.stdout, 2)
        self.assertEqual([(int(o), v) for o, v in rows], [(i, b"m%02d" % i) for i in range(7, 11)])

    def test_offset_beyond_end_is_reset(self):
        """An offset past the high watermark is OFFSET_OUT_OF_RANGE; with
        auto.offset.reset=earliest the client starts again at the log start."""
        topic = "kcat-out-of-range"
        create_topic(self.node, topic, 1)
        kcat("-b", self.broker(), "-P", "-t", topic, "-p", "0", input=b"a\nb\nc\n")
        r = timed_out = None
        try:
            r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "1000", "-e",
                     "-X", "topic.auto.offset.reset=earliest", "-f", "%o\\t%s\\n", timeout=20)
        except subprocess.TimeoutExpired as e:
            timed_out = (e.stderr or b"")[-600:]
        if timed_out is not None:
            self.fail("kcat -o 1000 did not finish in 20 s (the out-of-range fetch never resolved); "
                      "kcat stderr tail: %r" % timed_out)
        self.assertEqual(parse_format_output(r.stdout, 2), [[b"0", b"a"], [b"1", b"b"], [b"2", b"c"]])

    def test_start_at_timestamp_between_two_groups(self):
        topic = "kcat-ts-groups"
        create_topic(self.node, topic, 1)
        kcat("-b", self.broker(), "-P", "-t", topic, "-p", "0", input=b"".join(b"a%02d\n" % i for i in range(30)))
        time.sleep(0.4)
        boundary = int(time.time() * 1000)
        time.sleep(0.4)
        kcat("-b", self.broker(), "-P", "-t", topic, "-p", "0", input=b"".join(b"b%02d\n" % i for i in range(20)))

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-f", "%o\\t%T\\t%s\\n")
        rows = [(int(o), int(t), v) for o, t, v in parse_format_output(r.stdout, 3)]
        self.assertEqual(len(rows), 50)
        self.assertTrue(all(t < boundary for _, t, v in rows if v.startswith(b"a")), rows)
        self.assertTrue(all(t > boundary for _, t, v in rows if v.startswith(b"b")), rows)

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "s@%d" % boundary, "-e", "-f", "%o\\t%s\\n")
        got = [(int(o), v) for o, v in parse_format_output(r.stdout, 2)]
        self.assertEqual(got, [(30 + i, b"b%02d" % i) for i in range(20)])

        r = kcat("-b", self.broker(), "-Q", "-t", "%s:0:%d" % (topic, boundary))
        self.assertEqual(r.stdout.decode().strip(), "%s [0] offset 30" % topic)

        # A timestamp after every message: no offset.
        r = kcat("-b", self.broker(), "-Q", "-t", "%s:0:%d" % (topic, rows[-1][1] + 60000))
        self.assertEqual(r.stdout.decode().strip(), "%s [0] offset -1" % topic)

    def test_start_at_timestamp_exact_record(self):
        """Explicit record timestamps (kcat -P cannot set them, so a librdkafka
        producer writes them) spread 1 s apart, several per batch, and not
        monotonic: s@TS must start at the first offset whose timestamp >= TS."""
        topic = "kcat-ts-exact"
        create_topic(self.node, topic, 1)
        base = int(time.time() * 1000) - 3600 * 1000
        # offset -> timestamp; offset 6 goes back in time.
        stamps = [base + 1000 * i for i in range(6)] + [base + 500] + [base + 1000 * i for i in range(6, 12)]
        producer = Producer({"bootstrap.servers": self.node.kafka, "linger.ms": 200, "enable.idempotence": True})
        for i, ts in enumerate(stamps):
            producer.produce(topic, value=b"t%02d" % i, partition=0, timestamp=ts)
        self.assertEqual(producer.flush(20), 0)

        r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-f", "%o\\t%T\\n")
        self.assertEqual([(int(o), int(t)) for o, t in parse_format_output(r.stdout, 2)], list(enumerate(stamps)))

        for target in (base, base + 1, base + 500, base + 2999, base + 3000, base + 5500, base + 11000):
            expected = next(o for o, ts in enumerate(stamps) if ts >= target)
            r = kcat("-b", self.broker(), "-C", "-t", topic, "-p", "0", "-o", "s@%d" % target, "-e", "-f", "%o\\t%s\\n")
            got = [(int(o), v) for o, v in parse_format_output(r.stdout, 2)]
            self.assertEqual(got, [(o, b"t%02d" % o) for o in range(expected, len(stamps))], "s@base+%d" % (target - base))
            r = kcat("-b", self.broker(), "-Q", "-t", "%s:0:%d" % (topic, target))
            self.assertEqual(r.stdout.decode().strip(), "%s [0] offset %d" % (topic, expected), "-Q base+%d" % (target - base))


if __name__ == "__main__":
    unittest.main()

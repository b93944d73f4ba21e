"""Apache Kafka's __consumer_offsets records, decoded independently of the
broker's code (Python's struct module following Kafka's layout), and a reader
for the whole topic. Shared by the tests that look inside __consumer_offsets.

key    int16 version; 0/1: group STRING, topic STRING, partition INT32 (offset commit)
                      2:   group STRING (group metadata)
OffsetCommitValue  int16 version; v0: offset INT64, metadata STRING, commit_timestamp INT64
                   v1: v0 + expire_timestamp INT64; v2: as v0
                   v3: offset INT64, leader_epoch INT32, metadata STRING, commit_timestamp INT64
GroupMetadataValue int16 version; protocol_type STRING, generation INT32,
                   protocol NULLABLE_STRING, leader NULLABLE_STRING,
                   current_state_timestamp INT64 (v2+), members ARRAY of
                   member_id STRING, group_instance_id NULLABLE_STRING (v3+),
                   client_id STRING, client_host STRING, rebalance_timeout INT32 (v1+),
                   session_timeout INT32, subscription BYTES, assignment BYTES
STRING = int16 length + UTF-8 (-1 = null where nullable); BYTES = int32
length; ARRAY = int32 count. A null value is a tombstone. Records go to
partition abs(String.hashCode(group)) % 50 (Java's hash over UTF-16, Kafka's
abs mapping INT_MIN to 0).
"""
import struct
import time

import kafka
from kafka import KafkaConsumer

OFFSETS_TOPIC = "__consumer_offsets"
OFFSETS_PARTITIONS = 50
INT32_MIN = -(1 << 31)


# ---------------------------------------------------------------- decoding
def java_string_hash(s):
    """java.lang.String.hashCode(): s[0]*31^(n-1) + ... over UTF-16 code units, int32 wrap-around."""
    units = s.encode("utf-16-be")
    h = 0
    for i in range(0, len(units), 2):
        h = (31 * h + ((units[i] << 8) | units[i + 1])) & 0xFFFFFFFF
    return h - (1 << 32) if h & 0x80000000 else h


def kafka_abs(n):
    """org.apache.kafka.common.utils.Utils.abs: INT_MIN maps to 0."""
    return 0 if n == INT32_MIN else abs(n)


def partition_for(group, partitions=OFFSETS_PARTITIONS):
    return kafka_abs(java_string_hash(group)) % partitions


class Buf:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def _take(self, fmt):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ValueError("truncated at byte %d reading %s (%d bytes in all)" % (self.pos, fmt, len(self.data)))
        (v,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return v

    def i16(self):
        return self._take(">h")

    def i32(self):
        return self._take(">i")

    def i64(self):
        return self._take(">q")

    def raw(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("bad length %d at byte %d (%d bytes in all)" % (n, self.pos, len(self.data)))
        v = self.data[self.pos:self.pos + n]
        self.pos += n
        return v

    def nullable_string(self):
        n = self.i16()
        return None if n < 0 else self.raw(n).decode("utf-8")

    def string(self):
        v = self.nullable_string()
        if v is None:
            raise ValueError("null in a non-nullable string at byte %d" % self.pos)
        return v

    def bytes_(self):
        n = self.i32()
        return None if n < 0 else self.raw(n)

    def end(self):
        if self.pos != len(self.data):
            raise ValueError("%d bytes left over after byte %d" % (len(self.data) - self.pos, self.pos))


def decode_key(data):
    b = Buf(data)
    version = b.i16()
    if version in (0, 1):
        out = {"type": "offset", "version": version, "group": b.string(), "topic": b.string(), "partition": b.i32()}
    elif version == 2:
        out = {"type": "group", "version": version, "group": b.string()}
    else:
        raise ValueError("unknown key version %d" % version)
    b.end()
    return out


def decode_offset_value(data):
    b = Buf(data)
    v = {"version": b.i16(), "leader_epoch": -1, "expire_timestamp": None}
    if not 0 <= v["version"] <= 3:
        raise ValueError("unknown OffsetCommitValue version %d" % v["version"])
    v["offset"] = b.i64()
    if v["version"] >= 3:
        v["leader_epoch"] = b.i32()
    v["metadata"] = b.string()
    v["commit_timestamp"] = b.i64()
    if v["version"] == 1:
        v["expire_timestamp"] = b.i64()
    b.end()
    return v


def decode_group_value(data):
    b = Buf(data)
    version = b.i16()
    if not 0 <= version <= 3:
        raise ValueError("unknown GroupMetadataValue version %d" % version)
    g = {"version": version, "protocol_type": b.string(), "generation": b.i32(),
         "protocol": b.nullable_string(), "leader": b.nullable_string(), "current_state_timestamp": None}
    if version >= 2:
        g["current_state_timestamp"] = b.i64()
    members = []
    for _ in range(b.i32()):
        m = {"member_id": b.string(), "group_instance_id": None}
        if version >= 3:
            m["group_instance_id"] = b.nullable_string()
        m["client_id"] = b.string()
        m["client_host"] = b.string()
        m["rebalance_timeout"] = b.i32() if version >= 1 else None
        m["session_timeout"] = b.i32()
        m["subscription"] = b.bytes_()
        m["assignment"] = b.bytes_()
        members.append(m)
    g["members"] = members
    b.end()
    return g


def decode_subscription(data):
    """ConsumerProtocolSubscription: int16 version, [topic STRING], user data (later versions append)."""
    b = Buf(data)
    b.i16()
    return [b.string() for _ in range(b.i32())]


def decode_assignment(data):
    """ConsumerProtocolAssignment: int16 version, [topic STRING, [partition INT32]], user data."""
    b = Buf(data)
    b.i16()
    out = []
    for _ in range(b.i32()):
        topic = b.string()
        out.extend((topic, b.i32()) for _ in range(b.i32()))
    return sorted(out)


# ---------------------------------------------------------------- reading the topic
def read_offsets_topic(bootstrap, timeout=30):
    """Every record of __consumer_offsets, in offset order per partition:
    [(partition, offset, key bytes, value bytes or None, timestamp)]. A plain
    kafka-python consumer with no group; stops once each partition's position
    reaches the end offset it had when reading began (offsets may have gaps
    where compaction removed records)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", client_id="offsets-reader")
    try:
        tps = [kafka.TopicPartition(OFFSETS_TOPIC, p) for p in range(OFFSETS_PARTITIONS)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        out = []
        deadline = time.time() + timeout
        while any(consumer.position(tp) < end[tp] for tp in tps):
            if time.time() > deadline:
                raise AssertionError("reading %s timed out: positions %r, ends %r" % (
                    OFFSETS_TOPIC, {tp.partition: consumer.position(tp) for tp in tps if consumer.position(tp) < end[tp]},
                    {tp.partition: end[tp] for tp in tps if end[tp]}))
            for tp, batch in consumer.poll(timeout_ms=500).items():
                out.extend((r.partition, r.offset, r.key, r.value, r.timestamp) for r in batch)
        out.sort(key=lambda r: (r[0], r[1]))
        return out, {tp.partition: end[tp] for tp in tps}
    finally:
        consumer.close()


class Decoded:
    """All records decoded; the latest value per key."""

    def __init__(self, records, test):
        self.records = []
        self.latest_offset = {}    # (group, topic, partition) -> decoded value or None (tombstone)
        self.latest_group = {}     # group -> decoded value or None
        for partition, offset, key, value, ts in records:
            test.assertIsNotNone(key, "record %d/%d has no key" % (partition, offset))
            try:
                k = decode_key(key)
                v = None
                if value is not None:
                    v = decode_offset_value(value) if k["type"] == "offset" else decode_group_value(value)
            except ValueError as e:
                raise AssertionError("record %d/%d does not decode: %s; key %r value %r" % (partition, offset, e, key, value))
            test.assertEqual(partition, partition_for(k["group"]),
                             "record of group %r in partition %d, not abs(hashCode) %% 50 = %d"
                             % (k["group"], partition, partition_for(k["group"])))
            self.records.append((partition, offset, k, v, ts))
            if k["type"] == "offset":
                self.latest_offset[(k["group"], k["topic"], k["partition"])] = v
            else:
                self.latest_group[k["group"]] = v

    def offsets_of(self, group):
        return {(t, p): v for (g, t, p), v in self.latest_offset.items() if g == group}

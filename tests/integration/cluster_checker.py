#!/usr/bin/python3
"""Jepsen-style checker for fault tests (../shared/design/TESTING.md, "What a
correct broker must show under faults"). Pure functions over what the test
recorded; no broker needed. Run this file to execute its self-test.

Inputs
  writes: {value: Write}  every write attempted, with its outcome:
          "acked" (partition, offset known), "failed" (definitely not
          written) or "indeterminate" (may or may not have been written).
  drain:  [(partition, offset, value)]  the final read of every partition
          from its earliest offset up to its high watermark, in read order.
  reads:  [(partition, offset, value)]  what a concurrent consumer saw
          during the faults, in poll order (optional).

Rules checked
  1. every acknowledged write is in the drain (lost otherwise);
  2. one value at one offset, one offset with one value (duplicates,
     conflicts between the concurrent reads and the drain);
  3. an acknowledged offset is greater than every offset of the same
     partition acknowledged before that write was sent;
  4. the drain and the concurrent consumer move strictly forward, without
     gaps, per partition;
  5. a definitely-failed write is never read;
  and an acknowledged write is found at exactly its acknowledged offset.
"""
import bisect
from collections import defaultdict
from dataclasses import dataclass, field

ACKED, FAILED, INDETERMINATE, PENDING = "acked", "failed", "indeterminate", "pending"


@dataclass
class Write:
    value: bytes
    sent: float                   # monotonic time the write was handed to the client
    outcome: str = PENDING
    partition: int = -1           # the partition it was sent to (or acked in)
    offset: int = -1              # acknowledged offset
    done: float = 0.0             # monotonic time the outcome was observed
    error: str = ""


# librdkafka errors after which the record was certainly not written: the
# client never sent it, or the broker rejected the request as a whole. Every
# other error (timeouts, NOT_LEADER after retries, in-flight purges,
# disconnects) leaves the outcome unknown.
DEFINITE_ERRORS = {
    "_PURGE_QUEUE", "_MSG_SIZE_TOO_LARGE", "MSG_SIZE_TOO_LARGE", "INVALID_MSG", "CORRUPT_MESSAGE",
    "INVALID_RECORD", "RECORD_LIST_TOO_LARGE", "INVALID_REQUIRED_ACKS", "TOPIC_AUTHORIZATION_FAILED",
    "CLUSTER_AUTHORIZATION_FAILED", "_INVALID_ARG", "_UNKNOWN_PARTITION", "_UNKNOWN_TOPIC",
    "UNSUPPORTED_FOR_MESSAGE_FORMAT", "INVALID_TOPIC_EXCEPTION",
}


def classify_error(name):
    """FAILED for an error that proves the write did not happen, else INDETERMINATE."""
    return FAILED if name in DEFINITE_ERRORS else INDETERMINATE


@dataclass
class Report:
    acked: int = 0
    failed: int = 0
    indeterminate: int = 0
    pending: int = 0
    read: int = 0                 # records in the drain
    concurrent_read: int = 0
    indeterminate_found: int = 0
    lost: list = field(default_factory=list)            # acked values not read
    wrong_offset: list = field(default_factory=list)    # (value, acked (p, o), found (p, o))
    duplicates: list = field(default_factory=list)      # (value, [(p, o), ...])
    offset_conflicts: list = field(default_factory=list)  # ((p, o), [values])
    failed_read: list = field(default_factory=list)     # (value, (p, o))
    unknown_read: list = field(default_factory=list)    # values read that nobody wrote
    non_monotonic: list = field(default_factory=list)   # (source, p, previous offset, offset)
    stale_acks: list = field(default_factory=list)      # (value, (p, o), earlier acked offset)
    gaps: list = field(default_factory=list)            # (source, p, prev, next): offsets without records (info)

    def violations(self):
        return {k: v for k, v in (("lost", self.lost), ("wrong_offset", self.wrong_offset),
                                  ("duplicates", self.duplicates), ("offset_conflicts", self.offset_conflicts),
                                  ("failed_read", self.failed_read), ("unknown_read", self.unknown_read),
                                  ("non_monotonic", self.non_monotonic), ("stale_acks", self.stale_acks)) if v}

    def ok(self):
        return not self.violations()

    def summary(self):
        return ("acked=%d failed=%d indeterminate=%d (found %d) pending=%d read=%d concurrent_read=%d "
                "lost=%d duplicates=%d wrong_offset=%d offset_conflicts=%d failed_read=%d unknown_read=%d "
                "non_monotonic=%d stale_acks=%d offset_gaps=%d" % (
                    self.acked, self.failed, self.indeterminate, self.indeterminate_found, self.pending,
                    self.read, self.concurrent_read, len(self.lost), len(self.duplicates),
                    len(self.wrong_offset), len(self.offset_conflicts), len(self.failed_read),
                    len(self.unknown_read), len(self.non_monotonic), len(self.stale_acks), len(self.gaps)))

    def details(self, limit=10):
        return "\n".join("  %s (%d): %r" % (k, len(v), v[:limit]) for k, v in self.violations().items())


def check_forward(source, records, present=None):
    """Rule 4 for one reader: per partition, offsets strictly increase, and
    (given `present`, the set of (partition, offset) that hold a record) no
    record between two consecutive reads was skipped. Returns (violations,
    gaps); a gap is an offset range without records (e.g. control batches),
    which is not a violation by itself."""
    out, gaps = [], []
    last = {}
    for p, o, _ in records:
        prev = last.get(p)
        if prev is not None:
            if o <= prev:
                out.append((source, p, prev, o))
            elif o != prev + 1:
                skipped = [x for x in range(prev + 1, o) if present is not None and (p, x) in present]
                if skipped:
                    out.append((source + "-skipped", p, prev, o))
                else:
                    gaps.append((source, p, prev, o))
        last[p] = o
    return out, gaps


def check_acked_order(writes):
    """Rule 3: for every acked write w, every write of w's partition acked
    (observed) before w was sent has a smaller offset."""
    out = []
    by_part = defaultdict(list)
    for w in writes.values():
        if w.outcome == ACKED:
            by_part[w.partition].append(w)
    for p, ws in by_part.items():
        ws_by_done = sorted(ws, key=lambda w: w.done)
        done_times = [w.done for w in ws_by_done]
        prefix_max, prefix_val, m, mv = [], [], -1, None
        for w in ws_by_done:
            if w.offset > m:
                m, mv = w.offset, w.value
            prefix_max.append(m)
            prefix_val.append(mv)
        for w in ws:
            k = bisect.bisect_left(done_times, w.sent)  # acks observed strictly before w was sent
            if k and prefix_max[k - 1] >= w.offset:
                out.append((w.value, (p, w.offset), (prefix_val[k - 1], prefix_max[k - 1])))
    return out


def check(writes, drain, reads=()):
    r = Report()
    for w in writes.values():
        if w.outcome == ACKED:
            r.acked += 1
        elif w.outcome == FAILED:
            r.failed += 1
        elif w.outcome == INDETERMINATE:
            r.indeterminate += 1
        else:
            r.pending += 1
    r.read = len(drain)
    r.concurrent_read = len(reads)

    # one offset, one value (drain and concurrent reads together)
    at = {}
    conflicts = defaultdict(set)
    for p, o, v in list(drain) + list(reads):
        if (p, o) in at and at[(p, o)] != v:
            conflicts[(p, o)].update((at[(p, o)], v))
        at.setdefault((p, o), v)
    r.offset_conflicts = sorted((po, sorted(vs)) for po, vs in conflicts.items())

    # one value, one offset (the drain)
    where = defaultdict(list)
    for p, o, v in drain:
        where[v].append((p, o))
    r.duplicates = sorted((v, locs) for v, locs in where.items() if len(set(locs)) > 1 or len(locs) > 1)
    read_anywhere = defaultdict(set)
    for p, o, v in list(drain) + list(reads):
        read_anywhere[v].add((p, o))

    for v, w in writes.items():
        if w.outcome == ACKED:
            if v not in where:  # with what the acknowledged offset holds instead
                r.lost.append((v, (w.partition, w.offset), at.get((w.partition, w.offset))))
            elif (w.partition, w.offset) not in where[v]:
                r.wrong_offset.append((v, (w.partition, w.offset), where[v]))
        elif w.outcome == FAILED and v in read_anywhere:
            r.failed_read.append((v, sorted(read_anywhere[v])))
        elif w.outcome in (INDETERMINATE, PENDING) and v in where:
            r.indeterminate_found += 1
    r.unknown_read = sorted(v for v in read_anywhere if v not in writes)

    present = {(p, o) for p, o, _ in drain}
    bad_drain, gaps_drain = check_forward("drain", drain)
    bad_reads, gaps_reads = check_forward("consumer", reads, present)
    r.non_monotonic = bad_drain + bad_reads
    r.gaps = gaps_drain + gaps_reads
    # the drain starts at each partition's earliest offset: it must be 0 here (no retention)
    first = {}
    for p, o, _ in drain:
        first.setdefault(p, o)
    r.non_monotonic += [("drain-start", p, None, o) for p, o in first.items() if o != 0]
    r.stale_acks = check_acked_order(writes)
    r.lost.sort()
    return r


# ---------------------------------------------------------------------------
def _self_test():
    def W(v, outcome, p=0, o=-1, sent=0.0, done=1.0):
        return Write(v, sent, outcome, p, o, done)

    # clean history
    writes = {b"a": W(b"a", ACKED, 0, 0, 0, 1), b"b": W(b"b", ACKED, 0, 1, 2, 3),
              b"c": W(b"c", INDETERMINATE), b"d": W(b"d", FAILED), b"e": W(b"e", ACKED, 1, 0)}
    drain = [(0, 0, b"a"), (0, 1, b"b"), (0, 2, b"c"), (1, 0, b"e")]
    r = check(writes, drain, reads=[(0, 0, b"a"), (0, 1, b"b")])
    assert r.ok(), r.details()
    assert (r.acked, r.failed, r.indeterminate, r.indeterminate_found, r.read) == (3, 1, 1, 1, 4), r.summary()

    # lost acked write
    r = check(writes, [(0, 0, b"a"), (1, 0, b"e")])
    assert [(v, po) for v, po, _ in r.lost] == [(b"b", (0, 1))], r.details()
    # acknowledged at another offset
    r = check(writes, [(0, 0, b"a"), (0, 1, b"c"), (0, 2, b"b"), (1, 0, b"e")])
    assert r.wrong_offset and r.wrong_offset[0][0] == b"b", r.details()
    # duplicate value
    r = check(writes, drain + [(1, 1, b"a")])
    assert r.duplicates and r.duplicates[0][0] == b"a", r.details()
    # failed write read (by the concurrent consumer only)
    r = check(writes, drain, reads=[(0, 3, b"d")])
    assert r.failed_read == [(b"d", [(0, 3)])], r.details()
    # concurrent consumer saw a value that the drain has not at that offset (uncommitted read)
    r = check(writes, drain, reads=[(0, 0, b"a"), (0, 1, b"x")])
    assert r.offset_conflicts == [((0, 1), [b"b", b"x"])] and r.unknown_read == [b"x"], r.details()
    # going backwards; a gap (no record at offset 1) is only reported; a consumer skipping a record is a violation
    r = check(writes, [(0, 0, b"a"), (0, 2, b"c"), (0, 1, b"b"), (1, 0, b"e")])
    assert r.non_monotonic == [("drain", 0, 2, 1)] and r.gaps == [("drain", 0, 0, 2)], r.details()
    r = check(writes, [(0, 0, b"a"), (0, 2, b"b"), (1, 0, b"e")], reads=[(0, 0, b"a"), (0, 2, b"b")])
    assert not r.non_monotonic and len(r.gaps) == 2 and r.wrong_offset, r.details()
    r = check(writes, drain, reads=[(0, 0, b"a"), (0, 2, b"c")])
    assert r.non_monotonic == [("consumer-skipped", 0, 0, 2)], r.details()
    r = check(writes, drain, reads=[(0, 1, b"b"), (0, 0, b"a")])
    assert r.non_monotonic == [("consumer", 0, 1, 0)], r.details()
    # drain not starting at 0
    r = check({b"b": W(b"b", ACKED, 0, 1)}, [(0, 1, b"b")])
    assert r.non_monotonic == [("drain-start", 0, None, 1)], r.details()
    # rule 3: b acked (done=1) before c was sent (sent=2), yet c got a lower offset
    w3 = {b"b": W(b"b", ACKED, 0, 5, 0, 1), b"c": W(b"c", ACKED, 0, 4, 2, 3)}
    r = check(w3, [])
    assert r.stale_acks == [(b"c", (0, 4), (b"b", 5))], r.details()
    # concurrent writes may land in any order
    w4 = {b"b": W(b"b", ACKED, 0, 5, 0, 3), b"c": W(b"c", ACKED, 0, 4, 2, 4)}
    assert not check(w4, []).stale_acks
    assert classify_error("_MSG_TIMED_OUT") == INDETERMINATE and classify_error("_PURGE_QUEUE") == FAILED
    print("cluster_checker self-test: ok")


if __name__ == "__main__":
    _self_test()

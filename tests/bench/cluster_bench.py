#!/usr/bin/python3
"""cluster_bench.py --perf PLEXUS_PERF [--out DIR]

What replication costs on a 3-node Plexus cluster on this machine (loopback,
every node and the client share the CPUs):

  1. produce throughput and latency, RF=3 against RF=1: one cluster, two
     single-partition topics, acks=all, 1 KiB and 100 B records, runs
     alternating between the topics; plexus-perf (librdkafka) does the
     producing. Unthrottled runs give throughput and produce() -> delivery
     report latency (queue-dominated); fixed-rate e2e runs give the
     acknowledgement latency of a lightly loaded producer. Medians of
     BENCH_REPEATS runs and the RF=3 / RF=1 ratio.
  2. time without acknowledged writes after the partition leader is killed:
     an idempotent acks=all producer at a steady rate on a RF=3 single-
     partition topic; kill -9 the leader; the gap between the last delivery
     report before the kill and the first one after it. The killed node is
     restarted (same data dir and ports) between runs.
  3. CPU at idle with 1,000 RF=3 partitions: each plexusd's utime+stime over
     a window (/proc/PID/stat), against the same nodes idle with no topics,
     and the RPC heartbeat batch counters from /metrics over the same window.

Prints figures, never judges them (TESTING.md): exit 0 when everything ran,
1 when a run failed (tool error, node died, no recovery), 2 for usage.

Knobs (environment): QUICK=1 (a ~2 minute smoke run), BENCH_REPEATS,
BENCH_LARGE_RECORDS, BENCH_SMALL_RECORDS, BENCH_E2E_RATE, BENCH_E2E_SECONDS,
BENCH_FAILOVER_RUNS, BENCH_FAILOVER_RATE, BENCH_IDLE_PARTITIONS,
BENCH_IDLE_SETTLE, BENCH_IDLE_WINDOW. Needs PLEXUSD (the plexusd binary) and
python3-confluent-kafka + python3-kafka (the harness).
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from plexus_harness import PlexusCluster, wait_for  # noqa: E402

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

QUICK = os.environ.get("QUICK", "0") == "1"


def knob(name, default, quick):
    v = os.environ.get(name)
    if v is not None:
        return type(default)(v)
    return quick if QUICK else default


REPEATS = knob("BENCH_REPEATS", 3, 2)
LARGE_RECORDS = knob("BENCH_LARGE_RECORDS", 300000, 50000)
SMALL_RECORDS = knob("BENCH_SMALL_RECORDS", 1500000, 200000)
E2E_RATE = knob("BENCH_E2E_RATE", 1000, 1000)
E2E_SECONDS = knob("BENCH_E2E_SECONDS", 5, 2)
FAILOVER_RUNS = knob("BENCH_FAILOVER_RUNS", 5, 2)
FAILOVER_RATE = knob("BENCH_FAILOVER_RATE", 2000, 2000)
FAILOVER_STEADY = knob("BENCH_FAILOVER_STEADY", 3.0, 2.0)
IDLE_PARTITIONS = knob("BENCH_IDLE_PARTITIONS", 1000, 1000)
IDLE_SETTLE = knob("BENCH_IDLE_SETTLE", 10.0, 5.0)
IDLE_WINDOW = knob("BENCH_IDLE_WINDOW", 30.0, 10.0)
IDLE_BASELINE_WINDOW = knob("BENCH_IDLE_BASELINE_WINDOW", 10.0, 5.0)
CLK_TCK = os.sysconf("SC_CLK_TCK")
ELECTION_MS = 1500  # the default raft.election.timeout.ms (randomised 1x..2x)

FAILURES = []
RAW = None


def log(msg):
    sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


def fail(msg):
    log("FAILED: " + msg)
    FAILURES.append(msg)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(v, f="%.1f"):
    return "n/a" if v is None else f % v


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def spread(xs, f):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return "n/a"
    if len(xs) == 1:
        return f % xs[0]
    return "%s (%s-%s)" % (f % statistics.median(xs), f % xs[0], f % xs[-1])


# ---------------------------------------------------------------- machine

def cpu_times():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v[:8]) - idle, idle


def machine_busy(seconds):
    b0, i0 = cpu_times()
    time.sleep(seconds)
    b1, i1 = cpu_times()
    tot = (b1 - b0) + (i1 - i0)
    return 100.0 * (b1 - b0) / tot if tot else 0.0


def steal_pct(seconds):
    def st():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[7], sum(v[:8])
    s0, t0 = st()
    time.sleep(seconds)
    s1, t1 = st()
    return 100.0 * (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0


def proc_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def cluster_ticks(cluster):
    return {i: proc_ticks(n.proc.pid) for i, n in cluster.nodes.items() if n.alive()}


def metric_sum(node, name):
    """Sum of every series of `name` in the node's /metrics (None if absent)."""
    total, seen = 0.0, False
    for series, value in node.metrics().items():
        base = series.split("{", 1)[0]
        if base == name:
            total += value
            seen = True
    return total if seen else None


# ---------------------------------------------------------------- cluster

def new_cluster():
    c = PlexusCluster(3)
    c.start()
    c.wait_ready(30)
    return c


def create_topics(cluster, specs, timeout=120):
    """specs: [(name, partitions, rf)]. Creates them and waits for leaders."""
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    futs = admin.create_topics([NewTopic(n, p, rf) for n, p, rf in specs], operation_timeout=60)
    for name, f in futs.items():
        f.result(timeout=timeout)


def wait_full_isr(cluster, topic, rf, timeout=60):
    def full():
        try:
            md = cluster.metadata(topic)
        except Exception:
            return False
        return md and all(l in cluster.alive_ids() and len(isr) >= rf for l, _, isr in md.values())
    wait_for(full, timeout, "%s: a live leader and %d in-sync replicas" % (topic, rf), interval=0.2)


def dump_logs(cluster, tag):
    if RAW is None:
        return
    for i, n in cluster.nodes.items():
        with open(os.path.join(RAW, "%s-node%d.log" % (tag, i)), "w") as f:
            f.write(n.log_text(all_runs=True))


# ---------------------------------------------------------------- 1. throughput

def run_perf(perf, label, args, cluster, timeout):
    t0 = time.monotonic()
    ticks0 = cluster_ticks(cluster)
    try:
        r = subprocess.run([perf] + args + ["--brokers", cluster.bootstrap, "--timeout", "60"],
                           capture_output=True, text=True, timeout=timeout)
        out, err, rc = r.stdout, r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or ""), "timeout", 124
    wall = time.monotonic() - t0
    ticks1 = cluster_ticks(cluster)
    if RAW:
        with open(os.path.join(RAW, label + ".out"), "w") as f:
            f.write(out + "\n---- stderr ----\n" + err)
    res = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            res = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    dead = [i for i, n in cluster.nodes.items() if not n.alive()]
    if rc != 0 or res.get("ok") != "1" or dead:
        fail("%s: plexus-perf exit %d, ok=%s, dead nodes %s: %s" % (
            label, rc, res.get("ok"), dead, " | ".join(err.strip().splitlines()[-3:])))
        return None
    cpu = sum(ticks1.get(i, t) - t for i, t in ticks0.items()) / CLK_TCK / wall * 100
    res = {k: float(v) for k, v in res.items() if k not in ("mode", "acks", "compression")}
    res["cluster_cpu_pct"] = cpu
    return res


def bench_throughput(cluster, perf):
    topics = {1: "bench-rf1", 3: "bench-rf3"}
    create_topics(cluster, [(topics[1], 1, 1), (topics[3], 1, 3)])
    for rf, t in topics.items():
        wait_full_isr(cluster, t, rf)
        log("  %s leader: node %d" % (t, cluster.leader_of(t, 0)))
    results = {}  # (kind, size, rf) -> [result]
    sizes = [(1024, LARGE_RECORDS), (100, SMALL_RECORDS)]
    for rep in range(REPEATS):
        for size, records in sizes:
            order = (3, 1) if rep % 2 == 0 else (1, 3)
            for rf in order:
                label = "produce-s%d-rf%d-r%d" % (size, rf, rep)
                r = run_perf(perf, label, ["produce", "--topic", topics[rf], "--partitions", "1",
                                           "--records", str(records), "--record-size", str(size), "--acks", "all"],
                             cluster, 600)
                results.setdefault(("produce", size, rf), []).append(r)
                if r:
                    log("  %s: %.0f rec/s %.1f MB/s p50 %.1f ms p99 %.1f ms, cluster CPU %.0f%%" % (
                        label, r["rec_per_s"], r["mb_per_s"], r["p50_ms"], r["p99_ms"], r["cluster_cpu_pct"]))
        for rf in ((3, 1) if rep % 2 == 0 else (1, 3)):
            label = "e2e-rf%d-r%d" % (rf, rep)
            r = run_perf(perf, label, ["e2e", "--topic", topics[rf], "--partitions", "1",
                                       "--records", str(E2E_RATE * E2E_SECONDS), "--throughput", str(E2E_RATE),
                                       "--record-size", "100", "--acks", "all", "--linger-ms", "0"],
                         cluster, 300)
            results.setdefault(("e2e", 100, rf), []).append(r)
            if r:
                log("  %s: ack p50 %.2f p99 %.2f ms, e2e p99 %.2f ms" % (
                    label, r["ack_p50_ms"], r["ack_p99_ms"], r["e2e_p99_ms"]))
    return results


# ---------------------------------------------------------------- 2. failover

class SteadyProducer:
    """An idempotent acks=all producer at a fixed rate in its own thread;
    records the monotonic time of every successful delivery report."""

    def __init__(self, bootstrap, topic, rate):
        self.p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                           "linger.ms": 1, "message.timeout.ms": 120000})
        self.topic, self.rate = topic, rate
        self.acks, self.errors, self.sent = [], [], 0
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _cb(self, err, msg):
        now = time.monotonic()
        if err is None:
            self.acks.append(now)
        else:
            self.errors.append(str(err))

    def _run(self):
        period = 1.0 / self.rate
        nxt = time.monotonic()
        payload = b"x" * 100
        while not self.stop_flag.is_set():
            now = time.monotonic()
            while now >= nxt:
                try:
                    self.p.produce(self.topic, payload, partition=0, on_delivery=self._cb)
                    self.sent += 1
                except BufferError:
                    pass
                nxt += period
            self.p.poll(max(0.0, min(nxt - time.monotonic(), 0.002)))
        self.p.flush(60)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stop_flag.set()
        self.thread.join(90)


def bench_failover(cluster):
    topic = "bench-failover"
    create_topics(cluster, [(topic, 1, 3)])
    runs = []
    for run in range(FAILOVER_RUNS):
        try:
            wait_full_isr(cluster, topic, 3, timeout=60)
        except AssertionError as e:
            fail("failover run %d: %s" % (run, e))
            break
        prod = SteadyProducer(cluster.bootstrap, topic, FAILOVER_RATE)
        prod.start()
        time.sleep(FAILOVER_STEADY)
        # the leader every live node agrees on, asked right before the kill
        # (leadership can move while a restarted node rejoins)
        try:
            leader = cluster.wait_for_leaders(topic, 10)[0]
        except AssertionError as e:
            prod.stop()
            fail("failover run %d: %s" % (run, e))
            break
        t_kill = time.monotonic()
        cluster.kill(leader)
        # wait for acks to resume and run 2 s past the recovery; meanwhile ask
        # a surviving node when it first names a new leader (broker side)
        survivor = next(i for i in cluster.alive_ids() if i != leader)
        deadline = t_kill + 60
        recovered_at = elected_ms = None
        while time.monotonic() < deadline:
            if elected_ms is None:
                try:
                    l = cluster.leader_of(topic, 0, node_id=survivor)
                except Exception:  # noqa: BLE001
                    l = -1
                if l not in (-1, leader):
                    elected_ms = (time.monotonic() - t_kill) * 1000
            after = [a for a in prod.acks[-50:] if a > t_kill]
            if after and recovered_at is None:
                recovered_at = time.monotonic()
            if recovered_at and elected_ms is not None and time.monotonic() - recovered_at > 2.0:
                break
            time.sleep(0.02)
        prod.stop()
        acks = sorted(prod.acks)
        before = [a for a in acks if a <= t_kill]
        after = [a for a in acks if a > t_kill]
        # delivery reports handed out just after the kill may carry responses
        # the old leader sent before it died: take the largest inter-ack gap
        # that starts at or after the last report before the kill
        gap = kill_to_ack = None
        steady = [a for a in before if a > t_kill - FAILOVER_STEADY + 1.0]  # skip the producer's start
        steady_gap = max((steady[i + 1] - steady[i] for i in range(len(steady) - 1)), default=None)
        steady_gap = None if steady_gap is None else steady_gap * 1000
        if before and after:
            seq = [before[-1]] + after
            gaps = [(seq[i + 1] - seq[i], i) for i in range(len(seq) - 1) if seq[i + 1] - t_kill < 60]
            g, i = max(gaps)
            gap = g * 1000
            kill_to_ack = (seq[i + 1] - t_kill) * 1000
        new_leader = cluster.leader_of(topic, 0)
        row = {"run": run, "killed": leader, "new_leader": new_leader, "gap_ms": gap, "kill_to_ack_ms": kill_to_ack,
               "elected_ms": elected_ms, "steady_gap_ms": steady_gap,
               "sent": prod.sent, "acked": len(acks), "errors": len(prod.errors),
               "first_error": prod.errors[0] if prod.errors else ""}
        runs.append(row)
        if gap is None:
            fail("failover run %d: no acknowledgement after killing node %d within 60 s (%d errors: %s)" % (
                run, leader, len(prod.errors), prod.errors[:2]))
        else:
            log("  failover run %d: killed leader node %d -> node %d; no acks for %.0f ms (kill -> first ack %.0f ms, "
                "kill -> node %d names a new leader %s ms, largest gap before the kill %s ms); %d sent, %d acked, "
                "%d errors" % (run, leader, new_leader, gap, kill_to_ack, survivor, fmt(elected_ms, "%.0f"),
                               fmt(steady_gap, "%.0f"), prod.sent, len(acks), len(prod.errors)))
        try:
            cluster.restart(leader, graceful=False)
        except Exception as e:  # noqa: BLE001
            fail("failover run %d: restarting node %d: %s" % (run, leader, e))
            break
    return runs


# ---------------------------------------------------------------- 3. idle CPU

def idle_window(cluster, seconds):
    m0 = {i: (metric_sum(n, "plexus_rpc_heartbeat_batches_sent_total"), metric_sum(n, "plexus_rpc_messages_sent_total"))
          for i, n in cluster.nodes.items()}
    t0, k0 = time.monotonic(), cluster_ticks(cluster)
    time.sleep(seconds)
    t1, k1 = time.monotonic(), cluster_ticks(cluster)
    m1 = {i: (metric_sum(n, "plexus_rpc_heartbeat_batches_sent_total"), metric_sum(n, "plexus_rpc_messages_sent_total"))
          for i, n in cluster.nodes.items()}
    wall = t1 - t0
    out = {}
    for i in cluster.nodes:
        cpu = (k1[i] - k0[i]) / CLK_TCK / wall * 100 if i in k0 and i in k1 else None

        def rate(j):
            a, b = m0[i][j], m1[i][j]
            return None if a is None or b is None else (b - a) / wall
        out[i] = {"cpu": cpu, "hb_batches_per_s": rate(0), "rpc_msgs_per_s": rate(1)}
    return out, wall


def bench_idle(perf_unused=None):
    cluster = new_cluster()
    try:
        time.sleep(2)
        log("  baseline: no topics, %.0f s window" % IDLE_BASELINE_WINDOW)
        base, base_wall = idle_window(cluster, IDLE_BASELINE_WINDOW)
        per_topic = 100
        n_topics = max(1, IDLE_PARTITIONS // per_topic)
        specs = [("idle-%02d" % t, per_topic if t < n_topics - 1 else IDLE_PARTITIONS - per_topic * (n_topics - 1), 3)
                 for t in range(n_topics)]
        t0 = time.monotonic()
        create_topics(cluster, specs, timeout=180)
        created = time.monotonic() - t0
        for name, _, _ in specs:
            cluster.wait_for_leaders(name, timeout=180)
        ready = time.monotonic() - t0
        log("  %d partitions in %d topics: created in %.1f s, every partition led after %.1f s" % (
            IDLE_PARTITIONS, n_topics, created, ready))
        time.sleep(IDLE_SETTLE)
        log("  measuring %.0f s" % IDLE_WINDOW)
        loaded, wall = idle_window(cluster, IDLE_WINDOW)
        dead = [i for i, n in cluster.nodes.items() if not n.alive()]
        if dead:
            fail("idle CPU: nodes %s died" % dead)
        leaders = {}
        for name, _, _ in specs:
            for p, (l, _, _) in cluster.metadata(name).items():
                leaders[l] = leaders.get(l, 0) + 1
        return {"base": base, "base_wall": base_wall, "loaded": loaded, "wall": wall, "created_s": created,
                "ready_s": ready, "leaders": leaders}
    finally:
        dump_logs(cluster, "idle")
        cluster.cleanup()


# ---------------------------------------------------------------- main

def main():
    global RAW
    ap = argparse.ArgumentParser()
    ap.add_argument("--perf", required=True, help="the plexus-perf binary")
    ap.add_argument("--out", help="directory for raw tool output and node logs")
    args = ap.parse_args()
    if not os.path.exists(args.perf):
        print("cluster_bench: plexus-perf '%s' not found" % args.perf, file=sys.stderr)
        return 2
    plexusd = os.environ.get("PLEXUSD")
    if not plexusd or not os.path.exists(plexusd):
        print("cluster_bench: PLEXUSD must point at the plexusd binary", file=sys.stderr)
        return 2
    if args.out:
        RAW = os.path.join(args.out, "raw")
        os.makedirs(RAW, exist_ok=True)
    started = time.time()
    busy = machine_busy(2)
    steal = steal_pct(1)
    load0 = open("/proc/loadavg").read().split()[:3]
    version = subprocess.run([plexusd, "--version"], capture_output=True, text=True).stdout.strip().splitlines()[:1]
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    git = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    header = [
        "Plexus 3-node cluster benchmark, %s%s" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                                                   " (QUICK=1 smoke run: too few runs to trust)" if QUICK else ""),
        "  plexusd:    %s, git %s" % (version[0] if version else "?", git or "?"),
        "  machine:    %d x %s, kernel %s" % (os.cpu_count(), cpu_model, os.uname().release),
        "  other load: %.0f%% CPU busy over 2 s before starting (steal %.0f%%), loadavg %s" % (busy, steal, " ".join(load0)),
        "  NOTE:       3 nodes + the client share these %d vCPUs on loopback (shared, noisy VM): absolute figures are"
        % os.cpu_count(),
        "              a lower bound and vary run to run; compare the ratios measured within this run.",
        "  settings:   raft.election.timeout.ms=%d (the default; randomised %d-%d ms), repeats=%d" % (
            ELECTION_MS, ELECTION_MS, 2 * ELECTION_MS, REPEATS),
    ]
    print("\n".join(header), flush=True)
    if busy > 10:
        log("WARNING: the machine is already %.0f%% busy; results will be skewed" % busy)

    tp, fo, idle = {}, [], None
    cluster = None
    try:
        log("starting a 3-node cluster")
        cluster = new_cluster()
        log("1. produce throughput/latency, RF=3 vs RF=1 (%d repeats)" % REPEATS)
        tp = bench_throughput(cluster, args.perf)
        log("2. leader kill -9 failover (%d runs at %d msg/s)" % (FAILOVER_RUNS, FAILOVER_RATE))
        fo = bench_failover(cluster)
    except Exception as e:  # noqa: BLE001
        fail("cluster phase: %r" % e)
    finally:
        if cluster:
            dump_logs(cluster, "main")
            cluster.cleanup()
    try:
        log("3. idle CPU with %d RF=3 partitions" % IDLE_PARTITIONS)
        idle = bench_idle()
    except Exception as e:  # noqa: BLE001
        fail("idle phase: %r" % e)

    # ------------------------------------------------------------ report
    out = []
    out.append("")
    out.append("## Plexus 3-node cluster: results")
    out.append("")
    out.append("### 1. Produce, RF=3 vs RF=1 (same cluster, 1 partition each, acks=all, plexus-perf/librdkafka)")
    out.append("")
    out.append("Unthrottled: linger.ms=5, batch.size=1000000; latency = produce() -> delivery report, queue-dominated.")
    out.append("Median of %d alternating runs (min-max). Cluster CPU = sum over the 3 nodes, %% of one core." % REPEATS)
    out.append("")
    out.append("| record | records/run | RF | records/s | MB/s | p50 ms | p99 ms | cluster CPU |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for size, records in ((1024, LARGE_RECORDS), (100, SMALL_RECORDS)):
        med = {}
        for rf in (1, 3):
            rs = [r for r in tp.get(("produce", size, rf), []) if r]
            g = lambda k: [r[k] for r in rs]  # noqa: E731
            med[rf] = {k: median(g(k)) for k in ("rec_per_s", "mb_per_s", "p50_ms", "p99_ms", "cluster_cpu_pct")}
            out.append("| %d B | %d | %d | %s | %s | %s | %s | %s |" % (
                size, records, rf, spread(g("rec_per_s"), "%.0f"), spread(g("mb_per_s"), "%.1f"),
                spread(g("p50_ms"), "%.1f"), spread(g("p99_ms"), "%.1f"), fmt(med[rf]["cluster_cpu_pct"], "%.0f%%")))
        ratios.append((size, med))
    out.append("")
    out.append("| record | RF=3 / RF=1 throughput | RF=3 / RF=1 p99 latency |")
    out.append("|---:|---:|---:|")
    for size, med in ratios:
        out.append("| %d B | %s | %s |" % (size, fmt(ratio(med[3]["rec_per_s"], med[1]["rec_per_s"]), "%.2f"),
                                            fmt(ratio(med[3]["p99_ms"], med[1]["p99_ms"]), "%.2f")))
    out.append("")
    out.append("Fixed rate %d records/s of 100 B for %d s, linger.ms=0 (produce -> ack, and produce -> consume):" % (
        E2E_RATE, E2E_SECONDS))
    out.append("")
    out.append("| RF | ack p50 ms | ack p99 ms | ack max ms | e2e p50 ms | e2e p99 ms |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    e2e_med = {}
    for rf in (1, 3):
        rs = [r for r in tp.get(("e2e", 100, rf), []) if r]
        g = lambda k: [r[k] for r in rs]  # noqa: E731
        e2e_med[rf] = median(g("ack_p99_ms"))
        out.append("| %d | %s | %s | %s | %s | %s |" % (rf, spread(g("ack_p50_ms"), "%.2f"), spread(g("ack_p99_ms"), "%.2f"),
                                                     spread(g("ack_max_ms"), "%.2f"), spread(g("e2e_p50_ms"), "%.2f"),
                                                     spread(g("e2e_p99_ms"), "%.2f")))
    out.append("| RF=3/RF=1 | | %s | | | |" % fmt(ratio(e2e_med[3], e2e_med[1]), "%.2f"))
    out.append("")
    out.append("### 2. Leader kill -9: time without acknowledged writes (RF=3, 1 partition)")
    out.append("")
    out.append("confluent-kafka producer, enable.idempotence, acks=all, linger.ms=1, %d msg/s of 100 B; gap = largest "
               "interval between" % FAILOVER_RATE)
    out.append("successful delivery reports from the last one before the kill; the killed node is restarted between runs.")
    out.append("Baseline: the election timeout alone is %d-%d ms (randomised)." % (ELECTION_MS, 2 * ELECTION_MS))
    out.append("")
    out.append("\"new leader named\" = kill -> a surviving node's Metadata first names another leader (polled every ~20 ms);")
    out.append("\"steady gap\" = the largest interval between delivery reports in the second before the kill (noise floor).")
    out.append("")
    out.append("| run | killed leader | new leader | no-ack gap ms | kill -> first ack ms | new leader named ms | "
               "steady gap ms | sent | acked | delivery errors |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in fo:
        out.append("| %d | %d | %d | %s | %s | %s | %s | %d | %d | %d%s |" % (
            r["run"], r["killed"], r["new_leader"], fmt(r["gap_ms"], "%.0f"), fmt(r["kill_to_ack_ms"], "%.0f"),
            fmt(r["elected_ms"], "%.0f"), fmt(r["steady_gap_ms"], "%.0f"),
            r["sent"], r["acked"], r["errors"], (" (" + r["first_error"] + ")") if r["first_error"] else ""))
    gaps = [r["gap_ms"] for r in fo if r["gap_ms"] is not None]
    out.append("")
    out.append("No-ack gap over %d runs: median %s ms, max %s ms (median / election timeout %d ms: %s)." % (
        len(gaps), fmt(median(gaps), "%.0f"), fmt(max(gaps) if gaps else None, "%.0f"), ELECTION_MS,
        fmt(ratio(median(gaps), ELECTION_MS), "%.2f")))
    el = [r["elected_ms"] for r in fo if r["elected_ms"] is not None]
    out.append("Kill -> new leader named by a survivor: median %s ms, max %s ms." % (
        fmt(median(el), "%.0f"), fmt(max(el) if el else None, "%.0f")))
    out.append("")
    out.append("### 3. CPU at idle, %d RF=3 partitions on 3 nodes" % IDLE_PARTITIONS)
    out.append("")
    if idle:
        out.append("Topics created in %.1f s; every partition had a leader after %.1f s; settled %.0f s; window %.1f s "
                   "(baseline: the same nodes with no topics, %.1f s)." % (
                       idle["created_s"], idle["ready_s"], IDLE_SETTLE, idle["wall"], idle["base_wall"]))
        out.append("Leaders per node: %s. CPU = utime+stime from /proc/PID/stat, %% of one core." % ", ".join(
            "node %s: %d" % (k, v) for k, v in sorted(idle["leaders"].items())))
        out.append("")
        out.append("| node | CPU, no topics | CPU, %d partitions | heartbeat batches/s | RPC messages/s | "
                   "messages per batch |" % IDLE_PARTITIONS)
        out.append("|---:|---:|---:|---:|---:|---:|")
        tb = tl = th = tm = 0.0
        for i in sorted(idle["loaded"]):
            b, l = idle["base"][i], idle["loaded"][i]
            tb += b["cpu"] or 0
            tl += l["cpu"] or 0
            th += l["hb_batches_per_s"] or 0
            tm += l["rpc_msgs_per_s"] or 0
            out.append("| %d | %s | %s | %s | %s | %s |" % (
                i, fmt(b["cpu"], "%.1f%%"), fmt(l["cpu"], "%.1f%%"), fmt(l["hb_batches_per_s"], "%.1f"),
                fmt(l["rpc_msgs_per_s"], "%.1f"), fmt(ratio(l["rpc_msgs_per_s"], l["hb_batches_per_s"]), "%.0f")))
        out.append("| total | %.1f%% | %.1f%% | %.1f | %.1f | %s |" % (tb, tl, th, tm, fmt(ratio(tm, th), "%.0f")))
        out.append("")
        out.append("(plexus_rpc_heartbeat_batches_sent_total and plexus_rpc_messages_sent_total deltas over the window;")
        out.append("a counter shows n/a when the node does not export it.)")
    else:
        out.append("failed; see below")
    out.append("")
    took = time.time() - started
    out.append("Took %d min %d s; loadavg at the end %s." % (took // 60, took % 60,
                                                           " ".join(open("/proc/loadavg").read().split()[:3])))
    if FAILURES:
        out.append("")
        out.append("### Failures")
        out.append("")
        out.extend("- " + f for f in FAILURES)
    text = "\n".join(out)
    print(text, flush=True)
    if args.out:
        with open(os.path.join(args.out, "cluster-bench.md"), "w") as f:
            f.write("\n".join(header) + "\n" + text + "\n")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

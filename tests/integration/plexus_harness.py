"""Start and stop real plexusd processes for integration tests.

Every node runs on ephemeral loopback ports (port 0) with its own data
directory. The node prints `kafka HOST:PORT` and `admin HOST:PORT` when it is
serving; the harness waits for those lines. Nodes are always stopped, even
when a test fails (use PlexusNode as a context manager or call stop()).

A node can be killed (kill -9) and started again on the same ports and data
directory (start(same_ports=True)), which is what clients that keep running
across a broker crash need. The stderr of every run is kept (log_text(all_runs=True)).

PlexusCluster starts several nodes (--node-id, --rpc-addr, --seeds) that form
a replicated cluster, and injects faults into them: kill -9, SIGSTOP/SIGCONT,
graceful and crash restarts on the same data directory and ports, and, for a
cluster started in a netns_lab.NetnsLab (each node in its own network
namespace), network partitions (isolate/heal).
node_metadata() asks one particular node for Metadata (raw Kafka request), so
that a test can check what every node says; find_coordinator() does the same
for FindCoordinator, and PlexusCluster.coordinator(group) waits until every
running node names the same live coordinator.

Raw requests for APIs the Python clients lack: offset_for_leader_epoch()
and delete_records(), declared from the Kafka message definitions.

Also here: the admin API's consumer-group views (groups(), group(id));
wait_for(), a polling helper; create_topic() and
produce() (idempotent acks=all, returns where each record landed);
RetentionProbe, which waits until a whole retention pass has run; read_all(),
the one loop that reads a whole topic back with a confluent-kafka consumer;
GroupConsumer and pump(), a confluent-kafka group member that records what it
reads and its rebalances, and a loop that polls members until a condition.

Needs: PLEXUSD in the environment (set by ctest), /usr/bin/python3.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def require_tool(path_or_name):
    """Fails loudly, naming the tool, when a dependency is missing."""
    found = shutil.which(path_or_name) if not os.path.isabs(path_or_name) else (
        path_or_name if os.path.exists(path_or_name) else None)
    if not found:
        raise RuntimeError(f"required tool '{path_or_name}' is missing; run installer/install-deps.sh --test")
    return found


def plexusd_path():
    path = os.environ.get("PLEXUSD")
    if not path or not os.path.exists(path):
        raise RuntimeError("PLEXUSD must point at the plexusd binary (ctest sets it); got %r" % path)
    return path


class PlexusNode:
    def __init__(self, data_dir=None, extra_args=(), settings=None, bind=None, prefix=()):
        """bind: fixed (kafka, admin, registry) addresses instead of ephemeral
        loopback ports; prefix: a command that runs plexusd (for example in a
        network namespace: ["ip", "netns", "exec", NAME]; it must exec, so
        that signals reach plexusd itself)."""
        self._own_dir = data_dir is None
        self.bind = tuple(bind) if bind else None
        self.prefix = list(prefix)
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="plexus-test-")
        self.extra_args = list(extra_args)
        self.settings = dict(settings or {})
        self.proc = None
        self.kafka = None
        self.admin = None
        self.rpc = None              # the RPC address, when started with --seeds
        self.log_lines = []          # stderr of the current run
        self.previous_runs = []      # stderr of earlier runs, oldest first
        self._stderr_thread = None
        self._bound = None           # (kafka, admin, registry) of the last successful start

    # -- lifecycle -------------------------------------------------------
    def start(self, timeout=15, same_ports=False):
        """Starts the node. same_ports=True binds the Kafka and admin ports of
        the previous run again (clients that kept running reconnect to them);
        the default is fresh ephemeral ports."""
        if same_ports:
            if not self._bound:
                raise RuntimeError("start(same_ports=True) needs an earlier run")
            kafka_addr, admin_addr, registry_addr = self._bound
        elif self.bind:
            kafka_addr, admin_addr, registry_addr = self.bind
        else:
            kafka_addr = admin_addr = registry_addr = "127.0.0.1:0"
        if self.proc is not None:
            if self.proc.poll() is None:
                raise RuntimeError("start() while plexusd (pid %d) is still running" % self.proc.pid)
            if self._stderr_thread is not None:
                self._stderr_thread.join(5)  # the process is gone: its stderr is at EOF
            self._close_pipes()
            self.previous_runs.append(self.log_lines)
        args = self.prefix + [plexusd_path(), "--data-dir", self.data_dir,
                "--kafka-addr", kafka_addr, "--admin-addr", admin_addr, "--registry-addr", registry_addr]
        for k, v in self.settings.items():
            args += ["--set", f"{k}={v}"]
        args += self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.log_lines = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, args=(self.proc, self.log_lines), daemon=True)
        self._stderr_thread.start()
        deadline = time.time() + timeout
        self.kafka = self.admin = self.registry = self.rpc = None
        clustered = "--seeds" in self.extra_args

        def missing():
            return (self.kafka is None or self.admin is None or self.registry is None
                    or (clustered and self.rpc is None))
        while time.time() < deadline and missing():
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    self._stderr_thread.join(2)
                    raise RuntimeError("plexusd exited with %s:\n%s" % (self.proc.returncode, "\n".join(self.log_lines)))
                continue
            kind, _, addr = line.strip().partition(" ")
            if kind == "kafka":
                self.kafka = addr
            elif kind == "admin":
                self.admin = addr
            elif kind == "registry":
                self.registry = addr
            elif kind == "rpc":
                self.rpc = addr
        if missing():
            self.kill()
            raise RuntimeError("plexusd did not print its addresses within %ss" % timeout)
        if same_ports and (self.kafka, self.admin) != (kafka_addr, admin_addr):
            raise RuntimeError("plexusd came back on %s/%s, not %s/%s" % (self.kafka, self.admin, kafka_addr, admin_addr))
        self._bound = (self.kafka, self.admin, self.registry)
        return self

    @staticmethod
    def _drain_stderr(proc, lines):
        for line in proc.stderr:
            lines.append(line.rstrip("\n"))
            if os.environ.get("PLEXUS_TEST_VERBOSE"):
                sys.stderr.write("[plexusd] " + line)

    def stop(self, timeout=10):
        """Graceful stop with SIGTERM; returns the exit code."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def kill(self):
        """kill -9: no chance to flush or clean up."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def restart(self, same_ports=False):
        self.stop()
        return self.start(same_ports=same_ports)

    def kill_and_restart(self):
        """kill -9, then start again on the same ports and data directory."""
        self.kill()
        return self.start(same_ports=True)

    def _close_pipes(self):
        if self.proc:
            for pipe in (self.proc.stdout, self.proc.stderr):
                try:
                    if pipe:
                        pipe.close()
                except OSError:
                    pass

    def cleanup(self):
        self.stop()
        self._close_pipes()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    # -- helpers ---------------------------------------------------------
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def http_get(self, path):
        with urllib.request.urlopen(f"http://{self.admin}{path}", timeout=10) as r:
            return r.status, r.read().decode()

    def http_post(self, path, body=b""):
        """POST to the admin API; returns (status, parsed JSON body)."""
        req = urllib.request.Request(f"http://{self.admin}{path}", method="POST", data=body)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read().decode() or "null")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def node_info(self):
        return json.loads(self.http_get("/v1/node")[1])

    def metrics(self):
        """Parses /metrics into {series_with_labels: value}."""
        out = {}
        for line in self.http_get("/metrics")[1].splitlines():
            if line.startswith("#") or not line.strip():
                continue
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
        return out

    def data_dir_bytes(self):
        total = 0
        for root, _, files in os.walk(self.data_dir):
            for f in files:
                try:
                    total += os.path.getsize(os.path.join(root, f))
                except OSError:
                    pass
        return total

    def log_text(self, all_runs=False):
        if not all_runs:
            return "\n".join(self.log_lines)
        parts = []
        for i, run in enumerate(self.previous_runs + [self.log_lines]):
            parts.append("---- plexusd run %d ----" % (i + 1))
            parts.extend(run)
        return "\n".join(parts)

    # -- consumer groups (admin API) ---------------------------------------
    def groups(self):
        """GET /v1/groups: {group_id: summary}."""
        return {g["group_id"]: g for g in json.loads(self.http_get("/v1/groups")[1])["groups"]}

    def group(self, group_id):
        """GET /v1/groups/{id}, or None when the node answers 404."""
        try:
            return json.loads(self.http_get("/v1/groups/" + urllib.parse.quote(group_id, safe=""))[1])
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def wait_for_log(self, text, timeout=5):
        """True once `text` appears in the node's stderr (read by a thread, so
        a line written just now may take a moment to arrive)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log_text():
                return True
            time.sleep(0.05)
        return text in self.log_text()


def has_failed(testcase):
    """Whether the running unittest test has failed or raised so far; for
    cleanups that print logs only when they can help."""
    outcome = getattr(testcase, "_outcome", None)
    result = getattr(outcome, "result", None)
    return not getattr(outcome, "success", True) or any(
        t is testcase for t, _ in (getattr(result, "failures", []) + getattr(result, "errors", [])))


def wait_for(predicate, timeout, what, interval=0.1):
    """Polls predicate() until it returns something truthy and returns that;
    raises AssertionError naming `what` (and the last value seen) on timeout."""
    deadline = time.time() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.time() >= deadline:
            raise AssertionError("timed out after %ss waiting for %s (last value: %r)" % (timeout, what, last))
        time.sleep(interval)


def create_topic(node, name, partitions, config=None):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": node.kafka})
    admin.create_topics([NewTopic(name, partitions, 1, config=config or {})], operation_timeout=10)[name].result(timeout=20)


def produce(bootstrap, topic, records, timeout=30, config=None):
    """Produces (key, value, partition-or-None) records with an idempotent
    acks=all confluent-kafka producer (`config` adds librdkafka settings);
    returns [(partition, offset)] in the order given. Fails on any delivery
    error."""
    from confluent_kafka import Producer
    conf = {"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 2}
    conf.update(config or {})
    producer = Producer(conf)
    records = list(records)
    results = [None] * len(records)
    errors = []

    def report(i):
        def cb(err, msg):
            if err is not None:
                errors.append((i, err))
            else:
                results[i] = (msg.partition(), msg.offset())
        return cb

    for i, (key, value, partition) in enumerate(records):
        kwargs = {"key": key, "value": value, "on_delivery": report(i)}
        if partition is not None:
            kwargs["partition"] = partition
        producer.produce(topic, **kwargs)
        if i % 500 == 0:
            producer.poll(0)
    left = producer.flush(timeout)
    if left or errors:
        raise AssertionError("produce to %s: %d undelivered, errors %r" % (topic, left, errors[:5]))
    return results


class RetentionProbe:
    """Tells when the node's retention (log.retention.check.interval.ms) has
    made a whole pass over every partition after a given moment, for checks
    that something was NOT removed.

    The node exports no count of retention passes, so the probe is a topic of
    its own (retention.ms=60000) that is given one record timestamped an hour
    ago at a time; plexus_partition_log_start_offset moving past it says a
    pass has looked at the probe since the record was written. Passes run one
    after another on one thread. Of three such removals in a row, the second
    is made by a pass B that began after the pass removing the first had
    ended (so after wait_for_pass() was called), and the third by a pass that
    began after B had ended: B, a whole pass over every topic, ran in
    between. Each round takes about one check interval."""

    OLD_MS = 3600 * 1000

    def __init__(self, node, topic="plexus-retention-probe"):
        from confluent_kafka import Producer
        self.node, self.topic = node, topic
        create_topic(node, topic, 1, {"retention.ms": "60000", "cleanup.policy": "delete"})
        self.producer = Producer({"bootstrap.servers": node.kafka, "acks": "all", "linger.ms": 0})

    def log_start(self):
        return self.node.metrics().get('plexus_partition_log_start_offset{topic="%s",partition="0"}' % self.topic, -1)

    def wait_for_pass(self, timeout=15):
        """Returns once a whole retention pass has run after the call; raises
        AssertionError (naming the probe) if none does within `timeout` per round."""
        for _ in range(3):
            acked = []
            self.producer.produce(self.topic, value=b"probe", partition=0,
                                  timestamp=int(time.time() * 1000) - self.OLD_MS,
                                  on_delivery=lambda err, msg: acked.append((err, msg.offset())))
            if self.producer.flush(timeout) or not acked or acked[0][0] is not None:
                raise AssertionError("the retention probe record was not written: %r" % acked)
            offset = acked[0][1]
            wait_for(lambda: self.log_start() > offset, timeout,
                     "a retention pass to remove record %d of %s" % (offset, self.topic), interval=0.02)


def read_all(bootstrap, topic, partitions, timeout=60, group_id="plexus-harness-reader"):
    """Reads every record of `topic` from offset 0 with a confluent-kafka
    consumer that assigns itself all partitions (no group membership, no
    commits). Returns ({(partition, offset): Message}, {partition: high
    watermark}). Fails when a partition does not start at 0, when an offset
    arrives twice, or on a consumer error; stops once every partition reported
    EOF at its high watermark (or at the timeout: callers compare counts)."""
    from confluent_kafka import Consumer, KafkaError, TopicPartition
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group_id,
                         "enable.auto.commit": False, "enable.partition.eof": True,
                         "auto.offset.reset": "error"})
    try:
        highs = {}
        for p in range(partitions):
            # a leader move (e.g. the hand-back to the preferred leader shortly after
            # a topic is created) answers NOT_LEADER once; librdkafka does not retry it here
            for attempt in range(20):
                try:
                    low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
                    break
                except Exception as e:
                    err = e.args[0] if e.args else None
                    moving = (KafkaError.NOT_LEADER_FOR_PARTITION, KafkaError.LEADER_NOT_AVAILABLE,
                              KafkaError._TRANSPORT, KafkaError._TIMED_OUT)
                    if attempt == 19 or not hasattr(err, "code") or err.code() not in moving:
                        raise
                    time.sleep(0.25)
            if low != 0:
                raise AssertionError("%s partition %d starts at %d, not 0" % (topic, p, low))
            highs[p] = high
        consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        got = {}
        position = {p: 0 for p in range(partitions)}
        eof = set()
        deadline = time.time() + timeout
        while time.time() < deadline:
            # Done at EOF at the high watermark: offsets and records differ
            # when a log holds empty batches (a new leader's, a replica
            # change's, a DeleteRecords entry's), so records are not counted.
            if len(eof) == partitions and all(position[p] >= highs[p] for p in range(partitions)):
                break
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    eof.add(msg.partition())
                    position[msg.partition()] = max(position[msg.partition()], msg.offset())
                    continue
                raise AssertionError("consumer error: %s" % msg.error())
            eof.discard(msg.partition())
            key = (msg.partition(), msg.offset())
            if key in got:
                raise AssertionError("offset %s read twice" % (key,))
            got[key] = msg
            position[msg.partition()] = msg.offset() + 1
        return got, highs
    finally:
        consumer.close()


class GroupConsumer:
    """A confluent-kafka consumer that subscribes to `topics` as a member of
    `group`. It records what it reads ((topic, partition, offset, key, value)),
    its assignment and every rebalance callback, and the consumer errors it
    sees. Defaults suit fast tests: session.timeout.ms=6000,
    heartbeat.interval.ms=500, auto.offset.reset=earliest, no auto-commit."""

    def __init__(self, bootstrap, group, topics, client_id, **config):
        from confluent_kafka import Consumer
        conf = {"bootstrap.servers": bootstrap, "group.id": group, "client.id": client_id,
                "session.timeout.ms": 6000, "heartbeat.interval.ms": 500,
                "auto.offset.reset": "earliest", "enable.auto.commit": False}
        conf.update(config)
        self.client_id = client_id
        self.consumer = Consumer(conf)
        self.assignment = []     # [(topic, partition)] currently assigned
        self.rebalances = []     # ("assign" | "revoke", [(topic, partition)])
        self.records = []
        self.errors = []
        self.closed = False
        self.consumer.subscribe(list(topics), on_assign=self._on_assign, on_revoke=self._on_revoke)

    def _on_assign(self, consumer, partitions):
        self.assignment = sorted((tp.topic, tp.partition) for tp in partitions)
        self.rebalances.append(("assign", list(self.assignment)))

    def _on_revoke(self, consumer, partitions):
        self.rebalances.append(("revoke", sorted((tp.topic, tp.partition) for tp in partitions)))
        self.assignment = []

    def poll(self, timeout=0.1):
        """One poll; returns the message read (None for nothing or an error)."""
        msg = self.consumer.poll(timeout)
        if msg is None:
            return None
        if msg.error():
            self.errors.append(msg.error())
            return None
        self.records.append((msg.topic(), msg.partition(), msg.offset(), msg.key(), msg.value()))
        return msg

    def positions(self, topic=None):
        """[(partition, offset)] read so far (of `topic`, or of every topic)."""
        return [(p, o) for t, p, o, _, _ in self.records if topic is None or t == topic]

    def close(self):
        if not self.closed:
            self.closed = True
            self.consumer.close()


def pump(consumers, predicate, timeout, what, poll_timeout=0.05):
    """Polls every consumer in turn until predicate() holds; returns its
    value. Raises AssertionError naming `what` on timeout."""
    deadline = time.time() + timeout
    while True:
        for c in consumers:
            c.poll(poll_timeout)
        value = predicate()
        if value:
            return value
        if time.time() >= deadline:
            raise AssertionError("timed out after %ss waiting for %s; assignments %r; errors %r" % (
                timeout, what, {c.client_id: c.assignment for c in consumers},
                {c.client_id: [str(e) for e in c.errors[-5:]] for c in consumers}))


def kcat(*args, input=None, timeout=60, check=True):
    exe = require_tool("kcat")
    r = subprocess.run([exe, *args], input=input, capture_output=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError("kcat %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r


# -- clusters -------------------------------------------------------------

def free_ports(count):
    """`count` distinct loopback ports that were free a moment ago, chosen
    below the kernel's ephemeral range (ip_local_port_range): the nodes bind
    them later, and a port from that range could meanwhile be handed to some
    outgoing connection (a client's, or another node's RPC link)."""
    import random
    import socket
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            ephemeral_lo = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral_lo = 32768
    lo, hi = 20000, ephemeral_lo - 1
    ports = []
    for _ in range(2000):
        if len(ports) == count:
            return ports
        port = random.randint(lo, hi) if hi - lo >= 1000 else 0
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            port = s.getsockname()[1]
            if port not in ports:
                ports.append(port)
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError("no %d free loopback ports" % count)


def raw_request(kafka_addr, request, timeout=5):
    """Sends one kafka-python request object to the node at `kafka_addr`
    itself (no client-side routing) and returns the decoded response."""
    import socket
    import struct
    from io import BytesIO
    client_id = b"plexus-harness"
    header = struct.pack(">hhih", request.API_KEY, request.API_VERSION, 7, len(client_id)) + client_id
    body = header + request.encode()
    host, _, port = kafka_addr.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(struct.pack(">i", len(body)) + body)

        def read(n):
            buf = b""
            while len(buf) < n:
                chunk = s.recv(n - len(buf))
                if not chunk:
                    raise ConnectionError("connection to %s closed" % kafka_addr)
                buf += chunk
            return buf
        size = struct.unpack(">i", read(4))[0]
        payload = read(size)
    return request.RESPONSE_TYPE.decode(BytesIO(payload[4:]))  # skip the correlation id


def produce_batch(kafka_addr, topic, partition, values, acks=-1, timeout_ms=5000):
    """Sends one Produce v3 holding exactly one record batch of `values`
    (keyless, uncompressed) to the node at `kafka_addr` itself (no
    client-side routing or batching); returns (error_code, base_offset)."""
    from kafka.protocol.produce import ProduceRequest
    from kafka.record.memory_records import MemoryRecordsBuilder
    builder = MemoryRecordsBuilder(magic=2, compression_type=0, batch_size=1 << 24)
    now_ms = int(time.time() * 1000)
    for v in values:
        builder.append(now_ms, None, v)
    builder.close()
    request = ProduceRequest[3](transactional_id=None, required_acks=acks, timeout=timeout_ms,
                                topics=[(topic, [(partition, builder.buffer())])])
    resp = raw_request(kafka_addr, request, timeout=timeout_ms / 1000 + 10)
    _, parts = resp.topics[0]
    return parts[0][1], parts[0][2]


def offset_for_leader_epoch(kafka_addr, topic, partition, leader_epoch, current_leader_epoch=-1, timeout=5):
    """OffsetForLeaderEpoch (23) v2 for one partition, asked of the node at
    `kafka_addr` itself; returns (error_code, leader_epoch, end_offset).
    kafka-python 2.0.2 has no class for this API, so it is declared here from
    the Kafka message definition."""
    from kafka.protocol.api import Request, Response
    from kafka.protocol.types import Array, Int16, Int32, Int64, Schema, String

    class OffsetForLeaderEpochResponseV2(Response):
        API_KEY, API_VERSION = 23, 2
        SCHEMA = Schema(("throttle_time_ms", Int32),
                        ("topics", Array(("topic", String("utf-8")),
                                         ("partitions", Array(("error_code", Int16), ("partition", Int32),
                                                              ("leader_epoch", Int32), ("end_offset", Int64))))))

    class OffsetForLeaderEpochRequestV2(Request):
        API_KEY, API_VERSION = 23, 2
        RESPONSE_TYPE = OffsetForLeaderEpochResponseV2
        SCHEMA = Schema(("topics", Array(("topic", String("utf-8")),
                                         ("partitions", Array(("partition", Int32), ("current_leader_epoch", Int32),
                                                              ("leader_epoch", Int32))))))

    resp = raw_request(kafka_addr, OffsetForLeaderEpochRequestV2(
        topics=[(topic, [(partition, current_leader_epoch, leader_epoch)])]), timeout)
    _, parts = resp.topics[0]
    err, _, epoch, end = parts[0]
    return err, epoch, end


def delete_records(kafka_addr, topic, partition, offset, timeout_ms=10000):
    """DeleteRecords (21) v0 for one partition, sent to the node at
    `kafka_addr` itself; returns (error_code, low_watermark). Declared here
    from the Kafka message definition (kafka-python 2.0.2 has no class)."""
    from kafka.protocol.api import Request, Response
    from kafka.protocol.types import Array, Int16, Int32, Int64, Schema, String

    class DeleteRecordsResponseV0(Response):
        API_KEY, API_VERSION = 21, 0
        SCHEMA = Schema(("throttle_time_ms", Int32),
                        ("topics", Array(("name", String("utf-8")),
                                         ("partitions", Array(("partition", Int32), ("low_watermark", Int64),
                                                              ("error_code", Int16))))))

    class DeleteRecordsRequestV0(Request):
        API_KEY, API_VERSION = 21, 0
        RESPONSE_TYPE = DeleteRecordsResponseV0
        SCHEMA = Schema(("topics", Array(("name", String("utf-8")),
                                         ("partitions", Array(("partition", Int32), ("offset", Int64))))),
                        ("timeout_ms", Int32))

    resp = raw_request(kafka_addr, DeleteRecordsRequestV0(topics=[(topic, [(partition, offset)])], timeout_ms=timeout_ms),
                       timeout_ms / 1000 + 5)
    _, parts = resp.topics[0]
    _, low, err = parts[0]
    return err, low


def find_coordinator(kafka_addr, group, timeout=5):
    """FindCoordinator v0 for `group`, asked of the node at `kafka_addr`
    itself; returns (error_code, coordinator node id, "host:port")."""
    from kafka.protocol.commit import GroupCoordinatorRequest
    resp = raw_request(kafka_addr, GroupCoordinatorRequest[0](group), timeout)
    return resp.error_code, resp.coordinator_id, "%s:%d" % (resp.host, resp.port)


def node_metadata(kafka_addr, topics=None, timeout=5):
    """Sends one Metadata v1 request to the node at `kafka_addr` itself (no
    client-side routing) and returns {"brokers": {id: "host:port"},
    "controller": id, "topics": {name: (error, {partition: (error, leader,
    replicas, isr)})}, "internal": {name: is_internal}}. topics=None asks for
    every topic."""
    from kafka.protocol.metadata import MetadataRequest
    request = MetadataRequest[1](topics=None if topics is None else list(topics))
    resp = raw_request(kafka_addr, request, timeout)
    brokers = {b[0]: "%s:%d" % (b[1], b[2]) for b in resp.brokers}
    out_topics, internal = {}, {}
    for err, name, is_internal, parts in resp.topics:
        out_topics[name] = (err, {p[1]: (p[0], p[2], list(p[3]), list(p[4])) for p in parts})
        internal[name] = bool(is_internal)
    return {"brokers": brokers, "controller": resp.controller_id, "topics": out_topics, "internal": internal}


class PlexusCluster:
    """`size` plexusd nodes (ids 1..size) forming one cluster on loopback.

        with PlexusCluster(3) as c:
            c.wait_ready()
            ... c.bootstrap, c.nodes[1].kafka, c.kill(2), c.restart(2) ...

    Every node keeps its data directory, RPC port and Kafka/admin ports across
    restarts. At exit paused nodes are resumed and every node is stopped."""

    def __init__(self, size=3, settings=None, lab=None, data_dirs=None):
        """data_dirs: {node id: directory} for nodes whose data must live in a
        given place (a size-limited filesystem, say); the others get a fresh
        temporary directory each.

        lab: a netns_lab.NetnsLab of at least `size` nodes. Each node then
        runs in its own network namespace on fixed ports (Kafka 9092, admin
        8080, registry 8081 on the lab's client network, RPC 33145 on its
        node network), and isolate()/heal() cut a node off from its peers.
        The caller enters the lab's client namespace before using clients."""
        self.size = size
        self.lab = lab
        self.settings = {"raft.election.timeout.ms": 1500}
        self.settings.update(settings or {})
        ids = range(1, size + 1)
        if lab:
            rpc = {i: "%s:33145" % lab.rpc_host(i) for i in ids}
        else:
            rpc = {i: "127.0.0.1:%d" % p for i, p in zip(ids, free_ports(size))}
        self.rpc_addrs = rpc
        seeds = ",".join(rpc.values())
        self.nodes = {}
        for i in ids:
            bind, prefix = None, ()
            if lab:
                host = lab.kafka_host(i)
                bind, prefix = (host + ":9092", host + ":8080", host + ":8081"), lab.exec_prefix(i)
            self.nodes[i] = PlexusNode(data_dir=(data_dirs or {}).get(i), settings=self.settings, bind=bind,
                                       prefix=prefix, extra_args=[
                "--node-id", str(i), "--rpc-addr", rpc[i], "--seeds", seeds])
        self.paused = set()

    def start(self):
        for n in self.nodes.values():
            n.start()
        return self

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc):
        self.cleanup()

    def cleanup(self):
        for i in list(self.paused):
            self.resume(i)
        if self.lab:
            self.lab.heal_all()
        for n in self.nodes.values():
            n.cleanup()

    def print_logs(self, last=60):
        """Prints the last `last` lines of every node's log, all runs."""
        for i, n in self.nodes.items():
            lines = n.log_text(all_runs=True).splitlines()
            print("==== node %d log (last %d of %d lines) ====\n%s" % (i, min(last, len(lines)), len(lines),
                                                                      "\n".join(lines[-last:])))

    # -- addresses and metadata ------------------------------------------
    @property
    def bootstrap(self):
        return ",".join(n.kafka for n in self.nodes.values() if n.kafka)

    def alive_ids(self):
        return [i for i, n in self.nodes.items() if n.alive() and i not in self.paused]

    def node_metadata(self, node_id, topics=None):
        return node_metadata(self.nodes[node_id].kafka, topics)

    def wait_ready(self, timeout=30):
        """Every running node lists `size` brokers and a controller."""
        def ready():
            for i in self.alive_ids():
                try:
                    md = self.node_metadata(i, topics=[])
                except OSError:
                    return False
                if len(md["brokers"]) != self.size or md["controller"] < 0:
                    return False
            return True
        wait_for(ready, timeout, "every node to list %d brokers and a controller" % self.size, interval=0.2)

    def metadata(self, topic, timeout=10):
        """{partition: (leader, replicas, isr)} as a confluent-kafka AdminClient
        sees it, or {} while the topic is unknown."""
        from confluent_kafka.admin import AdminClient
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        md = admin.list_topics(topic, timeout=timeout)
        t = md.topics.get(topic)
        if t is None or (t.error is not None and not t.partitions):
            return {}
        return {p: (pm.leader, list(pm.replicas), list(pm.isrs)) for p, pm in t.partitions.items()}

    def controller(self):
        """The controller id as the first running node reports it (-1 if none)."""
        for i in self.alive_ids():
            try:
                return self.node_metadata(i, topics=[])["controller"]
            except OSError:
                continue
        return -1

    def leader_of(self, topic, partition, node_id=None):
        """The partition's leader as `node_id` (default: the first running
        node) reports it; -1 when none is known."""
        ids = [node_id] if node_id is not None else self.alive_ids()
        for i in ids:
            try:
                md = self.node_metadata(i, [topic])
            except OSError:
                continue
            _, parts = md["topics"].get(topic, (None, {}))
            if partition in parts:
                return parts[partition][1]
        return -1

    def wait_for_leaders(self, topic, timeout=20, exclude=()):
        """Waits until every running node names a live leader (not in
        `exclude`) for every partition of `topic`; returns {partition: leader}."""
        def leaders():
            seen = None
            for i in self.alive_ids():
                try:
                    err, parts = self.node_metadata(i, [topic])["topics"].get(topic, (None, {}))
                except OSError:
                    return None
                if not parts:
                    return None
                now = {p: v[1] for p, v in parts.items()}
                if any(l not in self.alive_ids() or l in exclude for l in now.values()):
                    return None
                if seen is not None and now != seen:
                    return None
                seen = now
            return seen
        return wait_for(leaders, timeout, "leaders for every partition of %s" % topic, interval=0.2)

    def coordinator(self, group, timeout=30, exclude=()):
        """Waits until every running node answers FindCoordinator for `group`
        without error, naming the same live node (not in `exclude`); returns its id."""
        def agreed():
            seen = set()
            for i in self.alive_ids():
                try:
                    err, node, _ = find_coordinator(self.nodes[i].kafka, group)
                except OSError:
                    return None
                if err != 0:
                    return None
                seen.add(node)
            if len(seen) != 1:
                return None
            node = seen.pop()
            return node if node in self.alive_ids() and node not in exclude else None
        return wait_for(agreed, timeout, "every node to name one live coordinator of group %s" % group, interval=0.2)

    # -- faults -----------------------------------------------------------
    def kill(self, node_id):
        self.resume(node_id)
        self.nodes[node_id].kill()

    def stop_node(self, node_id):
        self.resume(node_id)
        return self.nodes[node_id].stop()

    def pause(self, node_id):
        self.nodes[node_id].proc.send_signal(signal.SIGSTOP)
        self.paused.add(node_id)

    def resume(self, node_id):
        if node_id in self.paused:
            self.paused.discard(node_id)
            if self.nodes[node_id].alive():
                self.nodes[node_id].proc.send_signal(signal.SIGCONT)

    def isolate(self, node_id):
        """Network partition (needs a lab): node_id keeps running and serving
        clients but neither reaches nor is reached by the other nodes."""
        if not self.lab:
            raise RuntimeError("isolate() needs a cluster started in a NetnsLab")
        self.lab.isolate(node_id)

    def heal(self, node_id):
        self.lab.heal(node_id)

    def restart(self, node_id, graceful=True):
        """Stops (SIGTERM, or kill -9 with graceful=False) if running, then
        starts the node again: same data directory, RPC, Kafka and admin ports."""
        node = self.nodes[node_id]
        if graceful:
            self.stop_node(node_id)
        else:
            self.kill(node_id)
        if node._bound:
            return node.start(same_ports=True)
        return node.start()

#!/usr/bin/python3
"""Node configuration and the admin HTTP surface of a real plexusd: config
file errors (exit code 2, FILE:LINE: key 'k': problem), config honoured and
overridden by flags, unusable data directories, /v1/health, /v1/node,
/metrics, --version, --help, --dev.
"""
# ctest-labels: integration
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from plexus_harness import PlexusNode, kcat, plexusd_path, require_tool

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic


def run_plexusd(*args, timeout=15, cwd=None):
    """Runs plexusd to completion (for start-up failures and --version)."""
    return subprocess.run([plexusd_path(), *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


class TempDirTest(unittest.TestCase):
    def tmpdir(self):
        d = tempfile.mkdtemp(prefix="plexus-cfg-")
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def write_config(self, text):
        path = os.path.join(self.tmpdir(), "plexus.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def start_node(self, **kwargs):
        node = PlexusNode(**kwargs)
        self.addCleanup(node.cleanup)
        node.start()
        return node


# -- (a) bad configuration ----------------------------------------------------
class BadConfigTest(TempDirTest):
    def assert_bad_config(self, text, line, key, *fragments):
        conf = self.write_config(text)
        data = os.path.join(self.tmpdir(), "never-created")
        r = run_plexusd("--config", conf, "--data-dir", data, "--kafka-addr", "127.0.0.1:0",
                        "--admin-addr", "127.0.0.1:0")
        self.assertEqual(r.returncode, 2, "exit code; stderr: %s" % r.stderr)
        self.assertIn("%s:%d: key '%s'" % (conf, line, key), r.stderr)
        for f in fragments:
            self.assertIn(f, r.stderr)
        self.assertEqual(r.stdout, "", "a node with a bad config printed listeners")
        self.assertFalse(os.path.exists(data), "a bad config must not touch the data directory")
        return r.stderr

    def test_bad_integer(self):
        self.assert_bad_config("# test config\nnode.id = 4\nnum.partitions = abc\n", 3, "num.partitions", "abc")

    def test_unknown_key(self):
        self.assert_bad_config("node.id = 1\nretention.mss = 5\n", 2, "retention.mss", "unknown")

    def test_out_of_range_and_bad_enum(self):
        self.assert_bad_config("num.partitions = 0\n", 1, "num.partitions", "'0'")
        self.assert_bad_config("\n\n\n# c\nlog.level = loud\n", 5, "log.level", "loud")
        self.assert_bad_config("auto.create.topics.enable = yes\n", 1, "auto.create.topics.enable", "yes")
        self.assert_bad_config("default.replication.factor = 3\n", 1, "default.replication.factor", "replicat")
        self.assert_bad_config("kafka.addr = localhost\n", 1, "kafka.addr", "localhost")

    def test_line_without_equals(self):
        conf = self.write_config("node.id = 1\njust some words\n")
        r = run_plexusd("--config", conf, "--data-dir", os.path.join(self.tmpdir(), "d"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("%s:2:" % conf, r.stderr)
        self.assertIn("just some words", r.stderr)

    def test_missing_config_file(self):
        missing = os.path.join(self.tmpdir(), "absent.conf")
        r = run_plexusd("--config", missing, "--data-dir", os.path.join(self.tmpdir(), "d"))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(missing, r.stderr)

    def test_bad_set_flags(self):
        data = os.path.join(self.tmpdir(), "d")
        r = run_plexusd("--data-dir", data, "--set", "num.partitions=abc")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("num.partitions", r.stderr)
        self.assertIn("abc", r.stderr)
        r = run_plexusd("--data-dir", data, "--set", "no.such.key=1")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("no.such.key", r.stderr)
        r = run_plexusd("--data-dir", data, "--set", "num.partitions")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("num.partitions", r.stderr)
        self.assertFalse(os.path.exists(data))


# -- (b) configuration honoured ------------------------------------------------
class ConfigHonouredTest(TempDirTest):
    def produce_one(self, node, topic, **extra):
        conf = {"bootstrap.servers": node.kafka, "message.timeout.ms": 10000,
                "topic.metadata.propagation.max.ms": 1000}
        conf.update(extra)
        producer = Producer(conf)
        errors = []
        producer.produce(topic, value=b"hello", on_delivery=lambda err, msg: errors.append(err))
        producer.flush(20)
        self.assertEqual(len(errors), 1, "no delivery report")
        return errors[0]

    def test_config_file_is_honoured(self):
        conf = self.write_config(
            "# a node for tests\n"
            "node.id = 5        # trailing comment\n"
            "num.partitions = 3\n"
            "\n"
            "log.retention.ms = 86400000\n"
            "max.inflight.requests.per.connection = 7\n")
        node = self.start_node(extra_args=["--config", conf])
        info = node.node_info()
        self.assertEqual(info["node_id"], 5)
        self.assertEqual(info["config"]["num.partitions"], "3")
        self.assertEqual(info["config"]["log.retention.ms"], "86400000")
        self.assertEqual(info["config"]["max.inflight.requests.per.connection"], "7")

        self.assertIsNone(self.produce_one(node, "auto-three"))
        admin = AdminClient({"bootstrap.servers": node.kafka})
        md = admin.list_topics(timeout=10)
        self.assertEqual(sorted(md.topics["auto-three"].partitions), [0, 1, 2])
        self.assertEqual({b.id for b in md.brokers.values()}, {5})
        self.assertEqual(md.topics["auto-three"].partitions[0].leader, 5)
        # The node's log.retention.ms is the topic default.
        res = ConfigResource("topic", "auto-three")
        cfg = admin.describe_configs([res])[res].result(timeout=20)
        self.assertEqual(cfg["retention.ms"].value, "86400000")
        self.assertTrue(cfg["retention.ms"].is_default)
        # And the node's config is visible as broker configs.
        res = ConfigResource("broker", "5")
        cfg = admin.describe_configs([res])[res].result(timeout=20)
        self.assertEqual(cfg["num.partitions"].value, "3")

    def test_auto_create_disabled(self):
        conf = self.write_config("auto.create.topics.enable = false\nnum.partitions = 2\n")
        node = self.start_node(extra_args=["--config", conf])
        self.assertEqual(node.node_info()["config"]["auto.create.topics.enable"], "false")

        err = self.produce_one(node, "not-there")
        self.assertIsNotNone(err, "producing to an unknown topic succeeded with auto-create off")
        self.assertIn(err.code(), (KafkaError.UNKNOWN_TOPIC_OR_PART, KafkaError._UNKNOWN_TOPIC), str(err))

        admin = AdminClient({"bootstrap.servers": node.kafka})
        self.assertNotIn("not-there", admin.list_topics(timeout=10).topics)
        consumer = Consumer({"bootstrap.servers": node.kafka, "group.id": "g", "allow.auto.create.topics": True})
        try:
            md = consumer.list_topics("not-there", timeout=10)
            self.assertIsNotNone(md.topics["not-there"].error)
        finally:
            consumer.close()
        self.assertNotIn("not-there", admin.list_topics(timeout=10).topics)
        self.assertFalse(any('topic="not-there"' in s for s in node.metrics()))
        meta = os.path.join(node.data_dir, "topics.json")
        if os.path.exists(meta):  # written on the first topic change only
            with open(meta) as f:
                self.assertNotIn("not-there", f.read())
        self.assertEqual([d for d in os.listdir(os.path.join(node.data_dir, "topics")) if d.startswith("not-there")], [])

        # Explicit creation still works, with the configured default partition count.
        admin.create_topics([NewTopic("made-explicitly", -1, -1)])["made-explicitly"].result(timeout=20)
        self.assertEqual(len(admin.list_topics(timeout=10).topics["made-explicitly"].partitions), 2)
        self.assertIsNone(self.produce_one(node, "made-explicitly"))

    def test_flags_override_file(self):
        conf = self.write_config(
            "node.id = 5\n"
            "num.partitions = 3\n"
            "data.dir = /nonexistent/plexus-must-not-use-this\n"
            "kafka.addr = 127.0.0.1:1\n"
            "log.level = error\n")
        node = self.start_node(extra_args=["--config", conf, "--node-id", "9", "--log-level", "info"],
                               settings={"num.partitions": "6"})
        info = node.node_info()
        self.assertEqual(info["node_id"], 9)
        self.assertEqual(info["config"]["num.partitions"], "6")
        self.assertEqual(info["config"]["log.level"], "info")
        self.assertEqual(os.path.realpath(info["data_dir"]), os.path.realpath(node.data_dir))
        self.assertNotEqual(node.kafka, "127.0.0.1:1")
        self.assertTrue(os.path.exists(os.path.join(node.data_dir, "cluster_id")))
        self.assertTrue(node.wait_for_log("serving"), "no info-level 'serving' line:\n" + node.log_text())
        self.assertIsNone(self.produce_one(node, "six"))
        md = AdminClient({"bootstrap.servers": node.kafka}).list_topics(timeout=10)
        self.assertEqual(len(md.topics["six"].partitions), 6)


# -- (c) unusable data directories --------------------------------------------
class DataDirTest(TempDirTest):
    def assert_fails_naming(self, data_dir):
        r = run_plexusd("--data-dir", data_dir, "--kafka-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0")
        self.assertNotEqual(r.returncode, 0, "plexusd started on %s" % data_dir)
        self.assertIn(data_dir, r.stderr)
        self.assertEqual(r.stdout, "", "listeners printed although storage failed")
        return r

    def test_parent_is_a_regular_file(self):
        blocker = os.path.join(self.tmpdir(), "plain-file")
        with open(blocker, "w") as f:
            f.write("not a directory\n")
        self.assert_fails_naming(os.path.join(blocker, "data"))

    def test_data_dir_is_a_regular_file(self):
        path = os.path.join(self.tmpdir(), "a-file")
        with open(path, "w") as f:
            f.write("x")
        self.assert_fails_naming(path)

    def test_under_proc(self):
        self.assert_fails_naming("/proc/plexus-test-data-%d" % os.getpid())

    def test_data_dir_in_use(self):
        node = self.start_node()
        r = self.assert_fails_naming(node.data_dir)
        self.assertIn("in use", r.stderr)
        self.assertTrue(node.alive())
        self.assertEqual(node.http_get("/v1/health")[0], 200)


# -- (d, e) admin HTTP --------------------------------------------------------
class AdminHttpTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.node = PlexusNode(settings={"node.id": "3"})
        cls.addClassCleanup(cls.node.cleanup)  # also removes the data dir if start() fails
        cls.node.start()

    def get(self, path, method="GET"):
        req = urllib.request.Request("http://%s%s" % (self.node.admin, path), method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def test_health(self):
        status, headers, body = self.get("/v1/health")
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Content-Type"), "application/json")
        self.assertEqual(json.loads(body), {"status": "ready"})

    def test_node(self):
        status, _, body = self.get("/v1/node")
        self.assertEqual(status, 200)
        info = json.loads(body)
        self.assertEqual(info["node_id"], 3)
        version = run_plexusd("--version").stdout
        self.assertIn(info["version"], version)
        self.assertRegex(info["version"], r"^\d+\.\d+\.\d+")
        self.assertIsInstance(info["uptime_seconds"], (int, float))
        self.assertGreater(info["uptime_seconds"], 0)
        self.assertEqual(os.path.realpath(info["data_dir"]), os.path.realpath(self.node.data_dir))
        self.assertEqual(info["listeners"], {"kafka": self.node.kafka, "admin": self.node.admin, "registry": self.node.registry})
        with open(os.path.join(self.node.data_dir, "cluster_id")) as f:
            self.assertEqual(info["cluster_id"], f.read().strip())
        time.sleep(1.1)
        later = json.loads(self.get("/v1/node")[2])["uptime_seconds"]
        self.assertGreaterEqual(later - info["uptime_seconds"], 1.0)

    def test_unknown_path_and_method(self):
        status, _, body = self.get("/v1/nothing-here")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["error_code"], 404)
        status, headers, _ = self.get("/v1/health", method="POST")
        self.assertEqual(status, 405)
        self.assertIn("GET", headers.get("Allow", ""))

    def parse_metrics(self, text):
        """Checks the exposition format; returns {series: value} and {family: type}."""
        samples, types, helps = {}, {}, set()
        sample_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^{}]*\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|\+Inf|NaN))$')
        for line in text.splitlines():
            if line.startswith("# HELP "):
                helps.add(line.split(" ")[2])
                continue
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split(" ")
                self.assertIn(kind, ("counter", "gauge", "histogram", "summary", "untyped"), line)
                types[name] = kind
                continue
            if not line.strip():
                continue
            m = sample_re.match(line)
            self.assertIsNotNone(m, "not a Prometheus sample line: %r" % line)
            series = m.group(1) + (m.group(2) or "")
            self.assertNotIn(series, samples, "series %s twice" % series)
            samples[series] = float(m.group(3))
            family = re.sub(r"_(bucket|sum|count)$", "", m.group(1))
            self.assertTrue(family in types or m.group(1) in types, "no TYPE for %s" % m.group(1))
        for name in types:
            self.assertIn(name, helps, "no HELP for %s" % name)
        return samples, types

    def test_metrics_after_traffic(self):
        topic = "metrics-traffic"
        n = 300
        producer = Producer({"bootstrap.servers": self.node.kafka, "acks": "all", "linger.ms": 5})
        for i in range(n):
            producer.produce(topic, value=b"v%04d" % i, partition=0)
        self.assertEqual(producer.flush(30), 0)
        consumer = Consumer({"bootstrap.servers": self.node.kafka, "group.id": "m", "enable.auto.commit": False})
        self.addCleanup(consumer.close)
        consumer.assign([TopicPartition(topic, 0, 0)])
        read = 0
        deadline = time.time() + 30
        while read < n and time.time() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and not msg.error():
                read += 1
        self.assertEqual(read, n)
        consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)  # ListOffsets

        status, headers, text = self.get("/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers.get("Content-Type", "").startswith("text/plain"), headers)
        samples, types = self.parse_metrics(text)

        self.assertEqual(types.get("plexus_kafka_requests_total"), "counter")
        self.assertEqual(types.get("plexus_kafka_request_latency_seconds"), "histogram")
        for api in ("ApiVersions", "Metadata", "Produce", "Fetch", "ListOffsets"):
            count = samples.get('plexus_kafka_requests_total{api="%s"}' % api)
            self.assertIsNotNone(count, "no request count for %s" % api)
            self.assertGreaterEqual(count, 1)
            buckets = sorted(
                ((float(m.group(1)) if m.group(1) != "+Inf" else float("inf")), v)
                for s, v in samples.items()
                for m in [re.match(r'plexus_kafka_request_latency_seconds_bucket\{api="%s",le="([^"]+)"\}$' % api, s)]
                if m)
            self.assertGreater(len(buckets), 3, "no latency buckets for %s" % api)
            self.assertEqual(buckets[-1][0], float("inf"))
            values = [v for _, v in buckets]
            self.assertEqual(values, sorted(values), "%s buckets are not cumulative" % api)
            self.assertEqual(values[-1], samples['plexus_kafka_request_latency_seconds_count{api="%s"}' % api])
            self.assertEqual(values[-1], count, "%s: histogram count differs from the request count" % api)
            self.assertGreaterEqual(samples['plexus_kafka_request_latency_seconds_sum{api="%s"}' % api], 0)
        self.assertEqual(samples['plexus_topic_records_in_total{topic="%s"}' % topic], n)
        self.assertGreaterEqual(samples['plexus_topic_bytes_in_total{topic="%s"}' % topic], n * 5)
        self.assertGreaterEqual(samples['plexus_topic_records_out_total{topic="%s"}' % topic], n)
        self.assertGreaterEqual(samples['plexus_topic_bytes_out_total{topic="%s"}' % topic], n * 5)
        self.assertEqual(samples['plexus_partition_high_watermark{topic="%s",partition="0"}' % topic], n)
        self.assertGreater(samples["plexus_storage_disk_bytes"], 0)
        self.assertGreater(samples["process_resident_memory_bytes"], 1 << 20)
        self.assertGreaterEqual(samples["process_cpu_seconds_total"], 0)
        self.assertEqual(types.get("process_cpu_seconds_total"), "counter")

        # Counters move with traffic.
        before = samples['plexus_kafka_requests_total{api="Metadata"}']
        require_tool("kcat")
        for _ in range(3):
            kcat("-b", self.node.kafka, "-L", "-t", topic)
        after, _ = self.parse_metrics(self.get("/metrics")[2])
        self.assertGreaterEqual(after['plexus_kafka_requests_total{api="Metadata"}'], before + 3)


# -- (f) command line ---------------------------------------------------------
class CommandLineTest(TempDirTest):
    def test_version(self):
        r = run_plexusd("--version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout.strip(), r"^plexusd \d+\.\d+\.\d+\S* \(\S+\)$")

    def test_help(self):
        r = run_plexusd("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for flag in ("--config", "--data-dir", "--kafka-addr", "--admin-addr", "--registry-addr", "--node-id", "--set", "--version"):
            self.assertIn(flag, r.stdout)

    def test_unknown_flag(self):
        r = run_plexusd("--no-such-flag")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("--no-such-flag", r.stdout + r.stderr)

    def test_dev_uses_plexus_data_in_cwd(self):
        cwd = self.tmpdir()
        proc = subprocess.Popen([plexusd_path(), "--dev", "--kafka-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
                                 "--registry-addr", "127.0.0.1:0"],
                                cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            lines = [proc.stdout.readline().strip(), proc.stdout.readline().strip()]
            self.assertTrue(lines[0].startswith("kafka 127.0.0.1:"), lines)
            self.assertTrue(lines[1].startswith("admin 127.0.0.1:"), lines)
            admin = lines[1].split(" ", 1)[1]
            with urllib.request.urlopen("http://%s/v1/node" % admin, timeout=10) as r:
                info = json.loads(r.read().decode())
            self.assertEqual(os.path.realpath(info["data_dir"]), os.path.realpath(os.path.join(cwd, "plexus-data")))
            self.assertTrue(os.path.isdir(os.path.join(cwd, "plexus-data", "topics")))
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=15)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("kcat -b", err)


if __name__ == "__main__":
    unittest.main()

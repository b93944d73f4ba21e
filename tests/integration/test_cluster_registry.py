#!/usr/bin/python3
"""One Schema Registry per cluster, on a real three-node plexusd cluster,
driven by Debian's confluent_kafka clients:

- a schema registered through one node is read and looked up through the
  other two (each serves reads from its replicated copy of `_schemas`);
- a writer on a node that does not lead `_schemas` is forwarded to the
  leader and reads its own write back through the same node at once;
- broker-side validation on a partition led by another node accepts
  records framed with a schema registered a moment earlier through node 1,
  and still refuses unknown ids;
- after the `_schemas` leader is killed, registration works through the
  survivors and no id is ever given twice; the restarted node catches up.

And the one internal-topic policy, on a single node and on the cluster:
clients may read `_schemas` but not produce to it, delete it, delete its
records or add partitions to it.
"""
# ctest-labels: integration;interop;fault
import json
import struct
import time
import unittest
import urllib.error
import urllib.request

from plexus_harness import (PlexusCluster, PlexusNode, delete_records, has_failed, node_metadata, produce_batch,
                            wait_for)

try:
    from confluent_kafka import KafkaException, Producer
    from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic
    from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
except ImportError as e:  # fail loudly, naming the packages
    raise SystemExit("test_cluster_registry needs python3-confluent-kafka and python3-requests: %s" % e)

CT = "application/vnd.schemaregistry.v1+json"
INVALID_TOPIC_EXCEPTION = 17
INVALID_PARTITIONS = 37
INVALID_RECORD = 87


def adt_schema(name, extra=0):
    """An Avro record schema: `name`, an "mrn" string and `extra` optional
    fields (null by default). Versions of one name with more extra fields are
    BACKWARD compatible with those before; each is a distinct schema."""
    fields = [{"name": "mrn", "type": "string"}]
    fields += [{"name": "note%d" % i, "type": ["null", "string"], "default": None} for i in range(extra)]
    return json.dumps({"type": "record", "name": name, "namespace": "org.plexus.adt", "fields": fields})


def avro_string_record(mrn, extra=0):
    """Avro binary of an adt_schema(_, extra) record: the string (zigzag
    length), then branch 0 (null) of each optional field."""
    data = mrn.encode()
    n = len(data) << 1
    out = bytearray()
    while n & ~0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out) + data + b"\x00" * extra


def framed(schema_id, payload):
    return b"\x00" + struct.pack(">I", schema_id) + payload


def http(registry, method, path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request("http://" + registry + path, data=data, method=method, headers={"Content-Type": CT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read().decode() or "null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode() or "null")


def produce_one(bootstrap, topic, value, timeout=30):
    """Produces one record with confluent-kafka (acks=all); returns the
    delivery error (None on success)."""
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "message.timeout.ms": timeout * 1000,
                  "retries": 0, "enable.idempotence": False})
    result = []
    p.produce(topic, value=value, on_delivery=lambda err, msg: result.append(err))
    p.flush(timeout + 5)
    if not result:
        raise AssertionError("no delivery report for the record produced to %s" % topic)
    return result[0]


class InternalTopicPolicy:
    """Checks shared by the single-node and cluster cases: `bootstrap` and
    `kafka_addr` of a node whose registry has created `_schemas`."""

    def check_schemas_topic_is_protected(self, bootstrap, kafka_addr):
        admin = AdminClient({"bootstrap.servers": bootstrap})
        # Readable: Confluent's tools read it.
        md = admin.list_topics("_schemas", timeout=10)
        self.assertIn("_schemas", md.topics)
        self.assertIsNone(md.topics["_schemas"].error)
        # Not reported as Kafka-internal (only __consumer_offsets is), yet protected.
        md = node_metadata(kafka_addr, ["_schemas", "__consumer_offsets"])
        self.assertFalse(md["internal"]["_schemas"])
        # Produce: INVALID_TOPIC_EXCEPTION, nothing written.
        err, _ = produce_batch(kafka_addr, "_schemas", 0, [b'{"keytype":"NOOP"}'])
        self.assertEqual(err, INVALID_TOPIC_EXCEPTION)
        # DeleteRecords: refused.
        err, _ = delete_records(kafka_addr, "_schemas", 0, -1)
        self.assertEqual(err, INVALID_TOPIC_EXCEPTION)
        # CreatePartitions: refused.
        fut = admin.create_partitions([NewPartitions("_schemas", 2)], request_timeout=15)["_schemas"]
        with self.assertRaises(KafkaException) as cm:
            fut.result(20)
        self.assertEqual(cm.exception.args[0].code(), INVALID_PARTITIONS)
        # DeleteTopics: refused, and the topic is still there.
        fut = admin.delete_topics(["_schemas"], request_timeout=15)["_schemas"]
        with self.assertRaises(KafkaException) as cm:
            fut.result(20)
        self.assertEqual(cm.exception.args[0].code(), INVALID_TOPIC_EXCEPTION)
        self.assertIn("_schemas", admin.list_topics("_schemas", timeout=10).topics)


class SingleNodePolicyTest(unittest.TestCase, InternalTopicPolicy):
    def test_schemas_topic_is_protected_on_a_single_node(self):
        with PlexusNode() as node:
            client = SchemaRegistryClient({"url": "http://" + node.registry})
            sid = client.register_schema("policy-value", Schema(adt_schema("Policy"), "AVRO"))
            self.check_schemas_topic_is_protected(node.kafka, node.kafka)
            # The registry's own writes still go through, and survive the refusals.
            self.assertEqual(client.get_schema(sid).schema_str, adt_schema("Policy"))
            sid2 = client.register_schema("policy-value", Schema(adt_schema("Policy", 1), "AVRO"))
            self.assertEqual(sid2, sid + 1)


class ClusterRegistryTest(unittest.TestCase, InternalTopicPolicy):
    @classmethod
    def setUpClass(cls):
        cls.cluster = PlexusCluster(3)
        try:
            cls.cluster.start()
            cls.cluster.wait_ready()
            cls.cluster.wait_for_leaders("_schemas", timeout=30)
        except BaseException:
            cls.cluster.print_logs()
            cls.cluster.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def tearDown(self):
        if has_failed(self):
            self.cluster.print_logs()

    def client(self, node_id):
        return SchemaRegistryClient({"url": "http://" + self.cluster.nodes[node_id].registry})

    def registry(self, node_id):
        return self.cluster.nodes[node_id].registry

    def wait_schema_everywhere(self, schema_id, text, node_ids, timeout=10):
        """Every node in `node_ids` serves /schemas/ids/{id} with `text`;
        returns how long the slowest took after the call (seconds)."""
        start = time.monotonic()
        for i in node_ids:
            def served():
                status, body = http(self.registry(i), "GET", "/schemas/ids/%d" % schema_id)
                return status == 200 and body["schema"] == text
            wait_for(served, timeout, "node %d to serve schema id %d" % (i, schema_id), interval=0.01)
        return time.monotonic() - start

    def test_replicated_topic_has_a_replica_on_every_node(self):
        md = self.cluster.metadata("_schemas")
        self.assertEqual(list(md), [0])
        leader, replicas, isr = md[0]
        self.assertEqual(sorted(replicas), [1, 2, 3])
        self.assertIn(leader, [1, 2, 3])

    def test_register_through_one_node_read_through_the_others(self):
        text = adt_schema("AdmitOne")
        sid = self.client(1).register_schema("adt-one-value", Schema(text, "AVRO"))
        # The node that took the write answers with it at once (read your writes).
        self.assertEqual(self.client(1).get_schema(sid).schema_str, text)
        lag = self.wait_schema_everywhere(sid, text, [2, 3])
        print("schema id %d served by nodes 2 and 3 %.3f s after registration through node 1" % (sid, lag))
        for i in (2, 3):
            c = self.client(i)
            self.assertEqual(c.get_schema(sid).schema_str, text)
            looked_up = c.lookup_schema("adt-one-value", Schema(text, "AVRO"))
            self.assertEqual(looked_up.schema_id, sid)
            self.assertEqual(c.get_latest_version("adt-one-value").schema_id, sid)
            self.assertIn("adt-one-value", c.get_subjects())
        # The same schema registered through node 3 is the same id, not a new one.
        self.assertEqual(self.client(3).register_schema("adt-one-value", Schema(text, "AVRO")), sid)

    def test_every_node_writes_and_ids_are_unique(self):
        ids = {}
        for n, i in enumerate([1, 2, 3, 2, 1, 3]):
            text = adt_schema("Writer%d" % n)
            ids[text] = self.client(i).register_schema("writers-%d-value" % n, Schema(text, "AVRO"))
            # Each write is read back through the node that forwarded it.
            status, body = http(self.registry(i), "GET", "/schemas/ids/%d" % ids[text])
            self.assertEqual((status, body["schema"]), (200, text))
        self.assertEqual(len(set(ids.values())), len(ids), ids)
        for text, sid in ids.items():
            self.wait_schema_everywhere(sid, text, [1, 2, 3])
        # Config writes are forwarded too, and every node sees them.
        status, body = http(self.registry(2), "PUT", "/config/writers-0-value", {"compatibility": "NONE"})
        self.assertEqual((status, body), (200, {"compatibility": "NONE"}))
        for i in (1, 2, 3):
            wait_for(lambda: http(self.registry(i), "GET", "/config/writers-0-value")[1] == {"compatibilityLevel": "NONE"},
                     10, "node %d to see the subject's config" % i)

    def test_validation_on_a_partition_led_by_node_3(self):
        admin = AdminClient({"bootstrap.servers": self.cluster.bootstrap})
        topic = "adt-validated"
        fut = admin.create_topics([NewTopic(topic, num_partitions=1, replica_assignment=[[3, 1, 2]],
                                            config={"confluent.value.schema.validation": "true"})],
                                  request_timeout=20)[topic]
        fut.result(30)
        leaders = self.cluster.wait_for_leaders(topic, timeout=30)
        wait_for(lambda: self.cluster.wait_for_leaders(topic)[0] == 3, 30, "node 3 to lead %s-0" % topic)
        print("leaders of %s: %s" % (topic, leaders))
        for n in range(3):
            # Register through node 1 and produce at once: the record goes to
            # node 3, whose copy of _schemas learns the id within a heartbeat.
            text = adt_schema("Validated", n)
            sid = self.client(1).register_schema(topic + "-value", Schema(text, "AVRO"))
            err = produce_one(self.cluster.bootstrap, topic, framed(sid, avro_string_record("MRN-%d" % n, n)))
            self.assertIsNone(err, "a record framed with schema id %d was refused: %s" % (sid, err))
        # An id nobody registered is still refused, after the bounded wait.
        start = time.monotonic()
        err, _ = produce_batch(self.cluster.nodes[3].kafka, topic, 0, [framed(999999, avro_string_record("MRN-X"))])
        waited = time.monotonic() - start
        self.assertEqual(err, INVALID_RECORD)
        print("an unknown schema id was refused after %.2f s" % waited)
        self.assertLess(waited, 5)

    def test_internal_topic_policy_in_a_cluster(self):
        leader = self.cluster.leader_of("_schemas", 0)
        self.assertGreater(leader, 0)
        self.check_schemas_topic_is_protected(self.cluster.bootstrap, self.cluster.nodes[leader].kafka)

    def test_zz_kill_the_schemas_leader(self):
        # Runs last (unittest sorts by name): it kills a node.
        before = {}
        for n in range(3):
            text = adt_schema("Failover", n)
            before[text] = self.client(1 + n % 3).register_schema("failover-value", Schema(text, "AVRO"))
        leader = self.cluster.leader_of("_schemas", 0)
        self.assertIn(leader, [1, 2, 3])
        self.cluster.kill(leader)
        survivors = [i for i in (1, 2, 3) if i != leader]
        start = time.monotonic()
        # The first registration after the kill waits for the election, inside the request.
        after = {}
        for n, i in enumerate(survivors * 2):
            text = adt_schema("Failover", 3 + n)
            after[text] = self.client(i).register_schema("failover-value", Schema(text, "AVRO"))
        print("6 registrations through the survivors took %.2f s after killing the leader (node %d)"
              % (time.monotonic() - start, leader))
        all_ids = list(before.values()) + list(after.values())
        self.assertEqual(len(set(all_ids)), len(all_ids), "an id was given twice: %s %s" % (before, after))
        self.assertGreater(min(after.values()), max(before.values()))
        new_leader = self.cluster.leader_of("_schemas", 0, node_id=survivors[0])
        self.assertIn(new_leader, survivors)
        for text, sid in {**before, **after}.items():
            self.wait_schema_everywhere(sid, text, survivors)
        # The killed node comes back, catches up and serves every schema.
        self.cluster.restart(leader, graceful=False)
        for text, sid in {**before, **after}.items():
            self.wait_schema_everywhere(sid, text, [leader], timeout=30)
        status, versions = http(self.registry(leader), "GET", "/subjects/failover-value/versions")
        self.assertEqual((status, len(versions)), (200, len(before) + len(after)))


if __name__ == "__main__":
    unittest.main()

#!/usr/bin/python3
"""The Schema Registry REST API of a real plexusd, driven by Debian's
confluent_kafka.schema_registry client (and raw HTTP for what the client does
not expose): register, lookup, versions, ids, compatibility levels and
test_compatibility with Avro's resolution rules, soft and permanent deletes,
Confluent's error codes, and the state surviving kill -9 through `_schemas`.
"""
# ctest-labels: integration;interop
import json
import unittest
import urllib.error
import urllib.request

from plexus_harness import PlexusNode

try:
    from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
    from confluent_kafka.schema_registry.error import SchemaRegistryError
except ImportError as e:  # fail loudly, naming the packages
    raise SystemExit("test_schema_registry needs python3-confluent-kafka and python3-requests: %s" % e)

CT = "application/vnd.schemaregistry.v1+json"

ADT_V1 = json.dumps({"type": "record", "name": "AdtEvent", "namespace": "org.plexus.adt",
                     "fields": [{"name": "mrn", "type": "string"},
                                {"name": "event", "type": {"type": "enum", "name": "Kind", "symbols": ["A01", "A02", "A03"]}}]})
# v2 adds a field with a default: BACKWARD compatible
ADT_V2 = json.dumps({"type": "record", "name": "AdtEvent", "namespace": "org.plexus.adt",
                     "fields": [{"name": "mrn", "type": "string"},
                                {"name": "event", "type": {"type": "enum", "name": "Kind", "symbols": ["A01", "A02", "A03"]}},
                                {"name": "ward", "type": ["null", "string"], "default": None}]})
# adds a field without a default: not BACKWARD compatible
ADT_BAD = json.dumps({"type": "record", "name": "AdtEvent", "namespace": "org.plexus.adt",
                      "fields": [{"name": "mrn", "type": "string"},
                                 {"name": "event", "type": {"type": "enum", "name": "Kind", "symbols": ["A01", "A02", "A03"]}},
                                 {"name": "bed", "type": "string"}]})


class SchemaRegistryTest(unittest.TestCase):
    def setUp(self):
        self.node = PlexusNode().start()
        self.url = "http://" + self.node.registry
        self.client = SchemaRegistryClient({"url": self.url})

    def tearDown(self):
        self.node.cleanup()

    def http(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": CT})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                self.assertEqual(r.headers.get("Content-Type"), CT)
                return r.status, json.loads(r.read().decode() or "null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode())

    def test_register_lookup_versions_and_ids(self):
        id1 = self.client.register_schema("adt.events-value", Schema(ADT_V1, "AVRO"))
        self.assertEqual(id1, 1)
        # the same schema with other whitespace: the same id
        self.assertEqual(self.client.register_schema("adt.events-value", Schema(json.dumps(json.loads(ADT_V1), indent=2), "AVRO")), 1)
        # the same schema under another subject: the same id
        self.assertEqual(self.client.register_schema("adt.archive-value", Schema(ADT_V1, "AVRO")), 1)
        id2 = self.client.register_schema("adt.events-value", Schema(ADT_V2, "AVRO"))
        self.assertEqual(id2, 2)
        self.assertEqual(self.client.get_versions("adt.events-value"), [1, 2])
        latest = self.client.get_latest_version("adt.events-value")
        self.assertEqual((latest.version, latest.schema_id), (2, 2))
        self.assertEqual(json.loads(latest.schema.schema_str), json.loads(ADT_V2))
        v1 = self.client.get_version("adt.events-value", 1)
        self.assertEqual(v1.schema_id, 1)
        found = self.client.lookup_schema("adt.events-value", Schema(ADT_V1, "AVRO"))
        self.assertEqual((found.version, found.schema_id), (1, 1))
        self.assertEqual(json.loads(self.client.get_schema(2).schema_str), json.loads(ADT_V2))
        self.assertEqual(sorted(self.client.get_subjects()), ["adt.archive-value", "adt.events-value"])
        status, body = self.http("GET", "/schemas/ids/1/versions")
        self.assertEqual(status, 200)
        self.assertEqual(sorted((x["subject"], x["version"]) for x in body),
                         [("adt.archive-value", 1), ("adt.events-value", 1)])
        status, body = self.http("GET", "/schemas/types")
        self.assertEqual(sorted(body), ["AVRO", "JSON", "PROTOBUF"])

    def test_compatibility_levels(self):
        self.client.register_schema("lab.results-value", Schema(ADT_V1, "AVRO"))
        self.assertEqual(self.client.get_compatibility(), "BACKWARD")
        self.assertTrue(self.client.test_compatibility("lab.results-value", Schema(ADT_V2, "AVRO")))
        self.assertFalse(self.client.test_compatibility("lab.results-value", Schema(ADT_BAD, "AVRO")))
        with self.assertRaises(SchemaRegistryError) as cm:
            self.client.register_schema("lab.results-value", Schema(ADT_BAD, "AVRO"))
        self.assertEqual(cm.exception.http_status_code, 409)
        # verbose says why
        status, body = self.http("POST", "/compatibility/subjects/lab.results-value/versions/latest?verbose=true",
                                 {"schema": ADT_BAD})
        self.assertEqual(status, 200)
        self.assertFalse(body["is_compatible"])
        self.assertTrue(any("bed" in m for m in body["messages"]), body)
        # NONE on the subject lets it through; the global level is untouched
        self.assertEqual(self.client.set_compatibility("lab.results-value", "NONE"), {"compatibility": "NONE"})
        self.assertEqual(self.client.get_compatibility("lab.results-value"), "NONE")
        self.assertEqual(self.client.get_compatibility(), "BACKWARD")
        self.assertEqual(self.client.register_schema("lab.results-value", Schema(ADT_BAD, "AVRO")), 2)
        # FORWARD: removing the enum symbol the old reader knows is fine, adding one is not
        self.client.set_compatibility("fwd-value", "FORWARD")
        self.client.register_schema("fwd-value", Schema(ADT_V1, "AVRO"))
        more = json.loads(ADT_V1)
        more["fields"][1]["type"]["symbols"].append("A08")
        self.assertFalse(self.client.test_compatibility("fwd-value", Schema(json.dumps(more), "AVRO")))
        # a bad level is refused with Confluent's code
        status, body = self.http("PUT", "/config", {"compatibility": "SIDEWAYS"})
        self.assertEqual((status, body["error_code"]), (422, 42203))
        status, body = self.http("GET", "/config/fwd-value")
        self.assertEqual(body, {"compatibilityLevel": "FORWARD"})
        status, body = self.http("GET", "/config/no-config-here")
        self.assertEqual((status, body["error_code"]), (404, 40408))

    def test_errors_carry_confluent_codes(self):
        status, body = self.http("GET", "/subjects/nope/versions")
        self.assertEqual((status, body["error_code"]), (404, 40401))
        self.client.register_schema("s-value", Schema(ADT_V1, "AVRO"))
        status, body = self.http("GET", "/subjects/s-value/versions/7")
        self.assertEqual((status, body["error_code"]), (404, 40402))
        status, body = self.http("GET", "/subjects/s-value/versions/zero")
        self.assertEqual((status, body["error_code"]), (422, 42202))
        status, body = self.http("GET", "/schemas/ids/99")
        self.assertEqual((status, body["error_code"]), (404, 40403))
        status, body = self.http("POST", "/subjects/s-value/versions", {"schema": "{\"type\": \"record\"}"})
        self.assertEqual((status, body["error_code"]), (422, 42201))
        self.assertIn("name", body["message"])
        status, body = self.http("POST", "/subjects/s-value/versions", {"nothing": 1})
        self.assertEqual(status, 422)
        status, body = self.http("POST", "/subjects/s-value", {"schema": ADT_V2})
        self.assertEqual((status, body["error_code"]), (404, 40403))

    def test_soft_and_permanent_delete(self):
        self.client.register_schema("d-value", Schema(ADT_V1, "AVRO"))
        self.client.register_schema("d-value", Schema(ADT_V2, "AVRO"))
        self.assertEqual(self.client.delete_version("d-value", 1), 1)
        self.assertEqual(self.client.get_versions("d-value"), [2])
        status, body = self.http("GET", "/subjects/d-value/versions?deleted=true")
        self.assertEqual(body, [1, 2])
        # permanent before soft is refused (the client itself always soft-deletes first)
        status, body = self.http("DELETE", "/subjects/d-value?permanent=true")
        self.assertEqual((status, body["error_code"]), (404, 40405))
        self.assertEqual(self.client.delete_subject("d-value"), [2])
        self.assertEqual(self.client.get_subjects(), [])
        status, body = self.http("DELETE", "/subjects/d-value")
        self.assertEqual((status, body["error_code"]), (404, 40404))
        status, body = self.http("DELETE", "/subjects/d-value?permanent=true")
        self.assertEqual((status, body), (200, [1, 2]))
        status, body = self.http("GET", "/subjects?deleted=true")
        self.assertEqual(body, [])

    def test_state_survives_kill_9(self):
        self.client.register_schema("p-value", Schema(ADT_V1, "AVRO"))
        self.client.register_schema("p-value", Schema(ADT_V2, "AVRO"))
        self.client.set_compatibility("p-value", "FULL")
        self.client.delete_version("p-value", 1)
        self.node.kill_and_restart()
        client = SchemaRegistryClient({"url": "http://" + self.node.registry})
        self.assertEqual(client.get_versions("p-value"), [2])
        self.assertEqual(client.get_compatibility("p-value"), "FULL")
        self.assertEqual(client.get_latest_version("p-value").schema_id, 2)
        # the next id follows the stored ones
        self.assertEqual(client.register_schema("q-value", Schema(json.dumps({"type": "string"}), "AVRO")), 3)
        self.assertTrue(self.node.wait_for_log("schema registry loaded"), self.node.log_text())

    def test_import_mode_keeps_given_ids(self):
        # ids can be given only in IMPORT mode
        status, body = self.http("POST", "/subjects/m-value/versions", {"schema": ADT_V1, "id": 100, "version": 3})
        self.assertEqual((status, body["error_code"]), (422, 42205))
        status, body = self.http("PUT", "/mode", {"mode": "IMPORT"})
        self.assertEqual((status, body), (200, {"mode": "IMPORT"}))
        status, body = self.http("POST", "/subjects/m-value/versions", {"schema": ADT_V1, "id": 100, "version": 3})
        self.assertEqual((status, body), (200, {"id": 100}))
        # an incompatible schema is imported as it is (no check in IMPORT mode)
        status, body = self.http("POST", "/subjects/m-value/versions", {"schema": ADT_BAD, "id": 101, "version": 4})
        self.assertEqual((status, body), (200, {"id": 101}))
        # the same id for another schema, or a version already taken, is refused
        status, body = self.http("POST", "/subjects/n-value/versions", {"schema": ADT_V2, "id": 100})
        self.assertEqual((status, body["error_code"]), (422, 42205))
        status, body = self.http("POST", "/subjects/m-value/versions", {"schema": ADT_V2, "id": 102, "version": 3})
        self.assertEqual((status, body["error_code"]), (422, 42205))
        # the same schema under another subject with its id: fine
        status, body = self.http("POST", "/subjects/n-value/versions", {"schema": ADT_V1, "id": 100, "version": 1})
        self.assertEqual((status, body), (200, {"id": 100}))
        # the same schema again under a second id is allowed, but that id then names it for good
        status, body = self.http("POST", "/subjects/n2-value/versions", {"schema": ADT_V1, "id": 150})
        self.assertEqual((status, body), (200, {"id": 150}))
        status, body = self.http("POST", "/subjects/n3-value/versions", {"schema": ADT_V2, "id": 150})
        self.assertEqual((status, body["error_code"]), (422, 42205))
        self.assertEqual(self.http("PUT", "/mode", {"mode": "READWRITE"})[0], 200)
        self.assertEqual(self.client.get_versions("m-value"), [3, 4])
        self.assertEqual(self.client.get_schema(100).schema_str, ADT_V1)
        # new registrations continue after the imported ids, and survive a restart
        self.assertEqual(self.client.register_schema("o-value", Schema(json.dumps({"type": "long"}), "AVRO")), 151)
        self.node.kill_and_restart()
        client = SchemaRegistryClient({"url": "http://" + self.node.registry})
        self.assertEqual(client.get_version("m-value", 4).schema_id, 101)
        self.assertEqual(client.register_schema("p-value", Schema(json.dumps({"type": "int"}), "AVRO")), 152)

    def test_field_tags_are_kept_and_exposed(self):
        tagged = json.dumps({"type": "record", "name": "Patient", "namespace": "org.plexus",
                             "fields": [{"name": "mrn", "type": "string", "confluent:tags": ["PHI", "ID"]},
                                        {"name": "ward", "type": "string"},
                                        {"name": "contact", "type": {"type": "record", "name": "Contact", "fields": [
                                            {"name": "phone", "type": "string", "confluent:tags": ["PHI"]}]}}]})
        self.client.register_schema("pt-value", Schema(tagged, "AVRO"))
        self.assertIn('"confluent:tags": ["PHI", "ID"]', self.client.get_latest_version("pt-value").schema.schema_str)
        status, body = self.http("GET", "/subjects/pt-value/versions/latest/tags")
        self.assertEqual((status, body), (200, [{"path": "org.plexus.Patient.mrn", "tags": ["PHI", "ID"]},
                                                {"path": "org.plexus.Contact.phone", "tags": ["PHI"]}]))
        js = json.dumps({"type": "object", "properties": {
            "patient": {"type": "object", "properties": {"name": {"type": "string", "confluent:tags": ["PHI"]}}},
            "codes": {"type": "array", "items": {"type": "string", "confluent:tags": ["LOINC"]}}}})
        self.client.register_schema("lab-value", Schema(js, "JSON"))
        status, body = self.http("GET", "/subjects/lab-value/versions/1/tags")
        self.assertEqual((status, body), (200, [{"path": "patient.name", "tags": ["PHI"]},
                                                {"path": "codes[]", "tags": ["LOINC"]}]))


if __name__ == "__main__":
    unittest.main()

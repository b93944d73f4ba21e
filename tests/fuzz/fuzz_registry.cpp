// libFuzzer target for what the Schema Registry and schema validation read
// from the outside. The first input byte picks what to fuzz; the rest is
// split at the first NUL into a schema text and a payload:
//   0 mod 4: an Avro schema, then an Avro binary datum decoded by it (and
//            the decoded value encoded again, which must succeed)
//   1 mod 4: a JSON Schema, then a JSON instance validated by it
//   2 mod 4: a `_schemas` record (key, value) replayed into a SchemaStore,
//            then a framed value checked by the broker's RecordValidator
//   3 mod 4: a Protobuf schema (.proto text or base64 descriptor), then a
//            framed payload tail (message indexes + message) decoded by it
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "broker/registry/avro_binary.h"
#include "broker/registry/avro_schema.h"
#include "broker/registry/json_schema.h"
#include "broker/registry/record_validator.h"
#include "broker/registry/schema_codec.h"
#include "broker/registry/schema_store.h"
#include "broker/registry/schema_types.h"

using namespace plexus::registry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view all(reinterpret_cast<const char*>(data + 1), size - 1);
    const size_t nul = all.find('\0');
    const std::string_view text = all.substr(0, nul);
    const std::string_view payload = nul == std::string_view::npos ? std::string_view() : all.substr(nul + 1);
    switch (data[0] % 4) {
    case 0: {
        auto schema = parseAvroSchema(text);
        if (!schema) return 0;
        (void)schema.value().canonicalForm();
        (void)checkCompatibility(schema.value(), schema.value());
        auto v = decodeAvroBinary(schema.value(), payload);
        if (v && !encodeAvroBinary(schema.value(), nlohmann::json(v.value()))) abort();  // what decodes must encode
        break;
    }
    case 1: {
        auto schema = json::parse(text);
        if (!schema) return 0;
        (void)json::validate(schema.value(), payload);
        (void)json::checkCompatibility(schema.value(), schema.value());
        break;
    }
    case 2: {
        SchemaStore store(builtinSchemaTypes());
        (void)store.apply({std::string(text), payload.empty() ? std::nullopt : std::optional<std::string>(std::string(payload))});
        RecordValidator validator(store);
        for (auto s : {SubjectStrategy::TopicName, SubjectStrategy::RecordName, SubjectStrategy::TopicRecordName})
            (void)validator.check("t", false, s, payload);
        break;
    }
    case 3: {
        auto schema = PayloadSchema::parse({"PROTOBUF", std::string(text), {}}, {});
        if (!schema) return 0;
        (void)schema.value().recordName(payload);
        (void)schema.value().decode(payload);
        break;
    }
    }
    return 0;
}

#!/usr/bin/env bash
# Builds a fuzz target with clang-14's libFuzzer (plus ASan and UBSan) and
# runs it for a fixed time. Used by ctest (label fuzz) with short runs; run it
# by hand with a longer time for a real campaign:
#   tests/fuzz/run_fuzz.sh SOURCE_DIR BUILD_DIR SECONDS [protocol|registry]
# Targets:
#   protocol  request decoder, record batches, __consumer_offsets formats (fuzz_protocol.cpp)
#   registry  schema parsing, Avro binary, JSON validation, _schemas replay,
#             record validation, Protobuf payloads (fuzz_registry.cpp)
# Every file in tests/fuzz/regressions/<target>/ (crash reproducers) is replayed first.
set -euo pipefail
src=${1:?source dir}
out=${2:?build dir}
secs=${3:-20}
target=${4:-protocol}

for tool in clang++-14; do
  command -v "$tool" >/dev/null || { echo "run_fuzz.sh: '$tool' is missing; install clang-14 and libfuzzer-14-dev (installer/install-deps.sh --test)" >&2; exit 1; }
done
out="$out/$target"
mkdir -p "$out/seeds" "$out/corpus"
bin="$out/fuzz_$target"

case "$target" in
  protocol)
    sources=("$src/tests/fuzz/fuzz_protocol.cpp" "$src"/broker/protocol/*.cpp \
      "$src/broker/groups/offsets_format.cpp" "$src/broker/groups/consumer_protocol.cpp")
    flags=()
    libs=(-lz -lsnappy -llz4 -lzstd)
    # A Metadata v1 request (selector byte 0), ApiVersions v3, and a one-record batch (selector 1).
    printf '\x00\x00\x03\x00\x01\x00\x00\x00\x01\x00\x01c\x00\x00\x00\x01\x00\x01t' > "$out/seeds/metadata"
    printf '\x00\x00\x12\x00\x03\x00\x00\x00\x02\x00\x01c\x00\x02c\x021\x00' > "$out/seeds/apiversions_v3"
    printf '\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x3a\xff\xff\xff\xff\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x01\x10\x00\x00\x00\x02k\x04vw\x02\x02h\x02x' > "$out/seeds/batch"
    ;;
  registry)
    sources=("$src/tests/fuzz/fuzz_registry.cpp" "$src"/broker/registry/*.cpp)
    [[ -f /usr/include/valijson/validator.hpp ]] || { echo "run_fuzz.sh: valijson headers are missing (libvalijson-dev)" >&2; exit 1; }
    flags=()
    libs=(-lprotobuf -lprotoc)
    # Avro record + datum, JSON Schema + instance, a _schemas SCHEMA record, a .proto + message.
    printf '\x00{"type":"record","name":"R","fields":[{"name":"a","type":["null","string"]},{"name":"b","type":{"type":"array","items":"long"}}]}\x00\x02\x06abc\x03\x04\x02\x04\x00' > "$out/seeds/avro"
    printf '\x01{"type":"object","properties":{"a":{"type":"integer","minimum":3}},"required":["a"]}\x00{"a":5}' > "$out/seeds/json"
    printf '\x02{"keytype":"SCHEMA","subject":"t-value","version":1,"magic":1}\x00{"subject":"t-value","version":1,"id":1,"schema":"\\"string\\"","deleted":false}' > "$out/seeds/store"
    printf '\x03syntax = "proto3"; message M { string a = 1; repeated int64 b = 2; }\x00\x00\x0a\x03abc\x12\x02\x01\x02' > "$out/seeds/proto"
    ;;
  *) echo "run_fuzz.sh: unknown target '$target' (protocol or registry)" >&2; exit 1 ;;
esac

if [[ ! -x "$bin" ]] || [[ -n "$(find "${sources[@]}" "$src/broker" -name '*.h' -newer "$bin" 2>/dev/null | head -1)" ]] \
   || [[ -n "$(find "${sources[@]}" -newer "$bin" 2>/dev/null | head -1)" ]]; then
  echo "building $bin"
  clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src" "${flags[@]}" -o "$bin" "${sources[@]}" "${libs[@]}"
fi

regressions="$src/tests/fuzz/regressions/$target"
if [[ -d "$regressions" ]] && compgen -G "$regressions/*" >/dev/null; then
  echo "replaying regressions"
  "$bin" -runs=0 "$regressions"/*
fi

echo "fuzzing for ${secs}s"
"$bin" -artifact_prefix="$out/" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "$out/corpus" "$out/seeds" 2>&1 | tail -25
echo "fuzz_$target: no crash in ${secs}s"

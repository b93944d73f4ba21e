#!/usr/bin/env bash
# Builds the protocol fuzz target with clang-14's libFuzzer (plus ASan and
# UBSan) and runs it for a fixed time. Used by ctest (label fuzz) with a short
# run; run it by hand with a longer time for a real campaign:
#   tests/fuzz/run_fuzz.sh SOURCE_DIR BUILD_DIR SECONDS
# Every file in tests/fuzz/regressions/ (crash reproducers) is replayed first.
set -euo pipefail
src=${1:?source dir}
out=${2:?build dir}
secs=${3:-20}

for tool in clang++-14; do
  command -v "$tool" >/dev/null || { echo "run_fuzz.sh: '$tool' is missing; install clang-14 and libfuzzer-14-dev (installer/install-deps.sh --test)" >&2; exit 1; }
done
mkdir -p "$out/seeds" "$out/corpus"

bin="$out/fuzz_protocol"
sources=("$src/tests/fuzz/fuzz_protocol.cpp" "$src"/broker/protocol/*.cpp \
  "$src/broker/groups/offsets_format.cpp" "$src/broker/groups/consumer_protocol.cpp")
if [[ ! -x "$bin" ]] || [[ -n "$(find "${sources[@]}" "$src/broker/protocol" -newer "$bin" 2>/dev/null | head -1)" ]]; then
  echo "building $bin"
  clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src" -o "$bin" "${sources[@]}" -lz -lsnappy -llz4 -lzstd
fi

# Seeds: a Metadata v1 request (selector byte 0) and a one-record batch (selector 1).
printf '\x00\x00\x03\x00\x01\x00\x00\x00\x01\x00\x01c\x00\x00\x00\x01\x00\x01t' > "$out/seeds/metadata"
printf '\x00\x00\x12\x00\x03\x00\x00\x00\x02\x00\x01c\x00\x02c\x021\x00' > "$out/seeds/apiversions_v3"
printf '\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x3a\xff\xff\xff\xff\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x01\x10\x00\x00\x00\x02k\x04vw\x02\x02h\x02x' > "$out/seeds/batch"

if [[ -d "$src/tests/fuzz/regressions" ]] && compgen -G "$src/tests/fuzz/regressions/*" >/dev/null; then
  echo "replaying regressions"
  "$bin" -runs=0 "$src"/tests/fuzz/regressions/*
fi

echo "fuzzing for ${secs}s"
"$bin" -artifact_prefix="$out/" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "$out/corpus" "$out/seeds" 2>&1 | tail -25
echo "fuzz_protocol: no crash in ${secs}s"

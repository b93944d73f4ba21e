#!/usr/bin/env bash
# Installs the Debian 12 packages Plexus needs to build, run and test.
#   installer/install-deps.sh            build + run dependencies
#   installer/install-deps.sh --test     also the test peers (kcat, python clients, fuzzer)
#   installer/install-deps.sh --bench    also the benchmark tools (fio, jq, redis-server as peer baseline)
# Needs root or sudo. Safe to run repeatedly: apt-get skips what is present.
set -euo pipefail

want_test=0
want_bench=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --bench) want_bench=1 ;;
    *) echo "install-deps.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libleveldb-dev libssl-dev
  libsnappy-dev liblz4-dev libzstd-dev zlib1g-dev
  libcli11-dev libspdlog-dev nlohmann-json3-dev
  librdkafka-dev kcat
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n fonts-dejavu-core
  libqcustomplot-dev libvalijson-dev libprotobuf-dev libprotoc-dev
)
test_pkgs=(
  python3 python3-kafka python3-confluent-kafka python3-requests python3-hl7
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  curl procps iproute2 mount json-schema-test-suite python3-avro python3-jsonschema protobuf-compiler python3-protobuf
)
bench_pkgs=(fio jq curl time redis-server redis-tools)

pkgs=("${build_pkgs[@]}")
if [[ $want_test -eq 1 ]]; then pkgs+=("${test_pkgs[@]}"); fi
if [[ $want_bench -eq 1 ]]; then pkgs+=("${bench_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"

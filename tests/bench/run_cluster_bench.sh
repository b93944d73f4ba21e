#!/usr/bin/env bash
# run_cluster_bench.sh PLEXUSD PERF OUTDIR
#
# The 3-node cluster benchmark (tests/bench/cluster_bench.py): produce
# throughput and latency at RF=3 against RF=1, the time without acknowledged
# writes after the partition leader is killed, and idle CPU with 1,000 RF=3
# partitions. Prints a Markdown summary and writes it to
# OUTDIR/cluster-bench.md; plexus-perf output and node logs go to OUTDIR/raw/.
#
# Never judges timings: exit 0 when everything ran, 1 when a run failed,
# 2 for usage or missing tools. QUICK=1 makes a ~2 minute smoke run; the other
# knobs are listed at the top of cluster_bench.py.
set -uo pipefail
export LC_ALL=C

usage() { echo "usage: $0 PLEXUSD PERF OUTDIR" >&2; exit 2; }
[[ $# -eq 3 ]] || usage
PLEXUSD=$(realpath "$1") || usage
PERF=$(realpath "$2") || usage
OUTDIR=$3
[[ -x $PLEXUSD ]] || { echo "run_cluster_bench: plexusd binary '$1' is not executable" >&2; exit 2; }
[[ -x $PERF ]] || { echo "run_cluster_bench: perf tool '$2' is not executable" >&2; exit 2; }
PYTHON=${PLEXUS_PYTHON:-/usr/bin/python3}
"$PYTHON" -c 'import confluent_kafka, kafka' 2>/dev/null ||
    { echo "run_cluster_bench: $PYTHON lacks confluent_kafka / kafka (run installer/install-deps.sh --test)" >&2; exit 2; }
mkdir -p "$OUTDIR/raw" || exit 2
rm -f "$OUTDIR"/raw/* 2>/dev/null
export PLEXUSD PYTHONDONTWRITEBYTECODE=1
exec "$PYTHON" "$(dirname "$(realpath "$0")")/cluster_bench.py" --perf "$PERF" --out "$OUTDIR"

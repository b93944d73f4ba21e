#!/usr/bin/env bash
# compare_trees.sh OLD_PLEXUSD NEW_PLEXUSD PERF [ROUNDS]
#
# A/B comparison of two plexusd builds on this machine, for a change that
# must not cost throughput or latency: the same measurements as
# run_bench.sh's produce/consume and fixed-rate sections (the same perf
# tool, a fresh node per run), alternating OLD and NEW in every round so
# that drift of the machine hits both alike. Prints, per measurement, the
# median of each build over ROUNDS (default 3) runs, its range, and the
# ratio NEW/OLD. Never judges: exits 0 when every run completed, 1 when one
# failed, 2 for usage.
#
# Knobs: COMPARE_RECORDS=1000000 (100 B records per throughput run),
# COMPARE_E2E_RATE=1000, COMPARE_E2E_SECONDS=5.
set -uo pipefail
export LC_ALL=C
[[ $# -ge 3 ]] || { echo "usage: $0 OLD_PLEXUSD NEW_PLEXUSD PERF [ROUNDS]" >&2; exit 2; }
OLD=$(realpath "$1") NEW=$(realpath "$2") PERF=$(realpath "$3")
ROUNDS=${4:-3}
RECORDS=${COMPARE_RECORDS:-1000000}
E2E_RATE=${COMPARE_E2E_RATE:-1000}
E2E_SECONDS=${COMPARE_E2E_SECONDS:-5}
for b in "$OLD" "$NEW" "$PERF"; do [[ -x $b ]] || { echo "compare_trees: '$b' is not executable" >&2; exit 2; }; done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plexus-compare.XXXXXX")
RESULTS=$WORK/results.txt
: >"$RESULTS"
failed=0
trap 'rm -rf "$WORK"' EXIT

NODE_PID="" KAFKA=""
start() {  # start BINARY DIR
    mkdir -p "$2"
    "$1" --data-dir "$2/data" --kafka-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --registry-addr 127.0.0.1:0 \
        >"$2/stdout" 2>"$2/stderr" &
    NODE_PID=$!
    KAFKA=""
    for _ in $(seq 300); do
        KAFKA=$(awk '$1 == "kafka" { print $2; exit }' "$2/stdout")
        [[ -n $KAFKA ]] && return 0
        sleep 0.1
    done
    echo "compare_trees: $1 did not start: $(tail -3 "$2/stderr")" >&2
    return 1
}
stop() {
    [[ -n $NODE_PID ]] || return 0
    kill -TERM "$NODE_PID" 2>/dev/null
    wait "$NODE_PID" 2>/dev/null
    NODE_PID=""
}
measure() {  # measure LABEL ARGS... -> appends "LABEL key=value..." from the tool's RESULT line
    local label=$1; shift
    local line
    line=$(timeout 600 "$PERF" "$@" --brokers "$KAFKA" --timeout 60 2>"$WORK/err" | grep '^RESULT ' | tail -1)
    if [[ -z $line ]]; then
        echo "compare_trees: $label failed: $(tail -3 "$WORK/err")" >&2
        failed=1
        return 1
    fi
    echo "$label ${line#RESULT }" >>"$RESULTS"
}

for r in $(seq "$ROUNDS"); do
    for which in old new; do
        bin=$OLD; [[ $which == new ]] && bin=$NEW
        dir=$WORK/$which-$r
        start "$bin" "$dir" || { failed=1; stop; continue; }
        measure "$which produce" produce --topic perf --partitions 1 --records "$RECORDS" --record-size 100 --acks 1 --report-interval 1 &&
            measure "$which consume" consume --topic perf --partitions 1 --records "$RECORDS" --report-interval 1
        measure "$which e2e" e2e --topic e2e --partitions 1 --records $((E2E_RATE * E2E_SECONDS)) --record-size 100 \
            --throughput "$E2E_RATE" --linger-ms 0 --acks 1
        stop
        rm -rf "$dir"
        echo "round $r $which done" >&2
    done
done

stat() {  # stat WHICH WHAT KEY -> "median min max"
    grep -E "^$1 $2 " "$RESULTS" | grep -oE " $3=[^ ]+" | cut -d= -f2 | sort -g |
        awk '{ a[NR] = $1 } END { if (NR == 0) { print "NA NA NA"; exit }
             m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1], a[NR] }'
}
echo "| measure | old median (range) | new median (range) | new / old |"
echo "|---|---:|---:|---:|"
row() {  # row TITLE WHAT KEY
    read -r om olo ohi < <(stat old "$2" "$3")
    read -r nm nlo nhi < <(stat new "$2" "$3")
    awk -v t="$1" -v om="$om" -v olo="$olo" -v ohi="$ohi" -v nm="$nm" -v nlo="$nlo" -v nhi="$nhi" 'BEGIN {
        r = (om != "NA" && nm != "NA" && om > 0) ? sprintf("%.3f", nm / om) : "n/a"
        printf "| %s | %s (%s–%s) | %s (%s–%s) | %s |\n", t, om, olo, ohi, nm, nlo, nhi, r }'
}
row "produce 100 B acks=1, records/s" produce rec_per_s
row "consume, records/s" consume rec_per_s
row "fixed rate ${E2E_RATE}/s, produce→consume p50 ms" e2e e2e_p50_ms
row "fixed rate ${E2E_RATE}/s, produce→consume p99 ms" e2e e2e_p99_ms
echo
echo "$ROUNDS rounds, old and new alternating; $RECORDS records per throughput run; $(nproc) cores; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed

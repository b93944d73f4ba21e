#!/usr/bin/env bash
# run_bench.sh PLEXUSD PERF OUTDIR
#
# One benchmark run of a single plexusd node on this machine:
#   - machine / filesystem header
#   - fio sequential-write baselines on the filesystem that holds the data dir
#   - a peer baseline: Redis Streams (XADD of 1 KiB values, AOF appendfsync
#     everysec) from one pipelining client, on the same filesystem
#   - produce throughput + latency (100 B and 1 KiB records, acks=1 and
#     acks=all+idempotent), each repetition against a fresh node, and consume
#     throughput of what was just produced; median of BENCH_REPEATS runs
#   - produce -> consume latency at a fixed, moderate rate
#   - write amplification (/proc/PID/io write_bytes) for 1 and 64 partitions
#   - idle RSS and time-to-serve (empty data dir, and again with data)
# Prints a Markdown summary and writes it to OUTDIR/bench.md; raw tool output,
# RESULT lines and node logs go to OUTDIR/raw/.
#
# The script never judges timings: it exits 0 when everything ran, 1 when a
# run failed (tool error, broker crash or stall, missing records), 2 for usage
# or missing tools.
#
# Knobs (environment):
#   BENCH_REPEATS=3            repetitions per configuration (median reported)
#   BENCH_SMALL_RECORDS=3000000  records for the 100 B runs
#   BENCH_LARGE_RECORDS=1000000  records for the 1 KiB runs
#   BENCH_PARTITIONS=1         partitions of the throughput topics
#   BENCH_E2E_RATE=1000        records/s for the fixed-rate latency runs
#   BENCH_E2E_SECONDS=5        duration of each fixed-rate latency run
#   BENCH_WA_BYTES=200000000   payload bytes produced for write amplification
#   BENCH_WA_WAIT=5            seconds to wait after producing before re-reading write_bytes
#   BENCH_WA_PARTITIONS="1 64" partition counts for write amplification
#   BENCH_TMPDIR=$TMPDIR|/tmp  where data dirs and fio files live (the filesystem under test)
#   BENCH_KEEP=0               1 keeps the data dirs
set -uo pipefail
export LC_ALL=C

usage() { echo "usage: $0 PLEXUSD PERF OUTDIR" >&2; exit 2; }
[[ $# -eq 3 ]] || usage
PLEXUSD=$(realpath "$1") || usage
PERF=$(realpath "$2") || usage
OUTDIR=$3
[[ -x $PLEXUSD ]] || { echo "run_bench: plexusd binary '$1' is not executable" >&2; exit 2; }
[[ -x $PERF ]] || { echo "run_bench: perf tool '$2' is not executable" >&2; exit 2; }
for tool in fio curl jq awk timeout /usr/bin/time df findmnt du sort join mkfifo redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || { echo "run_bench: required tool '$tool' not found (run installer/install-deps.sh --bench)" >&2; exit 2; }
done

REPEATS=${BENCH_REPEATS:-3}
SMALL_RECORDS=${BENCH_SMALL_RECORDS:-3000000}
LARGE_RECORDS=${BENCH_LARGE_RECORDS:-1000000}
PARTITIONS=${BENCH_PARTITIONS:-1}
E2E_RATE=${BENCH_E2E_RATE:-1000}
E2E_SECONDS=${BENCH_E2E_SECONDS:-5}
WA_BYTES=${BENCH_WA_BYTES:-200000000}
WA_WAIT=${BENCH_WA_WAIT:-5}
WA_PARTITIONS=${BENCH_WA_PARTITIONS:-1 64}
PERF_TIMEOUT=600   # hard cap per tool invocation (the tool itself gives up after 60 s without progress)

mkdir -p "$OUTDIR/raw" || exit 2
OUTDIR=$(realpath "$OUTDIR")
RAW=$OUTDIR/raw
rm -f "$RAW"/* 2>/dev/null
RESULTS=$RAW/results.txt
: >"$RESULTS"
WORK=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/plexus-bench.XXXXXX") || exit 2
FAILURES=()
NODE_PID=""
NODE_FD=""
CLK_TCK=$(getconf CLK_TCK)

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
    [[ -n ${REDIS_PID:-} ]] && kill "$REDIS_PID" 2>/dev/null
    if [[ -n $NODE_PID ]] && kill -0 "$NODE_PID" 2>/dev/null; then
        kill -TERM "$NODE_PID" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NODE_PID" 2>/dev/null
    fi
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then
        echo "run_bench: data kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'echo "run_bench: interrupted" >&2; exit 130' INT TERM

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; FAILURES+=("$*"); }
now_s() { echo "$EPOCHREALTIME"; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# ------------------------------------------------------------------ node control

# start_node DIR [--set k=v ...]: starts plexusd on DIR/data; sets NODE_PID,
# NODE_KAFKA, NODE_ADMIN, NODE_TTS_MS (exec -> "kafka"/"admin" lines read),
# NODE_DIR, NODE_LOG. Returns 1 when the node does not come up.
# With NODE_LIFETIME_OUT=FILE the node runs under GNU time, which writes the
# process's lifetime block output (ru_oublock, i.e. /proc/PID/io write_bytes
# / 512, shutdown included) to FILE when it exits.
start_node() {
    NODE_DIR=$1; shift
    mkdir -p "$NODE_DIR"
    NODE_LOG=$NODE_DIR/plexusd.stderr
    local fifo=$NODE_DIR/stdout.fifo
    rm -f "$fifo"; mkfifo "$fifo"
    local t0; t0=$(now_s)
    NODE_WRAPPER=""
    if [[ -n ${NODE_LIFETIME_OUT:-} ]]; then
        /usr/bin/time -o "$NODE_LIFETIME_OUT" -f '%O' \
            "$PLEXUSD" --data-dir "$NODE_DIR/data" --kafka-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --registry-addr 127.0.0.1:0 "$@" \
            >"$fifo" 2>>"$NODE_LOG" &
        NODE_WRAPPER=$!
    else
        "$PLEXUSD" --data-dir "$NODE_DIR/data" --kafka-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0 --registry-addr 127.0.0.1:0 "$@" \
            >"$fifo" 2>>"$NODE_LOG" &
    fi
    NODE_PID=$!
    exec {NODE_FD}<"$fifo"
    NODE_KAFKA=""; NODE_ADMIN=""
    local line
    while [[ -z $NODE_KAFKA || -z $NODE_ADMIN ]]; do
        if ! IFS= read -r -t 30 -u "$NODE_FD" line; then
            fail "plexusd (${NODE_DIR##*/} $*) did not print its listeners within 30 s or exited; stderr: $(tail -5 "$NODE_LOG" | tr '\n' '|')"
            stop_node "${NODE_DIR##*/}"
            return 1
        fi
        case $line in
            "kafka "*) NODE_KAFKA=${line#kafka } ;;
            "admin "*) NODE_ADMIN=${line#admin } ;;
        esac
    done
    local t1; t1=$(now_s)
    NODE_TTS_MS=$(ms_between "$t0" "$t1")
    if [[ -n $NODE_WRAPPER ]]; then
        NODE_PID=$(tr -d ' ' <"/proc/$NODE_WRAPPER/task/$NODE_WRAPPER/children")
    fi
    # shellcheck disable=SC2012  # task ids are numbers
    NODE_THREADS0=$(ls /proc/"$NODE_PID"/task | sort -n | tr '\n' ' ')
    return 0
}

# stop_node [label]: SIGTERM, wait up to 30 s, keep the node's log under raw/.
stop_node() {
    local label=${1:-node}
    [[ -n $NODE_PID ]] || return 0
    local rc=0
    if kill -0 "$NODE_PID" 2>/dev/null; then
        kill -TERM "$NODE_PID" 2>/dev/null
        local i
        for i in $(seq 300); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$NODE_PID" 2>/dev/null; then
            fail "plexusd ($label) still running 30 s after SIGTERM; killed with SIGKILL"
            kill -KILL "$NODE_PID" 2>/dev/null
        fi
    fi
    wait "${NODE_WRAPPER:-$NODE_PID}" 2>/dev/null; rc=$?
    if [[ $rc -ne 0 ]]; then
        fail "plexusd ($label) exited with status $rc; stderr: $(tail -5 "$NODE_LOG" | tr '\n' '|')"
    fi
    [[ -n $NODE_FD ]] && exec {NODE_FD}<&-
    cp "$NODE_LOG" "$RAW/node-$label.log" 2>/dev/null
    NODE_PID=""; NODE_FD=""; NODE_WRAPPER=""
    return 0
}

node_alive() { [[ -n $NODE_PID ]] && kill -0 "$NODE_PID" 2>/dev/null; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' /proc/"$NODE_PID"/status 2>/dev/null; }
# anonymous RSS: VmRSS also counts pages of LevelDB table files it has mmapped
rss_anon_kb() { awk '/^RssAnon:/ { print $2 }' /proc/"$NODE_PID"/status 2>/dev/null; }
io_field() { awk -v k="$1:" '$1 == k { print $2 }' /proc/"$NODE_PID"/io 2>/dev/null; }
proc_ticks() {  # utime+stime of a /proc/.../stat file
    local s; s=$(<"$1") || return 1
    s=${s##*) }
    # shellcheck disable=SC2086
    set -- $s
    echo $(( ${12} + ${13} ))
}
# thread_snapshot: "tid ticks" per thread of the node
thread_snapshot() {
    local t
    for t in /proc/"$NODE_PID"/task/*; do
        local k; k=$(proc_ticks "$t/stat" 2>/dev/null) || continue
        echo "${t##*/} $k"
    done
}
# thread_label TID: by creation order at start: main (asio I/O + request
# handling, fetch reads included), storage workers (append + fsync),
# housekeeper; threads created later belong to libleveldb (its one
# background thread flushes memtables and compacts).
thread_label() {
    local tid=$1
    local -a arr
    read -r -a arr <<<"$NODE_THREADS0"
    local n=${#arr[@]} i
    for ((i = 0; i < n; i++)); do
        if [[ ${arr[i]} == "$tid" ]]; then
            if ((i == 0)); then echo main-io
            elif ((i == n - 1)); then echo housekeeper
            else echo "storage-$i"; fi
            return
        fi
    done
    echo "leveldb-bg"
}
metric() {  # metric NAME TOPIC -> value (empty when absent)
    curl -sf --max-time 5 "http://$NODE_ADMIN/metrics" |
        awk -v key="$1{topic=\"$2\"}" '$1 == key { print $2 }'
}

# ------------------------------------------------------------------ perf runs

# run_perf LABEL ARGS...: runs the perf tool against the current node and
# appends "LABEL RESULT..." (plus node/client CPU) to $RESULTS. Returns the
# tool's status.
run_perf() {
    local label=$1; shift
    local out=$RAW/$label.out err=$RAW/$label.err tm=$RAW/$label.time
    local node_t0 node_t1 snap0 snap1 rc
    node_t0=$(proc_ticks /proc/"$NODE_PID"/stat)
    snap0=$(thread_snapshot)
    /usr/bin/time -o "$tm" -f '%e %U %S %M' timeout "$PERF_TIMEOUT" \
        "$PERF" "$@" --brokers "$NODE_KAFKA" --timeout 60 >"$out" 2>"$err"
    rc=$?
    if ! node_alive; then
        fail "$label: plexusd died during the run; its stderr: $(tail -5 "$NODE_LOG" | tr '\n' '|')"
        rc=1
    fi
    node_t1=$(proc_ticks /proc/"$NODE_PID"/stat 2>/dev/null || echo "$node_t0")
    snap1=$(thread_snapshot)
    local wall user sys maxrss
    read -r wall user sys maxrss < <(tail -1 "$tm")
    local node_pct client_pct
    node_pct=$(awk -v d=$((node_t1 - node_t0)) -v hz="$CLK_TCK" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0) ? 100 * d / hz / w : 0 }')
    client_pct=$(awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0) ? 100 * (u + s) / w : 0 }')
    # per-thread CPU of the node over the run
    {
        echo "# $label: node CPU per thread over ${wall}s (100% = one core)"
        join <(echo "$snap0" | sort -k1,1) <(echo "$snap1" | sort -k1,1) -a 2 -e 0 -o 0,1.2,2.2 |
            while read -r tid a b; do
                printf '%-14s tid=%-8s %5.0f%%\n' "$(thread_label "$tid")" "$tid" \
                    "$(awk -v d=$((b - a)) -v hz="$CLK_TCK" -v w="$wall" 'BEGIN { print (w > 0) ? 100 * d / hz / w : 0 }')"
            done
    } >"$RAW/$label.threads"
    local top_thread
    top_thread=$(grep -v '^#' "$RAW/$label.threads" | sort -k3 -g -r | head -1 | awk '{ sub("%", "", $3); print $1 ":" $3 }')
    local result
    result=$(grep '^RESULT ' "$out" | tail -1)
    if [[ $rc -ne 0 || -z $result ]]; then
        [[ $rc -eq 124 ]] && fail "$label: perf tool killed after ${PERF_TIMEOUT}s (stall)"
        fail "$label: perf tool exit $rc: $(grep -v '^  progress' "$err" | tail -4 | tr '\n' '|') node stderr: $(tail -3 "$NODE_LOG" | tr '\n' '|')"
        rc=1
    fi
    [[ -n $result ]] || result="RESULT ok=0"
    echo "$label $result node_cpu_pct=$node_pct top_thread=$top_thread client_cpu_pct=$client_pct client_maxrss_mb=$((maxrss / 1024)) wall_s=$wall" >>"$RESULTS"
    log "  $label: $(echo "$result" | grep -oE '(rec_per_s|mb_per_s|p50_ms|p99_ms|e2e_p50_ms|e2e_p99_ms)=[^ ]*' | tr '\n' ' ')node_cpu=${node_pct}% ($top_thread) client_cpu=${client_pct}%"
    return $rc
}

# agg PATTERN KEY -> "median min max" of KEY over result lines whose label matches PATTERN (ERE)
agg() {
    grep -E "^$1 " "$RESULTS" | grep -oE " $2=[^ ]+" | cut -d= -f2 | sort -g |
        awk '{ a[NR] = $1 } END {
            if (NR == 0) { print "NA NA NA"; exit }
            m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
            print m, a[1], a[NR] }'
}
med() { agg "$1" "$2" | awk '{ print $1 }'; }
fmt() {  # fmt VALUE PRINTF-FORMAT: NA-safe
    [[ $1 == NA || -z $1 ]] && { echo "n/a"; return; }
    awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'
}
range() {  # range PATTERN KEY FORMAT -> "median (min–max)"
    local m lo hi
    read -r m lo hi < <(agg "$1" "$2")
    [[ $m == NA ]] && { echo "n/a"; return; }
    if [[ $REPEATS -gt 1 ]]; then echo "$(fmt "$m" "$3") ($(fmt "$lo" "$3")–$(fmt "$hi" "$3"))"
    else fmt "$m" "$3"; fi
}

# ------------------------------------------------------------------ header

DATA_FS=$(df -PTh "$WORK" | awk 'NR == 2 { print $1 " " $2 ", " $3 " total, " $5 " free, mounted on " $7 }')
MOUNT_OPTS=$(findmnt -n -o OPTIONS -T "$WORK" | head -1)
DEV=$(df -P "$WORK" | awk 'NR == 2 { print $1 }')
DEV_BASE=$(basename "$(realpath "$DEV" 2>/dev/null || echo "$DEV")")
ROTA=$(cat /sys/block/"$DEV_BASE"/queue/rotational 2>/dev/null || echo "?")
SCHED=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/block/"$DEV_BASE"/queue/scheduler 2>/dev/null)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
NPROC=$(nproc)
MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
KERNEL=$(uname -sr)
PLEXUS_VERSION=$("$PLEXUSD" --version 2>&1 | head -1)
RDKAFKA_VERSION=$("$PERF" --version 2>/dev/null | sed -n 's/.*librdkafka \([^)]*\)).*/\1/p')
GIT_REV=$(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$(dirname "$0")" status --porcelain 2>/dev/null | head -1) ]]; then GIT_REV="$GIT_REV (dirty)"; fi
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# Other load on the machine skews every number below; measure it up front.
cpu_busy_pct() {  # CPU busy % (all CPUs) over $1 seconds, from /proc/stat
    local a b
    a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
    sleep "$1"
    b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); busy = y[1] - x[1]; idle = y[2] - x[2];
        printf "%.0f", (busy + idle > 0) ? 100 * busy / (busy + idle) : 0 }'
}
BUSY_BEFORE=$(cpu_busy_pct 2)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

[[ $BUSY_BEFORE -gt 10 ]] && log "WARNING: the machine is already ${BUSY_BEFORE}% busy; results will be skewed"
HEADER=$(cat <<EOF
Plexus benchmark, $STARTED
  plexusd:     $PLEXUS_VERSION, git $GIT_REV
  librdkafka:  ${RDKAFKA_VERSION:-?}
  CPU:         $NPROC x $CPU_MODEL
  memory:      $MEM
  kernel:      $KERNEL
  data dir:    $WORK
  filesystem:  $DATA_FS
  mount opts:  $MOUNT_OPTS
  block dev:   $DEV_BASE rotational=$ROTA scheduler=${SCHED:-?}
  other load:  ${BUSY_BEFORE}% CPU busy over 2 s before starting; loadavg $LOAD_BEFORE
  note:        client and broker share these $NPROC CPUs (loopback)
EOF
)
echo "$HEADER"
echo "$HEADER" >"$RAW/header.txt"

# ------------------------------------------------------------------ fio baselines

log "fio baselines in $WORK/fio"
mkdir -p "$WORK/fio"
fio_run() {  # fio_run NAME ARGS... -> writes $RAW/fio-NAME.json
    local name=$1; shift
    if ! fio --name="$name" --directory="$WORK/fio" --filename="$name.dat" --rw=write --ioengine=psync \
            --direct=0 --output-format=json "$@" >"$RAW/fio-$name.json" 2>"$RAW/fio-$name.err"; then
        fail "fio $name: $(tail -3 "$RAW/fio-$name.err" | tr '\n' '|')"
        return 1
    fi
    rm -f "$WORK/fio/$name.dat"
}
fio_mbps() { jq -r '.jobs[0].write.bw_bytes / 1e6' "$RAW/fio-$1.json" 2>/dev/null || echo NA; }
fio_iops() { jq -r '.jobs[0].write.iops' "$RAW/fio-$1.json" 2>/dev/null || echo NA; }
fio_sync_pct() { jq -r ".jobs[0].sync.lat_ns.percentile[\"$2\"] / 1e6" "$RAW/fio-$1.json" 2>/dev/null || echo NA; }

fio_run seq-buffered --bs=1M --size=512M --end_fsync=1
fio_run seq-fdatasync-64k --bs=64k --size=256M --fdatasync=1 --runtime=20
fio_run fdatasync-4k --bs=4k --size=64M --fdatasync=1 --runtime=5
FIO_BUF=$(fio_mbps seq-buffered)
FIO_SYNC64=$(fio_mbps seq-fdatasync-64k)
FIO_SYNC4_IOPS=$(fio_iops fdatasync-4k)
FIO_SYNC4_MB=$(fio_mbps fdatasync-4k)
FIO_SYNC64_P50=$(fio_sync_pct seq-fdatasync-64k 50.000000)
FIO_SYNC64_P99=$(fio_sync_pct seq-fdatasync-64k 99.000000)
FIO_SYNC4_P50=$(fio_sync_pct fdatasync-4k 50.000000)
FIO_SYNC4_P99=$(fio_sync_pct fdatasync-4k 99.000000)
log "  fio: buffered 1M+fsync $(fmt "$FIO_BUF" %.0f) MB/s; 64k+fdatasync $(fmt "$FIO_SYNC64" %.1f) MB/s (fdatasync p50 $(fmt "$FIO_SYNC64_P50" %.2f) ms); 4k+fdatasync $(fmt "$FIO_SYNC4_IOPS" %.0f) writes/s (fdatasync p50 $(fmt "$FIO_SYNC4_P50" %.2f) ms)"

# ------------------------------------------------------------------ Redis Streams baseline

REDIS_PID=""
REDIS_MB=()
REDIS_OPS=()
redis_run() {  # one XADD run against a fresh redis-server with AOF everysec
    local dir=$WORK/redis port
    rm -rf "$dir"; mkdir -p "$dir"
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --appendfsync everysec \
            --save "" --daemonize no >"$RAW/redis-$1.log" 2>&1 &
        REDIS_PID=$!
        for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; REDIS_PID=""
    done
    [[ -n $REDIS_PID ]] || { fail "redis-server did not start"; return; }
    local value out rps
    value=$(head -c 1024 /dev/zero | tr '\0' 'x')
    out=$(redis-benchmark -p "$port" -c 1 -P 64 -n "${BENCH_REDIS_RECORDS:-300000}" -q XADD plexus-bench '*' v "$value" 2>&1 | tr '\r' '\n' | grep 'requests per second' | tail -1)
    rps=$(sed -E 's/.*: ([0-9.]+) requests per second.*/\1/' <<<"$out")
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1
    wait "$REDIS_PID" 2>/dev/null; REDIS_PID=""
    if [[ ! $rps =~ ^[0-9.]+$ ]]; then fail "redis-benchmark: ${out:-no output}"; return; fi
    REDIS_OPS+=("$rps")
    REDIS_MB+=("$(awk -v r="$rps" 'BEGIN { printf "%.1f", r * 1024 / 1e6 }')")
    echo "redis-xadd-r$1 rec_per_s=$rps mb_per_s=${REDIS_MB[-1]}" >>"$RESULTS"
    log "  redis XADD 1 KiB r$1: $rps/s, ${REDIS_MB[-1]} MB/s"
}
log "Redis Streams baseline"
for r in $(seq "$REPEATS"); do redis_run "$r"; done
rm -rf "$WORK/redis"

# ------------------------------------------------------------------ idle node: RSS, time-to-serve

log "idle node"
TTS=(); RSS_IDLE=(); RSS_IDLE_ANON=(); SERVING_LOG=""
for r in $(seq "$REPEATS"); do
    if start_node "$WORK/idle-$r"; then
        TTS+=("$NODE_TTS_MS")
        SERVING_LOG=$(grep -oE 'serving in [0-9.]+ ms' "$NODE_LOG" | head -1)
        sleep 1
        RSS_IDLE+=("$(rss_kb)")
        RSS_IDLE_ANON+=("$(rss_anon_kb)")
        stop_node "idle-$r"
    fi
done
med_list() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "NA"; exit } print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
TTS_MED=$(med_list "${TTS[@]}")
RSS_IDLE_MED=$(med_list "${RSS_IDLE[@]}")
RSS_IDLE_ANON_MED=$(med_list "${RSS_IDLE_ANON[@]}")
log "  time-to-serve ${TTS[*]} ms (node's own log: $SERVING_LOG), idle RSS ${RSS_IDLE[*]} KiB (anon ${RSS_IDLE_ANON[*]})"

# ------------------------------------------------------------------ throughput matrix

SIZES=(100 1024)
declare -A RECORDS_FOR=([100]=$SMALL_RECORDS [1024]=$LARGE_RECORDS)
ACKS_MODES=("1" "all-idem")
acks_args() { if [[ $1 == all-idem ]]; then echo "--acks all --idempotent"; else echo "--acks $1"; fi; }

log "produce/consume: sizes ${SIZES[*]}, acks ${ACKS_MODES[*]}, $PARTITIONS partition(s), $REPEATS repetitions, fresh node each"
for r in $(seq "$REPEATS"); do
    for size in "${SIZES[@]}"; do
        for acks in "${ACKS_MODES[@]}"; do
            cfg="s$size-a$acks"
            n=${RECORDS_FOR[$size]}
            start_node "$WORK/$cfg-r$r" --set "num.partitions=$PARTITIONS" || continue
            # shellcheck disable=SC2046
            run_perf "produce-$cfg-r$r" produce --topic perf --partitions "$PARTITIONS" --records "$n" \
                --record-size "$size" $(acks_args "$acks") --report-interval 1
            prc=$?
            if [[ $prc -eq 0 ]]; then
                run_perf "consume-$cfg-r$r" consume --topic perf --partitions "$PARTITIONS" --records "$n" --report-interval 1
            fi
            echo "produce-$cfg-r$r node_rss_kb=$(rss_kb)" >>"$RAW/rss.txt"
            stop_node "$cfg-r$r"
            rm -rf "$WORK/$cfg-r$r"
        done
    done
done

# ------------------------------------------------------------------ fixed-rate latency

E2E_RECORDS=$((E2E_RATE * E2E_SECONDS))
log "e2e latency: $E2E_RECORDS x 100 B at $E2E_RATE rec/s, linger.ms=0"
for r in $(seq "$REPEATS"); do
    for acks in "${ACKS_MODES[@]}"; do
        start_node "$WORK/e2e-$acks-r$r" --set "num.partitions=$PARTITIONS" || continue
        # shellcheck disable=SC2046
        run_perf "e2e-a$acks-r$r" e2e --topic e2e --partitions "$PARTITIONS" --records "$E2E_RECORDS" \
            --record-size 100 --throughput "$E2E_RATE" --linger-ms 0 $(acks_args "$acks")
        stop_node "e2e-$acks-r$r"
        rm -rf "$WORK/e2e-$acks-r$r"
    done
done

# ------------------------------------------------------------------ write amplification
#
# write_bytes counts bytes the process caused to be written to storage. Bytes
# still in a partition's memtable when the node stops are written when the
# next start replays its log, so each node is restarted on its data and the
# restart's write_bytes are reported too (recovery), with the read-back of
# the data and the time-to-serve / RSS of a node holding that data.

WA_RECORDS=$(( (WA_BYTES + 1023) / 1024 ))
declare -A WA_ROW TTS_DATA RSS_DATA RSS_ANON_DATA SERVING_DATA
lifetime_bytes() { awk 'NF == 1 && $1 ~ /^[0-9]+$/ { v = $1 } END { if (v == "") print "NA"; else print v * 512 }' "$1" 2>/dev/null || echo NA; }
# sticky.partitioning.linger.ms=0: records without keys go to a random
# partition each, so all partitions get data (the sticky default would fill a
# handful of partitions one after the other).
log "write amplification: $WA_RECORDS x 1 KiB records, acks=all, records spread over all partitions; partitions: $WA_PARTITIONS"
for p in $WA_PARTITIONS; do
    dir=$WORK/wa-$p
    NODE_LIFETIME_OUT=$RAW/wa-p$p.lifetime start_node "$dir" --set "num.partitions=$p" || continue
    # create the topic first (1 record), so topic creation is outside the measurement
    run_perf "wa-create-p$p" produce --topic wa --partitions "$p" --records 1 --record-size 1024 --acks all ||
        { stop_node "wa-$p"; continue; }
    sleep 1
    b0=$(metric plexus_topic_bytes_in_total wa); w0=$(io_field write_bytes); c0=$(io_field cancelled_write_bytes)
    run_perf "wa-p$p" produce --topic wa --partitions "$p" --records "$WA_RECORDS" --record-size 1024 --acks all \
        -X sticky.partitioning.linger.ms=0 --report-interval 1
    w1=$(io_field write_bytes); b1=$(metric plexus_topic_bytes_in_total wa)
    sleep "$WA_WAIT"
    w2=$(io_field write_bytes); c2=$(io_field cancelled_write_bytes)
    rss_after=$(rss_kb); rss_anon_after=$(rss_anon_kb)
    # partitions that received data (high watermark beyond the creation record)
    used=$(curl -sf --max-time 5 "http://$NODE_ADMIN/metrics" |
        awk '$1 ~ /^plexus_partition_high_watermark\{topic="wa",/ && $2 > 1 { n++ } END { print n + 0 }')
    stop_node "wa-$p"
    life=$(lifetime_bytes "$RAW/wa-p$p.lifetime")
    [[ $life == NA ]] && life=$((w2))  # lifetime unavailable: no shutdown writes known
    du_bytes=$(du -sb "$dir/data" | awk '{ print $1 }')
    # restart on the same data
    wr=NA
    if NODE_LIFETIME_OUT=$RAW/wa-p$p-restart.lifetime start_node "$dir" --set "num.partitions=$p"; then
        TTS_DATA[$p]=$NODE_TTS_MS
        SERVING_DATA[$p]=$(grep -oE 'serving in [0-9.]+ ms' "$NODE_LOG" | tail -1)
        sleep "$WA_WAIT"
        RSS_DATA[$p]=$(rss_kb); RSS_ANON_DATA[$p]=$(rss_anon_kb)
        run_perf "wa-readback-p$p" consume --topic wa --partitions "$p" --records "$((WA_RECORDS + 1))" --report-interval 1
        stop_node "wa-$p-restart"
        wr=$(lifetime_bytes "$RAW/wa-p$p-restart.lifetime")
    fi
    du2_bytes=$(du -sb "$dir/data" | awk '{ print $1 }')
    payload=$((WA_RECORDS * 1024))
    batch=$(( ${b1:-0} - ${b0:-0} ))
    WA_ROW[$p]="$payload $batch $((w1 - w0)) $((w2 - w0)) $((life - w0)) $wr $du_bytes $du2_bytes $rss_after $used $rss_anon_after"
    echo "wa-p$p payload_bytes=$payload batch_bytes=$batch write_bytes_at_ack=$((w1 - w0)) write_bytes_after_${WA_WAIT}s=$((w2 - w0)) write_bytes_through_shutdown=$((life - w0)) cancelled_write_bytes=$((c2 - c0)) restart_lifetime_write_bytes=$wr data_dir_bytes=$du_bytes data_dir_bytes_after_restart=$du2_bytes rss_kb=$rss_after rss_anon_kb=$rss_anon_after partitions_with_data=$used tts_restart_ms=${TTS_DATA[$p]:-} rss_restart_kb=${RSS_DATA[$p]:-} rss_anon_restart_kb=${RSS_ANON_DATA[$p]:-}" >>"$RESULTS"
    log "  $p partition(s) ($used with data): batches $batch B; write_bytes +$((w1 - w0)) at ack, +$((w2 - w0)) after ${WA_WAIT}s, +$((life - w0)) through shutdown, restart wrote $wr; data dir $du_bytes B; restart served after ${TTS_DATA[$p]:-?} ms (${SERVING_DATA[$p]:-?}), RSS ${RSS_DATA[$p]:-?} KiB (anon ${RSS_ANON_DATA[$p]:-?})"
    rm -rf "$dir"
done

# ------------------------------------------------------------------ summary

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }'; }

{
    echo "## Plexus single-node benchmark"
    echo
    echo "Run $STARTED with \`tests/bench/run_bench.sh\`; $PLEXUS_VERSION (git $GIT_REV), librdkafka ${RDKAFKA_VERSION:-?}."
    echo "Machine: $NPROC vCPU $CPU_MODEL, $MEM RAM, $KERNEL; data dir on $DATA_FS (rotational=$ROTA, scheduler ${SCHED:-?})."
    echo "Client and broker share the machine (loopback). MB = 10^6 bytes of record payload. Medians of $REPEATS runs, (min–max) in brackets."
    echo "Other load: ${BUSY_BEFORE}% CPU busy before the run (loadavg $LOAD_BEFORE), loadavg $(cut -d' ' -f1-3 /proc/loadavg) at the end; started $STARTED, took $((SECONDS / 60)) min $((SECONDS % 60)) s."
    echo
    echo "### Disk baseline (fio, same filesystem as the data dir)"
    echo
    echo "| fio job | MB/s | writes/s | fdatasync p50 / p99 |"
    echo "|---|---:|---:|---:|"
    echo "| sequential 1 MiB writes, buffered, fsync at end (512 MiB) | $(fmt "$FIO_BUF" %.0f) | | |"
    echo "| sequential 64 KiB writes, fdatasync after each | $(fmt "$FIO_SYNC64" %.1f) | $(fmt "$(fio_iops seq-fdatasync-64k)" %.0f) | $(fmt "$FIO_SYNC64_P50" %.2f) / $(fmt "$FIO_SYNC64_P99" %.2f) ms |"
    echo "| 4 KiB writes, fdatasync after each | $(fmt "$FIO_SYNC4_MB" %.2f) | $(fmt "$FIO_SYNC4_IOPS" %.0f) | $(fmt "$FIO_SYNC4_P50" %.2f) / $(fmt "$FIO_SYNC4_P99" %.2f) ms |"
    echo
    REDIS_MED=$(printf '%s\n' "${REDIS_MB[@]}" | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "NA"; exit } print a[int((NR + 1) / 2)] }')
    PLEXUS_1K_ALL=$(med "produce-s1024-aall-idem-r[0-9]+" mb_per_s)
    echo "### Peer baseline: Redis Streams (same run, same filesystem)"
    echo
    echo "redis-server $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -d= -f2), appendonly yes, appendfsync everysec; redis-benchmark, 1 client pipelining 64, XADD of a 1 KiB value."
    echo "Redis acknowledges before its fsync (everysec); Plexus below fsyncs before every acknowledgement."
    echo
    echo "| system | records/s | MB/s | Plexus 1 KiB acks=all ÷ this |"
    echo "|---|---:|---:|---:|"
    echo "| Redis Streams XADD 1 KiB | $(printf '%s\n' "${REDIS_OPS[@]}" | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else printf "%.0f", a[int((NR + 1) / 2)] }') | $(fmt "$REDIS_MED" %.1f) ($(printf '%s\n' "${REDIS_MB[@]}" | sort -g | head -1)–$(printf '%s\n' "${REDIS_MB[@]}" | sort -g | tail -1)) | $(ratio "$PLEXUS_1K_ALL" "$REDIS_MED") |"
    echo
    echo "### Produce (log.flush.mode=fsync, $PARTITIONS partition(s), fresh node per run)"
    echo
    echo "linger.ms=5, batch.size=1000000, queue.buffering.max.messages=2000000, queue.buffering.max.kbytes=262144, no compression, random payload."
    echo "Latency is produce() → delivery report with the producer unthrottled, so it is dominated by time queued in the client."
    echo "CPU columns: % of one core over the whole tool invocation (busiest node thread: see raw/*.threads; main-io also serves fetches, storage-N append + fsync, leveldb-bg flushes memtables)."
    echo
    echo "| record | acks | records | records/s | MB/s | ÷ fio buffered | ÷ fio 64k fdatasync | p50 ms | p99 ms | node CPU | busiest node thread | client CPU |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    for size in "${SIZES[@]}"; do
        for acks in "${ACKS_MODES[@]}"; do
            pat="produce-s$size-a$acks-r[0-9]+"
            m=$(med "$pat" mb_per_s)
            label=$acks; [[ $acks == all-idem ]] && label="all, idempotent"
            top=$(grep -E "^$pat " "$RESULTS" | grep -oE 'top_thread=[^ ]+' | cut -d= -f2 | sort | uniq -c | sort -rn | head -1 | awk '{ print $2 }')
            echo "| $size B | $label | ${RECORDS_FOR[$size]} | $(range "$pat" rec_per_s %.0f) | $(range "$pat" mb_per_s %.1f) | $(ratio "$m" "$FIO_BUF") | $(ratio "$m" "$FIO_SYNC64") | $(fmt "$(med "$pat" p50_ms)" %.0f) | $(fmt "$(med "$pat" p99_ms)" %.0f) | $(fmt "$(med "$pat" node_cpu_pct)" %.0f)% | $([[ -n $top ]] && echo "${top/:/ }%" || echo n/a) | $(fmt "$(med "$pat" client_cpu_pct)" %.0f)% |"
        done
    done
    echo
    echo "### Consume (from offset 0 right after the produce run, no consumer group)"
    echo
    echo "| record | written with acks | records/s | MB/s | node CPU | client CPU |"
    echo "|---:|---|---:|---:|---:|---:|"
    for size in "${SIZES[@]}"; do
        for acks in "${ACKS_MODES[@]}"; do
            pat="consume-s$size-a$acks-r[0-9]+"
            label=$acks; [[ $acks == all-idem ]] && label="all, idempotent"
            echo "| $size B | $label | $(range "$pat" rec_per_s %.0f) | $(range "$pat" mb_per_s %.1f) | $(fmt "$(med "$pat" node_cpu_pct)" %.0f)% | $(fmt "$(med "$pat" client_cpu_pct)" %.0f)% |"
        done
    done
    echo
    echo "### Latency at a fixed rate ($E2E_RATE records/s of 100 B for ${E2E_SECONDS}s, $PARTITIONS partition(s), linger.ms=0)"
    echo
    echo "Producer and consumer in one process; produce→consume uses a timestamp carried in the record value."
    echo
    echo "| acks | produce→ack p50 | p99 | max | produce→consume p50 | p99 | max |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for acks in "${ACKS_MODES[@]}"; do
        pat="e2e-a$acks-r[0-9]+"
        label=$acks; [[ $acks == all-idem ]] && label="all, idempotent"
        echo "| $label | $(fmt "$(med "$pat" ack_p50_ms)" %.2f) ms | $(fmt "$(med "$pat" ack_p99_ms)" %.2f) ms | $(fmt "$(med "$pat" ack_max_ms)" %.2f) ms | $(fmt "$(med "$pat" e2e_p50_ms)" %.2f) ms | $(fmt "$(med "$pat" e2e_p99_ms)" %.2f) ms | $(fmt "$(med "$pat" e2e_max_ms)" %.2f) ms |"
    done
    echo
    echo "### Write amplification ($WA_RECORDS × 1 KiB records, acks=all, spread over all partitions)"
    echo
    echo "Bytes the node wrote (/proc/PID/io write_bytes; through shutdown and for the restart: the process's lifetime ru_oublock)"
    echo "÷ record-batch bytes appended (plexus_topic_bytes_in_total; payload $(mb "$((WA_RECORDS * 1024))") MB). WA in brackets."
    echo "\"restart\" = what the next start writes while recovering that data (LevelDB memtables still in the write-ahead log)."
    echo
    echo "| partitions (with data) | produce MB/s | batch MB | written at last ack | after ${WA_WAIT}s | through shutdown | restart | total | data dir MB |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for p in $WA_PARTITIONS; do
        [[ -n ${WA_ROW[$p]:-} ]] || { echo "| $p | failed | | | | | | | |"; continue; }
        read -r _ batch wi wa wl wr du _ _ used _ <<<"${WA_ROW[$p]}"
        tot=NA; [[ $wr != NA ]] && tot=$((wl + wr))
        cell() { if [[ $1 == NA ]]; then echo "n/a"; else echo "$(mb "$1") MB ($(ratio "$1" "$batch"))"; fi; }
        echo "| $p ($used) | $(fmt "$(med "wa-p$p" mb_per_s)" %.1f) | $(mb "$batch") | $(cell "$wi") | $(cell "$wa") | $(cell "$wl") | $(cell "$wr") | $(cell "$tot") | $(mb "$du") |"
    done
    for p in $WA_PARTITIONS; do
        [[ -n ${WA_ROW[$p]:-} ]] || continue
        read -r _ _ _ _ _ _ _ _ rss _ anon <<<"${WA_ROW[$p]}"
        echo
        echo "Node RSS ${WA_WAIT}s after producing into $p partition(s): $((rss / 1024)) MiB ($((${anon:-0} / 1024)) MiB anonymous)."
    done
    echo
    echo "### Node footprint"
    echo
    echo "| measure | value |"
    echo "|---|---:|"
    echo "| time-to-serve, empty data dir (exec → \`kafka\` line printed; median of ${#TTS[@]}) | $(fmt "$TTS_MED" %.1f) ms |"
    echo "| idle RSS after start, empty data dir (anonymous) | $(fmt "$RSS_IDLE_MED" %.0f) KiB ($(fmt "$RSS_IDLE_ANON_MED" %.0f) KiB) |"
    for p in $WA_PARTITIONS; do
        [[ -n ${TTS_DATA[$p]:-} ]] || continue
        echo "| time-to-serve with $(mb "$((WA_RECORDS * 1024))") MB in $p partition(s) | ${TTS_DATA[$p]} ms |"
        echo "| RSS ${WA_WAIT}s after that start (anonymous; the rest is mmapped table files) | $(( ${RSS_DATA[$p]:-0} / 1024 )) MiB ($(( ${RSS_ANON_DATA[$p]:-0} / 1024 )) MiB) |"
        echo "| read-back of that data after the restart | $(fmt "$(med "wa-readback-p$p" mb_per_s)" %.1f) MB/s |"
    done
    if [[ ${#FAILURES[@]} -gt 0 ]]; then
        echo
        echo "### Failures"
        echo
        for f in "${FAILURES[@]}"; do echo "- $f"; done
    fi
} >"$OUTDIR/bench.md"

echo
cat "$OUTDIR/bench.md"
echo
echo "raw results: $RESULTS; per-run logs and per-thread CPU: $RAW/"
if [[ ${#FAILURES[@]} -gt 0 ]]; then
    echo "run_bench: ${#FAILURES[@]} failure(s); see above" >&2
    exit 1
fi
exit 0

#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Throughput, CPU per operation and heap of slab-memcached beside the real memcached, on 127.0.0.1.
#
# 1. Throughput: starts memcached and our server with the same -m and -t, then loads them in turn with memcaslap
#    (90% get, 10% set, memcaslap's own 64-byte keys, a 1k-key window per connection so every key fits), a warm-up
#    run each, then alternating memcached, ours, memcached, ours, ... for 100-byte values and then 1,000-byte
#    values. Each run counts only successful operations: the server's own count of gets that found their item and
#    sets it stored (get_hits and total_items of "stats" before and after the run), over memcaslap's run time. Its
#    CPU time per successful operation is the server process's utime + stime over the run (/proc/PID/stat). Prints
#    both for every run, their medians and the ratios ours/memcached.
#    Every run, warm-ups included, is checked, and the script exits 1 naming the run and the rule when any fails:
#    - memcaslap printed no error reply (it prints each CLIENT_ERROR, SERVER_ERROR, ERROR, NOT_STORED and EXISTS
#      it reads) and no failed set or verification;
#    - the server's cmd_get + cmd_set is memcaslap's Ops, less at most one command per connection still in flight
#      when memcaslap stopped (a command refused before the store, or a reply memcaslap could not read, shows here);
#    - every set counted was stored (total_items grew by cmd_set) and every get counted was a hit or a miss.
#    Get misses are reported and not counted as successes.
#    With --floor, a third server joins each value length's runs: the transport floor (java/NettyFloor.java), our
#    jar's own Netty set up as our server sets it up (epoll, -t event loops, the same JVM options), answering the
#    same traffic with no store and the least protocol work: every get a hit on one constant value, every set's data
#    skipped. It is what our server would cost if its store and protocol code were free, so a target the floor
#    alone misses is out of reach of the transport. It gets its own warm-up and takes its turn in the alternation
#    (memcached, ours, floor, memcached, ...) under the same checks, which its stats pass by counting every
#    command; the script prints its runs, its median and the ratios ours/floor and floor/memcached. Not with
#    --verify: the floor's constant value is not the one memcaslap set.
# 2. Heap: loads 1,000,000 items of 100 bytes into our server (LoadItems.java checks every reply and curr_items),
#    runs a full GC and reads the heap used (jcmd GC.heap_info); does the same for a ConcurrentHashMap<String,
#    byte[]> holding the same items (MapHeap.java), and for both when empty.
#
# Options (defaults in brackets): --memory MiB [1024], --threads N server threads [4], --runs N per server [3],
# --time memcaslap run time [10s], --client-threads N memcaslap -T [2], --concurrency N memcaslap -c [64],
# --values "B ..." value lengths [100 1000], --verify P share of gets whose value memcaslap compares [0],
# --jar PATH our server's jar [slab-memcached/target/slab-memcached.jar], --ports FROM-TO where to listen
# [20000-59999], --items N for the heap figure [1000000], --floor also measures the transport floor [off],
# --skip-throughput, --skip-heap.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

memory=1024
threads=4
runs=3
run_time=10s
client_threads=2
concurrency=64
value_lengths='100 1000'
verify=0
items=1000000
do_throughput=1
do_heap=1
do_floor=0
while [ $# -gt 0 ]; do
    case $1 in
        --memory) memory=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --time) run_time=$2; shift 2 ;;
        --client-threads) client_threads=$2; shift 2 ;;
        --concurrency) concurrency=$2; shift 2 ;;
        --values) value_lengths=$2; shift 2 ;;
        --verify) verify=$2; shift 2 ;;
        --jar) [ -f "$2" ] || { echo "ERROR: --jar '$2' is no file" >&2; exit 2; }; jar=$(realpath "$2"); shift 2 ;;
        --ports) port_range=$2; shift 2 ;;
        --items) items=$2; shift 2 ;;
        --skip-throughput) do_throughput=0; shift ;;
        --skip-heap) do_heap=0; shift ;;
        --floor) do_floor=1; shift ;;
        -h | --help) awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "ERROR: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done
if [ "$do_floor" = 1 ] && [ "$verify" != 0 ]; then
    echo "ERROR: --floor with --verify $verify: the floor answers every get with one constant value, which" \
        "memcaslap's verification would find wrong; use --verify 0" >&2
    exit 2
fi

require_command memcached memcached
require_command memcaslap libmemcached-tools
require_command jcmd openjdk-17-jdk-headless
require_jar
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT
# The same collector for every JVM here, so that GC.heap_info reads alike.
export OURS_JAVA_OPTS="-XX:+UseG1GC ${OURS_JAVA_OPTS:-}"
java_dir="$(cd "$(dirname "$0")" && pwd)/java"
clock_ticks=$(getconf CLK_TCK)

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(java -version 2>&1 | head -n 1)"
echo "memcached $(memcached -V | awk '{ print $2 }') and slab-memcached ($jar), each -m $memory -t $threads"
echo "load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg)"

median()
{
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs memcaslap once against the server on port $1 (PID $2) with config $3, checks it (see the header) and prints
# "OPS_PER_S CPU_US_PER_OP (details)"; on a failed check prints why to stderr, naming the run $4, and returns 1.
load_once()
{
    local port=$1 pid=$2 config=$3 run=$4 output="$log_dir/memcaslap.txt" cpu_before cpu_after verify_flag=()
    if [ "$verify" != 0 ]; then
        verify_flag=(-v "$verify")
    fi
    server_stats "$port" > "$log_dir/stats-before.txt" || return 1
    cpu_before=$(cpu_ticks "$pid") || { echo "ERROR: $run: the server (PID $pid) is gone" >&2; return 1; }
    if ! timeout 120 memcaslap -s "127.0.0.1:$port" -F "$config" -w 1k -t "$run_time" \
        -T "$client_threads" -c "$concurrency" "${verify_flag[@]}" > "$output" 2>&1; then
        echo "ERROR: $run: memcaslap failed or timed out:" >&2
        tail -n 20 "$output" >&2
        return 1
    fi
    cpu_after=$(cpu_ticks "$pid") || { echo "ERROR: $run: the server (PID $pid) died during the run" >&2; return 1; }
    # Commands memcaslap sent last may still be in the server's hands; let it finish them before counting.
    sleep 0.2
    server_stats "$port" > "$log_dir/stats-after.txt" || return 1
    awk -v run="$run" -v cpu_ticks=$((cpu_after - cpu_before)) -v hz="$clock_ticks" -v in_flight="$concurrency" '
        FNR == 1 { file++ }
        file == 1 { before[$1] = $2; next }
        file == 2 { after[$1] = $2; next }
        /^<[0-9]+ / {
            errors++
            kind = $0
            sub(/^<[0-9]+ /, "", kind)
            kinds[kind]++
            if (first_error == "") first_error = $0
            next
        }
        /didn.t set success/ { errors++; kinds["failed set"]++; if (first_error == "") first_error = $0; next }
        /^cmd_get:/ { sent_gets = $2 }
        /^cmd_set:/ { sent_sets = $2 }
        /^get_misses:/ { client_misses = $2 }
        /^verify_misses:/ { verify_misses = $2 }
        /^verify_failed:/ { verify_failed = $2 }
        /^Run time:/ { seconds = $3; sub(/s$/, "", seconds); sent = $5 }
        function delta(name) {
            if (!(name in before) || !(name in after)) {
                reasons = reasons "\n  the server reports no " name " in stats"
                return 0
            }
            return after[name] - before[name]
        }
        END {
            gets = delta("cmd_get"); sets = delta("cmd_set"); hits = delta("get_hits")
            misses = delta("get_misses"); stored = delta("total_items")
            if (seconds <= 0) reasons = reasons "\n  memcaslap printed no Run time line"
            if (errors > 0) {
                kind_list = ""
                for (k in kinds) kind_list = kind_list (kind_list == "" ? "" : ", ") kinds[k] " x " k
                reasons = reasons sprintf("\n  memcaslap read %d error replies (%s); the first: %s",
                    errors, kind_list, first_error)
            }
            if (verify_misses + verify_failed > 0)
                reasons = reasons sprintf("\n  memcaslap found %d values missing and %d wrong on verification",
                    verify_misses, verify_failed)
            if (gets + sets > sent || gets + sets < sent - in_flight)
                reasons = reasons sprintf("\n  the server counted %d commands (cmd_get %d + cmd_set %d) where" \
                    " memcaslap sent %d, of which at most %d (one a connection) may be in flight at its end",
                    gets + sets, gets, sets, sent, in_flight)
            if (stored != sets)
                reasons = reasons sprintf("\n  the server took %d sets (cmd_set) but stored %d (total_items)",
                    sets, stored)
            if (hits + misses != gets)
                reasons = reasons sprintf("\n  the server answered %d gets (cmd_get) with %d hits and %d misses",
                    gets, hits, misses)
            if (hits + stored <= 0) reasons = reasons "\n  no operation succeeded"
            if (reasons != "") {
                printf "ERROR: %s failed its checks:%s\n", run, reasons > "/dev/stderr"
                exit 1
            }
            ok = hits + stored
            printf "%.0f %.2f (%d successful: %d get hits + %d sets stored; %d get misses;" \
                " memcaslap sent %d; %.1f s; server CPU %.2f s)\n",
                ok / seconds, cpu_ticks / hz * 1e6 / ok, ok, hits, stored, misses, sent, seconds, cpu_ticks / hz
        }' "$log_dir/stats-before.txt" "$log_dir/stats-after.txt" "$output"
}

# Prints a result line of load_once as "N ops/s, C us CPU/op (details)".
show()
{
    awk '{ printf "%8.0f ops/s, %6.2f us CPU/op", $1, $2; for (i = 3; i <= NF; i++) printf " %s", $i; print "" }'
}

# Starts the transport floor (java/NettyFloor.java on our jar's Netty, see --floor) on port $1, answering every get
# with a value of $2 bytes, with our server's -t and JVM options; sets server_pid.
start_floor()
{
    start_server "$1" floor java $agrona_flag $OURS_JAVA_OPTS -cp "$jar" "$java_dir/NettyFloor.java" \
        --port "$1" --threads "$threads" --value-length "$2"
}

# Prints the median of field $2 (1: ops/s, 2: CPU per operation) of the runs of the server $1 at this value length.
run_median()
{
    cut -d ' ' -f "$2" "$log_dir/$1.runs" | median
}

throughput()
{
    local value_length config i result name servers='memcached ours'
    local -A port pid label=([memcached]=memcached [ours]=slab-memcached [floor]=floor)
    port[memcached]=$(free_port)
    start_memcached "${port[memcached]}" -m "$memory" -t "$threads"
    pid[memcached]=$server_pid
    port[ours]=$(free_port)
    start_ours "${port[ours]}" -m "$memory" -t "$threads"
    pid[ours]=$server_pid
    if [ "$do_floor" = 1 ]; then
        servers='memcached ours floor'
    fi
    echo
    echo "Throughput: memcaslap -T $client_threads -c $concurrency -w 1k -t $run_time, verify $verify," \
        "get 0.9 / set 0.1, key 64 B; successful operations only, server CPU time per successful operation"
    for value_length in $value_lengths; do
        config="$log_dir/memcaslap-$value_length.cfg"
        printf 'key\n64 64 1\nvalue\n%d %d 1\ncmd\n0 0.1\n1 0.9\n' "$value_length" "$value_length" > "$config"
        if [ "$do_floor" = 1 ]; then
            # A fresh floor for each value length: its one constant value has that length.
            port[floor]=$(free_port)
            start_floor "${port[floor]}" "$value_length"
            pid[floor]=$server_pid
        fi
        # One run each first, not counted but checked: the JITs compile, and the servers carve their pages.
        for name in $servers; do
            : > "$log_dir/$name.runs"
            load_once "${port[$name]}" "${pid[$name]}" "$config" \
                "value $value_length B, warm-up, ${label[$name]}" > /dev/null || exit 1
        done
        for i in $(seq 1 "$runs"); do
            for name in $servers; do
                result=$(load_once "${port[$name]}" "${pid[$name]}" "$config" \
                    "value $value_length B, run $i, ${label[$name]}") || exit 1
                printf '  value %s B, run %s, %-15s %s\n' "$value_length" "$i" "${label[$name]}:" \
                    "$(show <<< "$result")"
                echo "$result" >> "$log_dir/$name.runs"
            done
        done
        awk -v v="$value_length" -v mo="$(run_median memcached 1)" -v oo="$(run_median ours 1)" \
            -v mc="$(run_median memcached 2)" -v oc="$(run_median ours 2)" 'BEGIN {
                printf "value %d B, medians: memcached %.0f ops/s at %.2f us CPU/op, slab-memcached %.0f ops/s at" \
                    " %.2f us CPU/op; ours/memcached: throughput %.2f, CPU per operation %.2f\n",
                    v, mo, mc, oo, oc, oo / mo, oc / mc }'
        if [ "$do_floor" = 1 ]; then
            awk -v v="$value_length" -v mo="$(run_median memcached 1)" -v oo="$(run_median ours 1)" \
                -v fo="$(run_median floor 1)" -v mc="$(run_median memcached 2)" -v oc="$(run_median ours 2)" \
                -v fc="$(run_median floor 2)" 'BEGIN {
                    printf "value %d B, floor median %.0f ops/s at %.2f us CPU/op; ours/floor: throughput %.2f, CPU" \
                        " per operation %.2f; floor/memcached: throughput %.2f, CPU per operation %.2f\n",
                        v, fo, fc, oo / fo, oc / fc, fo / mo, fc / mc }'
            stop_server "${pid[floor]}"
        fi
    done
    echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    stop_server "${pid[memcached]}"
    stop_server "${pid[ours]}"
}

# Prints the heap used, in KiB, of the JVM $1 after a full GC.
heap_used_kib()
{
    local pid=$1
    jcmd "$pid" GC.run > /dev/null
    jcmd "$pid" GC.heap_info | awk '/garbage-first heap/ {
        for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }'
}

# Starts MapHeap with $1 entries; prints its heap used in KiB after a full GC.
map_heap_kib()
{
    local count=$1 output="$log_dir/mapheap-$1.txt" pid
    java -XX:+UseG1GC "$java_dir/MapHeap.java" "$count" 100 > "$output" 2>&1 &
    pid=$!
    started_pids+=("$pid")
    for _ in $(seq 1 600); do
        grep -q '^ready' "$output" && break
        kill -0 "$pid" 2> /dev/null || { cat "$output" >&2; return 1; }
        sleep 0.1
    done
    grep -q '^ready' "$output" || { echo "ERROR: MapHeap did not get ready in 60 s" >&2; return 1; }
    heap_used_kib "$pid"
    stop_server "$pid"
}

heap()
{
    local port ours_empty ours_full map_empty map_full
    echo
    echo "Heap after a full GC (G1), $items items, 11-byte keys, 100-byte values"
    port=$(free_port)
    start_ours "$port" -m "$memory" -t "$threads"
    ours_empty=$(heap_used_kib "$server_pid")
    java "$java_dir/LoadItems.java" 127.0.0.1 "$port" "$items" 100
    ours_full=$(heap_used_kib "$server_pid")
    stop_server "$server_pid"
    map_empty=$(map_heap_kib 0)
    map_full=$(map_heap_kib "$items")
    awk -v oe="$ours_empty" -v of="$ours_full" -v me="$map_empty" -v mf="$map_full" -v n="$items" 'BEGIN {
        printf "  slab-memcached (items off-heap in slabs): %8.1f MiB heap empty, %8.1f MiB with the items: +%.1f MiB, %.1f B/item\n",
            oe / 1024, of / 1024, (of - oe) / 1024, (of - oe) * 1024 / n
        printf "  ConcurrentHashMap<String, byte[]>:        %8.1f MiB heap empty, %8.1f MiB with the items: +%.1f MiB, %.1f B/item\n",
            me / 1024, mf / 1024, (mf - me) / 1024, (mf - me) * 1024 / n
    }'
}

if [ "$do_throughput" = 1 ]; then
    throughput
fi
if [ "$do_heap" = 1 ]; then
    heap
fi

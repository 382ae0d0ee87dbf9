#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Throughput and heap of slab-memcached beside the real memcached, on 127.0.0.1.
#
# 1. Throughput: starts memcached and our server with the same -m and -t, then loads them in turn with memcaslap
#    (90% get, 10% set, 64-byte keys, a 1k-key window per connection so every key fits), a warm-up run each, then
#    alternating memcached, ours, memcached, ours, ... for 100-byte values and then 1,000-byte values. Prints the
#    successful ops/s of each run (memcaslap's operations less its get misses and failed verifications, over its
#    run time; memcaslap does not count failed sets), the medians and the ratio ours/memcached.
# 2. Heap: loads 1,000,000 items of 100 bytes into our server (LoadItems.java checks every reply and curr_items),
#    runs a full GC and reads the heap used (jcmd GC.heap_info); does the same for a ConcurrentHashMap<String,
#    byte[]> holding the same items (MapHeap.java), and for both when empty.
#
# Options (defaults in brackets): --memory MiB [1024], --threads N server threads [4], --runs N per server [3],
# --time memcaslap run time [10s], --client-threads N memcaslap -T [2], --concurrency N memcaslap -c [64],
# --items N for the heap figure [1000000], --skip-throughput, --skip-heap.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

memory=1024
threads=4
runs=3
run_time=10s
client_threads=2
concurrency=64
items=1000000
do_throughput=1
do_heap=1
while [ $# -gt 0 ]; do
    case $1 in
        --memory) memory=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --time) run_time=$2; shift 2 ;;
        --client-threads) client_threads=$2; shift 2 ;;
        --concurrency) concurrency=$2; shift 2 ;;
        --items) items=$2; shift 2 ;;
        --skip-throughput) do_throughput=0; shift ;;
        --skip-heap) do_heap=0; shift ;;
        -h | --help) awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "ERROR: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done

require_command memcached memcached
require_command memcaslap libmemcached-tools
require_command jcmd openjdk-17-jdk-headless
require_jar
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT
# The same collector for every JVM here, so that GC.heap_info reads alike.
export OURS_JAVA_OPTS="-XX:+UseG1GC ${OURS_JAVA_OPTS:-}"
java_dir="$(cd "$(dirname "$0")" && pwd)/java"

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(java -version 2>&1 | head -n 1)"
echo "memcached $(memcached -V | awk '{ print $2 }') and slab-memcached, each -m $memory -t $threads"

median()
{
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs memcaslap once against port $1 with config $2; prints the successful ops/s.
load_once()
{
    local port=$1 config=$2 output="$log_dir/memcaslap.txt"
    if ! timeout 120 memcaslap -s "127.0.0.1:$port" -F "$config" -w 1k -t "$run_time" \
        -T "$client_threads" -c "$concurrency" > "$output" 2>&1; then
        echo "ERROR: memcaslap against port $port failed or timed out:" >&2
        tail -n 20 "$output" >&2
        return 1
    fi
    awk '
        /^get_misses:/ { misses = $2 }
        /^verify_failed:/ { failed = $2 }
        /^Run time:/ { seconds = $3; sub(/s$/, "", seconds); ops = $5 }
        END {
            if (seconds <= 0) { print "ERROR: no Run time line in the memcaslap output" > "/dev/stderr"; exit 1 }
            printf "%.0f ops/s (%d ops, %d get misses, %d failed verifications, %.1f s)\n",
                (ops - misses - failed) / seconds, ops, misses, failed, seconds
        }' "$output"
}

throughput()
{
    local memcached_port ours_port memcached_pid ours_pid value_length config i result
    memcached_port=$(free_port)
    start_memcached "$memcached_port" -m "$memory" -t "$threads"
    memcached_pid=$server_pid
    ours_port=$(free_port)
    start_ours "$ours_port" -m "$memory" -t "$threads"
    ours_pid=$server_pid
    echo
    echo "Throughput: memcaslap -T $client_threads -c $concurrency -w 1k -t $run_time, get 0.9 / set 0.1, key 64 B"
    for value_length in 100 1000; do
        config="$log_dir/memcaslap-$value_length.cfg"
        printf 'key\n64 64 1\nvalue\n%d %d 1\ncmd\n0 0.1\n1 0.9\n' "$value_length" "$value_length" > "$config"
        : > "$log_dir/memcached.ops"
        : > "$log_dir/ours.ops"
        # One run each first, not counted: our JIT compiles, and both servers carve their pages for this size.
        load_once "$memcached_port" "$config" > /dev/null
        load_once "$ours_port" "$config" > /dev/null
        for i in $(seq 1 "$runs"); do
            result=$(load_once "$memcached_port" "$config")
            echo "${result%% *}" >> "$log_dir/memcached.ops"
            echo "  value $value_length B, run $i, memcached:      $result"
            result=$(load_once "$ours_port" "$config")
            echo "${result%% *}" >> "$log_dir/ours.ops"
            echo "  value $value_length B, run $i, slab-memcached: $result"
        done
        local memcached_median ours_median
        memcached_median=$(median < "$log_dir/memcached.ops")
        ours_median=$(median < "$log_dir/ours.ops")
        awk -v v="$value_length" -v m="$memcached_median" -v o="$ours_median" 'BEGIN {
            printf "value %d B: median memcached %.0f ops/s, slab-memcached %.0f ops/s, ours/memcached %.2f\n",
                v, m, o, o / m }'
    done
    stop_server "$memcached_pid"
    stop_server "$ours_pid"
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

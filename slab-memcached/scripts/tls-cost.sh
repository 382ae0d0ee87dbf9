#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# The cost of TLS per operation (issue 21): memcached 1.6 and slab-memcached, each plain and with -Z (the test
# certificates of src/test/resources/tls), same flags, started here on 127.0.0.1 in turn, memcached then ours, plain
# then TLS, --runs times. The client (java/TlsCost.java) runs --connections connections, one request at a time each,
# 90% gets and 10% sets of 100-byte values over 10,000 stored keys, 5 s of warm-up and then --seconds, every reply
# checked. Prints each run's operations a second and the server's CPU time per operation (utime + stime from
# /proc/PID/stat), then the medians and, for each server, TLS over plain. A run whose client fails exits 1 naming it.
#
#   slab-memcached/scripts/tls-cost.sh [--runs N (3)] [--seconds S (10)] [--connections C (16)] [--jar PATH]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=3
seconds=10
connections=16
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --jar) [ -f "$2" ] || { echo "ERROR: --jar '$2' is no file" >&2; exit 2; }; jar=$(realpath "$2"); shift 2 ;;
        -h | --help) awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "ERROR: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done
require_command memcached memcached
require_jar
certs="$repo_root/slab-memcached/src/test/resources/tls"
client="$(dirname "$0")/java/TlsCost.java"
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT

# Starts server $1 (memcached or ours) in mode $2 (plain or tls) on a free port; sets port and server_pid once it
# answers "version" the way its clients will ask.
start()
{
    local tls=() user=() ca=()
    port=$(free_port)
    if [ "$2" = tls ]; then
        tls=(-Z -o "ssl_chain_cert=$certs/server.pem,ssl_key=$certs/server.key")
        ca=(--ca "$certs/ca.pem")
    fi
    if [ "$1" = memcached ]; then
        [ "$(id -u)" = 0 ] && user=(-u nobody)
        memcached "${user[@]}" -l 127.0.0.1 -p "$port" -U 0 -m 64 -t 2 "${tls[@]}" > "$log_dir/server.log" 2>&1 &
    else
        [ "$(id -u)" = 0 ] && user=(-u root)
        java $agrona_flag -jar "$jar" "${user[@]}" -l 127.0.0.1 -p "$port" -m 64 -t 2 "${tls[@]}" \
            > "$log_dir/server.log" 2>&1 &
    fi
    server_pid=$!
    started_pids+=("$server_pid")
    for _ in $(seq 1 300); do
        java "$client" --port "$port" "${ca[@]}" --probe 2> /dev/null && return 0
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.1
    done
    echo "ERROR: $1 ($2) did not answer on port $port" >&2
    cat "$log_dir/server.log" >&2
    exit 1
}

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(java -version 2>&1 | head -n 1)"
echo "memcached $(memcached -V | awk '{ print $2 }') and slab-memcached ($jar), -m 64 -t 2; $connections" \
    "connections, one request at a time, $seconds s a run; $(date -u '+%Y-%m-%d %H:%M UTC')"
: > "$log_dir/results"
for run in $(seq 1 "$runs"); do
    for server in memcached ours; do
        for mode in plain tls; do
            start "$server" "$mode"
            ca=()
            [ "$mode" = tls ] && ca=(--ca "$certs/ca.pem")
            declare -A ticks=()
            result=
            while IFS= read -r line; do
                case $line in
                    mark\ *) ticks[${line#mark }]=$(cpu_ticks "$server_pid") ;;
                    result\ *) result=${line#result } ;;
                esac
            done < <(java "$client" --port "$port" "${ca[@]}" --seconds "$seconds" --connections "$connections" \
                2> "$log_dir/client.err")
            if [ -z "$result" ]; then
                echo "ERROR: run $run, $server $mode failed:" >&2
                cat "$log_dir/client.err" >&2
                exit 1
            fi
            read -r operations elapsed <<< "$result"
            cpu_us=$(awk -v t=$((ticks[end] - ticks[start])) -v o="$operations" -v h="$(getconf CLK_TCK)" \
                'BEGIN { printf "%.2f", t / h * 1e6 / o }')
            rate=$(awk -v o="$operations" -v s="$elapsed" 'BEGIN { printf "%.0f", o / s }')
            printf '  run %d, %-9s %-5s %8d ops/s, %7.2f us CPU/op\n' "$run" "$server" "$mode" "$rate" "$cpu_us"
            echo "$server $mode $rate $cpu_us" >> "$log_dir/results"
            stop_server "$server_pid"
        done
    done
done

for server in memcached ours; do
    awk -v s="$server" '
        function median(a, n,   i, j, t) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        $1 == s && $2 == "plain" { pr[++np] = $3; pc[np] = $4 }
        $1 == s && $2 == "tls" { tr[++nt] = $3; tc[nt] = $4 }
        END {
            r0 = median(pr, np); c0 = median(pc, np); r1 = median(tr, nt); c1 = median(tc, nt)
            printf "%s medians: plain %d ops/s at %.2f us CPU/op, TLS %d ops/s at %.2f us CPU/op; TLS/plain:" \
                " throughput %.2f, CPU per operation %.2f (+%.2f us)\n", s, r0, c0, r1, c1, r1 / r0, c1 / c0, c1 - c0
        }' "$log_dir/results"
done

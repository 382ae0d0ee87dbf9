#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Hit ratio, latency and CPU per request of slab-memcached beside the real memcached, same flags (-m 64 -t 2), both
# started here on 127.0.0.1, each run against a fresh server, memcached then ours, run after run (issue 19).
#
# The client (java/HitRatio.java) is look-aside: get a key; on a miss (counted) set it. Keys: Zipf 0.99 over 250,000
# keys of 20 to 40 bytes, a seeded shuffle from rank to key; values 10 B to 8 KiB, log-uniform; a key's bytes, its
# value's length and its value's content (the key's id, then letters from an offset) follow from the key's id and
# the seed, so both servers get the same sequence. Pipelined: --connections connections, request i on connection
# i % connections, each with a window of --depth requests outstanding (a request holds its place until its last
# reply); text protocol, every reply read. Runs:
#   full   (a) --requests requests as fast as the windows allow;
#   paced  at --rate requests a second: (b) --paced-requests requests of the workload, (c) the steady state, the
#          last --steady of them, then a one-off scan of --scan keys never used before (get, miss, set each, at the
#          same rate), then (d) the hit ratio of the next --after requests of the workload.
# Latency: an HdrHistogram of every request, from when it was due to its last reply: at full speed from when its
# window had room, paced from its scheduled send time (coordinated omission corrected). CPU per request: the server
# process's utime + stime (/proc/PID/stat) over each figure's window (lib.sh's cpu_ticks; 10 ms ticks).
# A run fails, and the script prints the run and the rule and exits 1, on any ERROR, CLIENT_ERROR, SERVER_ERROR,
# NOT_STORED or other unexpected reply, a get whose value has the wrong length or content, a connection error or 30 s
# without a reply, or when the server's own stats disagree with the client (cmd_get = requests, get_hits = hits,
# get_misses = misses, cmd_set = sets sent). Every figure counts successful replies only (a run with any other fails).
#
# --items-per-mib instead fills a fresh server of each kind at -m MiB with keys 0, 1, 2, ... (the same 20-40 B keys),
# (a) 100-byte values, (b) the workload's mixed sizes, until stats shows evictions > 0, and prints curr_items of both
# and the ratio ours/memcached.
#
#   slab-memcached/scripts/hitratio.sh            # about 12 minutes on 2 cores
#   slab-memcached/scripts/hitratio.sh --quick    # about 5 minutes
#   slab-memcached/scripts/hitratio.sh --items-per-mib
#
# Options (defaults in brackets): --seed S [19], --connections N [4], --depth N [16], --requests N full-speed
# requests [2000000], --rate R paced requests a second [4000], --paced-requests N [1000000], --steady N [250000],
# --scan N new keys [100000], --after N [100000], --runs "full paced" which runs [both], --memory MiB [64],
# --threads N server threads [2], --quick (--requests 300000 --paced-requests 200000 --steady 100000), --jar PATH our
# server's jar [slab-memcached/target/slab-memcached.jar], --ports FROM-TO where to listen [20000-59999],
# --items-per-mib. HdrHistogram 2.2.2 is fetched once with the Maven wrapper into $HITRATIO_CACHE
# [~/.cache/slabcache].
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seed=19
connections=4
depth=16
requests=2000000
rate=4000
paced_requests=1000000
steady=250000
scan=100000
after=100000
runs='full paced'
memory=64
threads=2
items_per_mib=0
while [ $# -gt 0 ]; do
    case $1 in
        --seed) seed=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --depth) depth=$2; shift 2 ;;
        --requests) requests=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --paced-requests) paced_requests=$2; shift 2 ;;
        --steady) steady=$2; shift 2 ;;
        --scan) scan=$2; shift 2 ;;
        --after) after=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --quick) requests=300000; paced_requests=200000; steady=100000; shift ;;
        --jar) [ -f "$2" ] || { echo "ERROR: --jar '$2' is no file" >&2; exit 2; }; jar=$(realpath "$2"); shift 2 ;;
        --ports) port_range=$2; shift 2 ;;
        --items-per-mib) items_per_mib=1; shift ;;
        -h | --help) awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "ERROR: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done
for run in $runs; do
    case $run in
        full | paced) ;;
        *) echo "ERROR: --runs '$runs' names '$run'; the runs are full and paced" >&2; exit 2 ;;
    esac
done

require_command memcached memcached
require_command java openjdk-17-jdk-headless
require_jar
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT
java_dir="$(cd "$(dirname "$0")" && pwd)/java"
clock_ticks=$(getconf CLK_TCK)

# Prints the path of the HdrHistogram jar, fetching it through the Maven wrapper into the cache the first time.
hdrhistogram_jar()
{
    local cache=${HITRATIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slabcache} plugin
    local jar_path="$cache/HdrHistogram-2.2.2.jar"
    plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
    if [ ! -f "$jar_path" ]; then
        mkdir -p "$cache"
        # Offline first (~/.m2 may hold it), then from Maven Central.
        (cd "$repo_root" && { ./mvnw -B -q -o "$plugin" -Dartifact=org.hdrhistogram:HdrHistogram:2.2.2 \
            -DoutputDirectory="$cache" > /dev/null 2>&1 || ./mvnw -B -q "$plugin" \
            -Dartifact=org.hdrhistogram:HdrHistogram:2.2.2 -DoutputDirectory="$cache" >&2; }) \
            || { echo "ERROR: could not fetch org.hdrhistogram:HdrHistogram:2.2.2 into $cache" >&2; exit 2; }
    fi
    echo "$jar_path"
}
hdr_jar=$(hdrhistogram_jar)

# Starts a fresh server $1 (memcached or ours) on a free port with -m $memory -t $threads; sets port and server_pid.
start_fresh()
{
    port=$(free_port)
    if [ "$1" = memcached ]; then
        start_memcached "$port" -m "$memory" -t "$threads"
    else
        start_ours "$port" -m "$memory" -t "$threads"
    fi
}

# Runs HitRatio.java in mode $2 against a fresh server $1, reading the server's CPU time at each mark it prints, and
# checks the server's stats against the client's counts; appends "server figure requests hits misses replies seconds
# p50 p99 p99.9 max cpu_us_per_request" per figure to $log_dir/results. Exits 1 naming the run when it fails.
load_run()
{
    local server=$1 mode=$2 output="$log_dir/$1-$2.txt" line status=unset
    local -A ticks=()
    start_fresh "$server"
    : > "$output"
    while IFS= read -r line; do
        case $line in
            mark\ *) ticks[${line#mark }]=$(cpu_ticks "$server_pid") \
                || { echo "ERROR: run $mode, $server: the server (PID $server_pid) died" >&2; exit 1; } ;;
            exit\ *) status=${line#exit } ;;
            *) echo "$line" >> "$output" ;;
        esac
    done < <(java -cp "$hdr_jar" "$java_dir/HitRatio.java" --port "$port" --mode "$mode" --seed "$seed" \
        --connections "$connections" --depth "$depth" --rate "$rate" \
        $(if [ "$mode" = full ]; then echo "--requests $requests"; else
            echo "--requests $paced_requests --steady $steady --scan $scan --after $after"; fi) \
        2> "$log_dir/client.err"; echo "exit $?")
    if [ "$status" != 0 ]; then
        echo "ERROR: run $mode against $server failed (client exit $status):" >&2
        cat "$log_dir/client.err" "$output" >&2
        exit 1
    fi
    server_stats "$port" > "$log_dir/stats.txt"
    stop_server "$server_pid"
    local tick
    for tick in "${!ticks[@]}"; do
        echo "tick $tick ${ticks[$tick]}"
    done | awk -v server="$server" -v mode="$mode" -v hz="$clock_ticks" -v results="$log_dir/results" '
        FILENAME ~ /stats/ { stats[$1] = $2; next }
        $1 == "tick" { ticks[$2] = $3; next }
        $1 == "result" && $5 == 0 { next }
        $1 == "result" {
            requests = $5
            cpu = (ticks[$4] - ticks[$3]) / hz * 1e6 / requests
            printf "%s %s %d %d %d %d %s %s %s %s %s %.2f\n", server, $2, requests, $6, $7, $8, $9, $10, $11, $12,
                $13, cpu >> results
            printf "  %-14s %-10s hit ratio %.4f (%d requests, %d hits, %d misses), %6.0f requests/s, %6.0f" \
                " replies/s, %6.2f us CPU/request, latency us p50 %s p99 %s p99.9 %s max %s\n",
                server == "ours" ? "slab-memcached" : server, $2, $6 / requests, requests, $6, $7, requests / $9,
                $8 / $9, cpu, $10, $11, $12, $13
            # The figures that do not overlap add up to what the server saw.
            if ($2 != "steady") { gets += requests; hits += $6; misses += $7 }
        }
        END {
            if (stats["cmd_get"] != gets)
                reasons = reasons sprintf("\n  the server counted cmd_get %d, the client sent %d gets",
                    stats["cmd_get"], gets)
            if (stats["get_hits"] != hits)
                reasons = reasons sprintf("\n  the server counted get_hits %d, the client read %d hits",
                    stats["get_hits"], hits)
            if (stats["get_misses"] != misses)
                reasons = reasons sprintf("\n  the server counted get_misses %d, the client read %d misses",
                    stats["get_misses"], misses)
            if (stats["cmd_set"] != misses)
                reasons = reasons sprintf("\n  the server counted cmd_set %d, the client sent %d sets",
                    stats["cmd_set"], misses)
            if (reasons != "") {
                printf "ERROR: run %s against %s: the server stats disagree with the client:%s\n", mode, server,
                    reasons > "/dev/stderr"
                exit 1
            }
        }' "$log_dir/stats.txt" - "$output" || exit 1
}

# Fills a fresh server $1 with values $2 (100 or mixed) until it evicts; prints its curr_items.
fill_run()
{
    local server=$1 values=$2 line
    start_fresh "$server"
    line=$(java -cp "$hdr_jar" "$java_dir/HitRatio.java" --port "$port" --mode fill --seed "$seed" \
        --values "$values") || { echo "ERROR: filling $server with $values values failed" >&2; exit 1; }
    stop_server "$server_pid"
    awk '{ print $2 }' <<< "$line"
}

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(java -version 2>&1 | head -n 1)"
echo "memcached $(memcached -V | awk '{ print $2 }') and slab-memcached ($jar), each -m $memory -t $threads;" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg)"

if [ "$items_per_mib" = 1 ]; then
    echo "Items per MiB: keys 0, 1, 2, ... (20 to 40 bytes) set until stats shows evictions > 0; curr_items then"
    for values in 100 mixed; do
        theirs=$(fill_run memcached "$values")
        ours=$(fill_run ours "$values")
        awk -v v="$values" -v t="$theirs" -v o="$ours" -v m="$memory" 'BEGIN {
            printf "  values %-5s memcached %d items (%.0f per MiB), slab-memcached %d items (%.0f per MiB):" \
                " ours/memcached %.3f\n", v == "100" ? "100 B" : v, t, t / m, o, o / m, o / t }'
    done
    exit 0
fi

echo "Seed $seed; $connections connections x depth $depth; full: $requests requests; paced at $rate/s:" \
    "$paced_requests requests (steady: the last $steady), a scan of $scan new keys, then $after requests"
: > "$log_dir/results"
for run in $runs; do
    echo "Run $run:"
    load_run memcached "$run"
    load_run ours "$run"
done

echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
echo "| figure | hit ratio memcached | hit ratio slab-memcached | requests/s memcached / ours |" \
    "CPU us/request memcached / ours | latency p50 / p99 / p99.9 / max, ms, memcached | the same, slab-memcached |"
echo "|---|---|---|---|---|---|---|"
awk '
    { key = $2; row[$1, key] = $0; if (!(key in order)) { order[key] = ++n; names[n] = key } }
    function ms(v) { return sprintf("%.2f", v / 1000) }
    END {
        for (i = 1; i <= n; i++) {
            k = names[i]
            split(row["memcached", k], m, " ")
            split(row["ours", k], o, " ")
            printf "| %s | %.4f | %.4f | %.0f / %.0f | %.2f / %.2f | %s / %s / %s / %s | %s / %s / %s / %s |\n", k,
                m[4] / m[3], o[4] / o[3], m[3] / m[7], o[3] / o[7], m[12], o[12], ms(m[8]), ms(m[9]), ms(m[10]),
                ms(m[11]), ms(o[8]), ms(o[9]), ms(o[10]), ms(o[11])
        }
    }' "$log_dir/results"

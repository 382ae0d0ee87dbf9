#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Runs the benchmarks the README's charts show, on this machine, and draws docs/*.svg from their results.
#
#   scripts/charts.sh [--forks N] [--quick] [--skip-server] [--server-output FILE] [--results DIR] [--draw-only]
#
# Run it on a quiet machine (nothing else busy, the same JVM for every run) and commit docs/*.svg with a line in
# slab-benchmarks/BENCHMARKS.md naming the machine, the JVM and the date. With the defaults it takes about 30
# minutes: CacheBenchmark, ThreadsBenchmark at 1, 2 and 4 threads and SizeClassBenchmark, each at JMH's defaults
# for them (5 x 1 s warm-up, 5 x 1 s measurement) in N forks, then slab-memcached/scripts/perf.sh --skip-heap
# (memcaslap against memcached and ours; it installs memcached and libmemcached-tools with apt-get when missing).
#
#   --forks N             JMH forks per benchmark [3]; each bar is the median of every measured iteration
#   --quick               -f 1 -wi 1 -i 2 -r 200ms: to check the script, never for figures to commit
#   --skip-server         run no perf.sh; docs/server-*.svg are left as they are
#   --server-output FILE  draw the server charts from a saved perf.sh output instead of running it
#   --results DIR         where the JMH JSON and perf.sh output go [target/charts]
#   --draw-only           run nothing: draw from the *.json (and perf.txt) already in DIR
#
# The charts are drawn by dev.slabcache.bench.charts.Charts (slab-benchmarks), which ChartsTest checks on a
# committed minimal run in every build.
set -euo pipefail
cd "$(dirname "$0")/.."

forks=3
quick=0
server=1
server_output=""
results=target/charts
draw_only=0
while [ $# -gt 0 ]; do
    case $1 in
        --forks) forks=$2; shift 2 ;;
        --quick) quick=1; shift ;;
        --skip-server) server=0; shift ;;
        --server-output) [ -f "$2" ] || { echo "charts.sh: --server-output '$2' is no file" >&2; exit 2; }
            server_output=$(realpath "$2"); shift 2 ;;
        --results) results=$2; shift 2 ;;
        --draw-only) draw_only=1; shift ;;
        -h | --help) sed -n '4,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "charts.sh: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done
case $forks in
    '' | *[!0-9]* | 0) echo "charts.sh: --forks '$forks' must be a whole number of 1 or more" >&2; exit 2 ;;
esac

jar=slab-benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ "$draw_only" = 0 ]; then
    echo "charts.sh: building $jar"
    ./mvnw -B -q -DskipTests -Djcstress.skip=true -pl slab-benchmarks -am package
fi
mkdir -p "$results"

if [ "$draw_only" = 0 ]; then
    if [ "$quick" = 1 ]; then
        run_options=(-f 1 -wi 1 -i 2 -r 200ms)
        echo "charts.sh: --quick: these figures check the script only; do not commit the charts" >&2
    else
        run_options=(-f "$forks")
    fi
    rm -f "$results"/*.json
    echo "charts.sh: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores;" \
        "$(java -version 2>&1 | head -n 1); load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    java -jar "$jar" 'CacheBenchmark\.' "${run_options[@]}" -rf json -rff "$results/cache.json"
    for threads in 1 2 4; do
        java -jar "$jar" 'ThreadsBenchmark\.' -t "$threads" "${run_options[@]}" \
            -rf json -rff "$results/threads-$threads.json"
    done
    java -jar "$jar" 'SizeClassBenchmark\.' "${run_options[@]}" -rf json -rff "$results/sizes.json"

    if [ -n "$server_output" ]; then
        cp "$server_output" "$results/perf.txt"
    elif [ "$server" = 1 ]; then
        perf_options=(--skip-heap)
        [ "$quick" = 1 ] && perf_options+=(--runs 1 --time 2s)
        slab-memcached/scripts/perf.sh "${perf_options[@]}" | tee "$results/perf.txt"
    fi
elif [ -n "$server_output" ]; then
    cp "$server_output" "$results/perf.txt"
fi

chart_options=(--out docs)
if [ -f "$results/perf.txt" ] && { [ "$server" = 1 ] || [ -n "$server_output" ]; }; then
    chart_options+=(--server "$results/perf.txt")
fi
shopt -s nullglob
jsons=("$results"/*.json)
[ ${#jsons[@]} -gt 0 ] || { echo "charts.sh: no JMH results (*.json) in $results" >&2; exit 1; }
java -cp "$jar" dev.slabcache.bench.charts.Charts "${chart_options[@]}" "${jsons[@]}"

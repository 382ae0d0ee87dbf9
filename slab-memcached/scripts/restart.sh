#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Warm restart of slab-memcached beside memcached 1.6's restartable cache (issue 20): for each server, starts it
# with a memory file in /dev/shm (-e), loads COUNT items (java/RestartItems.java: flags i, VALUE_LENGTH-byte values,
# and the cas of each read back), stops it with SIGUSR1, starts it again with the same flags, and checks every item's
# value, flags and cas. Prints, for each: the bytes of items (stats "bytes"), the time of the stop, the time from
# the start to the first "version" answered (process start, reopen, rebuild), the same per GiB of items, and, for
# ours, the server's own line ("warm restart: kept N items ... in X ms"). Exits 1 when any item is missing or wrong.
#
#   slab-memcached/scripts/restart.sh                  # 1,000,000 items of 100 bytes, -m 1024, memcached then ours
#   slab-memcached/scripts/restart.sh 200000 500       # COUNT VALUE_LENGTH
#
# RESTART_MEMORY sets -m in MiB [1024]; RESTART_DIR where the memory files go [/dev/shm].
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=${1:-1000000}
value_length=${2:-100}
memory=${RESTART_MEMORY:-1024}
shm=${RESTART_DIR:-/dev/shm}
java_dir="$(dirname "$0")/java"
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir" "$shm"/slab-restart-$$-*' EXIT

require_command memcached memcached
require_jar

now_ms()
{
    date +%s%3N
}

# Sends SIGUSR1 to $1 and waits for it to exit; sets stop_ms to the milliseconds it took.
stop_usr1()
{
    local pid=$1 start
    start=$(now_ms)
    kill -USR1 "$pid"
    wait "$pid" 2> /dev/null || true
    stop_ms=$(($(now_ms) - start))
}

run()
{
    local kind=$1 port file start_ms up_ms stop_ms bytes
    port=$(free_port)
    file="$shm/slab-restart-$$-$kind"
    echo "== $kind: $count items of $value_length bytes, -m $memory, -e $file"
    if [ "$kind" = memcached ]; then
        start_memcached "$port" -m "$memory" -e "$file"
    else
        start_ours "$port" -m "$memory" -e "$file"
    fi
    java "$java_dir/RestartItems.java" load 127.0.0.1 "$port" "$count" "$value_length" "$log_dir/cas-$kind"
    bytes=$(server_stats "$port" | awk '$1 == "bytes" { print $2 }')
    stop_usr1 "$server_pid"
    # memcached 1.6 refuses to restart within the second of its stop (its clock check); the wait is not timed.
    sleep 1.2
    start_ms=$(now_ms)
    if [ "$kind" = memcached ]; then
        start_memcached "$port" -m "$memory" -e "$file"
    else
        start_ours "$port" -m "$memory" -e "$file"
    fi
    up_ms=$(($(now_ms) - start_ms))
    java "$java_dir/RestartItems.java" check 127.0.0.1 "$port" "$count" "$value_length" "$log_dir/cas-$kind"
    grep -h 'warm restart' "$log_dir"/ours-"$port".log 2> /dev/null | tail -n 1 || true
    awk -v k="$kind" -v b="$bytes" -v s="$stop_ms" -v u="$up_ms" 'BEGIN {
        printf "%s: %.1f MiB of items; stop %d ms; start to first answer %d ms = %.2f s per GiB of items\n",
            k, b / 1048576, s, u, u / 1000 / (b / 1073741824) }'
    stop_server "$server_pid"
}

echo "CPU: $(lscpu | awk -F': *' '/^Model name/ { print $2 }'), $(nproc) cores"
run memcached
run ours

#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Runs the operator's tools against slab-memcached on a free loopback port, as against memcached: memcached-tool
# (display, stats, settings, sizes, dump, keys), memcdump and memcstat. Each must exit 0 within 20 s and print what
# it prints against memcached (the known keys and lines); prints "N passed, M failed" and exits non-zero when any
# check fails.
#
#   slab-memcached/scripts/tools.sh                       # against our server (builds the jar if missing)
#   slab-memcached/scripts/tools.sh --against-memcached   # the same against the real memcached, the baseline
#
# TOOLS_AGAINST=memcached does what --against-memcached does; TOOLS_PORT picks the port (default: a free one).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

choose_against TOOLS_AGAINST "$@"

tool=/usr/share/memcached/scripts/memcached-tool
require_command memcdump libmemcached-tools
require_command perl perl
if [ ! -x "$tool" ]; then
    require_command memcached memcached
fi
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT

port=${TOOLS_PORT:-$(free_port)}
start_against "$port"
echo "tools against $name on 127.0.0.1:$port (PID $server_pid)"

# Sends the text commands $1 (with \r\n in it) on one connection and prints the replies that come within 1 s.
send_commands()
{
    (
        exec 3<> "/dev/tcp/127.0.0.1/$port"
        printf "$1" >&3
        while IFS= read -r -t 1 line <&3; do
            printf '%s\n' "$line"
        done
    ) || true
}

passed=0
failed=0
# Runs the check named $1: the command $2... must exit 0 within 20 s with output holding each line of $expect.
check()
{
    local name=$1 output="$log_dir/$1.txt" status=0 missing=''
    shift
    # memcached-tool keeps the CR of each STAT line in the values it prints.
    timeout 20 "$@" 2>&1 | tr -d '\r' > "$output" || status=${PIPESTATUS[0]}
    while IFS= read -r pattern; do
        if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$output"; then
            missing="$missing '$pattern'"
        fi
    done <<< "$expect"
    if [ "$status" = 0 ] && [ -s "$output" ] && [ -z "$missing" ]; then
        passed=$((passed + 1))
        echo "[pass] $name"
    else
        failed=$((failed + 1))
        echo "[FAIL] $name: exit status $status (124 is a timeout), missing:${missing:- nothing}; its output:"
        head -n 20 "$output" | sed 's/^/    /'
    fi
}

send_commands 'stats sizes_enable\r\nset tool:one 1 0 5\r\nhello\r\nset tool:two 2 3600 3\r\nabc\r\nset tool%%three 0 0 1\r\nx\r\nget tool:one\r\n' \
    > "$log_dir/seed.txt"
grep -c STORED "$log_dir/seed.txt" | grep -q 3 || { echo "ERROR: could not store the seed items:"; cat "$log_dir/seed.txt"; exit 1; }

expect='Item_Size +Max_age +Pages +Count +Full\? +Evicted +Evict_Time +OOM
^ +1 +[0-9.]+[BK] +[0-9]+s +1 +3 '
check memcached-tool-display "$tool" "127.0.0.1:$port" display

expect='^#127\.0\.0\.1:[0-9]+ +Field +Value
 accepting_conns +1$
 curr_items +3$
 listen_disabled_num +0$
 rusage_system +[0-9]+\.[0-9]{6}$
 store_no_memory +0$
 store_too_large +0$
 total_items +3$'
check memcached-tool-stats "$tool" "127.0.0.1:$port" stats

expect='^#127\.0\.0\.1:[0-9]+ +Field +Value
 maxbytes +67108864$
 lru_crawler +yes$
 item_size_max +1048576$
 dump_enabled +yes$'
check memcached-tool-settings "$tool" "127.0.0.1:$port" settings

expect='^#127\.0\.0\.1:[0-9]+ +Size +Count
 +(64|96|128) +[0-9]+$'
check memcached-tool-sizes "$tool" "127.0.0.1:$port" sizes

expect='^add tool:one 1 0 5
^hello
^add tool:two 2 [0-9]+ 3
^add tool%three 0 0 1'
check memcached-tool-dump "$tool" "127.0.0.1:$port" dump

expect='^key=tool%3Atwo exp=[0-9]+ la=[0-9]+ cas=[0-9]+ fetch=(yes|no) cls=1 size=[0-9]+$
^key=tool%25three exp=-1 '
if [ "$against" = ours ]; then
    # memcached's metadump walks its sub-LRUs one after another and may miss an item the dump above moved between
    # them; ours walks one LRU whose cursor steps on, and misses none.
    expect="$expect"$'\n^key=tool%3Aone exp=-1 la=[0-9]+ cas=[0-9]+ fetch=yes cls=1 size=[0-9]+$'
fi
check memcached-tool-keys "$tool" "127.0.0.1:$port" keys

expect='^tool:two$
^tool%three$'
if [ "$against" = ours ]; then
    # memcached's cachedump walks only its cold LRU, and a fetched item has gone to its warm one.
    expect="$expect"$'\n^tool:one$'
fi
check memcdump memcdump "--servers=127.0.0.1:$port"

expect='^[[:space:]]+curr_items: 3$
^[[:space:]]+accepting_conns: 1$
^[[:space:]]+rusage_system: [0-9]+\.[0-9]{6}$'
check memcstat memcstat "--servers=127.0.0.1:$port"

echo "$passed passed, $failed failed"
if [ "$failed" != 0 ]; then
    exit 1
fi

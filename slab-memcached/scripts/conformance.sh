#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Runs libmemcached's memccapable (27 text and 27 binary protocol tests) against slab-memcached on a free loopback
# port, prints "N passed, M failed" over both runs, and exits non-zero when any test fails or cannot run.
#
#   slab-memcached/scripts/conformance.sh                       # against our server (builds the jar if missing)
#   slab-memcached/scripts/conformance.sh --against-memcached   # the same against the real memcached, the baseline
#
# CONFORMANCE_AGAINST=memcached does what --against-memcached does. memccapable flushes the server it tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

choose_against CONFORMANCE_AGAINST "$@"

require_command memccapable libmemcached-tools
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT

port=$(free_port)
start_against "$port"
echo "memccapable against $name on 127.0.0.1:$port (PID $server_pid)"

passed=0
failed=0
for protocol in a b; do
    output="$log_dir/memccapable-$protocol.txt"
    status=0
    timeout 300 memccapable -h 127.0.0.1 -p "$port" -t 5 "-$protocol" > "$output" 2>&1 || status=$?
    cat "$output"
    run_passed=$(grep -c '\[pass\]$' "$output" || true)
    run_failed=$(grep -c '\[FAIL\]$' "$output" || true)
    if [ "$status" != 0 ] && [ "$run_failed" = 0 ]; then
        # A crash, a hang or a dropped connection stops memccapable before it can print [FAIL].
        echo "memccapable -$protocol exited with status $status after $run_passed passed tests" >&2
        run_failed=1
    fi
    passed=$((passed + run_passed))
    failed=$((failed + run_failed))
done

echo "$passed passed, $failed failed"
if [ "$failed" != 0 ] || [ "$passed" = 0 ]; then
    exit 1
fi

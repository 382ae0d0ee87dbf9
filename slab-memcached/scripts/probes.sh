#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Ends connections every way a client can and checks that none stays counted (issue 17: port probes locked
# clients out). Against slab-memcached and then, as the baseline, the real memcached on the same flags, it runs
#   - 10,000 connect-and-close probes, 10,000 that half-close and 10,000 that reset, then waits for
#     curr_connections to come back to 1 (the stats connection) within 10 s;
#   - 5,000 idle connections (fewer if the open-file limit is lower) closed together, the same check;
#   - at -c 20 -t 1: 25 probes, then a client must be served.
# Prints one line per check and server, and exits 1 when a check fails on slab-memcached.
#
#   slab-memcached/scripts/probes.sh            # ours, then memcached when it is installed
#   PROBES=2000 IDLE=1000 PROBES_PORTS=21000-21999 slab-memcached/scripts/probes.sh
#
# Ports come from PROBES_PORTS (default 21000-21999), below the kernel's ephemeral range, since the probes leave
# thousands of client sockets in TIME_WAIT on ephemeral ports that a server could not bind.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

probes=${PROBES:-10000}
idle=${IDLE:-5000}
require_command python3 python3
require_jar
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT
files=$(ulimit -n)
if [ "$files" != unlimited ] && [ $((idle + 200)) -gt "$files" ]; then
    idle=$((files - 200))
    echo "the open-file limit is $files: $idle idle connections" >&2
fi

# lib.sh's free_port picks from here.
port_range=${PROBES_PORTS:-21000-21999}

# Runs the checks of phase $3 (probes or limit) against the server on port $1, named $2; prints one line each.
check()
{
    local port=$1 name=$2 phase=$3
    python3 - "$port" "$name" "$phase" "$probes" "$idle" << 'PY'
import socket, struct, sys, time
port, name, phase, probes, idle = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
failed = False

def stats(sock):
    sock.sendall(b'stats\r\n')
    data = b''
    while not data.endswith(b'END\r\n'):
        chunk = sock.recv(65536)
        if not chunk:
            raise IOError('closed after ' + repr(data[:60]))
        data += chunk
    return dict(l.split(b' ', 2)[1:] for l in data.split(b'\r\n') if l.startswith(b'STAT '))

def settle(what):
    global failed
    deadline = time.time() + 10
    while True:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
                st = stats(s)
                curr = st[b'curr_connections'].decode()
                if curr == '1' or time.time() > deadline:
                    ok = curr == '1'
                    failed |= not ok
                    print('%-16s %-34s %s (curr_connections %s, rejected_connections %s, accepting_conns %s)' % (
                        name, what, 'ok' if ok else 'FAILED', curr, st.get(b'rejected_connections', b'-').decode(),
                        st.get(b'accepting_conns', b'-').decode()))
                    return
        except (IOError, KeyError):
            if time.time() > deadline:
                failed = True
                print('%-16s %-34s FAILED (no stats connection served)' % (name, what))
                return
        time.sleep(0.05)

def probe(mode):
    s = socket.create_connection(('127.0.0.1', port))
    if mode == 'reset':
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    elif mode == 'half-close':
        s.shutdown(socket.SHUT_WR)
    s.close()

if phase == 'probes':
    for mode in ('close', 'half-close', 'reset'):
        for _ in range(probes):
            probe(mode)
        settle('%d %s probes' % (probes, mode))
    held = [socket.create_connection(('127.0.0.1', port)) for _ in range(idle)]
    time.sleep(0.5)
    for s in held:
        s.close()
    settle('%d idle closed together' % idle)
else:
    for _ in range(25):
        probe('close')
    served = False
    deadline = time.time() + 10
    while not served and time.time() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=2) as s:
                s.sendall(b'version\r\n')
                served = s.recv(100).startswith(b'VERSION')
        except IOError:
            pass
        if not served:
            time.sleep(0.05)
    failed |= not served
    print('%-16s %-34s %s' % (name, '-c 20: 25 probes, then a client', 'served' if served else 'FAILED'))
sys.exit(1 if failed else 0)
PY
}

status=0
port=$(free_port)
start_ours "$port" -m 64 -c $((idle + 100))
check "$port" slab-memcached probes || status=1
stop_server "$server_pid"
port=$(free_port)
start_ours "$port" -m 64 -c 20 -t 1
check "$port" slab-memcached limit || status=1
stop_server "$server_pid"
if command -v memcached > /dev/null 2>&1; then
    name="memcached-$(memcached -V | awk '{ print $2 }')"
    port=$(free_port)
    start_memcached "$port" -m 64 -c $((idle + 100))
    check "$port" "$name" probes || true
    stop_server "$server_pid"
    port=$(free_port)
    start_memcached "$port" -m 64 -c 20 -t 1
    check "$port" "$name" limit || true
    stop_server "$server_pid"
fi
exit $status

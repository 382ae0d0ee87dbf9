#!/usr/bin/env bash
# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Checks TLS (-Z) with real clients, by hand (not in CI): starts the jar on a free loopback port with the test
# certificates of src/test/resources/tls, then `openssl s_client` and pymemcache (Debian's python3-pymemcache) with
# an ssl context each store and read an item, and a plain-text client gets nothing. Prints "N passed, M failed".
#
#   slab-memcached/scripts/tls-check.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

require_command openssl openssl
require_jar
certs="$repo_root/slab-memcached/src/test/resources/tls"
log_dir=$(mktemp -d)
trap 'stop_all; rm -rf "$log_dir"' EXIT

port=$(free_port)
user=()
if [ "$(id -u)" = 0 ]; then
    user=(-u root)
fi
java $agrona_flag -jar "$jar" "${user[@]}" -l 127.0.0.1 -p "$port" -m 16 -Z \
    -o "ssl_chain_cert=$certs/server.pem,ssl_key=$certs/server.key" > "$log_dir/ours.log" 2>&1 &
server_pid=$!
started_pids+=("$server_pid")

s_client()
{
    printf '%s' "$1" | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
        -verify_return_error 2> /dev/null || true
}
for _ in $(seq 1 300); do
    [[ $(s_client $'version\r\nquit\r\n') == VERSION* ]] && break
    kill -0 "$server_pid" 2> /dev/null || { cat "$log_dir/ours.log" >&2; exit 1; }
    sleep 0.1
done

passed=0
failed=0
check()
{
    if [ "$2" = "$3" ]; then
        echo "[pass] $1"
        passed=$((passed + 1))
    else
        echo "[FAIL] $1: expected $(printf '%q' "$3"), got $(printf '%q' "$2")"
        failed=$((failed + 1))
    fi
}

check "openssl s_client set and get" "$(s_client $'set k 0 0 5\r\nhello\r\nget k\r\nquit\r\n')" \
    $'STORED\r\nVALUE k 0 5\r\nhello\r\nEND\r'
python=/usr/bin/python3
[ -x "$python" ] || python=python3
check "pymemcache with an ssl context" "$("$python" - "$port" "$certs/ca.pem" <<'PY' 2>&1
import ssl, sys
from pymemcache.client.base import Client
context = ssl.create_default_context(cafile=sys.argv[2])
client = Client(("127.0.0.1", int(sys.argv[1])), tls_context=context)
client.set("py", b"over tls")
print(client.get("py").decode())
PY
)" "over tls"
plain=$( (exec 3<> "/dev/tcp/127.0.0.1/$port" && printf 'version\r\n' >&3 && timeout 5 cat <&3) 2> /dev/null || true)
check "a plain-text client gets nothing" "$plain" ""
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

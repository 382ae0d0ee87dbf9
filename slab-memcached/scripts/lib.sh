# Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
#
# Shared by conformance.sh, hitratio.sh, perf.sh, probes.sh and tools.sh (sourced, not run): packages, the jar, free
# ports, starting and stopping servers by PID, a server's stats and CPU time. Every server listens on 127.0.0.1 only.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$repo_root/slab-memcached/target/slab-memcached.jar"
agrona_flag='--add-opens java.base/jdk.internal.misc=ALL-UNNAMED'
started_pids=()

# Installs the Debian package $2 unless the command $1 is on the PATH; exits 2 with a clear message when it cannot.
require_command()
{
    local command=$1 package=$2
    if command -v "$command" > /dev/null 2>&1; then
        return 0
    fi
    echo "$command is missing; installing the Debian package $package" >&2
    local sudo=''
    if [ "$(id -u)" != 0 ]; then
        sudo='sudo -n'
    fi
    if ! command -v apt-get > /dev/null 2>&1 \
        || ! { $sudo apt-get install -y "$package" || { $sudo apt-get update && $sudo apt-get install -y "$package"; }; } \
        || ! command -v "$command" > /dev/null 2>&1; then
        echo "ERROR: $command is missing and apt-get could not install $package (it needs apt-get, root or" \
            "password-less sudo, and the package in the apt sources); install it by hand: apt-get install -y $package" >&2
        exit 2
    fi
}

# Sets $against to "ours" or "memcached" from the variable named $1 (default ours) and the script's arguments
# (--against-memcached, -h/--help prints the script's header comment); exits 2 on anything else.
choose_against()
{
    local variable=$1
    shift
    against=${!variable:-ours}
    local arg
    for arg in "$@"; do
        case $arg in
            --against-memcached) against=memcached ;;
            -h | --help) awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
            *) echo "ERROR: unknown argument '$arg'; the only one is --against-memcached" >&2; exit 2 ;;
        esac
    done
    if [ "$against" != ours ] && [ "$against" != memcached ]; then
        echo "ERROR: $variable is '$against'; it must be 'ours' or 'memcached'" >&2
        exit 2
    fi
}

# Starts, on port $1 with -m 64 -t 4, the server $against names (choose_against): the real memcached or our jar;
# sets server_pid and, for the reports, name.
start_against()
{
    local port=$1
    if [ "$against" = memcached ]; then
        require_command memcached memcached
        start_memcached "$port" -m 64 -t 4
        name="memcached $(memcached -V | awk '{ print $2 }')"
    else
        require_jar
        start_ours "$port" -m 64 -t 4
        name='slab-memcached'
    fi
}

# Builds the runnable jar unless it is there already.
require_jar()
{
    if [ ! -f "$jar" ]; then
        echo "building $jar" >&2
        (cd "$repo_root" && ./mvnw -q -B -DskipTests -pl slab-memcached -am package)
    fi
}

# Prints a TCP port on 127.0.0.1 that nothing listens on now, within $port_range ("FROM-TO") when it is set.
free_port()
{
    local port low=${port_range:-20000-59999}
    local high=${low#*-}
    low=${low%-*}
    for _ in $(seq 1 100); do
        port=$((low + (RANDOM * 32768 + RANDOM) % (high - low + 1)))
        # Any socket on the port, not only a listener: a client socket of this machine holds it too.
        if ! ss -tanH "sport = :$port" | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    echo "ERROR: found no free port" >&2
    return 1
}

# Waits until the server on $1 answers "version", or its process $2 dies, or 30 s pass.
await_server()
{
    local port=$1 pid=$2 reply
    for _ in $(seq 1 300); do
        if ! kill -0 "$pid" 2> /dev/null; then
            echo "ERROR: the server (PID $pid) exited before it answered on port $port" >&2
            return 1
        fi
        reply=$( (exec 3<> "/dev/tcp/127.0.0.1/$port" && printf 'version\r\n' >&3 && read -r -t 2 line <&3 \
            && echo "$line") 2> /dev/null || true)
        if [[ $reply == VERSION* ]]; then
            return 0
        fi
        sleep 0.1
    done
    echo "ERROR: the server (PID $pid) did not answer on port $port within 30 s" >&2
    return 1
}

# Runs the command $3... in the background as a server that listens on port $1, its output in $log_dir/$2-$1.log;
# sets server_pid and waits until it answers, showing the end of its log when it does not.
start_server()
{
    local port=$1 log="$log_dir/$2-$1.log"
    shift 2
    "$@" > "$log" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
    await_server "$port" "$server_pid" || { tail -n 20 "$log" >&2; return 1; }
}

# Starts our server on port $1 with the further memcached flags $2...; sets server_pid. Its log goes to $log_dir.
# As root it passes -u root: like memcached, the server refuses to run as root without -u, and a JVM cannot switch
# to another user (the launcher does that).
start_ours()
{
    local port=$1 user=()
    shift
    if [ "$(id -u)" = 0 ]; then
        user=(-u root)
    fi
    start_server "$port" ours \
        java $agrona_flag ${OURS_JAVA_OPTS:-} -jar "$jar" "${user[@]}" -l 127.0.0.1 -p "$port" "$@"
}

# Starts the real memcached on port $1 with the further flags $2...; sets server_pid.
start_memcached()
{
    local port=$1 user=()
    shift
    if [ "$(id -u)" = 0 ]; then
        user=(-u nobody)
    fi
    start_server "$port" memcached memcached "${user[@]}" -l 127.0.0.1 -p "$port" -U 0 "$@"
}

# Stops the server $1 (by PID) and waits for it.
stop_server()
{
    local pid=$1
    if kill -0 "$pid" 2> /dev/null; then
        kill "$pid" 2> /dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2> /dev/null || true
    fi
    wait "$pid" 2> /dev/null || true
}

# The EXIT trap: stops every server this script started.
stop_all()
{
    local pid
    for pid in "${started_pids[@]}"; do
        stop_server "$pid"
    done
}

# Prints "name value" for each line of the "stats" of the server on port $1; fails unless the reply ends in END.
server_stats()
{
    local port=$1 line
    exec 3<> "/dev/tcp/127.0.0.1/$port" || return 1
    printf 'stats\r\n' >&3
    while IFS= read -r -t 5 line <&3; do
        line=${line%$'\r'}
        if [ "$line" = END ]; then
            exec 3<&-
            return 0
        fi
        echo "${line#STAT }"
    done
    exec 3<&-
    echo "ERROR: the server on port $port did not end its stats with END within 5 s" >&2
    return 1
}

# Prints the CPU time the process $1 has used, user and system, in clock ticks.
cpu_ticks()
{
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

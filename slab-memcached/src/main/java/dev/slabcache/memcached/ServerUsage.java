/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

/**
 * The help text of {@code -h}: every flag {@link ServerConfig} reads, with what it does here where that differs from
 * memcached.
 */
final class ServerUsage
{
    /** The help text. */
    static final String TEXT = String.join(System.lineSeparator(),
        "usage: slab-memcached [flags]",
        "-p, --port=<num>               TCP port to listen on (default: 11211; 0 picks a free one)",
        "-l, --listen=<addr>            interface to listen on (default: 127.0.0.1)",
        "-s, --unix-socket=<file>       listen on this unix domain socket and on no TCP port; a stale socket file",
        "                               is replaced, one a live server listens on is refused",
        "-a, --unix-mask=<mask>         the unix socket file's mode, in octal (default: 700)",
        "-Y, --auth-file=<file>         text protocol clients must authenticate first with a set whose value is",
        "                               \"user password\", a line user:password of <file>; implies -B ascii;",
        "                               SIGHUP reads <file> again for new attempts",
        "-S, --enable-sasl              binary clients must authenticate by SASL PLAIN as a user of -Y's file",
        "                               (needs -Y; text clients then authenticate as -Y says, -B stays auto)",
        "-Z, --enable-ssl               TLS on the port (the JDK's provider); needs -o ssl_chain_cert=<file>,",
        "                               ssl_key=<file> (PEM, key in PKCS#8); -o ssl_ca_cert=<file> and",
        "                               ssl_verify_mode=0|1|2|3 check client certificates; refresh_certs and",
        "                               SIGHUP read the certificate and key again for new connections",
        "-m, --memory-limit=<num>       item memory in megabytes (default: 64)",
        "-t, --threads=<num>            event-loop threads (default: 4)",
        "-c, --conn-limit=<num>         max simultaneous connections (default: 1024)",
        "-f, --slab-growth-factor=<num> chunk size growth factor (default: 1.25)",
        "-n, --slab-min-size=<bytes>    min space for key and value (default: 48)",
        "-I, --max-item-size=<num>      largest item, with k or m suffix (default: 1m; 1k to 1024m)",
        "-M, --disable-evictions        answer out of memory instead of evicting",
        "-C, --disable-cas              items keep no CAS value (8 bytes less each); cas commands fail",
        "-v, --verbose                  verbose (-vv: very verbose)",
        "-e, --memory-file=<path>       map this file as the item memory; stop with SIGUSR1 or SIGTERM and",
        "                               start with the same flags to keep the items (in tmpfs or on DAX)",
        "    --idle-timeout=<seconds>   close a connection idle this long (default: 0, never; -o idle_timeout)",
        "-A, --enable-shutdown          enable the ascii \"shutdown\" command",
        "-d, --daemon                   run as a daemon: bin/slab-memcached detaches; under java -jar the server",
        "                               stays in the foreground and says so on stderr",
        "-P, --pidfile=<file>           write the process id to <file> once listening, remove it on a clean stop",
        "-u, --user=<user>              as root: bin/slab-memcached runs the server as <user>; java itself refuses",
        "                               to run as root unless -u root; ignored when not root",
        "-b, --listen-backlog=<num>     the backlog queue limit (default: 1024)",
        "-B, --protocol=<name>          auto, ascii or binary (default: auto)",
        "-R, --max-reqs-per-event=<num> kept for stats settings (default: 20)",
        "-D <char>                      prefix delimiter, kept for stats settings (default: ':')",
        "-F, --disable-flush-all        answer flush_all with an error",
        "-X, --disable-dumping          disable stats cachedump and lru_crawler metadump",
        "-W, --disable-watch            disable watch commands",
        "-k, --lock-memory              accepted; a JVM cannot lock its memory, a warning says so",
        "-L, --enable-largepages        accepted; a warning names the JVM flag that does it",
        "-r, --enable-coredumps         accepted; the core file limit stays the launcher's",
        "-o, --extended=<list>          memcached's comma-separated -o options (see the README)",
        "-U, --udp-port=<num>           accepted and ignored (no UDP)",
        "-V, --version                  print the version and exit",
        "-i, --license                  print the licence and exit",
        "-h, --help                     print this help and exit",
        "not supported, refused: -N");

    private ServerUsage()
    {
    }
}

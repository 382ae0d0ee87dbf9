/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slabcache.memcached.store.StatSink;

/**
 * Gathers a reply's statistics from the server and the store, which each know only theirs, and writes them in
 * memcached 1.6.18's order, which interleaves the two: tools and people diff our replies against memcached's. A
 * statistic memcached does not have goes after the ordered ones, in the order it was given.
 */
final class StatsSheet implements StatSink
{
    /** memcached 1.6.18's "stats", key by key. */
    static final String[] GENERAL = {
        "pid", "uptime", "time", "version", "libevent", "pointer_size", "rusage_user", "rusage_system",
        "max_connections", "curr_connections", "total_connections", "rejected_connections",
        "connection_structures", "response_obj_oom", "response_obj_count", "response_obj_bytes",
        "read_buf_count", "read_buf_bytes", "read_buf_bytes_free", "read_buf_oom", "reserved_fds", "cmd_get",
        "cmd_set", "cmd_flush", "cmd_touch", "cmd_meta", "get_hits", "get_misses", "get_expired",
        "get_flushed", "delete_misses", "delete_hits", "incr_misses", "incr_hits", "decr_misses", "decr_hits",
        "cas_misses", "cas_hits", "cas_badval", "touch_hits", "touch_misses", "store_too_large",
        "store_no_memory", "auth_cmds", "auth_errors", "bytes_read", "bytes_written", "limit_maxbytes",
        "accepting_conns", "listen_disabled_num", "time_in_listen_disabled_us", "threads", "conn_yields",
        "hash_power_level", "hash_bytes", "hash_is_expanding", "slab_reassign_rescues",
        "slab_reassign_chunk_rescues", "slab_reassign_evictions_nomem", "slab_reassign_inline_reclaim",
        "slab_reassign_busy_items", "slab_reassign_busy_deletes", "slab_reassign_running", "slabs_moved",
        "lru_crawler_running", "lru_crawler_starts", "lru_maintainer_juggles", "malloc_fails",
        "log_worker_dropped", "log_worker_written", "log_watcher_skipped", "log_watcher_sent", "log_watchers",
        "ssl_handshake_errors", "ssl_proto_errors", "time_since_server_cert_refresh", "unexpected_napi_ids",
        "round_robin_fallback", "bytes", "curr_items", "total_items",
        "slab_global_page_pool", "expired_unfetched", "evicted_unfetched", "evicted_active", "evictions",
        "reclaimed", "crawler_reclaimed", "crawler_items_checked", "lrutail_reflocked", "moves_to_cold",
        "moves_to_warm", "moves_within_lru", "direct_reclaims", "lru_bumps_dropped"};

    /** memcached 1.6.18's "stats settings", key by key (a build with extstore and TLS, as Debian's). */
    static final String[] SETTINGS = {
        "maxbytes", "maxconns", "tcpport", "udpport", "inter", "verbosity", "oldest", "evictions",
        "domain_socket", "umask", "shutdown_command", "growth_factor", "chunk_size", "num_threads",
        "num_threads_per_udp", "stat_key_prefix", "detail_enabled", "reqs_per_event", "cas_enabled",
        "tcp_backlog", "binding_protocol", "auth_enabled_sasl", "auth_enabled_ascii", "item_size_max",
        "maxconns_fast", "hashpower_init", "slab_reassign", "slab_automove", "slab_automove_ratio",
        "slab_automove_window", "slab_chunk_max", "lru_crawler", "lru_crawler_sleep", "lru_crawler_tocrawl",
        "tail_repair_time", "flush_enabled", "dump_enabled", "hash_algorithm", "lru_maintainer_thread",
        "lru_segmented", "hot_lru_pct", "warm_lru_pct", "hot_max_factor", "warm_max_factor", "temp_lru",
        "temporary_ttl", "idle_timeout", "watcher_logbuf_size", "worker_logbuf_size", "read_buf_mem_limit",
        "track_sizes", "inline_ascii_response", "ext_item_size", "ext_item_age", "ext_low_ttl",
        "ext_recache_rate", "ext_wbuf_size", "ext_compact_under", "ext_drop_under", "ext_max_sleep",
        "ext_max_frag", "slab_automove_freeratio", "ext_drop_unread", "ssl_enabled", "ssl_chain_cert",
        "ssl_key", "ssl_verify_mode", "ssl_keyformat", "ssl_ciphers", "ssl_ca_cert", "ssl_wbuf_size",
        "ssl_session_cache", "ssl_kernel_tls", "ssl_min_version", "num_napi_ids", "memory_file"};

    private final Map<String, String> values = new LinkedHashMap<>();

    @Override
    public void stat(final String name, final String value)
    {
        values.put(name, value);
    }

    /**
     * Writes the statistics gathered: first those named in {@code order}, in it, then the rest.
     *
     * @param order memcached's order.
     * @param sink  where they go.
     */
    void writeTo(final String[] order, final StatSink sink)
    {
        final Map<String, String> rest = new LinkedHashMap<>(values);
        for (final String name : order)
        {
            final String value = rest.remove(name);
            if (null != value)
            {
                sink.stat(name, value);
            }
        }
        rest.forEach(sink::stat);
    }
}

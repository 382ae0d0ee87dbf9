/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.slabcache.memcached.protocol.ProtocolStats;
import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.PrefixStats;
import dev.slabcache.memcached.store.StatSink;
import dev.slabcache.memcached.store.Watchers;

/**
 * The server's own counters (connections, bytes, the commands the store does not count) and the general "stats"
 * and "stats settings" replies that put them beside the store's.
 */
public final class ServerStats implements ProtocolStats
{
    private final long startedAt = System.currentTimeMillis() / 1000;
    private final ServerConfig config;
    private final TlsContext tls;
    private final AtomicLong currConnections = new AtomicLong();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final AtomicLong connectionStructures = new AtomicLong(1);
    private final LongAdder listenDisabledCount = new LongAdder();
    private final LongAdder listenDisabledNanos = new LongAdder();
    private final LongAdder idleKicks = new LongAdder();
    private final LongAdder authCommands = new LongAdder();
    private final LongAdder authErrors = new LongAdder();
    private volatile boolean acceptingConnections = true;
    private long listenDisabledAt;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder metaCommands = new LongAdder();
    private volatile int verbosity;

    /**
     * Makes the counters of a server just started.
     *
     * @param config the settings reported by "stats settings".
     */
    public ServerStats(final ServerConfig config)
    {
        this(config, null);
    }

    /**
     * Makes the counters of a server just started, with TLS.
     *
     * @param config the settings reported by "stats settings".
     * @param tls    the server's TLS, whose counters "stats" shows, or null without -Z.
     */
    ServerStats(final ServerConfig config, final TlsContext tls)
    {
        this.config = config;
        this.tls = tls;
        this.verbosity = config.verbosity();
        totalConnections.increment(); // memcached counts its listener in total_connections (not after a reset)
    }

    /**
     * Returns the connections open now.
     *
     * @return the connections open now.
     */
    public long currConnections()
    {
        return currConnections.get();
    }

    /**
     * Counts a connection opening, unless the limit is reached.
     *
     * @param limit the most connections open at once.
     * @return whether the connection may stay.
     */
    public boolean tryOpen(final int limit)
    {
        while (true)
        {
            final long now = currConnections.get();
            if (now >= limit)
            {
                rejectedConnections.increment();
                return false;
            }
            if (currConnections.compareAndSet(now, now + 1))
            {
                totalConnections.increment();
                connectionStructures.accumulateAndGet(now + 2, Math::max);
                return true;
            }
        }
    }

    /** Counts a connection admitted by {@link #tryOpen} closing. */
    public void closed()
    {
        currConnections.decrementAndGet();
    }

    /**
     * Returns whether the listener accepts new connections now; false while accepts fail (too many open files).
     *
     * @return whether the listener accepts new connections now; false while accepts fail (too many open files).
     */
    public boolean acceptingConnections()
    {
        return acceptingConnections;
    }

    /** Counts the listener stopping to accept, as memcached's accept_new_conns(false); only the listener calls it. */
    public void listenDisabled()
    {
        listenDisabledAt = System.nanoTime();
        listenDisabledCount.increment();
        acceptingConnections = false;
    }

    /** Counts the listener accepting again after {@link #listenDisabled()}; only the listener calls it. */
    public void listenEnabled()
    {
        listenDisabledNanos.add(System.nanoTime() - listenDisabledAt);
        acceptingConnections = true;
    }

    /** Counts a connection closed by the idle timeout. */
    public void idleKick()
    {
        idleKicks.increment();
    }

    /**
     * Returns the level of -v or of the last "verbosity" command.
     *
     * @return the level of -v or of the last "verbosity" command.
     */
    @Override
    public int verbosity()
    {
        return verbosity;
    }

    /**
     * Counts bytes read from a client, in bytes_read.
     *
     * @param bytes read from a client.
     */
    @Override
    public void read(final long bytes)
    {
        bytesRead.add(bytes);
    }

    /**
     * Counts bytes written to a client, in bytes_written.
     *
     * @param bytes written to a client.
     */
    @Override
    public void written(final long bytes)
    {
        bytesWritten.add(bytes);
    }

    /** Counts one meta command. */
    @Override
    public void metaCommand()
    {
        metaCommands.increment();
    }

    /**
     * Sets the level a "verbosity" command asks for.
     *
     * @param level the "verbosity" set by a client.
     */
    @Override
    public void verbosity(final int level)
    {
        verbosity = level;
    }

    /**
     * Counts an authentication checked (auth_cmds), and a failed one (auth_errors).
     *
     * @param success whether the credentials were right.
     */
    @Override
    public void authenticated(final boolean success)
    {
        authCommands.increment();
        if (!success)
        {
            authErrors.increment();
        }
    }

    /** Sets the server's counters that "stats reset" resets back to zero. */
    @Override
    public void reset()
    {
        totalConnections.reset();
        rejectedConnections.reset();
        authCommands.reset();
        authErrors.reset();
        listenDisabledCount.reset();
        listenDisabledNanos.reset();
        idleKicks.reset();
        bytesRead.reset();
        bytesWritten.reset();
        metaCommands.reset();
    }

    /**
     * The general "stats": the server's figures and the store's, in memcached's order.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    @Override
    public void general(final ItemStore store, final StatSink sink)
    {
        final StatsSheet sheet = new StatsSheet();
        final long now = System.currentTimeMillis() / 1000;
        final long[] cpu = ProcessCpu.userAndSystemMicros();
        sheet.stat("pid", Long.toString(ProcessHandle.current().pid()));
        sheet.stat("uptime", Long.toString(now - startedAt));
        sheet.stat("time", Long.toString(now));
        sheet.stat("version", VERSION);
        sheet.stat("libevent", "netty-4.2");
        sheet.stat("pointer_size", "64");
        sheet.stat("rusage_user", ProcessCpu.seconds(cpu[0]));
        sheet.stat("rusage_system", ProcessCpu.seconds(cpu[1]));
        sheet.stat("max_connections", Integer.toString(config.connectionLimit()));
        sheet.stat("curr_connections", Long.toString(currConnections.get()));
        sheet.stat("total_connections", Long.toString(totalConnections.sum()));
        sheet.stat("rejected_connections", Long.toString(rejectedConnections.sum()));
        sheet.stat("connection_structures", Long.toString(connectionStructures.get()));
        // memcached's response-object and read-buffer pools: Netty's pooled buffers stand for them.
        sheet.stat("response_obj_oom", "0");
        sheet.stat("response_obj_count", "0");
        sheet.stat("response_obj_bytes", "0");
        sheet.stat("read_buf_count", "0");
        sheet.stat("read_buf_bytes", "0");
        sheet.stat("read_buf_bytes_free", "0");
        sheet.stat("read_buf_oom", "0");
        sheet.stat("reserved_fds", "0");
        sheet.stat("cmd_meta", Long.toString(metaCommands.sum()));
        sheet.stat("auth_cmds", Long.toString(authCommands.sum()));
        sheet.stat("auth_errors", Long.toString(authErrors.sum()));
        sheet.stat("bytes_read", Long.toString(bytesRead.sum()));
        sheet.stat("bytes_written", Long.toString(bytesWritten.sum()));
        sheet.stat("accepting_conns", acceptingConnections ? "1" : "0");
        sheet.stat("listen_disabled_num", Long.toString(listenDisabledCount.sum()));
        sheet.stat("time_in_listen_disabled_us", Long.toString(listenDisabledNanos.sum() / 1000));
        if (0 != config.idleTimeoutSeconds())
        {
            sheet.stat("idle_kicks", Long.toString(idleKicks.sum()));
        }
        sheet.stat("threads", Integer.toString(config.threads()));
        sheet.stat("conn_yields", "0");
        store.admin().watchers().stats(sheet);
        if (null != tls)
        {
            // memcached counts handshake failures; a bad record after the handshake closes the connection here
            // and is not counted apart (ssl_proto_errors stays 0).
            sheet.stat("ssl_handshake_errors", Long.toString(tls.handshakeErrors()));
            sheet.stat("ssl_proto_errors", "0");
            sheet.stat("time_since_server_cert_refresh", Long.toString(tls.secondsSinceRefresh()));
        }
        sheet.stat("unexpected_napi_ids", "0");
        sheet.stat("round_robin_fallback", "0");
        store.admin().stats(sheet);
        sheet.writeTo(StatsSheet.GENERAL, sink);
    }

    /**
     * "stats settings": the server's settings and the store's, in memcached's order.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    @Override
    public void settings(final ItemStore store, final StatSink sink)
    {
        final StatsSheet sheet = new StatsSheet();
        final String threads = Integer.toString(config.threads());
        sheet.stat("maxconns", Integer.toString(config.connectionLimit()));
        sheet.stat("tcpport", Integer.toString(config.port()));
        sheet.stat("udpport", "0");
        sheet.stat("inter", config.listen());
        sheet.stat("verbosity", Integer.toString(verbosity));
        sheet.stat("oldest", "0");
        sheet.stat("domain_socket", null == config.socketPath() ? "NULL" : config.socketPath().toString());
        sheet.stat("umask", Integer.toOctalString(config.unixMask()));
        sheet.stat("shutdown_command", config.shutdownEnabled() ? "yes" : "no");
        sheet.stat("flush_enabled", config.flushEnabled() ? "yes" : "no");
        sheet.stat("dump_enabled", config.dumpEnabled() ? "yes" : "no");
        sheet.stat("num_threads", threads);
        sheet.stat("num_threads_per_udp", threads);
        sheet.stat("stat_key_prefix", Character.toString(PrefixStats.DELIMITER));
        sheet.stat("detail_enabled", store.admin().prefixStats().enabled() ? "yes" : "no");
        sheet.stat("reqs_per_event", Integer.toString(config.requestsPerEvent()));
        sheet.stat("tcp_backlog", Integer.toString(config.listenBacklog()));
        sheet.stat("binding_protocol", config.protocol().statsName());
        sheet.stat("auth_enabled_sasl", config.sasl() ? "yes" : "no");
        // memcached names the file here; its path is no secret, its lines are.
        sheet.stat("auth_enabled_ascii", null == config.authFile() ? "no" : config.authFile().toString());
        sheet.stat("maxconns_fast", config.extended().maxconnsFast() ? "yes" : "no");
        sheet.stat("hashpower_init", Integer.toString(config.extended().hashPowerInit()));
        sheet.stat("idle_timeout", Long.toString(config.idleTimeoutSeconds()));
        sheet.stat("watcher_logbuf_size", Integer.toString(Watchers.BUFFER_BYTES));
        sheet.stat("worker_logbuf_size", "65536");
        sheet.stat("read_buf_mem_limit", "0");
        sheet.stat("inline_ascii_response", "no");
        // Neither extstore nor TLS is built in: memcached's values when they are not configured.
        sheet.stat("ext_item_size", "512");
        sheet.stat("ext_item_age", "4294967295");
        sheet.stat("ext_low_ttl", "0");
        sheet.stat("ext_recache_rate", "2000");
        sheet.stat("ext_wbuf_size", "4194304");
        sheet.stat("ext_compact_under", "0");
        sheet.stat("ext_drop_under", "0");
        sheet.stat("ext_max_sleep", "1000000");
        sheet.stat("ext_max_frag", "0.80");
        sheet.stat("ext_drop_unread", "no");
        final TlsOptions options = config.tls();
        sheet.stat("ssl_enabled", options.enabled() ? "yes" : "no");
        sheet.stat("ssl_chain_cert", null == options.chainCert() ? "(null)" : options.chainCert().toString());
        sheet.stat("ssl_key", null == options.key() ? "(null)" : options.key().toString());
        sheet.stat("ssl_verify_mode", Integer.toString(options.verifyMode()));
        sheet.stat("ssl_keyformat", "1");
        sheet.stat("ssl_ciphers", "NULL");
        sheet.stat("ssl_ca_cert", null == options.caCert() ? "NULL" : options.caCert().toString());
        sheet.stat("ssl_wbuf_size", "16384");
        sheet.stat("ssl_session_cache", "no");
        sheet.stat("ssl_kernel_tls", "no");
        sheet.stat("ssl_min_version", "tlsv1.2");
        sheet.stat("num_napi_ids", "(null)");
        store.admin().statsSettings(sheet);
        sheet.writeTo(StatsSheet.SETTINGS, sink);
    }
}

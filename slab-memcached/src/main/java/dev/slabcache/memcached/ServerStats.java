/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's own counters (connections, bytes, the commands the store does not count) and the general "stats"
 * and "stats settings" replies that put them beside the store's.
 */
public final class ServerStats
{
    /** The version reported: a memcached 1.6 version first, which clients pick their rules by. */
    public static final String VERSION = "1.6.18-slabcache-0.1.0";

    private final long startedAt = System.currentTimeMillis() / 1000;
    private final ServerConfig config;
    private final AtomicLong currConnections = new AtomicLong();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final AtomicLong connectionStructures = new AtomicLong(1);
    private final LongAdder listenDisabledCount = new LongAdder();
    private final LongAdder listenDisabledNanos = new LongAdder();
    private final LongAdder idleKicks = new LongAdder();
    private volatile boolean acceptingConnections = true;
    private long listenDisabledAt;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder metaCommands = new LongAdder();
    private volatile int verbosity;

    /**
     * @param config the settings reported by "stats settings".
     */
    public ServerStats(final ServerConfig config)
    {
        this.config = config;
        this.verbosity = config.verbosity();
        totalConnections.increment(); // memcached counts its listener in total_connections (not after a reset)
    }

    /** @return the connections open now. */
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

    /** @return whether the listener accepts new connections now; false while accepts fail (too many open files). */
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

    /** @return the level of -v or of the last "verbosity" command. */
    public int verbosity()
    {
        return verbosity;
    }

    /** @param bytes read from a client. */
    public void read(final long bytes)
    {
        bytesRead.add(bytes);
    }

    /** @param bytes written to a client. */
    public void written(final long bytes)
    {
        bytesWritten.add(bytes);
    }

    /** Counts one meta command. */
    public void metaCommand()
    {
        metaCommands.increment();
    }

    /** @param level the "verbosity" set by a client. */
    public void verbosity(final int level)
    {
        verbosity = level;
    }

    /** Sets the server's counters that "stats reset" resets back to zero. */
    public void reset()
    {
        totalConnections.reset();
        rejectedConnections.reset();
        listenDisabledCount.reset();
        listenDisabledNanos.reset();
        idleKicks.reset();
        bytesRead.reset();
        bytesWritten.reset();
        metaCommands.reset();
    }

    /**
     * The general "stats": the server's figures, then the store's.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    public void general(final ItemStore store, final StatSink sink)
    {
        final long now = System.currentTimeMillis() / 1000;
        final long cpuNanos = processCpuNanos();
        sink.stat("pid", Long.toString(ProcessHandle.current().pid()));
        sink.stat("uptime", Long.toString(now - startedAt));
        sink.stat("time", Long.toString(now));
        sink.stat("version", VERSION);
        sink.stat("libevent", "netty-4.2");
        sink.stat("pointer_size", "64");
        sink.stat("rusage_user", seconds(cpuNanos));
        sink.stat("rusage_system", "0.000000");
        sink.stat("max_connections", Integer.toString(config.connectionLimit()));
        sink.stat("curr_connections", Long.toString(currConnections.get()));
        sink.stat("total_connections", Long.toString(totalConnections.sum()));
        sink.stat("rejected_connections", Long.toString(rejectedConnections.sum()));
        sink.stat("connection_structures", Long.toString(connectionStructures.get()));
        sink.stat("accepting_conns", acceptingConnections ? "1" : "0");
        sink.stat("listen_disabled_num", Long.toString(listenDisabledCount.sum()));
        sink.stat("time_in_listen_disabled_us", Long.toString(listenDisabledNanos.sum() / 1000));
        if (0 != config.idleTimeoutSeconds())
        {
            sink.stat("idle_kicks", Long.toString(idleKicks.sum()));
        }
        sink.stat("cmd_meta", Long.toString(metaCommands.sum()));
        sink.stat("bytes_read", Long.toString(bytesRead.sum()));
        sink.stat("bytes_written", Long.toString(bytesWritten.sum()));
        sink.stat("threads", Integer.toString(config.threads()));
        store.stats(sink);
    }

    /**
     * "stats settings": the server's settings, then the store's.
     *
     * @param store the items.
     * @param sink  where the lines go.
     */
    public void settings(final ItemStore store, final StatSink sink)
    {
        sink.stat("maxbytes", Long.toString(config.memoryLimitMiB() * 1024 * 1024));
        sink.stat("maxconns", Integer.toString(config.connectionLimit()));
        sink.stat("idle_timeout", Long.toString(config.idleTimeoutSeconds()));
        sink.stat("tcpport", Integer.toString(config.port()));
        sink.stat("udpport", "0");
        sink.stat("interface", config.listen());
        sink.stat("verbosity", Integer.toString(verbosity));
        sink.stat("num_threads", Integer.toString(config.threads()));
        sink.stat("cas_enabled", "yes");
        sink.stat("binding_protocol", config.protocol().statsName());
        sink.stat("memory_file", null == config.memoryFile() ? "" : config.memoryFile().toString());
        store.statsSettings(sink);
    }

    private static long processCpuNanos()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun)
        {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }

    private static String seconds(final long nanos)
    {
        return String.format("%d.%06d", nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000);
    }
}

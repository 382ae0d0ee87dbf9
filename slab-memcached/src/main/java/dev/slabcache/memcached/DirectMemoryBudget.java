/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.slabcache.master.PagePool;
import dev.slabcache.memcached.store.StoreSettings;

/**
 * The direct memory a server needs, checked against the JVM's limit before it starts. Item pages and Netty's
 * buffers both come from direct memory, both counted against {@code -XX:MaxDirectMemorySize} (by default the heap
 * limit): a limit below -m would let item pages take the connections' buffers, and a page asked for past the limit
 * stalls its set in the JDK's collect-and-retry before it fails. So the server starts only when the limit holds
 * every page -m allows plus a budget for the connections, and the page pool never makes more pages than that.
 * <p>
 * The connections' budget: {@value #BASE_MIB} MiB for the allocator's chunks, {@value #PER_CONNECTION_KIB} KiB per
 * connection of -c (a connection at rest holds a small read and reply buffer), and per event-loop thread of -t two
 * pages, the largest value being read in and one being written out. A memory file (--memory-file) is mapped, not
 * direct memory, so its pages are not counted.
 */
final class DirectMemoryBudget
{
    /** MiB of direct memory every server keeps for Netty's buffers, whatever its -c. */
    static final long BASE_MIB = 16;
    /** KiB of direct memory kept per connection of -c. */
    static final long PER_CONNECTION_KIB = 16;

    private static final long MIB = 1L << 20;

    private final ServerConfig config;
    private final long itemBytes;
    private final long connectionBytes;

    private DirectMemoryBudget(final ServerConfig config, final long itemBytes, final long connectionBytes)
    {
        this.config = config;
        this.itemBytes = itemBytes;
        this.connectionBytes = connectionBytes;
    }

    /**
     * @param config the command line.
     * @return the direct memory the server started with it needs.
     */
    static DirectMemoryBudget of(final ServerConfig config)
    {
        final StoreSettings settings = config.storeSettings();
        final long pageSize = settings.pageSize();
        // PagePool.direct makes memoryLimit / pageSize pages, each a direct buffer padded for its alignment.
        final long items = null == settings.memoryFile() ?
            settings.memoryLimit() / pageSize * (pageSize + PagePool.PAGE_ALIGNMENT) : 0;
        final long connections = BASE_MIB * MIB + PER_CONNECTION_KIB * 1024 * config.connectionLimit() +
            2 * pageSize * config.threads();
        return new DirectMemoryBudget(config, items, connections);
    }

    /** @return bytes of direct memory the item pages take when memory is full; 0 with a memory file. */
    long itemBytes()
    {
        return itemBytes;
    }

    /** @return bytes of direct memory kept for the connections' buffers. */
    long connectionBytes()
    {
        return connectionBytes;
    }

    /**
     * @param jvmLimit bytes of direct memory the JVM allows, as {@link #jvmLimit()} gives.
     * @throws IllegalStateException on one line naming -m, -c, both needs, the limit and the flag that raises it,
     *                               when the items and the connections do not both fit.
     */
    void check(final long jvmLimit)
    {
        final long needed = itemBytes + connectionBytes;
        if (needed > jvmLimit)
        {
            final String items = "-m " + config.memoryLimitMiB() + " needs " + (0 == itemBytes ?
                "no direct memory for items (a memory file) but " :
                mib(itemBytes) + " MiB of direct memory for items plus ");
            throw new IllegalStateException(items + mib(connectionBytes) + " MiB for connections (-c " +
                config.connectionLimit() + ", -t " + config.threads() + ", -I " + config.maxItemSize() +
                "); this JVM allows " + mib(jvmLimit) + " MiB (-XX:MaxDirectMemorySize, by default -Xmx): start " +
                "java with -XX:MaxDirectMemorySize=" + mib(needed) + "m or more, or with bin/slab-memcached, " +
                "which sizes the JVM from -m and -c");
        }
    }

    /**
     * @return bytes of direct memory this JVM allows: {@code -XX:MaxDirectMemorySize}, or the heap limit when that
     * is not set, as the JDK reads it.
     */
    static long jvmLimit()
    {
        try
        {
            // The JDK's own figure; the Agrona flag the server needs already opens this package.
            final Method maxDirectMemory = Class.forName("jdk.internal.misc.VM").getMethod("maxDirectMemory");
            maxDirectMemory.setAccessible(true);
            return (long)maxDirectMemory.invoke(null);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            final long option = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxDirectMemorySize").getValue());
            return 0 == option ? Runtime.getRuntime().maxMemory() : option;
        }
    }

    private static long mib(final long bytes)
    {
        return (bytes + MIB - 1) / MIB;
    }
}

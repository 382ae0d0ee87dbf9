/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core.testing;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's {@code direct} buffer pool, as a monitoring tool sees it; public for the tests of the modules that
 * depend on this one's test jar.
 */
public final class DirectMemory
{
    private static final BufferPoolMXBean POOL = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
        .stream().filter((pool) -> "direct".equals(pool.getName())).findFirst().orElseThrow();

    private DirectMemory()
    {
    }

    /**
     * @return direct buffers the JVM holds memory for.
     */
    public static long count()
    {
        return POOL.getCount();
    }

    /**
     * @return bytes of direct memory the JVM has reserved for them.
     */
    public static long used()
    {
        return POOL.getMemoryUsed();
    }

    /**
     * Prints both figures as {@code prefix.count=} and {@code prefix.used=} lines, for a forked JVM's parent.
     */
    public static void print(final String prefix)
    {
        System.out.println(prefix + ".count=" + count());
        System.out.println(prefix + ".used=" + used());
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.consumer;

import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SlabCache;
import dev.slabcache.micrometer.SlabCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Uses a cache, a size-class cache and the Micrometer binder, and prints {@code key=value} lines for ModulePathIT:
 * which modules the JVM resolved, what it read back, or the library's message when it could not run.
 */
public final class Main
{
    private Main()
    {
    }

    /**
     * Runs the checks.
     *
     * @param args {@code jmx} to register the caches' MXBeans.
     */
    public static void main(final String[] args)
    {
        final boolean jmx = 1 == args.length && "jmx".equals(args[0]);
        System.out.println("module=" + Main.class.getModule().getName());
        System.out.println("jfr=" + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
        System.out.println("management=" + ModuleLayer.boot().findModule("java.management").isPresent());
        try (SlabCache cache = SlabCache.builder().name("consumer").registerMBean(jmx).build();
            SizeClassCache sizes = SizeClassCache.builder().name("consumer-sizes").registerMBean(jmx).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer buffer = cache.buffer(handle);
            buffer.putLong(cache.offset(handle), 42L);
            System.out.println("read=" + buffer.getLong(cache.offset(handle)));
            cache.free(handle);

            final long item = sizes.allocate(1000);
            System.out.println("slotSize=" + sizes.slotSize(item));
            sizes.free(item);

            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new SlabCacheMetrics(cache).bindTo(registry);
            System.out.println("used=" + registry.get("slabcache.slots.used").gauge().value());
        }
        catch (final IllegalStateException ex)
        {
            System.out.println("failure=" + ex.getMessage());
        }
    }
}

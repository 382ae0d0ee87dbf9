/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlabCacheStats;
import dev.slabcache.master.ThreadSafety;
import dev.slabcache.micrometer.SlabCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One cache seen three ways: its own {@link SlabCache#stats()}, Micrometer meters bound by {@link SlabCacheMetrics}
 * (slab-micrometer), and the {@code SlabCacheMXBean} that {@code registerMBean(true)} registers with the platform
 * MBean server, where {@code jconsole} or any JMX client reads it. All three read the same figures. Run it with:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp slab-examples/target/slab-examples.jar \
 *       dev.slabcache.examples.MetricsExample
 * </pre>
 */
public final class MetricsExample
{
    static final int ORDERS = 100;
    static final int FILLED = 40;
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 4096;

    private MetricsExample()
    {
    }

    /**
     * Runs the example and prints what each view shows.
     *
     * @param args ignored.
     * @throws Exception when the MBean server cannot be read.
     */
    public static void main(final String[] args) throws Exception
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName name = new ObjectName("dev.slabcache:type=SlabCache,name=" + ObjectName.quote("orders"));

        // One owner thread keeps the counts exact at every read: no slot waits in a magazine.
        try (SlabCache orders = SlabCache.builder()
            .name("orders")
            .slotSize(SLOT_SIZE)
            .slabSize(SLAB_SIZE)
            .threadSafety(ThreadSafety.SINGLE_OWNER)
            .registerMBean(true)
            .build())
        {
            new SlabCacheMetrics(orders, Tags.of("app", "example")).bindTo(registry);

            final long[] handles = new long[ORDERS];
            for (int i = 0; i < ORDERS; i++)
            {
                handles[i] = orders.allocate();
            }
            for (int i = 0; i < FILLED; i++)
            {
                orders.free(handles[i]);
            }
            System.out.println(ORDERS + " orders placed, " + FILLED + " filled.");

            final SlabCacheStats stats = orders.stats();
            System.out.println("stats():    slots in use " + stats.slotsInUse() + ", slabs " + stats.slabs() +
                ", bytes in use " + stats.bytesInUse() + ", allocations " + stats.allocations());

            // A scrape reads stats() once: these meters share one snapshot, as a registry's scrape does.
            System.out.println("Micrometer: slabcache.slots.used " + gauge(registry, "slabcache.slots.used") +
                ", slabcache.slabs{state=partial} " +
                registry.get("slabcache.slabs").tag("state", "partial").gauge().value() +
                ", slabcache.bytes.used " + gauge(registry, "slabcache.bytes.used") +
                ", slabcache.allocations " + registry.get("slabcache.allocations").functionCounter().count());

            System.out.println("JMX " + name + ": SlotsInUse " + server.getAttribute(name, "SlotsInUse") +
                ", Slabs " + server.getAttribute(name, "Slabs") + ", BytesInUse " +
                server.getAttribute(name, "BytesInUse") + ", Allocations " + server.getAttribute(name, "Allocations"));

            for (int i = FILLED; i < ORDERS; i++)
            {
                orders.free(handles[i]);
            }
            System.out.println("Every order filled: Releases " + server.getAttribute(name, "Releases") +
                " (a slab emptied beyond retainEmptySlabs goes back at once); the MBean's trim() gave back " +
                server.invoke(name, "trim", null, null) + " more: Releases " + server.getAttribute(name, "Releases"));
        }

        System.out.println("Closed: MBean registered " + server.isRegistered(name) + ", slabcache.slots.used " +
            gauge(registry, "slabcache.slots.used") + " (a closed cache reads NaN).");
    }

    private static double gauge(final MeterRegistry registry, final String meter)
    {
        return registry.get(meter).tag("cache", "orders").gauge().value();
    }
}

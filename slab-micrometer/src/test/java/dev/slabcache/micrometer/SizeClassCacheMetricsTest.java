/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.util.concurrent.atomic.AtomicInteger;

import dev.slabcache.master.PageMove;
import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.ThreadSafety;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static dev.slabcache.micrometer.Scrapes.counting;
import static dev.slabcache.micrometer.Scrapes.scrape;
import static dev.slabcache.micrometer.SlabCacheMetricsTest.counter;
import static dev.slabcache.micrometer.SlabCacheMetricsTest.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SizeClassCacheMetrics} in a {@link SimpleMeterRegistry}: totals and per-class figures, one
 * {@code stats()} call per scrape, and a closed cache read as gone.
 */
class SizeClassCacheMetricsTest
{
    private static final int PAGE = 64 * 1024;

    @Test
    void shouldShowTotalsAndEachClass()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SizeClassCache cache = cache("classes"))
        {
            new SizeClassCacheMetrics(cache).bindTo(registry);
            final long small = cache.allocate(60);
            final long large = cache.allocate(1000);
            final long other = cache.allocate(900);
            cache.free(other);

            assertEquals(2, gauge(registry, "slabcache.pages"));
            assertEquals(2, gauge(registry, "slabcache.pool.pages.used"));
            assertEquals(4, gauge(registry, "slabcache.pool.pages.limit"));
            assertEquals(2, gauge(registry, "slabcache.slots.used"));
            assertEquals(2 * PAGE, gauge(registry, "slabcache.bytes.held"));
            assertEquals(64 + 1024, gauge(registry, "slabcache.bytes.used"));
            assertEquals(2 * PAGE - 64 - 1024, gauge(registry, "slabcache.bytes.idle"));
            assertEquals(3, counter(registry, "slabcache.allocations"));
            assertEquals(1, counter(registry, "slabcache.frees"));
            assertEquals(1, gauge(registry, "slabcache.class.slots.used", "slotSize", "1024"));
            assertEquals(1024, gauge(registry, "slabcache.class.bytes.used", "slotSize", "1024"));
            assertEquals(2, counter(registry, "slabcache.class.allocations", "slotSize", "1024"));
            assertEquals(1, gauge(registry, "slabcache.class.pages", "slotSize", "64"));
            assertEquals(0, gauge(registry, "slabcache.class.pages", "slotSize", "128"));
            assertEquals(cache.classes().size(), registry.find("slabcache.class.pages").gauges().size());
            cache.free(small);
            cache.free(large);
        }
    }

    @Test
    void shouldCountPageMoves()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SizeClassCache cache = cache("moves"))
        {
            new SizeClassCacheMetrics(cache).bindTo(registry);
            final long handle = cache.allocate(64);
            final PageMove move = cache.movePage(cache.classFor(64), cache.classFor(256),
                (h, buffer, offset) -> { });
            assertEquals(PageMove.MOVED, move);

            assertEquals(1, counter(registry, "slabcache.pages.moved"));
            assertEquals(1, counter(registry, "slabcache.class.pages.moved.out", "slotSize", "64"));
            assertEquals(1, counter(registry, "slabcache.class.pages.moved.in", "slotSize", "256"));
            assertEquals(1, counter(registry, "slabcache.class.slots.evicted", "slotSize", "64"));
            assertTrue(handle > 0);
        }
    }

    @Test
    void shouldCallStatsOncePerScrape()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final AtomicInteger calls = new AtomicInteger();
        try (SizeClassCache cache = cache("one-call"))
        {
            final int[] sizes = cache.classes().stream().mapToInt(SizeClass::slotSize).toArray();
            new SizeClassCacheMetrics(cache.name(), sizes, counting(cache::stats, calls), Tags.empty())
                .bindTo(registry);

            final int values = scrape(registry, false);
            assertTrue(values > 10 * sizes.length, values + " values");
            assertEquals(1, calls.get());
            scrape(registry, true);
            assertEquals(2, calls.get());
        }
    }

    @Test
    void shouldReadAClosedCacheAsGoneWithoutThrowing()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final SizeClassCache cache = cache("closed");
        new SizeClassCacheMetrics(cache).bindTo(registry);
        cache.free(cache.allocate(100));
        scrape(registry, false);
        cache.close();

        scrape(registry, false);

        assertTrue(Double.isNaN(gauge(registry, "slabcache.bytes.held")));
        assertTrue(Double.isNaN(gauge(registry, "slabcache.class.slots.used", "slotSize", "128")));
        assertEquals(1, counter(registry, "slabcache.allocations"));
        assertEquals(1, counter(registry, "slabcache.class.frees", "slotSize", "128"));
    }

    private static SizeClassCache cache(final String name)
    {
        return SizeClassCache.builder().name(name).minSlotSize(64).maxSlotSize(1024).growthFactor(2).pageSize(PAGE)
            .memoryLimit(4L * PAGE).threadSafety(ThreadSafety.LOCKED).build();
    }
}

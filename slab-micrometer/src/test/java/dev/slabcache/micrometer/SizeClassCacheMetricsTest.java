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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SizeClassCacheMetrics} in a {@link SimpleMeterRegistry}: totals and per-class figures, one
 * {@code stats()} call per scrape, and a closed cache read as gone.
 */
class SizeClassCacheMetricsTest
{
    private static final int PAGE = 64 * 1024;
    private static final int TOTAL_METERS = 13;
    private static final int CLASS_METERS = 11;

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

    @Test
    void shouldBindOnlyTheTotalsOfACacheOfTheDefaultSizesUnlessAskedForEachClass()
    {
        try (SizeClassCache cache = SizeClassCache.builder().name("defaults").build())
        {
            assertEquals(41, cache.classes().size());
            final MeterRegistry totals = new SimpleMeterRegistry();
            new SizeClassCacheMetrics(cache).bindTo(totals);
            final MeterRegistry perClass = new SimpleMeterRegistry();
            new SizeClassCacheMetrics(cache, Tags.empty(), SizeClassCacheMetrics.Detail.PER_CLASS).bindTo(perClass);

            assertEquals(TOTAL_METERS, totals.getMeters().size());
            assertTrue(totals.find("slabcache.class.pages").gauges().isEmpty());
            assertEquals(TOTAL_METERS + CLASS_METERS * 41, perClass.getMeters().size());
            assertEquals(464, perClass.getMeters().size());
        }
    }

    @Test
    void shouldBindTheTotalsOnlyOfASmallCacheWhenAsked()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SizeClassCache cache = cache("totals"))
        {
            new SizeClassCacheMetrics(cache, Tags.empty(), SizeClassCacheMetrics.Detail.TOTALS).bindTo(registry);
            final long handle = cache.allocate(100);

            assertEquals(TOTAL_METERS, registry.getMeters().size());
            assertEquals(1, gauge(registry, "slabcache.slots.used"));
            assertEquals(1, counter(registry, "slabcache.allocations"));
            cache.free(handle);
        }
    }

    @Test
    void shouldBindEachClassByDefaultUpToTheLimitOfClasses()
    {
        assertEquals(SizeClassCacheMetrics.Detail.PER_CLASS,
            SizeClassCacheMetrics.defaultDetail(SizeClassCacheMetrics.PER_CLASS_DEFAULT_MAX_CLASSES));
        assertEquals(SizeClassCacheMetrics.Detail.TOTALS,
            SizeClassCacheMetrics.defaultDetail(SizeClassCacheMetrics.PER_CLASS_DEFAULT_MAX_CLASSES + 1));
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SizeClassCache cache = cache("small"))
        {
            new SizeClassCacheMetrics(cache).bindTo(registry);

            assertEquals(TOTAL_METERS + CLASS_METERS * cache.classes().size(), registry.getMeters().size());
        }
    }

    @Test
    void shouldRejectANullDetail()
    {
        try (SizeClassCache cache = cache("null-detail"))
        {
            final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> new SizeClassCacheMetrics(cache, Tags.empty(), null));

            assertTrue(rejected.getMessage().contains("detail"), rejected::getMessage);
        }
    }

    private static SizeClassCache cache(final String name)
    {
        return SizeClassCache.builder().name(name).minSlotSize(64).maxSlotSize(1024).growthFactor(2).pageSize(PAGE)
            .memoryLimit(4L * PAGE).threadSafety(ThreadSafety.LOCKED).build();
    }
}

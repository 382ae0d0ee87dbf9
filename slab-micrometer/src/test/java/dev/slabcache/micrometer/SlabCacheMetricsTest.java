/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slabcache.core.SlabProvider;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static dev.slabcache.micrometer.Scrapes.counting;
import static dev.slabcache.micrometer.Scrapes.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SlabCacheMetrics} in a {@link SimpleMeterRegistry}: the figures, one {@code stats()} call per scrape, and
 * a closed or collected cache read as gone.
 */
class SlabCacheMetricsTest
{
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 4096;

    @Test
    void shouldShowTheCacheFiguresAsMeters()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabCache cache = cache("meters", ThreadSafety.SINGLE_OWNER))
        {
            new SlabCacheMetrics(cache, Tags.of("app", "test")).bindTo(registry);
            final long[] handles = new long[128 + 6];
            for (int i = 0; i < handles.length; i++)
            {
                handles[i] = cache.allocate();
            }
            for (int i = 0; i < 10; i++)
            {
                cache.free(handles[i]);
            }
            // 64 slots a slab: the first slab is partial again, the second full, the third holds 6.

            assertEquals(1, gauge(registry, "slabcache.slabs", "state", "full"));
            assertEquals(2, gauge(registry, "slabcache.slabs", "state", "partial"));
            assertEquals(0, gauge(registry, "slabcache.slabs", "state", "free"));
            assertEquals(3 * 64, gauge(registry, "slabcache.slots.capacity"));
            assertEquals(124, gauge(registry, "slabcache.slots.used"));
            assertEquals(0, gauge(registry, "slabcache.slots.magazines"));
            assertEquals(3 * SLAB_SIZE, gauge(registry, "slabcache.bytes.held"));
            assertEquals(124 * SLOT_SIZE, gauge(registry, "slabcache.bytes.used"));
            assertEquals(3 * SLAB_SIZE - 124 * SLOT_SIZE, gauge(registry, "slabcache.bytes.idle"));
            assertEquals(134, counter(registry, "slabcache.allocations"));
            assertEquals(10, counter(registry, "slabcache.frees"));
            assertEquals(3, counter(registry, "slabcache.slabs.grown"));
            assertEquals(0, counter(registry, "slabcache.allocations.failed"));
            assertEquals("bytes", registry.get("slabcache.bytes.held").gauge().getId().getBaseUnit());
            for (final Meter meter : registry.getMeters())
            {
                assertEquals("meters", meter.getId().getTag("cache"), meter.getId().toString());
                assertEquals("test", meter.getId().getTag("app"), meter.getId().toString());
            }
            for (int i = 10; i < handles.length; i++)
            {
                cache.free(handles[i]);
            }
        }
    }

    @Test
    void shouldCountFailedAllocations()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        try (SlabCache cache = SlabCache.builder().name("failures").maxSlabs(0).build())
        {
            new SlabCacheMetrics(cache).bindTo(registry);
            cache.tryAllocate();
            cache.tryAllocate();

            assertEquals(2, counter(registry, "slabcache.allocations.failed"));
        }
    }

    @Test
    void shouldCallStatsOncePerScrapeWhateverTheOrder()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final AtomicInteger calls = new AtomicInteger();
        try (SlabCache cache = cache("one-call", ThreadSafety.MAGAZINES))
        {
            new SlabCacheMetrics(cache.name(), counting(cache::stats, calls), Tags.empty()).bindTo(registry);

            final int values = scrape(registry, false);
            assertTrue(values > 10, values + " values");
            assertEquals(1, calls.get());

            final long handle = cache.allocate();
            scrape(registry, true);
            assertEquals(2, calls.get());
            scrape(registry, false);
            assertEquals(3, calls.get());
            assertEquals(1, gauge(registry, "slabcache.slots.used"), "a fourth scrape, read once more");
            assertEquals(4, calls.get());
            cache.free(handle);
        }
    }

    @Test
    void shouldReadAClosedCacheAsGoneWithoutThrowing()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final SlabCache cache = cache("closed", ThreadSafety.LOCKED);
        new SlabCacheMetrics(cache).bindTo(registry);
        cache.free(cache.allocate());
        final long handle = cache.allocate();
        scrape(registry, false);
        cache.free(handle);
        cache.close();

        scrape(registry, false);

        assertTrue(Double.isNaN(gauge(registry, "slabcache.slots.used")));
        assertTrue(Double.isNaN(gauge(registry, "slabcache.bytes.held")));
        assertTrue(Double.isNaN(gauge(registry, "slabcache.slabs", "state", "partial")));
        assertEquals(2, counter(registry, "slabcache.allocations"), "a counter keeps its last count");
        assertEquals(1, counter(registry, "slabcache.frees"), "the last count read, before the second free");
    }

    @Test
    void shouldReadACacheClosedBeforeAnyScrapeAsGone()
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        final SlabCache cache = cache("closed-early", ThreadSafety.MAGAZINES);
        new SlabCacheMetrics(cache).bindTo(registry);
        cache.close();

        assertTrue(Double.isNaN(gauge(registry, "slabcache.slots.capacity")));
        assertEquals(0, counter(registry, "slabcache.allocations"));
    }

    @Test
    void shouldNotKeepACollectedCacheAliveAndReadItAsGone() throws InterruptedException
    {
        final MeterRegistry registry = new SimpleMeterRegistry();
        SlabCache cache = cache("dropped", ThreadSafety.LOCKED);
        new SlabCacheMetrics(cache).bindTo(registry);
        final WeakReference<SlabCache> reference = new WeakReference<>(cache);
        assertEquals(0, gauge(registry, "slabcache.slots.used"));
        cache = null;

        for (int i = 0; i < 50 && null != reference.get(); i++)
        {
            System.gc();
            Thread.sleep(10);
        }

        assertEquals(null, reference.get(), "the meters hold the cache");
        assertTrue(Double.isNaN(gauge(registry, "slabcache.slots.used")));
    }

    private static SlabCache cache(final String name, final ThreadSafety mode)
    {
        return SlabCache.builder().name(name).slotSize(SLOT_SIZE).slabSize(SLAB_SIZE).provider(SlabProvider.heap())
            .threadSafety(mode).build();
    }

    static double gauge(final MeterRegistry registry, final String name, final String... tags)
    {
        return registry.get(name).tags(tags).gauge().value();
    }

    static double counter(final MeterRegistry registry, final String name, final String... tags)
    {
        return registry.get(name).tags(tags).functionCounter().count();
    }
}

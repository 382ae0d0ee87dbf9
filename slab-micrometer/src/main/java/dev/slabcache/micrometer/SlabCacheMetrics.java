/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.lang.ref.WeakReference;
import java.util.function.Supplier;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlabCacheStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link SlabCache}'s statistics to a Micrometer registry, every meter tagged {@code cache=<name>}:
 * <ul>
 *     <li>gauges {@code slabcache.slabs} (tag {@code state}: free, partial, full, draining),
 *     {@code slabcache.slots.capacity}, {@code slabcache.slots.used}, {@code slabcache.slots.magazines},
 *     {@code slabcache.magazines.threads}, and {@code slabcache.bytes.held}, {@code slabcache.bytes.used},
 *     {@code slabcache.bytes.idle} in bytes (see {@link SlabCacheStats#bytesHeld()} and the two after it);</li>
 *     <li>function counters {@code slabcache.allocations}, {@code slabcache.frees},
 *     {@code slabcache.allocations.failed}, {@code slabcache.slabs.grown}, {@code slabcache.slabs.released}.</li>
 * </ul>
 * For example:
 * <pre>{@code
 * final MeterRegistry registry = new SimpleMeterRegistry();
 * final SlabCache cache = SlabCache.builder().name("orders").build();
 * new SlabCacheMetrics(cache).bindTo(registry);
 * final long handle = cache.allocate();
 * final double used = registry.get("slabcache.slots.used").tag("cache", "orders").gauge().value(); // 1.0
 * cache.free(handle);
 * cache.close();
 * }</pre>
 * A scrape of every meter calls {@link SlabCache#stats()} once. The cache is held weakly; once it is closed (or
 * collected) the gauges read NaN and the counters keep their last counts, and no scrape throws.
 */
public final class SlabCacheMetrics implements MeterBinder
{
    private final Supplier<SlabCacheStats> stats;
    private final Tags tags;

    /**
     * Makes a binder for a cache whose meters carry the {@code cache} tag and no other.
     *
     * @param cache the cache to watch.
     */
    public SlabCacheMetrics(final SlabCache cache)
    {
        this(cache, Tags.empty());
    }

    /**
     * Makes a binder for a cache whose meters carry the given tags beside the {@code cache} tag.
     *
     * @param cache the cache to watch.
     * @param tags  more tags for every meter.
     */
    public SlabCacheMetrics(final SlabCache cache, final Iterable<Tag> tags)
    {
        this(cache.name(), statsOf(cache), tags);
    }

    SlabCacheMetrics(final String name, final Supplier<SlabCacheStats> stats, final Iterable<Tag> tags)
    {
        this.stats = stats;
        this.tags = Tags.of(tags).and("cache", name);
    }

    /**
     * Registers the meters listed above, each tagged {@code cache=<name>} and with the tags given to the
     * constructor.
     *
     * @param registry the registry the meters join.
     */
    @Override
    public void bindTo(final MeterRegistry registry)
    {
        final ScrapedStats<SlabCacheStats> scraped = new ScrapedStats<>(stats, registry, tags);
        final String slabs = "Slabs attached, by the list they are on";
        scraped.gauge("slabcache.slabs", slabs, null, Tags.of("state", "free"), SlabCacheStats::freeSlabs);
        scraped.gauge("slabcache.slabs", slabs, null, Tags.of("state", "partial"), SlabCacheStats::partialSlabs);
        scraped.gauge("slabcache.slabs", slabs, null, Tags.of("state", "full"), SlabCacheStats::fullSlabs);
        scraped.gauge("slabcache.slabs", slabs, null, Tags.of("state", "draining"), SlabCacheStats::drainingSlabs);
        scraped.gauge("slabcache.slots.capacity", "Slots in all attached slabs", null, Tags.empty(),
            SlabCacheStats::slotCapacity);
        scraped.gauge("slabcache.slots.used", "Slots callers hold", null, Tags.empty(),
            SlabCacheStats::slotsInUse);
        scraped.gauge("slabcache.slots.magazines", "Free slots in threads' magazines and the depot", null,
            Tags.empty(), SlabCacheStats::slotsInMagazines);
        scraped.gauge("slabcache.magazines.threads", "Threads with magazines of their own", null, Tags.empty(),
            SlabCacheStats::threadCaches);
        scraped.gauge("slabcache.bytes.held", "Bytes of every attached slab", BaseUnits.BYTES, Tags.empty(),
            SlabCacheStats::bytesHeld);
        scraped.gauge("slabcache.bytes.used", "Bytes of the slots callers hold", BaseUnits.BYTES, Tags.empty(),
            SlabCacheStats::bytesInUse);
        scraped.gauge("slabcache.bytes.idle", "Bytes held but not in callers' hands", BaseUnits.BYTES, Tags.empty(),
            SlabCacheStats::bytesIdle);
        scraped.counter("slabcache.allocations", "Allocations that found a slot", Tags.empty(),
            SlabCacheStats::allocations);
        scraped.counter("slabcache.frees", "Slots given back", Tags.empty(), SlabCacheStats::frees);
        scraped.counter("slabcache.allocations.failed", "Allocations that found no slot", Tags.empty(),
            SlabCacheStats::failedAllocations);
        scraped.counter("slabcache.slabs.grown", "Slabs taken from the provider", Tags.empty(),
            SlabCacheStats::grows);
        scraped.counter("slabcache.slabs.released", "Slabs given back to the provider", Tags.empty(),
            SlabCacheStats::releases);
    }

    private static Supplier<SlabCacheStats> statsOf(final SlabCache cache)
    {
        final WeakReference<SlabCache> reference = new WeakReference<>(cache);
        return () ->
        {
            final SlabCache watched = reference.get();
            if (null == watched)
            {
                throw new IllegalStateException("the cache was collected");
            }
            return watched.stats();
        };
    }
}

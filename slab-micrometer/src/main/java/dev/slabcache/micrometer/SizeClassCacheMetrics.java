/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.micrometer;

import java.lang.ref.WeakReference;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SizeClassStats;
import dev.slabcache.master.SizeClassStats.ClassStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds a {@link SizeClassCache}'s statistics to a Micrometer registry, every meter tagged {@code cache=<name>}:
 * the whole cache's 13 meters, and with {@link Detail#PER_CLASS} 11 more per class. The default is per class for a
 * cache of at most {@value #PER_CLASS_DEFAULT_MAX_CLASSES} classes and totals only above: a cache of the default
 * sizes has 41 classes, which per class would bind 464 meters.
 * <p>
 * The whole cache, under the names {@link SlabCacheMetrics} uses where they mean the same: gauges
 * {@code slabcache.slots.capacity}, {@code slabcache.slots.used}, {@code slabcache.slots.magazines},
 * {@code slabcache.bytes.held}, {@code slabcache.bytes.used}, {@code slabcache.bytes.idle}, {@code slabcache.pages},
 * {@code slabcache.pool.pages.used} and {@code slabcache.pool.pages.limit} (the pool's, shared with any cache that
 * shares it); function counters {@code slabcache.allocations}, {@code slabcache.frees},
 * {@code slabcache.allocations.failed} and {@code slabcache.pages.moved}.
 * <p>
 * Each class, with {@link Detail#PER_CLASS}, tagged {@code slotSize=<class size>}: gauges
 * {@code slabcache.class.pages}, {@code slabcache.class.slots.capacity}, {@code slabcache.class.slots.used},
 * {@code slabcache.class.slots.magazines}, {@code slabcache.class.bytes.used}; function counters
 * {@code slabcache.class.allocations}, {@code slabcache.class.frees}, {@code slabcache.class.allocations.failed}, {@code slabcache.class.pages.moved.in},
 * {@code slabcache.class.pages.moved.out} and {@code slabcache.class.slots.evicted}.
 * <p>
 * For example, each class's meters too, with a tag of the caller's own beside {@code cache}:
 * <pre>{@code
 * final MeterRegistry registry = new SimpleMeterRegistry();
 * final SizeClassCache cache = SizeClassCache.builder().name("items").memoryLimit(8 * 1024 * 1024).build();
 * new SizeClassCacheMetrics(cache, Tags.of("tier", "hot"), SizeClassCacheMetrics.Detail.PER_CLASS).bindTo(registry);
 * final long handle = cache.allocate(100);
 * final double used = registry.get("slabcache.class.slots.used").tags("tier", "hot", "slotSize", "104")
 *     .gauge().value(); // 1.0
 * cache.free(handle);
 * cache.close();
 * }</pre>
 * A scrape of every meter calls {@link SizeClassCache#stats()} once. The cache is held weakly; once it is closed (or
 * collected) the gauges read NaN and the counters keep their last counts, and no scrape throws.
 */
public final class SizeClassCacheMetrics implements MeterBinder
{
    /**
     * The most classes a cache may have for the binder to bind each class's meters unless told otherwise. At 11
     * meters a class, 16 classes add at most 176 to the whole cache's 13, so one binder stays under 200 series; a
     * growth factor of 2 from 64 bytes to half a 1 MiB page (14 classes) keeps its per-class view, while the
     * default factor of 1.25 (41 classes, 451 meters more) gets totals unless it asks.
     */
    public static final int PER_CLASS_DEFAULT_MAX_CLASSES = 16;

    /**
     * What the binder binds.
     */
    public enum Detail
    {
        /**
         * The whole cache's meters only.
         */
        TOTALS,

        /**
         * The whole cache's meters and each class's, tagged {@code slotSize}.
         */
        PER_CLASS
    }

    private final Supplier<SizeClassStats> stats;
    private final int[] classSizes;
    private final Tags tags;

    /**
     * Binds the whole cache, and each class when the cache has at most {@value #PER_CLASS_DEFAULT_MAX_CLASSES}.
     *
     * @param cache the cache to watch.
     */
    public SizeClassCacheMetrics(final SizeClassCache cache)
    {
        this(cache, Tags.empty());
    }

    /**
     * Binds the whole cache, and each class when the cache has at most {@value #PER_CLASS_DEFAULT_MAX_CLASSES}.
     *
     * @param cache the cache to watch.
     * @param tags  more tags for every meter.
     */
    public SizeClassCacheMetrics(final SizeClassCache cache, final Iterable<Tag> tags)
    {
        this(cache, tags, defaultDetail(cache.classes().size()));
    }

    /**
     * Makes a binder whose meters carry the given tags beside the {@code cache} tag, binding the whole cache's meters
     * and, with {@link Detail#PER_CLASS}, each class's.
     *
     * @param cache  the cache to watch.
     * @param tags   more tags for every meter.
     * @param detail the whole cache only, or each class too.
     * @throws IllegalArgumentException when {@code detail} is null.
     */
    public SizeClassCacheMetrics(final SizeClassCache cache, final Iterable<Tag> tags, final Detail detail)
    {
        this(cache.name(), classSizes(cache, detail), statsOf(cache), tags);
    }

    /**
     * @param classSizes the classes to bind meters of; empty for the totals only.
     */
    SizeClassCacheMetrics(
        final String name, final int[] classSizes, final Supplier<SizeClassStats> stats, final Iterable<Tag> tags)
    {
        this.stats = stats;
        this.classSizes = classSizes.clone();
        this.tags = Tags.of(tags).and("cache", name);
    }

    /**
     * @param classes how many classes a cache has.
     * @return the detail the binder picks for it when not told.
     */
    static Detail defaultDetail(final int classes)
    {
        return classes <= PER_CLASS_DEFAULT_MAX_CLASSES ? Detail.PER_CLASS : Detail.TOTALS;
    }

    private static int[] classSizes(final SizeClassCache cache, final Detail detail)
    {
        if (null == detail)
        {
            throw new IllegalArgumentException("detail must not be null: Detail.TOTALS or Detail.PER_CLASS");
        }
        return Detail.TOTALS == detail ? new int[0] : cache.classes().stream().mapToInt(SizeClass::slotSize).toArray();
    }

    /**
     * Registers the meters listed above, the whole cache's and, with {@link Detail#PER_CLASS}, each class's, tagged
     * {@code cache=<name>} and with the tags given to the constructor.
     *
     * @param registry the registry the meters join.
     */
    @Override
    public void bindTo(final MeterRegistry registry)
    {
        final ScrapedStats<SizeClassStats> scraped = new ScrapedStats<>(stats, registry, tags);
        final Tags none = Tags.empty();
        scraped.gauge("slabcache.slots.capacity", "Slots in all pages of every class", null, none,
            (s) -> sum(s, ClassStats::slotCapacity));
        scraped.gauge("slabcache.slots.used", "Slots callers hold", null, none, SizeClassStats::slotsInUse);
        scraped.gauge("slabcache.slots.magazines", "Free slots in threads' magazines and the depots", null, none,
            (s) -> sum(s, ClassStats::slotsInMagazines));
        scraped.gauge("slabcache.bytes.held", "Bytes of the pages every class holds", BaseUnits.BYTES, none,
            SizeClassStats::bytesHeld);
        scraped.gauge("slabcache.bytes.used", "Bytes of the slots callers hold, at their class size",
            BaseUnits.BYTES, none, SizeClassStats::bytesInUse);
        scraped.gauge("slabcache.bytes.idle", "Bytes held but not in callers' hands", BaseUnits.BYTES, none,
            SizeClassStats::bytesIdle);
        scraped.gauge("slabcache.pages", "Pages the classes of this cache hold", null, none, SizeClassStats::pages);
        scraped.gauge("slabcache.pool.pages.used", "Pages of the pool handed out, to this or any cache sharing it",
            null, none, SizeClassStats::pagesInUse);
        scraped.gauge("slabcache.pool.pages.limit", "The most pages the pool holds", null, none,
            SizeClassStats::pageLimit);
        scraped.counter("slabcache.allocations", "Allocations that found a slot", none,
            (s) -> sum(s, ClassStats::allocations));
        scraped.counter("slabcache.frees", "Slots given back or taken by page moves", none,
            (s) -> sum(s, ClassStats::frees));
        scraped.counter("slabcache.allocations.failed", "Allocations that found no slot", none,
            SizeClassStats::failedAllocations);
        scraped.counter("slabcache.pages.moved", "Pages moved between classes", none, SizeClassStats::pagesMoved);

        for (int i = 0; i < classSizes.length; i++)
        {
            bindClass(scraped, i, Tags.of("slotSize", Integer.toString(classSizes[i])));
        }
    }

    private static void bindClass(final ScrapedStats<SizeClassStats> scraped, final int index, final Tags slotSize)
    {
        scraped.gauge("slabcache.class.pages", "Pages the class holds", null, slotSize,
            (s) -> s.classes().get(index).pages());
        scraped.gauge("slabcache.class.slots.capacity", "Slots in the class's pages", null, slotSize,
            (s) -> s.classes().get(index).slotCapacity());
        scraped.gauge("slabcache.class.slots.used", "Slots of the class callers hold", null, slotSize,
            (s) -> s.classes().get(index).slotsInUse());
        scraped.gauge("slabcache.class.slots.magazines", "Free slots of the class in magazines", null, slotSize,
            (s) -> s.classes().get(index).slotsInMagazines());
        scraped.gauge("slabcache.class.bytes.used", "Bytes of the class's slots callers hold", BaseUnits.BYTES,
            slotSize, (s) -> s.classes().get(index).bytesInUse());
        scraped.counter("slabcache.class.allocations", "Allocations of the class that found a slot", slotSize,
            (s) -> s.classes().get(index).allocations());
        scraped.counter("slabcache.class.frees", "Slots of the class given back or taken by page moves", slotSize,
            (s) -> s.classes().get(index).frees());
        scraped.counter("slabcache.class.allocations.failed", "Allocations of the class that found no slot",
            slotSize, (s) -> s.classes().get(index).failedAllocations());
        scraped.counter("slabcache.class.pages.moved.in", "Pages the class grew into by page moves", slotSize,
            (s) -> s.classes().get(index).pagesMovedIn());
        scraped.counter("slabcache.class.pages.moved.out", "Pages moved away from the class", slotSize,
            (s) -> s.classes().get(index).pagesMovedOut());
        scraped.counter("slabcache.class.slots.evicted", "Live slots page moves took from their holders", slotSize,
            (s) -> s.classes().get(index).slotsEvicted());
    }

    private static long sum(final SizeClassStats stats, final ToLongFunction<ClassStats> figure)
    {
        long sum = 0;
        for (final ClassStats c : stats.classes())
        {
            sum += figure.applyAsLong(c);
        }
        return sum;
    }

    private static Supplier<SizeClassStats> statsOf(final SizeClassCache cache)
    {
        final WeakReference<SizeClassCache> reference = new WeakReference<>(cache);
        return () ->
        {
            final SizeClassCache watched = reference.get();
            if (null == watched)
            {
                throw new IllegalStateException("the cache was collected");
            }
            return watched.stats();
        };
    }
}

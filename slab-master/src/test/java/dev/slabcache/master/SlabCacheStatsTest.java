/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.regex.Pattern;

import dev.slabcache.core.SegmentState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.free;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SlabCache#stats()} and {@link SlabCache#slabInfo()}: snapshots, their values after known sequences,
 * and how they print.
 * <p>
 * Counts of slabs by list, of grows and releases, and of slots used per slab depend on where freed slots go, so
 * those tests run in the modes without magazines; counts of what callers did run in every mode.
 */
class SlabCacheStatsTest
{
    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldStartWithEveryCountAtZero(final ThreadSafety mode) throws ReflectiveOperationException
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).name("empty").build())
        {
            final SlabCacheStats stats = cache.stats();

            assertEquals("empty", stats.name());
            assertEquals(SLOT_SIZE, stats.slotSize());
            for (final RecordComponent component : SlabCacheStats.class.getRecordComponents())
            {
                final Object value = component.getAccessor().invoke(stats);
                if (value instanceof Number && !"slotSize".equals(component.getName()))
                {
                    assertEquals(0L, ((Number)value).longValue(), component.getName());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountAllocationsFreesAndSlotsInUse(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 20);
            free(cache, handles, 0, 5);

            final SlabCacheStats stats = cache.stats();
            assertEquals(20, stats.allocations());
            assertEquals(5, stats.frees());
            assertEquals(15, stats.slotsInUse());
            assertUsedHighWater(mode, 20, stats);
            assertEquals(0, stats.failedAllocations());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepTheSlotsHighWaterMarkOnceEverySlotIsFreed(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 20);
            free(cache, handles, 0, 20);
            allocate(cache, 7);

            final SlabCacheStats stats = cache.stats();
            assertEquals(7, stats.slotsInUse());
            assertUsedHighWater(mode, 20, stats);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldCountSlabsBytesGrowsAndReleasesAfterAKnownSequence(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 20);
            final SlabCacheStats grown = cache.stats();
            assertEquals(2, grown.slabs());
            assertEquals(2, grown.providerSlabs());
            assertEquals(1, grown.fullSlabs());
            assertEquals(1, grown.partialSlabs());
            assertEquals(0, grown.freeSlabs());
            assertEquals(2, grown.grows());
            assertEquals(2L * SLAB_SIZE, grown.providerBytes());
            assertEquals(2L * SLOTS_PER_SLAB, grown.slotCapacity());

            free(cache, handles, 0, 20);
            final SlabCacheStats emptied = cache.stats();
            assertEquals(1, emptied.slabs());
            assertEquals(1, emptied.freeSlabs());
            assertEquals(0, emptied.partialSlabs());
            assertEquals(0, emptied.fullSlabs());
            assertEquals(1, emptied.releases());
            assertEquals(2, emptied.grows());
            assertEquals(2, emptied.slabsHighWater());
            assertEquals(SLAB_SIZE, emptied.providerBytes());
            assertEquals(SLOTS_PER_SLAB, emptied.slotCapacity());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountCallerSlabsAndBytesApartFromProviderOnes(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            cache.attach(heapBuffer(SLAB_SIZE));
            cache.attach(heapBuffer(2 * SLAB_SIZE));

            final SlabCacheStats stats = cache.stats();
            assertEquals(2, stats.slabs());
            assertEquals(2, stats.callerSlabs());
            assertEquals(3L * SLAB_SIZE, stats.callerBytes());
            assertEquals(3L * SLOTS_PER_SLAB, stats.slotCapacity());
            assertEquals(0, stats.providerSlabs());
            assertEquals(0, stats.providerBytes());
            assertEquals(0, stats.grows());
            assertEquals(2, stats.slabsHighWater());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNotChangeAnEarlierSnapshot(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 3);
            final SlabCacheStats before = cache.stats();

            allocate(cache, 2 * SLOTS_PER_SLAB);
            cache.free(handles[0]);
            cache.attach(heapBuffer(SLAB_SIZE));

            assertEquals(3, before.allocations());
            assertEquals(3, before.slotsInUse());
            assertEquals(0, before.frees());
            assertEquals(1, before.slabs());
            assertEquals(0, before.callerSlabs());
            assertNotEquals(before, cache.stats());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldListEverySlabOnceWithItsOwnerCapacityAndBytes(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab caller = cache.attach(heapBuffer(2 * SLAB_SIZE));
            final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);
            final Map<Long, Slab> slabs = new HashMap<>();
            for (final long handle : handles)
            {
                final Slab slab = cache.slabOf(handle);
                slabs.put(slab.id(), slab);
            }
            assertTrue(slabs.containsKey(caller.id()));

            final List<SlabInfo> listing = cache.slabInfo();
            assertEquals(slabs.size(), listing.size());
            assertEquals(cache.stats().slabs(), listing.size());
            for (final SlabInfo info : listing)
            {
                final Slab slab = slabs.remove(info.id());
                assertEquals(slab.isCallerOwned(), info.callerOwned(), info.toString());
                assertEquals(slab.capacity(), info.capacity(), info.toString());
                assertEquals(slab.isCallerOwned() ? 2L * SLAB_SIZE : SLAB_SIZE, info.bytes(), info.toString());
            }
            assertTrue(slabs.isEmpty(), "not listed: " + slabs);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldListEachSlabsStateAndUsedSlots(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);
            free(cache, handles, SLOTS_PER_SLAB, SLOTS_PER_SLAB + 5);
            free(cache, handles, 2 * SLOTS_PER_SLAB, 3 * SLOTS_PER_SLAB);

            final Map<SegmentState, Integer> usedByState = new HashMap<>();
            for (final SlabInfo info : cache.slabInfo())
            {
                usedByState.put(info.state(), info.usedSlots());
            }
            assertEquals(Map.of(
                SegmentState.FULL, SLOTS_PER_SLAB,
                SegmentState.PARTIAL, SLOTS_PER_SLAB - 5,
                SegmentState.FREE, 0), usedByState);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldListPartialSlabsFirstAndFullestFirst(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).retainEmptySlabs(2).build())
        {
            final long[] handles = allocate(cache, 5 * SLOTS_PER_SLAB);
            free(cache, handles, 0, SLOTS_PER_SLAB);
            free(cache, handles, SLOTS_PER_SLAB, SLOTS_PER_SLAB + 12);
            free(cache, handles, 3 * SLOTS_PER_SLAB, 3 * SLOTS_PER_SLAB + 2);
            free(cache, handles, 4 * SLOTS_PER_SLAB, 4 * SLOTS_PER_SLAB + 7);

            final List<SlabInfo> listing = cache.slabInfo();
            assertEquals(List.of(SLOTS_PER_SLAB - 2, SLOTS_PER_SLAB - 7, SLOTS_PER_SLAB - 12),
                listing.subList(0, 3).stream().map(SlabInfo::usedSlots).toList());
            assertEquals(
                Set.of(SegmentState.FREE, SegmentState.FULL),
                Set.of(listing.get(3).state(), listing.get(4).state()));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldPrintTheCountsInStatsToString(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).name("printed").build())
        {
            final long[] handles = allocate(cache, 23);
            free(cache, handles, 0, 4);
            cache.attach(heapBuffer(3 * SLAB_SIZE));

            final SlabCacheStats stats = cache.stats();
            final String text = stats.toString();
            assertTrue(text.contains("printed"), text);
            for (final long count : new long[] {
                stats.slabs(), stats.slotsInUse(), stats.slotCapacity(), stats.allocations(), stats.frees(),
                stats.providerBytes(), stats.callerBytes(), stats.usedSlotsHighWater()})
            {
                assertTrue(Pattern.compile("\\b" + count + "\\b").matcher(text).find(), count + " in " + text);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldPrintTheOwnerStateAndUsedSlotsInSlabInfoToString(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            cache.attach(heapBuffer(2 * SLAB_SIZE));
            allocate(cache, 5);
            allocate(cache, 2 * SLOTS_PER_SLAB);

            for (final SlabInfo info : cache.slabInfo())
            {
                final String text = info.toString();
                assertTrue(text.contains(info.callerOwned() ? "caller" : "provider"), text);
                assertFalse(text.contains(info.callerOwned() ? "provider" : "caller"), text);
                assertTrue(text.contains(info.state().name()), text);
                assertTrue(text.contains(info.usedSlots() + "/" + info.capacity()), text);
                assertTrue(Pattern.compile("\\b" + info.id() + "\\b").matcher(text).find(), text);
                assertTrue(Pattern.compile("\\b" + info.bytes() + "\\b").matcher(text).find(), text);
            }
        }
    }

    /**
     * The cache counts no free and no used slot per call: frees are the allocations less the live slots, and the
     * used slots are those beside the serving slab plus its own. Random allocations and frees over many slabs
     * (frees into slabs that do not serve, slabs that fill, empty, go back to the provider and come again, a
     * trim) must still give what a plain count of the calls gives, after every call.
     */
    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldDeriveFreesAndTheUsedHighWaterAsACountOfEveryCallWould(final ThreadSafety mode)
    {
        final long seed = new SplittableRandom().nextLong();
        final SplittableRandom random = new SplittableRandom(seed);
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(6).build())
        {
            final List<Long> live = new ArrayList<>();
            long allocations = 0;
            long frees = 0;
            long highWater = 0;
            for (int step = 0; step < 20_000; step++)
            {
                final int choice = random.nextInt(100);
                if (choice < 1)
                {
                    cache.trim();
                }
                else if (choice < 52 && live.size() < 6 * SLOTS_PER_SLAB)
                {
                    live.add(cache.allocate());
                    allocations++;
                    highWater = Math.max(highWater, live.size());
                }
                else if (!live.isEmpty())
                {
                    final int index = random.nextInt(live.size());
                    cache.free(live.get(index));
                    live.set(index, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                    frees++;
                }

                final SlabCacheStats stats = cache.stats();
                final String context = "seed=" + seed + "L, step " + step + ": " + stats;
                assertEquals(allocations, stats.allocations(), context);
                assertEquals(frees, stats.frees(), context);
                assertEquals(live.size(), stats.slotsInUse(), context);
                assertEquals(highWater, stats.usedSlotsHighWater(), context);
            }
        }
    }

    /**
     * Without magazines the high water is the most slots callers held; with them it counts the slots magazines
     * took from the slabs too, a whole magazine at a time.
     */
    private static void assertUsedHighWater(final ThreadSafety mode, final long callersHighWater,
        final SlabCacheStats stats)
    {
        if (ThreadSafety.MAGAZINES == mode)
        {
            assertTrue(stats.usedSlotsHighWater() >= callersHighWater, stats::toString);
            assertTrue(stats.usedSlotsHighWater() <= callersHighWater + 2L * SlabCache.DEFAULT_MAGAZINE_SIZE,
                stats::toString);
        }
        else
        {
            assertEquals(callersHighWater, stats.usedSlotsHighWater(), stats::toString);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.slabcache.core.SegmentState;
import dev.slabcache.core.SlabExhaustedException;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where allocations come from (partial slabs, fullest first; then free slabs; then growth; then failure), how
 * slabs sit on the free, partial, full and draining lists, and how growth is bounded.
 * <p>
 * Tests of which slab serves an allocation, or of which list a slab sits on after frees, run in the modes
 * without magazines: a magazine holds freed slots away from their slabs, so there the slab layer's placement is
 * not what a caller sees. Every other test runs in every mode.
 */
class SlabCacheAllocationTest
{
    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldServeTheNextAllocationFromTheFullerOfTwoPartialSlabs(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
            final Slab first = cache.slabOf(handles[0]);
            final Slab second = cache.slabOf(handles[SLOTS_PER_SLAB]);
            free(cache, handles, 0, 12);
            free(cache, handles, SLOTS_PER_SLAB, SLOTS_PER_SLAB + 4);
            assertEquals(4, first.usedSlots());
            assertEquals(12, second.usedSlots());

            assertSame(second, cache.slabOf(cache.allocate()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldServeTheFullerPartialSlabWhenTheyDifferByOneSlotAcrossABinBoundary(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
            final Slab first = cache.slabOf(handles[0]);
            final Slab second = cache.slabOf(handles[SLOTS_PER_SLAB]);
            // 16 slots in 8 bins: 3 used is bin 1, 4 used is bin 2.
            free(cache, handles, 0, SLOTS_PER_SLAB - 4);
            free(cache, handles, SLOTS_PER_SLAB, 2 * SLOTS_PER_SLAB - 3);
            assertEquals(4, first.usedSlots());
            assertEquals(3, second.usedSlots());

            assertSame(first, cache.slabOf(cache.allocate()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldServeFromTheServingSlabUntilFullThenFromASlabInTheFullestPartialBin(final ThreadSafety mode)
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (SlabCache cache = builder(mode, new RecordingProvider()).slabSize(10 * SLOT_SIZE).build())
        {
            final List<Long> live = new ArrayList<>();
            for (int i = 0; i < 120; i++)
            {
                live.add(cache.allocate());
            }
            Slab serving = null;

            for (int step = 0; step < 2_000; step++)
            {
                if (random.nextBoolean() && !live.isEmpty())
                {
                    cache.free(live.remove(random.nextInt(live.size())));
                    continue;
                }

                final Map<Long, Integer> usedBefore = new HashMap<>();
                int fullestBin = -1;
                for (final SlabInfo info : cache.slabInfo())
                {
                    usedBefore.put(info.id(), info.usedSlots());
                    if (SegmentState.PARTIAL == info.state())
                    {
                        fullestBin = Math.max(fullestBin, bin(info.usedSlots(), info.capacity()));
                    }
                }

                final boolean held = null != serving && serving.isAttached()
                    && serving.usedSlots() < serving.capacity();
                final long handle = cache.allocate();
                live.add(handle);
                final Slab slab = cache.slabOf(handle);
                final Integer used = usedBefore.get(slab.id());
                if (held)
                {
                    assertSame(serving, slab, "step " + step + ": the serving slab serves until it is full");
                }
                else if (-1 == fullestBin)
                {
                    assertTrue(null == used || 0 == used, "no partial slab, yet served from a used one: " + slab);
                }
                else
                {
                    assertEquals(fullestBin, bin(used, slab.capacity()), "step " + step + ": served " + slab);
                }
                serving = slab.usedSlots() < slab.capacity() ? slab : null;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldServeAPartialSlabBeforeAFreeSlab(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
            final Slab first = cache.slabOf(handles[0]);
            final Slab second = cache.slabOf(handles[SLOTS_PER_SLAB]);
            free(cache, handles, SLOTS_PER_SLAB, 2 * SLOTS_PER_SLAB);
            cache.free(handles[0]);
            assertEquals(SegmentState.FREE, second.state());
            assertEquals(SegmentState.PARTIAL, first.state());

            assertSame(first, cache.slabOf(cache.allocate()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldKeepServingOneSlabUntilItIsFullThoughAnotherIsFuller(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
            final Slab first = cache.slabOf(handles[0]);
            final Slab second = cache.slabOf(handles[SLOTS_PER_SLAB]);
            free(cache, handles, 1, SLOTS_PER_SLAB);
            assertSame(first, cache.slabOf(cache.allocate()), "the only partial slab serves");
            cache.free(handles[SLOTS_PER_SLAB]);
            assertEquals(SLOTS_PER_SLAB - 1, second.usedSlots(), "the second is now the fuller");

            for (int i = 2; i < SLOTS_PER_SLAB; i++)
            {
                assertSame(first, cache.slabOf(cache.allocate()), "the serving slab serves until it is full");
            }
            assertEquals(SegmentState.FULL, first.state());
            assertSame(second, cache.slabOf(cache.allocate()), "then the fullest partial one");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldServeAFreeSlabBeforeGrowing(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            final long[] handles = allocate(cache, SLOTS_PER_SLAB + 1);
            final Slab second = cache.slabOf(handles[SLOTS_PER_SLAB]);
            cache.free(handles[SLOTS_PER_SLAB]);
            assertEquals(SegmentState.FREE, second.state());

            assertSame(second, cache.slabOf(cache.allocate()));
            assertEquals(2, provider.allocated());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldGrowOnlyWhenNoSlabHasAFreeSlot(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            for (int i = 0; i < 3 * SLOTS_PER_SLAB; i++)
            {
                cache.allocate();
                assertEquals(i / SLOTS_PER_SLAB + 1, provider.allocated(), "after " + (i + 1) + " allocations");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldKeepEverySlabOnExactlyOneListByItsState(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 4 * SLOTS_PER_SLAB);
            final Slab full = cache.slabOf(handles[0]);
            final Slab partial = cache.slabOf(handles[SLOTS_PER_SLAB]);
            final Slab free = cache.slabOf(handles[2 * SLOTS_PER_SLAB]);
            final Slab draining = cache.slabOf(handles[3 * SLOTS_PER_SLAB]);
            free(cache, handles, SLOTS_PER_SLAB, SLOTS_PER_SLAB + 5);
            free(cache, handles, 2 * SLOTS_PER_SLAB, 3 * SLOTS_PER_SLAB);
            free(cache, handles, 3 * SLOTS_PER_SLAB, 4 * SLOTS_PER_SLAB - 1);
            cache.detachWhenEmpty(draining);

            final SlabCacheStats stats = cache.stats();
            assertEquals(4, stats.slabs());
            assertEquals(1, stats.freeSlabs());
            assertEquals(1, stats.partialSlabs());
            assertEquals(1, stats.fullSlabs());
            assertEquals(1, stats.drainingSlabs());

            final Map<Long, SlabInfo> byId = new HashMap<>();
            for (final SlabInfo info : cache.slabInfo())
            {
                assertNull(byId.put(info.id(), info), "listed twice: " + info);
            }
            assertEquals(4, byId.size());
            assertEquals(SegmentState.FULL, byId.get(full.id()).state());
            assertEquals(SegmentState.PARTIAL, byId.get(partial.id()).state());
            assertEquals(SegmentState.FREE, byId.get(free.id()).state());
            assertTrue(byId.get(draining.id()).draining());
            assertEquals(1, byId.get(draining.id()).usedSlots());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldMoveASlabFromFreeToPartialToFullAndBackAsItFillsAndEmpties(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 1);
            final Slab slab = cache.slabOf(handles[0]);
            assertListCounts(cache, 0, 1, 0);

            final long[] rest = allocate(cache, SLOTS_PER_SLAB - 1);
            assertEquals(SegmentState.FULL, slab.state());
            assertListCounts(cache, 0, 0, 1);

            cache.free(rest[0]);
            assertEquals(SegmentState.PARTIAL, slab.state());
            assertListCounts(cache, 0, 1, 0);

            cache.free(handles[0]);
            free(cache, rest, 1, rest.length);
            assertEquals(SegmentState.FREE, slab.state());
            assertListCounts(cache, 1, 0, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldThrowSlabExhaustedNamingTheCacheItsSlotSizeAndItsLimits(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).name("sessions").maxSlabs(1).build())
        {
            allocate(cache, SLOTS_PER_SLAB);

            final SlabExhaustedException ex = assertThrows(SlabExhaustedException.class, cache::allocate);
            assertTrue(ex.getMessage().contains("'sessions'"), ex.getMessage());
            assertTrue(ex.getMessage().contains(SLOT_SIZE + " bytes"), ex.getMessage());
            assertTrue(ex.getMessage().contains("maxSlabs=1"), ex.getMessage());
            assertNull(ex.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveTheProvidersErrorAsTheCauseOfExhaustion(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        final RuntimeException outOfMemory = new IllegalStateException("no memory left for the test");
        provider.failNextWith(outOfMemory);
        try (SlabCache cache = builder(mode, provider).name("orders").build())
        {
            final SlabExhaustedException ex = assertThrows(SlabExhaustedException.class, cache::allocate);

            assertSame(outOfMemory, ex.getCause());
            assertTrue(ex.getMessage().contains("'orders'"), ex.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReturnTheNullHandleFromTryAllocateWhenExhausted(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).build())
        {
            allocate(cache, SLOTS_PER_SLAB);

            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            assertEquals(0L, SlabCache.NULL_HANDLE);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReturnTheNullHandleFromTryAllocateWhenTheProviderFails(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        provider.failNextWith(new IllegalStateException("injected"));
        try (SlabCache cache = build(mode, provider))
        {
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountFailedAllocationsFromBothAllocateAndTryAllocate(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).build())
        {
            allocate(cache, SLOTS_PER_SLAB);

            assertThrows(SlabExhaustedException.class, cache::allocate);
            cache.tryAllocate();
            cache.tryAllocate();

            assertEquals(3, cache.stats().failedAllocations());
            assertEquals(SLOTS_PER_SLAB, cache.stats().allocations());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGrowAgainOnceTheProviderRecovers(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        provider.failNextWith(new IllegalStateException("injected"));
        try (SlabCache cache = build(mode, provider))
        {
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());

            assertNotEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            assertEquals(1, cache.stats().failedAllocations());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAskTheProviderForSlabsOfSlabSizeBytes(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);

            assertEquals(List.of(SLAB_SIZE, SLAB_SIZE, SLAB_SIZE), provider.requestedCapacities());
            assertEquals(SLAB_SIZE, cache.buffer(handles[0]).capacity());
            assertEquals(SLOTS_PER_SLAB, cache.slabOf(handles[0]).capacity());
            assertEquals(3L * SLAB_SIZE, cache.stats().providerBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldHoldNoMoreProviderSlabsThanMaxSlabs(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).maxSlabs(2).build())
        {
            allocate(cache, 2 * SLOTS_PER_SLAB);

            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            assertEquals(2, provider.allocated());
            assertEquals(2, cache.stats().providerSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNotCountAttachedSlabsAgainstMaxSlabs(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).maxSlabs(1).build())
        {
            cache.attach(heapBuffer(SLAB_SIZE));
            allocate(cache, 2 * SLOTS_PER_SLAB);

            assertEquals(1, provider.allocated());
            assertEquals(1, cache.stats().callerSlabs());
            assertEquals(1, cache.stats().providerSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverAskTheProviderWhenMaxSlabsIsZero(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).maxSlabs(0).build())
        {
            assertThrows(SlabExhaustedException.class, cache::allocate);

            assertEquals(0, provider.allocated());
            assertEquals(0, cache.stats().slabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeOnlyAttachedBuffersWhenMaxSlabsIsZero(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long[] handles = allocate(cache, SLOTS_PER_SLAB);
            for (final long handle : handles)
            {
                assertSame(slab, cache.slabOf(handle));
            }

            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            assertEquals(0, provider.allocated());
        }
    }

    private static int bin(final int used, final int capacity)
    {
        return used * SlabBins.PARTIAL_BINS / capacity;
    }

    private static void assertListCounts(final SlabCache cache, final int free, final int partial, final int full)
    {
        final SlabCacheStats stats = cache.stats();
        assertEquals(free, stats.freeSlabs(), stats.toString());
        assertEquals(partial, stats.partialSlabs(), stats.toString());
        assertEquals(full, stats.fullSlabs(), stats.toString());
    }
}

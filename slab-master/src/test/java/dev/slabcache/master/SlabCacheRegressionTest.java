/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SmallCaches.CacheState;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static dev.slabcache.master.SmallCaches.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defects found by attacking the cache, each pinned by a test that failed before its fix.
 */
class SlabCacheRegressionTest
{
    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverHandOutOneSlotTwiceWhenAFreedSlotIsWrittenToLinkToItself(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).magazineSize(1).depotMagazines(0)
            .build())
        {
            final long a = cache.allocate();
            final long b = cache.allocate();
            final AtomicBuffer memory = cache.buffer(b);
            final int offsetOfB = cache.offset(b);
            cache.free(b);
            cache.free(a);
            cache.allocate();
            memory.putInt(offsetOfB, SlotHandle.slot(b));

            final Set<Long> slots = new HashSet<>();
            for (int i = 1; i < SLOTS_PER_SLAB; i++)
            {
                try
                {
                    final long handle = cache.allocate();
                    assertTrue(slots.add(handle & ~((long)(SlotHandle.GENERATIONS - 1) << SlotHandle.SLOT_BITS)),
                        () -> "handed out twice: " + SlotHandle.describe(handle));
                    memory.putInt(offsetOfB, SlotSegment.NO_SLOT);
                }
                catch (final SlabException ex)
                {
                    assertTrue(ex.getMessage().contains("free list corrupted"), ex::getMessage);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFailAGrowOntoMemoryTheCacheAlreadyHoldsAndGiveItBack(final ThreadSafety mode)
    {
        final AtomicBuffer same = heapBuffer(SLAB_SIZE);
        final OneBufferProvider provider = new OneBufferProvider(same);
        try (SlabCache cache = builder(mode, provider).build())
        {
            final long[] first = allocate(cache, SLOTS_PER_SLAB);
            final CacheState before = state(cache);

            final SlabExhaustedException failed = assertThrows(SlabExhaustedException.class, cache::allocate);

            assertTrue(failed.getMessage().contains("overlaps"), failed::getMessage);
            assertTrue(provider.wasReleased(same));
            assertEquals(before.stats().slabs(), cache.stats().slabs());
            assertEquals(SLOTS_PER_SLAB, cache.stats().slotsInUse());
            assertEquals(1, cache.stats().failedAllocations() - before.stats().failedAllocations());
            for (final long handle : first)
            {
                cache.free(handle);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFailAGrowOntoABufferACallerAttachedAndKeepRefusingOverlappingAttaches(final ThreadSafety mode)
    {
        final AtomicBuffer attached = heapBuffer(SLAB_SIZE);
        final OneBufferProvider provider = new OneBufferProvider(attached);
        try (SlabCache cache = builder(mode, provider).build())
        {
            cache.attach(attached);
            allocate(cache, SLOTS_PER_SLAB);

            assertThrows(SlabExhaustedException.class, cache::allocate);
            assertThrows(IllegalArgumentException.class, () -> cache.attach(attached));
            assertEquals(1, cache.stats().slabs());
            assertEquals(1, cache.stats().callerSlabs());
        }
    }

    @Test
    void shouldRejectAConfigurationWhoseSlabHoldsMoreSlotsThanAHandleNames()
    {
        final SlabCacheBuilder builder = SlabCache.builder().slotSize(4).slotAlignment(4).slabSize(1 << 30);

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(rejected.getMessage().contains("slabSize=" + (1 << 30)), rejected::getMessage);
        assertTrue(rejected.getMessage().contains(String.valueOf(SlotHandle.MAX_SLOTS)), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("holds " + ((1 << 30) / 4) + " slots"), rejected::getMessage);
        assertFalse(rejected.getMessage().contains("stride"), rejected::getMessage);
        SlabCache.builder().slotSize(64).slabSize(1 << 30).build().close();
    }

    @Test
    void shouldRejectASlotWhoseStrideIsMoreThanAnIntForItsStrideNotForItsSlabsSlotCount()
    {
        final SlabCacheBuilder builder = SlabCache.builder().slotSize(Integer.MAX_VALUE).slabSize(Integer.MAX_VALUE);

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("slotSize=2147483647 rounded up to slotAlignment=8 is a stride of 2147483648 bytes, more than " +
            "the largest stride of 2147483647 bytes: use a smaller slotSize or slotAlignment", rejected.getMessage());
        final int largestSlot = Integer.MAX_VALUE & -8;
        builder.slotSize(largestSlot).build().close();
        builder.slotAlignment(16);
        final String message = assertThrows(IllegalArgumentException.class, builder::build).getMessage();
        assertTrue(message.contains("slotSize=" + largestSlot + " rounded up to slotAlignment=16"), message);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFailAGrowWhoseBufferHoldsMoreSlotsThanAHandleNames(final ThreadSafety mode)
    {
        final AtomicBuffer huge = new UnsafeBuffer(new byte[SlotHandle.MAX_SLOTS * SLOT_SIZE + SLOT_SIZE]);
        final OneBufferProvider provider = new OneBufferProvider(huge);
        try (SlabCache cache = builder(mode, provider).build())
        {
            final SlabExhaustedException failed = assertThrows(SlabExhaustedException.class, cache::allocate);

            assertTrue(failed.getMessage().contains("at most " + SlotHandle.MAX_SLOTS), failed::getMessage);
            assertTrue(provider.wasReleased(huge));
            assertEquals(0, cache.stats().slabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveEveryCountTrueAndFreeSucceedWhenTheProviderFailsToTakeMemoryBack(final ThreadSafety mode)
    {
        final CountingProvider provider = new FailingReleaseProvider();
        try (SlabCache cache = builder(mode, provider).retainEmptySlabs(0).magazineSize(1).depotMagazines(0).build())
        {
            final long handle = cache.allocate();
            final Slab slab = cache.slabOf(handle);

            cache.free(handle);
            cache.trim();

            assertFalse(slab.isAttached());
            assertEquals(0, cache.stats().slabs());
            assertEquals(0, cache.stats().slotCapacity());
            assertEquals(0, cache.stats().providerBytes());
            assertEquals(1, cache.stats().releases());
            assertTrue(cache.slabInfo().isEmpty());
            assertThrows(InvalidHandleException.class, () -> cache.free(handle));

            final long next = cache.allocate();
            assertEquals(1, cache.stats().slabs());
            cache.free(next);
        }
        assertEquals(0, provider.outstanding());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveEveryCountTrueWhenTheProviderFailsToTakeMemoryBackOnTrimAndClose(final ThreadSafety mode)
    {
        final CountingProvider provider = new FailingReleaseProvider();
        final SlabCache cache = builder(mode, provider).retainEmptySlabs(4).build();
        final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);
        final List<Slab> slabs = new ArrayList<>();
        for (final long handle : handles)
        {
            if (!slabs.contains(cache.slabOf(handle)))
            {
                slabs.add(cache.slabOf(handle));
            }
            cache.free(handle);
        }

        assertEquals(3, cache.trim());
        assertEquals(0, cache.stats().slabs());
        assertEquals(0, cache.stats().slotCapacity());
        slabs.forEach((slab) -> assertFalse(slab.isAttached()));

        cache.free(cache.allocate());
        cache.close();
        assertEquals(0, provider.outstanding());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveEveryCountTrueWhenTheProviderFailsToTakeMemoryBackOnDetach(final ThreadSafety mode)
    {
        final CountingProvider provider = new FailingReleaseProvider();
        try (SlabCache cache = builder(mode, provider).retainEmptySlabs(4).build())
        {
            final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
            final Slab detached = cache.slabOf(handles[0]);
            final Slab drained = cache.slabOf(handles[SLOTS_PER_SLAB]);
            for (int i = 0; i < SLOTS_PER_SLAB; i++)
            {
                cache.free(handles[i]);
            }

            cache.detach(detached);
            final CompletableFuture<Slab> future = cache.detachWhenEmpty(drained);
            for (int i = SLOTS_PER_SLAB; i < handles.length; i++)
            {
                cache.free(handles[i]);
            }

            assertFalse(detached.isAttached());
            assertSame(drained, future.getNow(null));
            assertFalse(drained.isAttached());
            assertEquals(0, cache.stats().slabs());
            assertEquals(0, cache.stats().slotCapacity());
            assertEquals(0, cache.stats().providerBytes());
            assertEquals(2, cache.stats().releases());
            assertThrows(InvalidHandleException.class, () -> cache.free(handles[0]));
            assertThrows(InvalidHandleException.class, () -> cache.free(handles[SLOTS_PER_SLAB]));
            cache.free(cache.allocate());
        }
        assertEquals(0, provider.outstanding());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverTakeAClosedCachesHandleForALaterCachesSlot(final ThreadSafety mode)
    {
        final SlabCache first = build(mode);
        final long old = first.allocate();
        first.close();

        for (int i = 0; i < 2_000; i++)
        {
            try (SlabCache cache = build(mode))
            {
                final long handle = cache.allocate();
                assertNotEquals(old, handle);
                assertThrows(InvalidHandleException.class, () -> cache.free(old));
                assertEquals(1, cache.stats().slotsInUse());
                cache.free(handle);
            }
        }
    }

    @Test
    void shouldRejectASlotAlignmentAboveAPage()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SlabCache.builder().slotAlignment(8192));
        assertTrue(rejected.getMessage().contains("slotAlignment=8192"), rejected::getMessage);
        assertThrows(IllegalArgumentException.class, () -> SlabCache.builder().slotAlignment(1 << 30));
        SlabCache.builder().slotAlignment(SlabCache.MAX_SLOT_ALIGNMENT).slotSize(64).build().close();
    }

    @Test
    void shouldTellSlotsCallersHoldFromSlotsMagazinesHold()
    {
        try (SlabCache cache = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).build())
        {
            final long kept = cache.allocate();
            final long freed = cache.allocate();
            cache.free(freed);
            final Slab slab = cache.slabOf(kept);

            assertEquals(1, slab.liveSlots());
            assertEquals(slab.usedSlots() - 1, slab.slotsInMagazines());
            assertTrue(slab.slotsInMagazines() > 0);
            final SlabInfo info = cache.slabInfo().get(0);
            assertEquals(1, info.liveSlots());
            assertEquals(slab.slotsInMagazines(), info.slotsInMagazines());
            assertEquals(info.usedSlots(), info.liveSlots() + info.slotsInMagazines());

            cache.free(kept);
            cache.detach(slab);
            assertFalse(slab.isAttached());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldCountEveryUsedSlotAsLiveWithoutMagazines(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 3);
            cache.free(handles[1]);
            final Slab slab = cache.slabOf(handles[0]);

            assertEquals(2, slab.usedSlots());
            assertEquals(2, slab.liveSlots());
            assertEquals(0, slab.slotsInMagazines());
            assertSame(slab, cache.slabOf(handles[2]));
        }
    }

    /**
     * A faulty provider: hands out the same buffer every time.
     */
    private static final class OneBufferProvider implements SlabProvider
    {
        private final AtomicBuffer buffer;
        private int releases;

        OneBufferProvider(final AtomicBuffer buffer)
        {
            this.buffer = buffer;
        }

        @Override
        public AtomicBuffer allocate(final int capacity, final int alignment)
        {
            return buffer;
        }

        @Override
        public void release(final AtomicBuffer buffer)
        {
            assertSame(this.buffer, buffer);
            releases++;
        }

        boolean wasReleased(final AtomicBuffer buffer)
        {
            return this.buffer == buffer && releases > 0;
        }
    }

    /**
     * A faulty provider: takes every buffer back, then throws.
     */
    private static final class FailingReleaseProvider extends CountingProvider
    {
        @Override
        public synchronized void release(final AtomicBuffer buffer)
        {
            super.release(buffer);
            throw new IllegalStateException("release failed on purpose");
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.master.CacheUnderTest.HandleCall;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.CacheUnderTest.assertRejectedChangingNothing;
import static dev.slabcache.master.CacheUnderTest.fill;
import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.allocateFrom;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only a slab cache's handles do: reject a detached slab's handles, wrap their generation, and align slots.
 * <p>
 * The handle contract both caches keep is tested once, in {@link HandleContractTest}.
 */
class SlabCacheHandleTest
{
    private static final byte LIVE = 0x3C;

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleCall")
    void shouldRejectAHandleIntoADetachedSlab(final ThreadSafety mode, final HandleCall call)
    {
        try (SlabCache cache = build(mode))
        {
            final long live = allocate(cache, 3)[0];
            final CacheUnderTest tested = CacheUnderTest.of(cache);
            fill(tested, live, LIVE);
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long stale = allocateFrom(cache, slab);
            cache.free(stale);
            cache.detach(slab);

            assertRejectedChangingNothing(tested, call, stale, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleCall")
    void shouldRejectAHandleIntoADetachedSlabAfterItsTablePlaceServesNewerSlabs(
        final ThreadSafety mode, final HandleCall call)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final CacheUnderTest tested = CacheUnderTest.of(cache);
            final Slab old = cache.attach(heapBuffer(SLAB_SIZE));
            final long stale = cache.allocate();
            cache.free(stale);
            cache.detach(old);

            // The table holds 16 places while the cache holds so few slabs: newer slabs take the stale one's place.
            final AtomicBuffer buffer = heapBuffer(SLAB_SIZE);
            int samePlace = 0;
            for (int attaches = 0; attaches < 1000; attaches++)
            {
                final Slab slab = cache.attach(buffer);
                final long handle = cache.allocate();
                fill(tested, handle, LIVE);
                assertNotEquals(SlotHandle.serial(stale), SlotHandle.serial(handle));
                if ((SlotHandle.serial(handle) & 15) == (SlotHandle.serial(stale) & 15))
                {
                    samePlace++;
                    assertRejectedChangingNothing(tested, call, stale, handle, LIVE);
                }
                cache.free(handle);
                cache.detach(slab);
            }
            assertTrue(samePlace > 0, "no newer slab took the detached slab's place in the table");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAcceptAStaleHandleOnlyOnceItsSlotWasFreedAMultipleOfTheGenerationsTimes(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).magazineSize(1).depotMagazines(0)
            .build())
        {
            final long[] others = allocate(cache, SLOTS_PER_SLAB - 1);
            final long first = cache.allocate();
            long handle = first;
            for (int frees = 1; frees < SlotHandle.GENERATIONS; frees++)
            {
                cache.free(handle);
                handle = cache.allocate();
                assertEquals(SlotHandle.slot(first), SlotHandle.slot(handle));
                assertNotEquals(first, handle, "after " + frees + " frees");
                final int freed = frees;
                assertThrows(InvalidHandleException.class, () -> cache.offset(first), () -> "after " + freed);
            }
            cache.free(handle);
            handle = cache.allocate();
            assertEquals(first, handle, "the generation wraps after " + SlotHandle.GENERATIONS + " frees of a slot");
            for (final long other : others)
            {
                cache.free(other);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAlignEverySlotAddressToSlotAlignment(final ThreadSafety mode)
    {
        final int alignment = 64;
        try (SlabCache cache = SlabCache.builder()
            .threadSafety(mode)
            .slotSize(24)
            .slotAlignment(alignment)
            .slabSize(1024)
            .provider(SlabProvider.direct())
            .build())
        {
            final AtomicBuffer attached = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64), 3, 1000);
            cache.attach(attached);
            for (int i = 0; i < 60; i++)
            {
                final long handle = cache.allocate();
                final long address = cache.buffer(handle).addressOffset() + cache.offset(handle);
                assertEquals(0, address % alignment, "slot " + i + " at address " + address);
            }
        }
    }
}

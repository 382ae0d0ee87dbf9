/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.master.SmallCaches.CacheState;
import dev.slabcache.master.SmallCaches.HandleOperation;
import dev.slabcache.master.SmallCaches.LongRecord;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.SLOT_SIZE;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.allocateFrom;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static dev.slabcache.master.SmallCaches.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handles: what they are, which ones every handle operation rejects (changing nothing), and the slot memory a
 * live one gives.
 */
class SlabCacheHandleTest
{
    private static final int SLOTS_IN_TESTS = 3 * SLOTS_PER_SLAB;

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldMintPositiveDistinctHandles(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Set<Long> seen = new HashSet<>();
            for (final long handle : allocate(cache, SLOTS_IN_TESTS))
            {
                assertTrue(handle > 0, () -> SlotHandle.describe(handle));
                assertTrue(seen.add(handle), () -> "minted twice: " + SlotHandle.describe(handle));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectTheNullHandleChangingNothing(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            allocate(cache, 3);
            assertRejectedChangingNothing(cache, operation, SlabCache.NULL_HANDLE);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectNegativeHandlesChangingNothing(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            final long handle = cache.allocate();
            assertRejectedChangingNothing(cache, operation, -1L);
            assertRejectedChangingNothing(cache, operation, Long.MIN_VALUE);
            assertRejectedChangingNothing(cache, operation, -handle);
            assertRejectedChangingNothing(cache, operation, handle | Long.MIN_VALUE);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectRandomGarbageChangingNothing(final ThreadSafety mode, final HandleOperation operation)
    {
        final SplittableRandom random = new SplittableRandom(7);
        try (SlabCache cache = build(mode))
        {
            final Set<Long> live = new HashSet<>();
            for (final long handle : allocate(cache, SLOTS_IN_TESTS))
            {
                live.add(handle);
            }
            for (int i = 0; i < 1_000; i++)
            {
                final long garbage = random.nextLong();
                if (!live.contains(garbage))
                {
                    assertRejectedChangingNothing(cache, operation, garbage);
                }
            }
            assertRejectedChangingNothing(cache, operation, Long.MAX_VALUE);
            assertRejectedChangingNothing(cache, operation, 1L);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectALiveHandleWithItsSlotIndexBeyondTheSlab(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            final long handle = cache.allocate();
            final long slotMask = SlotHandle.MAX_SLOTS - 1;

            assertRejectedChangingNothing(cache, operation, (handle & ~slotMask) | SLOTS_PER_SLAB);
            assertRejectedChangingNothing(cache, operation, handle | slotMask);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAHandleToASlotNeverAllocatedInALiveSlab(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            final long handle = cache.allocate();
            final long slotMask = SlotHandle.MAX_SLOTS - 1;

            assertRejectedChangingNothing(cache, operation, (handle & ~slotMask) | (SLOTS_PER_SLAB - 1));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectALiveHandleWithItsSlabSerialOrSlotGenerationAltered(
        final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            final long handle = cache.allocate();
            final int serial = SlotHandle.serial(handle);
            final int generation = SlotHandle.generation(handle);
            final int slot = SlotHandle.slot(handle);

            assertRejectedChangingNothing(cache, operation, SlotHandle.pack(serial + 1, generation, slot));
            assertRejectedChangingNothing(cache, operation, SlotHandle.pack(serial + 16, generation, slot));
            assertRejectedChangingNothing(cache, operation, SlotHandle.pack(serial, generation + 1, slot));
            assertRejectedChangingNothing(cache, operation, SlotHandle.pack(serial, generation - 1, slot));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAHandleOfAnotherOpenCacheChangingNothingInEither(
        final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode); SlabCache other = build(mode))
        {
            allocate(cache, 3);
            final long foreign = other.allocate();
            final CacheState otherBefore = state(other);

            assertRejectedChangingNothing(cache, operation, foreign);
            assertEquals(otherBefore, state(other));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAFreedHandle(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 3);
            cache.free(handles[1]);

            assertRejectedChangingNothing(cache, operation, handles[1]);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAHandleIntoADetachedSlab(final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = build(mode))
        {
            allocate(cache, 3);
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long stale = allocateFrom(cache, slab);
            cache.free(stale);
            cache.detach(slab);

            assertRejectedChangingNothing(cache, operation, stale);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAHandleIntoADetachedSlabAfterItsTablePlaceServesNewerSlabs(
        final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
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
                assertNotEquals(SlotHandle.serial(stale), SlotHandle.serial(handle));
                if ((SlotHandle.serial(handle) & 15) == (SlotHandle.serial(stale) & 15))
                {
                    samePlace++;
                    assertRejectedChangingNothing(cache, operation, stale);
                }
                cache.free(handle);
                cache.detach(slab);
            }
            assertTrue(samePlace > 0, "no newer slab took the detached slab's place in the table");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.slabcache.master.SmallCaches#everyModeAndHandleOperation")
    void shouldRejectAHandleKeptAfterItsSlotWasFreedAndHandedOutAgain(
        final ThreadSafety mode, final HandleOperation operation)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).build())
        {
            final long stale = cache.allocate();
            cache.free(stale);
            long again = SlabCache.NULL_HANDLE;
            final long[] others = new long[SLOTS_PER_SLAB];
            for (int i = 0; i < SLOTS_PER_SLAB; i++)
            {
                others[i] = cache.allocate();
                if (SlotHandle.slot(others[i]) == SlotHandle.slot(stale))
                {
                    again = others[i];
                }
            }
            assertNotEquals(SlabCache.NULL_HANDLE, again, "the freed slot was not handed out again");
            assertEquals(SlotHandle.serial(stale), SlotHandle.serial(again));
            assertNotEquals(stale, again);
            final CacheState before = state(cache);

            assertRejectedChangingNothing(cache, operation, stale);
            assertEquals(before, state(cache));
            assertSame(cache.slabOf(again).buffer(), cache.buffer(again));
            cache.free(again);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNameTheSlotsNewHolderWhenAStaleHandleIsFreed(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(1).build())
        {
            final long[] handles = allocate(cache, SLOTS_PER_SLAB);
            cache.free(handles[0]);
            final long again = cache.allocate();
            assertEquals(SlotHandle.slot(handles[0]), SlotHandle.slot(again));

            final InvalidHandleException rejected =
                assertThrows(InvalidHandleException.class, () -> cache.free(handles[0]));
            assertTrue(rejected.getMessage().contains("stale"), rejected::getMessage);
            assertEquals(SLOTS_PER_SLAB, cache.stats().slotsInUse());
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
    void shouldThrowDoubleFreeWhenFreeingAFreeSlotChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 3);
            cache.free(handles[1]);
            final CacheState before = state(cache);

            assertThrows(DoubleFreeException.class, () -> cache.free(handles[1]));
            assertEquals(before, state(cache));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveEachSlotItsOwnMemoryToWriteAndReadBack(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, SLOTS_IN_TESTS);
            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                for (int b = 0; b < SLOT_SIZE; b++)
                {
                    buffer.putByte(offset + b, pattern(i, b));
                }
            }

            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                for (int b = 0; b < SLOT_SIZE; b++)
                {
                    assertEquals(pattern(i, b), buffer.getByte(offset + b), "slot " + i + " byte " + b);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldPlaceEverySlotWithinItsBufferWithoutOverlappingAnother(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, SLOTS_IN_TESTS);
            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                assertTrue(offset >= 0 && offset + SLOT_SIZE <= buffer.capacity(), "slot " + i + " at " + offset);
                for (int j = 0; j < i; j++)
                {
                    final int other = cache.offset(handles[j]);
                    final boolean sameBuffer = buffer == cache.buffer(handles[j]);
                    assertTrue(
                        !sameBuffer || offset + SLOT_SIZE <= other || other + SLOT_SIZE <= offset,
                        "slots " + j + " and " + i + " overlap at " + other + " and " + offset);
                }
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

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReadAndWriteTheRightSlotThroughAReAimedFlyweight(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, SLOTS_IN_TESTS);
            final LongRecord record = new LongRecord();
            for (int i = 0; i < handles.length; i++)
            {
                record.wrap(cache, handles[i]);
                record.key(i).value(handles[i]);
            }

            for (int i = 0; i < handles.length; i++)
            {
                assertSame(record, record.wrap(cache, handles[i]));
                assertEquals(handles[i], record.handle());
                assertEquals(i, record.key());
                assertEquals(handles[i], record.value());
                assertEquals(i, cache.buffer(handles[i]).getLong(cache.offset(handles[i]) + LongRecord.KEY_OFFSET));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLeaveAFlyweightAimedWhereItWasWhenWrapRejectsAHandle(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final long[] handles = allocate(cache, 2);
            final LongRecord record = new LongRecord();
            record.wrap(cache, handles[0]).key(11);
            cache.free(handles[1]);

            assertThrows(InvalidHandleException.class, () -> record.wrap(cache, handles[1]));
            assertEquals(handles[0], record.handle());
            assertEquals(11, record.key());
        }
    }

    private static byte pattern(final int slot, final int index)
    {
        return (byte)(slot * 31 + index + 1);
    }

    private static void assertRejectedChangingNothing(
        final SlabCache cache, final HandleOperation operation, final long handle)
    {
        final CacheState before = state(cache);
        assertThrows(
            InvalidHandleException.class,
            () -> operation.apply(cache, handle),
            () -> operation + " accepted " + SlotHandle.describe(handle));
        assertEquals(before, state(cache), () -> operation + " of " + SlotHandle.describe(handle) + " changed");
    }
}

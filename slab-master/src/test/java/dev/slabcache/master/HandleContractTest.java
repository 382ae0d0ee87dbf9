/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.CacheUnderTest.CacheCall;
import dev.slabcache.master.CacheUnderTest.HandleCall;
import dev.slabcache.master.CacheUnderTest.Kind;
import dev.slabcache.master.SmallCaches.LongRecord;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.CacheUnderTest.assertFilled;
import static dev.slabcache.master.CacheUnderTest.assertRejectedChangingNothing;
import static dev.slabcache.master.CacheUnderTest.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handle contract both caches keep, in every thread-safety mode: what a handle is, which ones every call that
 * takes a handle rejects (changing nothing), the slot memory a live one gives, and the calls a closed cache refuses.
 * <p>
 * What only one kind of cache has (detached slabs, moved pages) is tested beside it: {@link SlabCacheHandleTest},
 * {@link SizeClassPageMoveTest}.
 */
class HandleContractTest
{
    private static final byte LIVE = 0x5A;
    private static final int SLABS_IN_TESTS = 3;

    static Stream<Arguments> everyKindAndMode()
    {
        return Stream.of(Kind.values())
            .flatMap((kind) -> Stream.of(ThreadSafety.values()).map((mode) -> Arguments.of(kind, mode)));
    }

    static Stream<Arguments> everyKindModeAndHandleCall()
    {
        return Stream.of(Kind.values()).flatMap((kind) -> kind.everyModeAndHandleCall()
            .map((modeAndCall) -> Arguments.of(kind, modeAndCall.get()[0], modeAndCall.get()[1])));
    }

    static Stream<Arguments> everyKindModeAndCacheCall()
    {
        return Stream.of(Kind.values()).flatMap((kind) -> kind.everyModeAndCacheCall()
            .map((modeAndCall) -> Arguments.of(kind, modeAndCall.get()[0], modeAndCall.get()[1])));
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldMintPositiveDistinctHandles(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final Set<Long> seen = new HashSet<>();
            for (final long handle : allocate(cache, SLABS_IN_TESTS * cache.slotsPerSlab()))
            {
                assertTrue(handle > 0, () -> SlotHandle.describe(handle));
                assertTrue(seen.add(handle), () -> "minted twice: " + SlotHandle.describe(handle));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectTheNullHandleChangingNothing(final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            allocate(cache, 2);

            assertRejectedChangingNothing(cache, call, SlabCache.NULL_HANDLE, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectNegativeHandlesChangingNothing(final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);

            for (final long negative : new long[]{ -1L, Long.MIN_VALUE, -live, live | Long.MIN_VALUE })
            {
                assertRejectedChangingNothing(cache, call, negative, live, LIVE);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectRandomGarbageChangingNothing(final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        final long seed = 7;
        final SplittableRandom random = new SplittableRandom(seed);
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final Set<Long> handles = new HashSet<>();
            handles.add(live);
            for (final long handle : allocate(cache, SLABS_IN_TESTS * cache.slotsPerSlab() - 1))
            {
                handles.add(handle);
            }
            for (int i = 0; i < 1_000; i++)
            {
                final long garbage = random.nextLong();
                if (!handles.contains(garbage))
                {
                    try
                    {
                        assertRejectedChangingNothing(cache, call, garbage, live, LIVE);
                    }
                    catch (final AssertionError ex)
                    {
                        throw new AssertionError("garbage " + i + " of seed " + seed, ex);
                    }
                }
            }
            assertRejectedChangingNothing(cache, call, Long.MAX_VALUE, live, LIVE);
            assertRejectedChangingNothing(cache, call, 1L, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectALiveHandleWithItsSlotIndexBeyondTheSlab(
        final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final long slotMask = SlotHandle.MAX_SLOTS - 1;

            assertRejectedChangingNothing(cache, call, (live & ~slotMask) | cache.slotsPerSlab(), live, LIVE);
            assertRejectedChangingNothing(cache, call, live | slotMask, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectAHandleToASlotNeverAllocatedInALiveSlab(
        final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final long slotMask = SlotHandle.MAX_SLOTS - 1;

            assertRejectedChangingNothing(cache, call, (live & ~slotMask) | (cache.slotsPerSlab() - 1), live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectALiveHandleWithItsSlabSerialOrSlotGenerationAltered(
        final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final int serial = SlotHandle.serial(live);
            final int generation = SlotHandle.generation(live);
            final int slot = SlotHandle.slot(live);

            assertRejectedChangingNothing(cache, call, SlotHandle.pack(serial + 1, generation, slot), live, LIVE);
            assertRejectedChangingNothing(cache, call, SlotHandle.pack(serial + 16, generation, slot), live, LIVE);
            assertRejectedChangingNothing(cache, call, SlotHandle.pack(serial, generation + 1, slot), live, LIVE);
            assertRejectedChangingNothing(cache, call, SlotHandle.pack(serial, generation - 1, slot), live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectAHandleOfAnotherOpenCacheOfEitherKindChangingNothingInEither(
        final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode);
            CacheUnderTest sameKind = cache.sibling(mode);
            CacheUnderTest otherKind = kind.other().open(mode))
        {
            final long live = liveFilled(cache);
            allocate(cache, 2);
            for (final CacheUnderTest other : new CacheUnderTest[]{ sameKind, otherKind })
            {
                final long foreign = other.allocate();
                final Object otherBefore = other.state();

                assertRejectedChangingNothing(cache, call, foreign, live, LIVE);
                assertEquals(otherBefore, other.state());
                other.free(foreign);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectAFreedHandleChangingNothing(final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final long freed = cache.allocate();
            cache.allocate();
            cache.free(freed);

            assertRejectedChangingNothing(cache, call, freed, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndHandleCall")
    void shouldRejectAHandleKeptAfterItsSlotWasFreedAndHandedOutAgainNamingItStale(
        final Kind kind, final ThreadSafety mode, final HandleCall call)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long kept = cache.allocate();
            final long stale = cache.allocate();
            final AtomicBuffer staleBuffer = cache.buffer(stale);
            final int staleOffset = cache.offset(stale);
            cache.free(stale);
            final long again = allocateAt(cache, staleBuffer, staleOffset);
            assertEquals(SlotHandle.serial(stale), SlotHandle.serial(again));
            assertNotEquals(stale, again);
            fill(cache, again, LIVE);

            final InvalidHandleException rejected = assertRejectedChangingNothing(cache, call, stale, again, LIVE);

            assertTrue(rejected.getMessage().contains("stale"), rejected::getMessage);
            assertSame(staleBuffer, cache.buffer(again));
            for (final HandleCall use : kind.handleCalls())
            {
                if (HandleCall.FREE != use)
                {
                    cache.apply(use, again);
                }
            }
            cache.free(again);
            cache.free(kept);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldThrowDoubleFreeWhenFreeingAFreeSlotChangingNothing(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long live = liveFilled(cache);
            final long freed = cache.allocate();
            cache.allocate();
            cache.free(freed);
            final Object before = cache.state();

            assertThrows(DoubleFreeException.class, () -> cache.free(freed));

            assertEquals(before, cache.state());
            assertFilled(cache, live, LIVE);
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldGiveEachSlotItsOwnMemoryToWriteAndReadBack(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long[] handles = allocate(cache, SLABS_IN_TESTS * cache.slotsPerSlab());
            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                for (int b = 0; b < cache.slotLength(); b++)
                {
                    buffer.putByte(offset + b, pattern(i, b));
                }
            }

            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                for (int b = 0; b < cache.slotLength(); b++)
                {
                    assertEquals(pattern(i, b), buffer.getByte(offset + b), "slot " + i + " byte " + b);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldPlaceEverySlotWithinItsBufferWithoutOverlappingAnother(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long[] handles = allocate(cache, SLABS_IN_TESTS * cache.slotsPerSlab());
            final int length = cache.slotLength();
            for (int i = 0; i < handles.length; i++)
            {
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                final int offset = cache.offset(handles[i]);
                assertTrue(offset >= 0 && offset + length <= buffer.capacity(), "slot " + i + " at " + offset);
                for (int j = 0; j < i; j++)
                {
                    final int other = cache.offset(handles[j]);
                    final boolean sameBuffer = buffer == cache.buffer(handles[j]);
                    assertTrue(
                        !sameBuffer || offset + length <= other || other + length <= offset,
                        "slots " + j + " and " + i + " overlap at " + other + " and " + offset);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldReadAndWriteTheRightSlotThroughAReAimedFlyweight(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long[] handles = allocate(cache, SLABS_IN_TESTS * cache.slotsPerSlab());
            final LongRecord record = new LongRecord();
            for (int i = 0; i < handles.length; i++)
            {
                cache.wrap(record, handles[i]).key(i).value(handles[i]);
            }

            for (int i = 0; i < handles.length; i++)
            {
                assertSame(record, cache.wrap(record, handles[i]));
                assertEquals(handles[i], record.handle());
                assertSame(cache.buffer(handles[i]), record.buffer());
                assertEquals(cache.offset(handles[i]), record.offset());
                assertEquals(i, record.key());
                assertEquals(handles[i], record.value());
                assertEquals(i, cache.buffer(handles[i]).getLong(cache.offset(handles[i]) + LongRecord.KEY_OFFSET));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMode")
    void shouldLeaveAFlyweightAimedWhereItWasWhenWrapRejectsAHandle(final Kind kind, final ThreadSafety mode)
    {
        try (CacheUnderTest cache = kind.open(mode))
        {
            final long[] handles = allocate(cache, 2);
            final LongRecord record = new LongRecord();
            cache.wrap(record, handles[0]).key(11);
            cache.free(handles[1]);

            assertThrows(InvalidHandleException.class, () -> cache.wrap(record, handles[1]));
            assertEquals(handles[0], record.handle());
            assertEquals(11, record.key());
        }
    }

    @ParameterizedTest
    @MethodSource("everyKindModeAndCacheCall")
    void shouldRejectEveryCallAfterCloseNamingTheCache(final Kind kind, final ThreadSafety mode, final CacheCall call)
    {
        final CacheUnderTest cache = kind.open(mode);
        final long live = cache.allocate();
        final Executable closed = cache.bind(call, live);

        cache.close();

        final IllegalStateException rejected = assertThrows(IllegalStateException.class, closed);
        assertTrue(rejected.getMessage().contains(cache.name()), rejected::getMessage);
    }

    private static long[] allocate(final CacheUnderTest cache, final int count)
    {
        final long[] handles = new long[count];
        for (int i = 0; i < count; i++)
        {
            handles[i] = cache.allocate();
        }
        return handles;
    }

    private static long liveFilled(final CacheUnderTest cache)
    {
        final long live = cache.allocate();
        fill(cache, live, LIVE);
        return live;
    }

    /**
     * Allocates until a slot lands at the given place, keeping the others allocated.
     */
    private static long allocateAt(final CacheUnderTest cache, final AtomicBuffer buffer, final int offset)
    {
        for (int i = 0; i < cache.slotsPerSlab(); i++)
        {
            final long handle = cache.allocate();
            if (buffer == cache.buffer(handle) && offset == cache.offset(handle))
            {
                return handle;
            }
        }
        throw new AssertionError("the freed slot at " + offset + " was not handed out again");
    }

    private static byte pattern(final int slot, final int index)
    {
        return (byte)(slot * 31 + index + 1);
    }
}

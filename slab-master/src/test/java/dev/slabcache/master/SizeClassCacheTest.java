/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.SlotSegment;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The size-class cache: its class sizes and lookup, allocation and handles in every class, statistics, the
 * builder's rules, close, pages shared through a pool, and page moves between classes.
 * <p>
 * Most tests use 4 KiB pages and three classes: 64 bytes (64 slots a page), 128 (32) and 256 (16).
 */
class SizeClassCacheTest
{
    private static final String NAME = "sc-test";
    private static final int PAGE = PagePool.MIN_PAGE_SIZE;
    private static final int SMALL = 64;
    private static final int MEDIUM = 128;
    private static final int LARGE = 256;
    private static final int SMALL_PER_PAGE = PAGE / SMALL;
    private static final int MEDIUM_PER_PAGE = PAGE / MEDIUM;
    private static final int LARGE_PER_PAGE = PAGE / LARGE;
    private static final int RACE_THREADS = 3;

    static Stream<Arguments> everyModeAndHandleCall()
    {
        return Stream.of(ThreadSafety.values())
            .flatMap((mode) -> Stream.of(HandleCall.values()).map((call) -> Arguments.of(mode, call)));
    }

    static Stream<Arguments> everyModeAndCall()
    {
        return Stream.of(ThreadSafety.values())
            .flatMap((mode) -> Stream.of(CacheCall.values()).map((call) -> Arguments.of(mode, call)));
    }

    /**
     * Page size, smallest and largest class, growth factor: fine and coarse lookup granules, a largest class that
     * is not a multiple of 8, and classes 8 bytes apart.
     */
    static Stream<Arguments> classConfigurations()
    {
        return Stream.of(
            Arguments.of(1 << 16, 64, 1 << 15, 1.25),
            Arguments.of(1 << 20, 8, 1 << 20, 1.01),
            Arguments.of(1 << 24, 8, 1 << 24, 1.02),
            Arguments.of(1 << 24, 8, (1 << 24) - 3, 1.1),
            Arguments.of(1 << 24, 1000, 1 << 23, 2.0),
            Arguments.of(PAGE, 8, PAGE, Math.nextUp(1.0)));
    }

    @Test
    void shouldGrowClassSizesByTheFactorRoundedUpToEightAsMemcachedDoes()
    {
        try (SizeClassCache cache = SizeClassCache.builder().build())
        {
            assertEquals(
                List.of(64, 80, 104, 136, 176, 224, 280, 352, 440, 552), slotSizes(cache).subList(0, 10));
            assertEquals(referenceSizes(64, 512 * 1024, 1.25), slotSizes(cache));
        }
    }

    @ParameterizedTest
    @MethodSource("classConfigurations")
    void shouldMakeTheClassSizesOfEveryConfiguration(
        final int pageSize, final int min, final int max, final double factor)
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize)
            .minSlotSize(min).maxSlotSize(max).growthFactor(factor).build())
        {
            assertEquals(referenceSizes(min, max, factor), slotSizes(cache));
        }
    }

    @Test
    void shouldRoundTheSmallestClassUpToAMultipleOfEight()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).minSlotSize(57).build())
        {
            assertEquals(64, cache.classes().get(0).slotSize());
        }
    }

    @Test
    void shouldStepAtLeastEightBytesWhenTheFactorAddsLess()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).maxSlotSize(1024)
            .growthFactor(Math.nextUp(1.0)).build())
        {
            final List<Integer> expected = new ArrayList<>();
            for (int size = 64; size <= 1024; size += 8)
            {
                expected.add(size);
            }
            assertEquals(expected, slotSizes(cache));
        }
    }

    @Test
    void shouldEndWithTheLargestSlotSizeEvenWhenItIsNotAMultipleOfEight()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 2L * PAGE)).maxSlotSize(1001).build())
        {
            final List<Integer> sizes = slotSizes(cache);

            assertEquals(List.of(64, 128, 256, 512, 1001), sizes);
            final long handle = cache.allocate(1001);
            assertEquals(1001, cache.slotSize(handle));
            fill(cache, handle, 1001, (byte)7);
            assertFilled(cache, handle, 1001, (byte)7);
        }
    }

    @Test
    void shouldMakeOneClassWhenTheSmallestIsTheLargest()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).minSlotSize(LARGE).build())
        {
            assertEquals(List.of(LARGE), slotSizes(cache));
        }
    }

    @Test
    void shouldNumberTheClassesSmallestFirst()
    {
        try (SizeClassCache cache = smallCache(ThreadSafety.SINGLE_OWNER, PagePool.direct(PAGE, PAGE)))
        {
            final List<SizeClass> classes = cache.classes();

            assertEquals(3, classes.size());
            for (int i = 0; i < classes.size(); i++)
            {
                assertEquals(i, classes.get(i).index());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFitAsManySlotsInAPageAsEachClassSays(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 8L * PAGE)).maxSlotSize(1001)
            .threadSafety(mode).build())
        {
            for (final SizeClass sizeClass : cache.classes())
            {
                cache.allocate(sizeClass.slotSize());
            }

            final SizeClassStats stats = cache.stats();
            for (final SizeClass sizeClass : cache.classes())
            {
                final SizeClassStats.ClassStats counts = stats.classes().get(sizeClass.index());
                assertEquals(1, counts.pages(), counts::toString);
                assertEquals(sizeClass.slotsPerPage(), counts.slotCapacity(), counts::toString);
            }
            assertEquals(List.of(64, 32, 16, 8, 4), slotsPerPage(cache));
        }
    }

    @Test
    void shouldMakeOnlyTheSmallestAndTheLargestClassForAHugeFactor()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).maxSlotSize(1024)
            .growthFactor(1e18).build())
        {
            assertEquals(List.of(64, 1024), slotSizes(cache));
        }
    }

    @ParameterizedTest
    @MethodSource("classConfigurations")
    void shouldFindTheSmallestClassThatHoldsEverySize(
        final int pageSize, final int min, final int max, final double factor)
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize)
            .minSlotSize(min).maxSlotSize(max).growthFactor(factor).build())
        {
            final List<Integer> sizes = slotSizes(cache);
            int expected = 0;
            for (int size = 1; size <= max; size++)
            {
                while (sizes.get(expected) < size)
                {
                    expected++;
                }
                final int found = cache.classFor(size);
                if (expected != found)
                {
                    fail("classFor(" + size + ") = " + found + " (" + sizes.get(found) + " bytes), expected " +
                        expected + " (" + sizes.get(expected) + " bytes)");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, Integer.MIN_VALUE, LARGE + 1, Integer.MAX_VALUE })
    void shouldRejectFindingTheClassOfASizeOutsideOneToTheLargestNamingIt(final int size)
    {
        try (SizeClassCache cache = smallCache(ThreadSafety.SINGLE_OWNER, PagePool.direct(PAGE, PAGE)))
        {
            final IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> cache.classFor(size));

            assertTrue(rejected.getMessage().contains("size=" + size), rejected::getMessage);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAllocatingASizeOutsideOneToTheLargestChangingNothing(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long live = cache.allocate(SMALL);
            final SizeClassStats before = cache.stats();

            for (final int size : new int[]{ 0, -1, Integer.MIN_VALUE, LARGE + 1, Integer.MAX_VALUE })
            {
                final IllegalArgumentException rejected =
                    assertThrows(IllegalArgumentException.class, () -> cache.allocate(size));
                assertTrue(rejected.getMessage().contains("size=" + size), rejected::getMessage);
                final IllegalArgumentException rejectedTry =
                    assertThrows(IllegalArgumentException.class, () -> cache.tryAllocate(size));
                assertTrue(rejectedTry.getMessage().contains("size=" + size), rejectedTry::getMessage);
            }

            assertEquals(before, cache.stats());
            cache.free(live);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAllocateASlotOfTheSmallestClassThatHoldsTheSize(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 8L * PAGE)))
        {
            for (final int size : new int[]{ 1, 8, 63, 64, 65, 127, 128, 129, 255, 256 })
            {
                final long handle = cache.allocate(size);

                final int slotSize = cache.slotSize(handle);
                assertTrue(slotSize >= size, () -> "slot of " + slotSize + " bytes for " + size);
                assertEquals(cache.classes().get(cache.classFor(size)).slotSize(), slotSize);
                assertTrue(cache.offset(handle) >= 0);
                assertTrue(cache.offset(handle) + slotSize <= cache.buffer(handle).capacity());
                assertEquals(0, cache.offset(handle) % SizeClassCache.CLASS_ALIGNMENT);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepTheBytesOfEverySlotApart(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 32L * PAGE)))
        {
            final long[] handles = new long[LARGE + 1];
            for (int size = 1; size <= LARGE; size++)
            {
                handles[size] = cache.allocate(size);
                fill(cache, handles[size], size, (byte)size);
            }

            for (int size = 1; size <= LARGE; size++)
            {
                assertFilled(cache, handles[size], size, (byte)size);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldTakeTheHandleOfAnyClassInEveryHandleCall(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long[] handles = { cache.allocate(SMALL), cache.allocate(MEDIUM), cache.allocate(LARGE) };
            final Set<AtomicBuffer> pages = Collections.newSetFromMap(new IdentityHashMap<>());

            for (final long handle : handles)
            {
                assertEquals(PAGE, cache.buffer(handle).capacity());
                assertTrue(pages.add(cache.buffer(handle)), "two classes share a page");
                fill(cache, handle, cache.slotSize(handle), (byte)cache.slotSize(handle));
            }
            assertEquals(List.of(SMALL, MEDIUM, LARGE),
                List.of(cache.slotSize(handles[0]), cache.slotSize(handles[1]), cache.slotSize(handles[2])));
            for (final long handle : handles)
            {
                assertFilled(cache, handle, cache.slotSize(handle), (byte)cache.slotSize(handle));
                cache.free(handle);
            }
            assertEquals(0, cache.stats().slotsInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeAFreedSlotAgain(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, PAGE)))
        {
            final List<Long> handles = allocate(cache, SMALL, SMALL_PER_PAGE);
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(SMALL));

            cache.free(handles.get(17));

            assertNotEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(SMALL));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldThrowNamingTheClassAndThePoolWhenTheClassFindsNoSlot(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            allocate(cache, SMALL, SMALL_PER_PAGE);

            final SlabExhaustedException full = assertThrows(SlabExhaustedException.class, () -> cache.allocate(1));
            final SlabExhaustedException pageless =
                assertThrows(SlabExhaustedException.class, () -> cache.allocate(MEDIUM));

            assertTrue(full.getMessage().contains("'" + NAME + "[" + SMALL + "]'"), full::getMessage);
            assertTrue(full.getMessage().contains("PagePool{"), full::getMessage);
            assertInstanceOf(SlabExhaustedException.class, full.getCause());
            assertTrue(pageless.getMessage().contains("'" + NAME + "[" + MEDIUM + "]'"), pageless::getMessage);
            assertTrue(pageless.getMessage().contains("PagePool{"), pageless::getMessage);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReturnTheNullHandleWhenTheClassFindsNoSlot(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            allocate(cache, SMALL, SMALL_PER_PAGE);

            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(SMALL));
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(LARGE));
            assertEquals(SMALL_PER_PAGE, cache.stats().slotsInUse());
            assertEquals(1, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverTakeMorePagesThanItsOwnMemoryLimit(final ThreadSafety mode)
    {
        try (SizeClassCache cache = SizeClassCache.builder().name(NAME).minSlotSize(SMALL).maxSlotSize(LARGE)
            .growthFactor(2).pageSize(PAGE).memoryLimit(3L * PAGE).threadSafety(mode).build())
        {
            final List<Long> handles = new ArrayList<>();
            long handle;
            while (SlabCache.NULL_HANDLE != (handle = cache.tryAllocate(LARGE)))
            {
                handles.add(handle);
            }

            assertEquals(3 * LARGE_PER_PAGE, handles.size());
            assertEquals(3, cache.stats().pages());
            assertEquals(3, cache.pagePool().pagesInUse());
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(SMALL));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAimAFlyweightAtASlotOfEveryClass(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final SmallCaches.LongRecord record = new SmallCaches.LongRecord();
            for (final SizeClass sizeClass : cache.classes())
            {
                final long handle = cache.allocate(sizeClass.slotSize());
                record.wrap(cache, handle).key(sizeClass.index()).value(handle);

                assertSame(cache.buffer(handle), record.buffer());
                assertEquals(cache.offset(handle), record.offset());
                assertEquals(handle, record.handle());
                assertEquals(handle, cache.buffer(handle).getLong(
                    cache.offset(handle) + SmallCaches.LongRecord.VALUE_OFFSET));
                cache.free(handle);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeSlotsOfEveryClassFromAPoolOverACallerBuffer(final ThreadSafety mode)
    {
        final AtomicBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(8 * PAGE));
        final PagePool pool = PagePool.of(memory, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final Map<Long, Byte> cookies = new LinkedHashMap<>();
            cookies.putAll(allocateFilled(cache, SMALL, 3));
            cookies.putAll(allocateFilled(cache, LARGE, 3));

            for (final Map.Entry<Long, Byte> cookie : cookies.entrySet())
            {
                final long address = cache.buffer(cookie.getKey()).addressOffset() + cache.offset(cookie.getKey());
                assertTrue(address >= memory.addressOffset());
                assertTrue(address + cache.slotSize(cookie.getKey()) <= memory.addressOffset() + memory.capacity());
            }
            assertFilled(cache, cookies.keySet().iterator().next(), SMALL, (byte)1);
            assertEquals(2, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectADoubleFreeChangingNothing(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long kept = cache.allocate(MEDIUM);
            fill(cache, kept, MEDIUM, (byte)0x5A);
            final long freed = cache.allocate(MEDIUM);
            cache.free(freed);
            final SizeClassStats before = cache.stats();

            assertThrows(DoubleFreeException.class, () -> cache.free(freed));

            assertEquals(before, cache.stats());
            assertFilled(cache, kept, MEDIUM, (byte)0x5A);
            cache.free(kept);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectAFreedHandleChangingNothing(final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long kept = cache.allocate(SMALL);
            fill(cache, kept, SMALL, (byte)0x3C);
            final long freed = cache.allocate(SMALL);
            cache.free(freed);

            assertRejectedChangingNothing(cache, call, freed, kept, SMALL, (byte)0x3C);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectAStaleHandleWhoseSlotWasHandedOutAgainChangingNothing(
        final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long kept = cache.allocate(SMALL);
            final long stale = cache.allocate(SMALL);
            final AtomicBuffer staleBuffer = cache.buffer(stale);
            final int staleOffset = cache.offset(stale);
            cache.free(stale);
            final long reused = cache.allocate(SMALL);
            assertSame(staleBuffer, cache.buffer(reused));
            assertEquals(staleOffset, cache.offset(reused), "the freed slot was not handed out again");
            fill(cache, reused, SMALL, (byte)0x7E);

            final InvalidHandleException rejected =
                assertRejectedChangingNothing(cache, call, stale, reused, SMALL, (byte)0x7E);

            assertTrue(rejected.getMessage().contains("stale"), rejected::getMessage);
            cache.free(kept);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectAHandleOfAnotherSizeClassCacheChangingNothing(final ThreadSafety mode, final HandleCall call)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool);
            SizeClassCache other = smallCache(mode, pool))
        {
            final long kept = cache.allocate(SMALL);
            fill(cache, kept, SMALL, (byte)0x11);
            final long foreign = other.allocate(SMALL);

            assertRejectedChangingNothing(cache, call, foreign, kept, SMALL, (byte)0x11);
            other.free(foreign);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectAHandleOfAPlainSlabCacheChangingNothing(final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE));
            SlabCache plain = SlabCache.builder().slotSize(SMALL).threadSafety(mode).build())
        {
            final long kept = cache.allocate(SMALL);
            fill(cache, kept, SMALL, (byte)0x22);
            final long foreign = plain.allocate();

            assertRejectedChangingNothing(cache, call, foreign, kept, SMALL, (byte)0x22);
            plain.free(foreign);
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectGarbageHandlesChangingNothing(final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final long kept = cache.allocate(SMALL);
            fill(cache, kept, SMALL, (byte)0x33);
            final long beyondThePage = SlotHandle.pack(
                SlotHandle.serial(kept), SlotHandle.generation(kept), SMALL_PER_PAGE);

            for (final long garbage : new long[]{ SlabCache.NULL_HANDLE, -1, Long.MAX_VALUE, beyondThePage })
            {
                assertRejectedChangingNothing(cache, call, garbage, kept, SMALL, (byte)0x33);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountPagesAndSlotsPerClassAndInTotal(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 8L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            allocate(cache, 50, 3);
            final List<Long> medium = allocate(cache, 100, MEDIUM_PER_PAGE + 8);
            cache.free(medium.get(0));

            final SizeClassStats stats = cache.stats();

            assertEquals(NAME, stats.name());
            assertEquals(PAGE, stats.pageSize());
            assertEquals(8, stats.pageLimit());
            assertEquals(3, stats.pagesInUse());
            assertClassCounts(stats.classes().get(0), 1, SMALL_PER_PAGE, 3, 3, 0);
            assertClassCounts(stats.classes().get(1), 2, 2 * MEDIUM_PER_PAGE, MEDIUM_PER_PAGE + 7,
                MEDIUM_PER_PAGE + 8, 1);
            assertClassCounts(stats.classes().get(2), 0, 0, 0, 0, 0);
            assertEquals(3, stats.pages());
            assertEquals(3L * PAGE, stats.bytesInPages());
            assertEquals(3 + MEDIUM_PER_PAGE + 7, stats.slotsInUse());
            assertEquals(3L * SMALL + (MEDIUM_PER_PAGE + 7L) * MEDIUM, stats.bytesInUse());
            assertEquals(0, stats.failedAllocations());
            assertEquals(0, stats.pagesMoved());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountFailedAllocationsPerClassAndInTotal(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, PAGE)))
        {
            allocate(cache, SMALL, SMALL_PER_PAGE);

            assertThrows(SlabExhaustedException.class, () -> cache.allocate(SMALL));
            cache.tryAllocate(SMALL);
            cache.tryAllocate(LARGE);

            final SizeClassStats stats = cache.stats();
            assertEquals(2, stats.classes().get(0).failedAllocations());
            assertEquals(0, stats.classes().get(1).failedAllocations());
            assertEquals(1, stats.classes().get(2).failedAllocations());
            assertEquals(3, stats.failedAllocations());
            assertEquals(SMALL_PER_PAGE, stats.classes().get(0).allocations());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountThePagesOfEveryCacheSharingThePoolAsInUse(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 8L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool);
            SizeClassCache other = smallCache(mode, pool))
        {
            cache.allocate(SMALL);
            other.allocate(SMALL);
            other.allocate(LARGE);

            final SizeClassStats stats = cache.stats();

            assertEquals(1, stats.pages());
            assertEquals(3, stats.pagesInUse());
            assertEquals(2, other.stats().pages());
        }
    }

    @Test
    void shouldBuildWithMemcachedDefaults()
    {
        try (SizeClassCache cache = SizeClassCache.builder().build())
        {
            assertEquals("size-classes", cache.name());
            assertEquals(1 << 20, cache.pagePool().pageSize());
            assertEquals(64L << 20, cache.pagePool().memoryLimit());
            assertEquals(64, cache.classes().get(0).slotSize());
            assertEquals(512 * 1024, cache.classes().get(cache.classes().size() - 1).slotSize());
            assertTrue(cache.toString().contains("threadSafety=" + ThreadSafety.MAGAZINES), cache::toString);
            assertEquals(0, cache.pagePool().pagesInUse());
        }
    }

    @Test
    void shouldMakeItsOwnPoolOfTheMemoryLimit()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(2 * PAGE).memoryLimit(10L * 2 * PAGE + 1)
            .build())
        {
            assertEquals(2 * PAGE, cache.pagePool().pageSize());
            assertEquals(10, cache.pagePool().pageLimit());
            assertEquals(PAGE, cache.classes().get(cache.classes().size() - 1).slotSize());
        }
    }

    @Test
    void shouldTakeThePageSizeFromThePool()
    {
        final PagePool pool = PagePool.direct(2 * PAGE, 2L * PAGE);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(pool).pageSize(2 * PAGE).build())
        {
            assertSame(pool, cache.pagePool());
            assertEquals(PAGE, cache.classes().get(cache.classes().size() - 1).slotSize());
        }
    }

    @Test
    void shouldRejectAPoolAndAMemoryLimitTogether()
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);

        final IllegalArgumentException poolFirst = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pagePool(pool).memoryLimit(PAGE).build());
        final IllegalArgumentException limitFirst = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().memoryLimit(PAGE).pagePool(pool).build());

        for (final IllegalArgumentException rejected : List.of(poolFirst, limitFirst))
        {
            assertTrue(rejected.getMessage().contains("memoryLimit=" + PAGE), rejected::getMessage);
            assertTrue(rejected.getMessage().contains("pagePool="), rejected::getMessage);
        }
    }

    @Test
    void shouldRejectAPageSizeOtherThanThePools()
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pagePool(pool).pageSize(2 * PAGE).build());

        assertTrue(rejected.getMessage().contains("pageSize=" + 2 * PAGE), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("pool's pageSize=" + PAGE), rejected::getMessage);
    }

    @Test
    void shouldRejectASmallestClassAboveTheLargest()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).minSlotSize(512).maxSlotSize(256)
                .build());

        assertTrue(rejected.getMessage().contains("minSlotSize=512"), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("maxSlotSize=256"), rejected::getMessage);
    }

    @Test
    void shouldCapASmallestClassThatRoundsUpAboveTheLargestAtTheLargest()
    {
        try (SizeClassCache cache =
            SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).minSlotSize(250).maxSlotSize(252).build())
        {
            assertEquals(1, cache.classes().size());
            assertEquals(252, cache.classes().get(0).slotSize());
        }
    }

    @Test
    void shouldRejectALargestClassAboveThePage()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).maxSlotSize(PAGE + 8).build());

        assertTrue(rejected.getMessage().contains("maxSlotSize=" + (PAGE + 8)), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("pageSize=" + PAGE), rejected::getMessage);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeALargestClassOfAWholePage(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 2L * PAGE)).maxSlotSize(PAGE)
            .threadSafety(mode).build())
        {
            final long handle = cache.allocate(PAGE);

            assertEquals(PAGE, cache.slotSize(handle));
            assertEquals(1, cache.classes().get(cache.classFor(PAGE)).slotsPerPage());
            fill(cache, handle, PAGE, (byte)9);
            assertFilled(cache, handle, PAGE, (byte)9);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = { 1.0, 0.5, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void shouldRejectAGrowthFactorThatIsNotAFiniteNumberAboveOne(final double factor)
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().growthFactor(factor));

        assertTrue(rejected.getMessage().contains("growthFactor=" + factor), rejected::getMessage);
    }

    @Test
    void shouldMakeTheMostClassesItMay()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(4 * PAGE).memoryLimit(4 * PAGE)
            .minSlotSize(8).maxSlotSize(8 * SizeClassCache.MAX_CLASSES).growthFactor(Math.nextUp(1.0)).build())
        {
            assertEquals(SizeClassCache.MAX_CLASSES, cache.classes().size());
        }
    }

    @Test
    void shouldRejectMoreClassesThanItMayMake()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(4 * PAGE).memoryLimit(4 * PAGE).minSlotSize(8)
                .maxSlotSize(8 * SizeClassCache.MAX_CLASSES + 8).growthFactor(Math.nextUp(1.0)).build());

        assertTrue(rejected.getMessage().contains("growthFactor="), rejected::getMessage);
        assertTrue(rejected.getMessage().contains(String.valueOf(SizeClassCache.MAX_CLASSES)), rejected::getMessage);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", " ", "\t\n" })
    void shouldRejectANullOrBlankName(final String name)
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().name(name));

        assertTrue(rejected.getMessage().contains("name="), rejected::getMessage);
    }

    @Test
    void shouldRejectANullPagePool()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().pagePool(null));

        assertTrue(rejected.getMessage().contains("pagePool"), rejected::getMessage);
    }

    @Test
    void shouldRejectANullThreadSafety()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().threadSafety(null));

        assertTrue(rejected.getMessage().contains("threadSafety"), rejected::getMessage);
    }

    @Test
    void shouldRejectSlotSizesBelowTheSmallestSlot()
    {
        final int tooSmall = SlotSegment.MIN_SLOT_SIZE - 1;

        final IllegalArgumentException min =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().minSlotSize(tooSmall));
        final IllegalArgumentException max =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().maxSlotSize(tooSmall));

        assertTrue(min.getMessage().contains("minSlotSize=" + tooSmall), min::getMessage);
        assertTrue(max.getMessage().contains("maxSlotSize=" + tooSmall), max::getMessage);
    }

    @Test
    void shouldRejectAPageSizeBelowTheSmallestPage()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().pageSize(PAGE - 1));

        assertTrue(rejected.getMessage().contains("pageSize=" + (PAGE - 1)), rejected::getMessage);
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Long.MIN_VALUE })
    void shouldRejectAMemoryLimitThatIsNotPositive(final long memoryLimit)
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().memoryLimit(memoryLimit));

        assertTrue(rejected.getMessage().contains("memoryLimit=" + memoryLimit), rejected::getMessage);
    }

    @Test
    void shouldRejectAMemoryLimitBelowOnePage()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(2 * PAGE).memoryLimit(PAGE).build());

        assertTrue(rejected.getMessage().contains("memoryLimit=" + PAGE), rejected::getMessage);
    }

    @Test
    void shouldRejectAPageThatHoldsMoreSlotsOfTheSmallestClassThanAHandleNames()
    {
        final int pageSize = 1 << 28;

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize).minSlotSize(8).build());

        assertTrue(rejected.getMessage().contains(String.valueOf(SlotHandle.MAX_SLOTS)), rejected::getMessage);
    }

    @ParameterizedTest
    @MethodSource("everyModeAndCall")
    void shouldRejectEveryCallAfterClose(final ThreadSafety mode, final CacheCall call)
    {
        final SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE));
        final long live = cache.allocate(SMALL);
        cache.allocate(MEDIUM);

        cache.close();

        final IllegalStateException rejected = assertThrows(IllegalStateException.class, () -> call.apply(cache, live));
        assertTrue(rejected.getMessage().contains(NAME), rejected::getMessage);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldDoNothingWhenClosedTwice(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final SizeClassCache cache = smallCache(mode, pool);
        cache.allocate(SMALL);
        cache.close();
        final int pagesInUse = pool.pagesInUse();

        cache.close();

        assertEquals(pagesInUse, pool.pagesInUse());
        assertThrows(IllegalStateException.class, cache::stats);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveThePagesWithNoLiveSlotBackToThePoolOnClose(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        final SizeClassCache cache = smallCache(mode, pool);
        cache.allocate(MEDIUM);
        cache.allocate(SMALL);
        assertEquals(PageMove.MOVED, cache.movePage(0, 2, (handle, buffer, offset) -> { }));
        cache.free(cache.allocate(SMALL));
        assertEquals(cache.stats().pages(), pool.pagesInUse());
        assertTrue(pool.pagesInUse() >= 2, pool::toString);

        cache.close();

        assertEquals(1, pool.pagesInUse());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepAPageWithALiveSlotOutOfThePoolAfterClose(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        final SizeClassCache cache = smallCache(mode, pool);
        cache.allocate(SMALL);

        cache.close();

        assertEquals(1, pool.pagesInUse());
        try (SizeClassCache other = smallCache(mode, pool))
        {
            assertEquals(SlabCache.NULL_HANDLE, other.tryAllocate(SMALL));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveThePagesOfAClosedCacheToAnotherCacheSharingThePool(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache other = smallCache(mode, pool))
        {
            final Set<AtomicBuffer> pages = Collections.newSetFromMap(new IdentityHashMap<>());
            try (SizeClassCache cache = smallCache(mode, pool))
            {
                final long small = cache.allocate(SMALL);
                final long medium = cache.allocate(MEDIUM);
                pages.add(cache.buffer(small));
                pages.add(cache.buffer(medium));
                assertEquals(SlabCache.NULL_HANDLE, other.tryAllocate(LARGE));
                cache.free(small);
                cache.free(medium);
            }

            assertEquals(0, pool.pagesInUse());
            final List<Long> large = allocate(other, LARGE, 2 * LARGE_PER_PAGE);
            final Set<AtomicBuffer> reused = Collections.newSetFromMap(new IdentityHashMap<>());
            for (final long handle : large)
            {
                reused.add(other.buffer(handle));
            }
            assertEquals(pages, reused);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = { "SINGLE_OWNER", "LOCKED" })
    void shouldKeepOneEmptyPageAClassEmptiedAndGiveItToAnotherCacheSharingThePoolOnTrim(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool);
            SizeClassCache other = smallCache(mode, pool))
        {
            final long handle = cache.allocate(SMALL);
            final AtomicBuffer page = cache.buffer(handle);
            assertEquals(SlabCache.NULL_HANDLE, other.tryAllocate(LARGE));

            cache.free(handle);
            assertEquals(1, pool.pagesInUse());
            assertEquals(SlabCache.NULL_HANDLE, other.tryAllocate(LARGE));

            assertEquals(1, cache.trim());
            assertEquals(0, pool.pagesInUse());
            assertSame(page, other.buffer(other.allocate(LARGE)));
        }
    }

    @Test
    void shouldGiveAPageAClassEmptiedIntoMagazinesToAnotherClass()
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(ThreadSafety.MAGAZINES, pool))
        {
            final long handle = cache.allocate(SMALL);
            final AtomicBuffer page = cache.buffer(handle);

            cache.free(handle);

            assertEquals(0, cache.stats().slotsInUse());
            assertSame(page, cache.buffer(cache.allocate(MEDIUM)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = { "SINGLE_OWNER", "LOCKED" })
    void shouldGiveAPageOneClassEmptiedToAnotherClass(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final long handle = cache.allocate(SMALL);
            final AtomicBuffer page = cache.buffer(handle);
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(MEDIUM));

            cache.free(handle);

            assertSame(page, cache.buffer(cache.allocate(MEDIUM)));
            assertEquals(0, cache.stats().classes().get(0).pages());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldMoveThePageWithTheFewestLiveSlots(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 4L * PAGE)))
        {
            final List<List<Long>> pages = byPage(cache, allocate(cache, SMALL, 3 * SMALL_PER_PAGE));
            assertEquals(3, pages.size());
            keepFirst(cache, pages.get(0), 10);
            keepFirst(cache, pages.get(1), 3);
            keepFirst(cache, pages.get(2), 7);
            final List<Long> visited = new ArrayList<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(PageMove.MOVED, move);
            assertEquals(new HashSet<>(pages.get(1)), new HashSet<>(visited));
            assertEquals(3, visited.size());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldShowEachLiveSlotOnceWithItsBytesIntact(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, 20);
            final Map<Long, Integer> offsets = offsets(cache, cookies.keySet());
            final AtomicBuffer page = cache.buffer(cookies.keySet().iterator().next());
            final List<Long> visited = new ArrayList<>();

            cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                visited.add(handle);
                assertSame(page, buffer);
                assertEquals(offsets.get(handle), offset);
                assertFilled(buffer, offset, SMALL, cookies.get(handle));
            });

            assertEquals(cookies.size(), visited.size());
            assertEquals(cookies.keySet(), new HashSet<>(visited));
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectTheHandlesOfAMovedPageAfterwards(final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final List<Long> handles = allocate(cache, SMALL, 5);
            final List<Long> visited = new ArrayList<>();
            cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));
            final SizeClassStats before = cache.stats();

            for (final long handle : handles)
            {
                assertThrows(InvalidHandleException.class, () -> call.apply(cache, handle));
            }

            assertEquals(handles.size(), visited.size());
            assertEquals(before, cache.stats());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepTheSlotsOutsideTheMovedPageLiveAndIntact(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 3L * PAGE)))
        {
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, SMALL_PER_PAGE + 5);
            final List<List<Long>> pages = byPage(cache, new ArrayList<>(cookies.keySet()));
            final Set<Long> visited = new HashSet<>();

            cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(new HashSet<>(pages.get(1)), visited);
            for (final long handle : pages.get(0))
            {
                assertFilled(cache, handle, SMALL, cookies.get(handle));
                cache.free(handle);
            }
            assertEquals(0, cache.stats().slotsInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveTheMovedPageToTheOtherClass(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final List<Long> handles = allocate(cache, SMALL, 9);
            final AtomicBuffer page = cache.buffer(handles.get(0));
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(MEDIUM));

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) -> { });

            assertEquals(PageMove.MOVED, move);
            assertEquals(1, pool.pagesInUse());
            assertEquals(0, cache.stats().classes().get(0).pages());
            assertEquals(1, cache.stats().classes().get(1).pages());
            assertSame(page, cache.buffer(cache.allocate(MEDIUM)));
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(SMALL));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountTheMoveInTheStatistics(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 3L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            allocate(cache, SMALL, SMALL_PER_PAGE + 6);
            final SizeClassStats.ClassStats before = cache.stats().classes().get(0);

            cache.movePage(0, 2, (handle, buffer, offset) -> { });

            final SizeClassStats stats = cache.stats();
            final SizeClassStats.ClassStats from = stats.classes().get(0);
            final SizeClassStats.ClassStats to = stats.classes().get(2);
            assertEquals(1, from.pagesMovedOut());
            assertEquals(0, from.pagesMovedIn());
            assertEquals(6, from.slotsEvicted());
            assertEquals(before.frees() + 6, from.frees());
            assertEquals(SMALL_PER_PAGE, from.slotsInUse());
            assertEquals(1, from.pages());
            assertEquals(1, to.pagesMovedIn());
            assertEquals(0, to.pagesMovedOut());
            assertEquals(1, to.pages());
            assertEquals(LARGE_PER_PAGE, to.slotCapacity());
            assertEquals(0, stats.classes().get(1).pagesMovedIn());
            assertEquals(1, stats.pagesMoved());
            assertEquals(2, stats.pagesInUse());
            assertEquals(2, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReportNoPageWhenTheClassHasNoneChangingNothing(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final long live = cache.allocate(MEDIUM);
            final SizeClassStats before = cache.stats();
            final List<Long> visited = new ArrayList<>();

            final PageMove move = cache.movePage(0, 2, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(PageMove.NO_PAGE, move);
            assertTrue(visited.isEmpty());
            assertEquals(before, cache.stats());
            assertEquals(1, pool.pagesInUse());
            cache.free(live);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAMoveWithinOneClassChangingNothing(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final long live = cache.allocate(SMALL);
            final SizeClassStats before = cache.stats();

            final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> cache.movePage(0, 0, (handle, buffer, offset) -> fail("visited")));

            assertTrue(rejected.getMessage().contains("fromClass=0"), rejected::getMessage);
            assertTrue(rejected.getMessage().contains("toClass=0"), rejected::getMessage);
            assertEquals(before, cache.stats());
            cache.free(live);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAMoveOfAClassIndexOutOfRangeChangingNothing(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final long live = cache.allocate(SMALL);
            final SizeClassStats before = cache.stats();
            final SlotVisitor visitor = (handle, buffer, offset) -> fail("visited");

            for (final int[] move : new int[][]{ { -1, 1 }, { 3, 1 }, { 0, -1 }, { 0, 3 }, { 0, Integer.MAX_VALUE } })
            {
                final IllegalArgumentException rejected =
                    assertThrows(IllegalArgumentException.class, () -> cache.movePage(move[0], move[1], visitor));
                final String named = move[0] < 0 || move[0] >= 3 ? "fromClass=" + move[0] : "toClass=" + move[1];
                assertTrue(rejected.getMessage().contains(named), rejected::getMessage);
            }
            assertEquals(before, cache.stats());
            cache.free(live);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectAMoveWithNoVisitorChangingNothing(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final long live = cache.allocate(SMALL);
            final SizeClassStats before = cache.stats();

            final IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> cache.movePage(0, 1, null));

            assertTrue(rejected.getMessage().contains("visitor"), rejected::getMessage);
            assertEquals(before, cache.stats());
            assertEquals(SMALL, cache.slotSize(live));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLetTheVisitorCopyEachSlotIntoANewSlotOfTheClassItLeaves(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, SMALL_PER_PAGE);
            final AtomicBuffer moved = cache.buffer(cookies.keySet().iterator().next());
            final Map<Long, Long> copies = new HashMap<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) ->
                copies.put(handle, copy(cache, SMALL, buffer, offset)));

            assertEquals(PageMove.MOVED, move);
            assertEquals(cookies.keySet(), copies.keySet());
            for (final Map.Entry<Long, Long> copy : copies.entrySet())
            {
                assertNotSame(moved, cache.buffer(copy.getValue()));
                assertFilled(cache, copy.getValue(), SMALL, cookies.get(copy.getKey()));
            }
            assertSame(moved, cache.buffer(cache.allocate(MEDIUM)));
            assertEquals(2, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLetTheVisitorCopyEachSlotIntoAnotherClass(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 8L * PAGE)))
        {
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, SMALL_PER_PAGE);
            final Map<Long, Long> copies = new HashMap<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) ->
                copies.put(handle, copy(cache, LARGE, buffer, offset)));

            assertEquals(PageMove.MOVED, move);
            assertEquals(cookies.keySet(), copies.keySet());
            for (final Map.Entry<Long, Long> copy : copies.entrySet())
            {
                assertEquals(LARGE, cache.slotSize(copy.getValue()));
                assertFilled(cache, copy.getValue(), SMALL, cookies.get(copy.getKey()));
            }
            assertEquals(SMALL_PER_PAGE, cache.stats().classes().get(2).slotsInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldPropagateAnExceptionFromTheVisitorAndGiveTheVisitedSlotBack(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, 20);
            final SizeClassStats.ClassStats before = cache.stats().classes().get(0);
            final IllegalStateException failure = new IllegalStateException("visitor failed");
            final List<Long> visited = new ArrayList<>();

            final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> cache.movePage(0, 1, (handle, buffer, offset) ->
                {
                    visited.add(handle);
                    throw failure;
                }));

            assertSame(failure, thrown);
            assertEquals(1, visited.size());
            final SizeClassStats.ClassStats after = cache.stats().classes().get(0);
            assertEquals(before.slotsInUse() - 1, after.slotsInUse());
            assertEquals(before.frees() + 1, after.frees());
            assertEquals(before.allocations(), after.allocations());
            assertEquals(0, cache.stats().classes().get(1).pages());
            assertEquals(1, pool.pagesInUse());
            assertThrows(InvalidHandleException.class, () -> cache.buffer(visited.get(0)));
            for (final Map.Entry<Long, Byte> cookie : cookies.entrySet())
            {
                if (cookie.getKey() != visited.get(0).longValue())
                {
                    assertFilled(cache, cookie.getKey(), SMALL, cookie.getValue());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveBackThePageAFailedMoveLeftOnceItsLastSlotIsFreed(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final List<Long> handles = allocate(cache, SMALL, 20);
            final Set<Long> visited = new HashSet<>();
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                visited.add(handle);
                throw new IllegalStateException("visitor failed");
            }));

            for (final long handle : handles)
            {
                if (!visited.contains(handle))
                {
                    cache.free(handle);
                }
            }

            assertEquals(0, pool.pagesInUse());
            assertEquals(0, cache.stats().classes().get(0).pages());
            assertEquals(0, cache.stats().slotsInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeNoAllocationFromThePageAFailedMoveLeft(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            final List<Long> handles = allocate(cache, SMALL, 20);
            final AtomicBuffer page = cache.buffer(handles.get(0));
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                throw new IllegalStateException("visitor failed");
            }));

            for (final long handle : allocate(cache, SMALL, 10))
            {
                assertNotSame(page, cache.buffer(handle));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReportNoPageWhenTheOnlyPageOfTheClassWasLeftByAFailedMove(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            allocate(cache, SMALL, 20);
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                throw new IllegalStateException("visitor failed");
            }));
            final List<Long> visited = new ArrayList<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(PageMove.NO_PAGE, move);
            assertTrue(visited.isEmpty());
            assertEquals(19, cache.stats().classes().get(0).slotsInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCountTheSlotsAFailedMoveTookFromTheirHolders(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            allocate(cache, SMALL, 20);
            final List<Long> visited = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                visited.add(handle);
                if (3 == visited.size())
                {
                    throw new IllegalStateException("visitor failed");
                }
            }));

            final SizeClassStats.ClassStats from = cache.stats().classes().get(0);
            assertEquals(17, from.slotsInUse());
            assertEquals(3, from.slotsEvicted());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNotVisitASlotItsHolderFreesDuringTheMove(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final List<Long> handles = allocate(cache, SMALL, 10);
            final List<Long> visited = new ArrayList<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                visited.add(handle);
                for (final long other : handles)
                {
                    if (other != handle && 1 == visited.size())
                    {
                        cache.free(other);
                    }
                }
            });

            assertEquals(PageMove.MOVED, move);
            assertEquals(1, visited.size());
            assertEquals(1, cache.stats().classes().get(0).slotsEvicted());
            assertEquals(0, cache.stats().classes().get(0).slotsInUse());
            assertEquals(1, cache.stats().classes().get(1).pages());
            assertEquals(1, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @MethodSource("everyModeAndHandleCall")
    void shouldRejectTheHandleOfTheSlotBeingVisited(final ThreadSafety mode, final HandleCall call)
    {
        try (SizeClassCache cache = smallCache(mode, PagePool.direct(PAGE, 2L * PAGE)))
        {
            allocate(cache, SMALL, 3);
            final List<Throwable> thrown = new ArrayList<>();

            cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                try
                {
                    call.apply(cache, handle);
                }
                catch (final RuntimeException ex)
                {
                    thrown.add(ex);
                }
            });

            assertEquals(3, thrown.size());
            for (final Throwable ex : thrown)
            {
                assertInstanceOf(InvalidHandleException.class, ex);
            }
            assertEquals(3, cache.stats().classes().get(0).frees());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = { "LOCKED", "MAGAZINES" })
    void shouldNeitherLoseNorDoubleCountASlotWhileThreadsAllocateAndFreeDuringMoves(final ThreadSafety mode)
        throws InterruptedException
    {
        final PagePool pool = PagePool.direct(PAGE, 12L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final MoveRace race = new MoveRace(cache);
            final List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < RACE_THREADS; i++)
            {
                final int seed = i;
                final Thread worker = new Thread(() -> race.allocateAndFree(seed), "race-" + i);
                workers.add(worker);
                worker.start();
            }
            final SplittableRandom random = new SplittableRandom(42);
            final Map<PageMove, Integer> outcomes = new EnumMap<>(PageMove.class);
            while (anyAlive(workers))
            {
                final int from = random.nextInt(3);
                final int to = (from + 1 + random.nextInt(2)) % 3;
                outcomes.merge(cache.movePage(from, to, race), 1, Integer::sum);
            }
            for (final Thread worker : workers)
            {
                worker.join();
            }

            assertNull(race.failure.get());
            assertTrue(outcomes.getOrDefault(PageMove.MOVED, 0) > 0, outcomes::toString);
            assertTrue(race.visited.get() > 0, "no slot was visited");
            assertEquals(race.allocated.get(), race.freed.get() + race.rejected.get());
            assertEquals(race.visited.get(), race.rejected.get());
            final SizeClassStats stats = cache.stats();
            assertEquals(0, stats.slotsInUse(), stats::toString);
            assertEquals(race.visited.get(),
                stats.classes().stream().mapToLong(SizeClassStats.ClassStats::slotsEvicted).sum());
            assertEquals(stats.pages(), pool.pagesInUse(), stats::toString);
        }
    }

    @Test
    void shouldTakeBackTheSlotsInMagazinesOfTheMovedPage()
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(ThreadSafety.MAGAZINES, pool))
        {
            final long freed = cache.allocate(SMALL);
            final AtomicBuffer page = cache.buffer(freed);
            cache.free(freed);
            assertTrue(cache.stats().classes().get(0).slotsInMagazines() > 0);
            final List<Long> visited = new ArrayList<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(PageMove.MOVED, move);
            assertTrue(visited.isEmpty());
            final SizeClassStats.ClassStats from = cache.stats().classes().get(0);
            assertEquals(0, from.pages());
            assertEquals(0, from.slotsInMagazines());
            assertEquals(1, pool.pagesInUse());
            assertSame(page, cache.buffer(cache.allocate(MEDIUM)));
        }
    }

    @Test
    void shouldVisitOnlyTheLiveSlotsOfAMovedPageWhoseOtherSlotsSitInMagazines()
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(ThreadSafety.MAGAZINES, pool))
        {
            final List<Long> handles = allocate(cache, SMALL, 10);
            for (final long handle : handles.subList(0, 5))
            {
                cache.free(handle);
            }
            final Set<Long> visited = new HashSet<>();

            final PageMove move = cache.movePage(0, 1, (handle, buffer, offset) -> visited.add(handle));

            assertEquals(PageMove.MOVED, move);
            assertEquals(new HashSet<>(handles.subList(5, 10)), visited);
            assertEquals(1, pool.pagesInUse());
            assertEquals(0, cache.stats().classes().get(0).slotsInMagazines());
        }
    }

    @Test
    void shouldHandOutNoSlotOfTheMovedPageFromAStaleMagazine()
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(ThreadSafety.MAGAZINES, pool))
        {
            final long freed = cache.allocate(SMALL);
            final AtomicBuffer moved = cache.buffer(freed);
            cache.free(freed);
            cache.movePage(0, 1, (handle, buffer, offset) -> { });

            for (final long handle : allocate(cache, SMALL, 2 * SizeClassCache.CLASS_ALIGNMENT))
            {
                assertNotSame(moved, cache.buffer(handle));
            }
            assertEquals(2, pool.pagesInUse());
        }
    }

    private static boolean anyAlive(final List<Thread> threads)
    {
        for (final Thread thread : threads)
        {
            if (thread.isAlive())
            {
                return true;
            }
        }
        return false;
    }

    private static SizeClassCacheBuilder smallBuilder(final PagePool pool)
    {
        return SizeClassCache.builder().name(NAME).minSlotSize(SMALL).maxSlotSize(LARGE).growthFactor(2)
            .pagePool(pool);
    }

    private static SizeClassCache smallCache(final ThreadSafety mode, final PagePool pool)
    {
        return smallBuilder(pool).threadSafety(mode).build();
    }

    /**
     * The class sizes by the memcached rule, worked out in doubles so that no factor overflows.
     */
    private static List<Integer> referenceSizes(final int min, final int max, final double factor)
    {
        final List<Integer> sizes = new ArrayList<>();
        long size = roundUpToEight(min);
        while (size < max)
        {
            sizes.add((int)size);
            final double grown = Math.ceil(size * factor);
            size = grown >= max ? max : Math.max(size + 8, roundUpToEight((long)grown));
        }
        sizes.add(max);
        return sizes;
    }

    private static long roundUpToEight(final long size)
    {
        return (size + 7) / 8 * 8;
    }

    private static List<Integer> slotSizes(final SizeClassCache cache)
    {
        final List<Integer> sizes = new ArrayList<>();
        for (final SizeClass sizeClass : cache.classes())
        {
            sizes.add(sizeClass.slotSize());
        }
        return sizes;
    }

    private static List<Integer> slotsPerPage(final SizeClassCache cache)
    {
        final List<Integer> slots = new ArrayList<>();
        for (final SizeClass sizeClass : cache.classes())
        {
            slots.add(sizeClass.slotsPerPage());
        }
        return slots;
    }

    private static List<Long> allocate(final SizeClassCache cache, final int size, final int count)
    {
        final List<Long> handles = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            handles.add(cache.allocate(size));
        }
        return handles;
    }

    /**
     * Allocates {@code count} slots of {@code size} bytes, each filled with a byte of its own.
     *
     * @return each handle and its byte, in allocation order.
     */
    private static Map<Long, Byte> allocateFilled(final SizeClassCache cache, final int size, final int count)
    {
        final Map<Long, Byte> cookies = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final long handle = cache.allocate(size);
            final byte cookie = (byte)(i + 1);
            fill(cache, handle, size, cookie);
            cookies.put(handle, cookie);
        }
        return cookies;
    }

    private static Map<Long, Integer> offsets(final SizeClassCache cache, final Set<Long> handles)
    {
        final Map<Long, Integer> offsets = new HashMap<>();
        for (final long handle : handles)
        {
            offsets.put(handle, cache.offset(handle));
        }
        return offsets;
    }

    /**
     * @return the handles grouped by the page that holds them, pages in the order their first handle came.
     */
    private static List<List<Long>> byPage(final SizeClassCache cache, final List<Long> handles)
    {
        final Map<AtomicBuffer, List<Long>> pages = new IdentityHashMap<>();
        final List<List<Long>> ordered = new ArrayList<>();
        for (final long handle : handles)
        {
            pages.computeIfAbsent(cache.buffer(handle), (page) ->
            {
                final List<Long> onPage = new ArrayList<>();
                ordered.add(onPage);
                return onPage;
            }).add(handle);
        }
        return ordered;
    }

    /**
     * Frees all but the first {@code count} handles of a page, and forgets them.
     */
    private static void keepFirst(final SizeClassCache cache, final List<Long> handles, final int count)
    {
        for (final long handle : handles.subList(count, handles.size()))
        {
            cache.free(handle);
        }
        handles.subList(count, handles.size()).clear();
    }

    /**
     * Allocates a slot of {@code size} bytes and copies a 64-byte slot into it.
     */
    private static long copy(final SizeClassCache cache, final int size, final AtomicBuffer from, final int offset)
    {
        final long copy = cache.allocate(size);
        cache.buffer(copy).putBytes(cache.offset(copy), from, offset, SMALL);
        return copy;
    }

    private static void fill(final SizeClassCache cache, final long handle, final int length, final byte value)
    {
        cache.buffer(handle).setMemory(cache.offset(handle), length, value);
    }

    private static void assertFilled(final SizeClassCache cache, final long handle, final int length, final byte value)
    {
        assertFilled(cache.buffer(handle), cache.offset(handle), length, value);
    }

    private static void assertFilled(final AtomicBuffer buffer, final int offset, final int length, final byte value)
    {
        for (int i = 0; i < length; i++)
        {
            if (value != buffer.getByte(offset + i))
            {
                fail("byte " + i + " of the slot at " + offset + " is " + buffer.getByte(offset + i) + ", not " +
                    value);
            }
        }
    }

    private static void assertClassCounts(
        final SizeClassStats.ClassStats counts,
        final long pages,
        final long slotCapacity,
        final long slotsInUse,
        final long allocations,
        final long frees)
    {
        assertEquals(pages, counts.pages(), counts::toString);
        assertEquals(pages * PAGE, counts.bytesInPages(), counts::toString);
        assertEquals(slotCapacity, counts.slotCapacity(), counts::toString);
        assertEquals(slotsInUse, counts.slotsInUse(), counts::toString);
        assertEquals(allocations, counts.allocations(), counts::toString);
        assertEquals(frees, counts.frees(), counts::toString);
        assertEquals(0, counts.failedAllocations(), counts::toString);
    }

    /**
     * Checks that a call with a bad handle throws and changes nothing: the counts, and the bytes of a live slot.
     */
    private static InvalidHandleException assertRejectedChangingNothing(
        final SizeClassCache cache,
        final HandleCall call,
        final long bad,
        final long live,
        final int liveLength,
        final byte liveByte)
    {
        final SizeClassStats before = cache.stats();

        final InvalidHandleException rejected =
            assertThrows(InvalidHandleException.class, () -> call.apply(cache, bad), SlotHandle.describe(bad));

        assertEquals(before, cache.stats());
        assertFilled(cache, live, liveLength, liveByte);
        return rejected;
    }

    /**
     * Threads that allocate slots of every class and free them while pages move, counting what happened; a free
     * that is refused must be of a slot a move took.
     */
    static final class MoveRace implements SlotVisitor
    {
        private static final int OPERATIONS = 50_000;
        private static final int MAX_HELD = 32;

        final AtomicLong allocated = new AtomicLong();
        final AtomicLong freed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong visited = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final SizeClassCache cache;

        MoveRace(final SizeClassCache cache)
        {
            this.cache = cache;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            visited.incrementAndGet();
        }

        void allocateAndFree(final int seed)
        {
            try
            {
                final SplittableRandom random = new SplittableRandom(seed);
                final ArrayDeque<Long> held = new ArrayDeque<>();
                for (int i = 0; i < OPERATIONS; i++)
                {
                    final long handle = cache.tryAllocate(1 + random.nextInt(LARGE));
                    if (SlabCache.NULL_HANDLE != handle)
                    {
                        allocated.incrementAndGet();
                        held.add(handle);
                    }
                    if (held.size() > MAX_HELD || (SlabCache.NULL_HANDLE == handle && !held.isEmpty()))
                    {
                        free(held.poll());
                    }
                }
                while (!held.isEmpty())
                {
                    free(held.poll());
                }
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }

        private void free(final long handle)
        {
            try
            {
                cache.free(handle);
                freed.incrementAndGet();
            }
            catch (final InvalidHandleException ex)
            {
                rejected.incrementAndGet();
            }
        }
    }

    /**
     * The calls that take a handle and must reject the same bad ones.
     */
    enum HandleCall
    {
        FREE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.free(handle);
            }
        },
        BUFFER
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.buffer(handle);
            }
        },
        OFFSET
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.offset(handle);
            }
        },
        SLOT_SIZE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.slotSize(handle);
            }
        },
        WRAP
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                new SmallCaches.LongRecord().wrap(cache, handle);
            }
        };

        abstract void apply(SizeClassCache cache, long handle);
    }

    /**
     * Every call a closed cache must refuse, given a handle that was live when it closed.
     */
    enum CacheCall
    {
        ALLOCATE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.allocate(SMALL);
            }
        },
        TRY_ALLOCATE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.tryAllocate(SMALL);
            }
        },
        ALLOCATE_IN_A_CLASS_WITH_NO_PAGE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.tryAllocate(LARGE);
            }
        },
        FREE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.free(handle);
            }
        },
        BUFFER
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.buffer(handle);
            }
        },
        OFFSET
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.offset(handle);
            }
        },
        SLOT_SIZE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.slotSize(handle);
            }
        },
        STATS
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.stats();
            }
        },
        MOVE_PAGE
        {
            @Override
            void apply(final SizeClassCache cache, final long handle)
            {
                cache.movePage(0, 1, (slot, buffer, offset) -> { });
            }
        };

        abstract void apply(SizeClassCache cache, long handle);
    }
}

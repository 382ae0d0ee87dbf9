/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slabcache.core.SlabExhaustedException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.LARGE_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.NAME;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.SMALL_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.allocateFilled;
import static dev.slabcache.master.SmallSizeClasses.assertFilled;
import static dev.slabcache.master.SmallSizeClasses.fill;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Allocation from the size classes: the class that serves a size, slot memory and handles of every class, and what
 * happens when a class finds no slot.
 * <p>
 * The handle contract both caches keep is tested once, in {@link HandleContractTest}.
 */
class SizeClassAllocationTest
{
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
    void shouldFindThePoolOutOfPagesWithoutAnExceptionEachTime(final ThreadSafety mode)
    {
        assertNoExceptionEachTimeOutOfPages(smallCache(mode, PagePool.direct(PAGE, PAGE)));
        // A restartable cache (one with a layout) takes its pages zeroed, through the same check.
        final PagePool pool = PagePool.of(new UnsafeBuffer(ByteBuffer.allocateDirect(2 * PAGE)), PAGE);
        assertNoExceptionEachTimeOutOfPages(SmallSizeClasses.smallBuilder(pool)
            .layout(new UnsafeBuffer(new byte[SizeClassLayout.lengthFor(pool)])).threadSafety(mode).build());
    }

    private static void assertNoExceptionEachTimeOutOfPages(final SizeClassCache built)
    {
        try (SizeClassCache cache = built)
        {
            long filled = 0;
            while (SlabCache.NULL_HANDLE != cache.tryAllocate(SMALL))
            {
                filled++;
            }
            assertTrue(filled >= SMALL_PER_PAGE, "the pool's pages filled: " + filled);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
            final long thread = Thread.currentThread().getId();
            tryMany(cache, 1_000);
            final long before = threads.getThreadAllocatedBytes(thread);
            tryMany(cache, 10_000);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;

            // A full store fails to grow on every allocation that evicts: an exception with its stack trace each
            // time cost more than the allocation (37 MB here for 10,000, and about 100 µs each).
            assertTrue(allocated < 4_096, "10,000 failed allocations allocated " + allocated + " bytes");
            final SlabExhaustedException pageless =
                assertThrows(SlabExhaustedException.class, () -> cache.allocate(MEDIUM));
            assertTrue(pageless.getCause().getMessage().contains("every page in use"), pageless::getMessage);
        }
    }

    private static void tryMany(final SizeClassCache cache, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(MEDIUM));
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
}

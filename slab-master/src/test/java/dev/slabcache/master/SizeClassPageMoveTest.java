/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.CacheUnderTest.HandleCall;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.SMALL_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.allocateFilled;
import static dev.slabcache.master.SmallSizeClasses.assertFilled;
import static dev.slabcache.master.SmallSizeClasses.byPage;
import static dev.slabcache.master.SmallSizeClasses.keepFirst;
import static dev.slabcache.master.SmallSizeClasses.offsets;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Page moves between classes: which page moves, what the visitor sees, what happens to the moved page's handles,
 * and the moves refused.
 */
class SizeClassPageMoveTest
{
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
    @MethodSource("dev.slabcache.master.SmallSizeClasses#everyModeAndHandleCall")
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
                assertThrows(InvalidHandleException.class, () -> CacheUnderTest.of(cache).apply(call, handle));
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
}

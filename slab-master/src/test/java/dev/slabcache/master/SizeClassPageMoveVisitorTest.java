/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.HashMap;
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

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.SMALL_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.allocateFilled;
import static dev.slabcache.master.SmallSizeClasses.assertFilled;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visitor of a page move: copying slots elsewhere, a visitor that throws and the page the failed move leaves,
 * and slots their holders free or touch during the move.
 */
class SizeClassPageMoveVisitorTest
{
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
    void shouldLetAFlyweightBeAimedAtAVisitedSlotWhoseHandleIsNoLongerLive(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 2L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final List<Long> handles = allocate(cache, SMALL, 3);
            final SmallCaches.LongRecord record = new SmallCaches.LongRecord();
            for (final long handle : handles)
            {
                record.wrap(cache, handle).key(handle).value(-handle);
            }
            final Map<Long, Long> seen = new HashMap<>();

            cache.movePage(0, 1, (handle, buffer, offset) ->
            {
                record.aim(buffer, offset, handle);
                assertEquals(handle, record.handle());
                assertSame(buffer, record.buffer());
                assertEquals(offset, record.offset());
                seen.put(record.key(), record.value());
                assertThrows(InvalidHandleException.class, () -> record.wrap(cache, handle));
            });

            assertEquals(3, seen.size());
            for (final long handle : handles)
            {
                assertEquals(-handle, seen.get(handle));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRescueIntoTheRoomOfTheClassItsOtherPagesHoldWithoutGrowing(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            final List<Long> full = allocate(cache, SMALL, SMALL_PER_PAGE);
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, 10);
            for (final long handle : full.subList(0, 20))
            {
                cache.free(handle);
            }
            final AtomicBuffer kept = cache.buffer(full.get(SMALL_PER_PAGE - 1));
            final Map<Long, Long> copies = new HashMap<>();

            final PageMove move = cache.movePage(0, 1, new NonGrowingCopier(cache, copies));

            assertEquals(PageMove.MOVED, move);
            assertEquals(cookies.keySet(), copies.keySet());
            for (final Map.Entry<Long, Long> copy : copies.entrySet())
            {
                assertSame(kept, cache.buffer(copy.getValue()), "rescued into the page the class kept");
                assertFilled(cache, copy.getValue(), SMALL, cookies.get(copy.getKey()));
            }
            assertEquals(1, cache.stats().classes().get(0).pages());
            assertEquals(2, pool.pagesInUse());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFindNoRoomRatherThanGrowTheClassWhenTheVisitorSaysSo(final ThreadSafety mode)
    {
        final PagePool pool = PagePool.direct(PAGE, 4L * PAGE);
        try (SizeClassCache cache = smallCache(mode, pool))
        {
            allocate(cache, SMALL, SMALL_PER_PAGE);
            final Map<Long, Byte> cookies = allocateFilled(cache, SMALL, 10);
            final Map<Long, Long> copies = new HashMap<>();

            final PageMove move = cache.movePage(0, 1, new NonGrowingCopier(cache, copies));

            assertEquals(PageMove.MOVED, move);
            assertEquals(cookies.keySet(), copies.keySet());
            assertTrue(copies.values().stream().allMatch((copy) -> SlabCache.NULL_HANDLE == copy), copies::toString);
            assertEquals(1, cache.stats().classes().get(0).pages());
            assertEquals(2, pool.pagesInUse(), "the full page and the moved one, now the medium class's");
            assertEquals(SMALL_PER_PAGE, cache.stats().classes().get(0).slotsInUse());
            cache.allocate(SMALL);
            assertEquals(3, pool.pagesInUse());
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
    @MethodSource("dev.slabcache.master.SmallSizeClasses#everyModeAndHandleCall")
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
                    CacheUnderTest.of(cache).apply(call, handle);
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

    /**
     * Copies each small slot into a free slot of its own class, by {@link SizeClassCache#tryAllocate(int)}, letting
     * the class take no new page; records each copy's handle, or {@link SlabCache#NULL_HANDLE} when none was free.
     */
    private static final class NonGrowingCopier implements SlotVisitor
    {
        private final SizeClassCache cache;
        private final Map<Long, Long> copies;

        NonGrowingCopier(final SizeClassCache cache, final Map<Long, Long> copies)
        {
            this.cache = cache;
            this.copies = copies;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            final long copy = cache.tryAllocate(SMALL);
            if (SlabCache.NULL_HANDLE != copy)
            {
                cache.buffer(copy).putBytes(cache.offset(copy), buffer, offset, SMALL);
            }
            copies.put(handle, copy);
        }

        @Override
        public boolean mayGrowTheClass()
        {
            return false;
        }
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
}

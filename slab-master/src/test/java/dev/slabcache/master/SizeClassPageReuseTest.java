/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.LARGE_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages a size-class cache gives back, on close, on trim, or when a class empties one, and who is served from them
 * next: another class, or another cache sharing the pool.
 */
class SizeClassPageReuseTest
{
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
}

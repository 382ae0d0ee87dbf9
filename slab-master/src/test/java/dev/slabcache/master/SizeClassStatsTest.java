/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;

import dev.slabcache.core.SlabExhaustedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.NAME;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.SMALL_PER_PAGE;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The statistics of a size-class cache, per class and in total.
 */
class SizeClassStatsTest
{
    @Test
    void shouldCountThePagesAnEndedThreadsMagazinesGiveBackAsTheSnapshotIsTaken() throws InterruptedException
    {
        final PagePool pool = PagePool.direct(4096, 4L * 4096);
        try (SizeClassCache cache = SizeClassCache.builder().name("ended").pagePool(pool).minSlotSize(64)
            .maxSlotSize(128).growthFactor(2).build())
        {
            // A thread takes a slot of the 64-byte class, frees it and ends: the slots of the class's only page
            // are all in its magazines, so the page empties when a snapshot flushes them.
            final Thread thread = new Thread(() -> cache.free(cache.allocate(64)));
            thread.start();
            thread.join();
            // An empty page for the 64-byte class, moved from the 128-byte class, so the page that empties goes
            // back to the pool: a class keeps one empty page.
            cache.free(cache.allocate(128));
            assertEquals(PageMove.MOVED, cache.movePage(1, 0, (handle, buffer, offset) -> { }));
            assertEquals(2, pool.pagesInUse());

            final SizeClassStats stats = cache.stats();

            assertEquals(1, stats.pages(), stats::toString);
            assertEquals(stats.pages(), stats.pagesInUse(), () -> "the pool's pages are the classes' pages, " + stats);
            assertEquals(0, stats.classes().get(0).slotsInMagazines(), stats::toString);
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
}

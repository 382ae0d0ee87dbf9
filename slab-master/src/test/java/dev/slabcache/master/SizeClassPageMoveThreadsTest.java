/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.MEDIUM;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.SMALL;
import static dev.slabcache.master.SmallSizeClasses.allocate;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Page moves while other threads allocate and free, and while slots of the moved page sit in magazines.
 */
class SizeClassPageMoveThreadsTest
{
    private static final int RACE_THREADS = 3;

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
}

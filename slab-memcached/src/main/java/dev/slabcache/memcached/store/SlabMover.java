/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.slabcache.master.PageMove;
import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassStats;

/**
 * The page mover, with memcached's slab_automove=1 policy: once a second it samples each class (evictions, out of
 * memory, pages, free slots, and the age of its {@link ItemLru#evictionTail}) into a window of {@link #WINDOW}
 * samples, and moves one page when
 * <ul>
 *     <li>the pool is out of pages and a class has held more than 2.5 pages of free slots with no evictions, out of
 *     memory or growth all window long: to the class that evicted in the most samples (memcached gives it to its
 *     global pool, whence a hungry class takes it; here it goes to that class at once, and to none if none is
 *     hungry);</li>
 *     <li>or the class evicting with the youngest window-average tail age, which evicted in more than half the
 *     window (or took over a quarter of all evictions) and in the last sample, is younger than 0.8 times the oldest
 *     class that holds more than 2 pages: from that oldest class to it.</li>
 * </ul>
 * A class that answered out of memory in a sample (it had nothing to evict, as a class with no page yet) counts
 * as evicting in it, so that a class starved of pages gets one. Decisions start once the window has filled. A page
 * is moved by {@link StoreMemory#movePage}, whose {@link PageRescuer} copies each valid item into a free slot of
 * its class elsewhere and evicts those that find none. The sample and the decision ({@link #plan}) run beside
 * requests, each tail read under its class's LRU lock; only a move ({@link #move}) runs with the store paused
 * ({@link StoreLock#pause()}, taken before the cache's monitor): memcached's mover instead tries each item's lock and
 * comes back for a busy one, which our cache's page move, done in one call, cannot.
 */
final class SlabMover
{
    /** memcached's slab_automove_window. */
    static final int WINDOW = 30;
    /** memcached's default slab_automove_ratio ("slabs automove ratio" changes it). */
    static final double MAX_AGE_RATIO = 0.8;
    private static final int MIN_PAGES_FOR_SOURCE = 2;
    private static final double MIN_PAGES_FOR_RECLAIM = 2.5;
    /** What {@link #plan} answers when no page is to move. */
    static final long NO_MOVE = -1;

    private final ItemTable table;
    private final PageRescuer rescuer;
    private final StoreMemory memory;
    private final ThreadStats stats;
    private final StoreTuning tuning;
    private final int classes;
    private final int[] slotsPerPage;
    private final long[] evictedBefore;
    private final long[] outOfMemoryBefore;
    private final long[] pagesBefore;
    private final long[][] age;
    private final boolean[][] dirty;
    private final boolean[][] evictedSeen;
    private final double[][] evictedRatio;
    private final StoreStats counts;
    private long samples;

    SlabMover(final ItemTable table, final PageRescuer rescuer, final ThreadStats stats, final StoreTuning tuning)
    {
        this.tuning = tuning;
        this.table = table;
        this.rescuer = rescuer;
        this.memory = table.memory;
        this.stats = stats;
        final List<SizeClass> list = memory.classes();
        this.classes = list.size();
        this.slotsPerPage = new int[classes];
        for (int i = 0; i < classes; i++)
        {
            slotsPerPage[i] = list.get(i).slotsPerPage();
        }
        this.evictedBefore = new long[classes];
        this.outOfMemoryBefore = new long[classes];
        this.pagesBefore = new long[classes];
        this.age = new long[classes][WINDOW];
        this.dirty = new boolean[classes][WINDOW];
        this.evictedSeen = new boolean[classes][WINDOW];
        this.evictedRatio = new double[classes][WINDOW];
        this.counts = new StoreStats(classes);
    }

    /**
     * Takes one sample and decides whether a page moves; call from one thread at a time, holding no lock.
     *
     * @return the move for {@link #move}, or {@link #NO_MOVE}.
     */
    long plan(final long now)
    {
        stats.local().moverRuns++;
        stats.sumInto(counts);
        final SizeClassStats snapshot = memory.stats();
        final boolean memoryLimitReached = snapshot.pagesInUse() >= snapshot.pageLimit();
        long evictedTotal = 0;
        for (int c = 0; c < classes; c++)
        {
            evictedTotal += counts.evicted[c] - evictedBefore[c];
        }
        final int w = (int)(samples++ % WINDOW);
        int source = -1;
        int destination = -1;
        int oldest = -1;
        long oldestAge = 0;
        int youngest = -1;
        long youngestAge = Long.MAX_VALUE;
        boolean youngestEvicting = false;
        int hungriest = -1;
        int hungriestSeen = 0;
        int reclaimFrom = -1;
        for (int c = 0; c < classes; c++)
        {
            final SizeClassStats.ClassStats classStats = snapshot.classes().get(c);
            final long evictedDelta = counts.evicted[c] - evictedBefore[c];
            final boolean outOfMemory = counts.outOfMemory[c] > outOfMemoryBefore[c];
            evictedSeen[c][w] = evictedDelta > 0 || outOfMemory;
            evictedRatio[c][w] = evictedDelta > 0 ? (double)evictedDelta / evictedTotal : 0;
            dirty[c][w] = evictedDelta > 0 || outOfMemory || classStats.pages() > pagesBefore[c];
            age[c][w] = tailAge(c, now);
            evictedBefore[c] = counts.evicted[c];
            outOfMemoryBefore[c] = counts.outOfMemory[c];
            pagesBefore[c] = classStats.pages();

            long ageSum = 0;
            int seen = 0;
            boolean anyDirty = false;
            double ratioSum = 0;
            for (int i = 0; i < WINDOW; i++)
            {
                ageSum += age[c][i];
                seen += evictedSeen[c][i] ? 1 : 0;
                anyDirty |= dirty[c][i];
                ratioSum += evictedRatio[c][i];
            }
            final long averageAge = ageSum / WINDOW;
            final long freeSlots = classStats.slotCapacity() - classStats.slotsInUse();
            if (reclaimFrom < 0 && memoryLimitReached && !anyDirty &&
                freeSlots > slotsPerPage[c] * MIN_PAGES_FOR_RECLAIM)
            {
                reclaimFrom = c;
            }
            if (averageAge > oldestAge && classStats.pages() > MIN_PAGES_FOR_SOURCE)
            {
                oldest = c;
                oldestAge = averageAge;
            }
            if (averageAge < youngestAge && (seen > WINDOW / 2 || ratioSum / WINDOW > 0.25))
            {
                youngest = c;
                youngestAge = averageAge;
                youngestEvicting = evictedSeen[c][w];
            }
            if (seen > hungriestSeen)
            {
                hungriest = c;
                hungriestSeen = seen;
            }
        }
        if (samples <= WINDOW)
        {
            return NO_MOVE;
        }
        if (reclaimFrom >= 0 && hungriest >= 0 && hungriest != reclaimFrom)
        {
            source = reclaimFrom;
            destination = hungriest;
        }
        else if (youngest >= 0 && oldest >= 0 && youngest != oldest && youngestEvicting &&
            youngestAge < oldestAge * tuning.automoveRatio)
        {
            source = oldest;
            destination = youngest;
        }
        return source < 0 ? NO_MOVE : (long)source << 32 | destination;
    }

    /**
     * Moves the page {@link #plan} decided on, if the source still has one; call with the store paused.
     *
     * @param plan what {@link #plan} answered, not {@link #NO_MOVE}.
     * @param now  the time, in Unix seconds, that tells valid items from dead ones.
     */
    void move(final long plan, final long now)
    {
        if (PageMove.NO_PAGE != memory.movePage((int)(plan >>> 32), (int)plan, rescuer.at(now)))
        {
            stats.local().slabsMoved++;
        }
    }

    /**
     * Gives a page to a class that holds no item and could not allocate, rescuing what the page holds: from the
     * class whose LRU tail is oldest among those holding more than one page, so that the giver keeps one; when every
     * class holds at most one (more classes in use than pages), from the oldest that holds one. Counted as a page
     * moved. The class of {@code keptClass} gives none: the caller still reads an item there, which a rescue would
     * move.
     *
     * @param keptClass the class of the item the caller replaces, or -1.
     * @return whether a page was moved or given back to the pool, so that the class can grow into it.
     */
    boolean giveFirstPage(final int sizeClass, final int keptClass, final long now)
    {
        final List<SizeClassStats.ClassStats> counts = memory.stats().classes();
        int source = -1;
        long sourceAge = -1;
        boolean sourceKeepsAPage = false;
        for (int c = 0; c < classes; c++)
        {
            final long pages = counts.get(c).pages();
            if (c == sizeClass || c == keptClass || 0 == pages)
            {
                continue;
            }
            final boolean keepsAPage = pages > 1;
            final long tailAge = tailAge(c, now);
            if ((keepsAPage && !sourceKeepsAPage) || (keepsAPage == sourceKeepsAPage && tailAge > sourceAge))
            {
                source = c;
                sourceAge = tailAge;
                sourceKeepsAPage = keepsAPage;
            }
        }
        if (source < 0)
        {
            return false;
        }
        final PageMove move = memory.movePage(source, sizeClass, rescuer.at(now));
        if (PageMove.NO_PAGE == move)
        {
            return false;
        }
        stats.local().slabsMoved++;
        return true;
    }

    /**
     * "slabs reassign": moves one page from a class to another at once, rescuing what it can. A source that holds
     * fewer than two pages gives none, as memcached's.
     *
     * @param sourceId      numbered from 1, or -1 for the first class other than the destination with a page to
     *                      spare.
     * @param destinationId numbered from 1.
     * @param now           the time, in Unix seconds, that tells valid items from dead ones.
     * @return what was done.
     */
    ReassignResult reassign(final int sourceId, final int destinationId, final long now)
    {
        if (sourceId == destinationId)
        {
            return ReassignResult.SAME;
        }
        final List<SizeClassStats.ClassStats> counts = memory.stats().classes();
        int source = sourceId - 1;
        if (-1 == sourceId)
        {
            source = -1;
            for (int c = 0; c < classes && source < 0; c++)
            {
                if (c != destinationId - 1 && counts.get(c).pages() > 1)
                {
                    source = c;
                }
            }
        }
        final int destination = destinationId - 1;
        if (source < 0 || source >= classes || destination < 0 || destination >= classes)
        {
            return ReassignResult.BADCLASS;
        }
        if (counts.get(source).pages() < 2 || PageMove.NO_PAGE == memory.movePage(source, destination, rescuer.at(now)))
        {
            return ReassignResult.NOSPARE;
        }
        stats.local().slabsMoved++;
        return ReassignResult.OK;
    }

    private long tailAge(final int sizeClass, final long now)
    {
        final ReentrantLock classLock = table.lru.lock(sizeClass);
        classLock.lock();
        try
        {
            return Math.max(0, table.lru.idleSeconds(table.lru.evictionTail(sizeClass), now));
        }
        finally
        {
            classLock.unlock();
        }
    }
}

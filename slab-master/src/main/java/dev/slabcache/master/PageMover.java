/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The page moves of a {@link SizeClassCache} ({@link SizeClassCache#movePage(int, int, SlotVisitor)}, which checks
 * the arguments and holds the cache's monitor): one class's page is emptied by its {@link SlabEvacuator}, the other
 * class grows into it; and the counts the statistics show, per class.
 */
final class PageMover
{
    private final String name;
    private final SizeClasses sizes;
    private final CacheCore[] classes;
    private final AtomicLongArray pagesMovedIn;
    private final AtomicLongArray pagesMovedOut;
    private final AtomicLongArray slotsEvicted;

    PageMover(final String name, final SizeClasses sizes, final CacheCore[] classes)
    {
        this.name = name;
        this.sizes = sizes;
        this.classes = classes;
        this.pagesMovedIn = new AtomicLongArray(classes.length);
        this.pagesMovedOut = new AtomicLongArray(classes.length);
        this.slotsEvicted = new AtomicLongArray(classes.length);
    }

    /**
     * @throws IllegalArgumentException when a class index is out of range or both are the same, or
     *                                  {@code visitor} is null.
     */
    void checkMove(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        checkClass("fromClass", fromClass);
        checkClass("toClass", toClass);
        if (fromClass == toClass)
        {
            throw new IllegalArgumentException("fromClass=" + fromClass + " and toClass=" + toClass + " are the same");
        }
        if (null == visitor)
        {
            throw new IllegalArgumentException("visitor must not be null");
        }
    }

    /**
     * Moves a page and records the move as a JFR event when a recording enables it.
     */
    PageMove move(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        final Object begun = CacheEvents.pageMoveBegun();
        final long evictedBefore = slotsEvicted.get(fromClass);
        final PageMove result = evacuateAndGrow(fromClass, toClass, visitor);
        CacheEvents.pageMoved(begun, name, sizes.size(fromClass), sizes.size(toClass),
            slotsEvicted.get(fromClass) - evictedBefore, result);
        return result;
    }

    /**
     * @return each class's counts, with its moves, smallest class first.
     */
    List<SizeClassStats.ClassStats> classStats()
    {
        final List<SizeClassStats.ClassStats> list = new ArrayList<>(classes.length);
        for (int i = 0; i < classes.length; i++)
        {
            final SlabCacheStats stats = classes[i].admin.stats();
            list.add(new SizeClassStats.ClassStats(i, sizes.size(i), stats.providerSlabs(), stats.providerBytes(),
                stats.slotCapacity(), stats.slotsInUse(), stats.slotsInMagazines(), stats.allocations(),
                stats.frees(), stats.failedAllocations(), pagesMovedIn.get(i), pagesMovedOut.get(i),
                slotsEvicted.get(i)));
        }
        return Collections.unmodifiableList(list);
    }

    private PageMove evacuateAndGrow(final int fromClass, final int toClass, final SlotVisitor visitor)
    {
        final CountingVisitor counting = new CountingVisitor(visitor, classes[fromClass]);
        SlabRecord page = null;
        try
        {
            page = classes[fromClass].evacuator.evacuate(counting, visitor.mayGrowTheClass());
        }
        finally
        {
            slotsEvicted.addAndGet(fromClass, counting.visited);
            if (null == page && 0 != counting.visited)
            {
                pagesMovedOut.incrementAndGet(fromClass); // the visitor threw: its page drains on, moved out
            }
        }
        if (null == page)
        {
            return PageMove.NO_PAGE;
        }
        pagesMovedOut.incrementAndGet(fromClass);
        if (page.isAttached())
        {
            return PageMove.PENDING;
        }
        if (!classes[toClass].evacuator.grow())
        {
            return PageMove.RELEASED;
        }
        pagesMovedIn.incrementAndGet(toClass);
        return PageMove.MOVED;
    }

    /**
     * Counts the slots a move visits, for the statistics, and shows the caller's visitor none that debug mode
     * quarantined: no caller holds those.
     */
    private static final class CountingVisitor implements SlotVisitor
    {
        private final SlotVisitor visitor;
        private final CacheCore cache;
        private long visited;

        CountingVisitor(final SlotVisitor visitor, final CacheCore cache)
        {
            this.visitor = visitor;
            this.cache = cache;
        }

        @Override
        public void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            if (cache.isQuarantined(handle))
            {
                return;
            }
            visited++;
            visitor.visit(handle, buffer, offset);
        }
    }

    private void checkClass(final String what, final int sizeClass)
    {
        if (sizeClass < 0 || sizeClass >= classes.length)
        {
            throw new IllegalArgumentException(
                what + "=" + sizeClass + " must be a class index in [0, " + classes.length + ")");
        }
    }
}

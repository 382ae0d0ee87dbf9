/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;

/**
 * A snapshot of a {@link SizeClassCache}: each class's counts and the pool's. The classes are read one after the
 * other, each under its own lock, so a snapshot taken while threads allocate and free is exact only once they
 * pause.
 *
 * @param name        the cache's name.
 * @param pageSize    bytes in a page.
 * @param pagesInUse  pages of the pool handed out, to this cache or any other sharing the pool.
 * @param pageLimit   the most pages the pool holds.
 * @param classes     one entry per class, smallest first.
 */
public record SizeClassStats(String name, int pageSize, int pagesInUse, int pageLimit, List<ClassStats> classes)
{
    /** {@return how many pages the classes of this cache hold} */
    public long pages()
    {
        return classes.stream().mapToLong(ClassStats::pages).sum();
    }

    /** {@return the bytes of the pages the classes of this cache hold} */
    public long bytesInPages()
    {
        return classes.stream().mapToLong(ClassStats::bytesInPages).sum();
    }

    /** {@return how many slots callers hold, in every class} */
    public long slotsInUse()
    {
        return classes.stream().mapToLong(ClassStats::slotsInUse).sum();
    }

    /**
     * Bytes the classes of this cache hold: their whole pages; the same as {@link #bytesInPages()}.
     *
     * @return the sum of every class's {@link ClassStats#bytesHeld()}.
     */
    public long bytesHeld()
    {
        return bytesInPages();
    }

    /**
     * Returns the bytes of the slots callers hold, each counted at its class's size.
     *
     * @return bytes of the slots callers hold, each counted at its class's size: the sum of every class's
     * {@link ClassStats#bytesInUse()}.
     */
    public long bytesInUse()
    {
        return classes.stream().mapToLong(ClassStats::bytesInUse).sum();
    }

    /**
     * Bytes of the held pages not in a caller's hands: free slots, slots in magazines, slots never handed out and
     * the tail of each page too small for a slot. A held slot counts whole at its class size, so what a caller
     * asked for below it is in use, not idle.
     *
     * @return {@code bytesHeld() - bytesInUse()}.
     */
    public long bytesIdle()
    {
        return bytesHeld() - bytesInUse();
    }

    /** {@return how many allocations found no slot, in every class} */
    public long failedAllocations()
    {
        return classes.stream().mapToLong(ClassStats::failedAllocations).sum();
    }

    /** {@return how many pages were moved between classes} */
    public long pagesMoved()
    {
        return classes.stream().mapToLong(ClassStats::pagesMovedOut).sum();
    }

    /** {@return the cache's totals, then a line for each class that holds a page or has served an allocation} */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("SizeClassCache '").append(name).append("' pages ")
            .append(pages()).append(" (pool: ").append(pagesInUse).append(" of ").append(pageLimit).append(" in use, ")
            .append(pageSize).append(" bytes each), slots in use ").append(slotsInUse()).append(" (")
            .append(bytesInUse()).append(" bytes), failed ").append(failedAllocations()).append(", pages moved ")
            .append(pagesMoved());
        for (final ClassStats c : classes)
        {
            if (0 != c.pages() || 0 != c.allocations())
            {
                text.append(System.lineSeparator()).append("  ").append(c);
            }
        }
        return text.toString();
    }

    /**
     * One class's counts.
     *
     * @param index             the class's index.
     * @param slotSize          bytes in each slot.
     * @param pages             pages the class holds.
     * @param bytesInPages      bytes of those pages.
     * @param slotCapacity      slots in those pages.
     * @param slotsInUse        slots callers hold.
     * @param slotsInMagazines  free slots held in threads' magazines, with {@link ThreadSafety#MAGAZINES}.
     * @param allocations       allocations that succeeded.
     * @param frees             slots freed, or taken from their holders by page moves.
     * @param failedAllocations allocations that found no slot.
     * @param pagesMovedIn      pages this class grew into by page moves.
     * @param pagesMovedOut     pages moved away from this class.
     * @param slotsEvicted      live slots page moves took from their holders.
     */
    public record ClassStats(
        int index,
        int slotSize,
        long pages,
        long bytesInPages,
        long slotCapacity,
        long slotsInUse,
        long slotsInMagazines,
        long allocations,
        long frees,
        long failedAllocations,
        long pagesMovedIn,
        long pagesMovedOut,
        long slotsEvicted)
    {
        /** {@return the bytes of the class's pages: {@code bytesInPages}} */
        public long bytesHeld()
        {
            return bytesInPages;
        }

        /** {@return the bytes of the slots callers hold: {@code slotsInUse * slotSize}} */
        public long bytesInUse()
        {
            return slotsInUse * slotSize;
        }

        /** {@return the bytes of the class's pages not in a caller's hands: {@code bytesHeld() - bytesInUse()}} */
        public long bytesIdle()
        {
            return bytesInPages - bytesInUse();
        }

        /** {@return the class's counts on one line} */
        @Override
        public String toString()
        {
            return "class " + index + " (" + slotSize + " B): pages " + pages + ", slots " + slotsInUse + " of " +
                slotCapacity + " (in magazines " + slotsInMagazines + "), allocations " + allocations + ", frees " +
                frees + ", failed " + failedAllocations + ", pages moved in " + pagesMovedIn + ", out " +
                pagesMovedOut + ", slots evicted " + slotsEvicted;
        }
    }
}

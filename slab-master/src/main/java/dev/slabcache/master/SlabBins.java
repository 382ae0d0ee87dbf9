/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;

/**
 * The lists a cache's attached slabs sit on by how full they are, and the choice of the slab to serve from.
 * <p>
 * Partial slabs sit in {@value #PARTIAL_BINS} bins by how full they are; empty ones on the free list, full ones on
 * the full list, and slabs waiting for {@link SlabCache#detachWhenEmpty(SlabRecord)} on the draining list, where they
 * serve nothing. Each slab carries the used counts between which it stays on its list, so the slab layer moves it
 * only when a count crosses them, in O(1) and without a scan.
 * <p>
 * Serving policy, fullest first: the head of the fullest non-empty partial bin, else the head of the free list.
 * Filling the fullest slabs lets the emptiest ones drain, become free and go back to the provider, which keeps
 * the slabs held close to the minimum the live slots need (as Netty's chunk lists and SLUB's partial lists do).
 * <p>
 * Under the cache's lock.
 */
final class SlabBins
{
    /**
     * How many bins partial slabs are sorted into by how full they are.
     */
    static final int PARTIAL_BINS = 8;

    private final SlabTable table;
    // Partial bins first, emptiest first, so that a slab's bin is its list id; then free, full and draining.
    private final SlabList[] lists = new SlabList[PARTIAL_BINS + 3];
    private final SlabList free = new SlabList(PARTIAL_BINS, "free", 0);
    private final SlabList full = new SlabList(PARTIAL_BINS + 1, "full", 0);
    private final SlabList draining = new SlabList(PARTIAL_BINS + 2, "draining", 0);
    private int nonEmptyBins;
    private int emptyProviderSlabs;
    // The serial of the slab to serve from, kept while no slab changes list, else NONE. An int, not the slab, so
    // that the list moves of a churning cache write no reference for the collector to track.
    private int serving = SlabList.NONE;

    SlabBins(final SlabTable table)
    {
        this.table = table;
        for (int i = 0; i < PARTIAL_BINS; i++)
        {
            lists[i] = new SlabList(i, "partial" + i, 1 << i);
        }
        lists[free.id()] = free;
        lists[full.id()] = full;
        lists[draining.id()] = draining;
    }

    /**
     * @return the serial of the slab the policy serves from, or {@link SlabList#NONE} when no slab has a free slot.
     */
    int serving()
    {
        final int serving = this.serving;
        if (SlabList.NONE != serving)
        {
            return serving;
        }
        return this.serving =
            0 != nonEmptyBins ? lists[31 - Integer.numberOfLeadingZeros(nonEmptyBins)].head() : free.head();
    }

    /**
     * Puts a slab on the list its used count and status say: draining, free, full or a partial bin.
     */
    void place(final SlabRecord slab)
    {
        final int used = slab.segment.usedSlots();
        final SlabList list = slab.isDraining() ? draining : 0 == used ? free :
            slab.capacity == used ? full : lists[bin(used, slab.capacity)];
        if (SlabList.NONE != slab.listId)
        {
            unlink(slab);
        }
        list.addFirst(slab, table);
        if (list == free && !slab.callerOwned)
        {
            emptyProviderSlabs++;
        }
        updateBinMask(list);
        setBounds(slab, list);
        serving = SlabList.NONE;
    }

    /**
     * Takes a slab off its list for good.
     */
    void remove(final SlabRecord slab)
    {
        unlink(slab);
        serving = SlabList.NONE;
    }

    /**
     * @return empty provider slabs on the free list.
     */
    int emptyProviderSlabs()
    {
        return emptyProviderSlabs;
    }

    /**
     * @return the serial of the first free slab, or {@link SlabList#NONE}; the next is {@link SlabRecord#next}.
     */
    int freeHead()
    {
        return free.head();
    }

    int freeSlabs()
    {
        return free.size();
    }

    int fullSlabs()
    {
        return full.size();
    }

    int drainingSlabs()
    {
        return draining.size();
    }

    int partialSlabs()
    {
        int partial = 0;
        for (int bin = 0; bin < PARTIAL_BINS; bin++)
        {
            partial += lists[bin].size();
        }
        return partial;
    }

    /**
     * Adds every slab to {@code slabs}: partial ones first, fullest first, then free, full and draining ones.
     */
    void collect(final List<SlabRecord> slabs)
    {
        for (int bin = PARTIAL_BINS - 1; bin >= 0; bin--)
        {
            collect(lists[bin], slabs);
        }
        collect(free, slabs);
        collect(full, slabs);
        collect(draining, slabs);
    }

    /**
     * @return the name of the list a slab is on, such as "partial3" or "draining".
     */
    String listName(final SlabRecord slab)
    {
        return lists[slab.listId].name();
    }

    private void collect(final SlabList list, final List<SlabRecord> slabs)
    {
        for (int serial = list.head(); SlabList.NONE != serial; serial = table.get(serial).next)
        {
            slabs.add(table.get(serial));
        }
    }

    private void unlink(final SlabRecord slab)
    {
        final SlabList from = lists[slab.listId];
        from.remove(slab, table);
        if (from == free && !slab.callerOwned)
        {
            emptyProviderSlabs--;
        }
        updateBinMask(from);
    }

    private static int bin(final int used, final int capacity)
    {
        return (int)((long)used * PARTIAL_BINS / capacity);
    }

    private void updateBinMask(final SlabList list)
    {
        if (list.isEmpty())
        {
            nonEmptyBins &= ~list.binBit();
        }
        else
        {
            nonEmptyBins |= list.binBit();
        }
    }

    /**
     * Sets the used counts between which the slab stays on {@code list}: it moves when the count drops below
     * {@code lowerBound} or reaches {@code upperBound}.
     */
    private void setBounds(final SlabRecord slab, final SlabList list)
    {
        final int capacity = slab.capacity;
        if (list == free)
        {
            slab.lowerBound = 0;
            slab.upperBound = 1;
        }
        else if (list == full)
        {
            slab.lowerBound = capacity;
            slab.upperBound = Integer.MAX_VALUE;
        }
        else if (list == draining)
        {
            slab.lowerBound = 1;
            slab.upperBound = Integer.MAX_VALUE;
        }
        else
        {
            final int bin = list.id();
            slab.lowerBound = (int)Math.max(1, ceilDiv((long)bin * capacity, PARTIAL_BINS));
            slab.upperBound = (int)Math.min(capacity, ceilDiv((long)(bin + 1) * capacity, PARTIAL_BINS));
        }
    }

    private static long ceilDiv(final long dividend, final int divisor)
    {
        return (dividend + divisor - 1) / divisor;
    }
}

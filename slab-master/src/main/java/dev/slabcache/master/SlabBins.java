/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;

/**
 * The lists a cache's attached slabs sit on by how full they are, and the choice of the slab to serve from.
 * <p>
 * Partial slabs sit in {@value #PARTIAL_BINS} bins by how full they are; empty ones on the free list, full ones on
 * the full list, and slabs waiting for {@link SlabCache#detachWhenEmpty(Slab)} on the draining list, where they
 * serve nothing. Each slab carries the used counts between which it stays on its list, so the arena moves it
 * only when a count crosses them, in O(1) and without a scan.
 * <p>
 * Serving policy: one slab serves until it is full, taken off the lists for that time (its own list, "serving"),
 * so that allocations and frees in it move no slab and touch no list, as SLUB's per-CPU slab does; when it fills
 * it goes on the full list, and the next one is the head of the fullest non-empty partial bin, else the head of
 * the free list. Filling the fullest slabs lets the emptiest ones drain, become free and go back to the provider,
 * which keeps the slabs held close to the minimum the live slots need (as Netty's chunk lists and SLUB's partial
 * lists do). Counts and listings show the serving slab by how full it is, as if it were on its list.
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
    // Partial bins first, emptiest first, so that a slab's bin is its list id; then free, full, draining, serving.
    private final SlabList[] lists = new SlabList[PARTIAL_BINS + 4];
    private final SlabList free = new SlabList(PARTIAL_BINS, "free", 0);
    private final SlabList full = new SlabList(PARTIAL_BINS + 1, "full", 0);
    private final SlabList draining = new SlabList(PARTIAL_BINS + 2, "draining", 0);
    private final SlabList held = new SlabList(PARTIAL_BINS + 3, "serving", 0);
    private int nonEmptyBins;
    private int emptyProviderSlabs;
    // The slab on the held list, the one allocations come from, or null. Written only when it changes.
    private SlabRecord serving;
    // Slots out of every slab but the serving one: with the serving slab's own count, the slots out of the slabs,
    // kept without a cache-wide count per allocation and free.
    private long usedBesideServing;

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
        lists[held.id()] = held;
    }

    /**
     * @return the slab allocations come from, chosen by the policy when none serves yet; null when no slab has a
     * free slot.
     */
    SlabRecord serving()
    {
        final SlabRecord slab = serving;
        return null != slab ? slab : chooseServing();
    }

    /**
     * @return slots out of every slab but the serving one.
     */
    long usedBesideServing()
    {
        return usedBesideServing;
    }

    /**
     * @return slots out of the slabs: held by callers, in magazines or quarantined.
     */
    long usedSlots()
    {
        final SlabRecord slab = serving;
        return usedBesideServing + (null != slab ? slab.segment.usedSlots() : 0);
    }

    /**
     * Counts a slot that went back into {@code slab}'s segment.
     */
    void slotReturned(final SlabRecord slab)
    {
        if (slab != serving)
        {
            usedBesideServing--;
        }
    }

    /**
     * Puts a slab on the list its used count and status say: draining, free, full or a partial bin; the serving
     * slab stays where it is until it is full or stops serving.
     */
    void place(final SlabRecord slab)
    {
        final int used = slab.segment.usedSlots();
        if (slab == serving)
        {
            if (slab.isServing() && used < slab.capacity)
            {
                return;
            }
            stopServing(slab);
        }
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
    }

    /**
     * Counts the slots a reopen restored as used in a slab it attached empty, and puts the slab on its list.
     */
    void restored(final SlabRecord slab)
    {
        if (slab != serving)
        {
            usedBesideServing += slab.segment.usedSlots();
        }
        place(slab);
    }

    /**
     * Takes a slab off its list for good.
     */
    void remove(final SlabRecord slab)
    {
        unlink(slab);
        if (slab == serving)
        {
            stopServing(slab);
        }
    }

    /**
     * @return empty provider slabs but {@code slab}, which the cache keeps for reuse: on the free list, or serving.
     */
    int emptyProviderSlabsBut(final SlabRecord slab)
    {
        return emptyProviderSlabs + (slab != serving && isEmptyProviderSlab(serving) ? 1 : 0);
    }

    /**
     * @return the serving slab when it is an empty provider slab, else null.
     */
    SlabRecord emptyServingProviderSlab()
    {
        return isEmptyProviderSlab(serving) ? serving : null;
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
        return free.size() + (null != serving && 0 == serving.segment.usedSlots() ? 1 : 0);
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
        return partial + (null != serving && 0 != serving.segment.usedSlots() ? 1 : 0);
    }

    /**
     * Adds every slab to {@code slabs}: the serving one, partial ones, fullest first, then free, full and draining
     * ones.
     */
    void collect(final List<SlabRecord> slabs)
    {
        collect(held, slabs);
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
        if (slab != serving)
        {
            return lists[slab.listId].name();
        }
        final int used = slab.segment.usedSlots();
        return 0 == used ? free.name() : lists[bin(used, slab.capacity)].name();
    }

    private SlabRecord chooseServing()
    {
        final int serial =
            0 != nonEmptyBins ? lists[31 - Integer.numberOfLeadingZeros(nonEmptyBins)].head() : free.head();
        if (SlabList.NONE == serial)
        {
            return null;
        }
        final SlabRecord slab = table.get(serial);
        unlink(slab);
        held.addFirst(slab, table);
        setBounds(slab, held);
        serving = slab;
        usedBesideServing -= slab.segment.usedSlots();
        return slab;
    }

    private void stopServing(final SlabRecord slab)
    {
        serving = null;
        usedBesideServing += slab.segment.usedSlots();
    }

    private static boolean isEmptyProviderSlab(final SlabRecord slab)
    {
        return null != slab && !slab.callerOwned && 0 == slab.segment.usedSlots();
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
        else if (list == held)
        {
            slab.lowerBound = 1; // an empty serving slab may be one more than the cache retains
            slab.upperBound = capacity;
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

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SegmentState;

/**
 * One line of a cache's slab listing, in the spirit of Linux {@code /proc/slabinfo}.
 *
 * @param id               the slab's {@link Slab#id()}.
 * @param callerOwned      true for a caller's buffer, false for provider memory.
 * @param state            how full it is, counting {@code usedSlots}.
 * @param draining         true when it waits to be detached once empty.
 * @param list             the cache's list it is on: "free", "partial0" (emptiest) to "partial7" (fullest),
 *                         "full" or "draining"; for the slab that serves, the list its state says.
 * @param usedSlots        slots out of it: {@code liveSlots + slotsInMagazines}.
 * @param liveSlots        slots callers hold.
 * @param slotsInMagazines free slots of it in threads' magazines or the depot ({@link ThreadSafety#MAGAZINES}).
 * @param capacity         slots it holds.
 * @param bytes            bytes of memory it spans.
 */
public record SlabInfo(
    long id,
    boolean callerOwned,
    SegmentState state,
    boolean draining,
    String list,
    int usedSlots,
    int liveSlots,
    int slotsInMagazines,
    int capacity,
    long bytes)
{
    static SlabInfo of(final SlabRecord slab, final String list)
    {
        return new SlabInfo(
            slab.id, slab.callerOwned, slab.view.state(), slab.isDraining(), list, slab.view.usedSlots(),
            slab.liveSlots(), slab.view.slotsInMagazines(), slab.capacity, slab.regionEnd - slab.regionStart);
    }

    /** {@return the slab as one line of a {@code /proc/slabinfo}-like listing} */
    @Override
    public String toString()
    {
        return String.format(
            "%8d %-8s %-7s %-8s %10d/%-10d live %-10d in magazines %-10d %12d", id,
            callerOwned ? "caller" : "provider", state, list, usedSlots, capacity, liveSlots, slotsInMagazines, bytes);
    }
}

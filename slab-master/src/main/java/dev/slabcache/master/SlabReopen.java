/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.BitSet;
import java.util.List;

import dev.slabcache.core.SlotSegment;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Rebuilds slabs over memory an earlier process left with live slots, for both reopens: asks the caller's
 * {@link LiveSlots} about every slot before anything changes, restores a slab attached empty (its segment's
 * allocation bitmap and free list, its slots' state words, its list and the cache's counts) in time proportional
 * to its slots, and gives the caller each live slot's new handle. {@link SlabCacheBuilder#reopen(LiveSlots)} runs
 * here whole; {@link SizeClassReopen} uses the steps for the pages of each class.
 * <p>
 * A live slot comes back as a slot a caller holds, with a handle of generation 0, counted as an allocation; a free
 * slot below the highest live one is linked into the free list, lowest first; the slots above it are left to the
 * high-water mark, untouched.
 */
final class SlabReopen
{
    private SlabReopen()
    {
    }

    /**
     * Reattaches regions to a new cache: attaches each empty, which refuses a bad or overlapping region before a
     * byte is written; asks about every slot; then restores each slab and gives out the handles. Any failure closes
     * the cache, which forgets the regions, and is thrown.
     *
     * @param cache   a cache just built, which no one else holds yet.
     * @param regions the regions to reattach, in order.
     * @return the cache.
     */
    static SlabCache reopen(final SlabCache cache, final List<Region> regions, final LiveSlots liveSlots)
    {
        final CacheCore core = cache.core;
        try
        {
            final SlabRecord[] slabs = new SlabRecord[regions.size()];
            for (int i = 0; i < slabs.length; i++)
            {
                final Region region = regions.get(i);
                slabs[i] = core.admin.attach(region.buffer(), region.offset(), region.length());
            }
            final BitSet[] live = new BitSet[slabs.length];
            for (int i = 0; i < slabs.length; i++)
            {
                live[i] = liveSlotsOf(slabs[i].segment, liveSlots);
            }
            for (int i = 0; i < slabs.length; i++)
            {
                restore(core, slabs[i], live[i]);
            }
            for (int i = 0; i < slabs.length; i++)
            {
                announce(slabs[i], live[i], liveSlots);
            }
            return cache;
        }
        catch (final RuntimeException | Error ex)
        {
            cache.close();
            throw ex;
        }
    }

    /**
     * Asks {@code liveSlots} about every slot of a segment; writes nothing. O(capacity).
     *
     * @return the indexes of the live slots.
     */
    static BitSet liveSlotsOf(final SlotSegment segment, final LiveSlots liveSlots)
    {
        final BitSet live = new BitSet();
        final AtomicBuffer buffer = segment.buffer();
        final int slotSize = segment.slotSize();
        for (int slot = 0, capacity = segment.capacity(); slot < capacity; slot++)
        {
            if (liveSlots.isLive(buffer, segment.offsetOf(slot), slotSize))
            {
                live.set(slot);
            }
        }
        return live;
    }

    /**
     * Restores a slab attached empty, none of whose slots was ever handed out: the slots of {@code live} become
     * live, the others free. O(highest live slot), under the cache's lock.
     */
    static void restore(final CacheCore core, final SlabRecord slab, final BitSet live)
    {
        final SlotSegment segment = slab.segment;
        final SlabArena arena = core.arena;
        core.lock.lock();
        try
        {
            if (0 != segment.highWaterMark())
            {
                throw new IllegalStateException(slab + " has handed out slots: only a slab attached empty is restored");
            }
            final int top = live.length();
            for (int slot = 0; slot < top; slot++)
            {
                segment.allocate(); // carves slot after slot from the high-water mark of a segment never used
            }
            for (int slot = top - 1; slot >= 0; slot--)
            {
                if (live.get(slot))
                {
                    slab.states.leaveSegment(slot, SlotStates.LIVE);
                }
                else
                {
                    segment.free(slot);
                }
            }
            arena.bins.restored(slab);
            arena.counters.allocations += segment.usedSlots();
            arena.counters.slotTaken(arena.bins.usedSlots());
        }
        finally
        {
            core.lock.unlockAndCompleteDrains();
        }
    }

    /**
     * Gives {@code liveSlots} the handle of each live slot of a restored slab, in ascending order.
     */
    static void announce(final SlabRecord slab, final BitSet live, final LiveSlots liveSlots)
    {
        for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1))
        {
            final int generation = SlotStates.generation(slab.states.word(slot));
            liveSlots.reopened(SlotHandle.pack(slab.serial, generation, slot), slab.buffer, slab.offsetOf(slot));
        }
    }

    /**
     * A caller's region to reattach, as given to {@link SlabCacheBuilder#reattach(AtomicBuffer, int, int)}.
     *
     * @param buffer the buffer.
     * @param offset where the region starts in it.
     * @param length bytes in the region.
     */
    record Region(AtomicBuffer buffer, int offset, int length)
    {
    }
}

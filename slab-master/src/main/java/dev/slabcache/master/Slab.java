/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SegmentState;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A segment attached to a {@link SlabCache}: its slots serve the cache's allocations until it is detached.
 * Either made by the cache from its provider, or a caller's buffer given to {@link SlabCache#attach}.
 * <p>
 * Two counts tell where its slots are: {@link #usedSlots()}, every slot out of the segment, and
 * {@link #liveSlots()}, those callers hold. With {@link ThreadSafety#MAGAZINES} the difference,
 * {@link #slotsInMagazines()}, is free slots kept in threads' magazines, which the cache takes back whenever it
 * needs the slab empty. The counts read here without the cache's lock are a snapshot that other threads may
 * already have changed.
 * <p>
 * A view: the cache keeps its books on a record of its own, which this reads.
 */
public final class Slab
{
    private final SlabRecord record;

    Slab(final SlabRecord record)
    {
        this.record = record;
    }

    /**
     * {@return the slab's id: a number unique among the slabs this cache has ever held, in the order they were
     * attached}
     */
    public long id()
    {
        return record.id;
    }

    /** {@return how full the slab is, counting {@link #usedSlots()}} */
    public SegmentState state()
    {
        return record.segment.state();
    }

    /** {@return how many slots the slab holds} */
    public int capacity()
    {
        return record.capacity;
    }

    /**
     * Returns how many slots are out of the slab, held by callers or sitting in magazines.
     *
     * @return how many of its slots are out of it: {@link #liveSlots()} plus {@link #slotsInMagazines()}. The
     * cache's lists and {@link #state()} go by this count.
     */
    public int usedSlots()
    {
        return record.segment.usedSlots();
    }

    /**
     * Counts the slots callers hold, in O(slots the slab ever handed out): not for hot paths.
     *
     * @return slots allocated to callers and not freed since.
     */
    public int liveSlots()
    {
        return record.liveSlots();
    }

    /**
     * Counts the free slots of this slab that sit in threads' magazines or the depot, with
     * {@link ThreadSafety#MAGAZINES} (else 0), in O(slots the slab ever handed out): not for hot paths.
     *
     * @return slots out of the slab but held by no caller.
     */
    public int slotsInMagazines()
    {
        return record.states.count(record.segment.highWaterMark(), SlotStates.CACHED);
    }

    /** {@return true for a caller's buffer given to {@link SlabCache#attach}, false for one from the provider} */
    public boolean isCallerOwned()
    {
        return record.callerOwned;
    }

    /** {@return true until the slab is detached, released or its cache closed} */
    public boolean isAttached()
    {
        return record.isAttached();
    }

    /** {@return true from {@link SlabCache#detachWhenEmpty(Slab)} until it is detached: it serves no allocation} */
    public boolean isDraining()
    {
        return record.isDraining();
    }

    /**
     * Returns the buffer the slab's slots are carved from.
     *
     * @return the buffer the slots are carved from; once a provider slab is given back, the default provider has
     * freed its memory and the buffer reaches none (capacity 0).
     */
    public AtomicBuffer buffer()
    {
        return record.buffer;
    }

    /**
     * @return the cache's record of this slab.
     */
    SlabRecord record()
    {
        return record;
    }

    /** {@return the slab's id, owner, state and used slots, for messages} */
    @Override
    public String toString()
    {
        return record.toString();
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.SegmentState;
import dev.slabcache.core.SlotSegment;
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
 */
public final class Slab
{
    /**
     * Serves allocations.
     */
    static final int SERVING = 0;

    /**
     * Waits for its last slot to be freed, then is detached; serves nothing.
     */
    static final int DRAINING = 1;

    /**
     * Serves nothing while its cache takes its slots back out of the magazines to detach it or to close.
     */
    static final int RETIRING = 2;

    /**
     * Gone from its cache.
     */
    static final int DETACHED = 3;

    /**
     * The slab layer it belongs to, for the cache to tell its own slabs.
     */
    final SlabPool owner;
    final SlotSegment segment;
    final SlotStates states;
    /**
     * Every handle into this slab carries it: see {@link dev.slabcache.core.SlotHandle}.
     */
    final int serial;
    final int capacity;
    private final int firstSlotOffset;
    private final int stride;
    final Object memory;
    final long regionStart;
    final long regionEnd;

    // Links and list id of the cache's intrusive lists, under its lock.
    int listId = SlabList.NONE;
    int prev = SlabList.NONE;
    int next = SlabList.NONE;
    int lowerBound;
    int upperBound;
    CompletableFuture<Slab> detachFuture;
    /**
     * Debug mode's record of the slots freed into poison, made at the slab's first debug free; null otherwise.
     * Under the lock.
     */
    SlabPoison poison;
    /**
     * One of {@link #SERVING}, {@link #DRAINING}, {@link #RETIRING}, {@link #DETACHED}; written under the lock,
     * read without it by magazine operations, which send the slots of a slab that does not serve straight back.
     */
    volatile int status = SERVING;

    private final long id;
    private final boolean callerOwned;

    Slab(
        final SlabPool owner,
        final long id,
        final int serial,
        final SlotSegment segment,
        final boolean callerOwned,
        final Object memory,
        final long regionStart,
        final long regionEnd)
    {
        this.owner = owner;
        this.id = id;
        this.serial = serial;
        this.capacity = segment.capacity();
        this.firstSlotOffset = segment.firstSlotOffset();
        this.stride = segment.stride();
        this.segment = segment;
        this.states = new SlotStates(segment.capacity());
        this.callerOwned = callerOwned;
        this.memory = memory;
        this.regionStart = regionStart;
        this.regionEnd = regionEnd;
    }

    /**
     * @return a number unique among the slabs this cache has ever held, in the order they were attached.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return how full the slab is, counting {@link #usedSlots()}.
     */
    public SegmentState state()
    {
        return segment.state();
    }

    /**
     * @return how many slots the slab holds.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return how many of its slots are out of it: {@link #liveSlots()} plus {@link #slotsInMagazines()}. The
     * cache's lists and {@link #state()} go by this count.
     */
    public int usedSlots()
    {
        return segment.usedSlots();
    }

    /**
     * Counts the slots callers hold, in O(slots the slab ever handed out): not for hot paths.
     *
     * @return slots allocated to callers and not freed since.
     */
    public int liveSlots()
    {
        return states.count(segment.highWaterMark(), SlotStates.LIVE);
    }

    /**
     * Counts the free slots of this slab that sit in threads' magazines or the depot, with
     * {@link ThreadSafety#MAGAZINES} (else 0), in O(slots the slab ever handed out): not for hot paths.
     *
     * @return slots out of the slab but held by no caller.
     */
    public int slotsInMagazines()
    {
        return states.count(segment.highWaterMark(), SlotStates.CACHED);
    }

    /**
     * @return true for a caller's buffer given to {@link SlabCache#attach}, false for one from the provider.
     */
    public boolean isCallerOwned()
    {
        return callerOwned;
    }

    /**
     * @return true until the slab is detached, released or its cache closed.
     */
    public boolean isAttached()
    {
        return DETACHED != status;
    }

    /**
     * @return true from {@link SlabCache#detachWhenEmpty(Slab)} until it is detached: it serves no allocation.
     */
    public boolean isDraining()
    {
        return DRAINING == status;
    }

    /**
     * @return the buffer the slots are carved from; once a provider slab is given back, the default provider has
     * freed its memory and the buffer reaches none (capacity 0).
     */
    public AtomicBuffer buffer()
    {
        return segment.buffer();
    }

    /**
     * Where a slot checked to be in the slab starts in its buffer.
     */
    int offsetOf(final int slot)
    {
        return firstSlotOffset + slot * stride;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Slab{id=" + id + ", " + (callerOwned ? "caller" : "provider") + ", state=" + state() +
            ", used=" + usedSlots() + "/" + capacity() + (isDraining() ? ", draining" : "") +
            (isAttached() ? "" : ", detached") + '}';
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.SlotSegment;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A cache's record of one of its slabs: the segment and its slot states, where the slab sits on the cache's
 * lists, and its lifecycle, serving, draining or retiring, then detached, whose transitions check where it is.
 * Callers see it through its {@link Slab} view. Every field the hot paths read without the lock is final or
 * volatile, so a record seen through the slab table is seen whole.
 */
final class SlabRecord
{
    private static final int SERVING = 0;
    private static final int DRAINING = 1;
    private static final int RETIRING = 2;
    private static final int DETACHED = 3;

    /**
     * The cache it belongs to, for the cache to tell its own slabs and a size-class cache a slab's class.
     */
    final CacheCore owner;
    final long id;
    final SlotSegment segment;
    /**
     * The segment's buffer, here for the hot calls to reach it in one load.
     */
    final AtomicBuffer buffer;
    final SlotStates states;
    /**
     * Every handle into this slab carries it: see {@link SlotHandle}.
     */
    final int serial;
    final int capacity;
    final boolean callerOwned;
    final Object memory;
    final long regionStart;
    final long regionEnd;
    final Slab view = new Slab(this);
    private final int firstSlotOffset;
    private final int stride;

    // Links and list id of the cache's intrusive lists, and the used counts between which it stays on its list:
    // the bins' own, under the lock.
    int listId = SlabList.NONE;
    int prev = SlabList.NONE;
    int next = SlabList.NONE;
    int lowerBound;
    int upperBound;
    /**
     * Debug mode's record of the slots freed into poison, made at the slab's first debug free; null otherwise.
     * Under the lock.
     */
    SlabPoison poison;

    // SERVING, DRAINING, RETIRING or DETACHED: written under the lock, read without it by magazine operations,
    // which send the slots of a slab that does not serve straight back.
    private volatile int status = SERVING;
    private CompletableFuture<Slab> detachFuture;

    SlabRecord(
        final CacheCore owner,
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
        this.buffer = segment.buffer();
        this.states = new SlotStates(segment.capacity());
        this.callerOwned = callerOwned;
        this.memory = memory;
        this.regionStart = regionStart;
        this.regionEnd = regionEnd;
    }

    /**
     * Needs no lock.
     *
     * @return true while the slab serves allocations.
     */
    boolean isServing()
    {
        return SERVING == status;
    }

    boolean isDraining()
    {
        return DRAINING == status;
    }

    boolean isAttached()
    {
        return DETACHED != status;
    }

    /**
     * @return the future of an earlier {@link #drain()}, or null.
     */
    CompletableFuture<Slab> detachFuture()
    {
        return detachFuture;
    }

    /**
     * Stops the slab serving until it is detached, for {@link SlabCache#detachWhenEmpty(Slab)}.
     *
     * @return the future completed with the view once the slab is detached.
     * @throws IllegalStateException when the slab is already detached.
     */
    CompletableFuture<Slab> drain()
    {
        checkAttached();
        detachFuture = new CompletableFuture<>();
        status = DRAINING;
        return detachFuture;
    }

    /**
     * Stops the slab serving while its cache takes its slots back, to detach it or to close.
     *
     * @return the status to give back to {@link #restore(int)} when the slab stays.
     * @throws IllegalStateException when the slab is already detached.
     */
    int retire()
    {
        checkAttached();
        final int before = status;
        status = RETIRING;
        return before;
    }

    /**
     * Undoes {@link #retire()} for a slab that stays attached.
     */
    void restore(final int before)
    {
        status = before;
    }

    /**
     * Marks the slab gone from its cache.
     *
     * @return true when it was draining: its future is to be completed, out of the lock, by
     * {@link #completeDrain()}.
     */
    boolean detach()
    {
        final boolean draining = DRAINING == status;
        status = DETACHED;
        return draining;
    }

    /**
     * Completes the future of a draining slab that was detached.
     */
    void completeDrain()
    {
        detachFuture.complete(view);
    }

    /**
     * Fails the future of a slab still draining as its cache closes.
     */
    void failDrain(final String cacheName)
    {
        if (null != detachFuture && !detachFuture.isDone())
        {
            detachFuture.completeExceptionally(
                new IllegalStateException("cache '" + cacheName + "' closed before " + this + " emptied"));
        }
    }

    /**
     * The checked release of a live slot from its caller, on every path: the slot's word leaves LIVE with the
     * handle's generation, for FREE (back to the segment, under the lock or by the owner) or CACHED (into a
     * magazine, by a compare-and-set, with or without the lock).
     *
     * @param toMagazine true for CACHED.
     * @return the live word found.
     * @throws dev.slabcache.core.InvalidHandleException when no caller holds the slot through {@code handle}, a
     *                                                   {@link dev.slabcache.core.DoubleFreeException} when the slot
     *                                                   is free; nothing changes.
     */
    int release(final long handle, final boolean toMagazine)
    {
        final int slot = SlotHandle.slot(handle);
        final int generation = SlotHandle.generation(handle);
        final int found = toMagazine ? states.release(slot, generation) : states.free(slot, generation);
        if (!SlotStates.isLive(found, generation))
        {
            throw owner.table.notLive(this, handle, found, true);
        }
        return found;
    }

    /**
     * Counts the slots callers hold, in O(slots the slab ever handed out): not for hot paths.
     */
    int liveSlots()
    {
        return states.count(segment.highWaterMark(), SlotStates.LIVE);
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
        return "Slab{id=" + id + ", " + (callerOwned ? "caller" : "provider") + ", state=" + segment.state() +
            ", used=" + segment.usedSlots() + "/" + capacity + (isDraining() ? ", draining" : "") +
            (isAttached() ? "" : ", detached") + '}';
    }

    /**
     * @throws IllegalStateException when the slab is already detached.
     */
    void checkAttached()
    {
        if (!isAttached())
        {
            throw new IllegalStateException(this + " is already detached");
        }
    }
}

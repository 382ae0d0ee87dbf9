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
 * The counts read here without the cache's lock are a snapshot that other threads may already have changed.
 */
public final class Slab
{
    final SlabCache cache;
    final SlotSegment segment;
    /**
     * Who holds each slot, with {@link ThreadSafety#MAGAZINES}; else null.
     */
    final SlotStates states;
    final int index;
    /**
     * Every handle into this slab is this plus a slot: see {@link dev.slabcache.core.SlotHandle#slabPart(long)}.
     */
    final long handleBase;
    final int capacity;
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
     * Set under the lock once the slab stops serving allocations (draining, being detached, detached, or its
     * cache closing); read without it by magazine operations, which then send its slots straight back.
     */
    volatile boolean retiring;

    private final long id;
    private final boolean callerOwned;
    private volatile boolean attached = true;

    Slab(
        final SlabCache cache,
        final long id,
        final int index,
        final long handleBase,
        final SlotSegment segment,
        final boolean withStates,
        final boolean callerOwned,
        final Object memory,
        final long regionStart,
        final long regionEnd)
    {
        this.cache = cache;
        this.id = id;
        this.index = index;
        this.handleBase = handleBase;
        this.capacity = segment.capacity();
        this.segment = segment;
        this.states = withStates ? new SlotStates(segment.capacity()) : null;
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
     * @return how full the slab is.
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
     * @return how many of its slots are out of it: held by callers or, with {@link ThreadSafety#MAGAZINES}, sitting
     * in magazines.
     */
    public int usedSlots()
    {
        return segment.usedSlots();
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
        return attached;
    }

    /**
     * @return true once {@link SlabCache#detachWhenEmpty(Slab)} was called: it serves no more allocations.
     */
    public boolean isDraining()
    {
        return null != detachFuture;
    }

    /**
     * @return the buffer the slots are carved from.
     */
    public AtomicBuffer buffer()
    {
        return segment.buffer();
    }

    /**
     * @return the cache this slab is, or was, attached to.
     */
    public SlabCache cache()
    {
        return cache;
    }

    void markDetached()
    {
        attached = false;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "Slab{id=" + id + ", " + (callerOwned ? "caller" : "provider") + ", state=" + state() +
            ", used=" + usedSlots() + "/" + capacity() + (isDraining() ? ", draining" : "") +
            (attached ? "" : ", detached") + '}';
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;

/**
 * Finds the slab a handle names, in O(1), and checks the handle: its slab serial, its slot, its slot generation.
 * <p>
 * Every slab attached to any cache in the JVM takes the next serial of one counter, and a cache keeps its slabs
 * in a table at {@code serial & (length - 1)}. A serial whose place is taken in this cache's table is skipped, and
 * the table doubles before it is half full, so a serial is found in two draws on average and a doubling never
 * puts two slabs in one place. A handle of another cache, of a closed cache, or into a slab since detached
 * carries a serial no slab in this table has, until the counter wraps after {@value SlotHandle#MAX_SERIAL} slabs
 * attached in the JVM; garbage carries one only by chance.
 * <p>
 * Written under its own monitor, since the caches of a {@link SizeClassCache} share one table so that any class's
 * handle is found in one lookup; {@link #find(long)} and the checks read without it: a thread that holds a handle
 * got it through a happens-before edge from the slot's allocation, which came after its slab was added.
 * A closed table is empty and names no slab, so the hot paths learn that a cache is closed only when a handle
 * fails, and then say so.
 */
final class SlabTable
{
    /**
     * Slabs a cache may hold at once.
     */
    static final int MAX_SLABS = 1 << 20;

    private static final AtomicInteger SERIALS = new AtomicInteger();
    private static final VarHandle SLABS = MethodHandles.arrayElementVarHandle(SlabRecord[].class);
    private static final VarHandle TABLE;

    static
    {
        try
        {
            TABLE = MethodHandles.lookup().findVarHandle(SlabTable.class, "slabs", SlabRecord[].class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String cacheName;
    // Replaced whole when it doubles, with a release store; read with an acquire load, so that a reader without the
    // monitor that sees a new array sees every slab copied into it (the caches of a SizeClassCache double it for
    // one another).
    private SlabRecord[] slabs = new SlabRecord[16];
    private int size;
    private volatile boolean closed;

    SlabTable(final String cacheName)
    {
        this.cacheName = cacheName;
    }

    /**
     * @return true when the cache holds {@link #MAX_SLABS} slabs and may attach no more.
     */
    synchronized boolean isFull()
    {
        return size >= MAX_SLABS;
    }

    /**
     * Needs no lock.
     *
     * @throws IllegalStateException when the table is closed.
     */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("cache '" + cacheName + "' is closed");
        }
    }

    /**
     * Needs no lock.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * Forgets every slab, for good: every handle is rejected from now on with the cache named closed.
     */
    synchronized void close()
    {
        closed = true;
        TABLE.setRelease(this, new SlabRecord[1]);
        size = 0;
    }

    /**
     * A serial for a new slab, free in this table, and not when {@link #isFull()}. Call it and {@link #add(SlabRecord)}
     * holding the table's monitor, so that no other cache takes the same place in between.
     */
    synchronized int newSerial()
    {
        SlabRecord[] slabs = this.slabs;
        if (2 * (size + 1) > slabs.length)
        {
            slabs = doubled(slabs);
        }
        while (true)
        {
            final int serial = SERIALS.incrementAndGet() & SlotHandle.MAX_SERIAL;
            if (0 != serial && null == slabs[serial & (slabs.length - 1)])
            {
                return serial;
            }
        }
    }

    /**
     * Publishes a slab under a serial from {@link #newSerial()}.
     */
    synchronized void add(final SlabRecord slab)
    {
        final SlabRecord[] slabs = this.slabs;
        SLABS.setRelease(slabs, slab.serial & (slabs.length - 1), slab);
        size++;
    }

    synchronized void remove(final SlabRecord slab)
    {
        final SlabRecord[] slabs = this.slabs;
        SLABS.setRelease(slabs, slab.serial & (slabs.length - 1), null);
        size--;
    }

    /**
     * The slab with a serial that the table holds, under the lock.
     */
    SlabRecord get(final int serial)
    {
        final SlabRecord[] slabs = (SlabRecord[])TABLE.getAcquire(this);
        return slabs[serial & (slabs.length - 1)];
    }

    /**
     * The attached slab a handle names, with or without the lock; null when it names none.
     */
    SlabRecord find(final long handle)
    {
        final int serial = SlotHandle.serial(handle);
        final SlabRecord[] slabs = (SlabRecord[])TABLE.getAcquire(this);
        // Every field of a slab the checks read is final or volatile, so a slab seen here is seen whole.
        final SlabRecord slab = slabs[serial & (slabs.length - 1)];
        return null != slab && serial == slab.serial ? slab : null;
    }

    /**
     * The attached slab a handle names, checked for a slot inside it. Needs no lock.
     *
     * @throws InvalidHandleException when it names no attached slab of this cache, or no slot of it.
     */
    SlabRecord checked(final long handle)
    {
        final SlabRecord slab = find(handle);
        if (null == slab)
        {
            throw unknown(handle);
        }
        if (SlotHandle.slot(handle) >= slab.capacity)
        {
            throw new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " names slot " + SlotHandle.slot(handle) + " of " + slab +
                ", which holds " + slab.capacity + " slots");
        }
        return slab;
    }

    /**
     * The attached slab a handle names, checked as {@link #checked(long)} does and for a slot its caller holds.
     * Needs no lock.
     *
     * @throws InvalidHandleException when it names no slot a caller holds with this handle.
     */
    SlabRecord checkedLive(final long handle)
    {
        final SlabRecord slab = checked(handle);
        final int word = slab.states.word(SlotHandle.slot(handle));
        if (!SlotStates.isLive(word, SlotHandle.generation(handle)))
        {
            throw notLive(slab, handle, word, false);
        }
        return slab;
    }

    /**
     * The exception for a handle whose slot was found with {@code word} instead of live with its generation.
     *
     * @param freeing true for a free, which then is a {@link DoubleFreeException} when no caller holds the slot.
     */
    InvalidHandleException notLive(final SlabRecord slab, final long handle, final int word, final boolean freeing)
    {
        if (SlotStates.LIVE == SlotStates.state(word))
        {
            return new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " is stale: its slot in " + slab + " of cache '" +
                cacheName + "' was freed and handed out again (now gen=" +
                (SlotStates.generation(word) & (SlotHandle.GENERATIONS - 1)) + ")");
        }
        final String message = "handle " + SlotHandle.describe(handle) + " names a slot that is not allocated in " +
            slab + " of cache '" + cacheName + "' (freed" + (freeing ? " twice" : "") + ", or never allocated)";
        return freeing ? new DoubleFreeException(message) : new InvalidHandleException(message);
    }

    private InvalidHandleException unknown(final long handle)
    {
        ensureOpen();
        if (handle <= 0)
        {
            return new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " is not a handle: handles are positive and never 0");
        }
        return new InvalidHandleException(
            "handle " + SlotHandle.describe(handle) + " names no slab attached to cache '" + cacheName +
            "': it is another cache's, a closed cache's, or into a slab since detached or released");
    }

    private SlabRecord[] doubled(final SlabRecord[] slabs)
    {
        final SlabRecord[] doubled = new SlabRecord[2 * slabs.length];
        for (final SlabRecord slab : slabs)
        {
            if (null != slab)
            {
                doubled[slab.serial & (doubled.length - 1)] = slab;
            }
        }
        TABLE.setRelease(this, doubled);
        return doubled;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Base of a fixed-layout record over a slot: a subclass names its fields as offsets and reads and writes them
 * through {@link #buffer()} at {@link #offset()}. One flyweight is re-aimed at slot after slot with
 * {@link #wrap(SlabCache, long)}, making no garbage, as Agrona's and SBE's flyweights are.
 * <pre>{@code
 * final class Session extends SlotFlyweight {
 *     static final int ID = 0, LAST_SEEN = 8, SIZE = 16;
 *     long id() { return buffer().getLong(offset() + ID); }
 *     Session id(long id) { buffer().putLong(offset() + ID, id); return this; }
 * }
 * }</pre>
 * Not thread-safe: one flyweight per thread. Aim it again after the slot is freed: it keeps its buffer, which
 * reaches no memory once the slab is given back to the default provider.
 */
public abstract class SlotFlyweight
{
    private AtomicBuffer buffer;
    private int offset;
    private long handle = SlabCache.NULL_HANDLE;

    /**
     * A flyweight aimed at no slot yet.
     */
    protected SlotFlyweight()
    {
    }

    /**
     * Aims this flyweight at a live slot.
     *
     * @param cache  the cache that minted {@code handle}.
     * @param handle a live handle.
     * @return this flyweight.
     * @throws dev.slabcache.core.InvalidHandleException when {@code handle} is not a live slot of {@code cache}.
     */
    public SlotFlyweight wrap(final SlabCache cache, final long handle)
    {
        cache.aim(this, handle);
        return this;
    }

    /**
     * Aims this flyweight at a live slot of any class: one lookup, where {@link SizeClassCache#buffer(long)} and
     * {@link SizeClassCache#offset(long)} make one each.
     *
     * @param cache  the cache that minted {@code handle}.
     * @param handle a live handle.
     * @return this flyweight.
     * @throws dev.slabcache.core.InvalidHandleException when {@code handle} is not a live slot of {@code cache}.
     */
    public SlotFlyweight wrap(final SizeClassCache cache, final long handle)
    {
        cache.aim(this, handle);
        return this;
    }

    /**
     * Aims this flyweight at a slot whose buffer and offset the caller already has, with no lookup and no check: for
     * a subclass shown a slot by a {@link SlotVisitor}, whose handle is no longer live.
     *
     * @param buffer the buffer holding the slot.
     * @param offset where the slot starts in {@code buffer}.
     * @param handle the slot's handle, live or not, or {@link SlabCache#NULL_HANDLE}.
     */
    protected final void aim(final AtomicBuffer buffer, final int offset, final long handle)
    {
        if (this.buffer != buffer) // re-aiming within one slab, the common case, then writes no reference
        {
            this.buffer = buffer;
        }
        this.offset = offset;
        this.handle = handle;
    }

    /** {@return the buffer holding the slot this flyweight is aimed at} */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /** {@return where the slot starts in {@link #buffer()}} */
    public int offset()
    {
        return offset;
    }

    /** {@return the handle this flyweight is aimed at, or {@link SlabCache#NULL_HANDLE}} */
    public long handle()
    {
        return handle;
    }
}

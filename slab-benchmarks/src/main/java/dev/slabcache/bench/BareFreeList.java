/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The floor to measure against: an intrusive free list of fixed slots with no checks at all, no bitmap, no
 * state, no high-water mark. Every slot is linked at construction.
 */
public final class BareFreeList
{
    private final AtomicBuffer buffer;
    private final int stride;
    private int head;

    /**
     * @param buffer the memory to carve.
     * @param stride bytes per slot.
     */
    public BareFreeList(final AtomicBuffer buffer, final int stride)
    {
        this.buffer = buffer;
        this.stride = stride;
        final int slots = buffer.capacity() / stride;
        for (int i = 0; i < slots; i++)
        {
            buffer.putInt(i * stride, i + 1 < slots ? i + 1 : -1);
        }
    }

    /**
     * @return a free slot's index, or -1.
     */
    public int allocate()
    {
        final int slot = head;
        if (-1 != slot)
        {
            head = buffer.getInt(slot * stride);
        }
        return slot;
    }

    /**
     * @param slot a slot from {@link #allocate()}; not checked.
     */
    public void free(final int slot)
    {
        buffer.putInt(slot * stride, head);
        head = slot;
    }

    /**
     * @param slot a slot index.
     * @return its offset in the buffer.
     */
    public int offsetOf(final int slot)
    {
        return slot * stride;
    }

    /**
     * @return the buffer the slots live in.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }
}

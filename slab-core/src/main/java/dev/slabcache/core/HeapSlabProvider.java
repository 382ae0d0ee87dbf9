/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * On-heap memory: each buffer wraps a {@code byte[]}. Thread-safe. Released buffers are left to the garbage
 * collector.
 * <p>
 * Alignment on the heap: the JVM moves arrays and promises only 8-byte alignment of an object, so a buffer is
 * aligned relative to the array's base: the provider allocates up to {@code alignment} spare bytes and wraps
 * the region whose offset from the array's base is a multiple of {@code alignment}.
 */
public final class HeapSlabProvider implements SlabProvider
{
    /**
     * A provider of heap buffers; callers get one from {@link SlabProvider#heap()}.
     */
    HeapSlabProvider()
    {
        AgronaCheck.ensureAvailable();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        SlabProvider.checkAllocateArguments(capacity, alignment);
        final int padding = (int)(-BufferUtil.ARRAY_BASE_OFFSET & (alignment - 1));
        if (capacity > Integer.MAX_VALUE - 8 - padding)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " with alignment=" + alignment + " is too large for a Java array");
        }

        return new UnsafeBuffer(new byte[capacity + padding], padding, capacity);
    }

    /**
     * Forgets the buffer; the garbage collector reclaims its array.
     *
     * @param buffer a buffer returned by {@link #allocate(int, int)}.
     */
    @Override
    public void release(final AtomicBuffer buffer)
    {
    }

    /** {@return the provider's name, for a cache's description} */
    @Override
    public String toString()
    {
        return "HeapSlabProvider";
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap memory from {@link BufferUtil#allocateDirectAligned(int, int)}, the default for a master cache.
 * Thread-safe.
 * <p>
 * How memory goes back: {@link #release(AtomicBuffer)} does not free it. A caller may still hold the buffer it
 * got from the cache for a slot it already freed, and freeing the memory under it would turn a late read into
 * a crash of the JVM. Instead the provider drops its reference, and the JVM's cleaner frees the memory once no
 * buffer reaches it any more, as for any {@link java.nio.ByteBuffer#allocateDirect(int)}. Direct memory counts
 * against {@code -XX:MaxDirectMemorySize}.
 */
public final class DirectSlabProvider implements SlabProvider
{
    /**
     * A provider of aligned direct buffers.
     */
    public DirectSlabProvider()
    {
        AgronaAccess.ensureAvailable();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        SlabProvider.checkAllocateArguments(capacity, alignment);
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, Math.max(alignment, Long.BYTES)));
    }

    /**
     * Forgets the buffer; its memory is freed by the JVM once nothing reaches it.
     *
     * @param buffer a buffer returned by {@link #allocate(int, int)}.
     */
    @Override
    public void release(final AtomicBuffer buffer)
    {
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "DirectSlabProvider";
    }
}

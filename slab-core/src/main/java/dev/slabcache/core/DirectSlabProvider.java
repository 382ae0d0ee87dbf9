/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.nio.ByteBuffer;

import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap memory from {@link ByteBuffer#allocateDirect(int)}, aligned, the default for a master cache.
 * Thread-safe.
 * <p>
 * Each buffer wraps one direct {@link ByteBuffer} of {@code capacity} bytes plus up to the alignment, starting
 * at its first aligned address: {@link AtomicBuffer#byteBuffer()} is that whole allocation, and the buffer starts
 * {@link AtomicBuffer#wrapAdjustment()} bytes into it.
 * <p>
 * How memory goes back: {@link #release(AtomicBuffer)} frees it at once, through the JDK's cleaner for the
 * {@link ByteBuffer} (as Agrona's {@link BufferUtil#free(ByteBuffer)} does), so the JVM's {@code direct} buffer
 * pool ({@code java.lang.management.BufferPoolMXBean}) drops by it straight away. A master releases a buffer only
 * once it has unlinked the slab from every list, table and magazine, so the cache itself never reaches it again.
 * The released {@link AtomicBuffer} is then re-aimed at no memory (capacity 0), so a caller that kept it, or a
 * flyweight aimed at one of its slots, gets an {@link IndexOutOfBoundsException} from Agrona's bounds checks
 * rather than reading freed memory; a {@link ByteBuffer} view a caller took of it is not guarded.
 * <p>
 * The limit: direct memory counts against {@code -XX:MaxDirectMemorySize} (by default the maximum heap size).
 * When an allocation would pass it, the JDK runs a garbage collection, waits a little and then fails with an
 * {@link OutOfMemoryError}; this provider turns that into a {@link SlabExhaustedException} naming the option and
 * the JDK's figures, so that a master counts a failed allocation and changes nothing else.
 */
public final class DirectSlabProvider implements SlabProvider
{
    /**
     * The JVM option that bounds the direct memory this provider can hand out.
     */
    public static final String DIRECT_MEMORY_LIMIT_OPTION = "-XX:MaxDirectMemorySize";

    /**
     * A provider of aligned direct buffers; callers get one from {@link SlabProvider#direct()}.
     */
    DirectSlabProvider()
    {
        AgronaCheck.ensureAvailable();
    }

    /**
     * {@inheritDoc}
     *
     * @throws SlabExhaustedException when the JVM's direct memory limit leaves no room for the buffer, naming
     *                                {@value #DIRECT_MEMORY_LIMIT_OPTION}; its cause is the JDK's
     *                                {@link OutOfMemoryError}.
     */
    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        SlabProvider.checkAllocateArguments(capacity, alignment);
        final int padding = Math.max(alignment, Long.BYTES);
        if (capacity > Integer.MAX_VALUE - padding)
        {
            throw new IllegalArgumentException(
                "capacity=" + capacity + " with alignment=" + alignment + " is too large for a direct ByteBuffer");
        }

        final ByteBuffer memory;
        try
        {
            memory = ByteBuffer.allocateDirect(capacity + padding);
        }
        catch (final OutOfMemoryError ex)
        {
            throw new SlabExhaustedException(
                "direct memory is exhausted: " + ex.getMessage() + "; a " + capacity + "-byte buffer would pass " +
                "the JVM's limit, " + DIRECT_MEMORY_LIMIT_OPTION + " (by default the maximum heap size): raise it, " +
                "trim() caches, or bound them with maxSlabs", ex);
        }

        final long address = BufferUtil.address(memory);
        final int offset = (int)(BitUtil.align(address, padding) - address);
        return new UnsafeBuffer(memory, offset, capacity);
    }

    /**
     * Frees the buffer's memory at once and re-aims the buffer at no memory.
     *
     * @param buffer a buffer returned by {@link #allocate(int, int)} and not released since, which no slot of a
     *               cache reaches any more.
     * @throws IllegalArgumentException when {@code buffer} is null, already released, or no direct buffer of this
     *                                  provider; nothing changes.
     */
    @Override
    public void release(final AtomicBuffer buffer)
    {
        final ByteBuffer memory = null == buffer ? null : buffer.byteBuffer();
        if (null == memory || !memory.isDirect() || memory.isReadOnly())
        {
            throw new IllegalArgumentException(
                "buffer " + buffer + " is not a live buffer of " + this + ": released already, or made elsewhere");
        }
        final int offset = buffer.wrapAdjustment();
        final int capacity = buffer.capacity();
        // Re-aimed before the memory goes, so that even a racing stray read more likely meets the empty buffer.
        buffer.wrap(0, 0);
        try
        {
            BufferUtil.free(memory);
        }
        catch (final IllegalArgumentException ex)
        {
            buffer.wrap(memory, offset, capacity);
            throw new IllegalArgumentException(
                "buffer " + buffer + " is not a live buffer of " + this + ": it wraps a slice or duplicate", ex);
        }
    }

    /** {@return the provider's name, for a cache's description} */
    @Override
    public String toString()
    {
        return "DirectSlabProvider";
    }
}

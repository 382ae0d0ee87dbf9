/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The bridge from a master cache to whatever memory its user has: the master asks for a buffer when it grows
 * and gives it back when a slab it made is empty and no longer wanted.
 * <p>
 * A provider is called under the master's lock, never concurrently by one master; one provider shared by
 * several masters must be thread-safe, as the stock ones are.
 */
public interface SlabProvider
{
    /**
     * Memory for a new slab.
     *
     * @param capacity  bytes wanted, at least 1.
     * @param alignment a power of two: the buffer's first byte should sit at an address that is a multiple of it.
     * @return a writable buffer of exactly {@code capacity} bytes.
     * @throws IllegalArgumentException when {@code capacity} or {@code alignment} breaks its rule.
     * @throws RuntimeException         when no memory can be had; the master reports it as the cause of its
     *                                  {@link SlabExhaustedException}.
     */
    AtomicBuffer allocate(int capacity, int alignment);

    /**
     * Takes back a buffer this provider allocated. The master calls it only once no slot of the buffer is live,
     * and never uses the buffer again.
     *
     * @param buffer a buffer returned by {@link #allocate(int, int)} and not released since.
     */
    void release(AtomicBuffer buffer);

    /**
     * The default provider: aligned off-heap memory.
     *
     * @return a provider of direct buffers.
     * @see DirectSlabProvider
     */
    static SlabProvider direct()
    {
        return new DirectSlabProvider();
    }

    /**
     * A provider of on-heap {@code byte[]} memory.
     *
     * @return a provider of heap buffers.
     * @see HeapSlabProvider
     */
    static SlabProvider heap()
    {
        return new HeapSlabProvider();
    }

    /**
     * Checks the arguments of {@link #allocate(int, int)} the same way for every provider.
     *
     * @param capacity  bytes wanted.
     * @param alignment alignment wanted.
     * @throws IllegalArgumentException naming the parameter and the rule it broke.
     */
    static void checkAllocateArguments(final int capacity, final int alignment)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be at least 1");
        }
        if (alignment < 1 || 0 != (alignment & (alignment - 1)))
        {
            throw new IllegalArgumentException("alignment=" + alignment + " must be a power of two");
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of non-zero {@code long}s, such as slab cache handles; see
 * {@link SpscRing}.
 */
final class SpscLongRing extends SpscRing
{
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells;

    SpscLongRing(final int capacity)
    {
        super(capacity);
        cells = new long[capacity];
    }

    /**
     * Producer only.
     *
     * @param value not 0.
     * @return false, changing nothing, when the ring is full.
     */
    boolean offer(final long value)
    {
        final int index = (int)producerIndex & mask;
        if (0 != (long)CELL.getAcquire(cells, index))
        {
            return false;
        }
        CELL.setRelease(cells, index, value);
        producerIndex++;
        return true;
    }

    /**
     * Consumer only.
     *
     * @return the oldest value, or 0 when the ring is empty.
     */
    long poll()
    {
        final int index = (int)consumerIndex & mask;
        final long value = (long)CELL.getAcquire(cells, index);
        if (0 != value)
        {
            CELL.setRelease(cells, index, 0L);
            consumerIndex++;
        }
        return value;
    }
}

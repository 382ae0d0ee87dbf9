/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of references; see {@link SpscRing}.
 *
 * @param <E> the element type.
 */
final class SpscRefRing<E> extends SpscRing
{
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] cells;

    SpscRefRing(final int capacity)
    {
        super(capacity);
        cells = new Object[capacity];
    }

    /**
     * Producer only.
     *
     * @param element not null.
     * @return false, changing nothing, when the ring is full.
     */
    boolean offer(final E element)
    {
        final int index = (int)producerIndex & mask;
        if (null != CELL.getAcquire(cells, index))
        {
            return false;
        }
        CELL.setRelease(cells, index, element);
        producerIndex++;
        return true;
    }

    /**
     * Consumer only.
     *
     * @return the oldest element, or null when the ring is empty.
     */
    @SuppressWarnings("unchecked")
    E poll()
    {
        final int index = (int)consumerIndex & mask;
        final E element = (E)CELL.getAcquire(cells, index);
        if (null != element)
        {
            CELL.setRelease(cells, index, null);
            consumerIndex++;
        }
        return element;
    }
}

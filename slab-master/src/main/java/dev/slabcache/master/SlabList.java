/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * An intrusive doubly linked list of slabs: the links live in {@link Slab}, so adding, removing and moving a
 * slab costs O(1) and makes no garbage. A slab is on at most one list at a time.
 */
final class SlabList
{
    private final String name;
    private final int binBit;
    private Slab head;
    private int size;

    /**
     * @param name   for messages.
     * @param binBit for a partial bin, its bit in the cache's mask of non-empty bins; else 0.
     */
    SlabList(final String name, final int binBit)
    {
        this.name = name;
        this.binBit = binBit;
    }

    int binBit()
    {
        return binBit;
    }

    String name()
    {
        return name;
    }

    Slab head()
    {
        return head;
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return null == head;
    }

    void addFirst(final Slab slab)
    {
        slab.list = this;
        slab.prev = null;
        slab.next = head;
        if (null != head)
        {
            head.prev = slab;
        }
        head = slab;
        size++;
    }

    void remove(final Slab slab)
    {
        final Slab prev = slab.prev;
        final Slab next = slab.next;
        if (null == prev)
        {
            head = next;
        }
        else
        {
            prev.next = next;
        }
        if (null != next)
        {
            next.prev = prev;
        }
        slab.prev = null;
        slab.next = null;
        slab.list = null;
        size--;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * An intrusive doubly linked list of slabs: the links live in {@link SlabRecord} as slab serials, found through the
 * cache's {@link SlabTable}, so adding, removing and moving a slab costs O(1), makes no garbage, and stores no
 * reference (a move among slabs scattered over the heap then gives the garbage collector's write barrier nothing
 * to do). A slab is on at most one list at a time.
 */
final class SlabList
{
    /**
     * The serial that ends a list (no slab has it), and a slab's list id when it is on none.
     */
    static final int NONE = -1;

    private final int id;
    private final String name;
    private final int binBit;
    private int head = NONE;
    private int size;

    /**
     * @param id     this list's place in its cache's array of lists.
     * @param name   for messages.
     * @param binBit for a partial bin, its bit in the cache's mask of non-empty bins; else 0.
     */
    SlabList(final int id, final String name, final int binBit)
    {
        this.id = id;
        this.name = name;
        this.binBit = binBit;
    }

    int id()
    {
        return id;
    }

    int binBit()
    {
        return binBit;
    }

    String name()
    {
        return name;
    }

    /**
     * @return the serial of the first slab, or {@link #NONE}.
     */
    int head()
    {
        return head;
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return NONE == head;
    }

    /**
     * @param slabs where the neighbours are.
     */
    void addFirst(final SlabRecord slab, final SlabTable slabs)
    {
        slab.listId = id;
        slab.prev = NONE;
        slab.next = head;
        if (NONE != head)
        {
            slabs.get(head).prev = slab.serial;
        }
        head = slab.serial;
        size++;
    }

    /**
     * @param slabs where the neighbours are.
     */
    void remove(final SlabRecord slab, final SlabTable slabs)
    {
        final int prev = slab.prev;
        final int next = slab.next;
        if (NONE == prev)
        {
            head = next;
        }
        else
        {
            slabs.get(prev).next = next;
        }
        if (NONE != next)
        {
            slabs.get(next).prev = prev;
        }
        slab.prev = NONE;
        slab.next = NONE;
        slab.listId = NONE;
        size--;
    }
}

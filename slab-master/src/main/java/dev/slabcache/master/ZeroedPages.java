/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The pages of a {@link PagePool} zeroed as a class of a restartable {@link SizeClassCache} (one with a
 * {@link SizeClassLayout}) takes them, as memcached zeroes a new slab page: a page holds the slots of one class at a
 * time, so a reopen's {@link LiveSlots} never reads, at a slot of the page's class, bytes that an earlier class left
 * there. O(page size) per page taken, on the slow path that grows a class; never per slot.
 */
final class ZeroedPages implements SlabProvider
{
    private final PagePool pool;

    ZeroedPages(final PagePool pool)
    {
        this.pool = pool;
    }

    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        final AtomicBuffer page = pool.take(capacity, alignment);
        page.setMemory(0, page.capacity(), (byte)0);
        return page;
    }

    @Override
    public void release(final AtomicBuffer buffer)
    {
        pool.giveBack(buffer);
    }

    @Override
    public String toString()
    {
        return pool.toString();
    }
}

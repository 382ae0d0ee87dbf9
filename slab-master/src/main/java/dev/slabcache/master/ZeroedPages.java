/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The pages of a {@link PagePool} zeroed as a class of a restartable {@link SizeClassCache} (one with a
 * {@link SizeClassLayout}) takes them, as memcached zeroes a new slab page: a page holds the slots of one class at a
 * time, so a reopen's {@link LiveSlots} never reads, at a slot of the page's class, bytes that an earlier class left
 * there. O(page size) per page taken, on the slow path that grows a class; never per slot. Otherwise the pool's own
 * path ({@link PoolPages}), out-of-pages check included.
 */
final class ZeroedPages extends PoolPages
{
    ZeroedPages(final PagePool pool)
    {
        super(pool);
    }

    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        final AtomicBuffer page = super.allocate(capacity, alignment);
        page.setMemory(0, page.capacity(), (byte)0);
        return page;
    }
}

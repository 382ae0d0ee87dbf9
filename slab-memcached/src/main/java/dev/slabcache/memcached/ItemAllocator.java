/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Takes a slot for a new item, making room in the item's class when it has none, as memcached's lru_pull_tail
 * does: first an expired or flushed item among the last few of the class's LRU is reclaimed; failing that, with
 * evictions on, the least recently used item is evicted; and the allocation is tried again, a bounded number of
 * times. A class that holds no item at all has nothing to evict: with evictions on, it is given a page at once by
 * {@link SlabMover#giveFirstPage} (memcached gives every class its first page even over its limit; our pool's limit
 * is hard, so the page comes from another class). Not thread-safe: the store's lock guards it.
 */
final class ItemAllocator
{
    /** Items from the LRU's tail searched for a dead one before evicting (memcached's search depth). */
    static final int TAIL_SEARCH = 5;
    /** Times a slot is sought, each after freeing one item. */
    static final int ALLOCATION_TRIES = 10;

    private final ItemTable table;
    private final SizeClassCache cache;
    private final ExpiryRules rules;
    private final StoreStats stats;
    private final boolean evictions;
    private final SlabMover mover;
    private final Watchers watchers;

    ItemAllocator(
        final ItemTable table, final ExpiryRules rules, final StoreStats stats, final boolean evictions,
        final SlabMover mover, final Watchers watchers)
    {
        this.mover = mover;
        this.watchers = watchers;
        this.table = table;
        this.cache = table.cache;
        this.rules = rules;
        this.stats = stats;
        this.evictions = evictions;
    }

    /**
     * @param size   bytes of header, key and value, at most the largest class.
     * @param pinned an item that must not be evicted to make room (the one being replaced), or 0.
     * @param now    the time, in Unix seconds.
     * @return the slot's handle, or 0 when the class has no slot and no item could be freed.
     */
    long allocate(final int size, final long pinned, final long now)
    {
        final long handle = cache.tryAllocate(size);
        if (0 != handle)
        {
            return handle;
        }
        return allocateSlow(size, pinned, now);
    }

    private long allocateSlow(final int size, final long pinned, final long now)
    {
        final int sizeClass = cache.classFor(size);
        if (evictions && 0 == table.lru.tail(sizeClass) && mover.giveFirstPage(sizeClass, classOf(pinned), now))
        {
            final long handle = cache.tryAllocate(size);
            if (0 != handle)
            {
                return handle;
            }
        }
        for (int i = 0; i < ALLOCATION_TRIES; i++)
        {
            if (!pullTail(sizeClass, pinned, now))
            {
                break;
            }
            final long handle = cache.tryAllocate(size);
            if (0 != handle)
            {
                return handle;
            }
        }
        stats.outOfMemory[sizeClass]++;
        return 0;
    }

    private int classOf(final long handle)
    {
        return 0 == handle ? -1 : ItemLayout.sizeClass(cache.buffer(handle), cache.offset(handle));
    }

    /**
     * Frees one item of the class: a dead one near the tail, else the tail itself when evictions are on.
     *
     * @return whether an item was freed.
     */
    boolean pullTail(final int sizeClass, final long pinned, final long now)
    {
        final ItemLru lru = table.lru;
        long handle = lru.tail(sizeClass);
        for (int i = 0; i < TAIL_SEARCH && 0 != handle; i++)
        {
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            final long newer = ItemLayout.lruPrev(buffer, offset);
            if (handle != pinned && rules.isDead(buffer, offset, now))
            {
                stats.reclaimed[sizeClass]++;
                if (!ItemLayout.hasStatus(buffer, offset, ItemLayout.FETCHED))
                {
                    stats.expiredUnfetched[sizeClass]++;
                }
                table.remove(handle, buffer, offset);
                return true;
            }
            handle = newer;
        }
        if (!evictions)
        {
            return false;
        }
        handle = lru.tail(sizeClass);
        if (handle == pinned && 0 != handle)
        {
            handle = lru.newer(handle);
        }
        if (0 == handle)
        {
            return false;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        stats.evicted[sizeClass]++;
        watchers.eviction(buffer, offset, now);
        if (0 != ItemLayout.expiresAt(buffer, offset))
        {
            stats.evictedNonzero[sizeClass]++;
        }
        stats.evictedTime[sizeClass] = now - ItemLayout.time(buffer, offset);
        if (!ItemLayout.hasStatus(buffer, offset, ItemLayout.FETCHED))
        {
            stats.evictedUnfetched[sizeClass]++;
        }
        table.remove(handle, buffer, offset);
        return true;
    }
}

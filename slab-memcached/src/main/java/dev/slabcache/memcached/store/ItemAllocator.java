/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes a slot for a new item, making room in the item's class when it has none, as memcached's do_item_alloc_pull
 * does, a bounded number of times ({@link #ALLOCATION_TRIES}), counting each try in direct_reclaims: with the
 * segmented LRU, an evicting pull of the class's cold list ({@link LruPolicy#pullTail}: the dead items among the
 * last few are reclaimed, then the first live one is evicted when evictions are on), and when that frees nothing a
 * pull of the hot list, which moves its tail to the cold list (then of the warm list: memcached leaves that to its
 * maintainer thread); with a flat LRU, a pull that only reclaims dead items, then an evicting one. Every allocation
 * also juggles its class a little ({@link #WRITE_JUGGLE_ROUNDS}), so that a store written at full speed keeps its hot
 * and warm lists in their shares between the maintainer's runs.
 * <p>
 * A class that holds no item at all has nothing to evict: with evictions on, it is given a page at once by
 * {@link SlabMover#giveFirstPage} (memcached gives every class its first page even over its limit; our pool's limit
 * is hard, so the page comes from another class), if the store can be paused without waiting (the caller holds an
 * item lock, see {@link StoreLock#tryPause()}). Called holding the item lock of the key it allocates for; each pull
 * takes the class's LRU lock.
 */
final class ItemAllocator
{
    /** Times a slot is sought, each after a pull (memcached's bound). */
    static final int ALLOCATION_TRIES = 10;
    /** Rounds of juggling of the class an allocation is in. */
    static final int WRITE_JUGGLE_ROUNDS = 2;

    private final ItemTable table;
    private final StoreMemory memory;
    private final ThreadStats stats;
    private final StoreTuning tuning;
    private final boolean evictions;
    private final SlabMover mover;
    private final LruPolicy policy;

    ItemAllocator(
        final ItemTable table, final ThreadStats stats, final StoreTuning tuning, final boolean evictions,
        final SlabMover mover, final LruPolicy policy)
    {
        this.table = table;
        this.memory = table.memory;
        this.stats = stats;
        this.tuning = tuning;
        this.evictions = evictions;
        this.mover = mover;
        this.policy = policy;
    }

    /**
     * @param size   bytes of header, key and value, at most the largest class.
     * @param pinned the item being replaced, which must not be evicted to make room, or null.
     * @param now    the time, in Unix seconds.
     * @return the slot's handle, or 0 when the class has no slot and no item could be freed.
     */
    long allocate(final int size, final Item pinned, final long now)
    {
        final int sizeClass = memory.classFor(size);
        final long pinnedHandle = null == pinned ? 0 : pinned.handle();
        policy.juggle(sizeClass, WRITE_JUGGLE_ROUNDS, pinnedHandle, now);
        final long handle = memory.tryAllocate(size);
        if (0 != handle)
        {
            return handle;
        }
        return allocateSlow(size, sizeClass, pinnedHandle, null == pinned ? -1 : pinned.sizeClass(), now);
    }

    private long allocateSlow(
        final int size, final int sizeClass, final long pinned, final int pinnedClass, final long now)
    {
        if (evictions && 0 == table.lru.classSize(sizeClass) && giveFirstPage(sizeClass, pinnedClass, now))
        {
            final long handle = memory.tryAllocate(size);
            if (0 != handle)
            {
                return handle;
            }
        }
        final ReentrantLock classLock = table.lru.lock(sizeClass);
        for (int i = 1; i <= ALLOCATION_TRIES; i++)
        {
            classLock.lock();
            try
            {
                if (tuning.lruSegmented)
                {
                    pullSegmented(sizeClass, pinned, now);
                }
                else
                {
                    pullFlat(sizeClass, pinned, now);
                }
            }
            finally
            {
                classLock.unlock();
            }
            final long handle = memory.tryAllocate(size);
            if (0 != handle)
            {
                stats.local().directReclaims[sizeClass] += i;
                return handle;
            }
            // The items at the tails may be locked by a pause sweeping or giving back the item locks, or by another
            // request; as memcached, try again.
            table.lock.awaitPartialPause();
        }
        stats.local().directReclaims[sizeClass] += ALLOCATION_TRIES;
        stats.local().outOfMemory[sizeClass]++;
        return 0;
    }

    private boolean giveFirstPage(final int sizeClass, final int pinnedClass, final long now)
    {
        if (!table.lock.tryPause())
        {
            return false;
        }
        try
        {
            return 0 == table.lru.classSize(sizeClass) && mover.giveFirstPage(sizeClass, pinnedClass, now);
        }
        finally
        {
            table.lock.resume();
        }
    }

    private void pullSegmented(final int sizeClass, final long pinned, final long now)
    {
        if (0 == policy.pullTail(sizeClass, ItemLru.COLD, 0, true, 0, pinned, now) &&
            0 == policy.pullTail(sizeClass, ItemLru.HOT, 0, false, 0, pinned, now))
        {
            policy.pullTail(sizeClass, ItemLru.WARM, 0, false, 0, pinned, now);
        }
    }

    private void pullFlat(final int sizeClass, final long pinned, final long now)
    {
        if (0 == policy.pullTail(sizeClass, ItemLru.COLD, 0, false, 0, pinned, now))
        {
            policy.pullTail(sizeClass, ItemLru.COLD, 0, true, 0, pinned, now);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * memcached's LRU maintainer: juggles every class that holds items ({@link LruPolicy#juggle}, up to
 * {@link LruPolicy#MAINTAINER_ROUNDS} rounds), one class at a time under its LRU lock, so that each class's hot
 * and warm lists stay in their shares. memcached's thread wakes as often as every millisecond when it has work; ours
 * runs with the store's other background work once a second, and allocations juggle their own class between runs
 * (see {@link ItemAllocator}).
 */
final class LruMaintainer
{
    private final StoreLock lock;
    private final LongSupplier clock;
    private final ItemLru lru;
    private final LruPolicy policy;
    private final ThreadStats stats;
    private final StoreTuning tuning;

    LruMaintainer(
        final StoreLock lock, final LongSupplier clock, final ItemLru lru, final LruPolicy policy,
        final ThreadStats stats, final StoreTuning tuning)
    {
        this.tuning = tuning;
        this.lock = lock;
        this.clock = clock;
        this.lru = lru;
        this.policy = policy;
        this.stats = stats;
    }

    /**
     * One run over every class, counted in lru_maintainer_juggles; none without -o lru_maintainer.
     */
    void juggleAll()
    {
        if (!tuning.lruMaintainer)
        {
            return;
        }
        for (int sizeClass = 0; sizeClass < lru.classes(); sizeClass++)
        {
            final ReentrantLock classLock = lru.lock(sizeClass);
            classLock.lock();
            try
            {
                if (lock.isClosed())
                {
                    return;
                }
                if (0 == sizeClass)
                {
                    // Counted under a lock the pause takes, so that a stats reset loses no count.
                    stats.local().lruMaintainerJuggles++;
                }
                if (0 != lru.classSize(sizeClass))
                {
                    policy.juggle(sizeClass, LruPolicy.MAINTAINER_ROUNDS, 0, clock.getAsLong());
                }
            }
            finally
            {
                classLock.unlock();
            }
        }
    }
}

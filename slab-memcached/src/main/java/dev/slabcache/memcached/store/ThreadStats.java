/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store's counters, one {@link StoreStats} a thread, as memcached keeps its per-thread stats, so that counting
 * never makes threads share a cache line; the statistics replies sum them. A thread counts only in its own, under the
 * item or LRU lock it holds for the work it counts, so that with the store paused ({@link StoreLock#pause()}) every
 * count is seen and a reset loses none. A thread's counters outlive it, to keep its counts in the sums.
 */
final class ThreadStats
{
    private final int classes;
    private final CopyOnWriteArrayList<StoreStats> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<StoreStats> local = ThreadLocal.withInitial(this::register);
    private final StoreStats total;

    /**
     * @param classes the store's size classes.
     */
    ThreadStats(final int classes)
    {
        this.classes = classes;
        this.total = new StoreStats(classes);
    }

    /**
     * @return the calling thread's counters, made on its first call.
     */
    StoreStats local()
    {
        return local.get();
    }

    /**
     * Sums every thread's counters; call with the store paused. The sum is one object, overwritten by the next call.
     *
     * @return the sum.
     */
    StoreStats sum()
    {
        sumInto(total);
        return total;
    }

    /**
     * Sums every thread's counters into counters of the caller's, beside requests: a count a thread is writing may
     * be missed until the next sum.
     *
     * @param into overwritten with the sum.
     */
    void sumInto(final StoreStats into)
    {
        into.reset();
        for (final StoreStats counts : threads)
        {
            into.add(counts);
        }
    }

    /**
     * Sets every thread's counters back to zero; call with the store paused.
     */
    void reset()
    {
        for (final StoreStats counts : threads)
        {
            counts.reset();
        }
    }

    private StoreStats register()
    {
        final StoreStats counts = new StoreStats(classes);
        threads.add(counts);
        return counts;
    }
}

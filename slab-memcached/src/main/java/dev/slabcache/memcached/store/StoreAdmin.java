/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * The store as the admin commands see it, memcached's stats and introspection side of items.c and slabs.c: the
 * "stats" figures, the item dumps ("stats cachedump", "lru_crawler metadump", "me", "stats sizes"), the per-prefix
 * counts, the watchers and the run-time tuning. Every call that reads or changes the store's tables runs with the
 * store paused ({@link StoreLock#pause()}: every item lock and LRU lock), so that its figures agree with each other;
 * "watch" lines and prefix counts keep their own locks.
 */
public final class StoreAdmin
{
    private final StoreLock lock;
    private final LongSupplier clock;
    private final ThreadStats stats;
    private final StatsReport report;
    private final ItemDumps dumps;
    private final SlabMover mover;
    private final StoreTuning tuning;
    private final PrefixStats prefixStats;
    private final Watchers watchers;

    StoreAdmin(
        final StoreLock lock, final LongSupplier clock, final ThreadStats stats, final StatsReport report,
        final ItemDumps dumps, final SlabMover mover, final StoreTuning tuning, final PrefixStats prefixStats,
        final Watchers watchers)
    {
        this.lock = lock;
        this.clock = clock;
        this.stats = stats;
        this.report = report;
        this.dumps = dumps;
        this.mover = mover;
        this.tuning = tuning;
        this.prefixStats = prefixStats;
        this.watchers = watchers;
    }

    /**
     * The store's part of "stats", as memcached names it: curr_items, total_items, bytes, evictions, reclaimed,
     * expired_unfetched, evicted_unfetched, get_hits, get_misses, get_expired, get_flushed, delete_*, incr_*,
     * decr_*, cas_*, touch_*, cmd_get, cmd_set, cmd_touch, cmd_flush, limit_maxbytes, slab_reassign_*,
     * slabs_moved, hash_power_level, hash_bytes, crawler figures.
     *
     * @param sink takes each statistic.
     * @throws IllegalStateException when the store is closed.
     */
    public void stats(final StatSink sink)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            report.general(sink);
        }
        finally
        {
            lock.resume();
        }
    }

    /**
     * "stats slabs": per class "N:chunk_size" and the rest, then active_slabs and total_malloced.
     *
     * @param sink takes each statistic.
     * @throws IllegalStateException when the store is closed.
     */
    public void statsSlabs(final StatSink sink)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            report.slabs(sink);
        }
        finally
        {
            lock.resume();
        }
    }

    /**
     * "stats items": per class "items:N:number", age, evicted, outofmemory, reclaimed and the rest.
     *
     * @param sink takes each statistic.
     * @throws IllegalStateException when the store is closed.
     */
    public void statsItems(final StatSink sink)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            report.items(sink, clock.getAsLong());
        }
        finally
        {
            lock.resume();
        }
    }

    /**
     * The store's part of "stats settings": maxbytes, growth_factor, chunk_size, item_size_max, evictions, ...
     *
     * @param sink takes each statistic.
     */
    public void statsSettings(final StatSink sink)
    {
        lock.pause();
        try
        {
            report.settings(sink);
        }
        finally
        {
            lock.resume();
        }
    }

    /**
     * "stats reset": sets the store's counters back to zero and forgets the per-prefix counts, as memcached's
     * stats_reset; gauges (curr_items, bytes, pages) stay.
     *
     * @throws IllegalStateException when the store is closed.
     */
    public void resetStats()
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            stats.reset();
        }
        finally
        {
            lock.resume();
        }
        prefixStats.clear();
    }

    /**
     * Counts a value a protocol refused for being over {@link ItemStore#maxValueLength} before reading it, in
     * store_too_large as memcached counts it.
     */
    public void refusedTooLarge()
    {
        // Counted under an item lock, which the pause takes, so that a stats reset loses no count.
        lock.lockItem(0);
        try
        {
            stats.local().storeTooLarge++;
        }
        finally
        {
            lock.unlockItem(0);
        }
    }

    /**
     * The settings admin commands change at run time.
     *
     * @return the store's tuning, read by its background work.
     */
    public StoreTuning tuning()
    {
        return tuning;
    }

    /**
     * The per-prefix counts of "stats detail".
     *
     * @return the counts, which keep their own lock.
     */
    public PrefixStats prefixStats()
    {
        return prefixStats;
    }

    /**
     * The connections streaming log lines ("watch").
     *
     * @return the watchers, which keep their own lock.
     */
    public Watchers watchers()
    {
        return watchers;
    }

    /**
     * Runs one of the item-reading introspection replies (see {@link ItemDumps}) with the store paused.
     *
     * @param action what to read, given the dumps and the time now.
     * @throws IllegalStateException when the store is closed.
     */
    public void dump(final ObjLongConsumer<ItemDumps> action)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            action.accept(dumps, clock.getAsLong());
        }
        finally
        {
            lock.resume();
        }
    }

    /**
     * "slabs reassign": moves a page from one class to another now, rescuing the valid items it holds into free
     * slots of their class and evicting those that find none (see {@link SlabMover#reassign}).
     *
     * @param sourceId      the class giving the page.
     * @param destinationId the class taking it.
     * @return what was done.
     * @throws IllegalStateException when the store is closed.
     */
    public ReassignResult reassign(final int sourceId, final int destinationId)
    {
        lock.pause();
        try
        {
            lock.ensureOpen();
            return mover.reassign(sourceId, destinationId, clock.getAsLong());
        }
        finally
        {
            lock.resume();
        }
    }
}

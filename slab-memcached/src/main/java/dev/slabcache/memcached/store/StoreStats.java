/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * The store's counters, named after memcached's statistics: store-wide ones, and per size class the ones memcached
 * keeps per slab class ("stats slabs") and per LRU ("stats items"). Plain fields: each thread counts in its own
 * (see {@link ThreadStats}) under the item or LRU lock it holds, so that a paused store reads them all exactly.
 */
final class StoreStats
{
    // Store-wide.
    long totalItems;
    long cmdGet;
    long cmdSet;
    long cmdTouch;
    long cmdFlush;
    long getMisses;
    long getExpired;
    long getFlushed;
    long deleteMisses;
    long incrMisses;
    long decrMisses;
    long casMisses;
    long touchMisses;
    long storeTooLarge;
    long storeNoMemory;
    long slabsMoved;
    long slabReassignEvictionsNomem;
    long slabReassignRescues;
    long crawlerStarts;
    long moverRuns;
    long lruMaintainerJuggles;

    // Per class, as "stats slabs" shows them.
    final long[] getHits;
    final long[] setCmds;
    final long[] deleteHits;
    final long[] incrHits;
    final long[] decrHits;
    final long[] casHits;
    final long[] casBadval;
    final long[] touchHits;

    // Per class, as "stats items" shows them.
    final long[] evicted;
    final long[] evictedNonzero;
    final long[] evictedTime;
    // When the evicted_time figure was taken, so that the sum over threads keeps the latest.
    final long[] evictedAt;
    final long[] evictedUnfetched;
    final long[] outOfMemory;
    final long[] reclaimed;
    final long[] expiredUnfetched;
    final long[] crawlerReclaimed;
    final long[] crawlerItemsChecked;
    final long[] movedOut;
    final long[] evictedActive;
    final long[] movesToCold;
    final long[] movesToWarm;
    final long[] movesWithinLru;
    final long[] directReclaims;

    // Per LRU list (see ItemLru#list): memcached's hits_to_hot, _warm, _cold and _temp.
    final long[] lruHits;

    StoreStats(final int classes)
    {
        getHits = new long[classes];
        setCmds = new long[classes];
        deleteHits = new long[classes];
        incrHits = new long[classes];
        decrHits = new long[classes];
        casHits = new long[classes];
        casBadval = new long[classes];
        touchHits = new long[classes];
        evicted = new long[classes];
        evictedNonzero = new long[classes];
        evictedTime = new long[classes];
        evictedAt = new long[classes];
        evictedUnfetched = new long[classes];
        outOfMemory = new long[classes];
        reclaimed = new long[classes];
        expiredUnfetched = new long[classes];
        crawlerReclaimed = new long[classes];
        crawlerItemsChecked = new long[classes];
        movedOut = new long[classes];
        evictedActive = new long[classes];
        movesToCold = new long[classes];
        movesToWarm = new long[classes];
        movesWithinLru = new long[classes];
        directReclaims = new long[classes];
        lruHits = new long[classes * ItemLru.SEGMENTS];
    }

    /**
     * Sets every counter back to zero, as memcached's stats_reset does with its stats, thread stats and item stats.
     */
    void reset()
    {
        totalItems = 0;
        cmdGet = 0;
        cmdSet = 0;
        cmdTouch = 0;
        cmdFlush = 0;
        getMisses = 0;
        getExpired = 0;
        getFlushed = 0;
        deleteMisses = 0;
        incrMisses = 0;
        decrMisses = 0;
        casMisses = 0;
        touchMisses = 0;
        storeTooLarge = 0;
        storeNoMemory = 0;
        slabsMoved = 0;
        slabReassignEvictionsNomem = 0;
        slabReassignRescues = 0;
        crawlerStarts = 0;
        moverRuns = 0;
        lruMaintainerJuggles = 0;
        for (final long[] perClass : perClass())
        {
            java.util.Arrays.fill(perClass, 0);
        }
        java.util.Arrays.fill(evictedTime, 0);
        java.util.Arrays.fill(evictedAt, 0);
    }

    /**
     * Adds another thread's counters to these; of the evicted_time figures, keeps the later eviction's.
     *
     * @param other the counters to add.
     */
    void add(final StoreStats other)
    {
        totalItems += other.totalItems;
        cmdGet += other.cmdGet;
        cmdSet += other.cmdSet;
        cmdTouch += other.cmdTouch;
        cmdFlush += other.cmdFlush;
        getMisses += other.getMisses;
        getExpired += other.getExpired;
        getFlushed += other.getFlushed;
        deleteMisses += other.deleteMisses;
        incrMisses += other.incrMisses;
        decrMisses += other.decrMisses;
        casMisses += other.casMisses;
        touchMisses += other.touchMisses;
        storeTooLarge += other.storeTooLarge;
        storeNoMemory += other.storeNoMemory;
        slabsMoved += other.slabsMoved;
        slabReassignEvictionsNomem += other.slabReassignEvictionsNomem;
        slabReassignRescues += other.slabReassignRescues;
        crawlerStarts += other.crawlerStarts;
        moverRuns += other.moverRuns;
        lruMaintainerJuggles += other.lruMaintainerJuggles;
        final long[][] mine = perClass();
        final long[][] theirs = other.perClass();
        for (int i = 0; i < mine.length; i++)
        {
            for (int j = 0; j < mine[i].length; j++)
            {
                mine[i][j] += theirs[i][j];
            }
        }
        for (int c = 0; c < evictedAt.length; c++)
        {
            if (0 != other.evicted[c] && other.evictedAt[c] >= evictedAt[c])
            {
                evictedAt[c] = other.evictedAt[c];
                evictedTime[c] = other.evictedTime[c];
            }
        }
    }

    private long[][] perClass()
    {
        return new long[][]{getHits, setCmds, deleteHits, incrHits, decrHits, casHits, casBadval, touchHits, evicted,
            evictedNonzero, evictedUnfetched, outOfMemory, reclaimed, expiredUnfetched, crawlerReclaimed,
            crawlerItemsChecked, movedOut, evictedActive, movesToCold, movesToWarm, movesWithinLru, directReclaims,
            lruHits};
    }

    static long sum(final long[] perClass)
    {
        long sum = 0;
        for (final long value : perClass)
        {
            sum += value;
        }
        return sum;
    }

    long getHits()
    {
        return sum(getHits);
    }

    /**
     * Writes the store-wide figures of "stats" that are counters (the caller adds the gauges); the LRU
     * maintainer's only with {@code maintainer}, as memcached.
     */
    void writeCounters(final StatSink sink, final boolean maintainer)
    {
        sink.stat("cmd_get", Long.toString(cmdGet));
        sink.stat("cmd_set", Long.toString(cmdSet));
        sink.stat("cmd_flush", Long.toString(cmdFlush));
        sink.stat("cmd_touch", Long.toString(cmdTouch));
        sink.stat("get_hits", Long.toString(getHits()));
        sink.stat("get_misses", Long.toString(getMisses));
        sink.stat("get_expired", Long.toString(getExpired));
        sink.stat("get_flushed", Long.toString(getFlushed));
        sink.stat("delete_misses", Long.toString(deleteMisses));
        sink.stat("delete_hits", Long.toString(sum(deleteHits)));
        sink.stat("incr_misses", Long.toString(incrMisses));
        sink.stat("incr_hits", Long.toString(sum(incrHits)));
        sink.stat("decr_misses", Long.toString(decrMisses));
        sink.stat("decr_hits", Long.toString(sum(decrHits)));
        sink.stat("cas_misses", Long.toString(casMisses));
        sink.stat("cas_hits", Long.toString(sum(casHits)));
        sink.stat("cas_badval", Long.toString(sum(casBadval)));
        sink.stat("touch_hits", Long.toString(sum(touchHits)));
        sink.stat("touch_misses", Long.toString(touchMisses));
        sink.stat("store_too_large", Long.toString(storeTooLarge));
        sink.stat("store_no_memory", Long.toString(storeNoMemory));
        sink.stat("total_items", Long.toString(totalItems));
        sink.stat("expired_unfetched", Long.toString(sum(expiredUnfetched)));
        sink.stat("evicted_unfetched", Long.toString(sum(evictedUnfetched)));
        if (maintainer)
        {
            sink.stat("evicted_active", Long.toString(sum(evictedActive)));
        }
        sink.stat("evictions", Long.toString(sum(evicted)));
        sink.stat("reclaimed", Long.toString(sum(reclaimed)));
        sink.stat("crawler_reclaimed", Long.toString(sum(crawlerReclaimed)));
        sink.stat("crawler_items_checked", Long.toString(sum(crawlerItemsChecked)));
        sink.stat("lrutail_reflocked", "0");
        if (maintainer)
        {
            sink.stat("moves_to_cold", Long.toString(sum(movesToCold)));
            sink.stat("moves_to_warm", Long.toString(sum(movesToWarm)));
            sink.stat("moves_within_lru", Long.toString(sum(movesWithinLru)));
            sink.stat("direct_reclaims", Long.toString(sum(directReclaims)));
            // Moves to the warm list are made inline, never queued, so none is dropped.
            sink.stat("lru_bumps_dropped", "0");
        }
        sink.stat("lru_crawler_starts", Long.toString(crawlerStarts));
        if (maintainer)
        {
            sink.stat("lru_maintainer_juggles", Long.toString(lruMaintainerJuggles));
        }
        sink.stat("malloc_fails", "0");
        // A page's items are evicted, never rescued into free slots (see SlabMover), and a move is one step.
        sink.stat("slab_reassign_rescues", Long.toString(slabReassignRescues));
        sink.stat("slab_reassign_chunk_rescues", "0");
        sink.stat("slab_reassign_evictions_nomem", Long.toString(slabReassignEvictionsNomem));
        sink.stat("slab_reassign_inline_reclaim", "0");
        sink.stat("slab_reassign_busy_items", "0");
        sink.stat("slab_reassign_busy_deletes", "0");
        sink.stat("slab_reassign_running", "0");
        sink.stat("slabs_moved", Long.toString(slabsMoved));
    }

    /**
     * Writes a class's counters of "stats slabs", prefixed "N:".
     */
    void writeSlabCounters(final int sizeClass, final String prefix, final StatSink sink)
    {
        sink.stat(prefix + "get_hits", Long.toString(getHits[sizeClass]));
        sink.stat(prefix + "cmd_set", Long.toString(setCmds[sizeClass]));
        sink.stat(prefix + "delete_hits", Long.toString(deleteHits[sizeClass]));
        sink.stat(prefix + "incr_hits", Long.toString(incrHits[sizeClass]));
        sink.stat(prefix + "decr_hits", Long.toString(decrHits[sizeClass]));
        sink.stat(prefix + "cas_hits", Long.toString(casHits[sizeClass]));
        sink.stat(prefix + "cas_badval", Long.toString(casBadval[sizeClass]));
        sink.stat(prefix + "touch_hits", Long.toString(touchHits[sizeClass]));
    }

    /**
     * Writes a class's counters of "stats items", prefixed "items:N:"; the LRU maintainer's only with
     * {@code maintainer}, as memcached.
     */
    void writeItemCounters(final int sizeClass, final String prefix, final StatSink sink, final boolean maintainer)
    {
        sink.stat(prefix + "evicted", Long.toString(evicted[sizeClass]));
        sink.stat(prefix + "evicted_nonzero", Long.toString(evictedNonzero[sizeClass]));
        sink.stat(prefix + "evicted_time", Long.toString(evictedTime[sizeClass]));
        sink.stat(prefix + "outofmemory", Long.toString(outOfMemory[sizeClass]));
        sink.stat(prefix + "tailrepairs", "0");
        sink.stat(prefix + "reclaimed", Long.toString(reclaimed[sizeClass]));
        sink.stat(prefix + "expired_unfetched", Long.toString(expiredUnfetched[sizeClass]));
        sink.stat(prefix + "evicted_unfetched", Long.toString(evictedUnfetched[sizeClass]));
        if (maintainer)
        {
            sink.stat(prefix + "evicted_active", Long.toString(evictedActive[sizeClass]));
        }
        sink.stat(prefix + "crawler_reclaimed", Long.toString(crawlerReclaimed[sizeClass]));
        sink.stat(prefix + "crawler_items_checked", Long.toString(crawlerItemsChecked[sizeClass]));
        sink.stat(prefix + "lrutail_reflocked", "0");
        if (!maintainer)
        {
            return;
        }
        sink.stat(prefix + "moves_to_cold", Long.toString(movesToCold[sizeClass]));
        sink.stat(prefix + "moves_to_warm", Long.toString(movesToWarm[sizeClass]));
        sink.stat(prefix + "moves_within_lru", Long.toString(movesWithinLru[sizeClass]));
        sink.stat(prefix + "direct_reclaims", Long.toString(directReclaims[sizeClass]));
        final int first = ItemLru.list(sizeClass, ItemLru.HOT);
        sink.stat(prefix + "hits_to_hot", Long.toString(lruHits[first + ItemLru.HOT]));
        sink.stat(prefix + "hits_to_warm", Long.toString(lruHits[first + ItemLru.WARM]));
        sink.stat(prefix + "hits_to_cold", Long.toString(lruHits[first + ItemLru.COLD]));
        sink.stat(prefix + "hits_to_temp", Long.toString(lruHits[first + ItemLru.TEMP]));
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

/**
 * The store's settings that admin commands change at run time, as memcached's: whether the LRU crawler runs
 * ("lru_crawler enable|disable") and its sleep and tocrawl, the page mover's level and ratio ("slabs automove 0|1|2",
 * "slabs automove ratio R"; level 2 runs the same policy as 1) and the LRU's mode, hot and warm shares and factors
 * and temporary LRU ("lru mode", "lru tune", "lru temp_ttl"), which start from the store's {@link LruSettings}. Read
 * by the store's work and "stats settings"; written by any connection, so each is volatile.
 * <p>
 * sleep and tocrawl are reported; the crawler paces itself in batches (see {@link Crawler}) rather than by them.
 */
final class StoreTuning
{
    /** memcached's default lru_crawler_sleep, microseconds between items. */
    static final int DEFAULT_CRAWLER_SLEEP = 100;
    /** memcached's largest lru_crawler_sleep: a second. */
    static final int MAX_CRAWLER_SLEEP = 1_000_000;

    /** Whether the LRU maintainer runs (-o lru_maintainer); without it the LRU is flat and stays so. */
    final boolean lruMaintainer;
    volatile boolean crawlerEnabled = true;
    volatile long crawlerSleep = DEFAULT_CRAWLER_SLEEP;
    volatile long crawlerToCrawl;
    volatile int automove = 1;
    volatile double automoveRatio = SlabMover.MAX_AGE_RATIO;
    volatile boolean lruSegmented;
    volatile long hotLruPct;
    volatile long warmLruPct;
    volatile double hotMaxFactor;
    volatile double warmMaxFactor;
    volatile boolean tempLru;
    volatile long temporaryTtl;

    StoreTuning(final LruSettings lru)
    {
        lruMaintainer = lru.maintainer();
        lruSegmented = lru.maintainer();
        hotLruPct = lru.hotLruPct();
        warmLruPct = lru.warmLruPct();
        hotMaxFactor = lru.hotMaxFactor();
        warmMaxFactor = lru.warmMaxFactor();
        tempLru = lru.tempLru();
        temporaryTtl = lru.temporaryTtl();
    }
}

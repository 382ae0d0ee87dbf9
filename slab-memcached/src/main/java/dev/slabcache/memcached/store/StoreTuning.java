/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * The store's settings that admin commands change at run time, as memcached's: whether the LRU crawler runs
 * ("lru_crawler enable|disable") and its sleep and tocrawl, the page mover's level and ratio ("slabs automove 0|1|2",
 * "slabs automove ratio R"; level 2 runs the same policy as 1) and the LRU's mode, hot and warm shares and factors
 * and temporary LRU ("lru mode", "lru tune", "lru temp_ttl"), which start from the store's {@link LruSettings}. Read
 * by the store's work and "stats settings"; written by any connection, so each is volatile.
 * <p>
 * sleep and tocrawl are reported; the crawler paces itself in batches (see {@link Crawler}) rather than by them.
 * <p>
 * Public for the protocol's admin commands, which write the fields.
 */
public final class StoreTuning
{
    /** memcached's default lru_crawler_sleep, microseconds between items. */
    static final int DEFAULT_CRAWLER_SLEEP = 100;
    /** memcached's largest lru_crawler_sleep: a second. */
    public static final int MAX_CRAWLER_SLEEP = 1_000_000;

    /** Whether the LRU maintainer runs (-o lru_maintainer); without it the LRU is flat and stays so. */
    public final boolean lruMaintainer;
    /** Whether the LRU crawler runs ("lru_crawler enable|disable"). */
    public volatile boolean crawlerEnabled = true;
    /** "lru_crawler sleep": microseconds between items, reported only. */
    public volatile long crawlerSleep = DEFAULT_CRAWLER_SLEEP;
    /** "lru_crawler tocrawl": items per class a run checks, reported only; 0 for all. */
    public volatile long crawlerToCrawl;
    /** "slabs automove": the page mover's level, 0, 1 or 2. */
    public volatile int automove = 1;
    /** "slabs automove ratio": the age ratio the page mover compares classes by. */
    public volatile double automoveRatio = SlabMover.MAX_AGE_RATIO;
    /** "lru mode": whether the LRU is segmented rather than flat. */
    public volatile boolean lruSegmented;
    /** "lru tune": the hot list's share of a class, in percent. */
    public volatile long hotLruPct;
    /** "lru tune": the warm list's share of a class, in percent. */
    public volatile long warmLruPct;
    /** "lru tune": items idle longer than this times the cold tail's age leave the hot list. */
    public volatile double hotMaxFactor;
    /** "lru tune": items idle longer than this times the cold tail's age leave the warm list. */
    public volatile double warmMaxFactor;
    /** Whether items of a short time to live go on the temporary list ("lru temp_ttl"). */
    public volatile boolean tempLru;
    /** "lru temp_ttl": the longest time to live, in seconds, of an item for the temporary list. */
    public volatile long temporaryTtl;

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

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

/**
 * The store's settings that admin commands change at run time, as memcached's: whether the LRU crawler runs
 * ("lru_crawler enable|disable") and its sleep and tocrawl, the page mover's level and ratio ("slabs automove 0|1|2", "slabs automove ratio R"; level 2 runs the same
 * policy as 1) and
 * the hot and warm LRU tuning ("lru tune"). Read by the background work and "stats settings"; written by any
 * connection, so each is volatile.
 * <p>
 * The LRU is flat (memcached's "lru mode flat"), so the hot and warm figures are kept and reported as memcached
 * keeps them in that mode, and change nothing. sleep and tocrawl are reported; the crawler paces itself in
 * batches (see {@link Crawler}) rather than by them.
 */
final class StoreTuning
{
    /** memcached's default lru_crawler_sleep, microseconds between items. */
    static final int DEFAULT_CRAWLER_SLEEP = 100;
    /** memcached's largest lru_crawler_sleep: a second. */
    static final int MAX_CRAWLER_SLEEP = 1_000_000;

    volatile boolean crawlerEnabled = true;
    volatile long crawlerSleep = DEFAULT_CRAWLER_SLEEP;
    volatile long crawlerToCrawl;
    volatile int automove = 1;
    volatile double automoveRatio = SlabMover.MAX_AGE_RATIO;
    volatile long hotLruPct = 20;
    volatile long warmLruPct = 40;
    volatile double hotMaxFactor = 0.2;
    volatile double warmMaxFactor = 2.0;
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.function.LongSupplier;

/**
 * The store's background work, one round of it a second: bounded steps of the index's growth (each bucket under its
 * item lock, tried), the LRU maintainer's run and a bounded crawl of every LRU list (each class under its LRU lock,
 * trying each item's lock), so that a request never waits behind more than one class's batch; then one decision of
 * the page mover, and only when it moves a page, the store paused for the move.
 */
final class StoreMaintenance
{
    /** How often a round runs. */
    static final long PERIOD_MILLIS = 1000;

    private final StoreLock lock;
    private final LongSupplier clock;
    private final ItemTable table;
    private final LruMaintainer maintainer;
    private final Crawler crawler;
    private final SlabMover mover;
    private final StoreTuning tuning;

    StoreMaintenance(
        final StoreLock lock, final LongSupplier clock, final ItemTable table, final LruMaintainer maintainer,
        final Crawler crawler, final SlabMover mover, final StoreTuning tuning)
    {
        this.lock = lock;
        this.clock = clock;
        this.table = table;
        this.maintainer = maintainer;
        this.crawler = crawler;
        this.mover = mover;
        this.tuning = tuning;
    }

    void round()
    {
        boolean expanding = true;
        for (int batch = 0; expanding && batch < ItemIndex.BATCHES_PER_ROUND; batch++)
        {
            expanding = !lock.isClosed() && table.index.expandSteps(ItemIndex.BUCKETS_PER_BATCH);
        }
        maintainer.juggleAll();
        for (int batch = 0; tuning.crawlerEnabled && batch < Crawler.BATCHES_PER_TICK; batch++)
        {
            if (!crawler.crawlBatch(clock.getAsLong()))
            {
                break;
            }
        }
        final long plan = 0 != tuning.automove ? mover.plan(clock.getAsLong()) : SlabMover.NO_MOVE;
        if (SlabMover.NO_MOVE != plan)
        {
            lock.pause();
            try
            {
                if (!lock.isClosed())
                {
                    mover.move(plan, clock.getAsLong());
                }
            }
            finally
            {
                lock.resume();
            }
        }
    }
}

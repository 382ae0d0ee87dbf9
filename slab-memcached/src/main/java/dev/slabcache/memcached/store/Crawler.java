/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The LRU crawler: walks each LRU list of each class (hot, warm, cold and temporary) from tail to head, a small
 * batch at a time, and frees the items that have expired or been flushed, as memcached's lru_crawler does. Each
 * list's place is its {@link ItemLru} cursor, which steps on when the item under it leaves the list; a pass over a
 * list ends at its head and the next batch starts a new pass from its tail. Each list is crawled under its class's
 * LRU lock, trying the lock of each item it looks at and passing over a busy one, as memcached's crawler does; one
 * thread crawls at a time.
 */
final class Crawler
{
    /** Items one batch looks at, over all classes. */
    static final int BATCH_ITEMS = 500;
    /** Batches in one round of background work, so at most 10,000 items a second. */
    static final int BATCHES_PER_TICK = 20;

    private final ItemTable table;
    private final StoreMemory memory;
    /** Aimed at the item the crawl looks at: the crawler's own, as one thread crawls at a time. */
    private final Item item = new Item();
    private final ExpiryRules rules;
    private final ThreadStats stats;
    private final boolean[] passing;
    private int nextList;

    Crawler(final ItemTable table, final ExpiryRules rules, final ThreadStats stats)
    {
        this.table = table;
        this.memory = table.memory;
        this.rules = rules;
        this.stats = stats;
        this.passing = new boolean[table.lru.lists()];
    }

    /**
     * Looks at up to {@link #BATCH_ITEMS} items, list after list.
     *
     * @return whether there may be more to do this round: false once every list has finished a pass.
     */
    boolean crawlBatch(final long now)
    {
        final ItemLru lru = table.lru;
        int budget = BATCH_ITEMS;
        int listsLooked = 0;
        while (budget > 0 && listsLooked < passing.length)
        {
            final int list = nextList;
            final ReentrantLock classLock = lru.lock(list / ItemLru.SEGMENTS);
            classLock.lock();
            try
            {
                if (table.lock.isClosed())
                {
                    return false;
                }
                if (!passing[list])
                {
                    if (0 == lru.tail(list))
                    {
                        nextList = (nextList + 1) % passing.length;
                        listsLooked++;
                        continue;
                    }
                    passing[list] = true;
                    stats.local().crawlerStarts++;
                    lru.cursor(list, lru.tail(list));
                }
                budget = crawlList(list, budget, now);
            }
            finally
            {
                classLock.unlock();
            }
            if (!passing[list])
            {
                nextList = (nextList + 1) % passing.length;
                listsLooked++;
            }
        }
        return budget == 0;
    }

    private int crawlList(final int list, final int budget, final long now)
    {
        final ItemLru lru = table.lru;
        final int sizeClass = list / ItemLru.SEGMENTS;
        int left = budget;
        while (left > 0)
        {
            final long handle = lru.cursor(list);
            if (0 == handle)
            {
                passing[list] = false;
                break;
            }
            left--;
            lru.cursor(list, item.wrap(memory, handle).lruPrev());
            final StoreStats counts = stats.local();
            counts.crawlerItemsChecked[sizeClass]++;
            final int hash = item.keyHash();
            if (!table.lock.tryLockItem(hash))
            {
                continue;
            }
            try
            {
                if (rules.isDead(item, now))
                {
                    counts.crawlerReclaimed[sizeClass]++;
                    if (!item.hasStatus(ItemLayout.FETCHED))
                    {
                        counts.expiredUnfetched[sizeClass]++;
                    }
                    table.remove(item);
                }
            }
            finally
            {
                table.lock.unlockItem(hash);
            }
        }
        return left;
    }
}

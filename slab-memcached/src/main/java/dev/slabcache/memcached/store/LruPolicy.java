/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * memcached 1.6's segmented LRU rules over the {@link ItemLru} lists (see memcached's doc/new_lru.txt):
 * <ul>
 *     <li>a new item goes on its class's hot list, or on the temporary one when temp_lru is on and it expires within
 *     temporary_ttl (a flat LRU puts it on the cold list): {@link ItemTable#newSegment};</li>
 *     <li>a read marks an item FETCHED, a second read ACTIVE; an item that becomes ACTIVE on the cold list moves to
 *     the warm list at once (memcached queues that move for its maintainer; here it is made inline, under the
 *     class's LRU lock), elsewhere it only has its time set;</li>
 *     <li>{@link #pullTail}, as memcached's lru_pull_tail: up to {@link #TAIL_SEARCH} items at a list's tail are
 *     looked at, the dead ones reclaimed; of the first live one, on the hot or warm list an ACTIVE item is rescued
 *     (hot to warm, warm to its own head) and an item over the list's share of the class's bytes or idle longer
 *     than the given age goes to the cold list; on the cold list an eviction takes it, or else an ACTIVE one goes
 *     to the warm list;</li>
 *     <li>{@link #juggle}, as memcached's lru_maintainer_juggle: reclaims from the temporary list, then pulls the
 *     hot, warm and cold tails until nothing moves, with age limits of hot_max_factor and warm_max_factor times the
 *     cold tail's age; a flat LRU drains its hot and warm lists into the cold one.</li>
 * </ul>
 * {@link #bump} and {@link #update} are called holding the item's lock and take its class's LRU lock to move it;
 * {@link #juggle} takes the LRU lock itself and {@link #pullTail} is called holding it: both only try the lock of
 * each item they look at, skipping a busy one as memcached does (see {@link StoreLock}).
 */
final class LruPolicy
{
    /** Items from a list's tail looked at by one pull (memcached's search depth). */
    static final int TAIL_SEARCH = 5;
    /** Rounds of one juggle of a class by the maintainer (memcached's bound). */
    static final int MAINTAINER_ROUNDS = 500;

    private final ItemTable table;
    private final ItemLru lru;
    private final StoreMemory memory;
    /** Each thread's flyweight, aimed at the items a pull looks at. */
    private final ThreadLocal<Item> tails = ThreadLocal.withInitial(Item::new);
    private final ExpiryRules rules;
    private final ThreadStats stats;
    private final StoreTuning tuning;
    private final boolean evictions;
    private final Watchers watchers;

    LruPolicy(
        final ItemTable table, final ExpiryRules rules, final ThreadStats stats, final StoreTuning tuning,
        final boolean evictions, final Watchers watchers)
    {
        this.table = table;
        this.lru = table.lru;
        this.memory = table.memory;
        this.rules = rules;
        this.stats = stats;
        this.tuning = tuning;
        this.evictions = evictions;
        this.watchers = watchers;
    }

    /**
     * A read of a live item, as memcached's do_item_bump: FETCHED on the first read, ACTIVE on the next (a cold
     * item then moves to the warm list); a flat LRU marks it FETCHED and moves it as {@link #update} does.
     */
    void bump(final Item item, final long now)
    {
        if (!tuning.lruSegmented)
        {
            item.addStatus(ItemLayout.FETCHED);
            update(item, now);
            return;
        }
        final int status = item.status();
        if (0 != (status & ItemLayout.ACTIVE))
        {
            return;
        }
        if (0 == (status & ItemLayout.FETCHED))
        {
            item.status(status | ItemLayout.FETCHED);
        }
        else if (ItemLru.COLD != item.segment() || !toWarm(item, now))
        {
            item.status(status | ItemLayout.ACTIVE);
            item.time(now);
        }
    }

    /**
     * A write that keeps the item (a failed add, an arithmetic in place), as memcached's do_item_update: an ACTIVE
     * cold item moves to the warm list, any other has its time set; a flat LRU moves the item to its list's head and
     * sets its time at most once per {@link ItemStore#UPDATE_INTERVAL_SECONDS}.
     */
    void update(final Item item, final long now)
    {
        if (tuning.lruSegmented)
        {
            if (ItemLru.COLD != item.segment() || !item.hasStatus(ItemLayout.ACTIVE) || !toWarm(item, now))
            {
                item.time(now);
            }
        }
        else if (now - item.time() >= ItemStore.UPDATE_INTERVAL_SECONDS)
        {
            item.time(now);
            final ReentrantLock classLock = lru.lock(item.sizeClass());
            classLock.lock();
            try
            {
                lru.moveToHead(item.segment(), item);
            }
            finally
            {
                classLock.unlock();
            }
        }
    }

    /**
     * Moves a cold item to the warm list, unless a metadump holds the moves (asked under the LRU lock, which the
     * metadump's start holds too).
     *
     * @return whether it moved.
     */
    private boolean toWarm(final Item item, final long now)
    {
        final int sizeClass = item.sizeClass();
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            if (lru.movesHeld())
            {
                return false;
            }
            item.time(now);
            item.clearStatus(ItemLayout.ACTIVE);
            stats.local().movesToWarm[sizeClass]++;
            lru.moveToHead(ItemLru.WARM, item);
            return true;
        }
        finally
        {
            classLock.unlock();
        }
    }

    /**
     * Keeps the class's hot and warm lists within their shares, as memcached's lru_maintainer_juggle, for up to
     * {@code rounds} rounds of pulls; nothing while a metadump holds the moves ({@link ItemLru#holdMoves}).
     *
     * @param pinned an item that must stay linked (one a caller is replacing), or 0.
     * @return rounds in which something moved or was reclaimed.
     */
    int juggle(final int sizeClass, final int rounds, final long pinned, final long now)
    {
        final ReentrantLock classLock = lru.lock(sizeClass);
        classLock.lock();
        try
        {
            return lru.movesHeld() ? 0 : juggleLocked(sizeClass, rounds, pinned, now);
        }
        finally
        {
            classLock.unlock();
        }
    }

    private int juggleLocked(final int sizeClass, final int rounds, final long pinned, final long now)
    {
        int did = 0;
        if (tuning.tempLru)
        {
            while (did < rounds && pullTail(sizeClass, ItemLru.TEMP, 0, false, 0, pinned, now) > 0)
            {
                did++;
            }
        }
        final boolean segmented = tuning.lruSegmented;
        long coldAge = 0;
        long totalBytes = 0;
        if (segmented)
        {
            coldAge = lru.idleSeconds(lru.tail(ItemLru.list(sizeClass, ItemLru.COLD)), now);
            totalBytes = lru.bytes(ItemLru.list(sizeClass, ItemLru.HOT)) +
                lru.bytes(ItemLru.list(sizeClass, ItemLru.WARM)) + lru.bytes(ItemLru.list(sizeClass, ItemLru.COLD));
        }
        final long hotAge = (long)(coldAge * tuning.hotMaxFactor);
        final long warmAge = (long)(coldAge * tuning.warmMaxFactor);
        for (int i = 0; i < rounds; i++)
        {
            int more = pullTail(sizeClass, ItemLru.HOT, totalBytes, false, hotAge, pinned, now) > 0 ||
                pullTail(sizeClass, ItemLru.WARM, totalBytes, false, warmAge, pinned, now) > 0 ? 1 : 0;
            if (segmented)
            {
                more += pullTail(sizeClass, ItemLru.COLD, totalBytes, false, 0, pinned, now);
            }
            if (0 == more)
            {
                break;
            }
            did++;
        }
        return did;
    }

    /**
     * Works the tail of one of the class's lists, as memcached's lru_pull_tail (see the class's rules); call holding
     * the class's LRU lock.
     *
     * @param totalBytes the class's hot, warm and cold bytes, against which the hot and warm shares are measured.
     * @param evict      on the cold list: evict the first live item (when evictions are on).
     * @param maxAge     on the hot and warm lists: an item idle longer than this many seconds goes to the cold list.
     * @param pinned     an item that must stay linked, skipped as memcached skips an item it cannot lock; or 0.
     * @return items reclaimed, evicted or moved.
     */
    int pullTail(
        final int sizeClass, final int segment, final long totalBytes, final boolean evict, final long maxAge,
        final long pinned, final long now)
    {
        final int list = ItemLru.list(sizeClass, segment);
        int removed = 0;
        final Item item = tails.get();
        long handle = lru.tail(list);
        for (int tries = TAIL_SEARCH; tries > 0 && 0 != handle; tries--)
        {
            item.wrap(memory, handle);
            final long newer = item.lruPrev();
            final int hash = item.keyHash();
            if (handle == pinned || !table.lock.tryLockItem(hash))
            {
                handle = newer;
                continue;
            }
            final int pulled;
            try
            {
                pulled = pullItem(sizeClass, segment, totalBytes, evict, maxAge, item, now);
            }
            finally
            {
                table.lock.unlockItem(hash);
            }
            if (pulled < 0)
            {
                removed++;
                handle = newer;
                continue;
            }
            return removed + pulled;
        }
        return removed;
    }

    /**
     * Works one item at a list's tail, holding its lock and its class's LRU lock.
     *
     * @return -1 when the item was moved or reclaimed and the pull goes on to the next, else items moved or evicted
     * (0 or 1) and the pull ends.
     */
    private int pullItem(
        final int sizeClass, final int segment, final long totalBytes, final boolean evict, final long maxAge,
        final Item item, final long now)
    {
        final StoreStats counts = stats.local();
        if (rules.isDead(item, now))
        {
            counts.reclaimed[sizeClass]++;
            if (!item.hasStatus(ItemLayout.FETCHED))
            {
                counts.expiredUnfetched[sizeClass]++;
            }
            table.remove(item);
            return -1;
        }
        if (ItemLru.HOT == segment || ItemLru.WARM == segment)
        {
            if (item.hasStatus(ItemLayout.ACTIVE))
            {
                item.clearStatus(ItemLayout.ACTIVE);
                if (ItemLru.HOT == segment)
                {
                    counts.movesToWarm[sizeClass]++;
                    lru.moveToHead(ItemLru.WARM, item);
                    return 1;
                }
                counts.movesWithinLru[sizeClass]++;
                lru.moveToHead(ItemLru.WARM, item);
                return -1;
            }
            final int list = ItemLru.list(sizeClass, segment);
            if (lru.bytes(list) > limit(segment, totalBytes) || now - item.time() > maxAge)
            {
                counts.movesToCold[sizeClass]++;
                lru.moveToHead(ItemLru.COLD, item);
                return 1;
            }
            return 0;
        }
        if (ItemLru.COLD == segment)
        {
            if (evict)
            {
                if (evictions)
                {
                    evictItem(sizeClass, item, now);
                    return 1;
                }
            }
            else if (tuning.lruSegmented && item.hasStatus(ItemLayout.ACTIVE))
            {
                item.clearStatus(ItemLayout.ACTIVE);
                counts.movesToWarm[sizeClass]++;
                lru.moveToHead(ItemLru.WARM, item);
                return 1;
            }
        }
        return 0;
    }

    private long limit(final int segment, final long totalBytes)
    {
        // As memcached: a hot share that rounds to 0 bytes falls back to the warm share.
        final long hot = ItemLru.HOT == segment ? totalBytes * tuning.hotLruPct / 100 : 0;
        return 0 != hot ? hot : totalBytes * tuning.warmLruPct / 100;
    }

    private void evictItem(final int sizeClass, final Item item, final long now)
    {
        final StoreStats counts = stats.local();
        counts.evicted[sizeClass]++;
        watchers.eviction(item, now);
        if (0 != item.expiresAt())
        {
            counts.evictedNonzero[sizeClass]++;
        }
        counts.evictedTime[sizeClass] = now - item.time();
        counts.evictedAt[sizeClass] = now;
        if (!item.hasStatus(ItemLayout.FETCHED))
        {
            counts.evictedUnfetched[sizeClass]++;
        }
        if (item.hasStatus(ItemLayout.ACTIVE))
        {
            counts.evictedActive[sizeClass]++;
        }
        table.remove(item);
    }
}

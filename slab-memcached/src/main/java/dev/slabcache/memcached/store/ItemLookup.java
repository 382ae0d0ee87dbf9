/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds live items, reclaiming a dead one it meets, bumps items on access and hands out cas uniques: what every
 * command does first. Call holding the key's item lock ({@link StoreLock}); the cas uniques are one atomic counter,
 * as memcached's.
 */
final class ItemLookup
{
    final ItemTable table;
    final ExpiryRules rules;
    final ThreadStats stats;
    private final LruPolicy policy;
    private final AtomicLong lastCas = new AtomicLong();

    ItemLookup(final ItemTable table, final ExpiryRules rules, final ThreadStats stats, final LruPolicy policy)
    {
        this.policy = policy;
        this.table = table;
        this.rules = rules;
        this.stats = stats;
    }

    /**
     * Checks a key and hashes it, before its item lock is taken: the hash picks the lock, and {@link #findLive} and
     * a new item's header take it.
     *
     * @param key       holds the key in its first {@code keyLength} bytes.
     * @param keyLength bytes of the key, 1 to 250.
     * @return the low 32 bits of the key's {@link KeyHash#hash}.
     * @throws IllegalArgumentException when the key is not 1 to 250 bytes within {@code key}.
     */
    static int hash(final byte[] key, final int keyLength)
    {
        if (keyLength < 1 || keyLength > 250 || null == key || keyLength > key.length)
        {
            throw new IllegalArgumentException("keyLength=" + keyLength + " must be in [1, 250] and within the key");
        }
        return (int)KeyHash.hash(key, keyLength);
    }

    /**
     * Finds the live item under the key; an expired or flushed one found is unlinked and freed.
     *
     * @param hash   the key's {@link #hash}.
     * @param forGet whether a dead item found counts in get_expired or get_flushed.
     * @param item   aimed at the live item found; else at no item the caller may use.
     * @return whether a live item was found.
     */
    boolean findLive(
        final byte[] key, final int keyLength, final int hash, final long now, final boolean forGet, final Item item)
    {
        if (!table.index.find(key, keyLength, hash, item))
        {
            return false;
        }
        if (ExpiryRules.isExpired(item, now))
        {
            if (forGet)
            {
                stats.local().getExpired++;
            }
            table.remove(item);
            return false;
        }
        if (rules.isFlushed(item, now))
        {
            if (forGet)
            {
                stats.local().getFlushed++;
            }
            table.remove(item);
            return false;
        }
        return true;
    }

    /**
     * Records a read: {@link LruPolicy#bump}.
     */
    void bump(final Item item, final long now)
    {
        policy.bump(item, now);
    }

    /**
     * Records a write that keeps the item: {@link LruPolicy#update}.
     */
    void update(final Item item, final long now)
    {
        policy.update(item, now);
    }

    /**
     * @return a new cas unique; they only grow.
     */
    long newCas()
    {
        return lastCas.incrementAndGet();
    }

    /**
     * @return the cas unique {@link #newCas()} hands out next.
     */
    long nextCas()
    {
        return lastCas.get() + 1;
    }

    /**
     * @param nextCas the cas unique {@link #newCas()} hands out next, as a warm restart sets it past every kept one.
     */
    void casFrom(final long nextCas)
    {
        lastCas.set(nextCas - 1);
    }
}

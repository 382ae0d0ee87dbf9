/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Finds live items, reclaiming a dead one it meets, bumps items on access and hands out cas uniques: what every
 * command does first. Not thread-safe: the store's lock guards it.
 */
final class ItemLookup
{
    final ItemTable table;
    final SizeClassCache cache;
    final ExpiryRules rules;
    final StoreStats stats;
    private final LruPolicy policy;
    private long lastCas;
    private long hash;

    ItemLookup(final ItemTable table, final ExpiryRules rules, final StoreStats stats, final LruPolicy policy)
    {
        this.policy = policy;
        this.table = table;
        this.cache = table.cache;
        this.rules = rules;
        this.stats = stats;
    }

    /**
     * Finds the live item under the key; an expired or flushed one found is unlinked and freed. The key's hash is
     * kept in {@link #hash()} for a new item.
     *
     * @param forGet whether a dead item found counts in get_expired or get_flushed.
     * @return the item's handle, or 0.
     */
    long findLive(final byte[] key, final int keyLength, final long now, final boolean forGet)
    {
        if (keyLength < 1 || keyLength > 250 || null == key || keyLength > key.length)
        {
            throw new IllegalArgumentException("keyLength=" + keyLength + " must be in [1, 250] and within the key");
        }
        hash = KeyHash.hash(key, keyLength);
        final long handle = table.index.find(key, keyLength, (int)hash);
        if (0 == handle)
        {
            return 0;
        }
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        if (ExpiryRules.isExpired(buffer, offset, now))
        {
            if (forGet)
            {
                stats.getExpired++;
            }
            table.remove(handle, buffer, offset);
            return 0;
        }
        if (rules.isFlushed(buffer, offset, now))
        {
            if (forGet)
            {
                stats.getFlushed++;
            }
            table.remove(handle, buffer, offset);
            return 0;
        }
        return handle;
    }

    /**
     * @return the low 32 bits of the hash of the key {@link #findLive} looked up last.
     */
    int hash()
    {
        return (int)hash;
    }

    /**
     * Records a read: {@link LruPolicy#bump}.
     */
    void bump(final long handle, final AtomicBuffer buffer, final int offset, final long now)
    {
        policy.bump(handle, buffer, offset, now);
    }

    /**
     * Records a write that keeps the item: {@link LruPolicy#update}.
     */
    void update(final long handle, final AtomicBuffer buffer, final int offset, final long now)
    {
        policy.update(handle, buffer, offset, now);
    }

    /**
     * @return a new cas unique; they only grow.
     */
    long newCas()
    {
        return ++lastCas;
    }

    /**
     * @return the cas unique {@link #newCas()} hands out next.
     */
    long nextCas()
    {
        return lastCas + 1;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.util.concurrent.atomic.AtomicLong;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Finds live items, reclaiming a dead one it meets, bumps items on access and hands out cas uniques: what every
 * command does first. Call holding the key's item lock ({@link StoreLock}); the cas uniques are one atomic counter,
 * as memcached's.
 */
final class ItemLookup
{
    final ItemTable table;
    final SizeClassCache cache;
    final ExpiryRules rules;
    final ThreadStats stats;
    private final LruPolicy policy;
    private final AtomicLong lastCas = new AtomicLong();

    ItemLookup(final ItemTable table, final ExpiryRules rules, final ThreadStats stats, final LruPolicy policy)
    {
        this.policy = policy;
        this.table = table;
        this.cache = table.cache;
        this.rules = rules;
        this.stats = stats;
    }

    /**
     * Checks a key and hashes it, before its item lock is taken.
     *
     * @return the low 32 bits of the key's hash: what the index and the item locks use.
     * @throws IllegalArgumentException when the key is bad.
     */
    static int hashOf(final byte[] key, final int keyLength)
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
     * @param hash   the key's {@link #hashOf}.
     * @param forGet whether a dead item found counts in get_expired or get_flushed.
     * @return the item's handle, or 0.
     */
    long findLive(final byte[] key, final int keyLength, final int hash, final long now, final boolean forGet)
    {
        final long handle = table.index.find(key, keyLength, hash);
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
                stats.local().getExpired++;
            }
            table.remove(handle, buffer, offset);
            return 0;
        }
        if (rules.isFlushed(buffer, offset, now))
        {
            if (forGet)
            {
                stats.local().getFlushed++;
            }
            table.remove(handle, buffer, offset);
            return 0;
        }
        return handle;
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
        return lastCas.incrementAndGet();
    }

    /**
     * @return the cas unique {@link #newCas()} hands out next.
     */
    long nextCas()
    {
        return lastCas.get() + 1;
    }
}

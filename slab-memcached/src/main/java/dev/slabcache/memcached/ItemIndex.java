/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import dev.slabcache.master.SizeClassCache;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The hash index of the items, as memcached's: an array of buckets, each the handle of the first item of a chain
 * linked through the items' own headers ({@link ItemLayout#HASH_NEXT}). When the items exceed 1.5 times the
 * buckets the array doubles and every chain is rehashed at once from the hash kept in each header (memcached
 * expands in a background thread; here the store's lock is held for the few milliseconds per million items).
 * Not thread-safe: the store's lock guards it.
 */
final class ItemIndex
{
    /** memcached's default -o hashpower. */
    static final int INITIAL_HASH_POWER = 16;
    /** The array of handles cannot grow past this. */
    static final int MAX_HASH_POWER = 30;

    private final SizeClassCache cache;
    private long[] buckets;
    private int hashPower;
    private long count;
    private long expansions;

    ItemIndex(final SizeClassCache cache, final int initialHashPower)
    {
        if (initialHashPower < 1 || initialHashPower > MAX_HASH_POWER)
        {
            throw new IllegalArgumentException(
                "initialHashPower=" + initialHashPower + " must be in [1, " + MAX_HASH_POWER + "]");
        }
        this.cache = cache;
        this.hashPower = initialHashPower;
        this.buckets = new long[1 << initialHashPower];
    }

    /**
     * @return the handle of the item under the key, expired or not, or 0.
     */
    long find(final byte[] key, final int keyLength, final int hash)
    {
        long handle = buckets[hash & (buckets.length - 1)];
        while (0 != handle)
        {
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            if (ItemLayout.keyHash(buffer, offset) == hash && ItemLayout.keyEquals(buffer, offset, key, keyLength))
            {
                return handle;
            }
            handle = ItemLayout.hashNext(buffer, offset);
        }
        return 0;
    }

    /**
     * Puts a new item at the head of its chain; its key must not be in the index.
     */
    void insert(final long handle, final AtomicBuffer buffer, final int offset)
    {
        final int bucket = ItemLayout.keyHash(buffer, offset) & (buckets.length - 1);
        ItemLayout.hashNext(buffer, offset, buckets[bucket]);
        buckets[bucket] = handle;
        count++;
        if (count > buckets.length + (buckets.length >> 1) && hashPower < MAX_HASH_POWER)
        {
            expand();
        }
    }

    /**
     * Takes an item out of its chain. The item is read at {@code buffer} and {@code offset}, never through its
     * handle, which a page move has already made stale; handles of the chain are compared as numbers.
     *
     * @return whether the item was in the index.
     */
    boolean remove(final long handle, final AtomicBuffer buffer, final int offset)
    {
        final int bucket = ItemLayout.keyHash(buffer, offset) & (buckets.length - 1);
        final long next = ItemLayout.hashNext(buffer, offset);
        long current = buckets[bucket];
        if (current == handle)
        {
            buckets[bucket] = next;
            count--;
            return true;
        }
        while (0 != current)
        {
            final AtomicBuffer currentBuffer = cache.buffer(current);
            final int currentOffset = cache.offset(current);
            final long following = ItemLayout.hashNext(currentBuffer, currentOffset);
            if (following == handle)
            {
                ItemLayout.hashNext(currentBuffer, currentOffset, next);
                count--;
                return true;
            }
            current = following;
        }
        return false;
    }

    /**
     * Puts {@code replacement} where {@code old} is in its chain: same key, so same bucket.
     */
    void replace(final long old, final AtomicBuffer oldBuffer, final int oldOffset, final long replacement,
        final AtomicBuffer buffer, final int offset)
    {
        final int bucket = ItemLayout.keyHash(oldBuffer, oldOffset) & (buckets.length - 1);
        ItemLayout.hashNext(buffer, offset, ItemLayout.hashNext(oldBuffer, oldOffset));
        long current = buckets[bucket];
        if (current == old)
        {
            buckets[bucket] = replacement;
            return;
        }
        while (0 != current)
        {
            final AtomicBuffer currentBuffer = cache.buffer(current);
            final int currentOffset = cache.offset(current);
            final long following = ItemLayout.hashNext(currentBuffer, currentOffset);
            if (following == old)
            {
                ItemLayout.hashNext(currentBuffer, currentOffset, replacement);
                return;
            }
            current = following;
        }
        throw new IllegalStateException("item to replace is not in the index");
    }

    /**
     * @return items in the index.
     */
    long count()
    {
        return count;
    }

    /**
     * @return log2 of the buckets: memcached's hash_power_level.
     */
    int hashPower()
    {
        return hashPower;
    }

    /**
     * @return bytes of the bucket array: memcached's hash_bytes.
     */
    long hashBytes()
    {
        return (long)buckets.length * Long.BYTES;
    }

    /**
     * @return times the index doubled.
     */
    long expansions()
    {
        return expansions;
    }

    private void expand()
    {
        final long[] old = buckets;
        final long[] grown = new long[old.length << 1];
        final int mask = grown.length - 1;
        for (final long first : old)
        {
            long handle = first;
            while (0 != handle)
            {
                final AtomicBuffer buffer = cache.buffer(handle);
                final int offset = cache.offset(handle);
                final long next = ItemLayout.hashNext(buffer, offset);
                final int bucket = ItemLayout.keyHash(buffer, offset) & mask;
                ItemLayout.hashNext(buffer, offset, grown[bucket]);
                grown[bucket] = handle;
                handle = next;
            }
        }
        buckets = grown;
        hashPower++;
        expansions++;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * The hash index of the items, as memcached's: an array of buckets, each the handle of the first item of a chain
 * linked through the items' own headers ({@link ItemLayout#HASH_NEXT}). When the items exceed 1.5 times the
 * buckets, a doubled array is made and the old one's chains are moved into it a few buckets at a time by
 * {@link #expandSteps}, rehashed from the hash kept in each header, as memcached's assoc_expand and its
 * maintenance thread do: the store moves {@link #BUCKETS_PER_STEP} after each write and batches of
 * {@link #BUCKETS_PER_BATCH} in its background work, so that no request stalls for a whole rehash. Meanwhile a key
 * whose old bucket is not moved yet is looked up, inserted and removed in the old array, any other in the new one.
 * The arrays are on the heap. Not thread-safe: the store's lock guards it.
 * <p>
 * Public for the bounds of -o hashpower, which the server's command line checks.
 */
public final class ItemIndex
{
    /** memcached's default -o hashpower. */
    public static final int INITIAL_HASH_POWER = 16;
    /** The array of handles cannot grow past this. */
    public static final int MAX_HASH_POWER = 30;
    /** Old buckets a write moves while the index grows: memcached's hash_bulk_move default. */
    static final int BUCKETS_PER_STEP = 1;
    /** Old buckets a batch of the background work moves, under the store's lock. */
    static final int BUCKETS_PER_BATCH = 4096;
    /** Batches a round of the background work moves at most. */
    static final int BATCHES_PER_ROUND = 32;

    private final StoreMemory memory;
    /** Aimed at each item of a chain in turn. */
    private final Item chained = new Item();
    private long[] buckets;
    private long[] oldBuckets;
    private int nextToMove;
    private int hashPower;
    private long count;
    private long expansions;

    ItemIndex(final StoreMemory memory, final int initialHashPower)
    {
        if (initialHashPower < 1 || initialHashPower > MAX_HASH_POWER)
        {
            throw new IllegalArgumentException(
                "initialHashPower=" + initialHashPower + " must be in [1, " + MAX_HASH_POWER + "]");
        }
        this.memory = memory;
        this.hashPower = initialHashPower;
        this.buckets = new long[1 << initialHashPower];
    }

    /**
     * Makes an empty index large enough for {@code items} without growing (at most 1.5 items a bucket), as a warm
     * restart sizes it for the items it is about to link, and as memcached restores its hash power on a restart.
     *
     * @param items the items about to be inserted.
     */
    void presize(final long items)
    {
        if (0 != count || null != oldBuckets)
        {
            throw new IllegalStateException("only an empty index that is not growing is presized: " + count);
        }
        int power = hashPower;
        while (items > (1L << power) + (1L << power >> 1) && power < MAX_HASH_POWER)
        {
            power++;
        }
        if (power != hashPower)
        {
            hashPower = power;
            buckets = new long[1 << power];
        }
    }

    /**
     * Finds the item under the key, expired or not.
     *
     * @param hash the low 32 bits of the key's {@link KeyHash#hash}.
     * @param item aimed at the item found; else at no item the caller may use.
     * @return whether the key is in the index.
     */
    boolean find(final byte[] key, final int keyLength, final int hash, final Item item)
    {
        final long[] chains = chainOf(hash);
        long handle = chains[hash & (chains.length - 1)];
        while (0 != handle)
        {
            item.wrap(memory, handle);
            if (item.keyHash() == hash && item.keyEquals(key, keyLength))
            {
                return true;
            }
            handle = item.hashNext();
        }
        return false;
    }

    /**
     * Puts a new item at the head of its chain; its key must not be in the index. Starts the index growing when
     * the items exceed 1.5 times the buckets.
     */
    void insert(final Item item)
    {
        final int hash = item.keyHash();
        final long[] chains = chainOf(hash);
        final int bucket = hash & (chains.length - 1);
        item.hashNext(chains[bucket]);
        chains[bucket] = item.handle();
        count++;
        if (null == oldBuckets && count > buckets.length + (buckets.length >> 1) && hashPower < MAX_HASH_POWER)
        {
            oldBuckets = buckets;
            buckets = new long[oldBuckets.length << 1];
            nextToMove = 0;
            hashPower++;
        }
    }

    /**
     * Takes an item out of its chain. The item is read where {@code item} is aimed, never through its handle, which
     * a page move has already made stale; handles of the chain are compared as numbers.
     *
     * @return whether the item was in the index.
     */
    boolean remove(final Item item)
    {
        final long handle = item.handle();
        final int hash = item.keyHash();
        final long[] chains = chainOf(hash);
        final int bucket = hash & (chains.length - 1);
        final long next = item.hashNext();
        long current = chains[bucket];
        if (current == handle)
        {
            chains[bucket] = next;
            count--;
            return true;
        }
        while (0 != current)
        {
            final long following = chained.wrap(memory, current).hashNext();
            if (following == handle)
            {
                chained.hashNext(next);
                count--;
                return true;
            }
            current = following;
        }
        return false;
    }

    /**
     * Puts {@code replacement} where {@code old} is in its chain: same key, so same bucket. {@code old} is read
     * where it is aimed, never through its handle.
     */
    void replace(final Item old, final Item replacement)
    {
        final long oldHandle = old.handle();
        final int hash = old.keyHash();
        final long[] chains = chainOf(hash);
        final int bucket = hash & (chains.length - 1);
        replacement.hashNext(old.hashNext());
        long current = chains[bucket];
        if (current == oldHandle)
        {
            chains[bucket] = replacement.handle();
            return;
        }
        while (0 != current)
        {
            final long following = chained.wrap(memory, current).hashNext();
            if (following == oldHandle)
            {
                chained.hashNext(replacement.handle());
                return;
            }
            current = following;
        }
        throw new IllegalStateException("item to replace is not in the index");
    }

    /**
     * Moves up to {@code maxBuckets} old buckets' chains into the new array, when the index is growing; the last
     * one ends the growth and lets the old array go.
     *
     * @param maxBuckets the most old buckets to move.
     * @return whether the index is still growing.
     */
    boolean expandSteps(final int maxBuckets)
    {
        final long[] old = oldBuckets;
        if (null == old)
        {
            return false;
        }
        final int mask = buckets.length - 1;
        final int end = (int)Math.min(old.length, (long)nextToMove + maxBuckets);
        for (int i = nextToMove; i < end; i++)
        {
            long handle = old[i];
            old[i] = 0;
            while (0 != handle)
            {
                chained.wrap(memory, handle);
                final long next = chained.hashNext();
                final int bucket = chained.keyHash() & mask;
                chained.hashNext(buckets[bucket]);
                buckets[bucket] = handle;
                handle = next;
            }
        }
        nextToMove = end;
        if (end == old.length)
        {
            oldBuckets = null;
            nextToMove = 0;
            expansions++;
            return false;
        }
        return true;
    }

    /**
     * @return old buckets still to move into the new array: 0 unless the index is growing.
     */
    int bucketsToMove()
    {
        return null == oldBuckets ? 0 : oldBuckets.length - nextToMove;
    }

    /**
     * @return whether the index is growing: memcached's hash_is_expanding.
     */
    boolean isExpanding()
    {
        return 0 != bucketsToMove();
    }

    /**
     * @return items in the index.
     */
    long count()
    {
        return count;
    }

    /**
     * @return log2 of the buckets, the new array's while the index grows: memcached's hash_power_level.
     */
    int hashPower()
    {
        return hashPower;
    }

    /**
     * @return bytes of the bucket array, the new one's while the index grows (the old one is let go once it is
     * moved), as memcached's hash_bytes.
     */
    long hashBytes()
    {
        return (long)buckets.length * Long.BYTES;
    }

    /**
     * @return times the index finished doubling.
     */
    long expansions()
    {
        return expansions;
    }

    /**
     * @return the array that holds the chain of the hash: the old one while its bucket is not moved yet.
     */
    private long[] chainOf(final int hash)
    {
        final long[] old = oldBuckets;
        return null != old && (hash & (old.length - 1)) >= nextToMove ? old : buckets;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hash index of the items, as memcached's: an array of buckets, each the handle of the first item of a chain
 * linked through the items' own headers ({@link ItemLayout#HASH_NEXT}). When the items exceed 1.5 times the
 * buckets, a doubled array is made and the old one's chains are moved into it a few buckets at a time by
 * {@link #expandSteps}, rehashed from the hash kept in each header, as memcached's assoc_expand and its
 * maintenance thread do: the store moves {@link #BUCKETS_PER_STEP} after each write and batches of
 * {@link #BUCKETS_PER_BATCH} in its background work, so that no request stalls for a whole rehash. Meanwhile a key
 * whose old bucket is not moved yet is looked up, inserted and removed in the old array, any other in the new one.
 * The arrays are on the heap.
 * <p>
 * A chain is guarded by the item lock of its bucket ({@link StoreLock}): there are never more stripes than buckets,
 * so all the keys of a bucket, old or new, share a stripe. Growth needs more care, as memcached's assoc does: the
 * insert that finds the index too full only asks for it; {@link #expandSteps} then swaps in the doubled array with
 * the store paused ({@link StoreLock#pause()}: every item lock), and moves each old bucket holding that bucket's
 * item lock, tried without waiting, so that it never makes a request wait and a busy bucket waits for the next
 * step. One thread at a time grows the index; the next bucket to move only advances past a bucket under its lock.
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
    /** Old buckets a batch of the background work moves, each under its item lock. */
    static final int BUCKETS_PER_BATCH = 4096;
    /** Batches a round of the background work moves at most. */
    static final int BATCHES_PER_ROUND = 32;

    private final StoreMemory memory;
    /** Each thread's flyweight, aimed at each item of a chain in turn. */
    private final ThreadLocal<Item> chainedItems = ThreadLocal.withInitial(Item::new);
    private final StoreLock lock;
    private final ReentrantLock growing = new ReentrantLock();
    private final LongAdder count = new LongAdder();
    private long[] buckets;
    private volatile long[] oldBuckets;
    private volatile int nextToMove;
    private volatile boolean growthWanted;
    private volatile int hashPower;
    private volatile long expansions;

    ItemIndex(final StoreMemory memory, final int initialHashPower, final StoreLock lock)
    {
        if (initialHashPower < 1 || initialHashPower > MAX_HASH_POWER)
        {
            throw new IllegalArgumentException(
                "initialHashPower=" + initialHashPower + " must be in [1, " + MAX_HASH_POWER + "]");
        }
        this.memory = memory;
        this.lock = lock;
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
        if (0 != count.sum() || null != oldBuckets)
        {
            throw new IllegalStateException("only an empty index that is not growing is presized: " + count.sum());
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
     * Puts a new item at the head of its chain; its key must not be in the index. Asks for the index to grow (see
     * {@link #expandSteps}) when the items exceed 1.5 times the buckets.
     */
    void insert(final Item item)
    {
        final int hash = item.keyHash();
        final long[] chains = chainOf(hash);
        final int bucket = hash & (chains.length - 1);
        item.hashNext(chains[bucket]);
        chains[bucket] = item.handle();
        count.increment();
        final int length = buckets.length;
        if (!growthWanted && null == oldBuckets && hashPower < MAX_HASH_POWER &&
            count.sum() > length + (length >> 1))
        {
            growthWanted = true;
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
            count.decrement();
            return true;
        }
        final Item chained = chainedItems.get();
        while (0 != current)
        {
            final long following = chained.wrap(memory, current).hashNext();
            if (following == handle)
            {
                chained.hashNext(next);
                count.decrement();
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
        final Item chained = chainedItems.get();
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
     * Starts the index's growth when an insert asked for it, pausing the store for the swap of arrays, then moves up
     * to {@code maxBuckets} old buckets' chains into the new array, each under its item lock tried without waiting
     * (a busy one ends the step); the last one ends the growth and lets the old array go. Does nothing while
     * another thread grows the index. Call holding no item lock and no LRU lock.
     *
     * @param maxBuckets the most old buckets to move.
     * @return whether the index is still growing.
     */
    boolean expandSteps(final int maxBuckets)
    {
        if (null == oldBuckets && !growthWanted || !growing.tryLock())
        {
            return null != oldBuckets;
        }
        try
        {
            if (null == oldBuckets && growthWanted)
            {
                startGrowth();
            }
            return moveBuckets(maxBuckets);
        }
        finally
        {
            growing.unlock();
        }
    }

    private void startGrowth()
    {
        final long[] grown = new long[buckets.length << 1];
        lock.pause();
        try
        {
            growthWanted = false;
            if (!lock.isClosed())
            {
                nextToMove = 0;
                oldBuckets = buckets;
                buckets = grown;
                hashPower++;
            }
        }
        finally
        {
            lock.resume();
        }
    }

    private boolean moveBuckets(final int maxBuckets)
    {
        final long[] old = oldBuckets;
        if (null == old)
        {
            return false;
        }
        final long[] chains = buckets;
        final int mask = chains.length - 1;
        final int end = (int)Math.min(old.length, (long)nextToMove + maxBuckets);
        for (int i = nextToMove; i < end; i++)
        {
            if (!lock.tryLockItem(i))
            {
                return true;
            }
            try
            {
                if (lock.isClosed())
                {
                    return false;
                }
                moveBucket(old, i, chains, mask);
                nextToMove = i + 1;
            }
            finally
            {
                lock.unlockItem(i);
            }
        }
        if (end == old.length)
        {
            oldBuckets = null;
            expansions++;
            return false;
        }
        return true;
    }

    private void moveBucket(final long[] old, final int i, final long[] chains, final int mask)
    {
        final Item chained = chainedItems.get();
        long handle = old[i];
        old[i] = 0;
        while (0 != handle)
        {
            chained.wrap(memory, handle);
            final long next = chained.hashNext();
            final int bucket = chained.keyHash() & mask;
            chained.hashNext(chains[bucket]);
            chains[bucket] = handle;
            handle = next;
        }
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
        return count.sum();
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
     * @return the array that holds the chain of the hash: the old one while its bucket is not moved yet. Call
     * holding the hash's item lock, so that its bucket is not moved meanwhile.
     */
    private long[] chainOf(final int hash)
    {
        final long[] old = oldBuckets;
        return null != old && (hash & (old.length - 1)) >= nextToMove ? old : buckets;
    }
}

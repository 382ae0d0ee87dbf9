/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The item locks of an {@link ItemStore}, striped by key hash as memcached's item_locks, and the pause that takes
 * them all. An item lock guards every item whose hash falls on its stripe: the item's bytes (bar its LRU links, see
 * {@link ItemLru}), its hash chain (a chain's items share a stripe, since there are never more stripes than index
 * buckets) and the counters its thread writes. The lock order is item lock, then LRU lock, then the slot cache's
 * own: whoever holds an LRU lock may only try an item lock ({@link #tryLockItem}), never wait for one.
 * <p>
 * {@link #pause()} takes every item lock, then every LRU lock in class order: it stops requests and LRU work alike,
 * as memcached's pause_threads, for what changes many items at once (a page move, the start of the index's growth,
 * flush_all, close) and for the admin replies that read them all. One thread pauses at a time: the right to pause
 * is a lock of its own, taken before any other, so that a request that holds its item lock may pause too
 * ({@link #tryPause()}). A pause first closes a gate that holds back requests not yet holding an item lock, then
 * sweeps the item locks in stripe order with tries; a stripe held by a request makes it give back every stripe it
 * took and wait for that one alone before it sweeps again. So a pause never holds some item locks while it waits
 * for another, and a request that holds its item lock and finds the items it wants to evict locked (their stripes
 * taken by a sweep, or not yet given back by a resume) can wait for that ({@link #awaitPartialPause()}) instead of
 * failing.
 * <p>
 * It also knows whether the store is closed, so that every side of the store refuses a call after close the same
 * way.
 */
final class StoreLock
{
    /** The most item locks: memcached's item_lock_count for many threads. */
    static final int MAX_STRIPES = 1 << 13;

    private final ReentrantLock pausing = new ReentrantLock();
    /** Up from the start of a pause to its end: requests wait at {@link #lockItem} for the pause to end. */
    private volatile boolean gate;
    /** Up while a pause holds some item locks and not all: while it tries for more, and while it gives them back. */
    private volatile boolean partlyHeld;
    private final ReentrantLock[] stripes;
    private final int mask;
    private final ItemLru lru;
    private volatile boolean closed;

    /**
     * @param stripes item locks, a power of two from 1 to {@link #MAX_STRIPES}; 1 makes one lock for every item.
     * @param lru     whose class locks {@link #pause()} takes after the item locks.
     */
    StoreLock(final int stripes, final ItemLru lru)
    {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++)
        {
            this.stripes[i] = new ReentrantLock();
        }
        this.mask = stripes - 1;
        this.lru = lru;
    }

    /**
     * Checks a number of item locks for an index of 2^{@code initialHashPower} buckets.
     *
     * @param stripes          item locks.
     * @param initialHashPower log2 of the index's initial buckets.
     * @throws IllegalArgumentException unless {@code stripes} is a power of two from 1 to {@link #MAX_STRIPES} and
     *                                  at most the buckets, so that each bucket's chain stays under one stripe.
     */
    static void checkStripes(final int stripes, final int initialHashPower)
    {
        if (stripes < 1 || stripes > MAX_STRIPES || 0 != (stripes & (stripes - 1)) ||
            initialHashPower < 31 && stripes > 1 << Math.max(0, initialHashPower))
        {
            throw new IllegalArgumentException("lockStripes=" + stripes + " must be a power of two in [1, " +
                MAX_STRIPES + "] and at most the index's initial buckets, 2^" + initialHashPower);
        }
    }

    /**
     * memcached's sizing of its item locks from its worker threads (thread.c): 2^10 stripes up to 2 threads, 2^11
     * for 3, 2^12 for 4 and 2^13 above, here from the processors the JVM sees, and never more than the index's
     * initial buckets, so that each bucket's chain stays under one stripe.
     *
     * @param threads          threads that run requests.
     * @param initialHashPower log2 of the index's initial buckets.
     * @return the stripes to make.
     */
    static int stripesFor(final int threads, final int initialHashPower)
    {
        final int power = threads < 3 ? 10 : threads < 4 ? 11 : threads < 5 ? 12 : 13;
        return 1 << Math.min(power, initialHashPower);
    }

    /**
     * @return how many item locks there are.
     */
    int stripes()
    {
        return stripes.length;
    }

    /**
     * Takes the item lock of the key's hash, waiting for it.
     *
     * @param hash the low 32 bits of the key's hash.
     */
    void lockItem(final int hash)
    {
        if (gate)
        {
            // Holding no item lock here, so waiting for the pause to end cannot stop it.
            pausing.lock();
            pausing.unlock();
        }
        stripes[hash & mask].lock();
    }

    /**
     * Waits, for a holder of an item lock, while a pause holds some item locks and not all: while it sweeps them
     * (it gives them all back when it comes to a stripe held, at the latest to this caller's) or gives them back.
     */
    void awaitPartialPause()
    {
        while (partlyHeld)
        {
            Thread.yield();
        }
    }

    /**
     * Tries the item lock of the key's hash without waiting, as a holder of an LRU lock must; a thread that holds
     * it already gets it again.
     *
     * @param hash the low 32 bits of the key's hash.
     * @return whether it is held now; then {@link #unlockItem} it.
     */
    boolean tryLockItem(final int hash)
    {
        return stripes[hash & mask].tryLock();
    }

    /**
     * Lets go the item lock of the key's hash.
     *
     * @param hash the low 32 bits of the key's hash.
     */
    void unlockItem(final int hash)
    {
        stripes[hash & mask].unlock();
    }

    /**
     * Takes every item lock, then every LRU lock, waiting for each; call holding none of them.
     */
    void pause()
    {
        pausing.lock();
        lockAll();
    }

    /**
     * Pauses the store for a thread that may hold an item lock already (a request whose allocation wants a page
     * moved), unless another thread pauses it now; call holding no LRU lock.
     *
     * @return whether the store is paused now; when false nothing is held that was not before.
     */
    boolean tryPause()
    {
        if (!pausing.tryLock())
        {
            return false;
        }
        lockAll();
        return true;
    }

    /**
     * Lets go what {@link #pause()} or a successful {@link #tryPause()} took.
     */
    void resume()
    {
        for (int sizeClass = lru.classes() - 1; sizeClass >= 0; sizeClass--)
        {
            lru.lock(sizeClass).unlock();
        }
        partlyHeld = true;
        unlockStripes(stripes.length);
        partlyHeld = false;
        gate = false;
        pausing.unlock();
    }

    /**
     * Whether the store is closed.
     *
     * @return true once {@link #close()} has run.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * Marks the store closed; call paused.
     *
     * @return true the first time, false when it was closed already.
     */
    boolean close()
    {
        final boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    /**
     * Refuses a call on a closed store.
     *
     * @throws IllegalStateException when the store is closed.
     */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("item store is closed");
        }
    }

    private void lockAll()
    {
        gate = true;
        int held = 0;
        while (held < stripes.length)
        {
            partlyHeld = true;
            held = 0;
            while (held < stripes.length && stripes[held].tryLock())
            {
                held++;
            }
            if (held < stripes.length)
            {
                final ReentrantLock busy = stripes[held];
                unlockStripes(held);
                partlyHeld = false;
                busy.lock();
                busy.unlock();
            }
        }
        partlyHeld = false;
        for (int sizeClass = 0; sizeClass < lru.classes(); sizeClass++)
        {
            lru.lock(sizeClass).lock();
        }
    }

    private void unlockStripes(final int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            stripes[i].unlock();
        }
    }
}

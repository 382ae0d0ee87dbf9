/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock a {@link SlabCache} takes around every change to its slabs, chosen when the cache is built.
 * <ul>
 *   <li>{@link #none()}: no locking at all, for a cache used by a single thread at a time (or by callers that
 *       serialise access themselves). The cheapest; a data race on it can corrupt the cache's lists.</li>
 *   <li>{@link #reentrant()}: a {@link ReentrantLock}, safe under any number of threads; the default.</li>
 * </ul>
 * The lock must be reentrant or never taken twice by one thread: the cache does not nest its own calls.
 */
public interface SlabLock
{
    /**
     * Blocks until the caller holds the lock.
     */
    void lock();

    /**
     * Releases the lock the caller holds.
     */
    void unlock();

    /**
     * @return a lock that does nothing, for single-threaded owners.
     */
    static SlabLock none()
    {
        return NoLock.INSTANCE;
    }

    /**
     * @return a new non-fair {@link ReentrantLock}.
     */
    static SlabLock reentrant()
    {
        final ReentrantLock lock = new ReentrantLock();
        return new SlabLock()
        {
            @Override
            public void lock()
            {
                lock.lock();
            }

            @Override
            public void unlock()
            {
                lock.unlock();
            }

            @Override
            public String toString()
            {
                return "reentrant";
            }
        };
    }

    /**
     * The lock of {@link #none()}.
     */
    enum NoLock implements SlabLock
    {
        /**
         * The only instance.
         */
        INSTANCE;

        @Override
        public void lock()
        {
        }

        @Override
        public void unlock()
        {
        }

        @Override
        public String toString()
        {
            return "none";
        }
    }
}

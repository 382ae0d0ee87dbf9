/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock a {@link SlabCache} takes around every change to its slabs, chosen when the cache is built.
 * {@link ThreadSafety#LOCKED} takes it around every call, {@link ThreadSafety#MAGAZINES} only around depot
 * exchanges and slab changes, {@link ThreadSafety#SINGLE_OWNER} never. The default is {@link #reentrant()}; a
 * custom lock must give mutual exclusion with the memory effects of {@link ReentrantLock}. The cache never takes
 * it twice in one thread.
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
     * Makes the default lock, a new non-fair {@link ReentrantLock}.
     *
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

}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;

/**
 * A cache's {@link SlabLock}, and the draining slabs that emptied while it was held: their futures complete after
 * it is released, so that no callback of a caller ever runs under the lock or in the middle of a list move.
 * {@link ThreadSafety#SINGLE_OWNER} gets one that locks nothing.
 */
final class CacheLock
{
    private static final SlabLock NONE = new SlabLock()
    {
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
    };

    private final SlabLock lock;
    private final ArrayList<SlabRecord> emptiedDrains = new ArrayList<>();

    /**
     * @param lock the lock, or null for none.
     */
    CacheLock(final SlabLock lock)
    {
        this.lock = null != lock ? lock : NONE;
    }

    void lock()
    {
        lock.lock();
    }

    /**
     * Releases the lock, then completes the futures of the draining slabs that emptied while it was held.
     */
    void unlockAndCompleteDrains()
    {
        if (emptiedDrains.isEmpty())
        {
            lock.unlock();
            return;
        }

        final SlabRecord[] emptied = takeEmptiedDrains();
        lock.unlock();
        complete(emptied);
    }

    /**
     * Completes the futures of slabs that emptied in a call that took no lock.
     */
    void completeDrains()
    {
        if (!emptiedDrains.isEmpty())
        {
            complete(takeEmptiedDrains());
        }
    }

    /**
     * Queues a detached draining slab's future, to complete once the lock is released. Under the lock.
     */
    void drained(final SlabRecord slab)
    {
        emptiedDrains.add(slab);
    }

    @Override
    public String toString()
    {
        return lock.toString();
    }

    private SlabRecord[] takeEmptiedDrains()
    {
        final SlabRecord[] emptied = emptiedDrains.toArray(new SlabRecord[0]);
        emptiedDrains.clear();
        return emptied;
    }

    private static void complete(final SlabRecord[] emptied)
    {
        for (final SlabRecord slab : emptied)
        {
            slab.completeDrain();
        }
    }
}

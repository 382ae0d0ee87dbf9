/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * How one {@link ThreadSafety} reaches the slabs: the hot calls, allocate and free, and the slow paths the cache's
 * whole-cache calls need of it (taking back slots held outside the slabs, flushing ended threads, counting).
 * A path without magazines holds no slot outside the slabs, so its slow paths do nothing.
 * <p>
 * A free is a checked release of the slot from its caller ({@link #release(SlabRecord, long)}), then the slot's
 * return towards its slab ({@link #put(SlabRecord, int, int)}); debug mode runs the two apart, to poison the slot
 * in between, and {@link #free(SlabRecord, long)} runs them together.
 */
abstract class ThreadPath
{
    /**
     * @return a live handle, or {@link SlabCache#NULL_HANDLE} when no slot could be had.
     */
    abstract long allocate();

    /**
     * Frees a handle found in {@code slab} with {@link SlabTable#checked(long)}.
     *
     * @throws dev.slabcache.core.InvalidHandleException when no caller holds the slot through it; nothing changes.
     */
    abstract void free(SlabRecord slab, long handle);

    /**
     * Takes a slot from the caller that holds it through {@code handle}: under the cache's lock, or by its owner.
     *
     * @return the live word the release found, for {@link #put(SlabRecord, int, int)}.
     * @throws dev.slabcache.core.InvalidHandleException when no caller holds the slot through it; nothing changes.
     */
    abstract int release(SlabRecord slab, long handle);

    /**
     * Sends a slot {@link #release(SlabRecord, long)} took from its caller back towards its slab.
     *
     * @param found the live word the release found.
     */
    abstract void put(SlabRecord slab, int slot, int found);

    /**
     * Takes every slot of a slab held outside it by this path back into it, without moving it between lists.
     * Under the lock.
     */
    void reclaim(final SlabRecord slab)
    {
    }

    /**
     * Takes every slot this path holds outside the slabs back into them, as far as can be seen without stopping
     * other threads. Under the lock.
     *
     * @return how many slots went back.
     */
    int sweep()
    {
        return 0;
    }

    /**
     * Takes back the slots of threads that have ended. Under the lock.
     */
    void reapEndedThreads()
    {
    }

    /**
     * Forgets every slot held outside the slabs, for a cache closing after {@link #reclaim(SlabRecord)} of every
     * slab. Under the lock.
     */
    void clear()
    {
    }

    /**
     * @return what this path counted outside the slab books, for a snapshot; null when it counts nothing there.
     */
    CacheCounters.MagazineCounts counts()
    {
        return null;
    }
}

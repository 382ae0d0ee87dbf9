/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlotHandle;

import static dev.slabcache.master.SlotStates.CACHED;
import static dev.slabcache.master.SlotStates.LIVE;

/**
 * The per-thread paths of a {@link ThreadSafety#MAGAZINES} cache (Bonwick and Adams, "Magazines and Vmem", USENIX
 * 2001): each thread allocates from and frees into its own two magazines without the lock, and only when both are
 * empty or both full exchanges one with the {@link Depot} under the lock, or fills or flushes one against the
 * slabs.
 * <p>
 * Safety without the lock comes from {@link SlotStates}: a slot moves CACHED to LIVE when popped for a caller and
 * LIVE to CACHED when freed, each by one compare-and-set of its own word, so a double free, a stale handle or a
 * stale magazine entry is caught however the slot got into a magazine.
 * <p>
 * Threads that end: their magazines stay registered until the next slow path that looks (a thread registering,
 * {@link SlabCache#stats()}, {@link SlabCache#trim()}, an allocation that finds the slabs exhausted), which sees
 * the thread is dead and flushes its slots back to their slabs (see {@link ThreadRegistry}).
 * <p>
 * Every method but {@link #allocate()}, the frees, {@link #cacheReleased(Slab, int, int)} and the counts is called
 * with the lock held.
 */
final class MagazineLayer
{
    private final SlabPool pool;
    private final SlabTable table;
    private final CacheLock lock;
    private final Depot depot;
    private final ThreadRegistry registry = new ThreadRegistry();
    private final ThreadLocal<ThreadMagazines> local = ThreadLocal.withInitial(this::register);

    // Counts kept under the lock: slots in magazines as the lock saw them move, and what threads without magazines
    // did.
    private long cachedSlots;
    private long sharedAllocations;
    private long sharedFrees;

    MagazineLayer(final SlabPool pool, final CacheLock lock, final int magazineSize, final int depotMagazines)
    {
        this.pool = pool;
        this.table = pool.table;
        this.lock = lock;
        this.depot = new Depot(magazineSize, depotMagazines);
    }

    /**
     * @return a live handle, or {@link SlabCache#NULL_HANDLE} when no slot could be had.
     */
    long allocate()
    {
        final ThreadMagazines magazines = local.get();
        if (magazines.isShared())
        {
            return allocateShared();
        }

        Magazine magazine = magazines.loaded;
        while (true)
        {
            if (magazine.isEmpty())
            {
                magazine = refill(magazines);
                if (null == magazine)
                {
                    return SlabCache.NULL_HANDLE;
                }
            }

            final int top = --magazine.count;
            final long handle = magazine.handles[top];
            final int word = magazine.words[top];
            final Slab slab = table.find(handle);
            if (null == slab)
            {
                continue; // its slab was detached and took the slot back
            }
            if (Slab.SERVING != slab.status)
            {
                returnToSlab(handle, word, false);
                continue;
            }
            if (slab.states.claim(SlotHandle.slot(handle), word))
            {
                magazines.countAllocation();
                return handle;
            }
        }
    }

    /**
     * @param handle the handle a caller frees.
     * @throws dev.slabcache.core.InvalidHandleException when no caller holds the slot through it; nothing changes.
     */
    void free(final long handle)
    {
        pool.ensureOpen();
        free(table.checked(handle), handle);
    }

    /**
     * @param slab   the slab {@code handle} was found in, with {@link SlabTable#checked(long)}.
     * @param handle the handle a caller frees.
     * @throws dev.slabcache.core.InvalidHandleException when no caller holds the slot through it; nothing changes.
     */
    void free(final Slab slab, final long handle)
    {
        final int slot = SlotHandle.slot(handle);
        final int generation = SlotHandle.generation(handle);
        final int found = slab.states.release(slot, generation);
        if (!SlotStates.isLive(found, generation))
        {
            throw table.notLive(slab, handle, found, true);
        }
        cacheReleased(slab, slot, found);
    }

    /**
     * Puts a slot that a free just released (LIVE to CACHED) into this thread's magazine, or back to its slab.
     *
     * @param found the LIVE word the release found.
     */
    void cacheReleased(final Slab slab, final int slot, final int found)
    {
        final int word = SlotStates.released(found);
        final long cached = SlotHandle.pack(slab.serial, SlotStates.generation(word), slot);
        final ThreadMagazines magazines = local.get();
        if (magazines.isShared())
        {
            returnToSlab(cached, word, true);
            return;
        }

        magazines.countFree();
        if (Slab.SERVING != slab.status)
        {
            returnToSlab(cached, word, false);
            return;
        }

        Magazine magazine = magazines.loaded;
        if (magazine.isFull())
        {
            magazine = spill(magazines);
        }
        magazine.push(cached, word);
    }

    /**
     * Takes every slot of a slab that sits in a magazine back into the slab's segment, wherever the magazine is.
     * Their entries go stale. Does not move the slab between lists. O(slots the slab ever handed out).
     */
    void reclaim(final Slab slab)
    {
        final SlotStates states = slab.states;
        final int highWaterMark = slab.segment.highWaterMark();
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            final int word = states.word(slot);
            if (CACHED == SlotStates.state(word) && states.enterSegment(slot, word))
            {
                pool.reclaimSlot(slab, slot);
                cachedSlots--;
            }
        }
    }

    /**
     * Flushes the depot and the magazines of every thread back to the slabs: the depot's and ended threads'
     * exactly, live threads' as far as can be seen without stopping them (a slot a thread is pushing right now may
     * be missed). Their entries go stale.
     *
     * @return how many slots went back to their slabs.
     */
    int sweep()
    {
        final long before = cachedSlots;
        reapEndedThreads();
        Magazine full;
        while (null != (full = depot.pollFull()))
        {
            flush(full);
            depot.putEmpty(full);
        }

        final Thread current = Thread.currentThread();
        for (int i = 0; i < registry.size(); i++)
        {
            final ThreadMagazines magazines = registry.get(i);
            if (current == magazines.owner)
            {
                flush(magazines.loaded);
                flush(magazines.previous);
            }
            else
            {
                sweepLive(magazines.loaded);
                sweepLive(magazines.previous);
            }
        }
        return (int)(before - cachedSlots);
    }

    /**
     * Flushes the magazines of threads that have ended and forgets them, keeping their counts.
     */
    void reapEndedThreads()
    {
        for (int i = registry.size() - 1; i >= 0; i--)
        {
            final ThreadMagazines magazines = registry.get(i);
            if (!magazines.owner.isAlive())
            {
                flush(magazines.loaded);
                flush(magazines.previous);
                registry.forget(i);
            }
        }
    }

    /**
     * Forgets the depot and every thread's magazines, for a cache closing after {@link #reclaim(Slab)} of every slab.
     */
    void clear()
    {
        depot.clear();
        registry.clear();
    }

    /**
     * @return what this layer adds to a snapshot; exact once the threads pause.
     */
    CacheCounters.MagazineCounts counts()
    {
        final long threadAllocations = registry.allocations();
        final long threadFrees = registry.frees();
        return new CacheCounters.MagazineCounts(
            sharedAllocations + threadAllocations, sharedFrees + threadFrees,
            cachedSlots + threadFrees - threadAllocations, registry.size());
    }

    private Magazine refill(final ThreadMagazines magazines)
    {
        if (!magazines.previous.isEmpty())
        {
            magazines.swap();
            return magazines.loaded;
        }

        lock.lock();
        try
        {
            pool.ensureOpen();
            final Magazine full = depot.pollFull();
            if (null != full)
            {
                depot.putEmpty(magazines.previous);
                magazines.previous = magazines.loaded;
                magazines.loaded = full;
                return full;
            }

            final Magazine magazine = magazines.loaded;
            if (0 == fill(magazine) && (0 == sweep() || 0 == fill(magazine)))
            {
                pool.counters.failedAllocations++;
                CacheEvents.allocationFailed(pool);
                return null;
            }
            return magazine;
        }
        finally
        {
            lock.unlock();
        }
    }

    private Magazine spill(final ThreadMagazines magazines)
    {
        if (magazines.previous.isEmpty())
        {
            magazines.swap();
            return magazines.loaded;
        }

        lock.lock();
        try
        {
            final Magazine full = magazines.previous;
            final Magazine empty;
            if (depot.offerFull(full))
            {
                empty = depot.takeEmpty();
            }
            else
            {
                flush(full);
                empty = full;
            }
            magazines.previous = magazines.loaded;
            magazines.loaded = empty;
            return empty;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Fills an empty magazine from the slabs by the cache's policy, growing the cache only while the magazine is
     * still empty, so a refill never makes a slab it does not need. The first slot taken is popped first.
     *
     * @return how many slots it holds.
     */
    private int fill(final Magazine magazine)
    {
        while (!magazine.isFull())
        {
            final long handle = pool.takeSlot(CACHED, magazine.isEmpty());
            if (SlabCache.NULL_HANDLE == handle)
            {
                break;
            }
            magazine.push(handle, table.find(handle).states.word(SlotHandle.slot(handle)));
            cachedSlots++;
        }
        magazine.reverse();
        return magazine.count;
    }

    /**
     * Gives the slots of a magazine this thread owns back to their slabs and empties it.
     */
    private void flush(final Magazine magazine)
    {
        for (int i = 0; i < magazine.count; i++)
        {
            returnCached(magazine.handles[i], magazine.words[i]);
        }
        magazine.count = 0;
    }

    /**
     * Like {@link #flush(Magazine)} for a magazine another thread may be using right now: reads it without
     * synchronisation and leaves it as it is; the slots it takes leave stale entries behind.
     */
    private void sweepLive(final Magazine magazine)
    {
        final int count = Math.min(magazine.count, magazine.handles.length);
        for (int i = 0; i < count; i++)
        {
            returnCached(magazine.handles[i], magazine.words[i]);
        }
    }

    private void returnCached(final long handle, final int word)
    {
        final Slab slab = table.find(handle);
        final int slot = SlotHandle.slot(handle);
        if (null != slab && slab.states.enterSegment(slot, word))
        {
            cachedSlots--;
            pool.returnSlot(slab, slot);
        }
    }

    /**
     * Sends a CACHED slot straight back to its slab: one popped from, or freed towards, a magazine while its slab
     * serves no allocations, or freed by a thread with no magazines.
     *
     * @param sharedFree true when a thread without magazines frees it: count the free here.
     */
    private void returnToSlab(final long handle, final int word, final boolean sharedFree)
    {
        lock.lock();
        try
        {
            if (sharedFree)
            {
                sharedFrees++;
                cachedSlots++;
            }
            returnCached(handle, word);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * An allocation by a thread without magazines, under the lock, straight from the slabs.
     */
    private long allocateShared()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            long handle = pool.takeSlot(LIVE, true);
            if (SlabCache.NULL_HANDLE == handle && sweep() > 0)
            {
                handle = pool.takeSlot(LIVE, true);
            }
            if (SlabCache.NULL_HANDLE == handle)
            {
                pool.counters.failedAllocations++;
                CacheEvents.allocationFailed(pool);
            }
            else
            {
                sharedAllocations++;
            }
            return handle;
        }
        finally
        {
            lock.unlock();
        }
    }

    private ThreadMagazines register()
    {
        final Thread thread = Thread.currentThread();
        if (ThreadRegistry.isVirtual(thread))
        {
            return ThreadRegistry.SHARED;
        }

        lock.lock();
        try
        {
            if (pool.isClosed())
            {
                return ThreadRegistry.SHARED;
            }
            if (registry.isTimeToReap())
            {
                reapEndedThreads();
                registry.reaped();
            }
            final ThreadMagazines magazines = new ThreadMagazines(thread, depot.newMagazine(), depot.newMagazine());
            registry.add(magazines);
            return magazines;
        }
        finally
        {
            lock.unlock();
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;


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
 * Every method but the hot calls and {@link #counts()} is called with the lock held.
 */
final class MagazinePath extends ThreadPath
{
    private final SlabArena arena;
    private final SlabTable table;
    private final CacheLock lock;
    private final Depot depot;
    private final ThreadRegistry registry = new ThreadRegistry();
    private final ThreadLocal<ThreadMagazines> local = ThreadLocal.withInitial(this::register);

    // Counts kept under the lock: slots in magazines as the lock saw them move, and allocations by threads without
    // magazines.
    private long cachedSlots;
    private long sharedAllocations;

    MagazinePath(final SlabArena arena, final CacheLock lock, final int magazineSize, final int depotMagazines)
    {
        this.arena = arena;
        this.table = arena.table;
        this.lock = lock;
        this.depot = new Depot(magazineSize, depotMagazines);
    }

    @Override
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
            final SlabRecord slab = table.find(handle);
            if (null == slab)
            {
                continue; // its slab was detached and took the slot back
            }
            if (!slab.isServing())
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

    @Override
    void free(final SlabRecord slab, final long handle)
    {
        cacheReleased(slab, SlotHandle.slot(handle), slab.release(handle, true));
    }

    @Override
    int release(final SlabRecord slab, final long handle)
    {
        return slab.release(handle, true);
    }

    @Override
    void put(final SlabRecord slab, final int slot, final int found)
    {
        cacheReleased(slab, slot, found);
    }

    /**
     * Puts a slot that a free just released (LIVE to CACHED) into this thread's magazine, or back to its slab.
     *
     * @param found the LIVE word the release found.
     */
    private void cacheReleased(final SlabRecord slab, final int slot, final int found)
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
        if (!slab.isServing())
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
    @Override
    void reclaim(final SlabRecord slab)
    {
        final SlotStates states = slab.states;
        final int highWaterMark = slab.segment.highWaterMark();
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            final int word = states.word(slot);
            if (CACHED == SlotStates.state(word) && states.enterSegment(slot, word))
            {
                arena.reclaimSlot(slab, slot);
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
    @Override
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
    @Override
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
     * Forgets the depot and every thread's magazines, for a cache closing after {@link #reclaim(SlabRecord)} of every
     * slab.
     */
    @Override
    void clear()
    {
        depot.clear();
        registry.clear();
    }

    /**
     * @return what this path adds to a snapshot; exact once the threads pause.
     */
    @Override
    CacheCounters.MagazineCounts counts()
    {
        final long threadAllocations = registry.allocations();
        final long threadFrees = registry.frees();
        return new CacheCounters.MagazineCounts(
            sharedAllocations + threadAllocations, cachedSlots + threadFrees - threadAllocations, registry.size());
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
            arena.ensureOpen();
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
                arena.counters.failedAllocations++;
                CacheEvents.allocationFailed(arena);
                return null;
            }
            return magazine;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
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
            lock.unlockAndCompleteDrains();
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
            final long handle = arena.takeSlot(CACHED, magazine.isEmpty());
            if (SlabCache.NULL_HANDLE == handle)
            {
                break;
            }
            magazine.push(handle, arena.takenWord());
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
        final SlabRecord slab = table.find(handle);
        final int slot = SlotHandle.slot(handle);
        if (null != slab && slab.states.enterSegment(slot, word))
        {
            cachedSlots--;
            arena.returnSlot(slab, slot);
        }
    }

    /**
     * Sends a CACHED slot straight back to its slab: one popped from, or freed towards, a magazine while its slab
     * serves no allocations, or freed by a thread with no magazines.
     *
     * @param sharedFree true when a thread without magazines frees it: it was never counted as in a magazine.
     */
    private void returnToSlab(final long handle, final int word, final boolean sharedFree)
    {
        lock.lock();
        try
        {
            if (sharedFree)
            {
                cachedSlots++;
            }
            returnCached(handle, word);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
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
            arena.ensureOpen();
            long handle = arena.takeSlot(LIVE, true);
            if (SlabCache.NULL_HANDLE == handle && sweep() > 0)
            {
                handle = arena.takeSlot(LIVE, true);
            }
            if (SlabCache.NULL_HANDLE == handle)
            {
                arena.counters.failedAllocations++;
                CacheEvents.allocationFailed(arena);
            }
            else
            {
                sharedAllocations++;
            }
            return handle;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
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
            if (arena.isClosed())
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
            lock.unlockAndCompleteDrains();
        }
    }
}

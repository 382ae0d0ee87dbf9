/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;

import dev.slabcache.core.SlotHandle;

import static dev.slabcache.master.SlotStates.CACHED;
import static dev.slabcache.master.SlotStates.LIVE;
import static dev.slabcache.master.SlotStates.state;

/**
 * The per-thread layer of a {@link ThreadSafety#MAGAZINES} cache (Bonwick and Adams, "Magazines and Vmem", USENIX
 * 2001): each thread allocates from and frees into its own two magazines without the lock, and only when both are
 * empty or both full exchanges one with the shared depot under the lock, or fills or flushes one against the slabs.
 * <p>
 * Safety without the lock comes from {@link SlotStates}: a slot moves CACHED to LIVE when popped for a caller and
 * LIVE to CACHED when freed, each by one compare-and-set of its own word, so a double free or a stale entry is
 * caught however the slot got into a magazine.
 * <p>
 * Threads that end: their magazines stay registered until the next slow path that looks (a thread registering,
 * {@link SlabCache#stats()}, {@link SlabCache#trim()}, an allocation that finds the slabs exhausted), which sees
 * the thread is dead and flushes its slots back to their slabs. Virtual threads get no magazines: there may be
 * millions of them, so they allocate and free under the lock, and cost no memory here.
 * <p>
 * Every method but {@link #allocate()}, {@link #free(Slab, long)} and the counts is called with the lock held.
 */
final class MagazineLayer
{
    private static final ThreadMagazines SHARED = new ThreadMagazines(null, null, null);
    private static final int MIN_REAP_THRESHOLD = 8;
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final SlabCache cache;
    private final SlabLock lock;
    private final int magazineSize;
    private final Magazine[] depot;
    private int depotCount;
    private final Magazine[] spares;
    private int spareCount;
    private final ArrayList<ThreadMagazines> threads = new ArrayList<>();
    private int reapThreshold = MIN_REAP_THRESHOLD;
    private final ThreadLocal<ThreadMagazines> local = ThreadLocal.withInitial(this::register);

    // Counts kept under the lock: slots in magazines as the lock saw them move, what threads without magazines
    // did, and what threads whose magazines were reaped did.
    private long cachedSlots;
    private long sharedAllocations;
    private long sharedFrees;
    private long reapedAllocations;
    private long reapedFrees;

    MagazineLayer(final SlabCache cache, final SlabLock lock, final int magazineSize, final int depotMagazines)
    {
        this.cache = cache;
        this.lock = lock;
        this.magazineSize = magazineSize;
        this.depot = new Magazine[depotMagazines];
        this.spares = new Magazine[depotMagazines];
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
            final Slab slab = cache.slabAt(handle);
            if (null == slab)
            {
                continue; // its slab was detached and took the slot back
            }
            if (slab.retiring)
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
     * @param slab   the attached slab {@code handle} names, checked by the cache.
     * @param handle the handle a caller frees.
     * @throws dev.slabcache.core.DoubleFreeException when no caller holds the slot; nothing changes.
     */
    void free(final Slab slab, final long handle)
    {
        final int found = slab.states.release(SlotHandle.slot(handle));
        if (LIVE != state(found))
        {
            throw cache.doubleFree(slab, handle);
        }

        final int word = found - (LIVE - CACHED);
        final ThreadMagazines magazines = local.get();
        if (magazines.isShared())
        {
            returnToSlab(handle, word, true);
            return;
        }

        magazines.countFree();
        if (slab.retiring)
        {
            returnToSlab(handle, word, false);
            return;
        }

        Magazine magazine = magazines.loaded;
        if (magazine.isFull())
        {
            magazine = spill(magazines);
        }
        magazine.push(handle, word);
    }

    /**
     * Takes every slot of a slab that sits in a magazine back into the slab's segment, wherever the magazine is.
     * Their entries go stale. Does not move the slab between lists. O(slots the slab ever handed out).
     *
     * @return how many slots came back.
     */
    int reclaim(final Slab slab)
    {
        final SlotStates states = slab.states;
        final int highWaterMark = slab.segment.highWaterMark();
        int reclaimed = 0;
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            final int word = states.word(slot);
            if (CACHED == state(word) && states.enterSegment(slot, word))
            {
                slab.segment.free(slot);
                reclaimed++;
            }
        }
        cachedSlots -= reclaimed;
        cache.slotsReturned(reclaimed);
        return reclaimed;
    }

    /**
     * Flushes the depot and the magazines of every thread back to the slabs: the depot's and dead threads' exactly,
     * live threads' as far as can be seen without stopping them (a slot a thread is pushing right now may be
     * missed). Their entries go stale.
     *
     * @return how many slots went back to their slabs.
     */
    int sweep()
    {
        final long before = cachedSlots;
        reapDeadThreads();
        for (int i = 0; i < depotCount; i++)
        {
            flush(depot[i]);
            putSpare(depot[i]);
            depot[i] = null;
        }
        depotCount = 0;

        final Thread current = Thread.currentThread();
        for (final ThreadMagazines magazines : threads)
        {
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
    void reapDeadThreads()
    {
        for (int i = threads.size() - 1; i >= 0; i--)
        {
            final ThreadMagazines magazines = threads.get(i);
            if (!magazines.owner.isAlive())
            {
                flush(magazines.loaded);
                flush(magazines.previous);
                reapedAllocations += magazines.allocations();
                reapedFrees += magazines.frees();
                threads.set(i, threads.get(threads.size() - 1));
                threads.remove(threads.size() - 1);
            }
        }
    }

    /**
     * Forgets the depot and every thread's magazines, for a cache closing after {@link #reclaim(Slab)} of every slab.
     */
    void clear()
    {
        for (int i = 0; i < depotCount; i++)
        {
            depot[i] = null;
        }
        depotCount = 0;
        threads.clear();
    }

    /**
     * @return allocations made through this layer, ever.
     */
    long allocations()
    {
        long allocations = sharedAllocations + reapedAllocations;
        for (final ThreadMagazines magazines : threads)
        {
            allocations += magazines.allocations();
        }
        return allocations;
    }

    /**
     * @return frees made through this layer, ever.
     */
    long frees()
    {
        long frees = sharedFrees + reapedFrees;
        for (final ThreadMagazines magazines : threads)
        {
            frees += magazines.frees();
        }
        return frees;
    }

    /**
     * @param allocations as {@link #allocations()} returned.
     * @param frees       as {@link #frees()} returned.
     * @return slots out of the slabs that sit in magazines.
     */
    long slotsInMagazines(final long allocations, final long frees)
    {
        return cachedSlots + (frees - sharedFrees) - (allocations - sharedAllocations);
    }

    /**
     * @return threads with magazines of their own.
     */
    int threadCount()
    {
        return threads.size();
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
            cache.ensureOpen();
            if (depotCount > 0)
            {
                final Magazine full = depot[--depotCount];
                depot[depotCount] = null;
                putSpare(magazines.previous);
                magazines.previous = magazines.loaded;
                magazines.loaded = full;
                return full;
            }

            final Magazine magazine = magazines.loaded;
            if (0 == fill(magazine) && (0 == sweep() || 0 == fill(magazine)))
            {
                cache.countFailedAllocation();
                return null;
            }
            return magazine;
        }
        finally
        {
            cache.unlockAndCompleteDrains();
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
            if (depotCount < depot.length)
            {
                depot[depotCount++] = full;
                empty = takeSpare();
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
            cache.unlockAndCompleteDrains();
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
            final long handle = cache.takeSlot(CACHED, magazine.isEmpty());
            if (SlabCache.NULL_HANDLE == handle)
            {
                break;
            }
            magazine.push(handle, cache.slabAt(handle).states.word(SlotHandle.slot(handle)));
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
        final Slab slab = cache.slabAt(handle);
        final int slot = SlotHandle.slot(handle);
        if (null != slab && slab.states.enterSegment(slot, word))
        {
            cachedSlots--;
            cache.returnSlot(slab, slot);
        }
    }

    /**
     * Sends a CACHED slot straight back to its slab: one popped from, or freed towards, a magazine while its slab
     * stops serving allocations, or freed by a thread with no magazines.
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
            cache.unlockAndCompleteDrains();
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
            cache.ensureOpen();
            long handle = cache.takeSlot(LIVE, true);
            if (SlabCache.NULL_HANDLE == handle && sweep() > 0)
            {
                handle = cache.takeSlot(LIVE, true);
            }
            if (SlabCache.NULL_HANDLE == handle)
            {
                cache.countFailedAllocation();
            }
            else
            {
                sharedAllocations++;
            }
            return handle;
        }
        finally
        {
            cache.unlockAndCompleteDrains();
        }
    }

    private Magazine takeSpare()
    {
        return spareCount > 0 ? spares[--spareCount] : new Magazine(magazineSize);
    }

    private void putSpare(final Magazine magazine)
    {
        magazine.count = 0;
        if (spareCount < spares.length)
        {
            spares[spareCount++] = magazine;
        }
    }

    private ThreadMagazines register()
    {
        final Thread thread = Thread.currentThread();
        if (isVirtual(thread))
        {
            return SHARED;
        }

        lock.lock();
        try
        {
            if (cache.isClosed())
            {
                return SHARED;
            }
            if (threads.size() >= reapThreshold)
            {
                reapDeadThreads();
                reapThreshold = Math.max(MIN_REAP_THRESHOLD, 2 * threads.size());
            }
            final ThreadMagazines magazines =
                new ThreadMagazines(thread, new Magazine(magazineSize), new Magazine(magazineSize));
            threads.add(magazines);
            return magazines;
        }
        finally
        {
            lock.unlock();
        }
    }

    private static boolean isVirtual(final Thread thread)
    {
        if (null == IS_VIRTUAL)
        {
            return false;
        }
        try
        {
            return (boolean)IS_VIRTUAL.invokeExact(thread);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("Thread.isVirtual() failed", ex);
        }
    }

    private static MethodHandle findIsVirtual()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            return null; // before Java 21 there are no virtual threads
        }
    }
}

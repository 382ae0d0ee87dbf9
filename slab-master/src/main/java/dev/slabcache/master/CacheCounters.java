/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlabExhaustedException;

/**
 * What a cache's arena counts, under the lock: slabs and bytes held, slots out of the slabs, what callers did
 * through the lock, and why the last grow failed; and the snapshot and the exhausted message made from them.
 */
final class CacheCounters
{
    int providerSlabs;
    int callerSlabs;
    long providerBytes;
    long callerBytes;
    long slotCapacity;
    long usedSlotsHighWater;
    int slabsHighWater;
    long allocations;
    long grows;
    long releases;
    long failedAllocations;

    // Why the last grow failed, as it was then: a thread reports it after others may have freed or grown.
    private Throwable growFailure;
    private int growFailedAtProviderSlabs;
    private int growFailedAtCallerSlabs;

    /**
     * After a slot was taken out of a slab.
     *
     * @param usedSlots slots out of the slabs now.
     */
    void slotTaken(final long usedSlots)
    {
        if (usedSlots > usedSlotsHighWater)
        {
            usedSlotsHighWater = usedSlots;
        }
    }

    void slabAdded(final SlabRecord slab)
    {
        final long bytes = slab.regionEnd - slab.regionStart;
        if (slab.callerOwned)
        {
            callerSlabs++;
            callerBytes += bytes;
        }
        else
        {
            providerSlabs++;
            providerBytes += bytes;
        }
        slotCapacity += slab.capacity;
        slabsHighWater = Math.max(slabsHighWater, providerSlabs + callerSlabs);
    }

    void slabRemoved(final SlabRecord slab)
    {
        final long bytes = slab.regionEnd - slab.regionStart;
        if (slab.callerOwned)
        {
            callerSlabs--;
            callerBytes -= bytes;
        }
        else
        {
            providerSlabs--;
            providerBytes -= bytes;
        }
        slotCapacity -= slab.capacity;
    }

    /**
     * Records why a grow failed; null when a limit, not the provider, stopped it.
     */
    void growFailed(final Throwable cause)
    {
        growFailure = cause;
        growFailedAtProviderSlabs = providerSlabs;
        growFailedAtCallerSlabs = callerSlabs;
    }

    /**
     * @return why the last grow failed, or null when a limit, not the provider, stopped it.
     */
    Throwable growFailure()
    {
        return growFailure;
    }

    /**
     * @return the exception for an allocation that found no slot, with the last grow failure as its cause.
     */
    SlabExhaustedException exhausted(final String name, final int slotSize, final int maxSlabs)
    {
        final int provided = growFailedAtProviderSlabs;
        final String message = "cache '" + name + "' is exhausted: no free slot of " + slotSize + " bytes in " +
            (provided + growFailedAtCallerSlabs) + " slabs (" + provided + " from the provider, maxSlabs=" +
            maxSlabs + "; " + growFailedAtCallerSlabs + " attached)" +
            (null != growFailure ? "; growing failed: " + growFailure.getMessage() :
            provided >= maxSlabs ? "; raise maxSlabs, attach a buffer or free slots" :
            "; the cache holds the most slabs it can name (" + SlabTable.MAX_SLABS + ")");
        return null != growFailure ?
            new SlabExhaustedException(message, growFailure) : new SlabExhaustedException(message);
    }

    /**
     * Frees are not counted: they are the allocations less the slots still live, which are the slots out of the
     * slabs less those in magazines.
     *
     * @param magazines what the magazine path counted, or null without one.
     */
    SlabCacheStats snapshot(
        final String name, final int slotSize, final SlabBins bins, final MagazineCounts magazines)
    {
        long allAllocations = allocations;
        long inMagazines = 0;
        int threadCaches = 0;
        if (null != magazines)
        {
            allAllocations += magazines.allocations();
            inMagazines = magazines.slotsInMagazines();
            threadCaches = magazines.threads();
        }
        final long liveSlots = bins.usedSlots() - inMagazines;

        return new SlabCacheStats(
            name, slotSize, providerSlabs + callerSlabs, bins.freeSlabs(), bins.partialSlabs(), bins.fullSlabs(),
            bins.drainingSlabs(), providerSlabs, callerSlabs, providerBytes, callerBytes, slotCapacity,
            liveSlots, inMagazines, threadCaches, usedSlotsHighWater, slabsHighWater,
            allAllocations, allAllocations - liveSlots, grows, releases, failedAllocations);
    }

    /**
     * What the magazine path adds to a snapshot.
     *
     * @param allocations      allocations made through magazines and by threads without them.
     * @param slotsInMagazines free slots out of the slabs, in magazines.
     * @param threads          threads with magazines of their own.
     */
    record MagazineCounts(long allocations, long slotsInMagazines, int threads)
    {
    }
}

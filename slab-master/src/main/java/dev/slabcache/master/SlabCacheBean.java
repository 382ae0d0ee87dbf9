/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * A {@link SlabCache} seen through {@link SlabCacheMXBean}: each attribute from a fresh snapshot.
 */
final class SlabCacheBean implements SlabCacheMXBean
{
    private final SlabCache cache;

    SlabCacheBean(final SlabCache cache)
    {
        this.cache = cache;
    }

    @Override
    public String getName()
    {
        return cache.stats().name();
    }

    @Override
    public int getSlotSize()
    {
        return cache.stats().slotSize();
    }

    @Override
    public int getSlabs()
    {
        return cache.stats().slabs();
    }

    @Override
    public int getFreeSlabs()
    {
        return cache.stats().freeSlabs();
    }

    @Override
    public int getPartialSlabs()
    {
        return cache.stats().partialSlabs();
    }

    @Override
    public int getFullSlabs()
    {
        return cache.stats().fullSlabs();
    }

    @Override
    public int getDrainingSlabs()
    {
        return cache.stats().drainingSlabs();
    }

    @Override
    public int getProviderSlabs()
    {
        return cache.stats().providerSlabs();
    }

    @Override
    public int getCallerSlabs()
    {
        return cache.stats().callerSlabs();
    }

    @Override
    public long getProviderBytes()
    {
        return cache.stats().providerBytes();
    }

    @Override
    public long getCallerBytes()
    {
        return cache.stats().callerBytes();
    }

    @Override
    public long getBytesHeld()
    {
        return cache.stats().bytesHeld();
    }

    @Override
    public long getBytesInUse()
    {
        return cache.stats().bytesInUse();
    }

    @Override
    public long getBytesIdle()
    {
        return cache.stats().bytesIdle();
    }

    @Override
    public long getSlotCapacity()
    {
        return cache.stats().slotCapacity();
    }

    @Override
    public long getSlotsInUse()
    {
        return cache.stats().slotsInUse();
    }

    @Override
    public long getSlotsInMagazines()
    {
        return cache.stats().slotsInMagazines();
    }

    @Override
    public int getThreadCaches()
    {
        return cache.stats().threadCaches();
    }

    @Override
    public long getUsedSlotsHighWater()
    {
        return cache.stats().usedSlotsHighWater();
    }

    @Override
    public int getSlabsHighWater()
    {
        return cache.stats().slabsHighWater();
    }

    @Override
    public long getAllocations()
    {
        return cache.stats().allocations();
    }

    @Override
    public long getFrees()
    {
        return cache.stats().frees();
    }

    @Override
    public long getGrows()
    {
        return cache.stats().grows();
    }

    @Override
    public long getReleases()
    {
        return cache.stats().releases();
    }

    @Override
    public long getFailedAllocations()
    {
        return cache.stats().failedAllocations();
    }

    @Override
    public int trim()
    {
        return cache.trim();
    }
}

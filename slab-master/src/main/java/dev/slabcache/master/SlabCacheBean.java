/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * A {@link SlabCache} seen through {@link SlabCacheMXBean}: each attribute from a fresh snapshot.
 */
final class SlabCacheBean implements SlabCacheMXBean
{
    private final CacheCore cache;

    SlabCacheBean(final CacheCore cache)
    {
        this.cache = cache;
    }

    @Override
    public String getName()
    {
        return cache.admin.stats().name();
    }

    @Override
    public int getSlotSize()
    {
        return cache.admin.stats().slotSize();
    }

    @Override
    public int getSlabs()
    {
        return cache.admin.stats().slabs();
    }

    @Override
    public int getFreeSlabs()
    {
        return cache.admin.stats().freeSlabs();
    }

    @Override
    public int getPartialSlabs()
    {
        return cache.admin.stats().partialSlabs();
    }

    @Override
    public int getFullSlabs()
    {
        return cache.admin.stats().fullSlabs();
    }

    @Override
    public int getDrainingSlabs()
    {
        return cache.admin.stats().drainingSlabs();
    }

    @Override
    public int getProviderSlabs()
    {
        return cache.admin.stats().providerSlabs();
    }

    @Override
    public int getCallerSlabs()
    {
        return cache.admin.stats().callerSlabs();
    }

    @Override
    public long getProviderBytes()
    {
        return cache.admin.stats().providerBytes();
    }

    @Override
    public long getCallerBytes()
    {
        return cache.admin.stats().callerBytes();
    }

    @Override
    public long getBytesHeld()
    {
        return cache.admin.stats().bytesHeld();
    }

    @Override
    public long getBytesInUse()
    {
        return cache.admin.stats().bytesInUse();
    }

    @Override
    public long getBytesIdle()
    {
        return cache.admin.stats().bytesIdle();
    }

    @Override
    public long getSlotCapacity()
    {
        return cache.admin.stats().slotCapacity();
    }

    @Override
    public long getSlotsInUse()
    {
        return cache.admin.stats().slotsInUse();
    }

    @Override
    public long getSlotsInMagazines()
    {
        return cache.admin.stats().slotsInMagazines();
    }

    @Override
    public int getThreadCaches()
    {
        return cache.admin.stats().threadCaches();
    }

    @Override
    public long getUsedSlotsHighWater()
    {
        return cache.admin.stats().usedSlotsHighWater();
    }

    @Override
    public int getSlabsHighWater()
    {
        return cache.admin.stats().slabsHighWater();
    }

    @Override
    public long getAllocations()
    {
        return cache.admin.stats().allocations();
    }

    @Override
    public long getFrees()
    {
        return cache.admin.stats().frees();
    }

    @Override
    public long getGrows()
    {
        return cache.admin.stats().grows();
    }

    @Override
    public long getReleases()
    {
        return cache.admin.stats().releases();
    }

    @Override
    public long getFailedAllocations()
    {
        return cache.admin.stats().failedAllocations();
    }

    @Override
    public int trim()
    {
        return cache.admin.trim();
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * A {@link SizeClassCache} seen through {@link SizeClassCacheMXBean}: each attribute from a fresh snapshot.
 */
final class SizeClassCacheBean implements SizeClassCacheMXBean
{
    private final SizeClassCache cache;

    SizeClassCacheBean(final SizeClassCache cache)
    {
        this.cache = cache;
    }

    @Override
    public String getName()
    {
        return cache.name();
    }

    @Override
    public int getClassCount()
    {
        return cache.classes().size();
    }

    @Override
    public int getPageSize()
    {
        return cache.stats().pageSize();
    }

    @Override
    public long getPages()
    {
        return cache.stats().pages();
    }

    @Override
    public int getPoolPagesInUse()
    {
        return cache.stats().pagesInUse();
    }

    @Override
    public int getPoolPageLimit()
    {
        return cache.stats().pageLimit();
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
    public long getSlotsInUse()
    {
        return cache.stats().slotsInUse();
    }

    @Override
    public long getFailedAllocations()
    {
        return cache.stats().failedAllocations();
    }

    @Override
    public long getPagesMoved()
    {
        return cache.stats().pagesMoved();
    }

    @Override
    public int trim()
    {
        return cache.trim();
    }
}

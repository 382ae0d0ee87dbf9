/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.master.CacheUnderTest.CacheCall;
import dev.slabcache.master.CacheUnderTest.HandleCall;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.function.Executable;

/**
 * A size-class cache of {@link SmallSizeClasses}' classes, seen through the handle contract of
 * {@link CacheUnderTest}: it allocates slots of the smallest class.
 */
final class SizeClassCacheUnderTest implements CacheUnderTest
{
    private final SizeClassCache cache;

    SizeClassCacheUnderTest(final SizeClassCache cache)
    {
        this.cache = cache;
    }

    @Override
    public String name()
    {
        return cache.name();
    }

    @Override
    public int slotsPerSlab()
    {
        return SmallSizeClasses.SMALL_PER_PAGE;
    }

    @Override
    public int slotLength()
    {
        return SmallSizeClasses.SMALL;
    }

    @Override
    public long allocate()
    {
        return cache.allocate(SmallSizeClasses.SMALL);
    }

    @Override
    public void free(final long handle)
    {
        cache.free(handle);
    }

    @Override
    public AtomicBuffer buffer(final long handle)
    {
        return cache.buffer(handle);
    }

    @Override
    public int offset(final long handle)
    {
        return cache.offset(handle);
    }

    @Override
    public SmallCaches.LongRecord wrap(final SmallCaches.LongRecord record, final long handle)
    {
        return record.wrap(cache, handle);
    }

    @Override
    public Object state()
    {
        return cache.stats();
    }

    @Override
    public void apply(final HandleCall call, final long handle)
    {
        switch (call)
        {
            case FREE -> cache.free(handle);
            case BUFFER -> cache.buffer(handle);
            case OFFSET -> cache.offset(handle);
            case FLYWEIGHT_WRAP -> wrap(new SmallCaches.LongRecord(), handle);
            case SLOT_SIZE -> cache.slotSize(handle);
            default -> throw new IllegalArgumentException(call + " is not a call of a size-class cache");
        }
    }

    @Override
    public Executable bind(final CacheCall call, final long handle)
    {
        return switch (call)
        {
            case ALLOCATE -> () -> cache.allocate(SmallSizeClasses.SMALL);
            case TRY_ALLOCATE -> () -> cache.tryAllocate(SmallSizeClasses.SMALL);
            case ALLOCATE_IN_A_CLASS_WITH_NO_PAGE -> () -> cache.tryAllocate(SmallSizeClasses.LARGE);
            case FREE -> () -> cache.free(handle);
            case BUFFER -> () -> cache.buffer(handle);
            case OFFSET -> () -> cache.offset(handle);
            case FLYWEIGHT_WRAP -> () -> new SmallCaches.LongRecord().wrap(cache, handle);
            case SLOT_SIZE -> () -> cache.slotSize(handle);
            case TRIM -> cache::trim;
            case STATS -> cache::stats;
            case MOVE_PAGE -> () -> cache.movePage(0, 1, (slot, buffer, offset) -> { });
            default -> throw new IllegalArgumentException(call + " is not a call of a size-class cache");
        };
    }

    @Override
    public CacheUnderTest sibling(final ThreadSafety mode)
    {
        return CacheUnderTest.of(SmallSizeClasses.smallCache(mode, cache.pagePool()));
    }

    @Override
    public void close()
    {
        cache.close();
    }
}

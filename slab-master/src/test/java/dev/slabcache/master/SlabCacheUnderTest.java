/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.master.CacheUnderTest.CacheCall;
import dev.slabcache.master.CacheUnderTest.HandleCall;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.function.Executable;

/**
 * A slab cache of {@link SmallCaches}' sizes, seen through the handle contract of {@link CacheUnderTest}.
 */
final class SlabCacheUnderTest implements CacheUnderTest
{
    private final SlabCache cache;

    SlabCacheUnderTest(final SlabCache cache)
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
        return SmallCaches.SLOTS_PER_SLAB;
    }

    @Override
    public int slotLength()
    {
        return cache.slotSize();
    }

    @Override
    public long allocate()
    {
        return cache.allocate();
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
        return SmallCaches.state(cache);
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
            case SLAB_OF -> cache.slabOf(handle);
            default -> throw new IllegalArgumentException(call + " is not a call of a slab cache");
        }
    }

    @Override
    public Executable bind(final CacheCall call, final long handle)
    {
        final Slab slab = cache.slabOf(handle);
        return switch (call)
        {
            case ALLOCATE -> cache::allocate;
            case TRY_ALLOCATE, ALLOCATE_IN_A_CLASS_WITH_NO_PAGE -> cache::tryAllocate;
            case FREE -> () -> cache.free(handle);
            case BUFFER -> () -> cache.buffer(handle);
            case OFFSET -> () -> cache.offset(handle);
            case FLYWEIGHT_WRAP -> () -> new SmallCaches.LongRecord().wrap(cache, handle);
            case SLAB_OF -> () -> cache.slabOf(handle);
            case ATTACH -> () -> cache.attach(SmallCaches.heapBuffer(SmallCaches.SLAB_SIZE));
            case ATTACH_REGION -> () -> cache.attach(
                SmallCaches.heapBuffer(2 * SmallCaches.SLAB_SIZE), SmallCaches.SLAB_SIZE, SmallCaches.SLAB_SIZE);
            case DETACH -> () -> cache.detach(slab);
            case DETACH_WHEN_EMPTY -> () -> cache.detachWhenEmpty(slab);
            case TRIM -> cache::trim;
            case STATS -> cache::stats;
            case SLAB_INFO -> cache::slabInfo;
            default -> throw new IllegalArgumentException(call + " is not a call of a slab cache");
        };
    }

    @Override
    public CacheUnderTest sibling(final ThreadSafety mode)
    {
        return CacheUnderTest.of(SmallCaches.build(mode));
    }

    @Override
    public void close()
    {
        cache.close();
    }
}

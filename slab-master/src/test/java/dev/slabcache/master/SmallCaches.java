/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.provider.Arguments;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Caches of 256-byte slabs of 16-byte slots, small enough that a test fills a slab in a few calls.
 */
final class SmallCaches
{
    static final int SLOT_SIZE = 16;
    static final int SLAB_SIZE = 256;
    static final int SLOTS_PER_SLAB = SLAB_SIZE / SLOT_SIZE;
    static final int GC_ATTEMPTS = 50;

    private SmallCaches()
    {
    }

    static SlabCacheBuilder builder(final ThreadSafety threadSafety, final SlabProvider provider)
    {
        return SlabCache.builder()
            .name("small-" + threadSafety)
            .slotSize(SLOT_SIZE)
            .slabSize(SLAB_SIZE)
            .provider(provider)
            .threadSafety(threadSafety);
    }

    static SlabCache build(final ThreadSafety threadSafety, final SlabProvider provider)
    {
        return builder(threadSafety, provider).build();
    }

    static SlabCache build(final ThreadSafety threadSafety)
    {
        return build(threadSafety, new RecordingProvider());
    }

    static long[] allocate(final SlabCache cache, final int count)
    {
        final long[] handles = new long[count];
        for (int i = 0; i < count; i++)
        {
            handles[i] = cache.allocate();
        }
        return handles;
    }

    /**
     * Allocates until a slot lands in {@code slab}, keeping the others allocated.
     */
    static long allocateFrom(final SlabCache cache, final Slab slab)
    {
        for (int i = 0; i < 10 * SLOTS_PER_SLAB; i++)
        {
            final long handle = cache.allocate();
            if (slab == cache.slabOf(handle))
            {
                return handle;
            }
        }
        throw new AssertionError("no allocation landed in " + slab);
    }

    static void free(final SlabCache cache, final long[] handles, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            cache.free(handles[i]);
        }
    }

    /**
     * @return {@code Executors.newVirtualThreadPerTaskExecutor}; the calling test is skipped before Java 21.
     */
    static Method virtualThreadExecutorFactory()
    {
        try
        {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        }
        catch (final NoSuchMethodException ex)
        {
            assumeTrue(false, "virtual threads need Java 21 or later");
            return null;
        }
    }

    static AtomicBuffer heapBuffer(final int length)
    {
        return new UnsafeBuffer(new byte[length]);
    }

    /**
     * Best effort: asks for a GC up to {@code attempts} times.
     *
     * @return true once the referent is gone.
     */
    static boolean collected(final WeakReference<?> reference, final int attempts) throws InterruptedException
    {
        for (int i = 0; i < attempts && null != reference.get(); i++)
        {
            System.gc();
            Thread.sleep(10);
        }
        return null == reference.get();
    }

    static CacheState state(final SlabCache cache)
    {
        return new CacheState(cache.stats(), cache.slabInfo());
    }

    /**
     * Every thread-safety mode paired with every call that takes the handle of a slab cache, for tests of bad
     * handles.
     */
    static Stream<Arguments> everyModeAndHandleCall()
    {
        return CacheUnderTest.Kind.SLAB_CACHE.everyModeAndHandleCall();
    }

    /**
     * What a test compares before and after a call that must change nothing.
     */
    record CacheState(SlabCacheStats stats, List<SlabInfo> slabs)
    {
    }

    /**
     * A two-field record over a 16-byte slot.
     */
    static final class LongRecord extends SlotFlyweight
    {
        static final int KEY_OFFSET = 0;
        static final int VALUE_OFFSET = 8;

        @Override
        public LongRecord wrap(final SlabCache cache, final long handle)
        {
            super.wrap(cache, handle);
            return this;
        }

        @Override
        public LongRecord wrap(final SizeClassCache cache, final long handle)
        {
            super.wrap(cache, handle);
            return this;
        }

        long key()
        {
            return buffer().getLong(offset() + KEY_OFFSET);
        }

        LongRecord key(final long key)
        {
            buffer().putLong(offset() + KEY_OFFSET, key);
            return this;
        }

        long value()
        {
            return buffer().getLong(offset() + VALUE_OFFSET);
        }

        LongRecord value(final long value)
        {
            buffer().putLong(offset() + VALUE_OFFSET, value);
            return this;
        }
    }
}

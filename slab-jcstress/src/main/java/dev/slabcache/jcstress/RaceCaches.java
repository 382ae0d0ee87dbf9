/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.core.SlabProvider;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlabCacheBuilder;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Builds the tiny caches the races run on, one per jcstress state, and compares slot addresses.
 * <p>
 * jcstress builds all {@code strideSize x strideCount} states of a run before its threads start (its stride
 * estimator up to a fifth more), and builds a fresh state only after running the arbiter of the one it replaces.
 * Each state holds an open cache until its arbiter closes it; a JVM has no limit on open caches.
 */
final class RaceCaches
{
    /**
     * Bytes in a slot: eight longs.
     */
    static final int SLOT_SIZE = 64;

    private RaceCaches()
    {
    }

    /**
     * @param threadSafety how the racing threads reach the cache.
     * @param slots        slots in each slab the cache grows by.
     * @return a builder of a cache of {@value #SLOT_SIZE}-byte slots over heap slabs, cheap to build and drop.
     */
    static SlabCacheBuilder builder(final ThreadSafety threadSafety, final int slots)
    {
        return SlabCache.builder()
            .name("jcstress-" + threadSafety)
            .threadSafety(threadSafety)
            .provider(SlabProvider.heap())
            .slotSize(SLOT_SIZE)
            .slabSize(slots * SLOT_SIZE);
    }

    /**
     * @param cache   the cache both handles belong to.
     * @param handle  a live handle.
     * @param buffer  the buffer of another slot.
     * @param offset  where that other slot starts in {@code buffer}.
     * @return true when {@code handle} names the same memory as the other slot.
     */
    static boolean isSlotAt(final SlabCache cache, final long handle, final AtomicBuffer buffer, final int offset)
    {
        final AtomicBuffer handleBuffer = cache.buffer(handle);
        return handleBuffer.byteArray() == buffer.byteArray() &&
            handleBuffer.addressOffset() + cache.offset(handle) == buffer.addressOffset() + offset;
    }
}

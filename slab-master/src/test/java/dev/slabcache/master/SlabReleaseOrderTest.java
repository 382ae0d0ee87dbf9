/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path that gives a slab's memory back to the default provider, which frees it at once, first unlinks the
 * slab: when the provider is called, no list, table entry, magazine or count of the cache reaches the slab, and
 * afterwards its buffer reaches no memory.
 */
class SlabReleaseOrderTest
{
    private final UnlinkCheckingProvider provider = new UnlinkCheckingProvider();
    private SlabCache cache;

    @AfterEach
    void closeAndCheck()
    {
        if (null != cache)
        {
            cache.close();
        }
        assertEquals(List.of(), provider.violations);
        for (final Slab slab : provider.released)
        {
            assertEquals(0, slab.buffer().capacity(), slab::toString);
            assertThrows(IndexOutOfBoundsException.class, () -> slab.buffer().getInt(0), slab::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldUnlinkEverySlabBeforeTrimReleasesIt(final ThreadSafety mode)
    {
        cache = build(mode, 3);
        final long[] handles = allocate(3 * SLOTS_PER_SLAB);
        SmallCaches.free(cache, handles, 0, handles.length);

        assertEquals(3, cache.trim());
        assertEquals(3, provider.released.size());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldUnlinkASlabBeforeDetachReleasesIt(final ThreadSafety mode)
    {
        cache = build(mode, 1);
        final long[] handles = allocate(SLOTS_PER_SLAB);
        final Slab slab = cache.slabOf(handles[0]);
        SmallCaches.free(cache, handles, 0, handles.length);

        cache.detach(slab);

        assertEquals(List.of(slab), provider.released);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldUnlinkADrainingSlabBeforeItsLastFreeReleasesIt(final ThreadSafety mode)
    {
        cache = build(mode, 1);
        final long[] handles = allocate(SLOTS_PER_SLAB);
        final Slab slab = cache.slabOf(handles[0]);
        final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);
        SmallCaches.free(cache, handles, 0, handles.length - 1);
        assertEquals(List.of(), provider.released);

        cache.free(handles[handles.length - 1]);

        assertTrue(detached.isDone());
        assertEquals(List.of(slab), provider.released);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldUnlinkASlabBeforeAFreeThatEmptiesItBeyondTheRetainedReleasesIt(final ThreadSafety mode)
    {
        cache = SmallCaches.builder(mode, provider).retainEmptySlabs(0).magazineSize(1).depotMagazines(0).build();
        final long[] handles = allocate(2 * SLOTS_PER_SLAB);

        SmallCaches.free(cache, handles, 0, handles.length);

        assertTrue(provider.released.size() >= (ThreadSafety.MAGAZINES == mode ? 1 : 2), provider.released::toString);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldUnlinkEmptySlabsBeforeCloseReleasesThemAndKeepSlabsWithLiveSlots(final ThreadSafety mode)
    {
        cache = build(mode, 2);
        final long[] handles = allocate(2 * SLOTS_PER_SLAB);
        final Slab kept = cache.slabOf(handles[0]);
        final Slab emptied = cache.slabOf(handles[SLOTS_PER_SLAB]);
        SmallCaches.free(cache, handles, 1, handles.length);

        cache.close();

        assertEquals(List.of(emptied), provider.released);
        assertEquals(SLAB_SIZE, kept.buffer().capacity(), "a slab with a live slot keeps its memory");
        kept.buffer().putLong(0, 7L);
        cache = null;
    }

    private SlabCache build(final ThreadSafety mode, final int retainEmptySlabs)
    {
        final SlabCache built = SmallCaches.builder(mode, provider).retainEmptySlabs(retainEmptySlabs).build();
        provider.cache = built;
        return built;
    }

    /**
     * Allocates and tells the provider which slab each buffer it made belongs to.
     */
    private long[] allocate(final int count)
    {
        provider.cache = cache;
        final long[] handles = SmallCaches.allocate(cache, count);
        for (final long handle : handles)
        {
            final Slab slab = cache.slabOf(handle);
            provider.slabs.put(slab.buffer(), slab);
        }
        return handles;
    }

    /**
     * The default provider, checking at each release that the cache no longer reaches the slab. Calls back into the
     * cache from under its lock, which is reentrant.
     */
    private static final class UnlinkCheckingProvider implements SlabProvider
    {
        private final SlabProvider direct = SlabProvider.direct();
        private final Map<AtomicBuffer, Slab> slabs = new IdentityHashMap<>();
        private final List<Slab> released = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private SlabCache cache;

        @Override
        public AtomicBuffer allocate(final int capacity, final int alignment)
        {
            assertEquals(SLAB_SIZE, capacity);
            return direct.allocate(capacity, alignment);
        }

        @Override
        public void release(final AtomicBuffer buffer)
        {
            final Slab slab = slabs.get(buffer);
            if (null == slab)
            {
                violations.add("released a buffer of no slab the test saw: " + buffer);
            }
            else
            {
                check(slab);
                released.add(slab);
            }
            direct.release(buffer);
        }

        private void check(final Slab slab)
        {
            if (slab.isAttached() || 0 != slab.usedSlots() || 0 != slab.liveSlots() || 0 != slab.slotsInMagazines())
            {
                violations.add("released while still linked or in use: " + slab);
            }
            if (!cache.slabInfo().stream().filter((info) -> info.id() == slab.id()).toList().isEmpty())
            {
                violations.add("released while the cache still lists it: " + slab);
            }
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.slabcache.core.SlabInUseException;
import dev.slabcache.master.SmallCaches.CacheState;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.GC_ATTEMPTS;
import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.allocateFrom;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.collected;
import static dev.slabcache.master.SmallCaches.free;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static dev.slabcache.master.SmallCaches.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detaching slabs at once with {@link SlabCache#detach(Slab)} or once empty with
 * {@link SlabCache#detachWhenEmpty(Slab)}, for callers' buffers and provider slabs alike. Every test runs in
 * every mode: a slot the caller freed is not live, whatever a magazine does with it.
 */
class SlabCacheDetachTest
{
    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRefuseToDetachASlabWithALiveSlotChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long[] handles = allocate(cache, 2);
            cache.free(handles[0]);
            final CacheState before = state(cache);

            assertThrows(SlabInUseException.class, () -> cache.detach(slab));
            assertEquals(before, state(cache));
            assertTrue(slab.isAttached());
            assertSame(slab, cache.slabOf(handles[1]));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldDetachACallerSlabOnceEverySlotIsFreed(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            free(cache, allocate(cache, SLOTS_PER_SLAB), 0, SLOTS_PER_SLAB);

            cache.detach(slab);

            assertFalse(slab.isAttached());
            final SlabCacheStats stats = cache.stats();
            assertEquals(0, stats.slabs());
            assertEquals(0, stats.callerSlabs());
            assertEquals(0, stats.callerBytes());
            assertEquals(0, stats.slotCapacity());
            assertTrue(cache.slabInfo().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeNoAllocationFromADetachedSlab(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            cache.free(cache.allocate());
            cache.detach(slab);

            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldHoldNoReferenceToADetachedCallerBuffer(final ThreadSafety mode) throws InterruptedException
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final WeakReference<byte[]> attached = attachAndUse(cache);
            assertFalse(collected(attached, 3), "the cache must hold the buffer while it is attached");

            detachAll(cache);

            assertTrue(collected(attached, GC_ATTEMPTS), "the buffer is still reachable after detach");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachingASlabOfAnotherCacheChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).name("mine").build();
            SlabCache other = builder(mode, new RecordingProvider()).name("theirs").build())
        {
            cache.attach(heapBuffer(SLAB_SIZE));
            final Slab foreign = other.attach(heapBuffer(SLAB_SIZE));
            final CacheState before = state(cache);
            final CacheState otherBefore = state(other);

            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> cache.detach(foreign));
            assertTrue(ex.getMessage().contains("'theirs'") && ex.getMessage().contains("'mine'"), ex.getMessage());
            assertEquals(before, state(cache));
            assertEquals(otherBefore, state(other));
            assertTrue(foreign.isAttached());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachingASlabTwiceChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            cache.attach(heapBuffer(SLAB_SIZE));
            cache.detach(slab);
            final CacheState before = state(cache);

            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> cache.detach(slab));
            assertTrue(ex.getMessage().contains("already detached"), ex.getMessage());
            assertEquals(before, state(cache));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachingNullChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            cache.attach(heapBuffer(SLAB_SIZE));
            final CacheState before = state(cache);

            assertThrows(IllegalArgumentException.class, () -> cache.detach(null));
            assertThrows(IllegalArgumentException.class, () -> cache.detachWhenEmpty(null));
            assertEquals(before, state(cache));
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveADetachedProviderSlabsMemoryBackToTheProvider(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            final long handle = cache.allocate();
            final Slab slab = cache.slabOf(handle);
            final AtomicBuffer memory = slab.buffer();
            cache.free(handle);

            cache.detach(slab);

            assertTrue(provider.wasReleased(memory));
            assertEquals(1, cache.stats().releases());
            assertEquals(0, cache.stats().providerSlabs());
            assertEquals(0, cache.stats().providerBytes());
            assertFalse(slab.isAttached());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCompleteDetachWhenEmptyOnlyOnceTheLastSlotIsFreed(final ThreadSafety mode) throws Exception
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long[] handles = allocate(cache, 3);

            final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);
            cache.free(handles[0]);
            cache.free(handles[1]);
            assertFalse(detached.isDone());
            assertTrue(slab.isAttached());
            assertTrue(slab.isDraining());

            cache.free(handles[2]);
            assertTrue(detached.isDone());
            assertSame(slab, detached.get());
            assertFalse(slab.isAttached());
            assertEquals(0, cache.stats().slabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeNoAllocationFromASlabOnceDetachWhenEmptyIsCalled(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab draining = cache.attach(heapBuffer(SLAB_SIZE));
            final long[] live = allocate(cache, 2);
            cache.free(live[1]);
            cache.detachWhenEmpty(draining);
            final Slab other = cache.attach(heapBuffer(SLAB_SIZE));

            for (final long handle : allocate(cache, SLOTS_PER_SLAB))
            {
                assertSame(other, cache.slabOf(handle));
            }
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
            assertEquals(1, cache.stats().drainingSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldKeepADrainingSlabDrainingWhileSomeSlotsAreLive(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long[] handles = allocate(cache, SLOTS_PER_SLAB);
            cache.detachWhenEmpty(slab);

            free(cache, handles, 0, SLOTS_PER_SLAB - 1);

            final SlabCacheStats stats = cache.stats();
            assertEquals(1, stats.drainingSlabs());
            assertEquals(0, stats.partialSlabs());
            assertEquals(0, stats.fullSlabs());
            assertEquals(0, stats.freeSlabs());
            assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCompleteDetachWhenEmptyAtOnceForAnEmptySlab(final ThreadSafety mode) throws Exception
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));

            final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);

            assertTrue(detached.isDone());
            assertSame(slab, detached.get());
            assertFalse(slab.isAttached());
            assertEquals(0, cache.stats().callerSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReturnTheSameFutureWhenDetachWhenEmptyIsCalledTwice(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            final long handle = allocateFrom(cache, slab);

            final CompletableFuture<Slab> first = cache.detachWhenEmpty(slab);
            final CompletableFuture<Slab> second = cache.detachWhenEmpty(slab);

            assertSame(first, second);
            cache.free(handle);
            assertTrue(first.isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldCompleteDetachWhenEmptyExceptionallyWhenTheCacheClosesFirst(final ThreadSafety mode)
    {
        final SlabCache cache = build(mode);
        final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
        allocateFrom(cache, slab);
        final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);

        cache.close();

        assertTrue(detached.isCompletedExceptionally());
        final ExecutionException ex = assertThrows(ExecutionException.class, detached::get);
        assertInstanceOf(IllegalStateException.class, ex.getCause());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveADrainingProviderSlabsMemoryBackWhenItsLastSlotIsFreed(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            final long[] handles = allocate(cache, 2);
            final Slab slab = cache.slabOf(handles[0]);
            final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);
            cache.free(handles[0]);
            assertFalse(provider.wasReleased(slab.buffer()));

            cache.free(handles[1]);

            assertTrue(detached.isDone());
            assertTrue(provider.wasReleased(slab.buffer()));
            assertEquals(1, cache.stats().releases());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachWhenEmptyOfASlabOfAnotherCacheChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode); SlabCache other = build(mode))
        {
            final Slab foreign = other.attach(heapBuffer(SLAB_SIZE));
            final CacheState otherBefore = state(other);

            assertThrows(IllegalArgumentException.class, () -> cache.detachWhenEmpty(foreign));
            assertEquals(otherBefore, state(other));
            assertFalse(foreign.isDraining());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachWhenEmptyOfADetachedSlab(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            cache.detach(slab);

            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> cache.detachWhenEmpty(slab));
            assertTrue(ex.getMessage().contains("already detached"), ex.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRejectDetachingADrainingSlabWithLiveSlotsChangingNothing(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));
            allocateFrom(cache, slab);
            final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);
            final CacheState before = state(cache);

            assertThrows(SlabInUseException.class, () -> cache.detach(slab));
            assertEquals(before, state(cache));
            assertFalse(detached.isDone());
        }
    }

    /**
     * Attaches a heap buffer, allocates and frees one of its slots, and keeps no reference to it but a weak one.
     */
    private static WeakReference<byte[]> attachAndUse(final SlabCache cache)
    {
        final byte[] array = new byte[1 << 20];
        cache.attach(new UnsafeBuffer(array));
        final long handle = cache.allocate();
        cache.buffer(handle).putLong(cache.offset(handle), 7);
        cache.free(handle);
        return new WeakReference<>(array);
    }

    private static void detachAll(final SlabCache cache)
    {
        final long handle = cache.allocate();
        final Slab slab = cache.slabOf(handle);
        cache.free(handle);
        cache.detach(slab);
    }
}

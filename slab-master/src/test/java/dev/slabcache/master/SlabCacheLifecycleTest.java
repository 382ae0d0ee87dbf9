/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import dev.slabcache.master.CacheUnderTest.CacheCall;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.slabcache.master.SmallCaches.GC_ATTEMPTS;
import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.build;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.collected;
import static dev.slabcache.master.SmallCaches.free;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Empty slabs kept or given back ({@code retainEmptySlabs}, {@link SlabCache#trim()}), and closing.
 * <p>
 * Tests of when a slab emptied by frees goes back to the provider run in the modes without magazines, where a
 * freed slot goes straight back to its slab. Closing must behave the same in every mode.
 */
class SlabCacheLifecycleTest
{
    static Stream<Arguments> everyModeAndCacheCall()
    {
        return CacheUnderTest.Kind.SLAB_CACHE.everyModeAndCacheCall();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldKeepOneEmptyProviderSlabByDefault(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);

            free(cache, handles, 0, handles.length);

            assertEquals(1, cache.stats().freeSlabs());
            assertEquals(1, cache.stats().providerSlabs());
            assertEquals(2, cache.stats().releases());
            assertEquals(2, provider.released());
            assertEquals(1, provider.outstanding());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldGiveBackAProviderSlabThatEmptiesBeyondRetainEmptySlabsAtOnce(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).retainEmptySlabs(2).build())
        {
            final long[] handles = allocate(cache, 4 * SLOTS_PER_SLAB);
            final AtomicBuffer third = cache.buffer(handles[2 * SLOTS_PER_SLAB]);
            free(cache, handles, 0, 2 * SLOTS_PER_SLAB);
            assertEquals(0, provider.released());
            assertEquals(2, cache.stats().freeSlabs());

            free(cache, handles, 2 * SLOTS_PER_SLAB, 3 * SLOTS_PER_SLAB);

            assertTrue(provider.wasReleased(third));
            assertEquals(1, cache.stats().releases());
            assertEquals(2, cache.stats().freeSlabs());
            assertEquals(3, cache.stats().providerSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldKeepNoEmptyProviderSlabWhenRetainEmptySlabsIsZero(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).retainEmptySlabs(0).build())
        {
            final long handle = cache.allocate();
            final AtomicBuffer memory = cache.buffer(handle);

            cache.free(handle);

            assertTrue(provider.wasReleased(memory));
            assertEquals(0, cache.stats().slabs());
            assertEquals(1, cache.stats().releases());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldKeepAnEmptiedCallerSlabWhateverRetainEmptySlabsSays(final ThreadSafety mode)
    {
        try (SlabCache cache = builder(mode, new RecordingProvider()).retainEmptySlabs(0).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));

            free(cache, allocate(cache, SLOTS_PER_SLAB), 0, SLOTS_PER_SLAB);

            assertTrue(slab.isAttached());
            assertEquals(1, cache.stats().freeSlabs());
            assertEquals(0, cache.stats().releases());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"SINGLE_OWNER", "LOCKED"})
    void shouldTrimEveryEmptyProviderSlabAndSayHowMany(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = builder(mode, provider).retainEmptySlabs(5).build())
        {
            final long[] handles = allocate(cache, 4 * SLOTS_PER_SLAB);
            free(cache, handles, 0, 3 * SLOTS_PER_SLAB + 1);
            final Slab caller = cache.attach(heapBuffer(SLAB_SIZE));
            assertEquals(4, cache.stats().freeSlabs());

            assertEquals(3, cache.trim());

            assertEquals(3, provider.released());
            assertEquals(3, cache.stats().releases());
            assertEquals(2, cache.stats().slabs());
            assertEquals(1, cache.stats().partialSlabs());
            assertTrue(caller.isAttached());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverTrimACallerSlab(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            final Slab slab = cache.attach(heapBuffer(SLAB_SIZE));

            assertEquals(0, cache.trim());

            assertTrue(slab.isAttached());
            assertEquals(1, cache.stats().callerSlabs());
            assertEquals(1, cache.stats().freeSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldTrimNothingWhileEveryProviderSlabHasLiveSlots(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        try (SlabCache cache = build(mode, provider))
        {
            allocate(cache, 2 * SLOTS_PER_SLAB + 1);

            assertEquals(0, cache.trim());

            assertEquals(0, provider.released());
            assertEquals(3, cache.stats().providerSlabs());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldGiveBackEveryProviderSlabWithNoLiveSlotOnClose(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        final SlabCache cache = builder(mode, provider).retainEmptySlabs(5).build();
        final long[] handles = allocate(cache, 3 * SLOTS_PER_SLAB);
        final AtomicBuffer second = cache.buffer(handles[SLOTS_PER_SLAB]);
        final AtomicBuffer third = cache.buffer(handles[2 * SLOTS_PER_SLAB]);
        free(cache, handles, 1, 3 * SLOTS_PER_SLAB);

        cache.close();

        assertTrue(provider.wasReleased(second));
        assertTrue(provider.wasReleased(third));
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldNeverGiveBackAProviderSlabWithLiveSlotsOnClose(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        final SlabCache cache = build(mode, provider);
        final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
        final AtomicBuffer first = cache.buffer(handles[0]);
        free(cache, handles, 1, 2 * SLOTS_PER_SLAB);

        cache.close();

        assertFalse(provider.wasReleased(first));
        assertEquals(1, provider.outstanding());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldReportLiveSlotsInTheCloseReport(final ThreadSafety mode)
    {
        final SlabCache cache = build(mode);
        final long[] handles = allocate(cache, SLOTS_PER_SLAB + 5);
        free(cache, handles, 0, 3);

        cache.close();

        final SlabCacheStats report = cache.closeReport();
        assertEquals(SLOTS_PER_SLAB + 2, report.slotsInUse());
        assertEquals(SLOTS_PER_SLAB + 5, report.allocations());
        assertEquals(3, report.frees());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLogTheLiveSlotsOfEachSlabOnClose(final ThreadSafety mode)
    {
        final SlabCache cache = builder(mode, new CountingProvider()).name("logged").build();
        final long[] handles = allocate(cache, SLOTS_PER_SLAB + 2);
        free(cache, handles, 0, 1);

        final List<String> messages = CloseLog.capture(cache::close);

        assertEquals(1, messages.size(), messages::toString);
        final String message = messages.get(0);
        assertTrue(message.startsWith(
            "SlabCache 'logged' closed with " + (SLOTS_PER_SLAB + 1) + " live slots in 2 slabs; the first 2:"),
            message);
        assertEquals(2, message.lines().filter((line) -> line.contains(" in magazines ")).count(), message);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldLogTheFirstFewSlabsWithLiveSlotsOnCloseAndListThemAllInTheCloseListing(final ThreadSafety mode)
    {
        final int slabs = 3 * SlabCache.CLOSE_WARNING_SLABS;
        final SlabCache cache = builder(mode, new CountingProvider()).name("many").retainEmptySlabs(0).build();
        final long[] handles = allocate(cache, slabs * SLOTS_PER_SLAB);
        for (int i = 1; i < handles.length; i += 2)
        {
            cache.free(handles[i]);
        }

        final List<String> messages = CloseLog.capture(cache::close);

        assertEquals(1, messages.size(), messages::toString);
        final String message = messages.get(0);
        assertTrue(message.startsWith("SlabCache 'many' closed with " + slabs * SLOTS_PER_SLAB / 2 + " live slots in " +
            slabs + " slabs (the other " + (slabs - SlabCache.CLOSE_WARNING_SLABS) + " at level DEBUG); the first " +
            SlabCache.CLOSE_WARNING_SLABS + ":"),
            message);
        assertEquals(SlabCache.CLOSE_WARNING_SLABS,
            message.lines().filter((line) -> line.contains(" in magazines ")).count(), message);
        final List<SlabInfo> listing = cache.closeListing();
        assertEquals(slabs, listing.size());
        for (final SlabInfo info : listing)
        {
            assertEquals(SLOTS_PER_SLAB / 2, info.liveSlots(), info::toString);
        }
    }

    @Test
    void shouldLogTheOtherSlabsWithLiveSlotsOnCloseAtDebugLevel()
    {
        final int slabs = SlabCache.CLOSE_WARNING_SLABS + 3;
        final SlabCache cache =
            builder(ThreadSafety.SINGLE_OWNER, new CountingProvider()).name("the-rest").retainEmptySlabs(0).build();
        allocate(cache, slabs * SLOTS_PER_SLAB);

        final List<String> messages = CloseLog.capture(cache::close, Level.FINE);

        assertEquals(2, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("slabs (the other 3 at level DEBUG); the first "), messages.get(0));
        final String rest = messages.get(1);
        assertTrue(rest.startsWith("SlabCache 'the-rest' closed with live slots in 3 more slabs:"), rest);
        assertEquals(3, rest.lines().filter((line) -> line.contains(" in magazines ")).count(), rest);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldHaveAnEmptyCloseListingAfterACleanCloseAndNoneWhileOpen(final ThreadSafety mode)
    {
        final SlabCache cache = build(mode);
        cache.free(cache.allocate());
        assertThrows(IllegalStateException.class, cache::closeListing);

        assertTrue(CloseLog.capture(cache::close).isEmpty());
        assertTrue(cache.closeListing().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldMarkEverySlabDetachedOnClose(final ThreadSafety mode)
    {
        final SlabCache cache = build(mode);
        final Slab caller = cache.attach(heapBuffer(SLAB_SIZE));
        final long[] handles = allocate(cache, 2 * SLOTS_PER_SLAB);
        final Slab provided = cache.slabOf(handles[2 * SLOTS_PER_SLAB - 1]);
        assertFalse(provided.isCallerOwned());

        cache.close();

        assertFalse(caller.isAttached());
        assertFalse(provided.isAttached());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldHoldNoReferenceToACallerBufferAfterClose(final ThreadSafety mode) throws InterruptedException
    {
        final SlabCache cache = build(mode);
        final WeakReference<byte[]> attached = attachWithALiveSlot(cache);
        assertFalse(collected(attached, 3), "the cache must hold the buffer while it is open");

        cache.close();

        assertTrue(collected(attached, GC_ATTEMPTS), "the buffer is still reachable after close");
    }

    @ParameterizedTest
    @MethodSource("everyModeAndCacheCall")
    void shouldRejectEveryCallAfterCloseThroughACallerSlabLeavingTheCloseReportAsItWas(
        final ThreadSafety mode, final CacheCall call)
    {
        final SlabCache cache = build(mode);
        cache.attach(heapBuffer(SLAB_SIZE));
        final Executable closed = CacheUnderTest.of(cache).bind(call, cache.allocate());

        cache.close();

        assertThrows(IllegalStateException.class, closed);
        assertEquals(1, cache.closeReport().slotsInUse());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldDoNothingWhenClosedTwice(final ThreadSafety mode)
    {
        final RecordingProvider provider = new RecordingProvider();
        final SlabCache cache = build(mode, provider);
        free(cache, allocate(cache, 2 * SLOTS_PER_SLAB), SLOTS_PER_SLAB, 2 * SLOTS_PER_SLAB);
        cache.close();
        final SlabCacheStats report = cache.closeReport();
        final long released = provider.released();

        assertDoesNotThrow(cache::close);

        assertSame(report, cache.closeReport());
        assertEquals(released, provider.released());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAnswerWhatTheBuilderFixedAndTheCloseReportsAfterClose(final ThreadSafety mode)
    {
        final SlabCache cache = builder(mode, new RecordingProvider()).debug(true).build();
        cache.allocate();

        cache.close();

        assertEquals("small-" + mode, cache.name());
        assertEquals(SmallCaches.SLOT_SIZE, cache.slotSize());
        assertSame(mode, cache.threadSafety());
        assertTrue(cache.isDebug());
        assertTrue(cache.toString().startsWith("SlabCache{name='small-" + mode + "'"), cache::toString);
        assertEquals(1, cache.closeReport().slotsInUse());
        assertEquals(1, cache.closeListing().size());
        assertEquals(1, cache.leakReport().size(), "the live slot's site");
        assertEquals(0, cache.quarantinedSlots());
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldRefuseTheCloseReportWhileOpen(final ThreadSafety mode)
    {
        try (SlabCache cache = build(mode))
        {
            assertThrows(IllegalStateException.class, cache::closeReport);
        }
    }

    private static WeakReference<byte[]> attachWithALiveSlot(final SlabCache cache)
    {
        final byte[] array = new byte[1 << 20];
        cache.attach(new UnsafeBuffer(array));
        cache.allocate();
        return new WeakReference<>(array);
    }
}

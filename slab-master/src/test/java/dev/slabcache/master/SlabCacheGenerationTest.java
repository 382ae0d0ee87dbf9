/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.slabcache.core.InvalidHandleException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.slabcache.master.SmallCaches.SLOTS_PER_SLAB;
import static dev.slabcache.master.SmallCaches.allocate;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.free;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot's generation moves by exactly one each time the slot passes from one caller to the next, whichever way it
 * went between them, so a handle kept after its free is rejected through the next 255 reuses of its slot, as
 * {@link SlotHandle#GENERATIONS} promises, and is taken for the new holder's only at the 256th.
 */
class SlabCacheGenerationTest
{
    /**
     * The ways a slot goes from the caller that frees it to the next caller.
     */
    enum Reuse
    {
        /** Freed straight into its segment and taken from it, without a lock. */
        SINGLE_OWNER(ThreadSafety.SINGLE_OWNER),
        /** Freed straight into its segment and taken from it, under the lock. */
        LOCKED(ThreadSafety.LOCKED),
        /** Freed into this thread's magazine and popped from it. */
        MAGAZINE(ThreadSafety.MAGAZINES),
        /** Freed into this thread's magazine, taken back into the slab by {@code trim()}, refilled from it. */
        TRIM(ThreadSafety.MAGAZINES),
        /** Freed by another thread, still running, into its magazine, which {@code trim()} sweeps to the slab. */
        SWEPT_FROM_OTHER_THREAD(ThreadSafety.MAGAZINES),
        /** Freed and taken by a virtual thread, which has no magazines: straight to and from the slab. */
        VIRTUAL_THREAD(ThreadSafety.MAGAZINES);

        final ThreadSafety mode;

        Reuse(final ThreadSafety mode)
        {
            this.mode = mode;
        }

        /**
         * Frees {@code handle} this way and allocates again.
         *
         * @param other the thread that frees for {@link #SWEPT_FROM_OTHER_THREAD}.
         */
        long freeAndAllocate(final SlabCache cache, final long handle, final ExecutorService other) throws Exception
        {
            if (SWEPT_FROM_OTHER_THREAD == this)
            {
                other.submit(() -> cache.free(handle)).get();
                cache.trim();
            }
            else
            {
                cache.free(handle);
                if (TRIM == this)
                {
                    cache.trim();
                }
            }
            return cache.allocate();
        }
    }

    /**
     * A test body that may throw.
     */
    @FunctionalInterface
    interface Body
    {
        void run() throws Exception;
    }

    static Stream<Arguments> everyReuseInAndOutOfDebugMode()
    {
        return Stream.of(Reuse.values()).flatMap((reuse) -> Stream.of(Arguments.of(reuse, false),
            Arguments.of(reuse, true)));
    }

    @ParameterizedTest(name = "{0}, debug={1}")
    @MethodSource("everyReuseInAndOutOfDebugMode")
    void shouldMoveTheGenerationByOnePerReuseSoAStaleHandleIsRejectedUntilTheGenerationWraps(
        final Reuse reuse, final boolean debug) throws Exception
    {
        final ExecutorService other = Executors.newSingleThreadExecutor();
        try (SlabCache cache = builder(reuse.mode, new RecordingProvider()).maxSlabs(1).debug(debug).build())
        {
            onThreadOf(reuse, () ->
            {
                // Every other slot of the only slab stays live, so each allocation below takes the one slot freed.
                final long[] others = allocate(cache, SLOTS_PER_SLAB - 1);
                final long first = cache.allocate();
                long handle = first;
                for (int reuses = 1; reuses < SlotHandle.GENERATIONS; reuses++)
                {
                    handle = reuse.freeAndAllocate(cache, handle, other);
                    final String after = "after " + reuses + " reuses";
                    assertEquals(SlotHandle.slot(first), SlotHandle.slot(handle), after);
                    assertEquals((SlotHandle.generation(first) + reuses) % SlotHandle.GENERATIONS,
                        SlotHandle.generation(handle), after);
                    final InvalidHandleException stale =
                        assertThrows(InvalidHandleException.class, () -> cache.offset(first), after);
                    assertTrue(stale.getMessage().contains("stale"), stale::getMessage);
                }

                // The 256th reuse brings the generation round to the stale handle's: the new holder's handle is the
                // stale one, bit for bit, so the stale handle names the slot again. That is the documented limit.
                handle = reuse.freeAndAllocate(cache, handle, other);
                assertEquals(first, handle, "after " + SlotHandle.GENERATIONS + " reuses");
                assertEquals(cache.offset(handle), cache.offset(first));

                cache.free(handle);
                free(cache, others, 0, others.length);
                assertEquals(0, cache.stats().slotsInUse());
            });
        }
        finally
        {
            other.shutdownNow();
        }
    }

    @ParameterizedTest(name = "debug={0}")
    @ValueSource(booleans = { false, true })
    void shouldKeepTheGenerationOfSlotsThatWentBackFromAMagazineWithoutReachingACaller(final boolean debug)
    {
        try (SlabCache cache = builder(ThreadSafety.MAGAZINES, new RecordingProvider()).maxSlabs(1).debug(debug)
            .build())
        {
            final long first = cache.allocate();
            assertEquals(SLOTS_PER_SLAB - 1, cache.stats().slotsInMagazines(), "the refill took the whole slab");
            cache.trim();
            assertEquals(0, cache.stats().slotsInMagazines());

            final long[] rest = allocate(cache, SLOTS_PER_SLAB - 1);
            for (final long handle : rest)
            {
                assertTrue(SlotHandle.slot(first) != SlotHandle.slot(handle));
                assertEquals(0, SlotHandle.generation(handle), "no caller held the slot, so nothing moved it");
            }
            cache.free(first);
            free(cache, rest, 0, rest.length);
        }
    }

    private static void onThreadOf(final Reuse reuse, final Body body) throws Exception
    {
        if (Reuse.VIRTUAL_THREAD != reuse)
        {
            body.run();
            return;
        }

        final ExecutorService virtual = (ExecutorService)SmallCaches.virtualThreadExecutorFactory().invoke(null);
        try
        {
            virtual.submit(() ->
            {
                body.run();
                return null;
            }).get();
        }
        finally
        {
            virtual.shutdown();
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A million seeded random operations per thread-safety mode (allocate, free, bad frees, attach, detach,
 * detachWhenEmpty, trim, injected provider failures) on caches of several shapes, each checked against
 * {@link CacheModel}. Set {@code -Dslabcache.seed=N} to replay a failure; the seed is in the failure's message.
 */
class SlabCacheModelTest
{
    private static final int OPERATIONS = 1_000_000;
    private static final int CONTENT_CHECK_INTERVAL = 4096;
    private static final int[][] SHAPES =
    {
        // slotSize, slabSize, maxSlabs, retainEmptySlabs, magazineSize, depotMagazines
        {16, 256, 4, 1, 4, 2},
        {12, 200, 6, 0, 1, 0},
        {64, 1024, 3, 2, 8, 1},
        {8, 64, 0, 1, 2, 3},
        {24, 512, 8, 1, 32, 16},
    };

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAgreeWithTheReferenceModelOverAMillionRandomOperations(final ThreadSafety threadSafety)
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        int done = 0;
        try
        {
            for (final int[] shape : SHAPES)
            {
                try (CacheModel model = new CacheModel(
                    random::nextInt, threadSafety, shape[0], shape[1], shape[2], shape[3], shape[4], shape[5]))
                {
                    for (int i = 0; i < OPERATIONS / SHAPES.length; i++, done++)
                    {
                        model.step();
                        if (0 == i % CONTENT_CHECK_INTERVAL)
                        {
                            model.checkAllContents();
                        }
                    }
                    model.checkAllContents();
                }
            }
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(
                threadSafety + " failed at operation " + done + "; replay with -Dslabcache.seed=" + seed, ex);
        }

        assertEquals(OPERATIONS, done);
    }
}

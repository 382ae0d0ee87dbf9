/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million seeded random operations (allocate, free, bad frees, attach, detach, detachWhenEmpty, trim,
 * injected provider failures) on caches of several shapes, each checked against {@link CacheModel}. Set
 * {@code -Dslabcache.seed=N} to replay a failure; the seed is in the failure's message.
 */
class SlabCacheModelTest
{
    private static final int OPERATIONS = 1_000_000;
    private static final int[][] SHAPES =
    {
        // slotSize, slabSize, maxSlabs, retainEmptySlabs
        {16, 256, 4, 1},
        {12, 200, 6, 0},
        {64, 1024, 3, 2},
        {8, 64, 0, 1},
    };

    @Test
    void shouldAgreeWithTheReferenceModelOverAMillionRandomOperations()
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        int done = 0;
        try
        {
            for (final int[] shape : SHAPES)
            {
                try (CacheModel model = new CacheModel(random::nextInt, shape[0], shape[1], shape[2], shape[3]))
                {
                    for (int i = 0; i < OPERATIONS / SHAPES.length; i++, done++)
                    {
                        model.step();
                        if (0 == i % 4096)
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
            throw new AssertionError("failed at operation " + done + "; replay with -Dslabcache.seed=" + seed, ex);
        }

        assertTrue(done >= OPERATIONS, "ran " + done + " operations");
    }
}

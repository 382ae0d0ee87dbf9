/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

import java.util.SplittableRandom;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million seeded random operations on segments of several shapes, each checked against {@link SegmentModel}.
 * Set {@code -Dslabcache.seed=N} to replay a failure; the seed is printed in the failure's message.
 */
class SlotSegmentModelTest
{
    private static final int OPERATIONS = 1_000_000;
    private static final int[][] SHAPES =
    {
        // slotSize, slotAlignment, region offset, region length
        {4, 4, 0, 64},
        {8, 8, 3, 256},
        {12, 4, 1, 400},
        {12, 16, 5, 777},
        {64, 64, 7, 4096},
        {100, 32, 0, 1000},
        {24, 8, 8, 24},
    };

    @Test
    void shouldAgreeWithTheReferenceModelOverAMillionRandomOperations()
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        int done = 0;
        try
        {
            for (int shape = 0; shape < SHAPES.length; shape++)
            {
                final int[] s = SHAPES[shape];
                final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(s[2] + s[3] + 64, 64));
                final SegmentModel model = new SegmentModel(buffer, s[2], s[3], s[0], s[1], random::nextInt);
                final int operations = OPERATIONS / SHAPES.length + 1;
                for (int i = 0; i < operations; i++, done++)
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
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("failed at operation " + done + "; replay with -Dslabcache.seed=" + seed, ex);
        }

        assertTrue(done >= OPERATIONS, "ran " + done + " operations");
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Arrays;
import java.util.SplittableRandom;

import dev.slabcache.core.SlabProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures how many slabs the cache holds against the fewest its live slots need, {@code ceil(live / 64)}, over
 * long seeded random churns of 20,000 live 16-byte slots in slabs of 64 (one empty slab retained), prints it
 * and bounds it. For comparison only, the same churn is played on a few lines of simulation of an allocator that
 * serves a random partial slab instead of one of the fullest (slab counts only; the cache is not changed).
 */
class SlabCacheFragmentationTest
{
    private static final int SLOT_SIZE = 16;
    private static final int SLOTS_PER_SLAB = 64;
    private static final int LIVE_SLOTS = 20_000;
    private static final int LOW_LIVE_SLOTS = 10_000;
    private static final int PAIRS = 2_000_000;
    private static final long SEED = 20260;

    /**
     * Measured: a mean of 1.362 for the cache against 1.399 for a random partial slab (seeds 2 and 3: 1.347 and
     * 1.342 against 1.389 and 1.379). A simulated exact fullest-first allocator came within 0.005 of the cache,
     * so its eight bins lose nothing measurable. The gain is small because frees here pick live slots uniformly
     * at random, the worst case for any slab allocator that cannot move slots.
     */
    private static final double MEAN_RATIO_BOUND = 1.40;

    /**
     * A free followed at once by an allocation never finds every slab full, so any allocator that fills a partial
     * slab before growing holds the minimum here (measured: 313 slabs for 313 needed, ratio 1.000, for the cache
     * and for a random partial slab alike). The test keeps that floor; the policy shows in the next test.
     */
    @Test
    void shouldHoldTheFewestSlabsThroughFreeAndAllocatePairsAtASteadyLiveCount()
    {
        final int minimum = slabsFor(LIVE_SLOTS);
        try (CacheAllocator cache = new CacheAllocator())
        {
            final Churn churn = Churn.steadyPairs(cache, new SplittableRandom(SEED));
            final Churn baseline = Churn.steadyPairs(new RandomPartialAllocator(SEED), new SplittableRandom(SEED));
            System.out.printf(
                "fragmentation, %,d free+allocate pairs at %,d live: cache holds %d slabs for %d needed " +
                "(ratio %.3f, worst %.3f); random partial (simulated) %.3f%n",
                PAIRS, LIVE_SLOTS, churn.finalSlabs, minimum, churn.finalRatio, churn.worstRatio,
                baseline.finalRatio);

            assertEquals(LIVE_SLOTS, cache.cache.stats().slotsInUse());
            assertTrue(churn.finalSlabs <= minimum + 1, churn.finalSlabs + " slabs for " + minimum + " needed");
            assertTrue(churn.worstRatio <= (minimum + 1.0) / minimum, "worst ratio " + churn.worstRatio);
        }
    }

    /**
     * The live count wanders between {@value #LOW_LIVE_SLOTS} and {@value #LIVE_SLOTS} in runs of mixed frees
     * and allocations (three of one to one of the other), {@value #PAIRS} pairs' worth of operations in all. A
     * slab goes back only once empty, so the policy decides how many slabs are stranded when the count falls.
     * The worst sample (measured 1.981 for the cache, 1.994 for a random partial slab) is right after a fall from
     * the top to the bottom, where no allocator that cannot move slots does better than holding the slabs of the
     * top; the bound on it is that floor, 314 slabs for 157 needed.
     */
    @Test
    void shouldStayCloseToTheFewestSlabsWhileTheLiveCountRisesAndFalls()
    {
        try (CacheAllocator cache = new CacheAllocator())
        {
            final Churn churn = Churn.risingAndFalling(cache, new SplittableRandom(SEED));
            final Churn baseline =
                Churn.risingAndFalling(new RandomPartialAllocator(SEED), new SplittableRandom(SEED));
            System.out.printf(
                "fragmentation, live count between %,d and %,d over %,d operations: cache ratio mean %.3f, " +
                "worst %.3f, final %.3f (%d slabs for %d live); random partial (simulated) mean %.3f, " +
                "worst %.3f, final %.3f%n",
                LOW_LIVE_SLOTS, LIVE_SLOTS, churn.operations, churn.meanRatio, churn.worstRatio, churn.finalRatio,
                churn.finalSlabs, churn.finalLive, baseline.meanRatio, baseline.worstRatio, baseline.finalRatio);

            assertEquals(churn.finalLive, cache.cache.stats().slotsInUse());
            assertTrue(churn.meanRatio <= MEAN_RATIO_BOUND, "mean ratio " + churn.meanRatio);
            assertTrue(
                churn.meanRatio < baseline.meanRatio,
                "mean ratio " + churn.meanRatio + " not below a random partial slab's " + baseline.meanRatio);
            assertTrue(
                churn.worstRatio <= (slabsFor(LIVE_SLOTS) + 1.0) / slabsFor(LOW_LIVE_SLOTS),
                "worst ratio " + churn.worstRatio);
        }
    }

    private static int slabsFor(final int liveSlots)
    {
        return (liveSlots + SLOTS_PER_SLAB - 1) / SLOTS_PER_SLAB;
    }

    /**
     * What a churn needs of an allocator: slots as opaque longs, and how many slabs it holds.
     */
    private interface SlotAllocator
    {
        long allocate();

        void free(long slot);

        int slabs();
    }

    /**
     * One seeded churn played on an allocator, with the ratio of slabs held to slabs needed sampled as it goes.
     */
    private static final class Churn
    {
        private final SlotAllocator allocator;
        private final SplittableRandom random;
        private final long[] live = new long[LIVE_SLOTS];
        private int liveCount;
        private long operations;
        private double ratioSum;
        private long samples;
        private double worstRatio;
        private double meanRatio;
        private double finalRatio;
        private int finalSlabs;
        private int finalLive;

        private Churn(final SlotAllocator allocator, final SplittableRandom random)
        {
            this.allocator = allocator;
            this.random = random;
            while (liveCount < LIVE_SLOTS)
            {
                allocate();
            }
        }

        static Churn steadyPairs(final SlotAllocator allocator, final SplittableRandom random)
        {
            final Churn churn = new Churn(allocator, random);
            for (int pair = 1; pair <= PAIRS; pair++)
            {
                churn.freeRandom();
                churn.allocate();
                if (0 == pair % 10_000)
                {
                    churn.sample();
                }
            }
            return churn.finish();
        }

        static Churn risingAndFalling(final SlotAllocator allocator, final SplittableRandom random)
        {
            final Churn churn = new Churn(allocator, random);
            while (churn.operations < 2L * PAIRS)
            {
                final int target = LOW_LIVE_SLOTS + random.nextInt(LIVE_SLOTS - LOW_LIVE_SLOTS + 1);
                final int allocatePercent = target > churn.liveCount ? 75 : 25;
                while (target != churn.liveCount)
                {
                    if (random.nextInt(100) < allocatePercent && churn.liveCount < LIVE_SLOTS)
                    {
                        churn.allocate();
                    }
                    else if (churn.liveCount > 0)
                    {
                        churn.freeRandom();
                    }
                }
                churn.sample();
            }
            return churn.finish();
        }

        private void allocate()
        {
            live[liveCount++] = allocator.allocate();
            operations++;
        }

        private void freeRandom()
        {
            final int victim = random.nextInt(liveCount);
            allocator.free(live[victim]);
            live[victim] = live[--liveCount];
            operations++;
        }

        private void sample()
        {
            final double ratio = (double)allocator.slabs() / slabsFor(liveCount);
            worstRatio = Math.max(worstRatio, ratio);
            ratioSum += ratio;
            samples++;
        }

        private Churn finish()
        {
            finalSlabs = allocator.slabs();
            finalLive = liveCount;
            finalRatio = (double)finalSlabs / slabsFor(liveCount);
            meanRatio = ratioSum / samples;
            return this;
        }
    }

    /**
     * The cache under test, in the mode without magazines so that its slab layer is what is measured.
     */
    private static final class CacheAllocator implements SlotAllocator, AutoCloseable
    {
        private final SlabCache cache = SlabCache.builder()
            .name("fragmentation")
            .threadSafety(ThreadSafety.SINGLE_OWNER)
            .slotSize(SLOT_SIZE)
            .slabSize(SLOT_SIZE * SLOTS_PER_SLAB)
            .provider(SlabProvider.heap())
            .build();

        @Override
        public long allocate()
        {
            return cache.allocate();
        }

        @Override
        public void free(final long slot)
        {
            cache.free(slot);
        }

        @Override
        public int slabs()
        {
            return cache.stats().slabs();
        }

        @Override
        public void close()
        {
            cache.close();
        }
    }

    /**
     * Slab counts of an allocator that serves a random partial slab, then its one retained empty slab, then
     * grows. A slot is named by its slab's number; which slot within the slab does not matter to the count.
     */
    private static final class RandomPartialAllocator implements SlotAllocator
    {
        private final SplittableRandom random;
        private int[] used = new int[1024];
        private int[] partial = new int[1024];
        private int[] partialPosition = new int[1024];
        private int partialCount;
        private int slabCount;
        private int heldSlabs;
        private int emptySlab = -1;

        RandomPartialAllocator(final long seed)
        {
            this.random = new SplittableRandom(~seed);
        }

        @Override
        public long allocate()
        {
            final int slab;
            if (0 != partialCount)
            {
                slab = partial[random.nextInt(partialCount)];
            }
            else if (-1 != emptySlab)
            {
                slab = emptySlab;
                emptySlab = -1;
            }
            else
            {
                slab = newSlab();
            }

            used[slab]++;
            if (1 == used[slab])
            {
                addPartial(slab);
            }
            else if (SLOTS_PER_SLAB == used[slab])
            {
                removePartial(slab);
            }
            return slab;
        }

        @Override
        public void free(final long slot)
        {
            final int slab = (int)slot;
            used[slab]--;
            if (SLOTS_PER_SLAB - 1 == used[slab])
            {
                addPartial(slab);
            }
            else if (0 == used[slab])
            {
                removePartial(slab);
                if (-1 == emptySlab)
                {
                    emptySlab = slab;
                }
                else
                {
                    heldSlabs--;
                }
            }
        }

        @Override
        public int slabs()
        {
            return heldSlabs;
        }

        private int newSlab()
        {
            if (slabCount == used.length)
            {
                used = Arrays.copyOf(used, 2 * slabCount);
                partial = Arrays.copyOf(partial, 2 * slabCount);
                partialPosition = Arrays.copyOf(partialPosition, 2 * slabCount);
            }
            heldSlabs++;
            return slabCount++;
        }

        private void addPartial(final int slab)
        {
            partialPosition[slab] = partialCount;
            partial[partialCount++] = slab;
        }

        private void removePartial(final int slab)
        {
            final int position = partialPosition[slab];
            final int last = partial[--partialCount];
            partial[position] = last;
            partialPosition[last] = position;
        }
    }
}

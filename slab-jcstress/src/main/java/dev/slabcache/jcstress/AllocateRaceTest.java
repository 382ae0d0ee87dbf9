/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Proves that two threads allocating at once never get the same slot, nor two handles to the same memory, and
 * that both allocations are counted. The slab is full but for two freed slots, so both threads race to pop the
 * slab's intrusive free list.
 * <p>
 * Results: handles differ (1) or not (0); slots differ (1) or not (0); slots in use afterwards.
 */
final class AllocateRaceTest
{
    private static final int SLOTS_PER_SLAB = 4;
    private static final int SLOTS_IN_USE_AFTER = SLOTS_PER_SLAB;

    private AllocateRaceTest()
    {
    }

    /**
     * A cache with one full slab from which two slots were freed, out of order, and the two racing allocations.
     */
    static final class Race
    {
        private final SlabCache cache;
        private final long[] kept = new long[SLOTS_PER_SLAB - 2];
        private long first;
        private long second;

        Race(final ThreadSafety threadSafety)
        {
            cache = RaceCaches.builder(threadSafety, SLOTS_PER_SLAB).build();
            final long[] all = new long[SLOTS_PER_SLAB];
            for (int i = 0; i < SLOTS_PER_SLAB; i++)
            {
                all[i] = cache.allocate();
            }
            cache.free(all[2]);
            cache.free(all[0]);
            kept[0] = all[1];
            kept[1] = all[3];
        }

        void allocateFirst()
        {
            first = cache.allocate();
        }

        void allocateSecond()
        {
            second = cache.allocate();
        }

        void judge(final III_Result result)
        {
            final boolean sameHandle = first == second;
            result.r1 = sameHandle ? 0 : 1;
            result.r2 = RaceCaches.isSlotAt(cache, first, cache.buffer(second), cache.offset(second)) ? 0 : 1;
            result.r3 = (int)cache.stats().slotsInUse();

            cache.free(first);
            if (!sameHandle)
            {
                cache.free(second);
            }
            for (final long handle : kept)
            {
                cache.free(handle);
            }
            cache.close();
        }
    }

    /**
     * The race on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 1, " + SLOTS_IN_USE_AFTER, expect = Expect.ACCEPTABLE,
        desc = "Each thread got its own slot and both are counted.")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "Both threads got the same handle.")
    @Outcome(id = "1, 0, .*", expect = Expect.FORBIDDEN, desc = "Two handles name the same memory.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "An allocation was lost or counted twice.")
    @State
    public static class Magazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void first()
        {
            race.allocateFirst();
        }

        @Actor
        public void second()
        {
            race.allocateSecond();
        }

        @Arbiter
        public void judge(final III_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The race on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 1, " + SLOTS_IN_USE_AFTER, expect = Expect.ACCEPTABLE,
        desc = "Each thread got its own slot and both are counted.")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "Both threads got the same handle.")
    @Outcome(id = "1, 0, .*", expect = Expect.FORBIDDEN, desc = "Two handles name the same memory.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "An allocation was lost or counted twice.")
    @State
    public static class Locked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void first()
        {
            race.allocateFirst();
        }

        @Actor
        public void second()
        {
            race.allocateSecond();
        }

        @Arbiter
        public void judge(final III_Result result)
        {
            race.judge(result);
        }
    }
}

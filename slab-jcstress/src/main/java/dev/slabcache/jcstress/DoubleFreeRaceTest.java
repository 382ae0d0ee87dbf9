/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Proves that when two threads free the same handle at once exactly one free succeeds and the other is refused,
 * and that the refused one changes nothing: one slot is counted back, and the freed slot is handed out once, not
 * twice.
 * <p>
 * Results: how each thread's free ended ({@value #FREED} freed, {@value #DOUBLE_FREE} refused as a double free,
 * {@value #INVALID_HANDLE} refused as an invalid handle); slots in use afterwards; whether the slab's free slots,
 * allocated again, are all distinct (1) or not (0).
 */
final class DoubleFreeRaceTest
{
    static final int FREED = 1;
    static final int DOUBLE_FREE = 2;
    static final int INVALID_HANDLE = 3;

    private static final int SLOTS_PER_SLAB = 4;

    private DoubleFreeRaceTest()
    {
    }

    /**
     * A cache of one four-slot slab holding the victim slot both threads free and a keeper slot that keeps the
     * slab partial, so the victim's slab stays attached whatever happens.
     */
    static final class Race
    {
        private final SlabCache cache;
        private final long victim;
        private final long keeper;

        Race(final ThreadSafety threadSafety)
        {
            cache = RaceCaches.builder(threadSafety, SLOTS_PER_SLAB).build();
            victim = cache.allocate();
            keeper = cache.allocate();
        }

        int free()
        {
            try
            {
                cache.free(victim);
                return FREED;
            }
            catch (final DoubleFreeException ex)
            {
                return DOUBLE_FREE;
            }
            catch (final InvalidHandleException ex)
            {
                return INVALID_HANDLE;
            }
        }

        void judge(final IIII_Result result)
        {
            result.r3 = (int)cache.stats().slotsInUse();

            final long[] again = new long[SLOTS_PER_SLAB - 1];
            for (int i = 0; i < again.length; i++)
            {
                again[i] = cache.allocate();
            }
            final boolean distinct = areDistinctSlots(again);
            result.r4 = distinct ? 1 : 0;

            // A slot handed out twice cannot be freed twice; the outcome already records the failure.
            if (distinct)
            {
                for (final long handle : again)
                {
                    cache.free(handle);
                }
                cache.free(keeper);
            }
            cache.close();
        }

        private boolean areDistinctSlots(final long[] handles)
        {
            for (int i = 0; i < handles.length; i++)
            {
                if (RaceCaches.isSlotAt(cache, handles[i], cache.buffer(keeper), cache.offset(keeper)))
                {
                    return false;
                }
                for (int j = 0; j < i; j++)
                {
                    if (RaceCaches.isSlotAt(cache, handles[i], cache.buffer(handles[j]), cache.offset(handles[j])))
                    {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * The race on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = {"1, 2, 1, 1", "2, 1, 1, 1"}, expect = Expect.ACCEPTABLE,
        desc = "One free succeeded, the other was refused as a double free; nothing else changed.")
    @Outcome(id = {"1, 3, 1, 1", "3, 1, 1, 1"}, expect = Expect.ACCEPTABLE,
        desc = "One free succeeded, the other was refused as an invalid handle; nothing else changed.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Both frees succeeded.")
    @Outcome(id = "[23], [23], .*", expect = Expect.FORBIDDEN, desc = "Both frees were refused.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The refused free changed the count or the free slots.")
    @State
    public static class Magazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void first(final IIII_Result result)
        {
            result.r1 = race.free();
        }

        @Actor
        public void second(final IIII_Result result)
        {
            result.r2 = race.free();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The race on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = {"1, 2, 1, 1", "2, 1, 1, 1"}, expect = Expect.ACCEPTABLE,
        desc = "One free succeeded, the other was refused as a double free; nothing else changed.")
    @Outcome(id = {"1, 3, 1, 1", "3, 1, 1, 1"}, expect = Expect.ACCEPTABLE,
        desc = "One free succeeded, the other was refused as an invalid handle; nothing else changed.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Both frees succeeded.")
    @Outcome(id = "[23], [23], .*", expect = Expect.FORBIDDEN, desc = "Both frees were refused.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The refused free changed the count or the free slots.")
    @State
    public static class Locked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void first(final IIII_Result result)
        {
            result.r1 = race.free();
        }

        @Actor
        public void second(final IIII_Result result)
        {
            result.r2 = race.free();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }
}

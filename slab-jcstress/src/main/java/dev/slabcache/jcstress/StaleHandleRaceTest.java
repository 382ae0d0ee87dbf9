/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlotHandle;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Proves that a handle kept after its slot was freed and handed out again is never accepted while the slot is
 * live under the new generation. The owner of handle {@code h} frees it and allocates at once, which hands the
 * same slot back under the next generation, {@code h2}, unless the slot went elsewhere; it fills {@code h2}'s
 * slot with a cookie. Meanwhile the other thread uses the stale {@code h}: frees it, or reads it twice through
 * {@code offset} and {@code buffer}. The arbiter then checks that {@code h2} is untouched: its slot still live,
 * its cookie whole, two slots in use, and {@code h2} freed exactly once.
 * <p>
 * Free race results: how the owner's free of {@code h} and the other thread's free of {@code h} ended
 * ({@value #FREED} freed, {@value #DOUBLE_FREE} refused as a double free, {@value #STALE} refused as stale,
 * {@value #INVALID} refused otherwise); whether {@code h2} names {@code h}'s slot ({@value #SAME_SLOT}), another
 * slot ({@value #OTHER_SLOT}) or is {@code h} itself ({@value #SAME_HANDLE}); the arbiter's verdict on {@code h2}
 * ({@value #H2_INTACT} intact, else the first check that failed).
 * <p>
 * Read race results: how the first read ({@code offset}) and the second read ({@code buffer}) of {@code h} ended
 * ({@value #ACCEPTED} accepted with the slot's own offset or buffer, {@value #NOT_ALLOCATED} refused as naming no
 * allocated slot, {@value #STALE} refused as stale, {@value #WRONG_SLOT} accepted with another slot's offset or
 * buffer); then as for the free race. A read refused once must stay refused: the owner never frees {@code h2}.
 */
final class StaleHandleRaceTest
{
    static final int FREED = 1;
    static final int DOUBLE_FREE = 2;
    static final int STALE = 3;
    static final int INVALID = 4;

    static final int ACCEPTED = 1;
    static final int NOT_ALLOCATED = 2;
    static final int WRONG_SLOT = 4;

    static final int OTHER_SLOT = 0;
    static final int SAME_SLOT = 1;
    static final int SAME_HANDLE = 2;

    static final int H2_INTACT = 1;
    static final int H2_REJECTED = 2;
    static final int H2_OVERWRITTEN = 3;
    static final int COUNT_CHANGED = 4;
    static final int H2_FREED_TWICE = 5;

    private static final int SLOTS_PER_SLAB = 4;
    private static final int SLOTS_IN_USE_AFTER = 2;
    private static final long COOKIE = 0x5A5A_5A5A_5A5A_5A5AL;

    private StaleHandleRaceTest()
    {
    }

    /**
     * A cache of one four-slot slab holding {@code h} and a keeper slot that keeps the slab partial, so that it
     * stays attached whatever happens.
     */
    static final class Race
    {
        private final SlabCache cache;
        private final long stale;
        private final long keeper;
        private final AtomicBuffer staleBuffer;
        private final int staleOffset;
        private long next;

        Race(final ThreadSafety threadSafety)
        {
            cache = RaceCaches.builder(threadSafety, SLOTS_PER_SLAB).build();
            stale = cache.allocate();
            keeper = cache.allocate();
            staleBuffer = cache.buffer(stale);
            staleOffset = cache.offset(stale);
        }

        /**
         * The owner: frees {@code h}, allocates {@code h2} and fills it with the cookie.
         *
         * @return how the free of {@code h} ended.
         */
        int freeAndAllocateAgain()
        {
            final int freed = free();
            next = cache.allocate();
            try
            {
                final AtomicBuffer buffer = cache.buffer(next);
                final int offset = cache.offset(next);
                for (int at = 0; at < RaceCaches.SLOT_SIZE; at += Long.BYTES)
                {
                    buffer.putLong(offset + at, COOKIE);
                }
            }
            catch (final InvalidHandleException ex)
            {
                // h2 was taken from its owner at once: the arbiter finds it rejected or without its cookie
            }
            return freed;
        }

        int free()
        {
            try
            {
                cache.free(stale);
                return FREED;
            }
            catch (final DoubleFreeException ex)
            {
                return DOUBLE_FREE;
            }
            catch (final InvalidHandleException ex)
            {
                return refusal(ex, INVALID);
            }
        }

        int readOffset()
        {
            try
            {
                return staleOffset == cache.offset(stale) ? ACCEPTED : WRONG_SLOT;
            }
            catch (final InvalidHandleException ex)
            {
                return refusal(ex, NOT_ALLOCATED);
            }
        }

        int readBuffer()
        {
            try
            {
                return staleBuffer == cache.buffer(stale) ? ACCEPTED : WRONG_SLOT;
            }
            catch (final InvalidHandleException ex)
            {
                return refusal(ex, NOT_ALLOCATED);
            }
        }

        void judge(final IIII_Result result)
        {
            // A serial names one slab in the JVM, so serial and slot name one slot.
            final boolean sameSlot =
                SlotHandle.serial(next) == SlotHandle.serial(stale) && SlotHandle.slot(next) == SlotHandle.slot(stale);
            result.r3 = next == stale ? SAME_HANDLE : sameSlot ? SAME_SLOT : OTHER_SLOT;
            try
            {
                result.r4 = verdictOnNext();
            }
            finally
            {
                cache.close();
            }
        }

        /**
         * Checks {@code h2} and frees it and the keeper; a failed check leaves the cache to close with live slots.
         */
        private int verdictOnNext()
        {
            final AtomicBuffer buffer;
            final int offset;
            try
            {
                cache.slabOf(next);
                buffer = cache.buffer(next);
                offset = cache.offset(next);
            }
            catch (final InvalidHandleException ex)
            {
                return H2_REJECTED;
            }
            for (int at = 0; at < RaceCaches.SLOT_SIZE; at += Long.BYTES)
            {
                if (COOKIE != buffer.getLong(offset + at))
                {
                    return H2_OVERWRITTEN;
                }
            }
            if (SLOTS_IN_USE_AFTER != cache.stats().slotsInUse())
            {
                return COUNT_CHANGED;
            }

            cache.free(next);
            try
            {
                cache.free(next);
                return H2_FREED_TWICE;
            }
            catch (final DoubleFreeException ex)
            {
                // h2 was freed exactly once
            }
            cache.free(keeper);
            return 0 == cache.stats().slotsInUse() ? H2_INTACT : COUNT_CHANGED;
        }

        private static int refusal(final InvalidHandleException ex, final int otherwise)
        {
            final String message = ex.getMessage();
            return null != message && message.contains("stale") ? STALE : otherwise;
        }
    }

    /**
     * The stale free on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h and got its slot back as h2 first; the stale free was refused as stale.")
    @Outcome(id = "1, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h; the stale free came before h2 reused the slot, or h2 went elsewhere: a double " +
            "free.")
    @Outcome(id = "2, 1, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The other thread freed h first; the owner's free was refused as a double free.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Both frees of h succeeded.")
    @Outcome(id = "[234], [234], .*", expect = Expect.FORBIDDEN, desc = "Both frees of h were refused.")
    @Outcome(id = ".*, .*, 2, .*", expect = Expect.FORBIDDEN, desc = "h2 is h: the slot's generation did not move.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A free was misjudged, or h2 was disturbed.")
    @State
    public static class FreeMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void owner(final IIII_Result result)
        {
            result.r1 = race.freeAndAllocateAgain();
        }

        @Actor
        public void staleFree(final IIII_Result result)
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
     * The stale free on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h and got its slot back as h2 first; the stale free was refused as stale.")
    @Outcome(id = "1, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h; the stale free came before h2 reused the slot, or h2 went elsewhere: a double " +
            "free.")
    @Outcome(id = "2, 1, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The other thread freed h first; the owner's free was refused as a double free.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Both frees of h succeeded.")
    @Outcome(id = "[234], [234], .*", expect = Expect.FORBIDDEN, desc = "Both frees of h were refused.")
    @Outcome(id = ".*, .*, 2, .*", expect = Expect.FORBIDDEN, desc = "h2 is h: the slot's generation did not move.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A free was misjudged, or h2 was disturbed.")
    @State
    public static class FreeLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void owner(final IIII_Result result)
        {
            result.r1 = race.freeAndAllocateAgain();
        }

        @Actor
        public void staleFree(final IIII_Result result)
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
     * The stale reads on the default, magazine-fronted cache, whose reads never take the lock.
     */
    @JCStressTest
    @Outcome(id = "1, 1, [01], 1", expect = Expect.ACCEPTABLE, desc = "Both reads came before the owner's free.")
    @Outcome(id = "1, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The owner's free came between the reads, the second before h2 reused the slot.")
    @Outcome(id = "1, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h and got its slot back as h2 between the reads.")
    @Outcome(id = "2, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "Both reads came after the owner's free and before h2 reused the slot.")
    @Outcome(id = "2, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner's free came before the first read, h2 took the slot before the second.")
    @Outcome(id = "3, 3, 1, 1", expect = Expect.ACCEPTABLE, desc = "Both reads came after h2 took the slot.")
    @Outcome(id = "[23], 1, .*", expect = Expect.FORBIDDEN, desc = "A stale handle, once refused, was accepted.")
    @Outcome(id = "3, 2, .*", expect = Expect.FORBIDDEN, desc = "A slot live under h2 was seen free again.")
    @Outcome(id = "(4, .*|.*, 4, .*)", expect = Expect.FORBIDDEN, desc = "A read named another slot.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A read was misjudged, or h2 was disturbed.")
    @State
    public static class ReadMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void owner()
        {
            race.freeAndAllocateAgain();
        }

        @Actor
        public void staleReads(final IIII_Result result)
        {
            result.r1 = race.readOffset();
            result.r2 = race.readBuffer();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The stale reads on a cache whose every call but the reads takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 1, [01], 1", expect = Expect.ACCEPTABLE, desc = "Both reads came before the owner's free.")
    @Outcome(id = "1, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "The owner's free came between the reads, the second before h2 reused the slot.")
    @Outcome(id = "1, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner freed h and got its slot back as h2 between the reads.")
    @Outcome(id = "2, 2, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "Both reads came after the owner's free and before h2 reused the slot.")
    @Outcome(id = "2, 3, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "The owner's free came before the first read, h2 took the slot before the second.")
    @Outcome(id = "3, 3, 1, 1", expect = Expect.ACCEPTABLE, desc = "Both reads came after h2 took the slot.")
    @Outcome(id = "[23], 1, .*", expect = Expect.FORBIDDEN, desc = "A stale handle, once refused, was accepted.")
    @Outcome(id = "3, 2, .*", expect = Expect.FORBIDDEN, desc = "A slot live under h2 was seen free again.")
    @Outcome(id = "(4, .*|.*, 4, .*)", expect = Expect.FORBIDDEN, desc = "A read named another slot.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A read was misjudged, or h2 was disturbed.")
    @State
    public static class ReadLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void owner()
        {
            race.freeAndAllocateAgain();
        }

        @Actor
        public void staleReads(final IIII_Result result)
        {
            result.r1 = race.readOffset();
            result.r2 = race.readBuffer();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Proves that a slot handed from one owner to the next through {@code free} and {@code allocate} carries every
 * byte the first owner wrote before freeing it: the next owner never sees the slot torn, part old contents and
 * part new, nor stale. The first owner overwrites its slot with plain writes and frees it while the other thread
 * allocates; the cache's own synchronisation is all that orders the two.
 * <p>
 * Results: the allocation got the freed slot (1) or the never-used one (0); then, for the freed slot only, how
 * many of its words past the free list's link hold the first owner's new value and how many still hold the old
 * one (-1, -1 for the never-used slot, which is not inspected).
 */
final class FreeHandOffTest
{
    private static final long OLD_WORD = 0x0101_0101_0101_0101L;
    private static final long NEW_WORD = 0x5A5A_5A5A_5A5A_5A5AL;

    /**
     * A free slot keeps the index of the next free slot in its first bytes, so only the words after the first
     * one are the owner's to check.
     */
    private static final int FIRST_CHECKED_OFFSET = Long.BYTES;
    private static final int CHECKED_WORDS = (RaceCaches.SLOT_SIZE - FIRST_CHECKED_OFFSET) / Long.BYTES;
    private static final int NOT_INSPECTED = -1;

    private FreeHandOffTest()
    {
    }

    /**
     * A cache of one two-slot slab: the held slot is filled with the old word, the other was never used, so the
     * racing allocation gets the held slot only once it has been freed.
     */
    static final class Race
    {
        private final SlabCache cache;
        private final long held;
        private final AtomicBuffer heldBuffer;
        private final int heldOffset;
        private long next;

        Race(final ThreadSafety threadSafety)
        {
            cache = RaceCaches.builder(threadSafety, 2).build();
            held = cache.allocate();
            heldBuffer = cache.buffer(held);
            heldOffset = cache.offset(held);
            fill(OLD_WORD);
        }

        void overwriteAndFree()
        {
            fill(NEW_WORD);
            cache.free(held);
        }

        void allocateAndRead(final III_Result result)
        {
            next = cache.allocate();
            if (!RaceCaches.isSlotAt(cache, next, heldBuffer, heldOffset))
            {
                result.r1 = 0;
                result.r2 = NOT_INSPECTED;
                result.r3 = NOT_INSPECTED;
                return;
            }

            final AtomicBuffer buffer = cache.buffer(next);
            final int offset = cache.offset(next);
            int newWords = 0;
            int oldWords = 0;
            for (int at = FIRST_CHECKED_OFFSET; at < RaceCaches.SLOT_SIZE; at += Long.BYTES)
            {
                final long word = buffer.getLong(offset + at);
                if (NEW_WORD == word)
                {
                    newWords++;
                }
                else if (OLD_WORD == word)
                {
                    oldWords++;
                }
            }
            result.r1 = 1;
            result.r2 = newWords;
            result.r3 = oldWords;
        }

        void close()
        {
            cache.free(next);
            cache.close();
        }

        private void fill(final long word)
        {
            for (int at = 0; at < RaceCaches.SLOT_SIZE; at += Long.BYTES)
            {
                heldBuffer.putLong(heldOffset + at, word);
            }
        }
    }

    /**
     * The hand-off on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "0, -1, -1", expect = Expect.ACCEPTABLE,
        desc = "Allocated before the free: got the never-used slot.")
    @Outcome(id = "1, " + CHECKED_WORDS + ", 0", expect = Expect.ACCEPTABLE,
        desc = "Got the freed slot and saw every word written before its free.")
    @Outcome(id = "1, 0, " + CHECKED_WORDS, expect = Expect.FORBIDDEN,
        desc = "Got the freed slot but saw none of the words written before its free: stale.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Got the freed slot torn: part old words, part new, or neither.")
    @State
    public static class Magazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void owner()
        {
            race.overwriteAndFree();
        }

        @Actor
        public void nextOwner(final III_Result result)
        {
            race.allocateAndRead(result);
        }

        @Arbiter
        public void close()
        {
            race.close();
        }
    }

    /**
     * The hand-off on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "0, -1, -1", expect = Expect.ACCEPTABLE,
        desc = "Allocated before the free: got the never-used slot.")
    @Outcome(id = "1, " + CHECKED_WORDS + ", 0", expect = Expect.ACCEPTABLE,
        desc = "Got the freed slot and saw every word written before its free.")
    @Outcome(id = "1, 0, " + CHECKED_WORDS, expect = Expect.FORBIDDEN,
        desc = "Got the freed slot but saw none of the words written before its free: stale.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Got the freed slot torn: part old words, part new, or neither.")
    @State
    public static class Locked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void owner()
        {
            race.overwriteAndFree();
        }

        @Actor
        public void nextOwner(final III_Result result)
        {
            race.allocateAndRead(result);
        }

        @Arbiter
        public void close()
        {
            race.close();
        }
    }
}

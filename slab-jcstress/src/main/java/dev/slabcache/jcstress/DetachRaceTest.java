/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.master.Slab;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Proves that detaching a caller's slab while another thread allocates never hands out a slot of a detached slab.
 * The cache never grows and holds only that slab, so the allocation either comes first, takes a slot of the slab
 * and keeps it attached, or comes second and finds no slot.
 * <p>
 * With {@code detach}: the allocation first makes the detach throw {@link SlabInUseException} and change nothing;
 * the detach first leaves the allocation nothing. Results: the detach detached (1) or was refused (2); the
 * allocation got a slot (1) or none (0); the slab is attached afterwards (1) or not (0); the handed-out handle
 * names an attached slab (1), no slot was handed out (0), or the cache rejects the handle (-1).
 * <p>
 * With {@code detachWhenEmpty}: the allocation first leaves the slab draining, attached until the slot is freed;
 * the detach first detaches at once and leaves the allocation nothing. Results: the detach was done when the call
 * returned (1) or left pending (0); the allocation got a slot (1) or none (0); the slab is attached afterwards
 * (1) or not (0); once the slot handed out (if any) is freed, the slab is detached and its future done (1) or
 * not (0).
 */
final class DetachRaceTest
{
    static final int DETACHED = 1;
    static final int REFUSED = 2;
    static final int HANDLE_REJECTED = -1;

    private static final int SLOTS = 4;

    private DetachRaceTest()
    {
    }

    /**
     * A cache that never grows, with one caller's heap buffer attached as its only slab.
     */
    static final class Race
    {
        private final SlabCache cache;
        private final Slab slab;
        private long handle;
        private CompletableFuture<Slab> detached;

        Race(final ThreadSafety threadSafety)
        {
            cache = RaceCaches.builder(threadSafety, SLOTS).maxSlabs(0).build();
            slab = cache.attach(new UnsafeBuffer(new byte[SLOTS * RaceCaches.SLOT_SIZE]));
        }

        int detach()
        {
            try
            {
                cache.detach(slab);
                return DETACHED;
            }
            catch (final SlabInUseException ex)
            {
                return REFUSED;
            }
        }

        int detachWhenEmpty()
        {
            detached = cache.detachWhenEmpty(slab);
            return detached.isDone() ? 1 : 0;
        }

        int tryAllocate()
        {
            handle = cache.tryAllocate();
            return SlabCache.NULL_HANDLE == handle ? 0 : 1;
        }

        void judgeDetach(final IIII_Result result)
        {
            result.r3 = slab.isAttached() ? 1 : 0;
            result.r4 = handedOutSlab();
            if (1 == result.r4)
            {
                cache.free(handle);
            }
            cache.close();
        }

        void judgeDetachWhenEmpty(final IIII_Result result)
        {
            result.r3 = slab.isAttached() ? 1 : 0;
            if (1 == handedOutSlab())
            {
                cache.free(handle);
            }
            result.r4 = detached.isDone() && !slab.isAttached() ? 1 : 0;
            cache.close();
        }

        private int handedOutSlab()
        {
            if (SlabCache.NULL_HANDLE == handle)
            {
                return 0;
            }
            try
            {
                return slab == cache.slabOf(handle) && slab.isAttached() ? 1 : 0;
            }
            catch (final InvalidHandleException ex)
            {
                return HANDLE_REJECTED;
            }
        }
    }

    /**
     * {@code detach} racing an allocation on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 0", expect = Expect.ACCEPTABLE, desc = "Detached first; the allocation found no slot.")
    @Outcome(id = "2, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "Allocated first; the detach was refused and the slab stays attached.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "A slot of a detached slab was handed out.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The detach and the allocation disagree.")
    @State
    public static class DetachMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void detach(final IIII_Result result)
        {
            result.r1 = race.detach();
        }

        @Actor
        public void allocate(final IIII_Result result)
        {
            result.r2 = race.tryAllocate();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judgeDetach(result);
        }
    }

    /**
     * {@code detach} racing an allocation on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 0", expect = Expect.ACCEPTABLE, desc = "Detached first; the allocation found no slot.")
    @Outcome(id = "2, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "Allocated first; the detach was refused and the slab stays attached.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "A slot of a detached slab was handed out.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The detach and the allocation disagree.")
    @State
    public static class DetachLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void detach(final IIII_Result result)
        {
            result.r1 = race.detach();
        }

        @Actor
        public void allocate(final IIII_Result result)
        {
            result.r2 = race.tryAllocate();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judgeDetach(result);
        }
    }

    /**
     * {@code detachWhenEmpty} racing an allocation on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "Detached at once, first; the allocation found no slot.")
    @Outcome(id = "0, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "Allocated first; the slab drained and was detached when the slot was freed.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Detached at once though a slot was handed out.")
    @Outcome(id = "0, 1, 0, .*", expect = Expect.FORBIDDEN, desc = "Detached while a slot was live.")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "Left draining with no live slot to free.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The slab was not detached once empty.")
    @State
    public static class DetachWhenEmptyMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void detach(final IIII_Result result)
        {
            result.r1 = race.detachWhenEmpty();
        }

        @Actor
        public void allocate(final IIII_Result result)
        {
            result.r2 = race.tryAllocate();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judgeDetachWhenEmpty(result);
        }
    }

    /**
     * {@code detachWhenEmpty} racing an allocation on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "Detached at once, first; the allocation found no slot.")
    @Outcome(id = "0, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "Allocated first; the slab drained and was detached when the slot was freed.")
    @Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "Detached at once though a slot was handed out.")
    @Outcome(id = "0, 1, 0, .*", expect = Expect.FORBIDDEN, desc = "Detached while a slot was live.")
    @Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "Left draining with no live slot to free.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The slab was not detached once empty.")
    @State
    public static class DetachWhenEmptyLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void detach(final IIII_Result result)
        {
            result.r1 = race.detachWhenEmpty();
        }

        @Actor
        public void allocate(final IIII_Result result)
        {
            result.r2 = race.tryAllocate();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judgeDetachWhenEmpty(result);
        }
    }
}

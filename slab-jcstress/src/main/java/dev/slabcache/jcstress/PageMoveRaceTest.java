/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.master.PageMove;
import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SizeClassStats;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Proves that a page move between size classes, racing a free and an allocation in the class that gives the page,
 * never loses a slot, never hands one out twice and never shows the mover a slot after it was freed.
 * <p>
 * Class A holds one page with two live slots, x and y, each holding a cookie. The mover moves A's page to class B
 * with a visitor that counts each slot it is shown and checks its cookie, racing either the holder of x freeing
 * it or another thread allocating z in class A and writing a cookie. Results: the move's {@link PageMove} ordinal;
 * x freed by its holder (1) or not (0: refused because the mover took it first, or not freed in this race); z was
 * visited (1) or not (0); every rule held (1) or the number of the first rule broken (negative):
 * <ol>
 *     <li>x was freed by its holder or visited by the mover: exactly one of them;</li>
 *     <li>y was visited exactly once;</li>
 *     <li>x and y held their cookies when the mover was shown them;</li>
 *     <li>x and y are rejected after the move;</li>
 *     <li>z, unless visited, is live with its cookie, and is neither x's handle nor y's;</li>
 *     <li>once every slot is freed, no slot is in use and the pool's pages in use are the classes' pages.</li>
 * </ol>
 */
final class PageMoveRaceTest
{
    private static final int PAGE_SIZE = PagePool.MIN_PAGE_SIZE;
    private static final int SLOT_SIZE = 64;
    private static final long X_COOKIE = 0x1111_0000_0000_0001L;
    private static final long Y_COOKIE = 0x2222_0000_0000_0002L;
    private static final long Z_COOKIE = 0x3333_0000_0000_0003L;

    private PageMoveRaceTest()
    {
    }

    /**
     * A size-class cache over a heap pool of four pages, class A with one page holding x and y.
     */
    static final class Race
    {
        private final PagePool pool = PagePool.of(new UnsafeBuffer(new byte[5 * PAGE_SIZE]), PAGE_SIZE);
        private final SizeClassCache cache;
        private final int classA;
        private final int classB;
        private final long x;
        private final long y;
        private long z = SlabCache.NULL_HANDLE;
        private int xVisits;
        private int yVisits;
        private int zVisits;
        private boolean cookieBroken;

        Race(final ThreadSafety threadSafety)
        {
            cache = SizeClassCache.builder().name("jcstress-move-" + threadSafety).pagePool(pool)
                .minSlotSize(SLOT_SIZE).maxSlotSize(PAGE_SIZE / 2).threadSafety(threadSafety).build();
            classA = cache.classFor(SLOT_SIZE);
            classB = cache.classFor(PAGE_SIZE / 2);
            x = allocate(X_COOKIE);
            y = allocate(Y_COOKIE);
        }

        int move()
        {
            final PageMove move = cache.movePage(classA, classB, this::visit);
            return move.ordinal();
        }

        int freeX()
        {
            try
            {
                cache.free(x);
                return 1;
            }
            catch (final InvalidHandleException ex)
            {
                return 0;
            }
        }

        void allocateZ()
        {
            final long handle = cache.tryAllocate(SLOT_SIZE);
            if (SlabCache.NULL_HANDLE != handle)
            {
                try
                {
                    cache.buffer(handle).putLong(cache.offset(handle), Z_COOKIE);
                }
                catch (final InvalidHandleException ex)
                {
                    // The mover took it between the allocation and the write: it was live, so it was visited.
                }
            }
            z = handle;
        }

        void judge(final IIII_Result result)
        {
            result.r3 = zVisits;
            result.r4 = rulesHeld(result.r2);
        }

        private int rulesHeld(final int xFreed)
        {
            if (1 != xFreed + xVisits)
            {
                return -1;
            }
            if (1 != yVisits)
            {
                return -2;
            }
            if (cookieBroken)
            {
                return -3;
            }
            if (!rejected(x) || !rejected(y))
            {
                return -4;
            }
            if (0 == zVisits && SlabCache.NULL_HANDLE != z)
            {
                if (x == z || y == z || cache.buffer(z).getLong(cache.offset(z)) != Z_COOKIE)
                {
                    return -5;
                }
                cache.free(z);
            }
            cache.trim();
            final SizeClassStats stats = cache.stats();
            if (0 != stats.slotsInUse() || stats.pages() != pool.pagesInUse())
            {
                return -6;
            }
            cache.close();
            return 1;
        }

        private void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            final long cookie = buffer.getLong(offset);
            if (handle == x)
            {
                xVisits++;
                cookieBroken |= X_COOKIE != cookie;
            }
            else if (handle == y)
            {
                yVisits++;
                cookieBroken |= Y_COOKIE != cookie;
            }
            else
            {
                zVisits++; // its cookie may not be written yet: the allocator may still be between the two calls
            }
        }

        private long allocate(final long cookie)
        {
            final long handle = cache.allocate(SLOT_SIZE);
            cache.buffer(handle).putLong(cache.offset(handle), cookie);
            return handle;
        }

        private boolean rejected(final long handle)
        {
            try
            {
                cache.buffer(handle);
                return false;
            }
            catch (final InvalidHandleException ex)
            {
                return true;
            }
        }
    }

    /**
     * A move racing the free of one of the page's slots, on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "0, [01], 0, 1", expect = Expect.ACCEPTABLE,
        desc = "Moved; x freed by its holder or visited by the mover, never both; every rule held.")
    @Outcome(id = "2, [01], 0, 1", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "x, freed into a magazine as the page began to drain, was still on its way back to it.")
    @Outcome(id = ".*, -.*", expect = Expect.FORBIDDEN, desc = "A rule was broken; r4 names the first.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The move did not end as it should.")
    @State
    public static class MoveAgainstFreeMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void move(final IIII_Result result)
        {
            result.r1 = race.move();
        }

        @Actor
        public void free(final IIII_Result result)
        {
            result.r2 = race.freeX();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * A move racing the free of one of the page's slots, on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "0, [01], 0, 1", expect = Expect.ACCEPTABLE,
        desc = "Moved; x freed by its holder or visited by the mover, never both; every rule held.")
    @Outcome(id = ".*, -.*", expect = Expect.FORBIDDEN, desc = "A rule was broken; r4 names the first.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The move did not end as it should.")
    @State
    public static class MoveAgainstFreeLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void move(final IIII_Result result)
        {
            result.r1 = race.move();
        }

        @Actor
        public void free(final IIII_Result result)
        {
            result.r2 = race.freeX();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * A move racing an allocation in the class that gives the page, on the default, magazine-fronted cache: the
     * allocation lands in the page before it drains, and is visited, or in another page.
     */
    @JCStressTest
    @Outcome(id = "0, 0, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "Moved; the new slot was visited (allocated in the page first) or lives elsewhere; rules held.")
    @Outcome(id = ".*, -.*", expect = Expect.FORBIDDEN, desc = "A rule was broken; r4 names the first.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The move did not end as it should.")
    @State
    public static class MoveAgainstAllocateMagazines
    {
        private final Race race = new Race(ThreadSafety.MAGAZINES);

        @Actor
        public void move(final IIII_Result result)
        {
            result.r1 = race.move();
        }

        @Actor
        public void allocate()
        {
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * A move racing an allocation in the class that gives the page, on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "0, 0, [01], 1", expect = Expect.ACCEPTABLE,
        desc = "Moved; the new slot was visited (allocated in the page first) or lives elsewhere; rules held.")
    @Outcome(id = ".*, -.*", expect = Expect.FORBIDDEN, desc = "A rule was broken; r4 names the first.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "The move did not end as it should.")
    @State
    public static class MoveAgainstAllocateLocked
    {
        private final Race race = new Race(ThreadSafety.LOCKED);

        @Actor
        public void move(final IIII_Result result)
        {
            result.r1 = race.move();
        }

        @Actor
        public void allocate()
        {
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIII_Result result)
        {
            race.judge(result);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.jcstress;

import dev.slabcache.master.ThreadSafety;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIIII_Result;

/**
 * Proves that a page moved between size classes while another thread frees or allocates in the page's class
 * loses no slot, shows none twice and hands out none of the page being moved: the small class's only page holds
 * live slots {@code x} and {@code y} (and, with magazines, free slots in the magazines of the thread that built the
 * race), and the mover moves it to the large class while the other thread either frees {@code x} or allocates
 * {@code z} in the small class. See {@link PageMoveRace} for the set-up, the result columns and the arbiter's
 * checks.
 * <p>
 * Free race: {@code x} is freed by its holder or visited by the mover, exactly one of the two; {@code y} is
 * visited once; the page ends in the large class.
 * <p>
 * Allocate race: {@code z} comes from the page before it drains, and then is visited like {@code x} and
 * {@code y}; or finds no slot while the page drains, the pool having no other page; or lives in a new page of the
 * small class, over the page given back: taken before the large class could grow into it (the move ends
 * released), or taken back from the large class by the trim an allocation makes when the pool is out.
 * <p>
 * A pending move (a slot still on its way back from a magazine when the move returned) is legal but unexpected
 * here: the arbiter then shows that a trim detaches the page, and that the slots end consistent.
 */
final class PageMoveRaceTest
{
    private PageMoveRaceTest()
    {
    }

    /**
     * The free race on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0, 0, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "x was freed first; the mover visited y alone and moved the page.")
    @Outcome(id = "1, 2, 0, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The mover took x first, and the free of x was refused; both visited once, the page moved.")
    @Outcome(id = {"3, 1, 0, 0, 1, 0, 1", "3, 2, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 1, \\d, [1-9], .*", expect = Expect.FORBIDDEN, desc = "x was both freed and visited.")
    @Outcome(id = "\\d, 2, \\d, 0, .*", expect = Expect.FORBIDDEN, desc = "x was neither freed nor visited.")
    @Outcome(id = "\\d, \\d, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class FreeMagazines
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.MAGAZINES, false);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void free()
        {
            race.freeX();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The free race on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0, 0, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "x was freed first; the mover visited y alone and moved the page.")
    @Outcome(id = "1, 2, 0, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The mover took x first, and the free of x was refused; both visited once, the page moved.")
    @Outcome(id = {"3, 1, 0, 0, 1, 0, 1", "3, 2, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 1, \\d, [1-9], .*", expect = Expect.FORBIDDEN, desc = "x was both freed and visited.")
    @Outcome(id = "\\d, 2, \\d, 0, .*", expect = Expect.FORBIDDEN, desc = "x was neither freed nor visited.")
    @Outcome(id = "\\d, \\d, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class FreeLocked
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.LOCKED, false);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void free()
        {
            race.freeX();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The allocate race on the default, magazine-fronted cache.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1, 1, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "z came from the page before it drained; the mover visited x, y and z and moved the page.")
    @Outcome(id = "1, 0, 0, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The allocation found no slot while the page drained.")
    @Outcome(id = "2, 0, 2, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The small class grew into the page given back before the large class could; z lives there.")
    @Outcome(id = "1, 0, 2, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The page moved; z's allocation found the pool out, trimmed it back from the large class and lives " +
            "there.")
    @Outcome(id = {"3, 0, 1, 1, 1, 1, 1", "3, 0, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 0, 1, \\d, \\d, 0, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved but was not visited.")
    @Outcome(id = "\\d, 0, 2, \\d, \\d, [1-9], .*", expect = Expect.FORBIDDEN,
        desc = "z came from another page but was visited.")
    @Outcome(id = "\\d, 0, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "x was not visited exactly once.")
    @Outcome(id = "\\d, 0, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class AllocateMagazines
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.MAGAZINES, false);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void allocate()
        {
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The allocate race on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 1, 1, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "z came from the page before it drained; the mover visited x, y and z and moved the page.")
    @Outcome(id = "1, 0, 0, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The allocation found no slot while the page drained.")
    @Outcome(id = "2, 0, 2, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The small class grew into the page given back before the large class could; z lives there.")
    @Outcome(id = "1, 0, 2, 1, 1, 0, 1", expect = Expect.ACCEPTABLE,
        desc = "The page moved; z's allocation found the pool out, trimmed it back from the large class and lives " +
            "there.")
    @Outcome(id = {"3, 0, 1, 1, 1, 1, 1", "3, 0, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 0, 1, \\d, \\d, 0, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved but was not visited.")
    @Outcome(id = "\\d, 0, 2, \\d, \\d, [1-9], .*", expect = Expect.FORBIDDEN,
        desc = "z came from another page but was visited.")
    @Outcome(id = "\\d, 0, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "x was not visited exactly once.")
    @Outcome(id = "\\d, 0, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class AllocateLocked
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.LOCKED, false);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void allocate()
        {
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }
}

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
 * Proves that a page move racing a free of a slot in the page, and the allocation that follows it, still takes
 * the whole page: the holder of {@code x} frees it and at once allocates {@code z} in the same class, which reuses
 * {@code x}'s slot while the page still serves (with magazines, straight from the holder's own magazine); with
 * magazines, an idle third thread holds free slots of the page in its magazines all along. See
 * {@link PageMoveRace} for the set-up, the result columns and the arbiter's checks.
 * <p>
 * Legal: {@code x} freed first and {@code z} taken from the page before it drained, then visited with {@code y};
 * or {@code x} freed first or taken first by the mover, and {@code z} then finding no slot while the page
 * drains (the pool has one page), or living in a new page of the small class over the page given back, taken
 * before the large class could grow into it (the move ends released) or taken back from the large class by the
 * trim an allocation makes when the pool is out. Every free slot the magazines held comes back to the page, so it
 * leaves the small class. A pending move is legal but unexpected: the arbiter then shows that a trim detaches the
 * page, and that the slots end consistent.
 */
final class PageMoveReuseRaceTest
{
    private PageMoveReuseRaceTest()
    {
    }

    /**
     * The race on the default, magazine-fronted cache, with an idle thread's magazines holding free slots of the
     * page.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "x was freed and z took a slot of the page before it drained; the mover visited y and z.")
    @Outcome(id = {"1, 1, 0, 0, 1, 0, 1", "1, 2, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; z found no slot while the page drained.")
    @Outcome(id = {"2, 1, 2, 0, 1, 0, 1", "2, 2, 2, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; the small class grew into the page given back before the " +
            "large class could, and z lives there.")
    @Outcome(id = {"1, 1, 2, 0, 1, 0, 1", "1, 2, 2, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; the page moved, and z's allocation found the pool out, " +
            "trimmed it back from the large class and lives there.")
    @Outcome(id = {"3, 1, 1, 0, 1, 1, 1", "3, 1, 0, 0, 1, 0, 1", "3, 2, 0, 1, 1, 0, 1"},
        expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 1, \\d, [1-9], .*", expect = Expect.FORBIDDEN, desc = "x was both freed and visited.")
    @Outcome(id = "\\d, 2, \\d, 0, .*", expect = Expect.FORBIDDEN, desc = "x was neither freed nor visited.")
    @Outcome(id = "\\d, \\d, 1, \\d, \\d, 0, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved but was not visited.")
    @Outcome(id = "\\d, 2, 1, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved after the mover had taken x: the draining page served.")
    @Outcome(id = "\\d, \\d, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class Magazines
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.MAGAZINES, true);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void freeThenAllocate()
        {
            race.freeX();
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }

    /**
     * The race on a cache whose every call takes its lock.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0, 1, 1, 1", expect = Expect.ACCEPTABLE,
        desc = "x was freed and z took a slot of the page before it drained; the mover visited y and z.")
    @Outcome(id = {"1, 1, 0, 0, 1, 0, 1", "1, 2, 0, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; z found no slot while the page drained.")
    @Outcome(id = {"2, 1, 2, 0, 1, 0, 1", "2, 2, 2, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; the small class grew into the page given back before the " +
            "large class could, and z lives there.")
    @Outcome(id = {"1, 1, 2, 0, 1, 0, 1", "1, 2, 2, 1, 1, 0, 1"}, expect = Expect.ACCEPTABLE,
        desc = "x was freed, or taken by the mover; the page moved, and z's allocation found the pool out, " +
            "trimmed it back from the large class and lives there.")
    @Outcome(id = {"3, 1, 1, 0, 1, 1, 1", "3, 1, 0, 0, 1, 0, 1", "3, 2, 0, 1, 1, 0, 1"},
        expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Pending: a slot was still on its way back; a trim detached the page and every slot is consistent.")
    @Outcome(id = "\\d, 1, \\d, [1-9], .*", expect = Expect.FORBIDDEN, desc = "x was both freed and visited.")
    @Outcome(id = "\\d, 2, \\d, 0, .*", expect = Expect.FORBIDDEN, desc = "x was neither freed nor visited.")
    @Outcome(id = "\\d, \\d, 1, \\d, \\d, 0, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved but was not visited.")
    @Outcome(id = "\\d, 2, 1, .*", expect = Expect.FORBIDDEN,
        desc = "z came from the page being moved after the mover had taken x: the draining page served.")
    @Outcome(id = "\\d, \\d, \\d, \\d, ([02-9]|\\d\\d+), .*", expect = Expect.FORBIDDEN,
        desc = "y was not visited exactly once.")
    @Outcome(expect = Expect.FORBIDDEN, desc = "A cookie, a handle, a count or a page was wrong: see the verdict.")
    @State
    public static class Locked
    {
        private final PageMoveRace race = new PageMoveRace(ThreadSafety.LOCKED, false);

        @Actor
        public void move()
        {
            race.move();
        }

        @Actor
        public void freeThenAllocate()
        {
            race.freeX();
            race.allocateZ();
        }

        @Arbiter
        public void judge(final IIIIIII_Result result)
        {
            race.judge(result);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker threads allocate slots of random sizes, write a cookie of their own over each whole slot, check it and
 * free, while a mover thread moves pages between random classes and evicts what the pages hold. Who holds a slot
 * is settled per slot by a state word that the owner and the mover's visitor each change by compare-and-set: the
 * owner marks a slot busy while it writes or reads it and freeing while it frees it, and the visitor waits for
 * either to end before the slot goes back to its page. The checks: no slot is ever handed to two holders at once
 * (their cookies would collide), no cookie is ever corrupted, every visited handle was held, and each slot a move
 * took is seen as evicted by its owner exactly once and never also freed by it. At the end every count balances,
 * the pool holds exactly the pages of the classes, and close finds no live slot. Bounded by time, a few seconds
 * per run. Set {@code -Dslabcache.seed=N} to replay the same choices (thread timing still varies).
 */
class SizeClassCacheStressTest
{
    private static final int PAGE_SIZE = 4096;
    private static final int PAGES = 32;
    private static final int MIN_SLOT_SIZE = 16;
    private static final int MAX_SLOT_SIZE = 2048;
    private static final double GROWTH_FACTOR = 1.5;
    private static final int MAX_LIVE_PER_WORKER = 64;
    private static final int STALE_HANDLES = 8;
    private static final long RUN_MILLIS = 3_000;
    private static final long MAX_RUN_MILLIS = 60_000; // a loaded machine runs longer to do enough to tell
    private static final long TIMEOUT_SECONDS = 120;
    private static final long VISITOR_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    // A slot's state word, for its owner and the mover's visitor.
    private static final int BUSY = 0;      // the owner writes or reads it; only the owner leaves this state
    private static final int IDLE = 1;      // held by its owner, which does not touch it now
    private static final int FREEING = 2;   // the owner checks its cookie and frees it
    private static final int FREED = 3;     // the owner's free succeeded
    private static final int FREE_LOST = 4; // the owner's free was refused: a move had taken the slot
    private static final int EVICTED = 5;   // the visitor took it from an idle owner
    private static final int ABANDONED = 6; // a move took it before its owner could learn where it is

    @ParameterizedTest(name = "{0} with {1} workers and a mover")
    @CsvSource({
        "MAGAZINES, 4",
        "LOCKED, 3",
    })
    void shouldNeverHandOutASlotTwiceNorLoseOneWhilePagesMove(final ThreadSafety threadSafety, final int workers)
        throws Exception
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SizeClassCache cache = SizeClassCache.builder().name("stress").pageSize(PAGE_SIZE)
            .memoryLimit((long)PAGES * PAGE_SIZE).minSlotSize(MIN_SLOT_SIZE).maxSlotSize(MAX_SLOT_SIZE)
            .growthFactor(GROWTH_FACTOR).threadSafety(threadSafety).build();
        final Run run = new Run(cache, workers, seed);
        run.start();
        final long start = System.nanoTime();
        Thread.sleep(RUN_MILLIS);
        while (!didEnoughToTell(run) && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MAX_RUN_MILLIS))
        {
            Thread.sleep(100);
        }
        run.stop();
        run.join();
        assertNull(run.failure.get(), () -> "seed " + seed + ": " + run.failure.get());

        final String counts = "seed " + seed + ": " + run;
        assertEquals(run.allocations.get(), run.frees.get() + run.visits.get(), () -> "allocated = freed + evicted, " +
            counts);
        assertEquals(run.visits.get(), run.evictionsSeen.get(), () -> "each eviction seen by its owner once, " +
            counts);
        final SizeClassStats stats = cache.stats();
        final String withStats = counts + System.lineSeparator() + stats;
        long allocations = 0;
        long frees = 0;
        long failed = 0;
        long evicted = 0;
        for (final SizeClassStats.ClassStats classStats : stats.classes())
        {
            assertEquals(0, classStats.slotsInUse(), () -> "every slot back, " + withStats);
            assertEquals(classStats.pages() * PAGE_SIZE, classStats.bytesInPages(), withStats);
            allocations += classStats.allocations();
            frees += classStats.frees();
            failed += classStats.failedAllocations();
            evicted += classStats.slotsEvicted();
        }
        assertEquals(run.allocations.get(), allocations, () -> "allocations, " + withStats);
        assertEquals(run.frees.get() + run.visits.get(), frees, () -> "frees and evictions, " + withStats);
        assertEquals(run.failures.get(), failed, () -> "failed allocations, " + withStats);
        assertEquals(run.visits.get(), evicted, () -> "slots evicted, " + withStats);
        assertEquals(run.moves.get(PageMove.MOVED).get() + run.moves.get(PageMove.RELEASED).get() +
            run.moves.get(PageMove.PENDING).get(), stats.pagesMoved(), () -> "pages moved, " + withStats);
        assertEquals(stats.pages(), stats.pagesInUse(), () -> "the pool's pages are the classes' pages, " + withStats);
        assertTrue(stats.pagesInUse() <= PAGES, withStats);
        run.staleReads.assertRarelyAccepted(() -> counts);

        final List<String> warnings = CloseLog.capture(cache::close);
        assertTrue(warnings.isEmpty(), () -> "close found live slots: " + warnings + ", " + counts);
        assertEquals(0, cache.pagePool().pagesInUse(), () -> "close gave every page back, " + counts);

        assertTrue(didEnoughToTell(run), () -> "the run did too little to tell, " + counts);
    }

    private static boolean didEnoughToTell(final Run run)
    {
        return run.allocations.get() > 10_000 && run.visits.get() > 100 && run.failures.get() > 0 &&
            run.moves.get(PageMove.MOVED).get() > 100;
    }

    /**
     * A slot as its owner holds it, published under its handle so that the mover's visitor can find it.
     */
    private static final class Slot
    {
        private final long handle;
        private final int size;
        private final long cookie;
        private final AtomicInteger state = new AtomicInteger(BUSY);
        // Written by the owner while BUSY, read by the visitor after it saw the owner leave BUSY.
        private AtomicBuffer buffer;
        private int offset;
        private int slotSize;

        Slot(final long handle, final int size, final long cookie)
        {
            this.handle = handle;
            this.size = size;
            this.cookie = cookie;
        }
    }

    /**
     * One stress run: the workers, the mover, the slots they share, and what they counted.
     */
    private static final class Run
    {
        private final SizeClassCache cache;
        private final int workers;
        private final long seed;
        private final int classes;
        private final ConcurrentHashMap<Long, Slot> owners = new ConcurrentHashMap<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong allocations = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong frees = new AtomicLong();
        private final AtomicLong evictionsSeen = new AtomicLong();
        private final AtomicLong abandoned = new AtomicLong();
        private final AtomicLong freesLost = new AtomicLong();
        private final AtomicLong visits = new AtomicLong();
        private final StaleReads staleReads = new StaleReads();
        private final Map<PageMove, AtomicLong> moves = new EnumMap<>(PageMove.class);
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopping;
        // The class the mover empties a page of now; read by the visitor in the mover's thread.
        private int fromClass;

        Run(final SizeClassCache cache, final int workers, final long seed)
        {
            this.cache = cache;
            this.workers = workers;
            this.seed = seed;
            this.classes = cache.classes().size();
            for (final PageMove move : PageMove.values())
            {
                moves.put(move, new AtomicLong());
            }
        }

        void start()
        {
            for (int w = 0; w < workers; w++)
            {
                final int worker = w;
                threads.add(new Thread(() -> guarded(() -> work(worker)), "stress-worker-" + w));
            }
            threads.add(new Thread(() -> guarded(this::movePages), "stress-mover"));
            for (final Thread thread : threads)
            {
                thread.start();
            }
        }

        void stop()
        {
            stopping = true;
        }

        void join() throws InterruptedException
        {
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
                assertFalse(thread.isAlive(), thread.getName() + " did not finish, seed " + seed);
            }
        }

        @Override
        public String toString()
        {
            return allocations + " allocations, " + failures + " failed, " + frees + " frees, " + visits +
                " slots evicted by " + moves + " (owners saw " + evictionsSeen + ": " + freesLost +
                " as a refused free, " + abandoned + " before learning where the slot is), " + staleReads;
        }

        private void guarded(final Runnable body)
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
                stopping = true;
            }
        }

        private void work(final int worker)
        {
            final SplittableRandom random = new SplittableRandom(seed ^ (worker + 1) * 0x9E3779B97F4A7C15L);
            final Slot[] slots = new Slot[MAX_LIVE_PER_WORKER];
            final long[] freed = new long[STALE_HANDLES];
            int freedCount = 0;
            int live = 0;
            long nextCookie = (long)(worker + 1) << 48;
            while (!stopping)
            {
                final int choice = random.nextInt(16);
                if (live > 0 && (MAX_LIVE_PER_WORKER == live || choice < 6))
                {
                    final int pick = random.nextInt(live);
                    final Slot slot = slots[pick];
                    slots[pick] = slots[--live];
                    if (free(slot))
                    {
                        freed[freedCount++ % STALE_HANDLES] = slot.handle;
                    }
                }
                else if (live > 0 && choice < 8)
                {
                    final int pick = random.nextInt(live);
                    if (!read(slots[pick]))
                    {
                        slots[pick] = slots[--live];
                    }
                }
                else if (freedCount > 0 && choice < 9)
                {
                    final long stale = freed[random.nextInt(Math.min(freedCount, STALE_HANDLES))];
                    staleReads.read(random.nextBoolean() ? cache::offset : cache::buffer, stale);
                }
                else
                {
                    final Slot slot = allocate(1 + random.nextInt(1 << (4 + random.nextInt(8))), nextCookie++);
                    if (null != slot)
                    {
                        slots[live++] = slot;
                    }
                }
            }
            for (int i = 0; i < live; i++)
            {
                free(slots[i]);
            }
        }

        /**
         * @return the slot, or null when none could be had or a move took it before it was known.
         */
        private Slot allocate(final int size, final long cookie)
        {
            final long handle = cache.tryAllocate(size);
            if (SlabCache.NULL_HANDLE == handle)
            {
                failures.incrementAndGet();
                return null;
            }
            allocations.incrementAndGet();
            final Slot slot = new Slot(handle, size, cookie);
            publish(slot);
            try
            {
                slot.buffer = cache.buffer(handle);
                slot.offset = cache.offset(handle);
                slot.slotSize = cache.slotSize(handle);
            }
            catch (final InvalidHandleException ex)
            {
                evictionsSeen.incrementAndGet();
                abandoned.incrementAndGet();
                slot.state.set(ABANDONED);
                return null;
            }
            assertTrue(slot.slotSize >= size, "a slot holds the size asked for");
            for (int i = 0; i < slot.slotSize; i += Long.BYTES)
            {
                slot.buffer.putLong(slot.offset + i, cookie);
            }
            slot.state.set(IDLE);
            return slot;
        }

        /**
         * Publishes a new slot under its handle. The handle may still name an entry whose owner freed it and is
         * about to take it out: a slot's generation comes round after 256 frees. An entry still held by anyone
         * means the slot was handed out twice.
         */
        private void publish(final Slot slot)
        {
            final long deadline = System.nanoTime() + VISITOR_PATIENCE_NANOS;
            Slot previous;
            while (null != (previous = owners.putIfAbsent(slot.handle, slot)))
            {
                final int state = previous.state.get();
                if (FREEING != state && FREED != state)
                {
                    throw new AssertionError("handle " + SlotHandle.describe(slot.handle) + " handed out while " +
                        "held (state " + state + ", cookie " + Long.toHexString(previous.cookie) + "), seed " + seed);
                }
                awaitProgress(deadline, "the previous holder of " + SlotHandle.describe(slot.handle));
            }
        }

        /**
         * Checks the cookie of a slot its owner holds.
         *
         * @return false when a move took the slot.
         */
        private boolean read(final Slot slot)
        {
            if (!slot.state.compareAndSet(IDLE, BUSY))
            {
                sawEvicted(slot);
                return false;
            }
            checkCookie(slot, slot.buffer, slot.offset);
            slot.state.set(IDLE);
            return true;
        }

        /**
         * Checks the cookie and frees the slot, unless a move took it first.
         *
         * @return true when this free gave the slot back.
         */
        private boolean free(final Slot slot)
        {
            if (!slot.state.compareAndSet(IDLE, FREEING))
            {
                sawEvicted(slot);
                return false;
            }
            checkCookie(slot, slot.buffer, slot.offset);
            try
            {
                cache.free(slot.handle);
            }
            catch (final InvalidHandleException ex)
            {
                // A move took the slot after this owner claimed it; its visitor waits for this state.
                evictionsSeen.incrementAndGet();
                freesLost.incrementAndGet();
                slot.state.set(FREE_LOST);
                return false;
            }
            frees.incrementAndGet();
            slot.state.set(FREED);
            assertTrue(owners.remove(slot.handle, slot), "a freed slot's entry stays until its owner removes it");
            return true;
        }

        private void sawEvicted(final Slot slot)
        {
            final int state = slot.state.get();
            if (EVICTED != state)
            {
                throw new AssertionError("slot " + SlotHandle.describe(slot.handle) + " of its owner found in state " +
                    state + ", seed " + seed);
            }
            evictionsSeen.incrementAndGet();
        }

        /**
         * Moves pages between random classes until the run stops, and checks the bounds that hold while threads
         * run.
         */
        private void movePages()
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final SlotVisitor visitor = this::visit;
            while (!stopping)
            {
                fromClass = random.nextInt(classes);
                final int toClass = (fromClass + 1 + random.nextInt(classes - 1)) % classes;
                moves.get(cache.movePage(fromClass, toClass, visitor)).incrementAndGet();
                if (0 == random.nextInt(16))
                {
                    checkBounds();
                }
                Thread.yield();
            }
        }

        private void checkBounds()
        {
            // While threads run, classes are read one after the other and magazine counts without stopping their
            // threads: only the pool's own count and each class's pages are exact.
            final SizeClassStats stats = cache.stats();
            assertTrue(stats.pagesInUse() <= PAGES, stats::toString);
            for (final SizeClassStats.ClassStats classStats : stats.classes())
            {
                assertEquals(classStats.pages() * PAGE_SIZE, classStats.bytesInPages(), classStats::toString);
                assertEquals(classStats.pages() * (PAGE_SIZE / classStats.slotSize()), classStats.slotCapacity(),
                    classStats::toString);
            }
        }

        /**
         * Shown a slot a move took from its holder: finds the owner's entry, waits for the owner to stop touching
         * the slot, evicts it unless the owner's free was refused, and checks the cookie while the bytes are still
         * the owner's.
         */
        private void visit(final long handle, final AtomicBuffer buffer, final int offset)
        {
            final long deadline = System.nanoTime() + VISITOR_PATIENCE_NANOS;
            while (true)
            {
                final Slot slot = owners.get(handle);
                if (null == slot)
                {
                    // allocated, but its owner has not published it yet
                    awaitProgress(deadline, "an owner of visited handle " + SlotHandle.describe(handle));
                    continue;
                }
                final int state = takeFromOwner(slot, deadline);
                if (FREED == state)
                {
                    // an earlier holder of the same handle, freed before the slot's generation came round
                    awaitProgress(deadline, "the entry of visited handle " + SlotHandle.describe(handle));
                    continue;
                }
                assertEquals(fromClass, cache.classFor(slot.size),
                    () -> "visited a slot of another class: " + SlotHandle.describe(handle) + ", seed " + seed);
                if (ABANDONED != state)
                {
                    assertSame(slot.buffer, buffer, "the visitor is shown the slot's page");
                    assertEquals(slot.offset, offset, "the visitor is shown the slot's offset");
                    checkCookie(slot, buffer, offset);
                }
                assertTrue(owners.remove(handle, slot), "only the visitor takes an evicted slot's entry out");
                visits.incrementAndGet();
                return;
            }
        }

        /**
         * Waits while the owner writes, reads or frees the slot, then evicts it if the owner is idle.
         *
         * @return EVICTED, FREE_LOST or ABANDONED for a slot the move took from this owner; FREED for an entry of
         * an earlier holder of the same handle.
         */
        private int takeFromOwner(final Slot slot, final long deadline)
        {
            while (true)
            {
                final int state = slot.state.get();
                switch (state)
                {
                    case IDLE ->
                    {
                        if (slot.state.compareAndSet(IDLE, EVICTED))
                        {
                            return EVICTED;
                        }
                    }
                    case BUSY, FREEING ->
                        awaitProgress(deadline, "the owner of " + SlotHandle.describe(slot.handle));
                    case FREED, FREE_LOST, ABANDONED ->
                    {
                        return state;
                    }
                    default -> throw new AssertionError(
                        "slot " + SlotHandle.describe(slot.handle) + " visited twice, seed " + seed);
                }
            }
        }

        private void awaitProgress(final long deadline, final String what)
        {
            if (null != failure.get())
            {
                throw new IllegalStateException("another thread failed");
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("waited " + TimeUnit.NANOSECONDS.toSeconds(VISITOR_PATIENCE_NANOS) +
                    " s for " + what + ", seed " + seed);
            }
            Thread.yield();
        }

        private void checkCookie(final Slot slot, final AtomicBuffer buffer, final int offset)
        {
            for (int i = 0; i < slot.slotSize; i += Long.BYTES)
            {
                final long found = buffer.getLong(offset + i);
                if (slot.cookie != found)
                {
                    throw new AssertionError("slot " + SlotHandle.describe(slot.handle) + " byte " + i + " holds " +
                        "cookie " + Long.toHexString(found) + ", not its owner's " + Long.toHexString(slot.cookie) +
                        "; seed " + seed);
                }
            }
        }
    }
}

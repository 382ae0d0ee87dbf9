/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.slabcache.core.SlabInUseException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads allocate, write a cookie over the whole slot, check it, and free, some of their slots through
 * another thread's queue, while a housekeeping thread attaches, drains, detaches and trims, and worker threads
 * end and are replaced mid-run. Two threads ever holding one slot at once would overwrite each other's cookie.
 * At the end every slot is back and every count balances. 10,500,000 operations over the three thread counts
 * with magazines, fewer with the plain lock. Set {@code -Dslabcache.seed=N} to replay the same choices (thread
 * timing still varies).
 */
class SlabCacheStressTest
{
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_SIZE = 4096;
    private static final int MAX_SLABS = 48;
    private static final int MAX_LIVE_PER_WORKER = 96;
    private static final int STALE_HANDLES = 8;
    private static final int GENERATIONS = 4;
    private static final int CALLER_BUFFER_SIZE = 8192;
    private static final long TIMEOUT_SECONDS = 300;

    @ParameterizedTest(name = "{0} with {1} threads, {2} operations")
    @CsvSource({
        "MAGAZINES, 2, 3500000",
        "MAGAZINES, 4, 3500000",
        "MAGAZINES, 8, 3500000",
        "LOCKED, 2, 500000",
        "LOCKED, 4, 500000",
        "LOCKED, 8, 500000",
    })
    void shouldNeverHandOutASlotTwiceAndBalanceEveryCount(
        final ThreadSafety threadSafety, final int threads, final int operations) throws Exception
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final CountingProvider provider = new CountingProvider();
        try (SlabCache cache = SlabCache.builder().name("stress").slotSize(SLOT_SIZE).slabSize(SLAB_SIZE)
            .maxSlabs(MAX_SLABS).provider(provider).threadSafety(threadSafety).magazineSize(16).depotMagazines(4)
            .build())
        {
            final Run run = new Run(cache, threads, operations, seed);
            run.start();
            run.awaitWorkers();
            final Thread finisher = new Thread(run::finish, "stress-finisher");
            finisher.start();
            finisher.join();
            assertNull(run.failure.get(), "seed " + seed);

            final SlabCacheStats stats = cache.stats();
            assertEquals(0, stats.slotsInUse(), () -> "seed " + seed + ": " + stats);
            assertEquals(stats.allocations(), stats.frees(), () -> "seed " + seed + ": " + stats);
            assertEquals(run.allocations.get(), stats.allocations(), () -> "seed " + seed + ": " + stats);
            assertEquals(run.failures.get(), stats.failedAllocations(), () -> "seed " + seed + ": " + stats);
            assertEquals(0, stats.threadCaches(), "every worker ended: its magazines were reaped");
            assertTrue(run.staleReads.tried() > 1_000, () -> "stale handles were tried: " + run.staleReads);
            run.staleReads.assertRarelyAccepted(() -> "seed " + seed);

            cache.trim();
            final SlabCacheStats trimmed = cache.stats();
            assertEquals(0, trimmed.slotsInMagazines(), trimmed::toString);
            assertEquals(0, trimmed.providerSlabs(), trimmed::toString);
            assertEquals(0, provider.outstanding(), "every provider slab went back");
            for (final SlabInfo info : cache.slabInfo())
            {
                assertEquals(0, info.usedSlots(), info::toString);
            }
            assertTrue(run.allocations.get() > operations / 10, "the run allocated: " + run.allocations.get());
        }
    }

    /**
     * One stress run: workers in generations, their queues, the housekeeper, and what they counted.
     */
    private static final class Run
    {
        private final SlabCache cache;
        private final int workers;
        private final int operationsPerGeneration;
        private final long seed;
        private final List<ConcurrentLinkedQueue<long[]>> inboxes = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicLong allocations = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final StaleReads staleReads = new StaleReads();
        private final List<Thread> threads = new ArrayList<>();
        private final List<CompletableFuture<Slab>> drains = new ArrayList<>();
        private final List<Slab> attached = new ArrayList<>();
        private volatile boolean workersDone;
        private Thread housekeeper;

        Run(final SlabCache cache, final int workers, final int operations, final long seed)
        {
            this.cache = cache;
            this.workers = workers;
            this.operationsPerGeneration = operations / workers / GENERATIONS;
            this.seed = seed;
            for (int i = 0; i < workers; i++)
            {
                inboxes.add(new ConcurrentLinkedQueue<>());
            }
        }

        void start()
        {
            for (int w = 0; w < workers; w++)
            {
                final int worker = w;
                final Thread thread = new Thread(() -> runGenerations(worker), "stress-worker-" + w);
                threads.add(thread);
                thread.start();
            }
            housekeeper = new Thread(this::keepHouse, "stress-housekeeper");
            housekeeper.start();
        }

        void awaitWorkers() throws InterruptedException
        {
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
                assertTrue(!thread.isAlive(), thread.getName() + " did not finish, seed " + seed);
            }
            workersDone = true;
            housekeeper.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            assertNull(failure.get(), "seed " + seed);
        }

        /**
         * Frees what the queues still hold, then lets every draining slab and attached buffer go; runs in a thread
         * of its own that ends, like the workers.
         */
        void finish()
        {
            try
            {
                finishInThisThread();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }

        private void finishInThisThread()
        {
            for (final ConcurrentLinkedQueue<long[]> inbox : inboxes)
            {
                for (long[] slot = inbox.poll(); null != slot; slot = inbox.poll())
                {
                    checkAndFree(slot[0], slot[1]);
                }
            }
            for (final CompletableFuture<Slab> drain : drains)
            {
                assertTrue(drain.isDone(), "a drained slab emptied: its future completed");
            }
            for (final Slab slab : attached)
            {
                if (slab.isAttached() && !slab.isDraining())
                {
                    cache.detach(slab);
                }
            }
        }

        /**
         * A worker thread runs one generation and hands on to a new thread, so threads end mid-run holding
         * magazines; the last generation frees what it holds.
         */
        private void runGenerations(final int worker)
        {
            final Thread[] next = new Thread[1];
            final Runnable generation = new Runnable()
            {
                private int number;

                @Override
                public void run()
                {
                    final int current = number++;
                    work(worker, current, current == GENERATIONS - 1);
                    if (number < GENERATIONS && null == failure.get())
                    {
                        next[0] = new Thread(this, "stress-worker-" + worker + "-gen-" + number);
                        next[0].start();
                    }
                }
            };
            generation.run();
            try
            {
                while (null != next[0])
                {
                    final Thread thread = next[0];
                    next[0] = null;
                    thread.join();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void work(final int worker, final int generation, final boolean last)
        {
            final SplittableRandom random = new SplittableRandom(seed ^ (worker * 31L + generation)
                * 0x9E3779B97F4A7C15L);
            final long[] handles = new long[MAX_LIVE_PER_WORKER];
            final long[] cookies = new long[MAX_LIVE_PER_WORKER];
            final long[] freed = new long[STALE_HANDLES];
            int freedCount = 0;
            int live = 0;
            long nextCookie = ((long)worker << 48) | ((long)generation << 40);
            try
            {
                for (int i = 0; i < operationsPerGeneration && null == failure.get(); i++)
                {
                    final long[] received = inboxes.get(worker).poll();
                    if (null != received)
                    {
                        checkAndFree(received[0], received[1]);
                        continue;
                    }

                    final int choice = random.nextInt(8);
                    if (7 == choice && freedCount > 0)
                    {
                        final long stale = freed[random.nextInt(Math.min(freedCount, STALE_HANDLES))];
                        staleReads.read(random.nextBoolean() ? cache::offset : cache::buffer, stale);
                    }
                    else if (live > 0 && (live == MAX_LIVE_PER_WORKER || choice < 3))
                    {
                        final int pick = random.nextInt(live);
                        final long handle = handles[pick];
                        final long cookie = cookies[pick];
                        handles[pick] = handles[--live];
                        cookies[pick] = cookies[live];
                        if (choice < 1)
                        {
                            inboxes.get(random.nextInt(workers)).offer(new long[]{ handle, cookie });
                        }
                        else
                        {
                            checkAndFree(handle, cookie);
                            freed[freedCount++ % STALE_HANDLES] = handle;
                        }
                    }
                    else
                    {
                        final long handle = cache.tryAllocate();
                        if (SlabCache.NULL_HANDLE == handle)
                        {
                            failures.incrementAndGet();
                            continue;
                        }
                        allocations.incrementAndGet();
                        final long cookie = nextCookie++;
                        writeCookie(handle, cookie);
                        handles[live] = handle;
                        cookies[live++] = cookie;
                    }
                }

                for (int i = 0; i < live; i++)
                {
                    if (last)
                    {
                        checkAndFree(handles[i], cookies[i]);
                    }
                    else
                    {
                        inboxes.get(worker).offer(new long[]{ handles[i], cookies[i] });
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }

        private void keepHouse()
        {
            final SplittableRandom random = new SplittableRandom(seed);
            try
            {
                while (!workersDone && null == failure.get())
                {
                    switch (random.nextInt(6))
                    {
                        case 0 ->
                        {
                            if (attached.size() < 64)
                            {
                                final AtomicBuffer buffer = new UnsafeBuffer(new byte[CALLER_BUFFER_SIZE]);
                                attached.add(cache.attach(buffer));
                            }
                        }
                        case 1 ->
                        {
                            if (!attached.isEmpty())
                            {
                                final Slab slab = attached.get(random.nextInt(attached.size()));
                                if (slab.isAttached())
                                {
                                    drains.add(cache.detachWhenEmpty(slab));
                                }
                            }
                        }
                        case 2 ->
                        {
                            if (!attached.isEmpty())
                            {
                                final Slab slab = attached.get(random.nextInt(attached.size()));
                                try
                                {
                                    if (slab.isAttached() && !slab.isDraining())
                                    {
                                        cache.detach(slab);
                                    }
                                }
                                catch (final SlabInUseException ex)
                                {
                                    // callers hold some of its slots: it stays attached
                                }
                            }
                        }
                        case 3 -> cache.trim();
                        default ->
                        {
                            final SlabCacheStats stats = cache.stats();
                            assertTrue(stats.slabs() <= MAX_SLABS + 64, stats::toString);
                        }
                    }
                    Thread.sleep(0, 200_000);
                }
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }

        private void writeCookie(final long handle, final long cookie)
        {
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            for (int i = 0; i < SLOT_SIZE; i += Long.BYTES)
            {
                buffer.putLong(offset + i, cookie);
            }
        }

        private void checkAndFree(final long handle, final long cookie)
        {
            final AtomicBuffer buffer = cache.buffer(handle);
            final int offset = cache.offset(handle);
            for (int i = 0; i < SLOT_SIZE; i += Long.BYTES)
            {
                final long found = buffer.getLong(offset + i);
                if (cookie != found)
                {
                    throw new AssertionError("slot " + Long.toHexString(handle) + " byte " + i + " holds cookie " +
                        Long.toHexString(found) + ", not its owner's " + Long.toHexString(cookie) + "; seed " + seed);
                }
            }
            cache.free(handle);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlabCacheStats;

/**
 * One cache shared by several threads, in the default {@code MAGAZINES} mode: each thread allocates and frees
 * through magazines of its own, without the cache's lock, and hands half of its slots to the next thread, which
 * frees them, as a server hands a request's buffer from the thread that read it to the one that answers it. Each
 * slot carries a cookie naming its holder, checked at every free: no slot is ever held by two threads at once.
 * Run it with:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp slab-examples/target/slab-examples.jar \
 *       dev.slabcache.examples.ManyThreadsExample
 * </pre>
 */
public final class ManyThreadsExample
{
    static final int THREADS = 4;
    static final int ROUNDS = 1_000;
    static final int BATCH = 64;
    private static final int SLOT_SIZE = 64;

    private ManyThreadsExample()
    {
    }

    /**
     * Runs the threads and prints the cache's counts at the end.
     *
     * @param args ignored.
     * @throws InterruptedException when interrupted while waiting for the threads.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        try (SlabCache cache = SlabCache.builder().name("requests").slotSize(SLOT_SIZE).build())
        {
            final List<Queue<long[]>> handOvers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                handOvers.add(new ConcurrentLinkedQueue<>());
            }
            final AtomicLong freedByAnother = new AtomicLong();
            final AtomicLong badCookies = new AtomicLong();

            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int self = t;
                final Thread thread = new Thread(
                    () -> work(cache, self, handOvers.get(self), handOvers.get((self + 1) % THREADS), freedByAnother,
                    badCookies), "worker-" + t);
                threads.add(thread);
                thread.start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            for (final Queue<long[]> handOver : handOvers)
            {
                freeAll(cache, handOver, freedByAnother, badCookies);
            }

            final SlabCacheStats stats = cache.stats();
            System.out.println(THREADS + " threads, " + ROUNDS + " rounds of " + BATCH + " slots each: " +
                stats.allocations() + " allocations, " + stats.frees() + " frees, " + freedByAnother.get() +
                " of them by a thread that did not allocate the slot.");
            System.out.println("Slots seen with another holder's cookie: " + badCookies.get() + ".");
            System.out.println("Slots in use at the end: " + stats.slotsInUse() + "; the cache grew to " +
                stats.slabsHighWater() + " slabs at most.");
        }
    }

    private static void work(
        final SlabCache cache,
        final int self,
        final Queue<long[]> mine,
        final Queue<long[]> next,
        final AtomicLong freedByAnother,
        final AtomicLong badCookies)
    {
        final long[] handles = new long[BATCH];
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                handles[i] = cache.allocate();
                cache.buffer(handles[i]).putLong(cache.offset(handles[i]), cookie(self, round, i));
            }
            for (int i = 0; i < BATCH; i++)
            {
                if (0 == (i & 1))
                {
                    free(cache, handles[i], cookie(self, round, i), badCookies);
                }
                else
                {
                    next.add(new long[]{ handles[i], cookie(self, round, i) });
                }
            }
            freeAll(cache, mine, freedByAnother, badCookies);
        }
    }

    private static void freeAll(
        final SlabCache cache,
        final Queue<long[]> handOver,
        final AtomicLong freedByAnother,
        final AtomicLong badCookies)
    {
        long[] slot;
        while (null != (slot = handOver.poll()))
        {
            free(cache, slot[0], slot[1], badCookies);
            freedByAnother.incrementAndGet();
        }
    }

    private static void free(final SlabCache cache, final long handle, final long cookie, final AtomicLong badCookies)
    {
        if (cookie != cache.buffer(handle).getLong(cache.offset(handle)))
        {
            badCookies.incrementAndGet();
        }
        cache.free(handle);
    }

    private static long cookie(final int thread, final int round, final int index)
    {
        return ((long)thread << 48) | ((long)round << 16) | index;
    }
}

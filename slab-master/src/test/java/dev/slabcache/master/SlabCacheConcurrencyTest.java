/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlabInUseException;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.slabcache.master.SmallCaches.SLAB_SIZE;
import static dev.slabcache.master.SmallCaches.builder;
import static dev.slabcache.master.SmallCaches.heapBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A quick check that the thread-safe modes survive four threads allocating, freeing (also each other's slots),
 * attaching, detaching, trimming and reading stats at once, with a cookie in every slot to catch a slot handed
 * to two owners. The long stress test lives elsewhere.
 */
class SlabCacheConcurrencyTest
{
    private static final int THREADS = 4;
    private static final int OPERATIONS_PER_THREAD = 100_000;
    private static final int MAX_HELD = 512;
    private static final long COOKIE_CHECK = 0x5A5A_5A5A_5A5A_5A5AL;

    @Test
    void shouldBuildAThreadSafeCacheByDefault()
    {
        try (SlabCache cache = SlabCache.builder().build())
        {
            assertNotEquals(ThreadSafety.SINGLE_OWNER, cache.threadSafety());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadSafety.class, names = {"LOCKED", "MAGAZINES"})
    void shouldKeepEverySlotWithOneOwnerUnderConcurrentUse(final ThreadSafety mode) throws Exception
    {
        final Queue<long[]> handedOver = new ConcurrentLinkedQueue<>();
        final Queue<CompletableFuture<Slab>> detaching = new ConcurrentLinkedQueue<>();
        final CyclicBarrier start = new CyclicBarrier(THREADS);
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try (SlabCache cache = builder(mode, new RecordingProvider()).build())
        {
            final List<Future<Worker>> running = new ArrayList<>();
            for (int i = 0; i < THREADS; i++)
            {
                final Worker worker = new Worker(cache, i, handedOver, detaching);
                running.add(executor.submit(() ->
                {
                    start.await();
                    worker.run();
                    return worker;
                }));
            }

            for (final Future<Worker> future : running)
            {
                future.get(2, TimeUnit.MINUTES).freeAll();
            }
            for (long[] slot = handedOver.poll(); null != slot; slot = handedOver.poll())
            {
                checkCookie(cache, slot[0], slot[1]);
                cache.free(slot[0]);
            }

            final SlabCacheStats stats = cache.stats();
            assertEquals(0, stats.slotsInUse(), stats.toString());
            assertEquals(stats.allocations(), stats.frees(), stats.toString());
            assertTrue(stats.allocations() > THREADS * OPERATIONS_PER_THREAD / 4, stats.toString());
            for (final CompletableFuture<Slab> future : detaching)
            {
                assertTrue(future.isDone() && !future.isCompletedExceptionally(), future.toString());
            }
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static void writeCookie(final SlabCache cache, final long handle, final long cookie)
    {
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        buffer.putLong(offset, cookie);
        buffer.putLong(offset + Long.BYTES, cookie ^ COOKIE_CHECK);
    }

    private static void checkCookie(final SlabCache cache, final long handle, final long cookie)
    {
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        assertEquals(cookie, buffer.getLong(offset), "slot overwritten by another owner");
        assertEquals(cookie ^ COOKIE_CHECK, buffer.getLong(offset + Long.BYTES), "slot overwritten by another owner");
    }

    /**
     * One thread's share: holds up to {@link #MAX_HELD} slots, each with a cookie only it writes.
     */
    private static final class Worker
    {
        private final SlabCache cache;
        private final int id;
        private final Queue<long[]> handedOver;
        private final Queue<CompletableFuture<Slab>> detaching;
        private final SplittableRandom random;
        private final long[] handles = new long[MAX_HELD];
        private final long[] cookies = new long[MAX_HELD];
        private final List<Slab> attached = new ArrayList<>();
        private int held;
        private long nextCookie;

        Worker(
            final SlabCache cache,
            final int id,
            final Queue<long[]> handedOver,
            final Queue<CompletableFuture<Slab>> detaching)
        {
            this.cache = cache;
            this.id = id;
            this.handedOver = handedOver;
            this.detaching = detaching;
            this.random = new SplittableRandom(1_000 + id);
        }

        void run()
        {
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++)
            {
                final int dice = random.nextInt(1_000);
                if (dice < 470)
                {
                    allocate();
                }
                else if (dice < 850)
                {
                    freeOwn();
                }
                else if (dice < 920)
                {
                    handOver();
                }
                else if (dice < 990)
                {
                    freeHandedOver();
                }
                else if (dice < 993)
                {
                    attached.add(cache.attach(heapBuffer(4 * SLAB_SIZE)));
                }
                else if (dice < 996)
                {
                    detachOne();
                }
                else if (dice < 997)
                {
                    cache.trim();
                }
                else
                {
                    final SlabCacheStats stats = cache.stats();
                    assertTrue(stats.slotsInUse() >= 0 && stats.slotsInUse() <= stats.slotCapacity(), stats.toString());
                    assertEquals(stats.allocations() - stats.frees(), stats.slotsInUse(), stats.toString());
                }
            }
        }

        void freeAll()
        {
            while (held > 0)
            {
                free(held - 1);
            }
            for (final Slab slab : attached)
            {
                detaching.add(cache.detachWhenEmpty(slab));
            }
        }

        private void allocate()
        {
            if (MAX_HELD == held)
            {
                freeOwn();
                return;
            }
            final long handle = cache.allocate();
            final long cookie = (long)id << 56 | nextCookie++;
            writeCookie(cache, handle, cookie);
            handles[held] = handle;
            cookies[held] = cookie;
            held++;
        }

        private void freeOwn()
        {
            if (0 != held)
            {
                free(random.nextInt(held));
            }
        }

        private void free(final int index)
        {
            checkCookie(cache, handles[index], cookies[index]);
            cache.free(handles[index]);
            held--;
            handles[index] = handles[held];
            cookies[index] = cookies[held];
        }

        private void handOver()
        {
            if (0 != held)
            {
                final int index = random.nextInt(held);
                handedOver.add(new long[] {handles[index], cookies[index]});
                held--;
                handles[index] = handles[held];
                cookies[index] = cookies[held];
            }
        }

        private void freeHandedOver()
        {
            final long[] slot = handedOver.poll();
            if (null != slot)
            {
                checkCookie(cache, slot[0], slot[1]);
                cache.free(slot[0]);
            }
        }

        private void detachOne()
        {
            if (attached.isEmpty())
            {
                return;
            }
            final Slab slab = attached.remove(random.nextInt(attached.size()));
            try
            {
                cache.detach(slab);
            }
            catch (final SlabInUseException ex)
            {
                detaching.add(cache.detachWhenEmpty(slab));
            }
        }
    }
}

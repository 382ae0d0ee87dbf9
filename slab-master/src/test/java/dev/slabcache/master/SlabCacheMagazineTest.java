/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The magazine layer of {@link ThreadSafety#MAGAZINES}: what it keeps off the lock, where freed slots wait, how
 * they come back, and what happens to threads that end and to virtual threads.
 */
class SlabCacheMagazineTest
{
    private static final int SLOT_SIZE = 16;
    private static final int SLAB_SIZE = 256;
    private static final int SLOTS_PER_SLAB = SLAB_SIZE / SLOT_SIZE;
    private static final int MAGAZINE_SIZE = 4;
    private static final int DEPOT_MAGAZINES = 2;

    private final CountingLock lock = new CountingLock();
    private final CountingProvider provider = new CountingProvider();
    private SlabCache cache;

    @AfterEach
    void closeCache()
    {
        if (null != cache)
        {
            cache.close();
        }
    }

    @Test
    void shouldBeTheDefault()
    {
        cache = SlabCache.builder().build();

        assertEquals(ThreadSafety.MAGAZINES, cache.threadSafety());
    }

    @Test
    void shouldTakeTheLockOnceEveryMagazineOfOperations()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long warm = cache.allocate();
        cache.free(warm);
        final int locksBefore = lock.locks.get();

        for (int i = 0; i < 10_000; i++)
        {
            cache.free(cache.allocate());
        }

        assertEquals(locksBefore, lock.locks.get(), "a steady allocate and free pair never takes the lock");
    }

    @Test
    void shouldTakeTheLockOnEveryCallWhenLocked()
    {
        cache = magazineCache(ThreadSafety.LOCKED, 1000);

        for (int i = 0; i < 100; i++)
        {
            cache.free(cache.allocate());
        }

        assertEquals(200, lock.locks.get());
    }

    @Test
    void shouldTakeNoLockForASingleOwner()
    {
        cache = magazineCache(ThreadSafety.SINGLE_OWNER, 1000);

        for (int i = 0; i < 100; i++)
        {
            cache.free(cache.allocate());
        }
        cache.stats();

        assertEquals(0, lock.locks.get());
    }

    @Test
    void shouldCountSlotsInMagazinesAsUsedBySlabsButNotByCallers()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);

        final long handle = cache.allocate();

        final SlabCacheStats stats = cache.stats();
        assertEquals(1, stats.slotsInUse());
        assertEquals(MAGAZINE_SIZE - 1, stats.slotsInMagazines(), "the first refill took a whole magazine");
        assertEquals(MAGAZINE_SIZE, cache.slabOf(handle).usedSlots());
        assertEquals(1, stats.threadCaches());
    }

    @Test
    void shouldBoundTheSlotsHeldInMagazines()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long[] handles = new long[200];
        for (int i = 0; i < handles.length; i++)
        {
            handles[i] = cache.allocate();
        }

        for (final long handle : handles)
        {
            cache.free(handle);
        }

        final SlabCacheStats stats = cache.stats();
        assertEquals(0, stats.slotsInUse());
        assertEquals((2 + DEPOT_MAGAZINES) * MAGAZINE_SIZE, stats.slotsInMagazines(),
            "two magazines of the thread and the depot's, full; the rest went back to the slabs");
    }

    @Test
    void shouldRejectADoubleFreeOfASlotSittingInAMagazineAndChangeNothing()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long handle = cache.allocate();
        cache.free(handle);
        final SlabCacheStats before = cache.stats();
        final List<SlabInfo> listing = cache.slabInfo();

        assertThrows(DoubleFreeException.class, () -> cache.free(handle));

        assertEquals(before, cache.stats());
        assertEquals(listing, cache.slabInfo());
        assertSameSlot(handle, cache.allocate(), "the slot is still in the magazine, once");
        assertNotEquals(SlotHandle.slot(handle), SlotHandle.slot(cache.allocate()));
    }

    @Test
    void shouldRejectAHandleToASlotInAMagazineForMemoryAccess()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long handle = cache.allocate();
        cache.free(handle);

        assertThrows(InvalidHandleException.class, () -> cache.buffer(handle));
        assertThrows(InvalidHandleException.class, () -> cache.offset(handle));
    }

    @Test
    void shouldFreeASlotAllocatedByAnotherThreadIntoTheFreeingThreadsMagazine() throws Exception
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long handle = cache.allocate();

        final long[] reused = new long[1];
        runInThread(() ->
        {
            cache.free(handle);
            reused[0] = cache.allocate();
            cache.free(reused[0]);
        });

        assertSameSlot(handle, reused[0], "the freeing thread reused the slot from its own magazine");
        assertEquals(0, cache.stats().slotsInUse());
    }

    @Test
    void shouldFlushTheMagazinesOfAThreadThatEnded() throws Exception
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);

        runInThread(() ->
        {
            final long handle = cache.allocate();
            cache.free(handle);
        });

        final SlabCacheStats stats = cache.stats();
        assertEquals(0, stats.threadCaches(), "the ended thread's magazines were reaped");
        assertEquals(0, stats.slotsInMagazines(), "and their slots went back to the slabs");
        assertEquals(1, stats.allocations());
        assertEquals(1, stats.frees());
        assertEquals(0, stats.partialSlabs() + stats.fullSlabs());
    }

    @Test
    void shouldServeOneThreadFromSlotsLeftInAnotherThreadsMagazines() throws Exception
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1);
        final long[] handles = new long[SLOTS_PER_SLAB];
        for (int i = 0; i < handles.length; i++)
        {
            handles[i] = cache.allocate();
        }
        for (final long handle : handles)
        {
            cache.free(handle);
        }
        assertEquals(SLOTS_PER_SLAB, cache.stats().slotsInMagazines(), "every slot waits in this thread's magazines");

        final long[] taken = new long[SLOTS_PER_SLAB];
        runInThread(() ->
        {
            for (int i = 0; i < taken.length; i++)
            {
                taken[i] = cache.tryAllocate();
            }
        });

        for (final long handle : taken)
        {
            assertNotEquals(SlabCache.NULL_HANDLE, handle, "an exhausted cache sweeps other threads' magazines");
        }
        assertEquals(SlabCache.NULL_HANDLE, cache.tryAllocate(), "and every slot is now held");
    }

    @Test
    void shouldDetachASlabWhoseOnlyUsedSlotsSitInMagazines()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final Slab slab = cache.attach(new UnsafeBuffer(new byte[SLAB_SIZE]));
        final long handle = cache.allocate();
        assertEquals(slab, cache.slabOf(handle));
        cache.free(handle);
        assertEquals(MAGAZINE_SIZE, slab.usedSlots());

        cache.detach(slab);

        assertFalse(slab.isAttached());
        assertEquals(0, cache.stats().slotsInMagazines());
        final long next = cache.allocate();
        assertNotEquals(slab, cache.slabOf(next), "the stale magazine entries are skipped");
    }

    @Test
    void shouldCompleteADrainWhenTheLastCallerSlotIsFreedWhateverMagazinesHold()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final Slab slab = cache.attach(new UnsafeBuffer(new byte[SLAB_SIZE]));
        final long first = cache.allocate();
        final long second = cache.allocate();
        assertEquals(slab, cache.slabOf(second));

        final CompletableFuture<Slab> drained = cache.detachWhenEmpty(slab);
        assertEquals(2, slab.usedSlots(), "the slots in magazines went back at once");
        cache.free(first);
        assertFalse(drained.isDone());
        cache.free(second);

        assertTrue(drained.isDone());
        assertFalse(slab.isAttached());
    }

    @Test
    void shouldGiveBackOnTrimTheSlabsOnlyMagazinesHeld()
    {
        cache = magazineCache(ThreadSafety.MAGAZINES, 1000);
        final long handle = cache.allocate();
        cache.free(handle);
        assertEquals(1, provider.outstanding());

        assertEquals(1, cache.trim());

        assertEquals(0, provider.outstanding());
        assertEquals(0, cache.stats().slotsInMagazines());
    }

    @Test
    void shouldGiveVirtualThreadsNoMagazinesSoAMillionOfThemCostNothing() throws Exception
    {
        final Method newVirtualThreadPerTaskExecutor = SmallCaches.virtualThreadExecutorFactory();
        cache = magazineCache(ThreadSafety.MAGAZINES, Integer.MAX_VALUE);
        final int threads = 1_000_000;
        final AtomicLong checksum = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        final ExecutorService executor = (ExecutorService)newVirtualThreadPerTaskExecutor.invoke(null);
        for (int i = 0; i < threads; i++)
        {
            final long value = i;
            executor.execute(() ->
            {
                try
                {
                    final long handle = cache.allocate();
                    cache.buffer(handle).putLong(cache.offset(handle), value);
                    checksum.addAndGet(cache.buffer(handle).getLong(cache.offset(handle)));
                    cache.free(handle);
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            });
        }
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.MINUTES));

        assertNull(failure.get());
        final SlabCacheStats stats = cache.stats();
        assertEquals((long)threads * (threads - 1) / 2, checksum.get(), "every thread read back what it wrote");
        assertEquals(threads, stats.allocations());
        assertEquals(threads, stats.frees());
        assertEquals(0, stats.threadCaches(), "no virtual thread got magazines");
        assertEquals(0, stats.slotsInMagazines());
    }

    private SlabCache magazineCache(final ThreadSafety threadSafety, final int maxSlabs)
    {
        return SlabCache.builder().name("magazines").slotSize(SLOT_SIZE).slabSize(SLAB_SIZE).provider(provider)
            .maxSlabs(maxSlabs).threadSafety(threadSafety).lock(lock).magazineSize(MAGAZINE_SIZE)
            .depotMagazines(DEPOT_MAGAZINES).build();
    }

    private static void runInThread(final Runnable task) throws Exception
    {
        final Throwable[] failure = new Throwable[1];
        final Thread thread = new Thread(() ->
        {
            try
            {
                task.run();
            }
            catch (final Throwable ex)
            {
                failure[0] = ex;
            }
        });
        thread.start();
        thread.join();
        if (null != failure[0])
        {
            throw new AssertionError("the other thread failed", failure[0]);
        }
    }

    /**
     * A reentrant lock that counts how often it is taken.
     */
    private static final class CountingLock implements SlabLock
    {
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicInteger locks = new AtomicInteger();

        @Override
        public void lock()
        {
            lock.lock();
            locks.incrementAndGet();
        }

        @Override
        public void unlock()
        {
            lock.unlock();
        }
    }

    private static void assertSameSlot(final long expected, final long actual, final String message)
    {
        assertEquals(SlotHandle.serial(expected), SlotHandle.serial(actual), message);
        assertEquals(SlotHandle.slot(expected), SlotHandle.slot(actual), message);
        assertNotEquals(expected, actual, "a slot freed and handed out again has a new generation");
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import dev.slabcache.core.SlabExhaustedException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million seeded random operations in all, a third per thread-safety mode (allocations of mixed sizes, valid
 * and not, frees, frees and reads through dead, foreign and garbage handles, page moves between random classes
 * with a visitor that evicts or copies, reads of live slots, a neighbour cache sharing the pool) on size-class
 * caches of several shapes with small pages and few of them, so that classes and pool run out and pages move
 * often, each checked against {@link SizeClassModel}. Set {@code -Dslabcache.seed=N} to replay a failure; the seed
 * is in the failure's message.
 * <p>
 * The disabled tests at the end each show a defect found while writing the model; they pass once it is fixed.
 */
class SizeClassCacheModelTest
{
    private static final int OPERATIONS = 1_000_000;
    private static final int CONTENT_CHECK_INTERVAL = 4096;
    private static final int[][] SHAPES =
    {
        // pageSize, pages in the pool, minSlotSize, maxSlotSize (0: half the page), growthFactor in percent, pool
        {4096, 6, 16, 0, 125, SizeClassModel.OWN_POOL},
        {8192, 12, 8, 8192, 200, SizeClassModel.OWN_POOL},
        {16384, 10, 64, 0, 150, SizeClassModel.SHARED_DIRECT_POOL},
        {65536, 5, 48, 32768, 125, SizeClassModel.OWN_POOL},
        {4096, 24, 8, 4096, 300, SizeClassModel.SHARED_BUFFER_POOL},
    };

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldAgreeWithTheReferenceModelOverAThirdOfAMillionMixedSizeOperations(final ThreadSafety threadSafety)
    {
        final long seed = Long.getLong("slabcache.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final int perShape = OPERATIONS / ThreadSafety.values().length / SHAPES.length;
        int done = 0;
        long moves = 0;
        long visits = 0;
        long copies = 0;
        long exhaustions = 0;
        try
        {
            for (final int[] shape : SHAPES)
            {
                try (SizeClassModel model = new SizeClassModel(random::nextInt, threadSafety, shape[0], shape[1],
                    shape[2], shape[3], shape[4] / 100.0, shape[5]))
                {
                    for (int i = 0; i < perShape; i++, done++)
                    {
                        model.step();
                        if (0 == i % CONTENT_CHECK_INTERVAL)
                        {
                            model.checkAllContents();
                        }
                    }
                    model.checkAllContents();
                    moves += model.movesDone();
                    visits += model.slotsVisited();
                    copies += model.slotsCopied();
                    exhaustions += model.exhaustions();
                }
            }
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(
                threadSafety + " failed at operation " + done + "; replay with -Dslabcache.seed=" + seed, ex);
        }

        assertEquals(perShape * SHAPES.length, done);
        final String counts = threadSafety + ", seed " + seed + ": " + moves + " moves visited " + visits +
            " slots and copied " + copies + "; " + exhaustions + " allocations found class and pool exhausted";
        assertTrue(moves > 1_000 && visits > 1_000 && copies > 50, counts);
        assertTrue(exhaustions > 1_000, counts);
    }

    @Test
    void shouldRefuseAPageSizeThatIsNotAMultipleOfThePageAlignment()
    {
        final int pageSize = PagePool.MIN_PAGE_SIZE + 1;
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(3 * pageSize + PagePool.PAGE_ALIGNMENT));

        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> PagePool.of(buffer, pageSize));
        assertTrue(refused.getMessage().contains("pageSize=" + pageSize), refused::getMessage);
        assertThrows(IllegalArgumentException.class, () -> PagePool.direct(pageSize, 4L * pageSize));
        assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().pageSize(pageSize));
    }

    @Test
    void shouldHandOutEveryPageOfACallerBufferAtAnAlignedAddress()
    {
        final int pageSize = 2 * PagePool.PAGE_ALIGNMENT;
        // Room for four pages wherever the allocator puts the buffer: the 24 bytes skipped and the alignment cost
        // at most 24 + 4095 bytes, and two alignments more than four pages stay short of a fifth.
        final UnsafeBuffer whole = new UnsafeBuffer(
            ByteBuffer.allocateDirect(4 * pageSize + 2 * PagePool.PAGE_ALIGNMENT));
        final PagePool pool = PagePool.of(new UnsafeBuffer(whole, 24, whole.capacity() - 24), pageSize);
        for (int i = 0; i < pool.pageLimit(); i++)
        {
            final AtomicBuffer page = pool.allocate(pageSize, SizeClassCache.CLASS_ALIGNMENT);
            assertEquals(0, page.addressOffset() % PagePool.PAGE_ALIGNMENT, "address of page " + i);
        }
        assertEquals(4, pool.pageLimit());
    }

    @Test
    void shouldHoldInEveryPageAsManySlotsAsItsClassSays()
    {
        final int pageSize = 3 * PagePool.PAGE_ALIGNMENT;
        final int slotSize = PagePool.PAGE_ALIGNMENT - 8;
        final PagePool pool = PagePool.of(
            new UnsafeBuffer(ByteBuffer.allocateDirect(3 * pageSize + PagePool.PAGE_ALIGNMENT)), pageSize);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(pool).minSlotSize(slotSize)
            .maxSlotSize(slotSize).threadSafety(ThreadSafety.SINGLE_OWNER).build())
        {
            final int slotsPerPage = cache.classes().get(0).slotsPerPage();
            int slots = 0;
            long handle;
            while (SlabCache.NULL_HANDLE != (handle = cache.tryAllocate(slotSize)))
            {
                assertEquals(0, cache.buffer(handle).addressOffset() + cache.offset(handle) & 7);
                slots++;
            }
            final SizeClassStats.ClassStats stats = cache.stats().classes().get(0);
            assertEquals(3, stats.pages(), stats::toString);
            assertEquals(3 * slotsPerPage, slots, stats::toString);
            assertTrue(slotsPerPage > 1);
        }
    }

    @Test
    void shouldLeaveThePoolAsItWasWhenMakingAPageFails()
    {
        // The largest page size: the direct provider's alignment padding overflows an int, so making it fails.
        final int pageSize = Integer.MAX_VALUE / PagePool.PAGE_ALIGNMENT * PagePool.PAGE_ALIGNMENT;
        final PagePool pool = PagePool.direct(pageSize, 2L * pageSize);
        for (int i = 0; i < 3; i++)
        {
            final RuntimeException ex = assertThrows(RuntimeException.class, () -> pool.allocate(pageSize, 8));
            assertFalse(ex instanceof SlabExhaustedException, "no page is in use, yet: " + ex.getMessage());
            assertEquals(0, pool.pagesInUse());
            assertEquals(2, pool.pagesFree());
        }
    }

    @Test
    void shouldMakeEveryClassSizeButTheLargestAMultipleOfTheClassAlignmentAndAlignEverySlot()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).maxSlotSize(1001).threadSafety(ThreadSafety.SINGLE_OWNER).build())
        {
            final List<SizeClass> classes = cache.classes();
            for (final SizeClass sizeClass : classes.subList(0, classes.size() - 1))
            {
                assertEquals(0, sizeClass.slotSize() % SizeClassCache.CLASS_ALIGNMENT, sizeClass::toString);
            }
            assertEquals(1001, classes.get(classes.size() - 1).slotSize());
            final long first = cache.allocate(1001);
            final long second = cache.allocate(1001);
            assertEquals(0, cache.offset(first) % SizeClassCache.CLASS_ALIGNMENT);
            assertEquals(0, cache.offset(second) % SizeClassCache.CLASS_ALIGNMENT);
            cache.free(first);
            cache.free(second);
        }
    }

    @Test
    void shouldAcceptTheSameUnalignedSmallestAndLargestSlotSize()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).minSlotSize(1001).maxSlotSize(1001).build())
        {
            assertEquals(1, cache.classes().size());
        }
    }
}

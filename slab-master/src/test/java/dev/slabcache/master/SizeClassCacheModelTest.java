/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import dev.slabcache.core.SlabExhaustedException;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Disabled;
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
    @Disabled("defect: PagePool.of puts page n at firstPageOffset + n * pageSize, so with a pageSize that is not a " +
        "multiple of PAGE_ALIGNMENT every page after the first starts at an unaligned address, which its Javadoc " +
        "rules out")
    void shouldHandOutEveryPageOfACallerBufferAtAnAlignedAddress()
    {
        final int pageSize = PagePool.MIN_PAGE_SIZE + 1;
        final PagePool pool = PagePool.of(
            new UnsafeBuffer(ByteBuffer.allocateDirect(3 * pageSize + PagePool.PAGE_ALIGNMENT)), pageSize);
        for (int i = 0; i < 3; i++)
        {
            final AtomicBuffer page = pool.allocate(pageSize, SizeClassCache.CLASS_ALIGNMENT);
            assertEquals(0, page.addressOffset() % PagePool.PAGE_ALIGNMENT, "address of page " + i);
        }
    }

    @Test
    @Disabled("defect: over PagePool.of with a pageSize that is not a multiple of PAGE_ALIGNMENT, a page after the " +
        "first pads its first slot to the slot alignment and holds fewer slots than SizeClass.slotsPerPage says: " +
        "2048-byte slots in 4097-byte pages, 2 promised, 1 held")
    void shouldHoldInEveryPageAsManySlotsAsItsClassSays()
    {
        final int pageSize = PagePool.MIN_PAGE_SIZE + 1;
        final int slotSize = PagePool.MIN_PAGE_SIZE / 2;
        final PagePool pool = PagePool.of(
            new UnsafeBuffer(ByteBuffer.allocateDirect(3 * pageSize + PagePool.PAGE_ALIGNMENT)), pageSize);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(pool).minSlotSize(slotSize)
            .maxSlotSize(slotSize).threadSafety(ThreadSafety.SINGLE_OWNER).build())
        {
            final int slotsPerPage = cache.classes().get(0).slotsPerPage();
            int slots = 0;
            while (SlabCache.NULL_HANDLE != cache.tryAllocate(slotSize))
            {
                slots++;
            }
            final SizeClassStats.ClassStats stats = cache.stats().classes().get(0);
            assertEquals(3, stats.pages(), stats::toString);
            assertEquals(3 * slotsPerPage, slots, stats::toString);
        }
    }

    @Test
    @Disabled("defect: PagePool.make() counts a page as made (made++) before its provider allocates it, so each " +
        "failed allocation, such as an OutOfMemoryError for direct memory, uses up a page for good: after pageLimit " +
        "failures the pool says every page is in use while none is, and pagesFree() says otherwise")
    void shouldLeaveThePoolAsItWasWhenMakingAPageFails()
    {
        final int pageSize = Integer.MAX_VALUE - 8; // the direct provider's alignment padding overflows an int
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
    @Disabled("defect: SizeClassCache.Builder.build rounds minSlotSize up to CLASS_ALIGNMENT but takes maxSlotSize " +
        "as given, so the largest class can have a size that is not a multiple of CLASS_ALIGNMENT, which the " +
        "constant's Javadoc rules out: maxSlotSize(1001) makes a class of 1001 bytes")
    void shouldMakeEveryClassSizeAMultipleOfTheClassAlignment()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).maxSlotSize(1001).build())
        {
            for (final SizeClass sizeClass : cache.classes())
            {
                assertEquals(0, sizeClass.slotSize() % SizeClassCache.CLASS_ALIGNMENT, sizeClass::toString);
            }
        }
    }

    @Test
    @Disabled("defect: the same rounding refuses minSlotSize(1001).maxSlotSize(1001) with the message " +
        "'minSlotSize=1001 must be at most maxSlotSize=1001'")
    void shouldAcceptTheSameUnalignedSmallestAndLargestSlotSize()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(PagePool.MIN_PAGE_SIZE)
            .memoryLimit(PagePool.MIN_PAGE_SIZE).minSlotSize(1001).maxSlotSize(1001).build())
        {
            assertEquals(1, cache.classes().size());
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.List;

import dev.slabcache.core.SlotSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.assertFilled;
import static dev.slabcache.master.SmallSizeClasses.fill;
import static dev.slabcache.master.SmallSizeClasses.smallBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The size-class cache's builder: its defaults, the pool it makes or takes, and the settings it refuses.
 */
class SizeClassBuilderTest
{
    @Test
    void shouldBuildWithMemcachedDefaults()
    {
        try (SizeClassCache cache = SizeClassCache.builder().build())
        {
            assertEquals("size-classes", cache.name());
            assertEquals(1 << 20, cache.pagePool().pageSize());
            assertEquals(64L << 20, cache.pagePool().memoryLimit());
            assertEquals(64, cache.classes().get(0).slotSize());
            assertEquals(512 * 1024, cache.classes().get(cache.classes().size() - 1).slotSize());
            assertTrue(cache.toString().contains("threadSafety=" + ThreadSafety.MAGAZINES), cache::toString);
            assertEquals(0, cache.pagePool().pagesInUse());
        }
    }

    @Test
    void shouldMakeItsOwnPoolOfTheMemoryLimit()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(2 * PAGE).memoryLimit(10L * 2 * PAGE + 1)
            .build())
        {
            assertEquals(2 * PAGE, cache.pagePool().pageSize());
            assertEquals(10, cache.pagePool().pageLimit());
            assertEquals(PAGE, cache.classes().get(cache.classes().size() - 1).slotSize());
        }
    }

    @Test
    void shouldTakeThePageSizeFromThePool()
    {
        final PagePool pool = PagePool.direct(2 * PAGE, 2L * PAGE);
        try (SizeClassCache cache = SizeClassCache.builder().pagePool(pool).pageSize(2 * PAGE).build())
        {
            assertSame(pool, cache.pagePool());
            assertEquals(PAGE, cache.classes().get(cache.classes().size() - 1).slotSize());
        }
    }

    @Test
    void shouldRejectAPoolAndAMemoryLimitTogether()
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);

        final IllegalArgumentException poolFirst = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pagePool(pool).memoryLimit(PAGE).build());
        final IllegalArgumentException limitFirst = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().memoryLimit(PAGE).pagePool(pool).build());

        for (final IllegalArgumentException rejected : List.of(poolFirst, limitFirst))
        {
            assertTrue(rejected.getMessage().contains("memoryLimit=" + PAGE), rejected::getMessage);
            assertTrue(rejected.getMessage().contains("pagePool="), rejected::getMessage);
        }
    }

    @Test
    void shouldRejectAPageSizeOtherThanThePools()
    {
        final PagePool pool = PagePool.direct(PAGE, PAGE);

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pagePool(pool).pageSize(2 * PAGE).build());

        assertTrue(rejected.getMessage().contains("pageSize=" + 2 * PAGE), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("pool's pageSize=" + PAGE), rejected::getMessage);
    }

    @Test
    void shouldRejectASmallestClassAboveTheLargest()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).minSlotSize(512).maxSlotSize(256)
                .build());

        assertTrue(rejected.getMessage().contains("minSlotSize=512"), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("maxSlotSize=256"), rejected::getMessage);
    }

    @Test
    void shouldCapASmallestClassThatRoundsUpAboveTheLargestAtTheLargest()
    {
        try (SizeClassCache cache =
            SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).minSlotSize(250).maxSlotSize(252).build())
        {
            assertEquals(1, cache.classes().size());
            assertEquals(252, cache.classes().get(0).slotSize());
        }
    }

    @Test
    void shouldRejectALargestClassAboveThePage()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(PAGE).memoryLimit(PAGE).maxSlotSize(PAGE + 8).build());

        assertTrue(rejected.getMessage().contains("maxSlotSize=" + (PAGE + 8)), rejected::getMessage);
        assertTrue(rejected.getMessage().contains("pageSize=" + PAGE), rejected::getMessage);
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldServeALargestClassOfAWholePage(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 2L * PAGE)).maxSlotSize(PAGE)
            .threadSafety(mode).build())
        {
            final long handle = cache.allocate(PAGE);

            assertEquals(PAGE, cache.slotSize(handle));
            assertEquals(1, cache.classes().get(cache.classFor(PAGE)).slotsPerPage());
            fill(cache, handle, PAGE, (byte)9);
            assertFilled(cache, handle, PAGE, (byte)9);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = { 1.0, 0.5, 0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void shouldRejectAGrowthFactorThatIsNotAFiniteNumberAboveOne(final double factor)
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().growthFactor(factor));

        assertTrue(rejected.getMessage().contains("growthFactor=" + factor), rejected::getMessage);
    }

    @Test
    void shouldMakeTheMostClassesItMay()
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(4 * PAGE).memoryLimit(4 * PAGE)
            .minSlotSize(8).maxSlotSize(8 * SizeClassCache.MAX_CLASSES).growthFactor(Math.nextUp(1.0)).build())
        {
            assertEquals(SizeClassCache.MAX_CLASSES, cache.classes().size());
        }
    }

    @Test
    void shouldRejectMoreClassesThanItMayMake()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(4 * PAGE).memoryLimit(4 * PAGE).minSlotSize(8)
                .maxSlotSize(8 * SizeClassCache.MAX_CLASSES + 8).growthFactor(Math.nextUp(1.0)).build());

        assertTrue(rejected.getMessage().contains("growthFactor="), rejected::getMessage);
        assertTrue(rejected.getMessage().contains(String.valueOf(SizeClassCache.MAX_CLASSES)), rejected::getMessage);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", " ", "\t\n" })
    void shouldRejectANullOrBlankName(final String name)
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().name(name));

        assertTrue(rejected.getMessage().contains("name="), rejected::getMessage);
    }

    @Test
    void shouldRejectANullPagePool()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().pagePool(null));

        assertTrue(rejected.getMessage().contains("pagePool"), rejected::getMessage);
    }

    @Test
    void shouldRejectANullThreadSafety()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().threadSafety(null));

        assertTrue(rejected.getMessage().contains("threadSafety"), rejected::getMessage);
    }

    @Test
    void shouldRejectSlotSizesBelowTheSmallestSlot()
    {
        final int tooSmall = SlotSegment.MIN_SLOT_SIZE - 1;

        final IllegalArgumentException min =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().minSlotSize(tooSmall));
        final IllegalArgumentException max =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().maxSlotSize(tooSmall));

        assertTrue(min.getMessage().contains("minSlotSize=" + tooSmall), min::getMessage);
        assertTrue(max.getMessage().contains("maxSlotSize=" + tooSmall), max::getMessage);
    }

    @Test
    void shouldRejectAPageSizeBelowTheSmallestPage()
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().pageSize(PAGE - 1));

        assertTrue(rejected.getMessage().contains("pageSize=" + (PAGE - 1)), rejected::getMessage);
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, Long.MIN_VALUE })
    void shouldRejectAMemoryLimitThatIsNotPositive(final long memoryLimit)
    {
        final IllegalArgumentException rejected =
            assertThrows(IllegalArgumentException.class, () -> SizeClassCache.builder().memoryLimit(memoryLimit));

        assertTrue(rejected.getMessage().contains("memoryLimit=" + memoryLimit), rejected::getMessage);
    }

    @Test
    void shouldRejectAMemoryLimitBelowOnePage()
    {
        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(2 * PAGE).memoryLimit(PAGE).build());

        assertTrue(rejected.getMessage().contains("memoryLimit=" + PAGE), rejected::getMessage);
    }

    @Test
    void shouldRejectAPageThatHoldsMoreSlotsOfTheSmallestClassThanAHandleNames()
    {
        final int pageSize = 1 << 28;

        final IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
            () -> SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize).minSlotSize(8).build());

        assertTrue(rejected.getMessage().contains(String.valueOf(SlotHandle.MAX_SLOTS)), rejected::getMessage);
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.slabcache.master.SmallSizeClasses.LARGE;
import static dev.slabcache.master.SmallSizeClasses.PAGE;
import static dev.slabcache.master.SmallSizeClasses.assertFilled;
import static dev.slabcache.master.SmallSizeClasses.fill;
import static dev.slabcache.master.SmallSizeClasses.smallBuilder;
import static dev.slabcache.master.SmallSizeClasses.smallCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The size classes a cache makes (the memcached rule: grow by the factor, round up to 8) and the lookup of the
 * class that holds a size.
 */
class SizeClassSizesTest
{
    /**
     * Page size, smallest and largest class, growth factor: fine and coarse lookup granules, a largest class that
     * is not a multiple of 8, and classes 8 bytes apart.
     */
    static Stream<Arguments> classConfigurations()
    {
        return Stream.of(
            Arguments.of(1 << 16, 64, 1 << 15, 1.25),
            Arguments.of(1 << 20, 8, 1 << 20, 1.01),
            Arguments.of(1 << 24, 8, 1 << 24, 1.02),
            Arguments.of(1 << 24, 8, (1 << 24) - 3, 1.1),
            Arguments.of(1 << 24, 1000, 1 << 23, 2.0),
            Arguments.of(PAGE, 8, PAGE, Math.nextUp(1.0)));
    }

    @Test
    void shouldGrowClassSizesByTheFactorRoundedUpToEightAsMemcachedDoes()
    {
        try (SizeClassCache cache = SizeClassCache.builder().build())
        {
            assertEquals(
                List.of(64, 80, 104, 136, 176, 224, 280, 352, 440, 552), slotSizes(cache).subList(0, 10));
            assertEquals(referenceSizes(64, 512 * 1024, 1.25), slotSizes(cache));
        }
    }

    @ParameterizedTest
    @MethodSource("classConfigurations")
    void shouldMakeTheClassSizesOfEveryConfiguration(
        final int pageSize, final int min, final int max, final double factor)
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize)
            .minSlotSize(min).maxSlotSize(max).growthFactor(factor).build())
        {
            assertEquals(referenceSizes(min, max, factor), slotSizes(cache));
        }
    }

    @Test
    void shouldCutTheGrownSizeToAWholeNumberBeforeRoundingItUpAsMemcachedDoes()
    {
        // memcached 1.6 -n 48 -f 1.3 makes 96, 128, 168, 224, 296, 384, 504: 296 x 1.3 = 384.8 is cut to 384.
        try (SizeClassCache cache = SizeClassCache.builder().minSlotSize(96).growthFactor(1.3).build())
        {
            assertEquals(List.of(96, 128, 168, 224, 296, 384, 504), slotSizes(cache).subList(0, 7));
        }
    }

    @Test
    void shouldRoundTheSmallestClassUpToAMultipleOfEight()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).minSlotSize(57).build())
        {
            assertEquals(64, cache.classes().get(0).slotSize());
        }
    }

    @Test
    void shouldStepAtLeastEightBytesWhenTheFactorAddsLess()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).maxSlotSize(1024)
            .growthFactor(Math.nextUp(1.0)).build())
        {
            final List<Integer> expected = new ArrayList<>();
            for (int size = 64; size <= 1024; size += 8)
            {
                expected.add(size);
            }
            assertEquals(expected, slotSizes(cache));
        }
    }

    @Test
    void shouldEndWithTheLargestSlotSizeEvenWhenItIsNotAMultipleOfEight()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 2L * PAGE)).maxSlotSize(1001).build())
        {
            final List<Integer> sizes = slotSizes(cache);

            assertEquals(List.of(64, 128, 256, 512, 1001), sizes);
            final long handle = cache.allocate(1001);
            assertEquals(1001, cache.slotSize(handle));
            fill(cache, handle, 1001, (byte)7);
            assertFilled(cache, handle, 1001, (byte)7);
        }
    }

    @Test
    void shouldMakeOneClassWhenTheSmallestIsTheLargest()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).minSlotSize(LARGE).build())
        {
            assertEquals(List.of(LARGE), slotSizes(cache));
        }
    }

    @Test
    void shouldNumberTheClassesSmallestFirst()
    {
        try (SizeClassCache cache = smallCache(ThreadSafety.SINGLE_OWNER, PagePool.direct(PAGE, PAGE)))
        {
            final List<SizeClass> classes = cache.classes();

            assertEquals(3, classes.size());
            for (int i = 0; i < classes.size(); i++)
            {
                assertEquals(i, classes.get(i).index());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadSafety.class)
    void shouldFitAsManySlotsInAPageAsEachClassSays(final ThreadSafety mode)
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, 8L * PAGE)).maxSlotSize(1001)
            .threadSafety(mode).build())
        {
            for (final SizeClass sizeClass : cache.classes())
            {
                cache.allocate(sizeClass.slotSize());
            }

            final SizeClassStats stats = cache.stats();
            for (final SizeClass sizeClass : cache.classes())
            {
                final SizeClassStats.ClassStats counts = stats.classes().get(sizeClass.index());
                assertEquals(1, counts.pages(), counts::toString);
                assertEquals(sizeClass.slotsPerPage(), counts.slotCapacity(), counts::toString);
            }
            assertEquals(List.of(64, 32, 16, 8, 4), slotsPerPage(cache));
        }
    }

    @Test
    void shouldMakeOnlyTheSmallestAndTheLargestClassForAHugeFactor()
    {
        try (SizeClassCache cache = smallBuilder(PagePool.direct(PAGE, PAGE)).maxSlotSize(1024)
            .growthFactor(1e18).build())
        {
            assertEquals(List.of(64, 1024), slotSizes(cache));
        }
    }

    @ParameterizedTest
    @MethodSource("classConfigurations")
    void shouldFindTheSmallestClassThatHoldsEverySize(
        final int pageSize, final int min, final int max, final double factor)
    {
        try (SizeClassCache cache = SizeClassCache.builder().pageSize(pageSize).memoryLimit(pageSize)
            .minSlotSize(min).maxSlotSize(max).growthFactor(factor).build())
        {
            final List<Integer> sizes = slotSizes(cache);
            int expected = 0;
            for (int size = 1; size <= max; size++)
            {
                while (sizes.get(expected) < size)
                {
                    expected++;
                }
                final int found = cache.classFor(size);
                if (expected != found)
                {
                    fail("classFor(" + size + ") = " + found + " (" + sizes.get(found) + " bytes), expected " +
                        expected + " (" + sizes.get(expected) + " bytes)");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, Integer.MIN_VALUE, LARGE + 1, Integer.MAX_VALUE })
    void shouldRejectFindingTheClassOfASizeOutsideOneToTheLargestNamingIt(final int size)
    {
        try (SizeClassCache cache = smallCache(ThreadSafety.SINGLE_OWNER, PagePool.direct(PAGE, PAGE)))
        {
            final IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> cache.classFor(size));

            assertTrue(rejected.getMessage().contains("size=" + size), rejected::getMessage);
        }
    }

    /**
     * The class sizes by the memcached rule, worked out in doubles so that no factor overflows.
     */
    private static List<Integer> referenceSizes(final int min, final int max, final double factor)
    {
        final List<Integer> sizes = new ArrayList<>();
        long size = roundUpToEight(min);
        while (size < max)
        {
            sizes.add((int)size);
            final long grown = (long)(size * factor);
            size = grown >= max ? max : Math.max(size + 8, roundUpToEight(grown));
        }
        sizes.add(max);
        return sizes;
    }

    private static long roundUpToEight(final long size)
    {
        return (size + 7) / 8 * 8;
    }

    private static List<Integer> slotSizes(final SizeClassCache cache)
    {
        final List<Integer> sizes = new ArrayList<>();
        for (final SizeClass sizeClass : cache.classes())
        {
            sizes.add(sizeClass.slotSize());
        }
        return sizes;
    }

    private static List<Integer> slotsPerPage(final SizeClassCache cache)
    {
        final List<Integer> slots = new ArrayList<>();
        for (final SizeClass sizeClass : cache.classes())
        {
            slots.add(sizeClass.slotsPerPage());
        }
        return slots;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Arrays;

import org.agrona.BitUtil;

/**
 * The class sizes of a {@link SizeClassCache} and the table that finds a size's class in O(1).
 * <p>
 * Sizes grow as memcached's slabs_init makes them: from the smallest, each the last times the factor, cut to a whole
 * number and rounded up to a multiple of {@value SizeClassCache#CLASS_ALIGNMENT}, and at least that much larger,
 * until one would reach the largest, which closes the list as given. The table has one entry per granule of sizes (8 bytes, or coarser so that there are at
 * most {@value #MAX_GRANULES}): the class of the granule's smallest size; a size in a granule that spans a class
 * boundary steps on to the next class, which happens only for coarse granules.
 */
final class SizeClasses
{
    private static final int MAX_GRANULES = 1 << 16;

    private final int[] sizes;
    private final int granuleShift;
    private final short[] classOfGranule;

    /**
     * @throws IllegalArgumentException when the factor makes more than {@value SizeClassCache#MAX_CLASSES} classes.
     */
    SizeClasses(final int smallest, final int largest, final double factor)
    {
        this.sizes = sizes(smallest, largest, factor);
        this.granuleShift = Math.max(
            3, 32 - Integer.numberOfLeadingZeros(largest - 1) - Integer.numberOfTrailingZeros(MAX_GRANULES));
        this.classOfGranule = new short[((largest - 1) >>> granuleShift) + 1];
        int sizeClass = 0;
        for (int granule = 0; granule < classOfGranule.length; granule++)
        {
            final int smallestOfGranule = (granule << granuleShift) + 1;
            while (sizes[sizeClass] < smallestOfGranule)
            {
                sizeClass++;
            }
            classOfGranule[granule] = (short)sizeClass;
        }
    }

    int count()
    {
        return sizes.length;
    }

    int size(final int sizeClass)
    {
        return sizes[sizeClass];
    }

    int largest()
    {
        return sizes[sizes.length - 1];
    }

    /**
     * @param size from 1 to {@link #largest()}.
     * @return the smallest class that holds it.
     */
    int classFor(final int size)
    {
        int sizeClass = classOfGranule[(size - 1) >>> granuleShift];
        while (sizes[sizeClass] < size)
        {
            sizeClass++;
        }
        return sizeClass;
    }

    private static int[] sizes(final int smallest, final int largest, final double factor)
    {
        int[] sizes = new int[16];
        int count = 0;
        long size = smallest;
        while (size < largest)
        {
            if (count == SizeClassCache.MAX_CLASSES - 1)
            {
                throw new IllegalArgumentException("growthFactor=" + factor + " makes more than " +
                    SizeClassCache.MAX_CLASSES + " classes from " + smallest + " to " + largest +
                    " bytes: use a larger factor");
            }
            if (count == sizes.length)
            {
                sizes = Arrays.copyOf(sizes, 2 * count);
            }
            sizes[count++] = (int)size;
            final long grown = (long)(size * factor);
            size = grown >= largest ? largest :
                Math.max(size + SizeClassCache.CLASS_ALIGNMENT,
                    BitUtil.align(grown, SizeClassCache.CLASS_ALIGNMENT));
        }
        sizes = Arrays.copyOf(sizes, count + 1);
        sizes[count] = largest;
        return sizes;
    }
}

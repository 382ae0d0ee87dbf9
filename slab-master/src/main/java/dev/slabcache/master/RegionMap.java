/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The memory a cache's slabs span, by address, so that no two slabs ever share a byte: an attach or a grow onto
 * memory a slab already holds is refused before it can hand out one address twice. Heap memory is told apart by
 * its {@code byte[]}, off-heap memory by address. O(log slabs) per check; under the cache's lock.
 */
final class RegionMap
{
    private static final Object OFF_HEAP = new Object();

    private final Map<Object, TreeMap<Long, SlabRecord>> regions = new IdentityHashMap<>();

    /**
     * @return what the region of a buffer lives in: its {@code byte[]}, or the one off-heap address space.
     */
    static Object memoryOf(final AtomicBuffer buffer)
    {
        return null != buffer.byteArray() ? buffer.byteArray() : OFF_HEAP;
    }

    /**
     * @return a slab whose region shares a byte with {@code [start, end)} of {@code memory}, or null.
     */
    SlabRecord overlap(final Object memory, final long start, final long end)
    {
        final TreeMap<Long, SlabRecord> byStart = regions.get(memory);
        if (null == byStart)
        {
            return null;
        }

        final Map.Entry<Long, SlabRecord> before = byStart.floorEntry(start);
        final Map.Entry<Long, SlabRecord> after = byStart.ceilingEntry(start);
        return null != before && before.getValue().regionEnd > start ? before.getValue() :
            null != after && after.getValue().regionStart < end ? after.getValue() : null;
    }

    void add(final SlabRecord slab)
    {
        regions.computeIfAbsent(slab.memory, (key) -> new TreeMap<>()).put(slab.regionStart, slab);
    }

    void remove(final SlabRecord slab)
    {
        final TreeMap<Long, SlabRecord> byStart = regions.get(slab.memory);
        byStart.remove(slab.regionStart);
        if (byStart.isEmpty())
        {
            regions.remove(slab.memory);
        }
    }

    /**
     * @return the overlap of a region with a slab, worded for a message.
     */
    static String describe(final long start, final long end, final SlabRecord clash)
    {
        return "region [" + start + ", " + end + ") overlaps " + clash + " at [" + clash.regionStart + ", " +
            clash.regionEnd + ")";
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.core;

/**
 * Packs a slot's address in a master cache into one positive {@code long}, never 0:
 * <pre>
 *    63 62          53 52       46 45             28 27                         0
 *   +--+--------------+-----------+-----------------+----------------------------+
 *   |0 |  cache tag   | slab gen  |   slab index    |            slot            |
 *   +--+--------------+-----------+-----------------+----------------------------+
 *        10 bits        7 bits         18 bits                 28 bits
 * </pre>
 * <ul>
 *   <li>cache tag: 1 to {@value #MAX_CACHE_TAG}, unique among the caches open at the same time, so a handle
 *       of one cache is never taken for a slot of another. It is never 0, so no handle is 0.</li>
 *   <li>slab gen: bumped each time a slab index is reused, so a handle into a detached slab is rejected even
 *       after its index serves another slab, until the generation wraps after {@value #GENERATIONS} reuses of
 *       that index. The master uses every index once before it reuses any, so that takes
 *       {@value #MAX_SLABS} x {@value #GENERATIONS} detaches and releases.</li>
 *   <li>slab index: where the master finds the slab, in O(1); up to {@value #MAX_SLABS} slabs per cache.</li>
 *   <li>slot: the slot's index in its slab; up to {@value #MAX_SLOTS} slots per slab.</li>
 * </ul>
 */
public final class SlotHandle
{
    /**
     * Bits of the slot index.
     */
    public static final int SLOT_BITS = 28;

    /**
     * Bits of the slab index.
     */
    public static final int SLAB_INDEX_BITS = 18;

    /**
     * Bits of the slab generation.
     */
    public static final int GENERATION_BITS = 7;

    /**
     * Bits of the cache tag.
     */
    public static final int CACHE_TAG_BITS = 10;

    /**
     * Slots a slab may hold.
     */
    public static final int MAX_SLOTS = 1 << SLOT_BITS;

    /**
     * Slabs a cache may hold at once.
     */
    public static final int MAX_SLABS = 1 << SLAB_INDEX_BITS;

    /**
     * Distinct slab generations before one repeats.
     */
    public static final int GENERATIONS = 1 << GENERATION_BITS;

    /**
     * The largest cache tag; caches open at once are at most this many.
     */
    public static final int MAX_CACHE_TAG = (1 << CACHE_TAG_BITS) - 1;

    private static final int SLAB_INDEX_SHIFT = SLOT_BITS;
    private static final int GENERATION_SHIFT = SLAB_INDEX_SHIFT + SLAB_INDEX_BITS;
    private static final int CACHE_TAG_SHIFT = GENERATION_SHIFT + GENERATION_BITS;

    private SlotHandle()
    {
    }

    /**
     * Packs a handle. The fields are masked, not checked: callers pass values in range.
     *
     * @param cacheTag   1 to {@link #MAX_CACHE_TAG}.
     * @param generation the slab's generation, any int: only its low {@value #GENERATION_BITS} bits are kept.
     * @param slabIndex  0 to {@link #MAX_SLABS} - 1.
     * @param slot       0 to {@link #MAX_SLOTS} - 1.
     * @return the handle, positive when {@code cacheTag} is in range.
     */
    public static long pack(final int cacheTag, final int generation, final int slabIndex, final int slot)
    {
        return (long)cacheTag << CACHE_TAG_SHIFT |
            (long)(generation & (GENERATIONS - 1)) << GENERATION_SHIFT |
            (long)slabIndex << SLAB_INDEX_SHIFT |
            slot;
    }

    /**
     * @param handle a handle.
     * @return its cache tag; 0 or above {@link #MAX_CACHE_TAG} means the value is not a handle.
     */
    public static int cacheTag(final long handle)
    {
        return (int)(handle >>> CACHE_TAG_SHIFT);
    }

    /**
     * @param handle a handle.
     * @return its slab generation, {@code 0} to {@link #GENERATIONS} - 1.
     */
    public static int generation(final long handle)
    {
        return (int)(handle >>> GENERATION_SHIFT) & (GENERATIONS - 1);
    }

    /**
     * @param handle a handle.
     * @return its slab index.
     */
    public static int slabIndex(final long handle)
    {
        return (int)(handle >>> SLAB_INDEX_SHIFT) & (MAX_SLABS - 1);
    }

    /**
     * @param handle a handle.
     * @return the handle with its slot cleared: the same for every slot of one slab of one cache, so one compare
     * checks cache tag, slab generation and slab index at once.
     */
    public static long slabPart(final long handle)
    {
        return handle & ~(long)(MAX_SLOTS - 1);
    }

    /**
     * @param handle a handle.
     * @return its slot index.
     */
    public static int slot(final long handle)
    {
        return (int)handle & (MAX_SLOTS - 1);
    }

    /**
     * @param handle a handle.
     * @return the handle in hex with its fields, for messages.
     */
    public static String describe(final long handle)
    {
        return "0x" + Long.toHexString(handle) + " (tag=" + cacheTag(handle) + ", gen=" + generation(handle) +
            ", slab=" + slabIndex(handle) + ", slot=" + slot(handle) + ")";
    }
}

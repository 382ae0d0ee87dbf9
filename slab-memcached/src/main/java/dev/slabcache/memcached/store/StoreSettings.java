/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.file.Path;

import org.agrona.BitUtil;

/**
 * What an {@link ItemStore} is made with: memcached's -m, -f, -n, -I, -M, -e (--memory-file), -o hashpower and -C,
 * checked when made.
 * <p>
 * Items are never chunked, so the largest item must fit in one page: pages are
 * {@link #pageSize()} = max(1 MiB, maxItemSize rounded up to a multiple of 4096), and the memory must hold at
 * least one page.
 *
 * @param memoryLimit  bytes of item memory (-m, given in MiB on the command line).
 * @param growthFactor the class growth factor (-f, default 1.25).
 * @param minDataSize  bytes of key and value in the smallest class (-n, default 48).
 * @param maxItemSize  the largest item, header, key and value (-I, default 1 MiB).
 * @param evictions    false for -M: answer out of memory instead of evicting.
 * @param memoryFile   the file mapped as the page pool, or null for direct memory.
 * @param hashPower    the index's first size as a power of 2 (-o hashpower, default 16); it grows from there.
 * @param casEnabled   false for -C: items keep no cas unique (8 bytes less each), gets show cas 0 and a cas
 *                     command never stores, as in memcached.
 */
public record StoreSettings(
    long memoryLimit, double growthFactor, int minDataSize, int maxItemSize, boolean evictions, Path memoryFile,
    int hashPower, boolean casEnabled)
{
    /** memcached's default -m: 64 MiB. */
    public static final long DEFAULT_MEMORY_LIMIT = 64L << 20;
    /** memcached's default -f. */
    public static final double DEFAULT_GROWTH_FACTOR = 1.25;
    /** memcached's default -n. */
    public static final int DEFAULT_MIN_DATA_SIZE = 48;
    /** memcached's default -I: 1 MiB. */
    public static final int DEFAULT_MAX_ITEM_SIZE = 1 << 20;
    /** memcached's smallest -I. */
    public static final int MIN_MAX_ITEM_SIZE = 1024;
    /** memcached's largest -I: 1 GiB. */
    public static final int MAX_MAX_ITEM_SIZE = 1 << 30;
    /** The smallest page, and memcached's default slab page size. */
    public static final int MIN_PAGE_SIZE = 1 << 20;
    /** Pages are a multiple of this. */
    public static final int PAGE_GRANULE = 4096;

    /**
     * Checks the settings.
     *
     * @param memoryLimit  bytes of item memory (-m).
     * @param growthFactor the class growth factor (-f), above 1.
     * @param minDataSize  bytes of key and value in the smallest class (-n), at least 1.
     * @param maxItemSize  the largest item (-I), from 1 KiB to 1 GiB.
     * @param evictions    false for -M.
     * @param memoryFile   the file mapped as the page pool, or null.
     * @param hashPower    the index's first size as a power of 2, from 1 to 30.
     * @param casEnabled   false for -C.
     * @throws IllegalArgumentException naming the value and the rule, when a setting is out of range.
     */
    public StoreSettings
    {
        if (hashPower < 1 || hashPower > ItemIndex.MAX_HASH_POWER)
        {
            throw new IllegalArgumentException(
                "hashPower=" + hashPower + " (-o hashpower) must be in [1, " + ItemIndex.MAX_HASH_POWER + "]");
        }
        if (!(growthFactor > 1.0) || Double.isInfinite(growthFactor))
        {
            throw new IllegalArgumentException("growthFactor=" + growthFactor + " (-f) must be a number above 1");
        }
        if (minDataSize < 1)
        {
            throw new IllegalArgumentException("minDataSize=" + minDataSize + " (-n) must be at least 1");
        }
        if (maxItemSize < MIN_MAX_ITEM_SIZE || maxItemSize > MAX_MAX_ITEM_SIZE)
        {
            throw new IllegalArgumentException("maxItemSize=" + maxItemSize + " (-I) must be in [" +
                MIN_MAX_ITEM_SIZE + ", " + MAX_MAX_ITEM_SIZE + "]: items are not chunked, one must fit in a page");
        }
        if (ItemLayout.HEADER_LENGTH + (long)minDataSize > maxItemSize)
        {
            throw new IllegalArgumentException("minDataSize=" + minDataSize + " (-n) plus the " +
                ItemLayout.HEADER_LENGTH + "-byte item header must be at most maxItemSize=" + maxItemSize + " (-I)");
        }
        final int pageSize = pageSize(maxItemSize);
        if (memoryLimit < pageSize)
        {
            throw new IllegalArgumentException("memoryLimit=" + memoryLimit + " (-m) must hold at least one page of " +
                pageSize + " bytes, the page that maxItemSize=" + maxItemSize + " (-I) needs: raise -m or lower -I");
        }
        if (null != memoryFile && memoryLimit / pageSize * pageSize > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("memoryLimit=" + memoryLimit + " (-m) with memoryFile=" + memoryFile +
                " must be below 2 GiB: the file is mapped as one buffer");
        }
    }

    /**
     * Settings with CAS on, as memcached's default.
     *
     * @param memoryLimit  bytes of item memory (-m).
     * @param growthFactor the class growth factor (-f), above 1.
     * @param minDataSize  bytes of key and value in the smallest class (-n), at least 1.
     * @param maxItemSize  the largest item (-I), from 1 KiB to 1 GiB.
     * @param evictions    false for -M.
     * @param memoryFile   the file mapped as the page pool, or null.
     * @param hashPower    the index's first size as a power of 2, from 1 to 30.
     * @throws IllegalArgumentException naming the value and the rule, when a setting is out of range.
     */
    public StoreSettings(
        final long memoryLimit, final double growthFactor, final int minDataSize, final int maxItemSize,
        final boolean evictions, final Path memoryFile, final int hashPower)
    {
        this(memoryLimit, growthFactor, minDataSize, maxItemSize, evictions, memoryFile, hashPower, true);
    }

    /**
     * Settings with the index's default first size (2^16 buckets, memcached's) and CAS on.
     *
     * @param memoryLimit  bytes of item memory (-m).
     * @param growthFactor the class growth factor (-f), above 1.
     * @param minDataSize  bytes of key and value in the smallest class (-n), at least 1.
     * @param maxItemSize  the largest item (-I), from 1 KiB to 1 GiB.
     * @param evictions    false for -M.
     * @param memoryFile   the file mapped as the page pool, or null.
     * @throws IllegalArgumentException naming the value and the rule, when a setting is out of range.
     */
    public StoreSettings(
        final long memoryLimit, final double growthFactor, final int minDataSize, final int maxItemSize,
        final boolean evictions, final Path memoryFile)
    {
        this(memoryLimit, growthFactor, minDataSize, maxItemSize, evictions, memoryFile, ItemIndex.INITIAL_HASH_POWER);
    }

    /**
     * Returns memcached's defaults: 64 MiB, factor 1.25, 48 bytes, 1 MiB items, evictions on, no memory file, CAS.
     *
     * @return memcached's defaults: 64 MiB, factor 1.25, 48 bytes, 1 MiB items, evictions on, no memory file, CAS.
     */
    public static StoreSettings defaults()
    {
        return new StoreSettings(
            DEFAULT_MEMORY_LIMIT, DEFAULT_GROWTH_FACTOR, DEFAULT_MIN_DATA_SIZE, DEFAULT_MAX_ITEM_SIZE, true, null);
    }

    /**
     * Returns bytes in a page, which is also the largest slot: max(1 MiB, maxItemSize rounded up to 4096).
     *
     * @return bytes in a page, which is also the largest slot: max(1 MiB, maxItemSize rounded up to 4096).
     */
    public int pageSize()
    {
        return pageSize(maxItemSize);
    }

    /**
     * Returns bytes of the smallest slot: the 48-byte item header (without the cas unique, as memcached counts
     * sizeof(item)) plus minDataSize, rounded up to 8: 96 at -n 48, as memcached's smallest chunk.
     *
     * @return bytes of the smallest slot: the item header plus minDataSize, rounded up to 8.
     */
    public int minSlotSize()
    {
        return BitUtil.align(ItemLayout.HEADER_LENGTH + minDataSize, 8);
    }

    private static int pageSize(final int maxItemSize)
    {
        return Math.max(MIN_PAGE_SIZE, BitUtil.align(maxItemSize, PAGE_GRANULE));
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;

import dev.slabcache.core.SlabProvider;
import org.agrona.BitUtil;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * What both builders fill and check, and what a {@link CacheCore} is built from: one cache's settings, or those of
 * every class of a {@link SizeClassCache}, each class getting a copy with its own slots ({@link #forClass}).
 * Every setter checks its argument; {@link #checkSlab()} checks the slab's settings together.
 */
final class CacheSettings implements Cloneable
{
    String name;
    int slotSize = 64;
    int slotAlignment = 8;
    int slabSize = 64 * 1024;
    SlabProvider provider;
    int maxSlabs = Integer.MAX_VALUE;
    int retainEmptySlabs = 1;
    SlabLock lock = SlabLock.reentrant();
    ThreadSafety threadSafety = ThreadSafety.MAGAZINES;
    int magazineSize = SlabCache.DEFAULT_MAGAZINE_SIZE;
    int depotMagazines = SlabCache.DEFAULT_DEPOT_MAGAZINES;
    boolean registerMBean;
    boolean debug = Boolean.getBoolean(SlabCache.DEBUG_PROP_NAME);
    int debugSampleRate = SlabCache.DEFAULT_DEBUG_SAMPLE_RATE;
    Duration leakDetectionThreshold = Duration.ZERO;
    // Debug mode ages live slots by it; tests of the ageing set their own.
    NanoClock nanoClock = SystemNanoClock.INSTANCE;
    // Where a size-class cache writes its layout when it closes; null for none.
    SizeClassLayout layout;

    CacheSettings(final String name)
    {
        this.name = name;
    }

    /**
     * The settings of one class of a size-class cache: its slots, in pages of the pool (zeroed as they are taken
     * when the cache has a layout, see {@link ZeroedPages}), and its thread path. With
     * {@link ThreadSafety#MAGAZINES}, a class of fewer than {@link SizeClassCache#MIN_MAGAZINE_SLOTS_PER_PAGE} slots a
     * page runs {@link ThreadSafety#LOCKED}, and the others' magazines and depot hold a small part of a page, so
     * that classes hoard few pages.
     */
    CacheSettings forClass(final int size, final PagePool pool)
    {
        final CacheSettings settings;
        try
        {
            settings = (CacheSettings)clone();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new AssertionError(ex);
        }
        final int slotsPerPage = pool.pageSize() / size;
        settings.name = name + "[" + size + "]";
        settings.slotSize = size;
        settings.slotAlignment = SizeClassCache.CLASS_ALIGNMENT;
        settings.slabSize = pool.pageSize();
        settings.provider = null != layout ? new ZeroedPages(pool) : pool.provider();
        settings.retainEmptySlabs = 1;
        settings.registerMBean = false;
        if (ThreadSafety.MAGAZINES == threadSafety && slotsPerPage < SizeClassCache.MIN_MAGAZINE_SLOTS_PER_PAGE)
        {
            settings.threadSafety = ThreadSafety.LOCKED;
        }
        settings.magazineSize = Math.max(1, Math.min(SlabCache.DEFAULT_MAGAZINE_SIZE, slotsPerPage / 16));
        settings.depotMagazines =
            Math.min(SlabCache.DEFAULT_DEPOT_MAGAZINES, slotsPerPage / settings.magazineSize / 4);
        return settings;
    }

    long leakDetectionThresholdNs()
    {
        return leakDetectionThreshold.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ?
            Long.MAX_VALUE : leakDetectionThreshold.toNanos();
    }

    SlabProvider provider()
    {
        return null != provider ? provider : SlabProvider.direct();
    }

    /**
     * @throws IllegalArgumentException when a slab of {@code slabSize} bytes cannot hold one slot, when a slot's
     *                                  stride overflows an int, or when a slab holds more slots than a handle names.
     */
    void checkSlab()
    {
        if (slabSize < slotSize)
        {
            throw new IllegalArgumentException(
                "slabSize=" + slabSize + " must hold at least one slot of slotSize=" + slotSize);
        }
        final long stride = BitUtil.align((long)slotSize, slotAlignment);
        if (stride > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(
                "slotSize=" + slotSize + " rounded up to slotAlignment=" + slotAlignment + " is a stride of " +
                stride + " bytes, more than the largest stride of " + Integer.MAX_VALUE + " bytes" +
                ": use a smaller slotSize or slotAlignment");
        }
        final long slots = (slabSize - slotSize) / stride + 1;
        if (slots > SlotHandle.MAX_SLOTS)
        {
            throw new IllegalArgumentException(
                "slabSize=" + slabSize + " holds " + slots + " slots of slotSize=" + slotSize +
                " at slotAlignment=" + slotAlignment + "; a slab holds at most " + SlotHandle.MAX_SLOTS +
                " slots, the most a handle names: use a smaller slabSize or larger slots");
        }
    }

    static String checkName(final String name)
    {
        if (null == name || name.isBlank())
        {
            throw new IllegalArgumentException("name=" + name + " must be a non-blank string");
        }
        return name;
    }

    static <T> T checkNotNull(final String what, final T value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }

    static int checkDebugSampleRate(final int debugSampleRate)
    {
        if (debugSampleRate < 1)
        {
            throw new IllegalArgumentException(
                "debugSampleRate=" + debugSampleRate + " must be positive: one allocation in that many is sampled");
        }
        return debugSampleRate;
    }

    static Duration checkLeakDetectionThreshold(final Duration threshold)
    {
        if (null == threshold || threshold.isNegative())
        {
            throw new IllegalArgumentException(
                "leakDetectionThreshold=" + threshold + " must be zero (never) or a positive duration");
        }
        return threshold;
    }

    static int checkNotNegative(final String what, final int value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(what + "=" + value + " must not be negative");
        }
        return value;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlotSegment;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Configures a {@link SizeClassCache}; every setter checks its argument at once, {@link #build()} the whole.
 */
public final class SizeClassCacheBuilder extends CacheBuilder<SizeClassCacheBuilder>
{
    private int minSlotSize = 64;
    private int maxSlotSize;
    private double growthFactor = 1.25;
    private int pageSize = 1 << 20;
    private boolean pageSizeSet;
    private long memoryLimit = 64L << 20;
    private boolean memoryLimitSet;
    private PagePool pagePool;
    private AtomicBuffer layout;
    private boolean registerClassMBeans;

    SizeClassCacheBuilder()
    {
        super("size-classes");
    }

    /**
     * Sets the slot size of the smallest class.
     *
     * @param minSlotSize the smallest class, rounded up to a multiple of {@value SizeClassCache#CLASS_ALIGNMENT};
     * default 64.
     * @return this builder.
     * @throws IllegalArgumentException when {@code minSlotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
     */
    public SizeClassCacheBuilder minSlotSize(final int minSlotSize)
    {
        if (minSlotSize < SlotSegment.MIN_SLOT_SIZE)
        {
            throw new IllegalArgumentException(
                "minSlotSize=" + minSlotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE);
        }
        this.minSlotSize = minSlotSize;
        return this;
    }

    /**
     * Sets the slot size of the largest class; a larger request fails.
     *
     * @param maxSlotSize the largest class; default half the page. At most the page size.
     * @return this builder.
     * @throws IllegalArgumentException when {@code maxSlotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
     */
    public SizeClassCacheBuilder maxSlotSize(final int maxSlotSize)
    {
        if (maxSlotSize < SlotSegment.MIN_SLOT_SIZE)
        {
            throw new IllegalArgumentException(
                "maxSlotSize=" + maxSlotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE);
        }
        this.maxSlotSize = maxSlotSize;
        return this;
    }

    /**
     * Sets the ratio from each class's slot size to the next one's.
     *
     * @param growthFactor how much each class is larger than the one before; default 1.25.
     * @return this builder.
     * @throws IllegalArgumentException when {@code growthFactor} is not above 1 or is not finite.
     */
    public SizeClassCacheBuilder growthFactor(final double growthFactor)
    {
        if (!(growthFactor > 1.0) || Double.isInfinite(growthFactor))
        {
            throw new IllegalArgumentException("growthFactor=" + growthFactor + " must be a number above 1");
        }
        this.growthFactor = growthFactor;
        return this;
    }

    /**
     * Sets the bytes in a page, the unit each class grows by.
     *
     * @param pageSize bytes in a page, a positive multiple of {@value PagePool#PAGE_ALIGNMENT}; default 1 MiB.
     *                 Taken from the pool when {@link #pagePool(PagePool)} is given.
     * @return this builder.
     * @throws IllegalArgumentException when {@code pageSize} is not a positive multiple of
     *                                  {@value PagePool#PAGE_ALIGNMENT}.
     */
    public SizeClassCacheBuilder pageSize(final int pageSize)
    {
        PagePool.checkPageSize(pageSize);
        this.pageSize = pageSize;
        this.pageSizeSet = true;
        return this;
    }

    /**
     * Sets how many bytes of direct pages the cache may take, in a pool of its own.
     *
     * @param memoryLimit bytes of direct pages the cache's own pool may make; default 64 MiB. Not with
     *                    {@link #pagePool(PagePool)}.
     * @return this builder.
     * @throws IllegalArgumentException when {@code memoryLimit} is not positive.
     */
    public SizeClassCacheBuilder memoryLimit(final long memoryLimit)
    {
        if (memoryLimit < 1)
        {
            throw new IllegalArgumentException("memoryLimit=" + memoryLimit + " must be positive");
        }
        this.memoryLimit = memoryLimit;
        this.memoryLimitSet = true;
        return this;
    }

    /**
     * Takes pages from a given pool, perhaps shared with other caches, instead of a pool of the cache's own.
     *
     * @param pagePool a pool to take pages from, perhaps shared with other caches; the cache never closes
     *                 it. Instead of {@link #memoryLimit(long)}.
     * @return this builder.
     * @throws IllegalArgumentException when {@code pagePool} is null.
     */
    public SizeClassCacheBuilder pagePool(final PagePool pagePool)
    {
        if (null == pagePool)
        {
            throw new IllegalArgumentException("pagePool must not be null");
        }
        this.pagePool = pagePool;
        return this;
    }

    /**
     * Gives the cache a buffer for its {@link SizeClassLayout}, so that a later process can reopen it with
     * {@link #reopen(LiveSlots)}: the cache zeros the layout's magic as it is built or reopened, and writes the
     * whole layout, the magic last, when it closes. A small file beside the pool's memory file, as memcached keeps
     * its {@code .meta} file, or a region of the same mapping kept out of the pool's buffer; never the pool's
     * pages. Only for a pool over your own memory, {@link PagePool#of(AtomicBuffer, int)}.
     *
     * @param layout a writable buffer of at least {@link SizeClassLayout#lengthFor(PagePool)} bytes.
     * @return this builder.
     * @throws IllegalArgumentException when {@code layout} is null or read-only; {@link #build()} and
     *                                  {@link #reopen(LiveSlots)} check its size and the pool.
     */
    public SizeClassCacheBuilder layout(final AtomicBuffer layout)
    {
        if (null == layout)
        {
            throw new IllegalArgumentException("layout must not be null");
        }
        if (null != layout.byteBuffer() && layout.byteBuffer().isReadOnly())
        {
            throw new IllegalArgumentException("layout " + layout + " is read-only: the cache writes its layout");
        }
        this.layout = layout;
        return this;
    }

    /**
     * Registers an MXBean for each class too, beside the whole cache's, when the cache is built.
     *
     * @param registerClassMBeans whether the build also registers a {@link SlabCacheMXBean} for each class, as
     *                            {@code dev.slabcache:type=SizeClassCache,name="<name>",slotSize=<size>}, beside the
     *                            cache's {@link SizeClassCacheMXBean} (which {@code true} registers too, as
     *                            {@link #registerMBean(boolean)} does); default false, since a cache of the default
     *                            sizes has 41 classes.
     * @return this builder.
     */
    public SizeClassCacheBuilder registerClassMBeans(final boolean registerClassMBeans)
    {
        this.registerClassMBeans = registerClassMBeans;
        return this;
    }

    /**
     * Builds a cache over the pages an earlier cache of the same settings held in the same memory, as a new process
     * does over a memory-mapped file: reads the {@link SizeClassLayout} that cache wrote into the buffer given to
     * {@link #layout(AtomicBuffer)} when it closed, checks it whole and against these settings, asks
     * {@code liveSlots} about every slot of every page it names, and gives each class back its pages that hold a
     * live slot, rebuilt as {@link SlabCacheBuilder#reopen(LiveSlots)} rebuilds a slab; pages with none stay free in
     * the pool. Every {@link ThreadSafety} reopens. O(slots of the pages held), plus O(pages) to read the layout.
     * Then it zeros the layout's magic, so that a process that stops without closing leaves none, and gives
     * {@link LiveSlots#reopened(long, AtomicBuffer, int)} each live slot's new handle.
     *
     * @param liveSlots says which slots are live, and is given their handles.
     * @return the reopened cache.
     * @throws IllegalArgumentException when no layout was given, or the layout is refused: none written (its magic
     *                                  zeroed), foreign, of another version, truncated, torn or changed (its
     *                                  checksum), or written for another page size, pool size or class sizes; or a
     *                                  page it names is out of the pool already; the message names what did not
     *                                  match, and nothing is attached. An exception from {@code liveSlots} is thrown
     *                                  the same way, with nothing attached.
     * @throws IllegalStateException    as {@link #build()} does.
     */
    public SizeClassCache reopen(final LiveSlots liveSlots)
    {
        if (null == liveSlots)
        {
            throw new IllegalArgumentException("liveSlots must not be null");
        }
        if (null == layout)
        {
            throw new IllegalArgumentException("reopen reads the layout given to layout(buffer): none was given");
        }
        return make(liveSlots);
    }

    /**
     * Builds the cache, checking the settings against each other.
     *
     * @return a new cache with no page yet; each class grows on its first allocation.
     * @throws IllegalArgumentException when the settings disagree: a pool and a memory limit, or a pool and
     *                                  another page size; a smallest class above the largest; a largest class
     *                                  above the page; a memory limit below one page; more than
     *                                  {@value SizeClassCache#MAX_CLASSES} classes; a {@link #layout(AtomicBuffer)}
     *                                  too small for the layout, or given with a pool not over your memory.
     * @throws IllegalStateException    with {@link #registerMBean(boolean)} or {@link #registerClassMBeans(boolean)},
     *                                  when an MXBean's name is taken
     *                                  (another open cache of the same name registered it); the message names
     *                                  it, and no cache is left open and no MBean registered.
     */
    public SizeClassCache build()
    {
        return make(null);
    }

    /**
     * @param liveSlots null to build a new cache.
     */
    private SizeClassCache make(final LiveSlots liveSlots)
    {
        if (null != pagePool && memoryLimitSet)
        {
            throw new IllegalArgumentException(
                "memoryLimit=" + memoryLimit + " and pagePool=" + pagePool + " both given: the pool sets the limit");
        }
        if (null != pagePool && pageSizeSet && pageSize != pagePool.pageSize())
        {
            throw new IllegalArgumentException(
                "pageSize=" + pageSize + " differs from the pool's pageSize=" + pagePool.pageSize());
        }
        final int page = null != pagePool ? pagePool.pageSize() : pageSize;
        final int max = 0 != maxSlotSize ? maxSlotSize : page / 2;
        if (max > page)
        {
            throw new IllegalArgumentException("maxSlotSize=" + max + " must be at most the pageSize=" + page);
        }
        if (minSlotSize > max)
        {
            throw new IllegalArgumentException(
                "minSlotSize=" + minSlotSize + " must be at most maxSlotSize=" + max);
        }
        final int min = (int)Math.min(BitUtil.align((long)minSlotSize, SizeClassCache.CLASS_ALIGNMENT), max);
        final SizeClasses sizes = new SizeClasses(min, max, growthFactor);
        final PagePool pool = null != pagePool ? pagePool : PagePool.direct(page, memoryLimit);
        settings.layout = null == layout ? null : new SizeClassLayout(layout, pool, sizes);
        final SizeClassCache cache;
        if (null != liveSlots)
        {
            cache = SizeClassReopen.reopen(settings, pool, sizes, liveSlots);
        }
        else
        {
            if (null != settings.layout)
            {
                settings.layout.checkCapacity();
                settings.layout.invalidate();
            }
            cache = new SizeClassCache(settings, pool, sizes);
        }
        if (settings.registerMBean || registerClassMBeans)
        {
            cache.registerMBeans(registerClassMBeans);
        }
        return cache;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * The JMX view of a whole {@link SizeClassCache} built with {@link SizeClassCacheBuilder#registerMBean(boolean)},
 * registered as {@code dev.slabcache:type=SizeClassCache,name="<cache name>"} and unregistered by
 * {@link SizeClassCache#close()}. With {@link SizeClassCacheBuilder#registerClassMBeans(boolean)} each class has a
 * {@link SlabCacheMXBean} of its own beside it, named
 * {@code dev.slabcache:type=SizeClassCache,name="<cache name>",slotSize=<class size>}.
 * <p>
 * Each attribute is read from a fresh {@link SizeClassCache#stats()}, and means what the {@link SizeClassStats}
 * figure of the same name means.
 */
public interface SizeClassCacheMXBean
{
    /**
     * The cache's name.
     *
     * @return {@link SizeClassStats#name()}.
     */
    String getName();

    /**
     * How many classes the cache has.
     *
     * @return how many classes the cache has.
     */
    int getClassCount();

    /**
     * Bytes in a page.
     *
     * @return {@link SizeClassStats#pageSize()}.
     */
    int getPageSize();

    /**
     * Pages the classes of this cache hold.
     *
     * @return {@link SizeClassStats#pages()}.
     */
    long getPages();

    /**
     * Pages of the pool handed out, to this cache or any other that shares the pool.
     *
     * @return {@link SizeClassStats#pagesInUse()}, pages of the pool handed out to any cache that shares it.
     */
    int getPoolPagesInUse();

    /**
     * The most pages the pool holds.
     *
     * @return {@link SizeClassStats#pageLimit()}.
     */
    int getPoolPageLimit();

    /**
     * Bytes the classes of this cache hold: their whole pages.
     *
     * @return {@link SizeClassStats#bytesHeld()}.
     */
    long getBytesHeld();

    /**
     * Bytes of the slots callers hold, each counted at its class's size.
     *
     * @return {@link SizeClassStats#bytesInUse()}.
     */
    long getBytesInUse();

    /**
     * Bytes of the held pages not in a caller's hands.
     *
     * @return {@link SizeClassStats#bytesIdle()}.
     */
    long getBytesIdle();

    /**
     * Slots callers hold, in every class.
     *
     * @return {@link SizeClassStats#slotsInUse()}.
     */
    long getSlotsInUse();

    /**
     * Allocations that found no slot, in every class.
     *
     * @return {@link SizeClassStats#failedAllocations()}.
     */
    long getFailedAllocations();

    /**
     * Pages moved from one class to another, ever.
     *
     * @return {@link SizeClassStats#pagesMoved()}.
     */
    long getPagesMoved();

    /**
     * The operation {@link SizeClassCache#trim()}.
     *
     * @return how many pages went back to the pool.
     */
    int trim();
}

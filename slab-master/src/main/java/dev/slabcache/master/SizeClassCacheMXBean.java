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
     * @return {@link SizeClassStats#name()}.
     */
    String getName();

    /**
     * @return how many classes the cache has.
     */
    int getClassCount();

    /**
     * @return {@link SizeClassStats#pageSize()}.
     */
    int getPageSize();

    /**
     * @return {@link SizeClassStats#pages()}.
     */
    long getPages();

    /**
     * @return {@link SizeClassStats#pagesInUse()}, pages of the pool handed out to any cache that shares it.
     */
    int getPoolPagesInUse();

    /**
     * @return {@link SizeClassStats#pageLimit()}.
     */
    int getPoolPageLimit();

    /**
     * @return {@link SizeClassStats#bytesHeld()}.
     */
    long getBytesHeld();

    /**
     * @return {@link SizeClassStats#bytesInUse()}.
     */
    long getBytesInUse();

    /**
     * @return {@link SizeClassStats#bytesIdle()}.
     */
    long getBytesIdle();

    /**
     * @return {@link SizeClassStats#slotsInUse()}.
     */
    long getSlotsInUse();

    /**
     * @return {@link SizeClassStats#failedAllocations()}.
     */
    long getFailedAllocations();

    /**
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

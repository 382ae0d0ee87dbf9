/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * The JMX view of a {@link SlabCache} built with {@link SlabCacheBuilder#registerMBean(boolean)}, registered as
 * {@code dev.slabcache:type=SlabCache,name="<cache name>"} (the name quoted by
 * {@link javax.management.ObjectName#quote(String)}) and unregistered by {@link SlabCache#close()}. A class of a
 * {@link SizeClassCache} shows the same view under
 * {@code dev.slabcache:type=SizeClassCache,name="<cache name>",slotSize=<class size>}.
 * <p>
 * Each attribute is read from a fresh {@link SlabCache#stats()}, and means what the {@link SlabCacheStats} figure of
 * the same name means.
 */
public interface SlabCacheMXBean
{
    /**
     * @return {@link SlabCacheStats#name()}.
     */
    String getName();

    /**
     * @return {@link SlabCacheStats#slotSize()}.
     */
    int getSlotSize();

    /**
     * @return {@link SlabCacheStats#slabs()}.
     */
    int getSlabs();

    /**
     * @return {@link SlabCacheStats#freeSlabs()}.
     */
    int getFreeSlabs();

    /**
     * @return {@link SlabCacheStats#partialSlabs()}.
     */
    int getPartialSlabs();

    /**
     * @return {@link SlabCacheStats#fullSlabs()}.
     */
    int getFullSlabs();

    /**
     * @return {@link SlabCacheStats#drainingSlabs()}.
     */
    int getDrainingSlabs();

    /**
     * @return {@link SlabCacheStats#providerSlabs()}.
     */
    int getProviderSlabs();

    /**
     * @return {@link SlabCacheStats#callerSlabs()}.
     */
    int getCallerSlabs();

    /**
     * @return {@link SlabCacheStats#providerBytes()}.
     */
    long getProviderBytes();

    /**
     * @return {@link SlabCacheStats#callerBytes()}.
     */
    long getCallerBytes();

    /**
     * @return {@link SlabCacheStats#bytesHeld()}.
     */
    long getBytesHeld();

    /**
     * @return {@link SlabCacheStats#bytesInUse()}.
     */
    long getBytesInUse();

    /**
     * @return {@link SlabCacheStats#bytesIdle()}.
     */
    long getBytesIdle();

    /**
     * @return {@link SlabCacheStats#slotCapacity()}.
     */
    long getSlotCapacity();

    /**
     * @return {@link SlabCacheStats#slotsInUse()}.
     */
    long getSlotsInUse();

    /**
     * @return {@link SlabCacheStats#slotsInMagazines()}.
     */
    long getSlotsInMagazines();

    /**
     * @return {@link SlabCacheStats#threadCaches()}.
     */
    int getThreadCaches();

    /**
     * @return {@link SlabCacheStats#usedSlotsHighWater()}.
     */
    long getUsedSlotsHighWater();

    /**
     * @return {@link SlabCacheStats#slabsHighWater()}.
     */
    int getSlabsHighWater();

    /**
     * @return {@link SlabCacheStats#allocations()}.
     */
    long getAllocations();

    /**
     * @return {@link SlabCacheStats#frees()}.
     */
    long getFrees();

    /**
     * @return {@link SlabCacheStats#grows()}.
     */
    long getGrows();

    /**
     * @return {@link SlabCacheStats#releases()}.
     */
    long getReleases();

    /**
     * @return {@link SlabCacheStats#failedAllocations()}.
     */
    long getFailedAllocations();

    /**
     * The operation {@link SlabCache#trim()}.
     *
     * @return how many slabs went back to the provider.
     */
    int trim();
}

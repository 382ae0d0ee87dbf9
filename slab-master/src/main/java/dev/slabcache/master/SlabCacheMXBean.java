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
     * The cache's name.
     *
     * @return {@link SlabCacheStats#name()}.
     */
    String getName();

    /**
     * Bytes in a slot.
     *
     * @return {@link SlabCacheStats#slotSize()}.
     */
    int getSlotSize();

    /**
     * Slabs attached now, from the provider and from callers.
     *
     * @return {@link SlabCacheStats#slabs()}.
     */
    int getSlabs();

    /**
     * Slabs with no slot allocated.
     *
     * @return {@link SlabCacheStats#freeSlabs()}.
     */
    int getFreeSlabs();

    /**
     * Slabs with some slots allocated, serving allocations first.
     *
     * @return {@link SlabCacheStats#partialSlabs()}.
     */
    int getPartialSlabs();

    /**
     * Slabs with every slot allocated.
     *
     * @return {@link SlabCacheStats#fullSlabs()}.
     */
    int getFullSlabs();

    /**
     * Slabs waiting to be detached once empty; they serve no allocation.
     *
     * @return {@link SlabCacheStats#drainingSlabs()}.
     */
    int getDrainingSlabs();

    /**
     * Slabs made from the provider's memory.
     *
     * @return {@link SlabCacheStats#providerSlabs()}.
     */
    int getProviderSlabs();

    /**
     * Slabs over callers' buffers.
     *
     * @return {@link SlabCacheStats#callerSlabs()}.
     */
    int getCallerSlabs();

    /**
     * Bytes of the provider's memory held now.
     *
     * @return {@link SlabCacheStats#providerBytes()}.
     */
    long getProviderBytes();

    /**
     * Bytes of callers' buffers attached now.
     *
     * @return {@link SlabCacheStats#callerBytes()}.
     */
    long getCallerBytes();

    /**
     * Bytes the cache holds: the whole region of every attached slab, provider and caller slabs alike.
     *
     * @return {@link SlabCacheStats#bytesHeld()}.
     */
    long getBytesHeld();

    /**
     * Bytes of the slots callers hold, each counted at the slot size (not at its aligned stride).
     *
     * @return {@link SlabCacheStats#bytesInUse()}.
     */
    long getBytesInUse();

    /**
     * Bytes held but not in a caller's hands: free slots, slots in magazines, slots never handed out, and the padding
     * and tails of the slabs.
     *
     * @return {@link SlabCacheStats#bytesIdle()}.
     */
    long getBytesIdle();

    /**
     * Slots in all attached slabs.
     *
     * @return {@link SlabCacheStats#slotCapacity()}.
     */
    long getSlotCapacity();

    /**
     * Slots callers hold: allocated and not yet freed.
     *
     * @return {@link SlabCacheStats#slotsInUse()}.
     */
    long getSlotsInUse();

    /**
     * Slots out of their slabs but free, in threads' magazines or the depot ({@link ThreadSafety#MAGAZINES}; else 0).
     *
     * @return {@link SlabCacheStats#slotsInMagazines()}.
     */
    long getSlotsInMagazines();

    /**
     * Threads with magazines of their own ({@link ThreadSafety#MAGAZINES}; else 0).
     *
     * @return {@link SlabCacheStats#threadCaches()}.
     */
    int getThreadCaches();

    /**
     * The most slots ever out of the slabs at once: held by callers or in magazines.
     *
     * @return {@link SlabCacheStats#usedSlotsHighWater()}.
     */
    long getUsedSlotsHighWater();

    /**
     * The most slabs ever attached at once.
     *
     * @return {@link SlabCacheStats#slabsHighWater()}.
     */
    int getSlabsHighWater();

    /**
     * Allocations that succeeded, ever.
     *
     * @return {@link SlabCacheStats#allocations()}.
     */
    long getAllocations();

    /**
     * Frees that succeeded, ever.
     *
     * @return {@link SlabCacheStats#frees()}.
     */
    long getFrees();

    /**
     * Slabs ever made from the provider.
     *
     * @return {@link SlabCacheStats#grows()}.
     */
    long getGrows();

    /**
     * Provider slabs ever given back to the provider.
     *
     * @return {@link SlabCacheStats#releases()}.
     */
    long getReleases();

    /**
     * Allocations that found no slot, ever.
     *
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

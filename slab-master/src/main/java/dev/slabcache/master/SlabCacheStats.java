/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

/**
 * An immutable snapshot of a {@link SlabCache}'s counts, taken under its lock. With {@link ThreadSafety#MAGAZINES}
 * the counts of magazine operations are read from the threads without stopping them: exact once they pause.
 *
 * @param name                  the cache's name.
 * @param slotSize              bytes in a slot.
 * @param slabs                 slabs attached now, from the provider and from callers.
 * @param freeSlabs             slabs with no slot allocated.
 * @param partialSlabs          slabs with some slots allocated, serving allocations first.
 * @param fullSlabs             slabs with every slot allocated.
 * @param drainingSlabs         slabs waiting to be detached once empty; they serve no allocation.
 * @param providerSlabs         slabs made from the provider's memory.
 * @param callerSlabs           slabs over callers' buffers.
 * @param providerBytes         bytes of the provider's memory held now.
 * @param callerBytes           bytes of callers' buffers attached now.
 * @param slotCapacity          slots in all attached slabs.
 * @param slotsInUse            slots callers hold: allocated and not yet freed.
 * @param slotsInMagazines      slots out of their slabs but free, in threads' magazines or the depot
 *                              ({@link ThreadSafety#MAGAZINES}; else 0).
 * @param threadCaches          threads with magazines of their own ({@link ThreadSafety#MAGAZINES}; else 0).
 * @param usedSlotsHighWater    the most slots ever out of the slabs at once: held by callers or in magazines.
 * @param slabsHighWater        the most slabs ever attached at once.
 * @param allocations           allocations that succeeded, ever.
 * @param frees                 frees that succeeded, ever.
 * @param grows                 slabs ever made from the provider.
 * @param releases              provider slabs ever given back to the provider.
 * @param failedAllocations     allocations that found no slot, ever.
 */
public record SlabCacheStats(
    String name,
    int slotSize,
    int slabs,
    int freeSlabs,
    int partialSlabs,
    int fullSlabs,
    int drainingSlabs,
    int providerSlabs,
    int callerSlabs,
    long providerBytes,
    long callerBytes,
    long slotCapacity,
    long slotsInUse,
    long slotsInMagazines,
    int threadCaches,
    long usedSlotsHighWater,
    int slabsHighWater,
    long allocations,
    long frees,
    long grows,
    long releases,
    long failedAllocations)
{
    /**
     * Bytes the cache holds: the whole region of every attached slab, provider and caller slabs alike, slots,
     * alignment padding and the tail too small for a slot included.
     *
     * @return {@code providerBytes + callerBytes}.
     */
    public long bytesHeld()
    {
        return providerBytes + callerBytes;
    }

    /**
     * Bytes of the slots callers hold, each counted at the slot size (not at its aligned stride).
     *
     * @return {@code slotsInUse * slotSize}.
     */
    public long bytesInUse()
    {
        return slotsInUse * slotSize;
    }

    /**
     * Bytes held but not in a caller's hands: free slots, slots in magazines, slots never handed out, and the
     * padding and tails of the slabs.
     *
     * @return {@code bytesHeld() - bytesInUse()}.
     */
    public long bytesIdle()
    {
        return bytesHeld() - bytesInUse();
    }

    /**
     * Bytes of the free slots that sit in threads' magazines and the depot, part of {@link #bytesIdle()}.
     *
     * @return {@code slotsInMagazines * slotSize}.
     */
    public long bytesInMagazines()
    {
        return slotsInMagazines * slotSize;
    }

    /** {@return the counts on four lines, for logs} */
    @Override
    public String toString()
    {
        return "SlabCache '" + name + "' slotSize=" + slotSize + System.lineSeparator() +
            "  slabs " + slabs + " (free " + freeSlabs + ", partial " + partialSlabs + ", full " + fullSlabs +
            ", draining " + drainingSlabs + "; provider " + providerSlabs + ", caller " + callerSlabs +
            "; high water " + slabsHighWater + ")" + System.lineSeparator() +
            "  bytes held " + bytesHeld() + " (provider " + providerBytes + ", caller " + callerBytes + "), in use " +
            bytesInUse() + ", idle " + bytesIdle() + System.lineSeparator() +
            "  slots in use " + slotsInUse + " of " + slotCapacity + ", in magazines " + slotsInMagazines +
            " (threads with magazines " + threadCaches + "), used high water " + usedSlotsHighWater +
            System.lineSeparator() +
            "  allocations " + allocations + ", frees " + frees + ", failed " + failedAllocations +
            ", grows " + grows + ", releases " + releases;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.SlotSegment;
import org.agrona.BitUtil;

/**
 * Configures a {@link SlabCache}; every setter checks its argument at once.
 */
public final class SlabCacheBuilder extends CacheBuilder<SlabCacheBuilder>
{
    SlabCacheBuilder()
    {
        super("slab-cache");
    }

    /**
     * Sets the bytes in a slot.
     *
     * @param slotSize bytes in a slot, at least {@value SlotSegment#MIN_SLOT_SIZE}; default 64.
     * @return this builder.
     * @throws IllegalArgumentException when {@code slotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
     */
    public SlabCacheBuilder slotSize(final int slotSize)
    {
        if (slotSize < SlotSegment.MIN_SLOT_SIZE)
        {
            throw new IllegalArgumentException(
                "slotSize=" + slotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE +
                ": a free slot holds the int index of the next free slot");
        }
        settings.slotSize = slotSize;
        return this;
    }

    /**
     * Sets the alignment of every slot's address.
     *
     * @param slotAlignment a power of two from {@value SlotSegment#MIN_SLOT_ALIGNMENT} to
     *                      {@value SlabCache#MAX_SLOT_ALIGNMENT}; default 8.
     * @return this builder.
     * @throws IllegalArgumentException when {@code slotAlignment} breaks its rule.
     */
    public SlabCacheBuilder slotAlignment(final int slotAlignment)
    {
        if (slotAlignment < SlotSegment.MIN_SLOT_ALIGNMENT || slotAlignment > SlabCache.MAX_SLOT_ALIGNMENT ||
            !BitUtil.isPowerOfTwo(slotAlignment))
        {
            throw new IllegalArgumentException(
                "slotAlignment=" + slotAlignment + " must be a power of two from " +
                SlotSegment.MIN_SLOT_ALIGNMENT + " to " + SlabCache.MAX_SLOT_ALIGNMENT +
                " (a provider over-allocates each slab by its alignment)");
        }
        settings.slotAlignment = slotAlignment;
        return this;
    }

    /**
     * Sets the bytes of each slab the cache takes from its provider.
     *
     * @param slabSize bytes of each slab the cache asks its provider for; default 64 KiB.
     * @return this builder.
     * @throws IllegalArgumentException when {@code slabSize} is not positive; {@link #build()} also checks
     *                                  that it holds at least one slot.
     */
    public SlabCacheBuilder slabSize(final int slabSize)
    {
        if (slabSize < 1)
        {
            throw new IllegalArgumentException("slabSize=" + slabSize + " must be positive");
        }
        settings.slabSize = slabSize;
        return this;
    }

    /**
     * Sets where the cache's own slabs come from.
     *
     * @param provider where provider slabs come from; default {@link SlabProvider#direct()}.
     * @return this builder.
     * @throws IllegalArgumentException when {@code provider} is null.
     */
    public SlabCacheBuilder provider(final SlabProvider provider)
    {
        settings.provider = CacheSettings.checkNotNull("provider", provider);
        return this;
    }

    /**
     * Caps how many slabs the cache takes from its provider.
     *
     * @param maxSlabs the most provider slabs held at once (attached slabs do not count); 0 means the cache
     *                 never grows and serves only attached buffers. Default: no limit but the handle's.
     * @return this builder.
     * @throws IllegalArgumentException when {@code maxSlabs} is negative.
     */
    public SlabCacheBuilder maxSlabs(final int maxSlabs)
    {
        settings.maxSlabs = CacheSettings.checkNotNegative("maxSlabs", maxSlabs);
        return this;
    }

    /**
     * Sets how many empty provider slabs the cache keeps rather than give back.
     *
     * @param retainEmptySlabs empty provider slabs kept for reuse; a provider slab that empties beyond them
     *                         goes back to the provider at once. Default 1.
     * @return this builder.
     * @throws IllegalArgumentException when {@code retainEmptySlabs} is negative.
     */
    public SlabCacheBuilder retainEmptySlabs(final int retainEmptySlabs)
    {
        settings.retainEmptySlabs = CacheSettings.checkNotNegative("retainEmptySlabs", retainEmptySlabs);
        return this;
    }

    /**
     * Sets the lock the cache takes, for {@link ThreadSafety#LOCKED} and {@link ThreadSafety#MAGAZINES}.
     *
     * @param lock the lock that {@link ThreadSafety#LOCKED} takes around every call and
     *             {@link ThreadSafety#MAGAZINES} around every depot exchange; default
     *             {@link SlabLock#reentrant()}. {@link ThreadSafety#SINGLE_OWNER} takes none.
     * @return this builder.
     * @throws IllegalArgumentException when {@code lock} is null.
     */
    public SlabCacheBuilder lock(final SlabLock lock)
    {
        settings.lock = CacheSettings.checkNotNull("lock", lock);
        return this;
    }

    /**
     * Sets how many slots each of a thread's magazines holds.
     *
     * @param magazineSize slots in each of a thread's two magazines, for {@link ThreadSafety#MAGAZINES};
     *                     default {@value SlabCache#DEFAULT_MAGAZINE_SIZE}. A thread holds at most twice this many
     *                     free slots, and takes the lock once every this many allocations or frees.
     * @return this builder.
     * @throws IllegalArgumentException when {@code magazineSize} is not in [1, {@value SlabCache#MAX_MAGAZINE_SIZE}].
     */
    public SlabCacheBuilder magazineSize(final int magazineSize)
    {
        if (magazineSize < 1 || magazineSize > SlabCache.MAX_MAGAZINE_SIZE)
        {
            throw new IllegalArgumentException(
                "magazineSize=" + magazineSize + " must be in [1, " + SlabCache.MAX_MAGAZINE_SIZE + "]");
        }
        settings.magazineSize = magazineSize;
        return this;
    }

    /**
     * Sets how many full magazines the shared depot keeps.
     *
     * @param depotMagazines full magazines the shared depot keeps for threads to take, for
     *                       {@link ThreadSafety#MAGAZINES}; default {@value SlabCache#DEFAULT_DEPOT_MAGAZINES}. A full
     *                       magazine beyond them goes back to its slabs. 0 makes every exchange go to the slabs.
     * @return this builder.
     * @throws IllegalArgumentException when {@code depotMagazines} is negative.
     */
    public SlabCacheBuilder depotMagazines(final int depotMagazines)
    {
        settings.depotMagazines = CacheSettings.checkNotNegative("depotMagazines", depotMagazines);
        return this;
    }

    /**
     * Builds the cache, checking the settings against each other.
     *
     * @return a new, empty cache; it grows on its first allocation.
     * @throws IllegalArgumentException when a provider slab of {@code slabSize} bytes cannot hold one slot, when
     *                                  {@code slotSize} rounded up to {@code slotAlignment} (the stride between
     *                                  slots) is more than {@link Integer#MAX_VALUE}, or when a slab holds more
     *                                  than {@link SlotHandle#MAX_SLOTS} slots, the most a handle names.
     * @throws IllegalStateException    with {@link #registerMBean(boolean)}, when the MXBean's name is taken
     *                                  (another open cache of the same name registered it); the message names
     *                                  it, and no cache is left open and no MBean registered.
     */
    public SlabCache build()
    {
        final SlabCache cache = new SlabCache(settings);
        if (settings.registerMBean)
        {
            cache.registerMBean();
        }
        return cache;
    }
}

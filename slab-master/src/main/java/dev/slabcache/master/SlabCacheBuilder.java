/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;

import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotSegment;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Configures a {@link SlabCache}; every setter checks its argument at once.
 */
public final class SlabCacheBuilder extends CacheBuilder<SlabCacheBuilder>
{
    private final List<SlabReopen.Region> regions = new ArrayList<>();

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
     * Grows the cache by pages of a pool, perhaps shared with other caches, instead of a provider: sets the
     * provider to the pool and {@link #slabSize(int)} to its page size. Set no other {@code slabSize} after it: the
     * pool refuses a slab of any size but its page size, and the cache cannot grow.
     *
     * @param pagePool the pool; the cache gives each page back to it once empty, and never closes it.
     * @return this builder.
     * @throws IllegalArgumentException when {@code pagePool} is null.
     */
    public SlabCacheBuilder pagePool(final PagePool pagePool)
    {
        settings.provider = CacheSettings.checkNotNull("pagePool", pagePool).provider();
        settings.slabSize = pagePool.pageSize();
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
     * Adds a region of a caller's buffer for {@link #reopen(LiveSlots)} to reattach with the slots an earlier
     * process left live in it; regions are reattached in the order given, one slab each.
     *
     * @param buffer a writable buffer, such as a memory-mapped file.
     * @param offset where the region starts in the buffer.
     * @param length bytes in the region; a region holds at most {@link SlotHandle#MAX_SLOTS} slots, so reattach a
     *               larger buffer in parts, as it was attached.
     * @return this builder.
     * @throws IllegalArgumentException when {@code buffer} is null or the region lies outside it; nothing changes.
     */
    public SlabCacheBuilder reattach(final AtomicBuffer buffer, final int offset, final int length)
    {
        if (null == buffer)
        {
            throw new IllegalArgumentException("buffer must not be null");
        }
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException("region offset=" + offset + " length=" + length +
                " must lie inside the buffer of capacity=" + buffer.capacity());
        }
        regions.add(new SlabReopen.Region(buffer, offset, length));
        return this;
    }

    /**
     * Builds a cache that reattaches every region given to {@link #reattach(AtomicBuffer, int, int)} with the slots
     * {@code liveSlots} calls live kept, as a new process does over a memory-mapped file an earlier one filled. Each
     * region becomes a slab of the caller whose live slots keep their bytes and are held by the caller, counted as
     * allocations, and whose other slots are handed out; {@link LiveSlots#reopened(long, AtomicBuffer, int)} gets
     * each live slot's new handle. O(slots of the regions).
     * <p>
     * Handles of the earlier process are not valid here; see {@link LiveSlots} for translating by slot offset. The
     * cache has no record of the earlier one's settings: build it with the same {@code slotSize} and
     * {@code slotAlignment}, or the slots fall at other offsets.
     *
     * @param liveSlots says which slots are live, and is given their handles.
     * @return the new cache.
     * @throws IllegalArgumentException when {@code liveSlots} is null, no region was given, or a region cannot be
     *                                  attached (see {@link SlabCache#attach(AtomicBuffer, int, int)}: too small,
     *                                  too many slots, or overlapping another); nothing is attached and no byte
     *                                  written. An exception from {@code liveSlots} is thrown the same way.
     * @throws IllegalStateException    as {@link #build()} does.
     */
    public SlabCache reopen(final LiveSlots liveSlots)
    {
        if (null == liveSlots)
        {
            throw new IllegalArgumentException("liveSlots must not be null");
        }
        if (regions.isEmpty())
        {
            throw new IllegalArgumentException("no region to reopen: give each with reattach(buffer, offset, length)");
        }
        return SlabReopen.reopen(make(), List.copyOf(regions), liveSlots);
    }

    /**
     * Builds the cache, checking the settings against each other.
     *
     * @return a new, empty cache; it grows on its first allocation.
     * @throws IllegalArgumentException when a provider slab of {@code slabSize} bytes cannot hold one slot, when
     *                                  {@code slotSize} rounded up to {@code slotAlignment} (the stride between
     *                                  slots) is more than {@link Integer#MAX_VALUE}, or when a slab holds more
     *                                  than {@link SlotHandle#MAX_SLOTS} slots, the most a handle names; or when
     *                                  regions were given to {@link #reattach(AtomicBuffer, int, int)}, which only
     *                                  {@link #reopen(LiveSlots)} attaches.
     * @throws IllegalStateException    with {@link #registerMBean(boolean)}, when the MXBean's name is taken
     *                                  (another open cache of the same name registered it); the message names
     *                                  it, and no cache is left open and no MBean registered.
     */
    public SlabCache build()
    {
        if (!regions.isEmpty())
        {
            throw new IllegalArgumentException(regions.size() + " regions were given to reattach(...): " +
                "reopen(liveSlots) reattaches them with their live slots; build() would hand those slots out");
        }
        return make();
    }

    private SlabCache make()
    {
        final SlabCache cache = new SlabCache(settings);
        if (settings.registerMBean)
        {
            cache.registerMBean();
        }
        return cache;
    }
}

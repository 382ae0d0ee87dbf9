/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.System.Logger.Level;
import java.util.Objects;

import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotSegment;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The slab books of one cache, its arena (as Netty calls the job): takes slots out of slabs by the serving policy
 * and puts them back, grows through the provider, adds and removes slabs, and keeps every slab on the list its used
 * count says. Every method is called with the cache's lock held, or by the single owner, but for those that say
 * they need none.
 * <p>
 * A slab leaves the books (lists, table, regions, counts) before its memory goes back to the provider, so a
 * provider whose {@link SlabProvider#release(AtomicBuffer)} throws leaves every count true; the failure is logged.
 */
final class SlabArena
{
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    final String name;
    final int slotSize;
    final SlabTable table;
    final SlabBins bins;
    final CacheCounters counters = new CacheCounters();
    private final int slotAlignment;
    private final int slabSize;
    private final SlabProvider provider;
    private final int maxSlabs;
    private final int retainEmptySlabs;
    private final CacheLock lock;
    private final CacheCore core;
    private final RegionMap regions = new RegionMap();
    /**
     * While true, an allocation that finds no free slot fails rather than grow: a page of the cache is being moved
     * out by a visitor that allocates only in the room the cache already has. Under the lock.
     */
    boolean growthHeld;
    private int takenWord;
    private long nextSlabId = 1;

    SlabArena(final CacheCore core, final CacheSettings settings, final CacheLock lock, final SlabTable table)
    {
        this.core = core;
        this.name = settings.name;
        this.slotSize = settings.slotSize;
        this.slotAlignment = settings.slotAlignment;
        this.slabSize = settings.slabSize;
        this.provider = settings.provider();
        this.maxSlabs = settings.maxSlabs;
        this.retainEmptySlabs = settings.retainEmptySlabs;
        this.lock = lock;
        this.table = table;
        this.bins = new SlabBins(table);
    }

    /**
     * An allocation for a caller of a cache without magazines.
     *
     * @return a live handle, or {@link SlabCache#NULL_HANDLE} when no slot can be had.
     */
    long allocate()
    {
        final long handle = takeSlot(SlotStates.LIVE, true);
        if (SlabCache.NULL_HANDLE == handle)
        {
            ensureOpen();
            counters.failedAllocations++;
            CacheEvents.allocationFailed(this);
        }
        else
        {
            counters.allocations++;
        }
        return handle;
    }

    /**
     * Puts back into its segment a slot a caller of a cache without magazines freed, with
     * {@link SlabRecord#release(long, boolean)} to FREE.
     *
     * @return true when the slab changed list or left the cache, which may have emptied a draining slab.
     */
    boolean freed(final SlabRecord slab, final int slot)
    {
        slab.segment.free(slot);
        return returned(slab);
    }

    /**
     * For a free of a handle found in {@code slab} without the lock: now under it, the slab must still be there.
     *
     * @throws dev.slabcache.core.InvalidHandleException when it was detached meanwhile.
     */
    void checkAttached(final SlabRecord slab, final long handle)
    {
        if (!slab.isAttached())
        {
            table.checked(handle);
        }
    }

    /**
     * Takes a slot out of the slab the policy serves from, growing when no slab has one and it may.
     *
     * @param state   the state the slot enters: CACHED for a magazine, LIVE for a caller.
     * @param mayGrow whether to ask the provider for a slab when no slab has a free slot.
     * @return its handle, or {@link SlabCache#NULL_HANDLE} when none can be had.
     */
    long takeSlot(final int state, final boolean mayGrow)
    {
        SlabRecord slab = bins.serving();
        if (null == slab)
        {
            if (!mayGrow || growthHeld || null == grow())
            {
                return SlabCache.NULL_HANDLE;
            }
            slab = bins.serving();
        }

        final int slot = slab.segment.allocate();
        final int word = slab.states.leaveSegment(slot, state);
        takenWord = word;
        final int used = slab.segment.usedSlots();
        counters.slotTaken(bins.usedBesideServing() + used);
        if (used >= slab.upperBound)
        {
            bins.place(slab);
        }
        return SlotHandle.pack(slab.serial, SlotStates.generation(word), slot);
    }

    /**
     * @return the state word of the slot {@link #takeSlot(int, boolean)} took last, for a magazine to keep beside its
     * handle without finding its slab again.
     */
    int takenWord()
    {
        return takenWord;
    }

    /**
     * Puts a slot whose state word is FREE again back into its slab's segment.
     */
    void returnSlot(final SlabRecord slab, final int slot)
    {
        slab.segment.free(slot);
        returned(slab);
    }

    /**
     * Puts a slot whose state word is FREE again back into its slab's segment without moving the slab, for a
     * caller that takes many back and then places the slab once; see {@link #place(SlabRecord)}.
     */
    void reclaimSlot(final SlabRecord slab, final int slot)
    {
        slab.segment.free(slot);
        bins.slotReturned(slab);
    }

    /**
     * Puts a slab on the list its used count and status say.
     */
    void place(final SlabRecord slab)
    {
        bins.place(slab);
    }

    /**
     * Attaches a caller's region as a slab that serves at once; or, with {@code callerOwned} false, a page its
     * provider handed out to an earlier cache, which a reopen gives it (see {@link SlabReopen}).
     *
     * @throws IllegalArgumentException when the region cannot be a slab or overlaps one of this cache.
     * @throws IllegalStateException    when the cache is closed or holds {@link SlabTable#MAX_SLABS} slabs.
     */
    SlabRecord attach(final AtomicBuffer buffer, final int offset, final int length, final boolean callerOwned)
    {
        final SlotSegment segment = newSegment(buffer, offset, length);
        ensureOpen();
        final Object memory = RegionMap.memoryOf(buffer);
        final long start = buffer.addressOffset() + offset;
        final SlabRecord clash = regions.overlap(memory, start, start + length);
        if (null != clash)
        {
            throw new IllegalArgumentException(RegionMap.describe(start, start + length, clash) +
                " already attached to cache '" + name + "': attach disjoint regions");
        }
        if (table.isFull())
        {
            throw new IllegalStateException(
                "cache '" + name + "' holds " + SlabTable.MAX_SLABS + " slabs, the most it can hold; detach one first");
        }
        return add(segment, callerOwned, memory, start, start + length);
    }

    /**
     * Detaches a slab no slot of which is out of it.
     *
     * @throws SlabInUseException when slots are out of it; nothing changes.
     */
    void detach(final SlabRecord slab)
    {
        if (0 != slab.segment.usedSlots())
        {
            throw new SlabInUseException(
                "cannot detach " + slab + " of cache '" + name + "': " + slab.liveSlots() + " slots are live; " +
                "free them first, or call detachWhenEmpty to detach it when the last one is freed");
        }
        remove(slab);
    }

    /**
     * Removes every empty provider slab.
     */
    void trim()
    {
        int serial = bins.freeHead();
        while (SlabList.NONE != serial)
        {
            final SlabRecord slab = table.get(serial);
            serial = slab.next;
            if (!slab.callerOwned)
            {
                remove(slab);
            }
        }
        final SlabRecord serving = bins.emptyServingProviderSlab();
        if (null != serving)
        {
            remove(serving);
        }
    }

    /**
     * Takes a slab out of the cache's books, then gives provider memory back. A draining slab's future is queued
     * to complete when the lock is released.
     */
    void remove(final SlabRecord slab)
    {
        bins.remove(slab);
        table.remove(slab);
        regions.remove(slab);
        counters.slabRemoved(slab);
        if (slab.detach())
        {
            lock.drained(slab);
        }
        if (!slab.callerOwned)
        {
            counters.releases++;
            release(slab.buffer);
        }
        CacheEvents.slabRemoved(this, slab);
    }

    /**
     * Takes a slab out of the cache's books as the cache closes: an empty provider slab or a caller's buffer as
     * {@link #remove(SlabRecord)} does; a provider slab with live slots only off its list, never released, since its
     * holders may still write to it.
     */
    void retire(final SlabRecord slab)
    {
        if (0 == slab.segment.usedSlots() || slab.callerOwned)
        {
            remove(slab);
        }
        else
        {
            bins.remove(slab);
        }
    }

    /**
     * @return the exception for an allocation that found no slot.
     */
    SlabExhaustedException exhausted()
    {
        return counters.exhausted(name, slotSize, maxSlabs);
    }

    /**
     * Needs no lock.
     */
    void ensureOpen()
    {
        table.ensureOpen();
    }

    /**
     * Needs no lock.
     */
    boolean isClosed()
    {
        return table.isClosed();
    }

    @Override
    public String toString()
    {
        return "slotSize=" + slotSize + ", slotAlignment=" + slotAlignment + ", slabSize=" + slabSize +
            ", provider=" + provider + ", maxSlabs=" + maxSlabs + ", retainEmptySlabs=" + retainEmptySlabs;
    }

    /**
     * After a slot went back into a slab: counts it and moves the slab if its used count left its list's bounds.
     *
     * @return true when it moved the slab.
     */
    private boolean returned(final SlabRecord slab)
    {
        bins.slotReturned(slab);
        if (slab.segment.usedSlots() < slab.lowerBound)
        {
            relist(slab);
            return true;
        }
        return false;
    }

    /**
     * Moves a slab to its list, or removes it: a draining slab that emptied, or an empty provider slab beyond the
     * ones retained.
     */
    private void relist(final SlabRecord slab)
    {
        if (0 == slab.segment.usedSlots() && (slab.isDraining() ||
            (!slab.callerOwned && bins.emptyProviderSlabsBut(slab) >= retainEmptySlabs)))
        {
            remove(slab);
        }
        else
        {
            bins.place(slab);
        }
    }

    /**
     * Adds a provider slab, on its list, when the cache may grow and the provider gives one.
     *
     * @return the slab, or null.
     */
    SlabRecord grow()
    {
        if (table.isClosed())
        {
            return null;
        }
        if (counters.providerSlabs >= maxSlabs || table.isFull())
        {
            counters.growFailed(null);
            return null;
        }

        // A pool's own path can say it has no page without throwing: a full store fails to grow on every
        // allocation that evicts, and an exception's stack trace there would cost more than the allocation.
        final SlabExhaustedException noPage = PoolPages.outOfPages(provider);
        if (null != noPage)
        {
            counters.growFailed(noPage);
            return null;
        }
        final AtomicBuffer buffer;
        try
        {
            buffer = Objects.requireNonNull(
                provider.allocate(slabSize, slotAlignment), "provider returned a null buffer");
        }
        catch (final RuntimeException | OutOfMemoryError ex)
        {
            counters.growFailed(ex);
            return null;
        }

        final Object memory = RegionMap.memoryOf(buffer);
        final long start = buffer.addressOffset();
        final long end = start + buffer.capacity();
        final SlotSegment segment;
        try
        {
            segment = newSegment(buffer, 0, buffer.capacity());
            final SlabRecord clash = regions.overlap(memory, start, end);
            if (null != clash)
            {
                throw new IllegalArgumentException(
                    "provider " + provider + " returned memory cache '" + name + "' already holds: " +
                    RegionMap.describe(start, end, clash));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            counters.growFailed(ex);
            release(buffer);
            return null;
        }

        counters.grows++;
        return add(segment, false, memory, start, end);
    }

    private SlotSegment newSegment(final AtomicBuffer buffer, final int offset, final int length)
    {
        final SlotSegment segment = new SlotSegment(buffer, offset, length, slotSize, slotAlignment);
        if (segment.capacity() > SlotHandle.MAX_SLOTS)
        {
            throw new IllegalArgumentException(
                "length=" + length + " holds " + segment.capacity() + " slots of " + slotSize + " bytes; a slab " +
                "holds at most " + SlotHandle.MAX_SLOTS + ": attach the buffer in smaller regions");
        }
        return segment;
    }

    private SlabRecord add(
        final SlotSegment segment, final boolean callerOwned, final Object memory, final long start, final long end)
    {
        final SlabRecord slab;
        synchronized (table)
        {
            slab = new SlabRecord(core, nextSlabId++, table.newSerial(), segment, callerOwned, memory, start, end);
            table.add(slab);
        }
        regions.add(slab);
        counters.slabAdded(slab);
        bins.place(slab);
        CacheEvents.slabAdded(this, slab);
        return slab;
    }

    private void release(final AtomicBuffer buffer)
    {
        try
        {
            provider.release(buffer);
        }
        catch (final RuntimeException ex)
        {
            LOGGER.log(Level.WARNING, "cache '" + name + "': provider " + provider + " failed to take back a " +
                buffer.capacity() + "-byte buffer; the cache no longer holds it", ex);
        }
    }
}

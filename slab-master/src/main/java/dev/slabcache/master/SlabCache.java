/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.internal.AgronaCheck;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The master: a cache of fixed-size slots over many slabs, built by {@link #builder()}. A slot is named by a
 * {@code long} handle and read and written through Agrona's {@link AtomicBuffer}:
 * <pre>{@code
 * final SlabCache cache = SlabCache.builder().name("orders").slotSize(16).build();
 * final long handle = cache.allocate();
 * final AtomicBuffer buffer = cache.buffer(handle);
 * final int offset = cache.offset(handle);
 * buffer.putLong(offset, 42L);
 * final long orderId = buffer.getLong(offset); // 42
 * cache.free(handle);
 * cache.close();
 * }</pre>
 * <p>
 * Every attached slab sits on one list by its state: free, partial or full, and a partial slab on one of eight
 * bins by how full it is. A slab waiting for {@link #detachWhenEmpty(Slab)} sits on a
 * fourth list, draining, and serves no allocation. One slab serves until it is full, held off the lists meanwhile
 * so that allocations and frees in it move no slab (listings show it on the list its state says); then a slab of
 * the fullest non-empty partial bin serves, then a free slab, then the cache grows by asking the provider for a new
 * slab, then fails. The serving slab, when empty, is kept as one of the empty slabs the cache retains.
 * <p>
 * Threads: {@link ThreadSafety} chosen in the builder; each public call picks its mode's path once. With
 * {@link ThreadSafety#MAGAZINES}, the default, each thread allocates from and frees into magazines of its own
 * without the lock, and a slot in a magazine counts as used by its slab ({@link Slab#usedSlots()}) but not as held
 * by a caller ({@link Slab#liveSlots()}, {@link SlabCacheStats#slotsInUse()}). {@link #detach(Slab)},
 * {@link #detachWhenEmpty(Slab)}, {@link #trim()} and {@link #close()} take slots back out of the magazines.
 * <p>
 * Handles are positive {@code long}s laid out by {@link SlotHandle}; {@link #NULL_HANDLE} is never one. A handle
 * names its slab by a serial no other slab in the JVM has, and its slot's generation, so a handle of another cache
 * or of a closed one, into a detached slab, or kept after its slot was freed and handed out again, is rejected.
 * Every misuse (such a handle, a double free, a detach of a slab with live slots, any use after {@link #close()})
 * throws and leaves every list and count as it was. A slot may be freed by a thread other than the one that
 * allocated it.
 * <p>
 * Metrics: {@link #stats()}; an MXBean with {@link SlabCacheBuilder#registerMBean(boolean)}; and JDK Flight Recorder
 * events {@code dev.slabcache.SlabGrown}, {@code SlabReleased}, {@code SlabAttached}, {@code SlabDetached},
 * {@code AllocationFailed} and the periodic {@code CacheStatistics}, committed only when a recording enables them
 * and never on an allocate or free that finds a slot.
 * <p>
 * Debug mode ({@link SlabCacheBuilder#debug(boolean)}, or {@code -D}{@value #DEBUG_PROP_NAME}{@code =true}) helps find
 * bugs in the program that uses the cache, in every {@link ThreadSafety}: a freed slot is filled with
 * {@code 0x5A} from its 5th byte on (its first 4 hold the free list's link), and an allocation that finds that
 * poison disturbed throws {@link WriteAfterFreeException} naming the slot, its slab and, when recorded, where it
 * was freed; the slot is quarantined (never handed out again, its slab never released) and counted in
 * {@link #quarantinedSlots()}. One allocation in {@link SlabCacheBuilder#debugSampleRate(int)} records its stack, for
 * {@link #leakReport()}, for the report {@link #close()} logs, and for the warning about a slot live longer than
 * {@link SlabCacheBuilder#leakDetectionThreshold(Duration)}. Off, it costs nothing: the mode is chosen when the cache
 * is built, in the same branch that chooses the thread-safety path.
 */
public final class SlabCache implements AutoCloseable
{
    /** Returned by {@link #tryAllocate()} when no slot could be had; never a valid handle. */
    public static final long NULL_HANDLE = 0;

    /** Slots in each of a thread's two magazines unless {@link SlabCacheBuilder#magazineSize(int)} says otherwise. */
    public static final int DEFAULT_MAGAZINE_SIZE = 32;

    /** The largest {@link SlabCacheBuilder#magazineSize(int)}. */
    public static final int MAX_MAGAZINE_SIZE = 1024;

    /** Full magazines the depot keeps unless {@link SlabCacheBuilder#depotMagazines(int)} says otherwise. */
    public static final int DEFAULT_DEPOT_MAGAZINES = 16;

    /**
     /** The largest {@link SlabCacheBuilder#slotAlignment(int)}: a page. Providers over-allocate by the alignment. */
    public static final int MAX_SLOT_ALIGNMENT = 4096;

    /**
     * Slabs with live slots that {@link #close()} names in its warning; the rest are logged at {@code DEBUG}.
     */
    static final int CLOSE_WARNING_SLABS = 8;

    /**
     * The system property that turns debug mode on for every cache built after it is set to {@code true}, unless
     * the builder says otherwise ({@link SlabCacheBuilder#debug(boolean)}).
     */
    public static final String DEBUG_PROP_NAME = "slabcache.debug";

    /**
     * One allocation in this many records its stack in debug mode unless
     * {@link SlabCacheBuilder#debugSampleRate(int)} says otherwise: every one.
     */
    public static final int DEFAULT_DEBUG_SAMPLE_RATE = 1;

    final CacheCore core;
    // The core's, held here too so that the hot calls reach a handle's slab in one load fewer.
    private final SlabTable table;
    private volatile CacheMBeans mbeans;

    SlabCache(final CacheSettings settings)
    {
        this.core = new CacheCore(settings, new SlabTable(settings.name));
        this.table = core.table;
        CacheStatisticsEvent.join(core);
    }

    /**
     * {@return a builder with the defaults: 64-byte slots aligned to 8, 64 KiB slabs from
     * {@link SlabProvider#direct()}, no slab limit, one empty slab retained, {@link ThreadSafety#MAGAZINES} over a
     * reentrant lock}
     */
    public static SlabCacheBuilder builder()
    {
        AgronaCheck.ensureAvailable();
        return new SlabCacheBuilder();
    }

    /**
     * Takes a free slot.
     *
     * @return the slot's handle, never {@link #NULL_HANDLE}.
     * @throws SlabExhaustedException  naming the cache, its slot size and limits, with the provider's error as
     *                                 cause when growing failed.
     * @throws WriteAfterFreeException in debug mode, when the slot taken was written after it was freed; it is
     *                                 quarantined, and the next allocation takes another.
     * @throws IllegalStateException   when the cache is closed.
     */
    public long allocate()
    {
        final long handle = tryAllocate();
        if (NULL_HANDLE == handle)
        {
            throw core.admin.exhausted();
        }
        return handle;
    }

    /**
     * Takes a free slot if one can be had, with no exception and no garbage when none can.
     *
     * @return the slot's handle, or {@link #NULL_HANDLE} when the cache is exhausted.
     * @throws WriteAfterFreeException in debug mode, when the slot taken was written after it was freed; it is
     *                                 quarantined, and the next allocation takes another.
     * @throws IllegalStateException   when the cache is closed.
     */
    public long tryAllocate()
    {
        return core.allocate();
    }

    /**
     * Gives a slot back. Its first 4 bytes are overwritten by the slab's free list once the slot is back in it; in
     * debug mode the rest is filled with poison.
     *
     * @param handle a handle from {@link #allocate()} or {@link #tryAllocate()} not freed since.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache: another cache's, into
     *                                a detached slab, stale (its slot was freed and handed out again) or garbage;
     *                                nothing changes.
     * @throws DoubleFreeException    when the slot is free; nothing changes.
     * @throws IllegalStateException  when the cache is closed.
     */
    public void free(final long handle)
    {
        core.free(table.checked(handle), handle);
    }

    /**
     * The buffer that holds a slot, to read and write it until the slot is freed. Keep no use of it past the free:
     * once its slab is given back, the default provider frees the memory and the buffer reaches none (capacity 0).
     *
     * @param handle a live handle of this cache.
     * @return the buffer that holds the slot.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public AtomicBuffer buffer(final long handle)
    {
        return table.checkedLive(handle).buffer;
    }

    /**
     * {@return where the slot starts in {@link #buffer(long)}}
     *
     * @param handle a live handle of this cache.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int offset(final long handle)
    {
        return table.checkedLive(handle).offsetOf(SlotHandle.slot(handle));
    }

    void aim(final SlotFlyweight flyweight, final long handle)
    {
        final SlabRecord slab = table.checkedLive(handle);
        flyweight.aim(slab.buffer, slab.offsetOf(SlotHandle.slot(handle)), handle);
    }

    /**
     * {@return the slab that holds the slot}
     *
     * @param handle a live handle of this cache.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public Slab slabOf(final long handle)
    {
        return table.checkedLive(handle).view;
    }

    /**
     * Attaches the whole of a caller's buffer as a new slab that serves allocations at once. The cache never
     * releases the buffer and forgets it on detach or close.
     *
     * @param buffer a writable buffer: direct, heap, {@link java.nio.ByteBuffer}-backed or memory-mapped.
     * @return the new slab.
     * @throws IllegalArgumentException when the buffer is null, read-only, too small for one slot, holds more
     *                                  than {@link SlotHandle#MAX_SLOTS} slots, or overlaps a region already
     *                                  attached to this cache.
     * @throws IllegalStateException    when the cache is closed or holds the most slabs it can.
     */
    public Slab attach(final AtomicBuffer buffer)
    {
        if (null == buffer)
        {
            throw new IllegalArgumentException("buffer must not be null");
        }
        return attach(buffer, 0, buffer.capacity());
    }

    /**
     * Attaches {@code length} bytes of a caller's buffer from {@code offset} as a new slab that serves
     * allocations at once, in O(1) whatever its size. The cache never releases the buffer and forgets it on
     * detach or close.
     *
     * @param buffer a writable buffer: direct, heap, {@link java.nio.ByteBuffer}-backed or memory-mapped.
     * @param offset where the region starts in the buffer.
     * @param length bytes in the region.
     * @return the new slab.
     * @throws IllegalArgumentException when the buffer is null or read-only, the region lies outside it, is too
     *                                  small for one slot, holds more than {@link SlotHandle#MAX_SLOTS} slots,
     *                                  or overlaps a region already attached to this cache.
     * @throws IllegalStateException    when the cache is closed or holds the most slabs it can.
     */
    public Slab attach(final AtomicBuffer buffer, final int offset, final int length)
    {
        return core.admin.attach(buffer, offset, length).view;
    }

    /**
     * Detaches a slab no caller holds a slot of. A provider slab's memory goes back to the provider; a caller's
     * buffer is forgotten. Handles into the slab are rejected from now on. With {@link ThreadSafety#MAGAZINES},
     * slots of the slab sitting in magazines are taken back first, in O(slots the slab ever handed out).
     *
     * @param slab a slab of this cache.
     * @throws SlabInUseException       when callers hold some of its slots; nothing changes.
     * @throws IllegalArgumentException when {@code slab} is null or belongs to another cache.
     * @throws IllegalStateException    when the slab is already detached or the cache is closed.
     */
    public void detach(final Slab slab)
    {
        core.admin.detach(slab);
    }

    /**
     * Stops a slab serving allocations at once, and detaches it as {@link #detach(Slab)} does when its last
     * live slot is freed (at once when it has none). Calling it again returns the same future.
     *
     * @param slab a slab of this cache.
     * @return a future completed with {@code slab} once it is detached, in the thread that frees its last slot;
     * completed exceptionally if the cache is closed first.
     * @throws IllegalArgumentException when {@code slab} is null or belongs to another cache.
     * @throws IllegalStateException    when the slab is already detached or the cache is closed.
     */
    public CompletableFuture<Slab> detachWhenEmpty(final Slab slab)
    {
        return core.admin.detachWhenEmpty(slab);
    }

    /**
     * Gives every empty provider slab back to the provider. With {@link ThreadSafety#MAGAZINES} it first takes
     * back the slots sitting in the depot and in every thread's magazines, so that slabs only magazines held
     * empty too; threads refill from the slabs afterwards.
     *
     * @return how many slabs were given back.
     * @throws IllegalStateException when the cache is closed.
     */
    public int trim()
    {
        return core.admin.trim();
    }

    /**
     * {@return a snapshot of the cache's counts} With {@link ThreadSafety#MAGAZINES} it first flushes the magazines
     * of threads that have ended; the counts of other threads' magazine operations are read without stopping them,
     * so a snapshot taken while threads allocate and free is exact only once they pause.
     *
     * @throws IllegalStateException when the cache is closed.
     */
    public SlabCacheStats stats()
    {
        return core.admin.stats();
    }

    /**
     * Lists every attached slab, in the spirit of Linux {@code /proc/slabinfo}. Costs O(slots handed out): not for
     * hot paths.
     *
     * @return one entry per slab: the serving one, partial slabs, fullest first, then free, full and draining ones.
     * @throws IllegalStateException when the cache is closed.
     */
    public List<SlabInfo> slabInfo()
    {
        return core.admin.slabInfo();
    }

    /** {@return the name given to the builder} */
    public String name()
    {
        return core.name;
    }

    /** {@return the bytes in a slot} */
    public int slotSize()
    {
        return core.slotSize;
    }

    /** {@return how threads reach this cache, as chosen in the builder} */
    public ThreadSafety threadSafety()
    {
        return core.threadSafety;
    }

    /**
     * Gives back every provider slab no caller holds a slot of, keeps (never releases) those with live slots,
     * forgets callers' buffers, and logs a warning with the count of live slots and the first eight slabs that hold
     * them (the others at level {@code DEBUG}, in one more record). Slots in
     * magazines go back to their slabs first. Draining slabs' futures complete exceptionally. In debug mode it
     * also logs the {@link #leakReport()} when sampled slots are live. Every later call throws
     * {@link IllegalStateException} but those that report the close ({@link #leakReport()},
     * {@link #quarantinedSlots()}), those that read what the builder
     * fixed ({@link #name()}, {@link #slotSize()}, {@link #threadSafety()}, {@link #isDebug()},
     * {@link #toString()}), and {@code close()}. The cache's {@link SlabCacheMXBean}, if registered, is
     * unregistered first. Closing twice does nothing.
     */
    @Override
    public void close()
    {
        if (null != mbeans)
        {
            mbeans.unregisterAll();
        }
        core.close();
        table.close();
        CacheStatisticsEvent.leave(core);
    }

    /** {@return true when the cache was built in debug mode} */
    public boolean isDebug()
    {
        return null != core.debug;
    }

    /**
     * The live slots whose allocations debug mode sampled, grouped by where they were allocated. Costs
     * O(sampled live slots) under the lock: not for hot paths. After {@link #close()}, the report taken as it began.
     *
     * @return the sites, the one with the longest-live slot first, each site's slots longest-live first; empty when
     * none is live or the cache is not in debug mode.
     */
    public List<LeakSite> leakReport()
    {
        return null == core.debug ? List.of() : core.debug.leakReport();
    }

    /**
     * {@return how many slots debug mode found written after they were freed and took out of service; 0 when the cache
     * is not in debug mode. They count as live in {@link #stats()}}
     */
    public long quarantinedSlots()
    {
        return null == core.debug ? 0 : core.debug.quarantinedSlots();
    }

    /**
     * {@return the counts as they were when {@link #close()} began, live slots included}
     *
     * @throws IllegalStateException when the cache is still open.
     */
    SlabCacheStats closeReport()
    {
        return core.admin.closeReport();
    }

    /**
     * {@return every slab that still held live slots when {@link #close()} ran, as it was then; empty when the cache
     * closed clean}
     *
     * @throws IllegalStateException when the cache is still open.
     */
    List<SlabInfo> closeListing()
    {
        return core.admin.closeListing();
    }

    /** {@return the cache's name and settings, for logs} */
    @Override
    public String toString()
    {
        return "SlabCache{name='" + core.name + "', " + core + '}';
    }

    /**
     * Registers this cache's {@link SlabCacheMXBean}, or closes the cache and throws.
     */
    void registerMBean()
    {
        mbeans = new CacheMBeans();
        try
        {
            mbeans.register(CacheMBeans.objectName("SlabCache", core.name, ""), new SlabCacheBean(core));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.AgronaAccess;
import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.SlotSegment;
import dev.slabcache.core.WriteAfterFreeException;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The master: a cache of fixed-size slots over many slabs, built by {@link #builder()}.
 * <p>
 * Every attached slab sits on one list by its state: free, partial or full, and a partial slab on one of
 * {@value #PARTIAL_BINS} bins by how full it is. A slab waiting for {@link #detachWhenEmpty(Slab)} sits on a
 * fourth list, draining, and serves no allocation. A slot comes from a slab in the fullest non-empty partial bin,
 * then from a free slab, then the cache grows by asking the provider for a new slab, then fails.
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
 * Metrics: {@link #stats()}; an MXBean with {@link Builder#registerMBean(boolean)}; and JDK Flight Recorder events
 * {@code dev.slabcache.SlabGrown}, {@code SlabReleased}, {@code SlabAttached}, {@code SlabDetached},
 * {@code AllocationFailed} and the periodic {@code CacheStatistics}, committed only when a recording enables them
 * and never on an allocate or free that finds a slot.
 * <p>
 * Debug mode ({@link Builder#debug(boolean)}, or {@code -D}{@value #DEBUG_PROP_NAME}{@code =true}) helps find
 * bugs in the program that uses the cache, in every {@link ThreadSafety}: a freed slot is filled with
 * {@code 0x5A} from its 5th byte on (its first 4 hold the free list's link), and an allocation that finds that
 * poison disturbed throws {@link WriteAfterFreeException} naming the slot, its slab and, when recorded, where it
 * was freed; the slot is quarantined (never handed out again, its slab never released) and counted in
 * {@link #quarantinedSlots()}. One allocation in {@link Builder#debugSampleRate(int)} records its stack, for
 * {@link #leakReport()}, for the report {@link #close()} logs, and for the warning about a slot live longer than
 * {@link Builder#leakDetectionThreshold(Duration)}. Off, it costs nothing: the mode is chosen when the cache is
 * built, in the same branch that chooses the thread-safety path.
 */
public final class SlabCache implements AutoCloseable
{
    /**
     * Returned by {@link #tryAllocate()} when no slot could be had; never a valid handle.
     */
    public static final long NULL_HANDLE = 0;

    /**
     * Slots in each of a thread's two magazines unless {@link Builder#magazineSize(int)} says otherwise.
     */
    public static final int DEFAULT_MAGAZINE_SIZE = 32;

    /**
     * The largest {@link Builder#magazineSize(int)}.
     */
    public static final int MAX_MAGAZINE_SIZE = 1024;

    /**
     * Full magazines the depot keeps unless {@link Builder#depotMagazines(int)} says otherwise.
     */
    public static final int DEFAULT_DEPOT_MAGAZINES = 16;

    /**
     * How many bins partial slabs are sorted into by how full they are.
     */
    public static final int PARTIAL_BINS = SlabBins.PARTIAL_BINS;

    /**
     * The largest {@link Builder#slotAlignment(int)}: a page. Providers over-allocate by the alignment.
     */
    public static final int MAX_SLOT_ALIGNMENT = 4096;

    /**
     * Slabs with live slots that {@link #close()} names in its warning; {@link #closeListing()} has them all.
     */
    public static final int CLOSE_WARNING_SLABS = 8;

    /**
     * The system property that turns debug mode on for every cache built after it is set to {@code true}, unless
     * the builder says otherwise ({@link Builder#debug(boolean)}).
     */
    public static final String DEBUG_PROP_NAME = "slabcache.debug";

    /**
     * One allocation in this many records its stack in debug mode unless
     * {@link Builder#debugSampleRate(int)} says otherwise: every one.
     */
    public static final int DEFAULT_DEBUG_SAMPLE_RATE = 1;

    private final ThreadSafety threadSafety;
    // The path allocate and free take: threadSafety, or null in debug mode, whose calls all go through debug. The
    // hot paths read this one field, so a cache not in debug mode pays nothing for it.
    private final ThreadSafety route;
    private final DebugLayer debug;
    private final CacheLock lock;
    private final SlabPool pool;
    private final SlabTable table;
    private final MagazineLayer magazines;
    private final CacheControl control;
    private final SlabEvacuator evacuator;
    private final CacheMBeans mbeans = new CacheMBeans();

    private SlabCache(final Builder builder)
    {
        this.threadSafety = builder.threadSafety;
        this.lock = new CacheLock(ThreadSafety.SINGLE_OWNER == threadSafety ? null : builder.lock);
        this.pool = new SlabPool(
            builder.name, builder.slotSize, builder.slotAlignment, builder.slabSize,
            null != builder.provider ? builder.provider : SlabProvider.direct(), builder.maxSlabs,
            builder.retainEmptySlabs, lock, null != builder.table ? builder.table : new SlabTable(builder.name));
        this.table = pool.table;
        this.magazines = ThreadSafety.MAGAZINES == threadSafety ?
            new MagazineLayer(pool, lock, builder.magazineSize, builder.depotMagazines) : null;
        this.control = new CacheControl(threadSafety, lock, pool, magazines, null == builder.table);
        this.evacuator = new SlabEvacuator(threadSafety, lock, pool, magazines, control);
        this.debug = builder.debug ? new DebugLayer(threadSafety, lock, pool, magazines,
            new LeakTracker(table, builder.nanoClock, builder.debugSampleRate, builder.leakDetectionThresholdNs),
            builder.leakDetectionThresholdNs) : null;
        this.route = builder.debug ? null : threadSafety;
    }

    /**
     * @return a builder with the defaults: 64-byte slots aligned to 8, 64 KiB slabs from
     * {@link SlabProvider#direct()}, no slab limit, one empty slab retained, {@link ThreadSafety#MAGAZINES} over a
     * reentrant lock.
     */
    public static Builder builder()
    {
        AgronaAccess.ensureAvailable();
        return new Builder();
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
            throw control.exhausted();
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
        if (ThreadSafety.MAGAZINES == route)
        {
            return magazines.allocate();
        }
        if (ThreadSafety.SINGLE_OWNER == route)
        {
            return pool.allocate();
        }
        if (ThreadSafety.LOCKED == route)
        {
            return allocateLocked();
        }
        return debug.allocate();
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
        if (ThreadSafety.MAGAZINES == route)
        {
            magazines.free(handle);
        }
        else if (ThreadSafety.SINGLE_OWNER == route)
        {
            pool.free(handle);
            lock.completeDrains();
        }
        else if (ThreadSafety.LOCKED == route)
        {
            freeLocked(handle);
        }
        else
        {
            debug.free(handle);
        }
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
        return table.checkedLive(handle).segment.buffer();
    }

    /**
     * @param handle a live handle of this cache.
     * @return where the slot starts in {@link #buffer(long)}.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int offset(final long handle)
    {
        return table.checkedLive(handle).offsetOf(SlotHandle.slot(handle));
    }

    /**
     * {@link #free(long)} of a handle the caller already found in {@code slab} with {@link SlabTable#checked(long)}
     * of this cache's table, so that a size-class cache looks it up once. Without magazines or an owner, the lock
     * is taken and the handle found again under it.
     */
    void free(final Slab slab, final long handle)
    {
        if (ThreadSafety.MAGAZINES == route)
        {
            magazines.free(slab, handle);
        }
        else if (ThreadSafety.SINGLE_OWNER == route)
        {
            pool.free(slab, handle);
            lock.completeDrains();
        }
        else if (ThreadSafety.LOCKED == route)
        {
            freeLocked(handle);
        }
        else
        {
            debug.free(slab, handle);
        }
    }

    /**
     * For a page move: a slot debug mode quarantined is no caller's, so the visitor is not shown it.
     */
    boolean isQuarantined(final long handle)
    {
        return null != debug && debug.isQuarantined(handle);
    }

    void aim(final SlotFlyweight flyweight, final long handle)
    {
        final Slab slab = table.checkedLive(handle);
        flyweight.aim(slab.segment.buffer(), slab.offsetOf(SlotHandle.slot(handle)), handle);
    }

    /**
     * For a page move: stops the provider slab with the fewest live slots serving, takes each of its live slots
     * from its holder and shows it to {@code visitor}, and detaches it once its last slot is back.
     *
     * @return the slab, detached unless some slot is still on its way back, or null when no provider slab serves.
     */
    Slab evacuate(final SlotVisitor visitor)
    {
        return evacuator.evacuate(visitor);
    }

    /**
     * For an allocation that a {@link SizeClassCache} tries again: its first try is not a failure.
     */
    void uncountFailure()
    {
        control.uncountFailure();
    }

    /**
     * @return the exception {@link #allocate()} throws when no slot can be had.
     */
    SlabExhaustedException exhausted()
    {
        return control.exhausted();
    }

    /**
     * @return true when a provider slab was added.
     */
    boolean grow()
    {
        return evacuator.grow();
    }

    /**
     * @param handle a live handle of this cache.
     * @return the slab that holds the slot.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public Slab slabOf(final long handle)
    {
        return table.checkedLive(handle);
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
        return control.attach(buffer, offset, length);
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
        control.detach(slab);
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
        return control.detachWhenEmpty(slab);
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
        return control.trim();
    }

    /**
     * A snapshot of the cache's counts. With {@link ThreadSafety#MAGAZINES} it first flushes the magazines of
     * threads that have ended; the counts of other threads' magazine operations are read without stopping them,
     * so a snapshot taken while threads allocate and free is exact only once they pause.
     *
     * @return the counts.
     * @throws IllegalStateException when the cache is closed; see {@link #closeReport()}.
     */
    public SlabCacheStats stats()
    {
        return control.stats();
    }

    /**
     * Lists every attached slab, in the spirit of Linux {@code /proc/slabinfo}. Costs O(slots handed out): not for
     * hot paths.
     *
     * @return one entry per slab, partial slabs first, fullest first.
     * @throws IllegalStateException when the cache is closed.
     */
    public List<SlabInfo> slabInfo()
    {
        return control.slabInfo();
    }

    /**
     * @return the name given to the builder.
     */
    public String name()
    {
        return pool.name;
    }

    /**
     * @return bytes in a slot.
     */
    public int slotSize()
    {
        return pool.slotSize;
    }

    /**
     * @return how threads reach this cache, as chosen in the builder.
     */
    public ThreadSafety threadSafety()
    {
        return threadSafety;
    }

    /**
     * Gives back every provider slab no caller holds a slot of, keeps (never releases) those with live slots,
     * forgets callers' buffers, and logs a warning with the count of live slots and the first
     * {@value #CLOSE_WARNING_SLABS} slabs that hold them ({@link #closeListing()} has them all). Slots in
     * magazines go back to their slabs first. Draining slabs' futures complete exceptionally. In debug mode it
     * also logs the {@link #leakReport()} when sampled slots are live. Every later call throws
     * {@link IllegalStateException} but those that report the close ({@link #closeReport()},
     * {@link #closeListing()}, {@link #leakReport()}, {@link #quarantinedSlots()}), those that read what the builder
     * fixed ({@link #name()}, {@link #slotSize()}, {@link #threadSafety()}, {@link #isDebug()},
     * {@link #toString()}), and {@code close()}. The cache's {@link SlabCacheMXBean}, if registered, is
     * unregistered first. Closing twice does nothing.
     */
    @Override
    public void close()
    {
        mbeans.unregisterAll();
        if (null == debug)
        {
            control.close();
        }
        else
        {
            debug.close(control);
        }
        CacheStatistics.leave(this);
    }

    /**
     * @return true when the cache was built in debug mode.
     */
    public boolean isDebug()
    {
        return null != debug;
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
        return null == debug ? List.of() : debug.leakReport();
    }

    /**
     * @return how many slots debug mode found written after they were freed and took out of service; 0 when the
     * cache is not in debug mode. They count as live in {@link #stats()}.
     */
    public long quarantinedSlots()
    {
        return null == debug ? 0 : debug.quarantinedSlots();
    }

    /**
     * @return the counts as they were when {@link #close()} began, live slots included.
     * @throws IllegalStateException when the cache is still open.
     */
    public SlabCacheStats closeReport()
    {
        return control.closeReport();
    }

    /**
     * @return every slab that still held live slots when {@link #close()} ran, as it was then; empty when the
     * cache closed clean.
     * @throws IllegalStateException when the cache is still open.
     */
    public List<SlabInfo> closeListing()
    {
        return control.closeListing();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "SlabCache{name='" + pool.name + "', " + pool + ", threadSafety=" + threadSafety + ", lock=" + lock +
            (null != debug ? ", debug(sampleRate=" + debug.sampleRate() + ", leakDetectionThreshold=" +
            debug.leakDetectionThreshold() + ")" : "") + '}';
    }

    /**
     * Registers this cache's {@link SlabCacheMXBean}, or closes the cache and throws.
     */
    private void registerMBean()
    {
        try
        {
            mbeans.register(CacheMBeans.objectName("SlabCache", pool.name, ""), new SlabCacheBean(this));
        }
        catch (final RuntimeException ex)
        {
            control.close();
            throw ex;
        }
    }

    private long allocateLocked()
    {
        lock.lock();
        try
        {
            return pool.allocate();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void freeLocked(final long handle)
    {
        lock.lock();
        try
        {
            pool.free(handle);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @throws IllegalArgumentException when {@code name} is null or blank, for this builder and
     *                                  {@link SizeClassCache}'s.
     */
    static String checkName(final String name)
    {
        if (null == name || name.isBlank())
        {
            throw new IllegalArgumentException("name=" + name + " must be a non-blank string");
        }
        return name;
    }

    /**
     * @throws IllegalArgumentException when {@code threadSafety} is null, for this builder and
     *                                  {@link SizeClassCache}'s.
     */
    static ThreadSafety checkThreadSafety(final ThreadSafety threadSafety)
    {
        if (null == threadSafety)
        {
            throw new IllegalArgumentException("threadSafety must not be null");
        }
        return threadSafety;
    }

    /**
     * @throws IllegalArgumentException when {@code debugSampleRate} is not positive, for this builder and
     *                                  {@link SizeClassCache}'s.
     */
    static int checkDebugSampleRate(final int debugSampleRate)
    {
        if (debugSampleRate < 1)
        {
            throw new IllegalArgumentException(
                "debugSampleRate=" + debugSampleRate + " must be positive: one allocation in that many is sampled");
        }
        return debugSampleRate;
    }

    /**
     * @return the threshold in nanoseconds, 0 for none.
     * @throws IllegalArgumentException when {@code threshold} is null or negative, for this builder and
     *                                  {@link SizeClassCache}'s.
     */
    static long checkLeakDetectionThreshold(final Duration threshold)
    {
        if (null == threshold || threshold.isNegative())
        {
            throw new IllegalArgumentException(
                "leakDetectionThreshold=" + threshold + " must be zero (never) or a positive duration");
        }
        return threshold.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : threshold.toNanos();
    }

    /**
     * @throws IllegalArgumentException when {@code nanoClock} is null, for this builder and
     *                                  {@link SizeClassCache}'s.
     */
    static NanoClock checkNanoClock(final NanoClock nanoClock)
    {
        if (null == nanoClock)
        {
            throw new IllegalArgumentException("nanoClock must not be null");
        }
        return nanoClock;
    }

    /**
     * Configures a {@link SlabCache}; every setter checks its argument at once.
     */
    public static final class Builder
    {
        private String name = "slab-cache";
        private int slotSize = 64;
        private int slotAlignment = 8;
        private int slabSize = 64 * 1024;
        private SlabProvider provider;
        private int maxSlabs = Integer.MAX_VALUE;
        private int retainEmptySlabs = 1;
        private SlabLock lock = SlabLock.reentrant();
        private ThreadSafety threadSafety = ThreadSafety.MAGAZINES;
        private int magazineSize = DEFAULT_MAGAZINE_SIZE;
        private int depotMagazines = DEFAULT_DEPOT_MAGAZINES;
        private boolean registerMBean;
        private boolean debug = Boolean.getBoolean(DEBUG_PROP_NAME);
        private int debugSampleRate = DEFAULT_DEBUG_SAMPLE_RATE;
        private long leakDetectionThresholdNs;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;
        private SlabTable table;

        private Builder()
        {
        }

        /**
         * For the classes of a {@link SizeClassCache}: one table for all of them, which the size-class cache
         * closes.
         */
        Builder table(final SlabTable table)
        {
            this.table = table;
            return this;
        }

        /**
         * @param name shown in messages and statistics.
         * @return this builder.
         * @throws IllegalArgumentException when {@code name} is null or blank.
         */
        public Builder name(final String name)
        {
            this.name = checkName(name);
            return this;
        }

        /**
         * @param slotSize bytes in a slot, at least {@value SlotSegment#MIN_SLOT_SIZE}; default 64.
         * @return this builder.
         * @throws IllegalArgumentException when {@code slotSize} is below {@value SlotSegment#MIN_SLOT_SIZE}.
         */
        public Builder slotSize(final int slotSize)
        {
            if (slotSize < SlotSegment.MIN_SLOT_SIZE)
            {
                throw new IllegalArgumentException(
                    "slotSize=" + slotSize + " must be at least " + SlotSegment.MIN_SLOT_SIZE +
                    ": a free slot holds the int index of the next free slot");
            }
            this.slotSize = slotSize;
            return this;
        }

        /**
         * @param slotAlignment a power of two from {@value SlotSegment#MIN_SLOT_ALIGNMENT} to
         *                      {@value SlabCache#MAX_SLOT_ALIGNMENT}; default 8.
         * @return this builder.
         * @throws IllegalArgumentException when {@code slotAlignment} breaks its rule.
         */
        public Builder slotAlignment(final int slotAlignment)
        {
            if (slotAlignment < SlotSegment.MIN_SLOT_ALIGNMENT || slotAlignment > MAX_SLOT_ALIGNMENT ||
                !BitUtil.isPowerOfTwo(slotAlignment))
            {
                throw new IllegalArgumentException(
                    "slotAlignment=" + slotAlignment + " must be a power of two from " +
                    SlotSegment.MIN_SLOT_ALIGNMENT + " to " + MAX_SLOT_ALIGNMENT + " (a provider over-allocates " +
                    "each slab by its alignment)");
            }
            this.slotAlignment = slotAlignment;
            return this;
        }

        /**
         * @param slabSize bytes of each slab the cache asks its provider for; default 64 KiB.
         * @return this builder.
         * @throws IllegalArgumentException when {@code slabSize} is not positive; {@link #build()} also checks
         *                                  that it holds at least one slot.
         */
        public Builder slabSize(final int slabSize)
        {
            if (slabSize < 1)
            {
                throw new IllegalArgumentException("slabSize=" + slabSize + " must be positive");
            }
            this.slabSize = slabSize;
            return this;
        }

        /**
         * @param provider where provider slabs come from; default {@link SlabProvider#direct()}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code provider} is null.
         */
        public Builder provider(final SlabProvider provider)
        {
            if (null == provider)
            {
                throw new IllegalArgumentException("provider must not be null");
            }
            this.provider = provider;
            return this;
        }

        /**
         * @param maxSlabs the most provider slabs held at once (attached slabs do not count); 0 means the cache
         *                 never grows and serves only attached buffers. Default: no limit but the handle's.
         * @return this builder.
         * @throws IllegalArgumentException when {@code maxSlabs} is negative.
         */
        public Builder maxSlabs(final int maxSlabs)
        {
            if (maxSlabs < 0)
            {
                throw new IllegalArgumentException("maxSlabs=" + maxSlabs + " must not be negative");
            }
            this.maxSlabs = maxSlabs;
            return this;
        }

        /**
         * @param retainEmptySlabs empty provider slabs kept for reuse; a provider slab that empties beyond them
         *                         goes back to the provider at once. Default 1.
         * @return this builder.
         * @throws IllegalArgumentException when {@code retainEmptySlabs} is negative.
         */
        public Builder retainEmptySlabs(final int retainEmptySlabs)
        {
            if (retainEmptySlabs < 0)
            {
                throw new IllegalArgumentException("retainEmptySlabs=" + retainEmptySlabs + " must not be negative");
            }
            this.retainEmptySlabs = retainEmptySlabs;
            return this;
        }

        /**
         * @param threadSafety how threads reach the cache; default {@link ThreadSafety#MAGAZINES}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code threadSafety} is null.
         */
        public Builder threadSafety(final ThreadSafety threadSafety)
        {
            this.threadSafety = checkThreadSafety(threadSafety);
            return this;
        }

        /**
         * @param lock the lock that {@link ThreadSafety#LOCKED} takes around every call and
         *             {@link ThreadSafety#MAGAZINES} around every depot exchange; default
         *             {@link SlabLock#reentrant()}. {@link ThreadSafety#SINGLE_OWNER} takes none.
         * @return this builder.
         * @throws IllegalArgumentException when {@code lock} is null.
         */
        public Builder lock(final SlabLock lock)
        {
            if (null == lock)
            {
                throw new IllegalArgumentException("lock must not be null");
            }
            this.lock = lock;
            return this;
        }

        /**
         * @param magazineSize slots in each of a thread's two magazines, for {@link ThreadSafety#MAGAZINES};
         *                     default {@value #DEFAULT_MAGAZINE_SIZE}. A thread holds at most twice this many
         *                     free slots, and takes the lock once every this many allocations or frees.
         * @return this builder.
         * @throws IllegalArgumentException when {@code magazineSize} is not in [1, {@value #MAX_MAGAZINE_SIZE}].
         */
        public Builder magazineSize(final int magazineSize)
        {
            if (magazineSize < 1 || magazineSize > MAX_MAGAZINE_SIZE)
            {
                throw new IllegalArgumentException(
                    "magazineSize=" + magazineSize + " must be in [1, " + MAX_MAGAZINE_SIZE + "]");
            }
            this.magazineSize = magazineSize;
            return this;
        }

        /**
         * @param depotMagazines full magazines the shared depot keeps for threads to take, for
         *                       {@link ThreadSafety#MAGAZINES}; default {@value #DEFAULT_DEPOT_MAGAZINES}. A full
         *                       magazine beyond them goes back to its slabs. 0 makes every exchange go to the slabs.
         * @return this builder.
         * @throws IllegalArgumentException when {@code depotMagazines} is negative.
         */
        public Builder depotMagazines(final int depotMagazines)
        {
            if (depotMagazines < 0)
            {
                throw new IllegalArgumentException("depotMagazines=" + depotMagazines + " must not be negative");
            }
            this.depotMagazines = depotMagazines;
            return this;
        }

        /**
         * @param registerMBean whether {@link #build()} registers the cache's {@link SlabCacheMXBean} in the
         *                      platform MBean server as {@code dev.slabcache:type=SlabCache,name="<name>"}, until
         *                      {@link SlabCache#close()}; default false.
         * @return this builder.
         */
        public Builder registerMBean(final boolean registerMBean)
        {
            this.registerMBean = registerMBean;
            return this;
        }

        /**
         * @param debug true to poison freed slots, check the poison at allocation, and record allocation sites
         *              (see {@link SlabCache}); default {@code true} when the system property
         *              {@value #DEBUG_PROP_NAME} was {@code true} as {@link SlabCache#builder()} ran, else false.
         * @return this builder.
         */
        public Builder debug(final boolean debug)
        {
            this.debug = debug;
            return this;
        }

        /**
         * @param debugSampleRate in debug mode, one allocation in this many records its stack for the leak report
         *                        and the free site of a write after free; default
         *                        {@value #DEFAULT_DEBUG_SAMPLE_RATE}, every one. Poison is filled and checked for
         *                        every slot whatever the rate.
         * @return this builder.
         * @throws IllegalArgumentException when {@code debugSampleRate} is not positive.
         */
        public Builder debugSampleRate(final int debugSampleRate)
        {
            this.debugSampleRate = checkDebugSampleRate(debugSampleRate);
            return this;
        }

        /**
         * @param threshold in debug mode, a sampled slot live longer than this is logged as a warning with its
         *                  allocation site, once, by an allocation that looks at most once a second;
         *                  {@link Duration#ZERO}, the default, never.
         * @return this builder.
         * @throws IllegalArgumentException when {@code threshold} is null or negative.
         */
        public Builder leakDetectionThreshold(final Duration threshold)
        {
            this.leakDetectionThresholdNs = checkLeakDetectionThreshold(threshold);
            return this;
        }

        /**
         * @param nanoClock the clock debug mode ages live slots by; default {@link SystemNanoClock}.
         * @return this builder.
         * @throws IllegalArgumentException when {@code nanoClock} is null.
         */
        public Builder nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = checkNanoClock(nanoClock);
            return this;
        }

        /**
         * @return a new, empty cache; it grows on its first allocation.
         * @throws IllegalArgumentException when a provider slab of {@code slabSize} bytes cannot hold one slot, when
         *                                  {@code slotSize} rounded up to {@code slotAlignment} (the stride between
         *                                  slots) is more than {@link Integer#MAX_VALUE} bytes, or when a slab
         *                                  holds more than {@link SlotHandle#MAX_SLOTS}, the most a handle names.
         * @throws IllegalStateException    with {@link #registerMBean(boolean)}, when the MXBean's name is taken
         *                                  (another open cache of the same name registered it); the message names
         *                                  it, and no cache is left open and no MBean registered.
         */
        public SlabCache build()
        {
            if (slabSize < slotSize)
            {
                throw new IllegalArgumentException(
                    "slabSize=" + slabSize + " must hold at least one slot of slotSize=" + slotSize);
            }
            final long stride = BitUtil.align((long)slotSize, slotAlignment);
            if (stride > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(
                    "slotSize=" + slotSize + " rounded up to slotAlignment=" + slotAlignment + " is a stride of " +
                    stride + " bytes, more than the largest stride of " + Integer.MAX_VALUE +
                    " bytes: use a smaller slotSize or slotAlignment");
            }
            final long slots = (slabSize - slotSize) / stride + 1;
            if (slots > SlotHandle.MAX_SLOTS)
            {
                throw new IllegalArgumentException(
                    "slabSize=" + slabSize + " holds " + slots + " slots of slotSize=" + slotSize +
                    " at slotAlignment=" + slotAlignment + "; a slab holds at most " + SlotHandle.MAX_SLOTS +
                    " slots, the most a handle names: use a smaller slabSize or larger slots");
            }
            final SlabCache cache = new SlabCache(this);
            if (registerMBean)
            {
                cache.registerMBean();
            }
            CacheStatistics.join(cache);
            return cache;
        }
    }
}

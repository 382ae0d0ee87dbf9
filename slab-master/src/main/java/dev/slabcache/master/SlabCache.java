/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.AgronaAccess;
import dev.slabcache.core.DoubleFreeException;
import dev.slabcache.core.InvalidHandleException;
import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabInUseException;
import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.SlotSegment;
import org.agrona.collections.IntArrayQueue;
import org.agrona.concurrent.AtomicBuffer;

import static dev.slabcache.master.SlotStates.LIVE;
import static dev.slabcache.master.SlotStates.state;

/**
 * The master: a cache of fixed-size slots over many slabs, built by {@link #builder()}.
 * <p>
 * Every attached slab sits on one list by its state: free, partial or full, and a partial slab on one of
 * {@value #PARTIAL_BINS} bins by how full it is. A slab moves between lists only when its used count crosses
 * its bin's bounds, so every move is O(1) and found without a scan. A slab waiting for
 * {@link #detachWhenEmpty(Slab)} sits on a fourth list, draining, and serves no allocation.
 * <p>
 * Allocation policy, fullest first: a slot comes from a slab in the fullest non-empty partial bin, then from a
 * free slab, then the cache grows by asking the provider for a new slab, then fails. Filling the fullest slabs
 * lets the emptiest ones drain, become free and go back to the provider, which keeps the slabs held close to the
 * minimum the live slots need (as Netty's chunk lists and SLUB's partial lists do).
 * <p>
 * Threads: {@link ThreadSafety} chosen in the builder. With {@link ThreadSafety#MAGAZINES}, the default, each
 * thread allocates from and frees into magazines of its own without the lock (see {@link MagazineLayer}), and the
 * slabs count a slot in a magazine as used: {@link Slab#usedSlots()} and the lists see it, while
 * {@link SlabCacheStats#slotsInUse()} counts only slots callers hold. {@link #detach(Slab)},
 * {@link #detachWhenEmpty(Slab)}, {@link #trim()} and {@link #close()} take slots back out of the magazines.
 * <p>
 * Handles are positive {@code long}s laid out by {@link SlotHandle}; {@link #NULL_HANDLE} is never one.
 * Every misuse (a foreign, stale or garbage handle, a double free, a detach of a slab with live slots, any use
 * after {@link #close()}) throws and leaves every list and count as it was. A slot may be freed by a thread
 * other than the one that allocated it.
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
    public static final int PARTIAL_BINS = 8;

    private static final VarHandle SLABS = MethodHandles.arrayElementVarHandle(Slab[].class);
    private static final Object OFF_HEAP = new Object();
    private static final SlabLock NO_LOCK = new SlabLock()
    {
        @Override
        public void lock()
        {
        }

        @Override
        public void unlock()
        {
        }

        @Override
        public String toString()
        {
            return "none";
        }
    };
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    private final String name;
    private final int slotSize;
    private final int slotAlignment;
    private final int slabSize;
    private final SlabProvider provider;
    private final int maxSlabs;
    private final int retainEmptySlabs;
    private final ThreadSafety threadSafety;
    private final SlabLock lock;
    private final MagazineLayer magazines;
    private final int cacheTag;

    // Partial bins first, emptiest first, so that a slab's bin is its list id; then free, full and draining.
    private final SlabList[] lists = new SlabList[PARTIAL_BINS + 3];
    private final SlabList freeList = new SlabList(PARTIAL_BINS, "free", 0);
    private final SlabList fullList = new SlabList(PARTIAL_BINS + 1, "full", 0);
    private final SlabList drainingList = new SlabList(PARTIAL_BINS + 2, "draining", 0);
    private int nonEmptyBins;
    // The index of the slab takeSlot serves from, kept while no slab changes list, else NONE. An int, not the
    // slab, so that the list moves of a churning cache write no reference for the collector to track.
    private int servingIndex = SlabList.NONE;

    // Written under the lock; read without it to find the slab of a handle.
    private volatile Slab[] slabs = new Slab[16];
    private int[] generations = new int[16];
    private final IntArrayQueue freeIndexes = new IntArrayQueue();
    private int nextIndex;
    private long nextSlabId = 1;
    private final Map<Object, TreeMap<Long, Slab>> regions = new IdentityHashMap<>();
    private final ArrayList<Slab> emptiedDrains = new ArrayList<>();

    private int providerSlabs;
    private int callerSlabs;
    private int emptyProviderSlabs;
    private long providerBytes;
    private long callerBytes;
    private long slotCapacity;
    private long usedSlots;
    private long usedSlotsHighWater;
    private int slabsHighWater;
    private long allocations;
    private long frees;
    private long grows;
    private long releases;
    private long failedAllocations;
    // Why the last grow failed, as it was then: a thread reports it after others may have freed or grown.
    private Throwable growFailure;
    private int growFailedAtProviderSlabs;
    private int growFailedAtCallerSlabs;

    private volatile boolean closed;
    private SlabCacheStats closeReport;

    private SlabCache(final Builder builder)
    {
        this.name = builder.name;
        this.slotSize = builder.slotSize;
        this.slotAlignment = builder.slotAlignment;
        this.slabSize = builder.slabSize;
        this.provider = null != builder.provider ? builder.provider : SlabProvider.direct();
        this.maxSlabs = builder.maxSlabs;
        this.retainEmptySlabs = builder.retainEmptySlabs;
        this.threadSafety = builder.threadSafety;
        this.lock = ThreadSafety.SINGLE_OWNER == builder.threadSafety ? NO_LOCK : builder.lock;
        this.magazines = ThreadSafety.MAGAZINES == builder.threadSafety ?
            new MagazineLayer(this, lock, builder.magazineSize, builder.depotMagazines) : null;
        for (int i = 0; i < PARTIAL_BINS; i++)
        {
            lists[i] = new SlabList(i, "partial" + i, 1 << i);
        }
        lists[freeList.id()] = freeList;
        lists[fullList.id()] = fullList;
        lists[drainingList.id()] = drainingList;
        this.cacheTag = CacheTags.acquire(name);
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
     * @throws SlabExhaustedException naming the cache, its slot size and limits, with the provider's error as
     *                                cause when growing failed.
     * @throws IllegalStateException  when the cache is closed.
     */
    public long allocate()
    {
        final long handle = tryAllocate();
        if (NULL_HANDLE == handle)
        {
            throw exhausted();
        }
        return handle;
    }

    /**
     * Takes a free slot if one can be had, with no exception and no garbage when none can.
     *
     * @return the slot's handle, or {@link #NULL_HANDLE} when the cache is exhausted.
     * @throws IllegalStateException when the cache is closed.
     */
    public long tryAllocate()
    {
        if (null != magazines)
        {
            return magazines.allocate();
        }
        if (lock == NO_LOCK)
        {
            return allocateHeld();
        }

        lock.lock();
        try
        {
            return allocateHeld();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Gives a slot back. Its first 4 bytes are overwritten by the slab's free list once the slot is back in it.
     *
     * @param handle a handle from {@link #allocate()} or {@link #tryAllocate()} not freed since.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache; nothing changes.
     * @throws DoubleFreeException    when the slot is already free; nothing changes.
     * @throws IllegalStateException  when the cache is closed.
     */
    public void free(final long handle)
    {
        if (null != magazines)
        {
            ensureOpen();
            magazines.free(slabToFree(handle), handle);
            return;
        }

        if (lock == NO_LOCK)
        {
            freeHeld(handle);
            if (!emptiedDrains.isEmpty())
            {
                completeDrains(takeEmptiedDrains());
            }
            return;
        }

        lock.lock();
        try
        {
            freeHeld(handle);
        }
        finally
        {
            unlockAndCompleteDrains();
        }
    }

    /**
     * @param handle a live handle of this cache.
     * @return the buffer that holds the slot.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public AtomicBuffer buffer(final long handle)
    {
        return slabOf(handle).segment.buffer();
    }

    /**
     * @param handle a live handle of this cache.
     * @return where the slot starts in {@link #buffer(long)}.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public int offset(final long handle)
    {
        return slabOf(handle).segment.offsetOf(SlotHandle.slot(handle));
    }

    void aim(final SlotFlyweight flyweight, final long handle)
    {
        final SlotSegment segment = slabOf(handle).segment;
        flyweight.aim(segment.buffer(), segment.offsetOf(SlotHandle.slot(handle)), handle);
    }

    /**
     * @param handle a live handle of this cache.
     * @return the slab that holds the slot.
     * @throws InvalidHandleException when {@code handle} is not a live slot of this cache.
     * @throws IllegalStateException  when the cache is closed.
     */
    public Slab slabOf(final long handle)
    {
        if (null != magazines || lock == NO_LOCK)
        {
            return liveSlab(handle);
        }

        lock.lock();
        try
        {
            return liveSlab(handle);
        }
        finally
        {
            lock.unlock();
        }
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
     * @throws IllegalStateException    when the cache is closed or holds {@link SlotHandle#MAX_SLABS} slabs.
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
     * @throws IllegalStateException    when the cache is closed or holds {@link SlotHandle#MAX_SLABS} slabs.
     */
    public Slab attach(final AtomicBuffer buffer, final int offset, final int length)
    {
        final SlotSegment segment = new SlotSegment(buffer, offset, length, slotSize, slotAlignment);
        if (segment.capacity() > SlotHandle.MAX_SLOTS)
        {
            throw new IllegalArgumentException(
                "length=" + length + " holds " + segment.capacity() + " slots of " + slotSize + " bytes; a slab " +
                "holds at most " + SlotHandle.MAX_SLOTS + ": attach the buffer in smaller regions");
        }

        lock.lock();
        try
        {
            ensureOpen();
            final Object memory = null != buffer.byteArray() ? buffer.byteArray() : OFF_HEAP;
            final long start = buffer.addressOffset() + offset;
            checkNoOverlap(memory, start, start + length);
            if (!hasFreeIndex())
            {
                throw new IllegalStateException(
                    "cache '" + name + "' holds " + SlotHandle.MAX_SLABS + " slabs, the most a handle can name");
            }
            return register(segment, true, memory, start, start + length);
        }
        finally
        {
            lock.unlock();
        }
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
        checkOwnSlab(slab);
        lock.lock();
        try
        {
            ensureOpen();
            checkAttached(slab);
            if (0 != slab.segment.usedSlots() && null != magazines &&
                0 == slab.states.countLive(slab.segment.highWaterMark()))
            {
                slab.retiring = true;
                magazines.reclaim(slab);
                if (0 != slab.segment.usedSlots())
                {
                    // A thread took a slot of it from its magazine while we looked: it stays, back in service.
                    slab.retiring = slab.isDraining();
                    relist(slab);
                }
            }

            final int used = slab.segment.usedSlots();
            if (0 != used)
            {
                throw new SlabInUseException(
                    "cannot detach " + slab + " of cache '" + name + "': " + liveSlots(slab) + " slots are live; " +
                    "free them first, or call detachWhenEmpty to detach it when the last one is freed");
            }
            unregister(slab);
            if (slab.isDraining())
            {
                emptiedDrains.add(slab);
            }
        }
        finally
        {
            unlockAndCompleteDrains();
        }
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
        checkOwnSlab(slab);
        lock.lock();
        try
        {
            ensureOpen();
            if (null != slab.detachFuture)
            {
                return slab.detachFuture;
            }
            checkAttached(slab);
            final CompletableFuture<Slab> future = new CompletableFuture<>();
            slab.detachFuture = future;
            slab.retiring = true;
            if (null != magazines)
            {
                magazines.reclaim(slab);
            }
            if (0 != slab.segment.usedSlots())
            {
                moveTo(slab, drainingList);
            }
            else
            {
                unregister(slab);
                emptiedDrains.add(slab);
            }
            return future;
        }
        finally
        {
            unlockAndCompleteDrains();
        }
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
        lock.lock();
        try
        {
            ensureOpen();
            final long releasesBefore = releases;
            if (null != magazines)
            {
                magazines.sweep();
            }
            final Slab[] slabs = this.slabs;
            int index = freeList.head();
            while (SlabList.NONE != index)
            {
                final Slab slab = slabs[index];
                index = slab.next;
                if (!slab.isCallerOwned())
                {
                    unregister(slab);
                }
            }
            return (int)(releases - releasesBefore);
        }
        finally
        {
            unlockAndCompleteDrains();
        }
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
        lock.lock();
        try
        {
            ensureOpen();
            if (null != magazines)
            {
                magazines.reapDeadThreads();
            }
            return snapshot();
        }
        finally
        {
            unlockAndCompleteDrains();
        }
    }

    /**
     * Lists every attached slab, in the spirit of Linux {@code /proc/slabinfo}. Costs O(slabs); not for hot
     * paths.
     *
     * @return one entry per slab, partial slabs first, fullest first.
     * @throws IllegalStateException when the cache is closed.
     */
    public List<SlabInfo> slabInfo()
    {
        lock.lock();
        try
        {
            ensureOpen();
            final List<SlabInfo> listing = new ArrayList<>(providerSlabs + callerSlabs);
            for (int bin = PARTIAL_BINS - 1; bin >= 0; bin--)
            {
                describe(lists[bin], listing);
            }
            describe(freeList, listing);
            describe(fullList, listing);
            describe(drainingList, listing);
            return listing;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return the name given to the builder.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return bytes in a slot.
     */
    public int slotSize()
    {
        return slotSize;
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
     * forgets callers' buffers, and logs a warning listing the slabs that still had live slots. Slots in
     * magazines go back to their slabs first. Draining slabs' futures complete exceptionally. Every later call but
     * {@link #closeReport()} and {@code close()} throws {@link IllegalStateException}. Closing twice does nothing.
     */
    @Override
    public void close()
    {
        final List<Slab> all;
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closeReport = snapshot();
            all = new ArrayList<>(providerSlabs + callerSlabs);
            final Slab[] slabs = this.slabs;
            for (final SlabList list : lists)
            {
                for (int index = list.head(); SlabList.NONE != index; index = slabs[index].next)
                {
                    all.add(slabs[index]);
                }
            }
            for (final Slab slab : all)
            {
                slab.retiring = true;
                if (null != magazines)
                {
                    magazines.reclaim(slab);
                }
                if (0 == slab.segment.usedSlots() || slab.isCallerOwned())
                {
                    unregister(slab);
                }
            }
            if (null != magazines)
            {
                magazines.clear();
            }
            emptiedDrains.clear();
            closed = true;
            CacheTags.release(cacheTag);
        }
        finally
        {
            lock.unlock();
        }

        final StringBuilder live = new StringBuilder();
        for (final Slab slab : all)
        {
            final int used = slab.segment.usedSlots();
            if (0 != used)
            {
                live.append(System.lineSeparator()).append("  ").append(slab);
                slab.markDetached();
            }
            if (null != slab.detachFuture && !slab.detachFuture.isDone())
            {
                slab.detachFuture.completeExceptionally(new IllegalStateException(
                    "cache '" + name + "' closed before " + slab + " emptied"));
            }
        }
        if (closeReport.slotsInUse() > 0)
        {
            LOGGER.log(Level.WARNING, "SlabCache ''{0}'' closed with {1} live slots:{2}",
                name, closeReport.slotsInUse(), live);
        }
    }

    /**
     * @return the counts as they were when {@link #close()} began, live slots included.
     * @throws IllegalStateException when the cache is still open.
     */
    public SlabCacheStats closeReport()
    {
        lock.lock();
        try
        {
            if (!closed)
            {
                throw new IllegalStateException("cache '" + name + "' is open: closeReport() is for after close()");
            }
            return closeReport;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "SlabCache{name='" + name + "', slotSize=" + slotSize + ", slotAlignment=" + slotAlignment +
            ", slabSize=" + slabSize + ", provider=" + provider + ", maxSlabs=" + maxSlabs +
            ", retainEmptySlabs=" + retainEmptySlabs + ", threadSafety=" + threadSafety + ", lock=" + lock +
            ", tag=" + cacheTag + '}';
    }

    // ---- the slab layer, for this class and the magazine layer; the lock is held unless a method says not ----

    /**
     * The attached slab a handle names, for a thread with or without the lock; null when it names none: another
     * cache's handle, garbage, or one whose slab was detached.
     */
    Slab slabAt(final long handle)
    {
        final Slab[] slabs = this.slabs;
        final int index = SlotHandle.slabIndex(handle);
        final Slab slab = index < slabs.length ? (Slab)SLABS.getAcquire(slabs, index) : null;
        return null != slab && slab.handleBase == SlotHandle.slabPart(handle) ? slab : null;
    }

    /**
     * Takes a slot out of a slab by the fullest-first policy, growing when no slab has one and it may.
     *
     * @param state   the {@link SlotStates} state the slot enters with MAGAZINES: CACHED or LIVE.
     * @param mayGrow whether to ask the provider for a slab when no slab has a free slot.
     * @return its handle, or {@link #NULL_HANDLE} when none can be had.
     */
    long takeSlot(final int state, final boolean mayGrow)
    {
        final int index = SlabList.NONE != servingIndex ? servingIndex : (servingIndex = fullestFirst());
        Slab slab = SlabList.NONE != index ? slabs[index] : null;
        if (null == slab)
        {
            if (!mayGrow)
            {
                return NULL_HANDLE;
            }
            slab = grow();
            if (null == slab)
            {
                return NULL_HANDLE;
            }
        }

        final int slot = slab.segment.allocate();
        if (null != slab.states)
        {
            slab.states.leaveSegment(slot, state);
        }
        if (++usedSlots > usedSlotsHighWater)
        {
            usedSlotsHighWater = usedSlots;
        }
        if (slab.segment.usedSlots() >= slab.upperBound)
        {
            relist(slab);
        }
        return slab.handleBase | slot;
    }

    /**
     * Puts a slot whose state word, if any, is already FREE back into its slab's segment.
     */
    void returnSlot(final Slab slab, final int slot)
    {
        slab.segment.free(slot);
        returned(slab);
    }

    /**
     * Counts slots {@link MagazineLayer#reclaim(Slab)} put back into a segment without moving the slab.
     */
    void slotsReturned(final int count)
    {
        usedSlots -= count;
    }

    void countFailedAllocation()
    {
        failedAllocations++;
    }

    DoubleFreeException doubleFree(final Slab slab, final long handle)
    {
        return new DoubleFreeException(
            "handle " + SlotHandle.describe(handle) + " names a slot that is not allocated in " + slab +
            " of cache '" + name + "' (freed twice, or never allocated)");
    }

    /**
     * @return the name of the list a slab is on, such as "partial3" or "draining".
     */
    String listName(final Slab slab)
    {
        return lists[slab.listId].name();
    }

    /**
     * Lock-free.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * Lock-free.
     */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("cache '" + name + "' is closed");
        }
    }

    /**
     * Unlocks, then completes the futures of draining slabs that emptied while the lock was held, outside it, so
     * that their callbacks never run under the lock.
     */
    void unlockAndCompleteDrains()
    {
        if (emptiedDrains.isEmpty())
        {
            lock.unlock();
            return;
        }

        final Slab[] emptied = takeEmptiedDrains();
        lock.unlock();
        completeDrains(emptied);
    }

    // ---- private ----

    // The hot paths, called with the lock held, or by SINGLE_OWNER directly: it skips NO_LOCK rather than call it
    // through the SlabLock call sites every mode shares.

    private long allocateHeld()
    {
        ensureOpen();
        return counted(takeSlot(LIVE, true));
    }

    private void freeHeld(final long handle)
    {
        ensureOpen();
        final Slab slab = slabToFree(handle);
        slab.segment.free(SlotHandle.slot(handle));
        frees++;
        returned(slab);
    }

    private Slab[] takeEmptiedDrains()
    {
        final Slab[] emptied = emptiedDrains.toArray(new Slab[0]);
        emptiedDrains.clear();
        return emptied;
    }

    private static void completeDrains(final Slab[] emptied)
    {
        for (final Slab slab : emptied)
        {
            slab.detachFuture.complete(slab);
        }
    }

    private long counted(final long handle)
    {
        if (NULL_HANDLE == handle)
        {
            failedAllocations++;
        }
        else
        {
            allocations++;
        }
        return handle;
    }

    /**
     * After a slot went back into a slab: counts it and moves the slab if its used count left its list's bounds.
     */
    private void returned(final Slab slab)
    {
        usedSlots--;
        if (slab.segment.usedSlots() < slab.lowerBound)
        {
            relist(slab);
        }
    }

    /**
     * Moves a slab to the list its used count now belongs on; a draining slab that emptied is detached and queued
     * for its future to complete.
     */
    private void relist(final Slab slab)
    {
        final int used = slab.segment.usedSlots();
        if (null != slab.detachFuture)
        {
            if (0 == used)
            {
                unregister(slab);
                emptiedDrains.add(slab);
            }
            else
            {
                moveTo(slab, drainingList);
            }
        }
        else if (0 == used)
        {
            if (!slab.isCallerOwned() && emptyProviderSlabs >= retainEmptySlabs)
            {
                unregister(slab);
            }
            else
            {
                moveTo(slab, freeList);
            }
        }
        else if (slab.segment.capacity() == used)
        {
            moveTo(slab, fullList);
        }
        else
        {
            moveTo(slab, lists[(int)((long)used * PARTIAL_BINS / slab.segment.capacity())]);
        }
    }

    private void moveTo(final Slab slab, final SlabList list)
    {
        final Slab[] slabs = this.slabs;
        if (SlabList.NONE != slab.listId)
        {
            final SlabList from = lists[slab.listId];
            from.remove(slab, slabs);
            if (from == freeList && !slab.isCallerOwned())
            {
                emptyProviderSlabs--;
            }
            updateBinMask(from);
        }
        list.addFirst(slab, slabs);
        if (list == freeList && !slab.isCallerOwned())
        {
            emptyProviderSlabs++;
        }
        updateBinMask(list);
        setBounds(slab, list);
        servingIndex = SlabList.NONE;
    }

    /**
     * The fullest-first policy: the head of the fullest non-empty partial bin, else the head of the free list.
     */
    private int fullestFirst()
    {
        return 0 != nonEmptyBins ? lists[31 - Integer.numberOfLeadingZeros(nonEmptyBins)].head() : freeList.head();
    }

    private void updateBinMask(final SlabList list)
    {
        if (list.isEmpty())
        {
            nonEmptyBins &= ~list.binBit();
        }
        else
        {
            nonEmptyBins |= list.binBit();
        }
    }

    /**
     * Sets the used counts between which the slab stays on {@code list}: it moves when the count drops below
     * {@code lowerBound} or reaches {@code upperBound}.
     */
    private void setBounds(final Slab slab, final SlabList list)
    {
        final int capacity = slab.segment.capacity();
        if (list == freeList)
        {
            slab.lowerBound = 0;
            slab.upperBound = 1;
        }
        else if (list == fullList)
        {
            slab.lowerBound = capacity;
            slab.upperBound = Integer.MAX_VALUE;
        }
        else if (list == drainingList)
        {
            slab.lowerBound = 1;
            slab.upperBound = Integer.MAX_VALUE;
        }
        else
        {
            final int bin = (int)((long)slab.segment.usedSlots() * PARTIAL_BINS / capacity);
            slab.lowerBound = (int)Math.max(1, ceilDiv((long)bin * capacity, PARTIAL_BINS));
            slab.upperBound = (int)Math.min(capacity, ceilDiv((long)(bin + 1) * capacity, PARTIAL_BINS));
        }
    }

    private static long ceilDiv(final long dividend, final int divisor)
    {
        return (dividend + divisor - 1) / divisor;
    }

    private Slab grow()
    {
        if (providerSlabs >= maxSlabs || !hasFreeIndex())
        {
            return growFailed(null);
        }

        final AtomicBuffer buffer;
        try
        {
            buffer = Objects.requireNonNull(
                provider.allocate(slabSize, slotAlignment), "provider returned a null buffer");
        }
        catch (final RuntimeException | OutOfMemoryError ex)
        {
            return growFailed(ex);
        }

        final SlotSegment segment;
        try
        {
            segment = new SlotSegment(buffer, 0, buffer.capacity(), slotSize, slotAlignment);
        }
        catch (final IllegalArgumentException ex)
        {
            provider.release(buffer);
            return growFailed(ex);
        }

        grows++;
        final long start = buffer.addressOffset();
        final Object memory = null != buffer.byteArray() ? buffer.byteArray() : OFF_HEAP;
        return register(segment, false, memory, start, start + buffer.capacity());
    }

    private Slab growFailed(final Throwable cause)
    {
        growFailure = cause;
        growFailedAtProviderSlabs = providerSlabs;
        growFailedAtCallerSlabs = callerSlabs;
        return null;
    }

    private boolean hasFreeIndex()
    {
        return nextIndex < SlotHandle.MAX_SLABS || !freeIndexes.isEmpty();
    }

    private Slab register(
        final SlotSegment segment, final boolean callerOwned, final Object memory, final long start, final long end)
    {
        // Every index is used once before any is reused, oldest first, so a handle into a detached slab meets
        // its index's generation again only after MAX_SLABS * GENERATIONS (2^25) detaches and releases.
        final int index = nextIndex < SlotHandle.MAX_SLABS ? nextIndex++ : freeIndexes.pollInt();
        if (index == slabs.length)
        {
            final int length = Math.min(slabs.length * 2, SlotHandle.MAX_SLABS);
            generations = Arrays.copyOf(generations, length);
            slabs = Arrays.copyOf(slabs, length);
        }

        final Slab slab = new Slab(
            this, nextSlabId++, index, SlotHandle.pack(cacheTag, generations[index], index, 0), segment,
            null != magazines, callerOwned, memory, start, end);
        SLABS.setRelease(slabs, index, slab);
        regions.computeIfAbsent(memory, (key) -> new TreeMap<>()).put(start, slab);
        if (callerOwned)
        {
            callerSlabs++;
            callerBytes += end - start;
        }
        else
        {
            providerSlabs++;
            providerBytes += end - start;
        }
        slotCapacity += segment.capacity();
        slabsHighWater = Math.max(slabsHighWater, providerSlabs + callerSlabs);
        moveTo(slab, freeList);
        return slab;
    }

    private void unregister(final Slab slab)
    {
        final SlabList from = lists[slab.listId];
        from.remove(slab, slabs);
        if (from == freeList && !slab.isCallerOwned())
        {
            emptyProviderSlabs--;
        }
        updateBinMask(from);
        servingIndex = SlabList.NONE;

        SLABS.setRelease(slabs, slab.index, null);
        generations[slab.index]++;
        freeIndexes.offerInt(slab.index);
        final TreeMap<Long, Slab> byStart = regions.get(slab.memory);
        byStart.remove(slab.regionStart);
        if (byStart.isEmpty())
        {
            regions.remove(slab.memory);
        }

        final long bytes = slab.regionEnd - slab.regionStart;
        if (slab.isCallerOwned())
        {
            callerSlabs--;
            callerBytes -= bytes;
        }
        else
        {
            providerSlabs--;
            providerBytes -= bytes;
            provider.release(slab.segment.buffer());
            releases++;
        }
        slotCapacity -= slab.segment.capacity();
        slab.retiring = true;
        slab.markDetached();
    }

    private void checkNoOverlap(final Object memory, final long start, final long end)
    {
        final TreeMap<Long, Slab> byStart = regions.get(memory);
        if (null == byStart)
        {
            return;
        }

        final Map.Entry<Long, Slab> before = byStart.floorEntry(start);
        final Map.Entry<Long, Slab> after = byStart.ceilingEntry(start);
        final Slab clash = null != before && before.getValue().regionEnd > start ? before.getValue() :
            null != after && after.getValue().regionStart < end ? after.getValue() : null;
        if (null != clash)
        {
            throw new IllegalArgumentException(
                "region [" + start + ", " + end + ") overlaps " + clash + " at [" + clash.regionStart + ", " +
                clash.regionEnd + ") already attached to cache '" + name + "': attach disjoint regions");
        }
    }

    /**
     * The attached slab a handle names, checked: tag, index, generation and slot range. Needs no lock.
     */
    private Slab slabToFree(final long handle)
    {
        final Slab slab = slabAt(handle);
        if (null == slab)
        {
            throw notAHandleOfThisCache(handle);
        }
        if (SlotHandle.slot(handle) >= slab.capacity)
        {
            throw new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " names slot " + SlotHandle.slot(handle) + " of " + slab +
                ", which holds " + slab.capacity + " slots");
        }
        return slab;
    }

    private InvalidHandleException notAHandleOfThisCache(final long handle)
    {
        final int tag = SlotHandle.cacheTag(handle);
        if (handle <= 0 || tag > SlotHandle.MAX_CACHE_TAG)
        {
            return new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " is not a handle: handles are positive and never 0");
        }
        if (tag != cacheTag)
        {
            return new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " belongs to another cache: cache '" + name +
                "' has tag " + cacheTag);
        }
        return new InvalidHandleException(
            "handle " + SlotHandle.describe(handle) + " names a slab no longer attached to cache '" + name +
            "' (detached, released, or never attached)");
    }

    /**
     * The attached slab a handle names, checked as {@link #slabToFree(long)} does and for a slot a caller holds.
     * Needs the lock unless the cache has magazines.
     */
    private Slab liveSlab(final long handle)
    {
        ensureOpen();
        final Slab slab = slabToFree(handle);
        final int slot = SlotHandle.slot(handle);
        if (null != slab.states ? !slab.states.isLive(slot) : !slab.segment.isAllocated(slot))
        {
            throw new InvalidHandleException(
                "handle " + SlotHandle.describe(handle) + " names a slot that is not allocated in " + slab +
                " of cache '" + name + "' (freed, or never allocated)");
        }
        return slab;
    }

    /**
     * Slots of a slab that callers hold.
     */
    private int liveSlots(final Slab slab)
    {
        return null != slab.states ?
            slab.states.countLive(slab.segment.highWaterMark()) : slab.segment.usedSlots();
    }

    private SlabExhaustedException exhausted()
    {
        lock.lock();
        try
        {
            final int provided = growFailedAtProviderSlabs;
            final String message = "cache '" + name + "' is exhausted: no free slot of " + slotSize + " bytes in " +
                (provided + growFailedAtCallerSlabs) + " slabs (" + provided + " from the provider, maxSlabs=" +
                maxSlabs + "; " + growFailedAtCallerSlabs + " attached)" +
                (null != growFailure ? "; the provider failed to grow it" :
                provided >= maxSlabs ? "; raise maxSlabs, attach a buffer or free slots" :
                "; the cache holds the most slabs a handle can name");
            return null != growFailure ?
                new SlabExhaustedException(message, growFailure) : new SlabExhaustedException(message);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void checkOwnSlab(final Slab slab)
    {
        if (null == slab)
        {
            throw new IllegalArgumentException("slab must not be null");
        }
        if (this != slab.cache)
        {
            throw new IllegalArgumentException(
                slab + " belongs to cache '" + slab.cache.name + "', not to cache '" + name + "'");
        }
    }

    private static void checkAttached(final Slab slab)
    {
        if (!slab.isAttached())
        {
            throw new IllegalStateException(slab + " is already detached");
        }
    }

    private void describe(final SlabList list, final List<SlabInfo> listing)
    {
        final Slab[] slabs = this.slabs;
        for (int index = list.head(); SlabList.NONE != index; index = slabs[index].next)
        {
            final Slab slab = slabs[index];
            listing.add(new SlabInfo(
                slab.id(), slab.isCallerOwned(), slab.state(), slab.isDraining(), slab.usedSlots(),
                slab.capacity(), slab.regionEnd - slab.regionStart));
        }
    }

    private SlabCacheStats snapshot()
    {
        int partial = 0;
        for (int bin = 0; bin < PARTIAL_BINS; bin++)
        {
            partial += lists[bin].size();
        }

        long allAllocations = allocations;
        long allFrees = frees;
        long inMagazines = 0;
        int threadCaches = 0;
        if (null != magazines)
        {
            final long magazineAllocations = magazines.allocations();
            final long magazineFrees = magazines.frees();
            allAllocations += magazineAllocations;
            allFrees += magazineFrees;
            inMagazines = magazines.slotsInMagazines(magazineAllocations, magazineFrees);
            threadCaches = magazines.threadCount();
        }

        return new SlabCacheStats(
            name, slotSize, providerSlabs + callerSlabs, freeList.size(), partial, fullList.size(),
            drainingList.size(), providerSlabs, callerSlabs, providerBytes, callerBytes, slotCapacity,
            allAllocations - allFrees, inMagazines, threadCaches, usedSlotsHighWater, slabsHighWater,
            allAllocations, allFrees, grows, releases, failedAllocations);
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

        private Builder()
        {
        }

        /**
         * @param name shown in messages and statistics.
         * @return this builder.
         * @throws IllegalArgumentException when {@code name} is null or blank.
         */
        public Builder name(final String name)
        {
            if (null == name || name.isBlank())
            {
                throw new IllegalArgumentException("name=" + name + " must be a non-blank string");
            }
            this.name = name;
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
         * @param slotAlignment a power of two, at least {@value SlotSegment#MIN_SLOT_ALIGNMENT}; default 8.
         * @return this builder.
         * @throws IllegalArgumentException when {@code slotAlignment} breaks its rule.
         */
        public Builder slotAlignment(final int slotAlignment)
        {
            if (slotAlignment < SlotSegment.MIN_SLOT_ALIGNMENT || 0 != (slotAlignment & (slotAlignment - 1)))
            {
                throw new IllegalArgumentException(
                    "slotAlignment=" + slotAlignment + " must be a power of two and at least " +
                    SlotSegment.MIN_SLOT_ALIGNMENT);
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
            if (null == threadSafety)
            {
                throw new IllegalArgumentException("threadSafety must not be null");
            }
            this.threadSafety = threadSafety;
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
         * @return a new, empty cache; it grows on its first allocation.
         * @throws IllegalArgumentException when a provider slab of {@code slabSize} bytes cannot hold one slot.
         * @throws IllegalStateException    when {@value SlotHandle#MAX_CACHE_TAG} caches are open already.
         */
        public SlabCache build()
        {
            if (slabSize < slotSize)
            {
                throw new IllegalArgumentException(
                    "slabSize=" + slabSize + " must hold at least one slot of slotSize=" + slotSize);
            }
            return new SlabCache(this);
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlotHandle;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The calls of a {@link SlabCache} that change or read its slabs as a whole, each under the lock: attach, detach,
 * trim, statistics, listings, and close with its report. With {@link ThreadSafety#MAGAZINES} each first takes the
 * slots it needs back out of the magazines. {@link SlabCache} documents every call.
 */
final class CacheControl
{
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    private final ThreadSafety threadSafety;
    private final CacheLock lock;
    private final SlabPool pool;
    private final MagazineLayer magazines;
    // False for a cache of a SizeClassCache, which closes the table its caches share once they are all closed.
    private final boolean closesTable;
    private SlabCacheStats closeReport;
    private List<SlabInfo> closeListing;

    CacheControl(
        final ThreadSafety threadSafety,
        final CacheLock lock,
        final SlabPool pool,
        final MagazineLayer magazines,
        final boolean closesTable)
    {
        this.closesTable = closesTable;
        this.threadSafety = threadSafety;
        this.lock = lock;
        this.pool = pool;
        this.magazines = magazines;
    }

    Slab attach(final AtomicBuffer buffer, final int offset, final int length)
    {
        lock.lock();
        try
        {
            return pool.attach(buffer, offset, length);
        }
        finally
        {
            lock.unlock();
        }
    }

    void detach(final Slab slab)
    {
        checkOwn(slab);
        lock.lock();
        try
        {
            pool.ensureOpen();
            checkAttached(slab);
            if (ThreadSafety.MAGAZINES == threadSafety && 0 != slab.usedSlots() && 0 == slab.liveSlots())
            {
                final int status = slab.status;
                slab.status = Slab.RETIRING;
                magazines.reclaim(slab);
                slab.status = status;
                pool.place(slab);
            }
            pool.detach(slab);
        }
        finally
        {
            lock.unlock();
        }
    }

    CompletableFuture<Slab> detachWhenEmpty(final Slab slab)
    {
        checkOwn(slab);
        lock.lock();
        try
        {
            pool.ensureOpen();
            if (null != slab.detachFuture)
            {
                return slab.detachFuture;
            }
            checkAttached(slab);
            return drain(slab);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Stops the provider slab with the fewest live slots serving, as {@link #detachWhenEmpty(Slab)} does, for a
     * page move. O(slots the cache's slabs ever handed out).
     *
     * @return the slab, draining or already detached, or null when no provider slab serves.
     */
    Slab drainFewestLive()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            Slab fewest = null;
            int fewestLive = Integer.MAX_VALUE;
            for (final Slab slab : slabs())
            {
                if (Slab.SERVING == slab.status && !slab.isCallerOwned() && slab.liveSlots() < fewestLive)
                {
                    fewest = slab;
                    fewestLive = slab.liveSlots();
                }
            }
            if (null != fewest)
            {
                drain(fewest);
            }
            return fewest;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Takes every live slot of a draining slab from its holder, shows it to {@code visitor}, then puts it back in
     * the slab, which is detached once its last slot is back. A slot is taken by the same compare-and-set a free
     * makes, so a slot its holder frees meanwhile is either freed by its holder or visited, never both. The
     * visitor runs without the lock.
     *
     * @return how many slots were visited.
     */
    int evict(final Slab slab, final SlotVisitor visitor)
    {
        final SlotStates states = slab.states;
        final int highWaterMark = slab.segment.highWaterMark(); // a draining slab hands out no slot
        int visited = 0;
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            final int word = states.word(slot);
            if (SlotStates.LIVE != SlotStates.state(word))
            {
                continue;
            }
            final int generation = SlotStates.generation(word);
            final int taken;
            lock.lock();
            try
            {
                taken = states.release(slot, generation);
            }
            finally
            {
                lock.unlock();
            }
            if (!SlotStates.isLive(taken, generation))
            {
                continue;
            }

            visited++;
            try
            {
                visitor.visit(SlotHandle.pack(slab.serial, generation, slot), slab.segment.buffer(),
                    slab.offsetOf(slot));
            }
            finally
            {
                putBack(slab, slot, SlotStates.released(taken));
            }
        }

        lock.lock();
        try
        {
            if (ThreadSafety.MAGAZINES == threadSafety && slab.isAttached())
            {
                magazines.reclaim(slab); // a slot its holder freed into a magazine as the slab began to drain
                if (0 == slab.usedSlots())
                {
                    pool.remove(slab);
                }
            }
        }
        finally
        {
            lock.unlock();
        }
        return visited;
    }

    void uncountFailure()
    {
        lock.lock();
        try
        {
            pool.counters.failedAllocations--;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Adds a provider slab that serves at once.
     *
     * @return false when the provider has none to give or the cache may not grow.
     */
    boolean grow()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            return null != pool.grow();
        }
        finally
        {
            lock.unlock();
        }
    }

    int trim()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            final long releasesBefore = pool.counters.releases;
            if (ThreadSafety.MAGAZINES == threadSafety)
            {
                magazines.sweep();
            }
            pool.trim();
            return (int)(pool.counters.releases - releasesBefore);
        }
        finally
        {
            lock.unlock();
        }
    }

    SlabCacheStats stats()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            if (ThreadSafety.MAGAZINES == threadSafety)
            {
                magazines.reapEndedThreads();
            }
            return snapshot();
        }
        finally
        {
            lock.unlock();
        }
    }

    List<SlabInfo> slabInfo()
    {
        lock.lock();
        try
        {
            pool.ensureOpen();
            return listing();
        }
        finally
        {
            lock.unlock();
        }
    }

    void close()
    {
        final List<Slab> slabs;
        final List<SlabInfo> live = new ArrayList<>();
        lock.lock();
        try
        {
            if (pool.isClosed())
            {
                return;
            }
            closeReport = snapshot();
            slabs = slabs();
            for (final Slab slab : slabs)
            {
                slab.status = Slab.RETIRING;
                if (ThreadSafety.MAGAZINES == threadSafety)
                {
                    magazines.reclaim(slab);
                }
                if (0 != slab.usedSlots())
                {
                    live.add(info(slab));
                }
                pool.retire(slab);
            }
            if (ThreadSafety.MAGAZINES == threadSafety)
            {
                magazines.clear();
            }
            closeListing = Collections.unmodifiableList(live);
            if (closesTable)
            {
                pool.table.close();
            }
        }
        finally
        {
            lock.unlock();
        }

        for (final Slab slab : slabs)
        {
            slab.status = Slab.DETACHED;
            if (null != slab.detachFuture && !slab.detachFuture.isDone())
            {
                slab.detachFuture.completeExceptionally(new IllegalStateException(
                    "cache '" + pool.name + "' closed before " + slab + " emptied"));
            }
        }
        if (!live.isEmpty())
        {
            warnLiveSlots(live);
        }
    }

    SlabCacheStats closeReport()
    {
        lock.lock();
        try
        {
            ensureClosed("closeReport()");
            return closeReport;
        }
        finally
        {
            lock.unlock();
        }
    }

    List<SlabInfo> closeListing()
    {
        lock.lock();
        try
        {
            ensureClosed("closeListing()");
            return closeListing;
        }
        finally
        {
            lock.unlock();
        }
    }

    SlabExhaustedException exhausted()
    {
        lock.lock();
        try
        {
            return pool.exhausted();
        }
        finally
        {
            lock.unlock();
        }
    }

    private SlabCacheStats snapshot()
    {
        return pool.counters.snapshot(
            pool.name, pool.slotSize, pool.bins, ThreadSafety.MAGAZINES == threadSafety ? magazines.counts() : null);
    }

    private void ensureClosed(final String call)
    {
        if (!pool.isClosed())
        {
            throw new IllegalStateException("cache '" + pool.name + "' is open: " + call + " is for after close()");
        }
    }

    private void warnLiveSlots(final List<SlabInfo> live)
    {
        final StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(SlabCache.CLOSE_WARNING_SLABS, live.size()); i++)
        {
            first.append(System.lineSeparator()).append("  ").append(live.get(i));
        }
        LOGGER.log(Level.WARNING, "SlabCache ''{0}'' closed with {1} live slots in {2} slabs{3}; the first {4}:{5}",
            pool.name, closeReport.slotsInUse(), live.size(),
            live.size() > SlabCache.CLOSE_WARNING_SLABS ? " (closeListing() lists them all)" : "",
            Math.min(SlabCache.CLOSE_WARNING_SLABS, live.size()), first);
    }

    /**
     * Stops a slab serving and detaches it once empty; under the lock.
     */
    private CompletableFuture<Slab> drain(final Slab slab)
    {
        final CompletableFuture<Slab> future = new CompletableFuture<>();
        slab.detachFuture = future;
        slab.status = Slab.DRAINING;
        if (ThreadSafety.MAGAZINES == threadSafety)
        {
            magazines.reclaim(slab);
        }
        if (0 != slab.usedSlots())
        {
            pool.place(slab);
        }
        else
        {
            pool.remove(slab);
        }
        return future;
    }

    private void putBack(final Slab slab, final int slot, final int cachedWord)
    {
        lock.lock();
        try
        {
            if (slab.states.enterSegment(slot, cachedWord))
            {
                pool.counters.frees++;
                pool.returnSlot(slab, slot);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return every attached slab, partial ones first, fullest first.
     */
    private List<Slab> slabs()
    {
        final List<Slab> slabs = new ArrayList<>(pool.counters.providerSlabs + pool.counters.callerSlabs);
        pool.bins.collect(slabs);
        return slabs;
    }

    /**
     * @return the listing of every attached slab.
     */
    private List<SlabInfo> listing()
    {
        final List<Slab> slabs = slabs();
        final List<SlabInfo> listing = new ArrayList<>(slabs.size());
        for (final Slab slab : slabs)
        {
            listing.add(info(slab));
        }
        return listing;
    }

    /**
     * @return a slab's line in a listing.
     */
    private SlabInfo info(final Slab slab)
    {
        return SlabInfo.of(slab, pool.bins.listName(slab));
    }

    private void checkOwn(final Slab slab)
    {
        if (null == slab)
        {
            throw new IllegalArgumentException("slab must not be null");
        }
        if (pool != slab.owner)
        {
            throw new IllegalArgumentException(
                slab + " belongs to cache '" + slab.owner.name + "', not to cache '" + pool.name + "'");
        }
    }

    private static void checkAttached(final Slab slab)
    {
        if (!slab.isAttached())
        {
            throw new IllegalStateException(slab + " is already detached");
        }
    }
}

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
    CompletableFuture<Slab> drain(final Slab slab)
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

    /**
     * @return every attached slab, partial ones first, fullest first.
     */
    List<Slab> slabs()
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

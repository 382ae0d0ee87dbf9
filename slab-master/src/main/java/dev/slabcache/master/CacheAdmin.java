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
final class CacheAdmin
{
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    private final CacheLock lock;
    private final SlabArena arena;
    private final ThreadPath threads;
    // WARNING, but DEBUG for a class of a cache with a layout, whose close keeps live slots for the next process.
    private final Level liveSlotsLevel;
    private SlabCacheStats closeReport;
    private List<SlabInfo> closeListing;

    /**
     * @param threads     the path of the cache's {@link ThreadSafety}, for its slow paths.
     * @param restartable true for a class of a size-class cache with a {@link SizeClassLayout}.
     */
    CacheAdmin(final CacheLock lock, final SlabArena arena, final ThreadPath threads, final boolean restartable)
    {
        this.lock = lock;
        this.arena = arena;
        this.threads = threads;
        this.liveSlotsLevel = restartable ? Level.DEBUG : Level.WARNING;
    }

    SlabRecord attach(final AtomicBuffer buffer, final int offset, final int length)
    {
        lock.lock();
        try
        {
            return arena.attach(buffer, offset, length, true);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    void detach(final Slab view)
    {
        final SlabRecord slab = ownRecord(view);
        lock.lock();
        try
        {
            arena.ensureOpen();
            slab.checkAttached();
            if (0 != slab.segment.usedSlots() && 0 == slab.liveSlots())
            {
                final int before = slab.retire();
                threads.reclaim(slab);
                slab.restore(before);
                arena.place(slab);
            }
            arena.detach(slab);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    CompletableFuture<Slab> detachWhenEmpty(final Slab view)
    {
        final SlabRecord slab = ownRecord(view);
        lock.lock();
        try
        {
            arena.ensureOpen();
            return drain(slab);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    void uncountFailure()
    {
        lock.lock();
        try
        {
            arena.counters.failedAllocations--;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    int trim()
    {
        lock.lock();
        try
        {
            arena.ensureOpen();
            final long releasesBefore = arena.counters.releases;
            threads.sweep();
            arena.trim();
            return (int)(arena.counters.releases - releasesBefore);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    SlabCacheStats stats()
    {
        lock.lock();
        try
        {
            arena.ensureOpen();
            threads.reapEndedThreads();
            return snapshot();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    List<SlabInfo> slabInfo()
    {
        lock.lock();
        try
        {
            arena.ensureOpen();
            return listing();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    void close()
    {
        final List<SlabRecord> slabs;
        final List<SlabInfo> live = new ArrayList<>();
        lock.lock();
        try
        {
            if (arena.isClosed())
            {
                return;
            }
            closeReport = snapshot();
            slabs = slabs();
            for (final SlabRecord slab : slabs)
            {
                slab.retire();
                threads.reclaim(slab);
                if (0 != slab.segment.usedSlots())
                {
                    live.add(info(slab));
                }
                arena.retire(slab);
            }
            threads.clear();
            closeListing = Collections.unmodifiableList(live);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }

        for (final SlabRecord slab : slabs)
        {
            slab.detach();
            slab.failDrain(arena.name);
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
            lock.unlockAndCompleteDrains();
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
            lock.unlockAndCompleteDrains();
        }
    }

    SlabExhaustedException exhausted()
    {
        lock.lock();
        try
        {
            return arena.exhausted();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    private SlabCacheStats snapshot()
    {
        return arena.counters.snapshot(arena.name, arena.slotSize, arena.bins, threads.counts());
    }

    private void ensureClosed(final String call)
    {
        if (!arena.isClosed())
        {
            throw new IllegalStateException("cache '" + arena.name + "' is open: " + call + " is for after close()");
        }
    }

    private void warnLiveSlots(final List<SlabInfo> live)
    {
        final int shown = Math.min(SlabCache.CLOSE_WARNING_SLABS, live.size());
        LOGGER.log(liveSlotsLevel, "SlabCache ''{0}'' closed with {1} live slots in {2} slabs{3}; the first {4}:{5}",
            arena.name, closeReport.slotsInUse(), live.size(),
            live.size() > shown ? " (the other " + (live.size() - shown) + " at level DEBUG)" : "", shown,
            lines(live, 0, shown));
        if (live.size() > shown)
        {
            LOGGER.log(Level.DEBUG, "SlabCache ''{0}'' closed with live slots in {1} more slabs:{2}",
                arena.name, live.size() - shown, lines(live, shown, live.size()));
        }
    }

    private static String lines(final List<SlabInfo> live, final int from, final int to)
    {
        final StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++)
        {
            lines.append(System.lineSeparator()).append("  ").append(live.get(i));
        }
        return lines.toString();
    }

    /**
     * Stops a slab serving and detaches it once empty; under the lock.
     */
    CompletableFuture<Slab> drain(final SlabRecord slab)
    {
        final CompletableFuture<Slab> earlier = slab.detachFuture();
        if (null != earlier)
        {
            return earlier;
        }
        final CompletableFuture<Slab> future = slab.drain();
        threads.reclaim(slab);
        if (0 != slab.segment.usedSlots())
        {
            arena.place(slab);
        }
        else
        {
            arena.remove(slab);
        }
        return future;
    }

    /**
     * @return every attached slab: the serving one, partial ones, fullest first, then free, full and draining.
     */
    List<SlabRecord> slabs()
    {
        final List<SlabRecord> slabs = new ArrayList<>(arena.counters.providerSlabs + arena.counters.callerSlabs);
        arena.bins.collect(slabs);
        return slabs;
    }

    /**
     * @return the listing of every attached slab.
     */
    private List<SlabInfo> listing()
    {
        final List<SlabRecord> slabs = slabs();
        final List<SlabInfo> listing = new ArrayList<>(slabs.size());
        for (final SlabRecord slab : slabs)
        {
            listing.add(info(slab));
        }
        return listing;
    }

    /**
     * @return a slab's line in a listing.
     */
    private SlabInfo info(final SlabRecord slab)
    {
        return SlabInfo.of(slab, arena.bins.listName(slab));
    }

    private SlabRecord ownRecord(final Slab view)
    {
        if (null == view)
        {
            throw new IllegalArgumentException("slab must not be null");
        }
        final SlabRecord slab = view.record();
        if (arena != slab.owner.arena)
        {
            throw new IllegalArgumentException(
                slab + " belongs to cache '" + slab.owner.name + "', not to cache '" + arena.name + "'");
        }
        return slab;
    }
}

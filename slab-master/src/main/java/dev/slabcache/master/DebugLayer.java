/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

import dev.slabcache.core.SlotHandle;
import dev.slabcache.core.WriteAfterFreeException;
import org.agrona.collections.LongHashSet;

/**
 * The allocate and free paths of a cache built in debug mode, in every {@link ThreadSafety}: they run the mode's
 * own path and around it poison freed slots, check the poison of slots handed out, quarantine slots found written
 * after free, and record allocation sites for the leak report. A cache not in debug mode never reaches this class.
 * <p>
 * Where the poison goes in and is checked, by mode:
 * <ul>
 *     <li>{@link ThreadSafety#SINGLE_OWNER} and {@link ThreadSafety#LOCKED}: a free fills the slot under the lock
 *     (none for the single owner) once the handle is checked live and before the slot goes back into its segment,
 *     where its slab may be released; an allocation checks the slot it took, under the same lock.</li>
 *     <li>{@link ThreadSafety#MAGAZINES}: a free takes the lock to release the slot (LIVE to CACHED) and fill it,
 *     so no other free, page move or reclaim of the slot can come between; only then does the slot go into the
 *     thread's magazine, lock-free as ever. An allocation pops a slot from a magazine as ever, then takes the lock
 *     to check it. The poison survives a magazine, the depot and a return to the segment, which writes only the
 *     free-list link.</li>
 * </ul>
 * Only slots a caller freed in this slab are checked: a slot never handed out, one that went back from a magazine
 * unused, or one of a page another class grew into, holds whatever it held.
 */
final class DebugLayer
{
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    private final ThreadSafety threadSafety;
    private final CacheLock lock;
    private final SlabPool pool;
    private final SlabTable table;
    private final MagazineLayer magazines;
    private final LeakTracker tracker;
    private final long thresholdNs;
    private final LongHashSet quarantined = new LongHashSet();
    private List<LeakSite> closeLeakReport;

    DebugLayer(
        final ThreadSafety threadSafety,
        final CacheLock lock,
        final SlabPool pool,
        final MagazineLayer magazines,
        final LeakTracker tracker,
        final long thresholdNs)
    {
        this.threadSafety = threadSafety;
        this.lock = lock;
        this.pool = pool;
        this.table = pool.table;
        this.magazines = magazines;
        this.tracker = tracker;
        this.thresholdNs = thresholdNs;
    }

    /**
     * @return a live handle, or {@link SlabCache#NULL_HANDLE} when no slot could be had.
     * @throws WriteAfterFreeException when the slot taken was written after it was freed; it is quarantined.
     */
    long allocate()
    {
        final long handle;
        final List<LeakTracker.Allocation> overdue;
        if (ThreadSafety.MAGAZINES == threadSafety)
        {
            handle = magazines.allocate();
            lock.lock();
            try
            {
                admit(handle);
                overdue = tracker.overdue();
            }
            finally
            {
                lock.unlock();
            }
        }
        else
        {
            lock.lock();
            try
            {
                handle = pool.allocate();
                admit(handle);
                overdue = tracker.overdue();
            }
            finally
            {
                lock.unlock();
            }
        }
        if (!overdue.isEmpty())
        {
            warnOverdue(overdue);
        }
        return handle;
    }

    /**
     * A checked free of any handle.
     */
    void free(final long handle)
    {
        if (ThreadSafety.MAGAZINES == threadSafety)
        {
            pool.ensureOpen();
            free(table.checked(handle), handle);
            return;
        }
        lock.lock();
        try
        {
            final Slab slab = table.checked(handle);
            if (SlotStates.isLive(slab.states.word(SlotHandle.slot(handle)), SlotHandle.generation(handle)))
            {
                poison(slab, handle);
            }
            pool.free(slab, handle);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A free of a handle the caller found in {@code slab} with {@link SlabTable#checked(long)}.
     */
    void free(final Slab slab, final long handle)
    {
        if (ThreadSafety.MAGAZINES != threadSafety)
        {
            free(handle);
            return;
        }
        final int slot = SlotHandle.slot(handle);
        final int generation = SlotHandle.generation(handle);
        final int found;
        lock.lock();
        try
        {
            found = slab.states.release(slot, generation);
            if (!SlotStates.isLive(found, generation))
            {
                throw table.notLive(slab, handle, found, true);
            }
            poison(slab, handle);
        }
        finally
        {
            lock.unlock();
        }
        magazines.cacheReleased(slab, slot, found);
    }

    /**
     * @return the sampled live slots by allocation site, or the report taken when the cache closed.
     */
    List<LeakSite> leakReport()
    {
        lock.lock();
        try
        {
            return pool.isClosed() ? closeLeakReport : tracker.report();
        }
        finally
        {
            lock.unlock();
        }
    }

    long quarantinedSlots()
    {
        lock.lock();
        try
        {
            return quarantined.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return true when {@code handle} names a slot this layer quarantined.
     */
    boolean isQuarantined(final long handle)
    {
        lock.lock();
        try
        {
            return quarantined.contains(handle);
        }
        finally
        {
            lock.unlock();
        }
    }

    int sampleRate()
    {
        return tracker.sampleRate();
    }

    Duration leakDetectionThreshold()
    {
        return Duration.ofNanos(thresholdNs);
    }

    /**
     * Takes the leak report, runs the cache's close, and logs the report when slots were live.
     */
    void close(final CacheControl control)
    {
        final List<LeakSite> report;
        lock.lock();
        try
        {
            if (pool.isClosed())
            {
                return;
            }
            report = tracker.report();
            closeLeakReport = report;
        }
        finally
        {
            lock.unlock();
        }
        control.close();
        if (!report.isEmpty())
        {
            warnLeaks(report);
        }
    }

    /**
     * Checks the poison of a slot just handed out, under the lock, and records its allocation.
     *
     * @throws WriteAfterFreeException when the poison was disturbed: the slot stays live and is never handed out.
     */
    private void admit(final long handle)
    {
        if (SlabCache.NULL_HANDLE == handle)
        {
            return;
        }
        final Slab slab = table.find(handle);
        if (null == slab)
        {
            return; // the cache closed after a magazine handed the slot out
        }
        final int slot = SlotHandle.slot(handle);
        final SlabPoison poison = slab.poison;
        if (null != poison)
        {
            final int disturbed = poison.take(slab, slot, pool.slotSize);
            final Throwable freeSite = poison.takeFreeSite(slot);
            if (SlabPoison.INTACT != disturbed)
            {
                quarantined.add(handle);
                throw writeAfterFree(slab, slot, disturbed, freeSite);
            }
        }
        tracker.allocated(handle);
    }

    /**
     * Fills a slot a caller frees, under the lock, and forgets its allocation.
     */
    private void poison(final Slab slab, final long handle)
    {
        SlabPoison poison = slab.poison;
        if (null == poison)
        {
            poison = new SlabPoison();
            slab.poison = poison;
        }
        poison.fill(slab, SlotHandle.slot(handle), pool.slotSize, tracker.freed(handle));
    }

    private WriteAfterFreeException writeAfterFree(
        final Slab slab, final int slot, final int disturbed, final Throwable freeSite)
    {
        final int offset = slab.offsetOf(slot);
        return new WriteAfterFreeException(
            "write after free in cache '" + pool.name + "': slot " + slot + " of " + slab + " (bytes " + offset +
            " to " + (offset + pool.slotSize) + " of its buffer) holds 0x" +
            Integer.toHexString(slab.segment.buffer().getByte(offset + disturbed) & 0xFF) + " at byte " + disturbed +
            " where the poison 0x" + Integer.toHexString(SlabPoison.POISON) + " was written when it was freed; " +
            (null != freeSite ? "it was freed at the cause below. " :
            "where it was freed was not recorded (1 in " + tracker.sampleRate() + " allocations is sampled). ") +
            "The slot is quarantined: it is never handed out again and its slab never released.",
            slab.id(), slot, disturbed, null != freeSite ? ((SlotTrace)freeSite).trimmed() : null);
    }

    private void warnOverdue(final List<LeakTracker.Allocation> overdue)
    {
        final long now = tracker.now();
        for (final LeakTracker.Allocation allocation : overdue)
        {
            LOGGER.log(Level.WARNING, "SlabCache '" + pool.name + "': slot " + SlotHandle.slot(allocation.handle) +
                " (handle 0x" + Long.toHexString(allocation.handle) + ") has been live for " +
                LeakTracker.age(allocation.allocatedAt, now) + ", longer than leakDetectionThreshold=" +
                leakDetectionThreshold() + "; it was allocated at:", allocation.site.trimmed());
        }
    }

    private void warnLeaks(final List<LeakSite> report)
    {
        int slots = 0;
        final StringBuilder sites = new StringBuilder();
        for (final LeakSite site : report)
        {
            slots += site.slots().size();
            sites.append(System.lineSeparator()).append(site);
        }
        LOGGER.log(Level.WARNING, "SlabCache '" + pool.name + "' closed with " + slots + " sampled live slots " +
            "(1 in " + tracker.sampleRate() + " allocations is sampled) from " + report.size() +
            " allocation sites, the oldest first:" + sites);
    }
}

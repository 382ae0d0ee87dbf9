/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

import org.agrona.collections.LongHashSet;

/**
 * The path of a cache built in debug mode: it wraps the path of the cache's {@link ThreadSafety} and around it
 * poisons freed slots, checks the poison of slots handed out, quarantines slots found written after free, and
 * records allocation sites for the leak report. A cache not in debug mode never reaches this class.
 * <p>
 * A free takes the lock (none for a single owner) to release the slot from its caller and fill it with poison, so
 * that no other free, page move or reclaim of the slot comes between; only then does the wrapped path put the slot
 * back, into a magazine or its segment. An allocation takes a slot from the wrapped path, then takes the lock to
 * check it. The poison survives a magazine, the depot and a return to the segment, which writes only the
 * free-list link. Only slots a caller freed in this slab are checked: a slot never handed out, one that went back
 * from a magazine unused, or one of a page another class grew into, holds whatever it held.
 */
final class DebugPath extends ThreadPath
{
    private static final System.Logger LOGGER = System.getLogger(SlabCache.class.getName());

    private final ThreadPath path;
    private final CacheLock lock;
    private final SlabArena arena;
    private final SlabTable table;
    private final LeakTracker tracker;
    private final long thresholdNs;
    private final LongHashSet quarantined = new LongHashSet();
    private List<LeakSite> closeLeakReport;

    /**
     * @param path the path of the cache's {@link ThreadSafety}, which this one wraps.
     */
    DebugPath(
        final ThreadPath path,
        final CacheLock lock,
        final SlabArena arena,
        final LeakTracker tracker,
        final long thresholdNs)
    {
        this.path = path;
        this.lock = lock;
        this.arena = arena;
        this.table = arena.table;
        this.tracker = tracker;
        this.thresholdNs = thresholdNs;
    }

    /**
     * @throws WriteAfterFreeException when the slot taken was written after it was freed; it is quarantined.
     */
    @Override
    long allocate()
    {
        final long handle = path.allocate();
        final List<LeakTracker.Allocation> overdue;
        lock.lock();
        try
        {
            admit(handle);
            overdue = tracker.overdue();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
        if (!overdue.isEmpty())
        {
            warnOverdue(overdue);
        }
        return handle;
    }

    @Override
    void free(final SlabRecord slab, final long handle)
    {
        final int found;
        lock.lock();
        try
        {
            found = path.release(slab, handle);
            poison(slab, handle);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
        path.put(slab, SlotHandle.slot(handle), found);
    }

    @Override
    int release(final SlabRecord slab, final long handle)
    {
        return path.release(slab, handle);
    }

    @Override
    void put(final SlabRecord slab, final int slot, final int found)
    {
        path.put(slab, slot, found);
    }

    /**
     * @return the sampled live slots by allocation site, or the report taken when the cache closed.
     */
    List<LeakSite> leakReport()
    {
        lock.lock();
        try
        {
            return arena.isClosed() ? closeLeakReport : tracker.report();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
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
            lock.unlockAndCompleteDrains();
        }
    }

    /**
     * @return true when {@code handle} names a slot debug mode quarantined.
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
            lock.unlockAndCompleteDrains();
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
    void close(final CacheAdmin admin)
    {
        final List<LeakSite> report;
        lock.lock();
        try
        {
            if (arena.isClosed())
            {
                return;
            }
            report = tracker.report();
            closeLeakReport = report;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
        admin.close();
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
        final SlabRecord slab = table.find(handle);
        if (null == slab)
        {
            return; // the cache closed after a magazine handed the slot out
        }
        final int slot = SlotHandle.slot(handle);
        final SlabPoison poison = slab.poison;
        if (null != poison)
        {
            final int disturbed = poison.take(slab, slot, arena.slotSize);
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
    private void poison(final SlabRecord slab, final long handle)
    {
        SlabPoison poison = slab.poison;
        if (null == poison)
        {
            poison = new SlabPoison();
            slab.poison = poison;
        }
        poison.fill(slab, SlotHandle.slot(handle), arena.slotSize, tracker.freed(handle));
    }

    private WriteAfterFreeException writeAfterFree(
        final SlabRecord slab, final int slot, final int disturbed, final Throwable freeSite)
    {
        final int offset = slab.offsetOf(slot);
        return new WriteAfterFreeException(
            "write after free in cache '" + arena.name + "': slot " + slot + " of " + slab + " (bytes " + offset +
            " to " + (offset + arena.slotSize) + " of its buffer) holds 0x" +
            Integer.toHexString(slab.buffer.getByte(offset + disturbed) & 0xFF) + " at byte " + disturbed +
            " where the poison 0x" + Integer.toHexString(SlabPoison.POISON) + " was written when it was freed; " +
            (null != freeSite ? "it was freed at the cause below. " :
            "where it was freed was not recorded (1 in " + tracker.sampleRate() + " allocations is sampled). ") +
            "The slot is quarantined: it is never handed out again and its slab never released.",
            slab.id, slot, disturbed, null != freeSite ? ((SlotTrace)freeSite).trimmed() : null);
    }

    private void warnOverdue(final List<LeakTracker.Allocation> overdue)
    {
        final long now = tracker.now();
        for (final LeakTracker.Allocation allocation : overdue)
        {
            LOGGER.log(Level.WARNING, "SlabCache '" + arena.name + "': slot " + SlotHandle.slot(allocation.handle) +
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
        LOGGER.log(Level.WARNING, "SlabCache '" + arena.name + "' closed with " + slots + " sampled live slots " +
            "(1 in " + tracker.sampleRate() + " allocations is sampled) from " + report.size() +
            " allocation sites, the oldest first:" + sites);
    }
}

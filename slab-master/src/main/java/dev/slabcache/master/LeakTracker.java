/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

/**
 * Debug mode's record of where live slots were allocated: one allocation in {@code sampleRate} takes its stack and
 * time, kept by handle until the slot is freed, so the records are bounded by the sampled live slots. From them it
 * builds the leak report and finds the slots live longer than the leak-detection threshold. Under the cache's lock.
 * <p>
 * A slot taken from its holder without a free (a page move of a {@link SizeClassCache}) leaves its record behind;
 * every reader checks that a record's handle is still live, and the records are purged of such slots whenever they
 * have doubled since the last purge, so they stay within twice the sampled live slots, in amortised O(1).
 */
final class LeakTracker
{
    /**
     * The least time between two looks for slots live longer than the threshold.
     */
    static final long CHECK_INTERVAL_NS = 1_000_000_000L;

    private static final int MIN_PURGE_SIZE = 1024;

    private final SlabTable table;
    private final NanoClock clock;
    private final int sampleRate;
    private final long thresholdNs;
    private final Long2ObjectHashMap<Allocation> live = new Long2ObjectHashMap<>();
    private int untilSample = 1;
    private int purgeSize = MIN_PURGE_SIZE;
    private long lastCheck;

    /**
     * @param thresholdNs how long a slot may be live before {@link #overdue()} names it; 0 for never.
     */
    LeakTracker(final SlabTable table, final NanoClock clock, final int sampleRate, final long thresholdNs)
    {
        this.table = table;
        this.clock = clock;
        this.sampleRate = sampleRate;
        this.thresholdNs = thresholdNs;
        this.lastCheck = clock.nanoTime();
    }

    int sampleRate()
    {
        return sampleRate;
    }

    /**
     * Records the allocation site of a slot just handed out, if this allocation is sampled.
     */
    void allocated(final long handle)
    {
        if (0 == --untilSample)
        {
            untilSample = sampleRate;
            live.put(handle, new Allocation(handle, clock.nanoTime(), new SlotTrace("allocated here")));
            if (live.size() >= purgeSize)
            {
                purge();
                purgeSize = Math.max(MIN_PURGE_SIZE, 2 * live.size());
            }
        }
    }

    /**
     * Forgets a slot being freed.
     *
     * @return where it is being freed, when its allocation was sampled; else null.
     */
    SlotTrace freed(final long handle)
    {
        return null == live.remove(handle) ? null : new SlotTrace(
            "slot " + SlotHandle.slot(handle) + " (handle 0x" + Long.toHexString(handle) + ") freed here");
    }

    /**
     * Forgets a slot that will never be freed: quarantined.
     */
    void forget(final long handle)
    {
        live.remove(handle);
    }

    /**
     * At most once every {@link #CHECK_INTERVAL_NS}, finds the sampled slots live longer than the threshold and not
     * named before.
     *
     * @return them, each named once in the cache's life; empty when none, or when it is not yet time to look.
     */
    List<Allocation> overdue()
    {
        if (0 == thresholdNs)
        {
            return List.of();
        }
        final long now = clock.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL_NS)
        {
            return List.of();
        }
        lastCheck = now;

        List<Allocation> overdue = List.of();
        for (final Allocation allocation : live.values())
        {
            if (!allocation.reported && now - allocation.allocatedAt > thresholdNs && isLive(allocation.handle))
            {
                allocation.reported = true;
                allocation.site.trimmed();
                if (overdue.isEmpty())
                {
                    overdue = new ArrayList<>();
                }
                overdue.add(allocation);
            }
        }
        return overdue;
    }

    /**
     * @return the sampled live slots grouped by allocation site, the site of the oldest slot first, each site's
     * slots oldest first; records of slots no longer live are dropped.
     */
    List<LeakSite> report()
    {
        final long now = clock.nanoTime();
        purge();
        final Map<List<StackTraceElement>, List<Allocation>> bySite = new HashMap<>();
        for (final Allocation allocation : live.values())
        {
            bySite.computeIfAbsent(allocation.site.frames(), site -> new ArrayList<>()).add(allocation);
        }

        final List<LeakSite> report = new ArrayList<>(bySite.size());
        for (final Map.Entry<List<StackTraceElement>, List<Allocation>> site : bySite.entrySet())
        {
            final List<Allocation> allocations = site.getValue();
            allocations.sort(Comparator.comparingLong((Allocation allocation) -> allocation.allocatedAt - now));
            final List<LeakSite.LiveSlot> slots = new ArrayList<>(allocations.size());
            for (final Allocation allocation : allocations)
            {
                slots.add(allocation.liveSlot(table.find(allocation.handle), now));
            }
            report.add(new LeakSite(site.getKey(), List.copyOf(slots)));
        }
        report.sort(Comparator.comparing(LeakSite::oldestAge).reversed());
        return List.copyOf(report);
    }

    /**
     * @param now by the cache's clock.
     * @return how long a slot allocated at {@code allocatedAt} has been live.
     */
    static Duration age(final long allocatedAt, final long now)
    {
        return Duration.ofNanos(now - allocatedAt);
    }

    long now()
    {
        return clock.nanoTime();
    }

    /**
     * Drops the records of slots no longer live.
     */
    private void purge()
    {
        final Iterator<Allocation> records = live.values().iterator();
        while (records.hasNext())
        {
            if (!isLive(records.next().handle))
            {
                records.remove();
            }
        }
    }

    private boolean isLive(final long handle)
    {
        final SlabRecord slab = table.find(handle);
        return null != slab &&
            SlotStates.isLive(slab.states.word(SlotHandle.slot(handle)), SlotHandle.generation(handle));
    }

    /**
     * A sampled allocation of a slot still live, as far as the tracker knows.
     */
    static final class Allocation
    {
        final long handle;
        final long allocatedAt;
        final SlotTrace site;
        boolean reported;

        Allocation(final long handle, final long allocatedAt, final SlotTrace site)
        {
            this.handle = handle;
            this.allocatedAt = allocatedAt;
            this.site = site;
        }

        LeakSite.LiveSlot liveSlot(final SlabRecord slab, final long now)
        {
            return new LeakSite.LiveSlot(handle, slab.id, SlotHandle.slot(handle), age(allocatedAt, now));
        }
    }
}

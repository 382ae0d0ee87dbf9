/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * The periodic {@code dev.slabcache.CacheStatistics} JFR event: one per open cache each period, from its
 * {@link SlabCache#stats()}, only while a recording enables it.
 * <p>
 * Every cache joins at build and leaves at {@link SlabCache#close()}. The caches are held weakly, so one dropped
 * without a close is forgotten once collected rather than kept alive by the recorder. The hook is added once the
 * recorder is initialized (at once if it already is when the first cache is built), not before: registering it
 * initializes much of the recorder, which a program that never records should not pay for.
 */
final class CacheStatisticsEvent
{
    // Keys are compared by identity: CacheCore keeps Object's equals.
    private static final Map<CacheCore, Boolean> CACHES = new WeakHashMap<>();

    static
    {
        try
        {
            FlightRecorder.addListener(new FlightRecorderListener()
            {
                @Override
                public void recorderInitialized(final FlightRecorder recorder)
                {
                    addHook();
                }
            });
        }
        catch (final RuntimeException ex)
        {
            unavailable(ex);
        }
    }

    private CacheStatisticsEvent()
    {
    }

    static void join(final CacheCore cache)
    {
        synchronized (CACHES)
        {
            CACHES.put(cache, Boolean.TRUE);
        }
    }

    static void leave(final CacheCore cache)
    {
        synchronized (CACHES)
        {
            CACHES.remove(cache);
        }
    }

    private static void addHook()
    {
        try
        {
            FlightRecorder.addPeriodicEvent(StatisticsEvent.class, CacheStatisticsEvent::emit);
        }
        catch (final RuntimeException ex)
        {
            unavailable(ex);
        }
    }

    /**
     * A JVM that refuses the hook (a security manager, say) still gets its caches, without the event.
     */
    private static void unavailable(final RuntimeException ex)
    {
        System.getLogger(SlabCache.class.getName()).log(System.Logger.Level.WARNING,
            "the JFR event dev.slabcache.CacheStatistics is not available: " + ex);
    }

    private static void emit()
    {
        final List<CacheCore> caches;
        synchronized (CACHES)
        {
            caches = new ArrayList<>(CACHES.keySet());
        }
        for (final CacheCore cache : caches)
        {
            final SlabCacheStats stats;
            try
            {
                stats = cache.admin.stats();
            }
            catch (final IllegalStateException ex)
            {
                continue; // closed since the copy was taken
            }
            final StatisticsEvent event = new StatisticsEvent();
            event.cache = stats.name();
            event.slotSize = stats.slotSize();
            event.slabs = stats.slabs();
            event.providerSlabs = stats.providerSlabs();
            event.callerSlabs = stats.callerSlabs();
            event.slotCapacity = stats.slotCapacity();
            event.slotsInUse = stats.slotsInUse();
            event.slotsInMagazines = stats.slotsInMagazines();
            event.bytesHeld = stats.bytesHeld();
            event.bytesInUse = stats.bytesInUse();
            event.bytesIdle = stats.bytesIdle();
            event.allocations = stats.allocations();
            event.frees = stats.frees();
            event.failedAllocations = stats.failedAllocations();
            event.grows = stats.grows();
            event.releases = stats.releases();
            event.commit();
        }
    }

    /**
     * {@code dev.slabcache.CacheStatistics}.
     */
    @Name("dev.slabcache.CacheStatistics")
    @Label("Cache Statistics")
    @Category(CacheEvents.CATEGORY)
    @Description("A cache's counts, as SlabCache.stats() gives them; one event per open cache each period")
    @Period("10 s")
    @StackTrace(false)
    static final class StatisticsEvent extends Event
    {
        @Label("Cache")
        String cache;

        @Label("Slot Size")
        @DataAmount(DataAmount.BYTES)
        int slotSize;

        @Label("Slabs")
        int slabs;

        @Label("Provider Slabs")
        int providerSlabs;

        @Label("Caller Slabs")
        int callerSlabs;

        @Label("Slot Capacity")
        long slotCapacity;

        @Label("Slots In Use")
        long slotsInUse;

        @Label("Slots In Magazines")
        long slotsInMagazines;

        @Label("Bytes Held")
        @DataAmount(DataAmount.BYTES)
        long bytesHeld;

        @Label("Bytes In Use")
        @DataAmount(DataAmount.BYTES)
        long bytesInUse;

        @Label("Bytes Idle")
        @DataAmount(DataAmount.BYTES)
        long bytesIdle;

        @Label("Allocations")
        long allocations;

        @Label("Frees")
        long frees;

        @Label("Failed Allocations")
        long failedAllocations;

        @Label("Grows")
        long grows;

        @Label("Releases")
        long releases;
    }
}

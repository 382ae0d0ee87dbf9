/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.util.Arrays;

import dev.slabcache.core.SlabProvider;
import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlabCacheStats;
import dev.slabcache.master.SlabInfo;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The program to run first. It shows a bare {@link SlotSegment}, one slab on its own, then a {@link SlabCache}
 * of {@link SessionRecord}s that grows over several slabs as users log in, keeps freed slots in magazines as
 * they log out, and gives slabs back on {@link SlabCache#trim()}.
 * Its output is the same on every run. Run it with:
 * <pre>
 *   java -jar slab-examples/target/slab-examples.jar
 * </pre>
 * The jar's manifest opens {@code jdk.internal.misc} for Agrona. Run from the class path, the JVM needs
 * {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}; without it the demo prints the library's message
 * naming that flag and exits with status 1, before it makes any Agrona buffer.
 */
public final class QuickStart
{
    private static final int SEGMENT_BYTES = 64;
    private static final int SEGMENT_SLOT_SIZE = 16;

    private static final int SLAB_SIZE = 4096;
    private static final int LOGINS = 500;
    private static final int LOGOUTS = 300;
    private static final int LATE_LOGINS = 3;
    private static final long FIRST_SESSION_ID = 1000;
    private static final long FIRST_USER_ID = 42;
    private static final long CLOCK_START_NANOS = 1_000_000_000L;
    private static final long NANOS_BETWEEN_LOGINS = 1_000_000L;
    private static final int[] SESSIONS_TO_READ = { 0, LOGINS / 2, LOGINS - 1 };

    private QuickStart()
    {
    }

    /**
     * Runs the demo and prints what it does.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final SlabProvider provider;
        try
        {
            // The library checks that Agrona can work in this JVM before any Agrona buffer is made, so a JVM started
            // without the flag gets the library's message naming it, not Agrona's IllegalAccessError.
            provider = SlabProvider.direct();
        }
        catch (final IllegalStateException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("slabcache quick start");
        System.out.println();
        showSlotSegment(provider);
        System.out.println();
        showSessionCache();
    }

    private static void showSlotSegment(final SlabProvider provider)
    {
        // Direct memory aligned to 8 puts slot 0 at offset 0, so the offsets printed are the same on every JVM.
        final AtomicBuffer buffer = provider.allocate(SEGMENT_BYTES, Long.BYTES);
        final SlotSegment segment = new SlotSegment(buffer, SEGMENT_SLOT_SIZE);
        System.out.println("1. A bare SlotSegment: " + SEGMENT_BYTES + " bytes cut into " + segment.capacity() +
            " slots of " + segment.slotSize() + " bytes, state " + segment.state() + ".");

        final int[] slots = new int[segment.capacity()];
        final int[] offsets = new int[slots.length];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = segment.allocate();
            offsets[i] = segment.offsetOf(slots[i]);
        }
        final int noSlot = segment.allocate();
        System.out.println("   Allocated slots " + Arrays.toString(slots) + " at offsets " +
            Arrays.toString(offsets) + ": state " + segment.state() + ", so allocate() now gives NO_SLOT (" +
            noSlot + ").");

        // The free list is a stack threaded through the free slots: the slot freed last, likely still in the CPU
        // cache, is handed out first.
        segment.free(slots[1]);
        segment.free(slots[2]);
        final String afterFrees = segment.state() + ", " + segment.usedSlots() + " used";
        final int reused = segment.allocate();
        System.out.println("   Freed slots " + slots[1] + " and " + slots[2] + ": state " + afterFrees +
            "; allocate() hands back the one freed last: slot " + reused + ".");

        for (final int slot : slots)
        {
            if (segment.isAllocated(slot))
            {
                segment.free(slot);
            }
        }
        System.out.println("   Freed the rest: state " + segment.state() +
            ". A segment has no lock and no lists; a SlabCache manages many of them.");
        provider.release(buffer);
    }

    private static void showSessionCache()
    {
        try (SlabCache cache = SlabCache.builder()
            .name("sessions")
            .slotSize(SessionRecord.SIZE)
            .slabSize(SLAB_SIZE)
            .retainEmptySlabs(1)
            .build())
        {
            final SessionRecord session = new SessionRecord();
            final long[] handles = new long[LOGINS];
            for (int i = 0; i < LOGINS; i++)
            {
                handles[i] = cache.allocate();
                session.wrap(cache, handles[i])
                    .sessionId(FIRST_SESSION_ID + i)
                    .userId(FIRST_USER_ID + i / 2)
                    .lastSeenNanos(CLOCK_START_NANOS + i * NANOS_BETWEEN_LOGINS)
                    .flags(0 == i % 100 ? SessionRecord.FLAG_ADMIN : 0);
            }
            System.out.println("2. A SlabCache of " + SessionRecord.SIZE + "-byte SessionRecords in " + SLAB_SIZE +
                "-byte slabs of " + cache.slabOf(handles[0]).capacity() + " slots each.");
            System.out.println("   " + LOGINS + " users logged in: the cache grew to " + cache.stats().slabs() +
                " slabs. " + SESSIONS_TO_READ.length + " sessions read back through one flyweight:");
            for (final int i : SESSIONS_TO_READ)
            {
                System.out.println("     " + session.wrap(cache, handles[i]) + " in slab " +
                    cache.slabOf(handles[i]).id());
            }

            logOut(cache, handles, 0, LOGOUTS);
            final SlabCacheStats afterLogouts = cache.stats();
            System.out.println("   The " + LOGOUTS + " oldest sessions logged out: " +
                afterLogouts.slotsInMagazines() + " of their slots wait in this thread's magazines and the depot, " +
                "to be reused without the lock.");
            final int trimmed = cache.trim();
            System.out.println("   trim() took them back to their slabs and gave the " + trimmed +
                " slabs left empty back to the provider: the cache now holds " + cache.stats().slabs() + " slabs.");

            final long[] lateSlabIds = new long[LATE_LOGINS];
            for (int i = 0; i < LATE_LOGINS; i++)
            {
                // Reuses entries of the handle table emptied by the logouts, so every live handle stays in it.
                handles[i] = cache.allocate();
                session.wrap(cache, handles[i])
                    .sessionId(FIRST_SESSION_ID + LOGINS + i)
                    .userId(FIRST_USER_ID)
                    .lastSeenNanos(CLOCK_START_NANOS + (LOGINS + i) * NANOS_BETWEEN_LOGINS)
                    .flags(0);
                lateSlabIds[i] = cache.slabOf(handles[i]).id();
            }
            System.out.println("   " + LATE_LOGINS + " more users logged in, into slabs " +
                Arrays.toString(lateSlabIds) + ": the fullest partial slab fills first, so the others can drain.");

            System.out.println();
            System.out.println(cache.stats());
            System.out.println(String.format(
                "%8s %-8s %-7s %-8s %10s/%-10s %-15s %-23s %12s", "slab", "memory", "state", "list", "used", "capacity",
                "live", "in magazines", "bytes"));
            for (final SlabInfo slab : cache.slabInfo())
            {
                System.out.println(slab);
            }

            logOut(cache, handles, 0, LOGINS);
            System.out.println();
            System.out.println("Every session logged out: " + cache.stats().slotsInUse() +
                " slots in use. Closing the cache gives its memory back.");
        }
    }

    private static void logOut(final SlabCache cache, final long[] handles, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (SlabCache.NULL_HANDLE != handles[i])
            {
                cache.free(handles[i]);
                handles[i] = SlabCache.NULL_HANDLE;
            }
        }
    }
}

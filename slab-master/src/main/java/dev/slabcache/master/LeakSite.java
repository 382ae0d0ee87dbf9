/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.time.Duration;
import java.util.List;

/**
 * One line of a debug-mode leak report ({@link SlabCache#leakReport()}): the live slots whose allocations were
 * sampled at one allocation site.
 *
 * @param allocationSite the stack of the thread that allocated them, innermost frame first, from the caller of
 *                       the cache.
 * @param slots          the slots, the longest live first.
 */
public record LeakSite(List<StackTraceElement> allocationSite, List<LiveSlot> slots)
{
    /**
     * Slots that {@link #toString()} lists; the rest are counted.
     */
    public static final int LISTED_SLOTS = 8;

    /**
     * A live slot whose allocation was sampled.
     *
     * @param handle the handle it was allocated as.
     * @param slabId the {@link Slab#id()} of its slab.
     * @param slot   its index in the slab.
     * @param age    how long it has been live, by the cache's clock.
     */
    public record LiveSlot(long handle, long slabId, int slot, Duration age)
    {
        /** {@return the slot, its slab, its handle and how long it has been live, on one line} */
        @Override
        public String toString()
        {
            return "slot " + slot + " of slab " + slabId + " (handle 0x" + Long.toHexString(handle) + ") live " + age;
        }
    }

    /** {@return how long the oldest of the site's slots has been live} */
    public Duration oldestAge()
    {
        return slots.get(0).age();
    }

    /** {@return the site: its count of live slots, its stack, and its slots longest-live first, on several lines} */
    @Override
    public String toString()
    {
        final String newLine = System.lineSeparator();
        final StringBuilder text = new StringBuilder()
            .append(slots.size()).append(slots.size() == 1 ? " live slot" : " live slots")
            .append(", the oldest live ").append(oldestAge()).append(", allocated at:");
        for (final StackTraceElement frame : allocationSite)
        {
            text.append(newLine).append("\tat ").append(frame);
        }
        for (int i = 0; i < Math.min(LISTED_SLOTS, slots.size()); i++)
        {
            text.append(newLine).append("    ").append(slots.get(i));
        }
        if (slots.size() > LISTED_SLOTS)
        {
            text.append(newLine).append("    and ").append(slots.size() - LISTED_SLOTS).append(" more");
        }
        return text.toString();
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SegmentState;

/**
 * One line of a cache's slab listing, in the spirit of Linux {@code /proc/slabinfo}.
 *
 * @param id          the slab's {@link Slab#id()}.
 * @param callerOwned true for a caller's buffer, false for provider memory.
 * @param state       how full it is.
 * @param draining    true when it waits to be detached once empty.
 * @param usedSlots   slots allocated.
 * @param capacity    slots it holds.
 * @param bytes       bytes of memory it spans.
 */
public record SlabInfo(
    long id, boolean callerOwned, SegmentState state, boolean draining, int usedSlots, int capacity, long bytes)
{
    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return String.format(
            "%8d %-8s %-7s %10d/%-10d %12d%s", id, callerOwned ? "caller" : "provider", state, usedSlots,
            capacity, bytes, draining ? " draining" : "");
    }
}

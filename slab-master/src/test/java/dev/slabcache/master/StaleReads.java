/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.slabcache.core.InvalidHandleException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads that threads of a stress test make through handles they freed, counted across the threads: how many were
 * tried and how many a cache accepted.
 */
final class StaleReads
{
    private final AtomicLong tried = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    /**
     * Reads through a handle the calling thread freed: its slot may be free, in a magazine, live again for another
     * thread under a newer generation, or in a page since moved elsewhere. The read must be refused unless the
     * slot's generation has come round again, which takes {@link SlotHandle#GENERATIONS} of its frees; a refused
     * read changes nothing, which the test checks through its owners' cookies and its final counts.
     *
     * @param lookup a call that takes a handle, such as {@code cache::offset} or {@code cache::buffer}.
     * @param handle the calling thread freed.
     */
    void read(final LongConsumer lookup, final long handle)
    {
        tried.incrementAndGet();
        try
        {
            lookup.accept(handle);
            accepted.incrementAndGet();
        }
        catch (final InvalidHandleException expected)
        {
            // the stale handle was refused
        }
    }

    /**
     * @return how many reads were tried.
     */
    long tried()
    {
        return tried.get();
    }

    /**
     * Checks that a stale handle was accepted no more than once in {@link SlotHandle#GENERATIONS} reads.
     *
     * @param context of the run, for the failure message: its seed and counts.
     */
    void assertRarelyAccepted(final Supplier<String> context)
    {
        assertTrue(SlotHandle.GENERATIONS * accepted.get() <= tried.get(),
            () -> "stale handles accepted more than once in " + SlotHandle.GENERATIONS + ", " + this + "; " +
                context.get());
    }

    @Override
    public String toString()
    {
        return "stale handles used " + tried.get() + " accepted " + accepted.get();
    }
}

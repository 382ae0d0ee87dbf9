/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;

/**
 * The threads of a {@link ThreadSafety#MAGAZINES} cache that have magazines of their own, and the counts of those
 * that ended. Virtual threads get none: there may be millions of them, so they share {@link #SHARED}, which holds
 * no magazines, and cost no memory here. Under the cache's lock.
 */
final class ThreadRegistry
{
    /**
     * The entry of every thread without magazines of its own.
     */
    static final ThreadMagazines SHARED = new ThreadMagazines(null, null, null);

    private static final int MIN_REAP_THRESHOLD = 8;
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final ArrayList<ThreadMagazines> threads = new ArrayList<>();
    private int reapThreshold = MIN_REAP_THRESHOLD;
    private long endedAllocations;
    private long endedFrees;

    /**
     * @return true when a thread should get no magazines of its own.
     */
    static boolean isVirtual(final Thread thread)
    {
        if (null == IS_VIRTUAL)
        {
            return false;
        }
        try
        {
            return (boolean)IS_VIRTUAL.invokeExact(thread);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("Thread.isVirtual() failed", ex);
        }
    }

    /**
     * @return true when so many threads registered since the last look that ended ones should be reaped before
     * another registers.
     */
    boolean isTimeToReap()
    {
        return threads.size() >= reapThreshold;
    }

    /**
     * Puts the next look off until the threads left have doubled, so registering stays O(1) amortised.
     */
    void reaped()
    {
        reapThreshold = Math.max(MIN_REAP_THRESHOLD, 2 * threads.size());
    }

    void add(final ThreadMagazines magazines)
    {
        threads.add(magazines);
    }

    int size()
    {
        return threads.size();
    }

    ThreadMagazines get(final int index)
    {
        return threads.get(index);
    }

    /**
     * Forgets the thread at {@code index}, whose magazines were flushed, keeping its counts. The last entry takes
     * its place.
     */
    void forget(final int index)
    {
        final ThreadMagazines magazines = threads.get(index);
        endedAllocations += magazines.allocations();
        endedFrees += magazines.frees();
        threads.set(index, threads.get(threads.size() - 1));
        threads.remove(threads.size() - 1);
    }

    /**
     * Forgets every thread, for a cache that closes.
     */
    void clear()
    {
        threads.clear();
    }

    /**
     * @return allocations through magazines, ever.
     */
    long allocations()
    {
        long allocations = endedAllocations;
        for (final ThreadMagazines magazines : threads)
        {
            allocations += magazines.allocations();
        }
        return allocations;
    }

    /**
     * @return frees into magazines, ever.
     */
    long frees()
    {
        long frees = endedFrees;
        for (final ThreadMagazines magazines : threads)
        {
            frees += magazines.frees();
        }
        return frees;
    }

    private static MethodHandle findIsVirtual()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(
                Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            return null; // before Java 21 there are no virtual threads
        }
    }
}

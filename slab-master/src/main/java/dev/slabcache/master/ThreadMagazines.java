/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's two magazines for one cache, loaded and previous, and the counts of what the thread did through
 * them. Only the owner touches the magazines without the lock; the counts are written by the owner alone and read
 * by snapshots from any thread. Holds no reference to its cache, so a cache no longer used can be collected while
 * threads still keep this in their thread-locals.
 */
final class ThreadMagazines
{
    private static final VarHandle ALLOCATIONS;
    private static final VarHandle FREES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ALLOCATIONS = lookup.findVarHandle(ThreadMagazines.class, "allocations", long.class);
            FREES = lookup.findVarHandle(ThreadMagazines.class, "frees", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * The thread these magazines belong to; null for the shared entry of threads that get none.
     */
    final Thread owner;
    Magazine loaded;
    Magazine previous;

    private long allocations;
    private long frees;

    ThreadMagazines(final Thread owner, final Magazine loaded, final Magazine previous)
    {
        this.owner = owner;
        this.loaded = loaded;
        this.previous = previous;
    }

    boolean isShared()
    {
        return null == owner;
    }

    void swap()
    {
        final Magazine magazine = loaded;
        loaded = previous;
        previous = magazine;
    }

    /**
     * A slot the owner took out of a magazine for a caller: CACHED to LIVE.
     */
    void countAllocation()
    {
        ALLOCATIONS.setOpaque(this, allocations + 1);
    }

    /**
     * A slot a caller gave back through the owner: LIVE to CACHED.
     */
    void countFree()
    {
        FREES.setOpaque(this, frees + 1);
    }

    long allocations()
    {
        return (long)ALLOCATIONS.getOpaque(this);
    }

    long frees()
    {
        return (long)FREES.getOpaque(this);
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;


/**
 * The path of {@link ThreadSafety#LOCKED}: every call takes the cache's lock and goes straight to the slabs.
 */
final class LockedPath extends ThreadPath
{
    private final SlabArena arena;
    private final CacheLock lock;

    LockedPath(final SlabArena arena, final CacheLock lock)
    {
        this.arena = arena;
        this.lock = lock;
    }

    @Override
    long allocate()
    {
        lock.lock();
        try
        {
            return arena.allocate();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    @Override
    void free(final SlabRecord slab, final long handle)
    {
        lock.lock();
        try
        {
            arena.checkAttached(slab, handle);
            slab.release(handle, false);
            arena.freed(slab, SlotHandle.slot(handle));
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    @Override
    int release(final SlabRecord slab, final long handle)
    {
        arena.checkAttached(slab, handle);
        return slab.release(handle, false);
    }

    @Override
    void put(final SlabRecord slab, final int slot, final int found)
    {
        lock.lock();
        try
        {
            arena.freed(slab, slot);
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }
}

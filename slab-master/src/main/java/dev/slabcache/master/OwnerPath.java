/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;


/**
 * The path of {@link ThreadSafety#SINGLE_OWNER}: one thread at a time, no lock, straight to the slabs.
 */
final class OwnerPath extends ThreadPath
{
    private final SlabArena arena;
    private final CacheLock lock;

    OwnerPath(final SlabArena arena, final CacheLock lock)
    {
        this.arena = arena;
        this.lock = lock;
    }

    @Override
    long allocate()
    {
        return arena.allocate();
    }

    @Override
    void free(final SlabRecord slab, final long handle)
    {
        slab.release(handle, false);
        if (arena.freed(slab, SlotHandle.slot(handle)))
        {
            lock.completeDrains();
        }
    }

    @Override
    int release(final SlabRecord slab, final long handle)
    {
        return slab.release(handle, false);
    }

    @Override
    void put(final SlabRecord slab, final int slot, final int found)
    {
        if (arena.freed(slab, slot))
        {
            lock.completeDrains();
        }
    }
}

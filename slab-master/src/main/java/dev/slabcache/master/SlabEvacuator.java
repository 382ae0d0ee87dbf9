/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;


/**
 * Empties a slab of a cache while the cache serves, for a page move between the classes of a
 * {@link SizeClassCache}: stops the slab with the fewest live slots serving, takes each of its live slots from its
 * holder and shows it to a {@link SlotVisitor}, puts it back, and detaches the slab once empty; then lets another
 * cache grow into the freed page.
 */
final class SlabEvacuator
{
    private final CacheLock lock;
    private final SlabArena arena;
    private final ThreadPath threads;
    private final CacheAdmin admin;

    SlabEvacuator(final CacheLock lock, final SlabArena arena, final ThreadPath threads, final CacheAdmin admin)
    {
        this.lock = lock;
        this.arena = arena;
        this.threads = threads;
        this.admin = admin;
    }

    /**
     * @param mayGrow whether the cache may take a new page from its provider while the visitor runs.
     * @return the slab emptied, detached unless some slot is still on its way back, or null when no provider slab
     * serves.
     */
    SlabRecord evacuate(final SlotVisitor visitor, final boolean mayGrow)
    {
        final SlabRecord slab = drainFewestLive();
        if (null != slab)
        {
            holdGrowth(!mayGrow);
            try
            {
                evict(slab, visitor);
            }
            finally
            {
                holdGrowth(false);
            }
        }
        return slab;
    }

    private void holdGrowth(final boolean held)
    {
        lock.lock();
        try
        {
            arena.growthHeld = held;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    /**
     * Stops the provider slab with the fewest live slots serving, as {@link SlabCache#detachWhenEmpty(SlabRecord)}
     * does, for a
     * page move. O(slots the cache's slabs ever handed out).
     *
     * @return the slab, draining or already detached, or null when no provider slab serves.
     */
    private SlabRecord drainFewestLive()
    {
        lock.lock();
        try
        {
            arena.ensureOpen();
            SlabRecord fewest = null;
            int fewestLive = Integer.MAX_VALUE;
            for (final SlabRecord slab : admin.slabs())
            {
                if (slab.isServing() && !slab.callerOwned)
                {
                    final int live = slab.liveSlots();
                    if (live < fewestLive)
                    {
                        fewest = slab;
                        fewestLive = live;
                    }
                }
            }
            if (null != fewest)
            {
                admin.drain(fewest);
            }
            return fewest;
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    /**
     * Takes every live slot of a draining slab from its holder, shows it to {@code visitor}, then puts it back in
     * the slab, which is detached once its last slot is back. A slot is taken by the same compare-and-set a free
     * makes, so a slot its holder frees meanwhile is either freed by its holder or visited, never both. The
     * visitor runs without the lock.
     */
    private void evict(final SlabRecord slab, final SlotVisitor visitor)
    {
        final SlotStates states = slab.states;
        final int highWaterMark = slab.segment.highWaterMark(); // a draining slab hands out no slot
        for (int slot = 0; slot < highWaterMark; slot++)
        {
            final int word = states.word(slot);
            if (SlotStates.LIVE != SlotStates.state(word))
            {
                continue;
            }
            final int generation = SlotStates.generation(word);
            final int taken;
            lock.lock();
            try
            {
                taken = states.release(slot, generation);
            }
            finally
            {
                lock.unlockAndCompleteDrains();
            }
            if (!SlotStates.isLive(taken, generation))
            {
                continue;
            }

            try
            {
                visitor.visit(SlotHandle.pack(slab.serial, generation, slot), slab.buffer,
                    slab.offsetOf(slot));
            }
            finally
            {
                putBack(slab, slot, SlotStates.released(taken));
            }
        }

        lock.lock();
        try
        {
            if (slab.isAttached())
            {
                threads.reclaim(slab); // a slot its holder freed into a magazine as the slab began to drain
                if (0 == slab.segment.usedSlots())
                {
                    arena.remove(slab);
                }
            }
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    /**
     * Adds a provider slab that serves at once.
     *
     * @return false when the provider has none to give or the cache may not grow.
     */
    boolean grow()
    {
        lock.lock();
        try
        {
            arena.ensureOpen();
            return null != arena.grow();
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }

    private void putBack(final SlabRecord slab, final int slot, final int cachedWord)
    {
        lock.lock();
        try
        {
            if (slab.states.enterSegment(slot, cachedWord))
            {
                arena.returnSlot(slab, slot);
            }
        }
        finally
        {
            lock.unlockAndCompleteDrains();
        }
    }
}

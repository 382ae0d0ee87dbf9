/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A heap provider that knows which of its buffers are out, rejects a release of one it does not hold, and fails
 * on demand.
 */
final class CountingProvider implements SlabProvider
{
    private final SlabProvider delegate = SlabProvider.heap();
    private final Set<AtomicBuffer> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private int failures;
    private long allocated;
    private long released;

    @Override
    public synchronized AtomicBuffer allocate(final int capacity, final int alignment)
    {
        if (failures > 0)
        {
            failures--;
            throw new IllegalStateException("injected provider failure");
        }
        final AtomicBuffer buffer = delegate.allocate(capacity, alignment);
        outstanding.add(buffer);
        allocated++;
        return buffer;
    }

    @Override
    public synchronized void release(final AtomicBuffer buffer)
    {
        if (!outstanding.remove(buffer))
        {
            throw new AssertionError("released a buffer not held: " + buffer);
        }
        released++;
    }

    synchronized void failNext(final int count)
    {
        failures = count;
    }

    synchronized boolean failsNext()
    {
        return failures > 0;
    }

    synchronized int outstanding()
    {
        return outstanding.size();
    }

    synchronized long allocated()
    {
        return allocated;
    }

    synchronized long released()
    {
        return released;
    }
}

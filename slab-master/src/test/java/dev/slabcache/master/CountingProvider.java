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
 * A heap provider that knows which of its buffers are out, rejects a release of one it does not hold, counts what
 * it did, and fails on demand. It keeps nothing per released buffer, so runs of millions of operations can use it.
 */
class CountingProvider implements SlabProvider
{
    private final SlabProvider delegate = SlabProvider.heap();
    private final Set<AtomicBuffer> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private RuntimeException nextFailure;
    private long allocated;
    private long released;

    @Override
    public synchronized AtomicBuffer allocate(final int capacity, final int alignment)
    {
        if (null != nextFailure)
        {
            final RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
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
            throw new AssertionError("released a buffer this provider does not hold: " + buffer);
        }
        released++;
    }

    /**
     * The next allocation throws an {@link IllegalStateException}.
     */
    synchronized void failNext()
    {
        failNextWith(new IllegalStateException("injected provider failure"));
    }

    /**
     * The next allocation throws {@code failure}.
     */
    synchronized void failNextWith(final RuntimeException failure)
    {
        nextFailure = failure;
    }

    synchronized boolean failsNext()
    {
        return null != nextFailure;
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

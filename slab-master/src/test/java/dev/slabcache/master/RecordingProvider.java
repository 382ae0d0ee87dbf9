/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A provider over another that records what it was asked for and given back, fails once on demand with an
 * exception the test holds, and rejects the release of a buffer it does not hold.
 */
final class RecordingProvider implements SlabProvider
{
    private final SlabProvider delegate;
    private final List<Integer> requestedCapacities = new ArrayList<>();
    private final Set<AtomicBuffer> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<AtomicBuffer> released = Collections.newSetFromMap(new IdentityHashMap<>());
    private RuntimeException nextFailure;

    RecordingProvider()
    {
        this(SlabProvider.heap());
    }

    RecordingProvider(final SlabProvider delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public synchronized AtomicBuffer allocate(final int capacity, final int alignment)
    {
        requestedCapacities.add(capacity);
        if (null != nextFailure)
        {
            final RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }

        final AtomicBuffer buffer = delegate.allocate(capacity, alignment);
        outstanding.add(buffer);
        return buffer;
    }

    @Override
    public synchronized void release(final AtomicBuffer buffer)
    {
        if (!outstanding.remove(buffer))
        {
            throw new AssertionError("released a buffer this provider does not hold: " + buffer);
        }
        released.add(buffer);
        delegate.release(buffer);
    }

    synchronized void failNextWith(final RuntimeException failure)
    {
        nextFailure = failure;
    }

    synchronized List<Integer> requestedCapacities()
    {
        return new ArrayList<>(requestedCapacities);
    }

    synchronized int allocations()
    {
        return outstanding.size() + released.size();
    }

    synchronized int releases()
    {
        return released.size();
    }

    synchronized int outstanding()
    {
        return outstanding.size();
    }

    synchronized boolean wasReleased(final AtomicBuffer buffer)
    {
        return released.contains(buffer);
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A {@link CountingProvider} that also records every capacity asked for and every buffer given back, for short
 * tests that check exactly which requests and releases the cache made.
 */
final class RecordingProvider extends CountingProvider
{
    private final List<Integer> requestedCapacities = new ArrayList<>();
    private final Set<AtomicBuffer> releasedBuffers = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public synchronized AtomicBuffer allocate(final int capacity, final int alignment)
    {
        requestedCapacities.add(capacity);
        return super.allocate(capacity, alignment);
    }

    @Override
    public synchronized void release(final AtomicBuffer buffer)
    {
        super.release(buffer);
        releasedBuffers.add(buffer);
    }

    synchronized List<Integer> requestedCapacities()
    {
        return new ArrayList<>(requestedCapacities);
    }

    synchronized boolean wasReleased(final AtomicBuffer buffer)
    {
        return releasedBuffers.contains(buffer);
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

/**
 * The one monitor of an {@link ItemStore}: whoever touches the store's tables synchronizes on it, and it knows
 * whether the store is closed so that each side of the store refuses a call after close the same way.
 */
final class StoreLock
{
    private boolean closed;

    /**
     * Whether the store is closed; call holding this lock.
     *
     * @return true once {@link #close()} has run.
     */
    boolean isClosed()
    {
        return closed;
    }

    /**
     * Marks the store closed; call holding this lock.
     *
     * @return true the first time, false when it was closed already.
     */
    boolean close()
    {
        final boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    /**
     * Refuses a call on a closed store; call holding this lock.
     *
     * @throws IllegalStateException when the store is closed.
     */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("item store is closed");
        }
    }
}

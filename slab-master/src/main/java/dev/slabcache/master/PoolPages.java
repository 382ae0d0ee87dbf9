/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import dev.slabcache.core.SlabExhaustedException;
import dev.slabcache.core.SlabProvider;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A {@link PagePool} as the caches built over it see it ({@link PagePool#provider()}): pages through the pool's own
 * path, and a way to find the pool out of pages without the exception its {@link #allocate} throws, for a full store
 * fails to grow on every allocation that evicts, where an exception's stack trace would cost more than the
 * allocation. Its {@link #toString()} is the pool's, so that messages name the pool. {@link ZeroedPages} is the same
 * path for a restartable cache.
 */
class PoolPages implements SlabProvider
{
    private final PagePool pool;
    /** What a cache records as the cause of a grow that found no page: made at the first, then kept. */
    private volatile SlabExhaustedException outOfPages;

    PoolPages(final PagePool pool)
    {
        this.pool = pool;
    }

    /**
     * Answers, for a cache about to grow, whether {@code provider} is a pool's own path whose pool has no page now.
     *
     * @param provider a cache's provider.
     * @return the cause to record for the grow that cannot be, or null when a page may be had (or the provider is
     * no pool's, and its {@code allocate} decides).
     */
    static SlabExhaustedException outOfPages(final SlabProvider provider)
    {
        return provider instanceof PoolPages ? ((PoolPages)provider).outOfPages() : null;
    }

    private SlabExhaustedException outOfPages()
    {
        if (pool.hasPage())
        {
            return null;
        }
        SlabExhaustedException cause = outOfPages;
        if (null == cause)
        {
            // Made once by whichever cache finds it first; another making its own meanwhile is harmless.
            cause = pool.exhaustedException();
            outOfPages = cause;
        }
        return cause;
    }

    @Override
    public AtomicBuffer allocate(final int capacity, final int alignment)
    {
        return pool.take(capacity, alignment);
    }

    @Override
    public void release(final AtomicBuffer buffer)
    {
        pool.giveBack(buffer);
    }

    @Override
    public String toString()
    {
        return pool.toString();
    }
}

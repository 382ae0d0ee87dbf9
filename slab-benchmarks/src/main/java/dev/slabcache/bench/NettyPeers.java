/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Netty's pooled allocator set up at its best, so that a ratio against it is not won against a handicapped peer.
 */
final class NettyPeers
{
    private NettyPeers()
    {
    }

    /**
     * A dedicated allocator with Netty's default arenas, pages and cache sizes, and thread caches for every
     * thread. Neither {@link PooledByteBufAllocator#DEFAULT} nor {@code new PooledByteBufAllocator(true)} would
     * do: Netty 4.2 defaults {@code useCacheForAllThreads} to false, so a thread that is not a
     * {@link FastThreadLocalThread} gets a thread cache of size 0 and every allocation goes to a locked arena.
     * A dedicated instance also keeps other code's buffers out of its arenas.
     *
     * @return a new pooled allocator preferring direct buffers, thread caches on.
     */
    static PooledByteBufAllocator pooledAllocator()
    {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread))
        {
            System.err.println("note: Netty peers run on plain threads, not Netty's FastThreadLocalThreads " +
                "(jmh.executor is not " + FastThreadExecutor.class.getName() + "): its recycling is slower there");
        }
        return new PooledByteBufAllocator(
            true,
            PooledByteBufAllocator.defaultNumHeapArena(),
            PooledByteBufAllocator.defaultNumDirectArena(),
            PooledByteBufAllocator.defaultPageSize(),
            PooledByteBufAllocator.defaultMaxOrder(),
            PooledByteBufAllocator.defaultSmallCacheSize(),
            PooledByteBufAllocator.defaultNormalCacheSize(),
            true);
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * A JMH worker pool of Netty {@link FastThreadLocalThread}s, chosen with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=dev.slabcache.bench.FastThreadExecutor}. Netty allocates on
 * its event-loop threads, which are such threads, and its {@link io.netty.util.Recycler} keeps a lock-free
 * owner batch only for them; running the Netty peers on JMH's plain threads would measure a slower Netty than
 * the one its users run. Our code does not care which kind of thread it runs on.
 */
public final class FastThreadExecutor extends ThreadPoolExecutor
{
    /**
     * The constructor JMH calls by reflection.
     *
     * @param maxThreads worker threads to keep.
     * @param prefix     start of each worker thread's name.
     */
    public FastThreadExecutor(final int maxThreads, final String prefix)
    {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), newThreadFactory(prefix));
    }

    private static ThreadFactory newThreadFactory(final String prefix)
    {
        final AtomicInteger count = new AtomicInteger();
        return (runnable) ->
        {
            final Thread thread = new FastThreadLocalThread(runnable, prefix + "-fast-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

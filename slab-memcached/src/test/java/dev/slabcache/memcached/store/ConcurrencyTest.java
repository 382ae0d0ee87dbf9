/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConcurrencyTest
{
    private static final int THREADS = 4;

    @Test
    void shouldNeverLoseAnIncrement() throws Exception
    {
        final int increments = 20_000;
        try (ItemStore store = new ItemStore(StoreDriver.settings(8L << 20, true), () -> System.currentTimeMillis() / 1000))
        {
            final byte[] key = StoreDriver.bytes("counter");
            final ItemView setView = new ItemView();
            store.store(StoreMode.SET, key, key.length, 0, 0, 0, false, Unpooled.wrappedBuffer(StoreDriver.bytes("0")),
                0, 1, setView);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final byte[] other = StoreDriver.bytes("other" + t);
                threads.add(new Thread(() ->
                {
                    try
                    {
                        final ItemView view = new ItemView();
                        final ByteBuf value = Unpooled.wrappedBuffer(new byte[300]);
                        for (int i = 0; i < increments; i++)
                        {
                            assertEquals(ArithResult.OK, store.arith(key, key.length, true, 1, 0,
                                ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH, view));
                            store.store(StoreMode.SET, other, other.length, 0, 0, 0, false, value, 0, i % 300, view);
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertNull(failure.get());
            final ItemView view = new ItemView();
            final ByteBuf out = Unpooled.buffer();
            store.get(key, key.length, ItemStore.NO_TOUCH, view, out);
            assertEquals(String.valueOf(THREADS * increments), out.toString(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldLetExactlyOneCasWinEachRound() throws Exception
    {
        final int rounds = 500;
        try (StoreDriver items = new StoreDriver(StoreDriver.settings(8L << 20, true)))
        {
            final ItemStore store = items.store;
            final byte[] key = StoreDriver.bytes("contended");
            items.set("contended", "start");
            final AtomicInteger winners = new AtomicInteger();
            final AtomicReference<String> failure = new AtomicReference<>();
            final AtomicInteger round = new AtomicInteger();
            final CyclicBarrier read = new CyclicBarrier(THREADS);
            final CyclicBarrier written = new CyclicBarrier(THREADS, () ->
            {
                if (1 != winners.getAndSet(0))
                {
                    failure.compareAndSet(null, "round " + round.get() + " had not exactly one winner");
                }
                round.incrementAndGet();
            });
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int id = t;
                threads.add(new Thread(() ->
                {
                    final ItemView view = new ItemView();
                    final ByteBuf value = Unpooled.wrappedBuffer(StoreDriver.bytes("writer-" + id));
                    try
                    {
                        for (int r = 0; r < rounds; r++)
                        {
                            store.get(key, key.length, ItemStore.NO_TOUCH, view, null);
                            final long cas = view.cas;
                            read.await();
                            final StoreResult result = store.store(StoreMode.CAS, key, key.length, 0, 0, cas, false,
                                value, 0, value.readableBytes(), view);
                            if (StoreResult.STORED == result)
                            {
                                winners.incrementAndGet();
                            }
                            else if (StoreResult.EXISTS != result)
                            {
                                failure.compareAndSet(null, "unexpected " + result);
                            }
                            written.await();
                        }
                    }
                    catch (final Exception ex)
                    {
                        failure.compareAndSet(null, ex.toString());
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertNull(failure.get());
            assertEquals(rounds, round.get());
            assertEquals(rounds, items.stat("cas_hits"));
            assertEquals((long)rounds * (THREADS - 1), items.stat("cas_badval"));
        }
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pause of the store (here "stats items", as a monitoring tool polls it) while threads set into a full store: a set
 * that has to evict must find an item to evict though the pause takes item locks, as memcached's do; none may answer
 * out of memory. Before pauses swept the item locks with tries, a pause waiting for one request's item lock held the
 * others, so that request's eviction found every item at its class's tails locked and failed (hitratio.sh's
 * full-speed run got "SERVER_ERROR out of memory storing object" within seconds, with the page mover pausing once a
 * second); and a request let in by a resume still giving back the lower stripes failed the same way until it waited
 * for the resume. The seed (-Dpause.seed) picks the keys and sizes.
 */
class PauseTest
{
    private static final int THREADS = 2;
    private static final int SETS = 100_000;
    private static final int KEYS = 200_000;
    private static final int[] VALUE_LENGTHS = {100, 400, 1_500};

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldEvictRatherThanFailWhileTheStoreIsPausedAgainAndAgain() throws Exception
    {
        final long seed = Long.getLong("pause.seed", System.nanoTime());
        System.out.println("PauseTest seed=" + seed + " (-Dpause.seed)");
        final StoreSettings settings = new StoreSettings(4L << 20, 1.25, 48, 1 << 20, true, null);
        try (StoreDriver items = new StoreDriver(settings, LruSettings.defaults(), new FakeClock(StoreDriver.NOW),
            StoreLock.stripesFor(THREADS, ItemIndex.INITIAL_HASH_POWER)))
        {
            final ItemStore store = items.store;
            // Every class in use holds items before the pauses start: a class with none is given its first page
            // only when the store can be paused at once (ItemAllocator), which a pause under way prevents.
            for (final int length : VALUE_LENGTHS)
            {
                assertEquals(StoreResult.STORED, set(store, new SplittableRandom(seed), -length, length));
            }
            final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            final AtomicBoolean running = new AtomicBoolean(true);
            final long[] pauses = new long[1];
            final Thread pauser = new Thread(() ->
            {
                while (running.get())
                {
                    store.admin().statsItems((name, value) -> { });
                    pauses[0]++;
                }
            });
            pauser.setDaemon(true);
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final SplittableRandom random = new SplittableRandom(seed + t);
                final Thread worker = new Thread(() -> setMany(store, random, failures));
                worker.setDaemon(true);
                workers.add(worker);
            }
            pauser.start();
            workers.forEach(Thread::start);
            for (final Thread worker : workers)
            {
                worker.join();
            }
            running.set(false);
            pauser.join();
            assertTrue(failures.isEmpty(), () -> "seed=" + seed + ": " + failures.peek() + " of " + failures.size());
            assertTrue(pauses[0] > 100, "the store was paused again and again: " + pauses[0]);
            assertTrue(Long.parseLong(items.stats().get("evictions")) > SETS, "sets evicted, seed=" + seed);
        }
    }

    private static void setMany(
        final ItemStore store, final SplittableRandom random, final ConcurrentLinkedQueue<Throwable> failures)
    {
        try
        {
            for (int i = 0; i < SETS && failures.isEmpty(); i++)
            {
                final int length = VALUE_LENGTHS[random.nextInt(VALUE_LENGTHS.length)];
                final int k = random.nextInt(KEYS);
                assertEquals(StoreResult.STORED, set(store, random, k, length), "set of key " + k + ", " + length +
                    " B");
            }
        }
        catch (final Throwable ex)
        {
            failures.add(ex);
        }
    }

    private static StoreResult set(final ItemStore store, final SplittableRandom random, final int k, final int length)
    {
        final byte[] key = ("pause:" + k).getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        final ByteBuf value = Unpooled.wrappedBuffer(bytes);
        return store.store(StoreMode.SET, key, key.length, 0, 0, 0, false, value, 0, length, new ItemView());
    }
}

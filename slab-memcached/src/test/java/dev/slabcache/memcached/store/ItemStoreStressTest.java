/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Threads set, get, delete, append to and increment random keys of one store at once, while another thread runs the
 * background work (crawler, LRU maintainer, page mover), reassigns pages between classes and moves the clock, and the
 * index, started at 16 buckets, grows again and again. Every value is made of segments that each name the key and a
 * version, "{key v=N n=L ppp...}" with L pad bytes that the version picks, so that a torn value, a value read under
 * another key or a counter read as a value fails the test. The seed (-Dstress.seed) picks each thread's operations;
 * the threads' interleaving is the machine's, and -Dstress.threads sets how many threads work (4 unless told), so
 * that a run may have more threads than the machine has cores. A store whose locks let threads corrupt its lists
 * may also hang, so the test has a timeout and its threads are daemons.
 */
class ItemStoreStressTest
{
    /** Name of the system property that sets the working threads. */
    static final String THREADS_PROP_NAME = "stress.threads";
    private static final int THREADS = Integer.getInteger(THREADS_PROP_NAME, 4);
    /** Each thread's operations: with fewer than four threads, more each, so that memory fills and items go. */
    private static final int OPERATIONS = 160_000 / Math.max(1, Math.min(THREADS, 4));
    private static final int KEYS = 40_000;
    private static final int COUNTERS = 16;
    private static final int MIN_PAD = 300;
    private static final int MAX_PAD = 900;

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverTearOrMisdirectAValueWhilePagesMoveAndTheIndexGrows() throws Exception
    {
        final long seed = Long.getLong("stress.seed", System.nanoTime());
        System.out.println("ItemStoreStressTest seed=" + seed + " (-Dstress.seed), threads=" + THREADS);
        final FakeClock clock = new FakeClock(StoreDriver.NOW);
        final StoreSettings settings = new StoreSettings(16L << 20, 1.25, 48, 1 << 20, true, null, 4);
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (StoreDriver items = new StoreDriver(settings, LruSettings.defaults(), clock, 16))
        {
            final ItemStore store = items.store;
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread background = new Thread(() -> runBackground(store, clock, seed, running, failures));
            background.setDaemon(true);
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final long threadSeed = seed + t;
                final Thread worker = new Thread(() -> runWorker(store, new SplittableRandom(threadSeed), failures));
                worker.setDaemon(true);
                workers.add(worker);
            }
            background.start();
            workers.forEach(Thread::start);
            for (final Thread worker : workers)
            {
                worker.join();
            }
            running.set(false);
            background.join();
            assertTrue(failures.isEmpty(), () -> "seed=" + seed + ": " + failures.peek() + " of " + failures.size());

            final ItemView view = new ItemView();
            final ByteBuf out = Unpooled.buffer();
            long found = 0;
            for (int k = 0; k < KEYS + COUNTERS; k++)
            {
                final byte[] key = key(k);
                out.clear();
                if (store.get(key, key.length, ItemStore.NO_TOUCH, view, out))
                {
                    found++;
                    check(k, out, "seed=" + seed);
                }
            }
            final Map<String, String> stats = items.stats();
            assertEquals(found, Long.parseLong(stats.get("curr_items")), "seed=" + seed + ": curr_items");
            assertTrue(Long.parseLong(stats.get("hash_power_level")) > 6, "the index grew, seed=" + seed);
            assertTrue(Long.parseLong(stats.get("slabs_moved")) > 0, "pages moved, seed=" + seed);
            assertTrue(Long.parseLong(stats.get("evictions")) > 0, "items were evicted, seed=" + seed);
            final long noMemory = Long.parseLong(stats.get("store_no_memory"));
            assertTrue(noMemory * 100 < Long.parseLong(stats.get("cmd_set")),
                "under 1% of sets find no memory: " + noMemory + ", seed=" + seed);
            assertEquals((long)THREADS * OPERATIONS, Long.parseLong(stats.get("cmd_get")) +
                Long.parseLong(stats.get("cmd_set")) + Long.parseLong(stats.get("delete_hits")) +
                Long.parseLong(stats.get("delete_misses")) + Long.parseLong(stats.get("incr_hits")) +
                Long.parseLong(stats.get("incr_misses")) - KEYS - COUNTERS, "every thread's counts, seed=" + seed);
        }
    }

    private static void runWorker(
        final ItemStore store, final SplittableRandom random, final ConcurrentLinkedQueue<Throwable> failures)
    {
        final ItemView view = new ItemView();
        final ByteBuf out = Unpooled.buffer();
        try
        {
            for (int op = 0; op < OPERATIONS && failures.isEmpty(); op++)
            {
                final boolean counter = random.nextInt(10) == 0;
                final int k = counter ? KEYS + random.nextInt(COUNTERS) : random.nextInt(KEYS);
                final byte[] key = key(k);
                final int choice = random.nextInt(100);
                if (counter && choice < 70)
                {
                    final ArithResult result = store.arith(key, key.length, true, 1 + random.nextInt(5), 0,
                        ItemStore.NO_VIVIFY, 0, ItemStore.NO_TOUCH, view);
                    assertTrue(ArithResult.OK == result || ArithResult.NOT_FOUND == result,
                        "incr " + k + ": " + result);
                }
                else if (choice < 50)
                {
                    out.clear();
                    if (store.get(key, key.length, ItemStore.NO_TOUCH, view, out))
                    {
                        check(k, out, "get");
                        assertEquals(out.readableBytes(), view.valueLength, "valueLength of " + k);
                    }
                }
                else if (choice < 80)
                {
                    final ByteBuf value = counter ? ascii(Integer.toString(random.nextInt(1000))) :
                        segment(k, random.nextInt(1 << 20), MIN_PAD + random.nextInt(MAX_PAD - MIN_PAD));
                    final long exptime = random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0;
                    final StoreResult result = store.store(StoreMode.SET, key, key.length, 0, exptime, 0, false,
                        value, 0, value.readableBytes(), view);
                    assertTrue(StoreResult.STORED == result || StoreResult.NO_MEMORY == result, "set: " + result);
                }
                else if (choice < 90)
                {
                    store.delete(key, key.length, 0, false, ItemStore.NO_TOUCH);
                }
                else
                {
                    // A counter is set anew rather than appended to, so that it stays a number incr accepts.
                    final ByteBuf value = counter ? ascii(Integer.toString(random.nextInt(1000))) :
                        segment(k, random.nextInt(1 << 20), random.nextInt(MIN_PAD / 2));
                    final StoreResult result = store.store(counter ? StoreMode.SET : StoreMode.APPEND, key,
                        key.length, 0, 0, 0, false, value, 0, value.readableBytes(), view);
                    assertTrue(StoreResult.STORED == result || StoreResult.NOT_STORED == result ||
                        counter && StoreResult.NO_MEMORY == result, "append or set: " + result);
                }
            }
        }
        catch (final Throwable ex)
        {
            failures.add(ex);
        }
    }

    private static void runBackground(
        final ItemStore store, final FakeClock clock, final long seed, final AtomicBoolean running,
        final ConcurrentLinkedQueue<Throwable> failures)
    {
        final SplittableRandom random = new SplittableRandom(seed - 1);
        try
        {
            while (running.get())
            {
                store.maintain();
                if (0 == random.nextInt(20))
                {
                    // Class ids past the last are refused (BADCLASS), as memcached refuses them.
                    store.admin().reassign(-1, 1 + random.nextInt(48));
                }
                if (random.nextInt(4) == 0)
                {
                    clock.advance(1);
                }
                Thread.sleep(1);
            }
        }
        catch (final Throwable ex)
        {
            failures.add(ex);
        }
    }

    /**
     * Checks that the value read under key {@code k} is made of whole segments of that key, or is a counter's
     * digits (and the spaces an in-place write may leave) under a counter key.
     */
    private static void check(final int k, final ByteBuf value, final String where)
    {
        final String text = value.toString(StandardCharsets.US_ASCII);
        if (k >= KEYS)
        {
            assertTrue(text.matches("[0-9 ]+"), where + ": counter " + k + " holds '" + abbreviate(text) + "'");
            return;
        }
        final String prefix = "{" + k + " v=";
        int at = 0;
        while (at < text.length())
        {
            assertTrue(text.startsWith(prefix, at), where + ": key " + k + " holds '" + abbreviate(text) + "'");
            final int versionEnd = text.indexOf(" n=", at);
            final int lengthEnd = text.indexOf(' ', versionEnd + 3);
            assertTrue(versionEnd > 0 && lengthEnd > 0, where + ": key " + k + " torn: '" + abbreviate(text) + "'");
            final int version = Integer.parseInt(text.substring(at + prefix.length(), versionEnd));
            final int pad = Integer.parseInt(text.substring(versionEnd + 3, lengthEnd));
            final int end = lengthEnd + 1 + pad;
            assertTrue(end < text.length() && '}' == text.charAt(end), where + ": key " + k + " torn at " + at);
            final char fill = padByte(version);
            for (int i = lengthEnd + 1; i < end; i++)
            {
                assertEquals(fill, text.charAt(i), where + ": key " + k + " v=" + version + " torn at " + i);
            }
            at = end + 1;
        }
    }

    private static ByteBuf segment(final int k, final int version, final int pad)
    {
        final StringBuilder text = new StringBuilder(pad + 32).append('{').append(k).append(" v=").append(version)
            .append(" n=").append(pad).append(' ');
        final char fill = padByte(version);
        for (int i = 0; i < pad; i++)
        {
            text.append(fill);
        }
        return ascii(text.append('}').toString());
    }

    private static char padByte(final int version)
    {
        return (char)('a' + version % 26);
    }

    private static byte[] key(final int k)
    {
        return ("stress:" + k).getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuf ascii(final String text)
    {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}

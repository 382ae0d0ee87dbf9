/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.slabcache.memcached.store.ItemStore;
import dev.slabcache.memcached.store.ItemView;
import dev.slabcache.memcached.store.LruSettings;
import dev.slabcache.memcached.store.StoreMode;
import dev.slabcache.memcached.store.StoreResult;
import dev.slabcache.memcached.store.StoreSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * slab-memcached's item store with no network in front of it, shared by all the benchmark's threads (run it with
 * {@code -t 1}, {@code -t 2} and {@code -t 4}): {@link #getHit()} reads a random one of {@link #KEYS} stored keys,
 * {@link #setOverwrite()} stores a new value of the same size under one, {@link #mixed()} does a get nine times in
 * ten and a set otherwise. Keys are 12 bytes, values {@link #VALUE_LENGTH}; the index is large enough that it never
 * grows during a run, and the memory holds every key, so nothing is evicted.
 * <p>
 * The score is operations per microsecond over all threads: a store that scales doubles it from {@code -t 1} to
 * {@code -t 2} on two idle cores. {@code lockStripes} is the store's item locks: 1024, memcached's count for up to
 * two threads, or 1, the peer: one lock for every request, as the store had before its locks were striped (its LRU
 * locks and its slot cache's lock are still taken inside, uncontended). 0 B/op on every path but a contended lock's
 * wait, which queues a node.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dio.netty.leakDetection.level=disabled"})
public class ItemStoreBenchmark
{
    /** Keys stored before the run. */
    static final int KEYS = 100_000;
    /** Bytes of every value. */
    static final int VALUE_LENGTH = 100;

    /**
     * The store and its keys, shared by every thread.
     */
    @State(Scope.Benchmark)
    public static class Store
    {
        /**
         * The store's item locks: 1024 (striped) or 1 (the one-lock peer).
         */
        @Param({"1024", "1"})
        public int lockStripes;

        ItemStore store;
        final byte[][] keys = new byte[KEYS][];

        /**
         * Makes a 256 MiB store with an index of 2^18 buckets and stores every key once.
         */
        @Setup
        public void setUp()
        {
            final StoreSettings settings = new StoreSettings(256L << 20, StoreSettings.DEFAULT_GROWTH_FACTOR,
                StoreSettings.DEFAULT_MIN_DATA_SIZE, StoreSettings.DEFAULT_MAX_ITEM_SIZE, true, null, 18);
            store = new ItemStore(settings, LruSettings.defaults(), ItemStoreBenchmark::unixSeconds, lockStripes);
            final ByteBuf value = Unpooled.directBuffer(VALUE_LENGTH).writeZero(VALUE_LENGTH);
            final ItemView view = new ItemView();
            for (int i = 0; i < KEYS; i++)
            {
                keys[i] = String.format("key:%08d", i).getBytes(StandardCharsets.US_ASCII);
                if (StoreResult.STORED != store.store(
                    StoreMode.SET, keys[i], keys[i].length, 0, 0, 0, false, value, 0, VALUE_LENGTH, view))
                {
                    throw new IllegalStateException("key " + i + " was not stored");
                }
            }
            value.release();
        }

        /**
         * Closes the store.
         */
        @TearDown
        public void tearDown()
        {
            store.close();
        }
    }

    /**
     * A thread's own random keys, value and buffers.
     */
    @State(Scope.Thread)
    public static class Caller
    {
        final ItemView view = new ItemView();
        final ByteBuf value = Unpooled.directBuffer(VALUE_LENGTH).writeZero(VALUE_LENGTH);
        final ByteBuf out = Unpooled.directBuffer(VALUE_LENGTH);
        SplittableRandom random;

        /**
         * Seeds the thread's keys from its id, so that threads walk different keys.
         */
        @Setup
        public void setUp()
        {
            random = new SplittableRandom(Thread.currentThread().getId());
        }

        /**
         * Gives the buffers back.
         */
        @TearDown
        public void tearDown()
        {
            value.release();
            out.release();
        }
    }

    /**
     * A get of a stored key, its value copied out.
     *
     * @param store  the shared store.
     * @param caller the thread's state.
     * @return whether it hit.
     */
    @Benchmark
    public boolean getHit(final Store store, final Caller caller)
    {
        return get(store, caller, store.keys[caller.random.nextInt(KEYS)]);
    }

    /**
     * A set of a stored key to a value of the same size, written over the old one in its slot.
     *
     * @param store  the shared store.
     * @param caller the thread's state.
     * @return what was done.
     */
    @Benchmark
    public StoreResult setOverwrite(final Store store, final Caller caller)
    {
        return set(store, caller, store.keys[caller.random.nextInt(KEYS)]);
    }

    /**
     * Nine gets in ten, a set otherwise.
     *
     * @param store  the shared store.
     * @param caller the thread's state.
     * @return whether it hit or stored.
     */
    @Benchmark
    public boolean mixed(final Store store, final Caller caller)
    {
        final byte[] key = store.keys[caller.random.nextInt(KEYS)];
        return 0 != caller.random.nextInt(10) ? get(store, caller, key) : StoreResult.STORED == set(store, caller, key);
    }

    private static boolean get(final Store store, final Caller caller, final byte[] key)
    {
        caller.out.clear();
        return store.store.get(key, key.length, ItemStore.NO_TOUCH, caller.view, caller.out);
    }

    private static StoreResult set(final Store store, final Caller caller, final byte[] key)
    {
        return store.store.store(
            StoreMode.SET, key, key.length, 0, 0, 0, false, caller.value, 0, VALUE_LENGTH, caller.view);
    }

    private static long unixSeconds()
    {
        return System.currentTimeMillis() / 1000;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * A producer thread allocates a 64-byte slot, writes a {@code long} into it and hands it over a ring to a
 * consumer thread, which reads the {@code long} and frees the slot: the cross-thread free that magazines must
 * get right. Each group is one producer and one consumer; each side reports ns per call, and every call but
 * the last of an iteration is one complete hand-over, so both sides' scores are the time per hand-over.
 * <p>
 * A side that finds the ring full (producer) or empty (consumer) spins until it is not, or until JMH says the
 * measurement is over ({@link Control#stopMeasurement}): JMH stops the two threads of a group one after the
 * other, and a side waiting on a partner that has stopped would never return. A producer stopped that way
 * frees what it allocated; what is left in the ring is freed when the iteration ends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dio.netty.leakDetection.level=disabled",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.slabcache.bench.FastThreadExecutor"})
public class HandOverBenchmark
{
    private static final int SLOT_SIZE = 64;
    private static final int RING_CAPACITY = 1024;

    /**
     * What one side writes on every call. It is a state of its own, made by its own thread, so the producer's
     * and the consumer's writes never share a cache line with each other or with the group state they both read.
     */
    @State(Scope.Thread)
    public static class Side
    {
        final LongSlot slot = new LongSlot();
        long value = 1;
    }

    /**
     * A shared cache and the ring of handles between the two threads.
     */
    @State(Scope.Group)
    public static class CacheHandOver
    {
        /**
         * How the cache lets threads in; the default is {@link ThreadSafety#MAGAZINES}.
         */
        @Param({"MAGAZINES", "LOCKED"})
        public ThreadSafety threadSafety;

        SlabCache cache;
        final SpscLongRing ring = new SpscLongRing(RING_CAPACITY);

        /**
         * Builds the cache.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            cache = SlabCache.builder().name("hand-over-" + threadSafety).slotSize(SLOT_SIZE)
                .threadSafety(threadSafety).build();
        }

        /**
         * Frees what the consumer did not take before the iteration ended.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            for (long handle = ring.poll(); SlabCache.NULL_HANDLE != handle; handle = ring.poll())
            {
                cache.free(handle);
            }
        }

        /**
         * Closes the cache.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            cache.close();
        }
    }

    /**
     * A Netty pooled allocator of its own and the ring of buffers between the two threads.
     */
    @State(Scope.Group)
    public static class NettyPooledHandOver
    {
        PooledByteBufAllocator allocator;
        final SpscRefRing<ByteBuf> ring = new SpscRefRing<>(RING_CAPACITY);

        /**
         * Builds the allocator.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            allocator = NettyPeers.pooledAllocator();
        }

        /**
         * Releases what the consumer did not take before the iteration ended.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            for (ByteBuf buf = ring.poll(); null != buf; buf = ring.poll())
            {
                buf.release();
            }
        }
    }

    /**
     * The ring of Netty recycled records between the two threads.
     */
    @State(Scope.Group)
    public static class RecyclerHandOver
    {
        final SpscRefRing<RecycledRecord> ring = new SpscRefRing<>(RING_CAPACITY);

        /**
         * Recycles what the consumer did not take before the iteration ended.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            for (RecycledRecord record = ring.poll(); null != record; record = ring.poll())
            {
                record.recycle();
            }
        }
    }

    /**
     * @param state   the cache and the ring.
     * @param side    the producer's flyweight and counter.
     * @param control JMH's signal that the measurement is over.
     * @return the handle handed over, or {@link SlabCache#NULL_HANDLE} when stopped first.
     */
    @Benchmark
    @Group("cache")
    @GroupThreads(1)
    public long cacheProduce(final CacheHandOver state, final Side side, final Control control)
    {
        final SlabCache cache = state.cache;
        final long handle = cache.allocate();
        side.slot.wrap(cache, handle);
        side.slot.value(side.value++);
        for (int attempt = 1; !state.ring.offer(handle); attempt++)
        {
            if (control.stopMeasurement)
            {
                cache.free(handle);
                return SlabCache.NULL_HANDLE;
            }
            SpscRing.idle(attempt);
        }
        return handle;
    }

    /**
     * @param state   the cache and the ring.
     * @param side    the consumer's flyweight.
     * @param control JMH's signal that the measurement is over.
     * @return the value the producer wrote, or 0 when stopped first.
     */
    @Benchmark
    @Group("cache")
    @GroupThreads(1)
    public long cacheConsume(final CacheHandOver state, final Side side, final Control control)
    {
        long handle;
        for (int attempt = 1; SlabCache.NULL_HANDLE == (handle = state.ring.poll()); attempt++)
        {
            if (control.stopMeasurement)
            {
                return 0;
            }
            SpscRing.idle(attempt);
        }
        final SlabCache cache = state.cache;
        side.slot.wrap(cache, handle);
        final long value = side.slot.value();
        cache.free(handle);
        return value;
    }

    /**
     * @param state   the allocator and the ring.
     * @param side    the producer's counter.
     * @param control JMH's signal that the measurement is over.
     * @return the buffer handed over, or null when stopped first.
     */
    @Benchmark
    @Group("nettyPooled")
    @GroupThreads(1)
    public ByteBuf nettyPooledProduce(final NettyPooledHandOver state, final Side side, final Control control)
    {
        final ByteBuf buf = state.allocator.directBuffer(SLOT_SIZE);
        buf.writeLong(side.value++);
        for (int attempt = 1; !state.ring.offer(buf); attempt++)
        {
            if (control.stopMeasurement)
            {
                buf.release();
                return null;
            }
            SpscRing.idle(attempt);
        }
        return buf;
    }

    /**
     * @param state   the allocator and the ring.
     * @param control JMH's signal that the measurement is over.
     * @return the value the producer wrote, or 0 when stopped first.
     */
    @Benchmark
    @Group("nettyPooled")
    @GroupThreads(1)
    public long nettyPooledConsume(final NettyPooledHandOver state, final Control control)
    {
        ByteBuf buf;
        for (int attempt = 1; null == (buf = state.ring.poll()); attempt++)
        {
            if (control.stopMeasurement)
            {
                return 0;
            }
            SpscRing.idle(attempt);
        }
        final long value = buf.readLong();
        buf.release();
        return value;
    }

    /**
     * @param state   the ring.
     * @param side    the producer's counter.
     * @param control JMH's signal that the measurement is over.
     * @return the record handed over, or null when stopped first.
     */
    @Benchmark
    @Group("recycler")
    @GroupThreads(1)
    public RecycledRecord recyclerProduce(final RecyclerHandOver state, final Side side, final Control control)
    {
        final RecycledRecord record = RecycledRecord.newInstance();
        record.value = side.value++;
        for (int attempt = 1; !state.ring.offer(record); attempt++)
        {
            if (control.stopMeasurement)
            {
                record.recycle();
                return null;
            }
            SpscRing.idle(attempt);
        }
        return record;
    }

    /**
     * @param state   the ring.
     * @param control JMH's signal that the measurement is over.
     * @return the value the producer wrote, or 0 when stopped first.
     */
    @Benchmark
    @Group("recycler")
    @GroupThreads(1)
    public long recyclerConsume(final RecyclerHandOver state, final Control control)
    {
        RecycledRecord record;
        for (int attempt = 1; null == (record = state.ring.poll()); attempt++)
        {
            if (control.stopMeasurement)
            {
                return 0;
            }
            SpscRing.idle(attempt);
        }
        final long value = record.value;
        record.recycle();
        return value;
    }
}

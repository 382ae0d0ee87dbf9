/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * One thread: allocate a 64-byte slot, write a {@code long} into it, free it; the score is ns per pair.
 * <p>
 * Targets: {@link #singleOwner()} within 1.5x of {@link #segment()} (the bare slab the cache manages), and
 * {@link #magazines()} (the default cache) at least 10x faster than {@link #nettyPooled()}.
 * <p>
 * {@code liveSlots} slots are held live in every allocator for the whole run. With 0 the cache's only slab
 * empties on every free and moves between its free list and a partial bin twice per pair, the worst case of
 * its list bookkeeping; with 16 the slab stays partial, the steady state of a cache in use.
 * <p>
 * {@link #allocateDirect()} cannot free: its memory goes back only when the GC collects the buffer and runs its
 * cleaner, so it allocates on the heap on every call and its cost includes GC pressure not seen in the score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dio.netty.leakDetection.level=disabled",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.slabcache.bench.FastThreadExecutor"})
@State(Scope.Thread)
public class CacheBenchmark
{
    private static final int SLOT_SIZE = 64;
    private static final int SEGMENT_BYTES = 64 * 1024;

    /**
     * Slots held live beside the one allocated and freed by each call.
     */
    @Param({"0", "16"})
    public int liveSlots;

    private SlabCache singleOwnerCache;
    private SlabCache magazinesCache;
    private SlabCache lockedCache;
    private SlotSegment segment;
    private PooledByteBufAllocator nettyAllocator;
    private final LongSlot slot = new LongSlot();
    private long value;

    private long[] singleOwnerLive;
    private long[] magazinesLive;
    private long[] lockedLive;
    private ByteBuf[] nettyLive;

    /**
     * Builds every allocator and takes its live slots.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        singleOwnerCache = newCache("single-owner", ThreadSafety.SINGLE_OWNER);
        magazinesCache = newCache("magazines", ThreadSafety.MAGAZINES);
        lockedCache = newCache("locked", ThreadSafety.LOCKED);
        segment = new SlotSegment(new UnsafeBuffer(BufferUtil.allocateDirectAligned(SEGMENT_BYTES, 64)), SLOT_SIZE);
        nettyAllocator = NettyPeers.pooledAllocator();

        singleOwnerLive = allocateLive(singleOwnerCache);
        magazinesLive = allocateLive(magazinesCache);
        lockedLive = allocateLive(lockedCache);
        nettyLive = new ByteBuf[liveSlots];
        for (int i = 0; i < liveSlots; i++)
        {
            segment.allocate();
            nettyLive[i] = nettyAllocator.directBuffer(SLOT_SIZE);
        }
    }

    /**
     * Frees the live slots and closes the caches, so each closes clean.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        freeLive(singleOwnerCache, singleOwnerLive);
        freeLive(magazinesCache, magazinesLive);
        freeLive(lockedCache, lockedLive);
        for (final ByteBuf buf : nettyLive)
        {
            buf.release();
        }
        singleOwnerCache.close();
        magazinesCache.close();
        lockedCache.close();
    }

    /**
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long singleOwner()
    {
        return cycle(singleOwnerCache);
    }

    /**
     * The default cache.
     *
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long magazines()
    {
        return cycle(magazinesCache);
    }

    /**
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long locked()
    {
        return cycle(lockedCache);
    }

    /**
     * The floor the cache is held to: the one slab, no lists, no handle to check.
     *
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segment()
    {
        final int index = segment.allocate();
        final int offset = segment.offsetOf(index);
        segment.buffer().putLong(offset, value++);
        segment.free(index);
        return offset;
    }

    /**
     * Netty's pooled allocator: {@code directBuffer(64)}, {@code writeLong}, {@code release()}.
     *
     * @return the buffer, so the work cannot be dropped.
     */
    @Benchmark
    public ByteBuf nettyPooled()
    {
        final ByteBuf buf = nettyAllocator.directBuffer(SLOT_SIZE);
        buf.writeLong(value++);
        buf.release();
        return buf;
    }

    /**
     * The JDK's direct buffer: allocated and zeroed on every call, never freed by us.
     *
     * @return the buffer, so the work cannot be dropped.
     */
    @Benchmark
    public ByteBuffer allocateDirect()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(SLOT_SIZE);
        buffer.putLong(0, value++);
        return buffer;
    }

    private long cycle(final SlabCache cache)
    {
        final long handle = cache.allocate();
        slot.wrap(cache, handle);
        slot.value(value++);
        cache.free(handle);
        return handle;
    }

    private static SlabCache newCache(final String name, final ThreadSafety threadSafety)
    {
        return SlabCache.builder().name(name).slotSize(SLOT_SIZE).threadSafety(threadSafety).build();
    }

    private long[] allocateLive(final SlabCache cache)
    {
        final long[] handles = new long[liveSlots];
        for (int i = 0; i < liveSlots; i++)
        {
            handles[i] = cache.allocate();
        }
        return handles;
    }

    private static void freeLive(final SlabCache cache, final long[] handles)
    {
        for (final long handle : handles)
        {
            cache.free(handle);
        }
    }
}

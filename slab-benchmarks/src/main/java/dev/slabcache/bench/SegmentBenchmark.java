/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlotSegment;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checked {@link SlotSegment} against {@link BareFreeList}: allocate a 64-byte slot, write a long into it,
 * free it. {@code batch} variants hold 16 slots at once so the free list really moves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class SegmentBenchmark
{
    private static final int SLOT_SIZE = 64;
    private static final int SLAB_BYTES = 64 * 1024;
    private static final int BATCH = 16;

    private SlotSegment segment;
    private BareFreeList bare;
    private final int[] slots = new int[BATCH];
    private long value;

    /**
     * Both allocators over a fresh 64 KiB direct buffer.
     */
    @Setup
    public void setUp()
    {
        segment = new SlotSegment(new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLAB_BYTES, 64)), SLOT_SIZE);
        bare = new BareFreeList(new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLAB_BYTES, 64)), SLOT_SIZE);
    }

    /**
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segment()
    {
        final int slot = segment.allocate();
        final int offset = segment.offsetOf(slot);
        segment.buffer().putLong(offset, value++);
        segment.free(slot);
        return offset;
    }

    /**
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int bareFreeList()
    {
        final int slot = bare.allocate();
        final int offset = bare.offsetOf(slot);
        bare.buffer().putLong(offset, value++);
        bare.free(slot);
        return offset;
    }

    /**
     * @return a checksum of the offsets.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int segmentBatch()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final int slot = segment.allocate();
            final int offset = segment.offsetOf(slot);
            segment.buffer().putLong(offset, value++);
            slots[i] = slot;
            sum += offset;
        }
        for (int i = BATCH - 1; i >= 0; i--)
        {
            segment.free(slots[i]);
        }
        return sum;
    }

    /**
     * @return a checksum of the offsets.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int bareFreeListBatch()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final int slot = bare.allocate();
            final int offset = bare.offsetOf(slot);
            bare.buffer().putLong(offset, value++);
            slots[i] = slot;
            sum += offset;
        }
        for (int i = BATCH - 1; i >= 0; i--)
        {
            bare.free(slots[i]);
        }
        return sum;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.master.Slab;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
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
 * Attach a caller's buffer to a cache and detach it again; the score is ns per attach-and-detach pair. Slots
 * are carved lazily by a high-water mark, so the pair should cost the same for 4 KiB (64 slots) as for 1 GiB
 * (16 Mi slots). Attach is not a hot-path call: it makes a little garbage (the slab's heap metadata), and
 * {@code -prof gc} shows how much, and whether it grows with the buffer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:MaxDirectMemorySize=2g"})
@State(Scope.Thread)
public class AttachBenchmark
{
    private static final int SLOT_SIZE = 64;

    /**
     * Bytes in the attached buffer: 4 KiB or 1 GiB.
     */
    @Param({"4096", "1073741824"})
    public int bufferBytes;

    private AtomicBuffer buffer;
    private SlabCache singleOwnerCache;
    private SlabCache magazinesCache;

    /**
     * Allocates the buffer once and builds caches that never grow on their own.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(bufferBytes, 64));
        singleOwnerCache = newCache("attach-single-owner", ThreadSafety.SINGLE_OWNER);
        magazinesCache = newCache("attach-magazines", ThreadSafety.MAGAZINES);
    }

    /**
     * Closes the caches.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        singleOwnerCache.close();
        magazinesCache.close();
    }

    /**
     * @return the slab, so the work cannot be dropped.
     */
    @Benchmark
    public Slab singleOwner()
    {
        return attachAndDetach(singleOwnerCache);
    }

    /**
     * The default cache.
     *
     * @return the slab, so the work cannot be dropped.
     */
    @Benchmark
    public Slab magazines()
    {
        return attachAndDetach(magazinesCache);
    }

    private Slab attachAndDetach(final SlabCache cache)
    {
        final Slab slab = cache.attach(buffer);
        cache.detach(slab);
        return slab;
    }

    private static SlabCache newCache(final String name, final ThreadSafety threadSafety)
    {
        return SlabCache.builder().name(name).slotSize(SLOT_SIZE).maxSlabs(0).threadSafety(threadSafety).build();
    }
}

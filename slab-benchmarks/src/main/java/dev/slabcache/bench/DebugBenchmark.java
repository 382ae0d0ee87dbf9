/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
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
 * {@link CacheBenchmark}'s cycle (allocate a 64-byte slot, write a {@code long} into it, free it) on caches built in
 * debug mode, to state what debug mode costs; compare with {@link CacheBenchmark}'s {@code singleOwner},
 * {@code magazines} and {@code locked} in the same run. A free fills 60 bytes with poison and an allocation checks
 * them; with {@code debugSampleRate=1} every allocation also takes its stack and every free of it its own.
 * The caches live in a state of their own so that {@link CacheBenchmark}'s runs never touch a debug cache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.slabcache.bench.FastThreadExecutor"})
@State(Scope.Thread)
public class DebugBenchmark
{
    private static final int SLOT_SIZE = 64;

    /**
     * Slots held live beside the one allocated and freed by each call, as in {@link CacheBenchmark}.
     */
    @Param({"0", "16"})
    public int liveSlots;

    /**
     * One allocation in this many records its stack.
     */
    @Param({"1", "1024"})
    public int debugSampleRate;

    private SlabCache singleOwnerCache;
    private SlabCache magazinesCache;
    private SlabCache lockedCache;
    private long[] singleOwnerLive;
    private long[] magazinesLive;
    private long[] lockedLive;
    private final LongSlot slot = new LongSlot();
    private long value;

    /**
     * Builds the debug caches and takes their live slots.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        singleOwnerCache = newCache("single-owner-debug", ThreadSafety.SINGLE_OWNER);
        magazinesCache = newCache("magazines-debug", ThreadSafety.MAGAZINES);
        lockedCache = newCache("locked-debug", ThreadSafety.LOCKED);
        singleOwnerLive = allocateLive(singleOwnerCache);
        magazinesLive = allocateLive(magazinesCache);
        lockedLive = allocateLive(lockedCache);
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
        singleOwnerCache.close();
        magazinesCache.close();
        lockedCache.close();
    }

    /**
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long singleOwnerDebug()
    {
        return cycle(singleOwnerCache);
    }

    /**
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long magazinesDebug()
    {
        return cycle(magazinesCache);
    }

    /**
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long lockedDebug()
    {
        return cycle(lockedCache);
    }

    private long cycle(final SlabCache cache)
    {
        final long handle = cache.allocate();
        slot.wrap(cache, handle);
        slot.value(value++);
        cache.free(handle);
        return handle;
    }

    private SlabCache newCache(final String name, final ThreadSafety threadSafety)
    {
        return SlabCache.builder().name(name).slotSize(SLOT_SIZE).threadSafety(threadSafety).debug(true)
            .debugSampleRate(debugSampleRate).build();
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

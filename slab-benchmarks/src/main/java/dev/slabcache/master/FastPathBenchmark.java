/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.util.concurrent.TimeUnit;

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
 * The cost of a cache's allocate + free taken apart, piece by piece, one thread, 64-byte slots: each benchmark adds
 * one piece of per-operation work to the one before, so the difference between two neighbours is what that piece
 * costs, and the last is the whole call through {@link SlabCache}. It lives in the cache's package because the
 * pieces are package-private: it reaches them as the cache does, with no copy of their code.
 * <p>
 * {@link ThreadSafety#SINGLE_OWNER}, from {@link #a1Segment()} up to {@link #a6Cache()}; then
 * {@link ThreadSafety#MAGAZINES}: {@link #b1MagazinePath()} and {@link #b2Cache()}, to set beside
 * {@code CacheBenchmark.segmentWithStateCas} and {@code segmentWithStateCasAndThreadLocal}. No slot is written:
 * {@code CacheBenchmark} times the write through a flyweight.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class FastPathBenchmark
{
    /**
     * Slots held live beside the one allocated and freed by each call, as in {@code CacheBenchmark}.
     */
    @Param({"16"})
    public int liveSlots;

    private CacheCore owner;
    private SlabArena arena;
    private SlabTable table;
    private OwnerPath ownerPath;
    private SlabRecord serving;
    private SlabCache ownerCache;
    private CacheCore magazines;
    private MagazinePath magazinePath;
    private SlabCache magazinesCache;

    /**
     * Builds a core and a cache of each mode, each with its live slots.
     */
    @Setup
    public void setUp()
    {
        owner = core(ThreadSafety.SINGLE_OWNER);
        arena = owner.arena;
        table = owner.table;
        ownerPath = (OwnerPath)owner.threads;
        serving = table.checked(owner.allocate());
        magazines = core(ThreadSafety.MAGAZINES);
        magazinePath = (MagazinePath)magazines.threads;
        ownerCache = cache(ThreadSafety.SINGLE_OWNER);
        magazinesCache = cache(ThreadSafety.MAGAZINES);
    }

    /**
     * Closes the caches; the cores' slabs go with the JVM.
     */
    @TearDown
    public void tearDown()
    {
        ownerCache.close();
        magazinesCache.close();
    }

    /**
     * The serving slab's segment alone: pop and push its free list.
     *
     * @return the slot.
     */
    @Benchmark
    public int a1Segment()
    {
        final int slot = serving.segment.allocate();
        serving.segment.free(slot);
        return slot;
    }

    /**
     * Plus the slot's state word: it leaves the segment LIVE with a generation, and the free's checked release.
     *
     * @return the slot.
     */
    @Benchmark
    public int a2SlotState()
    {
        final int slot = serving.segment.allocate();
        final int word = serving.states.leaveSegment(slot, SlotStates.LIVE);
        serving.release(SlotHandle.pack(serving.serial, SlotStates.generation(word), slot), false);
        serving.segment.free(slot);
        return slot;
    }

    /**
     * Plus the arena's books: the serving slab chosen, the handle packed, the cache-wide counts, the list bounds.
     *
     * @return the handle.
     */
    @Benchmark
    public long a3Arena()
    {
        final long handle = arena.allocate();
        serving.release(handle, false);
        arena.freed(serving, SlotHandle.slot(handle));
        return handle;
    }

    /**
     * Plus the free finding the handle's slab in the slab table and checking the slot is in it.
     *
     * @return the handle.
     */
    @Benchmark
    public long a4HandleLookup()
    {
        final long handle = arena.allocate();
        final SlabRecord slab = table.checked(handle);
        slab.release(handle, false);
        arena.freed(slab, SlotHandle.slot(handle));
        return handle;
    }

    /**
     * Plus the thread mode's path and the core's choice of it by a final int.
     *
     * @return the handle.
     */
    @Benchmark
    public long a5Route()
    {
        final long handle = owner.allocate();
        owner.free(table.checked(handle), handle);
        return handle;
    }

    /**
     * The whole call: {@link SlabCache#allocate()} and {@link SlabCache#free(long)}.
     *
     * @return the handle.
     */
    @Benchmark
    public long a6Cache()
    {
        final long handle = ownerCache.allocate();
        ownerCache.free(handle);
        return handle;
    }

    /**
     * The magazine path: a thread-local lookup, a pop and a compare-and-set at allocate; the table lookup, a
     * compare-and-set, a thread-local lookup and a push at free.
     *
     * @return the handle.
     */
    @Benchmark
    public long b1MagazinePath()
    {
        final long handle = magazinePath.allocate();
        magazinePath.free(magazines.table.checked(handle), handle);
        return handle;
    }

    /**
     * The whole call with {@link ThreadSafety#MAGAZINES}.
     *
     * @return the handle.
     */
    @Benchmark
    public long b2Cache()
    {
        final long handle = magazinesCache.allocate();
        magazinesCache.free(handle);
        return handle;
    }

    private CacheCore core(final ThreadSafety threadSafety)
    {
        final CacheSettings settings = new CacheSettings("fast-path-" + threadSafety);
        settings.threadSafety = threadSafety;
        final CacheCore core = new CacheCore(settings, new SlabTable(settings.name));
        for (int i = 0; i < liveSlots; i++)
        {
            core.allocate();
        }
        return core;
    }

    private SlabCache cache(final ThreadSafety threadSafety)
    {
        final SlabCache cache = SlabCache.builder().name("fast-path-cache-" + threadSafety)
            .threadSafety(threadSafety).build();
        for (int i = 0; i < liveSlots; i++)
        {
            cache.allocate();
        }
        return cache;
    }
}

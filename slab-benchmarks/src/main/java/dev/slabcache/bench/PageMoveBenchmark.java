/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.master.PageMove;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SlotVisitor;
import dev.slabcache.master.ThreadSafety;
import org.agrona.concurrent.AtomicBuffer;
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
 * The cost of a page moved between size classes against the number of live slots the move visits: a 1 MiB page
 * of the 64-byte class holding {@code liveSlots} live slots goes to the 4 KiB class, with a visitor that reads each
 * slot's first {@code long}, as an owner dropping it from an index would. The score is us per move; divide by
 * {@code liveSlots} for the cost per slot visited.
 * <p>
 * Each move is set up by an untimed {@code Level.Invocation} setup that gives the page back to the pool and fills
 * a page of the 64-byte class again; a move takes far longer than JMH's timestamps, so their cost does not matter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class PageMoveBenchmark
{
    private static final int SMALL = 64;
    private static final int LARGE = 4096;

    /**
     * Live slots in the page moved; a 1 MiB page holds 16,384 slots of 64 bytes.
     */
    @Param({"1", "256", "16384"})
    public int liveSlots;

    /**
     * How threads reach the cache.
     */
    @Param({"MAGAZINES", "SINGLE_OWNER"})
    public ThreadSafety threadSafety;

    private SizeClassCache cache;
    private int small;
    private int large;
    private long visitedValues;
    private final SlotVisitor visitor = this::visit;

    /**
     * Builds the cache.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        cache = SizeClassCache.builder().name("page-moves").memoryLimit(4L << 20).threadSafety(threadSafety).build();
        small = cache.classFor(SMALL);
        large = cache.classFor(LARGE);
    }

    /**
     * Gives the page of the last move back to the pool and fills a page of the small class with live slots.
     */
    @Setup(Level.Invocation)
    public void fillAPage()
    {
        cache.trim();
        for (int i = 0; i < liveSlots; i++)
        {
            final long handle = cache.allocate(SMALL);
            cache.buffer(handle).putLong(cache.offset(handle), i);
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

    /**
     * @return what the move did, so the work cannot be dropped.
     */
    @Benchmark
    public PageMove movePage()
    {
        final PageMove move = cache.movePage(small, large, visitor);
        if (PageMove.MOVED != move)
        {
            throw new IllegalStateException("the page did not move: " + move + "; " + cache.stats());
        }
        return move;
    }

    private void visit(final long handle, final AtomicBuffer buffer, final int offset)
    {
        visitedValues += buffer.getLong(offset);
    }
}

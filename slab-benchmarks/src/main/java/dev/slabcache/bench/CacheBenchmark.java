/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
 * Targets, against the floors below in the same run: {@link #singleOwner()} within 1.5x of
 * {@link #segmentWithHandleLookups()} (floor A) and {@link #magazines()} (the default cache) within 1.5x of
 * {@link #segmentWithStateCas()} (floor B); {@code singleOwner} with {@code mixedModes=true} within 1 ns of its
 * figure without. {@link #segmentWithStateCasAndThreadLocal()} is floor B with the thread-local lookups any
 * per-thread cache on plain threads makes.
 * <p>
 * {@code liveSlots} slots are held live in every allocator for the whole run. With 0 the cache's only slab
 * empties on every free, the worst case for list bookkeeping (the slab stays the serving one, so it moves no more);
 * with 16 the slab stays partial, the steady state of a cache in use.
 * <p>
 * Two floors measure what the targets leave room for (see BENCHMARKS.md). {@link #segmentWithHandleLookups()}
 * is the bare segment plus the least a checked handle costs: the write and the free each find the slab through
 * the handle and check the slot's generation, and the free gives the slot a new one, as {@link #singleOwner()}
 * must. {@link #segmentWithStateCas()} is the bare segment
 * plus the one uncontended atomic per allocate and per free on the slot's state word that {@link #magazines()}
 * spends to catch double frees racing across threads.
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
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int SLAB_SHIFT = 32;
    private static final long FLOOR_HANDLE_BASE = 0x7L << SLAB_SHIFT;
    private static final int SLOT_BITS = 24;
    private static final int FLOOR_SLOT_MASK = (1 << SLOT_BITS) - 1;
    private static final int FLOOR_GENERATION_MASK = 0xFF;
    private static final int FLOOR_LIVE = 1;
    private static final String[] JFR_EVENTS =
        {"SlabGrown", "SlabReleased", "SlabAttached", "SlabDetached", "AllocationFailed", "PageMoved"};

    /**
     * Slots held live beside the one allocated and freed by each call.
     */
    @Param({"0", "16"})
    public int liveSlots;

    /**
     * Whether setup first runs every mode's cache through the same calls, so that the JIT compiles them for a
     * JVM that uses all three modes, as a server with several caches does.
     */
    @Param({"false"})
    public boolean mixedModes;

    /**
     * Whether a JDK Flight Recorder recording runs for the whole trial: the JDK's default profile with every
     * {@code dev.slabcache} event enabled. No event is on the allocate/free path, so the scores should not move.
     */
    @Param({"false"})
    public boolean jfrRecording;

    /**
     * Thread-locals set in the benchmark thread before the caches are built: each moves where the magazine
     * cache's thread-local falls in the thread's map, to show whether a collision there moves the score.
     */
    @Param({"0"})
    public int threadLocalsBefore;

    private SlabCache singleOwnerCache;
    private SlabCache magazinesCache;
    private SlabCache lockedCache;
    private SlotSegment segment;
    private final SlotSegment[] floorSlabs = new SlotSegment[8];
    private final int[] floorStates = new int[SEGMENT_BYTES / SLOT_SIZE];
    private final int[] floorWords = new int[SEGMENT_BYTES / SLOT_SIZE];
    private PooledByteBufAllocator nettyAllocator;
    private final LongSlot slot = new LongSlot();
    private long value;

    private final ThreadLocal<int[]> floorThreadLocal = ThreadLocal.withInitial(() -> new int[1]);
    private ThreadLocal<?>[] threadLocals;
    private Recording recording;
    private long[] singleOwnerLive;
    private long[] magazinesLive;
    private long[] lockedLive;
    private ByteBuf[] nettyLive;

    /**
     * Starts the recording if asked, builds every allocator and takes its live slots.
     *
     * @throws IOException    when the JDK's default JFR profile cannot be read.
     * @throws ParseException when the JDK's default JFR profile cannot be parsed.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException, ParseException
    {
        if (jfrRecording)
        {
            recording = new Recording(Configuration.getConfiguration("default"));
            for (final String event : JFR_EVENTS)
            {
                recording.enable("dev.slabcache." + event);
            }
            recording.enable("dev.slabcache.CacheStatistics").withPeriod(Duration.ofSeconds(1));
            recording.start();
        }
        threadLocals = new ThreadLocal<?>[threadLocalsBefore];
        for (int i = 0; i < threadLocalsBefore; i++)
        {
            final ThreadLocal<Object> local = new ThreadLocal<>();
            local.set(this);
            threadLocals[i] = local;
        }
        singleOwnerCache = newCache("single-owner", ThreadSafety.SINGLE_OWNER);
        magazinesCache = newCache("magazines", ThreadSafety.MAGAZINES);
        lockedCache = newCache("locked", ThreadSafety.LOCKED);
        segment = new SlotSegment(new UnsafeBuffer(BufferUtil.allocateDirectAligned(SEGMENT_BYTES, 64)), SLOT_SIZE);
        floorSlabs[(int)(FLOOR_HANDLE_BASE >>> SLAB_SHIFT)] = segment;
        nettyAllocator = NettyPeers.pooledAllocator();

        singleOwnerLive = allocateLive(singleOwnerCache);
        magazinesLive = allocateLive(magazinesCache);
        lockedLive = allocateLive(lockedCache);
        if (mixedModes)
        {
            for (int i = 0; i < 200_000; i++)
            {
                cycle(lockedCache);
                cycle(magazinesCache);
                cycle(singleOwnerCache);
            }
        }
        nettyLive = new ByteBuf[liveSlots];
        for (int i = 0; i < liveSlots; i++)
        {
            segment.allocate();
            nettyLive[i] = nettyAllocator.directBuffer(SLOT_SIZE);
        }
    }

    /**
     * Frees the live slots and closes the caches, so each closes clean, and ends the recording.
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
        if (null != recording)
        {
            recording.close();
        }
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
     * The floor under {@link #singleOwner()}: the segment reached through a handle for the write and for the free,
     * each time an array lookup, a check that a slab is there and that the handle's slot generation is the slot's
     * live one, and at the free a new generation for the slot.
     *
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segmentWithHandleLookups()
    {
        final int allocated = segment.allocate();
        final int live = floorWords[allocated] | FLOOR_LIVE;
        floorWords[allocated] = live;
        final long handle = FLOOR_HANDLE_BASE | (long)(live >>> 1 & FLOOR_GENERATION_MASK) << SLOT_BITS | allocated;
        final int slot = (int)handle & FLOOR_SLOT_MASK;
        final SlotSegment target = floorSlab(handle);
        checkFloorLive(handle, slot);
        final int offset = target.offsetOf(slot);
        target.buffer().putLong(offset, value++);
        final SlotSegment owner = floorSlab(handle);
        checkFloorLive(handle, slot);
        owner.free(slot);
        floorWords[slot] = (floorWords[slot] & ~FLOOR_LIVE) + 2;
        return offset;
    }

    /**
     * The floor under {@link #magazines()}: the segment plus one compare-and-set on the slot's state word at
     * allocate and one at free, uncontended and in the CPU's cache.
     *
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segmentWithStateCas()
    {
        final int slot = segment.allocate();
        if (!STATES.compareAndSet(floorStates, slot, 0, 1))
        {
            throw new IllegalStateException("slot " + slot + " is not free");
        }
        final int offset = segment.offsetOf(slot);
        segment.buffer().putLong(offset, value++);
        if (!STATES.compareAndSet(floorStates, slot, 1, 0))
        {
            throw new IllegalStateException("slot " + slot + " is not live");
        }
        segment.free(slot);
        return offset;
    }

    /**
     * Floor B plus what a per-thread cache pays to find the calling thread's own state without a thread class of
     * its own: a {@link ThreadLocal#get()} at allocate and one at free, as {@link #magazines()} makes.
     *
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segmentWithStateCasAndThreadLocal()
    {
        floorThreadLocal.get()[0]++;
        final int offset = segmentWithStateCas();
        floorThreadLocal.get()[0]--;
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

    private void checkFloorLive(final long handle, final int slot)
    {
        if ((floorWords[slot] & (FLOOR_GENERATION_MASK << 1 | FLOOR_LIVE)) !=
            ((int)(handle >>> SLOT_BITS & FLOOR_GENERATION_MASK) << 1 | FLOOR_LIVE))
        {
            throw new IllegalStateException("handle " + handle + " names no live slot");
        }
    }

    private SlotSegment floorSlab(final long handle)
    {
        final int index = (int)(handle >>> SLAB_SHIFT);
        final SlotSegment found = index < floorSlabs.length ? floorSlabs[index] : null;
        if (null == found)
        {
            throw new IllegalArgumentException("handle " + handle + " names no slab");
        }
        return found;
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

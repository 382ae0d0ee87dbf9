/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SizeClass;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.SlotFlyweight;
import dev.slabcache.master.ThreadSafety;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
 * One thread: allocate a slot of a seeded random size from 64 B to 16 KiB, write a {@code long} at its start and
 * one at the end of the size asked for, free it; the score is ns per pair. Every allocator walks the same sizes.
 * <p>
 * Target: {@link #sizeClasses()} (the default, {@link ThreadSafety#MAGAZINES}) at least 3x faster than
 * {@link #nettyPooled()}, Netty's pooled {@code directBuffer(size)} set up at its best as in {@link CacheBenchmark};
 * 0 B/op.
 * <p>
 * {@code liveItems} slots of random sizes are held live in every allocator for the whole run, so that the classes
 * have partial pages, as a cache in use does. {@link #segmentsBySize()} is the floor: the same work on one bare
 * segment per class.
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
public class SizeClassBenchmark
{
    static final int MIN_SIZE = 64;
    static final int MAX_SIZE = 16 * 1024;
    static final long SEED = 0x5EEDL;

    private static final int SIZES = 4096;
    private static final int PAGE_SIZE = 1 << 20;

    /**
     * Slots of random sizes held live beside the one allocated and freed by each call.
     */
    @Param({"0", "1024"})
    public int liveItems;

    private final int[] sizes = randomSizes(SIZES, SEED);
    private int next;
    private long value;
    private SizeClassCache magazines;
    private SizeClassCache singleOwner;
    private SlabCache oneClass;
    private final SlotFlyweight flyweight = new SlotFlyweight()
    {
    };
    private PooledByteBufAllocator netty;
    private SlotSegment[] floorSegments;
    private long[] magazinesLive;
    private long[] singleOwnerLive;
    private ByteBuf[] nettyLive;
    private long[] oneClassLive;

    /**
     * Builds every allocator and takes its live items.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        magazines = SizeClassCache.builder().name("magazines").memoryLimit(256L << 20).build();
        singleOwner = SizeClassCache.builder().name("single-owner").memoryLimit(256L << 20)
            .threadSafety(ThreadSafety.SINGLE_OWNER).build();
        oneClass = SlabCache.builder().name("one-class").slotSize(MAX_SIZE).slabSize(PAGE_SIZE).build();
        netty = NettyPeers.pooledAllocator();
        floorSegments = new SlotSegment[magazines.classes().size()];
        for (final SizeClass sizeClass : magazines.classes())
        {
            final int bytes = Math.max(PAGE_SIZE, sizeClass.slotSize() * (liveItems + 1));
            floorSegments[sizeClass.index()] = new SlotSegment(
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(bytes, 64)), sizeClass.slotSize());
        }
        final int[] liveSizes = randomSizes(liveItems, SEED + 1);
        magazinesLive = new long[liveItems];
        singleOwnerLive = new long[liveItems];
        nettyLive = new ByteBuf[liveItems];
        oneClassLive = new long[liveItems];
        for (int i = 0; i < liveItems; i++)
        {
            magazinesLive[i] = magazines.allocate(liveSizes[i]);
            singleOwnerLive[i] = singleOwner.allocate(liveSizes[i]);
            nettyLive[i] = netty.directBuffer(liveSizes[i]);
            oneClassLive[i] = oneClass.allocate();
            floorSegments[magazines.classFor(liveSizes[i])].allocate();
        }
    }

    /**
     * Frees the live items and closes the caches.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        for (int i = 0; i < liveItems; i++)
        {
            magazines.free(magazinesLive[i]);
            singleOwner.free(singleOwnerLive[i]);
            nettyLive[i].release();
            oneClass.free(oneClassLive[i]);
        }
        oneClass.close();
        magazines.close();
        singleOwner.close();
    }

    /**
     * The default size-class cache.
     *
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long sizeClasses()
    {
        return cycle(magazines);
    }

    /**
     * The default size-class cache, reaching the slot through a {@link SlotFlyweight}: one handle lookup for the
     * buffer and the offset, where {@link #sizeClasses()} makes two.
     *
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long sizeClassesWrapped()
    {
        final int size = nextSize();
        final long handle = magazines.allocate(size);
        final SlotFlyweight slot = flyweight.wrap(magazines, handle);
        slot.buffer().putLong(slot.offset(), value);
        slot.buffer().putLong(slot.offset() + size - Long.BYTES, value++);
        magazines.free(handle);
        return handle;
    }

    /**
     * The design's floor for one class: a default {@link SlabCache} of slots as large as the largest size, with
     * the same calls and writes as {@link #sizeClassesWrapped()} but no class to find and no other class's pages
     * in the way.
     *
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long oneClass()
    {
        final int size = nextSize();
        final long handle = oneClass.allocate();
        final SlotFlyweight slot = flyweight.wrap(oneClass, handle);
        slot.buffer().putLong(slot.offset(), value);
        slot.buffer().putLong(slot.offset() + size - Long.BYTES, value++);
        oneClass.free(handle);
        return handle;
    }

    /**
     * A size-class cache of one owner thread.
     *
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long sizeClassesSingleOwner()
    {
        return cycle(singleOwner);
    }

    /**
     * The floor: the same work on one bare {@link SlotSegment} per class, found by the cache's class table, with no
     * handle, no check and no page management.
     *
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int segmentsBySize()
    {
        final int size = nextSize();
        final SlotSegment segment = floorSegments[magazines.classFor(size)];
        final int slot = segment.allocate();
        final int offset = segment.offsetOf(slot);
        segment.buffer().putLong(offset, value);
        segment.buffer().putLong(offset + size - Long.BYTES, value++);
        segment.free(slot);
        return offset;
    }

    /**
     * Netty's pooled allocator: {@code directBuffer(size)}, two {@code setLong}, {@code release()}.
     *
     * @return the buffer, so the work cannot be dropped.
     */
    @Benchmark
    public ByteBuf nettyPooled()
    {
        final int size = nextSize();
        final ByteBuf buf = netty.directBuffer(size);
        buf.setLong(0, value);
        buf.setLong(size - Long.BYTES, value++);
        buf.release();
        return buf;
    }

    private long cycle(final SizeClassCache cache)
    {
        final int size = nextSize();
        final long handle = cache.allocate(size);
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        buffer.putLong(offset, value);
        buffer.putLong(offset + size - Long.BYTES, value++);
        cache.free(handle);
        return handle;
    }

    private int nextSize()
    {
        final int size = sizes[next];
        next = (next + 1) & (SIZES - 1);
        return size;
    }

    /**
     * @return {@code count} sizes drawn uniformly from [{@value #MIN_SIZE}, {@value #MAX_SIZE}] with {@code seed}.
     */
    static int[] randomSizes(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] sizes = new int[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = random.nextInt(MIN_SIZE, MAX_SIZE + 1);
        }
        return sizes;
    }
}

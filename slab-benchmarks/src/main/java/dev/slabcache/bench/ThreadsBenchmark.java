/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many threads each allocate a 64-byte slot, write a {@code long} into it and free it, all against one shared
 * allocator; the score is ns per pair as seen by each thread (JMH averages over threads), so flat scores from
 * {@code -t 1} to {@code -t 2} mean the allocator scales. The thread count is chosen at run time:
 * <pre>
 *   java -jar slab-benchmarks/target/benchmarks.jar ThreadsBenchmark -t 1
 *   java -jar slab-benchmarks/target/benchmarks.jar ThreadsBenchmark -t 2
 *   java -jar slab-benchmarks/target/benchmarks.jar ThreadsBenchmark -t 4
 * </pre>
 * On two cores {@code -t 4} is oversubscribed: a thread descheduled while it holds a lock stalls the others.
 * <p>
 * {@link #singleOwner(PerThread)} gives every thread a cache of its own: the ideal sharded line, no sharing.
 * {@link #globalLockFreeList(Shared, PerThread)} is the seed crate's design, a bare free list under one global
 * lock; it uses a non-fair {@link ReentrantLock}, the lock {@link ThreadSafety#LOCKED} takes by default, so the
 * gap between the two is the cache's bookkeeping, not a different lock.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dio.netty.leakDetection.level=disabled",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.slabcache.bench.FastThreadExecutor"})
public class ThreadsBenchmark
{
    private static final int SLOT_SIZE = 64;
    private static final int FREE_LIST_BYTES = 64 * 1024;

    /**
     * The allocators every thread shares.
     */
    @State(Scope.Benchmark)
    public static class Shared
    {
        SlabCache magazines;
        SlabCache locked;
        BareFreeList freeList;
        final ReentrantLock freeListLock = new ReentrantLock();
        PooledByteBufAllocator nettyAllocator;

        /**
         * Builds the shared allocators.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            magazines = SlabCache.builder().name("magazines").slotSize(SLOT_SIZE)
                .threadSafety(ThreadSafety.MAGAZINES).build();
            locked = SlabCache.builder().name("locked").slotSize(SLOT_SIZE)
                .threadSafety(ThreadSafety.LOCKED).build();
            freeList = new BareFreeList(
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(FREE_LIST_BYTES, 64)), SLOT_SIZE);
            nettyAllocator = NettyPeers.pooledAllocator();
        }

        /**
         * Closes the caches.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            magazines.close();
            locked.close();
        }
    }

    /**
     * What each thread keeps to itself.
     */
    @State(Scope.Thread)
    public static class PerThread
    {
        final LongSlot slot = new LongSlot();
        long value;
        SlabCache singleOwner;

        /**
         * Builds this thread's own cache.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            singleOwner = SlabCache.builder().name("single-owner-" + Thread.currentThread().getName())
                .slotSize(SLOT_SIZE).threadSafety(ThreadSafety.SINGLE_OWNER).build();
        }

        /**
         * Closes this thread's cache.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            singleOwner.close();
        }
    }

    /**
     * The default cache, shared.
     *
     * @param shared  the shared allocators.
     * @param thread  this thread's flyweight.
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long magazines(final Shared shared, final PerThread thread)
    {
        return cycle(shared.magazines, thread);
    }

    /**
     * @param shared the shared allocators.
     * @param thread this thread's flyweight.
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long locked(final Shared shared, final PerThread thread)
    {
        return cycle(shared.locked, thread);
    }

    /**
     * @param thread this thread's own cache and flyweight.
     * @return the handle, so the work cannot be dropped.
     */
    @Benchmark
    public long singleOwner(final PerThread thread)
    {
        return cycle(thread.singleOwner, thread);
    }

    /**
     * @param shared the shared allocators.
     * @param thread this thread's counter.
     * @return the slot's offset, so the work cannot be dropped.
     */
    @Benchmark
    public int globalLockFreeList(final Shared shared, final PerThread thread)
    {
        final BareFreeList freeList = shared.freeList;
        final ReentrantLock lock = shared.freeListLock;
        final int index;
        lock.lock();
        try
        {
            index = freeList.allocate();
        }
        finally
        {
            lock.unlock();
        }

        final int offset = freeList.offsetOf(index);
        freeList.buffer().putLong(offset, thread.value++);

        lock.lock();
        try
        {
            freeList.free(index);
        }
        finally
        {
            lock.unlock();
        }
        return offset;
    }

    /**
     * @param shared the shared allocators.
     * @param thread this thread's counter.
     * @return the buffer, so the work cannot be dropped.
     */
    @Benchmark
    public ByteBuf nettyPooled(final Shared shared, final PerThread thread)
    {
        final ByteBuf buf = shared.nettyAllocator.directBuffer(SLOT_SIZE);
        buf.writeLong(thread.value++);
        buf.release();
        return buf;
    }

    /**
     * Netty's object pool, on the heap: {@code get}, write, {@code recycle}.
     *
     * @param thread this thread's counter.
     * @return the record, so the work cannot be dropped.
     */
    @Benchmark
    public RecycledRecord recycler(final PerThread thread)
    {
        final RecycledRecord record = RecycledRecord.newInstance();
        record.value = thread.value++;
        record.recycle();
        return record;
    }

    private static long cycle(final SlabCache cache, final PerThread thread)
    {
        final long handle = cache.allocate();
        final LongSlot slot = thread.slot;
        slot.wrap(cache, handle);
        slot.value(thread.value++);
        cache.free(handle);
        return handle;
    }
}

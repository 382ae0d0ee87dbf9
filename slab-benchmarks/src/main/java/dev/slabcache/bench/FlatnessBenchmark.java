/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.concurrent.TimeUnit;

import dev.slabcache.core.SlotSegment;
import dev.slabcache.master.SlabCache;
import dev.slabcache.master.ThreadSafety;
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
 * Is the cost of a free and an allocation flat in the number of slabs? The cache holds {@code slabs} slabs of
 * {@code slotsPerSlab} 64-byte slots, all but one slot of each live. Each call frees a live slot picked at
 * random among all of them, so it lands in a random slab whose metadata is likely cold, then allocates (the
 * fullest-first policy hands back the slot just freed), writes a {@code long} into it and keeps the new handle
 * in the freed one's place. The score is ns per free-and-allocate pair.
 * <p>
 * At 100,000 slabs the slabs' heap metadata and memory no longer fit in the CPU caches, so even an O(1) lookup
 * pays cache misses there. {@link #bareSegments(SegmentsFill)} is the control: the same random free and
 * allocation on an array of bare {@link SlotSegment}s, no cache in front. The cache is flat when its scores
 * grow with {@code slabs} no more than the control's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FlatnessBenchmark
{
    private static final int SLOT_SIZE = 64;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    /**
     * What every variant keeps: the live slots and a random pick among them.
     */
    @State(Scope.Thread)
    public abstract static class Fill
    {
        /**
         * Slabs held for the whole run.
         */
        @Param({"1", "1000", "100000"})
        public int slabs;

        /**
         * Slots in each slab. With 4, nearly every free and allocation moves its slab between the full list and a
         * partial bin, the most list traffic there can be; with 64 (try {@code -p slotsPerSlab=64}) a slab
         * changes bin once every 8 slots, so the score is mostly the handle lookup.
         */
        @Param({"4"})
        public int slotsPerSlab;

        long[] live;
        long value;
        private long random = SEED;

        /**
         * @return the index in {@link #live} of a slot picked at random (xorshift, multiply-shift range).
         */
        final int pick()
        {
            long x = random;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            random = x;
            return (int)(((x >>> 32) * live.length) >>> 32);
        }
    }

    /**
     * A cache filled as the class comment says.
     */
    public abstract static class CacheFill extends Fill
    {
        SlabCache cache;
        final LongSlot slot = new LongSlot();

        abstract ThreadSafety threadSafety();

        /**
         * Fills {@code slabs} slabs, then frees one slot in each.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            // Empty slabs are kept and never grown past, so no call ever reaches the provider.
            cache = SlabCache.builder().name("flat-" + threadSafety()).slotSize(SLOT_SIZE)
                .slabSize(slotsPerSlab * SLOT_SIZE).maxSlabs(slabs).retainEmptySlabs(slabs)
                .threadSafety(threadSafety()).build();
            final long[] all = new long[slabs * slotsPerSlab];
            for (int i = 0; i < all.length; i++)
            {
                all[i] = cache.allocate();
            }
            if (slotsPerSlab != cache.slabOf(all[0]).capacity() || slabs != cache.stats().slabs())
            {
                throw new IllegalStateException("expected " + slabs + " slabs of " + slotsPerSlab + " slots: " +
                    cache.stats());
            }

            live = new long[slabs * (slotsPerSlab - 1)];
            int kept = 0;
            for (int i = 0; i < all.length; i++)
            {
                if (slotsPerSlab - 1 == i % slotsPerSlab)
                {
                    cache.free(all[i]);
                }
                else
                {
                    live[kept++] = all[i];
                }
            }
        }

        /**
         * Frees the live slots and closes the cache.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            for (final long handle : live)
            {
                cache.free(handle);
            }
            cache.close();
        }
    }

    /**
     * A {@link ThreadSafety#SINGLE_OWNER} cache.
     */
    @State(Scope.Thread)
    public static class SingleOwnerFill extends CacheFill
    {
        @Override
        ThreadSafety threadSafety()
        {
            return ThreadSafety.SINGLE_OWNER;
        }
    }

    /**
     * The default cache, {@link ThreadSafety#MAGAZINES}.
     */
    @State(Scope.Thread)
    public static class MagazinesFill extends CacheFill
    {
        @Override
        ThreadSafety threadSafety()
        {
            return ThreadSafety.MAGAZINES;
        }
    }

    /**
     * The control: bare segments, one per slab, filled the same way. A live entry is the segment's index in the
     * high 32 bits and the slot in the low 32.
     */
    @State(Scope.Thread)
    public static class SegmentsFill extends Fill
    {
        SlotSegment[] segments;

        /**
         * Fills {@code slabs} segments, then frees one slot in each.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            segments = new SlotSegment[slabs];
            live = new long[slabs * (slotsPerSlab - 1)];
            int kept = 0;
            for (int s = 0; s < slabs; s++)
            {
                final SlotSegment segment = new SlotSegment(
                    new UnsafeBuffer(BufferUtil.allocateDirectAligned(slotsPerSlab * SLOT_SIZE, Long.BYTES)),
                    SLOT_SIZE);
                segments[s] = segment;
                for (int i = 0; i < slotsPerSlab - 1; i++)
                {
                    live[kept++] = entry(s, segment.allocate());
                }
            }
        }
    }

    /**
     * @param fill the filled cache.
     * @return the new handle, so the work cannot be dropped.
     */
    @Benchmark
    public long singleOwner(final SingleOwnerFill fill)
    {
        return cycle(fill);
    }

    /**
     * @param fill the filled cache.
     * @return the new handle, so the work cannot be dropped.
     */
    @Benchmark
    public long magazines(final MagazinesFill fill)
    {
        return cycle(fill);
    }

    /**
     * @param fill the filled segments.
     * @return the new entry, so the work cannot be dropped.
     */
    @Benchmark
    public long bareSegments(final SegmentsFill fill)
    {
        final int index = fill.pick();
        final long entry = fill.live[index];
        final int s = (int)(entry >>> 32);
        final SlotSegment segment = fill.segments[s];
        segment.free((int)entry);
        final int slot = segment.allocate();
        segment.buffer().putLong(segment.offsetOf(slot), fill.value++);
        final long newEntry = entry(s, slot);
        fill.live[index] = newEntry;
        return newEntry;
    }

    private static long entry(final int segment, final int slot)
    {
        return ((long)segment << 32) | slot;
    }

    private static long cycle(final CacheFill fill)
    {
        final int index = fill.pick();
        final SlabCache cache = fill.cache;
        cache.free(fill.live[index]);
        final long handle = cache.allocate();
        fill.slot.wrap(cache, handle);
        fill.slot.value(fill.value++);
        fill.live[index] = handle;
        return handle;
    }
}

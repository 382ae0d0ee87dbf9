/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.bench;

import java.util.SplittableRandom;

import dev.slabcache.master.SizeClassCache;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Memory held over memory asked for, for the sizes {@link SizeClassBenchmark} uses (64 B to 16 KiB, seeded): a
 * default {@link SizeClassCache} (1 MiB pages, factor 1.25) against Netty's pooled allocator set up as in the
 * benchmarks. For each it fills {@value #ITEMS} items, then churns: frees a random half and refills with new random
 * sizes, {@value #ROUNDS} times. It prints, after the fill and after the churn, the bytes of pages held
 * ({@link dev.slabcache.master.SizeClassStats#bytesInPages()}; Netty's {@code usedDirectMemory()}, its chunks)
 * over the bytes asked for. Not a timing: run it as a plain program.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Dio.netty.leakDetection.level=disabled \
 *     -cp slab-benchmarks/target/benchmarks.jar dev.slabcache.bench.SizeClassMemory
 * </pre>
 */
public final class SizeClassMemory
{
    static final int ITEMS = 100_000;
    static final int ROUNDS = 10;

    private SizeClassMemory()
    {
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args)
    {
        try (SizeClassCache cache = SizeClassCache.builder().name("memory").memoryLimit(2L << 30).build())
        {
            final long[] handles = new long[ITEMS];
            final Ratio ratio = new Ratio("SizeClassCache", () -> cache.stats().bytesInPages());
            run(ratio, (i, size) -> handles[i] = cache.allocate(size), (i) -> cache.free(handles[i]));
            for (final long handle : handles)
            {
                cache.free(handle);
            }
        }

        final PooledByteBufAllocator netty = NettyPeers.pooledAllocator();
        final ByteBuf[] buffers = new ByteBuf[ITEMS];
        final Ratio ratio = new Ratio("Netty pooled", () -> netty.metric().usedDirectMemory());
        run(ratio, (i, size) -> buffers[i] = netty.directBuffer(size), (i) -> buffers[i].release());
    }

    private static void run(final Ratio ratio, final Allocate allocate, final Free free)
    {
        final SplittableRandom random = new SplittableRandom(SizeClassBenchmark.SEED);
        final int[] sizes = new int[ITEMS];
        for (int i = 0; i < ITEMS; i++)
        {
            sizes[i] = nextSize(random);
            allocate.allocate(i, sizes[i]);
        }
        ratio.print("after the fill", sizes);
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int i = 0; i < ITEMS; i++)
            {
                if (random.nextBoolean())
                {
                    free.free(i);
                    sizes[i] = nextSize(random);
                    allocate.allocate(i, sizes[i]);
                }
            }
        }
        ratio.print("after " + ROUNDS + " rounds of churn", sizes);
    }

    private static int nextSize(final SplittableRandom random)
    {
        return random.nextInt(SizeClassBenchmark.MIN_SIZE, SizeClassBenchmark.MAX_SIZE + 1);
    }

    private interface Allocate
    {
        void allocate(int item, int size);
    }

    private interface Free
    {
        void free(int item);
    }

    private record Ratio(String name, java.util.function.LongSupplier held)
    {
        void print(final String when, final int[] sizes)
        {
            long asked = 0;
            for (final int size : sizes)
            {
                asked += size;
            }
            final long bytes = held.getAsLong();
            System.out.printf("%-15s %-26s %,14d bytes held for %,14d asked: %.3f%n",
                name, when, bytes, asked, (double)bytes / asked);
        }
    }
}

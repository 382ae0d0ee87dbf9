/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import dev.slabcache.master.Slab;
import dev.slabcache.master.SlabCache;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Slot allocation inside memory the program owns: a memory-mapped file attached to a cache that has no memory
 * of its own. It writes trades into slots of the file, detaches the file's slab once its slots are freed,
 * unmaps the file, maps it again and checks that the trades are still there.
 * <p>
 * Each trade is a fixed-layout record; its first 8 bytes are left unused because a freed slot's first 4 bytes
 * hold the slab's free list, and the fields after them survive the free:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              Unused: the free list's when freed               |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                           Trade id                            |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                           Quantity                            |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                        Price in cents                         |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 * </pre>
 * Run it with an optional path for a new file (it must not exist yet; it is kept afterwards), or with none
 * for a temporary file deleted at the end:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *       -cp slab-examples/target/slab-examples.jar dev.slabcache.examples.MappedFileExample [file]
 * </pre>
 */
public final class MappedFileExample
{
    /**
     * Bytes of the mapped file.
     */
    public static final int FILE_LENGTH = 1024 * 1024;

    private static final int TRADE_ID_OFFSET = 8;
    private static final int QUANTITY_OFFSET = TRADE_ID_OFFSET + Long.BYTES;
    private static final int PRICE_OFFSET = QUANTITY_OFFSET + Long.BYTES;
    private static final int TRADE_SIZE = PRICE_OFFSET + Long.BYTES;

    // The file outlives this process and may be read on another machine, so its byte order is fixed.
    private static final ByteOrder FILE_BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    private static final int TRADES = 8;
    private static final long FIRST_TRADE_ID = 1001;

    private MappedFileExample()
    {
    }

    /**
     * Runs the example and prints what it does.
     *
     * @param args an optional path for a new file; with none, a temporary file is used and deleted.
     * @throws IOException when the temporary directory cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        final File directory = 0 == args.length ? Files.createTempDirectory("slab-examples").toFile() : null;
        final File file = null == directory ? new File(args[0]) : new File(directory, "trades.dat");

        final MappedByteBuffer mapped = IoUtil.mapNewFile(file, FILE_LENGTH);
        System.out.println("Mapped a new file of " + FILE_LENGTH + " bytes: " + file);
        final int[] offsets = writeTradesAndDetach(new UnsafeBuffer(mapped));

        // Only now may the mapping go: the cache has forgotten the buffer, so nothing can touch it after unmap.
        mapped.force();
        IoUtil.unmap(mapped);
        System.out.println("Unmapped the file, then mapped it again to read the trades back:");

        final MappedByteBuffer remapped = IoUtil.mapExistingFile(file, "trades");
        try
        {
            checkTrades(new UnsafeBuffer(remapped), offsets);
        }
        finally
        {
            IoUtil.unmap(remapped);
        }

        if (null != directory)
        {
            IoUtil.delete(directory, false);
            System.out.println("Deleted the temporary file " + file);
        }
        else
        {
            System.out.println("Kept the file " + file);
        }
    }

    /**
     * Attaches the file to a cache, writes the trades, and detaches the file's slab once every trade is freed.
     *
     * @return where each trade starts in the file.
     */
    private static int[] writeTradesAndDetach(final AtomicBuffer file)
    {
        // maxSlabs(0): the cache never asks a provider for memory; every slot it hands out is in the file.
        try (SlabCache cache = SlabCache.builder().name("trades").slotSize(TRADE_SIZE).maxSlabs(0).build())
        {
            final Slab slab = cache.attach(file);
            System.out.println("Attached it to cache '" + cache.name() + "', which has no memory of its own: " +
                slab + ".");

            final long[] handles = new long[TRADES];
            final int[] offsets = new int[TRADES];
            for (int i = 0; i < TRADES; i++)
            {
                handles[i] = cache.allocate();
                offsets[i] = cache.offset(handles[i]);
                final AtomicBuffer buffer = cache.buffer(handles[i]);
                buffer.putLong(offsets[i] + TRADE_ID_OFFSET, FIRST_TRADE_ID + i, FILE_BYTE_ORDER);
                buffer.putLong(offsets[i] + QUANTITY_OFFSET, quantity(i), FILE_BYTE_ORDER);
                buffer.putLong(offsets[i] + PRICE_OFFSET, priceCents(i), FILE_BYTE_ORDER);
            }
            System.out.println("Wrote " + TRADES + " trades of " + TRADE_SIZE + " bytes at file offsets " +
                Arrays.toString(offsets) + ".");

            final CompletableFuture<Slab> detached = cache.detachWhenEmpty(slab);
            final long refused = cache.tryAllocate();
            System.out.println("detachWhenEmpty(slab): the slab is draining (" + slab.isDraining() +
                ") and serves no allocation: tryAllocate() gave " +
                (SlabCache.NULL_HANDLE == refused ? "NULL_HANDLE" : "a handle") + ".");

            for (final long handle : handles)
            {
                cache.free(handle);
            }
            System.out.println("Freed the " + TRADES + " trades: the last free completed the detach (future done: " +
                detached.isDone() + ", slab attached: " + detached.join().isAttached() + ").");
            System.out.println("The cache holds " + cache.stats().slabs() + " slabs and no reference to the file.");

            return offsets;
        }
    }

    private static void checkTrades(final AtomicBuffer file, final int[] offsets)
    {
        for (int i = 0; i < offsets.length; i++)
        {
            final int offset = offsets[i];
            final long tradeId = file.getLong(offset + TRADE_ID_OFFSET, FILE_BYTE_ORDER);
            final long quantity = file.getLong(offset + QUANTITY_OFFSET, FILE_BYTE_ORDER);
            final long priceCents = file.getLong(offset + PRICE_OFFSET, FILE_BYTE_ORDER);
            if (FIRST_TRADE_ID + i != tradeId || quantity(i) != quantity || priceCents(i) != priceCents)
            {
                throw new IllegalStateException(
                    "trade " + (FIRST_TRADE_ID + i) + " at offset " + offset + " did not survive: read id=" +
                    tradeId + " quantity=" + quantity + " priceCents=" + priceCents);
            }
            System.out.println("  trade " + tradeId + ": quantity " + quantity + " at " + priceCents +
                " cents, offset " + offset);
        }
        System.out.println("All " + offsets.length + " trades survived the detach, unmap and re-map.");
    }

    private static long quantity(final int trade)
    {
        return 100L * (trade + 1);
    }

    private static long priceCents(final int trade)
    {
        return 25_000L + trade;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.examples;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

import dev.slabcache.master.LiveSlots;
import dev.slabcache.master.PagePool;
import dev.slabcache.master.SizeClassCache;
import dev.slabcache.master.SizeClassCacheBuilder;
import dev.slabcache.master.SizeClassLayout;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A size-class cache that survives a restart: orders of many sizes live in slots of a memory-mapped file, and the
 * cache writes its layout (which class held each page) into a small file beside it when it closes. The next run
 * maps both files again, reopens the cache from the layout, and finds every order it left, with a new handle each.
 * <p>
 * Each order marks its own slot live with a magic number, cleared before the slot is freed; a freed slot's first
 * 4 bytes hold the free list, so the record starts after them:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              Unused: the free list's when freed               |
 *   +---------------------------------------------------------------+
 *   |                Magic "ORDR" while the order is live           |
 *   +---------------------------------------------------------------+
 *   |                           Order id                            |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                      Length of the notes                      |
 *   +---------------------------------------------------------------+
 *   |                     Notes, UTF-8                             ...
 *   +---------------------------------------------------------------+
 * </pre>
 * Run it with a directory to keep the files in: the first run stores orders, each later run reopens them, ships
 * (frees) the oldest and takes a new one. With no directory it runs twice in one JVM over a temporary one, which
 * it deletes at the end:
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *       -cp slab-examples/target/slab-examples.jar dev.slabcache.examples.RestartExample [directory]
 * </pre>
 */
public final class RestartExample
{
    /**
     * Bytes in a page of the memory file.
     */
    public static final int PAGE_SIZE = 16 * 1024;

    /**
     * Pages in the memory file.
     */
    public static final int PAGES = 16;

    private static final int MAGIC = 0x5244524F;
    private static final int MAGIC_OFFSET = 4;
    private static final int ID_OFFSET = 8;
    private static final int LENGTH_OFFSET = 16;
    private static final int NOTES_OFFSET = 20;
    private static final ByteOrder FILE_BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final String[] NOTES =
    {
        "express",
        "gift wrap, no invoice in the parcel",
        "deliver to the back door; the front bell does not work and the dog barks at strangers, so call first",
    };

    private RestartExample()
    {
    }

    /**
     * Runs the example and prints what it does.
     *
     * @param args an optional directory for the files; with none, two runs over a temporary one, then deleted.
     * @throws IOException when the directory cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        if (0 != args.length)
        {
            run(new File(args[0]));
            return;
        }
        final File directory = Files.createTempDirectory("slab-restart").toFile();
        run(directory);
        System.out.println("-- the process would stop here; the next one starts --");
        run(directory);
        IoUtil.delete(directory, false);
        System.out.println("Deleted the temporary directory " + directory);
    }

    private static void run(final File directory)
    {
        IoUtil.ensureDirectoryExists(directory, "orders");
        final File memoryFile = new File(directory, "orders.dat");
        final File layoutFile = new File(directory, "orders.layout");
        final boolean restart = memoryFile.exists();
        final MappedByteBuffer memoryMap = restart ?
            IoUtil.mapExistingFile(memoryFile, "orders") : IoUtil.mapNewFile(memoryFile, (long)PAGES * PAGE_SIZE);
        final AtomicBuffer memory = new UnsafeBuffer(memoryMap);
        final PagePool pool = PagePool.of(memory, PAGE_SIZE);
        final MappedByteBuffer layoutMap = restart ? IoUtil.mapExistingFile(layoutFile, "layout") :
            IoUtil.mapNewFile(layoutFile, SizeClassLayout.lengthFor(pool));
        final SizeClassCacheBuilder builder = SizeClassCache.builder().name("orders").minSlotSize(32)
            .maxSlotSize(1024).growthFactor(2).pagePool(pool).layout(new UnsafeBuffer(layoutMap));

        final Map<Long, Long> orders = new TreeMap<>();
        try (SizeClassCache cache = restart ? reopenOrStartEmpty(builder, memory, orders) : builder.build())
        {
            if (!orders.isEmpty())
            {
                final long oldest = orders.keySet().iterator().next();
                ship(cache, orders.remove(oldest));
                System.out.println("Shipped order " + oldest + ": its slot is free again.");
                final long next = orders.keySet().stream().mapToLong(Long::longValue).max().orElse(1000) + 1;
                orders.put(next, store(cache, next, NOTES[(int)(next % NOTES.length)]));
            }
            else
            {
                System.out.println("Built a new cache over " + memoryFile.getName() + " (" + PAGES + " pages of " +
                    PAGE_SIZE + " bytes).");
                for (long id = 1001; id <= 1006; id++)
                {
                    orders.put(id, store(cache, id, NOTES[(int)(id % NOTES.length)]));
                }
            }
            System.out.println("Live orders: " + orders.keySet() + "; pages in use " + pool.pagesInUse() + ".");
        }
        System.out.println("Closed the cache: it wrote its layout into " + layoutFile.getName() + ".");

        // For a machine that may lose power, not only a process that stops: flush both files before unmapping.
        memoryMap.force();
        layoutMap.force();
        IoUtil.unmap(memoryMap);
        IoUtil.unmap(layoutMap);
    }

    /**
     * Reopens the cache from its layout and finds each order by the magic in its slot; or, when the layout is
     * refused (the last process stopped without closing its cache, or the files do not belong together), builds a
     * new, empty cache, since no order in the file can be vouched for.
     */
    private static SizeClassCache reopenOrStartEmpty(
        final SizeClassCacheBuilder builder, final AtomicBuffer memory, final Map<Long, Long> orders)
    {
        final SizeClassCache cache;
        try
        {
            cache = builder.reopen(orders(memory, orders));
        }
        catch (final IllegalArgumentException ex)
        {
            System.out.println("Could not reopen, starting empty: " + ex.getMessage());
            return builder.build();
        }
        System.out.println("Reopened the cache from its layout: " + orders.size() + " orders, each with a new " +
            "handle (the last run's handles mean nothing here; the place in the file is what stays).");
        return cache;
    }

    /**
     * @return what tells a live order by the magic in its slot, and puts each one found in {@code orders}.
     */
    private static LiveSlots orders(final AtomicBuffer memory, final Map<Long, Long> orders)
    {
        return new LiveSlots()
        {
            public boolean isLive(final AtomicBuffer buffer, final int offset, final int slotSize)
            {
                return MAGIC == buffer.getInt(offset + MAGIC_OFFSET, FILE_BYTE_ORDER);
            }

            public void reopened(final long handle, final AtomicBuffer buffer, final int offset)
            {
                final long id = buffer.getLong(offset + ID_OFFSET, FILE_BYTE_ORDER);
                orders.put(id, handle);
                System.out.println("  found order " + id + " (\"" + notes(buffer, offset) + "\") at byte " +
                    (buffer.addressOffset() - memory.addressOffset() + offset) + " of the file");
            }
        };
    }

    private static long store(final SizeClassCache cache, final long id, final String notes)
    {
        final byte[] bytes = notes.getBytes(StandardCharsets.UTF_8);
        final long handle = cache.allocate(NOTES_OFFSET + bytes.length);
        final AtomicBuffer buffer = cache.buffer(handle);
        final int offset = cache.offset(handle);
        buffer.putLong(offset + ID_OFFSET, id, FILE_BYTE_ORDER);
        buffer.putInt(offset + LENGTH_OFFSET, bytes.length, FILE_BYTE_ORDER);
        buffer.putBytes(offset + NOTES_OFFSET, bytes);
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, FILE_BYTE_ORDER);
        System.out.println("Stored order " + id + " in a slot of " + cache.slotSize(handle) + " bytes.");
        return handle;
    }

    private static void ship(final SizeClassCache cache, final long handle)
    {
        cache.buffer(handle).putInt(cache.offset(handle) + MAGIC_OFFSET, 0, FILE_BYTE_ORDER);
        cache.free(handle);
    }

    private static String notes(final AtomicBuffer buffer, final int offset)
    {
        final byte[] bytes = new byte[buffer.getInt(offset + LENGTH_OFFSET, FILE_BYTE_ORDER)];
        buffer.getBytes(offset + NOTES_OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

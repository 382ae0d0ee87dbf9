/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.master;

import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The layout a {@link SizeClassCache} over {@link PagePool#of(AtomicBuffer, int)} writes when it closes, into the
 * buffer given to {@link SizeClassCacheBuilder#layout(AtomicBuffer)}, so that a new process can reopen the pool
 * and every class with {@link SizeClassCacheBuilder#reopen(LiveSlots)}: which class held each page, the class sizes,
 * the page size and the pool's page count, behind a magic, a version and a checksum. Little-endian, so that a file
 * holding it reads the same on any machine:
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  magic "SLABLAYT", written last               |
 *   |                                                               |
 *   +---------------------------------------------------------------+
 *   |                            version                            |
 *   +---------------------------------------------------------------+
 *   |                 length in bytes, checksum included            |
 *   +---------------------------------------------------------------+
 *   |                           page size                           |
 *   +---------------------------------------------------------------+
 *   |                     pages in the pool                         |
 *   +---------------------------------------------------------------+
 *   |                       slot alignment                          |
 *   +---------------------------------------------------------------+
 *   |                           classes                             |
 *   +---------------------------------------------------------------+
 *   |               class sizes, smallest first, 4 bytes each      ...
 *   +---------------------------------------------------------------+
 *   |  class that held each page, 2 bytes each, -1 for none        ...
 *   +---------------------------------------------------------------+
 *   |                 0 to 2 bytes of padding                       |
 *   +---------------------------------------------------------------+
 *   |         CRC-32C of every byte from the version to here        |
 *   +---------------------------------------------------------------+
 * </pre>
 * Where it lives: in a buffer of its own, never in the pool's pages, which stay 100% slots (slab metadata is never
 * inside a caller's slab memory). A small file beside the memory file, as memcached keeps its {@code .meta} file,
 * or a header region of the same mapping that the caller keeps out of the pool's buffer. Kept apart, it can be
 * written once, at a clean close, and be cleared while the cache runs: a cache built or reopened over it zeros its
 * magic at once, so a process that stops without closing its cache leaves no layout, and the next reopen is refused
 * rather than trust pages changed since.
 */
public final class SizeClassLayout
{
    /**
     * The first 8 bytes of a layout, little-endian: the ASCII of "SLABLAYT".
     */
    public static final long MAGIC = 0x5459414C42414C53L;

    /**
     * The version of the layout this library writes and reads.
     */
    public static final int VERSION = 1;

    /**
     * Bytes before the class sizes.
     */
    public static final int HEADER_LENGTH = 32;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 8;
    private static final int LENGTH_OFFSET = 12;
    private static final int PAGE_SIZE_OFFSET = 16;
    private static final int PAGES_OFFSET = 20;
    private static final int ALIGNMENT_OFFSET = 24;
    private static final int CLASSES_OFFSET = 28;
    private static final short NO_CLASS = -1;

    private final AtomicBuffer buffer;
    private final PagePool pool;
    private final SizeClasses sizes;
    private final int length;

    /**
     * @throws IllegalArgumentException when the pool is not over a caller's buffer.
     */
    SizeClassLayout(final AtomicBuffer buffer, final PagePool pool, final SizeClasses sizes)
    {
        if (!pool.isOverCallerBuffer())
        {
            throw new IllegalArgumentException("a layout is for a pool over your own memory, PagePool.of(buffer, " +
                "pageSize): the pages of " + pool + " do not outlive the process");
        }
        this.buffer = buffer;
        this.pool = pool;
        this.sizes = sizes;
        this.length = (int)lengthOf(sizes.count(), pool.pageLimit());
    }

    /**
     * For a new cache, which writes the layout when it closes; a reopened one has read a layout of this length.
     *
     * @throws IllegalArgumentException when the buffer cannot hold the layout.
     */
    void checkCapacity()
    {
        if (buffer.capacity() < length)
        {
            throw new IllegalArgumentException("layout buffer of capacity=" + buffer.capacity() + " cannot hold the " +
                "layout of " + sizes.count() + " classes and " + pool.pageLimit() + " pages: it needs " + length +
                " bytes (SizeClassLayout.lengthFor(pool) is enough for any classes)");
        }
    }

    /**
     * The bytes a buffer needs to hold the layout of any size-class cache over a pool.
     *
     * @param pool a pool over a caller's buffer, {@link PagePool#of(AtomicBuffer, int)}.
     * @return bytes enough for the layout of {@value SizeClassCache#MAX_CLASSES} classes over the pool's pages.
     * @throws IllegalArgumentException when {@code pool} is null.
     */
    public static int lengthFor(final PagePool pool)
    {
        if (null == pool)
        {
            throw new IllegalArgumentException("pool must not be null");
        }
        return (int)Math.min(Integer.MAX_VALUE, lengthOf(SizeClassCache.MAX_CLASSES, pool.pageLimit()));
    }

    /**
     * Marks the buffer as holding no layout, for a cache about to change the pool's pages.
     */
    void invalidate()
    {
        buffer.putLong(0, 0);
        VarHandle.fullFence();
    }

    /**
     * Writes the layout of {@code classes}, the magic last, for a cache that is closing: its classes still hold
     * their pages, and no page moves meanwhile.
     */
    void save(final CacheCore[] classes)
    {
        invalidate();
        final int pages = pool.pageLimit();
        final int pageMap = pageMapOffset(sizes.count());
        for (int page = 0; page < pages; page++)
        {
            buffer.putShort(pageMap + page * Short.BYTES, NO_CLASS, ORDER);
        }
        for (int sizeClass = 0; sizeClass < classes.length; sizeClass++)
        {
            final CacheCore core = classes[sizeClass];
            core.lock.lock();
            try
            {
                for (final SlabRecord slab : core.admin.slabs())
                {
                    buffer.putShort(pageMap + pool.pageOf(slab.buffer) * Short.BYTES, (short)sizeClass, ORDER);
                }
            }
            finally
            {
                core.lock.unlockAndCompleteDrains();
            }
        }
        for (int sizeClass = 0; sizeClass < sizes.count(); sizeClass++)
        {
            buffer.putInt(HEADER_LENGTH + sizeClass * Integer.BYTES, sizes.size(sizeClass), ORDER);
        }
        for (int padding = pageMap + pages * Short.BYTES; padding < length - Integer.BYTES; padding++)
        {
            buffer.putByte(padding, (byte)0);
        }
        buffer.putInt(VERSION_OFFSET, VERSION, ORDER);
        buffer.putInt(LENGTH_OFFSET, length, ORDER);
        buffer.putInt(PAGE_SIZE_OFFSET, pool.pageSize(), ORDER);
        buffer.putInt(PAGES_OFFSET, pages, ORDER);
        buffer.putInt(ALIGNMENT_OFFSET, SizeClassCache.CLASS_ALIGNMENT, ORDER);
        buffer.putInt(CLASSES_OFFSET, sizes.count(), ORDER);
        buffer.putInt(length - Integer.BYTES, checksum(length), ORDER);
        VarHandle.fullFence();
        buffer.putLong(0, MAGIC, ORDER);
        VarHandle.fullFence();
    }

    /**
     * Reads the layout and checks it whole and against this cache's pool and class sizes; writes nothing.
     *
     * @return for each page of the pool, the class that held it, or -1.
     * @throws IllegalArgumentException naming what did not match: no layout, a foreign one, a truncated, torn or
     *                                  changed one, or one of another page size, pool size or class sizes.
     */
    int[] read()
    {
        checkWhole();
        checkSame("pageSize", buffer.getInt(PAGE_SIZE_OFFSET, ORDER), pool.pageSize(), "the pool's");
        checkSame("pages", buffer.getInt(PAGES_OFFSET, ORDER), pool.pageLimit(), "the pool's");
        checkSame("slotAlignment", buffer.getInt(ALIGNMENT_OFFSET, ORDER), SizeClassCache.CLASS_ALIGNMENT, "the");
        final int classes = buffer.getInt(CLASSES_OFFSET, ORDER);
        checkSame("classes", classes, sizes.count(), "the builder's");
        for (int sizeClass = 0; sizeClass < classes; sizeClass++)
        {
            checkSame("size of class " + sizeClass, buffer.getInt(HEADER_LENGTH + sizeClass * Integer.BYTES, ORDER),
                sizes.size(sizeClass), "the builder's");
        }

        final int[] owners = new int[pool.pageLimit()];
        final int pageMap = pageMapOffset(classes);
        for (int page = 0; page < owners.length; page++)
        {
            final int owner = buffer.getShort(pageMap + page * Short.BYTES, ORDER);
            if (owner < NO_CLASS || owner >= classes)
            {
                throw refused("page " + page + " names class " + owner + ", but there are " + classes + " classes");
            }
            owners[page] = owner;
        }
        return owners;
    }

    /**
     * Checks that the buffer holds one whole layout of this version: present, ours, as long as it says, and with
     * its checksum.
     */
    private void checkWhole()
    {
        if (buffer.capacity() < HEADER_LENGTH)
        {
            throw refused("the buffer holds " + buffer.capacity() + " bytes, fewer than a layout's header of " +
                HEADER_LENGTH + ": truncated");
        }
        final long magic = buffer.getLong(0, ORDER);
        if (0 == magic)
        {
            throw refused("its magic is 0: no layout was written (zeroed, or a cache was built or reopened over " +
                "it and did not close)");
        }
        if (MAGIC != magic)
        {
            throw refused(String.format("magic=0x%016x is not a layout's 0x%016x: a foreign buffer", magic, MAGIC));
        }
        final int version = buffer.getInt(VERSION_OFFSET, ORDER);
        if (VERSION != version)
        {
            throw refused("version=" + version + " is not the version this library reads, " + VERSION);
        }
        final int declared = buffer.getInt(LENGTH_OFFSET, ORDER);
        if (declared < HEADER_LENGTH + Integer.BYTES || declared > buffer.capacity())
        {
            throw refused("length=" + declared + " must be in [" + (HEADER_LENGTH + Integer.BYTES) + ", " +
                buffer.capacity() + "], the bytes the buffer holds: truncated or torn");
        }
        final int stored = buffer.getInt(declared - Integer.BYTES, ORDER);
        final int computed = checksum(declared);
        if (stored != computed)
        {
            throw refused(String.format("checksum=0x%08x differs from its bytes' 0x%08x: torn, or changed since " +
                "it was written", stored, computed));
        }
        final int classes = buffer.getInt(CLASSES_OFFSET, ORDER);
        final int pages = buffer.getInt(PAGES_OFFSET, ORDER);
        if (classes < 1 || classes > SizeClassCache.MAX_CLASSES || pages < 1 || declared != lengthOf(classes, pages))
        {
            throw refused("length=" + declared + " does not fit classes=" + classes + " and pages=" + pages);
        }
    }

    private void checkSame(final String field, final int found, final int expected, final String whose)
    {
        if (found != expected)
        {
            throw refused(field + "=" + found + " differs from " + whose + " " + field + "=" + expected +
                ": reopen with the settings and the pool it was written with");
        }
    }

    private IllegalArgumentException refused(final String what)
    {
        return new IllegalArgumentException("layout refused, nothing attached: " + what);
    }

    private int checksum(final int length)
    {
        final byte[] bytes = new byte[length - Integer.BYTES - VERSION_OFFSET];
        buffer.getBytes(VERSION_OFFSET, bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int)crc.getValue();
    }

    private static int pageMapOffset(final int classes)
    {
        return HEADER_LENGTH + classes * Integer.BYTES;
    }

    private static long lengthOf(final int classes, final int pages)
    {
        return BitUtil.align(pageMapOffset(classes) + (long)pages * Short.BYTES, Integer.BYTES) + Integer.BYTES;
    }
}

/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The metadata file beside a memory file ({@code PATH.meta}, as memcached keeps its {@code .meta} file): what a warm
 * restart needs beside the items, which the memory file's pages hold. A header of the server's settings that must
 * match (-m, -n, -f, -I, -C and the page size), the memory file's identity, the next cas unique, the flush_all state
 * and the time of the stop, behind a magic, a version and a CRC-32C, then the library's
 * {@code SizeClassLayout} (which class held each page). Little-endian:
 * <pre>
 *   0 magic "SMCWARM1" (written last)   8 version        12 header length   16 memory bytes (-m in whole pages)
 *  24 page size   28 min data size (-n) 32 growth factor (-f, as double bits) 40 max item size (-I) 44 cas (-C: 0)
 *  48 next cas    56 flush oldest live  64 flush oldest cas                   72 stopped at (Unix s)
 *  80 memory file identity (hash of its file key)   88..123 zero   124 CRC-32C of bytes 8..123   128 the layout
 * </pre>
 * Opening it reads the header and then zeroes its magic at once (and the cache zeroes the layout's), so that a
 * process that stops without writing it again leaves no valid metadata and the next start begins empty.
 * Not thread-safe: opened when the store is made and written when it closes, under the store's lock.
 */
final class RestartMeta implements AutoCloseable
{
    /** "SMCWARM1" read as a little-endian long. */
    static final long MAGIC = 0x314D5241574D434DL;
    /** The version of this header; another one is refused. */
    static final int VERSION = 1;
    /** Bytes of the header, before the layout. */
    static final int HEADER_LENGTH = 128;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_AT = 8;
    private static final int HEADER_LENGTH_AT = 12;
    private static final int MEMORY_AT = 16;
    private static final int PAGE_SIZE_AT = 24;
    private static final int MIN_DATA_AT = 28;
    private static final int GROWTH_AT = 32;
    private static final int MAX_ITEM_AT = 40;
    private static final int CAS_ENABLED_AT = 44;
    private static final int NEXT_CAS_AT = 48;
    private static final int OLDEST_LIVE_AT = 56;
    private static final int OLDEST_CAS_AT = 64;
    private static final int STOPPED_AT = 72;
    private static final int IDENTITY_AT = 80;
    private static final int CRC_AT = 124;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer layout;
    private final String refusal;

    /**
     * Maps the metadata file (making it if need be), reads and checks its header against these settings, and zeroes
     * its magic.
     *
     * @param settings     the store's settings, with a memory file.
     * @param memoryBytes  bytes of the memory file the pool covers.
     * @param layoutLength bytes the library's layout needs.
     * @throws UncheckedIOException when the file cannot be mapped.
     */
    RestartMeta(final StoreSettings settings, final long memoryBytes, final int layoutLength)
    {
        this.path = pathOf(settings.memoryFile());
        final int length = HEADER_LENGTH + layoutLength;
        final boolean existed = Files.exists(path);
        try (FileChannel channel = FileChannel.open(path,
            StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long oldSize = channel.size();
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            layout = new UnsafeBuffer(mapped, HEADER_LENGTH, length - HEADER_LENGTH);
            if (!existed)
            {
                refusal = "no metadata file " + path + " (a first start, or it was removed)";
            }
            else if (oldSize < HEADER_LENGTH)
            {
                refusal = "the metadata file " + path + " is truncated to " + oldSize + " bytes";
            }
            else
            {
                refusal = check(settings, memoryBytes, identity(settings.memoryFile()));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map the metadata file " + path, ex);
        }
        header.putLong(0, 0, ORDER);
        mapped.force();
    }

    /**
     * @param memoryFile the memory file (-e).
     * @return the metadata file beside it: its path with ".meta" added.
     */
    static Path pathOf(final Path memoryFile)
    {
        return memoryFile.resolveSibling(memoryFile.getFileName() + ".meta");
    }

    /**
     * @return why the items cannot be reopened, or null when the header was whole and written for these settings.
     */
    String refusal()
    {
        return refusal;
    }

    /**
     * @return the region the library's layout is written to and read from.
     */
    AtomicBuffer layout()
    {
        return layout;
    }

    /**
     * @return the next cas unique the stopped server would have handed out.
     */
    long nextCas()
    {
        return header.getLong(NEXT_CAS_AT, ORDER);
    }

    /**
     * @return the flush_all rule's oldest live time the stopped server had, or 0.
     */
    long oldestLive()
    {
        return header.getLong(OLDEST_LIVE_AT, ORDER);
    }

    /**
     * @return the flush_all rule's oldest cas the stopped server had, or 0.
     */
    long oldestCas()
    {
        return header.getLong(OLDEST_CAS_AT, ORDER);
    }

    /**
     * @return when the server stopped, in Unix seconds.
     */
    long stoppedAt()
    {
        return header.getLong(STOPPED_AT, ORDER);
    }

    /**
     * Writes the header for the next start, after the cache has written its layout, the magic last, and forces the
     * file to its store.
     *
     * @param settings    the store's settings.
     * @param memoryBytes bytes of the memory file the pool covers.
     * @param nextCas     the next cas unique.
     * @param oldestLive  the flush_all rule's oldest live time, or 0.
     * @param oldestCas   the flush_all rule's oldest cas, or 0.
     * @param now         the time of the stop, in Unix seconds.
     */
    void write(
        final StoreSettings settings, final long memoryBytes, final long nextCas, final long oldestLive,
        final long oldestCas, final long now)
    {
        header.setMemory(0, HEADER_LENGTH, (byte)0);
        header.putInt(VERSION_AT, VERSION, ORDER);
        header.putInt(HEADER_LENGTH_AT, HEADER_LENGTH, ORDER);
        header.putLong(MEMORY_AT, memoryBytes, ORDER);
        header.putInt(PAGE_SIZE_AT, settings.pageSize(), ORDER);
        header.putInt(MIN_DATA_AT, settings.minDataSize(), ORDER);
        header.putLong(GROWTH_AT, Double.doubleToLongBits(settings.growthFactor()), ORDER);
        header.putInt(MAX_ITEM_AT, settings.maxItemSize(), ORDER);
        header.putInt(CAS_ENABLED_AT, settings.casEnabled() ? 1 : 0, ORDER);
        header.putLong(NEXT_CAS_AT, nextCas, ORDER);
        header.putLong(OLDEST_LIVE_AT, oldestLive, ORDER);
        header.putLong(OLDEST_CAS_AT, oldestCas, ORDER);
        header.putLong(STOPPED_AT, now, ORDER);
        header.putLong(IDENTITY_AT, identity(settings.memoryFile()), ORDER);
        header.putInt(CRC_AT, crc(), ORDER);
        mapped.force();
        header.putLong(0, MAGIC, ORDER);
        mapped.force();
    }

    /**
     * Unmaps the file; what was written stays.
     */
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }

    private String check(final StoreSettings settings, final long memoryBytes, final long identity)
    {
        if (MAGIC != header.getLong(0, ORDER))
        {
            return "the metadata file " + path + " holds no valid header (the last stop was not clean)";
        }
        if (VERSION != header.getInt(VERSION_AT, ORDER) || HEADER_LENGTH != header.getInt(HEADER_LENGTH_AT, ORDER))
        {
            return "the metadata file " + path + " is of version " + header.getInt(VERSION_AT, ORDER) + ", not " +
                VERSION;
        }
        if (crc() != header.getInt(CRC_AT, ORDER))
        {
            return "the metadata file " + path + " fails its checksum";
        }
        final String changed =
            differs("-m in bytes", header.getLong(MEMORY_AT, ORDER), memoryBytes) +
            differs("-I", header.getInt(MAX_ITEM_AT, ORDER), settings.maxItemSize()) +
            differs("the page size", header.getInt(PAGE_SIZE_AT, ORDER), settings.pageSize()) +
            differs("-n", header.getInt(MIN_DATA_AT, ORDER), settings.minDataSize()) +
            (Double.doubleToLongBits(settings.growthFactor()) == header.getLong(GROWTH_AT, ORDER) ? "" :
                " -f was " + Double.longBitsToDouble(header.getLong(GROWTH_AT, ORDER)) + ", is " +
                settings.growthFactor() + ";") +
            differs("-C (cas kept)", header.getInt(CAS_ENABLED_AT, ORDER), settings.casEnabled() ? 1 : 0);
        if (!changed.isEmpty())
        {
            return "the settings differ from the last run's:" + changed.substring(0, changed.length() - 1);
        }
        if (identity != header.getLong(IDENTITY_AT, ORDER))
        {
            return "the memory file " + settings.memoryFile() + " is not the one the metadata was written for";
        }
        return null;
    }

    private static String differs(final String name, final long was, final long is)
    {
        return was == is ? "" : " " + name + " was " + was + ", is " + is + ";";
    }

    private int crc()
    {
        final CRC32C crc = new CRC32C();
        final byte[] bytes = new byte[CRC_AT - VERSION_AT];
        header.getBytes(VERSION_AT, bytes);
        crc.update(bytes);
        return (int)crc.getValue();
    }

    private static long identity(final Path file)
    {
        try
        {
            final Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return null == key ? 0 : key.toString().hashCode();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}

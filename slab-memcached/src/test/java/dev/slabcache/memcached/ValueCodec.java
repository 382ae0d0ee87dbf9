/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Values that prove where they came from: a value carries the version it was written as and a CRC-32 of its key,
 * that version and its payload, so that any value read back can be checked against the key it was read from.
 * <pre>
 *   0        8       12      16                  length
 *   +--------+-------+-------+-------------------+
 *   |version | length|  crc  | payload ...       |
 *   +--------+-------+-------+-------------------+
 * </pre>
 */
final class ValueCodec
{
    /** The smallest value {@link #encode} makes: the header alone. */
    static final int HEADER_LENGTH = 16;

    private ValueCodec()
    {
    }

    /**
     * @param length the number of bytes.
     * @param seed   picks the pattern.
     * @return bytes that differ with the seed and the position.
     */
    static byte[] pattern(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i * 7 + (i >>> 8));
        }
        return bytes;
    }

    /**
     * @param key     the key the value is for.
     * @param version the version of the key's value.
     * @param length  the value's length, at least {@link #HEADER_LENGTH}.
     * @return the value.
     */
    static byte[] encode(final String key, final long version, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("length=" + length + " must be at least " + HEADER_LENGTH);
        }
        final byte[] value = pattern(length, (int)version ^ key.hashCode());
        final ByteBuffer buffer = ByteBuffer.wrap(value);
        buffer.putLong(0, version).putInt(8, length).putInt(12, 0);
        buffer.putInt(12, crc(key, value));
        return value;
    }

    /**
     * @param key   the key the value was read from.
     * @param value the value read.
     * @return the version the value carries.
     * @throws AssertionError when the value is not one {@link #encode} made for this key.
     */
    static long versionOf(final String key, final byte[] value)
    {
        if (value.length < HEADER_LENGTH)
        {
            throw new AssertionError("value of " + key + " has " + value.length + " bytes, less than a header");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(value);
        final int length = buffer.getInt(8);
        final int crc = buffer.getInt(12);
        if (length != value.length)
        {
            throw new AssertionError("value of " + key + " has " + value.length + " bytes but says " + length);
        }
        buffer.putInt(12, 0);
        final int actual = crc(key, value);
        buffer.putInt(12, crc);
        if (actual != crc)
        {
            throw new AssertionError("value of " + key + " fails its checksum: not written for this key, or damaged");
        }
        return buffer.getLong(0);
    }

    private static int crc(final String key, final byte[] valueWithZeroCrc)
    {
        final CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.US_ASCII));
        crc.update(valueWithZeroCrc);
        return (int)crc.getValue();
    }
}

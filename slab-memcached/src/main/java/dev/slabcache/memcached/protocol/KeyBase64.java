/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * The base64 of meta commands' binary keys ("b"), as memcached 1.6.18's base64.c reads and writes it, without
 * garbage. Decoding is lenient where memcached's is: bytes outside the alphabet are skipped, the first block holding
 * '=' ends the key, and only a count of alphabet bytes that is not a multiple of 4, or three '=' in a block, fail.
 */
final class KeyBase64
{
    private static final byte[] ALPHABET =
        Replies.ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    private static final int SKIP = 0x80;
    private static final int[] VALUES = new int[256];

    static
    {
        Arrays.fill(VALUES, SKIP);
        for (int i = 0; i < ALPHABET.length; i++)
        {
            VALUES[ALPHABET[i]] = i;
        }
        VALUES['='] = 0;
    }

    private KeyBase64()
    {
    }

    /**
     * Decodes {@code in[from, to)} into {@code out}, which holds at least {@code (to - from) / 4 * 3} bytes.
     *
     * @return the length of the key, or 0 when memcached fails to decode it.
     */
    static int decode(final ByteBuf in, final int from, final int to, final byte[] out)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (SKIP != VALUES[in.getByte(i) & 0xFF])
            {
                count++;
            }
        }
        if (0 == count || 0 != count % 4)
        {
            return 0;
        }
        int length = 0;
        int pad = 0;
        int block = 0;
        count = 0;
        for (int i = from; i < to; i++)
        {
            final int b = in.getByte(i) & 0xFF;
            final int value = VALUES[b];
            if (SKIP == value)
            {
                continue;
            }
            if ('=' == b)
            {
                pad++;
            }
            block = block << 6 | value;
            if (4 == ++count)
            {
                out[length++] = (byte)(block >> 16);
                out[length++] = (byte)(block >> 8);
                out[length++] = (byte)block;
                count = 0;
                block = 0;
                if (0 != pad)
                {
                    return pad > 2 ? 0 : length - pad;
                }
            }
        }
        return length;
    }

    /**
     * Writes the base64 of {@code key[0, length)}, padded with '=' as memcached writes it.
     */
    static void encode(final byte[] key, final int length, final ByteBuf out)
    {
        int i = 0;
        for (; i + 3 <= length; i += 3)
        {
            final int block = (key[i] & 0xFF) << 16 | (key[i + 1] & 0xFF) << 8 | (key[i + 2] & 0xFF);
            out.writeByte(ALPHABET[block >> 18]).writeByte(ALPHABET[block >> 12 & 0x3F])
                .writeByte(ALPHABET[block >> 6 & 0x3F]).writeByte(ALPHABET[block & 0x3F]);
        }
        final int rest = length - i;
        if (0 != rest)
        {
            final int block = (key[i] & 0xFF) << 16 | (2 == rest ? (key[i + 1] & 0xFF) << 8 : 0);
            out.writeByte(ALPHABET[block >> 18]).writeByte(ALPHABET[block >> 12 & 0x3F])
                .writeByte(2 == rest ? ALPHABET[block >> 6 & 0x3F] : '=').writeByte('=');
        }
    }
}

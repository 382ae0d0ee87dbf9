/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyBase64Test
{
    private static int decode(final String text, final byte[] out)
    {
        final ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        return KeyBase64.decode(in, 0, in.writerIndex(), out);
    }

    @Test
    void shouldEncodeAndDecodeEveryLengthAsStandardBase64()
    {
        final Random random = new Random(17);
        final byte[] decoded = new byte[Tokens.KEY_MAX_LENGTH];
        for (int length = 1; length <= 187; length++)
        {
            final byte[] key = new byte[length];
            random.nextBytes(key);
            final ByteBuf out = Unpooled.buffer();
            KeyBase64.encode(key, length, out);
            final String encoded = out.toString(StandardCharsets.ISO_8859_1);
            assertEquals(Base64.getEncoder().encodeToString(key), encoded);
            assertEquals(length, decode(encoded, decoded));
            assertArrayEquals(key, Arrays.copyOf(decoded, length));
        }
    }

    @Test
    void shouldSkipBytesOutsideTheAlphabetAsMemcached()
    {
        final byte[] out = new byte[16];
        assertEquals(3, decode("Z!m9\u0001v", out));
        assertEquals("foo", new String(out, 0, 3, StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldStopAtTheFirstPaddedBlockAsMemcached()
    {
        final byte[] out = new byte[16];
        assertEquals(1, decode("Zg==Zm9v", out));
        assertEquals('f', out[0]);
        assertEquals(1, decode("Z=g=", out));
    }

    @Test
    void shouldFailWhereMemcachedFails()
    {
        final byte[] out = new byte[16];
        for (final String bad : new String[] {"", "Zm9", "Zm9v=", "=====", "Z===", "====", "!!!!"})
        {
            assertEquals(0, decode(bad, out), bad);
        }
    }
}

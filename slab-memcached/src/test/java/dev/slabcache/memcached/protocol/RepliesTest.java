/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RepliesTest
{
    @Test
    void shouldWriteNumbersAsDecimalText()
    {
        assertEquals("0", signed(0));
        assertEquals("9", signed(9));
        assertEquals("10", signed(10));
        assertEquals("-42", signed(-42));
        assertEquals("9223372036854775807", signed(Long.MAX_VALUE));
        assertEquals("-9223372036854775808", signed(Long.MIN_VALUE));
        assertEquals("18446744073709551615", unsigned(-1L));
        assertEquals("9223372036854775808", unsigned(Long.MIN_VALUE));
    }

    @Test
    void shouldAgreeWithTheJdkOnRandomNumbers()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++)
        {
            final long value = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(value), signed(value), "seed " + seed);
            assertEquals(Long.toUnsignedString(value), unsigned(value), "seed " + seed);
        }
    }

    private static String signed(final long value)
    {
        final ByteBuf out = Unpooled.buffer(1);
        Replies.writeLong(out, value);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String unsigned(final long value)
    {
        final ByteBuf out = Unpooled.buffer(1);
        Replies.writeUnsigned(out, value);
        return out.toString(StandardCharsets.US_ASCII);
    }
}

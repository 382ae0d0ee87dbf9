/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import java.nio.charset.StandardCharsets;

import dev.slabcache.memcached.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest
{
    private final Tokens tokens = new Tokens();

    private int split(final String line)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(line, StandardCharsets.ISO_8859_1);
        return tokens.split(buffer, 0, buffer.writerIndex());
    }

    private String token(final int i)
    {
        return tokens.buffer().toString(tokens.start(i), tokens.length(i), StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldSplitAtSpacesSkippingRuns()
    {
        assertEquals(4, split("  set  key 0   5"));
        assertEquals("set", token(0));
        assertEquals("key", token(1));
        assertEquals("0", token(2));
        assertEquals("5", token(3));
        assertTrue(tokens.is(0, Replies.ascii("set")));
        assertFalse(tokens.is(0, Replies.ascii("se")));
    }

    @Test
    void shouldSplitLongTokensInsideADirectBufferAtAnOffset()
    {
        final String key = "k".repeat(61) + "xyz";
        final String line = "get " + key + "   " + key + "  x y";
        final ByteBuf buffer = ByteBufAllocator.DEFAULT.ioBuffer(256);
        try
        {
            buffer.writeBytes(RawClient.bytes("junk\r\n" + line + "\r\n"));
            final int from = 6;
            assertEquals(5, tokens.split(buffer, from, from + line.length()));
            assertEquals("get", token(0));
            assertEquals(key, token(1));
            assertEquals(key, token(2));
            assertEquals("x", token(3));
            assertEquals("y", token(4));
            assertEquals(from + line.length(), tokens.lineEnd());
        }
        finally
        {
            buffer.release();
        }
    }

    @Test
    void shouldKeepTabsInsideTokensAsMemcachedDoes()
    {
        assertEquals(2, split("get a\tb"));
        assertEquals("a\tb", token(1));
    }

    @Test
    void shouldStopAtTheTokenLimit()
    {
        final StringBuilder line = new StringBuilder("get");
        for (int i = 0; i < 30; i++)
        {
            line.append(" k").append(i);
        }
        assertEquals(Tokens.MAX_TOKENS, split(line.toString()));
        assertEquals("k21", token(Tokens.MAX_TOKENS - 1));
    }

    @Test
    void shouldSeeNoreplyOnlyAsTheLastToken()
    {
        split("set k 0 0 1 noreply");
        assertTrue(tokens.lastIsNoreply());
        split("set noreply 0 0 1");
        assertFalse(tokens.lastIsNoreply());
    }

    @Test
    void shouldParseUnsigned64LikeStrtoull()
    {
        assertU64(true, "18446744073709551615", -1L);
        assertU64(true, "0", 0);
        assertU64(true, "+7", 7);
        assertU64(true, "-0", 0);
        assertU64(false, "18446744073709551616", 0);
        assertU64(false, "-1", 0);
        assertU64(false, "12a", 0);
        assertU64(false, "", 0);
        assertU64(false, "-", 0);
    }

    @Test
    void shouldParseSigned32LikeSafeStrtol()
    {
        assertI32(true, "2147483647", Integer.MAX_VALUE);
        assertI32(true, "-2147483648", Integer.MIN_VALUE);
        assertI32(true, "-1", -1);
        assertI32(false, "2147483648", 0);
        assertI32(false, "1x", 0);
        assertI32(false, "99999999999999999999", 0);
    }

    @Test
    void shouldKeepTheLow32BitsOfAFlagsNumberAsMemcachedDoes()
    {
        split("4294967295 4294967296 -5");
        assertTrue(tokens.parseU32(0));
        assertEquals(0xFFFF_FFFFL, tokens.value);
        assertTrue(tokens.parseU32(1));
        assertEquals(0, tokens.value);
        assertFalse(tokens.parseU32(2));
    }

    @Test
    void shouldCopyKeysOfUpTo250BytesHoldingControlCharactersAsMemcached1618()
    {
        final byte[] key = new byte[Tokens.KEY_MAX_LENGTH];
        split("k".repeat(250) + " " + "k".repeat(251) + " a\u0001b caf\u00e9 \u007f\t\r\n\u001b");
        assertEquals(250, tokens.copyKey(0, key));
        assertEquals(-1, tokens.copyKey(1, key));
        assertEquals(3, tokens.copyKey(2, key));
        assertEquals(1, key[1]);
        assertEquals(4, tokens.copyKey(3, key));
        assertEquals(5, tokens.copyKey(4, key));
    }

    @Test
    void shouldEndTheLineAtANulByteAsMemcached1618ReadsACString()
    {
        assertEquals(2, split("get a\u0000b c"));
        assertEquals("a", token(1));
        assertEquals(5, tokens.lineEnd());
        assertEquals(1, split("get\u0000 a"));
        assertEquals(0, split("\u0000get a"));
    }

    @Test
    void shouldEndTheLineAtANulByteBeyondTheTokenLimit()
    {
        final StringBuilder line = new StringBuilder("get");
        for (int i = 0; i < 30; i++)
        {
            line.append(" k").append(i);
        }
        line.append('\u0000').append(" after");
        assertEquals(Tokens.MAX_TOKENS, split(line.toString()));
        assertEquals(line.indexOf("\u0000"), tokens.lineEnd());
    }

    private void assertU64(final boolean ok, final String text, final long expected)
    {
        split("x " + text);
        final boolean parsed = text.isEmpty() ? tokens.parseU64(tokens.end(0), tokens.end(0)) : tokens.parseU64(1);
        assertEquals(ok, parsed, text);
        if (ok)
        {
            assertEquals(expected, tokens.value, text);
        }
    }

    private void assertI32(final boolean ok, final String text, final long expected)
    {
        split("x " + text);
        assertEquals(ok, tokens.parseI32(1), text);
        if (ok)
        {
            assertEquals(expected, tokens.value, text);
        }
    }
}

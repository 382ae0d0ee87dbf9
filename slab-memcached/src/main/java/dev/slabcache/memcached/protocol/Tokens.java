/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */
package dev.slabcache.memcached.protocol;

import io.netty.buffer.ByteBuf;

/**
 * One command line split at spaces as memcached splits it (at most {@link #MAX_TOKENS} tokens, the rest of the line
 * left over), with memcached's number rules. Reused by one connection: splitting and parsing make no garbage.
 */
final class Tokens
{
    /** memcached's limit, less its terminating token. */
    static final int MAX_TOKENS = 23;

    /** The longest key. */
    static final int KEY_MAX_LENGTH = 250;

    static final byte[] NOREPLY = Replies.ascii("noreply");

    /** The most digits {@link #parseI32} takes: a longer run is refused, even one of leading zeros. */
    private static final int I32_MAX_DIGITS = 18;

    /** No cap for {@link #parseU64}: it takes any run of leading zeros, and its 64-bit check refuses the rest. */
    private static final int U64_MAX_DIGITS = Integer.MAX_VALUE;

    private final int[] starts = new int[MAX_TOKENS];
    private final int[] ends = new int[MAX_TOKENS];
    private ByteBuf buffer;
    private int count;
    private int lineEnd;

    /** The number parsed by the last successful parse call. */
    long value;

    /** The digits that the last {@link #readNumber} call read, less their sign: not yet checked against a range. */
    private long magnitude;

    /** Whether the number that the last {@link #readNumber} call read had a minus sign. */
    private boolean negative;

    /**
     * Splits {@code buffer[from, to)} at spaces. As memcached, which reads the line as a C string, a NUL byte ends
     * the line: what follows it is not read. Searches a word at a time ({@link ByteBuf#indexOf}), not byte by byte.
     *
     * @return the count of tokens.
     */
    int split(final ByteBuf buffer, final int from, final int to)
    {
        this.buffer = buffer;
        final int nul = buffer.indexOf(from, to, (byte)0);
        lineEnd = nul < 0 ? to : nul;
        count = 0;
        int start = from;
        while (start < lineEnd)
        {
            final int space = buffer.indexOf(start, lineEnd, (byte)' ');
            final int end = space < 0 ? lineEnd : space;
            if (end != start)
            {
                starts[count] = start;
                ends[count] = end;
                count++;
                if (MAX_TOKENS == count)
                {
                    return count;
                }
            }
            start = end + 1;
        }
        return count;
    }

    int count()
    {
        return count;
    }

    int start(final int token)
    {
        return starts[token];
    }

    int end(final int token)
    {
        return ends[token];
    }

    int length(final int token)
    {
        return ends[token] - starts[token];
    }

    /** @return the end of the line. */
    int lineEnd()
    {
        return lineEnd;
    }

    ByteBuf buffer()
    {
        return buffer;
    }

    /** @return the first byte of a token. */
    byte first(final int token)
    {
        return buffer.getByte(starts[token]);
    }

    boolean is(final int token, final byte[] word)
    {
        if (length(token) != word.length)
        {
            return false;
        }
        final int start = starts[token];
        for (int i = 0; i < word.length; i++)
        {
            if (buffer.getByte(start + i) != word[i])
            {
                return false;
            }
        }
        return true;
    }

    /** @return whether the last token is "noreply", as memcached's set_noreply_maybe asks. */
    boolean lastIsNoreply()
    {
        return count > 0 && is(count - 1, NOREPLY);
    }

    /**
     * Copies a key into {@code key}. Any byte but the space (which splits tokens) and NUL (which ends the line) may
     * be in a key, control characters included, as memcached 1.6 takes them.
     *
     * @return its length, or -1 when it is empty or longer than 250 bytes.
     */
    static int copyKey(final ByteBuf buffer, final int start, final int end, final byte[] key)
    {
        final int length = end - start;
        if (length > KEY_MAX_LENGTH || length < 1)
        {
            return -1;
        }
        buffer.getBytes(start, key, 0, length);
        return length;
    }

    int copyKey(final int token, final byte[] key)
    {
        return copyKey(buffer, starts[token], ends[token], key);
    }

    /** As memcached's safe_strtoull: 64 bits unsigned, no minus sign unless zero. Sets {@link #value}. */
    boolean parseU64(final int token)
    {
        return parseU64(starts[token], ends[token]);
    }

    /** As {@link #parseU64(int)} over bytes of the line. */
    boolean parseU64(final int from, final int to)
    {
        if (!readNumber(from, to, U64_MAX_DIGITS))
        {
            return false;
        }
        // strtoull negates a minus sign's number; memcached then refuses what reads as negative when signed.
        final long signed = negative ? -magnitude : magnitude;
        if (negative && signed < 0)
        {
            return false;
        }
        value = signed;
        return true;
    }

    /** As memcached's safe_strtoul: unsigned, kept to its low 32 bits. Sets {@link #value}. */
    boolean parseU32(final int token)
    {
        return parseU32(starts[token], ends[token]);
    }

    /** As {@link #parseU32(int)} over bytes of the line. */
    boolean parseU32(final int from, final int to)
    {
        if (!parseU64(from, to))
        {
            return false;
        }
        value &= 0xFFFF_FFFFL;
        return true;
    }

    /** As memcached's safe_strtol: a signed number at most 2^31 - 1. Sets {@link #value}. */
    boolean parseI32(final int token)
    {
        return parseI32(starts[token], ends[token]);
    }

    /** As {@link #parseI32(int)} over bytes of the line. */
    boolean parseI32(final int from, final int to)
    {
        if (!readNumber(from, to, I32_MAX_DIGITS))
        {
            return false;
        }
        final long result = negative ? -magnitude : magnitude;
        if (result > Integer.MAX_VALUE || result < Integer.MIN_VALUE)
        {
            return false;
        }
        value = result;
        return true;
    }

    /**
     * Reads an optional sign and then decimal digits, the whole of {@code buffer[from, to)}, into {@link #negative}
     * and {@link #magnitude}.
     *
     * @return false when there is no digit, a byte is not a digit, there are more than {@code maxDigits} digits, or
     * the digits need more than 64 bits unsigned.
     */
    private boolean readNumber(final int from, final int to, final int maxDigits)
    {
        int i = from;
        final boolean minus = i < to && '-' == buffer.getByte(i);
        if (minus || (i < to && '+' == buffer.getByte(i)))
        {
            i++;
        }
        if (i >= to || to - i > maxDigits)
        {
            return false;
        }
        long result = 0;
        for (; i < to; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return false;
            }
            final long high = Math.multiplyHigh(result, 10) + ((result >> 63) & 10);
            final long low = result * 10;
            final long sum = low + digit;
            if (0 != high || Long.compareUnsigned(sum, low) < 0)
            {
                return false;
            }
            result = sum;
        }
        negative = minus;
        magnitude = result;
        return true;
    }
}
